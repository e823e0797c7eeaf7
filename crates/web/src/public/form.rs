//! Reading what a citizen's browser posts to the public forms.
//!
//! The forms are sent as `multipart/form-data` (they carry files); a client
//! without files may send `application/x-www-form-urlencoded` (the load benchmark
//! does). Both become one [`PublicForm`]: the named text fields, the files, and
//! what went over the limits, so the handler can answer with the form, what was
//! typed and a Thai message instead of a bare 413. Only the fields the handler
//! names are kept; anything else is read and dropped.
//!
//! These forms have no session and so no CSRF token. What stands in for it is the
//! browser's word on where the form came from: a POST whose `Origin` names another
//! host, or whose `Sec-Fetch-Site` says another site, is refused. An `Origin` of
//! `null` is accepted, because browsers send exactly that for a form on a page with
//! `Referrer-Policy: no-referrer`, which every public page has.
//!
//! Nothing here looks at or keeps the client's address, user agent or referrer.

use std::collections::HashMap;

use axum::extract::multipart::Field;
use axum::extract::{FromRequest, Multipart, Request};
use axum::http::{HeaderMap, StatusCode, header};
use prongsai_core::complaints::{MAX_CASE_FILE_BYTES, MAX_CASE_FILES};
use prongsai_core::field_limits::max_chars;
use prongsai_core::validation::ValidationErrors;

use super::{PublicError, PublicResult};
use crate::error::AppError;
use crate::state::AppState;

/// The largest request body a form with files takes: the files at their limit
/// plus one more file's worth, so that a file a little over the limit is still
/// read through and named in the answer rather than cutting the request.
pub(crate) const BODY_LIMIT: usize = (MAX_CASE_FILES + 1) * MAX_CASE_FILE_BYTES + TEXT_LIMIT * 16;

/// The most bytes kept of one text field: far above every field's limit in
/// characters (a Thai letter takes three bytes), so an over-long text still
/// reaches validation and gets its "too long" message.
const TEXT_LIMIT: usize = 64 * 1024;

/// The largest urlencoded body (text only).
const URLENCODED_LIMIT: usize = 256 * 1024;

/// One attached file as sent.
#[derive(Debug, Clone)]
pub(crate) struct Upload {
    pub(crate) file_name: String,
    pub(crate) bytes: Vec<u8>,
}

/// A public form as posted.
#[derive(Debug, Default)]
pub(crate) struct PublicForm {
    fields: HashMap<String, String>,
    /// The files chosen (empty file inputs are left out), at most
    /// [`MAX_CASE_FILES`] of them.
    pub(crate) files: Vec<Upload>,
    /// Files over [`MAX_CASE_FILE_BYTES`]: their names, bytes dropped.
    pub(crate) oversized: Vec<String>,
    /// Files beyond [`MAX_CASE_FILES`], dropped.
    pub(crate) extra_files: usize,
    /// The body went over [`BODY_LIMIT`]; what came before is kept.
    pub(crate) cut: bool,
    /// Text fields over [`TEXT_LIMIT`], kept as far as the limit.
    long_texts: Vec<String>,
}

impl PublicForm {
    /// Reads the body of `req`, keeping the text fields named in `text_fields`
    /// and the files of the input `file_field`.
    ///
    /// # Errors
    /// A malformed body, a body of another type, or a urlencoded body over its
    /// limit.
    pub(crate) async fn read(
        req: Request,
        text_fields: &[&str],
        file_field: &str,
    ) -> PublicResult<Self> {
        let content_type = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_ascii_lowercase();
        if content_type.starts_with("multipart/form-data") {
            Self::read_multipart(req, text_fields, file_field).await
        } else if content_type.starts_with("application/x-www-form-urlencoded") {
            Self::read_urlencoded(req, text_fields).await
        } else {
            Err(AppError::BadRequest(format!("public form of type {content_type:?}")).into())
        }
    }

