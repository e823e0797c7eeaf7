//! Everything SQLite and PostgreSQL do differently, in one place.
//!
//! Every query elsewhere is one SQL text that both backends run: `$1`
//! placeholders (sqlx-sqlite binds `$N` by number), standard types, and
//! `ON CONFLICT (key) DO NOTHING`, which both accept. What cannot
//! be shared lives here, so a reviewer sees the whole divergence at once: how a
//! transaction starts, how a before-image or an agency's measures cycle is locked, how the schema is listed, and
//! how each backend reports a violated unique key. Connection settings are in
//! [`crate::Store`]'s constructors and the schema itself in the two migration trees.

use std::borrow::Cow;

use sqlx::error::DatabaseError;

use crate::Backend;

/// What a transaction is for.
#[derive(Debug, Clone, Copy)]
pub(crate) enum TxMode {
    /// A multi-step write: the change and its audit row.
    Write,
    /// Several reads that must see one state (an export).
    Snapshot,
}

/// How a SELECT of one row reads it.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Lock {
    /// A plain read.
    None,
    /// The before-image of a write, read inside its transaction and locked until
    /// commit, so the audit row records exactly what the change replaced.
    ForUpdate,
}

impl Backend {
    /// The statement that starts a transaction of `mode`.
    pub(crate) fn begin(self, mode: TxMode) -> &'static str {
        match (self, mode) {
            // Take the write lock up front. A deferred transaction that reads and
            // then writes fails with SQLITE_BUSY, whatever the busy timeout, when
            // another writer committed in between.
            (Self::Sqlite, TxMode::Write) => "BEGIN IMMEDIATE",
            // A deferred transaction keeps reading one WAL snapshot until it ends.
            (Self::Sqlite, TxMode::Snapshot) => "BEGIN",
            // Read committed; the rows a write replaces are locked by `for_update`.
            (Self::Postgres, TxMode::Write) => "BEGIN",
            (Self::Postgres, TxMode::Snapshot) => {
                "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY"
            }
        }
    }

    /// The statement that, after content was purged, drops the older copies of
    /// the pages it was on: SQLite's write-ahead log keeps them until a checkpoint
    /// resets it. PostgreSQL's dead rows are vacuum's business.
    pub(crate) fn after_purge(self) -> Option<&'static str> {
        match self {
            Self::Sqlite => Some("PRAGMA wal_checkpoint(TRUNCATE)"),
            Self::Postgres => None,
        }
    }

    /// `select` (of one row) read as `lock` says.
    pub(crate) fn locked(self, select: &'static str, lock: Lock) -> Cow<'static, str> {
        match (self, lock) {
            (_, Lock::None) => Cow::Borrowed(select),
            // BEGIN IMMEDIATE already holds the database's single write lock.
            (Self::Sqlite, Lock::ForUpdate) => Cow::Borrowed(select),
            (Self::Postgres, Lock::ForUpdate) => Cow::Owned(format!("{select} FOR UPDATE")),
        }
    }

    /// Lists `(table_name, column_name)` of the application's tables, columns in
    /// declaration order; sqlx's own bookkeeping table is left out.
    pub(crate) fn schema_query(self) -> &'static str {
        match self {
            Self::Sqlite => {
                "SELECT m.name AS table_name, p.name AS column_name \
                 FROM sqlite_master AS m JOIN pragma_table_info(m.name) AS p \
                 WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite!_%' ESCAPE '!' \
                 AND m.name <> '_sqlx_migrations' \
                 ORDER BY m.name, p.cid"
            }
            Self::Postgres => {
                "SELECT table_name::text AS table_name, column_name::text AS column_name \
                 FROM information_schema.columns \
                 WHERE table_schema = current_schema() AND table_name <> '_sqlx_migrations' \
                 ORDER BY table_name, ordinal_position"
            }
        }
    }
}

/// The three catalogue queries behind [`crate::SchemaShape`]: columns
/// (table, column, declared type, not null), keys (table, `p`/`u`/`f`,
/// columns, referenced table, referenced columns, delete rule) and the indexes
/// that back no constraint (table, name, unique, partial, columns); lists are
/// comma-joined in key order. sqlx's bookkeeping table is left out.
pub(crate) struct ShapeQueries {
    pub(crate) columns: &'static str,
    pub(crate) keys: &'static str,
    pub(crate) indexes: &'static str,
}

