//! Validation of a whole application: every rule that applies, with its findings.

use crate::approvals::check_approvals;
use crate::completeness::{self, check_completeness};
use crate::contact::check_person_contacts;
use crate::date::CivilDate;
use crate::document::{fields, FilingDraft, Person, Region, Subject};
use crate::domain::check_domain;
use crate::filing_number::{check_filing_number, check_police_number};
use crate::filing_type::check_filing_type;
use crate::finding::{Finding, RuleCode};
use crate::identity::{self, NumberContext};
use crate::province_rules::{check_province_rules, ProvinceInput};
use crate::site_name::{check_site_name, check_unique_names, NameContext};
use crate::subject_address::check_addresses;
use crate::upload::{check_required_uploads, check_upload};
use crate::website::check_websites;
use crate::{regions, subject};

/// Longest certificate number accepted (the longest real ones have 18 characters).
pub const MAX_CERTIFICATE_NUMBER_CHARS: usize = 32;

/// What validation needs from outside the document. The rules do no I/O, so the caller says
/// what day it is (in China: UTC+8).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Context {
    /// `None` skips the checks that need today's date (birth date in the future).
    pub today: Option<CivilDate>,
}

impl Context {
    /// The context at `unix_seconds` from the caller's clock: today is the date in China.
    pub fn at_unix_seconds(unix_seconds: i64) -> Context {
        Context {
            today: CivilDate::in_china_at(unix_seconds),
        }
    }
}

/// Every finding for the application. A draft may be saved with errors; submitting needs none.
pub fn validate_draft(draft: &FilingDraft, ctx: &Context) -> Vec<Finding> {
    let needs = completeness::needs_of(draft);
    let province = draft.subject.region.province.as_str();
    let personal = draft.subject.is_personal();
    let mut out = Vec::new();
    let mut certificate_places = Vec::new();
    if needs.subject {
        out.extend(validate_region(&draft.subject.region));
        out.extend(validate_subject(&draft.subject, ctx));
        let addresses = check_addresses(&draft.subject, personal);
        out.extend(addresses.findings);
        certificate_places = addresses.certificate_places;
        out.extend(person("subject_owner", &draft.subject_owner, province, ctx));
    }
    out.extend(check_filing_number(
        fields::ICP_NUMBER,
        &draft.existing_filing.icp_number,
        province,
    ));
    // Each domain is checked once; the order-wide rules get the normalised results.
    let mut domains = Vec::with_capacity(draft.websites.len());
    for (i, site) in draft.websites.iter().enumerate() {
        let name_ctx = NameContext {
            nature: draft.subject.nature,
            province,
            approvals: &site.approvals,
        };
        out.extend(check_site_name(
            &fields::website(i, "name"),
            &site.name,
            &name_ctx,
        ));
        let domain = check_domain(&fields::website(i, "domain"), &site.domain);
        out.extend(domain.findings);
        out.extend(check_approvals(
            i,
            site,
            domain.normalized.as_ref(),
            personal == Some(true),
        ));
        domains.push(domain.normalized);
        out.extend(person(
            &fields::website(i, "owner"),
            &site.owner,
            province,
            ctx,
        ));
        out.extend(check_police_number(
            &fields::website(i, "police_number"),
            &site.police_number,
        ));
    }
    out.extend(check_unique_names(&draft.websites, province));
    out.extend(check_websites(
        &draft.websites,
        &domains,
        draft.subject.nature,
    ));
    for (i, u) in draft.uploads.iter().enumerate() {
        out.extend(check_upload(i, u, draft.websites.len()));
    }
    // Which documents are missing matters once the filing type (and so the flow) is known.
    if draft.filing_type.is_some() && (needs.subject || needs.websites) {
        out.extend(check_required_uploads(draft));
    }
    out.extend(check_province_rules(
        draft,
        &ProvinceInput {
            today: ctx.today,
            certificate_places: &certificate_places,
            domains: domains.iter().flatten().count(),
        },
    ));
    out.extend(check_filing_type(draft));
    out.extend(check_completeness(draft));
    out
}

/// The findings about one field, or about everything under a path (`websites[0]`), judged in the
/// context of the whole application (cross-field and per-province rules included).
pub fn validate_field(draft: &FilingDraft, field: &str, ctx: &Context) -> Vec<Finding> {
    validate_draft(draft, ctx)
        .into_iter()
        .filter(|f| {
            f.field
                .strip_prefix(field)
                .is_some_and(|rest| rest.is_empty() || rest.starts_with(['.', '[']))
        })
        .collect()
}

