//! The public survey form (`/p/{agency}/surveys/{token}`): a respondent opens
//! the link or scans the QR code, answers on a phone, and is thanked.
//!
//! Answers are anonymous by construction. The handler reads the form and one
//! cookie and nothing else of the request: no address, no user agent, no
//! referrer, and it logs nothing. The stored row holds the answers, Thailand's
//! date (no time of day) and at most a one-way hash of the device cookie, which
//! only serves to refuse a second answer sheet from the same phone: the hash
//! mixes in the survey's id, so the same phone cannot be followed from one survey
//! to another.
//!
//! The cookie is set when the form is shown. A browser that keeps no cookies
//! still answers (its row has no hash); nothing else is asked of it.

use std::collections::BTreeMap;

use axum::Router;
use axum::extract::{DefaultBodyLimit, Path, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::Response;
use axum::routing::get;
use prongsai_core::model::SurveyResponseId;
use prongsai_core::surveys::{AskedQuestion, Scale, SurveyResponse, parse_answers};
use prongsai_core::thai::calendar::today_in_thailand;
use prongsai_core::validation::ValidationErrors;
use prongsai_store::ResponseOutcome;
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::form::{foreign_origin, from_our_pages};
use super::submit::{new_token, private_page};
use super::{PublicAgency, PublicError, PublicResult, agency_by_code};
use crate::error::AppError;
use crate::forms::FormState;
use crate::state::AppState;
use prongsai_app::intake::{LoadedSurvey, SurveyLookup};

/// The largest answer sheet taken: forty comments at their limit, each Thai
/// letter percent-encoded to nine bytes, fit with room to spare.
const BODY_LIMIT: usize = 1024 * 1024;

/// The device cookie; its path keeps it to the public pages.
const DEVICE_COOKIE: &str = "prongsai_device";

/// A year, in seconds.
const DEVICE_COOKIE_AGE: u64 = 365 * 24 * 60 * 60;

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/p/{code}/surveys/{token}", get(show).post(answer))
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
}

/// The survey of an address, or the public 404 (the same whether the agency or
/// the token is wrong), or the closed page.
async fn open_survey(
    state: &AppState,
    code: &str,
    token: &str,
) -> PublicResult<std::sync::Arc<LoadedSurvey>> {
    let loaded = match state.app.survey_intake.lookup(code, token).await? {
        SurveyLookup::Found(loaded) => loaded,
        SurveyLookup::NoSurvey(agency) => return Err(PublicError::not_found(&agency)),
        SurveyLookup::NoAgency => {
            let agency = agency_by_code(state, code).await?;
            return Err(PublicError::not_found(&agency));
        }
    };
    if !loaded.survey.accepts_answers(today_in_thailand()) {
        return Err(PublicError::Page {
            status: StatusCode::GONE,
            title: "แบบสำรวจนี้ปิดรับคำตอบแล้ว".to_owned(),
            detail:
                "ขอบคุณที่สละเวลาเข้ามาตอบ แบบสำรวจนี้ไม่รับคำตอบเพิ่มแล้ว หากมีข้อเสนอแนะ กรุณาติดต่อหน่วยงานโดยตรง"
                    .to_owned(),
            agency: Some(PublicAgency::new(&loaded.agency)),
        });
    }
    Ok(loaded)
}

async fn show(
    State(state): State<AppState>,
    Path((code, token)): Path<(String, String)>,
    headers: HeaderMap,
) -> PublicResult<Response> {
    let loaded = open_survey(&state, &code, &token).await?;
    let mut response = form_page(&state, &loaded, &FormState::default(), StatusCode::OK)?;
    if device_token(&headers).is_none() {
        let secure = if state.config.secure_cookies {
            "; Secure"
        } else {
            ""
        };
        let cookie = format!(
            "{DEVICE_COOKIE}={}; Path=/p/; HttpOnly; SameSite=Lax; Max-Age={DEVICE_COOKIE_AGE}{secure}",
            new_token()
        );
        response.headers_mut().insert(
            header::SET_COOKIE,
            HeaderValue::from_str(&cookie).expect("a cookie of base64url characters"),
        );
    }
    Ok(response)
}

