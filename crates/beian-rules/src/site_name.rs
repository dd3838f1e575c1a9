//! Site (service) names, 网站名称 / 服务名称 (icp-rules.md §1): shape, length, the word lists of
//! `data/site-name-words.tsv`, 前置审批 trigger words against the declared approvals, and the
//! province rules of `data/province-rules.tsv`.

use std::sync::OnceLock;

use crate::data_file;
use crate::document::{Approval, Website};
use crate::finding::{Finding, RuleCode, Severity};
use crate::idn::is_han;
use crate::provinces::{province_name, province_rule};

const WORDS: &str = include_str!(concat!(env!("OUT_DIR"), "/site-name-words.tsv"));
const APPROVALS: &str = include_str!(concat!(env!("OUT_DIR"), "/approval-types.tsv"));

/// Fewest counted characters (Han characters, letters, digits) in a name.
pub const MIN_NAME_CHARS: usize = 3;
use crate::subject::PERSONAL_NATURE as PERSONAL;
const ENTERPRISE: u8 = 4;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Category {
    National,
    StateFunction,
    Sensitive,
    Approval,
    PersonalBanned,
    PersonalRisky,
    CompanyName,
}

struct Word {
    word: &'static str,
    /// `word` in lower case, for matching Latin words case-insensitively.
    lower: String,
    category: Category,
    approval: &'static str,
}

fn words() -> &'static [Word] {
    static W: OnceLock<Vec<Word>> = OnceLock::new();
    W.get_or_init(|| {
        data_file::parse(WORDS)
            .rows
            .iter()
            .filter_map(|r| {
                let category = match *r.get(1)? {
                    "national" => Category::National,
                    "state_function" => Category::StateFunction,
                    "sensitive" => Category::Sensitive,
                    "approval" => Category::Approval,
                    "personal_banned" => Category::PersonalBanned,
                    "personal_risky" => Category::PersonalRisky,
                    "company_name" => Category::CompanyName,
                    _ => return None,
                };
                Some(Word {
                    word: r.first()?,
                    lower: r.first()?.to_ascii_lowercase(),
                    category,
                    approval: r.get(2).copied().unwrap_or(""),
                })
            })
            .collect()
    })
}

/// Every 前置审批 type: (MIIT id, zh-CN, en), in the data file's order.
pub fn approval_types() -> &'static [(&'static str, &'static str, &'static str)] {
    static A: OnceLock<Vec<(&'static str, &'static str, &'static str)>> = OnceLock::new();
    A.get_or_init(|| {
        data_file::parse(APPROVALS)
            .rows
            .iter()
            .filter_map(|r| Some((*r.first()?, *r.get(1)?, *r.get(2)?)))
            .collect()
    })
}

/// The 前置审批 type with this MIIT id: (zh-CN, en).
pub fn approval_type(id: &str) -> Option<(&'static str, &'static str)> {
    approval_types()
        .iter()
        .find(|(i, _, _)| *i == id)
        .map(|(_, zh, en)| (*zh, *en))
}

/// What a site name is checked against besides itself.
pub struct NameContext<'a> {
    /// 主办单位性质 (MIIT id).
    pub nature: Option<u8>,
    /// Chosen province code ("" = none).
    pub province: &'a str,
    /// The 前置审批 the site declares.
    pub approvals: &'a [Approval],
}

fn allowed(c: char) -> bool {
    is_han(c) || c.is_ascii_alphanumeric() || matches!(c, '(' | ')' | '（' | '）' | '-')
}

/// Findings for one site name on `field`. An empty name gives none (required at submission).
pub fn check_site_name(field: &str, name: &str, ctx: &NameContext<'_>) -> Vec<Finding> {
    let name = name.trim();
    let mut out = Vec::new();
    if name.is_empty() {
        return out;
    }
    // Only ASCII letters have case here: the word lists are Chinese and ASCII.
    let lower = name.to_ascii_lowercase();
    if lower.contains('.')
        && lower
            .split('.')
            .skip(1)
            .any(|l| l.starts_with(|c: char| c.is_ascii_alphabetic()))
    {
        out.push(Finding::new(field, RuleCode::SiteNameLooksLikeDomain, &[]));
    } else if let Some(bad) = name.chars().find(|c| !allowed(*c)) {
        let shown = if bad.is_whitespace() {
            "空格 space".to_owned()
        } else {
            bad.to_string()
        };
        out.push(Finding::new(
            field,
            RuleCode::SiteNameInvalidCharacter,
            &[("character", &shown)],
        ));
    }
    let counted = name
        .chars()
        .filter(|c| is_han(*c) || c.is_ascii_alphanumeric())
        .count();
    let has_han = name.chars().any(is_han);
    if counted < MIN_NAME_CHARS {
        out.push(Finding::new(
            field,
            RuleCode::SiteNameTooShort,
            &[("min", &MIN_NAME_CHARS.to_string())],
        ));
    } else if !has_han {
        out.push(Finding::new(field, RuleCode::SiteNameNotChinese, &[]));
    }
    out.extend(check_words(field, name, &lower, ctx));
    if ctx.nature == Some(ENTERPRISE) {
        if let Some(suffix) = province_rule(ctx.province, "company_site_name_suffix") {
            if !name.ends_with(suffix) {
                let province = province_name(ctx.province);
                out.push(Finding::new(
                    field,
                    RuleCode::SiteNameProvinceSuffix,
                    &[("province", province), ("suffix", suffix)],
                ));
            }
        }
    }
    out
}

