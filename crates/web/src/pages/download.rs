//! Document downloads: the `?format=` every download route takes and the response
//! that hands a rendered document over as an attachment.

use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use crate::error::{AppError, AppResult};
use prongsai_docs::{DocumentFormat, RenderedDocument};

/// `?format=pdf|docx|xlsx` of a download.
#[derive(Debug, Deserialize)]
pub(crate) struct DownloadQuery {
    #[serde(default)]
    format: Option<String>,
}

impl DownloadQuery {
    /// The format asked for (PDF when none); an unknown one is 404.
    pub(crate) fn format(&self) -> AppResult<DocumentFormat> {
        DocumentFormat::from_code(self.format.as_deref().unwrap_or("pdf")).ok_or(AppError::NotFound)
    }
}

/// A rendered document as a file download under its own (ASCII) name.
pub(crate) fn attachment(document: RenderedDocument) -> Response {
    (
        [
            (header::CONTENT_TYPE, document.content_type.to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{}\"", document.file_name),
            ),
        ],
        document.bytes,
    )
        .into_response()
}

/// `Content-Disposition` for a download: an ASCII fallback name and the real one
/// encoded as RFC 5987 says (`filename*=UTF-8''…`), which every browser reads.
pub(crate) fn file_disposition(file_name: &str) -> String {
    let fallback: String = file_name
        .chars()
        .map(|c| {
            if (c.is_ascii_graphic() && c != '"' && c != '\\') || c == ' ' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let mut encoded = String::new();
    for b in file_name.bytes() {
        if b.is_ascii_alphanumeric() || b"!#$&+-.^_`|~".contains(&b) {
            encoded.push(char::from(b));
        } else {
            encoded.push_str(&format!("%{b:02X}"));
        }
    }
    format!("attachment; filename=\"{fallback}\"; filename*=UTF-8''{encoded}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thai_names_are_encoded_for_the_download() {
        let value = file_disposition("รายงาน ผล.pdf");
        assert!(
            value.starts_with("attachment; filename=\"______ __.pdf\""),
            "{value}"
        );
        assert!(
            value.ends_with(
                "filename*=UTF-8''%E0%B8%A3%E0%B8%B2%E0%B8%A2%E0%B8%87%E0%B8%B2%E0%B8%99%20%E0%B8%9C%E0%B8%A5.pdf"
            ),
            "{value}"
        );
        assert_eq!(
            file_disposition("a\"b.pdf"),
            "attachment; filename=\"a_b.pdf\"; filename*=UTF-8''a%22b.pdf"
        );
    }
}
