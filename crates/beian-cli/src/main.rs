//! `beian-check`: validates a filing application with the beian rules.
//!
//! ```sh
//! beian-check application.json        # or: beian-check < application.json
//! beian-check --catalogue             # every rule: code, severity, fields, messages, source
//! beian-check --schema                # JSON Schema of the application document
//! ```
//!
//! Exit code: 0 no errors, 1 the application has errors, 2 the input could not be read.

mod report;

use std::io::Read;
use std::process::ExitCode;

use report::{check, read_limited, CliError, Report, MAX_INPUT_BYTES};

const USAGE: &str = "usage: beian-check [FILE | -] [--today YYYY-MM-DD]\n       beian-check --catalogue\n       beian-check --schema\n\nReads a filing application (JSON) from FILE or standard input and prints the rules' report as JSON.\nExit code: 0 no errors, 1 the application has errors, 2 the input could not be read.";

fn main() -> ExitCode {
    match run(std::env::args().skip(1).collect()) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("beian-check: {e}");
            ExitCode::from(2)
        }
    }
}

fn run(args: Vec<String>) -> Result<ExitCode, CliError> {
    let mut path: Option<String> = None;
    let mut today: Option<String> = None;
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--help" | "-h" => {
                println!("{USAGE}");
                return Ok(ExitCode::SUCCESS);
            }
            "--catalogue" => {
                println!(
                    "{}",
                    serde_json::to_string_pretty(&beian_rules::catalogue::catalogue())?
                );
                return Ok(ExitCode::SUCCESS);
            }
            "--schema" => {
                println!(
                    "{}",
                    serde_json::to_string_pretty(&beian_rules::document::json_schema())?
                );
                return Ok(ExitCode::SUCCESS);
            }
            "--today" => today = Some(args.next().ok_or(CliError::Usage("--today needs a date"))?),
            s if s.starts_with("--") => return Err(CliError::Usage("unknown option (see --help)")),
            _ if path.is_some() => return Err(CliError::Usage("only one input file")),
            _ => path = Some(arg),
        }
    }
    let input = match path.as_deref() {
        None | Some("-") => read_limited(std::io::stdin().lock(), MAX_INPUT_BYTES)?,
        Some(p) => {
            let file = std::fs::File::open(p).map_err(|e| CliError::Open(p.to_owned(), e))?;
            read_limited(file.take(MAX_INPUT_BYTES + 1), MAX_INPUT_BYTES)?
        }
    };
    let report: Report = check(&input, today.as_deref())?;
    println!("{}", serde_json::to_string_pretty(&report)?);
    Ok(if report.valid {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
