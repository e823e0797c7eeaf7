//! The analysis of one ITA result: the numbers from the core rules, the Thai text
//! the officer may have edited (kept in the store), and the document built from
//! both.

use chrono::NaiveDate;
use prongsai_core::analysis::{
    Analysis, AnalysisSettings, EditableText, RankedIndicator, analyze, draft_text_th,
};
use prongsai_core::ita::{self, Catalog, DRAFT_WARNING_TH, ScoreReport};
use prongsai_core::model::{Agency, ItaResult, ResultSource};
use prongsai_core::thai::calendar::format_date_long;
use prongsai_core::thai::digits::digits_for;
use prongsai_docs::{AnalysisDocument, IndicatorRow, InstrumentRow, PreviousResult};
use prongsai_store::{Store, StoreError, StoredAnalysis};

use crate::ita_results::catalog_for;

/// Why an analysis cannot be made (shown to the user in Thai).
#[derive(Debug, thiserror::Error)]
pub enum AnalysisError {
    /// No result for that year and source in this agency.
    #[error("ไม่พบผลการประเมิน")]
    NotFound,
    /// The result cannot be scored (no framework for the year, or bad input).
    #[error("{0}")]
    Unscorable(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Everything a page or a document needs about one result's analysis.
#[derive(Debug, Clone)]
pub struct LoadedAnalysis {
    pub result: ItaResult,
    pub analysis: Analysis,
    pub settings: AnalysisSettings,
    /// The text as stored (or, before the first save, the fresh draft).
    pub text: EditableText,
    /// The draft the current numbers and settings give.
    pub fresh: Vec<String>,
    /// Whether anything is stored yet.
    pub saved: bool,
}

impl LoadedAnalysis {
    /// The officer's text differs from what the numbers would now give, so the
    /// page should offer (never force) the fresh draft.
    #[must_use]
    pub fn fresh_differs(&self) -> bool {
        self.text.is_edited() && self.text.generated != self.fresh
    }

    /// What to store: the settings and the text, as JSON.
    pub fn to_stored(&self) -> Result<StoredAnalysis, AnalysisError> {
        let to_json = |v: serde_json::Result<serde_json::Value>| {
            v.map_err(|e| AnalysisError::Unscorable(e.to_string()))
        };
        Ok(StoredAnalysis {
            agency_id: self.result.agency_id,
            fiscal_year: self.result.fiscal_year,
            source: self.result.source,
            settings: to_json(serde_json::to_value(self.settings))?,
            text: to_json(serde_json::to_value(&self.text))?,
        })
    }
}

fn score(catalog: &Catalog, result: &ItaResult) -> Result<ScoreReport, String> {
    let framework = catalog
        .get(result.fiscal_year)
        .ok_or_else(|| format!("ไม่มีกรอบการประเมินของปีงบประมาณ {}", result.fiscal_year))?;
    ita::score(framework, &result.input).map_err(|e| e.to_string())
}

/// The previous fiscal year's result to compare with: the official one when there
/// is one, else the self-assessment; `None` when neither can be scored.
async fn previous_report(
    store: &Store,
    catalog: &Catalog,
    agency: &Agency,
    year: i32,
) -> Result<Option<ScoreReport>, StoreError> {
    for source in [ResultSource::Official, ResultSource::SelfAssessed] {
        if let Some(result) = store.get_ita_result(agency.id, year - 1, source).await?
            && let Ok(report) = score(catalog, &result)
            && !report.indicators.is_empty()
        {
            return Ok(Some(report));
        }
    }
    Ok(None)
}

/// Loads the result, scores it and last year's, applies the stored settings and
/// returns the analysis with its text.
///
/// # Errors
/// [`AnalysisError::NotFound`] when there is no such result in this agency,
/// [`AnalysisError::Unscorable`] when it cannot be scored, store errors.
pub async fn load(
    store: &Store,
    agency: &Agency,
    year: i32,
    source: ResultSource,
) -> Result<LoadedAnalysis, AnalysisError> {
    load_with(store, agency, year, source, None).await
}

/// [`load`], with other settings than the stored ones (to preview or save them).
///
/// # Errors
/// As [`load`].
pub async fn load_with(
    store: &Store,
    agency: &Agency,
    year: i32,
    source: ResultSource,
    settings: Option<AnalysisSettings>,
) -> Result<LoadedAnalysis, AnalysisError> {
    let result = store
        .get_ita_result(agency.id, year, source)
        .await?
        .ok_or(AnalysisError::NotFound)?;
    let catalog = catalog_for(store, agency.id)
        .await
        .map_err(|e| AnalysisError::Unscorable(e.to_string()))?;
    let framework = catalog
        .get(year)
        .ok_or_else(|| AnalysisError::Unscorable(format!("ไม่มีกรอบการประเมินของปีงบประมาณ {year}")))?;
    let report = score(&catalog, &result).map_err(AnalysisError::Unscorable)?;
    let previous = previous_report(store, &catalog, agency, year).await?;
    let stored = store.get_analysis(agency.id, year, source).await?;
    let settings = settings.unwrap_or_else(|| {
        stored
            .as_ref()
            .and_then(|s| serde_json::from_value::<AnalysisSettings>(s.settings.clone()).ok())
            .unwrap_or_default()
    });
    let analysis = analyze(framework, &report, previous.as_ref(), &settings);
    let fresh = draft_text_th(&analysis, &agency.name);
    let stored_text = stored
        .as_ref()
        .and_then(|s| serde_json::from_value::<EditableText>(s.text.clone()).ok());
    let saved = stored_text.is_some();
    let text = stored_text.unwrap_or_else(|| EditableText::new(fresh.clone()));
    Ok(LoadedAnalysis {
        result,
        analysis,
        settings,
        text,
        fresh,
        saved,
    })
}

/// Saves settings and text; the store writes the audit row.
///
/// # Errors
/// Store errors.
pub async fn save(
    store: &Store,
    actor: prongsai_store::Actor,
    loaded: &LoadedAnalysis,
) -> Result<(), AnalysisError> {
    store.save_analysis(actor, &loaded.to_stored()?).await?;
    Ok(())
}

fn two_decimals(value: f64) -> String {
    format!("{value:.2}")
}

fn signed(value: f64) -> String {
    if value > 0.0 {
        format!("+{value:.2}")
    } else {
        format!("{value:.2}")
    }
}

fn indicator_row(ind: &RankedIndicator, digits: &impl Fn(String) -> String) -> IndicatorRow {
    IndicatorRow {
        rank: digits(ind.rank.to_string()),
        number: digits(ind.number.to_string()),
        name_th: ind.name_th.clone(),
        instrument: ind.instrument.code().to_owned(),
        score: digits(two_decimals(ind.score)),
        previous_score: ind.previous_score.map(|v| digits(two_decimals(v))),
        change: ind.change.map(|v| digits(signed(v))),
        is_weakness: ind.weakness.is_some(),
        weakness_reason: ind.weakness.map(|w| digits(w.text_th())),
    }
}

/// The document of a loaded analysis, with every number written as the agency
/// writes numbers (Thai or Arabic digits).
#[must_use]
pub fn document(agency: &Agency, loaded: &LoadedAnalysis, today: NaiveDate) -> AnalysisDocument {
    let thai = agency.thai_digits;
    let digits = |s: String| digits_for(&s, thai);
    let a = &loaded.analysis;
    let previous = match (a.previous_year, a.previous_total, a.total_change) {
        (Some(year), Some(total), Some(change)) => Some(PreviousResult {
            year: digits(year.to_string()),
            total: digits(two_decimals(total)),
            change: digits(signed(change)),
        }),
        _ => None,
    };
    AnalysisDocument {
        agency_name: agency.name.clone(),
        fiscal_year: digits(a.year.to_string()),
        source_label: loaded.result.source.label_th().to_owned(),
        total: a
            .total
            .map_or_else(|| "–".to_owned(), |t| digits(two_decimals(t))),
        rating: a.rating.clone().unwrap_or_else(|| "–".to_owned()),
        previous,
        instruments: a
            .instruments
            .iter()
            .map(|i| InstrumentRow {
                code: i.code.code().to_owned(),
                name_th: i.name_th.clone(),
                percent: digits(two_decimals(i.percent)),
                points: digits(two_decimals(i.points)),
            })
            .collect(),
        indicators: a.ranked.iter().map(|i| indicator_row(i, &digits)).collect(),
        weaknesses: a
            .weaknesses
            .iter()
            .map(|w| {
                let reason = w.weakness.map(|r| r.text_th()).unwrap_or_default();
                digits(format!(
                    "ตัวชี้วัดที่ {} {} ได้คะแนน {} ({reason})",
                    w.number,
                    w.name_th,
                    two_decimals(w.score)
                ))
            })
            .collect(),
        analysis_text: loaded
            .text
            .current()
            .iter()
            .map(|p| digits(p.clone()))
            .collect(),
        draft_warning: a
            .draft
            .then(|| format!("กรอบการประเมินปีนี้{DRAFT_WARNING_TH}")),
        thai_digits: thai,
        generated_on: format_date_long(today, thai),
    }
}
