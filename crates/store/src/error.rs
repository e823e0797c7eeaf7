//! The one error type of the store.
//!
//! Constraint violations are classified where a `sqlx::Error` becomes a
//! [`StoreError`], once for every query: the database is the authority on
//! uniqueness and references (a check before the write would race), and callers
//! get a variant they can show, not a driver message.

use sqlx::error::ErrorKind;

use crate::dialect;

/// What can go wrong in the store. The web layer maps each case to a status and a
/// Thai message; database details are logged there once and never shown.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The row does not exist (or belongs to another agency: callers cannot tell).
    #[error("not found")]
    NotFound,
    /// A unique value is taken; `field` names it (`code`, `username`, `name`, …).
    #[error("duplicate value for {field}")]
    Conflict { field: String },
    /// The row is still referenced (`by` names what refers to it) and cannot be deleted.
    #[error("still referenced by {by}")]
    InUse { by: String },
    /// The row changed since the caller loaded it: its version is no longer the
    /// one the caller names, because someone else saved first. Nothing was written.
    #[error("changed by someone else since it was loaded")]
    Stale,
    /// The reporting round is approved, so its progress and evidence cannot change
    /// until an administrator reopens it. Nothing was written.
    #[error("the reporting round is approved")]
    Locked,
    /// A bundle or stored value is not acceptable.
    #[error("invalid data: {0}")]
    Invalid(String),
    /// The database URL or file cannot be used.
    #[error("cannot open database: {0}")]
    Open(String),
    /// Anything else the database reported; not the user's fault.
    #[error(transparent)]
    Database(sqlx::Error),
    #[error(transparent)]
    Migrate(#[from] sqlx::migrate::MigrateError),
}

impl From<sqlx::Error> for StoreError {
    fn from(error: sqlx::Error) -> Self {
        if let sqlx::Error::Database(db) = &error {
            match db.kind() {
                ErrorKind::UniqueViolation => {
                    return Self::Conflict {
                        field: dialect::conflicting_field(db.as_ref()),
                    };
                }
                ErrorKind::ForeignKeyViolation => {
                    return Self::Invalid("refers to a row that does not exist".to_owned());
                }
                ErrorKind::CheckViolation => {
                    return Self::Invalid("breaks a rule of the database schema".to_owned());
                }
                _ => {}
            }
        }
        Self::Database(error)
    }
}

/// Result alias of the store.
pub type StoreResult<T> = Result<T, StoreError>;
