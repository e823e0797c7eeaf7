//! The action plan over HTTP: a plan started from the template, projects with
//! budgets in Thai digits and the totals the page computes, every bad input
//! refused at its field with what was typed kept, concurrent saves, the
//! department head's follow-ups, tenancy, downloads and the executive's
//! read-only view.

use crate::common;

use axum::http::{StatusCode, header};
use prongsai_core::action_plan::{ActionPlan, Budget};
use prongsai_core::model::{ActionPlanId, Department, DepartmentId, ProjectId, Role};
use prongsai_core::thai::fiscal::ReportingRound;
use prongsai_core::thai::numbers::Baht;
use prongsai_testkit::http::{Browser, Page, TestApp};

const STALE: &str = "มีผู้อื่นบันทึกรายการนี้ไปก่อนแล้ว กรุณาโหลดหน้าใหม่แล้วแก้ไขอีกครั้ง";

/// The first fiscal year of the plans the tests build.
const FIRST: i32 = 2570;

/// Text as the auto-escaping templates write it.
fn html(text: &str) -> String {
    text.replace('&', "&amp;").replace('/', "&#x2f;")
}

async fn post_fields(
    app: &TestApp,
    browser: &Browser,
    path: &str,
    fields: &[(String, String)],
) -> Page {
    let pairs: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    app.post(Some(browser), path, &pairs).await
}

fn with(fields: &[(String, String)], changes: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = fields
        .iter()
        .filter(|(k, _)| !changes.iter().any(|(c, _)| c == k))
        .cloned()
        .collect();
    out.extend(
        changes
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned())),
    );
    out
}

