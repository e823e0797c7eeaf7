//! ITA frameworks (กรอบการประเมิน) as the agency sees them: the built-in years,
//! its own imports on top, and the two ways an administrator adds a year.
//!
//! NACC publishes a new manual every year and the built-in 2566–2569 files are
//! drafts, so an agency must be able to import the year's file (rejected with the
//! exact field and reason when invalid) or start next year from this year's with
//! renumbered OIT items. Either way the result is stored as the agency's own
//! framework, which replaces the built-in one of that year for this agency only.

use std::collections::{BTreeMap, BTreeSet};

use axum::Router;
use axum::extract::{Query, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use minijinja::context;
use prongsai_core::ita::{self, Catalog, Framework, FrameworkError, FrameworkStatus};
use prongsai_core::thai::digits::to_arabic_digits;
use prongsai_store::StoredFramework;
use serde::{Deserialize, Serialize};

use crate::auth::Admin;
use crate::auth::CurrentUser;
use crate::auth::csrf::{Part, ProtectedForm, ProtectedMultipart};
use crate::error::{AppError, AppResult};
use crate::extract::{Path, Year, parse_year};
use crate::forms::FormState;
use crate::pages::Notice;
use crate::render::PageContext;
use crate::state::AppState;

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/frameworks", get(list))
        .route("/frameworks/import", post(import))
        .route("/frameworks/derive", get(derive_form).post(derive))
        .route("/frameworks/{year}", get(view))
}

/// The agency's frameworks, read once per page.
#[derive(Debug)]
struct AgencyFrameworks {
    /// Built-ins with the agency's valid imports on top.
    catalog: Catalog,
    /// Years the agency imported or derived (valid or not).
    own_years: BTreeSet<i32>,
    /// Stored imports that no longer validate: year and reason. They are left
    /// out of the catalog and shown on the list so the administrator can re-import.
    broken: Vec<(i32, String)>,
}

async fn agency_frameworks(state: &AppState, user: &CurrentUser) -> AppResult<AgencyFrameworks> {
    let mut own = Vec::new();
    let mut own_years = BTreeSet::new();
    let mut broken = Vec::new();
    for stored in state.app.store.list_frameworks(user.agency_id()?).await? {
        own_years.insert(stored.fiscal_year);
        match Framework::from_json(&stored.document.to_string()) {
            Ok(framework) => own.push(framework),
            Err(e) => broken.push((stored.fiscal_year, e.to_string())),
        }
    }
    Ok(AgencyFrameworks {
        catalog: Catalog::new(own),
        own_years,
        broken,
    })
}

fn status_label(status: FrameworkStatus) -> &'static str {
    match status {
        FrameworkStatus::Confirmed => "ยืนยันแล้ว",
        FrameworkStatus::Draft => "ฉบับร่าง",
    }
}

/// One line of the list.
#[derive(Debug, Serialize)]
struct FrameworkRow {
    year: i32,
    status_label: &'static str,
    draft: bool,
    own: bool,
    indicators: usize,
    questions: usize,
    items: usize,
}

impl FrameworkRow {
    fn new(framework: &Framework, own: bool) -> Self {
        Self {
            year: framework.year,
            status_label: status_label(framework.status),
            draft: framework.is_draft(),
            own,
            indicators: framework.indicators.len(),
            questions: framework.questions().count(),
            items: framework.oit_items().count(),
        }
    }
}

async fn render_list(
    state: &AppState,
    user: &CurrentUser,
    form: FormState,
    notice: Option<&str>,
) -> AppResult<Html<String>> {
    let frameworks = agency_frameworks(state, user).await?;
    let rows: Vec<FrameworkRow> = frameworks
        .catalog
        .years()
        .into_iter()
        .rev()
        .filter_map(|year| frameworks.catalog.get(year))
        .map(|f| FrameworkRow::new(f, frameworks.own_years.contains(&f.year)))
        .collect();
    let broken: Vec<_> = frameworks
        .broken
        .iter()
        .map(|(year, problem)| context! { year => year, problem => problem })
        .collect();
    let page = PageContext::new(user, "กรอบการประเมิน ITA", "frameworks").with_notice(notice);
    state.templates.render(
        "frameworks.html",
        context! {
            page => page,
            rows => rows,
            broken => broken,
            draft_warning => ita::DRAFT_WARNING_TH,
            form => form,
        },
    )
}

