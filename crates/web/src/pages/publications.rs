//! Publishing to the transparency portal (การเผยแพร่): for one fiscal year, each
//! kind of item with whether it is on the portal and since when, and the
//! administrator's buttons to publish it (again, as a fresh snapshot) or take it
//! off. Everyone of the agency reads the page; only the administrator publishes.
//!
//! A kind whose source has not been entered (no plan for the year, no result)
//! cannot be published: the page says why at that row and nothing is stored.

use axum::Router;
use axum::extract::{Query, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use chrono::{DateTime, Timelike as _, Utc};
use minijinja::context;
use prongsai_core::model::PublicationId;
use prongsai_core::publication::{Publication, PublishedKind};
use prongsai_core::thai::calendar::{format_date_long, in_thailand, today_in_thailand};
use prongsai_core::thai::digits::digits_for;
use prongsai_core::thai::fiscal::FiscalYear;
use prongsai_store::PublicationListing;
use serde::{Deserialize, Serialize};

use super::Notice;
use super::confirm::ConfirmForm;
use crate::auth::Admin;
use crate::auth::CurrentUser;
use crate::auth::csrf::ProtectedForm;
use crate::error::{AppError, AppResult};
use crate::extract::{Path, parse_year};
use crate::render::PageContext;
use crate::state::AppState;
use prongsai_app::plan_documents::DocumentError;
use prongsai_app::publications;

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/publications", get(list))
        .route("/publications/publish", post(publish))
        .route(
            "/publications/{id}/unpublish",
            get(confirm_unpublish).post(unpublish),
        )
}

fn list_url(year: i32) -> String {
    format!("/publications?year={year}")
}

/// `?year=` of the page (Thai or Arabic digits); the current fiscal year when
/// absent.
#[derive(Debug, Default, Deserialize)]
struct YearQuery {
    #[serde(default)]
    year: Option<String>,
}

/// A moment in Thailand as "12 มีนาคม 2568 เวลา 09:30 น.".
fn date_time_th(at: DateTime<Utc>, thai_digits: bool) -> String {
    let local = in_thailand(at);
    let time = format!("{:02}:{:02}", local.hour(), local.minute());
    format!(
        "{} เวลา {} น.",
        format_date_long(local.date_naive(), thai_digits),
        digits_for(&time, thai_digits)
    )
}

/// One file of a published item, linked on the portal.
#[derive(Debug, Serialize)]
struct FileRow {
    name: String,
    url: String,
}

/// One kind of item for the chosen year.
#[derive(Debug, Serialize)]
struct KindRow {
    code: &'static str,
    label: &'static str,
    /// Set when the kind is published for the year.
    id: Option<String>,
    published_at: Option<String>,
    item_url: Option<String>,
    files: Vec<FileRow>,
    /// Why the last attempt to publish it failed, in Thai.
    error: Option<String>,
}

fn kind_rows(
    code: &str,
    year: i32,
    listings: &[PublicationListing],
    failed: Option<(PublishedKind, &str)>,
    thai_digits: bool,
) -> Vec<KindRow> {
    PublishedKind::ALL
        .into_iter()
        .map(|kind| {
            let published = listings
                .iter()
                .find(|l| l.kind == kind && l.fiscal_year == year);
            let item_url = published.map(|l| format!("/p/{code}/items/{}", l.id));
            KindRow {
                code: kind.code(),
                label: kind.label_th(),
                id: published.map(|l| l.id.to_string()),
                published_at: published.map(|l| date_time_th(l.published_at, thai_digits)),
                files: published
                    .map(|l| {
                        l.files
                            .iter()
                            .map(|f| FileRow {
                                name: f.file_name.clone(),
                                url: format!("/p/{code}/items/{}/files/{}", l.id, f.index),
                            })
                            .collect()
                    })
                    .unwrap_or_default(),
                item_url,
                error: failed
                    .filter(|(k, _)| *k == kind)
                    .map(|(_, message)| message.to_owned()),
            }
        })
        .collect()
}

async fn list(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(query): Query<YearQuery>,
    Query(notice): Query<Notice>,
) -> AppResult<Html<String>> {
    let year = match query.year.as_deref() {
        Some(text) => parse_year(text)?,
        None => FiscalYear::containing(today_in_thailand()).be(),
    };
    render_list(&state, &user, year, None, notice.message()).await
}

