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

macro_rules! rule_codes {
    ($($variant:ident => $code:literal,)*) => {
        /// Stable rule codes. The string form (`domain.subdomain`) is part of the public API:
        /// clients, partners and stored reports rely on it, so a code is never renamed.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
        pub enum RuleCode {
            $(#[serde(rename = $code)] $variant,)*
        }

        impl RuleCode {
            /// Every rule code, in catalogue order.
            pub const ALL: &'static [RuleCode] = &[$(RuleCode::$variant,)*];

            /// The stable string form, e.g. `domain.subdomain`.
            pub fn as_str(self) -> &'static str {
                match self { $(RuleCode::$variant => $code,)* }
            }
        }
    };
}

rule_codes! {
    DomainRequired => "domain.required",
    DomainTooLong => "domain.too_long",
    DomainNotBare => "domain.not_bare",
    DomainInvalidCharacter => "domain.invalid_character",
    DomainEmptyLabel => "domain.empty_label",
    DomainLabelTooLong => "domain.label_too_long",
    DomainLabelHyphen => "domain.label_hyphen",
    DomainInvalid => "domain.invalid",
    DomainNoSuffix => "domain.no_suffix",
    DomainIsSuffix => "domain.is_suffix",
    DomainSubdomain => "domain.subdomain",
    DomainPossibleSubdomain => "domain.possible_subdomain",
    DomainSuffixFileable => "domain.suffix_fileable",
    DomainSuffixNeedsQualification => "domain.suffix_needs_qualification",
    DomainSuffixNotFileable => "domain.suffix_not_fileable",
    DomainSuffixUnknown => "domain.suffix_unknown",
    RegionRequired => "region.required",
    RegionUnknown => "region.unknown",
    RegionNotInParent => "region.not_in_parent",
    SubjectNatureRequired => "subject.nature_required",
    SubjectNatureUnknown => "subject.nature_unknown",
    CertificateTypeRequired => "subject.certificate_type_required",
    CertificateTypeNotAllowed => "subject.certificate_type_not_allowed",
    CertificateNumberRequired => "subject.certificate_number_required",
    CertificateNumberTooLong => "subject.certificate_number_too_long",
    CertificateNumberFormat => "certificate.format",
    CertificateChecksum => "certificate.checksum",
    CertificateObsoleteId15 => "certificate.obsolete_15_digit_id",
    CertificateBirthDateInvalid => "certificate.birth_date_invalid",
    CertificateUnknownRegion => "certificate.unknown_region",
    CertificateRegionMismatch => "certificate.region_mismatch",
    CertificateOrgCodeChecksum => "certificate.org_code_checksum",
    CertificateUnusualCategory => "certificate.unusual_category",
    CertificateNatureMismatch => "certificate.nature_mismatch",
    ContactMobileFormat => "contact.mobile_format",
    ContactLandlineFormat => "contact.landline_format",
    ContactEmergencyFormat => "contact.emergency_format",
    ContactEmergencySame => "contact.emergency_same",
    ContactEmailFormat => "contact.email_format",
    FilingNumberFormat => "filing_number.format",
    FilingNumberProvince => "filing_number.province",
    SiteNameInvalidCharacter => "site_name.invalid_character",
    SiteNameLooksLikeDomain => "site_name.looks_like_domain",
    SiteNameTooShort => "site_name.too_short",
    SiteNameNotChinese => "site_name.not_chinese",
    SiteNameNationalWord => "site_name.national_word",
    SiteNameStateWord => "site_name.state_function_word",
    SiteNameSensitiveWord => "site_name.sensitive_word",
    SiteNameNeedsApproval => "site_name.needs_approval",
    SiteNamePersonalBannedWord => "site_name.personal_banned_word",
    SiteNamePersonalRiskyWord => "site_name.personal_risky_word",
    SiteNamePersonalCompanyWord => "site_name.personal_company_word",
    SiteNameProvinceSuffix => "site_name.province_suffix",
    SiteNameDuplicate => "site_name.duplicate",
    DomainDuplicate => "domain.duplicate",
    DomainProvinceLimit => "domain.province_limit",
    DomainNatureSuffix => "domain.nature_suffix",
    DomainSuffixReserved => "domain.suffix_reserved",
    HomepageInvalid => "homepage.invalid",
    HomepageNotOnDomain => "homepage.not_on_domain",
    UploadUnknownKind => "upload.unknown_kind",
    UploadFileType => "upload.file_type",
    UploadTooLarge => "upload.too_large",
    UploadLarge => "upload.large",
    UploadResolution => "upload.resolution",
    UploadWebsite => "upload.website",
    AddressTooLong => "address.too_long",
    AddressProvinceNotFound => "address.province_not_found",
    AddressProvinceMismatch => "address.province_mismatch",
    AddressCityMismatch => "address.city_mismatch",
    AddressOtherCity => "address.other_city",
    AddressRepeatsRegion => "address.repeats_region",
    AddressNoHouseNumber => "address.no_house_number",
    ProvinceLegalRepresentative => "province.legal_representative",
    ProvinceCrossProvinceForbidden => "province.personal_cross_province_forbidden",
    ProvinceCrossProvincePermit => "province.personal_cross_province_permit",
    ProvinceCrossProvinceAllowed => "province.personal_cross_province_allowed",
    ProvinceCheckWithBureau => "province.check_with_bureau",
    ProvinceLocalMobile => "province.local_mobile",
    ProvinceUnderMinimumAge => "province.under_minimum_age",
    ProvinceUnderAgeNeedsProof => "province.under_age_needs_proof",
    ProvincePlanDocument => "province.plan_document",
    ProvinceExtraDocument => "province.extra_document",
    FormRequired => "form.required",
    FormTooLong => "form.too_long",
    FormNoWebsite => "form.no_website",
    ProductInstanceFormat => "product.instance_id_format",
    ProductServiceNumberFormat => "product.service_number_format",
    PersonalOwnerMismatch => "subject_owner.personal_mismatch",
    ApprovalUnknownKind => "approval.unknown_kind",
    ApprovalNumberRequired => "approval.number_required",
    ApprovalDuplicate => "approval.duplicate",
    ApprovalPersonal => "approval.personal",
    ApprovalForContent => "approval.for_content",
    ApprovalBulletinBoardDomain => "approval.bulletin_board_domain",
    PoliceNumberFormat => "police_number.format",
    PoliceNumberProvince => "police_number.province",
    PoliceNumberRegion => "police_number.region",
    FilingTypeFirst => "filing_type.first_filing",
    FilingTypeNewSiteElsewhere => "filing_type.new_site_elsewhere",
    FilingTypeNewSiteHere => "filing_type.new_site_here",
    FilingTypeAccessNew => "filing_type.access_new",
    FilingTypeAccessContinue => "filing_type.access_continue",
    FilingTypeDomainOfOtherSubject => "filing_type.domain_of_other_subject",
    FilingTypeDomainFiledHere => "filing_type.domain_filed_here",
    FilingTypeMismatch => "filing_type.mismatch",
    ProvinceSiteLanguage => "province.site_language",
    UploadMissing => "upload.missing",
    ReviewReturned => "review.returned",
}

