//! The analysis of an ITA result (การวิเคราะห์ผลการประเมิน): the ranked
//! indicators, weaknesses under the agency's rule, the change since last year and
//! the Thai text the officer edits, plus its downloads (PDF, DOCX, XLSX).
//!
//! The generated text is only the first draft: once the officer saves the text
//! (edited or not) the page and the documents print theirs. Regenerating never
//! overwrites it without asking: when the numbers or the rule change, the page
//! shows the fresh draft beside the saved one and replaces it only when the
//! officer ticks the confirmation.

use axum::Router;
use axum::extract::{Query, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use minijinja::context;
use prongsai_core::analysis::{AnalysisSettings, Regenerated, WeaknessRule};
use prongsai_core::model::ResultSource;
use prongsai_core::thai::calendar::today_in_thailand;
use prongsai_core::thai::digits::to_arabic_digits;
use serde::Deserialize;

use crate::auth::Admin;
use crate::auth::CurrentUser;
use crate::auth::csrf::{CheckedForm, ProtectedForm};
use crate::error::{AppError, AppResult};
use crate::extract::{Path, Year};
use crate::forms::FormState;
use crate::pages::Notice;
use crate::pages::download::attachment;
use crate::render::PageContext;
use crate::state::AppState;
use prongsai_app::analysis::{self, AnalysisError, LoadedAnalysis};
use prongsai_docs::{DocumentFormat, RenderedDocument};

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/ita/{year}/{source}/analysis", get(view))
        .route(
            "/ita/{year}/{source}/analysis/settings",
            post(save_settings),
        )
        .route("/ita/{year}/{source}/analysis/text", post(save_text))
        .route("/ita/{year}/{source}/analysis/regenerate", post(regenerate))
        .route(
            "/ita/{year}/{source}/analysis/download/{format}",
            get(download),
        )
}

fn analysis_url(year: i32, source: ResultSource) -> String {
    format!("/ita/{year}/{}/analysis", source.code())
}

impl From<AnalysisError> for AppError {
    fn from(e: AnalysisError) -> Self {
        match e {
            AnalysisError::NotFound => Self::NotFound,
            AnalysisError::Unscorable(reason) => Self::Unprocessable(reason),
            AnalysisError::Store(e) => Self::Store(e),
        }
    }
}

async fn load(
    state: &AppState,
    user: &CurrentUser,
    year: i32,
    source: ResultSource,
) -> AppResult<LoadedAnalysis> {
    Ok(analysis::load(&state.app.store, user.agency()?, year, source).await?)
}

/// Paragraphs from a text area: separated by blank lines, trimmed, empty ones dropped.
fn paragraphs(text: &str) -> Vec<String> {
    text.replace("\r\n", "\n")
        .split("\n\n")
        .map(|p| {
            p.split('\n')
                .map(str::trim)
                .collect::<Vec<_>>()
                .join(" ")
                .trim()
                .to_owned()
        })
        .filter(|p| !p.is_empty())
        .collect()
}

/// The settings form's values for a rule.
fn settings_values(settings: &AnalysisSettings) -> FormState {
    let (kind, pass_mark, n) = match settings.rule {
        WeaknessRule::BelowPassMark { pass_mark } => {
            ("below_pass_mark", pass_mark.to_string(), "3".to_owned())
        }
        WeaknessRule::Dropped => ("dropped", "85".to_owned(), "3".to_owned()),
        WeaknessRule::LowestN { n } => ("lowest_n", "85".to_owned(), n.to_string()),
    };
    FormState::with_values([
        ("rule", kind.to_owned()),
        ("pass_mark", pass_mark),
        ("n", n),
        ("lowest_questions", settings.lowest_questions.to_string()),
    ])
}

async fn render(
    state: &AppState,
    user: &CurrentUser,
    loaded: &LoadedAnalysis,
    settings_form: FormState,
    text_form: FormState,
    notice: Option<&str>,
) -> AppResult<Html<String>> {
    let agency = user.agency()?;
    let document = analysis::document(agency, loaded, today_in_thailand());
    let page = PageContext::new(user, "การวิเคราะห์ผลการประเมิน", "ita").with_notice(notice);
    let key = loaded.result.source;
    state.templates.render(
        "analysis.html",
        context! {
            page => page,
            doc => document,
            url => analysis_url(loaded.result.fiscal_year, key),
            detail_url => format!("/ita/{}/{}", loaded.result.fiscal_year, key.code()),
            fresh => loaded.fresh,
            fresh_differs => loaded.fresh_differs(),
            edited => loaded.text.is_edited(),
            lowest_questions => loaded.analysis.lowest_questions,
            settings_form => settings_form,
            text_form => text_form,
            rules => [
                ["below_pass_mark", "ต่ำกว่าเกณฑ์ผ่าน"],
                ["dropped", "คะแนนลดลงจากปีก่อน"],
                ["lowest_n", "ตัวชี้วัดที่ได้คะแนนต่ำสุด N ลำดับ"],
            ],
        },
    )
}

