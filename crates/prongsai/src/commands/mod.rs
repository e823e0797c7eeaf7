//! One module per command. Each takes the loaded [`Config`] and does its work
//! through the store and the core rules; nothing here is shared with the web
//! layer except through those crates.

mod accounts;
mod agencies;
mod bundle;
mod emblem;
mod ita;
mod render;
mod server;

use prongsai_store::Store;

use crate::cli::{Cli, Command, KeyCommand};
use crate::config::Config;
use crate::error::CliError;
use prongsai_core::complaints::sealing::MasterKey;

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
        Command::Emblem(cmd) => emblem::run(&config, cmd).await,
        Command::Backup(args) => crate::backup::make(&config, args.to).await,
        Command::Restore(args) => crate::backup::restore(&config, &args.file, args.force).await,
        Command::Key(_) => unreachable!("handled before the configuration is loaded"),
    }
}
