//! The measures document: the analysis first, exactly as the analysis document
//! prints it, then each topic's measures with every column, on landscape pages;
//! long text wrapped without loss; the same content in DOCX; one XLSX row per
//! measure; and the JSON the template receives.

use prongsai_docs::{
    DocumentFormat, MeasureGroup, MeasureRow, MeasuresDocument, OfficialDocument, Renderer,
};
use prongsai_testkit::documents::*;
use prongsai_testkit::files::*;

const HEADER: &str = "ลำดับ มาตรการ/กิจกรรม ประเด็นที่เป็นข้อบกพร่องหรือจุดอ่อน ประเด็นที่ต้องพัฒนาให้ดีขึ้น \
                      ผู้รับผิดชอบ ขั้นตอนหรือวิธีการปฏิบัติ ระยะเวลา การกำกับติดตามและการรายงานผล เป้าหมาย";

fn render(document: &MeasuresDocument) -> Vec<u8> {
    let renderer = Renderer::new().unwrap();
    prongsai_docs::render_blocking(&renderer, document, DocumentFormat::Pdf).unwrap()
}

/// Every cell of every measure, topic by topic, in print order; a cell's
/// entries one per line, steps numbered with the document's digits.
fn measures_order(document: &MeasuresDocument) -> Vec<String> {
    let digits = |n: usize| {
        prongsai_core::thai::digits::digits_for(&n.to_string(), document.analysis.thai_digits)
    };
    let mut needles = Vec::new();
    for group in &document.groups {
        needles.push(group.title.clone());
        needles.push(HEADER.to_owned());
        for m in &group.measures {
            let steps: Vec<String> = m
                .steps
                .iter()
                .enumerate()
                .map(|(index, step)| format!("{}. {step}", digits(index + 1)))
                .collect();
            needles.extend([
                m.number.clone(),
                m.title.clone(),
                m.weakness.clone(),
                m.improvement.clone(),
                m.owners.join("\n"),
                steps.join("\n"),
                m.timeframe.clone(),
                format!("{}\n{}", m.monitoring, m.reporting),
                m.targets.join("\n"),
            ]);
        }
    }
    needles
}

/// The document's title, the analysis, then the measures.
fn expected_order(document: &MeasuresDocument) -> Vec<String> {
    let analysis = &document.analysis;
    let mut needles = vec![
        "มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน".to_owned(),
        document.fiscal_year.clone(),
        document.agency_name.clone(),
        "การวิเคราะห์ผลการประเมินคุณธรรมและความโปร่งใส".to_owned(),
        format!("มีผลคะแนน {} คะแนน", analysis.total),
    ];
    needles.extend(analysis.indicators.iter().map(|i| i.name_th.clone()));
    needles.extend(analysis.weaknesses.iter().cloned());
    needles.extend(analysis.analysis_text.iter().cloned());
    needles.push(analysis.generated_on.clone());
    needles.push(format!(
        "มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน ประจำปีงบประมาณ พ.ศ. {}",
        document.fiscal_year
    ));
    needles.extend(measures_order(document));
    needles
}

/// Whether a line is a page number ("- 2 -").
fn is_page_number(line: &str) -> bool {
    line.starts_with("- ") && line.ends_with(" -")
}

/// The lines of a PDF's text, page-number lines and empty lines left out.
fn content_lines(text: &str) -> Vec<String> {
    text.lines()
        .map(|line| line.trim_matches(|c: char| c.is_whitespace() || c == '\u{c}'))
        .filter(|line| !line.is_empty() && !is_page_number(line))
        .map(str::to_owned)
        .collect()
}

fn is_landscape((width, height): (f64, f64)) -> bool {
    width > height
}

#[test]
fn seed_measures_have_every_field_in_order() {
    if !have_tool("pdftotext", "-v") {
        return;
    }
    let document = seed_measures(false);
    let pdf = render(&document);
    save_artifact("measures-arabic.pdf", &pdf);
    assert!(pdf.starts_with(b"%PDF-"));
    let text = pdf_text(&pdf);
    assert_in_order(&text, &expected_order(&document));
    assert!(!text.contains('๖'), "Arabic digits were asked for");
}

/// The seed's measures with every เป้าหมาย cell left empty, as a plan whose
/// target column nobody filled in.
fn without_targets(thai_digits: bool) -> MeasuresDocument {
    let mut document = seed_measures(thai_digits);
    for m in document.groups.iter_mut().flat_map(|g| &mut g.measures) {
        m.targets.clear();
    }
    document
}

