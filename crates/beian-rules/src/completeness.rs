//! What an application must contain before it can be submitted, per filing type (the fields the
//! Alibaba guides ask for in each flow), the product check's formats, the length limits on free
//! text, and the personal filer as their own responsible person.

use crate::document::{fields, FilingDraft, FilingType, Person, ProductKind};
use crate::finding::{Finding, RuleCode};

/// Longest name accepted (subject, person, investor).
pub const MAX_NAME_CHARS: usize = 64;
/// Longest remark accepted.
pub const MAX_REMARK_CHARS: usize = 500;
/// Longest 备案密码, instance id and 备案服务号 accepted.
pub const MAX_PASSWORD_CHARS: usize = 64;
pub const MAX_INSTANCE_ID_CHARS: usize = 64;
pub const MAX_SERVICE_NUMBER_CHARS: usize = 32;

/// The parts a filing type carries.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Needs {
    /// A server instance or 备案服务号.
    pub product: bool,
    /// The existing 备案号.
    pub icp_number: bool,
    /// The 备案密码.
    pub password: bool,
    /// 主办单位 and 主体负责人.
    pub subject: bool,
    /// At least one website.
    pub websites: bool,
}

/// What each filing type asks for (the flows of the seed documents).
pub fn needs(t: FilingType) -> Needs {
    use FilingType::*;
    let n = |product, icp_number, password, subject, websites| Needs {
        product,
        icp_number,
        password,
        subject,
        websites,
    };
    match t {
        FirstFiling => n(true, false, false, true, true),
        AccessNew | AccessContinue | NewSiteElsewhere => n(true, true, true, true, true),
        NewSiteHere => n(true, true, false, false, true),
        ChangeSubject => n(false, true, false, true, false),
        ChangeWebsite => n(false, true, false, false, true),
        ChangeAccess => n(true, true, false, false, true),
        CancelSubject => n(false, true, true, false, false),
        CancelWebsite | CancelAccess => n(false, true, true, false, true),
        Claim => n(false, true, false, true, false),
    }
}

/// The parts to validate: those of the type, or all while the type is not determined yet
/// (the first step determines it from the subject and domain).
pub fn needs_of(draft: &FilingDraft) -> Needs {
    draft.filing_type.map_or(
        Needs {
            product: false,
            icp_number: false,
            password: false,
            subject: true,
            websites: true,
        },
        needs,
    )
}

struct Out(Vec<Finding>);

impl Out {
    fn required(&mut self, field: &str, value: &str, label: &str, label_en: &str) {
        if value.trim().is_empty() {
            self.0.push(Finding::new(
                field,
                RuleCode::FormRequired,
                &[("label", label), ("label_en", label_en)],
            ));
        }
    }

    fn max(&mut self, field: &str, value: &str, max: usize, label: &str, label_en: &str) {
        if value.chars().count() > max {
            self.0.push(Finding::new(
                field,
                RuleCode::FormTooLong,
                &[
                    ("label", label),
                    ("label_en", label_en),
                    ("max", &max.to_string()),
                ],
            ));
        }
    }
}

pub fn check_completeness(draft: &FilingDraft) -> Vec<Finding> {
    let mut out = Out(Vec::new());
    let Some(kind) = draft.filing_type else {
        out.0.push(Finding::new(
            fields::FILING_TYPE,
            RuleCode::FormRequired,
            &[("label", "备案类型"), ("label_en", "filing type")],
        ));
        lengths(draft, &mut out);
        return out.0;
    };
    let needs = needs(kind);
    if needs.product {
        product(draft, &mut out);
    }
    if needs.icp_number {
        out.required(
            fields::ICP_NUMBER,
            &draft.existing_filing.icp_number,
            "备案号",
            "ICP filing number",
        );
    }
    if needs.password {
        out.required(
            fields::PASSWORD,
            &draft.existing_filing.password,
            "备案密码",
            "filing password",
        );
    }
    if needs.subject {
        let s = &draft.subject;
        out.required(
            fields::SUBJECT_NAME,
            &s.name,
            "主办单位名称",
            "subject name",
        );
        out.required(
            fields::CERTIFICATE_ADDRESS,
            &s.certificate_address,
            "证件住所",
            "certificate address",
        );
        out.required(
            fields::MAILING_ADDRESS,
            &s.mailing_address,
            "通讯地址",
            "mailing address",
        );
        if s.is_personal() == Some(false) {
            out.required(
                fields::INVESTOR,
                &s.investor,
                "投资人或主管单位",
                "investor or supervising body",
            );
        }
        person("subject_owner", &draft.subject_owner, &mut out);
    }
    if needs.websites {
        if draft.websites.is_empty() {
            out.0
                .push(Finding::new(fields::WEBSITES, RuleCode::FormNoWebsite, &[]));
        }
        // Cancelling names the sites by their domains only.
        let details = !matches!(kind, FilingType::CancelWebsite | FilingType::CancelAccess);
        for (i, site) in draft.websites.iter().enumerate() {
            out.required(
                &fields::website(i, "domain"),
                &site.domain,
                "域名",
                "domain",
            );
            if details {
                out.required(
                    &fields::website(i, "name"),
                    &site.name,
                    "网站名称",
                    "site name",
                );
                if site.languages.is_empty() {
                    out.0.push(Finding::new(
                        &fields::website(i, "languages"),
                        RuleCode::FormRequired,
                        &[("label", "网站语言"), ("label_en", "site language")],
                    ));
                }
                person(&fields::website(i, "owner"), &site.owner, &mut out);
                if draft.subject.is_personal() == Some(true) {
                    // Personal filings describe the planned content in the remark.
                    out.required(
                        &fields::website(i, "remark"),
                        &site.remark,
                        "备注（说明网站内容）",
                        "remark describing the content",
                    );
                }
            }
        }
    }
    if !draft.declarations.information_true {
        out.0.push(Finding::new(
            "declarations.information_true",
            RuleCode::FormRequired,
            &[
                ("label", "信息真实性确认"),
                ("label_en", "confirmation that the information is true"),
            ],
        ));
    }
    if needs.subject && draft.subject.is_personal() == Some(true) {
        personal_owner(draft, &mut out);
    }
    lengths(draft, &mut out);
    out.0
}

