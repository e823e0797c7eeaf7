//! Document downloads: the `?format=` every download route takes and the response
//! that hands a rendered document over as an attachment.

use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use crate::error::{AppError, AppResult};
use crate::services::plan_documents::{DocumentFormat, RenderedDocument};

/// `?format=pdf|docx|xlsx` of a download.
#[derive(Debug, Deserialize)]
pub(crate) struct DownloadQuery {
    #[serde(default)]
    format: Option<String>,
}

impl DownloadQuery {
    /// The format asked for (PDF when none); an unknown one is 404.
    pub(crate) fn format(&self) -> AppResult<DocumentFormat> {
        DocumentFormat::from_code(self.format.as_deref().unwrap_or("pdf")).ok_or(AppError::NotFound)
    }
}

/// A rendered document as a file download under its own (ASCII) name.
pub(crate) fn attachment(document: RenderedDocument) -> Response {
    (
        [
            (header::CONTENT_TYPE, document.content_type.to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{}\"", document.file_name),
            ),
        ],
        document.bytes,
    )
        .into_response()
}
