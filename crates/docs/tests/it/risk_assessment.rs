//! The corruption-risk assessment: the register with every rating, control
//! (naming its project or measure) and follow-up in order, the legend and the
//! heat map's counts in the PDF; the register in DOCX and XLSX; the heat map as
//! standalone SVG with its 25 cells.

use prongsai_core::risk::{RiskBand, RiskBands, RiskLevel};
use prongsai_docs::{
    DocumentFormat, OfficialDocument, Renderer, RiskAssessmentDocument, risk_assessment_document,
    risk_heat_map_svg,
};
use prongsai_testkit::documents::*;
use prongsai_testkit::files::*;

const MEASURE: &str = "มาตรการเปิดเผยข้อมูลการบริหารงานบุคคล";

pub(crate) fn document(thai: bool) -> RiskAssessmentDocument {
    let plan = plan_with_projects(6);
    let measure = linked_measure(MEASURE);
    let assessment = seed_risk_assessment(&plan, &measure);
    risk_assessment_document(
        &assessment,
        Some(&plan),
        &[measure],
        &correspondence_agency(thai),
    )
}

fn s(text: &str) -> String {
    text.to_owned()
}

#[test]
fn the_document_rates_links_and_counts() {
    let d = document(true);
    assert_eq!(d.title, "การประเมินความเสี่ยงการทุจริต ประจำปีงบประมาณ พ.ศ. ๒๕๖๘");
    let first = &d.areas[0];
    assert_eq!(first.events[0].score, "๖");
    assert_eq!(first.events[0].level, "ปานกลาง");
    assert!(first.events[1].text.starts_with("๒. "));
    assert_eq!(
        first.controls[0],
        "๑. ส่งเสริมการบริหารงานตามหลักธรรมาภิบาล (โครงการที่ ๕ โครงการทดสอบที่ 5)"
    );
    assert_eq!(first.follow_ups[0], "๑. อยู่ระหว่างดำเนินการ\nจัดอบรมแล้ว 1 ครั้ง");
    assert_eq!(
        d.areas[1].controls[0],
        format!("เปิดเผยข้อมูลการบริหารและพัฒนาทรัพยากรบุคคล ({MEASURE})")
    );
    assert_eq!(d.areas[1].events[0].level, "สูงมาก");
    assert_eq!(d.areas[1].events[0].colour, RiskLevel::VeryHigh.colour());
    let direct = &d.areas[3].events[0];
    assert_eq!(
        (direct.likelihood.as_str(), direct.score.as_str()),
        ("-", "-")
    );
    assert_eq!(direct.level, "สูง");
    assert_eq!(d.legend[1].range, "๔–๘");
    // Impact 5 is the top row: likelihood 4 holds the two 4 × 5 events.
    assert_eq!(d.heat_map[0].impact, "๕");
    assert_eq!(d.heat_map[0].cells[3].count, "๒");
    assert_eq!(d.heat_map[2].cells[1].count, "๒");
    assert_eq!(d.heat_map[4].cells[0].count, "๑");
    assert_eq!(d.heat_map[4].cells[1].count, "");
    assert!(d.unscored_note.contains("๑ ประเด็น"));

    // Without the plan or the measure, the controls print without names.
    let plan = plan_with_projects(6);
    let measure = linked_measure(MEASURE);
    let bare = risk_assessment_document(
        &seed_risk_assessment(&plan, &measure),
        None,
        &[],
        &correspondence_agency(false),
    );
    assert_eq!(
        bare.areas[0].controls[0],
        "1. ส่งเสริมการบริหารงานตามหลักธรรมาภิบาล"
    );
}

#[test]
fn the_agency_bands_decide_levels_and_legend() {
    let plan = plan_with_projects(6);
    let measure = linked_measure(MEASURE);
    let mut assessment = seed_risk_assessment(&plan, &measure);
    assessment.bands = RiskBands(vec![
        RiskBand {
            max: 5,
            level: RiskLevel::Low,
        },
        RiskBand {
            max: 25,
            level: RiskLevel::High,
        },
    ]);
    let d = risk_assessment_document(&assessment, None, &[], &correspondence_agency(false));
    assert_eq!(d.areas[0].events[0].level, "สูง");
    assert_eq!(d.legend.len(), 2);
    assert_eq!(d.legend[1].range, "6–25");
    assert_eq!(d.heat_map[4].cells[4].level, "ต่ำ", "1 × 5 = 5 is low here");
}

