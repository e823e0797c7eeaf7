//! สถิติเรื่องร้องเรียนการทุจริตและประพฤติมิชอบ: counts of a fiscal year per kind in
//! the agency's digits, the corruption counts as withheld ("น้อยกว่า ๕", "ไม่เปิดเผย")
//! with the note, fiscal-order months and quarters; the same in PDF, XLSX and a
//! CSV that starts with the UTF-8 byte-order mark and parses.

use chrono::NaiveDate;
use prongsai_core::complaints::statistics::{CaseFacts, ComplaintStatistics, Scope, statistics};
use prongsai_core::complaints::{CaseKind, CaseStatus, Channel, Timeliness};
use prongsai_core::model::{AgencyId, Department, DepartmentId};
use prongsai_core::thai::fiscal::FiscalYear;
use prongsai_docs::{
    ComplaintStatisticsDocument, DocumentAgency, DocumentFormat, OfficialDocument, Renderer,
    StatisticsSection, UTF8_BOM, complaint_statistics_document,
};
use prongsai_testkit::documents::*;
use prongsai_testkit::files::*;

const YEAR: i32 = 2569;
const FINANCE: &str = "กองคลัง";
const WORKS: &str = "กองช่าง";

fn s(text: &str) -> String {
    text.to_owned()
}

fn fact(
    kind: CaseKind,
    channel: Channel,
    on: (i32, u32, u32),
    department: Option<DepartmentId>,
    timeliness: Timeliness,
) -> CaseFacts {
    CaseFacts {
        kind,
        channel,
        status: match timeliness {
            Timeliness::OnTime | Timeliness::Late => CaseStatus::Resolved,
            Timeliness::Pending | Timeliness::Overdue => CaseStatus::InProgress,
        },
        department_id: department,
        received_on: NaiveDate::from_ymd_opt(on.0, on.1, on.2).unwrap(),
        timeliness,
    }
}

/// The agency with its two departments, and the year's statistics: 12
/// complaints (7 online, 3 by telephone, 2 by LINE; 6 to the finance division,
/// 4 answered in time and 2 late) and 20 corruption reports (12 online, 2 by
/// telephone, 6 by letter).
fn fixture(thai: bool) -> (DocumentAgency, ComplaintStatistics, ComplaintStatistics) {
    let agency_id = AgencyId::new();
    let department = |name: &str, order: i32| Department {
        agency_id,
        id: DepartmentId::new(),
        name: name.to_owned(),
        sort_order: order,
    };
    let departments = vec![department(FINANCE, 1), department(WORKS, 2)];
    let finance = Some(departments[0].id);
    let mut facts = Vec::new();
    for i in 0..7 {
        let timeliness = if i < 4 {
            Timeliness::OnTime
        } else {
            Timeliness::Pending
        };
        facts.push(fact(
            CaseKind::Complaint,
            Channel::Online,
            (2025, 10, 3),
            if i < 6 { finance } else { None },
            timeliness,
        ));
    }
    for _ in 0..3 {
        facts.push(fact(
            CaseKind::Complaint,
            Channel::Telephone,
            (2026, 2, 10),
            None,
            Timeliness::Overdue,
        ));
    }
    for _ in 0..2 {
        facts.push(fact(
            CaseKind::Complaint,
            Channel::Line,
            (2026, 7, 1),
            None,
            Timeliness::Late,
        ));
    }
    for (channel, n) in [
        (Channel::Online, 12),
        (Channel::Telephone, 2),
        (Channel::Letter, 6),
    ] {
        for _ in 0..n {
            facts.push(fact(
                CaseKind::Corruption,
                channel,
                (2026, 3, 2),
                finance,
                Timeliness::OnTime,
            ));
        }
    }
    let ids: Vec<DepartmentId> = departments.iter().map(|d| d.id).collect();
    let year = FiscalYear::new(YEAR);
    let complaints = statistics(&facts, year, Scope::Kind(CaseKind::Complaint), &ids, None);
    let corruption = statistics(
        &facts,
        year,
        Scope::Kind(CaseKind::Corruption),
        &ids,
        Some(5),
    );
    let agency = DocumentAgency {
        name: AGENCY.to_owned(),
        thai_digits: thai,
        departments,
        ..DocumentAgency::default()
    };
    (agency, complaints, corruption)
}

