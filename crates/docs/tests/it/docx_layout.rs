//! Word files laid out like their PDFs: LibreOffice converts the DOCX of every
//! kind that has one, and the converted file has about as many pages as the
//! PDF (within 15 %). A DOCX set in the wrong size, with single spacing or
//! without the PDF's page breaks and landscape pages comes out far longer or
//! shorter, which is what a clerk notices first when the Word file prints on
//! twice the paper. Needs `soffice` and `pdfinfo`; skipped with a notice
//! without them, unless `PRONGSAI_REQUIRE_TOOLS=1` (CI).
//!
//! LibreOffice sets the DOCX in TH Sarabun New as a government computer would
//! (`prongsai_testkit::files::libreoffice_to_pdf` gives it a stand-in with the
//! PDF's glyphs and TH Sarabun New's metrics).

use prongsai_docs::{DocumentFormat, OfficialDocument, Renderer, render_blocking};
use prongsai_testkit::documents::*;
use prongsai_testkit::files::*;

/// Every document kind with a DOCX, built from the seed data, by name.
fn docx_kinds() -> Vec<(&'static str, Box<dyn OfficialDocument>)> {
    let plan_agency = plan_fixture::agency(true);
    let plan = plan_fixture::plan(&plan_agency);
    let risk = plan_fixture::risk(plan.agency_id);
    let agency = correspondence_agency(true);
    let risk_plan = plan_with_projects(6);
    let measure = linked_measure("มาตรการเปิดเผยข้อมูลการบริหารงานบุคคล");
    vec![
        (
            "action-plan",
            Box::new(prongsai_docs::action_plan_document(
                &plan,
                Some(&risk),
                &plan_agency,
            )),
        ),
        ("analysis", Box::new(seed_document(true))),
        ("annual-report", Box::new(annual_seed_document(true, true))),
        ("half-year-report", Box::new(half_year_seed_document(true))),
        (
            "follow-up-report",
            Box::new(prongsai_docs::follow_up_report_document(
                &plan,
                &plan_fixture::follow_ups(&plan),
                2567,
                prongsai_core::thai::fiscal::ReportingRound::HalfYear,
                &plan_agency,
            )),
        ),
        ("measures", Box::new(seed_measures(true))),
        ("measures-memo", Box::new(seed_memo(true))),
        (
            "general-memo",
            Box::new(prongsai_docs::memo_document(&seed_general_memo(), &agency)),
        ),
        (
            "order",
            Box::new(prongsai_docs::order_document(&seed_order(&agency), &agency)),
        ),
        (
            "risk-assessment",
            Box::new(prongsai_docs::risk_assessment_document(
                &seed_risk_assessment(&risk_plan, &measure),
                Some(&risk_plan),
                &[measure],
                &agency,
            )),
        ),
        (
            "satisfaction-report",
            Box::new(crate::oit_and_surveys::satisfaction_document(true)),
        ),
    ]
}

fn tools_present() -> bool {
    have_tool("soffice", "--version") && have_tool("pdfinfo", "-v")
}

#[test]
fn libreoffice_pages_are_within_15_percent_of_the_pdf() {
    if !tools_present() {
        return;
    }
    let renderer = Renderer::new().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut report = Vec::new();
    let mut failures = Vec::new();
    for (name, document) in docx_kinds() {
        let pdf = render_blocking(&renderer, document.as_ref(), DocumentFormat::Pdf).unwrap();
        let docx = document.docx().unwrap();
        save_artifact(&format!("{name}.docx"), &docx);
        let input = dir.path().join(format!("{name}.docx"));
        std::fs::write(&input, &docx).unwrap();
        let converted = std::fs::read(libreoffice_to_pdf(&input, dir.path())).unwrap();
        save_artifact(&format!("{name}-libreoffice.pdf"), &converted);
        let (pdf_pages, docx_pages) = (pdf_page_count(&pdf), pdf_page_count(&converted));
        let line = format!("{name}: PDF {pdf_pages}, DOCX {docx_pages}");
        // 15 % of the PDF's pages, and at least the one page a short
        // document's signature may push over.
        let allowed = (pdf_pages as f64 * 0.15).max(1.0);
        if (docx_pages as f64 - pdf_pages as f64).abs() > allowed {
            failures.push(line.clone());
        }
        report.push(line);
    }
    eprintln!("{}", report.join("\n"));
    assert!(failures.is_empty(), "outside 15 %: {failures:?}");
}

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

/// The `w:val` (or another `w:` attribute) of a node.
fn w_attr<'a>(node: roxmltree::Node<'a, '_>, name: &str) -> Option<&'a str> {
    node.attribute((W, name))
}

fn elements<'a, 'i>(doc: &'a roxmltree::Document<'i>, name: &str) -> Vec<roxmltree::Node<'a, 'i>> {
    doc.descendants()
        .filter(|n| n.tag_name().namespace() == Some(W) && n.tag_name().name() == name)
        .collect()
}

