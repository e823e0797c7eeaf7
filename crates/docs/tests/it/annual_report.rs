//! The annual report: the JSON the template receives, the PDF's content and order
//! as `pdftotext -raw` reads it, the evidence links as link annotations with their
//! URLs intact, a stress report of about forty pages with no text in the margins,
//! and the same content in the DOCX (with hyperlinks) and the XLSX.

use prongsai_docs::{
    AnnualReportDocument, AnnualReportRow, AnnualReportTopic, DocumentFormat, OfficialDocument,
    Renderer, ReportLink, ReportResult, ReportTarget,
};
use prongsai_testkit::documents::*;
use prongsai_testkit::files::*;

const ZERO_WIDTH_SPACE: char = '\u{200b}';

fn render(document: &AnnualReportDocument) -> Vec<u8> {
    let renderer = Renderer::new().unwrap();
    prongsai_docs::render_blocking(&renderer, document, DocumentFormat::Pdf).unwrap()
}

/// The link annotations' URLs, one per link: a URL wrapped over several lines
/// has an annotation on each line.
fn link_uris(pdf: &[u8]) -> Vec<String> {
    let mut uris = pdf_link_uris(pdf);
    uris.dedup();
    uris
}

/// `pdftotext -raw` without the zero-width break opportunities the template puts
/// into URLs and with poppler's doubled clusters undone.
fn text_of(pdf: &[u8]) -> String {
    pdf_text(pdf).replace(ZERO_WIDTH_SPACE, "")
}

/// Every evidence link of a row, result by result.
fn row_links(row: &AnnualReportRow) -> impl Iterator<Item = &ReportLink> {
    row.results.iter().flat_map(|r| &r.links)
}

/// Two topics, the second without measures; two results, each with its own
/// link, and a target with what was achieved; markup characters in the data.
fn small_document(with_links: bool) -> AnnualReportDocument {
    AnnualReportDocument {
        agency_name: "องค์การบริหารส่วนตำบลดินแดง".to_owned(),
        location: "อำเภอลำทับ จังหวัดกระบี่".to_owned(),
        fiscal_year: "๒๕๖๘".to_owned(),
        preamble: "จากการประเมินผลคุณธรรมและความโปร่งใส โดยภาพรวมได้คะแนน ๙๗.๐๗".to_owned(),
        topics: vec![
            AnnualReportTopic {
                number: "๑".to_owned(),
                title: "กระบวนการปฏิบัติงานที่โปร่งใส".to_owned(),
                rows: vec![AnnualReportRow {
                    number: "๑".to_owned(),
                    measure: "ป้องกันการขัดกันระหว่างประโยชน์ส่วนตน".to_owned(),
                    steps: vec![
                        "๑. กำหนดนโยบาย".to_owned(),
                        "๒. จัดอบรม #1 *ตัวหนา*".to_owned(),
                    ],
                    timeframe: "ไตรมาสที่ ๑ - ๒".to_owned(),
                    owners: vec!["หัวหน้าสำนักปลัด".to_owned(), "กองคลัง".to_owned()],
                    results: vec![
                        ReportResult {
                            marker: "๑.".to_owned(),
                            lines: vec!["จัดอบรม ๓ ครั้ง".to_owned()],
                            links: vec![ReportLink {
                                label: "คำสั่ง".to_owned(),
                                url: "https://www.dindaeng.go.th/order/2568?id=15&t=ita".to_owned(),
                            }],
                        },
                        ReportResult {
                            marker: "๒.".to_owned(),
                            lines: vec!["เผยแพร่ #คู่มือ".to_owned()],
                            links: vec![ReportLink {
                                label: String::new(),
                                url: "https://example.go.th/a_b-c#top".to_owned(),
                            }],
                        },
                    ],
                    targets: vec![ReportTarget {
                        target: "อบรมให้ความรู้ ๓ ครั้ง".to_owned(),
                        achieved: "๗๒ ราย".to_owned(),
                    }],
                    outcome: vec!["๑) ไม่มีเรื่องร้องเรียน $x$".to_owned()],
                }],
            },
            AnnualReportTopic {
                number: "๒".to_owned(),
                title: "การให้บริการและระบบ E-Service".to_owned(),
                rows: Vec::new(),
            },
        ],
        with_links,
        thai_digits: true,
    }
}

