//! Where public survey answers go: the group-commit writer of [`super::batch`]
//! for the response rows, and a short-lived memory of the surveys being
//! answered.
//!
//! A survey link is answered by many phones at once (a QR code on a poster at
//! the service counter, a link sent to all staff), and every answer sheet needs
//! the agency, the survey and its questions. Reading those means three queries
//! and parsing the year's framework, more work than storing the answers, so what
//! was read is kept for [`REMEMBER_FOR`] and shared by every request in that
//! time. A change to a survey (closing it, a new closing day) therefore takes
//! effect within those seconds; nothing else is kept, and nothing about a
//! respondent at all.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use prongsai_core::model::Agency;
use prongsai_core::surveys::{AskedQuestion, Survey, SurveyResponse, asked_questions};
use prongsai_store::{ResponseOutcome, Store, StoreResult};

use crate::error::ServiceResult;
use crate::ita_results::framework_or_nearest;

use super::batch::{BatchStore, BatchWriter};

/// How long a survey read from the store is used before it is read again.
const REMEMBER_FOR: Duration = Duration::from_secs(2);

/// More remembered surveys than this and the memory starts over: links are
/// few, so only made-up addresses could fill it.
const MAX_REMEMBERED: usize = 1_024;

/// Stores a batch of answer sheets with [`Store::submit_survey_responses`].
#[derive(Debug, Clone)]
struct ResponseStore(Store);

impl BatchStore for ResponseStore {
    type Item = SurveyResponse;
    type Outcome = ResponseOutcome;

    async fn store(&self, items: &[SurveyResponse]) -> StoreResult<Vec<ResponseOutcome>> {
        self.0.submit_survey_responses(items).await
    }
}

/// A survey as its public page needs it.
#[derive(Debug)]
pub struct LoadedSurvey {
    pub agency: Agency,
    pub survey: Survey,
    pub questions: Vec<AskedQuestion>,
}

/// What a public survey address leads to.
#[derive(Debug)]
pub enum SurveyLookup {
    NoAgency,
    /// The agency exists, the token is not one of its surveys.
    NoSurvey(Agency),
    Found(Arc<LoadedSurvey>),
}

/// Takes survey responses and writes them in batches.
#[derive(Debug)]
pub struct SurveyIntake {
    store: Store,
    writer: BatchWriter<ResponseStore>,
    remembered: Mutex<HashMap<SurveyAddress, (Instant, Arc<LoadedSurvey>)>>,
}

/// (agency code, token): the variable parts of a public survey address.
type SurveyAddress = (String, String);

impl SurveyIntake {
    pub fn new(store: Store) -> Self {
        Self {
            writer: BatchWriter::new(ResponseStore(store.clone())),
            store,
            remembered: Mutex::new(HashMap::new()),
        }
    }

    /// Stores one answer sheet with whatever else is waiting.
    ///
    /// # Errors
    /// The store's error for this response, or `Open` when the writer stopped
    /// without answering.
    pub async fn submit(&self, response: SurveyResponse) -> StoreResult<ResponseOutcome> {
        self.writer.submit(response).await
    }

    /// The survey behind `/p/{code}/surveys/{token}`, from memory when read in
    /// the last [`REMEMBER_FOR`].
    ///
    /// # Errors
    /// Database errors.
    pub async fn lookup(&self, code: &str, token: &str) -> ServiceResult<SurveyLookup> {
        let key = (code.to_owned(), token.to_owned());
        if let Some((at, loaded)) = self.remembered.lock().expect("survey memory").get(&key)
            && at.elapsed() < REMEMBER_FOR
        {
            return Ok(SurveyLookup::Found(Arc::clone(loaded)));
        }
        let Some(agency) = self.store.find_agency_by_code(code).await? else {
            return Ok(SurveyLookup::NoAgency);
        };
        let Some(survey) = self.store.find_survey_by_token(agency.id, token).await? else {
            return Ok(SurveyLookup::NoSurvey(agency));
        };
        let framework = match survey.kind.instrument() {
            Some(_) => {
                Some(framework_or_nearest(&self.store, agency.id, survey.fiscal_year).await?)
            }
            None => None,
        };
        let questions = asked_questions(&survey, framework.as_ref());
        let loaded = Arc::new(LoadedSurvey {
            agency,
            survey,
            questions,
        });
        let mut remembered = self.remembered.lock().expect("survey memory");
        if remembered.len() >= MAX_REMEMBERED {
            remembered.clear();
        }
        remembered.insert(key, (Instant::now(), Arc::clone(&loaded)));
        Ok(SurveyLookup::Found(loaded))
    }
}
