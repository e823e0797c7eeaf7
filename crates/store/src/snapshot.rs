//! A consistent copy of a live SQLite database, and a check of a copy, for
//! `prongsai backup` and `prongsai restore`.
//!
//! Copying the database file while the server writes can catch a page half
//! written or leave recent commits in the write-ahead log behind. SQLite's
//! `VACUUM INTO` instead reads the whole database inside one read
//! transaction, a snapshot that writers in WAL mode never block or disturb,
//! and writes it to a new file: every transaction committed before it began
//! is in the copy, none after. PostgreSQL has its own tools (`pg_dump`), so
//! these are SQLite-only.

use std::path::Path;

use crate::pool::Conn;
use crate::{Store, StoreError, StoreResult};

impl Store {
    /// Writes a consistent copy of the database to `destination`, a file that
    /// must not exist yet.
    ///
    /// # Errors
    /// [`StoreError::Invalid`] on PostgreSQL or for a path that is not UTF-8;
    /// database errors (an existing destination among them).
    pub async fn snapshot_into(&self, destination: &Path) -> StoreResult<()> {
        let path = destination
            .to_str()
            .ok_or_else(|| StoreError::Invalid("the path is not UTF-8".to_owned()))?;
        let mut lease = self.lease().await?;
        let Conn::Sqlite(c) = lease.conn() else {
            return Err(StoreError::Invalid(
                "a snapshot is made of SQLite databases only".to_owned(),
            ));
        };
        sqlx::query("VACUUM INTO $1")
            .bind(path)
            .execute(&mut *c)
            .await?;
        Ok(())
    }

    /// What SQLite's `PRAGMA integrity_check` finds wrong (empty: nothing; always
    /// empty on PostgreSQL, which checks its pages itself).
    ///
    /// # Errors
    /// Database errors.
    pub async fn integrity_problems(&self) -> StoreResult<Vec<String>> {
        integrity_problems(self.lease().await?.conn()).await
    }
}

async fn integrity_problems(conn: Conn<'_>) -> StoreResult<Vec<String>> {
    let Conn::Sqlite(c) = conn else {
        return Ok(Vec::new());
    };
    let rows: Vec<String> = sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_all(&mut *c)
        .await?;
    Ok(rows.into_iter().filter(|row| row != "ok").collect())
}
