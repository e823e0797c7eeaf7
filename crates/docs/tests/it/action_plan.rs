//! The action plan document: what the builder makes of a plan (totals from the
//! budgets, digits, owners, budget lines), the JSON the template receives, the
//! seed-sized plan's PDF as `pdftotext -raw` reads it (every part in order, the
//! table of contents' page numbers equal to the pages where the parts start,
//! part 2 on landscape pages, no text in the margins, about 45 pages), and the
//! same content in the DOCX and the XLSX.

use prongsai_core::action_plan::{ActionPlan, ListItem, TextBlock};
use prongsai_docs::{
    ActionPlanDocument, DocumentFormat, OfficialDocument, Renderer, action_plan_document,
};
use prongsai_testkit::documents::plan_fixture;
use prongsai_testkit::files::*;

fn seed(thai: bool) -> (ActionPlan, ActionPlanDocument) {
    let agency = plan_fixture::agency(thai);
    let plan = plan_fixture::plan(&agency);
    let risk = plan_fixture::risk(plan.agency_id);
    let document = action_plan_document(&plan, Some(&risk), &agency);
    (plan, document)
}

/// The plan's total of year `offset`, in whole baht, added up here independently.
fn year_total(offset: usize) -> f64 {
    (1..=17)
        .filter_map(|n| plan_fixture::budget_satang(n, offset))
        .sum::<i64>() as f64
        / 100.0
}

fn grouped(value: f64) -> String {
    let whole = value.trunc() as i64;
    let digits = whole.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    let satang = ((value - value.trunc()) * 100.0).round() as i64;
    if satang > 0 {
        out.push_str(&format!(".{satang:02}"));
    }
    out
}

#[test]
fn totals_come_from_the_budgets_and_no_budget_prints_a_dash() {
    let (_, document) = seed(false);
    assert_eq!(document.years, ["2566", "2567", "2568", "2569", "2570"]);
    assert_eq!(document.total.projects, "17");
    for offset in 0..5 {
        assert_eq!(document.total.amounts[offset], grouped(year_total(offset)));
    }
    let all: f64 = (0..5).map(year_total).sum();
    assert_eq!(document.total.total, grouped(all));
    let counts: Vec<&str> = document
        .dimensions
        .iter()
        .map(|d| d.total.projects.as_str())
        .collect();
    assert_eq!(counts, ["4", "5", "3", "5"]);
    let missions: usize = document.dimensions.iter().map(|d| d.missions.len()).sum();
    assert_eq!(missions, 12);

    let first = &document.dimensions[0].missions[0].projects[0];
    assert_eq!(first.budgets, ["-", "-", "-", "-", "-"]);
    assert_eq!(first.total, "-");
    assert_eq!(first.budget_lines, ["ไม่ใช้งบประมาณ"]);
    assert!(first.name.starts_with("โครงการพัฒนาความรู้"));
    let sixth = &document.dimensions[1].missions[0].projects[1];
    assert_eq!(sixth.number, "6");
    assert_eq!(sixth.budgets[0], "2,500.50");
    assert_eq!(
        sixth.budget_lines[0],
        "ปีงบประมาณ พ.ศ. 2566 งบประมาณ 2,500.50 บาท"
    );
    assert_eq!(sixth.period, "ปีงบประมาณ พ.ศ. 2566 - 2570");
    // Project 6 is owned by สำนักปลัด (6 % 3) and names the agency too.
    assert_eq!(sixth.owner, "สำนักปลัด องค์การบริหารส่วนตำบลบางแค");
    let gift = &document.dimensions[1].missions[1].projects[0];
    assert_eq!(gift.name, "มาตรการ NO Gift Policy");
    assert_eq!(gift.kind, "มาตรการ");
    assert_eq!(document.dimensions[3].missions[2].number, "4.3");
}

