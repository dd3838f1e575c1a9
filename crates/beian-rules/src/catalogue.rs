//! The rule catalogue: every rule with its code, severity, fields, message templates and source,
//! for partners, the CLI (`--catalogue`) and documentation.

use serde::Serialize;

use crate::document::fields;
use crate::finding::{RuleCode, Severity};
use crate::messages;

/// One rule as the catalogue describes it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RuleInfo {
    pub code: &'static str,
    pub severity: Severity,
    /// The field paths of the filing document this rule reports on.
    pub fields: &'static [&'static str],
    /// Message templates; `{name}` stands for the finding's parameter of that name.
    pub message: MessageTemplate,
    pub source: &'static str,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct MessageTemplate {
    #[serde(rename = "zh-CN")]
    pub zh_cn: &'static str,
    pub en: &'static str,
}

/// Every rule, in code order.
pub fn catalogue() -> Vec<RuleInfo> {
    RuleCode::ALL
        .iter()
        .map(|&code| {
            let t = messages::template(code);
            RuleInfo {
                code: code.as_str(),
                severity: t.severity,
                fields: fields_of(code),
                message: MessageTemplate {
                    zh_cn: t.zh_cn,
                    en: t.en,
                },
                source: t.source,
            }
        })
        .collect()
}

/// The fields a rule reports on in the filing document.
pub fn fields_of(code: RuleCode) -> &'static [&'static str] {
    use RuleCode::*;
    match code {
        DomainRequired
        | DomainTooLong
        | DomainNotBare
        | DomainInvalidCharacter
        | DomainEmptyLabel
        | DomainLabelTooLong
        | DomainLabelHyphen
        | DomainInvalid
        | DomainNoSuffix
        | DomainIsSuffix
        | DomainSubdomain
        | DomainPossibleSubdomain
        | DomainSuffixFileable
        | DomainSuffixNeedsQualification
        | DomainSuffixNotFileable
        | DomainSuffixUnknown => &[fields::WEBSITE_DOMAIN],
        RegionRequired | RegionUnknown | RegionNotInParent => {
            &[fields::PROVINCE, fields::CITY, fields::DISTRICT]
        }
        SubjectNatureRequired | SubjectNatureUnknown => &[fields::SUBJECT_NATURE],
        CertificateTypeRequired | CertificateTypeNotAllowed => &[fields::CERTIFICATE_TYPE],
        CertificateNumberRequired
        | CertificateNumberTooLong
        | CertificateNumberFormat
        | CertificateChecksum
        | CertificateObsoleteId15
        | CertificateBirthDateInvalid
        | CertificateUnknownRegion
        | CertificateRegionMismatch
        | CertificateOrgCodeChecksum
        | CertificateUnusualCategory
        | CertificateNatureMismatch => &[fields::CERTIFICATE_NUMBER],
        ContactMobileFormat => &["subject_owner.mobile", "websites[].owner.mobile"],
        ContactLandlineFormat => &["subject_owner.phone2", "websites[].owner.phone2"],
        ContactEmergencyFormat | ContactEmergencySame => &[
            "subject_owner.emergency_phone",
            "websites[].owner.emergency_phone",
        ],
        ContactEmailFormat => &["subject_owner.email", "websites[].owner.email"],
        FilingNumberFormat | FilingNumberProvince => &[fields::ICP_NUMBER],
        SiteNameInvalidCharacter
        | SiteNameLooksLikeDomain
        | SiteNameTooShort
        | SiteNameNotChinese
        | SiteNameNationalWord
        | SiteNameStateWord
        | SiteNameSensitiveWord
        | SiteNameNeedsApproval
        | SiteNamePersonalBannedWord
        | SiteNamePersonalRiskyWord
        | SiteNamePersonalCompanyWord
        | SiteNameProvinceSuffix
        | SiteNameDuplicate => &[fields::WEBSITE_NAME],
        DomainDuplicate | DomainNatureSuffix | DomainSuffixReserved => &[fields::WEBSITE_DOMAIN],
        DomainProvinceLimit => &[fields::WEBSITES],
        HomepageInvalid | HomepageNotOnDomain => &["websites[].homepage_url"],
        UploadUnknownKind => &["uploads[].kind"],
        UploadFileType => &["uploads[].mime"],
        UploadTooLarge | UploadLarge => &["uploads[].bytes"],
        UploadResolution => &["uploads[].width", "uploads[].height"],
        UploadWebsite => &["uploads[].website"],
        AddressTooLong | AddressProvinceMismatch => {
            &[fields::CERTIFICATE_ADDRESS, fields::MAILING_ADDRESS]
        }
        AddressProvinceNotFound | AddressCityMismatch => &[fields::CERTIFICATE_ADDRESS],
        AddressOtherCity | AddressRepeatsRegion | AddressNoHouseNumber => {
            &[fields::MAILING_ADDRESS]
        }
        ProvinceLegalRepresentative => &["subject_owner.name"],
        ProvinceCrossProvinceForbidden
        | ProvinceCrossProvincePermit
        | ProvinceCrossProvinceAllowed => &[fields::CERTIFICATE_ADDRESS],
        ProvinceCheckWithBureau => &["subject_owner.name", fields::CERTIFICATE_ADDRESS],
        ProvinceLocalMobile => &["subject_owner.mobile", "websites[].owner.mobile"],
        ProvinceUnderMinimumAge | ProvinceUnderAgeNeedsProof => &[
            fields::CERTIFICATE_NUMBER,
            "subject_owner.certificate_number",
            "websites[].owner.certificate_number",
        ],
        ProvincePlanDocument => &[fields::WEBSITES],
        ProvinceExtraDocument => &[fields::PROVINCE],
        FormRequired => &[
            fields::FILING_TYPE,
            fields::PRODUCT_KIND,
            fields::INSTANCE_ID,
            fields::SERVICE_NUMBER,
            fields::ICP_NUMBER,
            fields::PASSWORD,
            fields::SUBJECT_NAME,
            fields::CERTIFICATE_ADDRESS,
            fields::MAILING_ADDRESS,
            fields::INVESTOR,
            "subject_owner.name",
            "subject_owner.certificate_type",
            "subject_owner.certificate_number",
            "subject_owner.mobile",
            "subject_owner.emergency_phone",
            "subject_owner.email",
            fields::WEBSITE_NAME,
            fields::WEBSITE_DOMAIN,
            "websites[].languages",
            "websites[].remark",
            "websites[].owner.name",
            "websites[].owner.certificate_type",
            "websites[].owner.certificate_number",
            "websites[].owner.mobile",
            "websites[].owner.emergency_phone",
            "websites[].owner.email",
            "declarations.information_true",
        ],
        FormTooLong => &[
            fields::SUBJECT_NAME,
            fields::INVESTOR,
            fields::SUBJECT_REMARK,
            fields::PASSWORD,
            "subject_owner.name",
            "websites[].owner.name",
            "websites[].remark",
        ],
        FormNoWebsite => &[fields::WEBSITES],
        ProductInstanceFormat => &[fields::INSTANCE_ID],
        ProductServiceNumberFormat => &[fields::SERVICE_NUMBER],
        PersonalOwnerMismatch => &["subject_owner.name", "subject_owner.certificate_number"],
        ApprovalUnknownKind | ApprovalDuplicate | ApprovalPersonal => {
            &["websites[].approvals[].kind"]
        }
        ApprovalNumberRequired => &["websites[].approvals[].number"],
        ApprovalForContent => &["websites[].service_content"],
        ApprovalBulletinBoardDomain => &[fields::WEBSITE_DOMAIN],
        PoliceNumberFormat | PoliceNumberProvince | PoliceNumberRegion => {
            &["websites[].police_number"]
        }
        FilingTypeFirst
        | FilingTypeNewSiteElsewhere
        | FilingTypeNewSiteHere
        | FilingTypeAccessNew
        | FilingTypeAccessContinue
        | FilingTypeDomainOfOtherSubject
        | FilingTypeDomainFiledHere
        | FilingTypeMismatch => &[fields::FILING_TYPE],
        ProvinceSiteLanguage => &["websites[].languages"],
        UploadMissing => &[fields::UPLOADS],
        // Any field the reviewer names.
        ReviewReturned => &["*"],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_is_listed_once_with_text_and_a_source() {
        let rules = catalogue();
        assert_eq!(rules.len(), RuleCode::ALL.len());
        let mut codes: Vec<&str> = rules.iter().map(|r| r.code).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), rules.len(), "duplicate code");
        for r in &rules {
            assert!(
                !r.message.zh_cn.is_empty() && !r.message.en.is_empty() && !r.source.is_empty(),
                "{}",
                r.code
            );
            assert!(!r.fields.is_empty(), "{}", r.code);
            // The serde name and the string form agree.
            let parsed: RuleCode = serde_json::from_value(serde_json::json!(r.code)).unwrap();
            assert_eq!(parsed.as_str(), r.code);
        }
    }
}
