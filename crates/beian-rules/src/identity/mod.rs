//! Certificate (证件) numbers: format, check characters, birth dates and region codes
//! (icp-rules.md §4). Which format applies to which certificate type is data
//! (`data/certificate-types.tsv`, column `number format`).

mod checksums;

use std::sync::OnceLock;

use crate::data_file;
use crate::date::CivilDate;
use crate::finding::{Finding, RuleCode};
use crate::provinces::province;
use crate::subject::{CertificateType, SubjectNature};

const CATEGORIES: &str = include_str!(concat!(env!("OUT_DIR"), "/credit-code-categories.tsv"));

/// The number format a certificate type carries.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NumberFormat {
    /// 居民身份证, 18 characters (GB 11643).
    ResidentId,
    /// 5 to 9 letters and digits (ICAO 9303; Chinese passports are 9).
    Passport,
    /// 港澳居民来往内地通行证: H or M and 8 digits (older cards 10).
    HkMoPermit,
    /// 台湾居民来往大陆通行证: 8 digits (older cards 10).
    TwPermit,
    /// 外国人永久居留身份证: 15 characters (2017) or 18 starting with 9 (2023).
    ForeignPermanentResidence,
    /// 港澳台居民居住证: 18 characters, region 810000 / 820000 / 830000.
    ResidencePermit,
    /// 统一社会信用代码 (GB 32100), 18 characters.
    CreditCode,
    /// 组织机构代码 (GB 11714), 8 characters and a check character.
    OrgCode,
    /// No format rule known.
    Any,
}

impl NumberFormat {
    pub(crate) fn from_data(s: &str) -> Option<NumberFormat> {
        Some(match s {
            "resident_id" => NumberFormat::ResidentId,
            "passport" => NumberFormat::Passport,
            "hk_mo_permit" => NumberFormat::HkMoPermit,
            "tw_permit" => NumberFormat::TwPermit,
            "foreign_permanent_residence" => NumberFormat::ForeignPermanentResidence,
            "residence_permit" => NumberFormat::ResidencePermit,
            "credit_code" => NumberFormat::CreditCode,
            "org_code" => NumberFormat::OrgCode,
            "any" => NumberFormat::Any,
            _ => return None,
        })
    }

    /// How the number looks, for the format message: (zh-CN, en).
    fn shape(self) -> (&'static str, &'static str) {
        match self {
            NumberFormat::ResidentId => (
                "18 位：17 位数字加 1 位数字或 X",
                "18 characters: 17 digits, then a digit or X",
            ),
            NumberFormat::Passport => ("5 至 9 位字母和数字", "5 to 9 letters and digits"),
            NumberFormat::HkMoPermit => {
                ("H 或 M 开头，后接 8 位数字", "H or M followed by 8 digits")
            }
            NumberFormat::TwPermit => ("8 位数字", "8 digits"),
            NumberFormat::ForeignPermanentResidence => (
                "15 位（3 个字母加 12 位数字）或以 9 开头的 18 位",
                "15 characters (3 letters and 12 digits), or 18 starting with 9",
            ),
            NumberFormat::ResidencePermit => (
                "18 位，以 810000、820000 或 830000 开头",
                "18 characters starting with 810000, 820000 or 830000",
            ),
            NumberFormat::CreditCode => (
                "18 位数字和大写字母（不含 I、O、Z、S、V）",
                "18 digits and capital letters (no I, O, Z, S or V)",
            ),
            NumberFormat::OrgCode => (
                "8 位数字或字母加 1 位校验码，如 12345678-9",
                "8 letters or digits and a check character, e.g. 12345678-9",
            ),
            NumberFormat::Any => ("", ""),
        }
    }
}

/// What a certificate number is checked against besides itself.
pub struct NumberContext<'a> {
    pub certificate: &'a CertificateType,
    /// The subject nature, for the credit-code category.
    pub nature: Option<&'a SubjectNature>,
    /// The province code chosen as 主办单位所属区域 ("" when not chosen).
    pub province: &'a str,
    /// Today, for birth dates; `None` skips the checks that need it.
    pub today: Option<CivilDate>,
}