#[test]
fn digits_follow_the_agency_and_lists_keep_their_markers() {
    let (_, document) = seed(true);
    assert_eq!(document.years_label, "(พ.ศ. ๒๕๖๖ - ๒๕๗๐)");
    assert_eq!(document.preface_date, "๒๔ มิถุนายน ๒๕๖๕");
    assert_eq!(document.dimensions[0].missions[1].number, "๑.๒");
    assert_eq!(
        document.targets[0].heading,
        "จำนวนคดีทุจริตลดลง (คำนวณจากปี ๒๕๖๕)"
    );
    assert_eq!(document.targets[1].values[4], "๙๕ คะแนน");
    let TextBlock::List(objectives) = &document.objectives[0] else {
        panic!("objectives are a list: {:?}", document.objectives);
    };
    // The objectives' markers were typed, so they print as typed.
    assert_eq!(objectives[1].marker, "(2)");
    let project = &document.dimensions[0].missions[0].projects[0];
    assert_eq!(project.methods[6].marker, "๗)");
    // A lone outcome goes unmarked.
    assert_eq!(project.outcomes.len(), 1);
    assert_eq!(project.outcomes[0].marker, "");
    assert_eq!(document.risk_year, "๒๕๖๖");
    let risks: Vec<&Vec<String>> = document.risks.iter().map(|r| &r.levels).collect();
    assert_eq!(risks[0], &["ปานกลาง", "ปานกลาง"]);
    assert_eq!(risks[1], &["สูง (๑๒)"]);
    assert_eq!(risks[2], &["สูงมาก (๑๖)", "ปานกลาง"]);
    assert_eq!(
        document.risks[2].controls[1],
        ListItem {
            marker: "๒.".into(),
            text: "กิจกรรมวิเคราะห์ผลการจัดซื้อจัดจ้างประจำปี".into()
        }
    );
}

#[test]
fn text_the_user_typed_prints_as_typed_in_either_digits() {
    for (thai, typed, generated) in [(false, "งปฯ ๖๗", "1.2"), (true, "งปฯ 67", "๑.๒")]
    {
        let agency = plan_fixture::agency(thai);
        let mut plan = plan_fixture::plan(&agency);
        plan.dimensions[0].title = format!("มิติ {typed}");
        plan.dimensions[0].missions[0].projects[0].name = format!("อบรม {typed}");
        let document = action_plan_document(&plan, None, &agency);
        assert_eq!(document.dimensions[0].title, format!("มิติ {typed}"));
        let project = &document.dimensions[0].missions[0].projects[0];
        assert!(
            project.name.ends_with(&format!("อบรม {typed}")),
            "{}",
            project.name
        );
        assert_eq!(document.dimensions[0].missions[1].number, generated);
    }
}

/// The plan cut to one project with short lists, for the snapshot of its
/// template data.
pub(crate) fn small_document() -> ActionPlanDocument {
    let agency = plan_fixture::agency(false);
    let mut plan = plan_fixture::plan(&agency);
    plan.dimensions.truncate(1);
    plan.dimensions[0].missions.truncate(1);
    plan.dimensions[0].missions[0].projects.truncate(1);
    let project = &mut plan.dimensions[0].missions[0].projects[0];
    project.rationale = "เหตุผล".into();
    project.objectives = vec!["ข้อหนึ่ง".into(), "ข้อสอง".into()];
    project.methods.clear();
    project.outputs.clear();
    project.target_group.clear();
    project.outcomes = vec!["ผลลัพธ์".into()];
    project.owner_department = None;
    project.owner_text.clear();
    plan.preface = "คำนำ".into();
    plan.preface_date = None;
    plan.intro = Default::default();
    plan.targets.truncate(1);
    action_plan_document(&plan, None, &agency)
}

fn render(document: &ActionPlanDocument) -> Vec<u8> {
    let renderer = Renderer::new().unwrap();
    prongsai_docs::render_blocking(&renderer, document, DocumentFormat::Pdf).unwrap()
}

/// The header number ("- 12 -") of a page of `pdftotext` text.
fn page_number(page: &str) -> String {
    let first = page.lines().find(|l| !l.trim().is_empty()).unwrap();
    first
        .trim()
        .trim_start_matches("- ")
        .trim_end_matches(" -")
        .to_owned()
}

