//! The 网站备案信息真实性核验单 of one website, filled in from the application: the applicant
//! downloads it, prints it, signs it (a unit also seals it) and uploads a photo of it. What to fill
//! in and sign depends on the filer and the province (`data/verification-form-notes.tsv`).
//!
//! This module only gathers the content; the server lays it out as a printable page.

use crate::data_file;
use crate::document::{FilingDraft, Person};
use crate::{provinces, regions, site_name, subject};

const NOTES: &str = include_str!(concat!(env!("OUT_DIR"), "/verification-form-notes.tsv"));

/// One line of the form: its label in both languages and the value from the application
/// (empty: to be written by hand).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FormRow {
    pub label_zh: &'static str,
    pub label_en: &'static str,
    pub value: String,
}

/// How to fill in and sign the form, in both languages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FormNote {
    pub zh: &'static str,
    pub en: &'static str,
}

/// The form of one website.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VerificationForm {
    /// The website's index in the application.
    pub website: usize,
    pub subject: Vec<FormRow>,
    pub site: Vec<FormRow>,
    pub owner: Vec<FormRow>,
    pub notes: Vec<FormNote>,
    /// A unit seals the form (公章) besides the signature.
    pub seal: bool,
    /// The signer also leaves a fingerprint (Jiangxi, personal).
    pub fingerprint: bool,
    /// The date of the notes data.
    pub as_of: &'static str,
}

/// Which filer a note row is for: everyone, personal filers, units, or units whose credit code
/// starts with the given category (`credit_code:92`, 个体工商户).
fn filer_matches(filer: &str, personal: bool, credit_code: &str) -> bool {
    match filer {
        "all" => true,
        "personal" => personal,
        "unit" => !personal,
        _ => filer
            .strip_prefix("credit_code:")
            .is_some_and(|prefix| !personal && credit_code.starts_with(prefix)),
    }
}

fn row(label_zh: &'static str, label_en: &'static str, value: impl Into<String>) -> FormRow {
    FormRow {
        label_zh,
        label_en,
        value: value.into(),
    }
}

fn certificate(type_id: &str, number: &str) -> String {
    let name = subject::certificate_type(type_id).map_or(type_id, |c| c.name_zh);
    format!("{name} {}", number.trim()).trim().to_owned()
}

fn person_rows(p: &Person) -> Vec<FormRow> {
    vec![
        row("姓名", "Name", p.name.trim()),
        row(
            "证件",
            "Certificate",
            certificate(&p.certificate_type, &p.certificate_number),
        ),
        row("手机号码", "Mobile", p.mobile.trim()),
        row("电子邮箱", "Email", p.email.trim()),
    ]
}

/// The region's names and the mailing address as the form prints them.
fn mailing_address(d: &FilingDraft) -> String {
    let r = &d.subject.region;
    let mut region: String = [&r.province, &r.city, &r.district]
        .iter()
        .filter_map(|c| regions::find(c).map(|d| d.name))
        .collect();
    if region.is_empty() {
        region = provinces::province_name(&r.province).to_owned();
    }
    format!("{region}{}", d.subject.mailing_address.trim())
}

