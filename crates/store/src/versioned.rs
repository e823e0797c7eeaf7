//! Documents saved whole, under a version: orders, memos, risk assessments and
//! action plans.
//!
//! Each is edited and printed as one document, so a save writes its header and
//! replaces its parts (committees, areas, dimensions …) in one transaction, and
//! each carries a version so that of two people editing one document the second
//! to save is told instead of overwriting the first. The frame around the
//! kind's own SQL is the same for all four and is written once here: version 0
//! is a new document (an id already taken means someone else created it first),
//! any other version must be the stored one, the row stays locked until commit,
//! and the audit row holds the document as read back before and after.

use crate::audit::{self, Change};
use crate::audited::{AuditKey as _, Entity};
use crate::dialect::Lock;
use crate::pool::Tx;
use crate::{Actor, StoreError, StoreResult};

/// A document saved whole.
pub(crate) trait Versioned: Entity {
    /// The version the caller loaded (0 for a new document), or the stored one.
    fn version(&self) -> i64;
}

/// Saves `doc` in `tx` (begun by the caller, which may have taken locks the kind
/// needs first) and returns what was stored, with the next version. For a new
/// document `insert` writes it at version 1 and says whether its key was free;
/// otherwise the stored row is locked and its version compared with `doc`'s
/// (the lock holds it there until commit) before `replace` writes the header
/// and replaces the parts.
///
/// # Errors
/// [`StoreError::Stale`] when someone else saved or created it since it was
/// loaded; [`StoreError::NotFound`] when a version is named but there is no such
/// document; what `insert` and `replace` return.
pub(crate) async fn save_whole<T: Versioned>(
    mut tx: Tx,
    actor: Actor,
    doc: &T,
    insert: impl AsyncFnOnce(&mut Tx) -> StoreResult<bool>,
    replace: impl AsyncFnOnce(&mut Tx) -> StoreResult<()>,
) -> StoreResult<T> {
    let key = doc.key();
    let before = if doc.version() == 0 {
        if !insert(&mut tx).await? {
            return Err(StoreError::Stale);
        }
        None
    } else {
        let before = T::fetch(tx.conn(), &key, Lock::ForUpdate)
            .await?
            .ok_or(StoreError::NotFound)?;
        if before.version() != doc.version() {
            return Err(StoreError::Stale);
        }
        replace(&mut tx).await?;
        Some(before)
    };
    let after = T::fetch(tx.conn(), &key, Lock::None)
        .await?
        .ok_or(StoreError::NotFound)?;
    let change = Change::saved(
        T::NAME,
        key.agency(),
        key.entity_id(),
        before.map(|b| b.audit_image()).transpose()?,
        after.audit_image()?,
    );
    audit::record(tx.conn(), actor, change).await?;
    tx.commit().await?;
    Ok(after)
}
