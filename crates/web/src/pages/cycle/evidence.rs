//! Evidence files: their bytes on disk and their download.
//!
//! Bytes live under `{data_dir}/evidence/{agency_id}/{file_id}`, never in the web
//! root and never under a name the user chose, so an upload cannot overwrite
//! another or be served as a page. They are written to a temporary name and
//! renamed, so a file that is listed is always complete. A download is an
//! attachment with the type the bytes proved to be and `nosniff`, so a browser
//! never renders an upload in the application's origin.

use std::path::PathBuf;

use axum::Router;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use prongsai_core::measures::EvidenceFile;
use prongsai_core::model::{AgencyId, EvidenceFileId};

use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::extract::Path;
use crate::pages::download::file_disposition;
use crate::state::AppState;

pub(crate) fn routes() -> Router<AppState> {
    Router::new().route("/evidence/{id}", get(download))
}

/// Where the bytes of an evidence file are kept.
fn evidence_path(state: &AppState, agency: AgencyId, id: EvidenceFileId) -> PathBuf {
    state
        .app
        .settings
        .data_dir
        .join("evidence")
        .join(agency.to_string())
        .join(id.to_string())
}

/// Writes the bytes of a new evidence file (temporary name, then rename).
pub(crate) async fn write_evidence_bytes(
    state: &AppState,
    agency: AgencyId,
    id: EvidenceFileId,
    bytes: &[u8],
) -> AppResult<()> {
    let path = evidence_path(state, agency, id);
    let io = |e: std::io::Error| AppError::Internal(format!("evidence {}: {e}", path.display()));
    if let Some(dir) = path.parent() {
        tokio::fs::create_dir_all(dir).await.map_err(io)?;
    }
    let temporary = path.with_extension("part");
    tokio::fs::write(&temporary, bytes).await.map_err(io)?;
    tokio::fs::rename(&temporary, &path).await.map_err(io)
}

/// Removes the bytes of evidence rows the store deleted. A file already gone is
/// fine; any other failure is logged, since the rows are gone either way.
pub(crate) async fn remove_evidence_bytes(state: &AppState, files: &[EvidenceFile]) {
    for f in files {
        let path = evidence_path(state, f.agency_id, f.id);
        match tokio::fs::remove_file(&path).await {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                tracing::warn!(path = %path.display(), error = %e, "evidence bytes not removed");
            }
            _ => {}
        }
    }
}

async fn download(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<EvidenceFileId>,
) -> AppResult<Response> {
    let file = state
        .app
        .store
        .get_evidence_file(user.agency_id()?, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let path = evidence_path(&state, file.agency_id, file.id);
    let bytes = tokio::fs::read(&path)
        .await
        .map_err(|e| AppError::Internal(format!("evidence {}: {e}", path.display())))?;
    Ok((
        [
            (
                header::CONTENT_TYPE,
                file.kind.content_type(&file.file_name).to_owned(),
            ),
            (
                header::CONTENT_DISPOSITION,
                file_disposition(&file.file_name),
            ),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_owned()),
        ],
        bytes,
    )
        .into_response())
}
