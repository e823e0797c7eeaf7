//! The formats a document is printed in and the finished file, named and typed
//! for a download. Apart from [`crate::document`] so that the error type can
//! name a format without importing the documents.

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

#[cfg(test)]
mod tests {
    use super::*;

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
    fn rendered_files_are_named_by_their_format() {
        let file = RenderedDocument::new(vec![1], "oit-2568", DocumentFormat::Xlsx);
        assert_eq!(file.file_name, "oit-2568.xlsx");
        assert_eq!(file.content_type, DocumentFormat::Xlsx.content_type());
    }
}
