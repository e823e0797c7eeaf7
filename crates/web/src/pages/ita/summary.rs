//! The chart of ITA totals per year on the dashboard and the ITA pages; the
//! results themselves are scored by `prongsai_app::ita_results`.

use prongsai_app::ita_results::ResultSummary;
use prongsai_core::model::ResultSource;

use crate::charts::YearBar;

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