fn product(draft: &FilingDraft, out: &mut Out) {
    let p = &draft.product;
    match p.kind {
        None => out.0.push(Finding::new(
            fields::PRODUCT_KIND,
            RuleCode::FormRequired,
            &[
                ("label", "产品验证（实例或备案服务号）"),
                ("label_en", "product check (instance or 备案服务号)"),
            ],
        )),
        Some(ProductKind::Instance) => {
            let id = p.instance_id.trim();
            out.required(fields::INSTANCE_ID, id, "实例 ID", "instance ID");
            let ok = id.chars().count() <= MAX_INSTANCE_ID_CHARS
                && id
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
            if !id.is_empty() && !ok {
                out.0.push(Finding::new(
                    fields::INSTANCE_ID,
                    RuleCode::ProductInstanceFormat,
                    &[("max", &MAX_INSTANCE_ID_CHARS.to_string())],
                ));
            }
        }
        Some(ProductKind::ServiceNumber) => {
            let n = p.service_number.trim();
            out.required(
                fields::SERVICE_NUMBER,
                n,
                "备案服务号",
                "filing service number",
            );
            let ok = n.chars().count() <= MAX_SERVICE_NUMBER_CHARS
                && n.bytes().all(|b| b.is_ascii_alphanumeric());
            if !n.is_empty() && !ok {
                out.0.push(Finding::new(
                    fields::SERVICE_NUMBER,
                    RuleCode::ProductServiceNumberFormat,
                    &[("max", &MAX_SERVICE_NUMBER_CHARS.to_string())],
                ));
            }
        }
    }
}

fn person(prefix: &str, p: &Person, out: &mut Out) {
    let f = |name: &str| format!("{prefix}.{name}");
    out.required(
        &f("name"),
        &p.name,
        "负责人姓名",
        "responsible person's name",
    );
    out.required(
        &f("certificate_type"),
        &p.certificate_type,
        "负责人证件类型",
        "responsible person's certificate type",
    );
    out.required(
        &f("certificate_number"),
        &p.certificate_number,
        "负责人证件号码",
        "responsible person's certificate number",
    );
    out.required(&f("mobile"), &p.mobile, "手机号码", "mobile number");
    out.required(
        &f("emergency_phone"),
        &p.emergency_phone,
        "应急联系电话",
        "emergency phone",
    );
    out.required(&f("email"), &p.email, "电子邮箱", "email");
}

/// A person files for themself: the 主体负责人 is the subject.
fn personal_owner(draft: &FilingDraft, out: &mut Out) {
    let s = &draft.subject;
    let o = &draft.subject_owner;
    let differs = |a: &str, b: &str| {
        let (a, b) = (a.trim(), b.trim());
        !a.is_empty() && !b.is_empty() && !a.eq_ignore_ascii_case(b)
    };
    for (field, a, b, what, what_en) in [
        ("subject_owner.name", &o.name, &s.name, "姓名", "name"),
        (
            "subject_owner.certificate_number",
            &o.certificate_number,
            &s.certificate_number,
            "证件号码",
            "certificate number",
        ),
    ] {
        if differs(a, b) {
            out.0.push(Finding::new(
                field,
                RuleCode::PersonalOwnerMismatch,
                &[("what", what), ("what_en", what_en)],
            ));
        }
    }
}

