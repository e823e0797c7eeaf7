//! CSRF protection for every state-changing form.
//!
//! Each session has its own random token; every form carries it in a hidden
//! `csrf_token` field. Handlers that change anything take [`ProtectedForm`] or
//! [`ProtectedMultipart`], which refuse the request before the handler runs when
//! the token is missing or wrong, so forgetting the check is not possible.

use std::collections::HashMap;
use std::pin::Pin;

use axum::body::{Body, HttpBody as _};
use axum::extract::{FromRequest, FromRequestParts, Multipart, Request};
use prongsai_core::field_limits::kind_of;
use prongsai_core::validation::ValidationErrors;
use serde::de::DeserializeOwned;

use super::session::CurrentUser;
use super::tokens::constant_time_eq;
use crate::error::AppError;
use crate::state::AppState;

/// Largest urlencoded form accepted (framework JSON pasted into a text area fits).
const FORM_LIMIT: usize = 2 * 1024 * 1024;

/// A urlencoded form from a logged-in user whose CSRF token matched, whose
/// typed fields all pass the table of limits and hold no control character
/// ([`ValidationErrors::of_typed_fields`]). A form that does not is refused with
/// a Thai page naming the field; forms that show such problems next to their
/// fields, keeping what was typed, take [`CheckedForm`] instead.
#[derive(Debug)]
pub(crate) struct ProtectedForm<T> {
    pub(crate) user: CurrentUser,
    pub(crate) form: T,
}

impl<T: DeserializeOwned + Send> FromRequest<AppState> for ProtectedForm<T> {
    type Rejection = AppError;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, AppError> {
        let CheckedForm {
            user,
            form,
            problems,
        } = CheckedForm::<T>::from_request(req, state).await?;
        match problems.0.first() {
            None => Ok(Self { user, form }),
            Some(problem) => Err(AppError::Unprocessable(format!(
                "ช่อง{} ของแบบฟอร์ม: {} ข้อมูลยังไม่ได้บันทึก \
                 กรุณากดย้อนกลับแล้วแก้ไขช่องนี้",
                kind_of(&problem.field).label_th(),
                problem.message
            ))),
        }
    }
}

/// A urlencoded form from a logged-in user whose CSRF token matched, with the
/// problems of its typed fields (control characters, over the table's length,
/// cut at the body limit) for the page to show next to each field. A body over
/// the limit is not refused: what came before the limit is kept, the field it
/// fell in is cut there and named, so the form comes back with everything that
/// fits (browsers send fields in form order, the CSRF token first).
#[derive(Debug)]
pub(crate) struct CheckedForm<T> {
    pub(crate) user: CurrentUser,
    pub(crate) form: T,
    pub(crate) problems: ValidationErrors,
}

impl<T: DeserializeOwned + Send> FromRequest<AppState> for CheckedForm<T> {
    type Rejection = AppError;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, AppError> {
        let (mut parts, body) = req.into_parts();
        let user = CurrentUser::from_request_parts(&mut parts, state).await?;
        let (kept, cut) = read_limited(body, FORM_LIMIT).await?;
        let (pairs, cut_field) = form_pairs(&kept, cut);
        let token = pairs
            .iter()
            .find(|(name, _)| name == "csrf_token")
            .map_or("", |(_, value)| value.as_str());
        if !constant_time_eq(token, &user.session.csrf_token) {
            return Err(AppError::Csrf);
        }
        let mut problems = ValidationErrors::new();
        if let Some(field) = cut_field {
            problems.add(field, CUT_TH);
        }
        problems.0.extend(
            ValidationErrors::of_typed_fields(
                pairs
                    .iter()
                    .filter(|(name, _)| name != "csrf_token")
                    .map(|(name, value)| (name.as_str(), value.as_str())),
            )
            .0,
        );
        let encoded = serde_urlencoded::to_string(&pairs)
            .map_err(|e| AppError::BadRequest(format!("form: {e}")))?;
        let form = serde_urlencoded::from_str(&encoded)
            .map_err(|e| AppError::BadRequest(format!("form: {e}")))?;
        Ok(Self {
            user,
            form,
            problems,
        })
    }
}

