//! Word files laid out like their PDFs: LibreOffice converts the DOCX of every
//! kind that has one, and the converted file has about as many pages as the
//! PDF (within 15 %). A DOCX set in the wrong size, with single spacing or
//! without the PDF's page breaks and landscape pages comes out far longer or
//! shorter, which is what a clerk notices first when the Word file prints on
//! twice the paper. Needs `soffice` and `pdfinfo`; skipped with a notice
//! without them, unless `PRONGSAI_REQUIRE_TOOLS=1` (CI).
//!
//! TH Sarabun New is not free to install here, and no packaged Thai font has
//! its metrics (Laksaman, TLWG's copy of TH SarabunPSK, is scaled up to Latin
//! proportions). The PDF's Sarabun draws 16 pt of TH Sarabun New at 11 pt
//! (`BODY_SIZE_PT`), so the test gives LibreOffice a copy of Sarabun with its
//! em enlarged by 16/11 under the name TH Sarabun New: the same glyphs at the
//! sizes the DOCX asks for, as the PDF has them.

use std::path::{Path, PathBuf};
use std::process::Command;

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

/// Sarabun's em in font units.
const SARABUN_UNITS_PER_EM: u32 = 1000;

/// `font` with the em of its `head` table set to `units`.
fn with_units_per_em(font: &[u8], units: u16) -> Vec<u8> {
    let tables = usize::from(u16::from_be_bytes([font[4], font[5]]));
    let head = (0..tables)
        .map(|index| 12 + 16 * index)
        .find(|&record| &font[record..record + 4] == b"head")
        .map(|record| u32::from_be_bytes(font[record + 8..record + 12].try_into().unwrap()))
        .unwrap() as usize;
    assert_eq!(
        u32::from(u16::from_be_bytes([font[head + 18], font[head + 19]])),
        SARABUN_UNITS_PER_EM
    );
    let mut scaled = font.to_vec();
    scaled[head + 18..head + 20].copy_from_slice(&units.to_be_bytes());
    scaled
}

/// A fontconfig setup in `dir` that adds the scaled Sarabun as TH Sarabun New
/// to the system's fonts; returns the configuration file.
fn stand_in_fonts(dir: &Path) -> PathBuf {
    let fonts = dir.join("fonts");
    std::fs::create_dir_all(&fonts).unwrap();
    let units = u16::try_from(SARABUN_UNITS_PER_EM * 16 / prongsai_docs::BODY_SIZE_PT).unwrap();
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("fonts");
    for name in ["Sarabun-Regular.ttf", "Sarabun-Bold.ttf"] {
        let font = std::fs::read(source.join(name)).unwrap();
        std::fs::write(fonts.join(name), with_units_per_em(&font, units)).unwrap();
    }
    let config = dir.join("fonts.conf");
    std::fs::write(
        &config,
        format!(
            "<?xml version=\"1.0\"?>\n<!DOCTYPE fontconfig SYSTEM \"fonts.dtd\">\n<fontconfig>\n\
             <include ignore_missing=\"yes\">/etc/fonts/fonts.conf</include>\n\
             <dir>{fonts}</dir>\n<cachedir>{cache}</cachedir>\n\
             <match target=\"scan\"><test name=\"file\" compare=\"contains\"><string>{fonts}</string></test>\
             <edit name=\"family\" mode=\"assign\" binding=\"same\"><string>{family}</string></edit></match>\n\
             </fontconfig>\n",
            fonts = fonts.display(),
            cache = dir.join("cache").display(),
            family = prongsai_docs::DOCX_FONT,
        ),
    )
    .unwrap();
    config
}

/// Converts `input` with headless LibreOffice using the fonts of `config`;
/// returns the PDF.
fn convert(input: &Path, dir: &Path, config: &Path) -> Vec<u8> {
    let output = Command::new("soffice")
        .env("FONTCONFIG_FILE", config)
        .arg(format!(
            "-env:UserInstallation=file://{}",
            dir.join("lo-profile").display()
        ))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(dir)
        .arg(input)
        .output()
        .unwrap();
    assert!(output.status.success(), "libreoffice failed: {output:?}");
    std::fs::read(dir.join(input.file_stem().unwrap()).with_extension("pdf")).unwrap()
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
    let config = stand_in_fonts(dir.path());
    let mut report = Vec::new();
    let mut failures = Vec::new();
    for (name, document) in docx_kinds() {
        let pdf = render_blocking(&renderer, document.as_ref(), DocumentFormat::Pdf).unwrap();
        let docx = document.docx().unwrap();
        save_artifact(&format!("{name}.docx"), &docx);
        let input = dir.path().join(format!("{name}.docx"));
        std::fs::write(&input, &docx).unwrap();
        let converted = convert(&input, dir.path(), &config);
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