pub(crate) fn document(thai: bool) -> ComplaintStatisticsDocument {
    let (agency, complaints, corruption) = fixture(thai);
    complaint_statistics_document(
        &complaints,
        &corruption,
        &agency,
        NaiveDate::from_ymd_opt(2026, 8, 15).unwrap(),
    )
}

/// The count of `label` in the breakdown by `column`.
fn count<'a>(section: &'a StatisticsSection, column: &str, label: &str) -> &'a str {
    let table = section
        .tables
        .iter()
        .find(|t| t.column == column)
        .unwrap_or_else(|| panic!("no table by {column}"));
    &table
        .rows
        .iter()
        .find(|r| r.label == label)
        .unwrap_or_else(|| panic!("no row {label} by {column}"))
        .count
}

#[test]
fn the_document_counts_each_kind_in_the_agency_digits() {
    let d = document(true);
    assert_eq!(d.title, "สถิติเรื่องร้องเรียนการทุจริตและประพฤติมิชอบ");
    assert_eq!(d.fiscal_year, "ประจำปีงบประมาณ พ.ศ. ๒๕๖๙");
    assert_eq!(d.issued_on, "ข้อมูล ณ วันที่ ๑๕ สิงหาคม ๒๕๖๙");
    let [complaints, corruption] = &d.sections[..] else {
        panic!("two sections expected, got {}", d.sections.len());
    };
    assert_eq!(complaints.heading, "๑. เรื่องร้องเรียน/ร้องทุกข์");
    assert_eq!(complaints.total, "๑๒");
    assert_eq!(count(complaints, "ช่องทาง", "เว็บไซต์ (ออนไลน์)"), "๗");
    assert_eq!(count(complaints, "ช่องทาง", "โทรศัพท์"), "๓");
    assert_eq!(count(complaints, "ช่องทาง", "หนังสือ/จดหมาย"), "๐");
    assert_eq!(count(complaints, "ส่วนราชการ", FINANCE), "๖");
    assert_eq!(count(complaints, "ส่วนราชการ", WORKS), "๐");
    assert_eq!(count(complaints, "ส่วนราชการ", "ยังไม่ได้มอบหมาย"), "๖");
    assert_eq!(count(complaints, "สถานะ", "ดำเนินการแล้วเสร็จ"), "๖");
    // Months in fiscal order, October of the year before first.
    let months = &complaints.tables[4];
    assert_eq!(months.rows.len(), 12);
    assert_eq!(months.rows[0].label, "ตุลาคม ๒๕๖๘");
    assert_eq!(months.rows[0].count, "๗");
    assert_eq!(months.rows[11].label, "กันยายน ๒๕๖๙");
    assert_eq!(
        count(complaints, "ไตรมาส", "ไตรมาสที่ ๒ (ม.ค. – มี.ค. ๒๕๖๙)"),
        "๓"
    );
    assert_eq!(count(complaints, "ระยะเวลาดำเนินการ", "เกินกำหนด"), "๒");
    // Four in time of six answered.
    assert_eq!(complaints.on_time, "๖๖.๖๗");
    assert!(complaints.note.is_empty());

    assert_eq!(corruption.heading, "๒. เรื่องร้องเรียนการทุจริตและประพฤติมิชอบ");
    assert_eq!(corruption.total, "๒๐");
    assert_eq!(count(corruption, "ช่องทาง", "โทรศัพท์"), "น้อยกว่า ๕");
    // Hiding the 2 alone would let 20 − 12 − 6 give it back.
    assert_eq!(count(corruption, "ช่องทาง", "หนังสือ/จดหมาย"), "ไม่เปิดเผย");
    assert_eq!(count(corruption, "ช่องทาง", "เว็บไซต์ (ออนไลน์)"), "๑๒");
    assert_eq!(count(corruption, "ช่องทาง", "LINE"), "๐");
    assert_eq!(corruption.on_time, "๑๐๐.๐๐");
    assert!(corruption.note.contains("ตั้งแต่ ๑ ถึง ๔ เรื่อง"));
    assert!(corruption.note.contains("น้อยกว่า ๕"));
}