/// A responsible person: contacts, and the certificate number when its type is known.
fn person(prefix: &str, p: &Person, province: &str, ctx: &Context) -> Vec<Finding> {
    let mut out = check_person_contacts(prefix, &p.mobile, &p.phone2, &p.emergency_phone, &p.email);
    let number = p.certificate_number.trim();
    let field = format!("{prefix}.certificate_number");
    if number.chars().count() > MAX_CERTIFICATE_NUMBER_CHARS {
        out.push(Finding::new(
            &field,
            RuleCode::CertificateNumberTooLong,
            &[("max", &MAX_CERTIFICATE_NUMBER_CHARS.to_string())],
        ));
    } else if let (false, Some(certificate)) = (
        number.is_empty(),
        subject::certificate_type(&p.certificate_type),
    ) {
        out.extend(identity::check_number(
            &field,
            number,
            &NumberContext {
                certificate,
                nature: None,
                province,
                today: ctx.today,
            },
        ));
    }
    out
}

/// The region: each level chosen, existing, and inside the level above.
pub fn validate_region(region: &Region) -> Vec<Finding> {
    let levels = [
        (fields::PROVINCE, region.province.as_str(), "", "省"),
        (
            fields::CITY,
            region.city.as_str(),
            region.province.as_str(),
            "市",
        ),
        (
            fields::DISTRICT,
            region.district.as_str(),
            region.city.as_str(),
            "区县",
        ),
    ];
    let mut out = Vec::new();
    for (field, code, parent, level) in levels {
        if code.is_empty() {
            // A city with no counties below it needs no county.
            let parent_has_children =
                parent.is_empty() || regions::children(parent).next().is_some();
            if parent_has_children {
                out.push(Finding::new(
                    field,
                    RuleCode::RegionRequired,
                    &[("level", level)],
                ));
            }
            break;
        }
        if !regions::is_loaded() {
            // The browser fetches the table after the first render; until then only
            // "chosen or not" is known.
            continue;
        }
        let Some(division) = regions::find(code) else {
            out.push(Finding::new(
                field,
                RuleCode::RegionUnknown,
                &[("code", code)],
            ));
            break;
        };
        if division.parent_code().unwrap_or("") != parent {
            out.push(Finding::new(
                field,
                RuleCode::RegionNotInParent,
                &[("name", division.name)],
            ));
            break;
        }
    }
    out
}

