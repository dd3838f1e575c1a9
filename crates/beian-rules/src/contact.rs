//! Phones, email and the SMS code of a responsible person (icp-rules.md §4.5).
//!
//! Number segments and area codes change, so the checks are structural: an 11-digit mobile
//! starting 13-19, a landline written `086-<area code>-<number>` whose area code has the shape of
//! a mainland one (010, 02x, 0[3-9]xx). Required-ness depends on the filing type and is checked
//! at submission, not here: these rules look at what was entered.

use crate::finding::{Finding, RuleCode};

/// Digits of a phone as typed: full-width digits mapped, spaces and hyphens dropped, and a
/// leading +86 / 0086 / 86 country code removed. `None` if anything else is in it.
fn phone_digits(input: &str) -> Option<String> {
    let mut s: String = input
        .chars()
        .map(crate::text::ascii_width)
        .filter(|c| !(c.is_whitespace() || *c == '-'))
        .collect();
    if let Some(rest) = s.strip_prefix('+') {
        s = rest.to_owned();
    }
    if !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    for prefix in ["0086", "86"] {
        if s.len() > 11 && s.starts_with(prefix) {
            s = s[prefix.len()..].to_owned();
            break;
        }
    }
    Some(s)
}

/// The normal form of a mainland mobile number (11 digits), if it is one.
pub fn normalize_mobile(input: &str) -> Option<String> {
    let d = phone_digits(input)?;
    let ok = d.len() == 11 && d.starts_with('1') && matches!(d.as_bytes()[1], b'3'..=b'9');
    ok.then_some(d)
}

/// The parts (area code, local number) of a landline written `086-<area>-<number>`, accepting
/// the area code with or without the 086 country part.
pub fn parse_landline(input: &str) -> Option<(String, String)> {
    let s: String = input.chars().filter(|c| !c.is_whitespace()).collect();
    let parts: Vec<&str> = s.split('-').collect();
    let (area, local) = match parts.as_slice() {
        ["086", area, local] | ["+86", area, local] | [area, local] => (*area, *local),
        _ => return None,
    };
    let area = if area.starts_with('0') {
        area.to_owned()
    } else {
        format!("0{area}")
    };
    let digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
    let area_ok = digits(&area)
        && (area == "010"
            || (area.len() == 3 && area.starts_with("02"))
            || (area.len() == 4 && matches!(area.as_bytes()[1], b'3'..=b'9')));
    let local_ok = digits(local) && (7..=8).contains(&local.len()) && !local.starts_with('0');
    (area_ok && local_ok).then(|| (area, local.to_owned()))
}

/// An email address as forms accept it (the WHATWG "valid e-mail address" shape, simplified):
/// one @, a local part of permitted characters, a dotted domain of letters, digits and hyphens.
pub fn is_email(input: &str) -> bool {
    let s = input.trim();
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    let local_ok = !local.is_empty()
        && local.len() <= 64
        && local
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+/=?^_`{|}~.-".contains(&b));
    let labels: Vec<&str> = domain.split('.').collect();
    let domain_ok = labels.len() >= 2
        && domain.len() <= 253
        && labels.iter().all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        });
    local_ok && domain_ok
}

/// The 6-digit code of the MIIT SMS check (短信核验).
pub fn is_sms_code(input: &str) -> bool {
    let s = input.trim();
    s.len() == 6 && s.bytes().all(|b| b.is_ascii_digit())
}

/// Findings for the contact fields of one person; `prefix` is its path (`subject_owner`,
/// `websites[0].owner`).
pub fn check_person_contacts(
    prefix: &str,
    mobile: &str,
    phone2: &str,
    emergency: &str,
    email: &str,
) -> Vec<Finding> {
    let mut out = Vec::new();
    let path = |f: &str| format!("{prefix}.{f}");
    let mobile_norm = normalize_mobile(mobile);
    if !mobile.trim().is_empty() && mobile_norm.is_none() {
        out.push(Finding::new(
            &path("mobile"),
            RuleCode::ContactMobileFormat,
            &[],
        ));
    }
    let landline = parse_landline(phone2);
    if !phone2.trim().is_empty() && landline.is_none() {
        out.push(Finding::new(
            &path("phone2"),
            RuleCode::ContactLandlineFormat,
            &[],
        ));
    }
    if !emergency.trim().is_empty() {
        let as_mobile = normalize_mobile(emergency);
        let as_landline = parse_landline(emergency);
        if as_mobile.is_none() && as_landline.is_none() {
            out.push(Finding::new(
                &path("emergency_phone"),
                RuleCode::ContactEmergencyFormat,
                &[],
            ));
        } else if (as_mobile.is_some() && as_mobile == mobile_norm)
            || (as_landline.is_some() && as_landline == landline)
        {
            out.push(Finding::new(
                &path("emergency_phone"),
                RuleCode::ContactEmergencySame,
                &[],
            ));
        }
    }
    if !email.trim().is_empty() && !is_email(email) {
        out.push(Finding::new(
            &path("email"),
            RuleCode::ContactEmailFormat,
            &[],
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones() {
        assert_eq!(
            normalize_mobile("138 0013 8000").as_deref(),
            Some("13800138000")
        );
        assert_eq!(
            normalize_mobile("+86 138-0013-8000").as_deref(),
            Some("13800138000")
        );
        assert_eq!(
            normalize_mobile("１３８００１３８０００").as_deref(),
            Some("13800138000")
        );
        assert_eq!(normalize_mobile("12800138000"), None);
        assert_eq!(normalize_mobile("1380013800"), None);
        assert_eq!(
            parse_landline("086-010-12345678"),
            Some(("010".into(), "12345678".into()))
        );
        assert_eq!(
            parse_landline("086-0755-8765432"),
            Some(("0755".into(), "8765432".into()))
        );
        assert_eq!(
            parse_landline("021-61234567"),
            Some(("021".into(), "61234567".into()))
        );
        assert_eq!(
            parse_landline("086-0155-12345678"),
            None,
            "no 01xx area codes but 010"
        );
        assert_eq!(
            parse_landline("086-0755-0123456"),
            None,
            "local numbers do not start with 0"
        );
        assert_eq!(parse_landline("13800138000"), None);
    }

    #[test]
    fn email_and_sms_code() {
        assert!(is_email("zhang.san+icp@example.com.cn"));
        assert!(!is_email("zhangsan@localhost"));
        assert!(!is_email("张三@example.com"));
        assert!(!is_email("a@b@example.com"));
        assert!(is_sms_code("012345"));
        assert!(!is_sms_code("12345"));
    }

    #[test]
    fn the_emergency_phone_must_be_another_number() {
        let f = check_person_contacts("subject_owner", "13800138000", "", "+86 138 0013 8000", "");
        assert_eq!(f[0].code, RuleCode::ContactEmergencySame);
        assert_eq!(f[0].field, "subject_owner.emergency_phone");
        let f = check_person_contacts(
            "subject_owner",
            "13800138000",
            "086-0755-87654321",
            "0755-87654321",
            "",
        );
        assert_eq!(f[0].code, RuleCode::ContactEmergencySame);
        assert!(
            check_person_contacts("subject_owner", "13800138000", "", "13900139000", "").is_empty()
        );
    }
}
