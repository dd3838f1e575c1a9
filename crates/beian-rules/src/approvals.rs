//! 前置审批 (pre-approvals) of each website: known types with their approval numbers, none for
//! personal filers, and the ones the declared service content or a forum-like domain calls for
//! (icp-rules.md §6.1, §6.2; `data/service-content.tsv`).

use std::sync::OnceLock;

use crate::data_file;
use crate::document::{fields, Website};
use crate::domain::NormalizedDomain;
use crate::finding::{Finding, RuleCode};
use crate::site_name::approval_type;

const SERVICE_CONTENT: &str = include_str!(concat!(env!("OUT_DIR"), "/service-content.tsv"));
const LANGUAGES: &str = include_str!(concat!(env!("OUT_DIR"), "/site-languages.tsv"));
const FORUM_WORDS: &str = include_str!(concat!(env!("OUT_DIR"), "/forum-domain-words.tsv"));

/// Words in a domain that say "forum", with the 前置审批 type they call for.
fn forum_words() -> &'static [(&'static str, &'static str)] {
    static W: OnceLock<Vec<(&'static str, &'static str)>> = OnceLock::new();
    W.get_or_init(|| {
        data_file::parse(FORUM_WORDS)
            .rows
            .iter()
            .filter_map(|r| Some((*r.first()?, *r.get(1)?)))
            .collect()
    })
}

/// The website languages the wizard offers (`data/site-languages.tsv`): stored value and English.
pub fn site_languages() -> &'static [(&'static str, &'static str)] {
    static L: OnceLock<Vec<(&'static str, &'static str)>> = OnceLock::new();
    L.get_or_init(|| {
        data_file::parse(LANGUAGES)
            .rows
            .iter()
            .filter_map(|r| Some((*r.first()?, *r.get(1)?)))
            .collect()
    })
}

/// An item of `data/service-content.tsv`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServiceContent {
    pub zh_cn: &'static str,
    pub en: &'static str,
    /// 前置审批 type ids it needs (any one of them).
    pub approvals: Vec<&'static str>,
}

/// The service-content items the wizard offers, in display order.
pub fn service_contents() -> &'static [ServiceContent] {
    static S: OnceLock<Vec<ServiceContent>> = OnceLock::new();
    S.get_or_init(|| {
        data_file::parse(SERVICE_CONTENT)
            .rows
            .iter()
            .filter_map(|r| {
                Some(ServiceContent {
                    zh_cn: r.first()?,
                    en: r.get(1)?,
                    approvals: r
                        .get(2)
                        .map(|a| a.split(',').filter(|a| !a.is_empty()).collect())
                        .unwrap_or_default(),
                })
            })
            .collect()
    })
}

fn names(kind: &str) -> (&str, &str) {
    approval_type(kind).unwrap_or((kind, kind))
}