fn validate_subject(s: &Subject, ctx: &Context) -> Vec<Finding> {
    let mut out = Vec::new();
    let nature = match s.nature {
        None => {
            out.push(Finding::new(
                fields::SUBJECT_NATURE,
                RuleCode::SubjectNatureRequired,
                &[],
            ));
            None
        }
        Some(id) => {
            let n = subject::nature(id);
            if n.is_none() {
                out.push(Finding::new(
                    fields::SUBJECT_NATURE,
                    RuleCode::SubjectNatureUnknown,
                    &[("nature", &id.to_string())],
                ));
            }
            n
        }
    };
    if s.certificate_type.is_empty() {
        out.push(Finding::new(
            fields::CERTIFICATE_TYPE,
            RuleCode::CertificateTypeRequired,
            &[],
        ));
    } else if let Some(nature) = nature {
        if !nature.certificates.contains(&s.certificate_type.as_str()) {
            let (zh, en) = subject::certificate_type(&s.certificate_type).map_or(
                (s.certificate_type.as_str(), s.certificate_type.as_str()),
                |c| (c.name_zh, c.name_en),
            );
            out.push(Finding::new(
                fields::CERTIFICATE_TYPE,
                RuleCode::CertificateTypeNotAllowed,
                &[
                    ("nature", nature.name_zh),
                    ("nature_en", nature.name_en),
                    ("certificate", zh),
                    ("certificate_en", en),
                ],
            ));
        }
    }
    let number = s.certificate_number.trim();
    if number.is_empty() {
        out.push(Finding::new(
            fields::CERTIFICATE_NUMBER,
            RuleCode::CertificateNumberRequired,
            &[],
        ));
    } else if number.chars().count() > MAX_CERTIFICATE_NUMBER_CHARS {
        out.push(Finding::new(
            fields::CERTIFICATE_NUMBER,
            RuleCode::CertificateNumberTooLong,
            &[("max", &MAX_CERTIFICATE_NUMBER_CHARS.to_string())],
        ));
    } else if let Some(certificate) = subject::certificate_type(&s.certificate_type) {
        out.extend(identity::check_number(
            fields::CERTIFICATE_NUMBER,
            number,
            &NumberContext {
                certificate,
                nature,
                province: &s.region.province,
                today: ctx.today,
            },
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Website, DRAFT_SCHEMA_VERSION};

    fn complete() -> FilingDraft {
        FilingDraft {
            schema_version: DRAFT_SCHEMA_VERSION,
            subject: Subject {
                region: Region {
                    province: "44".into(),
                    city: "4403".into(),
                    district: "440305".into(),
                },
                nature: Some(5),
                certificate_type: "resident_id".into(),
                certificate_number: "440524188001010014".into(),
                ..Subject::default()
            },
            websites: vec![Website {
                domain: "example.cn".into(),
                ..Website::default()
            }],
            ..FilingDraft::default()
        }
    }

    #[test]
    fn a_first_step_draft_lacks_only_the_filing_type() {
        let f = validate_draft(&complete(), &Context::default());
        let errors: Vec<(&str, &str)> = f
            .iter()
            .filter(|f| f.is_error())
            .map(|f| (f.field.as_str(), f.code.as_str()))
            .collect();
        assert_eq!(errors, [("filing_type", "form.required")], "{f:?}");
        assert!(f.iter().any(|f| f.code == RuleCode::DomainSuffixFileable));
    }

    #[test]
    fn one_field_in_its_context() {
        let mut d = complete();
        d.websites[0].domain = "blog.example.cn".into();
        let f = validate_field(&d, "websites[0].domain", &Context::default());
        assert!(f.iter().all(|f| f.field == "websites[0].domain"));
        assert!(f.iter().any(|f| f.code == RuleCode::DomainSubdomain));
        let under = validate_field(&d, "websites[0]", &Context::default());
        assert_eq!(under.len(), f.len());
        assert!(validate_field(&d, "websites[0].dom", &Context::default()).is_empty());
    }

    #[test]
    fn every_website_is_checked_on_its_own_path() {
        let mut d = complete();
        d.websites.push(Website {
            domain: "blog.example.cn".into(),
            ..Website::default()
        });
        let f = validate_draft(&d, &Context::default());
        let sub = f
            .iter()
            .find(|f| f.code == RuleCode::DomainSubdomain)
            .unwrap();
        assert_eq!(sub.field, "websites[1].domain");
    }

    #[test]
    fn shaanxi_refuses_two_sites_with_one_name() {
        let mut d = complete();
        d.subject.region = Region {
            province: "61".into(),
            city: "6101".into(),
            district: "610102".into(),
        };
        d.subject.certificate_number = "610102199003071238".into();
        for (i, domain) in ["a-notes.cn", "b-notes.cn"].iter().enumerate() {
            if i >= d.websites.len() {
                d.websites.push(Website::default());
            }
            d.websites[i].domain = (*domain).into();
            d.websites[i].name = "张三的学习笔记".into();
        }
        let f = validate_draft(&d, &Context::default());
        let dup: Vec<&Finding> = f
            .iter()
            .filter(|f| f.code == RuleCode::SiteNameDuplicate)
            .collect();
        assert_eq!(dup.len(), 1, "{f:?}");
        assert_eq!(dup[0].field, "websites[1].name");
        assert!(dup[0].message.zh_cn.contains("陕西省"));
        // The same order filed in Guangdong may share the name.
        d.subject.region.province = "44".into();
        assert!(!validate_draft(&d, &Context::default())
            .iter()
            .any(|f| f.code == RuleCode::SiteNameDuplicate));
    }

    #[test]
    fn the_order_wide_website_rules_run() {
        let mut d = complete();
        d.websites.push(Website {
            domain: "www.example.cn".into(),
            homepage_url: "https://example.com/".into(),
            ..Website::default()
        });
        let findings = validate_draft(&d, &Context::default());
        let codes: Vec<(&str, &str)> = findings
            .iter()
            .filter(|f| f.field.starts_with("websites[1]"))
            .map(|f| (f.field.as_str(), f.code.as_str()))
            .collect();
        assert!(
            codes.contains(&("websites[1].domain", "domain.duplicate")),
            "{codes:?}"
        );
        assert!(
            codes.contains(&("websites[1].homepage_url", "homepage.not_on_domain")),
            "{codes:?}"
        );

        d.uploads.push(crate::document::UploadMeta {
            kind: "licence".into(),
            mime: "image/gif".into(),
            ..Default::default()
        });
        let f = validate_draft(&d, &Context::default());
        assert!(f
            .iter()
            .any(|f| f.field == "uploads[0].mime" && f.code == RuleCode::UploadFileType));
    }

    #[test]
    fn a_district_of_another_city_is_refused() {
        let mut d = complete();
        d.subject.region.district = "110101".into();
        let f = validate_draft(&d, &Context::default());
        assert_eq!(f[0].code, RuleCode::RegionNotInParent);
        assert_eq!(f[0].field, fields::DISTRICT);
    }

    #[test]
    fn an_individual_cannot_file_with_a_business_licence() {
        let mut d = complete();
        d.subject.certificate_type = "business_licence".into();
        let f = validate_draft(&d, &Context::default());
        assert_eq!(f[0].code, RuleCode::CertificateTypeNotAllowed);
        assert!(f[0].message.zh_cn.contains("个人"));
        assert!(f[0].message.en.contains("Business licence"));
    }
}
