//! The wizard steps, one file each, and which step shows which field of the document.

pub mod product;
pub mod progress;
pub mod review;
pub mod subject;
pub mod type_determination;
pub mod uploads;
pub mod verification;
pub mod websites;

use beian_rules::completeness::needs_of;
use beian_rules::FilingDraft;

use crate::i18n::{t, Text};

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
    /// 真实性核验: each website's responsible person, ID card and live face (the capture slot).
    Verification,
    /// 信息核验: every finding, grouped by step; declaration; submit.
    Review,
    /// 进度: the application after submission.
    Progress,
}

impl Step {
    pub const ALL: [Step; 8] = [
        Step::Type,
        Step::Product,
        Step::Subject,
        Step::Websites,
        Step::Uploads,
        Step::Verification,
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
            Step::Verification => "verification",
            Step::Review => "review",
            Step::Progress => "progress",
        }
    }

    /// The step's title.
    pub fn title(self) -> Text {
        match self {
            Step::Type => t::STEP_TYPE,
            Step::Product => t::STEP_PRODUCT,
            Step::Subject => t::STEP_SUBJECT,
            Step::Websites => t::STEP_WEBSITES,
            Step::Uploads => t::STEP_UPLOADS,
            Step::Verification => t::STEP_VERIFICATION,
            Step::Review => t::STEP_REVIEW,
            Step::Progress => t::STEP_PROGRESS,
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
        let info = draft.filing_type.map(|t| t.info());
        Step::ALL
            .into_iter()
            .filter(|s| match s {
                Step::Product => needs.product,
                Step::Subject => needs.subject,
                Step::Websites => needs.websites,
                // What the type uploads and checks (a cancellation: neither).
                Step::Uploads => info.is_none_or(|i| i.subject_documents || i.site_documents),
                Step::Verification => needs.websites && info.is_none_or(|i| i.identity_check),
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

/// Where a finding's field is, in words: `websites[0].owner.email` -> 网站 1 · 网站负责人 · 电子邮箱.
pub fn field_label(field: &str) -> (String, String) {
    let mut zh = Vec::new();
    let mut en = Vec::new();
    for part in field.split('.') {
        let (name, index) = match part.split_once('[') {
            Some((n, i)) => (n, i.trim_end_matches(']').parse::<usize>().ok()),
            None => (part, None),
        };
        let numbered = |text: Text, i: usize| text.fill(&[&(i + 1).to_string()]);
        let (z, e) = match (name, index) {
            ("websites", Some(i)) => numbered(t::WHERE_WEBSITE, i),
            ("approvals", Some(i)) => numbered(t::WHERE_APPROVAL, i),
            ("uploads", Some(i)) => numbered(t::WHERE_UPLOAD, i),
            ("websites", None) => t::WHERE_WEBSITES.fill(&[]),
            ("subject_owner", _) => t::WHERE_SUBJECT_OWNER.fill(&[]),
            ("owner", _) => t::WHERE_SITE_OWNER.fill(&[]),
            (
                "subject" | "region" | "product" | "existing_filing" | "declarations"
                | "prior_filings",
                _,
            ) => continue,
            (other, _) => match t::field_name(other) {
                Some(text) => text.fill(&[]),
                None => continue,
            },
        };
        zh.push(z);
        en.push(e);
    }
    (zh.join(" · "), en.join(" · "))
}
