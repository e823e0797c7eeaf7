//! The one error type of the store.

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
    /// A bundle or stored value is not acceptable.
    #[error("invalid data: {0}")]
    Invalid(String),
    /// The database URL or file cannot be used.
    #[error("cannot open database: {0}")]
    Open(String),
    #[error(transparent)]
    Database(#[from] sqlx::Error),
    #[error(transparent)]
    Migrate(#[from] sqlx::migrate::MigrateError),
}

/// Result alias of the store.
pub type StoreResult<T> = Result<T, StoreError>;