#[test]
fn the_pdf_has_the_register_legend_and_heat_map_in_order() {
    if !have_tool("pdftotext", "-v") || !have_tool("pdfinfo", "-v") {
        return;
    }
    let d = document(true);
    let renderer = Renderer::new().unwrap();
    let pdf = prongsai_docs::render_blocking(&renderer, &d, DocumentFormat::Pdf).unwrap();
    save_artifact("risk-assessment.pdf", &pdf);
    let text = pdf_text(&pdf);
    assert_in_order(
        &text,
        &[
            d.title.clone(),
            d.agency_name.clone(),
            s(
                "ลำดับ ขั้นตอน/กระบวนงาน ประเด็นความเสี่ยง โอกาส ผลกระทบ คะแนน ระดับ มาตรการควบคุม สถานะ/การติดตาม",
            ),
            // Typst draws a line's own cells before the cells that span the
            // area's lines, and pdftotext reads them in that order.
            s("๑. ผู้บริหารดำเนินการตามนโยบายของตนเอง"),
            s("๒ ๓ ๖ ปานกลาง"),
            s("๑ การบริหารงานของหน่วยงาน"),
            s("(โครงการที่ ๕ โครงการทดสอบที่ 5)"),
            s("๑. อยู่ระหว่างดำเนินการ"),
            s("จัดอบรมแล้ว 1 ครั้ง"),
            s("๒. ยังไม่ดำเนินการ"),
            s("๒. บุคลากรของหน่วยงานปฏิบัติตามนโยบายของผู้บริหาร"),
            s("๒ ๓ ๖ ปานกลาง"),
            s("๒ การบริหารงานบุคคล"),
            s("๔ ๕ ๒๐ สูงมาก"),
            s(MEASURE),
            s("ดำเนินการแล้วเสร็จ"),
            s("นำทรัพย์สินของทางราชการไปใช้ประโยชน์ส่วนตน"),
            s("๑ ๑ ๑ ต่ำ"),
            s("มีการเรียกรับเงินพิเศษจากผู้ขอรับบริการ"),
            s("- - - สูง"),
            s("เกณฑ์ระดับความเสี่ยง"),
            s("๑–๓ ต่ำ"),
            s("๔–๘ ปานกลาง"),
            s("๙–๑๔ สูง"),
            s("๑๕–๒๕ สูงมาก"),
            s("แผนภูมิความเสี่ยง"),
        ],
    );
    // The map, read row by row from the top: impact 5 with its count 2, then
    // impact 3 with 2 (the two 2 × 3 events) and 1 (the event typed as สูง,
    // counted at 3 × 3), then impact 1 with 1, then the
    // likelihood axis.
    let map = &text[text.find("แผนภูมิความเสี่ยง").unwrap()..];
    assert_in_order(
        map,
        &[
            s("๕ ๒"),
            s("๔"),
            s("๓ ๒"),
            s("๒"),
            s("๑ ๑"),
            s("๑ ๒ ๓ ๔ ๕"),
            s("โอกาส"),
            s("๑ ประเด็น"),
        ],
    );
    // The only Arabic digits are typed ones: the project's name ("โครงการทดสอบที่ 5")
    // and a follow-up ("จัดอบรมแล้ว 1 ครั้ง").
    let arabic: String = text.chars().filter(char::is_ascii_digit).collect();
    assert_eq!(arabic, "51");
    for (width, height) in pdf_page_sizes(&pdf) {
        assert!(width > height, "a register page is {width} × {height}");
    }
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
fn docx_holds_the_register() {
    let d = document(true);
    let docx = OfficialDocument::docx(&d).unwrap();
    save_artifact("risk-assessment.docx", &docx);
    let xml = zip_entry(&docx, "word/document.xml");
    assert!(xml.contains("w:orient=\"landscape\""));
    let text: String = xml
        .split('<')
        .filter_map(|tag| tag.strip_prefix("w:t xml:space=\"preserve\">"))
        .collect::<Vec<_>>()
        .join(" ");
    assert_in_order(
        &text,
        &[
            d.title.clone(),
            s(
                "ลำดับ ขั้นตอน/กระบวนงาน ประเด็นความเสี่ยง โอกาส ผลกระทบ คะแนน ระดับ มาตรการควบคุม สถานะ/การติดตาม",
            ),
            s("๑ การบริหารงานของหน่วยงาน"),
            s("๑. ผู้บริหารดำเนินการตามนโยบายของตนเอง"),
            s("๒ ๓ ๖ ปานกลาง"),
            s("(โครงการที่ ๕ โครงการทดสอบที่ 5)"),
            s("๔ ๕ ๒๐ สูงมาก"),
            s("- - - สูง"),
            s("๑๕–๒๕ สูงมาก"),
            s("๒ (สูงมาก)"),
        ],
    );
}

#[test]
fn xlsx_has_one_row_per_event_with_its_level() {
    let d = document(false);
    let xlsx = OfficialDocument::xlsx(&d).unwrap();
    save_artifact("risk-register.xlsx", &xlsx);
    let strings = zip_entry(&xlsx, "xl/sharedStrings.xml");
    for needle in ["ระดับ", "สูงมาก", "ปานกลาง", "การบริหารงานบุคคล", MEASURE]
    {
        assert!(strings.contains(needle), "{needle} missing");
    }
    let sheet = zip_entry(&xlsx, "xl/worksheets/sheet1.xml");
    // A title row, the header, then six events.
    assert_eq!(sheet.matches("<row ").count(), 8);
    // Scores (column F) are numbers: 20 for the two 4 × 5 events.
    let scores_of_20 = sheet
        .split("<c ")
        .filter(|cell| cell.starts_with("r=\"F") && !cell.contains("t=\"s\""))
        .filter(|cell| cell.contains("<v>20</v>"))
        .count();
    assert_eq!(scores_of_20, 2);
    let workbook = zip_entry(&xlsx, "xl/workbook.xml");
    assert!(workbook.contains("ทะเบียนความเสี่ยง"));
}

#[test]
fn the_svg_heat_map_is_xml_with_25_cells_and_thai_labels() {
    let plan = plan_with_projects(6);
    let measure = linked_measure(MEASURE);
    let svg = risk_heat_map_svg(&seed_risk_assessment(&plan, &measure));
    let tree = roxmltree::Document::parse(&svg).expect("the SVG is well-formed XML");
    let root = tree.root_element();
    assert_eq!(root.tag_name().name(), "svg");
    assert_eq!(root.attribute("role"), Some("img"));
    let title = root
        .children()
        .find(|n| n.has_tag_name("title"))
        .and_then(|n| n.text())
        .unwrap();
    assert!(title.contains("2568"), "{title}");
    let cells: Vec<_> = tree
        .descendants()
        .filter(|n| {
            n.has_tag_name("rect")
                && n.attribute("class")
                    .is_some_and(|c| c.split(' ').any(|c| c == "cell"))
        })
        .collect();
    assert_eq!(cells.len(), 25);
    let very_high = cells
        .iter()
        .filter(|n| n.attribute("fill") == Some(RiskLevel::VeryHigh.colour()))
        .count();
    assert_eq!(very_high, 6, "scores 15, 16, 20, 20, 25 and 15 are สูงมาก");
    let texts: Vec<&str> = tree.descendants().filter_map(|n| n.text()).collect();
    for label in ["โอกาส", "ผลกระทบ", "ระดับความเสี่ยง"]
    {
        assert!(texts.contains(&label), "{label} missing");
    }
    let counts: Vec<&str> = tree
        .descendants()
        .filter(|n| n.has_tag_name("g"))
        .filter_map(|g| g.children().find(|n| n.has_tag_name("text")))
        .filter_map(|n| n.text())
        .collect();
    // The event whose level was typed as สูง is counted at 3 × 3, after the
    // two 2 × 3 events of its row.
    assert_eq!(counts, ["2", "2", "1", "1"], "counts, top row first");
    let mut cell_titles = tree
        .descendants()
        .filter(|n| n.has_tag_name("g"))
        .filter_map(|g| g.children().find(|n| n.has_tag_name("title")))
        .filter_map(|n| n.text());
    assert!(cell_titles.any(|t| t == "โอกาส 4 ผลกระทบ 5 คะแนน 20 ระดับสูงมาก: 2 ประเด็น"));
}
