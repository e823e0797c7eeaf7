//! Every DOCX the cycle produces opens in LibreOffice: each kind is converted to
//! PDF headless and the converted text still carries the document's own words.
//! Agencies edit these files in Word or LibreOffice before signing, so a file
//! that does not open is a file they cannot use. Needs `soffice` (Debian:
//! libreoffice-writer-nogui); skipped with a notice without it, unless
//! `PRONGSAI_REQUIRE_TOOLS=1` (CI).

mod common;

use common::*;
use prongsai_docs::{
    render_annual_report_docx, render_half_year_report_docx, render_measures_docx, render_memo_docx,
};

/// Converts `docx` with LibreOffice and returns the PDF's text, collapsed of
/// white space (LibreOffice breaks lines at other places than Word) and with
/// SARA AM recomposed (its PDFs write ำ as nikhahit + sara aa).
fn converted_text(name: &str, docx: &[u8]) -> Option<String> {
    if !have_tool("soffice", "--version") || !have_tool("pdftotext", "-v") {
        return None;
    }
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join(format!("{name}.docx"));
    std::fs::write(&input, docx).unwrap();
    let pdf = std::fs::read(libreoffice_to_pdf(&input, dir.path())).unwrap();
    assert!(pdf.starts_with(b"%PDF-"), "{name}: LibreOffice wrote a PDF");
    Some(
        pdf_text(&pdf)
            .replace("\u{e4d}\u{e32}", "\u{e33}")
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect(),
    )
}

fn assert_has(text: &str, name: &str, needles: &[&str]) {
    for needle in needles {
        let needle: String = needle.chars().filter(|c| !c.is_whitespace()).collect();
        assert!(text.contains(&needle), "{name}: {needle} missing: {text}");
    }
}

#[test]
fn measures_docx_converts() {
    let document = seed_measures(true);
    let Some(text) = converted_text("measures", &render_measures_docx(&document).unwrap()) else {
        return;
    };
    // The start of the first topic's heading and of its first measure: a long
    // cell wraps differently in LibreOffice, and its PDF text may read the
    // wrapped part apart from the rest.
    let start = |s: &str| s.chars().take(20).collect::<String>();
    assert_has(
        &text,
        "measures",
        &[
            &document.agency_name,
            &document.analysis.total,
            &start(&document.groups[0].title),
            &start(&document.groups[0].measures[0].title),
        ],
    );
}

#[test]
fn memo_docx_converts() {
    let document = seed_memo(true);
    let Some(text) = converted_text("memo", &render_memo_docx(&document).unwrap()) else {
        return;
    };
    assert_has(
        &text,
        "memo",
        &[
            "บันทึกข้อความ",
            &document.subject,
            &document.acknowledgements[0].name,
        ],
    );
}

#[test]
fn half_year_report_docx_converts() {
    let document = half_year_seed_document(true);
    let Some(text) = converted_text(
        "half-year",
        &render_half_year_report_docx(&document).unwrap(),
    ) else {
        return;
    };
    assert_has(
        &text,
        "half-year",
        &[&document.agency_name, &document.groups[0].title],
    );
}

#[test]
fn annual_report_docx_converts() {
    let document = annual_seed_document(true, true);
    let Some(text) = converted_text("annual", &render_annual_report_docx(&document).unwrap())
    else {
        return;
    };
    assert_has(
        &text,
        "annual",
        &[&document.agency_name, &document.topics[0].title],
    );
}