async fn list(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(notice): Query<Notice>,
) -> AppResult<Html<String>> {
    render_list(&state, &user, FormState::default(), notice.message()).await
}

/// One row of the old → new item table on a framework's page.
#[derive(Debug, PartialEq, Serialize)]
struct MappingRow {
    old_code: String,
    old_title: Option<String>,
    /// `None`: the item was dropped this year.
    new_code: Option<String>,
    new_title: Option<String>,
}

fn item_title(framework: &Framework, code: &str) -> Option<String> {
    framework
        .oit_items()
        .find(|item| item.code == code)
        .map(|item| item.title_th.clone())
}

/// Last year's items in last year's order with the code each has now (or none
/// when dropped), then any mapped codes last year's framework does not list.
fn mapping_rows(framework: &Framework, previous: Option<&Framework>) -> Vec<MappingRow> {
    let mapping = &framework.previous_year_item_mapping;
    if mapping.is_empty() {
        return Vec::new();
    }
    let mut old_codes: Vec<&str> = previous
        .map(|p| p.oit_items().map(|item| item.code.as_str()).collect())
        .unwrap_or_default();
    for old in mapping.keys() {
        if !old_codes.contains(&old.as_str()) {
            old_codes.push(old);
        }
    }
    old_codes
        .into_iter()
        .map(|old| {
            let new_code = mapping.get(old).cloned();
            MappingRow {
                old_title: previous.and_then(|p| item_title(p, old)),
                new_title: new_code.as_deref().and_then(|n| item_title(framework, n)),
                old_code: old.to_owned(),
                new_code,
            }
        })
        .collect()
}

async fn view(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(Year(year)): Path<Year>,
    Query(notice): Query<Notice>,
) -> AppResult<Html<String>> {
    let frameworks = agency_frameworks(&state, &user).await?;
    let framework = frameworks.catalog.get(year).ok_or(AppError::NotFound)?;
    // Catalogued years are validated (2500–2700), so `year - 1` cannot overflow.
    let previous = frameworks.catalog.get(year - 1);
    let page = PageContext::new(&user, format!("กรอบการประเมิน ITA ปี {year}"), "frameworks")
        .with_notice(notice.message());
    state.templates.render(
        "framework_view.html",
        context! {
            page => page,
            framework => framework,
            row => FrameworkRow::new(framework, frameworks.own_years.contains(&year)),
            mapping => mapping_rows(framework, previous),
            previous_year => year - 1,
            draft_warning => ita::DRAFT_WARNING_TH,
        },
    )
}

/// Where the framework text of an import came from: the uploaded file wins over
/// the text area. On failure, the field to blame and a Thai message.
fn import_text(
    file: Option<&Part>,
    document: &str,
) -> Result<(&'static str, String), (&'static str, String)> {
    if let Some(part) = file.filter(|p| !p.bytes.is_empty()) {
        let text = String::from_utf8(part.bytes.clone()).map_err(|_| {
            let name = part.file_name.as_deref().unwrap_or_default();
            (
                "file",
                format!("ไฟล์ {name} ไม่ใช่ข้อความ UTF-8 กรุณาเลือกไฟล์กรอบการประเมินนามสกุล .json"),
            )
        })?;
        return Ok(("file", text.trim_start_matches('\u{feff}').to_owned()));
    }
    if document.trim().is_empty() {
        return Err((
            "document",
            "กรุณาเลือกไฟล์ JSON หรือวางข้อความกรอบการประเมินในช่องนี้".to_owned(),
        ));
    }
    Ok(("document", document.to_owned()))
}

/// Stores `framework` as the agency's own for its year, replacing any earlier one.
async fn save_own(state: &AppState, user: &CurrentUser, framework: &Framework) -> AppResult<()> {
    let document = serde_json::to_value(framework)
        .map_err(|e| AppError::Internal(format!("framework to JSON: {e}")))?;
    let stored = StoredFramework {
        agency_id: user.agency_id()?,
        fiscal_year: framework.year,
        document,
    };
    state
        .app
        .store
        .save_framework(user.actor(), &stored)
        .await?;
    Ok(())
}

