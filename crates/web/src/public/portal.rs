//! The transparency portal: what an agency has published, as published.
//!
//! Every page here reads only the publication snapshots (and the agency's name
//! and logo), never the plans, reports or cases they were made from, so nothing
//! unpublished can reach the public and a later edit changes nothing until an
//! administrator publishes again.

use axum::Router;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use chrono::{DateTime, Utc};
use minijinja::context;
use prongsai_core::model::{Agency, PublicationId};
use prongsai_core::publication::{PublishedKind, PublishedSummary};
use prongsai_core::thai::calendar::{format_date_long, in_thailand};
use prongsai_core::thai::digits::digits_for;
use prongsai_docs::{DocumentFormat, PosterDocument};
use prongsai_store::{PublicationListing, PublishedFileInfo};
use serde::Serialize;

use super::{PublicAgency, PublicError, PublicResult, agency_by_code, public_base_url};
use crate::error::AppError;
use crate::state::AppState;

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/p/{code}", get(home))
        .route("/p/{code}/logo", get(logo))
        .route("/p/{code}/poster", get(poster))
        .route("/p/{code}/items/{id}", get(item))
        .route("/p/{code}/items/{id}/files/{index}", get(file))
}

/// How long a browser or proxy may keep a published file or the logo: short, so
/// that a republished item shows up within minutes.
const PUBLIC_CACHE: &str = "public, max-age=300";

/// The content types a published file may be served as; anything else is
/// handed over as opaque bytes.
const SERVED_TYPES: [&str; 5] = [
    "application/pdf",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "text/csv; charset=utf-8",
    "text/csv",
];

/// One file of an item as the pages list it (templates build the addresses,
/// `/p/{code}/items/{id}/files/{index}`).
#[derive(Debug, Serialize)]
struct FileLink {
    index: usize,
    name: String,
    /// "PDF", "XLSX", "CSV", …
    format: &'static str,
    /// "120 KB"
    size: String,
}

/// One published item in a list.
#[derive(Debug, Serialize)]
struct ItemRow {
    id: String,
    title: String,
    year: String,
    published_on: String,
    /// The date in ISO form for `<time datetime>`.
    published_iso: String,
    files: Vec<FileLink>,
}

/// The items of one kind, newest fiscal year first.
#[derive(Debug, Serialize)]
struct Section {
    id: &'static str,
    heading: &'static str,
    items: Vec<ItemRow>,
}

/// A table cell, with whether it holds a number (right-aligned).
#[derive(Debug, Serialize)]
struct Cell {
    text: String,
    num: bool,
}

#[derive(Debug, Serialize)]
struct TableView {
    caption: String,
    header: Vec<String>,
    rows: Vec<Vec<Cell>>,
}

#[derive(Debug, Serialize)]
struct Fact {
    label: String,
    value: String,
}

async fn home(State(state): State<AppState>, Path(code): Path<String>) -> PublicResult<Response> {
    let agency = agency_by_code(&state, &code).await?;
    let listings = state.app.store.publications(agency.id).await?;
    let sections = sections(&agency, &listings);
    let html = state.templates.render(
        "public_home.html",
        context! {
            agency => PublicAgency::new(&agency),
            sections => sections,
        },
    )?;
    Ok(html.into_response())
}

async fn item(
    State(state): State<AppState>,
    Path((code, id)): Path<(String, String)>,
) -> PublicResult<Response> {
    let agency = agency_by_code(&state, &code).await?;
    let id: PublicationId = id.parse().map_err(|_| PublicError::not_found(&agency))?;
    let publication = state
        .app
        .store
        .find_publication(agency.id, id)
        .await?
        .ok_or_else(|| PublicError::not_found(&agency))?;
    // The listing carries the sizes of the files (the publication itself comes
    // without their bytes).
    let listings = state.app.store.publications(agency.id).await?;
    let row = listings
        .iter()
        .find(|l| l.id == id)
        .map(|l| item_row(&agency, l))
        .ok_or_else(|| PublicError::not_found(&agency))?;
    let (facts, tables) = summary_view(&publication.summary);
    let html = state.templates.render(
        "public_item.html",
        context! {
            agency => PublicAgency::new(&agency),
            heading => publication.kind.label_th(),
            item => row,
            facts => facts,
            tables => tables,
        },
    )?;
    Ok(html.into_response())
}

