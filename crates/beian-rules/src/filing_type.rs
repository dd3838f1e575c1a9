//! Filing types: their names (`data/filing-types.tsv`) and the first step's determination of the
//! type from what the applicant says of earlier filings of the subject and of the domain, as the
//! seed guides describe it ("系统将根据您填写的域名和证件，自动验证您的备案类型").
//!
//! Whether a subject or domain is filed elsewhere is the MIIT's knowledge; the rules take it as
//! an input ([`PriorFilings`]) so the same determination runs in the browser, on the server and
//! for partners, whoever answers (the applicant, or a lookup where a provider has one).

use std::sync::OnceLock;

use crate::data_file;
use crate::document::{fields, FilingDraft, FilingType, PriorFiling, PriorFilings};
use crate::finding::{Finding, RuleCode};

const FILING_TYPES: &str = include_str!(concat!(env!("OUT_DIR"), "/filing-types.tsv"));

/// A filing type's names, and whether the first step determines it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FilingTypeInfo {
    pub kind: FilingType,
    pub id: &'static str,
    pub name_zh: &'static str,
    pub name_en: &'static str,
    /// Determined from the answers about earlier filings (the "new filing" types); the others act
    /// on an existing filing the applicant picks.
    pub determined: bool,
    /// Whose mobile receives the MIIT SMS code.
    pub sms_to: SmsTo,
    /// Each website's responsible person does the 真实性核验.
    pub identity_check: bool,
    /// The subject's certificate documents are uploaded.
    pub subject_documents: bool,
    /// One 真实性核验单 per website is uploaded.
    pub site_documents: bool,
}

/// Who receives the MIIT SMS code after submission (短信核验).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SmsTo {
    /// The 主体负责人 and every 网站负责人 (one code per distinct mobile).
    Both,
    /// The 主体负责人 only.
    Subject,
    /// The 网站负责人 of each site.
    Websites,
    /// No SMS check.
    Nobody,
}

impl SmsTo {
    fn from_id(id: &str) -> Option<SmsTo> {
        Some(match id {
            "both" => SmsTo::Both,
            "subject" => SmsTo::Subject,
            "websites" => SmsTo::Websites,
            "none" => SmsTo::Nobody,
            _ => return None,
        })
    }
}

/// A person who receives an SMS code: their path in the document, name and mobile (digits).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SmsRecipient {
    pub path: String,
    pub name: String,
    pub mobile: String,
}

/// Who receives an SMS code for this draft: one per distinct mobile, in form order (the seed
/// guide: the same number gets one code). Empty numbers are left out; a draft without a type is
/// treated as a first filing.
pub fn sms_recipients(d: &FilingDraft) -> Vec<SmsRecipient> {
    let to = d.filing_type.map_or(SmsTo::Both, |t| t.info().sms_to);
    let mut people: Vec<(String, &crate::document::Person)> = Vec::new();
    if matches!(to, SmsTo::Both | SmsTo::Subject) {
        people.push(("subject_owner".to_owned(), &d.subject_owner));
    }
    if matches!(to, SmsTo::Both | SmsTo::Websites) {
        people.extend(
            d.websites
                .iter()
                .enumerate()
                .map(|(i, s)| (format!("websites[{i}].owner"), &s.owner)),
        );
    }
    let mut out: Vec<SmsRecipient> = Vec::new();
    for (path, p) in people {
        let mobile: String = p.mobile.chars().filter(char::is_ascii_digit).collect();
        if !mobile.is_empty() && !out.iter().any(|r| r.mobile == mobile) {
            out.push(SmsRecipient {
                path,
                name: p.name.trim().to_owned(),
                mobile,
            });
        }
    }
    out
}

impl FilingType {
    /// Every filing type, in the order of the data file.
    pub const ALL: [FilingType; 12] = [
        FilingType::FirstFiling,
        FilingType::AccessNew,
        FilingType::AccessContinue,
        FilingType::NewSiteElsewhere,
        FilingType::NewSiteHere,
        FilingType::ChangeSubject,
        FilingType::ChangeWebsite,
        FilingType::ChangeAccess,
        FilingType::CancelSubject,
        FilingType::CancelWebsite,
        FilingType::CancelAccess,
        FilingType::Claim,
    ];

