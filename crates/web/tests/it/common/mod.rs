//! The web tests' harness: testkit's [`TestApp`] (two agencies over a real
//! SQLite file, driven in-process) serving this crate's router, and the public
//! side's own harness in `public`.

pub mod html_forms;
pub mod public;

use prongsai_app::Settings;
use prongsai_testkit::database::PostgresDatabase;
use prongsai_testkit::http::{PASSWORD, TestApp};
use prongsai_web::{AppState, WebConfig, hash_password, router};

/// The staff side with the default configuration.
pub async fn app() -> TestApp {
    app_with(Settings::default(), WebConfig::default()).await
}

/// The staff side with `settings` (their data folder replaced by the test's
/// own) and the web server's `config`.
pub async fn app_with(settings: Settings, config: WebConfig) -> TestApp {
    TestApp::start(hash_password(PASSWORD).unwrap(), move |store, data_dir| {
        let settings = Settings {
            data_dir,
            ..settings
        };
        router(AppState::new(store, settings, config))
    })
    .await
}

/// The staff side with the default configuration over a PostgreSQL database
/// of its own (dropped with the first value), or `None` when no server is
/// configured.
pub async fn app_on_postgres() -> Option<(PostgresDatabase, TestApp)> {
    let (database, store) = PostgresDatabase::create().await?;
    let dir = tempfile::tempdir().unwrap();
    let app = TestApp::start_on(
        store,
        dir,
        hash_password(PASSWORD).unwrap(),
        |store, data_dir| {
            let settings = Settings {
                data_dir,
                ..Settings::default()
            };
            router(AppState::new(store, settings, WebConfig::default()))
        },
    )
    .await;
    Some((database, app))
}
