//! Everything SQLite and PostgreSQL do differently, in one place.
//!
//! Every query elsewhere is one SQL text that both backends run: `$1`
//! placeholders (sqlx-sqlite binds `$N` by number), standard types, and
//! `ON CONFLICT (key) DO NOTHING`, which both accept. What cannot
//! be shared lives here, so a reviewer sees the whole divergence at once: how a
//! transaction starts, how a before-image or an agency's measures cycle is locked, how the schema is listed, and
//! how each backend names a violated unique key. Connection settings are in
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

/// One unique key of the schema as each backend reports its violation.
struct UniqueKey {
    /// The constraint name (PostgreSQL reports it).
    postgres: &'static str,
    /// The column list after "UNIQUE constraint failed: " (SQLite reports that).
    sqlite: &'static str,
    /// The field callers are told about in [`crate::StoreError::Conflict`].
    field: &'static str,
}

/// Every primary and unique key of the migrations, so both backends name the same
/// field for the same conflict.
const UNIQUE_KEYS: &[UniqueKey] = &[
    UniqueKey {
        postgres: "agencies_pkey",
        sqlite: "agencies.id",
        field: "id",
    },
    UniqueKey {
        postgres: "agencies_code_key",
        sqlite: "agencies.code",
        field: "code",
    },
    UniqueKey {
        postgres: "departments_pkey",
        sqlite: "departments.agency_id, departments.id",
        field: "id",
    },
    UniqueKey {
        postgres: "departments_agency_id_name_key",
        sqlite: "departments.agency_id, departments.name",
        field: "name",
    },
    UniqueKey {
        postgres: "officials_pkey",
        sqlite: "officials.agency_id, officials.id",
        field: "id",
    },
    UniqueKey {
        postgres: "users_pkey",
        sqlite: "users.id",
        field: "id",
    },
    UniqueKey {
        postgres: "users_username_key",
        sqlite: "users.username",
        field: "username",
    },
    UniqueKey {
        postgres: "sessions_pkey",
        sqlite: "sessions.token_hash",
        field: "token_hash",
    },
    UniqueKey {
        postgres: "ita_results_pkey",
        sqlite: "ita_results.agency_id, ita_results.fiscal_year, ita_results.source",
        field: "fiscal_year",
    },
    UniqueKey {
        postgres: "frameworks_pkey",
        sqlite: "frameworks.agency_id, frameworks.fiscal_year",
        field: "fiscal_year",
    },
    UniqueKey {
        postgres: "analyses_pkey",
        sqlite: "analyses.agency_id, analyses.fiscal_year, analyses.source",
        field: "fiscal_year",
    },
    UniqueKey {
        postgres: "measure_topics_pkey",
        sqlite: "measure_topics.agency_id, measure_topics.id",
        field: "id",
    },
    UniqueKey {
        postgres: "measures_pkey",
        sqlite: "measures.agency_id, measures.id",
        field: "id",
    },
    UniqueKey {
        postgres: "measure_progress_pkey",
        sqlite: "measure_progress.agency_id, measure_progress.measure_id, measure_progress.round",
        field: "round",
    },
    UniqueKey {
        postgres: "evidence_files_pkey",
        sqlite: "evidence_files.agency_id, evidence_files.id",
        field: "id",
    },
    UniqueKey {
        postgres: "round_approvals_pkey",
        sqlite: "round_approvals.agency_id, round_approvals.fiscal_year, round_approvals.round",
        field: "round",
    },
    UniqueKey {
        postgres: "plan_memos_pkey",
        sqlite: "plan_memos.agency_id, plan_memos.fiscal_year",
        field: "fiscal_year",
    },
    UniqueKey {
        postgres: "risk_assessments_pkey",
        sqlite: "risk_assessments.agency_id, risk_assessments.fiscal_year",
        field: "fiscal_year",
    },
    UniqueKey {
        postgres: "risk_areas_pkey",
        sqlite: "risk_areas.agency_id, risk_areas.fiscal_year, risk_areas.position",
        field: "position",
    },
    UniqueKey {
        postgres: "risk_areas_agency_id_fiscal_year_id_key",
        sqlite: "risk_areas.agency_id, risk_areas.fiscal_year, risk_areas.id",
        field: "id",
    },
    UniqueKey {
        postgres: "risk_events_pkey",
        sqlite: "risk_events.agency_id, risk_events.fiscal_year, risk_events.area_position, risk_events.position",
        field: "position",
    },
    UniqueKey {
        postgres: "risk_controls_pkey",
        sqlite: "risk_controls.agency_id, risk_controls.fiscal_year, risk_controls.area_position, risk_controls.position",
        field: "position",
    },
    UniqueKey {
        postgres: "risk_controls_agency_id_fiscal_year_id_key",
        sqlite: "risk_controls.agency_id, risk_controls.fiscal_year, risk_controls.id",
        field: "id",
    },
    UniqueKey {
        postgres: "orders_pkey",
        sqlite: "orders.agency_id, orders.id",
        field: "id",
    },
    UniqueKey {
        postgres: "orders_agency_id_year_number_key",
        sqlite: "orders.agency_id, orders.year, orders.number",
        field: "number",
    },
    UniqueKey {
        postgres: "order_committees_pkey",
        sqlite: "order_committees.agency_id, order_committees.order_id, order_committees.position",
        field: "position",
    },
    UniqueKey {
        postgres: "order_committee_members_pkey",
        sqlite: "order_committee_members.agency_id, order_committee_members.order_id, order_committee_members.committee_position, order_committee_members.position",
        field: "position",
    },
    UniqueKey {
        postgres: "order_assignments_pkey",
        sqlite: "order_assignments.agency_id, order_assignments.order_id, order_assignments.position",
        field: "position",
    },
    UniqueKey {
        postgres: "memos_pkey",
        sqlite: "memos.agency_id, memos.id",
        field: "id",
    },
    UniqueKey {
        postgres: "memo_acknowledgements_pkey",
        sqlite: "memo_acknowledgements.agency_id, memo_acknowledgements.memo_id, memo_acknowledgements.user_id",
        field: "user_id",
    },
    UniqueKey {
        postgres: "action_plans_pkey",
        sqlite: "action_plans.agency_id, action_plans.id",
        field: "id",
    },
    UniqueKey {
        postgres: "action_plan_dimensions_pkey",
        sqlite: "action_plan_dimensions.agency_id, action_plan_dimensions.id",
        field: "id",
    },
    UniqueKey {
        postgres: "action_plan_dimensions_agency_id_plan_id_id_key",
        sqlite: "action_plan_dimensions.agency_id, action_plan_dimensions.plan_id, action_plan_dimensions.id",
        field: "id",
    },
    UniqueKey {
        postgres: "action_plan_missions_pkey",
        sqlite: "action_plan_missions.agency_id, action_plan_missions.id",
        field: "id",
    },
    UniqueKey {
        postgres: "action_plan_missions_agency_id_plan_id_id_key",
        sqlite: "action_plan_missions.agency_id, action_plan_missions.plan_id, action_plan_missions.id",
        field: "id",
    },
    UniqueKey {
        postgres: "action_plan_projects_pkey",
        sqlite: "action_plan_projects.agency_id, action_plan_projects.id",
        field: "id",
    },
    UniqueKey {
        postgres: "action_plan_projects_agency_id_plan_id_id_key",
        sqlite: "action_plan_projects.agency_id, action_plan_projects.plan_id, action_plan_projects.id",
        field: "id",
    },
    UniqueKey {
        postgres: "action_plan_budgets_pkey",
        sqlite: "action_plan_budgets.agency_id, action_plan_budgets.plan_id, action_plan_budgets.project_id, action_plan_budgets.fiscal_year",
        field: "fiscal_year",
    },
    UniqueKey {
        postgres: "project_follow_ups_pkey",
        sqlite: "project_follow_ups.agency_id, project_follow_ups.plan_id, project_follow_ups.project_id, project_follow_ups.fiscal_year, project_follow_ups.round",
        field: "round",
    },
    UniqueKey {
        postgres: "cases_pkey",
        sqlite: "cases.agency_id, cases.id",
        field: "id",
    },
    UniqueKey {
        postgres: "cases_agency_id_code_hash_key",
        sqlite: "cases.agency_id, cases.code_hash",
        field: "code_hash",
    },
    UniqueKey {
        postgres: "cases_agency_id_kind_fiscal_year_number_key",
        sqlite: "cases.agency_id, cases.kind, cases.fiscal_year, cases.number",
        field: "number",
    },
    UniqueKey {
        postgres: "case_messages_pkey",
        sqlite: "case_messages.agency_id, case_messages.id",
        field: "id",
    },
    UniqueKey {
        postgres: "case_attachments_pkey",
        sqlite: "case_attachments.agency_id, case_attachments.id",
        field: "id",
    },
    UniqueKey {
        postgres: "corruption_handlers_pkey",
        sqlite: "corruption_handlers.agency_id, corruption_handlers.user_id",
        field: "user_id",
    },
    UniqueKey {
        postgres: "disclosure_entries_pkey",
        sqlite: "disclosure_entries.agency_id, disclosure_entries.fiscal_year, disclosure_entries.item_code",
        field: "item_code",
    },
    UniqueKey {
        postgres: "link_checks_pkey",
        sqlite: "link_checks.agency_id, link_checks.id",
        field: "id",
    },
    UniqueKey {
        postgres: "link_check_archives_pkey",
        sqlite: "link_check_archives.agency_id, link_check_archives.check_id",
        field: "check_id",
    },
    UniqueKey {
        postgres: "surveys_pkey",
        sqlite: "surveys.agency_id, surveys.id",
        field: "id",
    },
    UniqueKey {
        postgres: "surveys_agency_id_public_token_key",
        sqlite: "surveys.agency_id, surveys.public_token",
        field: "public_token",
    },
    UniqueKey {
        postgres: "audit_log_pkey",
        sqlite: "audit_log.id",
        field: "id",
    },
];

/// The field named by a unique violation, the same on both backends. An unknown
/// key (a migration added one without a row above) is reported by its raw name.
pub(crate) fn conflicting_field(error: &dyn DatabaseError) -> String {
    let raw = match error.constraint() {
        Some(name) => name,
        None => {
            let message = error.message();
            message
                .strip_prefix("UNIQUE constraint failed: ")
                .unwrap_or(message)
        }
    };
    UNIQUE_KEYS
        .iter()
        .find(|key| key.postgres == raw || key.sqlite == raw)
        .map_or(raw, |key| key.field)
        .to_owned()
}
