//! The audited write: a plain create, update or delete of one row and its audit
//! row, in one transaction.
//!
//! Most mutating methods of [`Store`] have the same frame around their one SQL
//! statement: open a write transaction, read and lock the row before the change
//! (or fail with [`StoreError::NotFound`]), run the statement, refuse a stale
//! version, write the audit row with the images before and after, commit. Written
//! out by hand that frame outweighs the statement and drifts from one copy to the
//! next; here it is written once, so a method says only its SQL. A unique key
//! the statement violates needs nothing here: it becomes
//! [`StoreError::Conflict`] naming the field where every `sqlx::Error` is
//! converted ([`crate::error`]). Writes with more steps (saved-whole documents,
//! several audit rows) open their own transaction.

use std::fmt::Display;

use prongsai_core::model::AgencyId;
use serde_json::Value;

use crate::audit::{self, Audited, Change};
use crate::dialect::Lock;
use crate::pool::{Conn, Tx};
use crate::{Actor, Store, StoreError, StoreResult};

/// A row kind the audited write handles: how the trail names it and how one row
/// is read back by its key.
pub(crate) trait Entity: Audited + Sized {
    /// The `entity` column of its audit rows.
    const NAME: &'static str;
    /// What identifies one row: the agency and the id, usually.
    type Key: AuditKey;

    fn key(&self) -> Self::Key;
    /// The row, read as `lock` says; `None` when it does not exist.
    async fn fetch(conn: Conn<'_>, key: &Self::Key, lock: Lock) -> StoreResult<Option<Self>>;

    /// The images an update records; a kind whose trail must say more than the
    /// two images (that a password changed, say) overrides it.
    fn update_images(before: &Self, after: &Self) -> StoreResult<(Value, Value)> {
        Ok((before.audit_image()?, after.audit_image()?))
    }
}

/// What a key puts in the `agency_id` and `entity_id` columns of an audit row.
pub(crate) trait AuditKey {
    fn agency(&self) -> Option<AgencyId>;
    fn entity_id(&self) -> String;
}

/// An agency's row named by its id (or by its fiscal year).
impl<I: Display> AuditKey for (AgencyId, I) {
    fn agency(&self) -> Option<AgencyId> {
        Some(self.0)
    }

    fn entity_id(&self) -> String {
        self.1.to_string()
    }
}

/// A row that may belong to no agency (a national user).
impl<I: Display> AuditKey for (Option<AgencyId>, I) {
    fn agency(&self) -> Option<AgencyId> {
        self.0
    }

    fn entity_id(&self) -> String {
        self.1.to_string()
    }
}

/// The agency itself.
impl AuditKey for AgencyId {
    fn agency(&self) -> Option<AgencyId> {
        Some(*self)
    }

    fn entity_id(&self) -> String {
        self.to_string()
    }
}

impl Store {
    /// Runs `insert` and records `value` as created.
    pub(crate) async fn audited_create<T: Entity>(
        &self,
        actor: Actor,
        value: &T,
        insert: impl AsyncFnOnce(&mut Tx) -> StoreResult<()>,
    ) -> StoreResult<()> {
        let mut tx = self.write().await?;
        insert(&mut tx).await?;
        let key = value.key();
        let change = Change::create(T::NAME, key.agency(), key.entity_id(), value.audit_image()?);
        audit::record(tx.conn(), actor, change).await?;
        tx.commit().await
    }

    /// Locks the row `after` replaces, runs `update` and records the change.
    /// `update` returns how many rows it changed: none means the row is no
    /// longer at the version the caller loaded ([`StoreError::Stale`]), since
    /// the row itself is known to exist.
    pub(crate) async fn audited_update<T: Entity>(
        &self,
        actor: Actor,
        after: &T,
        update: impl AsyncFnOnce(&mut Tx) -> StoreResult<u64>,
    ) -> StoreResult<()> {
        let key = after.key();
        let mut tx = self.write().await?;
        let before = T::fetch(tx.conn(), &key, Lock::ForUpdate)
            .await?
            .ok_or(StoreError::NotFound)?;
        if update(&mut tx).await? == 0 {
            return Err(StoreError::Stale);
        }
        let (before_image, after_image) = T::update_images(&before, after)?;
        let change = Change::update(
            T::NAME,
            key.agency(),
            key.entity_id(),
            before_image,
            after_image,
        );
        audit::record(tx.conn(), actor, change).await?;
        tx.commit().await
    }

    /// Locks the row of `key`, runs `delete` (which may first refuse with
    /// [`StoreError::InUse`]; the lock makes such checks race-free) and records
    /// the row as deleted.
    pub(crate) async fn audited_delete<T: Entity>(
        &self,
        actor: Actor,
        key: T::Key,
        delete: impl AsyncFnOnce(&mut Tx) -> StoreResult<()>,
    ) -> StoreResult<()> {
        let mut tx = self.write().await?;
        let before = T::fetch(tx.conn(), &key, Lock::ForUpdate)
            .await?
            .ok_or(StoreError::NotFound)?;
        delete(&mut tx).await?;
        let change = Change::delete(
            T::NAME,
            key.agency(),
            key.entity_id(),
            before.audit_image()?,
        );
        audit::record(tx.conn(), actor, change).await?;
        tx.commit().await
    }

    /// Inserts `value` when its key is free (`insert` returns whether it wrote),
    /// otherwise locks the row there and runs `update` over it: the save of a
    /// value that exists at most once per key (one per year, say), recorded as a
    /// create or an update. A row a concurrent save inserted since the first look
    /// is read again, locked and committed, as the before-image.
    pub(crate) async fn audited_save<T: Entity>(
        &self,
        actor: Actor,
        value: &T,
        insert: impl AsyncFnOnce(&mut Tx) -> StoreResult<bool>,
        update: impl AsyncFnOnce(&mut Tx) -> StoreResult<u64>,
    ) -> StoreResult<()> {
        let key = value.key();
        let mut tx = self.write().await?;
        let found = T::fetch(tx.conn(), &key, Lock::ForUpdate).await?;
        let change = if found.is_none() && insert(&mut tx).await? {
            Change::create(T::NAME, key.agency(), key.entity_id(), value.audit_image()?)
        } else {
            let before = match found {
                Some(before) => before,
                None => T::fetch(tx.conn(), &key, Lock::ForUpdate)
                    .await?
                    .ok_or(StoreError::NotFound)?,
            };
            update(&mut tx).await?;
            Change::update(
                T::NAME,
                key.agency(),
                key.entity_id(),
                before.audit_image()?,
                value.audit_image()?,
            )
        };
        audit::record(tx.conn(), actor, change).await?;
        tx.commit().await
    }
}