#[test]
fn too_few_answered_withholds_the_rate_and_none_answered_shows_a_dash() {
    let (agency, _, _) = fixture(false);
    let few = vec![
        fact(
            CaseKind::Corruption,
            Channel::Online,
            (2026, 1, 5),
            None,
            Timeliness::OnTime,
        );
        3
    ];
    let corruption = statistics(
        &few,
        FiscalYear::new(YEAR),
        Scope::Kind(CaseKind::Corruption),
        &[],
        Some(5),
    );
    let empty = statistics(
        &[],
        FiscalYear::new(YEAR),
        Scope::Kind(CaseKind::Complaint),
        &[],
        None,
    );
    let today = NaiveDate::from_ymd_opt(2026, 8, 15).unwrap();
    let d = complaint_statistics_document(&empty, &corruption, &agency, today);
    assert_eq!(d.sections[0].total, "0");
    assert_eq!(d.sections[0].on_time, "-");
    assert_eq!(d.sections[1].total, "น้อยกว่า 5");
    assert_eq!(d.sections[1].on_time, "ไม่เปิดเผย");
}

#[test]
fn the_pdf_prints_both_sections_with_the_withheld_counts() {
    if !have_tool("pdftotext", "-v") || !have_tool("pdfinfo", "-v") {
        return;
    }
    let d = document(true);
    let renderer = Renderer::new().unwrap();
    let pdf = prongsai_docs::render_blocking(&renderer, &d, DocumentFormat::Pdf).unwrap();
    save_artifact("complaint-statistics.pdf", &pdf);
    let text = pdf_text(&pdf);
    assert_in_order(
        &text,
        &[
            d.title.clone(),
            s(AGENCY),
            s("ประจำปีงบประมาณ พ.ศ. ๒๕๖๙"),
            s("ข้อมูล ณ วันที่ ๑๕ สิงหาคม ๒๕๖๙"),
            s("๑. เรื่องร้องเรียน/ร้องทุกข์"),
            s("๑๒"),
            s("๖๖.๖๗"),
            s("จำแนกตามช่องทาง"),
            s("เว็บไซต์ (ออนไลน์) ๗"),
            s("โทรศัพท์ ๓"),
            s(FINANCE),
            s("ตุลาคม ๒๕๖๘ ๗"),
            s("๒. เรื่องร้องเรียนการทุจริตและประพฤติมิชอบ"),
            s("๒๐"),
            s("น้อยกว่า ๕"),
            s("โทรศัพท์ น้อยกว่า ๕"),
            s("หนังสือ/จดหมาย ไม่เปิดเผย"),
        ],
    );
    let arabic: Vec<char> = text.chars().filter(char::is_ascii_digit).collect();
    assert!(arabic.is_empty(), "Arabic digits left: {arabic:?}");
    let pages = pdf_pages(&text);
    assert_eq!(pages.len(), 2, "one page per kind");
    assert!(!pages[0].contains("ไม่เปิดเผย"), "exact counts on page 1");
}

#[tokio::test(flavor = "multi_thread")]
async fn renders_off_the_executor_within_the_margins() {
    let renderer = Renderer::new().unwrap();
    let pdf = prongsai_docs::render(&renderer, &document(false), DocumentFormat::Pdf)
        .await
        .unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
    if have_tool("pdftotext", "-v") {
        assert_words_within_margins(&pdf, 3.0, 2.0);
    }
}

#[test]
fn xlsx_stores_exact_counts_as_numbers_and_withheld_ones_as_text() {
    let xlsx = OfficialDocument::xlsx(&document(true)).unwrap();
    save_artifact("complaint-statistics.xlsx", &xlsx);
    let strings = zip_entry(&xlsx, "xl/sharedStrings.xml");
    for needle in [
        "ประเภทเรื่อง",
        "เรื่องร้องเรียนการทุจริตและประพฤติมิชอบ",
        "น้อยกว่า ๕",
        "ไม่เปิดเผย",
        "ตุลาคม ๒๕๖๘",
        FINANCE,
    ] {
        assert!(strings.contains(needle), "{needle} missing");
    }
    let sheet = zip_entry(&xlsx, "xl/worksheets/sheet1.xml");
    // The complaints' total (12) and the corruption reports' (20) are numbers.
    assert!(sheet.contains("<v>12</v>"), "{sheet}");
    assert!(sheet.contains("<v>20</v>"));
    assert!(sheet.contains("<v>66.67</v>"));
}

