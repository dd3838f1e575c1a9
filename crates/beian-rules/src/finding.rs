//! The result of a rule: what a check found, about which field, how bad, and why.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::messages;

/// How much a finding blocks the filing.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Informs; never blocks (e.g. "this suffix can be filed").
    Info,
    /// Likely to be rejected or needs extra material; the applicant decides.
    Warning,
    /// Will be rejected; must be fixed before submitting.
    Error,
}

/// Stable rule codes. The string form (`domain.subdomain`) is part of the public API:
/// clients, partners and stored reports rely on it, so a code is never renamed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum RuleCode {
    #[serde(rename = "domain.required")]
    DomainRequired,
    #[serde(rename = "domain.too_long")]
    DomainTooLong,
    #[serde(rename = "domain.not_bare")]
    DomainNotBare,
    #[serde(rename = "domain.invalid_character")]
    DomainInvalidCharacter,
    #[serde(rename = "domain.empty_label")]
    DomainEmptyLabel,
    #[serde(rename = "domain.label_too_long")]
    DomainLabelTooLong,
    #[serde(rename = "domain.label_hyphen")]
    DomainLabelHyphen,
    #[serde(rename = "domain.invalid")]
    DomainInvalid,
    #[serde(rename = "domain.no_suffix")]
    DomainNoSuffix,
    #[serde(rename = "domain.is_suffix")]
    DomainIsSuffix,
    #[serde(rename = "domain.subdomain")]
    DomainSubdomain,
    #[serde(rename = "domain.possible_subdomain")]
    DomainPossibleSubdomain,
    #[serde(rename = "domain.suffix_fileable")]
    DomainSuffixFileable,
    #[serde(rename = "domain.suffix_needs_qualification")]
    DomainSuffixNeedsQualification,
    #[serde(rename = "domain.suffix_not_fileable")]
    DomainSuffixNotFileable,
    #[serde(rename = "domain.suffix_unknown")]
    DomainSuffixUnknown,
    #[serde(rename = "region.required")]
    RegionRequired,
    #[serde(rename = "region.unknown")]
    RegionUnknown,
    #[serde(rename = "region.not_in_parent")]
    RegionNotInParent,
    #[serde(rename = "subject.nature_required")]
    SubjectNatureRequired,
    #[serde(rename = "subject.nature_unknown")]
    SubjectNatureUnknown,
    #[serde(rename = "subject.certificate_type_required")]
    CertificateTypeRequired,
    #[serde(rename = "subject.certificate_type_not_allowed")]
    CertificateTypeNotAllowed,
    #[serde(rename = "subject.certificate_number_required")]
    CertificateNumberRequired,
    #[serde(rename = "subject.certificate_number_too_long")]
    CertificateNumberTooLong,
    #[serde(rename = "certificate.format")]
    CertificateNumberFormat,
    #[serde(rename = "certificate.checksum")]
    CertificateChecksum,
    #[serde(rename = "certificate.obsolete_15_digit_id")]
    CertificateObsoleteId15,
    #[serde(rename = "certificate.birth_date_invalid")]
    CertificateBirthDateInvalid,
    #[serde(rename = "certificate.unknown_region")]
    CertificateUnknownRegion,
    #[serde(rename = "certificate.region_mismatch")]
    CertificateRegionMismatch,
    #[serde(rename = "certificate.org_code_checksum")]
    CertificateOrgCodeChecksum,
    #[serde(rename = "certificate.unusual_category")]
    CertificateUnusualCategory,
    #[serde(rename = "certificate.nature_mismatch")]
    CertificateNatureMismatch,
}

impl RuleCode {
    /// The stable string form, e.g. `domain.subdomain`.
    pub fn as_str(self) -> &'static str {
        messages::template(self).code
    }
}

/// A message in both languages the UI shows: Chinese first, English second.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Message {
    #[serde(rename = "zh-CN")]
    pub zh_cn: String,
    pub en: String,
}

/// One thing a rule found about one field.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    /// Path of the field in the filing document, e.g. `type_determination.domain`.
    pub field: String,
    pub code: RuleCode,
    pub severity: Severity,
    pub message: Message,
    /// The values the message was built from (e.g. `registrable`, `suffix`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub params: BTreeMap<String, String>,
    /// Where the rule comes from (document and section).
    pub source: String,
}

impl Finding {
    /// Builds a finding with its severity, messages and source from the code's template.
    pub fn new(field: &str, code: RuleCode, params: &[(&str, &str)]) -> Self {
        let t = messages::template(code);
        let params: BTreeMap<String, String> = params
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        Finding {
            field: field.to_owned(),
            code,
            severity: t.severity,
            message: Message {
                zh_cn: messages::fill(t.zh_cn, &params),
                en: messages::fill(t.en, &params),
            },
            params,
            source: t.source.to_owned(),
        }
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// The findings for one field, most severe first.
pub fn for_field<'a>(findings: &'a [Finding], field: &str) -> Vec<&'a Finding> {
    let mut v: Vec<&Finding> = findings.iter().filter(|f| f.field == field).collect();
    v.sort_by_key(|f| std::cmp::Reverse(f.severity));
    v
}
