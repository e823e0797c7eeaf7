//! The state every handler receives.

use std::sync::Arc;

use prongsai_store::Store;

use crate::auth::throttle::LoginThrottle;
use crate::config::WebConfig;
use crate::notify::Mailer;
use crate::public::intake::Intake;
use crate::public::survey_intake::SurveyIntake;
use crate::render::Templates;
use crate::services::case_files::CaseVault;
use crate::services::link_checks::LinkCheckTracker;

/// Shared, cheap to clone.
#[derive(Debug, Clone)]
pub struct AppState {
    pub(crate) store: Store,
    pub(crate) config: Arc<WebConfig>,
    pub(crate) templates: Arc<Templates>,
    pub(crate) throttle: Arc<LoginThrottle>,
    /// PDF rendering, bounded by the number of cores and run off the executor.
    pub(crate) renderer: prongsai_docs::Renderer,
    /// Seals reporters' contacts and case files with the agency keys.
    pub(crate) vault: CaseVault,
    /// Public submissions, written in batches.
    pub(crate) intake: Arc<Intake>,
    /// Wrong tracking codes per client address (kept in memory only).
    pub(crate) tracking_throttle: Arc<LoginThrottle>,
    /// `None` when no SMTP server is configured.
    pub(crate) mailer: Option<Arc<Mailer>>,
    /// Survey responses, written in batches.
    pub(crate) survey_intake: Arc<SurveyIntake>,
    /// Link checks in progress, per agency.
    pub(crate) link_checks: Arc<LinkCheckTracker>,
}

impl AppState {
    /// Builds the state; templates are compiled into the binary and checked here.
    #[must_use]
    pub fn new(store: Store, config: WebConfig) -> Self {
        let throttle = LoginThrottle::new(config.login_attempts, config.login_window);
        let tracking_throttle =
            LoginThrottle::new(config.tracking_attempts, config.tracking_window);
        let vault = CaseVault::new(&config.data_dir, config.master_key.clone());
        let mailer = config.smtp.as_ref().map(|smtp| Arc::new(Mailer::new(smtp)));
        let intake = Arc::new(Intake::new(store.clone()));
        let survey_intake = Arc::new(SurveyIntake::new(store.clone()));
        Self {
            store,
            config: Arc::new(config),
            templates: Arc::new(Templates::new()),
            throttle: Arc::new(throttle),
            renderer: prongsai_docs::Renderer::new()
                .expect("the fonts compiled into the binary load"),
            vault,
            intake,
            tracking_throttle: Arc::new(tracking_throttle),
            mailer,
            survey_intake,
            link_checks: Arc::new(LinkCheckTracker::default()),
        }
    }

    /// The store, for callers that build the state and keep using it (tests).
    #[must_use]
    pub fn store(&self) -> &Store {
        &self.store
    }
}
