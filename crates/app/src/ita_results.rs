//! ITA results as pages and documents show them: each stored input scored
//! against the year's framework (the agency's own import first, then the
//! built-in one), and the framework of a year looked up the same way.

use prongsai_core::ita::{self, Catalog, Framework};
use prongsai_core::model::{AgencyId, ItaResult};
use prongsai_store::Store;
use serde::Serialize;

use crate::error::{ServiceError, ServiceResult};

/// One result with its computed (or published) figures.
#[derive(Debug, Clone, Serialize)]
pub struct ResultSummary {
    pub fiscal_year: i32,
    pub source: &'static str,
    pub source_label: &'static str,
    /// The computed total when all three instruments are there, else the published one.
    pub total: Option<f64>,
    pub rating: Option<String>,
    /// The framework of that year is a draft (to verify with the NACC manual).
    pub draft: bool,
    /// The stored input could not be scored (e.g. no framework for that year).
    pub problem: Option<String>,
}

/// The agency's framework catalogue: built-ins overridden by its own imports.
/// A stored framework that no longer validates is skipped with a log line, never
/// allowed to break the pages.
pub async fn catalog_for(store: &Store, agency: AgencyId) -> ServiceResult<Catalog> {
    let mut own = Vec::new();
    for stored in store.list_frameworks(agency).await? {
        match Framework::from_json(&stored.document.to_string()) {
            Ok(f) => own.push(f),
            Err(e) => {
                tracing::warn!(year = stored.fiscal_year, error = %e, "stored framework invalid")
            }
        }
    }
    Ok(Catalog::new(own))
}

/// The agency's framework of `year` (its own import first), if it has one.
pub async fn year_framework(
    store: &Store,
    agency: AgencyId,
    year: i32,
) -> ServiceResult<Option<Framework>> {
    Ok(catalog_for(store, agency).await?.get(year).cloned())
}

/// The framework of `year`, else the built-in year nearest to it: plans and
/// surveys may be drafted before NACC publishes the year's manual.
pub async fn framework_or_nearest(
    store: &Store,
    agency: AgencyId,
    year: i32,
) -> ServiceResult<Framework> {
    if let Some(framework) = year_framework(store, agency, year).await? {
        return Ok(framework);
    }
    Framework::builtin_years()
        .into_iter()
        .min_by_key(|y| (y - year).abs())
        .and_then(Framework::builtin)
        .ok_or_else(|| ServiceError::Internal("no built-in framework".to_owned()))
}

/// Scores one stored result.
pub fn summarize(result: &ItaResult, catalog: &Catalog) -> ResultSummary {
    summarize_with_report(result, catalog).0
}

/// [`summarize`], also returning the score report when the input could be
/// scored, for pages that show more of it than the summary (scored once).
pub fn summarize_with_report(
    result: &ItaResult,
    catalog: &Catalog,
) -> (ResultSummary, Option<ita::ScoreReport>) {
    let mut summary = ResultSummary {
        fiscal_year: result.fiscal_year,
        source: result.source.code(),
        source_label: result.source.label_th(),
        total: result.published_total,
        rating: result.published_rating.clone(),
        draft: false,
        problem: None,
    };
    let mut scored = None;
    match catalog.get(result.fiscal_year) {
        Some(framework) => {
            summary.draft = framework.is_draft();
            let has_instruments = result.input.iit.is_some()
                || result.input.eit.is_some()
                || result.input.oit.is_some();
            if has_instruments {
                match ita::score(framework, &result.input) {
                    Ok(report) => {
                        if report.total.is_some() {
                            summary.total = report.total;
                            summary.rating.clone_from(&report.rating);
                        }
                        scored = Some(report);
                    }
                    Err(e) => summary.problem = Some(e.to_string()),
                }
            }
        }
        None => {
            summary.problem = Some(format!(
                "ไม่มีกรอบการประเมินของปีงบประมาณ {}",
                result.fiscal_year
            ));
        }
    }
    (summary, scored)
}
