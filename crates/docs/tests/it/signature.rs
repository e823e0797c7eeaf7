//! One signer, one signature: the same person signing the measures memo (as
//! an official of the agency), a memo written in the system and an order (as
//! the form's signer, rank apart) prints the same lines in each, in the PDF
//! and in the DOCX: the rank and name in parentheses, then every line of the
//! position, digits as typed.

use prongsai_core::correspondence::Signer;
use prongsai_docs::{
    DocumentFormat, OfficialDocument, Renderer, measures_memo_document, memo_document,
    order_document,
};
use prongsai_testkit::documents::cycle_fixture::cycle;
use prongsai_testkit::documents::*;
use prongsai_testkit::files::*;

const RANK: &str = "ว่าที่ร้อยตรี";
const FIRST_NAME: &str = "สมชาย";
const LAST_NAME: &str = "ใจดี";
const POSITION: &str = "ผู้อำนวยการกองคลัง ระดับ 8\nรักษาราชการแทน ปลัดองค์การบริหารส่วนตำบล";

fn expected_lines() -> Vec<String> {
    vec![
        "(ว่าที่ร้อยตรี สมชาย ใจดี)".to_owned(),
        "ผู้อำนวยการกองคลัง ระดับ 8".to_owned(),
        "รักษาราชการแทน ปลัดองค์การบริหารส่วนตำบล".to_owned(),
    ]
}

fn signer() -> Signer {
    Signer {
        official: None,
        name: format!("{FIRST_NAME} {LAST_NAME}"),
        rank: RANK.to_owned(),
        position: POSITION.to_owned(),
    }
}

/// A document kind, the lines its data signs, its PDF and its DOCX.
type Signed = (&'static str, Vec<String>, Vec<u8>, Vec<u8>);

/// The PDF and the DOCX of every document kind that carries a signature, in
/// an agency that writes Thai digits, with the lines its data says it signs.
fn signed_documents() -> Vec<Signed> {
    let renderer = Renderer::new().unwrap();
    let files = |document: &dyn OfficialDocument| {
        (
            prongsai_docs::render_blocking(&renderer, document, DocumentFormat::Pdf).unwrap(),
            prongsai_docs::render_blocking(&renderer, document, DocumentFormat::Docx).unwrap(),
        )
    };
    let mut cycle = cycle(true);
    let official = &mut cycle.agency.officials[0];
    assert_eq!(cycle.memo.signer, Some(official.id));
    official.title = RANK.to_owned();
    official.first_name = FIRST_NAME.to_owned();
    official.last_name = LAST_NAME.to_owned();
    official.position = POSITION.to_owned();
    let measures_memo = measures_memo_document(&cycle.memo, &cycle.agency);

    let agency = correspondence_agency(true);
    let mut memo = seed_general_memo();
    memo.signer = signer();
    let general_memo = memo_document(&memo, &agency);
    let mut order = seed_order(&agency);
    order.signer = signer();
    let order = order_document(&order, &agency);

    let (memo_pdf, memo_docx) = files(&measures_memo);
    let (general_pdf, general_docx) = files(&general_memo);
    let (order_pdf, order_docx) = files(&order);
    vec![
        (
            "measures memo",
            measures_memo.signature.lines(),
            memo_pdf,
            memo_docx,
        ),
        (
            "general memo",
            general_memo.signature.lines(),
            general_pdf,
            general_docx,
        ),
        ("order", order.signature.lines(), order_pdf, order_docx),
    ]
}

/// Whether `lines` follow one another in `text` (line by line, blank lines
/// left out, spaces ignored).
fn has_consecutive_lines(text: &str, lines: &[String]) -> bool {
    let text: Vec<String> = text
        .lines()
        .map(without_spaces)
        .filter(|line| !line.is_empty())
        .collect();
    let lines: Vec<String> = lines.iter().map(|line| without_spaces(line)).collect();
    text.windows(lines.len()).any(|window| window == lines)
}

#[test]
fn one_signer_prints_the_same_lines_in_every_signed_document() {
    if !have_tool("pdftotext", "-v") {
        return;
    }
    let expected = expected_lines();
    for (kind, lines, pdf, docx) in signed_documents() {
        assert_eq!(lines, expected, "{kind}: the data's signature");
        let text = pdf_text(&pdf);
        assert!(
            has_consecutive_lines(&text, &expected),
            "{kind}: the PDF's signature lines in\n{text}"
        );
        let words = docx_body_text(&docx);
        assert!(
            has_consecutive_lines(&words, &expected),
            "{kind}: the DOCX's signature lines in\n{words}"
        );
    }
}
