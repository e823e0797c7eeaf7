//! `prongsai serve` and `prongsai demo`.

use prongsai_web::AppState;
use tokio::net::TcpListener;

use super::{CliError, open_store};
use crate::config::Config;
use crate::demo;

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

async fn run_server(config: &Config, state: AppState) -> Result<(), CliError> {
    let listener = TcpListener::bind(config.bind)
        .await
        .map_err(|e| CliError::failure(format!("เปิดพอร์ต {} ไม่ได้: {e}", config.bind)))?;
    let addr = listener
        .local_addr()
        .map_err(|e| CliError::failure(e.to_string()))?;
    println!("เปิดใช้งานที่ http://{addr}/");
    prongsai_web::serve(state, listener, shutdown_signal())
        .await
        .map_err(|e| CliError::failure(format!("เว็บเซิร์ฟเวอร์หยุดทำงาน: {e}")))
}

pub(crate) async fn serve(config: &Config) -> Result<(), CliError> {
    let store = open_store(config).await?;
    let state = AppState::new(store, config.web.clone());
    run_server(config, state).await
}

pub(crate) async fn demo(config: &Config, no_serve: bool) -> Result<(), CliError> {
    let store = open_store(config).await?;
    let login = demo::ensure_demo(&store, &config.data_dir).await?;
    match &config.database_url {
        Some(_) => println!("ฐานข้อมูลสาธิต: ตาม --database-url"),
        None => println!("ฐานข้อมูลสาธิต: {}", config.sqlite_path().display()),
    }
    println!("{login}");
    if no_serve {
        return Ok(());
    }
    let state = AppState::new(store, config.web.clone());
    run_server(config, state).await
}
