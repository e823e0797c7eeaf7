//! Issue 6's documents: the OIT checklist report (PDF, XLSX with hyperlinks),
//! the export of a survey's answers (CSV with BOM, XLSX of two sheets), the
//! satisfaction report (PDF, DOCX) and the survey poster with its QR code.
//! Texts are read back from the files: pdftotext for PDFs (skipped without the
//! tool unless PRONGSAI_REQUIRE_TOOLS=1), the zip's XML for XLSX and DOCX.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use prongsai_core::disclosure::{
    DisclosureEntry, DisclosureStatus, EvidenceLink, LinkCheck, LinkFacts, LinkVerdict, judge,
};
use prongsai_core::ita::{Answer, Catalog, Framework};
use prongsai_core::model::SurveyResponseId;
use prongsai_core::model::{AgencyId, Department, DepartmentId, LinkCheckId, SurveyId};
use prongsai_core::surveys::{
    ResponseAnswers, SampleRule, SatisfactionQuestion, SatisfactionScale, Scale, Survey,
    SurveyKind, SurveyResponse, SurveyStatus, asked_questions,
};
use prongsai_docs::{
    DocumentAgency, DocumentFormat, NOT_CHECKED, OfficialDocument, OitReportDocument, Renderer,
    SatisfactionReportDocument, SurveyPosterDocument, UTF8_BOM, oit_report_document,
    satisfaction_report_document, survey_export_document,
};
use prongsai_testkit::files::*;

const YEAR: i32 = 2568;
const AGENCY: &str = "องค์การบริหารส่วนตำบลดินแดง";
const OFFICE: &str = "สำนักปลัด";
const GOOD: &str = "https://dindaeng.go.th/oit/2568/structure.pdf";
const BROKEN: &str = "https://dindaeng.go.th/oit/2568/executives-old-page";
const GOOD_O2: &str = "https://dindaeng.go.th/about/executives?year=2568";
const UNCHECKED: &str = "https://dindaeng.go.th/contact";

fn framework() -> Framework {
    Catalog::new(Vec::new()).get(YEAR).unwrap().clone()
}

fn agency(thai: bool) -> (DocumentAgency, DepartmentId) {
    let agency_id = AgencyId::new();
    let office = DepartmentId::new();
    (
        DocumentAgency {
            name: AGENCY.to_owned(),
            thai_digits: thai,
            departments: vec![Department {
                agency_id,
                id: office,
                name: OFFICE.to_owned(),
                sort_order: 1,
            }],
            ..DocumentAgency::default()
        },
        office,
    )
}

fn link(url: &str, note: &str) -> EvidenceLink {
    EvidenceLink {
        url: url.to_owned(),
        note: note.to_owned(),
    }
}

fn check(url: &str, verdict: LinkVerdict, detail: &str, at: DateTime<Utc>) -> LinkCheck {
    LinkCheck {
        id: LinkCheckId::new(),
        agency_id: AgencyId::new(),
        fiscal_year: YEAR,
        url: url.to_owned(),
        checked_at: at,
        facts: LinkFacts::default(),
        verdict,
        detail_th: detail.to_owned(),
        archived: false,
    }
}

/// O1 submitted with a working and a broken link (broken in the newer of two
/// checks), O2 ready with a working link (so it passes), O3 ready with a link
/// never checked; every other item has no entry.
pub(crate) fn oit_document(thai: bool) -> OitReportDocument {
    let (agency, office) = agency(thai);
    let agency_id = AgencyId::new();
    let mut o1 = DisclosureEntry::empty(agency_id, YEAR, "O1");
    o1.department_id = Some(office);
    o1.status = DisclosureStatus::Submitted;
    o1.links = vec![link(GOOD, "แผนภูมิโครงสร้าง"), link(BROKEN, "")];
    o1.due_on = NaiveDate::from_ymd_opt(2025, 3, 31);
    let mut o2 = DisclosureEntry::empty(agency_id, YEAR, "O2");
    o2.status = DisclosureStatus::Ready;
    o2.links = vec![link(GOOD_O2, "")];
    let mut o3 = DisclosureEntry::empty(agency_id, YEAR, "O3");
    o3.status = DisclosureStatus::Ready;
    o3.links = vec![link(UNCHECKED, "")];
    let earlier = Utc.with_ymd_and_hms(2025, 11, 1, 2, 0, 0).unwrap();
    let later = Utc.with_ymd_and_hms(2025, 11, 22, 10, 5, 0).unwrap();
    let checks = vec![
        check(GOOD, LinkVerdict::Working, "", later),
        check(BROKEN, LinkVerdict::Working, "", earlier),
        check(BROKEN, LinkVerdict::Broken, "เว็บไซต์ตอบกลับรหัส 404", later),
        check(GOOD_O2, LinkVerdict::Working, "", earlier),
    ];
    oit_report_document(
        &framework(),
        &[o1, o2, o3],
        &checks,
        &agency,
        NaiveDate::from_ymd_opt(2025, 11, 22).unwrap(),
    )
}

