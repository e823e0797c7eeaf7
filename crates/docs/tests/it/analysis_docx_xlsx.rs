//! The ITA analysis as DOCX and XLSX: the same content in the same order as the
//! PDF, Thai font and language settings, repeated table headers, numbers as
//! numbers; and, where LibreOffice is installed, that it opens the DOCX.

use prongsai_docs::{AnalysisDocument, OfficialDocument};
use prongsai_testkit::documents::*;
use prongsai_testkit::files::*;

fn docx_order(document: &AnalysisDocument) -> Vec<String> {
    let mut needles = vec![
        "การวิเคราะห์ผลการประเมินคุณธรรมและความโปร่งใส".to_owned(),
        document.fiscal_year.clone(),
        document.agency_name.clone(),
        format!(
            "มีผลคะแนน {} คะแนน อยู่ในระดับ {}",
            document.total, document.rating
        ),
        document.source_label.clone(),
        "ลำดับ ตัวชี้วัด แบบวัด คะแนน เปลี่ยนแปลง".to_owned(),
    ];
    for indicator in &document.indicators {
        needles.push(indicator.rank.clone());
        needles.push(format!("{}. {}", indicator.number, indicator.name_th));
        needles.push(indicator.instrument.clone());
        needles.push(indicator.score.clone());
    }
    for instrument in &document.instruments {
        needles.push(instrument.name_th.clone());
        needles.push(instrument.points.clone());
    }
    needles.extend(document.weaknesses.iter().cloned());
    needles.extend(document.analysis_text.iter().cloned());
    needles.push(document.generated_on.clone());
    needles
}

#[test]
fn docx_has_the_same_content_in_order() {
    for thai in [false, true] {
        let document = seed_document(thai);
        let docx = OfficialDocument::docx(&document).unwrap();
        save_artifact(&format!("analysis-thai-{thai}.docx"), &docx);
        let text = docx_body_text(&docx);
        assert_in_order(&text, &docx_order(&document));
        if thai {
            assert_in_order(&text, &["๓. จุดอ่อน".to_owned(), "๑.".to_owned()]);
        }
    }
}

#[test]
fn docx_sets_thai_font_language_and_repeated_headers() {
    let docx = OfficialDocument::docx(&seed_document(true)).unwrap();
    let styles = zip_entry(&docx, "word/styles.xml");
    for slot in ["w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"] {
        assert!(
            styles.contains(&format!("{slot}=\"TH Sarabun New\"")),
            "{slot} not set: {styles}"
        );
    }
    assert!(styles.contains("w:lang w:val=\"th-TH\""), "{styles}");
    assert!(styles.contains("w:bidi=\"th-TH\""), "{styles}");
    let document = zip_entry(&docx, "word/document.xml");
    // The ranked table and the instrument table each repeat their header row.
    assert_eq!(document.matches("<w:tblHeader").count(), 2, "{document}");
    assert!(document.contains("w:fmt=\"thaiNumbers\""));
    assert!(!document.contains("Tahoma") && !styles.contains("Tahoma"));
}

#[test]
fn docx_with_empty_lists_and_long_rows() {
    let mut document = seed_document(false);
    document.indicators.clear();
    document.instruments.clear();
    document.weaknesses.clear();
    let text = docx_body_text(&OfficialDocument::docx(&document).unwrap());
    assert_in_order(
        &text,
        &[
            "ยังไม่มีคะแนนรายตัวชี้วัด".to_owned(),
            "ไม่พบตัวชี้วัดที่เป็นจุดอ่อน".to_owned(),
        ],
    );
    let stress = OfficialDocument::docx(&stress_document(300)).unwrap();
    assert_in_order(
        &docx_body_text(&stress),
        &["แถวที่ 1".to_owned(), "แถวที่ 300".to_owned()],
    );
}

#[test]
fn libreoffice_opens_the_docx() {
    if !have_tool("soffice", "--version") {
        eprintln!("skipped: libreoffice not installed");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("analysis.docx");
    std::fs::write(
        &input,
        OfficialDocument::docx(&seed_document(true)).unwrap(),
    )
    .unwrap();
    let pdf = libreoffice_to_pdf(&input, dir.path());
    let bytes = std::fs::read(&pdf).unwrap();
    assert!(bytes.starts_with(b"%PDF-"));
    if have_tool("pdftotext", "-v") {
        let text = pdf_text(&bytes);
        assert_in_order(
            &text,
            &["๖๐.๖๑".to_owned(), "๘๘.๙๑".to_owned(), "๑๒.๕๐".to_owned()],
        );
    }
}

#[test]
fn xlsx_holds_the_ranked_table_with_numbers_as_numbers() {
    let document = seed_document(true);
    let xlsx = OfficialDocument::xlsx(&document).unwrap();
    save_artifact("analysis.xlsx", &xlsx);
    let strings = zip_entry(&xlsx, "xl/sharedStrings.xml");
    let names: Vec<String> = document
        .indicators
        .iter()
        .map(|i| i.name_th.clone())
        .collect();
    assert_in_order(&strings, &names);
    assert!(strings.contains("ตัวชี้วัด") && strings.contains("คะแนน"));
    let sheet = zip_entry(&xlsx, "xl/worksheets/sheet1.xml");
    // Thai-digit scores are stored as numbers, highest first.
    assert_in_order(
        &sheet,
        &[
            "<v>88.91</v>".to_owned(),
            "<v>88.42</v>".to_owned(),
            "<v>12.5</v>".to_owned(),
        ],
    );
    let styles = zip_entry(&xlsx, "xl/styles.xml");
    assert!(styles.contains("<name val=\"Sarabun\"/>"), "{styles}");
    assert!(styles.contains("<b/>"));
    assert!(styles.contains("formatCode=\"0.00\""));
    let workbook = zip_entry(&xlsx, "xl/workbook.xml");
    assert!(workbook.contains("ตัวชี้วัด"));
}