/// Full-width forms to ASCII, spaces and hyphens removed, letters upper case.
pub fn normalize_number(input: &str) -> String {
    input
        .chars()
        .map(crate::text::ascii_width)
        .filter(|c| !(c.is_whitespace() || *c == '-'))
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// The birth date of a 居民身份证 number as typed, when its check character is right (the age
/// rules must not judge a mistyped number).
pub fn resident_id_birth_date(input: &str) -> Option<CivilDate> {
    let n = normalize_number(input);
    if n.len() != 18 || !n.is_ascii() || checksums::mod11_2(&n[..17]) != n[17..].chars().next() {
        return None;
    }
    CivilDate::parse_compact(&n[6..14])
}

/// Findings for a non-empty certificate number on `field`.
pub fn check_number(field: &str, input: &str, ctx: &NumberContext<'_>) -> Vec<Finding> {
    let number = normalize_number(input);
    let format = ctx.certificate.number_format;
    let mut out = Vec::new();
    let bad_format = |out: &mut Vec<Finding>| {
        let (zh, en) = format.shape();
        out.push(Finding::new(
            field,
            RuleCode::CertificateNumberFormat,
            &[
                ("document", ctx.certificate.name_zh),
                ("document_en", ctx.certificate.name_en),
                ("shape", zh),
                ("shape_en", en),
            ],
        ));
    };
    let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    // Every format below is ASCII; checking that first also keeps the byte slicing on
    // character boundaries.
    if format != NumberFormat::Any && !number.is_ascii() {
        bad_format(&mut out);
        return out;
    }
    match format {
        NumberFormat::ResidentId => {
            if number.len() == 15 && all_digits(&number) {
                out.push(Finding::new(field, RuleCode::CertificateObsoleteId15, &[]));
            } else if number.len() != 18 || !all_digits(&number[..17]) {
                bad_format(&mut out);
            } else {
                check_gb11643(field, &number, ctx, &mut out);
            }
        }
        NumberFormat::ResidencePermit => {
            let prefix_ok = ["810000", "820000", "830000"]
                .iter()
                .any(|p| number.starts_with(p));
            if number.len() != 18 || !all_digits(&number[..17]) || !prefix_ok {
                bad_format(&mut out);
            } else {
                check_gb11643(field, &number, ctx, &mut out);
            }
        }
        NumberFormat::ForeignPermanentResidence => {
            let old = number.len() == 15
                && number[..3].bytes().all(|b| b.is_ascii_uppercase())
                && all_digits(&number[3..]);
            let new = number.len() == 18 && number.starts_with('9') && all_digits(&number[..17]);
            if new {
                check_gb11643(field, &number, ctx, &mut out);
            } else if !old {
                bad_format(&mut out);
            }
        }
        NumberFormat::Passport => {
            let ok = (5..=9).contains(&number.len())
                && number
                    .bytes()
                    .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
                && number.bytes().any(|b| b.is_ascii_digit());
            if !ok {
                bad_format(&mut out);
            }
        }
        NumberFormat::HkMoPermit => {
            let ok = matches!(number.len(), 9 | 11)
                && (number.starts_with('H') || number.starts_with('M'))
                && all_digits(&number[1..]);
            if !ok {
                bad_format(&mut out);
            }
        }
        NumberFormat::TwPermit => {
            if !(matches!(number.len(), 8 | 10) && all_digits(&number)) {
                bad_format(&mut out);
            }
        }
        NumberFormat::CreditCode => check_credit_code(field, &number, ctx, &mut out, bad_format),
        NumberFormat::OrgCode => {
            let ok = number.len() == 9
                && number
                    .bytes()
                    .all(|b| b.is_ascii_digit() || b.is_ascii_uppercase());
            if !ok {
                bad_format(&mut out);
            } else if checksums::gb11714(&number[..8]) != number[8..].chars().next() {
                out.push(checksum_finding(field, ctx));
            }
        }
        NumberFormat::Any => {}
    }
    out
}

fn checksum_finding(field: &str, ctx: &NumberContext<'_>) -> Finding {
    Finding::new(
        field,
        RuleCode::CertificateChecksum,
        &[
            ("document", ctx.certificate.name_zh),
            ("document_en", ctx.certificate.name_en),
        ],
    )
}

/// 17 digits + MOD 11-2 check, a real birth date, and (for mainland IDs) the province code.
fn check_gb11643(field: &str, number: &str, ctx: &NumberContext<'_>, out: &mut Vec<Finding>) {
    if checksums::mod11_2(&number[..17]) != number[17..].chars().next() {
        out.push(checksum_finding(field, ctx));
        return;
    }
    let Some(birth) = CivilDate::parse_compact(&number[6..14]) else {
        out.push(Finding::new(
            field,
            RuleCode::CertificateBirthDateInvalid,
            &[("date", &number[6..14])],
        ));
        return;
    };
    if let Some(today) = ctx.today {
        if birth > today {
            out.push(Finding::new(
                field,
                RuleCode::CertificateBirthDateInvalid,
                &[("date", &birth.to_string())],
            ));
            return;
        }
    }
    if ctx.certificate.number_format == NumberFormat::ResidentId {
        check_region(field, &number[..2], ctx, out, &["71", "81", "82"]);
    }
}

/// The province part of a number: known, and the one chosen (a warning when not).
fn check_region(
    field: &str,
    code: &str,
    ctx: &NumberContext<'_>,
    out: &mut Vec<Finding>,
    also_valid: &[&str],
) {
    let Some(issued) = province(code) else {
        if !also_valid.contains(&code) {
            out.push(Finding::new(
                field,
                RuleCode::CertificateUnknownRegion,
                &[("code", code)],
            ));
        }
        return;
    };
    if ctx.province.is_empty() || ctx.province == code {
        return;
    }
    if let Some(chosen) = province(ctx.province) {
        out.push(Finding::new(
            field,
            RuleCode::CertificateRegionMismatch,
            &[("issued", issued.name), ("chosen", chosen.name)],
        ));
    }
}

fn check_credit_code(
    field: &str,
    number: &str,
    ctx: &NumberContext<'_>,
    out: &mut Vec<Finding>,
    bad_format: impl Fn(&mut Vec<Finding>),
) {
    let charset_ok = number
        .chars()
        .all(|c| checksums::CREDIT_CODE_CHARSET.contains(c));
    if number.len() != 18 || !charset_ok || !number[2..8].bytes().all(|b| b.is_ascii_digit()) {
        bad_format(out);
        return;
    }
    if checksums::gb32100(&number[..17]) != number[17..].chars().next() {
        out.push(checksum_finding(field, ctx));
        return;
    }
    if checksums::gb11714(&number[8..16]) != number[16..17].chars().next() {
        out.push(Finding::new(
            field,
            RuleCode::CertificateOrgCodeChecksum,
            &[],
        ));
        return;
    }
    let prefix = &number[..2];
    let category = category(prefix);
    if category.is_none() {
        out.push(Finding::new(
            field,
            RuleCode::CertificateUnusualCategory,
            &[("prefix", prefix)],
        ));
    }
    if let (Some(nature), Some((zh, en))) = (ctx.nature, category) {
        if !nature.credit_code_prefixes.is_empty() && !nature.credit_code_prefixes.contains(&prefix)
        {
            out.push(Finding::new(
                field,
                RuleCode::CertificateNatureMismatch,
                &[
                    ("prefix", prefix),
                    ("category", zh),
                    ("category_en", en),
                    ("nature", nature.name_zh),
                    ("nature_en", nature.name_en),
                ],
            ));
        }
    }
    // "10": registered at national level.
    check_region(field, &number[2..4], ctx, out, &["10"]);
}

/// The category (zh-CN, en) a credit code's first two characters stand for.
fn category(prefix: &str) -> Option<(&'static str, &'static str)> {
    static TABLE: OnceLock<Vec<Vec<&'static str>>> = OnceLock::new();
    TABLE
        .get_or_init(|| data_file::parse(CATEGORIES).rows)
        .iter()
        .find(|r| r.first() == Some(&prefix) && r.len() >= 3)
        .map(|r| (r[1], r[2]))
}
