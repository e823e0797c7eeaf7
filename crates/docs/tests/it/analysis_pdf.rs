//! The ITA analysis as PDF: content and order as `pdftotext -raw` reads them,
//! digits, a long document over many pages, and the embedded fonts.

use std::process::Command;

use prongsai_docs::{AnalysisDocument, DocsError, DocumentFormat, PreviousResult, Renderer};
use prongsai_testkit::documents::*;
use prongsai_testkit::files::*;

fn render(document: &AnalysisDocument) -> Vec<u8> {
    let renderer = Renderer::new().unwrap();
    prongsai_docs::render_blocking(&renderer, document, DocumentFormat::Pdf).unwrap()
}

/// Every field of the document, in the order it is printed.
fn expected_order(document: &AnalysisDocument) -> Vec<String> {
    let mut needles = vec![
        "การวิเคราะห์ผลการประเมินคุณธรรมและความโปร่งใส".to_owned(),
        document.fiscal_year.clone(),
        document.agency_name.clone(),
        format!("มีผลคะแนน {} คะแนน", document.total),
        format!("อยู่ในระดับ {}", document.rating),
    ];
    if let Some(previous) = &document.previous {
        needles.push(previous.year.clone());
        needles.push(previous.total.clone());
        needles.push(previous.change.clone());
    }
    needles.push(document.source_label.clone());
    needles.push("ลำดับ ตัวชี้วัด แบบวัด คะแนน เปลี่ยนแปลง".to_owned());
    for indicator in &document.indicators {
        needles.push(indicator.rank.clone());
        needles.push(format!("{}. {}", indicator.number, indicator.name_th));
        if let Some(reason) = &indicator.weakness_reason {
            needles.push(reason.clone());
        }
        needles.push(indicator.instrument.clone());
        needles.push(indicator.score.clone());
        if let Some(change) = &indicator.change {
            needles.push(change.clone());
        }
        if let Some(previous) = &indicator.previous_score {
            needles.push(previous.clone());
        }
    }
    for instrument in &document.instruments {
        needles.push(instrument.code.clone());
        needles.push(instrument.name_th.clone());
        needles.push(instrument.percent.clone());
        needles.push(instrument.points.clone());
    }
    needles.extend(document.weaknesses.iter().cloned());
    needles.extend(document.analysis_text.iter().cloned());
    needles.push(document.generated_on.clone());
    needles
}

#[test]
fn seed_analysis_has_every_field_in_order() {
    if !have_tool("pdftotext", "-v") {
        return;
    }
    let document = seed_document(false);
    let pdf = render(&document);
    save_artifact("analysis-arabic.pdf", &pdf);
    assert!(pdf.starts_with(b"%PDF-"));
    let text = pdf_text(&pdf);
    assert_in_order(&text, &expected_order(&document));
    // Highest score first: 88.91 (indicator 7) down to 12.50 (indicator 10).
    let scores: Vec<String> = SEED_RANKING
        .iter()
        .map(|n| SEED_INDICATORS[(*n - 1) as usize].3.to_owned())
        .collect();
    assert_in_order(&text, &scores);
    assert_eq!(scores.first().map(String::as_str), Some("88.91"));
    assert!(!text.contains('๖'), "Arabic digits were asked for");
}

#[test]
fn thai_digits_throughout() {
    if !have_tool("pdftotext", "-v") {
        return;
    }
    let document = seed_document(true);
    let pdf = render(&document);
    save_artifact("analysis-thai.pdf", &pdf);
    let text = pdf_text(&pdf);
    assert_in_order(&text, &expected_order(&document));
    assert_in_order(
        &text,
        &[
            "๖๐.๖๑".to_owned(),
            "๘๘.๙๑".to_owned(),
            "๑๒.๕๐".to_owned(),
            // Section and list numbers come from the template.
            "๓. จุดอ่อน".to_owned(),
            "๑. ตัวชี้วัดที่ ๑๐".to_owned(),
        ],
    );
    let arabic: Vec<char> = text.chars().filter(char::is_ascii_digit).collect();
    assert!(arabic.is_empty(), "Arabic digits left: {arabic:?}");
}

#[test]
fn previous_year_and_draft_warning_are_printed() {
    if !have_tool("pdftotext", "-v") {
        return;
    }
    let mut document = seed_document(false);
    document.previous = Some(PreviousResult {
        year: "2564".to_owned(),
        total: "58.00".to_owned(),
        change: "+2.61".to_owned(),
    });
    for indicator in &mut document.indicators {
        indicator.previous_score = Some("70.00".to_owned());
        indicator.change = Some("+1.00".to_owned());
    }
    let warning = "กรอบการประเมินปีนี้ต้องตรวจสอบกับคู่มือ ป.ป.ช.";
    document.draft_warning = Some(warning.to_owned());
    let pdf = render(&document);
    save_artifact("analysis-previous-draft.pdf", &pdf);
    let text = pdf_text(&pdf);
    assert_in_order(
        &text,
        &[format!("ฉบับร่าง: {warning}"), "การวิเคราะห์".to_owned()],
    );
    assert_in_order(&text, &expected_order(&document));
    assert_in_order(&text, &["+1.00 (ปีก่อน 70.00)".to_owned()]);
}