    /// The document's id (its serde name), e.g. `first_filing`.
    pub fn id(self) -> &'static str {
        use FilingType::*;
        match self {
            FirstFiling => "first_filing",
            AccessNew => "access_new",
            AccessContinue => "access_continue",
            NewSiteElsewhere => "new_site_elsewhere",
            NewSiteHere => "new_site_here",
            ChangeSubject => "change_subject",
            ChangeWebsite => "change_website",
            ChangeAccess => "change_access",
            CancelSubject => "cancel_subject",
            CancelWebsite => "cancel_website",
            CancelAccess => "cancel_access",
            Claim => "claim",
        }
    }

    /// The type with this id.
    pub fn from_id(id: &str) -> Option<FilingType> {
        FilingType::ALL.into_iter().find(|t| t.id() == id)
    }

    /// Its names and kind, from the data file.
    pub fn info(self) -> &'static FilingTypeInfo {
        filing_types()
            .iter()
            .find(|i| i.kind == self)
            .expect("filing-types.tsv lists every type (tested)")
    }
}

/// Every filing type with its names, in the data file's order.
pub fn filing_types() -> &'static [FilingTypeInfo] {
    static T: OnceLock<Vec<FilingTypeInfo>> = OnceLock::new();
    T.get_or_init(|| {
        data_file::parse(FILING_TYPES)
            .rows
            .iter()
            .filter_map(|r| match r.as_slice() {
                [id, zh, en, determined, sms, identity, documents, ..] => Some(FilingTypeInfo {
                    kind: FilingType::from_id(id)?,
                    id,
                    name_zh: zh,
                    name_en: en,
                    determined: *determined == "yes",
                    sms_to: SmsTo::from_id(sms)?,
                    identity_check: *identity == "yes",
                    subject_documents: documents.split(',').any(|d| d == "subject"),
                    site_documents: documents.split(',').any(|d| d == "sites"),
                }),
                _ => None,
            })
            .collect()
    })
}

/// What the answers about earlier filings say.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Determination {
    /// The filing type, where a new filing can be made at all.
    pub filing_type: Option<FilingType>,
    /// The rule that explains it (an info finding), or says why no new filing fits (an error).
    pub reason: RuleCode,
}

/// The filing type the answers call for, once both are given.
pub fn determine(prior: &PriorFilings) -> Option<Determination> {
    use PriorFiling::*;
    let (subject, domain) = (prior.subject?, prior.domain?);
    let d = |filing_type, reason| {
        Some(Determination {
            filing_type,
            reason,
        })
    };
    match (subject, domain) {
        (NotFiled, NotFiled) => d(Some(FilingType::FirstFiling), RuleCode::FilingTypeFirst),
        (Elsewhere, NotFiled) => d(
            Some(FilingType::NewSiteElsewhere),
            RuleCode::FilingTypeNewSiteElsewhere,
        ),
        (Here, NotFiled) => d(
            Some(FilingType::NewSiteHere),
            RuleCode::FilingTypeNewSiteHere,
        ),
        (Elsewhere, Elsewhere) => d(Some(FilingType::AccessNew), RuleCode::FilingTypeAccessNew),
        (Here, Elsewhere) => d(
            Some(FilingType::AccessContinue),
            RuleCode::FilingTypeAccessContinue,
        ),
        (NotFiled, Here | Elsewhere) => d(None, RuleCode::FilingTypeDomainOfOtherSubject),
        (Here | Elsewhere, Here) => d(None, RuleCode::FilingTypeDomainFiledHere),
    }
}