async fn import(
    State(state): State<AppState>,
    Admin(user): Admin,
    ProtectedMultipart { parts }: ProtectedMultipart,
) -> AppResult<Response> {
    let document = parts.get("document").map(Part::text).unwrap_or_default();
    let (field, text) = match import_text(parts.get("file"), &document) {
        Ok(found) => found,
        Err((field, message)) => {
            let form = FormState::with_values([("document", document)]).with_error(field, message);
            return Ok(render_list(&state, &user, form, None)
                .await?
                .into_response());
        }
    };
    match Framework::from_json(&text) {
        Ok(framework) => {
            save_own(&state, &user, &framework).await?;
            let to = format!("/frameworks/{}?notice=imported", framework.year);
            Ok(Redirect::to(&to).into_response())
        }
        Err(e) => {
            let form =
                FormState::with_values([("document", text)]).with_error(field, e.to_string());
            Ok(render_list(&state, &user, form, None)
                .await?
                .into_response())
        }
    }
}

/// `?from=` of the derive page.
#[derive(Debug, Deserialize)]
struct DeriveQuery {
    #[serde(default)]
    from: String,
}

/// The form field holding the new code of the item `code`.
fn code_field(code: &str) -> String {
    format!("code_{code}")
}

/// The renumbering the derive form asks for: only items whose code changed or
/// that were cleared (dropped). Thai digits typed in a code become Arabic ones,
/// as NACC writes item codes. A field missing from the request keeps its code.
fn renumber_from_form(
    framework: &Framework,
    values: &BTreeMap<String, String>,
) -> BTreeMap<String, Option<String>> {
    framework
        .oit_items()
        .filter_map(|item| {
            let typed = to_arabic_digits(values.get(&code_field(&item.code))?.trim());
            if typed == item.code {
                None
            } else if typed.is_empty() {
                Some((item.code.clone(), None))
            } else {
                Some((item.code.clone(), Some(typed)))
            }
        })
        .collect()
}

/// The form field an error of `derive_next_year` belongs to: the item's code box
/// for `renumber.<code>`, otherwise the message at the top of the form.
fn derive_error_field(error: &FrameworkError) -> (String, String) {
    match error.path.strip_prefix("renumber.") {
        Some(code) => (code_field(code), error.reason.clone()),
        None => ("form".to_owned(), error.to_string()),
    }
}

async fn render_derive(
    state: &AppState,
    user: &CurrentUser,
    from: &Framework,
    frameworks: &AgencyFrameworks,
    form: FormState,
) -> AppResult<Html<String>> {
    let next_year = from.year + 1;
    let page = PageContext::new(
        user,
        format!("สร้างกรอบการประเมินปี {next_year} จากปี {}", from.year),
        "frameworks",
    );
    state.templates.render(
        "framework_derive.html",
        context! {
            page => page,
            from => from,
            next_year => next_year,
            own_next => frameworks.own_years.contains(&next_year),
            builtin_next => Framework::builtin_years().contains(&next_year),
            draft_warning => ita::DRAFT_WARNING_TH,
            form => form,
        },
    )
}

/// The framework to derive from, named by `?from=` or the hidden `from` field.
fn source_framework<'a>(frameworks: &'a AgencyFrameworks, from: &str) -> AppResult<&'a Framework> {
    frameworks
        .catalog
        .get(parse_year(from)?)
        .ok_or(AppError::NotFound)
}

async fn derive_form(
    State(state): State<AppState>,
    Admin(user): Admin,
    Query(query): Query<DeriveQuery>,
) -> AppResult<Html<String>> {
    let frameworks = agency_frameworks(&state, &user).await?;
    let from = source_framework(&frameworks, &query.from)?;
    let form = FormState::with_values(
        from.oit_items()
            .map(|item| (code_field(&item.code), item.code.clone())),
    );
    render_derive(&state, &user, from, &frameworks, form).await
}