fn summary(document: &OitReportDocument, label: &str) -> String {
    document
        .summary
        .iter()
        .find(|l| l.label == label)
        .unwrap_or_else(|| panic!("no summary line {label}"))
        .value
        .clone()
}

#[test]
fn the_oit_report_shows_the_latest_verdict_and_the_prediction() {
    let document = oit_document(true);
    assert_eq!(document.fiscal_year, "ประจำปีงบประมาณ พ.ศ. ๒๕๖๘");
    assert_eq!(summary(&document, "จำนวนข้อทั้งหมด"), "๒๘ ข้อ");
    assert_eq!(summary(&document, "ส่งแล้ว"), "๑ ข้อ");
    assert_eq!(summary(&document, "พร้อม"), "๒ ข้อ");
    assert_eq!(summary(&document, "คาดว่าผ่านหากประเมินวันนี้"), "๑ จาก ๒๘ ข้อ");
    assert_eq!(summary(&document, "ลิงก์ที่ใช้งานได้"), "๒ จาก ๔ ลิงก์");
    // 10:05 UTC is 17:05 in Thailand.
    assert_eq!(
        summary(&document, "ตรวจลิงก์ล่าสุดเมื่อ"),
        "๒๒ พฤศจิกายน ๒๕๖๘ เวลา ๑๗.๐๕ น."
    );
    // One item of 9.1's four passes: 25 % of sub-indicator 9.1, the others 0.
    let score = summary(&document, "คะแนน OIT ที่คาดการณ์ (เต็ม ๑๐๐)");
    let value = prongsai_docs::parse_number(&score).unwrap();
    assert!(value > 0.0 && value < 25.0, "{score}");

    let first = &document.sections[0];
    assert!(first.heading.starts_with("๙.๑ "), "{}", first.heading);
    assert_eq!(
        first.readiness,
        "คาดว่าผ่าน ๑ จาก ๔ ข้อ (ส่งแล้ว ๑ พร้อม ๒ ยังไม่เริ่ม ๑)"
    );
    let o1 = &first.items[0];
    assert_eq!(o1.department, OFFICE);
    assert_eq!(o1.status, "ส่งแล้ว");
    assert_eq!(o1.predicted, "ยังไม่ผ่าน");
    assert_eq!(o1.due_on, "๓๑ มี.ค. ๖๘");
    assert_eq!(o1.links[1].verdict, "ลิงก์เสีย", "the newer check wins");
    assert_eq!(o1.links[1].detail, "เว็บไซต์ตอบกลับรหัส 404");
    assert_eq!(o1.links[1].checked_on, "๒๒ พ.ย. ๖๘");
    assert_eq!(o1.links[0].url, GOOD, "addresses keep Arabic digits");
    let o2 = &first.items[1];
    assert_eq!((o2.predicted.as_str(), o2.passes), ("คาดว่าผ่าน", true));
    assert_eq!(o2.department, "ยังไม่ได้มอบหมาย");
    let o3 = &first.items[2];
    assert_eq!(o3.links[0].verdict, NOT_CHECKED);
    assert!(!o3.passes, "an unchecked link does not pass");
    assert!(first.items[3].links.is_empty());
    assert_eq!(first.items[3].status, "ยังไม่เริ่ม");
}

#[test]
fn an_empty_year_has_every_item_and_no_check() {
    let (agency, _) = agency(false);
    let document = oit_report_document(
        &framework(),
        &[],
        &[],
        &agency,
        NaiveDate::from_ymd_opt(2025, 11, 22).unwrap(),
    );
    let items: usize = document.sections.iter().map(|s| s.items.len()).sum();
    assert_eq!(items, 28);
    assert_eq!(summary(&document, "ตรวจลิงก์ล่าสุดเมื่อ"), NOT_CHECKED);
    assert_eq!(summary(&document, "คะแนน OIT ที่คาดการณ์ (เต็ม 100)"), "0.00");
}

