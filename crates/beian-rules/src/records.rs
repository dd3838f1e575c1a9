//! Approved filings as records (备案信息): what an approval leaves behind, and what 变更, 注销,
//! 取消接入 and 新增网站 act on. Pure: the server stores the records and applies an approved
//! filing to the one it names.

use serde::{Deserialize, Serialize};

use crate::document::{FilingDraft, FilingType};
use crate::filing_number::{parse, site_number};

/// Where a record stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RecordStatus {
    /// Filed and accessed through this provider.
    Active,
    /// 注销主体: the filing no longer exists.
    Cancelled,
    /// 取消接入: filed, but no longer accessed through this provider.
    AccessCancelled,
}

impl RecordStatus {
    /// Its name in JSON, e.g. `access_cancelled`.
    pub fn key(self) -> &'static str {
        match self {
            RecordStatus::Active => "active",
            RecordStatus::Cancelled => "cancelled",
            RecordStatus::AccessCancelled => "access_cancelled",
        }
    }

    pub fn from_key(key: &str) -> Option<RecordStatus> {
        [
            RecordStatus::Active,
            RecordStatus::Cancelled,
            RecordStatus::AccessCancelled,
        ]
        .into_iter()
        .find(|s| s.key() == key)
    }
}

/// One website of a record.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordSite {
    /// 网站备案号.
    pub number: String,
    pub domain: String,
    pub name: String,
}

/// An approved filing: the subject's 主体备案号 and its websites.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FilingRecord {
    /// 主体备案号.
    pub subject_number: String,
    /// The subject's province (code).
    pub province: String,
    pub subject_name: String,
    pub websites: Vec<RecordSite>,
    pub status: RecordStatus,
}

/// The 主体备案号 a filing acts on (from the 备案号 it names, a subject's or a site's), if any.
pub fn named_subject_number(draft: &FilingDraft) -> Option<String> {
    parse(&draft.existing_filing.icp_number).map(|n| n.subject())
}

/// The numbers an approval of `draft` gives when it acts on `record`: the subject's, and per
/// website the number it has in the record (same domain), or the next free one.
pub fn numbers_from_record(record: &FilingRecord, draft: &FilingDraft) -> (String, Vec<String>) {
    let mut next = record
        .websites
        .iter()
        .filter_map(|s| parse(&s.number).and_then(|n| n.site))
        .max()
        .unwrap_or(0);
    let websites = draft
        .websites
        .iter()
        .map(|w| {
            let domain = w.domain.trim().to_ascii_lowercase();
            match record.websites.iter().find(|s| s.domain == domain) {
                Some(site) => site.number.clone(),
                None => {
                    next += 1;
                    site_number(&record.subject_number, next)
                }
            }
        })
        .collect();
    (record.subject_number.clone(), websites)
}