fn check_words(field: &str, name: &str, lower: &str, ctx: &NameContext<'_>) -> Vec<Finding> {
    let personal = ctx.nature == Some(PERSONAL);
    let state_body = ctx
        .nature
        .and_then(crate::subject::nature)
        .is_some_and(|n| n.state_body);
    let mut out = Vec::new();
    let mut reported: Vec<&str> = Vec::new();
    // Most specific category first; each word is reported once.
    let order = [
        Category::Sensitive,
        Category::StateFunction,
        Category::National,
        Category::CompanyName,
        Category::PersonalBanned,
        Category::Approval,
        Category::PersonalRisky,
    ];
    for category in order {
        for w in words().iter().filter(|w| w.category == category) {
            // A word inside one already reported ("公司" in "有限公司") says nothing new.
            if reported.iter().any(|r| r.contains(w.word)) || !lower.contains(w.lower.as_str()) {
                continue;
            }
            let finding = match category {
                Category::Sensitive => Some(Finding::new(
                    field,
                    RuleCode::SiteNameSensitiveWord,
                    &[("word", w.word)],
                )),
                Category::StateFunction => Some(
                    Finding::new(field, RuleCode::SiteNameStateWord, &[("word", w.word)])
                        .with_severity_if(state_body, Severity::Warning),
                ),
                Category::National => (personal || name.starts_with(w.word)).then(|| {
                    Finding::new(field, RuleCode::SiteNameNationalWord, &[("word", w.word)])
                        .with_severity_if(state_body, Severity::Warning)
                }),
                Category::CompanyName => personal.then(|| {
                    Finding::new(
                        field,
                        RuleCode::SiteNamePersonalCompanyWord,
                        &[("word", w.word)],
                    )
                }),
                Category::PersonalBanned => personal.then(|| {
                    Finding::new(
                        field,
                        RuleCode::SiteNamePersonalBannedWord,
                        &[("word", w.word)],
                    )
                }),
                Category::Approval => {
                    let declared = ctx.approvals.iter().any(|a| a.kind == w.approval);
                    let (zh, en) = approval_type(w.approval).unwrap_or((w.approval, w.approval));
                    (!declared).then(|| {
                        // Individuals cannot obtain a 前置审批 at all (icp-rules.md §6.1).
                        Finding::new(
                            field,
                            RuleCode::SiteNameNeedsApproval,
                            &[("word", w.word), ("approval", zh), ("approval_en", en)],
                        )
                        .with_severity_if(personal, Severity::Error)
                    })
                }
                Category::PersonalRisky => personal.then(|| {
                    Finding::new(
                        field,
                        RuleCode::SiteNamePersonalRiskyWord,
                        &[("word", w.word)],
                    )
                }),
            };
            if let Some(f) = finding {
                reported.push(w.word);
                out.push(f);
            }
        }
    }
    out
}

/// Provinces where one filer's sites may not share a name: the repeated names.
pub fn check_unique_names(websites: &[Website], province: &str) -> Vec<Finding> {
    if province_rule(province, "unique_site_names") != Some("true") {
        return Vec::new();
    }
    let province_name = province_name(province);
    let mut out = Vec::new();
    for (i, site) in websites.iter().enumerate() {
        let name = site.name.trim();
        if !name.is_empty() && websites[..i].iter().any(|s| s.name.trim() == name) {
            out.push(Finding::new(
                &crate::document::fields::website(i, "name"),
                RuleCode::SiteNameDuplicate,
                &[("province", province_name)],
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_word_data_reads_completely() {
        let rows = data_file::parse(WORDS).rows.len();
        assert_eq!(words().len(), rows, "a row has an unknown category");
        for w in words().iter().filter(|w| w.category == Category::Approval) {
            assert!(
                approval_type(w.approval).is_some(),
                "{} names approval {}",
                w.word,
                w.approval
            );
        }
    }
}
