//! Uploaded files' metadata against `data/upload-rules.tsv` (icp-rules.md §7): kind, file type,
//! size and resolution, checked before the upload so the applicant is told at once.

use std::sync::OnceLock;

use crate::data_file;
use crate::document::UploadMeta;
use crate::finding::{Finding, RuleCode};

const RULES: &str = include_str!(concat!(env!("OUT_DIR"), "/upload-rules.tsv"));

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UploadRule {
    pub kind: &'static str,
    pub name_zh: &'static str,
    pub name_en: &'static str,
    pub mimes: Vec<&'static str>,
    pub max_bytes: u64,
    pub safe_bytes: u64,
    pub min_width: u32,
    pub min_height: u32,
}

pub fn upload_rules() -> &'static [UploadRule] {
    static R: OnceLock<Vec<UploadRule>> = OnceLock::new();
    R.get_or_init(|| {
        data_file::parse(RULES)
            .rows
            .iter()
            .filter_map(|r| {
                Some(UploadRule {
                    kind: r.first()?,
                    name_zh: r.get(1)?,
                    name_en: r.get(2)?,
                    mimes: r.get(3)?.split(',').collect(),
                    max_bytes: r.get(4)?.parse().ok()?,
                    safe_bytes: r.get(5)?.parse().ok()?,
                    min_width: r.get(6)?.parse().ok()?,
                    min_height: r.get(7)?.parse().ok()?,
                })
            })
            .collect()
    })
}

pub fn upload_rule(kind: &str) -> Option<&'static UploadRule> {
    upload_rules().iter().find(|r| r.kind == kind)
}

fn mib(bytes: u64) -> String {
    let tenths = bytes * 10 / (1024 * 1024);
    format!("{}.{} MB", tenths / 10, tenths % 10)
}

/// Findings for upload `index`; `websites` is how many sites the order has.
pub fn check_upload(index: usize, u: &UploadMeta, websites: usize) -> Vec<Finding> {
    let path = |f: &str| format!("uploads[{index}].{f}");
    let Some(rule) = upload_rule(&u.kind) else {
        return vec![Finding::new(
            &path("kind"),
            RuleCode::UploadUnknownKind,
            &[("kind", &u.kind)],
        )];
    };
    let mut out = Vec::new();
    let name = [("document", rule.name_zh), ("document_en", rule.name_en)];
    if !rule.mimes.contains(&u.mime.to_ascii_lowercase().as_str()) {
        out.push(Finding::new(&path("mime"), RuleCode::UploadFileType, &name));
    }
    if u.bytes > rule.max_bytes {
        let max = mib(rule.max_bytes);
        out.push(Finding::new(
            &path("bytes"),
            RuleCode::UploadTooLarge,
            &[name[0], name[1], ("max", &max)],
        ));
    } else if u.bytes > rule.safe_bytes {
        let safe = mib(rule.safe_bytes);
        out.push(Finding::new(
            &path("bytes"),
            RuleCode::UploadLarge,
            &[("safe", &safe)],
        ));
    }
    // 0 means the size is not known (yet).
    let known = u.width > 0 && u.height > 0;
    let (long, short) = (u.width.max(u.height), u.width.min(u.height));
    if known && (long < rule.min_width || short < rule.min_height) {
        out.push(Finding::new(
            &path("width"),
            RuleCode::UploadResolution,
            &[
                ("width", &u.width.to_string()),
                ("height", &u.height.to_string()),
                ("min_width", &rule.min_width.to_string()),
                ("min_height", &rule.min_height.to_string()),
            ],
        ));
    }
    if u.website.is_some_and(|w| w as usize >= websites) {
        out.push(Finding::new(&path("website"), RuleCode::UploadWebsite, &[]));
    }
    out
}

const REQUIRED: &str = include_str!(concat!(env!("OUT_DIR"), "/required-uploads.tsv"));

/// One document a filer must upload: its kind, and the website it is for (`None`: the order).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RequiredUpload {
    pub kind: &'static str,
    pub website: Option<usize>,
}

/// The documents this application needs (`data/required-uploads.tsv`), once the 性质 is known:
/// per order (the subject's certificate documents), then per website (the 真实性核验单), as far as
/// the filing type uploads them (`data/filing-types.tsv`: a cancellation uploads nothing).
pub fn required_uploads(draft: &crate::FilingDraft) -> Vec<RequiredUpload> {
    let Some(personal) = draft.subject.is_personal() else {
        return Vec::new();
    };
    let who = if personal { "personal" } else { "unit" };
    // What the filing type uploads (a cancellation nothing); a draft without a type, everything.
    let (order_docs, site_docs) = draft.filing_type.map_or((true, true), |t| {
        (t.info().subject_documents, t.info().site_documents)
    });
    let rows = data_file::parse(REQUIRED).rows;
    let mut out = Vec::new();
    for per_website in [false, true] {
        if !(if per_website { site_docs } else { order_docs }) {
            continue;
        }
        for r in &rows {
            let [applies, kind, per, ..] = r.as_slice() else {
                continue;
            };
            if *applies != who || (*per == "website") != per_website {
                continue;
            }
            if per_website {
                out.extend((0..draft.websites.len()).map(|i| RequiredUpload {
                    kind,
                    website: Some(i),
                }));
            } else {
                out.push(RequiredUpload {
                    kind,
                    website: None,
                });
            }
        }
    }
    out
}