#[test]
fn empty_lists_still_render() {
    if !have_tool("pdftotext", "-v") {
        return;
    }
    let mut document = seed_document(false);
    document.indicators.clear();
    document.instruments.clear();
    document.weaknesses.clear();
    document.analysis_text.clear();
    let text = pdf_text(&render(&document));
    assert_in_order(
        &text,
        &[
            "ยังไม่มีคะแนนรายตัวชี้วัด".to_owned(),
            "ยังไม่มีคะแนนรายแบบวัด".to_owned(),
            "ไม่พบตัวชี้วัดที่เป็นจุดอ่อน".to_owned(),
        ],
    );
}

#[test]
fn template_markup_in_data_is_printed_as_text() {
    if !have_tool("pdftotext", "-v") {
        return;
    }
    let mut document = seed_document(false);
    document.agency_name = "#panic(\"x\") *ตัวหนา* $x$ <label> // ไม่ใช่คอมเมนต์".to_owned();
    let text = pdf_text(&render(&document));
    assert!(
        text.contains("#panic(\"x\") *ตัวหนา* $x$ <label> // ไม่ใช่คอมเมนต์"),
        "{text}"
    );
}

#[test]
fn three_hundred_long_rows_break_across_pages_with_the_header_repeated() {
    if !have_tool("pdftotext", "-v") {
        return;
    }
    let document = stress_document(300);
    let pdf = render(&document);
    save_artifact("analysis-stress.pdf", &pdf);
    let text = pdf_text(&pdf);
    let pages: Vec<&str> = text
        .split('\u{c}')
        .filter(|p| !p.trim().is_empty())
        .collect();
    assert!(pages.len() > 10, "only {} pages", pages.len());
    let table_pages: Vec<&&str> = pages.iter().filter(|p| p.contains("แถวที่")).collect();
    assert!(table_pages.len() > 10);
    for (index, page) in table_pages.iter().enumerate() {
        assert_in_order(
            page,
            &[
                "ลำดับ ตัวชี้วัด แบบวัด คะแนน เปลี่ยนแปลง".to_owned(),
                "แถวที่".to_owned(),
            ],
        );
        if index > 0 {
            assert_in_order(page, &[format!("- {} -", index + 1)]);
        }
    }
    // Every row, wrapped but whole, in order.
    let markers: Vec<String> = (1..=300).map(|n| format!("อย่างต่อเนื่อง แถวที่ {n}")).collect();
    assert_in_order(&text, &markers);
}

#[test]
fn only_sarabun_is_embedded() {
    if !have_tool("pdffonts", "-v") {
        return;
    }
    let pdf = render(&seed_document(true));
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("doc.pdf");
    std::fs::write(&path, pdf).unwrap();
    let out = Command::new("pdffonts").arg(&path).output().unwrap();
    assert!(out.status.success());
    let listing = String::from_utf8(out.stdout).unwrap();
    let names: Vec<&str> = listing
        .lines()
        .skip(2)
        .filter_map(|line| line.split_whitespace().next())
        .collect();
    assert!(!names.is_empty(), "{listing}");
    for name in &names {
        let base = name.split_once('+').map_or(*name, |(_, base)| base);
        assert!(
            base.starts_with("Sarabun-"),
            "unexpected font {name}\n{listing}"
        );
    }
    for line in listing.lines().skip(2) {
        // The emb and sub columns: every font embedded, as a subset.
        let yes = line.split_whitespace().filter(|t| *t == "yes").count();
        assert!(yes >= 2, "font not embedded as a subset: {line}");
    }
    assert!(
        names.iter().any(|n| n.ends_with("Sarabun-Bold")),
        "{listing}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_async_renders_all_succeed() {
    let renderer = Renderer::with_max_concurrent(2).unwrap();
    let documents = [
        seed_document(false),
        seed_document(true),
        stress_document(40),
    ];
    let mut handles = Vec::new();
    for document in documents.into_iter().cycle().take(6) {
        let renderer = renderer.clone();
        handles.push(tokio::spawn(async move {
            prongsai_docs::render(&renderer, &document, DocumentFormat::Pdf).await
        }));
    }
    for handle in handles {
        let pdf: Result<Vec<u8>, DocsError> = handle.await.unwrap();
        assert!(pdf.unwrap().starts_with(b"%PDF-"));
    }
}
