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

use crate::error::DocsError;
use crate::format::DocumentFormat;
use crate::renderer::{Renderer, TypstInput};

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
}