/// The message at the field a body over the limit was cut in.
const CUT_TH: &str = "ข้อความในช่องนี้ยาวเกินกว่าที่แบบฟอร์มส่งได้ (รวมทั้งแบบฟอร์มไม่เกิน 2 MB) \
     จึงเก็บไว้เฉพาะส่วนต้นที่รับได้ และช่องที่อยู่ถัดไปไม่ได้ส่งมา กรุณาย่อข้อความนี้แล้วบันทึกอีกครั้ง";

/// The fields of a urlencoded body as (name, value). When the body was `cut`,
/// its last field is incomplete: a half-sent escape or letter at its end is
/// dropped, a name without its value is dropped, and the field is returned
/// as the one that was cut.
fn form_pairs(body: &[u8], cut: bool) -> (Vec<(String, String)>, Option<String>) {
    let mut body = body;
    if cut {
        if let Some(at) = body.iter().rposition(|&b| b == b'%')
            && body.len() - at < 3
        {
            body = &body[..at];
        }
        let last = body.iter().rposition(|&b| b == b'&').map_or(0, |at| at + 1);
        if !body[last..].contains(&b'=') {
            body = &body[..last.saturating_sub(1)];
        }
    }
    // Decoding never fails: bytes that are not UTF-8 become U+FFFD.
    let mut pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(body).unwrap_or_default();
    let cut_field = if cut {
        pairs.last_mut().map(|(name, value)| {
            let whole = value.trim_end_matches('\u{FFFD}').len();
            value.truncate(whole);
            name.clone()
        })
    } else {
        None
    };
    (pairs, cut_field)
}

/// One field of a multipart form.
#[derive(Debug, Clone)]
pub(crate) struct Part {
    pub(crate) file_name: Option<String>,
    pub(crate) bytes: Vec<u8>,
}

impl Part {
    /// The field as text (lossy for bad UTF-8, which the handler then rejects).
    pub(crate) fn text(&self) -> String {
        String::from_utf8_lossy(&self.bytes).into_owned()
    }
}

/// A multipart form (file upload) from a logged-in user whose CSRF token matched.
/// Its routes name the user through a role extractor ([`super::Admin`]).
#[derive(Debug)]
pub(crate) struct ProtectedMultipart {
    pub(crate) parts: HashMap<String, Part>,
}

impl FromRequest<AppState> for ProtectedMultipart {
    type Rejection = AppError;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, AppError> {
        let (mut head, body) = req.into_parts();
        let user = CurrentUser::from_request_parts(&mut head, state).await?;
        let req = Request::from_parts(head, body);
        let mut multipart = Multipart::from_request(req, state)
            .await
            .map_err(|e| AppError::BadRequest(format!("multipart: {e}")))?;
        let mut parts = HashMap::new();
        let mut total = 0usize;
        while let Some(field) = multipart
            .next_field()
            .await
            .map_err(|e| AppError::BadRequest(format!("multipart: {e}")))?
        {
            let name = field.name().unwrap_or_default().to_owned();
            let file_name = field.file_name().map(str::to_owned);
            let bytes = field
                .bytes()
                .await
                .map_err(|e| AppError::BadRequest(format!("multipart: {e}")))?;
            total += bytes.len();
            if total > FORM_LIMIT {
                return Err(AppError::BadRequest("upload too large".to_owned()));
            }
            parts.insert(
                name,
                Part {
                    file_name,
                    bytes: bytes.to_vec(),
                },
            );
        }
        let token = parts.get("csrf_token").map(Part::text).unwrap_or_default();
        if !constant_time_eq(&token, &user.session.csrf_token) {
            return Err(AppError::Csrf);
        }
        Ok(Self { parts })
    }
}

