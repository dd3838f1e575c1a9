//! The filing application document as the applicant builds it, and its validation.
//!
//! Only the first wizard step (备案类型判定) is modelled so far; later steps add sections.
//! The document is versioned: `schema_version` says which shape a stored draft has.

use serde::{Deserialize, Serialize};

use crate::date::CivilDate;
use crate::domain::check_domain;
use crate::finding::{Finding, RuleCode};
use crate::identity::{self, NumberContext};
use crate::{regions, subject};

pub const DRAFT_SCHEMA_VERSION: u32 = 1;
/// Longest certificate number accepted (the longest real ones have 18 characters).
pub const MAX_CERTIFICATE_NUMBER_CHARS: usize = 32;

/// A filing application in progress (ICP备案 application document).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct FilingDraft {
    /// Shape version of this document; 1 is the only one so far.
    pub schema_version: u32,
    #[serde(default)]
    pub type_determination: TypeDetermination,
}

/// Step 1, 备案类型判定: where the subject is, what it is, and the domain to file.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct TypeDetermination {
    /// 主办单位所属区域.
    pub region: Region,
    /// 主办单位性质 (MIIT id).
    pub subject_nature: Option<u8>,
    /// 主办单位证件类型 (id from `data/certificate-types.tsv`).
    pub certificate_type: String,
    /// 主办单位证件号码.
    pub certificate_number: String,
    /// 域名.
    pub domain: String,
}

/// Province, city and county codes (GB/T 2260); empty while not chosen.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Region {
    pub province: String,
    pub city: String,
    pub district: String,
}

/// Field paths of step 1, as used in findings.
pub mod fields {
    pub const PROVINCE: &str = "type_determination.region.province";
    pub const CITY: &str = "type_determination.region.city";
    pub const DISTRICT: &str = "type_determination.region.district";
    pub const SUBJECT_NATURE: &str = "type_determination.subject_nature";
    pub const CERTIFICATE_TYPE: &str = "type_determination.certificate_type";
    pub const CERTIFICATE_NUMBER: &str = "type_determination.certificate_number";
    pub const DOMAIN: &str = "type_determination.domain";
}

/// What validation needs from outside the document. The rules do no I/O, so the caller says
/// what day it is (in China: UTC+8).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Context {
    /// `None` skips the checks that need today's date (birth date in the future).
    pub today: Option<CivilDate>,
}

/// Every finding for the draft. A draft may be saved with errors; submitting needs none.
pub fn validate_draft(draft: &FilingDraft, ctx: &Context) -> Vec<Finding> {
    let step = &draft.type_determination;
    let mut out = validate_region(&step.region);
    out.extend(validate_subject(step, ctx));
    out.extend(check_domain(fields::DOMAIN, &step.domain).findings);
    out
}

/// The region: each level chosen, existing, and inside the level above.
pub fn validate_region(region: &Region) -> Vec<Finding> {
    let levels = [
        (fields::PROVINCE, region.province.as_str(), "", "省"),
        (
            fields::CITY,
            region.city.as_str(),
            region.province.as_str(),
            "市",
        ),
        (
            fields::DISTRICT,
            region.district.as_str(),
            region.city.as_str(),
            "区县",
        ),
    ];
    let mut out = Vec::new();
    for (field, code, parent, level) in levels {
        if code.is_empty() {
            // A city with no counties below it needs no county.
            let parent_has_children =
                parent.is_empty() || regions::children(parent).next().is_some();
            if parent_has_children {
                out.push(Finding::new(
                    field,
                    RuleCode::RegionRequired,
                    &[("level", level)],
                ));
            }
            break;
        }
        let Some(division) = regions::find(code) else {
            out.push(Finding::new(
                field,
                RuleCode::RegionUnknown,
                &[("code", code)],
            ));
            break;
        };
        if division.parent_code().unwrap_or("") != parent {
            out.push(Finding::new(
                field,
                RuleCode::RegionNotInParent,
                &[("name", division.name)],
            ));
            break;
        }
    }
    out
}

