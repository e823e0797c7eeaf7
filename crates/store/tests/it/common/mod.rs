//! The test databases the store's suites share: a temporary SQLite file, or a
//! fresh PostgreSQL database created through the admin URL in
//! `PRONGSAI_TEST_DATABASE_URL` and dropped afterwards, so tests run in parallel
//! without colliding; and `on_both_backends!`, which runs each scenario on both.

#![allow(
    dead_code,
    unused_macros,
    reason = "each test crate includes this harness and uses a different part of it"
)]

use std::path::PathBuf;

use prongsai_store::Store;
use sqlx::Connection as _;
use tempfile::TempDir;
use uuid::Uuid;

/// The variable naming a PostgreSQL server the suite may create databases on.
pub const PG_ENV: &str = "PRONGSAI_TEST_DATABASE_URL";

// ---------------------------------------------------------------------------
// Test databases
// ---------------------------------------------------------------------------

/// One empty, migrated database for one test, removed when dropped.
pub struct TestDb {
    pub store: Store,
    place: Place,
}

enum Place {
    Sqlite {
        path: PathBuf,
        /// Held so the directory lives as long as the database.
        _dir: TempDir,
    },
    Postgres {
        admin_url: String,
        name: String,
        url: String,
    },
}

impl TestDb {
    /// A SQLite file in a fresh temporary directory.
    pub async fn sqlite() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("prongsai.db");
        let store = Store::open_sqlite(&path).await.expect("open sqlite");
        Self {
            store,
            place: Place::Sqlite { path, _dir: dir },
        }
    }

    /// A fresh PostgreSQL database, or `None` (after saying so) when no server is
    /// configured.
    pub async fn postgres() -> Option<Self> {
        let Ok(admin_url) = std::env::var(PG_ENV) else {
            eprintln!("skipped: {PG_ENV} not set");
            return None;
        };
        let name = format!("prongsai_test_{}", Uuid::now_v7().simple());
        let mut admin = sqlx::PgConnection::connect(&admin_url)
            .await
            .expect("connect to the PostgreSQL admin URL");
        sqlx::query(&format!("CREATE DATABASE {name}"))
            .execute(&mut admin)
            .await
            .expect("create test database");
        admin.close().await.expect("close admin connection");
        let url = with_database(&admin_url, &name);
        let store = Store::connect(&url)
            .await
            .expect("connect to test database");
        Some(Self {
            store,
            place: Place::Postgres {
                admin_url,
                name,
                url,
            },
        })
    }

    /// Another empty database on the same backend.
    pub async fn fresh(&self) -> Self {
        match self.place {
            Place::Sqlite { .. } => Self::sqlite().await,
            Place::Postgres { .. } => Self::postgres().await.expect("PostgreSQL is configured"),
        }
    }

    /// Runs one statement with one id parameter behind the store's back, for
    /// checks of the schema itself (cascades).
    pub async fn execute_raw(&self, sql: &str, id: Uuid) {
        match &self.place {
            Place::Sqlite { path, .. } => {
                let options = sqlx::sqlite::SqliteConnectOptions::new()
                    .filename(path)
                    .foreign_keys(true);
                let mut conn = sqlx::SqliteConnection::connect_with(&options)
                    .await
                    .expect("raw sqlite connection");
                sqlx::query(sql)
                    .bind(id)
                    .execute(&mut conn)
                    .await
                    .expect(sql);
                conn.close().await.expect("close raw connection");
            }
            Place::Postgres { url, .. } => {
                let mut conn = sqlx::PgConnection::connect(url)
                    .await
                    .expect("raw postgres connection");
                sqlx::query(sql)
                    .bind(id)
                    .execute(&mut conn)
                    .await
                    .expect(sql);
                conn.close().await.expect("close raw connection");
            }
        }
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        let Place::Postgres {
            admin_url, name, ..
        } = &self.place
        else {
            return;
        };
        // Drop runs outside async code, maybe inside a runtime: use a thread with
        // its own runtime. FORCE ends the store's pooled connections.
        let (admin_url, drop_sql) = (
            admin_url.clone(),
            format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"),
        );
        let dropped = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("runtime");
            runtime.block_on(async {
                let mut admin = sqlx::PgConnection::connect(&admin_url).await?;
                sqlx::query(&drop_sql).execute(&mut admin).await?;
                admin.close().await
            })
        })
        .join();
        if !matches!(dropped, Ok(Ok(()))) {
            eprintln!("could not drop test database {name}");
        }
    }
}

/// `url` with its database name replaced by `name` (query parameters kept).
pub fn with_database(url: &str, name: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((base, query)) => (base, Some(query)),
        None => (url, None),
    };
    let authority_start = base.find("://").map_or(0, |i| i + 3);
    let server = match base[authority_start..].find('/') {
        Some(slash) => &base[..authority_start + slash],
        None => base,
    };
    match query {
        Some(query) => format!("{server}/{name}?{query}"),
        None => format!("{server}/{name}"),
    }
}

/// Runs each scenario as one test per backend: `sqlite::name` and `postgres::name`.
macro_rules! on_both_backends {
    ($($scenario:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
                async fn $scenario() {
                    let db = super::TestDb::sqlite().await;
                    assert_eq!(db.store.backend(), prongsai_store::Backend::Sqlite);
                    super::$scenario(&db).await;
                }
            )*
        }

        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
                async fn $scenario() {
                    let Some(db) = super::TestDb::postgres().await else { return };
                    assert_eq!(db.store.backend(), prongsai_store::Backend::Postgres);
                    super::$scenario(&db).await;
                }
            )*
        }
    };
}

// ---------------------------------------------------------------------------
// Bundles
// ---------------------------------------------------------------------------

