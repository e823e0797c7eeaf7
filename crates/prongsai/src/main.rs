//! `prongsai`: the one binary. It serves the web application, builds the demo,
//! migrates databases, manages accounts, scores ITA input files and moves agencies
//! between databases as bundles.

mod backup;
mod cli;
mod commands;
mod config;
mod credentials;
mod demo;
mod error;

use std::io::IsTerminal as _;
use std::process::ExitCode;

use clap::Parser as _;

/// The variable holding the log filter (`tracing`'s syntax).
const LOG_VARIABLE: &str = "PRONGSAI_LOG";

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env(LOG_VARIABLE)
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,sqlx=warn")),
        )
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .init();
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("เริ่มระบบไม่ได้: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(commands::run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("ผิดพลาด: {e}");
            ExitCode::from(e.exit_code())
        }
    }
}