#[test]
fn seed_sized_plan_prints_every_part_in_order() {
    if !have_tool("pdftotext", "-v") {
        return;
    }
    let (_, document) = seed(false);
    let pdf = render(&document);
    save_artifact("action-plan.pdf", &pdf);
    let text = pdf_text(&pdf);
    let total = &document.total;
    let p1 = &document.dimensions[0].missions[0].projects[0];
    let p6 = &document.dimensions[1].missions[0].projects[1];
    let mut order: Vec<String> = vec![
        document.title.clone(),
        format!("ของ{}", document.agency_name),
        document.years_label.clone(),
        "คำนำ".into(),
        "องค์การบริหารส่วนตำบลบางแคได้จัดทำแผนปฏิบัติการ".into(),
        document.preface_date.clone(),
        "สารบัญ".into(),
        "ส่วนที่ 1 บทนำ".into(),
        "ส่วนที่ 2 แผนปฏิบัติการป้องกันการทุจริต".into(),
        "ส่วนที่ 3 รายละเอียดโครงการ/กิจกรรม/มาตรการ".into(),
        "ส่วนที่ 1".into(),
        "1. การประเมินความเสี่ยงการทุจริตในองค์กร ประจำปีงบประมาณ พ.ศ. 2566".into(),
        "การบริหารงานบุคคล".into(),
        "สูง (12)".into(),
        "มาตรการ NO Gift Policy".into(),
        "2. หลักการและเหตุผล".into(),
        "3. วัตถุประสงค์ของการจัดทำแผน".into(),
        "(1) เพื่อให้บุคลากร".into(),
        "4. เป้าหมาย".into(),
        "ค่าเป้าหมาย ปี 2566 ปี 2567 ปี 2568 ปี 2569 ปี 2570".into(),
        "ร้อยละ 10 ร้อยละ 20 ร้อยละ 30 ร้อยละ 40 ร้อยละ 50".into(),
        "91 คะแนน 92 คะแนน 93 คะแนน 94 คะแนน 95 คะแนน".into(),
        "5. ประโยชน์ของการจัดทำแผน".into(),
        "ส่วนที่ 2".into(),
        "1. การสร้างวัฒนธรรมสุจริต".into(),
        "1) โครงการพัฒนาความรู้".into(),
        "- - - - -".into(),
    ];
    for (index, dimension) in document.dimensions.iter().enumerate() {
        if index == 1 {
            order.push(format!("6) {}", p6.name));
            order.push(p6.budgets.join(" "));
        }
        order.push(format!("จำนวน {} โครงการ", dimension.total.projects));
        order.extend(
            dimension
                .total
                .amounts
                .iter()
                .map(|a| format!("จำนวน {a} บาท")),
        );
    }
    order.push("รวมทั้งสิ้น".into());
    order.push(format!("จำนวน {} โครงการ", total.projects));
    order.extend(total.amounts.iter().map(|a| format!("จำนวน {a} บาท")));
    order.extend([
        "ส่วนที่ 3".to_owned(),
        "มิติที่ 1 การสร้างวัฒนธรรมสุจริต".to_owned(),
        "ลำดับที่ 1".to_owned(),
        format!("1. ชื่อโครงการ : {}", p1.name),
        "2. หลักการและเหตุผล".to_owned(),
        "การบริหารจัดการขององค์กรปกครองส่วนท้องถิ่น".to_owned(),
        "3. วัตถุประสงค์".to_owned(),
        "3) เพื่อให้องค์กรปกครองส่วนท้องถิ่นบริหารงาน".to_owned(),
        "4. กลุ่มเป้าหมาย".to_owned(),
        "5. วิธีดำเนินการ".to_owned(),
        "7) รายงานผลการดำเนินการ".to_owned(),
        "6. ระยะเวลาดำเนินการ".to_owned(),
        "ปีงบประมาณ พ.ศ. 2566 - 2570".to_owned(),
        "7. งบประมาณดำเนินการ".to_owned(),
        "ไม่ใช้งบประมาณ".to_owned(),
        "8. ผู้รับผิดชอบโครงการ".to_owned(),
        p1.owner.clone(),
        "9. ผลผลิต/ผลลัพธ์".to_owned(),
        "ผลผลิต".to_owned(),
        "ผลลัพธ์".to_owned(),
        "ลำดับที่ 3".to_owned(),
        "10. ตัวชี้วัด".to_owned(),
        "ตัวชี้วัดของโครงการที่ 3 ร้อยละ 80".to_owned(),
        "ลำดับที่ 6".to_owned(),
        "ปีงบประมาณ พ.ศ. 2566 งบประมาณ 2,500.50 บาท".to_owned(),
        "ปีงบประมาณ พ.ศ. 2570 งบประมาณ 34,000 บาท".to_owned(),
        "ลำดับที่ 17".to_owned(),
    ]);
    assert_in_order(&text, &order);

    let pages = pdf_pages(&text);
    assert!((40..=50).contains(&pages.len()), "{} pages", pages.len());
    // The table of contents gives each part's first page.
    let contents = pages.iter().find(|p| p.contains("สารบัญ")).unwrap();
    for part in ["ส่วนที่ 1", "ส่วนที่ 2", "ส่วนที่ 3"] {
        let line = contents.lines().find(|l| l.starts_with(part)).unwrap();
        let range: Vec<&str> = line
            .split(" . ")
            .last()
            .unwrap()
            .trim_start_matches(". ")
            .split(" - ")
            .collect();
        let first_listed = range[0].trim().rsplit(' ').next().unwrap();
        let start = pages
            .iter()
            .position(|p| p.lines().nth(1).is_some_and(|l| l.trim() == part))
            .unwrap_or_else(|| panic!("{part} has no page of its own"));
        assert_eq!(first_listed, page_number(pages[start]), "{part}: {line}");
        if part == "ส่วนที่ 3" {
            let last = range[1].trim();
            assert_eq!(last, page_number(pages.last().unwrap()));
        }
    }
    // The preface is numbered with letters.
    assert_eq!(page_number(pages[1]), "ก");

    // Part 2 on landscape pages, the rest portrait.
    let sizes = pdf_page_sizes(&pdf);
    let part_2 = pages
        .iter()
        .position(|p| p.lines().nth(1).is_some_and(|l| l.trim() == "ส่วนที่ 2"))
        .unwrap();
    let part_3 = pages
        .iter()
        .position(|p| p.lines().nth(1).is_some_and(|l| l.trim() == "ส่วนที่ 3"))
        .unwrap();
    for (index, (width, height)) in sizes.iter().enumerate() {
        let landscape = (part_2..part_3).contains(&index);
        assert_eq!(width > height, landscape, "page {}", index + 1);
    }
    assert_words_within_margins(&pdf, 3.0, 2.0);
}