/// Findings about the approvals of website `index`. `domain`: its normalised domain, if valid.
pub fn check_approvals(
    index: usize,
    site: &Website,
    domain: Option<&NormalizedDomain>,
    personal: bool,
) -> Vec<Finding> {
    let mut out = Vec::new();
    for (j, a) in site.approvals.iter().enumerate() {
        let field = |part: &str| fields::website(index, &format!("approvals[{j}].{part}"));
        let Some((zh, en)) = approval_type(a.kind.trim()) else {
            out.push(Finding::new(
                &field("kind"),
                RuleCode::ApprovalUnknownKind,
                &[("kind", a.kind.trim())],
            ));
            continue;
        };
        let params = [("approval", zh), ("approval_en", en)];
        if site.approvals[..j]
            .iter()
            .any(|b| b.kind.trim() == a.kind.trim())
        {
            out.push(Finding::new(
                &field("kind"),
                RuleCode::ApprovalDuplicate,
                &params,
            ));
        } else if personal {
            out.push(Finding::new(
                &field("kind"),
                RuleCode::ApprovalPersonal,
                &params,
            ));
        }
        if a.number.trim().is_empty() {
            out.push(Finding::new(
                &field("number"),
                RuleCode::ApprovalNumberRequired,
                &params,
            ));
        }
    }
    let declared = |kinds: &[&str]| {
        site.approvals
            .iter()
            .any(|a| kinds.contains(&a.kind.trim()))
    };
    for item in &site.service_content {
        let Some(content) = service_contents().iter().find(|c| c.zh_cn == item.trim()) else {
            continue;
        };
        if let Some(first) = content.approvals.first() {
            if !declared(&content.approvals) {
                let (zh, en) = names(first);
                out.push(Finding::new(
                    &fields::website(index, "service_content"),
                    RuleCode::ApprovalForContent,
                    &[
                        ("content", content.zh_cn),
                        ("content_en", content.en),
                        ("approval", zh),
                        ("approval_en", en),
                    ],
                ));
            }
        }
    }
    if let Some(d) = domain {
        let label = d
            .ascii
            .strip_suffix(d.suffix.as_str())
            .unwrap_or(&d.ascii)
            .trim_end_matches('.');
        if let Some((word, approval)) = forum_words().iter().find(|(w, _)| label.contains(w)) {
            if !declared(&[approval]) {
                out.push(Finding::new(
                    &fields::website(index, "domain"),
                    RuleCode::ApprovalBulletinBoardDomain,
                    &[("word", word)],
                ));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Approval;
    use crate::domain::check_domain;

    fn codes(f: &[Finding]) -> Vec<(&str, &'static str)> {
        f.iter()
            .map(|f| (f.field.as_str(), f.code.as_str()))
            .collect()
    }

    #[test]
    fn approvals_need_known_kinds_and_numbers() {
        let site = Website {
            approvals: vec![
                Approval {
                    kind: "1".into(),
                    number: "".into(),
                },
                Approval {
                    kind: "99".into(),
                    number: "x".into(),
                },
                Approval {
                    kind: "1".into(),
                    number: "京网信备1号".into(),
                },
            ],
            ..Website::default()
        };
        let f = check_approvals(0, &site, None, false);
        assert_eq!(
            codes(&f),
            [
                (
                    "websites[0].approvals[0].number",
                    "approval.number_required"
                ),
                ("websites[0].approvals[1].kind", "approval.unknown_kind"),
                ("websites[0].approvals[2].kind", "approval.duplicate"),
            ]
        );
        let f = check_approvals(0, &site, None, true);
        assert!(codes(&f).contains(&("websites[0].approvals[0].kind", "approval.personal")));
    }

    #[test]
    fn content_and_forum_domains_call_for_approvals() {
        let mut site = Website {
            service_content: vec!["论坛/社区".into(), "企业官网".into()],
            ..Website::default()
        };
        let domain = check_domain("", "mybbs.cn").normalized;
        let f = check_approvals(0, &site, domain.as_ref(), false);
        assert_eq!(
            codes(&f),
            [
                ("websites[0].service_content", "approval.for_content"),
                ("websites[0].domain", "approval.bulletin_board_domain"),
            ]
        );
        assert!(f[0].message.zh_cn.contains("电子公告服务"));
        site.approvals.push(Approval {
            kind: "6".into(),
            number: "粤通管BBS[2026]1号".into(),
        });
        assert!(check_approvals(0, &site, domain.as_ref(), false).is_empty());
    }

    #[test]
    fn every_content_item_names_known_approvals() {
        assert!(service_contents().len() >= 10);
        assert_eq!(forum_words().len(), 3);
        assert_eq!(site_languages().len(), 14);
        assert_eq!(site_languages()[0], ("中文简体", "Simplified Chinese"));
        for (word, a) in forum_words() {
            assert!(approval_type(a).is_some(), "{word} names {a}");
        }
        for c in service_contents() {
            for a in &c.approvals {
                assert!(approval_type(a).is_some(), "{} names {a}", c.zh_cn);
            }
        }
    }
}
