//! ITA results as the pages show them: each stored input scored against the
//! year's framework (the agency's own import first, then the built-in one).

use prongsai_core::ita::{self, Catalog, Framework};
use prongsai_core::model::{AgencyId, ItaResult, ResultSource};
use prongsai_store::Store;
use serde::Serialize;

use crate::charts::YearBar;
use crate::error::AppResult;

/// One result with its computed (or published) figures.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct ResultSummary {
    pub(crate) fiscal_year: i32,
    pub(crate) source: &'static str,
    pub(crate) source_label: &'static str,
    /// The computed total when all three instruments are there, else the published one.
    pub(crate) total: Option<f64>,
    pub(crate) rating: Option<String>,
    /// The framework of that year is a draft (to verify with the NACC manual).
    pub(crate) draft: bool,
    /// The stored input could not be scored (e.g. no framework for that year).
    pub(crate) problem: Option<String>,
}

/// The agency's framework catalogue: built-ins overridden by its own imports.
/// A stored framework that no longer validates is skipped with a log line, never
/// allowed to break the pages.
pub(crate) async fn catalog_for(store: &Store, agency: AgencyId) -> AppResult<Catalog> {
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

/// Scores one stored result.
pub(crate) fn summarize(result: &ItaResult, catalog: &Catalog) -> ResultSummary {
    summarize_with_report(result, catalog).0
}

/// [`summarize`], also returning the score report when the input could be
/// scored, for pages that show more of it than the summary (scored once).
pub(crate) fn summarize_with_report(
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

/// One bar per fiscal year: the official result where there is one, else the
/// self-assessment; years without any total are left out.
pub(crate) fn chart_bars(summaries: &[ResultSummary]) -> Vec<YearBar> {
    let mut bars: Vec<YearBar> = Vec::new();
    for s in summaries {
        let Some(total) = s.total else { continue };
        let official = s.source == ResultSource::Official.code();
        match bars.iter_mut().find(|b| b.fiscal_year == s.fiscal_year) {
            Some(existing) if official => {
                existing.total = total;
                existing.rating.clone_from(&s.rating);
            }
            Some(_) => {}
            None => bars.push(YearBar {
                fiscal_year: s.fiscal_year,
                total,
                rating: s.rating.clone(),
            }),
        }
    }
    bars.sort_by_key(|b| b.fiscal_year);
    bars
}