/// A bundle as the text `export` writes, so two exports compare byte for byte.
pub fn json_text(bundle: &prongsai_core::bundle::AgencyBundle) -> String {
    serde_json::to_string_pretty(bundle).unwrap()
}

/// What `seed` makes moves SQLite → PostgreSQL and PostgreSQL → SQLite with
/// nothing lost: the export read back after import is the export. `seed` fills
/// a new agency of the given code and returns its id. Skipped without PostgreSQL.
pub async fn assert_moves_between_backends(
    seed: impl AsyncFn(&Store, &str) -> prongsai_core::model::AgencyId,
) {
    let Some(pg) = TestDb::postgres().await else {
        return;
    };
    let sqlite = TestDb::sqlite().await;
    let empty = TestDb::sqlite().await;
    for (from, to, code) in [(&sqlite, &pg, "from-sqlite"), (&pg, &empty, "from-pg")] {
        let agency = seed(&from.store, code).await;
        let exported = from.store.export_agency(agency).await.unwrap();
        to.store
            .import_bundle(&prongsai_core::bundle::Bundle::new(vec![exported.clone()]))
            .await
            .unwrap();
        assert_eq!(
            json_text(&to.store.export_agency(agency).await.unwrap()),
            json_text(&exported),
            "{code}"
        );
    }
}

// ---------------------------------------------------------------------------
// Databases of an older schema
// ---------------------------------------------------------------------------

/// A value bound to a statement written against an older schema.
#[derive(Debug, Clone)]
pub enum Raw {
    Id(Uuid),
    Text(String),
    Int(i64),
    Time(chrono::DateTime<chrono::Utc>),
}

/// A fresh database migrated only up to one version, for writing rows in the
/// shape of that version; [`OldDb::open`] then opens it as a [`Store`], which
/// applies the migrations after it.
pub struct OldDb {
    pool: OldPool,
    place: Place,
}

enum OldPool {
    Sqlite(sqlx::SqlitePool),
    Postgres(sqlx::PgPool),
}

impl OldDb {
    /// The migrations of this crate up to `version`, read from the files.
    async fn migrator(backend: &str, version: i64) -> sqlx::migrate::Migrator {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("migrations")
            .join(backend);
        let mut migrator = sqlx::migrate::Migrator::new(dir).await.expect("migrations");
        let kept: Vec<_> = migrator
            .migrations
            .iter()
            .filter(|m| m.version <= version)
            .cloned()
            .collect();
        migrator.migrations = kept.into();
        migrator
    }

    /// A SQLite file at schema `version`.
    pub async fn sqlite(version: i64) -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("prongsai.db");
        let options = sqlx::sqlite::SqliteConnectOptions::new()
            .filename(&path)
            .create_if_missing(true)
            .foreign_keys(true);
        let pool = sqlx::SqlitePool::connect_with(options)
            .await
            .expect("old sqlite");
        Self::migrator("sqlite", version)
            .await
            .run(&pool)
            .await
            .expect("old migrations");
        Self {
            pool: OldPool::Sqlite(pool),
            place: Place::Sqlite { path, _dir: dir },
        }
    }

    /// A PostgreSQL database at schema `version`, or `None` without a server.
    pub async fn postgres(version: i64) -> Option<Self> {
        let admin_url = std::env::var(PG_ENV).ok()?;
        let name = format!("prongsai_test_{}", Uuid::now_v7().simple());
        let mut admin = sqlx::PgConnection::connect(&admin_url)
            .await
            .expect("connect to the PostgreSQL admin URL");
        sqlx::query(&format!("CREATE DATABASE {name}"))
            .execute(&mut admin)
            .await
            .expect("create test database");
        admin.close().await.expect("close admin connection");
        let url = with_database(&admin_url, &name);
        let pool = sqlx::PgPool::connect(&url).await.expect("old postgres");
        Self::migrator("postgres", version)
            .await
            .run(&pool)
            .await
            .expect("old migrations");
        Some(Self {
            pool: OldPool::Postgres(pool),
            place: Place::Postgres {
                admin_url,
                name,
                url,
            },
        })
    }

    /// How the backend writes a true flag in SQL.
    pub fn true_literal(&self) -> &'static str {
        match self.pool {
            OldPool::Sqlite(_) => "1",
            OldPool::Postgres(_) => "TRUE",
        }
    }

    /// Runs one statement (`$1`, `$2`, … on both backends) with `binds`.
    pub async fn execute(&self, sql: &str, binds: &[Raw]) {
        // The same binds on either backend's query type.
        macro_rules! bound {
            () => {{
                let mut query = sqlx::query(sql);
                for bind in binds {
                    query = match bind {
                        Raw::Id(id) => query.bind(*id),
                        Raw::Text(text) => query.bind(text.clone()),
                        Raw::Int(n) => query.bind(*n),
                        Raw::Time(at) => query.bind(*at),
                    };
                }
                query
            }};
        }
        match &self.pool {
            OldPool::Sqlite(pool) => bound!().execute(pool).await.map(drop),
            OldPool::Postgres(pool) => bound!().execute(pool).await.map(drop),
        }
        .expect(sql);
    }

    /// Opens the database as the store does, applying the newer migrations.
    pub async fn open(self) -> TestDb {
        match &self.pool {
            OldPool::Sqlite(pool) => pool.close().await,
            OldPool::Postgres(pool) => pool.close().await,
        }
        let store = match &self.place {
            Place::Sqlite { path, .. } => Store::open_sqlite(path).await,
            Place::Postgres { url, .. } => Store::connect(url).await,
        }
        .expect("open and migrate");
        TestDb {
            store,
            place: self.place,
        }
    }
}
