//! A PostgreSQL database of its own for one test of a crate above the store
//! (the web tests), made on the server `PRONGSAI_TEST_DATABASE_URL` names and
//! dropped when the test ends. The store's own tests keep theirs beside them:
//! the store cannot depend on this crate, which depends on it.

use prongsai_store::Store;
use sqlx::Connection as _;

/// The variable naming the PostgreSQL server the tests may use.
pub const POSTGRES_ENV: &str = "PRONGSAI_TEST_DATABASE_URL";

/// A fresh database; dropped (its connections ended) with this value.
#[derive(Debug)]
pub struct PostgresDatabase {
    admin_url: String,
    name: String,
}

impl PostgresDatabase {
    /// A new, migrated database and its store, or `None` (after saying so)
    /// when no server is configured.
    ///
    /// # Panics
    /// When the server is configured but the database cannot be made.
    pub async fn create() -> Option<(Self, Store)> {
        let Ok(admin_url) = std::env::var(POSTGRES_ENV) else {
            eprintln!("skipped on PostgreSQL: {POSTGRES_ENV} not set");
            return None;
        };
        let name = format!("prongsai_web_{}", uuid::Uuid::now_v7().simple());
        let mut admin = sqlx::PgConnection::connect(&admin_url)
            .await
            .expect("the PostgreSQL server of the tests answers");
        sqlx::query(&format!("CREATE DATABASE {name}"))
            .execute(&mut admin)
            .await
            .expect("a test database is made");
        admin.close().await.expect("the admin connection closes");
        let store = Store::connect(&database_url(&admin_url, &name))
            .await
            .expect("the test database opens");
        Some((Self { admin_url, name }, store))
    }
}

impl Drop for PostgresDatabase {
    fn drop(&mut self) {
        let admin_url = self.admin_url.clone();
        let statement = format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name);
        // A thread with its own runtime: drop may run inside an async test.
        let dropped = std::thread::spawn(move || {
            tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("a runtime")
                .block_on(async {
                    let mut admin = sqlx::PgConnection::connect(&admin_url).await?;
                    sqlx::query(&statement).execute(&mut admin).await?;
                    admin.close().await
                })
        })
        .join();
        if !matches!(dropped, Ok(Ok(()))) {
            eprintln!("test database {} was not dropped", self.name);
        }
    }
}

/// The server URL `admin_url` with the database `name` in place of its own.
fn database_url(admin_url: &str, name: &str) -> String {
    let (base, query) = admin_url
        .split_once('?')
        .map_or((admin_url, None), |(base, query)| (base, Some(query)));
    let host_start = base.find("://").map_or(0, |at| at + 3);
    let server = base[host_start..]
        .find('/')
        .map_or(base, |slash| &base[..host_start + slash]);
    match query {
        Some(query) => format!("{server}/{name}?{query}"),
        None => format!("{server}/{name}"),
    }
}

#[cfg(test)]
mod tests {
    use super::database_url;

    #[test]
    fn the_database_name_is_replaced_and_the_rest_kept() {
        assert_eq!(
            database_url("postgres://u:p@h:5432/postgres?sslmode=disable", "t1"),
            "postgres://u:p@h:5432/t1?sslmode=disable"
        );
        assert_eq!(database_url("postgres://h", "t2"), "postgres://h/t2");
    }
}
