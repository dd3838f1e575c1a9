//! The domain a website is filed under: syntax, IDNA normalisation, registrable domain, and
//! whether its suffix can be filed (icp-rules.md §3).

use serde::{Deserialize, Serialize};

use crate::finding::{Finding, RuleCode};
use crate::idn::{self, LabelError};
use crate::suffixes::{self, SuffixClass};

/// Longest domain name in DNS (RFC 1035), in A-label characters.
pub const MAX_DOMAIN_LEN: usize = 253;
/// Longest label in DNS.
pub const MAX_LABEL_LEN: usize = 63;
/// Input longer than this (in characters) is refused before any other work.
const MAX_INPUT_CHARS: usize = 300;

/// The domain as it will be filed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NormalizedDomain {
    /// The registrable domain in A-labels (`xn--fsqu00a.xn--fiqs8s`), lowercase, no `www.`.
    pub ascii: String,
    /// The same in U-labels for display (`例子.中国`).
    pub unicode: String,
    /// The suffix it is registered under, in A-labels (`com.cn`).
    pub suffix: String,
    pub suffix_class: SuffixClass,
}

/// What [`check_domain`] found.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DomainCheck {
    /// Present when the input is a syntactically valid domain name.
    pub normalized: Option<NormalizedDomain>,
    pub findings: Vec<Finding>,
}

impl DomainCheck {
    fn fail(field: &str, code: RuleCode, params: &[(&str, &str)]) -> Self {
        DomainCheck {
            normalized: None,
            findings: vec![Finding::new(field, code, params)],
        }
    }
}

/// Checks a domain entered by the applicant. `field` is the path the findings are reported on.
///
/// Case, full-width characters, the ideographic full stop (`。`), a trailing dot and a leading
/// `www.` are normalised; `例子.中国` and `xn--fsqu00a.xn--fiqs8s` give the same result.
pub fn check_domain(field: &str, input: &str) -> DomainCheck {
    let trimmed = input.trim();
    if trimmed.is_empty() {
        return DomainCheck::fail(field, RuleCode::DomainRequired, &[]);
    }
    if trimmed.chars().count() > MAX_INPUT_CHARS {
        return DomainCheck::fail(
            field,
            RuleCode::DomainTooLong,
            &[("max", &MAX_DOMAIN_LEN.to_string())],
        );
    }
    if let Some(host) = non_bare_host(trimmed) {
        let suggestion = if host.is_empty() { "example.com" } else { host };
        return DomainCheck::fail(
            field,
            RuleCode::DomainNotBare,
            &[("suggestion", suggestion)],
        );
    }

    let mapped = idn::map_input(trimmed);
    let unified = mapped.strip_suffix('.').unwrap_or(&mapped);

    if let Some(bad) = unified
        .chars()
        .find(|c| c.is_ascii() && !(c.is_ascii_alphanumeric() || *c == '-' || *c == '.'))
    {
        return DomainCheck::fail(
            field,
            RuleCode::DomainInvalidCharacter,
            &[("character", &bad.to_string())],
        );
    }
    if unified.split('.').any(str::is_empty) {
        return DomainCheck::fail(field, RuleCode::DomainEmptyLabel, &[]);
    }

    let mut ascii_labels = Vec::new();
    for label in unified.split('.') {
        match idn::label_to_ascii(label) {
            Ok(a) => ascii_labels.push(a),
            Err(LabelError::Character(c)) => {
                return DomainCheck::fail(
                    field,
                    RuleCode::DomainInvalidCharacter,
                    &[("character", &c.to_string())],
                )
            }
            Err(LabelError::Punycode) => {
                return DomainCheck::fail(field, RuleCode::DomainInvalid, &[])
            }
        }
    }
    let ascii = ascii_labels.join(".");
    let labels: Vec<&str> = ascii.split('.').collect();
    if let Some(long) = labels.iter().find(|l| l.len() > MAX_LABEL_LEN) {
        return DomainCheck::fail(field, RuleCode::DomainLabelTooLong, &[("label", long)]);
    }
    if let Some(bad) = labels
        .iter()
        .find(|l| l.starts_with('-') || l.ends_with('-'))
    {
        return DomainCheck::fail(field, RuleCode::DomainLabelHyphen, &[("label", bad)]);
    }
    if ascii.len() > MAX_DOMAIN_LEN {
        return DomainCheck::fail(
            field,
            RuleCode::DomainTooLong,
            &[("max", &MAX_DOMAIN_LEN.to_string())],
        );
    }
    if labels.len() < 2 {
        return DomainCheck::fail(field, RuleCode::DomainNoSuffix, &[]);
    }
    classify(field, &labels)
}

/// The domain as it will be filed (the registrable domain in U-labels), when the input is one
/// without errors: what the applicant sees beside a harmless rewrite (`WWW.Example。com` ->
/// `example.com`). `None` for input [`check_domain`] finds an error in.
pub fn as_filed(input: &str) -> Option<String> {
    let check = check_domain("", input);
    if check.findings.iter().any(Finding::is_error) {
        return None;
    }
    check.normalized.map(|n| n.unicode)
}

