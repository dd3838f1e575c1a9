//! The filing application document: what the applicant fills in, as the wizard, the server, the
//! CLI and partners exchange it (JSON). Versioned by `schema_version`; unknown fields are refused.
//! Every part has defaults, so a draft can be saved at any point.

use serde::{Deserialize, Serialize};

pub const DRAFT_SCHEMA_VERSION: u32 = 1;

/// A filing application (ICP备案 application document), complete or in progress.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct FilingDraft {
    /// Shape version of this document; 1 is the only one so far.
    pub schema_version: u32,
    /// 备案类型, once determined.
    #[serde(default)]
    pub filing_type: Option<FilingType>,
    /// What the applicant says of earlier filings of the subject and the domain, from which the
    /// first step determines the filing type (`filing_type::determine`).
    #[serde(default)]
    pub prior_filings: PriorFilings,
    /// 产品验证: the server instance or 备案服务号 the filing is made for.
    #[serde(default)]
    pub product: ProductCheck,
    /// The existing filing, for the types that act on one (接入, 变更, 注销, 取消接入).
    #[serde(default)]
    pub existing_filing: ExistingFiling,
    /// 主办单位.
    #[serde(default)]
    pub subject: Subject,
    /// 主体负责人.
    #[serde(default)]
    pub subject_owner: Person,
    /// The websites (互联网信息服务) of this order, one domain each.
    #[serde(default)]
    pub websites: Vec<Website>,
    /// What was uploaded (the files themselves are stored by the server).
    #[serde(default)]
    pub uploads: Vec<UploadMeta>,
    #[serde(default)]
    pub declarations: Declarations,
}

/// 备案类型.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum FilingType {
    /// 首次备案.
    FirstFiling,
    /// 接入备案, 新增接入 (the filing is with another provider).
    AccessNew,
    /// 接入备案, 继续接入.
    AccessContinue,
    /// 新增网站, the existing filing is with another provider.
    NewSiteElsewhere,
    /// 新增网站, the existing filing is with this provider.
    NewSiteHere,
    /// 变更备案: 主体.
    ChangeSubject,
    /// 变更备案: 网站.
    ChangeWebsite,
    /// 变更备案: 接入.
    ChangeAccess,
    /// 注销主体.
    CancelSubject,
    /// 注销网站.
    CancelWebsite,
    /// 取消接入.
    CancelAccess,
    /// 认领备案.
    Claim,
}

/// Earlier filings of the subject (its certificate) and of the order's first domain.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PriorFilings {
    /// Whether the subject has a successful filing, and where; `None` while not answered.
    pub subject: Option<PriorFiling>,
    /// Whether the domain has a successful filing, and where; `None` while not answered.
    pub domain: Option<PriorFiling>,
}

/// Where an earlier successful filing is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum PriorFiling {
    /// Never filed.
    NotFiled,
    /// Filed through this provider (platform).
    Here,
    /// Filed through another provider only.
    Elsewhere,
}

/// 产品验证.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ProductCheck {
    pub kind: Option<ProductKind>,
    /// Server instance id, when `kind` is `instance`.
    pub instance_id: String,
    /// 备案服务号, when `kind` is `service_number`.
    pub service_number: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum ProductKind {
    Instance,
    ServiceNumber,
}

/// An existing ICP filing the application acts on.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ExistingFiling {
    /// 主体备案号 or 网站备案号, e.g. 粤ICP备12345678号.
    pub icp_number: String,
    /// 备案密码.
    pub password: String,
}

/// 主办单位.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Subject {
    /// 主办单位所属区域.
    pub region: Region,
    /// 主办单位性质 (MIIT id).
    pub nature: Option<u8>,
    /// 主办单位证件类型 (id from `data/certificate-types.tsv`).
    pub certificate_type: String,
    /// 主办单位证件号码.
    pub certificate_number: String,
    /// 主办单位名称 (the person's name for 个人).
    pub name: String,
    /// 证件住所: the address on the certificate.
    pub certificate_address: String,
    /// 通讯地址.
    pub mailing_address: String,
    /// 投资人或主管单位.
    pub investor: String,
    /// 主体备注 (e.g. "此地址已是最详细地址" when the address has no house number).
    pub remark: String,
}

impl Subject {
    /// Whether the filer is a person (个人): `None` while no 性质 is chosen.
    pub fn is_personal(&self) -> Option<bool> {
        self.nature.map(|n| n == crate::subject::PERSONAL_NATURE)
    }
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

/// A responsible person: 主体负责人 or 网站负责人.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Person {
    pub name: String,
    /// Certificate type id (personal types).
    pub certificate_type: String,
    pub certificate_number: String,
    /// 手机号码: receives the MIIT SMS check.
    pub mobile: String,
    /// 联系方式2: a landline as `086-<area code>-<number>`.
    pub phone2: String,
    /// 应急联系电话.
    pub emergency_phone: String,
    pub email: String,
}

