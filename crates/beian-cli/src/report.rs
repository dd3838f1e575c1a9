//! Reading an application and building the report, apart from argument handling.

use std::io::Read;
use std::time::{SystemTime, UNIX_EPOCH};

use beian_rules::{
    validate_draft, CivilDate, Context, FilingDraft, Finding, Severity, DRAFT_SCHEMA_VERSION,
};
use serde::Serialize;

/// Largest input accepted (an application is a few kilobytes).
pub const MAX_INPUT_BYTES: u64 = 1024 * 1024;

#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error("{0}")]
    Usage(&'static str),
    #[error("cannot open {0}: {1}")]
    Open(String, std::io::Error),
    #[error("cannot read the input: {0}")]
    Read(std::io::Error),
    #[error("the input is larger than {MAX_INPUT_BYTES} bytes")]
    TooLarge,
    #[error("the input is not a filing application: {0}")]
    Json(#[from] serde_json::Error),
    #[error("schema_version {0} is not supported (expected {DRAFT_SCHEMA_VERSION})")]
    Schema(u32),
    #[error("--today {0:?} is not a date like 2026-11-22")]
    Today(String),
}

#[derive(Debug, Serialize)]
pub struct Report {
    /// No finding of severity error.
    pub valid: bool,
    pub errors: usize,
    pub warnings: usize,
    /// The date the rules were run for.
    pub today: String,
    pub findings: Vec<Finding>,
}

pub fn read_limited(reader: impl Read, limit: u64) -> Result<String, CliError> {
    let mut text = String::new();
    reader
        .take(limit + 1)
        .read_to_string(&mut text)
        .map_err(CliError::Read)?;
    if text.len() as u64 > limit {
        return Err(CliError::TooLarge);
    }
    Ok(text)
}

/// Today in China (UTC+8), from the system clock.
fn today_in_china() -> Option<CivilDate> {
    let secs = SystemTime::now().duration_since(UNIX_EPOCH).ok()?.as_secs() as i64;
    CivilDate::in_china_at(secs)
}

pub fn check(input: &str, today: Option<&str>) -> Result<Report, CliError> {
    let today = match today {
        Some(t) => CivilDate::parse_compact(&t.replace('-', ""))
            .ok_or_else(|| CliError::Today(t.to_owned()))?,
        None => today_in_china().ok_or(CliError::Today("system clock".to_owned()))?,
    };
    let draft: FilingDraft = serde_json::from_str(input)?;
    if draft.schema_version != DRAFT_SCHEMA_VERSION {
        return Err(CliError::Schema(draft.schema_version));
    }
    let findings = validate_draft(&draft, &Context { today: Some(today) });
    let count = |s| findings.iter().filter(|f| f.severity == s).count();
    Ok(Report {
        valid: count(Severity::Error) == 0,
        errors: count(Severity::Error),
        warnings: count(Severity::Warning),
        today: today.to_string(),
        findings,
    })
}
