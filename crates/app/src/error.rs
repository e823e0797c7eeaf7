//! The error of the application layer: what a service could not do, in terms a
//! page or a command can turn into its own answer (a status and a Thai page for
//! the web, an exit code for the CLI). A Thai reason that is safe to show is
//! carried as text; internal causes are not.

use prongsai_store::StoreError;

/// Why a service failed.
#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    /// What was asked for does not exist (or is not this agency's).
    #[error("not found")]
    NotFound,
    /// The request is understood but the data cannot be used; the Thai reason is
    /// safe to show (e.g. "ไม่มีกรอบการประเมินของปีงบประมาณ 2570").
    #[error("unprocessable: {0}")]
    Unprocessable(String),
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A fault of ours or of the machine; logged, never shown.
    #[error("{0}")]
    Internal(String),
}

/// Result alias of services.
pub type ServiceResult<T> = Result<T, ServiceError>;