/// The record after the approval of `draft` with these numbers (`subject`, one per website):
/// `record` is the one it acts on, if this provider has it.
pub fn apply(
    record: Option<FilingRecord>,
    draft: &FilingDraft,
    subject: &str,
    site_numbers: &[String],
) -> FilingRecord {
    let filed: Vec<RecordSite> = draft
        .websites
        .iter()
        .zip(site_numbers)
        .map(|(w, number)| RecordSite {
            number: number.clone(),
            domain: w.domain.trim().to_ascii_lowercase(),
            name: w.name.trim().to_owned(),
        })
        .collect();
    let mut r = record.unwrap_or_else(|| FilingRecord {
        subject_number: subject.to_owned(),
        province: draft.subject.region.province.clone(),
        subject_name: String::new(),
        websites: Vec::new(),
        status: RecordStatus::Active,
    });
    let merge = |r: &mut FilingRecord| {
        for site in &filed {
            match r.websites.iter_mut().find(|s| s.number == site.number) {
                Some(old) => *old = site.clone(),
                None => r.websites.push(site.clone()),
            }
        }
        r.websites
            .sort_by_key(|s| parse(&s.number).and_then(|n| n.site).unwrap_or(u32::MAX));
    };
    let subject_name = draft.subject.name.trim().to_owned();
    match draft.filing_type {
        Some(FilingType::CancelSubject) => r.status = RecordStatus::Cancelled,
        Some(FilingType::CancelAccess) => r.status = RecordStatus::AccessCancelled,
        Some(FilingType::CancelWebsite) => {
            r.websites
                .retain(|s| !filed.iter().any(|f| f.number == s.number));
        }
        Some(FilingType::ChangeSubject) => {
            r.subject_name = subject_name;
            r.status = RecordStatus::Active;
        }
        Some(FilingType::ChangeAccess) => r.status = RecordStatus::Active,
        // 首次备案, 接入, 新增网站, 变更网站, 认领: the subject as filed and its websites.
        _ => {
            if !subject_name.is_empty() {
                r.subject_name = subject_name;
            }
            merge(&mut r);
            r.status = RecordStatus::Active;
        }
    }
    r
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Website;

    fn draft(kind: FilingType, domains: &[&str]) -> FilingDraft {
        let mut d = FilingDraft {
            filing_type: Some(kind),
            ..FilingDraft::default()
        };
        d.subject.name = "张三".to_owned();
        d.subject.region.province = "44".to_owned();
        for domain in domains {
            d.websites.push(Website {
                domain: (*domain).to_owned(),
                name: format!("{domain} 的网站"),
                ..Website::default()
            });
        }
        d
    }

    const SUBJECT: &str = "粤ICP备2026000001号";

    fn first() -> FilingRecord {
        apply(
            None,
            &draft(FilingType::FirstFiling, &["a.cn", "b.cn"]),
            SUBJECT,
            &[format!("{SUBJECT}-1"), format!("{SUBJECT}-2")],
        )
    }

    #[test]
    fn a_first_filing_becomes_an_active_record_with_its_sites() {
        let r = first();
        assert_eq!(r.subject_number, SUBJECT);
        assert_eq!(r.province, "44");
        assert_eq!(r.subject_name, "张三");
        assert_eq!(r.status, RecordStatus::Active);
        let numbers: Vec<&str> = r.websites.iter().map(|s| s.number.as_str()).collect();
        assert_eq!(numbers, [format!("{SUBJECT}-1"), format!("{SUBJECT}-2")]);
    }

    #[test]
    fn filings_on_a_record_keep_its_numbers_and_number_new_sites_after_the_last() {
        let mut more = draft(FilingType::NewSiteHere, &["c.cn"]);
        more.existing_filing.icp_number = format!("{SUBJECT}-2");
        assert_eq!(named_subject_number(&more).as_deref(), Some(SUBJECT));
        let (subject, sites) = numbers_from_record(&first(), &more);
        assert_eq!(subject, SUBJECT);
        assert_eq!(sites, [format!("{SUBJECT}-3")]);
        let r = apply(Some(first()), &more, &subject, &sites);
        assert_eq!(r.websites.len(), 3);
        // 变更网站 of b.cn: its number stays, its name changes.
        let mut change = draft(FilingType::ChangeWebsite, &["B.cn"]);
        change.websites[0].name = "新名字".to_owned();
        let (_, sites) = numbers_from_record(&r, &change);
        assert_eq!(sites, [format!("{SUBJECT}-2")]);
        let r = apply(Some(r), &change, SUBJECT, &sites);
        assert_eq!(r.websites[1].name, "新名字");
        assert_eq!(r.websites.len(), 3);
    }

    #[test]
    fn cancellations_remove_a_site_or_end_the_record() {
        let cancel_site = draft(FilingType::CancelWebsite, &["a.cn"]);
        let (_, sites) = numbers_from_record(&first(), &cancel_site);
        let r = apply(Some(first()), &cancel_site, SUBJECT, &sites);
        assert_eq!(r.websites.len(), 1);
        assert_eq!(r.websites[0].domain, "b.cn");
        assert_eq!(r.status, RecordStatus::Active);
        let r = apply(Some(r), &draft(FilingType::CancelAccess, &[]), SUBJECT, &[]);
        assert_eq!(r.status, RecordStatus::AccessCancelled);
        let r = apply(Some(r), &draft(FilingType::ChangeAccess, &[]), SUBJECT, &[]);
        assert_eq!(r.status, RecordStatus::Active);
        let r = apply(
            Some(r),
            &draft(FilingType::CancelSubject, &[]),
            SUBJECT,
            &[],
        );
        assert_eq!(r.status, RecordStatus::Cancelled);
        let mut renamed = draft(FilingType::ChangeSubject, &[]);
        renamed.subject.name = "张三丰".to_owned();
        assert_eq!(
            apply(Some(first()), &renamed, SUBJECT, &[]).subject_name,
            "张三丰"
        );
    }
}