#[test]
fn a_column_empty_in_every_row_is_left_out() {
    let full = seed_measures(false);
    assert!(
        full.groups
            .iter()
            .flat_map(|g| &g.measures)
            .any(|m| !m.targets.is_empty()),
        "the seed has targets to print"
    );
    let bare = without_targets(false);
    let renderer = Renderer::new().unwrap();
    let docx = |d: &MeasuresDocument| {
        docx_body_text(&prongsai_docs::render_blocking(&renderer, d, DocumentFormat::Docx).unwrap())
    };
    assert!(docx(&full).contains("เป้าหมาย"));
    assert!(!docx(&bare).contains("เป้าหมาย"), "no empty เป้าหมาย column");
    assert!(docx(&bare).contains("การกำกับติดตามและการรายงานผล"));
    if !have_tool("pdftotext", "-v") {
        return;
    }
    let text = pdf_text(&render(&bare));
    assert!(!text.contains("เป้าหมาย"), "{text}");
    assert!(
        without_spaces(&text).contains("การกำกับติดตามและการรายงานผล"),
        "the other headers print: {text}"
    );
    assert!(pdf_text(&render(&full)).contains("เป้าหมาย"));
}

#[test]
fn the_analysis_part_is_the_analysis_document() {
    if !have_tool("pdftotext", "-v") {
        return;
    }
    let document = seed_measures(true);
    let renderer = Renderer::new().unwrap();
    let analysis = pdf_text(
        &prongsai_docs::render_blocking(&renderer, &document.analysis, DocumentFormat::Pdf)
            .unwrap(),
    );
    let measures = pdf_text(&render(&document));
    // Every line of the analysis document, wrapped the same way, in order
    // (page breaks fall elsewhere, so its table header may repeat elsewhere),
    // after the measures document's title and before the measures.
    let mut needles = vec!["ภายในหน่วยงาน".to_owned()];
    needles.extend(content_lines(&analysis));
    needles.push(HEADER.to_owned());
    assert_in_order(&measures, &needles);
}

#[test]
fn thai_digits_throughout() {
    if !have_tool("pdftotext", "-v") {
        return;
    }
    let document = seed_measures(true);
    let pdf = render(&document);
    save_artifact("measures-thai.pdf", &pdf);
    let text = pdf_text(&pdf);
    assert_in_order(&text, &expected_order(&document));
    assert_in_order(
        &text,
        &[
            // Step numbers come from the template.
            "๒. จัดทำคู่มือการรับบริการ".to_owned(),
            "ไตรมาสที่ ๑ - ๒".to_owned(),
            "เผยแพร่ผลงาน ๑๒ ครั้ง".to_owned(),
        ],
    );
    let arabic: Vec<char> = text.chars().filter(char::is_ascii_digit).collect();
    assert!(arabic.is_empty(), "Arabic digits left: {arabic:?}");
}

#[test]
fn measures_are_on_landscape_pages_and_the_analysis_on_portrait() {
    if !have_tool("pdftotext", "-v") || !have_tool("pdfinfo", "-v") {
        return;
    }
    let document = seed_measures(false);
    let pdf = render(&document);
    let sizes = pdf_page_sizes(&pdf);
    let text = pdf_text(&pdf);
    let pages = pdf_pages(&text);
    assert_eq!(sizes.len(), pages.len());
    let first_measure = &document.groups[0].measures[0].title;
    let landscape_from = pages
        .iter()
        .position(|page| without_spaces(page).contains(&without_spaces(first_measure)))
        .expect("a page with the first measure");
    assert!(landscape_from > 0);
    for (index, (page, size)) in pages.iter().zip(&sizes).enumerate() {
        if index < landscape_from {
            assert!(!is_landscape(*size), "analysis page {index} is {size:?}");
        } else {
            assert!(is_landscape(*size), "measures page {index} is {size:?}");
            // A4 turned: 842 × 595 points.
            assert!((size.0 - 841.89).abs() < 1.0 && (size.1 - 595.28).abs() < 1.0);
            // Page numbers go on.
            assert_in_order(page, &[format!("- {} -", index + 1)]);
        }
    }
}

/// What each long cell of [`long_row`] is, in the order they are filled.
const LONG_COLUMNS: [&str; 9] = [
    "มาตรการ",
    "จุดอ่อน",
    "การพัฒนา",
    "ผู้รับผิดชอบ",
    "ขั้นตอนแรก",
    "ขั้นตอนที่สอง",
    "การติดตาม",
    "การรายงาน",
    "เป้าหมาย",
];

