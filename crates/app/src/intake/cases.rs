//! Public complaints and reports, stored in batches by the group-commit writer
//! of [`super::batch`].

use prongsai_store::{NewCase, Store, StoreResult, Submitted};

use super::batch::{BatchStore, BatchWriter};

/// Stores a batch of cases with [`Store::submit_cases`].
#[derive(Debug, Clone)]
struct CaseStore(Store);

impl BatchStore for CaseStore {
    type Item = NewCase;
    type Outcome = Submitted;

    async fn store(&self, items: &[NewCase]) -> StoreResult<Vec<Submitted>> {
        self.0.submit_cases(items).await
    }
}

/// Collects public submissions and writes them in batches.
#[derive(Debug)]
pub struct CaseIntake(BatchWriter<CaseStore>);

impl CaseIntake {
    pub fn new(store: Store) -> Self {
        Self(BatchWriter::new(CaseStore(store)))
    }

    /// Stores one case with whatever else is waiting, and answers for it.
    ///
    /// # Errors
    /// The store's error for this case, or `Open` when the writer stopped
    /// without answering.
    pub async fn submit(&self, case: NewCase) -> StoreResult<Submitted> {
        self.0.submit(case).await
    }
}