    async fn read_urlencoded(req: Request, text_fields: &[&str]) -> PublicResult<Self> {
        let bytes = axum::body::to_bytes(req.into_body(), URLENCODED_LIMIT)
            .await
            .map_err(|_| PublicError::Page {
                status: StatusCode::PAYLOAD_TOO_LARGE,
                title: "ข้อมูลยาวเกินไป".to_owned(),
                detail: "ข้อความที่ส่งมายาวเกินกว่าที่แบบฟอร์มรับได้ กรุณากลับไปย่อข้อความแล้วส่งอีกครั้ง".to_owned(),
                agency: None,
            })?;
        let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(&bytes)
            .map_err(|e| AppError::BadRequest(format!("public form: {e}")))?;
        let mut form = Self::default();
        for (name, value) in pairs {
            if text_fields.contains(&name.as_str()) {
                form.fields.entry(name).or_insert(value);
            }
        }
        Ok(form)
    }

    async fn read_multipart(
        req: Request,
        text_fields: &[&str],
        file_field: &str,
    ) -> PublicResult<Self> {
        let mut multipart = Multipart::from_request(req, &())
            .await
            .map_err(|e| bad_form(&e))?;
        let mut form = Self::default();
        loop {
            let mut field = match multipart.next_field().await {
                Ok(Some(field)) => field,
                Ok(None) => break,
                Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                    form.cut = true;
                    break;
                }
                Err(e) => return Err(bad_form(&e).into()),
            };
            let name = field.name().unwrap_or_default().to_owned();
            let file_name = field.file_name().map(str::to_owned);
            let wanted = if file_name.is_some() {
                name == file_field
            } else {
                text_fields.contains(&name.as_str())
            };
            let limit = if file_name.is_some() {
                MAX_CASE_FILE_BYTES
            } else {
                TEXT_LIMIT
            };
            let part = read_part(&mut field, wanted, limit).await?;
            if part.cut {
                form.cut = true;
                // A field cut short is incomplete: a file is dropped, a text kept
                // as far as it came and named as too long.
                if file_name.is_none() && wanted {
                    form.long_texts.push(name.clone());
                    form.keep_text(name, &part.bytes);
                }
                break;
            }
            match file_name {
                Some(_) if !wanted => {}
                // A file input left empty is sent as a part without name or bytes.
                Some(file_name) if file_name.is_empty() && part.bytes.is_empty() => {}
                Some(file_name) if part.over => form.oversized.push(file_name),
                Some(_) if form.files.len() >= MAX_CASE_FILES => form.extra_files += 1,
                Some(file_name) => form.files.push(Upload {
                    file_name,
                    bytes: part.bytes,
                }),
                None if wanted => {
                    if part.over {
                        form.long_texts.push(name.clone());
                    }
                    form.keep_text(name, &part.bytes);
                }
                None => {}
            }
        }
        Ok(form)
    }

    /// Keeps the first value of a text field.
    fn keep_text(&mut self, name: String, bytes: &[u8]) {
        self.fields
            .entry(name)
            .or_insert_with(|| String::from_utf8_lossy(bytes).into_owned());
    }

    /// A text field as typed, or "" when it was not sent.
    pub(crate) fn text(&self, name: &str) -> String {
        self.fields.get(name).cloned().unwrap_or_default()
    }

    /// The text fields that were longer than the form reads, each with a Thai
    /// message: such a text is refused, never cut and kept in silence.
    pub(crate) fn text_problems(&self) -> ValidationErrors {
        let mut problems = ValidationErrors::new();
        for name in &self.long_texts {
            problems.add(
                name.as_str(),
                format!(
                    "ข้อความในช่องนี้ยาวเกินกว่าที่แบบฟอร์มรับได้มาก จึงแสดงไว้เฉพาะส่วนต้น \
                     ใส่ได้ไม่เกิน {} ตัวอักษร กรุณาย่อข้อความแล้วส่งอีกครั้ง",
                    max_chars(name)
                ),
            );
        }
        problems
    }

    /// Whether a checkbox was ticked.
    pub(crate) fn checked(&self, name: &str) -> bool {
        self.fields.get(name).is_some_and(|v| !v.is_empty())
    }

    /// The message for the file input when files went over a limit, if any.
    pub(crate) fn files_problem(&self) -> Option<String> {
        if self.cut {
            return Some(format!(
                "ไฟล์แนบรวมกันมีขนาดใหญ่เกินไป แนบได้ไม่เกิน {MAX_CASE_FILES} ไฟล์ ไฟล์ละไม่เกิน {} MB",
                MAX_CASE_FILE_BYTES / (1024 * 1024)
            ));
        }
        if let Some(name) = self.oversized.first() {
            return Some(format!(
                "ไฟล์ \"{name}\" มีขนาดใหญ่เกิน {} MB",
                MAX_CASE_FILE_BYTES / (1024 * 1024)
            ));
        }
        (self.extra_files > 0).then(|| format!("แนบไฟล์ได้ไม่เกิน {MAX_CASE_FILES} ไฟล์"))
    }
}