/// A message in both languages the UI shows: Chinese first, English second.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Message {
    #[serde(rename = "zh-CN")]
    pub zh_cn: String,
    pub en: String,
}

/// The parameters for the English message: a province named in Chinese is named in English.
fn english(params: &BTreeMap<String, String>) -> BTreeMap<String, String> {
    let mut out = params.clone();
    for v in out.values_mut() {
        if let Some(name) = crate::provinces::english_name(v) {
            *v = name.to_owned();
        }
    }
    out
}

/// One thing a rule found about one field.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    /// Path of the field in the filing document, e.g. `websites[0].domain`.
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
        // Inserted one by one: `collect` into a map sorts its items first, and each sort
        // instantiated in the browser's wasm costs about 4 KB (a finding has at most a few).
        let mut named = BTreeMap::new();
        for (k, v) in params {
            named.insert((*k).to_owned(), (*v).to_owned());
        }
        Finding {
            field: field.to_owned(),
            code,
            severity: t.severity,
            message: Message {
                zh_cn: messages::fill(t.zh_cn, &named),
                en: messages::fill(t.en, &english(&named)),
            },
            params: named,
            source: t.source.to_owned(),
        }
    }

    /// The same finding with another severity when `condition` holds: some rules weigh
    /// differently for some filers (e.g. national words for government bodies).
    pub fn with_severity_if(mut self, condition: bool, severity: Severity) -> Self {
        if condition {
            self.severity = severity;
        }
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// The findings for one field, most severe first (in their order within a severity). Taken one
/// severity after another rather than sorted: a sort would add its code to the browser's wasm.
pub fn for_field<'a>(findings: &'a [Finding], field: &str) -> Vec<&'a Finding> {
    [Severity::Error, Severity::Warning, Severity::Info]
        .into_iter()
        .flat_map(|severity| {
            findings
                .iter()
                .filter(move |f| f.field == field && f.severity == severity)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fields_findings_come_most_severe_first_in_their_order_within_a_severity() {
        let mut warning = Finding::new("a", RuleCode::ALL[0], &[]);
        warning.severity = Severity::Warning;
        let mut error = warning.clone();
        error.severity = Severity::Error;
        let mut info = warning.clone();
        info.severity = Severity::Info;
        let mut second_error = error.clone();
        second_error.message.en = "second".into();
        let mut elsewhere = error.clone();
        elsewhere.field = "b".into();
        let all = [
            info.clone(),
            warning.clone(),
            error.clone(),
            elsewhere,
            second_error.clone(),
        ];
        let got: Vec<&Finding> = for_field(&all, "a");
        assert_eq!(got, vec![&error, &second_error, &warning, &info]);
        assert!(for_field(&all, "c").is_empty());
    }

    #[test]
    fn parameters_are_kept_by_name() {
        let f = Finding::new("a", RuleCode::ALL[0], &[("b", "2"), ("a", "1"), ("b", "3")]);
        let params: Vec<(&str, &str)> = f
            .params
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        assert_eq!(
            params,
            [("a", "1"), ("b", "3")],
            "the last of a name wins, as before"
        );
    }
}