/// A measure whose every long cell starts and ends with a one-word marker of
/// its column and row ("B3R07 มาตรการที่มี…" … "E3R07"), which no line or
/// page break can cut.
fn long_row(n: usize) -> MeasureRow {
    let mut cells = LONG_COLUMNS.iter().enumerate().map(|(column, what)| {
        format!(
            "B{column}R{n:02} {what}ที่มีข้อความยาวมากเพื่อทดสอบการตัดบรรทัดภาษาไทยในตารางแนวนอน \
             การเปิดเผยข้อมูลข่าวสารสาธารณะและการป้องกันการทุจริตและประพฤติมิชอบ\
             ของหน่วยงานภาครัฐระดับท้องถิ่นอย่างต่อเนื่อง E{column}R{n:02}"
        )
    });
    let mut next = || cells.next().unwrap();
    MeasureRow {
        number: n.to_string(),
        title: next(),
        weakness: next(),
        improvement: next(),
        owners: vec![next()],
        steps: vec![next(), next()],
        timeframe: "ไตรมาสที่ 1 - 4".to_owned(),
        monitoring: next(),
        reporting: next(),
        targets: vec![next()],
    }
}

/// How many times each character occurs, white space left out.
fn char_counts(text: &str) -> std::collections::HashMap<char, usize> {
    let mut counts = std::collections::HashMap::new();
    for c in text.chars().filter(|c| !c.is_whitespace()) {
        *counts.entry(c).or_insert(0) += 1;
    }
    counts
}

#[test]
fn long_text_wraps_over_landscape_pages_without_loss() {
    if !have_tool("pdftotext", "-v") || !have_tool("pdfinfo", "-v") {
        return;
    }
    let mut document = seed_measures(false);
    document.groups = vec![
        MeasureGroup {
            title: "ด้าน IIT".to_owned(),
            measures: (1..=12).map(long_row).collect(),
        },
        MeasureGroup {
            title: "ด้าน OIT".to_owned(),
            measures: (13..=20).map(long_row).collect(),
        },
    ];
    let pdf = render(&document);
    save_artifact("measures-long.pdf", &pdf);
    let text = pdf_text(&pdf);
    // A row that a page break cuts prints the beginnings of its cells on one
    // page and their ends on the next, the shorter cells' ends on the first.
    // So the cells' beginnings are checked in order, and each end once, after
    // its beginning. Cells by column of LONG_COLUMNS: the steps cell begins
    // with the first step (4) and ends with the second (5); the monitoring cell
    // begins with the monitoring (6) and ends with the reporting (7).
    let squeezed = without_spaces(&text);
    let mut previous = 0;
    for n in 1..=20 {
        for (begins, ends) in [(0, 0), (1, 1), (2, 2), (3, 3), (4, 5), (6, 7), (8, 8)] {
            let start = format!("B{begins}R{n:02}");
            let end = format!("E{ends}R{n:02}");
            let at = previous
                + squeezed[previous..]
                    .find(&start)
                    .unwrap_or_else(|| panic!("{start} not after byte {previous}"));
            assert_eq!(squeezed.matches(&end).count(), 1, "{end}");
            assert!(squeezed[at..].contains(&end), "{end} before {start}");
            previous = at + start.len();
        }
    }
    // And nothing in between is lost: every character of every cell is there.
    let printed = char_counts(&text);
    let entered = char_counts(&measures_order(&document).concat());
    for (c, count) in entered {
        let found = printed.get(&c).copied().unwrap_or(0);
        assert!(found >= count, "{c:?}: {count} entered, {found} printed");
    }
    let pages = pdf_pages(&text);
    let sizes = pdf_page_sizes(&pdf);
    let table_pages: Vec<(&&str, &(f64, f64))> = pages
        .iter()
        .zip(&sizes)
        .filter(|(page, _)| page.contains("ที่มีข้อความยาวมาก"))
        .collect();
    assert!(table_pages.len() > 5, "only {} pages", table_pages.len());
    for (page, size) in table_pages {
        assert!(is_landscape(*size));
        // The header is repeated on every page of the tables.
        assert_in_order(page, &[HEADER.to_owned(), "ที่มีข้อความยาวมาก".to_owned()]);
    }
}

