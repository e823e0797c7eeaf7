//! The repository: [`Store`], how it is opened and migrated, and the small types
//! its methods share. The queries live in one module per entity (`agencies`,
//! `departments`, …), each adding its methods to [`Store`].

use std::collections::BTreeMap;
use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use prongsai_core::model::{AgencyId, ResultSource, UserId};
use sqlx::migrate::Migrator;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};

use crate::dialect::TxMode;
use crate::pool::{Lease, Pool, Tx, on_conn};
use crate::schema::{ColumnRow, IndexRow, KeyRow, SchemaShape};
use crate::{StoreError, StoreResult};

/// The SQLite schema, compiled into the binary.
static SQLITE_MIGRATIONS: Migrator = sqlx::migrate!("./migrations/sqlite");
/// The PostgreSQL schema, compiled into the binary; same versions and names.
static POSTGRES_MIGRATIONS: Migrator = sqlx::migrate!("./migrations/postgres");

/// How long a SQLite connection waits for another writer before giving up.
const SQLITE_BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// Which database a [`Store`] talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// Who makes a change, for the audit log. `user_id: None` is the command line.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Actor {
    pub user_id: Option<UserId>,
}

/// A framework document an agency imported or derived for one fiscal year.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredFramework {
    pub agency_id: AgencyId,
    pub fiscal_year: i32,
    pub document: serde_json::Value,
}

/// The ITA analysis text of one result (agency, fiscal year, source) as the user
/// edited it, with the settings it was generated with. Both are kept as JSON
/// exactly as given; the store does not interpret them.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredAnalysis {
    pub agency_id: AgencyId,
    pub fiscal_year: i32,
    pub source: ResultSource,
    pub settings: serde_json::Value,
    pub text: serde_json::Value,
}

/// The repository over one connection pool. Cloning is cheap and shares the pool.
#[derive(Debug, Clone)]
pub struct Store {
    pub(crate) pool: Pool,
}

impl Store {
    /// Opens (creating if missing) the SQLite file at `path`, with WAL, foreign keys
    /// and a busy timeout, and applies migrations.
    ///
    /// # Errors
    /// [`StoreError::Open`] when the file cannot be opened or created (for example
    /// a missing directory); migration errors as they come.
    pub async fn open_sqlite(path: &Path) -> StoreResult<Self> {
        let options = SqliteConnectOptions::new().filename(path);
        Self::open_sqlite_with(options, &path.display().to_string()).await
    }

    /// Opens `sqlite://…` or `postgres://…` and applies migrations.
    ///
    /// # Errors
    /// [`StoreError::Open`] for any other scheme, a malformed URL or a database
    /// that cannot be reached; migration errors as they come. Messages never
    /// repeat the URL, which may hold a password.
    pub async fn connect(url: &str) -> StoreResult<Self> {
        let scheme = url
            .split_once(':')
            .map(|(scheme, _)| scheme.to_ascii_lowercase());
        match scheme.as_deref() {
            Some("sqlite") => {
                let options = SqliteConnectOptions::from_str(url)
                    .map_err(|e| StoreError::Open(format!("bad sqlite URL: {e}")))?;
                Self::open_sqlite_with(options, "the sqlite URL").await
            }
            Some("postgres" | "postgresql") => {
                let options = PgConnectOptions::from_str(url)
                    .map_err(|e| StoreError::Open(format!("bad postgres URL: {e}")))?;
                let pool = PgPoolOptions::new()
                    .connect_with(options)
                    .await
                    .map_err(|e| StoreError::Open(format!("PostgreSQL: {e}")))?;
                Self::migrated(Pool::Postgres(pool)).await
            }
            Some(other) => Err(StoreError::Open(format!(
                "unsupported URL scheme `{other}`; use sqlite://PATH or postgres://USER@HOST/DATABASE"
            ))),
            None => Err(StoreError::Open(
                "not a database URL; use sqlite://PATH or postgres://USER@HOST/DATABASE".to_owned(),
            )),
        }
    }