/// Every field of the small document, in the order it is printed.
fn small_order() -> Vec<String> {
    [
        "รายงานผลการดำเนินการเพื่อส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน ประจำปีงบประมาณ ๒๕๖๘",
        "องค์การบริหารส่วนตำบลดินแดง อำเภอลำทับ จังหวัดกระบี่",
        "จากการประเมินผลคุณธรรมและความโปร่งใส โดยภาพรวมได้คะแนน ๙๗.๐๗",
        "ประเด็นที่ ๑ กระบวนการปฏิบัติงานที่โปร่งใส",
        "ลำดับ มาตรการ/กิจกรรม ขั้นตอนหรือวิธีการปฏิบัติ ระยะเวลาในการดำเนินการ ผู้รับผิดชอบ \
         สรุปผลการดำเนินการตามมาตรการหรือกิจกรรม ผลลัพธ์หรือความสำเร็จในการดำเนินการ",
        "๑",
        "ป้องกันการขัดกันระหว่างประโยชน์ส่วนตน",
        "๑. กำหนดนโยบาย",
        "๒. จัดอบรม #1 *ตัวหนา*",
        "ไตรมาสที่ ๑ - ๒",
        "หัวหน้าสำนักปลัด",
        "กองคลัง",
        "๑. จัดอบรม ๓ ครั้ง",
        "๒. เผยแพร่ #คู่มือ",
        "เป้าหมาย: อบรมให้ความรู้ ๓ ครั้ง ผลที่ได้: ๗๒ ราย",
        "๑) ไม่มีเรื่องร้องเรียน $x$",
    ]
    .iter()
    .map(|s| (*s).to_owned())
    .collect()
}

#[test]
fn small_report_has_every_field_in_order_and_no_links() {
    if !have_tool("pdftotext", "-v") || !have_tool("pdfinfo", "-v") {
        return;
    }
    let pdf = render(&small_document(false));
    save_artifact("annual-small.pdf", &pdf);
    assert!(pdf.starts_with(b"%PDF-"));
    let text = text_of(&pdf);
    let mut order = small_order();
    order.push("ประเด็นที่ ๒ การให้บริการและระบบ E-Service".to_owned());
    order.push("ยังไม่มีมาตรการในประเด็นนี้".to_owned());
    assert_in_order(&text, &order);
    assert!(!text.contains("หลักฐาน"), "{text}");
    assert!(!text.contains("https://"), "{text}");
    assert!(pdf_link_uris(&pdf).is_empty());
    // Landscape pages.
    let info = poppler_output("pdfinfo", &[], &[], &pdf);
    assert!(info.contains("841.89 x 595.276 pts (A4)"), "{info}");
}

#[test]
fn links_variant_prints_and_links_every_url_intact() {
    if !have_tool("pdftotext", "-v") || !have_tool("pdfinfo", "-v") {
        return;
    }
    let pdf = render(&small_document(true));
    save_artifact("annual-small-links.pdf", &pdf);
    // The printed URLs copy out exactly: no invisible break characters in them,
    // only the line breaks where the column wraps them.
    let raw = pdf_text(&pdf);
    assert!(
        raw.replace('\n', "")
            .contains("https://www.dindaeng.go.th/order/2568?id=15&t=ita"),
        "{raw}"
    );
    assert!(!raw.contains(ZERO_WIDTH_SPACE), "{raw}");
    let text = text_of(&pdf);
    // Each link under its own result, then the target, then the outcome.
    let mut order = small_order();
    order.insert(
        13,
        // Arabic digits in the URL although the document uses Thai digits.
        "คำสั่ง: https://www.dindaeng.go.th/order/2568?id=15&t=ita".to_owned(),
    );
    order.insert(15, "https://example.go.th/a_b-c#top".to_owned());
    order.push("ประเด็นที่ ๒".to_owned());
    assert_in_order(&text, &order);
    assert_eq!(
        link_uris(&pdf),
        [
            "https://www.dindaeng.go.th/order/2568?id=15&t=ita",
            "https://example.go.th/a_b-c#top"
        ]
    );
}