/// Size limits on the free-text fields (the certificate number, addresses, domains and site
/// names have their own rules).
fn lengths(draft: &FilingDraft, out: &mut Out) {
    let s = &draft.subject;
    out.max(
        fields::SUBJECT_NAME,
        &s.name,
        MAX_NAME_CHARS,
        "主办单位名称",
        "subject name",
    );
    out.max(
        fields::INVESTOR,
        &s.investor,
        MAX_NAME_CHARS,
        "投资人或主管单位",
        "investor or supervising body",
    );
    out.max(
        fields::SUBJECT_REMARK,
        &s.remark,
        MAX_REMARK_CHARS,
        "主体备注",
        "subject remark",
    );
    out.max(
        fields::PASSWORD,
        &draft.existing_filing.password,
        MAX_PASSWORD_CHARS,
        "备案密码",
        "filing password",
    );
    let mut name = |field: String, p: &Person| {
        out.max(
            &field,
            &p.name,
            MAX_NAME_CHARS,
            "负责人姓名",
            "responsible person's name",
        );
    };
    name("subject_owner.name".into(), &draft.subject_owner);
    for (i, site) in draft.websites.iter().enumerate() {
        name(fields::website(i, "owner.name"), &site.owner);
    }
    for (i, site) in draft.websites.iter().enumerate() {
        out.max(
            &fields::website(i, "remark"),
            &site.remark,
            MAX_REMARK_CHARS,
            "备注",
            "remark",
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Website;
    use crate::subject::PERSONAL_NATURE;

    fn codes_of(d: &FilingDraft) -> Vec<(String, &'static str)> {
        check_completeness(d)
            .into_iter()
            .map(|f| (f.field, f.code.as_str()))
            .collect()
    }

    #[test]
    fn without_a_type_only_the_type_is_asked_for() {
        let d = FilingDraft::default();
        assert_eq!(codes_of(&d), [("filing_type".to_owned(), "form.required")]);
    }

    #[test]
    fn each_type_asks_for_its_parts() {
        let mut d = FilingDraft {
            filing_type: Some(FilingType::CancelSubject),
            ..FilingDraft::default()
        };
        d.declarations.information_true = true;
        let fields: Vec<String> = codes_of(&d).into_iter().map(|c| c.0).collect();
        assert_eq!(
            fields,
            ["existing_filing.icp_number", "existing_filing.password"]
        );

        d.filing_type = Some(FilingType::FirstFiling);
        let c = codes_of(&d);
        for field in [
            "product.kind",
            "subject.name",
            "subject.certificate_address",
            "subject.mailing_address",
            "subject_owner.mobile",
            "websites",
        ] {
            assert!(c.iter().any(|(f, _)| f == field), "{field}: {c:?}");
        }
        assert!(!c.iter().any(|(f, _)| f.starts_with("existing_filing")));
    }

    #[test]
    fn product_formats() {
        let mut d = FilingDraft {
            filing_type: Some(FilingType::FirstFiling),
            ..FilingDraft::default()
        };
        d.product.kind = Some(ProductKind::Instance);
        d.product.instance_id = "i-0f51kpgj00en5yq8".into();
        assert!(!codes_of(&d).iter().any(|(f, _)| f.starts_with("product")));
        d.product.instance_id = "i-0f51 kpgj<".into();
        assert!(
            codes_of(&d).contains(&("product.instance_id".into(), "product.instance_id_format"))
        );
        d.product.kind = Some(ProductKind::ServiceNumber);
        d.product.service_number = "备案".into();
        assert!(codes_of(&d).contains(&(
            "product.service_number".into(),
            "product.service_number_format"
        )));
    }

    #[test]
    fn a_personal_filer_is_their_own_responsible_person_and_describes_the_site() {
        let mut d = FilingDraft {
            filing_type: Some(FilingType::FirstFiling),
            ..FilingDraft::default()
        };
        d.subject.nature = Some(PERSONAL_NATURE);
        d.subject.name = "张三".into();
        d.subject_owner.name = "李四".into();
        d.websites.push(Website::default());
        let c = codes_of(&d);
        assert!(c.contains(&(
            "subject_owner.name".into(),
            "subject_owner.personal_mismatch"
        )));
        assert!(c.contains(&("websites[0].remark".into(), "form.required")));
        assert!(!c.iter().any(|(f, _)| f == "subject.investor"));
    }

    #[test]
    fn long_text_is_refused() {
        let mut d = FilingDraft::default();
        d.subject.remark = "字".repeat(MAX_REMARK_CHARS + 1);
        assert!(codes_of(&d).contains(&("subject.remark".into(), "form.too_long")));
    }
}
