//! The one error type of the crate.
//!
//! Messages are Thai first because they reach agency staff (an export button that
//! failed), with the technical detail after a colon for the log. They never carry
//! file-system paths or request data beyond what the template engine reported.

use thiserror::Error;

use crate::format::DocumentFormat;

/// Everything that can go wrong while producing a document.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum DocsError {
    /// A template asked for a font family that is not embedded; Typst would
    /// otherwise fall back silently to another font.
    #[error("แม่แบบเอกสารเรียกใช้ฟอนต์ที่ไม่มีในระบบ ({family}); ใช้ได้เฉพาะ Sarabun และ Noto Sans Symbols2")]
    UnknownFont {
        /// The family the template asked for.
        family: String,
    },
    /// The template failed to compile, or compiled with a warning (warnings are
    /// errors here: an official document must come out exactly as designed).
    #[error("สร้างเอกสาร PDF ไม่สำเร็จ: {details}")]
    Template {
        /// Typst's diagnostics, one per line, with template line numbers.
        details: String,
    },
    /// An embedded font file could not be read.
    #[error("อ่านไฟล์ฟอนต์ที่ฝังไว้ไม่ได้: {file}")]
    Font {
        /// The font's file name.
        file: &'static str,
    },
    /// The document data could not be turned into JSON for the template.
    #[error("แปลงข้อมูลเอกสารไม่สำเร็จ: {0}")]
    Data(#[from] serde_json::Error),
    /// Writing a DOCX file failed.
    #[error("สร้างไฟล์ Word (DOCX) ไม่สำเร็จ: {0}")]
    Docx(String),
    /// Writing an XLSX file failed.
    #[error("สร้างไฟล์ Excel (XLSX) ไม่สำเร็จ: {0}")]
    Xlsx(#[from] rust_xlsxwriter::XlsxError),
    /// The background worker that renders a PDF stopped before finishing.
    #[error("งานสร้างเอกสารหยุดก่อนเสร็จ: {0}")]
    Worker(String),
    /// The kind has no such format (the memo has no XLSX).
    #[error("เอกสารนี้ไม่มีรูปแบบ {}", format.label())]
    UnsupportedFormat {
        /// The format asked for.
        format: DocumentFormat,
    },
}

impl DocsError {
    /// The error of a kind asked for a format it does not have.
    #[must_use]
    pub fn unsupported(format: DocumentFormat) -> Self {
        Self::UnsupportedFormat { format }
    }
}
