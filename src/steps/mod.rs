//! The wizard steps, one file each, and which step shows which field of the document.

pub mod product;
pub mod progress;
pub mod review;
pub mod subject;
pub mod type_determination;
pub mod uploads;
pub mod websites;

use beian_rules::completeness::needs_of;
use beian_rules::FilingDraft;

/// A step of the wizard, in order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    /// 备案类型判定: region, subject certificate, domain, earlier filings, existing filing.
    Type,
    /// 产品验证: server instance or 备案服务号.
    Product,
    /// 主办单位 and 主体负责人.
    Subject,
    /// 网站信息, one or more websites with their 网站负责人.
    Websites,
    /// 上传资料: the documents the filer must upload, checked before they are sent.
    Uploads,
    /// 信息核验: every finding, grouped by step; declaration; submit.
    Review,
    /// 进度: the application after submission.
    Progress,
}

impl Step {
    pub const ALL: [Step; 7] = [
        Step::Type,
        Step::Product,
        Step::Subject,
        Step::Websites,
        Step::Uploads,
        Step::Review,
        Step::Progress,
    ];

    /// The step's name in the address (`#/subject`).
    pub fn slug(self) -> &'static str {
        match self {
            Step::Type => "type",
            Step::Product => "product",
            Step::Subject => "subject",
            Step::Websites => "websites",
            Step::Uploads => "uploads",
            Step::Review => "review",
            Step::Progress => "progress",
        }
    }

    /// Chinese and English titles.
    pub fn title(self) -> (&'static str, &'static str) {
        match self {
            Step::Type => ("备案类型判定", "Filing type"),
            Step::Product => ("产品验证", "Product check"),
            Step::Subject => ("主体信息", "Subject"),
            Step::Websites => ("网站信息", "Websites"),
            Step::Uploads => ("上传资料", "Documents"),
            Step::Review => ("信息核验", "Review"),
            Step::Progress => ("备案进度", "Progress"),
        }
    }

    /// The step where a field of the document is filled in (a finding's `field`).
    pub fn of_field(field: &str) -> Step {
        let head = field.split(['.', '[']).next().unwrap_or("");
        match head {
            "product" => Step::Product,
            "subject" => match field {
                "subject.region.province"
                | "subject.region.city"
                | "subject.region.district"
                | "subject.nature"
                | "subject.certificate_type"
                | "subject.certificate_number" => Step::Type,
                _ => Step::Subject,
            },
            "subject_owner" => Step::Subject,
            "websites" => Step::Websites,
            "uploads" => Step::Uploads,
            "declarations" => Step::Review,
            // filing_type, prior_filings, existing_filing
            _ => Step::Type,
        }
    }

    /// The steps this draft goes through: those its filing type needs.
    pub fn for_draft(draft: &FilingDraft) -> Vec<Step> {
        let needs = needs_of(draft);
        Step::ALL
            .into_iter()
            .filter(|s| match s {
                Step::Product => needs.product,
                Step::Subject => needs.subject,
                Step::Websites => needs.websites,
                Step::Uploads => needs.subject || needs.websites,
                _ => true,
            })
            .collect()
    }

    /// The step named in the page's address, or the first.
    pub fn from_location() -> Step {
        let hash = web_sys::window()
            .and_then(|w| w.location().hash().ok())
            .unwrap_or_default();
        let slug = hash.trim_start_matches('#').trim_start_matches('/');
        Step::ALL
            .into_iter()
            .find(|s| s.slug() == slug)
            .unwrap_or(Step::Type)
    }

    /// Puts the step in the page's address (a history entry, so "back" returns to the step before).
    pub fn write_location(self) {
        if let Some(w) = web_sys::window() {
            let hash = format!("#/{}", self.slug());
            if w.location().hash().ok().as_deref() != Some(hash.as_str()) {
                let _ = w.location().set_hash(&hash);
            }
        }
    }
}

/// The DOM id of the input for a field path: `websites[0].owner.mobile` -> `websites-0-owner-mobile`.
pub fn dom_id(field: &str) -> String {
    let mut id = String::with_capacity(field.len());
    for c in field.chars() {
        match c {
            '.' | '[' => id.push('-'),
            ']' => {}
            '_' => id.push('-'),
            c => id.push(c),
        }
    }
    id
}

/// Chinese and English names of a field path's last part, for the review list.
fn part_name(part: &str) -> (&'static str, &'static str) {
    match part {
        "province" => ("省份", "province"),
        "city" => ("城市", "city"),
        "district" => ("区县", "district"),
        "nature" => ("主办单位性质", "nature of the subject"),
        "certificate_type" => ("证件类型", "certificate type"),
        "certificate_number" => ("证件号码", "certificate number"),
        "name" => ("名称", "name"),
        "certificate_address" => ("证件住所", "address on the certificate"),
        "mailing_address" => ("通讯地址", "mailing address"),
        "investor" => ("投资人或主管单位", "investor"),
        "remark" => ("备注", "remark"),
        "mobile" => ("手机号码", "mobile"),
        "phone2" => ("联系方式2", "landline"),
        "emergency_phone" => ("应急联系电话", "emergency phone"),
        "email" => ("电子邮箱", "email"),
        "domain" => ("域名", "domain"),
        "homepage_url" => ("首页 URL", "homepage URL"),
        "service_content" => ("服务内容", "service content"),
        "languages" => ("网站语言", "languages"),
        "police_number" => ("公安备案号", "public-security number"),
        "kind" => ("类型", "type"),
        "number" => ("文号", "number"),
        "instance_id" => ("实例 ID", "instance ID"),
        "service_number" => ("备案服务号", "filing service number"),
        "icp_number" => ("备案号", "ICP number"),
        "password" => ("备案密码", "filing password"),
        "filing_type" => ("备案类型", "filing type"),
        "information_true" => ("信息真实性确认", "declaration"),
        _ => ("", ""),
    }
}

/// Where a finding's field is, in words: `websites[0].owner.email` -> 网站 1 · 网站负责人 · 电子邮箱.
pub fn field_label(field: &str) -> (String, String) {
    let mut zh = Vec::new();
    let mut en = Vec::new();
    for part in field.split('.') {
        let (name, index) = match part.split_once('[') {
            Some((n, i)) => (n, i.trim_end_matches(']').parse::<usize>().ok()),
            None => (part, None),
        };
        let (z, e) = match (name, index) {
            ("websites", Some(i)) => (format!("网站 {}", i + 1), format!("website {}", i + 1)),
            ("approvals", Some(i)) => (
                format!("前置审批 {}", i + 1),
                format!("pre-approval {}", i + 1),
            ),
            ("uploads", Some(i)) => (format!("上传文件 {}", i + 1), format!("upload {}", i + 1)),
            ("websites", None) => ("网站".to_owned(), "websites".to_owned()),
            ("subject_owner", _) => (
                "主体负责人".to_owned(),
                "subject's responsible person".to_owned(),
            ),
            ("owner", _) => (
                "网站负责人".to_owned(),
                "site's responsible person".to_owned(),
            ),
            (
                "subject" | "region" | "product" | "existing_filing" | "declarations"
                | "prior_filings",
                _,
            ) => continue,
            (other, _) => {
                let (z, e) = part_name(other);
                if z.is_empty() {
                    continue;
                }
                (z.to_owned(), e.to_owned())
            }
        };
        zh.push(z);
        en.push(e);
    }
    (zh.join(" · "), en.join(" · "))
}