#[test]
fn template_markup_in_data_is_printed_as_text() {
    if !have_tool("pdftotext", "-v") {
        return;
    }
    let mut document = small_document(true);
    document.agency_name = "#panic(\"x\") <label> // ไม่ใช่คอมเมนต์".to_owned();
    document.topics[0].rows[0].results[0].links[0].label = "]#panic(\"y\")[".to_owned();
    let text = text_of(&render(&document));
    assert!(
        text.contains("#panic(\"x\") <label> // ไม่ใช่คอมเมนต์"),
        "{text}"
    );
    assert!(text.contains("]#panic(\"y\")[:"), "{text}");
}

/// The first and last characters of a paragraph, white space removed. Seed rows
/// are taller than a page and break across pages; `pdftotext -raw` then reads
/// the first part of every cell before the rest of any, so a whole paragraph may
/// not be contiguous, but its two ends are.
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
fn seed_report_prints_every_field_in_order_across_pages() {
    if !have_tool("pdftotext", "-v") || !have_tool("pdfinfo", "-v") {
        return;
    }
    let document = annual_seed_document(true, true);
    let pdf = render(&document);
    save_artifact("annual-seed-links.pdf", &pdf);
    let text = text_of(&pdf);
    assert_in_order(
        &text,
        &[
            format!("ประจำปีงบประมาณ {}", document.fiscal_year),
            format!("{} {}", document.agency_name, document.location),
            document.preamble.clone(),
        ],
    );
    // Topics and rows in order.
    let mut rows_in_order = Vec::new();
    for topic in &document.topics {
        rows_in_order.push(format!("ประเด็นที่ {} {}", topic.number, topic.title));
        for row in &topic.rows {
            rows_in_order.push(row.number.clone());
            rows_in_order.extend(ends(&row.measure));
        }
    }
    assert_in_order(&text, &rows_in_order);
    // Each column's paragraphs, in order down the document.
    let rows: Vec<&AnnualReportRow> = document.topics.iter().flat_map(|t| &t.rows).collect();
    let columns: [fn(&AnnualReportRow) -> Vec<String>; 5] = [
        |r| r.steps.clone(),
        |r| vec![r.timeframe.clone()],
        |r| r.owners.clone(),
        |r| r.results.iter().flat_map(|x| x.lines.clone()).collect(),
        |r| r.outcome.clone(),
    ];
    for column in columns {
        let needles: Vec<String> = rows
            .iter()
            .flat_map(|row| column(row))
            .flat_map(|paragraph| ends(&paragraph))
            .collect();
        assert_in_order(&text, &needles);
    }
    let urls: Vec<String> = rows
        .iter()
        .flat_map(|row| row_links(row).map(|link| link.url.clone()))
        .collect();
    assert_eq!(link_uris(&pdf), urls);
    // A URL may wrap onto the next page, so only its ends are sure to be whole.
    let url_ends: Vec<String> = urls.iter().flat_map(|url| ends(url)).collect();
    assert_in_order(&text, &url_ends);
    assert_words_within_margins(&pdf, 3.0, 2.0);
}

