//! One module per command. Each takes the loaded [`Config`] and does its work
//! through the store and the core rules; nothing here is shared with the web
//! layer except through those crates.

pub(crate) mod accounts;
mod agencies;
mod bundle;
mod ita;
mod render;
mod server;

use std::fmt;

use prongsai_store::{Store, StoreError};

use crate::cli::{Cli, Command, KeyCommand};
use crate::config::Config;
use prongsai_core::complaints::sealing::MasterKey;

/// A command's failure: a message for the user and the exit code.
#[derive(Debug)]
pub(crate) struct CliError {
    message: String,
    code: u8,
}

impl CliError {
    /// Bad input (a file, an argument): exit code 2.
    pub(crate) fn usage(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            code: 2,
        }
    }

    /// Anything else: exit code 1.
    pub(crate) fn failure(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            code: 1,
        }
    }

    pub(crate) fn exit_code(&self) -> u8 {
        self.code
    }
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl From<StoreError> for CliError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound => Self::usage("ไม่พบข้อมูลที่ระบุ"),
            StoreError::Conflict { field } => Self::usage(format!("ข้อมูลซ้ำกับที่มีอยู่แล้ว ({field})")),
            StoreError::InUse { by } => Self::usage(format!("ข้อมูลยังถูกใช้งานอยู่ ({by})")),
            StoreError::Invalid(reason) => Self::usage(format!("ข้อมูลไม่ถูกต้อง: {reason}")),
            StoreError::Open(reason) => Self::usage(format!("เปิดฐานข้อมูลไม่ได้: {reason}")),
            other => Self::failure(format!("ฐานข้อมูลขัดข้อง: {other}")),
        }
    }
}

/// Opens the configured database (creating the data folder and SQLite file on
/// first use) with migrations applied.
pub(crate) async fn open_store(config: &Config) -> Result<Store, CliError> {
    match &config.database_url {
        Some(url) => Ok(Store::connect(url).await?),
        None => {
            std::fs::create_dir_all(&config.data_dir).map_err(|e| {
                CliError::failure(format!(
                    "สร้างโฟลเดอร์ข้อมูล {} ไม่ได้: {e}",
                    config.data_dir.display()
                ))
            })?;
            Ok(Store::open_sqlite(&config.sqlite_path()).await?)
        }
    }
}

/// Runs the parsed command line.
pub(crate) async fn run(cli: Cli) -> Result<(), CliError> {
    // Before the configuration: a new key is what fixes a bad configured one.
    if let Command::Key(KeyCommand::Generate) = cli.command {
        println!("{}", MasterKey::generate().to_base64());
        return Ok(());
    }
    let bind = match &cli.command {
        Command::Serve(a) => a.bind,
        Command::Demo(a) => a.bind,
        _ => None,
    };
    let config = Config::load(&cli.global, bind)?;
    match cli.command {
        Command::Serve(_) => server::serve(&config).await,
        Command::Demo(args) => server::demo(&config, &args).await,
        Command::Migrate => {
            let store = open_store(&config).await?;
            store.migrate().await?;
            println!("ฐานข้อมูลเป็นรุ่นล่าสุดแล้ว");
            Ok(())
        }
        Command::Agency(cmd) => agencies::run(&config, cmd).await,
        Command::User(cmd) => accounts::run(&config, cmd).await,
        Command::Ita(cmd) => ita::run(cmd),
        Command::Render(args) => render::run(&config, args).await,
        Command::Export(args) => bundle::export(&config, args).await,
        Command::Import(args) => bundle::import(&config, args).await,
        Command::Key(_) => unreachable!("handled before the configuration is loaded"),
    }
}
