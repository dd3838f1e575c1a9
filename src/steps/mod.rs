//! The wizard steps, one file each, and which step shows which field of the document.

pub mod product;
pub mod progress;
pub mod review;
pub mod subject;
pub mod type_determination;
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
    /// 信息核验: every finding, grouped by step; declaration; submit.
    Review,
    /// 进度: the application after submission.
    Progress,
}

impl Step {
    pub const ALL: [Step; 6] = [
        Step::Type,
        Step::Product,
        Step::Subject,
        Step::Websites,
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
            "websites" | "uploads" => Step::Websites,
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