/// Splits the labels into sub-domain part, registrable label and suffix, and reports on each.
fn classify(field: &str, labels: &[&str]) -> DomainCheck {
    let table = suffixes::table();
    let (suffix_start, class, listed) = match suffixes::longest_match(labels) {
        Some((i, entry)) => (i, entry.class, true),
        // Unlisted: assume the last label is the suffix.
        None => (labels.len() - 1, SuffixClass::Unknown, false),
    };
    if suffix_start == 0 {
        return DomainCheck::fail(
            field,
            RuleCode::DomainIsSuffix,
            &[("domain", &to_unicode(&labels.join(".")))],
        );
    }
    // Listed suffix: the registrable domain is the suffix plus one label. Unlisted: without a
    // public-suffix list the registrable part is unknown, so keep the whole name.
    let registrable_start = if listed {
        suffix_start - 1
    } else {
        usize::from(labels[0] == "www" && labels.len() > 2)
    };
    let registrable_ascii = labels[registrable_start..].join(".");
    let registrable = to_unicode(&registrable_ascii);
    let suffix_ascii = labels[suffix_start..].join(".");
    let suffix = to_unicode(&suffix_ascii);

    let mut findings = Vec::new();
    let extra = &labels[..registrable_start];
    if listed && !(extra.is_empty() || extra == ["www"]) {
        findings.push(Finding::new(
            field,
            RuleCode::DomainSubdomain,
            &[("registrable", &registrable)],
        ));
    } else if !listed && labels.len() - registrable_start > 2 {
        findings.push(Finding::new(field, RuleCode::DomainPossibleSubdomain, &[]));
    }
    let suffix_code = match class {
        SuffixClass::Fileable => RuleCode::DomainSuffixFileable,
        SuffixClass::NeedsQualification => RuleCode::DomainSuffixNeedsQualification,
        SuffixClass::NotFileable => RuleCode::DomainSuffixNotFileable,
        SuffixClass::Unknown => RuleCode::DomainSuffixUnknown,
    };
    findings.push(Finding::new(
        field,
        suffix_code,
        &[("suffix", &suffix), ("as_of", table.as_of)],
    ));
    DomainCheck {
        normalized: Some(NormalizedDomain {
            ascii: registrable_ascii,
            unicode: registrable,
            suffix: suffix_ascii,
            suffix_class: class,
        }),
        findings,
    }
}

fn to_unicode(ascii: &str) -> String {
    idn::domain_to_unicode(ascii)
}

/// If the input is more than a host name (scheme, path, port, user, spaces), the host part.
fn non_bare_host(s: &str) -> Option<&str> {
    let has_extra = s.contains("://")
        || s.chars()
            .any(|c| matches!(c, '/' | '?' | '#' | '@' | ':' | '\\') || c.is_whitespace());
    if !has_extra {
        return None;
    }
    let after_scheme = s.split_once("://").map_or(s, |(_, rest)| rest);
    let host_port = after_scheme
        .split(['/', '?', '#', '\\'])
        .next()
        .unwrap_or("");
    let host_port = host_port.rsplit_once('@').map_or(host_port, |(_, h)| h);
    let host = host_port.split(':').next().unwrap_or("");
    let host = host.split_whitespace().next().unwrap_or("");
    Some(host)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(c: &DomainCheck) -> Vec<&'static str> {
        c.findings.iter().map(|f| f.code.as_str()).collect()
    }

    #[test]
    fn idn_and_its_punycode_are_the_same_domain() {
        let u = check_domain("d", "例子.中国");
        let a = check_domain("d", "XN--FSQU00A.xn--fiqs8s");
        assert_eq!(u, a);
        let n = u.normalized.unwrap();
        assert_eq!(n.ascii, "xn--fsqu00a.xn--fiqs8s");
        assert_eq!(n.unicode, "例子.中国");
        assert_eq!(n.suffix_class, SuffixClass::Fileable);
    }

    #[test]
    fn www_and_case_and_ideographic_dot_are_normalised() {
        let c = check_domain("d", "  WWW.Example。COM.cn. ");
        assert_eq!(c.normalized.as_ref().unwrap().ascii, "example.com.cn");
        assert_eq!(codes(&c), ["domain.suffix_fileable"]);
    }

    #[test]
    fn url_is_refused_with_the_host_suggested() {
        let c = check_domain("d", "https://www.example.com/about");
        assert_eq!(codes(&c), ["domain.not_bare"]);
        assert_eq!(c.findings[0].params["suggestion"], "www.example.com");
    }

    #[test]
    fn as_filed_is_the_registrable_domain_of_input_without_errors() {
        assert_eq!(as_filed(" WWW.例子。中国 ").as_deref(), Some("例子.中国"));
        assert_eq!(
            as_filed("xn--fsqu00a.xn--fiqs8s").as_deref(),
            Some("例子.中国")
        );
        assert_eq!(
            as_filed("Example.COM.cn.").as_deref(),
            Some("example.com.cn")
        );
        // Errors: a sub-domain, a URL, a suffix that cannot be filed, nothing.
        assert_eq!(as_filed("shop.example.com.cn"), None);
        assert_eq!(as_filed("https://example.com/"), None);
        assert_eq!(as_filed("example.app"), None);
        assert_eq!(as_filed(""), None);
    }

    #[test]
    fn subdomain_names_the_registrable_domain() {
        let c = check_domain("d", "shop.example.com.cn");
        assert_eq!(codes(&c), ["domain.subdomain", "domain.suffix_fileable"]);
        assert_eq!(c.findings[0].params["registrable"], "example.com.cn");
        assert!(c.findings[0].message.zh_cn.contains("example.com.cn"));
    }
}