impl Backend {
    pub(crate) fn shape_queries(self) -> ShapeQueries {
        match self {
            Self::Sqlite => ShapeQueries {
                columns: "SELECT m.name, p.name, p.type, \
                     CASE WHEN p.\"notnull\" = 1 THEN 1 ELSE 0 END \
                     FROM sqlite_master AS m JOIN pragma_table_info(m.name) AS p \
                     WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite!_%' ESCAPE '!' \
                     AND m.name <> '_sqlx_migrations' \
                     ORDER BY m.name, p.cid",
                keys: "SELECT m.name, 'p', group_concat(p.name, ',' ORDER BY p.pk), \
                         NULL, NULL, NULL \
                     FROM sqlite_master AS m JOIN pragma_table_info(m.name) AS p \
                     WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite!_%' ESCAPE '!' \
                     AND m.name <> '_sqlx_migrations' AND p.pk > 0 \
                     GROUP BY m.name \
                     UNION ALL \
                     SELECT m.name, 'u', group_concat(i.name, ',' ORDER BY i.seqno), \
                         NULL, NULL, NULL \
                     FROM sqlite_master AS m JOIN pragma_index_list(m.name) AS l \
                     JOIN pragma_index_info(l.name) AS i \
                     WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite!_%' ESCAPE '!' \
                     AND m.name <> '_sqlx_migrations' AND l.origin = 'u' \
                     GROUP BY m.name, l.name \
                     UNION ALL \
                     SELECT m.name, 'f', group_concat(f.\"from\", ',' ORDER BY f.seq), \
                         f.\"table\", group_concat(f.\"to\", ',' ORDER BY f.seq), f.on_delete \
                     FROM sqlite_master AS m JOIN pragma_foreign_key_list(m.name) AS f \
                     WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite!_%' ESCAPE '!' \
                     AND m.name <> '_sqlx_migrations' \
                     GROUP BY m.name, f.id",
                indexes: "SELECT m.name, l.name, l.\"unique\", l.partial, \
                         group_concat(coalesce(i.name, '<expr>'), ',' ORDER BY i.seqno) \
                     FROM sqlite_master AS m JOIN pragma_index_list(m.name) AS l \
                     JOIN pragma_index_xinfo(l.name) AS i \
                     WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite!_%' ESCAPE '!' \
                     AND m.name <> '_sqlx_migrations' AND l.origin = 'c' AND i.key = 1 \
                     GROUP BY m.name, l.name",
            },
            Self::Postgres => ShapeQueries {
                columns: "SELECT table_name::text, column_name::text, data_type::text, \
                     CASE WHEN is_nullable = 'NO' THEN 1 ELSE 0 END::bigint \
                     FROM information_schema.columns \
                     WHERE table_schema = current_schema() AND table_name <> '_sqlx_migrations' \
                     ORDER BY table_name, ordinal_position",
                keys: "SELECT r.relname::text, c.contype::text, \
                         (SELECT string_agg(a.attname::text, ',' ORDER BY k.n) \
                          FROM unnest(c.conkey) WITH ORDINALITY AS k(num, n) \
                          JOIN pg_attribute AS a ON a.attrelid = c.conrelid AND a.attnum = k.num), \
                         f.relname::text, \
                         (SELECT string_agg(a.attname::text, ',' ORDER BY k.n) \
                          FROM unnest(c.confkey) WITH ORDINALITY AS k(num, n) \
                          JOIN pg_attribute AS a ON a.attrelid = c.confrelid AND a.attnum = k.num), \
                         CASE c.confdeltype WHEN 'a' THEN 'NO ACTION' WHEN 'r' THEN 'RESTRICT' \
                           WHEN 'c' THEN 'CASCADE' WHEN 'n' THEN 'SET NULL' \
                           WHEN 'd' THEN 'SET DEFAULT' END \
                     FROM pg_constraint AS c JOIN pg_class AS r ON r.oid = c.conrelid \
                     JOIN pg_namespace AS s ON s.oid = r.relnamespace \
                     LEFT JOIN pg_class AS f ON f.oid = c.confrelid \
                     WHERE s.nspname = current_schema() AND c.contype IN ('p', 'u', 'f') \
                     AND r.relname <> '_sqlx_migrations'",
                indexes: "SELECT t.relname::text, i.relname::text, x.indisunique::int::bigint, \
                         (x.indpred IS NOT NULL)::int::bigint, \
                         (SELECT string_agg(coalesce(a.attname::text, '<expr>'), ',' ORDER BY k.n) \
                          FROM unnest(x.indkey::int2[]) WITH ORDINALITY AS k(num, n) \
                          LEFT JOIN pg_attribute AS a ON a.attrelid = x.indrelid AND a.attnum = k.num) \
                     FROM pg_index AS x JOIN pg_class AS i ON i.oid = x.indexrelid \
                     JOIN pg_class AS t ON t.oid = x.indrelid \
                     JOIN pg_namespace AS s ON s.oid = t.relnamespace \
                     WHERE s.nspname = current_schema() AND t.relname <> '_sqlx_migrations' \
                     AND NOT EXISTS (SELECT 1 FROM pg_constraint AS c WHERE c.conindid = x.indexrelid)",
            },
        }
    }
}