fn text_values(loaded: &LoadedAnalysis) -> FormState {
    FormState::with_values([("analysis_text", loaded.text.current().join("\n\n"))])
}

async fn view(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((Year(year), source)): Path<(Year, ResultSource)>,
    Query(notice): Query<Notice>,
) -> AppResult<Html<String>> {
    let loaded = load(&state, &user, year, source).await?;
    let settings = settings_values(&loaded.settings);
    let text = text_values(&loaded);
    render(&state, &user, &loaded, settings, text, notice.message()).await
}

/// What the settings form sends.
#[derive(Debug, Deserialize)]
pub(crate) struct SettingsForm {
    #[serde(default)]
    rule: String,
    #[serde(default)]
    pass_mark: String,
    #[serde(default)]
    n: String,
    #[serde(default)]
    lowest_questions: String,
}

impl SettingsForm {
    fn values(&self) -> FormState {
        FormState::with_values([
            ("rule", self.rule.as_str()),
            ("pass_mark", self.pass_mark.as_str()),
            ("n", self.n.as_str()),
            ("lowest_questions", self.lowest_questions.as_str()),
        ])
    }

    /// The settings, or the field and Thai message of the first problem.
    fn parse(&self) -> Result<AnalysisSettings, (&'static str, String)> {
        let number = |field: &'static str, text: &str| {
            to_arabic_digits(text.trim())
                .parse::<f64>()
                .ok()
                .filter(|v| v.is_finite())
                .ok_or((field, "กรุณากรอกเป็นตัวเลข".to_owned()))
        };
        let whole = |field: &'static str, text: &str| {
            to_arabic_digits(text.trim())
                .parse::<u32>()
                .map_err(|_| (field, "กรุณากรอกเป็นจำนวนเต็มไม่ติดลบ".to_owned()))
        };
        let rule = match self.rule.as_str() {
            "below_pass_mark" => WeaknessRule::BelowPassMark {
                pass_mark: number("pass_mark", &self.pass_mark)?,
            },
            "dropped" => WeaknessRule::Dropped,
            "lowest_n" => WeaknessRule::LowestN {
                n: whole("n", &self.n)?,
            },
            _ => return Err(("rule", "กรุณาเลือกเกณฑ์จุดอ่อน".to_owned())),
        };
        let settings = AnalysisSettings {
            rule,
            lowest_questions: whole("lowest_questions", &self.lowest_questions)?,
        };
        settings.validate().map_err(|e| {
            let field = match e.path {
                p if p.ends_with("pass_mark") => "pass_mark",
                p if p.ends_with(".n") || p == "n" => "n",
                _ => "rule",
            };
            (field, e.reason.clone())
        })?;
        Ok(settings)
    }
}

async fn save_settings(
    State(state): State<AppState>,
    Path((Year(year), source)): Path<(Year, ResultSource)>,
    Admin(user): Admin,
    ProtectedForm { form, .. }: ProtectedForm<SettingsForm>,
) -> AppResult<Response> {
    let loaded = load(&state, &user, year, source).await?;
    let settings = match form.parse() {
        Ok(s) => s,
        Err((field, message)) => {
            let settings_form = form.values().with_error(field, message);
            let text = text_values(&loaded);
            return Ok(render(&state, &user, &loaded, settings_form, text, None)
                .await?
                .into_response());
        }
    };
    // Re-analyse with the new rule; the text follows only while the officer has
    // not saved it.
    let mut updated = analysis::load_with(
        &state.app.store,
        user.agency()?,
        loaded.result.fiscal_year,
        loaded.result.source,
        Some(settings),
    )
    .await?;
    if !updated.text.is_edited() {
        updated.text.use_fresh(updated.fresh.clone());
    }
    analysis::save(&state.app.store, user.actor(), &updated).await?;
    Ok(Redirect::to(&format!(
        "{}?notice=saved",
        analysis_url(loaded.result.fiscal_year, loaded.result.source)
    ))
    .into_response())
}

/// What the text form sends (`analysis_text`: a long text of its own kind in
/// the table of limits).
#[derive(Debug, Deserialize)]
pub(crate) struct TextForm {
    #[serde(default)]
    analysis_text: String,
}

