//! Rules across the websites of an order: a domain only once (the province's domain limit is in
//! `province_rules.rs`), the
//! suffixes a subject nature must or may not use (`data/nature-domains.tsv`), and the homepage
//! on the site's own domain.

use std::sync::OnceLock;

use crate::data_file;
use crate::document::{fields, Website};
use crate::domain::{check_domain, NormalizedDomain};
use crate::finding::{Finding, RuleCode};

const NATURE_DOMAINS: &str = include_str!(concat!(env!("OUT_DIR"), "/nature-domains.tsv"));

struct NatureDomainRule {
    must_use: bool,
    natures: Vec<u8>,
    suffixes: Vec<&'static str>,
}

fn nature_rules() -> &'static [NatureDomainRule] {
    static R: OnceLock<Vec<NatureDomainRule>> = OnceLock::new();
    R.get_or_init(|| {
        data_file::parse(NATURE_DOMAINS)
            .rows
            .iter()
            .filter_map(|r| {
                Some(NatureDomainRule {
                    must_use: match *r.first()? {
                        "must_use" => true,
                        "reserved_for" => false,
                        _ => return None,
                    },
                    natures: r
                        .get(1)?
                        .split(',')
                        .filter_map(|n| n.parse().ok())
                        .collect(),
                    suffixes: r.get(2)?.split(',').collect(),
                })
            })
            .collect()
    })
}

/// Whether `domain` (A-labels) lies under `suffix`.
fn under(domain: &str, suffix: &str) -> bool {
    domain == suffix || domain.ends_with(&format!(".{suffix}"))
}

