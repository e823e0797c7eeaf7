//! The measures cycle of a fiscal year: the plan (topics and measures), one
//! measure's form, progress per round with its evidence files, and the cycle's
//! four documents. This module holds what those pages share: reading a fiscal year and a round
//! from the address, the year's ITA framework, who may see and report on which
//! measure, and how rows of a form (targets, links) are numbered.
//!
//! Access follows the roles: the administrator plans and reports on everything;
//! a department head sees and reports only on the measures its department owns;
//! the executive and staff read everything. A measure a department head may not
//! see answers 404, like another agency's, so its existence is not confirmed.

use std::collections::{BTreeMap, HashMap};

use axum::Router;

use chrono::{DateTime, Utc};
use prongsai_core::ita::{Framework, Indicator};
use prongsai_core::measures::Measure;
use prongsai_core::model::{DepartmentId, Role};
use prongsai_core::thai::calendar::{format_date_short, in_thailand};
use prongsai_core::validation::ValidationErrors;
use serde::Serialize;

use crate::auth::CurrentUser;
use crate::error::AppResult;
use crate::state::AppState;
use prongsai_app::ita_results::framework_or_nearest;

pub(crate) mod documents;
pub(crate) mod evidence;
pub(crate) mod measures;
pub(crate) mod plan;
pub(crate) mod progress;
pub(crate) mod progress_form;

/// The routes of every page of the cycle.
pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .merge(plan::routes())
        .merge(measures::routes())
        .merge(progress::routes())
        .merge(evidence::routes())
        .merge(documents::routes())
}

/// The framework of a fiscal year: the agency's own import, else the built-in
/// one, else the built-in year nearest to it (a plan may be drafted before NACC
/// publishes the year's manual).
pub(crate) async fn framework_for(
    state: &AppState,
    user: &CurrentUser,
    year: i32,
) -> AppResult<Framework> {
    Ok(framework_or_nearest(&state.app.store, user.agency_id()?, year).await?)
}

/// An indicator as a checkbox of the measure form.
#[derive(Debug, Serialize)]
pub(crate) struct IndicatorOption {
    pub(crate) number: u32,
    pub(crate) name_th: String,
}

impl From<&Indicator> for IndicatorOption {
    fn from(i: &Indicator) -> Self {
        Self {
            number: i.number,
            name_th: i.name_th.clone(),
        }
    }
}

/// Whether `user` may see `measure` (its progress and evidence included).
pub(crate) fn sees_measure(user: &CurrentUser, measure: &Measure) -> bool {
    match user.user.role {
        Role::DepartmentHead => user
            .user
            .department_id
            .is_some_and(|d| measure.owners.departments.contains(&d)),
        _ => true,
    }
}

/// Whether `user` may report progress on `measure`.
pub(crate) fn reports_on(user: &CurrentUser, measure: &Measure) -> bool {
    match user.user.role {
        Role::Admin => true,
        Role::DepartmentHead => sees_measure(user, measure),
        _ => false,
    }
}

/// The agency's department names by id.
pub(crate) async fn department_names(
    state: &AppState,
    user: &CurrentUser,
) -> AppResult<HashMap<DepartmentId, String>> {
    Ok(state
        .app
        .store
        .list_departments(user.agency_id()?)
        .await?
        .into_iter()
        .map(|d| (d.id, d.name))
        .collect())
}

/// "กองคลัง, หัวหน้าสำนักปลัด": the departments, then the positions.
pub(crate) fn owners_label(measure: &Measure, names: &HashMap<DepartmentId, String>) -> String {
    measure
        .owners
        .departments
        .iter()
        .filter_map(|d| names.get(d).cloned())
        .chain(measure.owners.positions.iter().cloned())
        .collect::<Vec<_>>()
        .join(", ")
}

/// A moment as a Thai date in Thailand: "๒๒ พ.ย. ๖๙".
pub(crate) fn thai_date(at: DateTime<Utc>, thai_digits: bool) -> String {
    format_date_short(in_thailand(at).date_naive(), thai_digits)
}

/// The non-empty lines of a text area, trimmed, in order.
pub(crate) fn lines(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The most rows a repeated group of a form (targets, links) may have.
pub(crate) const MAX_ROWS: usize = 50;

/// How many rows of the group `prefix` (`targets`, `links`) a form shows: those
/// typed, plus blank ones to add more, at least `min`.
pub(crate) fn row_count(values: &BTreeMap<String, String>, prefix: &str, min: usize) -> usize {
    let typed = values
        .keys()
        .filter_map(|k| k.strip_prefix(prefix)?.strip_prefix('.'))
        .filter_map(|rest| rest.split('.').next()?.parse::<usize>().ok())
        .map(|i| i + 1)
        .max()
        .unwrap_or(0);
    typed.max(min).min(MAX_ROWS)
}

/// Moves errors of the kept rows (`targets.1.text` of the second row kept) to the
/// rows of the form they came from (`targets.3.text` when rows 1 and 2 were blank).
pub(crate) fn remap_rows(
    errors: ValidationErrors,
    prefix: &str,
    rows: &[usize],
) -> ValidationErrors {
    let mut out = ValidationErrors::new();
    for e in errors.0 {
        let field = e
            .field
            .strip_prefix(prefix)
            .and_then(|rest| rest.strip_prefix('.'))
            .and_then(|rest| {
                let (index, tail) = rest.split_once('.')?;
                let row = rows.get(index.parse::<usize>().ok()?)?;
                Some(format!("{prefix}.{row}.{tail}"))
            })
            .unwrap_or(e.field);
        out.add(field, e.message);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_shown_cover_what_was_typed() {
        let values: BTreeMap<String, String> = [
            ("targets.4.text".to_owned(), "x".to_owned()),
            ("title".to_owned(), String::new()),
        ]
        .into_iter()
        .collect();
        assert_eq!(row_count(&values, "targets", 3), 5);
        assert_eq!(row_count(&BTreeMap::new(), "targets", 3), 3);
    }

    #[test]
    fn row_errors_go_back_to_their_form_row() {
        let mut errors = ValidationErrors::new();
        errors.add("targets.1.text", "กรุณากรอกเป้าหมาย");
        errors.add("title", "x");
        let out = remap_rows(errors, "targets", &[0, 3]);
        assert!(out.get("targets.3.text").is_some());
        assert!(out.get("title").is_some());
        assert!(out.get("targets.1.text").is_none());
    }

    #[test]
    fn lines_drop_blank_ones() {
        assert_eq!(lines(" a \r\n\n b"), vec!["a".to_owned(), "b".to_owned()]);
    }
}
