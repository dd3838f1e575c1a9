//! Run with `scripts/run` (builds the client first), or for the API alone:
//!
//! ```sh
//! cargo run -p beian-server
//! curl -s localhost:8080/api/v1/health
//! ```
//!
//! `beian-server add-reviewer <mobile> <name>` adds a reviewer to the database and exits;
//! `beian-server reseal` seals all stored personal data again with the first key (after a key
//! rotation) and exits; `beian-server verify-worker` runs the verification worker alone (with
//! `BEIAN_VERIFIER=false` on the servers) until stopped.

use std::process::ExitCode;

use beian_server::config::Config;

#[tokio::main]
async fn main() -> ExitCode {
    beian_server::init_logging();
    let config = match Config::from_env() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("beian-server: {e}");
            return ExitCode::from(2);
        }
    };
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.as_slice() {
        [] => {}
        [cmd] if cmd == "reseal" => {
            return match beian_server::reseal(&config).await {
                Ok((rows, files)) => {
                    println!("sealed again with the first key: {rows} rows (applications and phone numbers), {files} files");
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("beian-server: {e}");
                    ExitCode::FAILURE
                }
            };
        }
        [cmd] if cmd == "verify-worker" => {
            return match beian_server::verify_worker(&config).await {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("beian-server: {e}");
                    ExitCode::FAILURE
                }
            };
        }
        [cmd, phone, name] if cmd == "add-reviewer" => {
            return match beian_server::add_reviewer(&config, phone, name).await {
                Ok(r) => {
                    println!("reviewer {} added: {}", r.name, r.id);
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("beian-server: {e}");
                    ExitCode::FAILURE
                }
            };
        }
        _ => {
            eprintln!(
                "usage: beian-server [add-reviewer <mobile> <name> | reseal | verify-worker]"
            );
            return ExitCode::from(2);
        }
    }
    match beian_server::serve(config).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("beian-server: {e}");
            ExitCode::FAILURE
        }
    }
}