#[test]
fn no_measures_and_an_empty_topic_say_so() {
    if !have_tool("pdftotext", "-v") {
        return;
    }
    let mut document = seed_measures(false);
    document.groups.clear();
    let text = pdf_text(&render(&document));
    assert_in_order(&text, &["จัดทำเมื่อ".to_owned(), "ยังไม่มีมาตรการ".to_owned()]);
    document.groups = vec![MeasureGroup {
        title: "ด้าน EIT".to_owned(),
        measures: Vec::new(),
    }];
    let text = pdf_text(&render(&document));
    assert_in_order(
        &text,
        &[
            "ด้าน EIT".to_owned(),
            HEADER.to_owned(),
            "ยังไม่มีมาตรการในประเด็นนี้".to_owned(),
        ],
    );
}

#[test]
fn template_markup_in_data_is_printed_as_text() {
    if !have_tool("pdftotext", "-v") {
        return;
    }
    let mut document = seed_measures(false);
    let markup = "#panic(\"x\") *ตัวหนา* $x$ <label> // ไม่ใช่คอมเมนต์";
    document.groups[0].title = markup.to_owned();
    document.groups[0].measures[0].steps[0] = markup.to_owned();
    let text = pdf_text(&render(&document));
    assert_eq!(
        without_spaces(&text)
            .matches(&without_spaces(markup))
            .count(),
        2,
        "{text}"
    );
}

#[test]
fn docx_has_the_measures_in_order() {
    for thai in [false, true] {
        let document = seed_measures(thai);
        let docx = OfficialDocument::docx(&document).unwrap();
        save_artifact(&format!("measures-thai-{thai}.docx"), &docx);
        let text = docx_body_text(&docx);
        let mut needles = vec![
            "มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน".to_owned(),
            format!("ประจำปีงบประมาณ พ.ศ. {}", document.fiscal_year),
            document.agency_name.clone(),
            // The analysis comes first, as in the PDF.
            document.analysis.total.clone(),
            document.analysis.indicators[0].name_th.clone(),
        ];
        needles.extend(document.analysis.analysis_text.iter().cloned());
        needles.extend(measures_order(&document));
        assert_in_order(&text, &needles);
        let xml = zip_entry(&docx, "word/document.xml");
        assert!(xml.contains("w:orient=\"landscape\""), "landscape pages");
        // The analysis's two tables (indicators, instruments), then one table per
        // topic, each with a repeated header row.
        assert_eq!(
            xml.matches("<w:tblHeader").count(),
            2 + document.groups.len()
        );
    }
}

#[test]
fn xlsx_has_one_row_per_measure_with_its_topic() {
    let document = seed_measures(true);
    let xlsx = OfficialDocument::xlsx(&document).unwrap();
    save_artifact("measures.xlsx", &xlsx);
    let strings = zip_entry(&xlsx, "xl/sharedStrings.xml");
    assert_in_order(
        &strings,
        &[
            "ประเด็น".to_owned(),
            "มาตรการ/กิจกรรม".to_owned(),
            "เป้าหมาย".to_owned(),
        ],
    );
    let sheet = zip_entry(&xlsx, "xl/worksheets/sheet1.xml");
    // A title row, the header, then one row per measure.
    let measures: usize = document.groups.iter().map(|g| g.measures.len()).sum();
    assert_eq!(sheet.matches("<row ").count(), 2 + measures);
    // Thai-digit numbers are stored as numbers: 1, 2 in the first topic, 1 in
    // the second.
    assert_in_order(
        &sheet,
        &[
            "<v>1</v>".to_owned(),
            "<v>2</v>".to_owned(),
            "<v>1</v>".to_owned(),
        ],
    );
    for group in &document.groups {
        for m in &group.measures {
            assert!(strings.contains(&m.title), "{}", m.title);
            assert!(strings.contains(&m.timeframe));
        }
    }
    // Steps numbered one per line in their cell.
    assert!(strings.contains(&format!(
        "๑. {}\n๒. {}",
        document.groups[0].measures[0].steps[0], document.groups[0].measures[0].steps[1]
    )));
    let workbook = zip_entry(&xlsx, "xl/workbook.xml");
    assert!(workbook.contains("มาตรการ"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn async_render_matches_blocking() {
    let renderer = Renderer::with_max_concurrent(2).unwrap();
    let document = seed_measures(true);
    let pdf = prongsai_docs::render(&renderer, &document, DocumentFormat::Pdf)
        .await
        .unwrap();
    assert_eq!(pdf, render(&document));
}