#[tokio::test]
async fn the_oit_pdf_prints_urls_verdicts_and_numbers() {
    let renderer = Renderer::new().unwrap();
    let pdf = prongsai_docs::render(&renderer, &oit_document(true), DocumentFormat::Pdf)
        .await
        .unwrap();
    save_artifact("oit-report.pdf", &pdf);
    assert!(pdf.starts_with(b"%PDF-"));
    if !have_tool("pdftotext", "-v") {
        return;
    }
    let text = pdf_text(&pdf);
    assert_in_order(
        &text,
        &[
            "รายงานผลการตรวจสอบการเปิดเผยข้อมูลสาธารณะ (OIT)".to_owned(),
            AGENCY.to_owned(),
            "ประจำปีงบประมาณ พ.ศ. ๒๕๖๘".to_owned(),
            "๑ จาก ๒๘ ข้อ".to_owned(),
            "๑๗.๐๕ น.".to_owned(),
            "O1".to_owned(),
            OFFICE.to_owned(),
            GOOD.to_owned(),
            "ใช้งานได้".to_owned(),
            BROKEN.to_owned(),
            "ลิงก์เสีย".to_owned(),
            "เว็บไซต์ตอบกลับรหัส 404".to_owned(),
            GOOD_O2.to_owned(),
            UNCHECKED.to_owned(),
            NOT_CHECKED.to_owned(),
        ],
    );
    let uris = pdf_link_uris(&pdf);
    for url in [GOOD, BROKEN, GOOD_O2, UNCHECKED] {
        assert!(
            uris.iter().any(|u| u == url),
            "{url} is not a link: {uris:?}"
        );
    }
    assert_words_within_margins(&pdf, 2.5, 1.5);
}

/// An address as a clerk types it (a Thai host and path), and one in ASCII;
/// neither has a digit, so every digit of the report is one it generated.
const THAI_LINK: &str = "https://ดินแดง.go.th/ข่าวประชาสัมพันธ์/โครงสร้าง";
const PLAIN_LINK: &str = "https://dindaeng.go.th/oit/structure";

/// O1 with both links, checked working one click from the home page, with
/// the detail the link check writes for an agency of these digits.
fn linked_document(thai: bool) -> OitReportDocument {
    let (agency, office) = agency(thai);
    let mut o1 = DisclosureEntry::empty(AgencyId::new(), YEAR, "O1");
    o1.department_id = Some(office);
    o1.status = DisclosureStatus::Ready;
    o1.due_on = NaiveDate::from_ymd_opt(2025, 3, 31);
    o1.links = vec![link(THAI_LINK, "แผนภูมิ"), link(PLAIN_LINK, "")];
    let facts = LinkFacts {
        http_status: Some(200),
        home_checked: true,
        clicks_from_home: Some(1),
        mentions_year: Some(true),
        ..LinkFacts::default()
    };
    let (verdict, detail) = judge(&facts, YEAR, 3, thai);
    let at = Utc.with_ymd_and_hms(2025, 11, 22, 10, 5, 0).unwrap();
    let checks = vec![
        check(THAI_LINK, verdict, &detail, at),
        check(PLAIN_LINK, verdict, &detail, at),
    ];
    oit_report_document(
        &framework(),
        &[o1],
        &checks,
        &agency,
        NaiveDate::from_ymd_opt(2025, 11, 22).unwrap(),
    )
}

