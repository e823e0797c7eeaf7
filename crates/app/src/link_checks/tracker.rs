//! Which agencies have a link-check run going, and how far each is. It lives in
//! memory only: a run interrupted by a restart simply did not happen. Kept
//! apart from the runs themselves so that the application context can hold a
//! tracker without the runs' module and the context importing each other.

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use prongsai_core::model::AgencyId;

/// How far one agency's run is.
#[derive(Debug, Default)]
pub(super) struct Progress {
    pub(super) done: Arc<AtomicUsize>,
    pub(super) total: AtomicUsize,
}

/// The link checks running now, per agency.
#[derive(Debug, Default)]
pub struct LinkCheckTracker {
    running: Mutex<HashMap<AgencyId, Arc<Progress>>>,
}

impl LinkCheckTracker {
    /// Links checked so far and links in the run, while `agency` has a run going.
    #[must_use]
    pub fn progress(&self, agency: AgencyId) -> Option<(usize, usize)> {
        let running = self.running.lock().unwrap_or_else(PoisonError::into_inner);
        running.get(&agency).map(|p| {
            let total = p.total.load(Ordering::Relaxed);
            (p.done.load(Ordering::Relaxed).min(total), total)
        })
    }

    /// Claims the agency's slot; `None` when a run is already going.
    pub(super) fn begin(self: &Arc<Self>, agency: AgencyId) -> Option<RunSlot> {
        let mut running = self.running.lock().unwrap_or_else(PoisonError::into_inner);
        if running.contains_key(&agency) {
            return None;
        }
        let progress = Arc::new(Progress::default());
        running.insert(agency, Arc::clone(&progress));
        Some(RunSlot {
            tracker: Arc::clone(self),
            agency,
            progress,
        })
    }
}

/// A claimed run; dropping it (at the end, on an error or a panic of the task)
/// frees the agency for the next run.
#[derive(Debug)]
pub(super) struct RunSlot {
    tracker: Arc<LinkCheckTracker>,
    agency: AgencyId,
    pub(super) progress: Arc<Progress>,
}

impl Drop for RunSlot {
    fn drop(&mut self) {
        self.tracker
            .running
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .remove(&self.agency);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_run_per_agency_and_the_slot_frees_itself() {
        let tracker = Arc::new(LinkCheckTracker::default());
        let agency = AgencyId::new();
        let slot = tracker.begin(agency).expect("nothing runs yet");
        assert!(tracker.begin(agency).is_none());
        assert!(tracker.begin(AgencyId::new()).is_some());
        slot.progress.total.store(4, Ordering::Relaxed);
        slot.progress.done.fetch_add(1, Ordering::Relaxed);
        assert_eq!(tracker.progress(agency), Some((1, 4)));
        drop(slot);
        assert_eq!(tracker.progress(agency), None);
        assert!(tracker.begin(agency).is_some());
    }
}
