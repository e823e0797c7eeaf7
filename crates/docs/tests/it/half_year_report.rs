//! The report of a round: the JSON the template receives, the PDF's content and
//! order as `pdftotext -raw` reads it for both rounds, a long report over many
//! pages with no text in the margins, and the same content in the DOCX and XLSX.

use prongsai_docs::{
    DocumentFormat, HalfYearReportDocument, HalfYearReportGroup, HalfYearReportRow,
    OfficialDocument, Renderer, ReportLink, ReportResult, ReportTarget,
};
use prongsai_testkit::documents::*;
use prongsai_testkit::files::*;

fn render(document: &HalfYearReportDocument) -> Vec<u8> {
    let renderer = Renderer::new().unwrap();
    prongsai_docs::render_blocking(&renderer, document, DocumentFormat::Pdf).unwrap()
}

fn text_of(pdf: &[u8]) -> String {
    pdf_text(pdf).replace('\u{200b}', "")
}

/// Two groups, the second without rows; two results, the first with two
/// links, and a target with what was achieved.
fn small_document() -> HalfYearReportDocument {
    HalfYearReportDocument {
        agency_name: "เทศบาลตำบลปรุใหญ่".to_owned(),
        location: "อำเภอเมืองนครราชสีมา จังหวัดนครราชสีมา".to_owned(),
        fiscal_year: "๒๕๖๖".to_owned(),
        round_heading: "รอบ ๖ เดือน (เดือนตุลาคม ๒๕๖๕ - มีนาคม ๒๕๖๖)".to_owned(),
        plan_title: "มาตรการส่งเสริมคุณธรรมและความโปร่งใสของเทศบาลตำบลปรุใหญ่".to_owned(),
        intro: "จากการวิเคราะห์ผลการประเมิน ประจำปีงบประมาณ พ.ศ. ๒๕๖๕ ดังนี้".to_owned(),
        groups: vec![
            HalfYearReportGroup {
                number: "๑".to_owned(),
                title: "ด้าน IIT".to_owned(),
                rows: vec![HalfYearReportRow {
                    weakness: "การเฝ้าระวังการทุจริต".to_owned(),
                    measures: vec![
                        "- จัดทำแนวทาง".to_owned(),
                        "- มีช่องทางการร้องเรียน *ด่วน*".to_owned(),
                    ],
                    owners: vec!["สำนักปลัด".to_owned(), "กองคลัง".to_owned()],
                    monitoring: vec!["๑. รายงานผลทุก ๖ เดือน".to_owned()],
                    results: vec![
                        ReportResult {
                            marker: "๑.".to_owned(),
                            lines: vec!["ดำเนินการแล้ว #1".to_owned()],
                            links: vec![
                                ReportLink {
                                    label: "ภาพกิจกรรม".to_owned(),
                                    url: "https://www.pathumyai.go.th/news/7".to_owned(),
                                },
                                ReportLink {
                                    label: String::new(),
                                    url: "https://www.pathumyai.go.th/ita/o36.pdf".to_owned(),
                                },
                            ],
                        },
                        ReportResult {
                            marker: "๒.".to_owned(),
                            lines: vec!["ประชุมชี้แจง".to_owned()],
                            links: Vec::new(),
                        },
                    ],
                    targets: vec![ReportTarget {
                        target: "ผู้รับบริการ ๘๐ ราย".to_owned(),
                        achieved: "๗๒ ราย".to_owned(),
                    }],
                }],
            },
            HalfYearReportGroup {
                number: "๒".to_owned(),
                title: "ด้าน EIT".to_owned(),
                rows: Vec::new(),
            },
        ],
        with_links: false,
        thai_digits: true,
    }
}