/// One website (互联网信息服务) of the order.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Website {
    /// 网站名称 / 服务名称.
    pub name: String,
    /// The one domain of this site.
    pub domain: String,
    /// 首页 URL, on `domain`.
    pub homepage_url: String,
    /// 服务内容 (MIIT categories).
    pub service_content: Vec<String>,
    /// 网站语言.
    pub languages: Vec<String>,
    /// 前置审批 items.
    pub approvals: Vec<Approval>,
    /// 备注.
    pub remark: String,
    /// 公安联网备案号 of a site already open (optional; requested within 30 days of opening).
    pub police_number: String,
    /// 网站负责人.
    pub owner: Person,
}

/// A 前置审批 item: its kind and the approval document's number.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Approval {
    /// MIIT 前置审批 type id (`data/approval-types.tsv`), e.g. "1" for 新闻.
    pub kind: String,
    pub number: String,
}

/// Metadata of an uploaded file.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct UploadMeta {
    /// The server's id of the stored file (`POST /api/v1/applications/{id}/uploads/{kind}`);
    /// empty for metadata not (yet) backed by a stored file.
    pub id: String,
    /// What it shows: `licence`, `id_front`, `id_back`, `verification_form`, `domain_certificate` ...
    pub kind: String,
    pub mime: String,
    pub bytes: u64,
    pub width: u32,
    pub height: u32,
    /// The website it belongs to (index into `websites`), if any.
    pub website: Option<u32>,
}

/// What the applicant confirmed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Declarations {
    /// The information is true and the applicant accepts the filing rules.
    pub information_true: bool,
}

/// Field paths, as findings name them (`websites[0].domain`).
pub mod fields {
    pub const PROVINCE: &str = "subject.region.province";
    pub const CITY: &str = "subject.region.city";
    pub const DISTRICT: &str = "subject.region.district";
    pub const SUBJECT_NATURE: &str = "subject.nature";
    pub const CERTIFICATE_TYPE: &str = "subject.certificate_type";
    pub const CERTIFICATE_NUMBER: &str = "subject.certificate_number";
    pub const SUBJECT_NAME: &str = "subject.name";
    pub const CERTIFICATE_ADDRESS: &str = "subject.certificate_address";
    pub const MAILING_ADDRESS: &str = "subject.mailing_address";
    pub const INVESTOR: &str = "subject.investor";
    pub const SUBJECT_REMARK: &str = "subject.remark";
    pub const FILING_TYPE: &str = "filing_type";
    pub const PRIOR_SUBJECT: &str = "prior_filings.subject";
    pub const PRIOR_DOMAIN: &str = "prior_filings.domain";
    pub const PRODUCT_KIND: &str = "product.kind";
    pub const INSTANCE_ID: &str = "product.instance_id";
    pub const SERVICE_NUMBER: &str = "product.service_number";
    pub const PASSWORD: &str = "existing_filing.password";
    pub const ICP_NUMBER: &str = "existing_filing.icp_number";
    /// A website's domain, in the catalogue's notation (any index).
    pub const WEBSITE_DOMAIN: &str = "websites[].domain";
    pub const WEBSITE_NAME: &str = "websites[].name";
    /// The list of websites as a whole.
    pub const WEBSITES: &str = "websites";
    /// The list of uploads.
    pub const UPLOADS: &str = "uploads";

    /// The path of a field of website `index`.
    pub fn website(index: usize, field: &str) -> String {
        format!("websites[{index}].{field}")
    }
}

/// The JSON Schema (draft 2020-12) of [`FilingDraft`].
#[cfg(feature = "schema")]
pub fn json_schema() -> schemars::Schema {
    schemars::schema_for!(FilingDraft)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_fields_are_refused_anywhere() {
        for json in [
            r#"{"schema_version":1,"subjct":{}}"#,
            r#"{"schema_version":1,"subject":{"nme":"x"}}"#,
            r#"{"schema_version":1,"websites":[{"domian":"x.cn"}]}"#,
        ] {
            let e = serde_json::from_str::<FilingDraft>(json)
                .unwrap_err()
                .to_string();
            assert!(e.contains("unknown field"), "{json}: {e}");
        }
    }

    #[test]
    fn a_minimal_draft_reads_and_round_trips() {
        let d: FilingDraft =
            serde_json::from_str(r#"{"schema_version":1,"filing_type":"new_site_here"}"#).unwrap();
        assert_eq!(d.filing_type, Some(FilingType::NewSiteHere));
        assert!(d.websites.is_empty());
        let again: FilingDraft = serde_json::from_str(&serde_json::to_string(&d).unwrap()).unwrap();
        assert_eq!(again, d);
    }
}