/// A multipart form with a file input, from a logged-in user whose CSRF token
/// matched. Unlike [`ProtectedMultipart`], a request over the limits does not
/// fail: a file over `file_limit` is dropped and named in `oversized`, and a body
/// over `body_limit` is cut there (`cut`), keeping the fields sent before it. The
/// page can then answer with the form, what was typed and a message at the file
/// (forms put their file input last; browsers send fields in form order).
///
/// The body is read frame by frame and only the first `body_limit` bytes are
/// kept; what follows is read and dropped up to a bound, so that a browser still
/// receives the answer instead of a reset connection.
#[derive(Debug)]
pub(crate) struct ProtectedUpload {
    pub(crate) user: CurrentUser,
    pub(crate) parts: HashMap<String, Part>,
    pub(crate) oversized: Vec<String>,
    pub(crate) cut: bool,
}

/// How far past the body limit an upload is still read (and dropped).
const DRAIN_FACTOR: usize = 4;

/// The first `limit` bytes of a body, and whether there was more.
async fn read_limited(mut body: Body, limit: usize) -> Result<(Vec<u8>, bool), AppError> {
    let mut kept = Vec::new();
    let mut seen = 0usize;
    while let Some(frame) = std::future::poll_fn(|cx| Pin::new(&mut body).poll_frame(cx)).await {
        let frame = frame.map_err(|e| AppError::BadRequest(format!("body: {e}")))?;
        let Ok(data) = frame.into_data() else {
            continue;
        };
        seen = seen.saturating_add(data.len());
        let room = limit.saturating_sub(kept.len()).min(data.len());
        kept.extend_from_slice(&data[..room]);
        if seen > limit.saturating_mul(DRAIN_FACTOR) {
            break;
        }
    }
    Ok((kept, seen > limit))
}

impl ProtectedUpload {
    /// Reads the request: files may hold up to `file_limit` bytes, the whole body
    /// `body_limit` (the route's `DefaultBodyLimit`), text fields the form limit.
    pub(crate) async fn read(
        req: Request,
        state: &AppState,
        file_limit: usize,
        body_limit: usize,
    ) -> Result<Self, AppError> {
        let (mut head, body) = req.into_parts();
        let user = CurrentUser::from_request_parts(&mut head, state).await?;
        let (kept, cut) = read_limited(body, body_limit).await?;
        let req = Request::from_parts(head, Body::from(kept));
        let mut multipart = Multipart::from_request(req, state)
            .await
            .map_err(|e| AppError::BadRequest(format!("multipart: {e}")))?;
        let mut parts = HashMap::new();
        let mut oversized = Vec::new();
        let mut text_total = 0usize;
        loop {
            let mut field = match multipart.next_field().await {
                Ok(Some(field)) => field,
                Ok(None) => break,
                Err(_) if cut => break,
                Err(e) => return Err(AppError::BadRequest(format!("multipart: {e}"))),
            };
            let name = field.name().unwrap_or_default().to_owned();
            let file_name = field.file_name().map(str::to_owned);
            let limit = if file_name.is_some() {
                file_limit
            } else {
                FORM_LIMIT
            };
            let mut bytes = Vec::new();
            let mut over = false;
            let mut ended = true;
            loop {
                match field.chunk().await {
                    Ok(Some(_)) if over => {}
                    Ok(Some(chunk)) if bytes.len() + chunk.len() > limit => {
                        over = true;
                        bytes = Vec::new();
                    }
                    Ok(Some(chunk)) => bytes.extend_from_slice(&chunk),
                    Ok(None) => break,
                    Err(_) if cut => {
                        ended = false;
                        break;
                    }
                    Err(e) => return Err(AppError::BadRequest(format!("multipart: {e}"))),
                }
            }
            match (file_name.is_some(), over || !ended) {
                (true, true) => oversized.push(name),
                (false, true) => {
                    return Err(AppError::BadRequest("form field too large".to_owned()));
                }
                (is_file, false) => {
                    if !is_file {
                        text_total += bytes.len();
                        if text_total > FORM_LIMIT {
                            return Err(AppError::BadRequest("form too large".to_owned()));
                        }
                    }
                    parts.insert(name, Part { file_name, bytes });
                }
            }
            if !ended {
                break;
            }
        }
        let token = parts.get("csrf_token").map(Part::text).unwrap_or_default();
        if !constant_time_eq(&token, &user.session.csrf_token) {
            return Err(AppError::Csrf);
        }
        Ok(Self {
            user,
            parts,
            oversized,
            cut,
        })
    }
}