fn suffix_list(suffixes: &[&str]) -> String {
    suffixes
        .iter()
        .map(|s| format!(".{}", crate::idn::domain_to_unicode(s)))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Findings about the websites of an order taken together. `normalized[i]` is the result of
/// [`check_domain`] for `websites[i]` (the caller has it already).
pub fn check_websites(
    websites: &[Website],
    normalized: &[Option<NormalizedDomain>],
    nature: Option<u8>,
) -> Vec<Finding> {
    let mut out = Vec::new();
    for (i, n) in normalized.iter().enumerate() {
        let Some(n) = n else { continue };
        let field = fields::website(i, "domain");
        if normalized[..i]
            .iter()
            .flatten()
            .any(|earlier| earlier.ascii == n.ascii)
        {
            out.push(Finding::new(
                &field,
                RuleCode::DomainDuplicate,
                &[("domain", &n.unicode)],
            ));
        }
        if let Some(nature) = nature {
            out.extend(nature_suffix(&field, n, nature));
        }
        out.extend(check_homepage(
            &fields::website(i, "homepage_url"),
            &websites[i].homepage_url,
            n,
        ));
    }
    out
}

fn nature_suffix(field: &str, n: &NormalizedDomain, nature: u8) -> Vec<Finding> {
    let mut out = Vec::new();
    let nature_name = crate::subject::nature(nature).map_or("", |s| s.name_zh);
    for rule in nature_rules() {
        let applies = rule.natures.contains(&nature);
        let is_under = rule.suffixes.iter().any(|s| under(&n.ascii, s));
        if rule.must_use && applies && !is_under {
            out.push(Finding::new(
                field,
                RuleCode::DomainNatureSuffix,
                &[
                    ("nature", nature_name),
                    ("suffixes", &suffix_list(&rule.suffixes)),
                ],
            ));
        } else if !rule.must_use && !applies && is_under {
            out.push(Finding::new(
                field,
                RuleCode::DomainSuffixReserved,
                &[("suffix", &n.suffix)],
            ));
        }
    }
    out
}

/// The homepage must be an http(s) address on the site's domain (any sub-domain of it).
fn check_homepage(field: &str, url: &str, site: &NormalizedDomain) -> Vec<Finding> {
    let url = url.trim();
    if url.is_empty() {
        return Vec::new();
    }
    let lower = url.to_ascii_lowercase();
    let rest = ["http://", "https://"]
        .iter()
        .find_map(|p| lower.strip_prefix(p).map(|_| &url[p.len()..]));
    let Some(rest) = rest else {
        return vec![Finding::new(field, RuleCode::HomepageInvalid, &[])];
    };
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = host.rsplit_once('@').map_or(host, |(_, h)| h);
    let host = host.split(':').next().unwrap_or("");
    let on_site = check_domain("", host)
        .normalized
        .is_some_and(|n| n.ascii == site.ascii || under(&n.ascii, &site.ascii));
    let host_ascii = host.to_ascii_lowercase();
    let on_site = on_site || under(&host_ascii, &site.ascii);
    if on_site {
        Vec::new()
    } else {
        vec![Finding::new(
            field,
            RuleCode::HomepageNotOnDomain,
            &[("domain", &site.unicode)],
        )]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(domain: &str, homepage: &str) -> Website {
        Website {
            domain: domain.into(),
            homepage_url: homepage.into(),
            ..Website::default()
        }
    }

    /// Normalises the domains first, as `validate_draft` does.
    fn check(sites: &[Website], nature: Option<u8>, _province: &str) -> Vec<Finding> {
        let domains: Vec<_> = sites
            .iter()
            .map(|s| check_domain("", &s.domain).normalized)
            .collect();
        check_websites(sites, &domains, nature)
    }

    fn codes(f: &[Finding]) -> Vec<(String, &'static str)> {
        f.iter()
            .map(|f| (f.field.clone(), f.code.as_str()))
            .collect()
    }

    #[test]
    fn duplicates() {
        let sites = [site("www.example.cn", ""), site("Example.CN", "")];
        assert_eq!(
            codes(&check(&sites, Some(4), "44")),
            [("websites[1].domain".to_owned(), "domain.duplicate")]
        );
    }

    #[test]
    fn government_bodies_and_public_institutions_use_their_suffixes() {
        let f = check(&[site("example.com", "")], Some(2), "11");
        assert_eq!(
            codes(&f),
            [("websites[0].domain".to_owned(), "domain.nature_suffix")]
        );
        assert!(
            f[0].message.zh_cn.contains(".gov.cn"),
            "{}",
            f[0].message.zh_cn
        );
        assert!(check(&[site("beijing.gov.cn", "")], Some(2), "11").is_empty());
        assert!(check(&[site("北京.政务", "")], Some(2), "11").is_empty());
        assert!(check(&[site("school.edu.cn", "")], Some(3), "11").is_empty());
        assert!(check(&[site("例子.公益", "")], Some(3), "11").is_empty());
        assert_eq!(
            codes(&check(&[site("example.com", "")], Some(3), "11")),
            [("websites[0].domain".to_owned(), "domain.nature_suffix")]
        );
        assert_eq!(
            codes(&check(&[site("beijing.gov.cn", "")], Some(4), "11")),
            [("websites[0].domain".to_owned(), "domain.suffix_reserved")]
        );
    }

    #[test]
    fn the_homepage_is_on_the_site() {
        for ok in [
            "https://www.example.cn/",
            "http://example.cn",
            "HTTPS://shop.Example.cn:8443/a?b#c",
            "https://例子.中国",
        ] {
            let domain = if ok.contains("例子") {
                "例子.中国"
            } else {
                "example.cn"
            };
            assert!(check(&[site(domain, ok)], Some(4), "11").is_empty(), "{ok}");
        }
        let f = check(&[site("example.cn", "https://example.com/")], Some(4), "11");
        assert_eq!(
            codes(&f),
            [(
                "websites[0].homepage_url".to_owned(),
                "homepage.not_on_domain"
            )]
        );
        let f = check(&[site("example.cn", "https://1.2.3.4/")], Some(4), "11");
        assert_eq!(f[0].code.as_str(), "homepage.not_on_domain");
        let f = check(&[site("example.cn", "ftp://example.cn/")], Some(4), "11");
        assert_eq!(f[0].code.as_str(), "homepage.invalid");
        let f = check(&[site("example.cn", "www.example.cn")], Some(4), "11");
        assert_eq!(f[0].code.as_str(), "homepage.invalid");
    }
}