/// Splits CSV text (RFC 4180, CRLF) into records of fields.
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut records = Vec::new();
    let mut record = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, _) => field.push(c),
            (false, '"') if field.is_empty() => quoted = true,
            (false, ',') => record.push(std::mem::take(&mut field)),
            (false, '\r') => assert_eq!(chars.next(), Some('\n'), "lines end in CRLF"),
            (false, '\n') => panic!("a bare LF ends a line"),
            (false, _) => field.push(c),
        }
        if !quoted && c == '\r' {
            record.push(std::mem::take(&mut field));
            records.push(std::mem::take(&mut record));
        }
    }
    assert!(field.is_empty() && record.is_empty(), "the last line ends");
    records
}

#[test]
fn csv_has_the_bom_parses_and_writes_arabic_digits() {
    let csv = OfficialDocument::csv(&document(true)).unwrap();
    save_artifact("complaint-statistics.csv", &csv);
    assert!(csv.starts_with(UTF8_BOM));
    assert_eq!(&csv[..3], b"\xEF\xBB\xBF");
    let text = std::str::from_utf8(&csv[3..]).unwrap();
    let records = parse_csv(text);
    assert_eq!(
        records[0],
        vec![s("ประเภทเรื่อง"), s("จำแนกตาม"), s("รายการ"), s("จำนวน")]
    );
    assert!(records.iter().all(|r| r.len() == 4), "four fields a line");
    let find = |kind: &str, by: &str, item: &str| -> String {
        records
            .iter()
            .find(|r| r[0] == kind && r[1] == by && r[2] == item)
            .unwrap_or_else(|| panic!("no line {kind} / {by} / {item}"))[3]
            .clone()
    };
    let complaint = "เรื่องร้องเรียน/ร้องทุกข์";
    let corruption = "เรื่องร้องเรียนการทุจริตและประพฤติมิชอบ";
    assert_eq!(find(complaint, "รวม", "ทั้งหมด"), "12");
    assert_eq!(find(complaint, "ช่องทาง", "LINE"), "2");
    assert_eq!(find(complaint, "เดือน", "ตุลาคม 2568"), "7");
    assert_eq!(find(corruption, "ช่องทาง", "โทรศัพท์"), "น้อยกว่า 5");
    assert_eq!(find(corruption, "ช่องทาง", "หนังสือ/จดหมาย"), "ไม่เปิดเผย");
    assert_eq!(find(corruption, "ร้อยละของเรื่องที่ตอบภายในกำหนด", ""), "100.00");
    let note = records
        .iter()
        .find(|r| r[0] == corruption && r[1] == "หมายเหตุ")
        .unwrap();
    assert!(note[2].contains("น้อยกว่า 5"));
    assert!(!text.chars().any(|c| ('๐'..='๙').contains(&c)));
}

/// The formula and cached value of every formula cell of the first sheet.
fn sheet_formulas(xlsx: &[u8]) -> Vec<(String, String, String)> {
    let xml = zip_entry(xlsx, "xl/worksheets/sheet1.xml");
    let sheet = roxmltree::Document::parse(&xml).unwrap();
    sheet
        .descendants()
        .filter(|n| n.tag_name().name() == "c")
        .filter_map(|cell| {
            let child = |name: &str| {
                cell.children()
                    .find(|n| n.tag_name().name() == name)
                    .and_then(|n| n.text())
                    .map(str::to_owned)
            };
            Some((cell.attribute("r")?.to_owned(), child("f")?, child("v")?))
        })
        .collect()
}

#[test]
fn xlsx_totals_are_sums_of_a_breakdown_unless_a_count_is_withheld() {
    let document = document(true);
    let xlsx = OfficialDocument::xlsx(&document).unwrap();
    let channels = document.sections[0].tables[0].rows.len();
    // Title in row 1, header in row 2: the complaints' total is D3, its
    // channels the rows below it.
    assert_eq!(
        sheet_formulas(&xlsx),
        [(
            "D3".to_owned(),
            format!("SUM(D4:D{})", 3 + channels),
            "12".to_owned()
        )]
    );
    // The corruption reports' channels hold withheld counts: their total
    // stays the figure, which a SUM of the shown counts would not give.
    let sheet = zip_entry(&xlsx, "xl/worksheets/sheet1.xml");
    assert!(sheet.contains("<v>20</v>"));
}