/// An error for each required document that is not in the draft's `uploads`.
pub fn check_required_uploads(draft: &crate::FilingDraft) -> Vec<Finding> {
    required_uploads(draft)
        .into_iter()
        .filter(|r| {
            !draft
                .uploads
                .iter()
                .any(|u| u.kind == r.kind && u.website.map(|w| w as usize) == r.website)
        })
        .filter_map(|r| {
            let rule = upload_rule(r.kind)?;
            let (site, site_en) = r.website.map_or((String::new(), String::new()), |i| {
                (
                    format!("（网站 {}）", i + 1),
                    format!(" (website {})", i + 1),
                )
            });
            Some(Finding::new(
                crate::document::fields::UPLOADS,
                RuleCode::UploadMissing,
                &[
                    ("document", rule.name_zh),
                    ("document_en", rule.name_en),
                    ("site", &site),
                    ("site_en", &site_en),
                ],
            ))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn upload(kind: &str, mime: &str, bytes: u64, width: u32, height: u32) -> UploadMeta {
        UploadMeta {
            kind: kind.into(),
            mime: mime.into(),
            bytes,
            width,
            height,
            website: None,
            ..UploadMeta::default()
        }
    }

    #[test]
    fn the_filing_type_decides_which_documents_are_uploaded() {
        use crate::FilingType;
        let mut d = crate::FilingDraft::default();
        d.subject.nature = Some(crate::subject::PERSONAL_NATURE);
        d.websites = vec![Default::default()];
        let kinds = |d: &crate::FilingDraft| -> Vec<&str> {
            required_uploads(d).iter().map(|r| r.kind).collect()
        };
        d.filing_type = Some(FilingType::CancelWebsite);
        assert!(kinds(&d).is_empty(), "a cancellation uploads nothing");
        assert!(check_required_uploads(&d).is_empty());
        d.filing_type = Some(FilingType::NewSiteHere);
        assert_eq!(kinds(&d), ["verification_form"]);
        d.filing_type = Some(FilingType::Claim);
        assert_eq!(kinds(&d), ["id_front", "id_back"]);
    }

    #[test]
    fn required_documents_per_filer_and_site() {
        let mut d = crate::FilingDraft::default();
        assert!(required_uploads(&d).is_empty(), "no 性质 yet");
        d.subject.nature = Some(crate::subject::PERSONAL_NATURE);
        d.websites = vec![Default::default(), Default::default()];
        let kinds: Vec<(&str, Option<usize>)> = required_uploads(&d)
            .iter()
            .map(|r| (r.kind, r.website))
            .collect();
        assert_eq!(
            kinds,
            vec![
                ("id_front", None),
                ("id_back", None),
                ("verification_form", Some(0)),
                ("verification_form", Some(1))
            ]
        );
        d.subject.nature = Some(4);
        assert_eq!(required_uploads(&d)[0].kind, "licence");
        for r in required_uploads(&d) {
            assert!(upload_rule(r.kind).is_some(), "{} has upload rules", r.kind);
        }
        // Missing: one error each, naming the document and the site.
        let missing = check_required_uploads(&d);
        assert_eq!(missing.len(), 5);
        assert!(missing.iter().all(|f| f.is_error() && f.field == "uploads"));
        assert!(
            missing[4].message.zh_cn.contains("（网站 2）"),
            "{}",
            missing[4].message.zh_cn
        );
        d.uploads.push(UploadMeta {
            kind: "licence".into(),
            ..UploadMeta::default()
        });
        assert_eq!(check_required_uploads(&d).len(), 4);
    }

    fn codes(f: &[Finding]) -> Vec<&'static str> {
        f.iter().map(|f| f.code.as_str()).collect()
    }

    #[test]
    fn every_kind_reads() {
        assert_eq!(upload_rules().len(), data_file::parse(RULES).rows.len());
    }

    #[test]
    fn type_size_and_resolution() {
        assert!(
            check_upload(0, &upload("licence", "image/jpeg", 900_000, 1600, 1200), 1).is_empty()
        );
        assert!(
            check_upload(0, &upload("id_front", "IMAGE/PNG", 900_000, 480, 640), 1).is_empty(),
            "portrait is fine"
        );
        assert_eq!(
            codes(&check_upload(
                0,
                &upload("licence", "application/pdf", 1, 0, 0),
                1
            )),
            ["upload.file_type"]
        );
        assert_eq!(
            codes(&check_upload(
                0,
                &upload("licence", "image/jpeg", 3 << 20, 0, 0),
                1
            )),
            ["upload.large"]
        );
        let f = check_upload(2, &upload("licence", "image/jpeg", 5 << 20, 320, 240), 1);
        assert_eq!(codes(&f), ["upload.too_large", "upload.resolution"]);
        assert_eq!(f[0].field, "uploads[2].bytes");
        assert!(
            f[0].message.zh_cn.contains("4.0 MB"),
            "{}",
            f[0].message.zh_cn
        );
        assert_eq!(
            codes(&check_upload(
                0,
                &upload("selfie", "image/jpeg", 1, 0, 0),
                1
            )),
            ["upload.unknown_kind"]
        );
        let mut u = upload("verification_form", "image/jpeg", 1, 0, 0);
        u.website = Some(3);
        assert_eq!(codes(&check_upload(0, &u, 2)), ["upload.website"]);
    }
}