async fn file(
    State(state): State<AppState>,
    Path((code, id, index)): Path<(String, String, String)>,
) -> PublicResult<Response> {
    let agency = agency_by_code(&state, &code).await?;
    let id: PublicationId = id.parse().map_err(|_| PublicError::not_found(&agency))?;
    let index: usize = index.parse().map_err(|_| PublicError::not_found(&agency))?;
    let file = state
        .app
        .store
        .publication_file(agency.id, id, index)
        .await?
        .ok_or_else(|| PublicError::not_found(&agency))?;
    let known = SERVED_TYPES.contains(&file.content_type.as_str());
    let content_type = if known {
        file.content_type.clone()
    } else {
        "application/octet-stream".to_owned()
    };
    let disposition = if content_type == "application/pdf" {
        "inline"
    } else {
        "attachment"
    };
    Ok((
        [
            (header::CONTENT_TYPE, content_type),
            (
                header::CONTENT_DISPOSITION,
                format!(
                    "{disposition}; filename=\"{}\"",
                    ascii_file_name(&file.file_name)
                ),
            ),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_owned()),
            (header::CACHE_CONTROL, PUBLIC_CACHE.to_owned()),
        ],
        file.bytes,
    )
        .into_response())
}

async fn logo(State(state): State<AppState>, Path(code): Path<String>) -> PublicResult<Response> {
    let agency = agency_by_code(&state, &code).await?;
    let Some(logo) = agency
        .logo
        .as_ref()
        .filter(|l| matches!(l.content_type.as_str(), "image/png" | "image/jpeg"))
    else {
        return Err(PublicError::not_found(&agency));
    };
    Ok((
        [
            (header::CONTENT_TYPE, logo.content_type.clone()),
            (header::CACHE_CONTROL, PUBLIC_CACHE.to_owned()),
        ],
        logo.bytes.clone(),
    )
        .into_response())
}

/// The poster to print and pin up: QR codes of the two forms and the tracking
/// page, at the address the public reaches this server by.
async fn poster(
    State(state): State<AppState>,
    Path(code): Path<String>,
    headers: HeaderMap,
) -> PublicResult<Response> {
    let agency = agency_by_code(&state, &code).await?;
    let home = format!("{}/p/{}", public_base_url(&state, &headers), agency.code);
    let poster = PosterDocument {
        agency_name: agency.name.clone(),
        complaint_url: format!("{home}/complaint"),
        report_url: format!("{home}/report"),
        track_url: format!("{home}/track"),
        logo: agency.logo.as_ref().map(|logo| logo.bytes.clone()),
    };
    let pdf = prongsai_docs::render(&state.app.renderer, &poster, DocumentFormat::Pdf)
        .await
        .map_err(|e| AppError::Internal(format!("poster of {}: {e}", agency.code)))?;
    Ok((
        [
            (header::CONTENT_TYPE, "application/pdf"),
            (
                header::CONTENT_DISPOSITION,
                "inline; filename=\"poster.pdf\"",
            ),
        ],
        pdf,
    )
        .into_response())
}

/// The listings grouped per kind in the portal's order, each newest year first;
/// kinds with nothing published are left out.
fn sections(agency: &Agency, listings: &[PublicationListing]) -> Vec<Section> {
    PublishedKind::ALL
        .into_iter()
        .filter_map(|kind| {
            let mut of_kind: Vec<&PublicationListing> =
                listings.iter().filter(|l| l.kind == kind).collect();
            if of_kind.is_empty() {
                return None;
            }
            of_kind.sort_by(|a, b| {
                b.fiscal_year
                    .cmp(&a.fiscal_year)
                    .then(b.published_at.cmp(&a.published_at))
            });
            Some(Section {
                id: kind.code(),
                heading: kind.label_th(),
                items: of_kind.into_iter().map(|l| item_row(agency, l)).collect(),
            })
        })
        .collect()
}

fn item_row(agency: &Agency, listing: &PublicationListing) -> ItemRow {
    ItemRow {
        id: listing.id.to_string(),
        title: listing.title.clone(),
        year: digits_for(&listing.fiscal_year.to_string(), agency.thai_digits),
        published_on: published_on(listing.published_at, agency.thai_digits),
        published_iso: in_thailand(listing.published_at)
            .date_naive()
            .format("%Y-%m-%d")
            .to_string(),
        files: listing
            .files
            .iter()
            .map(|f| file_link(f, agency.thai_digits))
            .collect(),
    }
}

