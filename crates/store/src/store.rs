//! The repository: every query Prongsai makes.

use std::collections::BTreeMap;
use std::path::Path;

use chrono::{DateTime, Utc};
use prongsai_core::bundle::{AgencyBundle, Bundle};
use prongsai_core::model::{
    Agency, AgencyId, AuditEntry, Department, DepartmentId, ItaResult, Official, OfficialId,
    ResultSource, User, UserId,
};

use crate::{Session, StoreResult};

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

/// The repository over one connection pool.
#[derive(Debug, Clone)]
pub struct Store {}

#[allow(clippy::unused_async, unused_variables, clippy::todo)]
impl Store {
    /// Opens (creating if missing) the SQLite file at `path`, with WAL, foreign keys
    /// and a busy timeout, and applies migrations.
    pub async fn open_sqlite(path: &Path) -> StoreResult<Self> { todo!() }
    /// Opens `sqlite://…` or `postgres://…` and applies migrations.
    pub async fn connect(url: &str) -> StoreResult<Self> { todo!() }
    /// Applies pending migrations (idempotent). `open_sqlite`/`connect` call it.
    pub async fn migrate(&self) -> StoreResult<()> { todo!() }
    pub fn backend(&self) -> Backend { todo!() }
    pub async fn close(&self) { todo!() }
    /// Table name → column names (sorted), for the schema parity test.
    pub async fn schema_columns(&self) -> StoreResult<BTreeMap<String, Vec<String>>> { todo!() }

    pub async fn list_agencies(&self) -> StoreResult<Vec<Agency>> { todo!() }
    pub async fn get_agency(&self, id: AgencyId) -> StoreResult<Option<Agency>> { todo!() }
    pub async fn find_agency_by_code(&self, code: &str) -> StoreResult<Option<Agency>> { todo!() }
    pub async fn create_agency(&self, actor: Actor, agency: &Agency) -> StoreResult<()> { todo!() }
    pub async fn update_agency(&self, actor: Actor, agency: &Agency) -> StoreResult<()> { todo!() }

    pub async fn list_departments(&self, agency: AgencyId) -> StoreResult<Vec<Department>> { todo!() }
    pub async fn get_department(&self, agency: AgencyId, id: DepartmentId) -> StoreResult<Option<Department>> { todo!() }
    pub async fn create_department(&self, actor: Actor, d: &Department) -> StoreResult<()> { todo!() }
    pub async fn update_department(&self, actor: Actor, d: &Department) -> StoreResult<()> { todo!() }
    pub async fn delete_department(&self, actor: Actor, agency: AgencyId, id: DepartmentId) -> StoreResult<()> { todo!() }

    pub async fn list_officials(&self, agency: AgencyId) -> StoreResult<Vec<Official>> { todo!() }
    pub async fn get_official(&self, agency: AgencyId, id: OfficialId) -> StoreResult<Option<Official>> { todo!() }
    pub async fn create_official(&self, actor: Actor, o: &Official) -> StoreResult<()> { todo!() }
    pub async fn update_official(&self, actor: Actor, o: &Official) -> StoreResult<()> { todo!() }
    pub async fn delete_official(&self, actor: Actor, agency: AgencyId, id: OfficialId) -> StoreResult<()> { todo!() }

    pub async fn list_users(&self, agency: AgencyId) -> StoreResult<Vec<User>> { todo!() }
    pub async fn get_user(&self, id: UserId) -> StoreResult<Option<User>> { todo!() }
    pub async fn find_user_by_username(&self, username: &str) -> StoreResult<Option<User>> { todo!() }
    pub async fn create_user(&self, actor: Actor, u: &User) -> StoreResult<()> { todo!() }
    pub async fn update_user(&self, actor: Actor, u: &User) -> StoreResult<()> { todo!() }

    pub async fn create_session(&self, s: &Session) -> StoreResult<()> { todo!() }
    pub async fn find_session(&self, token_hash: &str) -> StoreResult<Option<Session>> { todo!() }
    pub async fn delete_session(&self, token_hash: &str) -> StoreResult<()> { todo!() }
    pub async fn delete_user_sessions(&self, user: UserId) -> StoreResult<()> { todo!() }
    pub async fn delete_expired_sessions(&self, now: DateTime<Utc>) -> StoreResult<u64> { todo!() }

    pub async fn list_ita_results(&self, agency: AgencyId) -> StoreResult<Vec<ItaResult>> { todo!() }
    pub async fn get_ita_result(&self, agency: AgencyId, year: i32, source: ResultSource) -> StoreResult<Option<ItaResult>> { todo!() }
    pub async fn save_ita_result(&self, actor: Actor, r: &ItaResult) -> StoreResult<()> { todo!() }
    pub async fn delete_ita_result(&self, actor: Actor, agency: AgencyId, year: i32, source: ResultSource) -> StoreResult<()> { todo!() }

    pub async fn list_frameworks(&self, agency: AgencyId) -> StoreResult<Vec<StoredFramework>> { todo!() }
    pub async fn save_framework(&self, actor: Actor, f: &StoredFramework) -> StoreResult<()> { todo!() }

    pub async fn list_audit(&self, agency: AgencyId, limit: u32) -> StoreResult<Vec<AuditEntry>> { todo!() }

    pub async fn export_agency(&self, agency: AgencyId) -> StoreResult<AgencyBundle> { todo!() }
    pub async fn import_bundle(&self, bundle: &Bundle) -> StoreResult<()> { todo!() }
}
