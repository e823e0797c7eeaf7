//! The fonts every document is set in, compiled into the binary.
//!
//! Official Thai documents are set in the TH Sarabun family; Sarabun is its open
//! (OFL-1.1) redesign, so it can ship inside the program with its licence
//! (`fonts/OFL.txt`, provenance in `fonts/README.md`). Embedding means a document
//! looks the same on every server and never depends on what happens to be
//! installed, and the Typst engine is given these files and nothing else.
//! Beside Sarabun, one symbol font draws what Sarabun lacks (see
//! [`SYMBOL_FAMILY`]); `text_guard` names what neither can draw.

/// The family name templates, DOCX and XLSX files ask for.
pub const FONT_FAMILY: &str = "Sarabun";

/// Body text size in points: the official "16 pt" of TH Sarabun PSK, calibrated
/// for Sarabun, whose glyphs are drawn about 1.45 times larger on the em (see
/// `fonts/README.md`).
/// `templates/official.typ` sets the same size; a unit test keeps them equal.
pub const BODY_SIZE_PT: u32 = 11;

/// The family that draws what Sarabun lacks: the bullets, arrows, check marks
/// and boxes clerks paste from Word ("➢", "✓", "☐"). Noto Sans Symbols 2,
/// OFL-1.1 (`fonts/NotoSansSymbols2-OFL.txt`).
pub const SYMBOL_FAMILY: &str = "Noto Sans Symbols2";

/// The embedded font files: file name and contents.
pub(crate) const FONT_FILES: [(&str, &[u8]); 5] = [
    (
        "Sarabun-Regular.ttf",
        include_bytes!("../fonts/Sarabun-Regular.ttf"),
    ),
    (
        "Sarabun-Bold.ttf",
        include_bytes!("../fonts/Sarabun-Bold.ttf"),
    ),
    (
        "Sarabun-Italic.ttf",
        include_bytes!("../fonts/Sarabun-Italic.ttf"),
    ),
    (
        "Sarabun-BoldItalic.ttf",
        include_bytes!("../fonts/Sarabun-BoldItalic.ttf"),
    ),
    (
        "NotoSansSymbols2-Regular.ttf",
        include_bytes!("../fonts/NotoSansSymbols2-Regular.ttf"),
    ),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn official_template_uses_the_same_body_size() {
        let template = include_str!("../templates/official.typ");
        let line = format!("#let body-size = {BODY_SIZE_PT}pt");
        assert!(
            template.lines().any(|l| l.trim() == line),
            "official.typ must contain `{line}`"
        );
    }

    #[test]
    fn every_embedded_file_is_a_truetype_font() {
        for (name, bytes) in FONT_FILES {
            assert_eq!(&bytes[..4], &[0, 1, 0, 0], "{name} is not a TrueType file");
        }
    }
}