fn validate_subject(step: &TypeDetermination, ctx: &Context) -> Vec<Finding> {
    let mut out = Vec::new();
    let nature = match step.subject_nature {
        None => {
            out.push(Finding::new(
                fields::SUBJECT_NATURE,
                RuleCode::SubjectNatureRequired,
                &[],
            ));
            None
        }
        Some(id) => {
            let n = subject::nature(id);
            if n.is_none() {
                out.push(Finding::new(
                    fields::SUBJECT_NATURE,
                    RuleCode::SubjectNatureUnknown,
                    &[("nature", &id.to_string())],
                ));
            }
            n
        }
    };
    if step.certificate_type.is_empty() {
        out.push(Finding::new(
            fields::CERTIFICATE_TYPE,
            RuleCode::CertificateTypeRequired,
            &[],
        ));
    } else if let Some(nature) = nature {
        if !nature
            .certificates
            .contains(&step.certificate_type.as_str())
        {
            let (zh, en) = subject::certificate_type(&step.certificate_type).map_or(
                (
                    step.certificate_type.as_str(),
                    step.certificate_type.as_str(),
                ),
                |c| (c.name_zh, c.name_en),
            );
            out.push(Finding::new(
                fields::CERTIFICATE_TYPE,
                RuleCode::CertificateTypeNotAllowed,
                &[
                    ("nature", nature.name_zh),
                    ("nature_en", nature.name_en),
                    ("certificate", zh),
                    ("certificate_en", en),
                ],
            ));
        }
    }
    let number = step.certificate_number.trim();
    if number.is_empty() {
        out.push(Finding::new(
            fields::CERTIFICATE_NUMBER,
            RuleCode::CertificateNumberRequired,
            &[],
        ));
    } else if number.chars().count() > MAX_CERTIFICATE_NUMBER_CHARS {
        out.push(Finding::new(
            fields::CERTIFICATE_NUMBER,
            RuleCode::CertificateNumberTooLong,
            &[("max", &MAX_CERTIFICATE_NUMBER_CHARS.to_string())],
        ));
    } else if let Some(certificate) = subject::certificate_type(&step.certificate_type) {
        out.extend(identity::check_number(
            fields::CERTIFICATE_NUMBER,
            number,
            &NumberContext {
                certificate,
                nature,
                province: &step.region.province,
                today: ctx.today,
            },
        ));
    }
    out
}

/// The JSON Schema (draft 2020-12) of [`FilingDraft`].
#[cfg(feature = "schema")]
pub fn json_schema() -> schemars::Schema {
    schemars::schema_for!(FilingDraft)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn complete() -> FilingDraft {
        FilingDraft {
            schema_version: DRAFT_SCHEMA_VERSION,
            type_determination: TypeDetermination {
                region: Region {
                    province: "44".into(),
                    city: "4403".into(),
                    district: "440305".into(),
                },
                subject_nature: Some(5),
                certificate_type: "resident_id".into(),
                certificate_number: "440524188001010014".into(),
                domain: "example.cn".into(),
            },
        }
    }

    #[test]
    fn a_complete_step_has_only_the_suffix_info() {
        let f = validate_draft(&complete(), &Context::default());
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].code, RuleCode::DomainSuffixFileable);
    }

    #[test]
    fn a_district_of_another_city_is_refused() {
        let mut d = complete();
        d.type_determination.region.district = "110101".into();
        let f = validate_draft(&d, &Context::default());
        assert_eq!(f[0].code, RuleCode::RegionNotInParent);
        assert_eq!(f[0].field, fields::DISTRICT);
    }

    #[test]
    fn an_individual_cannot_file_with_a_business_licence() {
        let mut d = complete();
        d.type_determination.certificate_type = "business_licence".into();
        let f = validate_draft(&d, &Context::default());
        assert_eq!(f[0].code, RuleCode::CertificateTypeNotAllowed);
        assert!(f[0].message.zh_cn.contains("个人"));
        assert!(f[0].message.en.contains("Business licence"));
    }

    #[test]
    fn unknown_fields_are_refused() {
        let r: Result<FilingDraft, _> =
            serde_json::from_str(r#"{"schema_version":1,"type_determination":{"domian":"x.cn"}}"#);
        assert!(r
            .unwrap_err()
            .to_string()
            .contains("unknown field `domian`"));
    }
}
