//! The web tests' harness: testkit's [`TestApp`] (two agencies over a real
//! SQLite file, driven in-process) serving this crate's router, and the public
//! side's own harness in `public`.

pub mod public;

use prongsai_testkit::http::{PASSWORD, TestApp};
use prongsai_web::{AppState, WebConfig, hash_password, router};

/// The staff side with the default configuration.
pub async fn app() -> TestApp {
    app_with(WebConfig::default()).await
}

/// The staff side with `config`, its data folder replaced by the test's own.
pub async fn app_with(config: WebConfig) -> TestApp {
    TestApp::start(hash_password(PASSWORD).unwrap(), move |store, data_dir| {
        let mut config = config;
        config.app.data_dir = data_dir;
        router(AppState::new(store, config))
    })
    .await
}
