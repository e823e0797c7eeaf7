//! What counts as evidence of progress: an http(s) link (checked by
//! [`crate::web_link::check_link`]), or an uploaded file that
//! really is a PDF, an image or an Office document. A file's type is decided by
//! its first bytes, never by its name or the browser's claim, so a renamed
//! executable cannot be stored as "evidence.pdf" and served back to colleagues.

use serde::{Deserialize, Serialize};

/// The largest evidence file accepted: 20 MB. Scans of signed documents run to a
/// few megabytes; a 200 MB upload is refused before it is stored.
pub const MAX_EVIDENCE_BYTES: u64 = 20 * 1024 * 1024;

/// The kinds of evidence file accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EvidenceKind {
    Pdf,
    Png,
    Jpeg,
    /// DOCX, XLSX or PPTX (a ZIP container with an Office part).
    OfficeOpenXml,
    /// DOC, XLS or PPT (an OLE compound file).
    OfficeLegacy,
}

impl EvidenceKind {
    /// The content type served with the file.
    #[must_use]
    pub fn content_type(self, file_name: &str) -> &'static str {
        let ext = file_name
            .rsplit('.')
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        match (self, ext.as_str()) {
            (Self::Pdf, _) => "application/pdf",
            (Self::Png, _) => "image/png",
            (Self::Jpeg, _) => "image/jpeg",
            (Self::OfficeOpenXml, "xlsx") => {
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
            (Self::OfficeOpenXml, "pptx") => {
                "application/vnd.openxmlformats-officedocument.presentationml.presentation"
            }
            (Self::OfficeOpenXml, _) => {
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            }
            (Self::OfficeLegacy, "xls") => "application/vnd.ms-excel",
            (Self::OfficeLegacy, "ppt") => "application/vnd.ms-powerpoint",
            (Self::OfficeLegacy, _) => "application/msword",
        }
    }

    /// Thai name for lists: "PDF", "รูปภาพ", "เอกสาร Office".
    #[must_use]
    pub fn label_th(self) -> &'static str {
        match self {
            Self::Pdf => "PDF",
            Self::Png | Self::Jpeg => "รูปภาพ",
            Self::OfficeOpenXml | Self::OfficeLegacy => "เอกสาร Office",
        }
    }

    /// What the bytes are, by their first bytes; `None` for anything not accepted.
    #[must_use]
    pub fn sniff(bytes: &[u8]) -> Option<Self> {
        if bytes.starts_with(b"%PDF-") {
            Some(Self::Pdf)
        } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
            Some(Self::Png)
        } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
            Some(Self::Jpeg)
        } else if bytes.starts_with(b"PK\x03\x04") && is_office_zip(bytes) {
            Some(Self::OfficeOpenXml)
        } else if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
            Some(Self::OfficeLegacy)
        } else {
            None
        }
    }
}

/// Office Open XML files always hold `[Content_Types].xml`; its name appears in a
/// local file header near the start of the container.
fn is_office_zip(bytes: &[u8]) -> bool {
    let needle = b"[Content_Types].xml";
    bytes.windows(needle.len()).any(|w| w == needle)
}

/// Checks an uploaded file and tells its kind.
///
/// # Errors
/// A Thai message: empty, too large, a name that says PDF over bytes that are not,
/// or a type that is not accepted.
pub fn check_evidence_file(file_name: &str, bytes: &[u8]) -> Result<EvidenceKind, String> {
    if bytes.is_empty() {
        return Err("ไฟล์ว่างเปล่า".to_owned());
    }
    if bytes.len() as u64 > MAX_EVIDENCE_BYTES {
        return Err(format!(
            "ไฟล์มีขนาดใหญ่เกิน {} MB",
            MAX_EVIDENCE_BYTES / (1024 * 1024)
        ));
    }
    let kind = EvidenceKind::sniff(bytes);
    let ext = file_name
        .rsplit('.')
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    match kind {
        Some(kind) if ext == "pdf" && kind != EvidenceKind::Pdf => {
            Err("ไฟล์นี้ไม่ใช่ PDF ตามที่ชื่อไฟล์ระบุ".to_owned())
        }
        Some(kind) => Ok(kind),
        None if ext == "pdf" => Err("ไฟล์นี้ไม่ใช่ PDF ตามที่ชื่อไฟล์ระบุ".to_owned()),
        None => Err("รับเฉพาะไฟล์ PDF รูปภาพ (PNG, JPEG) หรือเอกสาร Office".to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_come_from_the_bytes() {
        assert_eq!(
            check_evidence_file("a.pdf", b"%PDF-1.7\n..."),
            Ok(EvidenceKind::Pdf)
        );
        assert_eq!(
            check_evidence_file("photo.JPG", &[0xFF, 0xD8, 0xFF, 0xE0, 0]),
            Ok(EvidenceKind::Jpeg)
        );
        let docx = b"PK\x03\x04....[Content_Types].xml....";
        assert_eq!(
            check_evidence_file("r.docx", docx),
            Ok(EvidenceKind::OfficeOpenXml)
        );
        assert_eq!(
            EvidenceKind::OfficeOpenXml.content_type("r.xlsx"),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        );
    }

    #[test]
    fn a_pdf_name_over_other_bytes_is_refused() {
        let err = check_evidence_file("report.pdf", b"MZ\x90\x00 not a pdf").unwrap_err();
        assert!(err.contains("ไม่ใช่ PDF"), "{err}");
        let err = check_evidence_file("report.pdf", b"\x89PNG\r\n\x1a\n").unwrap_err();
        assert!(err.contains("ไม่ใช่ PDF"), "{err}");
        assert!(check_evidence_file("x.exe", b"MZ\x90\x00").is_err());
        assert!(check_evidence_file("a.zip", b"PK\x03\x04 plain zip").is_err());
        assert!(check_evidence_file("a.pdf", b"").is_err());
    }
}
