//! One way to print any official document: each kind says what it can become
//! ([`OfficialDocument`]: the Typst template and data of its PDF, its DOCX,
//! XLSX and CSV builders where it has them) and [`render`] turns it into the
//! format asked for. A kind that lacks a format answers
//! [`DocsError::UnsupportedFormat`], so a web route or a command reports it
//! instead of failing.
//!
//! PDFs are compiled by the [`Renderer`] on tokio's blocking pool
//! ([`render`]) or on the calling thread ([`render_blocking`], for the
//! benchmarks and tests that run off the executor); the other formats are
//! quick and built where they are asked for.

use serde::Serialize;

use crate::error::DocsError;
use crate::renderer::{Renderer, Template};

/// The file format asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocumentFormat {
    Pdf,
    Docx,
    Xlsx,
    /// UTF-8 with a byte-order mark, for tables that open in Excel.
    Csv,
}

impl DocumentFormat {
    /// Parses "pdf", "docx", "xlsx" or "csv".
    #[must_use]
    pub fn from_code(code: &str) -> Option<Self> {
        [Self::Pdf, Self::Docx, Self::Xlsx, Self::Csv]
            .into_iter()
            .find(|format| format.extension() == code)
    }

    /// The file extension.
    #[must_use]
    pub fn extension(self) -> &'static str {
        match self {
            Self::Pdf => "pdf",
            Self::Docx => "docx",
            Self::Xlsx => "xlsx",
            Self::Csv => "csv",
        }
    }

    /// The name users know the format by: "PDF", "DOCX", "XLSX", "CSV".
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::Pdf => "PDF",
            Self::Docx => "DOCX",
            Self::Xlsx => "XLSX",
            Self::Csv => "CSV",
        }
    }

    /// The content type served with the file.
    #[must_use]
    pub fn content_type(self) -> &'static str {
        match self {
            Self::Pdf => "application/pdf",
            Self::Docx => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            Self::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            Self::Csv => "text/csv; charset=utf-8",
        }
    }
}

/// A finished file.
#[derive(Debug, Clone)]
pub struct RenderedDocument {
    pub bytes: Vec<u8>,
    /// ASCII file name, e.g. `annual-report-2568.pdf`.
    pub file_name: String,
    pub content_type: &'static str,
}

impl RenderedDocument {
    /// The bytes of a document in `format`, named `{file_stem}.{extension}`.
    #[must_use]
    pub fn new(bytes: Vec<u8>, file_stem: &str, format: DocumentFormat) -> Self {
        Self {
            bytes,
            file_name: format!("{file_stem}.{}", format.extension()),
            content_type: format.content_type(),
        }
    }
}

/// What a PDF is compiled from: the template, the data it reads as
/// `data.json`, the agency's logo (`/logo`) and further images (`/image-1`,
/// `/image-2`).
#[derive(Debug, Clone, PartialEq)]
pub struct TypstInput<'a> {
    pub template: Template,
    /// The JSON the template receives, fields in the order the contract
    /// declares them.
    pub data: serde_json::Value,
    pub logo: Option<&'a [u8]>,
    pub images: Vec<Vec<u8>>,
}

impl<'a> TypstInput<'a> {
    /// `data` for `template`, without images.
    ///
    /// # Errors
    /// [`DocsError::Data`] when the data cannot be written as JSON.
    pub fn new(template: Template, data: &impl Serialize) -> Result<Self, DocsError> {
        Ok(Self {
            template,
            data: serde_json::to_value(data)?,
            logo: None,
            images: Vec::new(),
        })
    }

    /// The same input with the agency's logo (PNG or JPEG bytes).
    #[must_use]
    pub fn with_logo(self, logo: Option<&'a [u8]>) -> Self {
        Self { logo, ..self }
    }

    /// The same input with images (SVG, PNG or JPEG bytes), read in order as
    /// `/image-1`, `/image-2`.
    #[must_use]
    pub fn with_images(self, images: Vec<Vec<u8>>) -> Self {
        Self { images, ..self }
    }
}