fn action_plan_docx() -> Vec<u8> {
    let agency = plan_fixture::agency(true);
    let plan = plan_fixture::plan(&agency);
    let risk = plan_fixture::risk(plan.agency_id);
    prongsai_docs::action_plan_document(&plan, Some(&risk), &agency)
        .docx()
        .unwrap()
}

#[test]
fn every_docx_sets_the_official_font_size_styles_and_header_rows() {
    for (name, document) in docx_kinds() {
        let docx = document.docx().unwrap();
        let styles_xml = zip_entry(&docx, "word/styles.xml");
        let styles = roxmltree::Document::parse(&styles_xml).unwrap();
        let defaults = elements(&styles, "rPrDefault")[0];
        let default = |tag: &str| {
            defaults
                .descendants()
                .find(|n| n.tag_name().name() == tag)
                .unwrap_or_else(|| panic!("{name}: no {tag} in the defaults"))
        };
        assert_eq!(w_attr(default("sz"), "val"), Some("32"), "{name}");
        assert_eq!(w_attr(default("szCs"), "val"), Some("32"), "{name}");
        assert_eq!(w_attr(default("lang"), "bidi"), Some("th-TH"), "{name}");
        for slot in ["ascii", "hAnsi", "cs", "eastAsia"] {
            assert_eq!(
                w_attr(default("rFonts"), slot),
                Some("TH Sarabun New"),
                "{name}: {slot}"
            );
        }
        let style_ids: Vec<&str> = elements(&styles, "style")
            .into_iter()
            .filter_map(|s| w_attr(s, "styleId"))
            .collect();
        for id in ["Normal", "Title", "Heading1", "Heading2", "TableText"] {
            assert!(style_ids.contains(&id), "{name}: style {id} missing");
        }
        let heading_levels: Vec<(&str, &str)> = elements(&styles, "style")
            .into_iter()
            .filter_map(|s| {
                let level = s
                    .descendants()
                    .find(|n| n.tag_name().name() == "outlineLvl")?;
                Some((w_attr(s, "styleId")?, w_attr(level, "val")?))
            })
            .collect();
        assert!(heading_levels.contains(&("Heading1", "0")), "{name}");
        assert!(heading_levels.contains(&("Heading2", "1")), "{name}");

        let fonts_xml = zip_entry(&docx, "word/fontTable.xml");
        let fonts = roxmltree::Document::parse(&fonts_xml).unwrap();
        let alternative = |family: &str| {
            elements(&fonts, "font")
                .into_iter()
                .find(|f| w_attr(*f, "name") == Some(family))
                .and_then(|f| f.children().find(|n| n.tag_name().name() == "altName"))
                .and_then(|a| w_attr(a, "val"))
        };
        assert_eq!(
            alternative("TH Sarabun New"),
            Some("TH SarabunPSK"),
            "{name}"
        );
        assert_eq!(alternative("TH SarabunPSK"), Some("Sarabun"), "{name}");

        let body_xml = zip_entry(&docx, "word/document.xml");
        let body = roxmltree::Document::parse(&body_xml).unwrap();
        // Every table's first row, and no other, repeats as a header.
        for table in elements(&body, "tbl") {
            let rows: Vec<_> = table
                .children()
                .filter(|n| n.tag_name().name() == "tr")
                .collect();
            let repeats = |row: &roxmltree::Node<'_, '_>| {
                row.descendants()
                    .any(|n| n.tag_name().name() == "tblHeader")
            };
            if rows.len() > 1 || rows.first().is_some_and(repeats) {
                assert!(repeats(&rows[0]), "{name}: a header row does not repeat");
                assert!(!rows[1..].iter().any(repeats), "{name}: a body row repeats");
            }
        }
        // Headings use the styles, not direct bold.
        let used: Vec<&str> = elements(&body, "pStyle")
            .into_iter()
            .filter_map(|s| w_attr(s, "val"))
            .collect();
        // Memos open with the memo form's head instead of a title.
        assert!(
            name.ends_with("memo") || used.contains(&"Title"),
            "{name}: no Title paragraph"
        );
        assert!(
            elements(&body, "tbl").is_empty() || used.contains(&"TableText"),
            "{name}: no TableText paragraph"
        );
    }
}

/// The orientation of each section of a DOCX, in order.
fn section_orientations(docx: &[u8]) -> Vec<bool> {
    let xml = zip_entry(docx, "word/document.xml");
    let body = roxmltree::Document::parse(&xml).unwrap();
    elements(&body, "sectPr")
        .into_iter()
        .map(|section| {
            let size = section
                .children()
                .find(|n| n.tag_name().name() == "pgSz")
                .unwrap();
            let landscape = w_attr(size, "orient") == Some("landscape");
            let (width, height): (u32, u32) = (
                w_attr(size, "w").unwrap().parse().unwrap(),
                w_attr(size, "h").unwrap().parse().unwrap(),
            );
            assert_eq!(
                landscape,
                width > height,
                "the size matches the orientation"
            );
            landscape
        })
        .collect()
}