/// Creates a plan of five years from `FIRST` through the form, starting from the
/// four-dimension template, and returns it as stored.
async fn create_plan(app: &TestApp, admin: &Browser) -> ActionPlan {
    let page = app
        .post(
            Some(admin),
            "/action-plans",
            &[
                ("first_year", &FIRST.to_string()),
                ("years", "5"),
                ("start", "template"),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    let plan = app
        .store
        .list_action_plans(app.a.agency.id)
        .await
        .unwrap()
        .into_iter()
        .find(|p| p.first_year == FIRST)
        .expect("plan stored");
    assert_eq!(
        page.location.as_deref(),
        Some(format!("/action-plans/{}?notice=saved", plan.id).as_str())
    );
    plan
}

async fn stored(app: &TestApp, id: ActionPlanId) -> ActionPlan {
    app.store
        .get_action_plan(app.a.agency.id, id)
        .await
        .unwrap()
}

/// The fields of a valid project in mission `m` of dimension `d`, to be changed
/// by a test.
fn project_fields(
    plan: &ActionPlan,
    d: usize,
    m: usize,
    name: &str,
    department: DepartmentId,
) -> Vec<(String, String)> {
    [
        ("mission_id", plan.dimensions[d].missions[m].id.to_string()),
        ("kind", "project".to_owned()),
        ("name", name.to_owned()),
        ("rationale", "เพื่อเสริมสร้างจิตสำนึก".to_owned()),
        ("objectives", "สร้างความรู้\nสร้างความตระหนัก".to_owned()),
        ("target_group", "บุคลากร".to_owned()),
        ("methods", "ประชุม\nอบรม".to_owned()),
        ("first_year", FIRST.to_string()),
        ("last_year", (FIRST + 4).to_string()),
        ("owner_department", department.to_string()),
        ("owner_text", "งานการเจ้าหน้าที่".to_owned()),
        ("outputs", "อบรม ๑ ครั้ง".to_owned()),
        ("outcomes", "บุคลากรมีความรู้".to_owned()),
        ("indicators", "ร้อยละ ๘๐".to_owned()),
        ("version", plan.version.to_string()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .collect()
}

async fn add_project(
    app: &TestApp,
    admin: &Browser,
    plan_id: ActionPlanId,
    fields: &[(String, String)],
) -> ProjectId {
    let name = fields.iter().find(|(k, _)| k == "name").unwrap().1.clone();
    let page = post_fields(
        app,
        admin,
        &format!("/action-plans/{plan_id}/projects"),
        fields,
    )
    .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    stored(app, plan_id)
        .await
        .numbered_projects()
        .find(|(_, _, _, p)| p.name == name)
        .expect("project stored")
        .3
        .id
}

async fn second_department(app: &TestApp) -> Department {
    let d = Department {
        agency_id: app.a.agency.id,
        id: DepartmentId::new(),
        name: "กองช่างอัลฟา".to_owned(),
        sort_order: 2,
    };
    app.store
        .create_department(prongsai_store::Actor::default(), &d)
        .await
        .unwrap();
    d
}

#[tokio::test]
async fn a_plan_from_the_template_adds_up_budgets_typed_in_thai_digits() {
    let app = common::app().await;
    let admin = app.login(&app.a.admin.username).await;
    let list = app.get(Some(&admin), "/action-plans").await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(
        list.body.contains("แผนปฏิบัติการฯ"),
        "the navigation links the plans"
    );
    assert!(
        list.body
            .contains("name=\"years\" type=\"text\" value=\"5\"")
    );
    assert!(list.body.contains("กรุณาตรวจสอบชื่อภารกิจก่อนใช้งาน"));

    let plan = create_plan(&app, &admin).await;
    assert_eq!((plan.first_year, plan.last_year), (FIRST, FIRST + 4));
    assert_eq!(plan.dimensions.len(), 4);
    assert!(plan.dimensions.iter().all(|d| d.missions.len() == 3));

    let first = with(
        &project_fields(&plan, 0, 0, "อบรมคุณธรรมจริยธรรม", app.a.department.id),
        &[
            (&format!("budget_{FIRST}"), "๑,๒๐๐,๐๐๐"),
            (&format!("budget_{}", FIRST + 1), "1,200,000"),
        ],
    );
    let first_id = add_project(&app, &admin, plan.id, &first).await;
    let plan = stored(&app, plan.id).await;
    let second = with(
        &project_fields(&plan, 1, 0, "เผยแพร่ข้อมูลข่าวสาร", app.a.department.id),
        &[(&format!("budget_{FIRST}"), "๕๐,๐๐๐.๕๐")],
    );
    add_project(&app, &admin, plan.id, &second).await;

    let plan = stored(&app, plan.id).await;
    let project = plan.project(first_id).unwrap();
    assert_eq!(project.budget(FIRST), Budget::Amount(Baht(120_000_000)));
    assert_eq!(project.budget(FIRST + 2), Budget::NotUsed);
    assert_eq!(project.methods, vec!["ประชุม".to_owned(), "อบรม".to_owned()]);

    let page = app
        .get(Some(&admin), &format!("/action-plans/{}", plan.id))
        .await;
    assert_eq!(page.status, StatusCode::OK);
    for text in [
        "โครงการอบรมคุณธรรมจริยธรรม",
        "1,200,000",
        "50,000.50",
        "รวมภารกิจที่ 1.1 (1 รายการ)",
        "1,250,000.50",
        "รวมทั้งแผน (2 รายการ)",
        "2,450,000.50",
        "ไม่ใช้งบประมาณ",
    ] {
        assert!(page.body.contains(text), "{text} not on the plan page");
    }
    // The form shows the stored budget again, ready to edit.
    let form = app
        .get(
            Some(&admin),
            &format!("/action-plans/{}/projects/{first_id}", plan.id),
        )
        .await;
    assert!(form.body.contains("value=\"1,200,000\""));

    // Deleting asks first, then removes the project and its totals.
    let confirm = app
        .get(
            Some(&admin),
            &format!("/action-plans/{}/projects/{first_id}/delete", plan.id),
        )
        .await;
    assert_eq!(confirm.status, StatusCode::OK);
    assert!(confirm.body.contains("โครงการอบรมคุณธรรมจริยธรรม"));
    let done = app
        .post(
            Some(&admin),
            &format!("/action-plans/{}/projects/{first_id}/delete", plan.id),
            &[],
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER);
    let plan = stored(&app, plan.id).await;
    assert!(plan.project(first_id).is_none());
    assert_eq!(plan.numbered_projects().count(), 1);
}

#[tokio::test]
async fn bad_input_is_refused_at_its_field_and_nothing_changes() {
    let app = common::app().await;
    let admin = app.login(&app.a.admin.username).await;
    let plan = create_plan(&app, &admin).await;
    let url = format!("/action-plans/{}/projects", plan.id);
    let fields = with(
        &project_fields(&plan, 0, 0, "โครงการที่กรอกผิด", app.a.department.id),
        &[
            (&format!("budget_{FIRST}"), "หนึ่งล้าน"),
            (&format!("budget_{}", FIRST + 1), "-5"),
            ("first_year", &(FIRST - 1).to_string()),
            ("last_year", &(FIRST + 5).to_string()),
        ],
    );
    let page = post_fields(&app, &admin, &url, &fields).await;
    assert_eq!(page.status, StatusCode::OK);
    let range = format!("({FIRST} - {})", FIRST + 4);
    for (field, message) in [
        (
            format!("budget_{FIRST}"),
            "กรุณากรอกงบประมาณเป็นตัวเลข".to_owned(),
        ),
        (
            format!("budget_{}", FIRST + 1),
            "งบประมาณต้องไม่ติดลบ".to_owned(),
        ),
        (
            "first_year".to_owned(),
            format!("ปีที่เริ่มต้องอยู่ในช่วงปีของแผน {range}"),
        ),
        (
            "last_year".to_owned(),
            format!("ปีที่สิ้นสุดต้องอยู่ในช่วงปีของแผน {range}"),
        ),
    ] {
        let expected = format!("id=\"e-{field}\">{message}");
        assert!(page.body.contains(&expected), "{expected}\n{}", page.body);
    }
    for kept in [
        "value=\"หนึ่งล้าน\"".to_owned(),
        "value=\"-5\"".to_owned(),
        format!("value=\"{}\"", FIRST - 1),
        "value=\"โครงการที่กรอกผิด\"".to_owned(),
        "สร้างความรู้\nสร้างความตระหนัก".to_owned(),
        "เพื่อเสริมสร้างจิตสำนึก".to_owned(),
    ] {
        assert!(page.body.contains(&kept), "{kept} was lost");
    }
    assert_eq!(stored(&app, plan.id).await, plan, "nothing saved changed");

    // Years overlapping the existing plan are refused at the first year.
    let page = app
        .post(
            Some(&admin),
            "/action-plans",
            &[
                ("first_year", &(FIRST + 2).to_string()),
                ("years", "5"),
                ("start", "empty"),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(
        page.body
            .contains("id=\"e-first_year\">ช่วงปีของแผนซ้อนทับกับแผนอื่น")
    );
    assert!(page.body.contains(&format!("value=\"{}\"", FIRST + 2)));
    assert!(page.body.contains("value=\"empty\" checked"));
    let year_words = app
        .post(
            Some(&admin),
            "/action-plans",
            &[("first_year", "ปีหน้า"), ("years", "0"), ("start", "empty")],
        )
        .await;
    assert!(
        year_words
            .body
            .contains("id=\"e-first_year\">กรุณากรอกปีงบประมาณ")
    );
    assert!(year_words.body.contains("value=\"ปีหน้า\""));
    assert_eq!(
        app.store
            .list_action_plans(app.a.agency.id)
            .await
            .unwrap()
            .len(),
        1
    );

    // A bad preface date and a target over 100 are refused at their fields.
    let page = app
        .post(
            Some(&admin),
            &format!("/action-plans/{}/intro", plan.id),
            &[
                ("version", &plan.version.to_string()),
                ("title", "แผนทดสอบ"),
                ("preface_date", "1/10/2026"),
                ("rationale", "- ข้อแรก\n- ข้อสอง"),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("id=\"e-preface_date\">"));
    assert!(page.body.contains("- ข้อแรก\n- ข้อสอง"));
    let value = format!("targets.0.value_{FIRST}");
    let page = app
        .post(
            Some(&admin),
            &format!("/action-plans/{}/targets", plan.id),
            &[
                ("version", &plan.version.to_string()),
                ("targets.0.kind", "ita_score"),
                (&value, "๑๕๐"),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body
            .contains(&format!("id=\"e-{value}\">ค่าเป้าหมายต้องไม่เกิน 100"))
    );
    assert!(page.body.contains("value=\"๑๕๐\""));
    assert_eq!(stored(&app, plan.id).await, plan, "nothing saved changed");

    // The same target within range is saved and printed with its kind.
    let page = app
        .post(
            Some(&admin),
            &format!("/action-plans/{}/targets", plan.id),
            &[
                ("version", &plan.version.to_string()),
                ("targets.0.kind", "ita_score"),
                (&value, "๙๑"),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    let page = app
        .get(Some(&admin), &format!("/action-plans/{}", plan.id))
        .await;
    assert!(page.body.contains("91 คะแนน"));
}

#[tokio::test]
async fn the_second_of_two_concurrent_saves_is_refused() {
    let app = common::app().await;
    let admin = app.login(&app.a.admin.username).await;
    let other = app
        .add_user(app.a.agency.id, "admin2.alpha", Role::Admin, None)
        .await;
    let second = app.login(&other.username).await;
    let plan = create_plan(&app, &admin).await;
    let id = add_project(
        &app,
        &admin,
        plan.id,
        &project_fields(&plan, 0, 0, "ชื่อเดิม", app.a.department.id),
    )
    .await;
    let url = format!("/action-plans/{}/projects/{id}", plan.id);
    let first_form = app.get(Some(&admin), &url).await;
    let second_form = app.get(Some(&second), &url).await;
    let loaded = prongsai_testkit::http::hidden_value(&first_form.body, "version").unwrap();
    assert_eq!(
        prongsai_testkit::http::hidden_value(&second_form.body, "version").unwrap(),
        loaded
    );

    let plan = stored(&app, plan.id).await;
    let base = project_fields(&plan, 0, 0, "ฉบับของคนแรก", app.a.department.id);
    let page = post_fields(&app, &admin, &url, &with(&base, &[("version", &loaded)])).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    let late = with(&base, &[("version", &loaded), ("name", "ฉบับของคนที่สอง")]);
    let page = post_fields(&app, &second, &url, &late).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains(STALE), "{}", page.body);
    assert!(
        page.body.contains("value=\"ฉบับของคนที่สอง\""),
        "typed value kept"
    );
    let plan = stored(&app, plan.id).await;
    assert_eq!(plan.project(id).unwrap().name, "ฉบับของคนแรก");

    // A rename from a page loaded before that save is refused the same way.
    let dimension = plan.dimensions[0].id;
    let page = app
        .post(
            Some(&second),
            &format!("/action-plans/{}/dimensions/{dimension}", plan.id),
            &[("version", &loaded), ("title", "มิติที่เปลี่ยนชื่อช้า")],
        )
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains(STALE));
    assert!(page.body.contains("value=\"มิติที่เปลี่ยนชื่อช้า\""));
    assert_eq!(stored(&app, plan.id).await, plan);
}

#[tokio::test]
async fn a_department_head_follows_up_only_its_own_projects() {
    let app = common::app().await;
    let admin = app.login(&app.a.admin.username).await;
    let other_department = second_department(&app).await;
    let plan = create_plan(&app, &admin).await;
    let own = add_project(
        &app,
        &admin,
        plan.id,
        &with(
            &project_fields(&plan, 0, 0, "อบรมของกองคลัง", app.a.department.id),
            &[(&format!("budget_{FIRST}"), "20,000")],
        ),
    )
    .await;
    let plan = stored(&app, plan.id).await;
    let theirs = add_project(
        &app,
        &admin,
        plan.id,
        &project_fields(&plan, 0, 1, "งานของกองช่าง", other_department.id),
    )
    .await;
    let head = app
        .add_user(
            app.a.agency.id,
            "head.alpha",
            Role::DepartmentHead,
            Some(app.a.department.id),
        )
        .await;
    let head = app.login(&head.username).await;
    let round = format!("/action-plans/{}/follow-up/{FIRST}/half", plan.id);

    let page = app.get(Some(&head), &round).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("อบรมของกองคลัง"));
    assert!(!page.body.contains("งานของกองช่าง"));
    assert_eq!(
        app.get(Some(&head), &format!("{round}/{theirs}"))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    let refused = app
        .post(
            Some(&head),
            &format!("{round}/{theirs}"),
            &[("status", "done"), ("done", "x"), ("version", "0")],
        )
        .await;
    assert_eq!(refused.status, StatusCode::NOT_FOUND);

    // Bad money is refused at its field, with what was typed kept.
    let url = format!("{round}/{own}");
    let page = app
        .post(
            Some(&head),
            &url,
            &[
                ("status", "done"),
                ("done", "จัดอบรมแล้ว ๑ ครั้ง"),
                ("spent", "หนึ่งหมื่น"),
                ("version", "0"),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("id=\"e-spent\">"));
    assert!(page.body.contains("จัดอบรมแล้ว ๑ ครั้ง"));
    let page = app
        .post(
            Some(&head),
            &url,
            &[
                ("status", "done"),
                ("done", "จัดอบรมแล้ว ๑ ครั้ง"),
                ("spent", "๑๒,๕๐๐"),
                ("version", "0"),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    let reports = app
        .store
        .list_follow_ups(app.a.agency.id, plan.id, FIRST, ReportingRound::HalfYear)
        .await
        .unwrap();
    assert_eq!(reports.len(), 1);
    assert_eq!(reports[0].spent, Some(Baht(1_250_000)));

    // A second save from the same loaded form is stale.
    let page = app
        .post(
            Some(&head),
            &url,
            &[("status", "done"), ("done", "แก้ไขช้า"), ("version", "0")],
        )
        .await;
    assert!(page.body.contains(STALE));

    // The administrator sees both and the counts; the executive reads only.
    let page = app.get(Some(&admin), &round).await;
    assert!(page.body.contains("อบรมของกองคลัง") && page.body.contains("งานของกองช่าง"));
    assert!(page.body.contains("แล้วเสร็จ 1"));
    assert!(page.body.contains("ใช้ไป 12,500 บาท"));
    let executive = app
        .add_user(app.a.agency.id, "exec.alpha", Role::Executive, None)
        .await;
    let executive = app.login(&executive.username).await;
    let page = app
        .get(Some(&executive), &format!("{round}/{theirs}"))
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(!page.body.contains("type=\"submit\" class=\"primary\""));
    let refused = app
        .post(
            Some(&executive),
            &format!("{round}/{theirs}"),
            &[("status", "done"), ("done", "x"), ("version", "0")],
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn another_agencys_plan_is_not_found() {
    let app = common::app().await;
    let admin = app.login(&app.a.admin.username).await;
    let plan = create_plan(&app, &admin).await;
    let intruder = app.login(&app.b.admin.username).await;
    let base = format!("/action-plans/{}", plan.id);
    for path in [
        base.clone(),
        format!("{base}/intro"),
        format!("{base}/projects/new"),
        format!("{base}/document?format=pdf"),
        format!("{base}/follow-up/{FIRST}/half"),
        format!("{base}/follow-up/{FIRST}/full/document?format=docx"),
        format!("{base}/delete"),
    ] {
        assert_eq!(
            app.get(Some(&intruder), &path).await.status,
            StatusCode::NOT_FOUND,
            "{path}"
        );
    }
    let page = post_fields(
        &app,
        &intruder,
        &format!("{base}/projects"),
        &project_fields(&plan, 0, 0, "แทรก", app.b.department.id),
    )
    .await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
    let page = app
        .post(Some(&intruder), &format!("{base}/delete"), &[])
        .await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
    assert_eq!(stored(&app, plan.id).await, plan);
    let list = app.get(Some(&intruder), "/action-plans").await;
    assert!(!list.body.contains(&plan.id.to_string()));
}

#[tokio::test]
async fn the_plan_and_its_follow_up_download_as_pdf_docx_and_xlsx() {
    let app = common::app().await;
    let admin = app.login(&app.a.admin.username).await;
    let plan = create_plan(&app, &admin).await;
    add_project(
        &app,
        &admin,
        plan.id,
        &with(
            &project_fields(&plan, 0, 0, "อบรมคุณธรรม", app.a.department.id),
            &[(&format!("budget_{FIRST}"), "๑,๒๐๐,๐๐๐")],
        ),
    )
    .await;
    let staff = app.login(&format!("staff.{}", app.a.agency.code)).await;
    let base = format!("/action-plans/{}", plan.id);
    for (format, content_type, magic) in [
        ("pdf", "application/pdf", "%PDF"),
        (
            "docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "PK",
        ),
        (
            "xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "PK",
        ),
    ] {
        for path in [
            format!("{base}/document?format={format}"),
            format!("{base}/follow-up/{FIRST}/half/document?format={format}"),
        ] {
            let page = app.get(Some(&staff), &path).await;
            assert_eq!(page.status, StatusCode::OK, "{path}: {}", page.body);
            assert_eq!(page.headers[header::CONTENT_TYPE], content_type);
            let disposition = page.headers[header::CONTENT_DISPOSITION].to_str().unwrap();
            assert!(
                disposition.starts_with("attachment; filename=\""),
                "{disposition}"
            );
            assert!(
                disposition.contains(&format!(".{format}\"")),
                "{disposition}"
            );
            assert!(page.body.starts_with(magic), "{path}");
        }
    }
    assert_eq!(
        app.get(Some(&staff), &format!("{base}/document?format=odt"))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn an_executive_reads_the_plan_but_cannot_write() {
    let app = common::app().await;
    let admin = app.login(&app.a.admin.username).await;
    let plan = create_plan(&app, &admin).await;
    let executive = app
        .add_user(app.a.agency.id, "exec.alpha", Role::Executive, None)
        .await;
    let executive = app.login(&executive.username).await;
    let list = app.get(Some(&executive), "/action-plans").await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(!list.body.contains("จัดทำแผนใหม่"));
    let base = format!("/action-plans/{}", plan.id);
    let page = app.get(Some(&executive), &base).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains(&html(&plan.dimensions[0].title)));
    assert!(!page.body.contains("เพิ่มโครงการ"));
    for path in [
        format!("{base}/intro"),
        format!("{base}/projects/new"),
        format!("{base}/targets"),
    ] {
        assert_eq!(
            app.get(Some(&executive), &path).await.status,
            StatusCode::FORBIDDEN,
            "{path}"
        );
    }
    let page = app
        .post(
            Some(&executive),
            "/action-plans",
            &[("first_year", "2580"), ("years", "5"), ("start", "empty")],
        )
        .await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    let page = post_fields(
        &app,
        &executive,
        &format!("{base}/projects"),
        &project_fields(&plan, 0, 0, "ไม่ควรบันทึก", app.a.department.id),
    )
    .await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    let page = app
        .post(
            Some(&executive),
            &format!("{base}/dimensions"),
            &[("title", "มิติใหม่"), ("version", &plan.version.to_string())],
        )
        .await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    assert_eq!(stored(&app, plan.id).await, plan);
    assert_eq!(
        app.store
            .list_action_plans(app.a.agency.id)
            .await
            .unwrap()
            .len(),
        1
    );
}

#[tokio::test]
async fn dimensions_and_missions_are_added_renamed_moved_and_deleted() {
    let app = common::app().await;
    let admin = app.login(&app.a.admin.username).await;
    let plan = create_plan(&app, &admin).await;
    let base = format!("/action-plans/{}", plan.id);
    for path in [
        "/action-plans".to_owned(),
        format!("{base}/intro"),
        format!("{base}/targets"),
        format!(
            "{base}/projects/new?mission={}",
            plan.dimensions[0].missions[0].id
        ),
        format!("{base}/delete"),
        format!("{base}/dimensions/{}/delete", plan.dimensions[3].id),
        format!(
            "{base}/missions/{}/delete",
            plan.dimensions[0].missions[2].id
        ),
    ] {
        let page = app.get(Some(&admin), &path).await;
        assert_eq!(page.status, StatusCode::OK, "{path}: {}", page.body);
    }
    let version = |p: &ActionPlan| p.version.to_string();

    let page = app
        .post(
            Some(&admin),
            &format!("{base}/dimensions"),
            &[("title", "  "), ("version", &version(&plan))],
        )
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("id=\"e-dimension_new\">กรุณากรอกชื่อมิติ"));
    let page = app
        .post(
            Some(&admin),
            &format!("{base}/dimensions"),
            &[("title", "มิติที่เพิ่มเอง"), ("version", &version(&plan))],
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    let plan = stored(&app, plan.id).await;
    assert_eq!(plan.dimensions[4].title, "มิติที่เพิ่มเอง");

    let added = plan.dimensions[4].id;
    let page = app
        .post(
            Some(&admin),
            &format!("{base}/dimensions/{added}/missions"),
            &[("title", "ภารกิจใหม่"), ("version", &version(&plan))],
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    let plan = stored(&app, plan.id).await;
    let page = app
        .post(
            Some(&admin),
            &format!("{base}/dimensions/{added}/move"),
            &[("offset", "-1"), ("version", &version(&plan))],
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    let plan = stored(&app, plan.id).await;
    assert_eq!(plan.dimensions[3].id, added);
    let mission = plan.dimensions[3].missions[0].id;
    let page = app
        .post(
            Some(&admin),
            &format!("{base}/missions/{mission}"),
            &[("title", "ภารกิจที่เปลี่ยนชื่อ"), ("version", &version(&plan))],
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    let page = app.get(Some(&admin), &base).await;
    assert!(page.body.contains("ภารกิจที่ 4.1 ภารกิจที่เปลี่ยนชื่อ"));

    let page = app
        .post(
            Some(&admin),
            &format!("{base}/dimensions/{added}/delete"),
            &[],
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    let plan = stored(&app, plan.id).await;
    assert_eq!(plan.dimensions.len(), 4);
    assert!(plan.dimensions.iter().all(|d| d.id != added));

    let page = app.post(Some(&admin), &format!("{base}/delete"), &[]).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    assert!(
        app.store
            .list_action_plans(app.a.agency.id)
            .await
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn a_project_with_follow_ups_cannot_be_deleted() {
    let app = common::app().await;
    let admin = app.login(&app.a.admin.username).await;
    let plan = create_plan(&app, &admin).await;
    let id = add_project(
        &app,
        &admin,
        plan.id,
        &project_fields(&plan, 0, 0, "โครงการที่ติดตามแล้ว", app.a.department.id),
    )
    .await;
    let base = format!("/action-plans/{}", plan.id);
    let report = app
        .get(Some(&admin), &format!("{base}/follow-up/{FIRST}/full/{id}"))
        .await;
    assert_eq!(report.status, StatusCode::OK);
    let page = app
        .post(
            Some(&admin),
            &format!("{base}/follow-up/{FIRST}/full/{id}"),
            &[
                ("status", "in_progress"),
                ("done", "เริ่มแล้ว"),
                ("version", "0"),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    let before = stored(&app, plan.id).await;
    let page = app
        .post(Some(&admin), &format!("{base}/projects/{id}/delete"), &[])
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("มีผลการติดตามแล้ว"), "{}", page.body);
    assert_eq!(stored(&app, plan.id).await, before);
}

#[tokio::test]
async fn junk_in_the_plan_forms_never_gives_a_server_error() {
    let app = common::app().await;
    let admin = app.login(&app.a.admin.username).await;
    let plan = create_plan(&app, &admin).await;
    let base = format!("/action-plans/{}", plan.id);
    let nasty = [
        "",
        "\0",
        "<script>alert(1)</script>",
        "-1",
        "-2147483648",
        "2147483647",
        "1e309",
        "99999999999999999999",
        "9,999,999,999,999,999",
        "๑๒๓.๔๕๖",
    ];
    for junk in nasty {
        for (first_year, years) in [(junk, "5"), ("2580", junk), (junk, junk)] {
            let page = app
                .post(
                    Some(&admin),
                    "/action-plans",
                    &[
                        ("first_year", first_year),
                        ("years", years),
                        ("start", "template"),
                    ],
                )
                .await;
            assert!(
                !page.status.is_server_error(),
                "{first_year} {years}: {}",
                page.status
            );
        }
        let fields = with(
            &project_fields(&plan, 0, 0, "โครงการ", app.a.department.id),
            &[
                ("first_year", junk),
                (&format!("budget_{FIRST}"), junk),
                (&format!("budget_{}", FIRST + 1), junk),
            ],
        );
        let page = post_fields(&app, &admin, &format!("{base}/projects"), &fields).await;
        assert!(
            page.status.is_success() || page.status.is_redirection(),
            "{junk}: {}",
            page.status
        );
        let value = format!("targets.0.value_{FIRST}");
        let page = app
            .post(
                Some(&admin),
                &format!("{base}/targets"),
                &[
                    ("targets.0.kind", "fewer_cases"),
                    ("targets.0.base_year", junk),
                    (&value, junk),
                ],
            )
            .await;
        assert!(
            page.status.is_success() || page.status.is_redirection(),
            "{junk}: {}",
            page.status
        );
        let page = app
            .post(
                Some(&admin),
                &format!("{base}/intro"),
                &[("title", junk), ("preface_date", junk)],
            )
            .await;
        assert!(
            page.status.is_success() || page.status.is_redirection(),
            "{junk}: {}",
            page.status
        );
    }
    // The page with whatever was saved still adds up.
    let page = app.get(Some(&admin), &base).await;
    assert_eq!(page.status, StatusCode::OK);
    let huge = with(
        &project_fields(&plan, 0, 0, "งบมหาศาล", app.a.department.id),
        &[(&format!("budget_{FIRST}"), "92,233,720,368,547,758")],
    );
    let plan = stored(&app, plan.id).await;
    let huge = with(&huge, &[("version", &plan.version.to_string())]);
    let page = post_fields(&app, &admin, &format!("{base}/projects"), &huge).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body
            .contains(&format!("id=\"e-budget_{FIRST}\">จำนวนเงินมากเกิน"))
    );
}