/// An official document kind: the formats it can be printed in. Every method
/// has a default that refuses its format, so a kind implements only what it
/// has.
pub trait OfficialDocument {
    /// The Typst template of its PDF and the data handed to it.
    ///
    /// # Errors
    /// [`DocsError::UnsupportedFormat`] for a kind without a PDF; data errors.
    fn typst_input(&self) -> Result<TypstInput<'_>, DocsError> {
        Err(DocsError::unsupported(DocumentFormat::Pdf))
    }

    /// The Word file, laid out like the PDF for agencies that edit before signing.
    ///
    /// # Errors
    /// [`DocsError::UnsupportedFormat`] for a kind without one; builder errors.
    fn docx(&self) -> Result<Vec<u8>, DocsError> {
        Err(DocsError::unsupported(DocumentFormat::Docx))
    }

    /// The Excel workbook of its tables.
    ///
    /// # Errors
    /// [`DocsError::UnsupportedFormat`] for a kind without one; builder errors.
    fn xlsx(&self) -> Result<Vec<u8>, DocsError> {
        Err(DocsError::unsupported(DocumentFormat::Xlsx))
    }

    /// The CSV of its table (UTF-8 with a byte-order mark).
    ///
    /// # Errors
    /// [`DocsError::UnsupportedFormat`] for a kind without one.
    fn csv(&self) -> Result<Vec<u8>, DocsError> {
        Err(DocsError::unsupported(DocumentFormat::Csv))
    }
}

/// The document in `format`, a PDF compiled on the renderer's blocking pool
/// after waiting for a free slot.
///
/// # Errors
/// [`DocsError::UnsupportedFormat`] when the kind has no such format;
/// template, data and builder errors.
pub async fn render<D>(
    renderer: &Renderer,
    document: &D,
    format: DocumentFormat,
) -> Result<Vec<u8>, DocsError>
where
    D: OfficialDocument + ?Sized,
{
    match format {
        DocumentFormat::Pdf => renderer.pdf(document.typst_input()?).await,
        other => office(document, other),
    }
}

/// [`render`] on the calling thread, for code already off the async executor
/// (benchmarks, tests); it does not take a slot of the concurrency limit.
///
/// # Errors
/// As [`render`].
pub fn render_blocking<D>(
    renderer: &Renderer,
    document: &D,
    format: DocumentFormat,
) -> Result<Vec<u8>, DocsError>
where
    D: OfficialDocument + ?Sized,
{
    match format {
        DocumentFormat::Pdf => renderer.pdf_blocking(document.typst_input()?),
        other => office(document, other),
    }
}

/// The formats built without Typst.
fn office<D>(document: &D, format: DocumentFormat) -> Result<Vec<u8>, DocsError>
where
    D: OfficialDocument + ?Sized,
{
    match format {
        DocumentFormat::Docx => document.docx(),
        DocumentFormat::Xlsx => document.xlsx(),
        DocumentFormat::Csv => document.csv(),
        DocumentFormat::Pdf => Err(DocsError::unsupported(format)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct DocxOnly;

    impl OfficialDocument for DocxOnly {
        fn docx(&self) -> Result<Vec<u8>, DocsError> {
            Ok(b"docx".to_vec())
        }
    }

    #[test]
    fn formats_read_back_from_their_codes() {
        for format in [
            DocumentFormat::Pdf,
            DocumentFormat::Docx,
            DocumentFormat::Xlsx,
            DocumentFormat::Csv,
        ] {
            assert_eq!(DocumentFormat::from_code(format.extension()), Some(format));
        }
        assert_eq!(DocumentFormat::from_code("odt"), None);
    }

    #[test]
    fn a_missing_format_is_a_typed_error() {
        let renderer = Renderer::with_max_concurrent(1).unwrap();
        assert_eq!(
            render_blocking(&renderer, &DocxOnly, DocumentFormat::Docx).unwrap(),
            b"docx"
        );
        for format in [
            DocumentFormat::Pdf,
            DocumentFormat::Xlsx,
            DocumentFormat::Csv,
        ] {
            let err = render_blocking(&renderer, &DocxOnly, format).unwrap_err();
            assert!(
                matches!(err, DocsError::UnsupportedFormat { format: f } if f == format),
                "{err}"
            );
            assert_eq!(
                err.to_string(),
                format!("เอกสารนี้ไม่มีรูปแบบ {}", format.label())
            );
        }
    }

    #[test]
    fn rendered_files_are_named_by_their_format() {
        let file = RenderedDocument::new(vec![1], "oit-2568", DocumentFormat::Xlsx);
        assert_eq!(file.file_name, "oit-2568.xlsx");
        assert_eq!(file.content_type, DocumentFormat::Xlsx.content_type());
    }
}