#[test]
fn forty_page_stress_report_keeps_every_row_inside_the_margins() {
    if !have_tool("pdftotext", "-v") || !have_tool("pdfinfo", "-v") {
        return;
    }
    let document = annual_stress_document(9, 3);
    let pdf = render(&document);
    save_artifact("annual-stress.pdf", &pdf);
    let pages = pdf_page_count(&pdf);
    assert!((30..=60).contains(&pages), "{pages} pages");
    let text = text_of(&pdf);
    let markers: Vec<String> = (1..=9)
        .flat_map(|t| (1..=3).map(move |r| format!("มาตรการรหัส {t}-{r}")))
        .collect();
    assert_in_order(&text, &markers);
    let urls: Vec<String> = document
        .topics
        .iter()
        .flat_map(|t| &t.rows)
        .flat_map(|r| row_links(r).map(|l| l.url.clone()))
        .collect();
    assert_eq!(link_uris(&pdf), urls);
    // Every page after the first has its number and the repeated header.
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
                "ลำดับ มาตรการ/กิจกรรม".to_owned(),
            ],
        );
    }
    assert_words_within_margins(&pdf, 3.0, 2.0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn async_render_gives_the_same_pdf() {
    let renderer = Renderer::with_max_concurrent(1).unwrap();
    let document = small_document(true);
    let pdf = prongsai_docs::render(&renderer, &document, DocumentFormat::Pdf)
        .await
        .unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
    assert_eq!(
        pdf,
        prongsai_docs::render_blocking(&renderer, &document, DocumentFormat::Pdf).unwrap()
    );
}

#[test]
fn docx_has_the_same_content_and_the_links_as_hyperlinks() {
    let document = annual_seed_document(true, true);
    let docx = OfficialDocument::docx(&document).unwrap();
    save_artifact("annual-seed-links.docx", &docx);
    // Landscape A4, as the PDF: 29.7 cm wide, 21 cm high.
    let xml = zip_entry(&docx, "word/document.xml");
    assert!(
        xml.contains("w:w=\"16838\"") && xml.contains("w:h=\"11906\""),
        "landscape page size"
    );
    assert!(
        xml.contains("w:orient=\"landscape\""),
        "landscape orientation"
    );
    let text = docx_body_text(&docx);
    let mut needles = vec![
        format!(
            "รายงานผลการดำเนินการเพื่อส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน ประจำปีงบประมาณ {}",
            document.fiscal_year
        ),
        format!("{} {}", document.agency_name, document.location),
        document.preamble.clone(),
    ];
    let mut urls = Vec::new();
    for topic in &document.topics {
        needles.push(format!("ประเด็นที่ {} {}", topic.number, topic.title));
        needles.extend(small_order()[4].split(' ').map(str::to_owned));
        for row in &topic.rows {
            needles.push(row.number.clone());
            needles.push(row.measure.clone());
            needles.extend(row.steps.iter().cloned());
            needles.push(row.timeframe.clone());
            needles.extend(row.owners.iter().cloned());
            for result in &row.results {
                needles.extend(result.lines.iter().cloned());
                for link in &result.links {
                    if !link.label.is_empty() {
                        needles.push(format!("{}: ", link.label));
                    }
                    needles.push(link.url.clone());
                    urls.push(link.url.clone());
                }
            }
            needles.extend(row.outcome.iter().cloned());
        }
    }
    assert_in_order(&text, &needles);
    assert!(!text.contains('\u{e000}'), "a link placeholder is left");

    let xml = zip_entry(&docx, "word/document.xml");
    assert_eq!(xml.matches("<w:hyperlink r:id=").count(), urls.len());
    let rels = zip_entry(&docx, "word/_rels/document.xml.rels");
    let mut targets = Vec::new();
    for (index, url) in urls.iter().enumerate() {
        let id = format!("rIdProngsaiLink{index}");
        assert!(xml.contains(&format!("<w:hyperlink r:id=\"{id}\">")));
        let escaped = url.replace('&', "&amp;");
        assert!(
            rels.contains(&format!("Id=\"{id}\"")) && rels.contains("TargetMode=\"External\""),
            "{rels}"
        );
        targets.push(format!("Target=\"{escaped}\""));
    }
    assert_in_order(&rels, &targets);
    // Each topic's table repeats its header row.
    assert_eq!(xml.matches("<w:tblHeader").count(), document.topics.len());
}

#[test]
fn docx_without_links_has_no_evidence() {
    let docx = OfficialDocument::docx(&small_document(false)).unwrap();
    let text = docx_body_text(&docx);
    let mut order = small_order();
    order.remove(4);
    order.push("ยังไม่มีมาตรการในประเด็นนี้".to_owned());
    assert_in_order(&text, &order);
    assert!(!text.contains("หลักฐาน") && !text.contains("https://"));
    let xml = zip_entry(&docx, "word/document.xml");
    assert!(!xml.contains("w:hyperlink"));
}

#[test]
fn libreoffice_reads_the_docx_hyperlinks() {
    if !have_tool("soffice", "--version") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("annual.docx");
    std::fs::write(
        &input,
        OfficialDocument::docx(&small_document(true)).unwrap(),
    )
    .unwrap();
    // As a flat OpenDocument file, where each hyperlink LibreOffice understood
    // is a `text:a` element.
    let out = std::process::Command::new("soffice")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            dir.path().join("lo-profile").display()
        ))
        .args(["--headless", "--convert-to", "fodt", "--outdir"])
        .arg(dir.path())
        .arg(&input)
        .output()
        .unwrap();
    assert!(out.status.success(), "libreoffice failed: {out:?}");
    let fodt = std::fs::read_to_string(dir.path().join("annual.fodt")).unwrap();
    assert_in_order(
        &fodt,
        &[
            "xlink:href=\"https://www.dindaeng.go.th/order/2568?id=15&amp;t=ita\"".to_owned(),
            "xlink:href=\"https://example.go.th/a_b-c#top\"".to_owned(),
        ],
    );
    assert_eq!(fodt.matches("<text:a ").count(), 2);
}