async fn derive(
    State(state): State<AppState>,
    Admin(user): Admin,
    ProtectedForm { form, .. }: ProtectedForm<BTreeMap<String, String>>,
) -> AppResult<Response> {
    let frameworks = agency_frameworks(&state, &user).await?;
    let from = source_framework(&frameworks, form.get("from").map_or("", String::as_str))?;
    let mut values = form.clone();
    values.remove("csrf_token");
    let values = FormState::with_values(values);
    let next_year = from.year + 1;
    let replace = form.get("replace").is_some_and(|v| v == "yes");
    if frameworks.own_years.contains(&next_year) && !replace {
        let form = values.with_error(
            "replace",
            format!("หน่วยงานมีกรอบการประเมินปี {next_year} ของตนเองอยู่แล้ว หากต้องการแทนที่ กรุณาติ๊กช่องนี้"),
        );
        return Ok(render_derive(&state, &user, from, &frameworks, form)
            .await?
            .into_response());
    }
    match from.derive_next_year(&renumber_from_form(from, &form)) {
        Ok(next) => {
            save_own(&state, &user, &next).await?;
            let to = format!("/frameworks/{}?notice=saved", next.year);
            Ok(Redirect::to(&to).into_response())
        }
        Err(e) => {
            let (field, message) = derive_error_field(&e);
            let form = values.with_error(&field, message);
            Ok(render_derive(&state, &user, from, &frameworks, form)
                .await?
                .into_response())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn builtin(year: i32) -> Framework {
        Framework::builtin(year).expect("built-in framework")
    }

    fn part(bytes: &[u8]) -> Part {
        Part {
            file_name: Some("f.json".to_owned()),
            bytes: bytes.to_vec(),
        }
    }

    #[test]
    fn import_prefers_the_file_and_strips_a_byte_order_mark() {
        let file = part("\u{feff}{\"year\":1}".as_bytes());
        assert_eq!(
            import_text(Some(&file), "ignored"),
            Ok(("file", "{\"year\":1}".to_owned()))
        );
        assert_eq!(
            import_text(Some(&part(b"")), " {} "),
            Ok(("document", " {} ".to_owned()))
        );
        assert_eq!(import_text(None, "  ").map_err(|e| e.0), Err("document"));
        assert_eq!(
            import_text(Some(&part(&[0xff, 0xfe, 0x00])), "").map_err(|e| e.0),
            Err("file")
        );
    }

    #[test]
    fn renumbering_keeps_unchanged_codes_out_and_reads_cleared_boxes_as_dropped() {
        let fw = builtin(2568);
        let values = BTreeMap::from([
            ("code_O1".to_owned(), "O1".to_owned()),
            ("code_O2".to_owned(), " ".to_owned()),
            ("code_O3".to_owned(), "O๓๐".to_owned()),
            ("code_O99".to_owned(), "O5".to_owned()),
        ]);
        let renumber = renumber_from_form(&fw, &values);
        assert_eq!(
            renumber,
            BTreeMap::from([
                ("O2".to_owned(), None),
                ("O3".to_owned(), Some("O30".to_owned())),
            ])
        );
    }

    #[test]
    fn derive_errors_land_on_the_item_box() {
        let fw = builtin(2568);
        let renumber = BTreeMap::from([("O1".to_owned(), Some("O 1".to_owned()))]);
        let error = fw.derive_next_year(&renumber).expect_err("bad code");
        let (field, message) = derive_error_field(&error);
        assert_eq!(field, "code_O1");
        assert!(!message.is_empty());
        let other = FrameworkError {
            path: "year".to_owned(),
            reason: "ผิด".to_owned(),
        };
        assert_eq!(
            derive_error_field(&other),
            ("form".to_owned(), "year: ผิด".to_owned())
        );
    }

    #[test]
    fn mapping_rows_follow_last_years_order_and_show_dropped_items() {
        let previous = builtin(2567);
        let current = builtin(2568);
        let rows = mapping_rows(&current, Some(&previous));
        assert_eq!(rows.len(), previous.oit_items().count());
        assert_eq!(
            rows[0].old_code,
            previous
                .oit_items()
                .next()
                .map(|i| i.code.clone())
                .unwrap_or_default()
        );
        let dropped = rows.iter().find(|r| r.old_code == "O4").expect("O4 row");
        assert_eq!(dropped.new_code, None);
        let moved = rows.iter().find(|r| r.old_code == "O5").expect("O5 row");
        assert_eq!(moved.new_code.as_deref(), Some("O3"));
        assert_eq!(moved.new_title, item_title(&current, "O3"));
        assert!(mapping_rows(&builtin(2564), None).is_empty());
    }

    #[test]
    fn list_rows_count_the_framework() {
        let row = FrameworkRow::new(&builtin(2564), false);
        assert_eq!((row.indicators, row.questions, row.items), (10, 45, 43));
        assert!(!row.draft);
        assert!(FrameworkRow::new(&builtin(2569), true).draft);
    }
}