/// An OIT item code ("O1"): a code, printed as NACC writes it.
fn is_item_code(word: &str) -> bool {
    word.strip_prefix('O')
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

#[tokio::test]
async fn a_thai_digit_agencys_oit_report_has_no_arabic_number_and_ascii_link_targets() {
    let document = linked_document(true);
    assert_eq!(summary(&document, "คะแนน OIT ที่คาดการณ์ (เต็ม ๑๐๐)"), "๒.๕๐");
    let o1 = &document.sections[0].items[0];
    assert_eq!(o1.links[0].url, THAI_LINK, "printed as typed");
    assert_eq!(o1.links[0].detail, "เปิดได้ ห่างจากหน้าหลัก ๑ คลิก พบปี ๒๕๖๘");

    let renderer = Renderer::new().unwrap();
    let pdf = prongsai_docs::render(&renderer, &document, DocumentFormat::Pdf)
        .await
        .unwrap();
    save_artifact("oit-report-thai-link.pdf", &pdf);
    let targets = pdf_uri_bytes(&pdf);
    for target in &targets {
        assert!(target.is_ascii(), "{}", String::from_utf8_lossy(target));
    }
    let uri = prongsai_core::web_link::to_uri(THAI_LINK);
    assert!(targets.iter().any(|t| *t == uri.as_bytes()), "{targets:?}");
    if let Some(text) = pdf_text_if_installed(&pdf) {
        let arabic: Vec<&str> = text
            .split_whitespace()
            .filter(|w| w.bytes().any(|b| b.is_ascii_digit()) && !is_item_code(w))
            .collect();
        assert!(arabic.is_empty(), "Arabic digits printed: {arabic:?}");
        assert!(text.contains("(เต็ม ๑๐๐)"), "{text}");
        assert!(text.contains("๑ คลิก"), "{text}");
    }

    // The spreadsheet's hyperlink is the address as typed (an XML file is
    // UTF-8, and the writer escapes every percent sign it did not write).
    let xlsx = OfficialDocument::xlsx(&document).unwrap();
    let rels = zip_entry(&xlsx, "xl/worksheets/_rels/sheet1.xml.rels");
    assert!(rels.contains(&format!("Target=\"{THAI_LINK}\"")), "{rels}");
}

#[test]
fn an_arabic_digit_agencys_oit_report_prints_arabic_numbers() {
    let document = linked_document(false);
    assert_eq!(summary(&document, "คะแนน OIT ที่คาดการณ์ (เต็ม 100)"), "2.50");
    let o1 = &document.sections[0].items[0];
    assert_eq!(o1.links[0].detail, "เปิดได้ ห่างจากหน้าหลัก 1 คลิก พบปี 2568");
}

#[tokio::test]
async fn the_oit_pdf_shows_the_logo_when_there_is_one() {
    let renderer = Renderer::new().unwrap();
    let logo = prongsai_core::model::Logo {
        content_type: "image/png".to_owned(),
        bytes: PNG.to_vec(),
    };
    let with_logo = OitReportDocument {
        logo: Some(logo.bytes),
        ..oit_document(false)
    };
    let with_logo = prongsai_docs::render(&renderer, &with_logo, DocumentFormat::Pdf)
        .await
        .unwrap();
    let plain = prongsai_docs::render(&renderer, &oit_document(false), DocumentFormat::Pdf)
        .await
        .unwrap();
    if !have_tool("pdfimages", "-v") {
        return;
    }
    assert_eq!(images(&plain), 0);
    assert_eq!(images(&with_logo), 1);
}

/// The images `pdfimages -list` finds (not counting transparency masks).
fn images(pdf: &[u8]) -> usize {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("doc.pdf");
    std::fs::write(&path, pdf).unwrap();
    let out = std::process::Command::new("pdfimages")
        .arg("-list")
        .arg(&path)
        .output()
        .unwrap();
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .filter(|line| line.split_whitespace().nth(2) == Some("image"))
        .count()
}

/// A 1×1 PNG.
const PNG: [u8; 70] = [
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1f, 0x15, 0xc4,
    0x89, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0xf8, 0xcf, 0xc0, 0xf0,
    0x1f, 0x00, 0x05, 0x00, 0x01, 0xff, 0x89, 0x99, 0x3d, 0x1d, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45,
    0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
];

/// The cells of one sheet of a workbook: reference ("G3") → text or number as
/// written.
fn sheet_cells(xlsx: &[u8], sheet: usize) -> BTreeMap<String, String> {
    let strings_xml = zip_entry(xlsx, "xl/sharedStrings.xml");
    let strings_doc = roxmltree::Document::parse(&strings_xml).unwrap();
    let strings: Vec<String> = strings_doc
        .descendants()
        .filter(|n| n.has_tag_name("si"))
        .map(|si| {
            si.descendants()
                .filter(|n| n.has_tag_name("t"))
                .filter_map(|t| t.text())
                .collect()
        })
        .collect();
    let sheet_xml = zip_entry(xlsx, &format!("xl/worksheets/sheet{sheet}.xml"));
    let doc = roxmltree::Document::parse(&sheet_xml).unwrap();
    doc.descendants()
        .filter(|n| n.has_tag_name("c"))
        .filter_map(|c| {
            let value = c.children().find(|n| n.has_tag_name("v"))?.text()?;
            let text = if c.attribute("t") == Some("s") {
                strings[value.parse::<usize>().unwrap()].clone()
            } else {
                value.to_owned()
            };
            Some((c.attribute("r").unwrap().to_owned(), text))
        })
        .collect()
}

/// The row number of the first cell holding `text`.
fn row_of(cells: &BTreeMap<String, String>, text: &str) -> String {
    let (reference, _) = cells
        .iter()
        .find(|(_, v)| v.as_str() == text)
        .unwrap_or_else(|| panic!("{text} not in the sheet"));
    reference
        .trim_start_matches(|c: char| c.is_ascii_alphabetic())
        .to_owned()
}

#[test]
fn the_oit_xlsx_has_one_row_per_link_with_hyperlinks() {
    let xlsx = OfficialDocument::xlsx(&oit_document(true)).unwrap();
    save_artifact("oit-report.xlsx", &xlsx);
    let cells = sheet_cells(&xlsx, 1);
    assert!(cells["A1"].contains("รายงานผลการตรวจสอบการเปิดเผยข้อมูลสาธารณะ (OIT)"));
    assert_eq!(cells["G2"], "ลิงก์หลักฐาน");
    let broken = row_of(&cells, BROKEN);
    assert_eq!(cells[&format!("B{broken}")], "O1");
    assert_eq!(cells[&format!("D{broken}")], OFFICE);
    assert_eq!(cells[&format!("I{broken}")], "ลิงก์เสีย");
    assert_eq!(cells[&format!("J{broken}")], "เว็บไซต์ตอบกลับรหัส 404");
    let good = row_of(&cells, GOOD);
    assert_eq!(cells[&format!("H{good}")], "แผนภูมิโครงสร้าง");
    assert_eq!(cells[&format!("I{good}")], "ใช้งานได้");
    // Items without a link have a row of their own; 28 items, O1 two links.
    let rows: std::collections::BTreeSet<String> = cells
        .keys()
        .map(|r| {
            r.trim_start_matches(|c: char| c.is_ascii_alphabetic())
                .to_owned()
        })
        .collect();
    assert_eq!(rows.len(), 2 + 29);
    assert_eq!(cells[&format!("G{}", row_of(&cells, "O4"))], "ยังไม่มีลิงก์");

    let sheet = zip_entry(&xlsx, "xl/worksheets/sheet1.xml");
    assert!(sheet.contains("state=\"frozen\""), "header frozen");
    assert!(
        sheet.contains(&format!("<hyperlink ref=\"G{broken}\"")),
        "{sheet}"
    );
    let rels = zip_entry(&xlsx, "xl/worksheets/_rels/sheet1.xml.rels").replace("&amp;", "&");
    for url in [GOOD, BROKEN, GOOD_O2, UNCHECKED] {
        assert!(
            rels.contains(&format!("Target=\"{url}\"")),
            "{url} not a hyperlink"
        );
    }
}

pub(crate) fn survey(kind: SurveyKind, questions: Vec<SatisfactionQuestion>) -> Survey {
    Survey {
        id: SurveyId::new(),
        agency_id: AgencyId::new(),
        fiscal_year: YEAR,
        kind,
        title: "แบบสำรวจประจำปี".to_owned(),
        public_token: "t0k3n".to_owned(),
        status: SurveyStatus::Open,
        population: Some(40),
        sample_rule: SampleRule::default(),
        closes_on: NaiveDate::from_ymd_opt(2025, 3, 31),
        questions,
        created_at: Utc.with_ymd_and_hms(2024, 12, 1, 0, 0, 0).unwrap(),
        version: 1,
    }
}

fn response(survey: &Survey, on: (i32, u32, u32), answers: ResponseAnswers) -> SurveyResponse {
    SurveyResponse {
        id: SurveyResponseId::new(),
        survey_id: survey.id,
        agency_id: survey.agency_id,
        submitted_on: NaiveDate::from_ymd_opt(on.0, on.1, on.2).unwrap(),
        answers,
        device_hash: None,
    }
}

/// Every IIT question answered: levels `level`, yes/no `yes`.
fn iit_answers(survey: &Survey, level: u8, yes: bool) -> ResponseAnswers {
    let framework = framework();
    let mut choices = BTreeMap::new();
    for q in asked_questions(survey, Some(&framework)) {
        let one = || match q.scale {
            Scale::YesNo => Answer::YesNo(yes),
            _ => Answer::Level(level),
        };
        let answer = if q.sub_items.is_empty() {
            one()
        } else {
            Answer::SubItems(q.sub_items.iter().map(|_| one()).collect())
        };
        choices.insert(q.code.clone(), answer);
    }
    ResponseAnswers {
        choices,
        comments: BTreeMap::new(),
    }
}

/// RFC 4180 records of a CSV without its BOM (no quoted line breaks here).
fn csv_rows(bytes: &[u8]) -> Vec<Vec<String>> {
    let text = std::str::from_utf8(&bytes[UTF8_BOM.len()..]).unwrap();
    text.split("\r\n")
        .filter(|line| !line.is_empty())
        .map(|line| {
            line.split(',')
                .map(|f| f.trim_matches('"').to_owned())
                .collect()
        })
        .collect()
}

#[test]
fn the_iit_export_has_one_column_per_answer_and_the_engine_scores() {
    let survey = survey(SurveyKind::Iit, Vec::new());
    let responses = vec![
        response(&survey, (2024, 12, 1), iit_answers(&survey, 4, true)),
        response(&survey, (2024, 12, 3), iit_answers(&survey, 2, false)),
    ];
    let framework = framework();
    let document = survey_export_document(&survey, Some(&framework), &responses, AGENCY);

    let csv = OfficialDocument::csv(&document).unwrap();
    assert!(csv.starts_with(UTF8_BOM), "CSV starts with the BOM");
    let rows = csv_rows(&csv);
    assert_eq!(rows.len(), 3, "header and two responses");
    assert_eq!(
        &rows[0][..6],
        ["ลำดับ", "วันที่ตอบ", "i1.1", "i1.2", "i2", "i3.1"]
    );
    let column = |code: &str| rows[0].iter().position(|c| c == code).unwrap();
    assert_eq!(rows[1][0], "1");
    assert_eq!(rows[1][1], "1/12/2567");
    assert_eq!(rows[2][1], "3/12/2567");
    assert_eq!(rows[1][column("i1.2")], "4");
    assert_eq!(rows[2][column("i2")], "2");
    assert_eq!(rows[1][column("i4.3")], "1", "yes is 1");
    assert_eq!(rows[2][column("i4.3")], "0", "no is 0");
    assert_eq!(rows[0].len(), rows[1].len());
    assert!(
        !rows[0].iter().any(|c| c == "i1"),
        "a question with parts has no own column"
    );

    let xlsx = OfficialDocument::xlsx(&document).unwrap();
    save_artifact("survey-export.xlsx", &xlsx);
    let answers = sheet_cells(&xlsx, 1);
    assert_eq!(answers["C2"], "i1.1");
    assert_eq!(answers["C3"], "4", "levels are numbers");
    assert_eq!(answers["B4"], "3/12/2567");
    let sheet1 = zip_entry(&xlsx, "xl/worksheets/sheet1.xml");
    assert!(sheet1.contains("state=\"frozen\""));
    let questions = sheet_cells(&xlsx, 2);
    let i2 = row_of(&questions, "i2");
    let text_i2 = &framework
        .questions()
        .find(|q| q.code == "i2")
        .unwrap()
        .text_th;
    assert_eq!(&questions[&format!("C{i2}")], text_i2);
    assert!(questions[&format!("D{i2}")].starts_with("1 = น้อยที่สุดหรือไม่มีเลย"));
    // The engine scores levels 4 and 2 of i2 (0–100): 100 and 33.33 → 66.67.
    assert_eq!(questions[&format!("E{i2}")], "66.67");
    let part = row_of(&questions, "i4.1");
    assert_eq!(questions[&format!("D{part}")], "1 = มี / ใช่, 0 = ไม่มี / ไม่ใช่");
    let workbook = zip_entry(&xlsx, "xl/workbook.xml");
    assert!(workbook.contains("name=\"คำตอบ\"") && workbook.contains("name=\"คำถาม\""));
}

fn satisfaction_survey() -> Survey {
    let question = |code: &str, text: &str, scale| SatisfactionQuestion {
        code: code.to_owned(),
        text_th: text.to_owned(),
        scale,
    };
    survey(
        SurveyKind::Satisfaction,
        vec![
            question("s1", "ความสะดวกในการติดต่อ", SatisfactionScale::FiveLevel),
            question("s2", "ความสุภาพของเจ้าหน้าที่", SatisfactionScale::FiveLevel),
            question("s3", "ข้อเสนอแนะอื่น ๆ", SatisfactionScale::Text),
        ],
    )
}

/// s1: 5, 5, 4, 3 → mean 4.25, 75 % satisfied; s2: 4, 2, 5, (none) → 3.67.
fn satisfaction_responses(survey: &Survey) -> Vec<SurveyResponse> {
    let answers = |s1: u8, s2: Option<u8>, comment: Option<&str>| {
        let mut choices = BTreeMap::from([("s1".to_owned(), Answer::Level(s1))]);
        if let Some(s2) = s2 {
            choices.insert("s2".to_owned(), Answer::Level(s2));
        }
        ResponseAnswers {
            choices,
            comments: comment
                .map(|c| BTreeMap::from([("s3".to_owned(), c.to_owned())]))
                .unwrap_or_default(),
        }
    };
    vec![
        response(
            survey,
            (2025, 1, 6),
            answers(5, Some(4), Some("ขอที่จอดรถเพิ่ม")),
        ),
        response(survey, (2025, 1, 6), answers(5, Some(2), None)),
        response(
            survey,
            (2025, 1, 9),
            answers(4, Some(5), Some("บริการรวดเร็วดี")),
        ),
        response(survey, (2025, 1, 10), answers(3, None, None)),
    ]
}

#[test]
fn the_satisfaction_export_keeps_comments_as_text() {
    let survey = satisfaction_survey();
    let document = survey_export_document(&survey, None, &satisfaction_responses(&survey), AGENCY);
    let rows = csv_rows(&OfficialDocument::csv(&document).unwrap());
    assert_eq!(rows[0], ["ลำดับ", "วันที่ตอบ", "s1", "s2", "s3"]);
    assert_eq!(rows[1], ["1", "6/1/2568", "5", "4", "ขอที่จอดรถเพิ่ม"]);
    assert_eq!(rows[4], ["4", "10/1/2568", "3", "", ""]);
    let xlsx = OfficialDocument::xlsx(&document).unwrap();
    let questions = sheet_cells(&xlsx, 2);
    assert_eq!(questions["E2"], "ค่าเฉลี่ย (1–5)");
    assert_eq!(questions[&format!("E{}", row_of(&questions, "s1"))], "4.25");
    assert_eq!(
        questions[&format!("D{}", row_of(&questions, "s3"))],
        "ข้อความ"
    );
}

/// The report of the satisfaction survey, dated 15 January 2025.
pub(crate) fn satisfaction_document(thai: bool) -> SatisfactionReportDocument {
    let survey = satisfaction_survey();
    let (agency, _) = agency(thai);
    satisfaction_report_document(
        &survey,
        &satisfaction_responses(&survey),
        &agency,
        NaiveDate::from_ymd_opt(2025, 1, 15).unwrap(),
    )
}

#[test]
fn the_satisfaction_report_counts_levels_means_and_shares() {
    let document = satisfaction_document(true);
    assert_eq!(
        document.respondents,
        "ผู้ตอบแบบสำรวจ ๔ คน ระหว่างวันที่ ๖ มกราคม ๒๕๖๘ ถึง ๑๐ มกราคม ๒๕๖๘"
    );
    let s1 = &document.rows[0];
    assert_eq!(s1.counts, ["๒", "๑", "๑", "๐", "๐"], "levels 5 down to 1");
    assert_eq!((s1.mean.as_str(), s1.level.as_str()), ("๔.๒๕", "มากที่สุด"));
    assert_eq!(s1.satisfied, "๗๕.๐๐");
    let s2 = &document.rows[1];
    assert_eq!(s2.answered, "๓");
    assert_eq!((s2.mean.as_str(), s2.level.as_str()), ("๓.๖๗", "มาก"));
    assert_eq!(document.rows.len(), 2, "the text question is not rated");
    // Overall: 7 answers, sum 28 → 4.00, 5 of 7 satisfied → 71.43.
    assert_eq!(document.overall.answered, "๗");
    assert_eq!(document.overall.mean, "๔.๐๐");
    assert_eq!(document.overall.satisfied, "๗๑.๔๓");
    assert_eq!(document.comments.len(), 2);
    assert_eq!(document.comments[1].text, "บริการรวดเร็วดี");

    let docx = document.docx().unwrap();
    save_artifact("satisfaction-report.docx", &docx);
    let body = docx_body_text(&docx);
    assert_in_order(
        &body,
        &[
            "รายงานผลการสำรวจความพึงพอใจ".to_owned(),
            "แบบสำรวจประจำปี".to_owned(),
            AGENCY.to_owned(),
            "ความสะดวกในการติดต่อ".to_owned(),
            "๔.๒๕".to_owned(),
            "มากที่สุด".to_owned(),
            "๗๕.๐๐".to_owned(),
            "ภาพรวม".to_owned(),
            "๗๑.๔๓".to_owned(),
            "ขอที่จอดรถเพิ่ม".to_owned(),
        ],
    );
}

#[tokio::test]
async fn the_satisfaction_pdf_prints_the_figures() {
    let document = satisfaction_document(false);
    let renderer = Renderer::new().unwrap();
    let pdf = prongsai_docs::render(&renderer, &document, DocumentFormat::Pdf)
        .await
        .unwrap();
    save_artifact("satisfaction-report.pdf", &pdf);
    if !have_tool("pdftotext", "-v") {
        return;
    }
    assert_in_order(
        &pdf_text(&pdf),
        &[
            "รายงานผลการสำรวจความพึงพอใจ".to_owned(),
            "ผู้ตอบแบบสำรวจ 4 คน".to_owned(),
            "ความสะดวกในการติดต่อ".to_owned(),
            "4.25".to_owned(),
            "มากที่สุด".to_owned(),
            "75.00".to_owned(),
            "ความสุภาพของเจ้าหน้าที่".to_owned(),
            "3.67".to_owned(),
            "ภาพรวม".to_owned(),
            "4.00".to_owned(),
            "71.43".to_owned(),
            "ข้อเสนอแนะ".to_owned(),
            "ขอที่จอดรถเพิ่ม".to_owned(),
            "บริการรวดเร็วดี".to_owned(),
        ],
    );
}

#[tokio::test]
async fn the_poster_prints_the_survey_and_its_address() {
    let url = "https://prongsai.example/p/dindaeng/surveys/t0k3n-abc";
    let poster = SurveyPosterDocument {
        agency_name: AGENCY.to_owned(),
        title: "แบบสำรวจความคิดเห็นบุคลากร ๒๕๖๘".to_owned(),
        kind: SurveyKind::Iit.label_th().to_owned(),
        audience: "บุคลากรของหน่วยงาน".to_owned(),
        url: url.to_owned(),
        closes_on: "ตอบได้ถึงวันที่ ๓๑ มีนาคม ๒๕๖๘".to_owned(),
        logo: None,
    };
    let renderer = Renderer::new().unwrap();
    let pdf = prongsai_docs::render(&renderer, &poster, DocumentFormat::Pdf)
        .await
        .unwrap();
    save_artifact("survey-poster.pdf", &pdf);
    if !have_tool("pdftotext", "-v") {
        return;
    }
    assert_eq!(pdf_page_count(&pdf), 1, "one A4 page");
    assert_in_order(
        &pdf_text(&pdf),
        &[
            AGENCY.to_owned(),
            "ขอเชิญร่วมตอบแบบสำรวจ".to_owned(),
            poster.title.clone(),
            "(IIT)".to_owned(),
            url.to_owned(),
            "ตอบได้ถึงวันที่ ๓๑ มีนาคม ๒๕๖๘".to_owned(),
            "ไม่ต้องระบุชื่อ".to_owned(),
        ],
    );
    let sizes: HashMap<_, _> = pdf_page_sizes(&pdf).into_iter().enumerate().collect();
    let (width, height) = sizes[&0];
    assert!(
        (width - 595.0).abs() < 2.0 && (height - 842.0).abs() < 2.0,
        "A4"
    );
}
