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
                [id, zh, en, determined, ..] => Some(FilingTypeInfo {
                    kind: FilingType::from_id(id)?,
                    id,
                    name_zh: zh,
                    name_en: en,
                    determined: *determined == "yes",
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
}