async fn render_list(
    state: &AppState,
    user: &CurrentUser,
    year: i32,
    failed: Option<(PublishedKind, &str)>,
    notice: Option<&str>,
) -> AppResult<Html<String>> {
    let agency = user.agency()?;
    let listings = state.app.store.publications(agency.id).await?;
    let current = FiscalYear::containing(today_in_thailand()).be();
    let mut years: Vec<i32> = (current - 4..=current + 1)
        .chain(listings.iter().map(|l| l.fiscal_year))
        .chain([year])
        .collect();
    years.sort_unstable_by(|a, b| b.cmp(a));
    years.dedup();
    let rows = kind_rows(&agency.code, year, &listings, failed, agency.thai_digits);
    let page =
        PageContext::new(user, "การเผยแพร่บนเว็บไซต์สาธารณะ", "publications").with_notice(notice);
    state.templates.render(
        "publications.html",
        context! {
            page => page,
            year => year,
            years => years,
            rows => rows,
            portal_url => format!("/p/{}", agency.code),
        },
    )
}

/// What the publish button of a row sends.
#[derive(Debug, Deserialize)]
struct PublishForm {
    #[serde(default)]
    kind: String,
    #[serde(default)]
    year: String,
}

async fn publish(
    State(state): State<AppState>,
    Admin(user): Admin,
    ProtectedForm { form, .. }: ProtectedForm<PublishForm>,
) -> AppResult<Response> {
    let agency = user.agency()?;
    let kind = PublishedKind::from_code(&form.kind)
        .ok_or_else(|| AppError::BadRequest(format!("published kind `{}`", form.kind)))?;
    let year = parse_year(form.year.trim())
        .map_err(|_| AppError::BadRequest(format!("fiscal year `{}`", form.year)))?;
    let published = publications::publish(
        &state.app.store,
        &state.app.renderer,
        agency,
        kind,
        year,
        user.actor().user_id,
        Utc::now(),
    )
    .await;
    match published {
        Ok(_) => Ok(Redirect::to(&format!("{}&notice=published", list_url(year))).into_response()),
        Err(e @ (DocumentError::Missing(_) | DocumentError::Analysis(_))) => {
            let message = e.to_string();
            Ok(
                render_list(&state, &user, year, Some((kind, &message)), None)
                    .await?
                    .into_response(),
            )
        }
        Err(e) => Err(e.into()),
    }
}

/// The agency's publication `id` (its files without bytes); 404 for another
/// agency's or a malformed id.
async fn load_publication(
    state: &AppState,
    user: &CurrentUser,
    id: PublicationId,
) -> AppResult<Publication> {
    state
        .app
        .store
        .find_publication(user.agency_id()?, id)
        .await?
        .ok_or(AppError::NotFound)
}

async fn confirm_unpublish(
    State(state): State<AppState>,
    Admin(user): Admin,
    Path(id): Path<PublicationId>,
) -> AppResult<Html<String>> {
    let publication = load_publication(&state, &user, id).await?;
    let heading = "ยกเลิกการเผยแพร่";
    let thai_digits = user.agency()?.thai_digits;
    let page = PageContext::new(&user, heading, "publications");
    state.templates.render(
        "confirm.html",
        context! {
            page => page,
            heading => heading,
            lines => vec![
                publication.title,
                format!("เผยแพร่เมื่อ {}", date_time_th(publication.published_at, thai_digits)),
                "รายการนี้และไฟล์ที่เผยแพร่ไว้จะไม่ปรากฏบนเว็บไซต์สาธารณะอีก ข้อมูลต้นฉบับในระบบยังอยู่ครบและเผยแพร่ใหม่ได้".to_owned(),
            ],
            action => format!("/publications/{}/unpublish", publication.id),
            button => "ยืนยันการยกเลิกการเผยแพร่",
            danger => false,
            back => list_url(publication.fiscal_year),
        },
    )
}

async fn unpublish(
    State(state): State<AppState>,
    Path(id): Path<PublicationId>,
    Admin(user): Admin,
    ProtectedForm { .. }: ProtectedForm<ConfirmForm>,
) -> AppResult<Response> {
    let publication = load_publication(&state, &user, id).await?;
    state
        .app
        .store
        .unpublish(user.actor(), user.agency_id()?, publication.id)
        .await?;
    Ok(Redirect::to(&format!(
        "{}&notice=unpublished",
        list_url(publication.fiscal_year)
    ))
    .into_response())
}
