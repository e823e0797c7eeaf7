//! The two connection pools behind one [`crate::Store`], and the `on_conn!` macro
//! that compiles each query once per backend.
//!
//! A query is written once, in a function taking a [`Conn`]; `on_conn!` expands
//! its body for a SQLite and for a PostgreSQL connection, so the compiler checks
//! the same code against both drivers and the two can never drift apart (unlike
//! two hand-written implementations of one trait). A [`Conn`] comes from a pooled
//! connection ([`Lease`]) or a transaction ([`Tx`]), so a query does not care
//! whether it runs alone or as one step of a multi-step write.

use sqlx::pool::PoolConnection;
use sqlx::{PgConnection, PgPool, Postgres, Sqlite, SqliteConnection, SqlitePool, Transaction};

use crate::dialect::TxMode;
use crate::{Backend, StoreResult};

/// The pool of whichever backend the store was opened with.
#[derive(Debug, Clone)]
pub(crate) enum Pool {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

impl Pool {
    pub(crate) fn backend(&self) -> Backend {
        match self {
            Self::Sqlite(_) => Backend::Sqlite,
            Self::Postgres(_) => Backend::Postgres,
        }
    }

    /// A connection for reads that need no transaction.
    pub(crate) async fn acquire(&self) -> StoreResult<Lease> {
        Ok(match self {
            Self::Sqlite(pool) => Lease::Sqlite(pool.acquire().await?),
            Self::Postgres(pool) => Lease::Postgres(pool.acquire().await?),
        })
    }

    /// Starts a transaction. Dropping it without [`Tx::commit`] rolls it back, so
    /// an early `?` leaves nothing half-written.
    pub(crate) async fn begin(&self, mode: TxMode) -> StoreResult<Tx> {
        let statement = self.backend().begin(mode);
        Ok(match self {
            Self::Sqlite(pool) => Tx::Sqlite(pool.begin_with(statement).await?),
            Self::Postgres(pool) => Tx::Postgres(pool.begin_with(statement).await?),
        })
    }
}

/// One connection of either backend, borrowed for one query.
pub(crate) enum Conn<'c> {
    Sqlite(&'c mut SqliteConnection),
    Postgres(&'c mut PgConnection),
}

impl Conn<'_> {
    pub(crate) fn backend(&self) -> Backend {
        match self {
            Self::Sqlite(_) => Backend::Sqlite,
            Self::Postgres(_) => Backend::Postgres,
        }
    }
}

/// A pooled connection, returned to the pool when dropped.
pub(crate) enum Lease {
    Sqlite(PoolConnection<Sqlite>),
    Postgres(PoolConnection<Postgres>),
}

impl Lease {
    pub(crate) fn conn(&mut self) -> Conn<'_> {
        match self {
            Self::Sqlite(c) => Conn::Sqlite(c),
            Self::Postgres(c) => Conn::Postgres(c),
        }
    }
}

/// An open transaction of either backend.
pub(crate) enum Tx {
    Sqlite(Transaction<'static, Sqlite>),
    Postgres(Transaction<'static, Postgres>),
}

impl Tx {
    pub(crate) fn conn(&mut self) -> Conn<'_> {
        match self {
            Self::Sqlite(t) => Conn::Sqlite(t),
            Self::Postgres(t) => Conn::Postgres(t),
        }
    }

    pub(crate) async fn commit(self) -> StoreResult<()> {
        match self {
            Self::Sqlite(t) => t.commit().await?,
            Self::Postgres(t) => t.commit().await?,
        }
        Ok(())
    }
}

/// Runs `body` with `$c` bound to the connection of either backend
/// (`&mut SqliteConnection` or `&mut PgConnection`): the body is compiled twice,
/// once per driver, from one text. It evaluates to whatever `body` does, usually
/// a `Result<_, sqlx::Error>` that the caller turns into a `StoreError` with `?`.
macro_rules! on_conn {
    ($conn:expr, |$c:ident| $body:expr) => {
        match $conn {
            $crate::pool::Conn::Sqlite($c) => $body,
            $crate::pool::Conn::Postgres($c) => $body,
        }
    };
}

pub(crate) use on_conn;