async fn answer(
    State(state): State<AppState>,
    Path((code, token)): Path<(String, String)>,
    req: Request,
) -> PublicResult<Response> {
    if !from_our_pages(&state, req.headers()) {
        return Err(foreign_origin());
    }
    let loaded = open_survey(&state, &code, &token).await?;
    let device = device_token(req.headers());
    let fields = read_fields(req).await?;
    let mut values = BTreeMap::new();
    let mut errors = unknown_sub_items(&loaded.questions, &fields);
    for (name, value) in fields {
        if is_field(&loaded.questions, &name) {
            values.entry(name).or_insert(value);
        }
    }
    let answers = match (parse_answers(&loaded.questions, &values), errors.is_empty()) {
        (Ok(answers), true) => answers,
        (parsed, _) => {
            if let Err(more) = parsed {
                errors.0.extend(more.0);
            }
            let form = FormState {
                values,
                errors: BTreeMap::new(),
            }
            .with_errors(&errors);
            return form_page(&state, &loaded, &form, StatusCode::UNPROCESSABLE_ENTITY);
        }
    };
    let survey = &loaded.survey;
    let response = SurveyResponse {
        id: SurveyResponseId::new(),
        survey_id: survey.id,
        agency_id: survey.agency_id,
        submitted_on: today_in_thailand(),
        answers,
        device_hash: device.map(|device| {
            let mut hash = Sha256::new();
            hash.update(survey.id.0.as_bytes());
            hash.update(device.as_bytes());
            hex::encode(hash.finalize())
        }),
    };
    let outcome = state.app.survey_intake.submit(response).await?;
    let (status, already) = match outcome {
        ResponseOutcome::Stored => (StatusCode::OK, false),
        ResponseOutcome::Duplicate => (StatusCode::CONFLICT, true),
    };
    let page = DonePage {
        agency: PublicAgency::new(&loaded.agency),
        title: &survey.title,
        already,
    };
    let html = state.templates.render("public_survey_done.html", &page)?;
    Ok(private_page(status, html))
}

/// The device token of the request's cookie, when it looks like one we set.
fn device_token(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == DEVICE_COOKIE)
        .map(|(_, value)| value.to_owned())
        .filter(|value| {
            (16..=64).contains(&value.len())
                && value
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        })
}

/// The posted fields in order, repeated names included.
async fn read_fields(req: Request) -> PublicResult<Vec<(String, String)>> {
    let content_type = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_ascii_lowercase();
    if !content_type.starts_with("application/x-www-form-urlencoded") {
        return Err(AppError::BadRequest(format!("survey form of type {content_type:?}")).into());
    }
    let bytes = axum::body::to_bytes(req.into_body(), BODY_LIMIT)
        .await
        .map_err(|e| AppError::BadRequest(format!("survey form: {e}")))?;
    serde_urlencoded::from_bytes(&bytes)
        .map_err(|e| AppError::BadRequest(format!("survey form: {e}")).into())
}

/// Whether `name` is a field the questions ask: a code, or `code.N` of a
/// question with at least N sub-items.
fn is_field(questions: &[AskedQuestion], name: &str) -> bool {
    questions.iter().any(|q| match name.split_once('.') {
        None => q.code == name && q.sub_items.is_empty(),
        Some((code, n)) => {
            q.code == code
                && n.parse::<usize>()
                    .is_ok_and(|n| (1..=q.sub_items.len()).contains(&n))
        }
    })
}

/// A message at the question for each `code.N` that names a sub-item the
/// question does not have: a forged or outdated form, refused rather than
/// silently dropped.
fn unknown_sub_items(questions: &[AskedQuestion], fields: &[(String, String)]) -> ValidationErrors {
    let mut errors = ValidationErrors::new();
    for (name, _) in fields {
        if let Some((code, _)) = name.split_once('.')
            && questions.iter().any(|q| q.code == code)
            && !is_field(questions, name)
            && errors.get(code).is_none()
        {
            errors.add(
                code,
                "คำตอบที่ส่งมามีข้อย่อยที่ไม่มีในข้อนี้ กรุณาโหลดแบบสำรวจใหม่แล้วตอบอีกครั้ง",
            );
        }
    }
    errors
}

#[derive(Debug, Serialize)]
struct FormPage<'a> {
    agency: PublicAgency,
    title: &'a str,
    kind_label: &'static str,
    action: String,
    questions: Vec<QuestionView<'a>>,
    /// (anchor, message) for the summary at the top, in question order.
    errors_in_order: Vec<(String, String)>,
}

/// One question as the form shows it.
#[derive(Debug, Serialize)]
struct QuestionView<'a> {
    code: &'a str,
    number: usize,
    text: &'a str,
    required: bool,
    /// `Some` for free text: what was typed.
    typed: Option<String>,
    /// One radio group, or one per sub-item.
    groups: Vec<GroupView<'a>>,
    /// A message about the question as a whole.
    error: Option<String>,
    /// Whether any message is shown in the question.
    has_error: bool,
}

/// One radio group: a field and its choices.
#[derive(Debug, Serialize)]
struct GroupView<'a> {
    field: String,
    /// The sub-item's text; `None` when the question is answered as a whole.
    label: Option<&'a str>,
    choices: Vec<ChoiceView>,
    error: Option<String>,
}

#[derive(Debug, Serialize)]
struct ChoiceView {
    value: &'static str,
    label: &'static str,
    checked: bool,
}