/// Whether a POST may have come from one of our own pages: refused when the
/// browser says it came from another site (`Sec-Fetch-Site`) or names another
/// origin than this server (the request's host, or `public_base_url` when one is
/// configured, for a server behind a proxy that rewrites `Host`).
pub(crate) fn from_our_pages(state: &AppState, headers: &HeaderMap) -> bool {
    let fetch_site = headers
        .get("sec-fetch-site")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    if matches!(fetch_site, "cross-site" | "same-site") {
        return false;
    }
    let Some(origin) = headers.get(header::ORIGIN) else {
        return true;
    };
    let Ok(origin) = origin.to_str() else {
        return false;
    };
    if origin == "null" {
        return true;
    }
    let Some((_, origin_host)) = origin.split_once("://") else {
        return false;
    };
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok());
    let configured = state
        .app
        .settings
        .public_base_url
        .as_deref()
        .and_then(|base| base.split_once("://"))
        .map(|(_, rest)| rest.split('/').next().unwrap_or_default());
    [host, configured]
        .into_iter()
        .flatten()
        .any(|h| !h.is_empty() && h.eq_ignore_ascii_case(origin_host))
}

/// The refusal of a POST from another site.
pub(crate) fn foreign_origin() -> PublicError {
    PublicError::Page {
        status: StatusCode::FORBIDDEN,
        title: "ส่งแบบฟอร์มจากเว็บไซต์อื่นไม่ได้".to_owned(),
        detail: "แบบฟอร์มนี้ต้องส่งจากหน้าเว็บของหน่วยงานเท่านั้น กรุณาเปิดแบบฟอร์มจากหน้าเว็บของหน่วยงานแล้วส่งอีกครั้ง"
            .to_owned(),
        agency: None,
    }
}

/// A multipart body the browser did not send as our forms do.
fn bad_form(e: &dyn std::fmt::Display) -> AppError {
    AppError::BadRequest(format!("public form: {e}"))
}

/// One part of a multipart body as read.
#[derive(Debug, Default)]
struct ReadPart {
    /// At most the limit's bytes (none when the part is not wanted).
    bytes: Vec<u8>,
    /// The part went over its limit.
    over: bool,
    /// The body went over the request's limit inside this part.
    cut: bool,
}

/// Reads one part, keeping at most `limit` bytes of a wanted one.
async fn read_part(field: &mut Field<'_>, wanted: bool, limit: usize) -> PublicResult<ReadPart> {
    let mut part = ReadPart::default();
    loop {
        match field.chunk().await {
            Ok(Some(chunk)) => {
                if !wanted || part.over {
                    continue;
                }
                if part.bytes.len() + chunk.len() > limit {
                    part.over = true;
                    let room = limit - part.bytes.len();
                    part.bytes.extend_from_slice(&chunk[..room]);
                } else {
                    part.bytes.extend_from_slice(&chunk);
                }
            }
            Ok(None) => return Ok(part),
            Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                part.cut = true;
                return Ok(part);
            }
            Err(e) => return Err(bad_form(&e).into()),
        }
    }
}