#[test]
fn landscape_pages_where_the_pdf_has_them() {
    assert_eq!(
        section_orientations(&action_plan_docx()),
        [false, true, false]
    );
    for (name, landscape) in [
        ("annual-report", true),
        ("half-year-report", false),
        ("follow-up-report", true),
        ("risk-assessment", true),
        ("order", false),
        ("analysis", false),
    ] {
        let (_, document) = docx_kinds().into_iter().find(|(n, _)| *n == name).unwrap();
        let orientations = section_orientations(&document.docx().unwrap());
        assert_eq!(orientations.last(), Some(&landscape), "{name}");
    }
}

#[test]
fn the_action_plan_has_a_contents_field_over_its_headings() {
    let docx = action_plan_docx();
    let xml = zip_entry(&docx, "word/document.xml");
    let body = roxmltree::Document::parse(&xml).unwrap();
    let field = elements(&body, "instrText")
        .into_iter()
        .filter_map(|n| n.text())
        .find(|t| t.trim_start().starts_with("TOC"))
        .expect("a TOC field");
    assert!(field.contains("\\o \"1-2\""), "{field}");
    // Shown before Word updates the field: the parts as contents entries.
    let text = docx_body_text(&docx);
    for entry in ["คำนำ", "ส่วนที่ ๑ บทนำ", "๒. หลักการและเหตุผล", "ส่วนที่ ๓"]
    {
        assert!(text.contains(entry), "{entry} missing");
    }
    let levels: Vec<&str> = elements(&body, "pStyle")
        .into_iter()
        .filter_map(|s| w_attr(s, "val"))
        .collect();
    assert!(levels.contains(&"TOC1") && levels.contains(&"TOC2"));
    assert!(
        levels.iter().filter(|s| **s == "Heading1").count() >= 4,
        "the preface and three parts"
    );
}

#[test]
fn the_memo_title_is_29_pt_and_risk_levels_are_coloured() {
    let memo = zip_entry(&seed_memo(true).docx().unwrap(), "word/document.xml");
    assert!(
        memo.contains("<w:sz w:val=\"58\" /><w:szCs w:val=\"58\" /><w:b />"),
        "{memo}"
    );
    let (_, risk) = docx_kinds()
        .into_iter()
        .find(|(n, _)| *n == "risk-assessment")
        .unwrap();
    let xml = zip_entry(&risk.docx().unwrap(), "word/document.xml");
    let body = roxmltree::Document::parse(&xml).unwrap();
    let mut fills: Vec<String> = elements(&body, "shd")
        .into_iter()
        .filter_map(|s| w_attr(s, "fill"))
        .filter(|f| !f.eq_ignore_ascii_case("EBEBEB"))
        .map(str::to_ascii_lowercase)
        .collect();
    fills.sort();
    fills.dedup();
    // The four levels' colours at least (the legend has one row per level).
    assert!(fills.len() >= 4, "{fills:?}");
}

#[test]
fn the_action_plan_workbook_totals_are_sums_with_their_values() {
    let agency = plan_fixture::agency(true);
    let plan = plan_fixture::plan(&agency);
    let document = prongsai_docs::action_plan_document(&plan, None, &agency);
    let xlsx = document.xlsx().unwrap();
    let xml = zip_entry(&xlsx, "xl/worksheets/sheet1.xml");
    let sheet = roxmltree::Document::parse(&xml).unwrap();
    let formulas: Vec<(String, String)> = sheet
        .descendants()
        .filter(|n| n.tag_name().name() == "c")
        .filter_map(|cell| {
            let formula = cell.children().find(|n| n.tag_name().name() == "f")?;
            let value = cell.children().find(|n| n.tag_name().name() == "v")?;
            Some((formula.text()?.to_owned(), value.text()?.to_owned()))
        })
        .collect();
    assert!(
        formulas.iter().all(|(f, _)| f.starts_with("SUM(")),
        "{formulas:?}"
    );
    // The last row: รวมทั้งสิ้น per year over the dimensions' rows, then its own.
    let years = document.years.len();
    let last = &formulas[formulas.len() - years - 1..];
    for (year, (formula, value)) in document.total.amounts.iter().zip(last) {
        let expected = prongsai_docs::parse_number(year).unwrap_or(0.0);
        assert_eq!(value.parse::<f64>().unwrap(), expected, "{formula}");
        assert!(formula.contains(','), "one cell per dimension: {formula}");
    }
    let (formula, value) = &formulas[formulas.len() - 1];
    assert_eq!(
        value.parse::<f64>().unwrap(),
        prongsai_docs::parse_number(&document.total.total).unwrap(),
        "{formula}"
    );
    assert!(formula.contains(':'), "over the row's years: {formula}");
}