fn small_order(document: &HalfYearReportDocument) -> Vec<String> {
    [
        "รายงานการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน",
        &format!(
            "ประจำปีงบประมาณ พ.ศ. {} {}",
            document.fiscal_year, document.round_heading
        ),
        "เทศบาลตำบลปรุใหญ่",
        "อำเภอเมืองนครราชสีมา จังหวัดนครราชสีมา",
        "มาตรการส่งเสริมคุณธรรมและความโปร่งใสของเทศบาลตำบลปรุใหญ่",
        "จากการวิเคราะห์ผลการประเมิน ประจำปีงบประมาณ พ.ศ. ๒๕๖๕ ดังนี้",
        "๑. ด้าน IIT",
        "ประเด็นที่เป็นข้อบกพร่อง/จุดอ่อน ขั้นตอนหรือวิธีการ/มาตรการ ผู้รับผิดชอบ \
         การรายงานผลและการกำกับติดตามกำหนดเวลาแล้วเสร็จ การดำเนินการ",
        "การเฝ้าระวังการทุจริต",
        "- จัดทำแนวทาง",
        "- มีช่องทางการร้องเรียน *ด่วน*",
        "สำนักปลัด",
        "กองคลัง",
        "๑. รายงานผลทุก ๖ เดือน",
        "๑. ดำเนินการแล้ว #1",
        "๒. ประชุมชี้แจง",
        "เป้าหมาย: ผู้รับบริการ ๘๐ ราย ผลที่ได้: ๗๒ ราย",
        "๒. ด้าน EIT",
        "ยังไม่มีมาตรการในด้านนี้",
    ]
    .iter()
    .map(|s| (*s).to_owned())
    .collect()
}

#[test]
fn both_rounds_print_every_field_in_order() {
    if !have_tool("pdftotext", "-v") {
        return;
    }
    let mut document = small_document();
    let pdf = render(&document);
    save_artifact("half-year-small.pdf", &pdf);
    assert!(pdf.starts_with(b"%PDF-"));
    assert_in_order(&text_of(&pdf), &small_order(&document));

    document.round_heading = "รอบ ๑๒ เดือน (เดือนตุลาคม ๒๕๖๕ - กันยายน ๒๕๖๖)".to_owned();
    let pdf = render(&document);
    save_artifact("full-year-small.pdf", &pdf);
    let text = text_of(&pdf);
    assert_in_order(&text, &small_order(&document));
    assert!(!text.contains("รอบ ๖ เดือน"), "{text}");
    assert!(
        !text.contains("https://"),
        "links only when asked for: {text}"
    );
}

#[test]
fn a_report_without_groups_says_so() {
    if !have_tool("pdftotext", "-v") {
        return;
    }
    let mut document = small_document();
    document.groups.clear();
    let text = text_of(&render(&document));
    assert_in_order(
        &text,
        &[
            "จากการวิเคราะห์ผลการประเมิน".to_owned(),
            "ยังไม่มีมาตรการในปีงบประมาณนี้".to_owned(),
        ],
    );
}

/// The first and last characters of a paragraph, white space removed: a row
/// that breaks across pages is read cell part by cell part, so only the ends of
/// a paragraph are sure to be contiguous.
fn ends(paragraph: &str) -> Vec<String> {
    let chars: Vec<char> = paragraph.chars().filter(|c| !c.is_whitespace()).collect();
    if chars.len() <= 20 {
        return vec![chars.iter().collect()];
    }
    vec![
        chars[..10].iter().collect(),
        chars[chars.len() - 10..].iter().collect(),
    ]
}