    /// The settings every SQLite connection gets: WAL so readers never block the
    /// writer, foreign keys on (SQLite's default is off), a busy timeout so a
    /// second writer waits instead of failing, `synchronous = NORMAL`, which
    /// is durable across application crashes in WAL mode and much faster than FULL,
    /// and `secure_delete`, so text a write replaces or deletes (a corruption
    /// report purged after its retention period) is zeroed, not left in free space
    /// of the file.
    async fn open_sqlite_with(options: SqliteConnectOptions, what: &str) -> StoreResult<Self> {
        let options = options
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .foreign_keys(true)
            .busy_timeout(SQLITE_BUSY_TIMEOUT)
            .synchronous(SqliteSynchronous::Normal)
            .pragma("secure_delete", "on");
        let pool = SqlitePoolOptions::new()
            .connect_with(options)
            .await
            .map_err(|e| StoreError::Open(format!("{what}: {e}")))?;
        Self::migrated(Pool::Sqlite(pool)).await
    }

    async fn migrated(pool: Pool) -> StoreResult<Self> {
        let store = Self { pool };
        store.migrate().await?;
        Ok(store)
    }

    /// Applies pending migrations (idempotent). `open_sqlite`/`connect` call it.
    ///
    /// # Errors
    /// When a migration fails or an applied one was changed after the fact.
    pub async fn migrate(&self) -> StoreResult<()> {
        let migrations = match &self.pool {
            Pool::Sqlite(pool) => {
                SQLITE_MIGRATIONS.run(pool).await?;
                &SQLITE_MIGRATIONS
            }
            Pool::Postgres(pool) => {
                POSTGRES_MIGRATIONS.run(pool).await?;
                &POSTGRES_MIGRATIONS
            }
        };
        tracing::debug!(
            backend = ?self.backend(),
            version = migrations.iter().map(|m| m.version).max(),
            "database schema is up to date"
        );
        Ok(())
    }

    #[must_use]
    pub fn backend(&self) -> Backend {
        self.pool.backend()
    }

    /// Closes every connection; later calls fail. For SQLite this also
    /// checkpoints the WAL into the main file.
    pub async fn close(&self) {
        match &self.pool {
            Pool::Sqlite(pool) => pool.close().await,
            Pool::Postgres(pool) => pool.close().await,
        }
    }

    /// Table name → column names (sorted), for the schema parity test.
    ///
    /// # Errors
    /// Database errors.
    pub async fn schema_columns(&self) -> StoreResult<BTreeMap<String, Vec<String>>> {
        let mut tables = self.table_columns().await?;
        for columns in tables.values_mut() {
            columns.sort();
        }
        Ok(tables)
    }

    /// Table name → column names in declaration order, for checks that care which
    /// column comes first (every tenant table leads with `agency_id`).
    ///
    /// # Errors
    /// Database errors.
    pub async fn table_columns(&self) -> StoreResult<BTreeMap<String, Vec<String>>> {
        let mut lease = self.lease().await?;
        let conn = lease.conn();
        let sql = conn.backend().schema_query();
        let rows: Vec<(String, String)> =
            on_conn!(conn, |c| sqlx::query_as(sql).fetch_all(c).await)?;
        let mut tables = BTreeMap::<String, Vec<String>>::new();
        for (table, column) in rows {
            tables.entry(table).or_default().push(column);
        }
        Ok(tables)
    }

    /// The schema as the database's own catalogue describes it (see
    /// [`SchemaShape`]), for the tests that keep the two migration trees equal.
    ///
    /// # Errors
    /// Database errors.
    pub async fn schema_shape(&self) -> StoreResult<SchemaShape> {
        let mut lease = self.lease().await?;
        let queries = lease.conn().backend().shape_queries();
        let conn = lease.conn();
        let columns: Vec<ColumnRow> =
            on_conn!(conn, |c| sqlx::query_as(queries.columns).fetch_all(c).await)?;
        let conn = lease.conn();
        let keys: Vec<KeyRow> =
            on_conn!(conn, |c| sqlx::query_as(queries.keys).fetch_all(c).await)?;
        let conn = lease.conn();
        let indexes: Vec<IndexRow> =
            on_conn!(conn, |c| sqlx::query_as(queries.indexes).fetch_all(c).await)?;
        Ok(SchemaShape::from_rows(columns, keys, indexes))
    }

    /// A pooled connection for reads and single-statement writes.
    pub(crate) async fn lease(&self) -> StoreResult<Lease> {
        self.pool.acquire().await
    }

    /// A write transaction: a change and its audit row commit together or not at all.
    pub(crate) async fn write(&self) -> StoreResult<Tx> {
        self.pool.begin(TxMode::Write).await
    }

    /// A read-only transaction that sees one consistent state.
    pub(crate) async fn snapshot(&self) -> StoreResult<Tx> {
        self.pool.begin(TxMode::Snapshot).await
    }
}