#[tokio::test]
async fn async_render_matches_and_thai_digits_print() {
    if !have_tool("pdftotext", "-v") {
        return;
    }
    let (_, document) = seed(true);
    let renderer = Renderer::new().unwrap();
    let pdf = prongsai_docs::render(&renderer, &document, DocumentFormat::Pdf)
        .await
        .unwrap();
    let text = pdf_text(&pdf);
    assert_in_order(
        &text,
        &[
            "ส่วนที่ ๑ บทนำ".to_owned(),
            "- ๑ -".to_owned(),
            format!("จำนวน {} โครงการ", document.total.projects),
            "ลำดับที่ ๑๗".to_owned(),
        ],
    );
}

#[test]
fn a_plan_without_projects_or_risks_still_renders() {
    let agency = plan_fixture::agency(false);
    let plan = ActionPlan::new(agency.departments[0].agency_id, 2568);
    let document = action_plan_document(&plan, None, &agency);
    let pdf = render(&document);
    if !have_tool("pdftotext", "-v") {
        return;
    }
    let text = pdf_text(&pdf);
    assert_in_order(
        &text,
        &[
            "ยังไม่มีผลการประเมินความเสี่ยงการทุจริต".to_owned(),
            "ยังไม่มีโครงการ/กิจกรรม/มาตรการ".to_owned(),
        ],
    );
}