#[test]
fn seed_report_prints_every_field_in_order_inside_the_margins() {
    if !have_tool("pdftotext", "-v") {
        return;
    }
    let document = half_year_seed_document(true);
    let pdf = render(&document);
    save_artifact("half-year-seed.pdf", &pdf);
    let text = text_of(&pdf);
    let mut groups_in_order = vec![
        document.round_heading.clone(),
        document.agency_name.clone(),
        document.location.clone(),
        document.plan_title.clone(),
        document.intro.clone(),
    ];
    for group in &document.groups {
        groups_in_order.push(format!("{}. {}", group.number, group.title));
        for row in &group.rows {
            groups_in_order.extend(ends(&row.weakness));
        }
    }
    assert_in_order(&text, &groups_in_order);
    let rows: Vec<&HalfYearReportRow> = document.groups.iter().flat_map(|g| &g.rows).collect();
    let columns: [fn(&HalfYearReportRow) -> Vec<String>; 4] = [
        |r| r.measures.clone(),
        |r| r.owners.clone(),
        |r| r.monitoring.clone(),
        |r| r.results.iter().flat_map(|x| x.lines.clone()).collect(),
    ];
    for column in columns {
        let needles: Vec<String> = rows
            .iter()
            .flat_map(|row| column(row))
            .flat_map(|paragraph| ends(&paragraph))
            .collect();
        assert_in_order(&text, &needles);
    }
    assert_words_within_margins(&pdf, 3.0, 2.0);
}