/// The form of website `index`, or `None` when the application has no such website or its
/// 性质 is not chosen yet (the signing rules depend on it).
pub fn verification_form(d: &FilingDraft, index: usize) -> Option<VerificationForm> {
    let site = d.websites.get(index)?;
    let personal = d.subject.is_personal()?;
    let credit_code = d.subject.certificate_number.trim().to_ascii_uppercase();
    let province = d.subject.region.province.as_str();
    let file = data_file::parse(NOTES);
    let rows: Vec<(&str, FormNote)> = file
        .rows
        .iter()
        .filter_map(|r| match r.as_slice() {
            [filer, prov, mark, zh, en, ..] => Some((*filer, *prov, *mark, *zh, *en)),
            _ => None,
        })
        .filter(|(filer, prov, ..)| {
            filer_matches(filer, personal, &credit_code) && (*prov == "*" || *prov == province)
        })
        .map(|(_, _, mark, zh, en)| (mark, FormNote { zh, en }))
        .collect();
    let marked = |m: &str| rows.iter().any(|(mark, _)| *mark == m);
    let notes = rows.iter().map(|(_, n)| *n).collect();

    let nature = d
        .subject
        .nature
        .and_then(subject::nature)
        .map_or("", |n| n.name_zh);
    let subject_rows = vec![
        row("主办单位名称", "Subject", d.subject.name.trim()),
        row("主办单位性质", "Nature", nature),
        row(
            "主办单位证件",
            "Certificate",
            certificate(&d.subject.certificate_type, &d.subject.certificate_number),
        ),
        row("通讯地址", "Mailing address", mailing_address(d)),
        row(
            "主体负责人",
            "Responsible person",
            d.subject_owner.name.trim(),
        ),
    ];

    let domain = crate::check_domain("", &site.domain)
        .normalized
        .map_or_else(|| site.domain.trim().to_owned(), |n| n.unicode);
    // Where the province asks for the registrar after each domain (Beijing): a space to write it.
    let domain = if marked("registrar_after_domain") {
        format!("{domain}（注册商 registrar：＿＿＿＿＿＿）")
    } else {
        domain
    };
    let approval_items: Vec<String> = site
        .approvals
        .iter()
        .map(|a| {
            let kind = site_name::approval_types()
                .iter()
                .find(|(id, _, _)| *id == a.kind)
                .map_or(a.kind.as_str(), |(_, zh, _)| zh);
            format!("{kind} {}", a.number.trim()).trim().to_owned()
        })
        .collect();
    let site_rows = vec![
        row("网站名称", "Website name", site.name.trim()),
        row("网站域名", "Domain", domain),
        row("网站首页 URL", "Homepage URL", site.homepage_url.trim()),
        row(
            "网站服务内容",
            "Service content",
            site.service_content.join("、"),
        ),
        row("网站语言", "Languages", site.languages.join("、")),
        row(
            "前置审批",
            "Pre-approvals",
            if approval_items.is_empty() {
                "无".to_owned()
            } else {
                approval_items.join("；")
            },
        ),
    ];

    Some(VerificationForm {
        website: index,
        subject: subject_rows,
        site: site_rows,
        owner: person_rows(&site.owner),
        notes,
        seal: !personal,
        fingerprint: marked("fingerprint"),
        as_of: file.as_of,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn example() -> FilingDraft {
        serde_json::from_str(include_str!(
            "../../../docs/examples/first-filing-personal.json"
        ))
        .expect("the example draft")
    }

    fn value<'a>(rows: &'a [FormRow], label: &str) -> &'a str {
        &rows
            .iter()
            .find(|r| r.label_zh == label)
            .expect(label)
            .value
    }

    #[test]
    fn a_personal_form_is_filled_in_from_the_application_and_signed_only() {
        let d = example();
        let f = verification_form(&d, 0).expect("a form");
        assert_eq!(value(&f.subject, "主办单位名称"), d.subject.name);
        assert_eq!(value(&f.site, "网站名称"), d.websites[0].name);
        assert_eq!(value(&f.owner, "姓名"), d.websites[0].owner.name);
        assert!(value(&f.owner, "证件").starts_with("居民身份证 "));
        assert!(!f.seal);
        assert!(f
            .notes
            .iter()
            .any(|n| n.zh.contains("只需网站负责人本人签字")));
        assert!(!f.notes.iter().any(|n| n.zh.contains("公章")));
        assert_eq!(f.as_of, "2026-11-23");
    }

    #[test]
    fn a_unit_seals_and_an_individual_business_without_a_seal_is_told_what_to_write() {
        let mut d = example();
        d.subject.nature = Some(4);
        d.subject.certificate_number = "92440300MA5DXXXXXX".into();
        let f = verification_form(&d, 0).expect("a form");
        assert!(f.seal);
        assert!(f.notes.iter().any(|n| n.zh.contains("公章")));
        assert!(f.notes.iter().any(|n| n.zh.contains("个体工商户无公章")));
        d.subject.certificate_number = "91440300MA5DXXXXXX".into();
        let f = verification_form(&d, 0).expect("a form");
        assert!(!f.notes.iter().any(|n| n.zh.contains("个体工商户无公章")));
    }

    #[test]
    fn province_notes_beijing_registrar_and_jiangxi_fingerprint() {
        let mut d = example();
        d.subject.region.province = "11".into();
        let f = verification_form(&d, 0).expect("a form");
        assert!(value(&f.site, "网站域名").contains("注册商"));
        assert!(f.notes.iter().any(|n| n.zh.starts_with("北京")));
        d.subject.region.province = "36".into();
        let f = verification_form(&d, 0).expect("a form");
        assert!(f.fingerprint);
        assert!(!value(&f.site, "网站域名").contains("注册商"));
    }

    #[test]
    fn no_form_for_a_missing_site_or_an_unknown_nature() {
        let mut d = example();
        assert!(verification_form(&d, 7).is_none());
        d.subject.nature = None;
        assert!(verification_form(&d, 0).is_none());
    }
}