async fn save_text(
    State(state): State<AppState>,
    Path((Year(year), source)): Path<(Year, ResultSource)>,
    Admin(user): Admin,
    CheckedForm { form, problems, .. }: CheckedForm<TextForm>,
) -> AppResult<Response> {
    let mut loaded = load(&state, &user, year, source).await?;
    let typed = FormState::with_values([("analysis_text", form.analysis_text.as_str())]);
    let problem = match problems.0.into_iter().next() {
        Some(problem) => Some(problem.message),
        None if paragraphs(&form.analysis_text).is_empty() => {
            Some("กรุณากรอกข้อความการวิเคราะห์ อย่างน้อยหนึ่งย่อหน้า".to_owned())
        }
        None => None,
    };
    if let Some(message) = problem {
        let settings = settings_values(&loaded.settings);
        let text = typed.with_error("analysis_text", message);
        return Ok(render(&state, &user, &loaded, settings, text, None)
            .await?
            .into_response());
    }
    loaded.text.edit(paragraphs(&form.analysis_text));
    analysis::save(&state.app.store, user.actor(), &loaded).await?;
    Ok(Redirect::to(&format!(
        "{}?notice=saved",
        analysis_url(loaded.result.fiscal_year, loaded.result.source)
    ))
    .into_response())
}

/// What the regenerate form sends: the confirmation replaces edited text.
#[derive(Debug, Deserialize)]
pub(crate) struct RegenerateForm {
    #[serde(default)]
    confirm: String,
}

async fn regenerate(
    State(state): State<AppState>,
    Path((Year(year), source)): Path<(Year, ResultSource)>,
    Admin(user): Admin,
    ProtectedForm { form, .. }: ProtectedForm<RegenerateForm>,
) -> AppResult<Response> {
    let mut loaded = load(&state, &user, year, source).await?;
    let fresh = loaded.fresh.clone();
    if form.confirm == "yes" {
        loaded.text.use_fresh(fresh);
    } else if let Regenerated::Conflict { .. } = loaded.text.regenerate(fresh) {
        let settings = settings_values(&loaded.settings);
        let text = text_values(&loaded).with_error(
            "confirm",
            "ข้อความนี้บันทึกไว้แล้ว ร่างใหม่จะแทนที่ข้อความที่บันทึกไว้ กรุณาติ๊กยืนยันถ้าต้องการแทนที่",
        );
        return Ok(render(&state, &user, &loaded, settings, text, None)
            .await?
            .into_response());
    }
    analysis::save(&state.app.store, user.actor(), &loaded).await?;
    Ok(Redirect::to(&format!(
        "{}?notice=saved",
        analysis_url(loaded.result.fiscal_year, loaded.result.source)
    ))
    .into_response())
}

async fn download(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((Year(year), source, format)): Path<(Year, ResultSource, String)>,
) -> AppResult<Response> {
    let loaded = load(&state, &user, year, source).await?;
    let agency = user.agency()?;
    let document = analysis::document(agency, &loaded, today_in_thailand());
    let format = DocumentFormat::from_code(&format)
        .filter(|f| *f != DocumentFormat::Csv)
        .ok_or(AppError::NotFound)?;
    let bytes = prongsai_docs::render(&state.app.renderer, &document, format)
        .await
        .map_err(|e| AppError::Internal(format!("render analysis: {e}")))?;
    let stem = format!(
        "analysis-{}-{}-{}",
        agency.code,
        loaded.result.fiscal_year,
        loaded.result.source.code()
    );
    Ok(attachment(RenderedDocument::new(bytes, &stem, format)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_split_on_blank_lines_and_join_wrapped_lines() {
        assert_eq!(
            paragraphs("หนึ่ง\r\nต่อ\r\n\r\n\r\nสอง  \n\n   \n"),
            vec!["หนึ่ง ต่อ".to_owned(), "สอง".to_owned()]
        );
        assert!(paragraphs(" \n\n ").is_empty());
    }

    #[test]
    fn settings_form_reads_each_rule_and_names_the_wrong_field() {
        let form = |rule: &str, pass: &str, n: &str, q: &str| SettingsForm {
            rule: rule.to_owned(),
            pass_mark: pass.to_owned(),
            n: n.to_owned(),
            lowest_questions: q.to_owned(),
        };
        let s = form("below_pass_mark", "๘๐", "", "5").parse().unwrap();
        assert_eq!(s.rule, WeaknessRule::BelowPassMark { pass_mark: 80.0 });
        let s = form("lowest_n", "", "3", "0").parse().unwrap();
        assert_eq!(s.rule, WeaknessRule::LowestN { n: 3 });
        assert_eq!(
            form("dropped", "", "", "x").parse().unwrap_err().0,
            "lowest_questions"
        );
        assert_eq!(
            form("below_pass_mark", "abc", "", "5")
                .parse()
                .unwrap_err()
                .0,
            "pass_mark"
        );
        assert_eq!(
            form("below_pass_mark", "120", "", "5")
                .parse()
                .unwrap_err()
                .0,
            "pass_mark"
        );
        assert_eq!(form("lowest_n", "", "0", "5").parse().unwrap_err().0, "n");
        assert_eq!(form("other", "", "", "5").parse().unwrap_err().0, "rule");
    }
}
