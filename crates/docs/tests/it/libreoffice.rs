//! Every DOCX the cycle produces opens in LibreOffice: each kind is converted to
//! PDF headless and the converted text still carries the document's own words.
//! Agencies edit these files in Word or LibreOffice before signing, so a file
//! that does not open is a file they cannot use. Needs `soffice` (Debian:
//! libreoffice-writer-nogui); skipped with a notice without it, unless
//! `PRONGSAI_REQUIRE_TOOLS=1` (CI).

use prongsai_docs::OfficialDocument;
use prongsai_testkit::documents::*;
use prongsai_testkit::files::*;

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
    Some(without_spaces(
        &pdf_text(&pdf).replace("\u{e4d}\u{e32}", "\u{e33}"),
    ))
}

fn assert_has(text: &str, name: &str, needles: &[&str]) {
    for needle in needles {
        let needle = without_spaces(needle);
        assert!(text.contains(&needle), "{name}: {needle} missing: {text}");
    }
}

#[test]
fn measures_docx_converts() {
    let document = seed_measures(true);
    let Some(text) = converted_text("measures", &OfficialDocument::docx(&document).unwrap()) else {
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
    let Some(text) = converted_text("memo", &OfficialDocument::docx(&document).unwrap()) else {
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
    let Some(text) = converted_text("half-year", &OfficialDocument::docx(&document).unwrap())
    else {
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
    let Some(text) = converted_text("annual", &OfficialDocument::docx(&document).unwrap()) else {
        return;
    };
    assert_has(
        &text,
        "annual",
        &[&document.agency_name, &document.topics[0].title],
    );
}

#[test]
fn order_docx_converts() {
    let agency = correspondence_agency(true);
    let document = prongsai_docs::order_document(&seed_order(&agency), &agency);
    let Some(text) = converted_text("order", &OfficialDocument::docx(&document).unwrap()) else {
        return;
    };
    let member = &document.committees[0].members[0];
    assert_has(
        &text,
        "order",
        &[
            &document.heading,
            &document.number,
            &document.committees[0].heading,
            &format!("{} {}", member.number, member.text),
            &member.role,
            &document.date_line,
            &document.signature.name_line(),
        ],
    );
}

#[test]
fn risk_assessment_docx_converts() {
    let plan = plan_with_projects(6);
    let measure = linked_measure("มาตรการเปิดเผยข้อมูลการบริหารงานบุคคล");
    let document = prongsai_docs::risk_assessment_document(
        &seed_risk_assessment(&plan, &measure),
        Some(&plan),
        &[measure],
        &correspondence_agency(true),
    );
    let Some(text) = converted_text(
        "risk-assessment",
        &OfficialDocument::docx(&document).unwrap(),
    ) else {
        return;
    };
    assert_has(
        &text,
        "risk-assessment",
        &[
            &document.title,
            &document.areas[1].process,
            "โครงการที่๕",
            &document.legend[3].range,
        ],
    );
}

#[test]
fn general_memo_docx_converts() {
    let document = prongsai_docs::memo_document(&seed_general_memo(), &correspondence_agency(true));
    let Some(text) = converted_text("general-memo", &OfficialDocument::docx(&document).unwrap())
    else {
        return;
    };
    assert_has(
        &text,
        "general-memo",
        &[&document.subject, "รับทราบในระบบ๓ต.ค.๒๕๖๗"],
    );
}

#[test]
fn action_plan_docx_converts() {
    let agency = plan_fixture::agency(true);
    let plan = plan_fixture::plan(&agency);
    let risk = plan_fixture::risk(plan.agency_id);
    let document = prongsai_docs::action_plan_document(&plan, Some(&risk), &agency);
    let docx = OfficialDocument::docx(&document).unwrap();
    let Some(text) = converted_text("action-plan", &docx) else {
        return;
    };
    assert_has(
        &text,
        "action-plan",
        &[
            "คำนำ",
            "ส่วนที่๓",
            &format!("จำนวน {} บาท", document.total.amounts[4]),
            "ลำดับที่ ๑๗",
        ],
    );
}

#[test]
fn follow_up_report_docx_converts() {
    let agency = plan_fixture::agency(true);
    let plan = plan_fixture::plan(&agency);
    let reports = plan_fixture::follow_ups(&plan);
    let document = prongsai_docs::follow_up_report_document(
        &plan,
        &reports,
        2567,
        prongsai_core::thai::fiscal::ReportingRound::HalfYear,
        &agency,
    );
    let docx = OfficialDocument::docx(&document).unwrap();
    let Some(text) = converted_text("follow-up", &docx) else {
        return;
    };
    assert_has(
        &text,
        "follow-up",
        &[
            "สรุปผลการดำเนินการ",
            &document.dimensions[0].title,
            "งบประมาณไม่เพียงพอ",
        ],
    );
}
