//! The group-commit writer of public submissions.
//!
//! Every public form submission is a write, and on SQLite every write transaction
//! ends in a commit that takes the one write lock of the file. Sixty-four phones
//! submitting at once would each wait for that lock in turn (and retry on
//! `SQLITE_BUSY`), so the rate would be bounded by commits per second, not by the
//! work. Instead, handlers hand their case to one writer task through a bounded
//! channel; the task takes everything waiting (up to [`MAX_BATCH`]) and stores it
//! with one [`Store::submit_cases`] call, in one transaction, then answers each
//! handler through its own oneshot channel. Under load the batches grow by
//! themselves (what arrives while one batch commits forms the next), so a commit
//! serves many submissions; when the server is quiet a batch is one case and no
//! latency is added. PostgreSQL gains the same way (one round trip per commit).
//!
//! A batch is all or nothing. If it fails, its cases are stored again one at a
//! time, so that one case the database refuses does not turn away the reporters
//! whose cases were merely in the same batch; each caller gets its own answer.
//!
//! The task is spawned on the first submission, not in [`Intake::new`], so that
//! building the application state needs no runtime, and it is spawned again if its
//! runtime went away (a test's runtime ends while the state lives on).

use std::sync::Mutex;

use prongsai_store::{NewCase, Store, StoreError, StoreResult, Submitted};
use tokio::sync::{mpsc, oneshot};

/// The most cases stored in one transaction.
const MAX_BATCH: usize = 256;

/// Submissions waiting for the writer; a full queue makes handlers wait
/// (back-pressure) instead of growing memory.
const QUEUE: usize = 4 * MAX_BATCH;

/// One submission and where its answer goes.
struct Job {
    case: NewCase,
    reply: oneshot::Sender<StoreResult<Submitted>>,
}

/// Collects submissions and writes them in batches.
#[derive(Debug)]
pub(crate) struct Intake {
    store: Store,
    sender: Mutex<Option<mpsc::Sender<Job>>>,
}

impl Intake {
    pub(crate) fn new(store: Store) -> Self {
        Self {
            store,
            sender: Mutex::new(None),
        }
    }

    /// Stores one submission with whatever else is waiting, and answers for it.
    ///
    /// # Errors
    /// The store's error for this case, or `Open` when the writer stopped
    /// without answering.
    pub(crate) async fn submit(&self, case: NewCase) -> StoreResult<Submitted> {
        let (reply, answer) = oneshot::channel();
        let mut job = Job { case, reply };
        // A writer whose runtime ended drops its receiver; the send then fails and
        // hands the job back, and a fresh writer takes it.
        for _ in 0..2 {
            match self.writer().send(job).await {
                Ok(()) => {
                    return answer.await.unwrap_or_else(|_| Err(stopped()));
                }
                Err(mpsc::error::SendError(back)) => {
                    job = back;
                    self.sender.lock().expect("intake lock").take();
                }
            }
        }
        Err(stopped())
    }

    /// The sender of the running writer, spawning one when there is none.
    fn writer(&self) -> mpsc::Sender<Job> {
        let mut slot = self.sender.lock().expect("intake lock");
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

/// The writer: waits for work, takes all that is waiting, stores it at once.
async fn write_batches(store: Store, mut receiver: mpsc::Receiver<Job>) {
    let mut jobs = Vec::with_capacity(MAX_BATCH);
    while receiver.recv_many(&mut jobs, MAX_BATCH).await > 0 {
        let (cases, replies): (Vec<NewCase>, Vec<_>) =
            jobs.drain(..).map(|job| (job.case, job.reply)).unzip();
        // A handler whose client went away has dropped its receiver; the case is
        // stored either way, so a failed reply is ignored throughout.
        match store.submit_cases(&cases).await {
            Ok(results) if results.len() == cases.len() => {
                for (reply, result) in replies.into_iter().zip(results) {
                    let _ = reply.send(Ok(result));
                }
            }
            Ok(_) => {
                // Committed, but not answered case by case: storing again could
                // duplicate, so every caller is told it failed.
                for reply in replies {
                    let _ = reply.send(Err(StoreError::Invalid(
                        "the store answered for another number of cases".to_owned(),
                    )));
                }
            }
            Err(error) if replies.len() == 1 => {
                if let Some(reply) = replies.into_iter().next() {
                    let _ = reply.send(Err(error));
                }
            }
            Err(_) => one_by_one(&store, cases, replies).await,
        }
    }
}

/// Stores the cases of a failed batch one at a time, each answering its caller.
async fn one_by_one(
    store: &Store,
    cases: Vec<NewCase>,
    replies: Vec<oneshot::Sender<StoreResult<Submitted>>>,
) {
    for (case, reply) in cases.into_iter().zip(replies) {
        let result = store
            .submit_cases(std::slice::from_ref(&case))
            .await
            .and_then(|mut stored| match (stored.pop(), stored.is_empty()) {
                (Some(one), true) => Ok(one),
                _ => Err(StoreError::Invalid(
                    "the store answered for another number of cases".to_owned(),
                )),
            });
        let _ = reply.send(result);
    }
}