/// How a write holds its agency's measures cycle against other writers.
#[derive(Debug, Clone, Copy)]
pub(crate) enum AgencyLock {
    /// Reporting (progress, evidence): many may run at once, but not while a round
    /// is approved or reopened, so the approval a write checked stays true.
    Shared,
    /// Changing the plan's order or a round's approval: alone.
    Exclusive,
}

impl Backend {
    /// The statement (binding the agency id as `$1`) that takes `lock` on the
    /// agency's row until commit, or `None` where the write transaction already
    /// excludes every other writer (SQLite's BEGIN IMMEDIATE). Row locks weaker
    /// than FOR UPDATE leave foreign key checks (FOR KEY SHARE) of other writes of
    /// the agency unblocked.
    pub(crate) fn agency_lock(self, lock: AgencyLock) -> Option<&'static str> {
        match (self, lock) {
            (Self::Sqlite, _) => None,
            (Self::Postgres, AgencyLock::Shared) => {
                Some("SELECT id FROM agencies WHERE id = $1 FOR SHARE")
            }
            (Self::Postgres, AgencyLock::Exclusive) => {
                Some("SELECT id FROM agencies WHERE id = $1 FOR NO KEY UPDATE")
            }
        }
    }
}

/// Keys whose conflict callers hear about under another column than the key's
/// last: a result or analysis is one per agency, year and source, and a second
/// one for the same year is a conflict of the year.
const FIELD_EXCEPTIONS: &[(&str, &[&str], &str)] = &[
    (
        "ita_results",
        &["agency_id", "fiscal_year", "source"],
        "fiscal_year",
    ),
    (
        "analyses",
        &["agency_id", "fiscal_year", "source"],
        "fiscal_year",
    ),
];

/// The field callers are told about in [`crate::StoreError::Conflict`] when the
/// primary or unique key `columns` (in key order) of `table` is violated: the
/// key's last column, which is the one a user chose (the tenant and parent
/// columns lead every key), except for the keys in `FIELD_EXCEPTIONS`. A test
/// checks this against every key of both schemas.
#[must_use]
pub fn unique_key_field<'a>(table: &str, columns: &'a [String]) -> &'a str {
    FIELD_EXCEPTIONS
        .iter()
        .find(|(t, cols, _)| *t == table && cols.iter().eq(columns.iter()))
        .and_then(|(_, _, field)| columns.iter().find(|c| c == field))
        .or_else(|| columns.last())
        .map_or("", String::as_str)
}

/// The table and key columns of a unique violation, as each backend reports
/// it: SQLite in its message (`UNIQUE constraint failed: t.a, t.b`),
/// PostgreSQL in the table and the detail (`Key (a, b)=(…) already exists.`).
fn violated_key(error: &dyn DatabaseError) -> Option<(String, Vec<String>)> {
    if let Some(pg) = error.try_downcast_ref::<sqlx::postgres::PgDatabaseError>() {
        let table = pg.table()?.to_owned();
        let detail = pg.detail()?;
        let list = detail.strip_prefix("Key (")?.split_once(")=")?.0;
        let columns = list.split(", ").map(str::to_owned).collect();
        return Some((table, columns));
    }
    let list = error.message().strip_prefix("UNIQUE constraint failed: ")?;
    let mut table = None;
    let mut columns = Vec::new();
    for qualified in list.split(", ") {
        let (t, column) = qualified.split_once('.')?;
        table.get_or_insert_with(|| t.to_owned());
        columns.push(column.to_owned());
    }
    Some((table?, columns))
}

/// The field named by a unique violation, the same on both backends (see
/// [`unique_key_field`]); what a backend reported is passed on as it is when it
/// cannot be read as a key.
pub(crate) fn conflicting_field(error: &dyn DatabaseError) -> String {
    match violated_key(error) {
        Some((table, columns)) => unique_key_field(&table, &columns).to_owned(),
        None => error
            .constraint()
            .unwrap_or_else(|| error.message())
            .to_owned(),
    }
}