#[test]
fn xlsx_has_every_row_with_the_evidence_under_its_results() {
    let document = annual_seed_document(false, true);
    let xlsx = OfficialDocument::xlsx(&document).unwrap();
    save_artifact("annual-seed-links.xlsx", &xlsx);
    let strings = zip_entry(&xlsx, "xl/sharedStrings.xml").replace("&amp;", "&");
    let mut needles = vec!["ประเด็น".to_owned(), "เป้าหมายและผลที่ได้".to_owned()];
    for topic in &document.topics {
        for row in &topic.rows {
            needles.push(row.measure.clone());
            for link in row_links(row) {
                needles.push(link.url.clone());
            }
        }
    }
    assert_in_order(&strings, &needles);
    let sheet = zip_entry(&xlsx, "xl/worksheets/sheet1.xml");
    // Title, header and the ten measures.
    assert_eq!(sheet.matches("<row ").count(), 12, "{sheet}");
    // The fourth measure of the first topic (row 6): its number is a number.
    let cell = &sheet[sheet.find("<c r=\"B6\"").unwrap()..];
    let cell = &cell[..cell.find("</c>").unwrap()];
    assert!(
        cell.ends_with("<v>4</v>") && !cell.contains("t=\"s\""),
        "{cell}"
    );

    let plain = OfficialDocument::xlsx(&annual_seed_document(false, false)).unwrap();
    let strings = zip_entry(&plain, "xl/sharedStrings.xml");
    assert!(!strings.contains("หลักฐาน") && !strings.contains("https://"));
}

/// An address as a clerk types it: a Thai host and a Thai path.
const THAI_LINK: &str = "https://ดินแดง.go.th/ข่าวประชาสัมพันธ์/ประกาศ?เรื่อง=ราคากลาง";

/// `Target="…"` of every relationship in a part.
fn relationship_targets(xml: &str) -> Vec<String> {
    xml.split("Target=\"")
        .skip(1)
        .map(|rest| rest[..rest.find('"').unwrap()].to_owned())
        .collect()
}

#[test]
fn link_targets_are_ascii_in_the_pdf_and_the_docx_while_the_text_stays_as_typed() {
    let mut document = small_document(true);
    document.topics[0].rows[0].results[1].links[0].url = THAI_LINK.to_owned();
    let uri = prongsai_core::web_link::to_uri(THAI_LINK);
    assert!(uri.starts_with("https://xn--"), "{uri}");

    let pdf = render(&document);
    save_artifact("annual-thai-link.pdf", &pdf);
    let targets = pdf_uri_bytes(&pdf);
    assert!(!targets.is_empty(), "the links have targets");
    for target in &targets {
        assert!(target.is_ascii(), "{}", String::from_utf8_lossy(target));
    }
    assert!(targets.iter().any(|t| *t == uri.as_bytes()), "{targets:?}");
    if let Some(text) = pdf_text_if_installed(&pdf) {
        let text = without_spaces(&text.replace(ZERO_WIDTH_SPACE, ""));
        assert!(text.contains(THAI_LINK), "{text}");
    }

    let docx =
        prongsai_docs::render_blocking(&Renderer::new().unwrap(), &document, DocumentFormat::Docx)
            .unwrap();
    let targets = relationship_targets(&zip_entry(&docx, "word/_rels/document.xml.rels"));
    assert!(targets.iter().all(|t| t.is_ascii()), "{targets:?}");
    assert!(targets.contains(&uri), "{targets:?}");
    assert!(docx_body_text(&docx).contains(THAI_LINK));
}