/// "22 พฤศจิกายน 2569", the day in Thailand.
fn published_on(at: DateTime<Utc>, thai_digits: bool) -> String {
    format_date_long(in_thailand(at).date_naive(), thai_digits)
}

fn file_link(file: &PublishedFileInfo, thai_digits: bool) -> FileLink {
    FileLink {
        index: file.index,
        name: file.file_name.clone(),
        format: format_label(&file.content_type),
        size: digits_for(&human_size(file.size_bytes), thai_digits),
    }
}

fn format_label(content_type: &str) -> &'static str {
    match content_type.split(';').next().unwrap_or_default().trim() {
        "application/pdf" => "PDF",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" => "XLSX",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document" => "DOCX",
        "text/csv" => "CSV",
        _ => "ไฟล์",
    }
}

/// "850 ไบต์", "12.4 KB", "1.2 MB".
fn human_size(bytes: i64) -> String {
    const KB: i64 = 1024;
    const MB: i64 = 1024 * 1024;
    let tenths = |unit: i64| (bytes * 10 + unit / 2) / unit;
    if bytes < KB {
        format!("{} ไบต์", bytes.max(0))
    } else if bytes < MB {
        let t = tenths(KB);
        format!("{}.{} KB", t / 10, t % 10)
    } else {
        let t = tenths(MB);
        format!("{}.{} MB", t / 10, t % 10)
    }
}

/// The file name a download is saved under: printable ASCII kept, anything else
/// (Thai letters, quotes, separators) replaced, so the header stays valid.
fn ascii_file_name(name: &str) -> String {
    let kept: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') {
                c
            } else {
                '_'
            }
        })
        .collect();
    if kept.trim_matches(['_', '.']).is_empty() {
        "file".to_owned()
    } else {
        kept
    }
}

fn summary_view(summary: &PublishedSummary) -> (Vec<Fact>, Vec<TableView>) {
    let facts = summary
        .facts
        .iter()
        .map(|(label, value)| Fact {
            label: label.clone(),
            value: value.clone(),
        })
        .collect();
    let tables = summary
        .tables
        .iter()
        .map(|t| TableView {
            caption: t.caption.clone(),
            header: t.header.clone(),
            rows: t
                .rows
                .iter()
                .map(|row| {
                    row.iter()
                        .map(|text| Cell {
                            num: looks_numeric(text),
                            text: text.clone(),
                        })
                        .collect()
                })
                .collect(),
        })
        .collect();
    (facts, tables)
}

/// Whether a formatted cell is a figure ("87.45", "๑,๒๐๐", "75%", "น้อยกว่า 5"
/// is not): such cells are right-aligned so their digits line up.
fn looks_numeric(text: &str) -> bool {
    let text = text.trim();
    text.chars()
        .any(|c| c.is_ascii_digit() || ('๐'..='๙').contains(&c))
        && text.chars().all(|c| {
            c.is_ascii_digit() || ('๐'..='๙').contains(&c) || matches!(c, '.' | ',' | '%' | '-')
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_naturally() {
        assert_eq!(human_size(850), "850 ไบต์");
        assert_eq!(human_size(1024), "1.0 KB");
        assert_eq!(human_size(12_700), "12.4 KB");
        assert_eq!(human_size(1_258_291), "1.2 MB");
    }

    #[test]
    fn download_names_stay_ascii() {
        assert_eq!(ascii_file_name("ita-2569.pdf"), "ita-2569.pdf");
        assert_eq!(ascii_file_name("รายงาน \"x\".pdf"), "________x_.pdf");
        assert_eq!(ascii_file_name("รายงาน"), "file");
    }

    #[test]
    fn figures_are_told_from_words() {
        assert!(looks_numeric("87.45"));
        assert!(looks_numeric("๑,๒๐๐"));
        assert!(looks_numeric("75%"));
        assert!(!looks_numeric("น้อยกว่า 5"));
        assert!(!looks_numeric("-"));
        assert!(!looks_numeric("ผ่าน"));
    }

    #[test]
    fn file_formats_are_named() {
        assert_eq!(format_label("application/pdf"), "PDF");
        assert_eq!(format_label("text/csv; charset=utf-8"), "CSV");
        assert_eq!(format_label("application/zip"), "ไฟล์");
    }
}
