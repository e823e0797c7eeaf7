//! The state every handler receives.

use std::sync::Arc;

use prongsai_store::Store;

use crate::auth::throttle::LoginThrottle;
use crate::config::WebConfig;
use crate::render::Templates;

/// Shared, cheap to clone.
#[derive(Debug, Clone)]
pub struct AppState {
    pub(crate) store: Store,
    pub(crate) config: Arc<WebConfig>,
    pub(crate) templates: Arc<Templates>,
    pub(crate) throttle: Arc<LoginThrottle>,
    /// PDF rendering, bounded by the number of cores and run off the executor.
    pub(crate) renderer: prongsai_docs::Renderer,
}

impl AppState {
    /// Builds the state; templates are compiled into the binary and checked here.
    #[must_use]
    pub fn new(store: Store, config: WebConfig) -> Self {
        let throttle = LoginThrottle::new(config.login_attempts, config.login_window);
        Self {
            store,
            config: Arc::new(config),
            templates: Arc::new(Templates::new()),
            throttle: Arc::new(throttle),
            renderer: prongsai_docs::Renderer::new()
                .expect("the fonts compiled into the binary load"),
        }
    }

    /// The store, for callers that build the state and keep using it (tests).
    #[must_use]
    pub fn store(&self) -> &Store {
        &self.store
    }
}
