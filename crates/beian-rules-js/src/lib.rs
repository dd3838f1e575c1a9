//! The rules crate's API for JavaScript. Values cross the boundary as JSON text: the JS wrapper
//! (`packages/beian-rules/index.js`) parses it, and `index.d.ts` types it.

use beian_rules::identity::{check_number, NumberContext};
use beian_rules::regions;
use beian_rules::{
    subject, validate_draft, CivilDate, Context, FilingDraft, Finding, Severity,
    DRAFT_SCHEMA_VERSION,
};
use serde::Serialize;
use wasm_bindgen::prelude::*;

// Talc instead of the default dlmalloc: smaller in the module, and faster
// (talc's README_WASM.md; measured in the notes of the issue).
#[cfg(all(not(target_feature = "atomics"), target_family = "wasm"))]
#[global_allocator]
static TALC: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

#[derive(Serialize)]
struct Report<'a> {
    valid: bool,
    errors: usize,
    warnings: usize,
    findings: &'a [Finding],
}

#[derive(Serialize)]
struct Failure {
    error: ErrorBody,
}

#[derive(Serialize)]
struct ErrorBody {
    code: &'static str,
    message: String,
}

fn failure(code: &'static str, message: String) -> String {
    serde_json::to_string(&Failure {
        error: ErrorBody { code, message },
    })
    .unwrap_or_default()
}

fn report(findings: &[Finding]) -> String {
    let count = |s| findings.iter().filter(|f| f.severity == s).count();
    serde_json::to_string(&Report {
        valid: count(Severity::Error) == 0,
        errors: count(Severity::Error),
        warnings: count(Severity::Warning),
        findings,
    })
    .unwrap_or_default()
}

fn parse_today(today: &str) -> Result<Option<CivilDate>, String> {
    if today.is_empty() {
        return Ok(None);
    }
    CivilDate::parse_compact(&today.replace('-', ""))
        .map(Some)
        .ok_or_else(|| {
            failure(
                "bad_date",
                format!("today {today:?} is not a date like 2026-11-22"),
            )
        })
}

fn read_application(json: &str) -> Result<FilingDraft, String> {
    let draft: FilingDraft = beian_rules::json::from_str(json)
        .map_err(|e| failure("invalid_document", e.to_string()))?;
    if draft.schema_version != DRAFT_SCHEMA_VERSION {
        return Err(failure(
            "unsupported_schema_version",
            format!(
                "schema_version {} is not supported (expected {DRAFT_SCHEMA_VERSION})",
                draft.schema_version
            ),
        ));
    }
    Ok(draft)
}

/// Validates a whole application (JSON text). `today` is `YYYY-MM-DD`, or empty to skip the
/// checks that need it. Returns a report, or `{error}` when the JSON is not an application.
#[wasm_bindgen(js_name = validateApplication)]
pub fn validate_application(json: &str, today: &str) -> String {
    let today = match parse_today(today) {
        Ok(t) => t,
        Err(e) => return e,
    };
    let draft = match read_application(json) {
        Ok(d) => d,
        Err(e) => return e,
    };
    report(&validate_draft(&draft, &Context { today }))
}

/// The findings about one field (or everything under a path such as `websites[0]`) of an
/// application, judged with the whole application as context.
#[wasm_bindgen(js_name = validateField)]
pub fn validate_field(json: &str, field: &str, today: &str) -> String {
    let today = match parse_today(today) {
        Ok(t) => t,
        Err(e) => return e,
    };
    match read_application(json) {
        Ok(draft) => report(&beian_rules::validate_field(
            &draft,
            field,
            &Context { today },
        )),
        Err(e) => e,
    }
}

#[derive(Serialize)]
struct Located {
    province: &'static str,
    province_name: &'static str,
    city: Option<&'static str>,
    city_name: Option<&'static str>,
    county: Option<&'static str>,
    county_name: Option<&'static str>,
    chars: usize,
}

/// Where the start of a Chinese address lies: every reading (several when the text fits
/// several places, none when it names no place).
#[wasm_bindgen(js_name = locateAddress)]
pub fn locate_address(address: &str) -> String {
    let name = |code: Option<&str>| code.and_then(regions::find).map(|d| d.name);
    let places: Vec<Located> = beian_rules::address::locate(address)
        .iter()
        .map(|p| Located {
            province: p.province,
            province_name: name(Some(p.province)).unwrap_or(""),
            city: p.city,
            city_name: name(p.city),
            county: p.county,
            county_name: name(p.county),
            chars: p.chars,
        })
        .collect();
    serde_json::to_string(&places).unwrap_or_default()
}

/// Checks one domain as typed; the findings are reported on `field`.
#[wasm_bindgen(js_name = checkDomain)]
pub fn check_domain(field: &str, input: &str) -> String {
    serde_json::to_string(&beian_rules::check_domain(field, input)).unwrap_or_default()
}

/// Checks a certificate number for a certificate type (ids as in the catalogue), with the
/// subject nature (0 = not chosen) and the chosen province code ("" = not chosen).
#[wasm_bindgen(js_name = checkCertificateNumber)]
pub fn check_certificate_number(
    field: &str,
    certificate_type: &str,
    number: &str,
    nature: u8,
    province: &str,
    today: &str,
) -> String {
    let today = match parse_today(today) {
        Ok(t) => t,
        Err(e) => return e,
    };
    let Some(certificate) = subject::certificate_type(certificate_type) else {
        return failure(
            "unknown_certificate_type",
            format!("no certificate type {certificate_type:?}"),
        );
    };
    let ctx = NumberContext {
        certificate,
        nature: subject::nature(nature),
        province,
        today,
    };
    report(&check_number(field, number, &ctx))
}

/// Every rule: code, severity, fields, message templates, source.
#[wasm_bindgen]
pub fn catalogue() -> String {
    serde_json::to_string(&beian_rules::catalogue::catalogue()).unwrap_or_default()
}
