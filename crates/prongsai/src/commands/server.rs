//! `prongsai serve` and `prongsai demo`.

use prongsai_app::case_files::CaseVault;
use prongsai_app::link_checks::start_link_check;
use prongsai_web::AppState;
use tokio::net::TcpListener;

use super::{CliError, open_store};
use crate::cli::DemoArgs;
use crate::config::Config;
use crate::demo;
use crate::demo::disclosure::{SampleSites, start_sample_sites};

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
}

/// Serves until a shutdown signal, with the housekeeping (deadline reminders,
/// deleting expired corruption reports) running beside the server.
async fn run_server(config: &Config, state: AppState) -> Result<(), CliError> {
    let listener = TcpListener::bind(config.bind)
        .await
        .map_err(|e| CliError::failure(format!("เปิดพอร์ต {} ไม่ได้: {e}", config.bind)))?;
    let addr = listener
        .local_addr()
        .map_err(|e| CliError::failure(e.to_string()))?;
    println!("เปิดใช้งานที่ http://{addr}/");
    let housekeeping = prongsai_app::jobs::spawn_housekeeping(state.app().clone());
    let served = prongsai_web::serve(state, listener, shutdown_signal())
        .await
        .map_err(|e| CliError::failure(format!("เว็บเซิร์ฟเวอร์หยุดทำงาน: {e}")));
    housekeeping.abort();
    served
}

pub(crate) async fn serve(config: &Config) -> Result<(), CliError> {
    let settings = config.settings()?;
    let store = open_store(config).await?;
    let state = AppState::new(store, settings, config.web.clone());
    run_server(config, state).await
}

/// Builds the demo and, unless `--no-serve`, serves it with the demo agencies'
/// sample websites beside it: the checker may fetch from their addresses and
/// ports for this run only, and a first link check of each checklist starts at once.
pub(crate) async fn demo(config: &Config, args: &DemoArgs) -> Result<(), CliError> {
    let mut settings = config.settings()?;
    let store = open_store(config).await?;
    let vault = CaseVault::new(&config.data_dir, settings.master_key.clone());
    let (_running, sites) = if args.no_serve {
        (Vec::new(), SampleSites::planned(args.sample_site))
    } else {
        start_sample_sites(args.sample_site).await?
    };
    let login = demo::ensure_demo(&store, &config.data_dir, &vault, &sites).await?;
    match &config.database_url {
        Some(_) => println!("ฐานข้อมูลสาธิต: ตาม --database-url"),
        None => println!("ฐานข้อมูลสาธิต: {}", config.sqlite_path().display()),
    }
    println!("{login}");
    if args.no_serve {
        return Ok(());
    }
    println!("เว็บไซต์ทดสอบของหน่วยงานสาธิต (ลิงก์หลักฐาน OIT ชี้มาที่นี่):");
    for checklist in &login.checklists {
        println!(
            "  {} (ปีงบประมาณ {}): {}",
            checklist.agency.name, checklist.year, checklist.home_url
        );
    }
    settings
        .link_check
        .allowed_private
        .extend(sites.addresses());
    let state = AppState::new(store, settings, config.web.clone());
    for checklist in &login.checklists {
        start_link_check(state.app(), &checklist.agency, checklist.year);
    }
    run_server(config, state).await
}