#[test]
fn docx_holds_every_part() {
    let (_, document) = seed(true);
    let docx = OfficialDocument::docx(&document).unwrap();
    save_artifact("action-plan.docx", &docx);
    let text = docx_body_text(&docx);
    let p6 = &document.dimensions[1].missions[0].projects[1];
    let mut order = vec![
        document.title.clone(),
        "คำนำ".to_owned(),
        document.preface_date.clone(),
        "ส่วนที่ ๑".to_owned(),
        "การบริหารงานบุคคล".to_owned(),
        "สูง (๑๒)".to_owned(),
        "ค่าเป้าหมาย".to_owned(),
        "๙๕ คะแนน".to_owned(),
        "ส่วนที่ ๒".to_owned(),
        format!("๖) {}", p6.name),
        p6.budgets[0].clone(),
    ];
    order.push(format!("จำนวน {} โครงการ", document.total.projects));
    order.extend(
        document
            .total
            .amounts
            .iter()
            .map(|a| format!("จำนวน {a} บาท")),
    );
    order.push(format!(
        "งบประมาณรวมตลอดแผน {} จำนวน {} บาท",
        document.years_label, document.total.total
    ));
    order.extend([
        "ส่วนที่ ๓".to_owned(),
        "ลำดับที่ ๑".to_owned(),
        "๗. งบประมาณดำเนินการ".to_owned(),
        "ไม่ใช้งบประมาณ".to_owned(),
        "ลำดับที่ ๑๗".to_owned(),
    ]);
    assert_in_order(&text, &order);
    let xml = zip_entry(&docx, "word/document.xml");
    assert!(xml.contains("w:tblHeader"));
}

#[test]
fn xlsx_has_a_row_per_project_and_the_totals() {
    let (_, document) = seed(false);
    let xlsx = OfficialDocument::xlsx(&document).unwrap();
    save_artifact("action-plan.xlsx", &xlsx);
    let sheet = zip_entry(&xlsx, "xl/worksheets/sheet1.xml");
    let strings = zip_entry(&xlsx, "xl/sharedStrings.xml");
    // Title, header, 17 projects, 4 dimension totals, the grand total.
    assert_eq!(sheet.matches("<row ").count(), 2 + 17 + 4 + 1);
    for offset in 0..5 {
        let value = format!("<v>{}</v>", year_total(offset));
        assert!(sheet.contains(&value), "{value} missing");
    }
    let all: f64 = (0..5).map(year_total).sum();
    assert!(sheet.contains(&format!("<v>{all}</v>")));
    assert!(sheet.contains("<v>2500.5</v>"));
    for needle in [
        "รวมทั้งสิ้น",
        "จำนวน 17 โครงการ",
        "มาตรการ NO Gift Policy",
        "ปี 2570",
    ] {
        assert!(strings.contains(needle), "{needle}");
    }
}

#[test]
fn xlsx_prints_one_page_wide_landscape_with_baht_grouped() {
    let (_, document) = seed(false);
    let xlsx = OfficialDocument::xlsx(&document).unwrap();
    let sheet = zip_entry(&xlsx, "xl/worksheets/sheet1.xml");
    let styles = zip_entry(&xlsx, "xl/styles.xml");
    // Nine columns do not fit a portrait A4 page: landscape, one page wide.
    assert!(sheet.contains("<pageSetUpPr fitToPage=\"1\"/>"), "{sheet}");
    let setup = &sheet[sheet.find("<pageSetup").unwrap()..];
    let setup = &setup[..setup.find("/>").unwrap()];
    for attribute in [
        "paperSize=\"9\"",
        "orientation=\"landscape\"",
        "fitToHeight=\"0\"",
    ] {
        assert!(setup.contains(attribute), "{attribute} missing: {setup}");
    }
    // Budgets were formatted "2,500.50": Excel shows them the same way.
    assert!(styles.contains("formatCode=\"#,##0.00\""), "{styles}");
}