fn question_view<'a>(
    number: usize,
    question: &'a AskedQuestion,
    form: &FormState,
) -> QuestionView<'a> {
    let group = |field: String, label: Option<&'a str>| {
        let chosen = form.values.get(&field);
        GroupView {
            choices: question
                .scale
                .choices()
                .iter()
                .map(|(value, label)| ChoiceView {
                    value,
                    label,
                    checked: chosen.is_some_and(|c| c == value),
                })
                .collect(),
            error: form.errors.get(&field).cloned(),
            field,
            label,
        }
    };
    let (typed, groups, error) = if question.scale == Scale::Text {
        (
            Some(form.values.get(&question.code).cloned().unwrap_or_default()),
            Vec::new(),
            form.errors.get(&question.code).cloned(),
        )
    } else if question.sub_items.is_empty() {
        (None, vec![group(question.code.clone(), None)], None)
    } else {
        let groups = question
            .sub_items
            .iter()
            .enumerate()
            .map(|(i, text)| group(format!("{}.{}", question.code, i + 1), Some(text.as_str())))
            .collect();
        (None, groups, form.errors.get(&question.code).cloned())
    };
    QuestionView {
        code: &question.code,
        number,
        text: &question.text_th,
        required: question.required,
        typed,
        has_error: error.is_some() || groups.iter().any(|g| g.error.is_some()),
        groups,
        error,
    }
}

fn form_page(
    state: &AppState,
    loaded: &LoadedSurvey,
    form: &FormState,
    status: StatusCode,
) -> PublicResult<Response> {
    let questions: Vec<QuestionView<'_>> = loaded
        .questions
        .iter()
        .enumerate()
        .map(|(i, q)| question_view(i + 1, q, form))
        .collect();
    let errors_in_order = questions
        .iter()
        .flat_map(|q| {
            let whole = q
                .error
                .iter()
                .map(|m| (format!("q-{}", q.code), format!("ข้อ {}: {m}", q.number)));
            let parts = q.groups.iter().filter_map(|g| {
                g.error
                    .as_ref()
                    .map(|m| (format!("f-{}", g.field), format!("ข้อ {}: {m}", q.number)))
            });
            whole.chain(parts).collect::<Vec<_>>()
        })
        .collect();
    let page = FormPage {
        agency: PublicAgency::new(&loaded.agency),
        title: &loaded.survey.title,
        kind_label: loaded.survey.kind.label_th(),
        action: format!(
            "/p/{}/surveys/{}",
            loaded.agency.code, loaded.survey.public_token
        ),
        questions,
        errors_in_order,
    };
    let html = state.templates.render("public_survey.html", &page)?;
    Ok(private_page(status, html))
}

#[derive(Debug, Serialize)]
struct DonePage<'a> {
    agency: PublicAgency,
    title: &'a str,
    /// This device had answered before; nothing was stored.
    already: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn question(code: &str, sub_items: usize) -> AskedQuestion {
        AskedQuestion {
            code: code.to_owned(),
            text_th: "ข้อคำถาม".to_owned(),
            indicator: Some(1),
            scale: Scale::FourLevel,
            sub_items: (0..sub_items).map(|i| format!("ข้อย่อย {i}")).collect(),
            required: true,
        }
    }

    #[test]
    fn fields_are_codes_and_existing_sub_items() {
        let questions = [question("i1", 0), question("i4", 3)];
        assert!(is_field(&questions, "i1"));
        assert!(is_field(&questions, "i4.3"));
        assert!(!is_field(&questions, "i4"));
        assert!(!is_field(&questions, "i4.4"));
        assert!(!is_field(&questions, "i4.0"));
        assert!(!is_field(&questions, "i1.1"));
        assert!(!is_field(&questions, "submit"));
        let fields = vec![
            ("i4.4".to_owned(), "2".to_owned()),
            ("i4.9".to_owned(), "2".to_owned()),
            ("x.1".to_owned(), "2".to_owned()),
        ];
        let errors = unknown_sub_items(&questions, &fields);
        assert_eq!(
            errors.0.len(),
            1,
            "one message per question, unknown codes ignored"
        );
        assert!(errors.get("i4").is_some());
    }

    #[test]
    fn the_device_cookie_is_read_only_when_it_looks_like_ours() {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::COOKIE,
            HeaderValue::from_static("a=1; prongsai_device=AAAAAAAAAAAAAAAAAAAAAA; b=2"),
        );
        assert_eq!(
            device_token(&headers).as_deref(),
            Some("AAAAAAAAAAAAAAAAAAAAAA")
        );
        headers.insert(
            header::COOKIE,
            HeaderValue::from_static("prongsai_device=<script>"),
        );
        assert_eq!(device_token(&headers), None);
        assert_eq!(device_token(&HeaderMap::new()), None);
    }
}