/// The determination's reason, and an error when the chosen type is a "new filing" type other
/// than the one the answers call for.
pub fn check_filing_type(draft: &FilingDraft) -> Vec<Finding> {
    let Some(found) = determine(&draft.prior_filings) else {
        return Vec::new();
    };
    let chosen = draft.filing_type;
    // Changes, cancellations and claims act on an existing filing: the answers do not decide them.
    if chosen.is_some_and(|t| !t.info().determined) {
        return Vec::new();
    }
    let mut out = Vec::new();
    let expected = found.filing_type;
    let params: Vec<(&str, &str)> = expected.map_or_else(Vec::new, |t| {
        let i = t.info();
        vec![("type", i.name_zh), ("type_en", i.name_en)]
    });
    out.push(Finding::new(fields::FILING_TYPE, found.reason, &params));
    if let (Some(chosen), Some(expected)) = (chosen, expected) {
        if chosen != expected {
            let (c, e) = (chosen.info(), expected.info());
            out.push(Finding::new(
                fields::FILING_TYPE,
                RuleCode::FilingTypeMismatch,
                &[
                    ("chosen", c.name_zh),
                    ("chosen_en", c.name_en),
                    ("type", e.name_zh),
                    ("type_en", e.name_en),
                ],
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use PriorFiling::*;

    fn prior(subject: PriorFiling, domain: PriorFiling) -> PriorFilings {
        PriorFilings {
            subject: Some(subject),
            domain: Some(domain),
        }
    }

    #[test]
    fn the_data_file_names_every_type_once() {
        assert_eq!(filing_types().len(), FilingType::ALL.len());
        for t in FilingType::ALL {
            assert_eq!(t.info().id, t.id());
            assert_eq!(FilingType::from_id(t.id()), Some(t));
            let json = serde_json::to_value(t).unwrap();
            assert_eq!(json, serde_json::json!(t.id()), "serde name of {t:?}");
        }
        let determined: Vec<_> = filing_types().iter().filter(|i| i.determined).collect();
        assert_eq!(determined.len(), 5);
    }

    #[test]
    fn the_seed_matrix() {
        let t = |s, d| determine(&prior(s, d)).and_then(|x| x.filing_type);
        assert_eq!(t(NotFiled, NotFiled), Some(FilingType::FirstFiling));
        assert_eq!(t(Elsewhere, NotFiled), Some(FilingType::NewSiteElsewhere));
        assert_eq!(t(Here, NotFiled), Some(FilingType::NewSiteHere));
        assert_eq!(t(Elsewhere, Elsewhere), Some(FilingType::AccessNew));
        assert_eq!(t(Here, Elsewhere), Some(FilingType::AccessContinue));
        for (s, d) in [
            (NotFiled, Here),
            (NotFiled, Elsewhere),
            (Here, Here),
            (Elsewhere, Here),
        ] {
            assert_eq!(t(s, d), None, "{s:?} {d:?}");
        }
        assert_eq!(
            determine(&PriorFilings {
                subject: Some(NotFiled),
                domain: None
            }),
            None
        );
    }

    #[test]
    fn a_mismatch_is_an_error_naming_both_types() {
        let mut draft = FilingDraft {
            prior_filings: prior(Elsewhere, NotFiled),
            filing_type: Some(FilingType::FirstFiling),
            ..FilingDraft::default()
        };
        let f = check_filing_type(&draft);
        assert_eq!(f[0].code, RuleCode::FilingTypeNewSiteElsewhere);
        assert!(!f[0].is_error());
        assert_eq!(f[1].code, RuleCode::FilingTypeMismatch);
        assert!(f[1].is_error());
        assert!(
            f[1].message.zh_cn.contains("首次备案"),
            "{}",
            f[1].message.zh_cn
        );
        assert!(
            f[1].message.en.contains("New website"),
            "{}",
            f[1].message.en
        );
        draft.filing_type = Some(FilingType::NewSiteElsewhere);
        assert_eq!(check_filing_type(&draft).len(), 1);
        // A change acts on an existing filing: the answers do not decide it.
        draft.filing_type = Some(FilingType::ChangeWebsite);
        assert!(check_filing_type(&draft).is_empty());
    }

    #[test]
    fn a_domain_of_another_subject_blocks_a_new_filing() {
        let draft = FilingDraft {
            prior_filings: prior(NotFiled, Elsewhere),
            ..FilingDraft::default()
        };
        let f = check_filing_type(&draft);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].code, RuleCode::FilingTypeDomainOfOtherSubject);
        assert!(f[0].is_error());
    }

    #[test]
    fn who_receives_the_sms_code_depends_on_the_type() {
        let person = |mobile: &str| crate::document::Person {
            mobile: mobile.into(),
            ..Default::default()
        };
        let site = |mobile: &str| crate::document::Website {
            owner: person(mobile),
            ..Default::default()
        };
        let mut d = FilingDraft {
            subject_owner: person("138 0013 8000"),
            websites: vec![site("13800138000"), site("13900139000"), site("")],
            ..FilingDraft::default()
        };
        let to = |d: &FilingDraft| {
            sms_recipients(d)
                .into_iter()
                .map(|r| r.path)
                .collect::<Vec<_>>()
        };
        // One code per distinct number; an empty one is left out.
        d.filing_type = Some(FilingType::FirstFiling);
        assert_eq!(to(&d), ["subject_owner", "websites[1].owner"]);
        d.filing_type = Some(FilingType::AccessNew);
        assert_eq!(to(&d), ["websites[0].owner", "websites[1].owner"]);
        d.filing_type = Some(FilingType::ChangeSubject);
        assert_eq!(to(&d), ["subject_owner"]);
        for t in [
            FilingType::CancelAccess,
            FilingType::CancelWebsite,
            FilingType::ChangeAccess,
        ] {
            d.filing_type = Some(t);
            assert!(to(&d).is_empty(), "{t:?}");
        }
    }

    #[test]
    fn cancellations_upload_nothing_and_skip_the_identity_check() {
        for t in [
            FilingType::CancelSubject,
            FilingType::CancelWebsite,
            FilingType::CancelAccess,
        ] {
            let i = t.info();
            assert!(
                !i.identity_check && !i.subject_documents && !i.site_documents,
                "{t:?}"
            );
        }
        let first = FilingType::FirstFiling.info();
        assert!(first.identity_check && first.subject_documents && first.site_documents);
        assert!(!FilingType::NewSiteHere.info().subject_documents);
    }
}