#[test]
fn many_pages_keep_every_row_and_the_header() {
    if !have_tool("pdftotext", "-v") || !have_tool("pdfinfo", "-v") {
        return;
    }
    let mut document = half_year_seed_document(false);
    let seed_rows: Vec<HalfYearReportRow> = document
        .groups
        .iter()
        .flat_map(|g| g.rows.clone())
        .collect();
    for group in &mut document.groups {
        group.rows = (1..=12)
            .map(|n| {
                let mut row = seed_rows[n % seed_rows.len()].clone();
                row.weakness = format!("จุดอ่อนรหัส {}-{n} {}", group.number, row.weakness);
                row.results.push(ReportResult {
                    marker: String::new(),
                    lines: vec!["IntegrityAndTransparencyAssessmentOfficeStaff".to_owned()],
                    links: Vec::new(),
                });
                row
            })
            .collect();
    }
    let pdf = render(&document);
    save_artifact("half-year-stress.pdf", &pdf);
    assert!(pdf_page_count(&pdf) >= 15, "{} pages", pdf_page_count(&pdf));
    let text = text_of(&pdf);
    let markers: Vec<String> = (1..=3)
        .flat_map(|g| (1..=12).map(move |n| format!("จุดอ่อนรหัส {g}-{n} ")))
        .collect();
    assert_in_order(&text, &markers);
    for (index, page) in text
        .split('\u{c}')
        .filter(|p| !p.trim().is_empty())
        .enumerate()
        .skip(1)
    {
        assert_in_order(
            page,
            &[
                format!("- {} -", index + 1),
                "ประเด็นที่เป็นข้อบกพร่อง/จุดอ่อน".to_owned(),
            ],
        );
    }
    assert_words_within_margins(&pdf, 3.0, 2.0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn async_render_gives_the_same_pdf() {
    let renderer = Renderer::with_max_concurrent(1).unwrap();
    let document = small_document();
    let pdf = prongsai_docs::render(&renderer, &document, DocumentFormat::Pdf)
        .await
        .unwrap();
    assert_eq!(
        pdf,
        prongsai_docs::render_blocking(&renderer, &document, DocumentFormat::Pdf).unwrap()
    );
}

#[test]
fn docx_has_the_same_content_in_order() {
    let document = small_document();
    let docx = OfficialDocument::docx(&document).unwrap();
    save_artifact("half-year-small.docx", &docx);
    let mut order = small_order(&document);
    // The DOCX header cells are separate runs.
    let header = order.remove(7);
    order.splice(7..7, header.split(' ').map(str::to_owned));
    assert_in_order(&docx_body_text(&docx), &order);

    let seed = half_year_seed_document(false);
    let docx = OfficialDocument::docx(&seed).unwrap();
    save_artifact("half-year-seed.docx", &docx);
    let mut needles = Vec::new();
    for group in &seed.groups {
        needles.push(format!("{}. {}", group.number, group.title));
        for row in &group.rows {
            needles.push(row.weakness.clone());
            needles.extend(row.measures.iter().cloned());
            needles.extend(row.owners.iter().cloned());
            needles.extend(row.monitoring.iter().cloned());
            needles.extend(row.results.iter().flat_map(|r| r.lines.clone()));
        }
    }
    assert_in_order(&docx_body_text(&docx), &needles);
    let xml = zip_entry(&docx, "word/document.xml");
    assert_eq!(xml.matches("<w:tblHeader").count(), seed.groups.len());
}

#[test]
fn xlsx_has_every_row_with_its_group() {
    let document = half_year_seed_document(true);
    let xlsx = OfficialDocument::xlsx(&document).unwrap();
    save_artifact("half-year-seed.xlsx", &xlsx);
    let strings = zip_entry(&xlsx, "xl/sharedStrings.xml");
    let mut needles = vec!["ด้าน".to_owned(), "การดำเนินการ".to_owned()];
    for group in &document.groups {
        needles.push(format!("{}. {}", group.number, group.title));
        for row in &group.rows {
            needles.push(row.weakness.clone());
        }
    }
    assert_in_order(&strings, &needles);
    let sheet = zip_entry(&xlsx, "xl/worksheets/sheet1.xml");
    let rows: usize = document.groups.iter().map(|g| g.rows.len()).sum();
    assert_eq!(sheet.matches("<row ").count(), rows + 2, "{sheet}");
}

#[test]
fn with_links_each_link_is_under_its_own_result_in_every_format() {
    let mut document = small_document();
    document.with_links = true;
    let under_results = [
        "๑. ดำเนินการแล้ว #1",
        "ภาพกิจกรรม: https://www.pathumyai.go.th/news/7",
        "https://www.pathumyai.go.th/ita/o36.pdf",
        "๒. ประชุมชี้แจง",
        "เป้าหมาย: ผู้รับบริการ ๘๐ ราย ผลที่ได้: ๗๒ ราย",
    ]
    .map(str::to_owned);
    if have_tool("pdftotext", "-v") {
        let pdf = render(&document);
        save_artifact("half-year-links.pdf", &pdf);
        assert_in_order(&text_of(&pdf), &under_results);
        assert_eq!(
            pdf_link_uris(&pdf),
            [
                "https://www.pathumyai.go.th/news/7",
                "https://www.pathumyai.go.th/ita/o36.pdf"
            ]
        );
    }
    let docx = OfficialDocument::docx(&document).unwrap();
    save_artifact("half-year-links.docx", &docx);
    let text = docx_body_text(&docx);
    assert_in_order(
        &text,
        &[
            "๑. ดำเนินการแล้ว #1",
            "ภาพกิจกรรม: ",
            "https://www.pathumyai.go.th/news/7",
            "https://www.pathumyai.go.th/ita/o36.pdf",
            "๒. ประชุมชี้แจง",
            "เป้าหมาย: ผู้รับบริการ ๘๐ ราย ผลที่ได้: ๗๒ ราย",
        ]
        .map(str::to_owned),
    );
    let xml = zip_entry(&docx, "word/document.xml");
    assert_eq!(xml.matches("<w:hyperlink r:id=").count(), 2);
    let xlsx = OfficialDocument::xlsx(&document).unwrap();
    let strings = zip_entry(&xlsx, "xl/sharedStrings.xml");
    assert_in_order(
        &strings,
        &[
            "เป้าหมายและผลที่ได้",
            "๑. ดำเนินการแล้ว #1\n    ภาพกิจกรรม: https://www.pathumyai.go.th/news/7\n    \
             https://www.pathumyai.go.th/ita/o36.pdf\n๒. ประชุมชี้แจง",
            "เป้าหมาย: ผู้รับบริการ ๘๐ ราย ผลที่ได้: ๗๒ ราย",
        ]
        .map(str::to_owned),
    );
}
