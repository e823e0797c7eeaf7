//! Group commit of public writes: many handlers, one writer task, one
//! transaction per batch.
//!
//! Every public submission (a complaint, a survey answer sheet) is a write, and on
//! SQLite every write transaction ends in a commit that takes the one write lock
//! of the file. Sixty-four phones submitting at once would each wait for that lock
//! in turn (and retry on `SQLITE_BUSY`), so the rate would be bounded by commits
//! per second, not by the work. Instead, handlers hand their item to one writer
//! task through a bounded channel; the task takes everything waiting (up to
//! [`MAX_BATCH`]) and stores it with one [`BatchStore::store`] call, in one
//! transaction, then answers each handler through its own oneshot channel. Under
//! load the batches grow by themselves (what arrives while one batch commits forms
//! the next), so a commit serves many submissions; when the server is quiet a
//! batch is one item and no latency is added. PostgreSQL gains the same way (one
//! round trip per commit).
//!
//! A batch is all or nothing. If it fails, its items are stored again one at a
//! time, so that one item the database refuses does not turn away the people
//! whose items were merely in the same batch; each caller gets its own answer.
//!
//! The task is spawned on the first submission, not in [`BatchWriter::new`], so
//! that building the application state needs no runtime, and it is spawned again
//! if its runtime went away (a test's runtime ends while the state lives on).

use std::future::Future;
use std::sync::Mutex;

use prongsai_store::{StoreError, StoreResult};
use tokio::sync::{mpsc, oneshot};

/// The most items stored in one transaction.
const MAX_BATCH: usize = 256;

/// Submissions waiting for the writer; a full queue makes handlers wait
/// (back-pressure) instead of growing memory.
const QUEUE: usize = 4 * MAX_BATCH;

/// How one kind of item is stored: all of a batch in one transaction, one
/// outcome per item in input order.
pub(crate) trait BatchStore: Clone + Send + Sync + 'static {
    type Item: Send + 'static;
    type Outcome: Send + 'static;

    /// Stores `items` in one transaction.
    fn store(
        &self,
        items: &[Self::Item],
    ) -> impl Future<Output = StoreResult<Vec<Self::Outcome>>> + Send;
}

/// One submission and where its answer goes.
struct Job<S: BatchStore> {
    item: S::Item,
    reply: oneshot::Sender<StoreResult<S::Outcome>>,
}

/// Collects submissions and writes them in batches through `S`.
#[derive(Debug)]
pub(crate) struct BatchWriter<S: BatchStore> {
    store: S,
    sender: Mutex<Option<mpsc::Sender<Job<S>>>>,
}

impl<S: BatchStore> BatchWriter<S> {
    pub(crate) fn new(store: S) -> Self {
        Self {
            store,
            sender: Mutex::new(None),
        }
    }

    /// Stores one item with whatever else is waiting, and answers for it.
    ///
    /// # Errors
    /// The store's error for this item, or `Open` when the writer stopped
    /// without answering.
    pub(crate) async fn submit(&self, item: S::Item) -> StoreResult<S::Outcome> {
        let (reply, answer) = oneshot::channel();
        let mut job = Job { item, reply };
        // A writer whose runtime ended drops its receiver; the send then fails and
        // hands the job back, and a fresh writer takes it.
        for _ in 0..2 {
            match self.writer().send(job).await {
                Ok(()) => {
                    return answer.await.unwrap_or_else(|_| Err(stopped()));
                }
                Err(mpsc::error::SendError(back)) => {
                    job = back;
                    self.sender.lock().expect("batch writer lock").take();
                }
            }
        }
        Err(stopped())
    }

    /// The sender of the running writer, spawning one when there is none.
    fn writer(&self) -> mpsc::Sender<Job<S>> {
        let mut slot = self.sender.lock().expect("batch writer lock");
        match slot.as_ref() {
            Some(sender) if !sender.is_closed() => sender.clone(),
            _ => {
                let (sender, receiver) = mpsc::channel(QUEUE);
                tokio::spawn(write_batches(self.store.clone(), receiver));
                *slot = Some(sender.clone());
                sender
            }
        }
    }
}

fn stopped() -> StoreError {
    StoreError::Open("the submission writer stopped".to_owned())
}

fn miscounted() -> StoreError {
    StoreError::Invalid("the store answered for another number of items".to_owned())
}

/// The writer: waits for work, takes all that is waiting, stores it at once.
async fn write_batches<S: BatchStore>(store: S, mut receiver: mpsc::Receiver<Job<S>>) {
    let mut jobs = Vec::with_capacity(MAX_BATCH);
    while receiver.recv_many(&mut jobs, MAX_BATCH).await > 0 {
        let (items, replies): (Vec<S::Item>, Vec<_>) =
            jobs.drain(..).map(|job| (job.item, job.reply)).unzip();
        // A handler whose client went away has dropped its receiver; the item is
        // stored either way, so a failed reply is ignored throughout.
        match store.store(&items).await {
            Ok(outcomes) if outcomes.len() == items.len() => {
                for (reply, outcome) in replies.into_iter().zip(outcomes) {
                    let _ = reply.send(Ok(outcome));
                }
            }
            Ok(_) => {
                // Committed, but not answered item by item: storing again could
                // duplicate, so every caller is told it failed.
                for reply in replies {
                    let _ = reply.send(Err(miscounted()));
                }
            }
            Err(error) if replies.len() == 1 => {
                if let Some(reply) = replies.into_iter().next() {
                    let _ = reply.send(Err(error));
                }
            }
            Err(_) => one_by_one(&store, items, replies).await,
        }
    }
}

/// Stores the items of a failed batch one at a time, each answering its caller.
async fn one_by_one<S: BatchStore>(
    store: &S,
    items: Vec<S::Item>,
    replies: Vec<oneshot::Sender<StoreResult<S::Outcome>>>,
) {
    for (item, reply) in items.into_iter().zip(replies) {
        let result = store
            .store(std::slice::from_ref(&item))
            .await
            .and_then(|mut stored| match (stored.pop(), stored.is_empty()) {
                (Some(one), true) => Ok(one),
                _ => Err(miscounted()),
            });
        let _ = reply.send(result);
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    use super::*;

    /// Doubles numbers; refuses any batch holding a negative one, and keeps
    /// the size of the largest batch.
    #[derive(Clone, Default)]
    struct Doubler {
        largest: Arc<AtomicUsize>,
    }

    impl BatchStore for Doubler {
        type Item = i64;
        type Outcome = i64;

        async fn store(&self, items: &[i64]) -> StoreResult<Vec<i64>> {
            self.largest.fetch_max(items.len(), Ordering::SeqCst);
            tokio::task::yield_now().await;
            if items.iter().any(|i| *i < 0) {
                return Err(StoreError::Invalid("negative".to_owned()));
            }
            Ok(items.iter().map(|i| i * 2).collect())
        }
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn concurrent_items_share_batches_and_a_bad_one_fails_alone() {
        let store = Doubler::default();
        let writer = Arc::new(BatchWriter::new(store.clone()));
        let tasks: Vec<_> = (-2..300_i64)
            .map(|n| {
                let writer = Arc::clone(&writer);
                tokio::spawn(async move { (n, writer.submit(n).await) })
            })
            .collect();
        for task in tasks {
            let (n, result) = task.await.expect("task");
            if n < 0 {
                assert!(matches!(result, Err(StoreError::Invalid(_))), "{n}");
            } else {
                assert_eq!(result.expect("stored"), n * 2);
            }
        }
        assert!(
            store.largest.load(Ordering::SeqCst) > 1,
            "submissions waiting together are stored together"
        );
    }
}
