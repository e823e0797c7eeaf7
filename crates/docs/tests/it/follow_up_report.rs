//! The follow-up report of the action plan: the summary and the rows the builder
//! makes of the plan and its reports (other rounds ignored, projects without a
//! report not started), the PDF's content and order, and the DOCX and XLSX.

use prongsai_core::thai::fiscal::ReportingRound;
use prongsai_docs::{
    DocumentFormat, FollowUpReportDocument, OfficialDocument, Renderer, follow_up_report_document,
};
use prongsai_testkit::documents::plan_fixture;
use prongsai_testkit::files::*;

fn document(thai: bool, round: ReportingRound) -> FollowUpReportDocument {
    let agency = plan_fixture::agency(thai);
    let plan = plan_fixture::plan(&agency);
    let reports = plan_fixture::follow_ups(&plan);
    follow_up_report_document(&plan, &reports, 2567, round, &agency)
}

/// The half-year report of the plan's first dimension only, for the snapshot
/// of its template data.
pub(crate) fn small_document() -> FollowUpReportDocument {
    let agency = plan_fixture::agency(false);
    let mut plan = plan_fixture::plan(&agency);
    plan.dimensions.truncate(1);
    let reports = plan_fixture::follow_ups(&plan);
    follow_up_report_document(&plan, &reports, 2567, ReportingRound::HalfYear, &agency)
}

#[test]
fn summary_and_rows_come_from_the_reports_of_the_round() {
    let d = document(false, ReportingRound::HalfYear);
    assert_eq!(
        d.round_heading,
        "รอบ 6 เดือน ปีงบประมาณ พ.ศ. 2567 (ต.ค. 2566 – มี.ค. 2567)"
    );
    let s = &d.summary;
    assert_eq!(
        (
            s.projects.as_str(),
            s.done.as_str(),
            s.in_progress.as_str(),
            s.not_started.as_str()
        ),
        ("17", "1", "1", "15")
    );
    let budget: i64 = (1..=17)
        .filter_map(|n| plan_fixture::budget_satang(n, 1))
        .sum::<i64>()
        / 100;
    assert_eq!(s.budget.replace(',', ""), budget.to_string());
    assert_eq!(s.spent, "11,500");
    assert_eq!(d.dimensions.len(), 4);
    let second = &d.dimensions[0].rows[1];
    assert_eq!(second.number, "2");
    assert_eq!(second.status, "ดำเนินการแล้วเสร็จ");
    assert_eq!(second.spent, "9,000");
    assert_eq!(second.budget, "11,000");
    assert_eq!(second.done, ["อบรมบุคลากร 2 ครั้ง", "ผู้เข้าร่วม 30 คน"]);
    assert_eq!(d.dimensions[0].rows[0].status, "ยังไม่ดำเนินการ");
    assert_eq!(d.dimensions[0].rows[0].budget, "-");

    let full = document(true, ReportingRound::FullYear);
    assert_eq!(full.round_heading, "ประจำปีงบประมาณ พ.ศ. ๒๕๖๗");
    assert_eq!(full.summary.done, "๑");
    assert_eq!(full.dimensions[0].rows[2].status, "ดำเนินการแล้วเสร็จ");
}

#[test]
fn pdf_prints_the_summary_then_a_table_per_dimension() {
    if !have_tool("pdftotext", "-v") {
        return;
    }
    let d = document(false, ReportingRound::HalfYear);
    let renderer = Renderer::new().unwrap();
    let pdf = prongsai_docs::render_blocking(&renderer, &d, DocumentFormat::Pdf).unwrap();
    save_artifact("follow-up-report.pdf", &pdf);
    let text = pdf_text(&pdf);
    assert_in_order(
        &text,
        &[
            "รายงานการกำกับติดตามผลการดำเนินการ".to_owned(),
            d.round_heading.clone(),
            d.agency_name.clone(),
            "สรุปผลการดำเนินการ".to_owned(),
            format!("ดำเนินการแล้วเสร็จ {} โครงการ", d.summary.done),
            format!("งบประมาณ {} บาท", d.summary.budget),
            format!("ใช้ไป {} บาท", d.summary.spent),
            "มิติที่ 1 การสร้างวัฒนธรรมสุจริต".to_owned(),
            "ปัญหา/อุปสรรค และข้อเสนอแนะ".to_owned(),
            "อบรมบุคลากร 2 ครั้ง".to_owned(),
            "บุคลากรผ่านแบบทดสอบ ร้อยละ 85".to_owned(),
            "ปัญหา/อุปสรรค:".to_owned(),
            "งบประมาณไม่เพียงพอ".to_owned(),
            "ข้อเสนอแนะ:".to_owned(),
            "อยู่ระหว่างดำเนินการ".to_owned(),
            "มิติที่ 4".to_owned(),
        ],
    );
    assert!(pdf_page_sizes(&pdf).iter().all(|(w, h)| w > h));
    assert_words_within_margins(&pdf, 3.0, 2.0);
}

#[test]
fn docx_and_xlsx_hold_the_rows() {
    let d = document(true, ReportingRound::HalfYear);
    let docx = OfficialDocument::docx(&d).unwrap();
    assert_in_order(
        &docx_body_text(&docx),
        &[
            d.title.clone(),
            d.round_heading.clone(),
            "สรุปผลการดำเนินการ".to_owned(),
            "มิติที่ ๑ การสร้างวัฒนธรรมสุจริต".to_owned(),
            "อบรมบุคลากร 2 ครั้ง".to_owned(),
            "ข้อเสนอแนะ:".to_owned(),
        ],
    );
    let xlsx = OfficialDocument::xlsx(&d).unwrap();
    let sheet = zip_entry(&xlsx, "xl/worksheets/sheet1.xml");
    assert_eq!(sheet.matches("<row ").count(), 2 + 17);
    assert!(sheet.contains("<v>9000</v>"));
    assert!(zip_entry(&xlsx, "xl/sharedStrings.xml").contains("งบประมาณไม่เพียงพอ"));
}
