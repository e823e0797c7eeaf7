//! The state every handler receives: the application layer's context and what
//! only the web server needs (its settings, templates and login throttles).

use std::sync::Arc;

use prongsai_app::{App, Settings};
use prongsai_store::Store;

use crate::auth::throttle::{LoginThrottle, TrackingThrottle};
use crate::config::WebConfig;
use crate::public::FilingLimit;
use crate::render::Templates;

/// Shared, cheap to clone.
#[derive(Debug, Clone)]
pub struct AppState {
    /// The services, jobs and intake writers handlers call.
    pub(crate) app: App,
    pub(crate) config: Arc<WebConfig>,
    pub(crate) templates: Arc<Templates>,
    pub(crate) throttle: Arc<LoginThrottle>,
    /// Wrong tracking codes per client address and code prefix (in memory only).
    pub(crate) tracking_throttle: Arc<TrackingThrottle>,
    /// Accepted public filings per client address and agency (in memory only).
    pub(crate) filing_limit: Arc<FilingLimit>,
}

impl AppState {
    /// Builds the state from the application's settings and the web server's;
    /// templates are compiled into the binary and checked here.
    #[must_use]
    pub fn new(store: Store, settings: Settings, config: WebConfig) -> Self {
        let throttle = LoginThrottle::new(config.login_attempts, config.login_window);
        let tracking_throttle =
            TrackingThrottle::new(config.tracking_attempts, config.tracking_window);
        let filing_limit = FilingLimit::new(
            config.public_filings_per_client,
            config.public_filing_window,
        );
        Self {
            app: App::new(store, settings),
            filing_limit: Arc::new(filing_limit),
            config: Arc::new(config),
            templates: Arc::new(Templates::new()),
            throttle: Arc::new(throttle),
            tracking_throttle: Arc::new(tracking_throttle),
        }
    }

    /// The application layer's context, for the jobs the binary starts beside
    /// the server and for tests.
    #[must_use]
    pub fn app(&self) -> &App {
        &self.app
    }

    /// The store, for callers that build the state and keep using it (tests).
    #[must_use]
    pub fn store(&self) -> &Store {
        &self.app.store
    }
}
