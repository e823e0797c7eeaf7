//! The one context every web handler and CLI command calls the application
//! layer through: the store and what is built once per process around it.

use std::sync::Arc;

use prongsai_docs::Renderer;
use prongsai_store::Store;

use crate::case_files::CaseVault;
use crate::intake::{CaseIntake, SurveyIntake};
use crate::link_checks::tracker::LinkCheckTracker;
use crate::mail::mailer::Mailer;
use crate::settings::Settings;

/// Shared, cheap to clone.
#[derive(Debug, Clone)]
pub struct App {
    pub store: Store,
    pub settings: Arc<Settings>,
    /// PDF rendering, bounded by the number of cores and run off the executor.
    pub renderer: Renderer,
    /// Seals reporters' contacts and case files with the agency keys.
    pub vault: CaseVault,
    /// `None` when no SMTP server is configured.
    pub mailer: Option<Arc<Mailer>>,
    /// Public submissions, written in batches.
    pub intake: Arc<CaseIntake>,
    /// Survey responses, written in batches.
    pub survey_intake: Arc<SurveyIntake>,
    /// Link checks in progress, per agency.
    pub link_checks: Arc<LinkCheckTracker>,
}

impl App {
    /// Builds the context over `store`.
    ///
    /// # Panics
    /// When the fonts compiled into the binary do not load (a build fault).
    #[must_use]
    pub fn new(store: Store, settings: Settings) -> Self {
        let vault = CaseVault::new(&settings.data_dir, settings.master_key.clone());
        let mailer = settings
            .smtp
            .as_ref()
            .map(|smtp| Arc::new(Mailer::new(smtp)));
        Self {
            intake: Arc::new(CaseIntake::new(store.clone())),
            survey_intake: Arc::new(SurveyIntake::new(store.clone())),
            store,
            settings: Arc::new(settings),
            renderer: Renderer::new().expect("the fonts compiled into the binary load"),
            vault,
            mailer,
            link_checks: Arc::new(LinkCheckTracker::default()),
        }
    }
}
