//! Real Chromium driving the real server: the demo database, the login page, the
//! dashboard chart and the forms, as an administrator uses them; and the public
//! pages as a citizen or a survey respondent uses them on a phone.
//!
//! Needs `chromedriver` and `chromium` (Debian: chromium, chromium-driver). Without
//! them the test prints why and passes, unless `PRONGSAI_REQUIRE_BROWSER=1` (CI),
//! where a missing browser fails.

use prongsai_testkit::files::pdf_text_if_installed;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};

use crate::processes::{Guard, free_port, serve, wait_for_http};
use prongsai_core::ita::{AnswerType, Framework, Instrument};
use prongsai_testkit::sample_site::{SampleKind, sample_evidence};

fn find_program(name: &str) -> Option<PathBuf> {
    std::env::var_os("PATH")?
        .to_str()?
        .split(':')
        .map(|d| Path::new(d).join(name))
        .find(|p| p.is_file())
}

fn browser_available() -> Option<(PathBuf, PathBuf)> {
    let driver = find_program("chromedriver")?;
    let chromium = find_program("chromium").or_else(|| find_program("chromium-browser"))?;
    Some((driver, chromium))
}

fn run_demo(data_dir: &Path) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_prongsai"))
        .args([
            "--data-dir",
            data_dir.to_str().unwrap(),
            "demo",
            "--no-serve",
        ])
        .env("PRONGSAI_LOG", "warn")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .find_map(|l| {
            l.split_once("รหัสผ่าน (ทุกบัญชีสาธิต): ")
                .map(|(_, p)| p.trim().to_owned())
        })
        .expect("demo prints the password")
}

async fn connect(driver_url: &str, chromium: &Path, profile: &Path) -> Client {
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".to_owned(),
        serde_json::json!({
            "binary": chromium.to_str().unwrap(),
            "args": [
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--window-size=1280,900",
                format!("--user-data-dir={}", profile.display()),
            ]
        }),
    );
    // On a loaded machine the first session can fail while Chromium starts; retry
    // for a while before calling it a failure.
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        match ClientBuilder::native()
            .capabilities(caps.clone())
            .connect(driver_url)
            .await
        {
            Ok(client) => return client,
            Err(e) if Instant::now() < deadline => {
                eprintln!("chromedriver session not ready yet: {e}");
                tokio::time::sleep(Duration::from_millis(500)).await;
            }
            Err(e) => panic!("chromedriver session: {e}"),
        }
    }
}

async fn body_text(c: &Client) -> String {
    c.wait()
        .for_element(Locator::Css("body"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
}

/// Clicks something that loads a new page and waits until the old page is gone
/// and the new one is there, so the next lookup cannot see the old document.
async fn click_and_wait(c: &Client, css: &str) {
    let old = c.find(Locator::Css("html")).await.unwrap();
    c.find(Locator::Css(css))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    while old.tag_name().await.is_ok() {
        assert!(
            Instant::now() < deadline,
            "clicking {css} did not load a page"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    c.wait().for_element(Locator::Css("body")).await.unwrap();
}

async fn fill(c: &Client, css: &str, value: &str) {
    let field = c.find(Locator::Css(css)).await.unwrap();
    field.clear().await.unwrap();
    field.send_keys(value).await.unwrap();
}

async fn submit(c: &Client, form_css: &str) {
    click_and_wait(c, &format!("{form_css} button[type=submit]")).await;
}

/// The demo server, chromedriver and one Chromium session, stopped when dropped.
struct Running {
    c: Client,
    base: String,
    password: String,
    _server: Guard,
    _driver: Guard,
    _data: tempfile::TempDir,
    _profile: tempfile::TempDir,
}

/// Builds the demo database, serves it and opens Chromium; `None` (after saying
/// why) when the browser is not installed and CI does not require it.
async fn start() -> Option<Running> {
    let (driver, chromium) = browser_or_skip()?;
    let data = tempfile::tempdir().unwrap();
    let password = run_demo(data.path());

    let (server, base) = serve(data.path()).await;
    let (driver, c, profile) = open_browser(&driver, &chromium).await;
    Some(Running {
        c,
        base,
        password,
        _server: server,
        _driver: driver,
        _data: data,
        _profile: profile,
    })
}

/// The browser's programs, or `None` (after saying why) when they are not
/// installed and CI does not require them.
fn browser_or_skip() -> Option<(PathBuf, PathBuf)> {
    let found = browser_available();
    if found.is_none() {
        assert!(
            std::env::var("PRONGSAI_REQUIRE_BROWSER").is_err(),
            "PRONGSAI_REQUIRE_BROWSER is set but chromedriver/chromium are missing"
        );
        eprintln!("skipped: chromedriver or chromium not installed");
    }
    found
}

/// Starts chromedriver and opens one Chromium session with a fresh profile.
async fn open_browser(driver: &Path, chromium: &Path) -> (Guard, Client, tempfile::TempDir) {
    let driver_port = free_port();
    let driver = Guard(
        Command::new(driver)
            .arg(format!("--port={driver_port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    let driver_url = format!("http://127.0.0.1:{driver_port}");
    wait_for_http(&driver_url).await;
    let profile = tempfile::tempdir().unwrap();
    let c = connect(&driver_url, chromium, profile.path()).await;
    (driver, c, profile)
}

#[tokio::test]
async fn administrator_uses_dashboard_and_forms_in_chromium() {
    let Some(run) = start().await else { return };
    let (c, base, password) = (&run.c, &run.base, &run.password);

    // Login: a wrong password keeps the user name and says why, in Thai.
    c.goto(&format!("{base}/login")).await.unwrap();
    fill(c, "#username", "admin.nongprung").await;
    fill(c, "#password", "not-the-password").await;
    submit(c, "form").await;
    assert!(body_text(c).await.contains("ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง"));
    let kept = c
        .find(Locator::Css("#username"))
        .await
        .unwrap()
        .prop("value")
        .await
        .unwrap();
    assert_eq!(kept.as_deref(), Some("admin.nongprung"));
    fill(c, "#password", password).await;
    submit(c, "form").await;

    // Dashboard: the 2565 result of the seed as an SVG bar, in Thai digits.
    assert_eq!(c.current_url().await.unwrap().path(), "/");
    let text = body_text(c).await;
    assert!(text.contains("องค์การบริหารส่วนตำบลหนองปรุง"), "{text}");
    // The demo's plan is of 2565, so the dashboard opens on that year's round.
    assert!(text.contains("ปีงบประมาณล่าสุดที่มีมาตรการ"), "{text}");
    assert!(text.contains("พ.ศ. ๒๕๖๕"), "{text}");
    let bar = c
        .find(Locator::Css("svg.chart g.bar[data-year='2565']"))
        .await
        .unwrap();
    let bar_text = bar.text().await.unwrap();
    assert!(
        bar_text.contains("๖๐.๖๑") && bar_text.contains('D'),
        "{bar_text}"
    );

    // On a phone the plan and progress tables are cards and the navigation is
    // a folded menu; on a wide screen the links show without opening it.
    phone_layout(c, base).await;

    // Departments: an empty name is refused with a Thai message, the typed order kept.
    c.goto(&format!("{base}/departments")).await.unwrap();
    fill(c, "#f-sort_order", "๗").await;
    submit(c, "form.form").await;
    assert!(body_text(c).await.contains("กรุณากรอกชื่อส่วนราชการ"));
    let order = c
        .find(Locator::Css("#f-sort_order"))
        .await
        .unwrap()
        .prop("value")
        .await
        .unwrap();
    assert_eq!(order.as_deref(), Some("๗"));
    fill(c, "#f-name", "กองสาธารณสุขและสิ่งแวดล้อม").await;
    submit(c, "form.form").await;
    let text = body_text(c).await;
    assert!(
        text.contains("บันทึกเรียบร้อยแล้ว") && text.contains("กองสาธารณสุขและสิ่งแวดล้อม"),
        "{text}"
    );

    // ITA: a self-assessed 2568 result entered as indicator scores. A score out of
    // range is refused next to its field with everything typed kept; the saved
    // result shows the computed total, the rating and the draft warning.
    c.goto(&format!("{base}/ita/new?year=2568&source=self_assessed"))
        .await
        .unwrap();
    let scores = [
        ("1", "96"),
        ("2", "96"),
        ("3", "๑๒๐"),
        ("4", "96"),
        ("5", "96"),
        ("6", "84.5"),
        ("7", "84.5"),
        ("8", "84.5"),
        ("9", "100"),
        ("10", "100"),
    ];
    for (n, v) in scores {
        fill(c, &format!("#f-ind_{n}"), v).await;
    }
    submit(c, "form.form").await;
    let kept = c
        .find(Locator::Css("#f-ind_3"))
        .await
        .unwrap()
        .prop("value")
        .await
        .unwrap();
    assert_eq!(kept.as_deref(), Some("๑๒๐"));
    let kept = c
        .find(Locator::Css("#f-ind_6"))
        .await
        .unwrap()
        .prop("value")
        .await
        .unwrap();
    assert_eq!(kept.as_deref(), Some("84.5"));
    assert!(
        c.find(Locator::Css("#e-ind_3")).await.is_ok(),
        "a message next to the field"
    );
    fill(c, "#f-ind_3", "๙๖").await;
    submit(c, "form.form").await;
    let text = body_text(c).await;
    assert!(text.contains("๙๔.๑๕"), "computed total 94.15: {text}");
    assert!(
        text.contains("ผ่าน") && !text.contains("ผ่านดี "),
        "EIT below 85 caps the rating: {text}"
    );
    assert!(text.contains("ต้องตรวจสอบกับคู่มือ ป.ป.ช."));
    c.goto(&format!("{base}/")).await.unwrap();
    let bar = c
        .find(Locator::Css("svg.chart g.bar[data-year='2568']"))
        .await
        .unwrap();
    assert!(bar.text().await.unwrap().contains("๙๔.๑๕"));

    // Logout returns to the login page; the dashboard needs a login again.
    click_and_wait(c, "header form button").await;
    assert_eq!(c.current_url().await.unwrap().path(), "/login");
    c.goto(&format!("{base}/")).await.unwrap();
    assert_eq!(c.current_url().await.unwrap().path(), "/login");
    c.clone().close().await.unwrap();
}

/// Logs in through the login form (after logging out whoever is logged in).
async fn log_in_as(c: &Client, base: &str, username: &str, password: &str) {
    c.goto(&format!("{base}/login")).await.unwrap();
    if c.find(Locator::Css("header form button")).await.is_ok() {
        click_and_wait(c, "header form button").await;
        c.goto(&format!("{base}/login")).await.unwrap();
    }
    fill(c, "#username", username).await;
    fill(c, "#password", password).await;
    submit(c, "form").await;
    assert_eq!(
        c.current_url().await.unwrap().path(),
        "/",
        "{username} logged in"
    );
}

/// Downloads `path` with the page's session (as a link click would) and returns
/// the bytes.
async fn download(c: &Client, path: &str) -> Vec<u8> {
    let script = "const done = arguments[arguments.length - 1];\n\
        fetch(arguments[0], { credentials: 'same-origin' })\n\
          .then(r => r.ok ? r.arrayBuffer() : Promise.reject(r.status))\n\
          .then(b => done(Array.from(new Uint8Array(b))))\n\
          .catch(e => done('failed: ' + e));";
    let value = c
        .execute_async(script, vec![serde_json::json!(path)])
        .await
        .unwrap();
    serde_json::from_value(value.clone()).unwrap_or_else(|_| panic!("download {path}: {value}"))
}

/// The measures cycle across roles: the administrator enters the ITA result and
/// writes a measure, the department head reports progress with a link and a
/// file, the executive approves the round (which locks it), and the annual report
/// carries what each of them entered.
#[tokio::test]
async fn measures_cycle_across_roles_in_chromium() {
    let Some(run) = start().await else { return };
    let (c, base, password) = (&run.c, run.base.as_str(), run.password.as_str());

    // The administrator enters the official 2569 result as indicator scores.
    log_in_as(c, base, "admin.dindaeng", password).await;
    c.goto(&format!("{base}/ita/new?year=2569&source=official"))
        .await
        .unwrap();
    for n in 1..=10 {
        fill(c, &format!("#f-ind_{n}"), "95").await;
    }
    submit(c, "form.form").await;
    assert!(body_text(c).await.contains("๙๕.๐๐"), "total 95.00");

    // A topic of the agency's own and one measure owned by the first department.
    c.goto(&format!("{base}/plan/2569")).await.unwrap();
    fill(c, "#f-title", "การเปิดเผยข้อมูลต่อสาธารณะ").await;
    click_and_wait(c, "form[action='/plan/2569/topics'] button[type=submit]").await;
    assert!(body_text(c).await.contains("การเปิดเผยข้อมูลต่อสาธารณะ"));
    click_and_wait(c, "a[href^='/plan/2569/measures/new']").await;
    fill(c, "#f-title", "เผยแพร่รายงานการใช้จ่ายงบประมาณทุกไตรมาส").await;
    fill(
        c,
        "#f-steps",
        "รวบรวมรายงานจากกองคลัง\nเผยแพร่บนเว็บไซต์ของหน่วยงาน",
    )
    .await;
    c.find(Locator::Css("input[name=timeframe_kind][value=whole_year]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    c.find(Locator::Css("input[name^='dept_']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    fill(c, "input[name='targets.0.text']", "เผยแพร่รายงาน").await;
    fill(c, "input[name='targets.0.quantity']", "๔").await;
    fill(c, "input[name='targets.0.unit']", "ครั้ง").await;
    submit(c, "form.form").await;
    let plan = body_text(c).await;
    assert!(
        plan.contains("เผยแพร่รายงานการใช้จ่ายงบประมาณทุกไตรมาส"),
        "{plan}"
    );

    // The department head reports the full year with a link and a PDF file.
    log_in_as(c, base, "head.dindaeng", password).await;
    c.goto(&format!("{base}/progress/2569/full")).await.unwrap();
    click_and_wait(c, "a[href^='/progress/2569/full/']").await;
    c.find(Locator::Css("#f-status"))
        .await
        .unwrap()
        .select_by_value("done")
        .await
        .unwrap();
    fill(
        c,
        "textarea[name='results.0.text']",
        "เผยแพร่รายงานครบ ๔ ไตรมาสบนเว็บไซต์",
    )
    .await;
    fill(c, "#f-outcome", "ประชาชนตรวจสอบการใช้จ่ายได้").await;
    fill(c, "input[name='achieved.0']", "4").await;
    fill(
        c,
        "input[name='results.0.links.0.url']",
        "https://www.dindaeng.go.th/report/2569/123",
    )
    .await;
    fill(c, "input[name='results.0.links.0.label']", "รายงานไตรมาส").await;
    // Rows are added in place by the page's script: no page load, nothing
    // typed is lost.
    let before = c.current_url().await.unwrap();
    c.find(Locator::Css("button[data-add='results.0.links']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    fill(
        c,
        "input[name='results.0.links.1.url']",
        "https://www.dindaeng.go.th/report/2569/124",
    )
    .await;
    c.find(Locator::Css("button[data-add='results']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    fill(c, "textarea[name='results.1.text']", "ประชุมชี้แจงกองคลัง").await;
    fill(
        c,
        "input[name='results.1.links.0.url']",
        "https://www.dindaeng.go.th/meeting/2569",
    )
    .await;
    assert_eq!(c.current_url().await.unwrap(), before, "no page load");
    let typed: String = c
        .find(Locator::Css("input[name='results.0.links.0.url']"))
        .await
        .unwrap()
        .prop("value")
        .await
        .unwrap()
        .unwrap_or_default();
    assert_eq!(typed, "https://www.dindaeng.go.th/report/2569/123");
    let evidence = tempfile::tempdir().unwrap();
    let file = evidence.path().join("หลักฐาน.pdf");
    std::fs::write(
        &file,
        b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n",
    )
    .unwrap();
    c.find(Locator::Css("#f-file"))
        .await
        .unwrap()
        .send_keys(file.to_str().unwrap())
        .await
        .unwrap();
    click_and_wait(c, "form.form button.primary").await;
    let saved = body_text(c).await;
    assert!(saved.contains("หลักฐาน.pdf"), "the file is listed: {saved}");

    // The executive approves the round; the report form is then read-only.
    log_in_as(c, base, "exec.dindaeng", password).await;
    c.goto(&format!("{base}/progress/2569/full")).await.unwrap();
    c.find(Locator::Css(
        "form[action='/progress/2569/full/approve'] input[name=confirm]",
    ))
    .await
    .unwrap()
    .click()
    .await
    .unwrap();
    click_and_wait(c, "form[action='/progress/2569/full/approve'] button").await;
    assert!(body_text(c).await.contains("ได้รับอนุมัติแล้ว"));
    log_in_as(c, base, "head.dindaeng", password).await;
    c.goto(&format!("{base}/progress/2569/full")).await.unwrap();
    click_and_wait(c, "a[href^='/progress/2569/full/']").await;
    assert!(
        c.find(Locator::Css("form.form button[type=submit]"))
            .await
            .is_err(),
        "no save button on an approved round"
    );

    // The annual report with links carries what each role entered, in order.
    let pdf = download(c, "/documents/2569/annual-report?format=pdf&links=1").await;
    assert!(pdf.starts_with(b"%PDF"));
    if let Some(text) = pdf_text_if_installed(&pdf) {
        let flat: String = text.chars().filter(|ch| !ch.is_whitespace()).collect();
        let mut from = 0;
        for needle in [
            "องค์การบริหารส่วนตำบลดินแดง",
            "๙๕.๐๐",
            "การเปิดเผยข้อมูลต่อสาธารณะ",
            "เผยแพร่รายงานการใช้จ่ายงบประมาณทุกไตรมาส",
            "รวบรวมรายงานจากกองคลัง",
            // "ดำเนินการตลอดทั้งปี": pdftotext doubles the cluster "ทั้" (a consonant
            // with two stacked marks) in Typst's text layer (typst/typst#7610,
            // LaurenzV/krilla#411), so the needle stops before it.
            "ดำเนินการตลอด",
            "สำนักปลัด",
            // Each result with its own evidence under it, then the target
            // with what was achieved, then the outcome.
            "เผยแพร่รายงานครบ๔ไตรมาสบนเว็บไซต์",
            "https://www.dindaeng.go.th/report/2569/123",
            "https://www.dindaeng.go.th/report/2569/124",
            "ประชุมชี้แจงกองคลัง",
            "https://www.dindaeng.go.th/meeting/2569",
            "เป้าหมาย:เผยแพร่รายงาน๔ครั้งผลที่ได้:๔ครั้ง",
            "ประชาชนตรวจสอบการใช้จ่ายได้",
        ] {
            let needle: String = needle.chars().filter(|ch| !ch.is_whitespace()).collect();
            let at = flat[from..]
                .find(&needle)
                .unwrap_or_else(|| panic!("{needle} missing or out of order: {flat}"));
            from += at + needle.len();
        }
    }
    c.clone().close().await.unwrap();
}

/// Adds one project through the project form of the `n`-th mission's link.
async fn add_project(
    c: &Client,
    plan_url: &str,
    mission: usize,
    name: &str,
    budgets: &[(&str, &str)],
) {
    let links = c
        .find_all(Locator::Css("a[href*='/projects/new?mission=']"))
        .await
        .unwrap();
    let href = links[mission].attr("href").await.unwrap().unwrap();
    c.goto(&href_url(c, &href).await).await.unwrap();
    fill(c, "#f-name", name).await;
    for (field, value) in budgets {
        fill(c, &format!("#f-{field}"), value).await;
    }
    submit(c, "form.form").await;
    assert_eq!(
        c.current_url().await.unwrap().path(),
        plan_url,
        "{name} saved"
    );
}

/// An absolute URL for a link's `href` on the current page.
async fn href_url(c: &Client, href: &str) -> String {
    c.current_url()
        .await
        .unwrap()
        .join(href)
        .unwrap()
        .to_string()
}

/// The action plan as an administrator builds it: a new plan with two dimensions
/// and three projects with budgets typed in both digit scripts, a follow-up of one
/// project, and the plan's PDF whose summary table carries the computed totals.
#[tokio::test]
async fn action_plan_built_followed_up_and_downloaded_in_chromium() {
    let Some(run) = start().await else { return };
    let (c, base, password) = (&run.c, run.base.as_str(), run.password.as_str());
    log_in_as(c, base, "admin.bangkhae", password).await;

    c.goto(&format!("{base}/action-plans")).await.unwrap();
    fill(c, "#f-first_year", "2571").await;
    fill(c, "#f-years", "5").await;
    c.find(Locator::Css("input[name=start][value=empty]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    submit(c, "form[action='/action-plans']").await;
    let plan_url = c.current_url().await.unwrap().path().to_owned();
    assert!(plan_url.starts_with("/action-plans/"), "{plan_url}");

    for (n, (dimension, mission)) in [
        ("การสร้างวัฒนธรรมสุจริต", "เสริมสร้างจิตสำนึกแก่บุคลากร"),
        ("การบริหารราชการด้วยความโปร่งใส", "เปิดเผยข้อมูลสาธารณะ"),
    ]
    .into_iter()
    .enumerate()
    {
        fill(c, "#f-dimension_new", dimension).await;
        submit(c, "form[action$='/dimensions']").await;
        let forms = c
            .find_all(Locator::Css("form[action$='/missions'] input[name=title]"))
            .await
            .unwrap();
        forms[n].send_keys(mission).await.unwrap();
        let buttons = c
            .find_all(Locator::Css(
                "form[action$='/missions'] button[type=submit]",
            ))
            .await
            .unwrap();
        let old = c.find(Locator::Css("html")).await.unwrap();
        buttons[n].click().await.unwrap();
        while old.tag_name().await.is_ok() {
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        assert!(body_text(c).await.contains(mission), "{mission}");
    }

    add_project(
        c,
        &plan_url,
        0,
        "อบรมกฎหมายและระเบียบสำหรับบุคลากร",
        &[("budget_2571", "๑๐๐,๐๐๐"), ("budget_2572", "50,000")],
    )
    .await;
    add_project(
        c,
        &plan_url,
        0,
        "เผยแพร่ความรู้ต่อต้านการทุจริต",
        &[("budget_2571", "20,000")],
    )
    .await;
    add_project(
        c,
        &plan_url,
        1,
        "ปรับปรุงศูนย์ข้อมูลข่าวสาร",
        &[("budget_2573", "๓๐,๐๐๐")],
    )
    .await;
    let page = body_text(c).await;
    for total in ["120,000", "200,000"] {
        assert!(page.contains(total), "the page adds up to {total}: {page}");
    }

    // A bad budget is refused at its field and what was typed stays.
    add_project_refused(c, "budget_2574", "หนึ่งล้าน").await;

    // The full-year follow-up of the first project.
    c.goto(&format!("{base}{plan_url}/follow-up/2571/full"))
        .await
        .unwrap();
    click_and_wait(c, "td a[href*='/follow-up/2571/full/']").await;
    c.find(Locator::Css("#f-status"))
        .await
        .unwrap()
        .select_by_value("done")
        .await
        .unwrap();
    fill(c, "#f-done", "อบรมแล้ว ๒ รุ่น ผู้เข้าร่วม ๖๐ คน").await;
    fill(c, "#f-spent", "๙๘,๕๐๐").await;
    submit(c, "form.form").await;
    let round = body_text(c).await;
    assert!(
        round.contains("98,500"),
        "the round shows what was spent: {round}"
    );

    let pdf = download(c, &format!("{plan_url}/document?format=pdf")).await;
    assert!(pdf.starts_with(b"%PDF"));
    if let Some(text) = pdf_text_if_installed(&pdf) {
        let flat: String = text.chars().filter(|ch| !ch.is_whitespace()).collect();
        let mut from = 0;
        for needle in [
            "องค์การบริหารส่วนตำบลบางแค",
            "ส่วนที่2",
            "อบรมกฎหมายและระเบียบสำหรับบุคลากร",
            "100,000",
            "จำนวน3โครงการ",
            "120,000",
            "50,000",
            "30,000",
            "200,000",
            "ส่วนที่3",
            "ปรับปรุงศูนย์ข้อมูลข่าวสาร",
        ] {
            let at = flat[from..]
                .find(needle)
                .unwrap_or_else(|| panic!("{needle} missing or out of order: {flat}"));
            from += at + needle.len();
        }
    }
    let report = download(
        c,
        &format!("{plan_url}/follow-up/2571/full/document?format=pdf"),
    )
    .await;
    if let Some(text) = pdf_text_if_installed(&report) {
        let flat: String = text.chars().filter(|ch| !ch.is_whitespace()).collect();
        assert!(flat.contains("98,500"), "{flat}");
    }
    c.clone().close().await.unwrap();
}

/// Opens the form for a new project of the first mission, types `value` into
/// `field` and checks that the form comes back with a message there and the typed
/// name and value kept.
async fn add_project_refused(c: &Client, field: &str, value: &str) {
    click_and_wait(c, "a[href*='/projects/new?mission=']").await;
    fill(c, "#f-name", "โครงการที่งบประมาณผิด").await;
    fill(c, &format!("#f-{field}"), value).await;
    submit(c, "form.form").await;
    let message = c
        .find(Locator::Css(&format!("#e-{field}")))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(message.contains("ตัวเลข"), "{message}");
    let kept = c
        .find(Locator::Css(&format!("#f-{field}")))
        .await
        .unwrap()
        .prop("value")
        .await
        .unwrap();
    assert_eq!(kept.as_deref(), Some(value));
}

/// Whether the page fits the window's width (nothing to scroll sideways).
async fn fits_width(c: &Client) -> bool {
    let value = c
        .execute(
            "return document.documentElement.scrollWidth <= window.innerWidth;",
            vec![],
        )
        .await
        .unwrap();
    value.as_bool() == Some(true)
}

/// Whether the main navigation's link to the plan is rendered (WebDriver's
/// own "displayed" counts everything inside a closed `<details>` as hidden,
/// whatever the style says, so the page is asked instead).
async fn plan_link_shown(c: &Client) -> bool {
    c.execute(
        "return document.querySelector(\".mainnav a[href='/plan']\").checkVisibility();",
        vec![],
    )
    .await
    .unwrap()
    .as_bool()
        == Some(true)
}

/// The logged-in pages at 390 px (the demo's 2565 plan of หนองปรุง): nothing
/// wider than the screen, the menu folded until its summary is pressed, the
/// tables' rows as cards naming each cell; then back to a wide window, where
/// the menu's links show at once.
async fn phone_layout(c: &Client, base: &str) {
    c.set_window_size(390, 844).await.unwrap();
    for page in ["/plan/2565", "/progress/2565/full"] {
        c.goto(&format!("{base}{page}")).await.unwrap();
        assert!(fits_width(c).await, "{page} fits a phone");
        assert!(!plan_link_shown(c).await, "{page}: the menu starts folded");
        let label = c
            .execute(
                "const td = document.querySelector('table.cards-on-phone td[data-label]');\
                 return getComputedStyle(td, '::before').content;",
                vec![],
            )
            .await
            .unwrap();
        assert!(
            label.as_str().is_some_and(|l| l.len() > 2),
            "{page}: a cell names its column: {label}"
        );
    }
    c.find(Locator::Css("details.menu > summary"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    assert!(plan_link_shown(c).await, "the menu opens without a script");
    c.set_window_size(1280, 900).await.unwrap();
    c.goto(&format!("{base}/")).await.unwrap();
    assert!(plan_link_shown(c).await, "a wide screen shows the links");
}

/// The text of the `dd` after the `dt` that reads `label`.
async fn fact(c: &Client, label: &str) -> String {
    c.find(Locator::XPath(&format!(
        "//dt[normalize-space()='{label}']/following-sibling::dd[1]"
    )))
    .await
    .unwrap_or_else(|e| panic!("no fact {label}: {e}"))
    .text()
    .await
    .unwrap()
}

/// Opens the portal item of the risk assessment from the portal's home page and
/// returns its summary count, its publication time and its PDF's URL.
async fn published_risk(c: &Client, base: &str) -> (String, String, String) {
    c.goto(&format!("{base}/p/bangkhae")).await.unwrap();
    let link = c
        .find(Locator::XPath(
            "//a[contains(@class,'item-title')][contains(., 'การประเมินความเสี่ยงการทุจริต')]",
        ))
        .await
        .expect("the published assessment is listed on the portal");
    let href = link.attr("href").await.unwrap().unwrap();
    c.goto(&href_url(c, &href).await).await.unwrap();
    let areas = fact(c, "จำนวนกระบวนงานที่ประเมิน").await;
    let published = c
        .find(Locator::Css("time[datetime]"))
        .await
        .unwrap()
        .attr("datetime")
        .await
        .unwrap()
        .unwrap();
    let pdf = c
        .find(Locator::XPath(
            "//ul[@class='files']//a[contains(@href,'/files/')][contains(., 'PDF')]",
        ))
        .await
        .expect("the PDF of the snapshot")
        .attr("href")
        .await
        .unwrap()
        .unwrap();
    (areas, published, pdf)
}

/// Publishes the risk assessment of 2566 from the administrator's
/// publications page.
async fn publish_risk_assessment(c: &Client, base: &str) {
    c.goto(&format!("{base}/publications?year=2566"))
        .await
        .unwrap();
    let button = "//form[@action='/publications/publish'][.//input[@name='kind'][@value='risk_assessment']]//button[@type='submit']";
    let old = c.find(Locator::Css("html")).await.unwrap();
    c.find(Locator::XPath(button))
        .await
        .expect("a publish button for the risk assessment")
        .click()
        .await
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(60);
    while old.tag_name().await.is_ok() {
        assert!(Instant::now() < deadline, "publishing did not load a page");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    c.wait().for_element(Locator::Css("body")).await.unwrap();
}

/// A citizen on a phone files an anonymous corruption report and keeps the
/// tracking code; the corruption handler answers it; the citizen reads the answer
/// with the code and writes back. Then the administrator publishes the risk
/// assessment: the portal shows the snapshot, an edit of the assessment changes
/// nothing public until it is published again.
#[tokio::test]
async fn corruption_report_answered_through_the_code_and_portal_snapshot_in_chromium() {
    let Some(run) = start().await else { return };
    let (c, base, password) = (&run.c, run.base.as_str(), run.password.as_str());

    // (1) The citizen, on a phone-sized window, without a login.
    c.set_window_size(390, 844).await.unwrap();
    c.goto(&format!("{base}/p/bangkhae")).await.unwrap();
    click_and_wait(c, "a[href='/p/bangkhae/report']").await;
    assert!(fits_width(c).await, "the report form fits a phone");
    let subject = "เรียกรับเงินค่าตรวจแบบก่อสร้าง (ทดสอบเบราว์เซอร์)";
    fill(c, "#f-subject", subject).await;
    fill(
        c,
        "#f-details",
        "เจ้าหน้าที่แจ้งว่าต้องจ่ายเงินเพิ่ม 2,000 บาทนอกใบเสร็จ <script>alert(1)</script>",
    )
    .await;
    fill(c, "#f-place", "จุดรับคำขออนุญาต").await;
    c.find(Locator::Css("#f-consent"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    submit(c, "form[method=post]").await;
    let receipt = body_text(c).await;
    assert!(receipt.contains("รับเรื่องแล้ว"), "{receipt}");
    let code = c
        .find(Locator::Css(".tracking-code"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
        .trim()
        .to_owned();
    assert_eq!(code.len(), 19, "four groups of four: {code}");
    assert_eq!(code.matches('-').count(), 3, "{code}");
    assert!(fits_width(c).await, "the receipt fits a phone");

    // (2) The administrator of the agency, a corruption handler, answers it.
    c.set_window_size(1280, 900).await.unwrap();
    log_in_as(c, base, "admin.bangkhae", password).await;
    c.goto(&format!("{base}/cases?kind=corruption"))
        .await
        .unwrap();
    let old = c.find(Locator::Css("html")).await.unwrap();
    c.find(Locator::LinkText(subject))
        .await
        .expect("the new report is listed")
        .click()
        .await
        .unwrap();
    while old.tag_name().await.is_ok() {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let case = body_text(c).await;
    assert!(case.contains("ไม่ประสงค์ออกนาม"), "anonymous: {case}");
    assert!(
        case.contains("<script>alert(1)</script>"),
        "a script is shown as text"
    );
    let reply = "ได้รับเรื่องแล้ว คณะกรรมการจะตรวจสอบข้อเท็จจริงภายใน 15 วัน";
    fill(c, "#f-body", reply).await;
    c.find(Locator::Css("input[name=visibility][value=public]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    submit(c, "form[action$='/messages']").await;
    assert!(body_text(c).await.contains(reply));

    // (3) The citizen again, with no session: the code as typed loosely.
    c.delete_all_cookies().await.unwrap();
    c.set_window_size(390, 844).await.unwrap();
    c.goto(&format!("{base}/p/bangkhae/track")).await.unwrap();
    fill(c, "#f-code", &code.replace('-', " ").to_lowercase()).await;
    submit(c, "form[method=post]").await;
    let tracked = body_text(c).await;
    assert!(tracked.contains(reply), "{tracked}");
    assert!(fits_width(c).await, "the tracking page fits a phone");
    let more = "เหตุการณ์เกิดอีกครั้งเมื่อวานช่วงบ่าย";
    fill(c, "#f-message", more).await;
    submit(c, "form[action$='/track/reply']").await;
    let tracked = body_text(c).await;
    assert!(
        tracked.contains(more) && tracked.contains(reply),
        "{tracked}"
    );

    // (4) The portal shows the risk assessment as published, not as edited.
    c.set_window_size(1280, 900).await.unwrap();
    log_in_as(c, base, "admin.bangkhae", password).await;
    publish_risk_assessment(c, base).await;
    let (areas, published, pdf_url) = published_risk(c, base).await;
    let first_pdf = download(c, &pdf_url).await;
    assert!(first_pdf.starts_with(b"%PDF"));

    let process = "ตรวจสอบระบบ E2E-7431";
    c.goto(&format!("{base}/risk/2566/areas/new"))
        .await
        .unwrap();
    fill(c, "#f-process", process).await;
    fill(c, "input[name='events.0.text']", "ตรวจรับงานโดยไม่ตรวจของจริง").await;
    fill(c, "input[name='events.0.likelihood']", "4").await;
    fill(c, "input[name='events.0.impact']", "4").await;
    click_and_wait(c, "form.form button.primary").await;
    assert!(body_text(c).await.contains(process), "the area is saved");

    let unchanged = published_risk(c, base).await;
    assert_eq!(
        unchanged,
        (areas.clone(), published.clone(), pdf_url.clone()),
        "an edit changes nothing public"
    );
    let still = download(c, &pdf_url).await;
    assert_eq!(still, first_pdf, "the published file is the snapshot");

    publish_risk_assessment(c, base).await;
    let (areas_now, published_now, pdf_now) = published_risk(c, base).await;
    assert_ne!(areas_now, areas, "the summary counts the new area");
    assert_ne!(pdf_now, pdf_url, "a new snapshot with files of its own");
    assert!(
        published_now >= published,
        "dated when published again: {published_now}"
    );
    let second_pdf = download(c, &pdf_now).await;
    if let (Some(before), Some(after)) = (
        pdf_text_if_installed(&first_pdf),
        pdf_text_if_installed(&second_pdf),
    ) {
        assert!(!before.contains("E2E-7431"));
        assert!(after.contains("E2E-7431"), "{after}");
    }
    c.clone().close().await.unwrap();
}

/// The fiscal year of อบต.ดินแดง's demo checklist and surveys (its latest seed
/// document).
const DEMO_YEAR: i32 = 2568;

/// `prongsai demo` serving, with the sample websites its checklists' evidence
/// links point at, chromedriver and one Chromium session.
///
/// The sample sites take ports the system picks (`--sample-site 127.0.0.1:0`),
/// so parallel tests cannot collide; the demo opens them before it builds the
/// checklists and serves, so once the server answers they do too.
async fn start_demo_with_sample_sites() -> Option<Running> {
    let (driver, chromium) = browser_or_skip()?;
    let data = tempfile::tempdir().unwrap();
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let mut server = Guard(
        Command::new(env!("CARGO_BIN_EXE_prongsai"))
            .args([
                "--data-dir",
                data.path().to_str().unwrap(),
                "demo",
                "--bind",
                &format!("127.0.0.1:{port}"),
                "--sample-site",
                "127.0.0.1:0",
            ])
            .env("PRONGSAI_LOG", "warn")
            .stdout(Stdio::null())
            .spawn()
            .unwrap(),
    );
    // The demo database is built first, so allow it time; stop early if the
    // command ends instead of serving.
    let deadline = Instant::now() + Duration::from_secs(300);
    while tokio::net::TcpStream::connect(("127.0.0.1", port))
        .await
        .is_err()
    {
        if let Some(status) = server.0.try_wait().unwrap() {
            panic!("prongsai demo ended with {status} instead of serving");
        }
        assert!(Instant::now() < deadline, "{base} did not come up");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let password = std::fs::read_to_string(data.path().join("demo-login.txt"))
        .expect("the demo keeps its password in demo-login.txt")
        .lines()
        .next()
        .expect("the password is the file's first line")
        .trim()
        .to_owned();
    let (driver, c, profile) = open_browser(&driver, &chromium).await;
    Some(Running {
        c,
        base,
        password,
        _server: server,
        _driver: driver,
        _data: data,
        _profile: profile,
    })
}

/// The first number in `text`, Thai digits read as Arabic ("๘๒.๕๐" → 82.5).
fn number_in(text: &str) -> Option<f64> {
    let text = prongsai_core::thai::digits::to_arabic_digits(text);
    let start = text.find(|ch: char| ch.is_ascii_digit())?;
    let number: String = text[start..]
        .chars()
        .take_while(|ch| ch.is_ascii_digit() || *ch == '.' || *ch == ',')
        .filter(|ch| *ch != ',')
        .collect();
    number.trim_end_matches('.').parse().ok()
}

/// The number shown in the element `css` (a score, in either digit script).
async fn score_at(c: &Client, css: &str) -> f64 {
    let text = c
        .find(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("no {css} on the page: {e}"))
        .text()
        .await
        .unwrap();
    number_in(&text).unwrap_or_else(|| panic!("{css}: no number in {text:?}"))
}

/// The form field names of the EIT questions of `framework` (`e4`, or `e4.1` …
/// for a question with sub-items).
fn eit_fields(framework: &Framework) -> BTreeSet<String> {
    framework
        .indicators_of(Instrument::Eit)
        .flat_map(|i| &i.questions)
        .flat_map(|q| {
            if q.sub_items.is_empty() {
                vec![q.code.clone()]
            } else {
                (1..=q.sub_items.len())
                    .map(|n| format!("{}.{n}", q.code))
                    .collect()
            }
        })
        .collect()
}

/// The answer to a form field that scores lowest: the lowest level or ไม่มี,
/// turned round where the framework scores the question in reverse.
fn worst_answer(framework: &Framework, field: &str) -> &'static str {
    let (code, part) = field
        .split_once('.')
        .map_or((field, None), |(code, n)| (code, Some(n)));
    let question = framework
        .questions()
        .find(|q| q.code == code)
        .unwrap_or_else(|| panic!("{field} is not a question of the framework"));
    let reverse = match part {
        Some(n) => question.sub_items[n.parse::<usize>().unwrap() - 1].reverse,
        None => question.reverse,
    };
    match (question.answer_type, reverse) {
        (AnswerType::FourLevel, false) => "1",
        (AnswerType::FourLevel, true) => "4",
        (AnswerType::YesNo, false) => "no",
        (AnswerType::YesNo, true) => "yes",
    }
}

/// Picks the lowest-scoring answer of every choice question on the public
/// survey form, clicking each choice as a respondent would, and returns the
/// fields answered.
async fn answer_worst(c: &Client, framework: &Framework) -> BTreeSet<String> {
    let mut answered = BTreeSet::new();
    for radio in c
        .find_all(Locator::Css("form.survey input[type=radio]"))
        .await
        .unwrap()
    {
        let name = radio.attr("name").await.unwrap().unwrap_or_default();
        let value = radio.attr("value").await.unwrap().unwrap_or_default();
        if value != worst_answer(framework, &name) {
            continue;
        }
        radio.clone().click().await.unwrap();
        assert_eq!(
            radio.prop("checked").await.unwrap().as_deref(),
            Some("true"),
            "{name}={value} chosen"
        );
        answered.insert(name);
    }
    answered
}

/// Waits until no link check of the open checklist is running: while one runs
/// the page shows its progress and refreshes itself.
async fn wait_for_link_check(c: &Client, checklist: &str) {
    let deadline = Instant::now() + Duration::from_secs(180);
    while c.find(Locator::Css("#check-progress")).await.is_ok() {
        assert!(Instant::now() < deadline, "the link check did not finish");
        tokio::time::sleep(Duration::from_millis(500)).await;
        c.goto(checklist).await.unwrap();
    }
}

/// Presses ตรวจลิงก์ทั้งหมด on the checklist (once any running check is done)
/// and waits until the new check has run; returns the page's text then.
async fn check_all_links(c: &Client, checklist: &str) -> String {
    c.goto(checklist).await.unwrap();
    wait_for_link_check(c, checklist).await;
    let button = c
        .find(Locator::XPath(
            "//form[contains(@action,'/check')]//button[normalize-space()='ตรวจลิงก์ทั้งหมด']",
        ))
        .await
        .expect("a button that checks every link");
    let old = c.find(Locator::Css("html")).await.unwrap();
    button.click().await.unwrap();
    while old.tag_name().await.is_ok() {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    wait_for_link_check(c, checklist).await;
    body_text(c).await
}

/// Opens the edit page of the first checklist item with a link to a broken
/// page of the sample site, replaces that link with a good page the item does
/// not link yet (adding the page's keyword) and saves; the checklist then shows
/// the item with the good page and without the broken one.
async fn mend_a_broken_link(c: &Client, checklist: &str) {
    let evidence = sample_evidence(DEMO_YEAR);
    let mut edit = None;
    for page in evidence
        .iter()
        .filter(|e| matches!(e.kind, SampleKind::Broken))
    {
        let row = format!(
            "//tr[starts-with(@id,'item-')][.//div[@class='evidence-link']/a[substring(@href, string-length(@href) - {}) = '{}']]//td[@class='actions']/a",
            page.path.len() - 1,
            page.path
        );
        if let Ok(link) = c.find(Locator::XPath(&row)).await {
            edit = Some((page, link.attr("href").await.unwrap().unwrap()));
            break;
        }
    }
    let (broken, href) = edit.expect("an item links a broken page of the sample site");
    c.goto(&href_url(c, &href).await).await.unwrap();

    let fields = c
        .find_all(Locator::Css("input[name^='links.'][name$='.url']"))
        .await
        .unwrap();
    let mut linked = Vec::new();
    for field in &fields {
        linked.push(field.prop("value").await.unwrap().unwrap_or_default());
    }
    let at = linked
        .iter()
        .position(|url| url.ends_with(broken.path))
        .expect("the broken link is on the form");
    let site = linked[at].trim_end_matches(broken.path).to_owned();
    let good = evidence
        .iter()
        .filter(|e| matches!(e.kind, SampleKind::Good))
        .find(|e| !linked.iter().any(|url| url.ends_with(e.path)))
        .expect("a good page the item does not link yet");
    fields[at].clear().await.unwrap();
    fields[at]
        .send_keys(&format!("{site}{}", good.path))
        .await
        .unwrap();
    let keywords = c
        .find(Locator::Css("#f-keywords"))
        .await
        .unwrap()
        .prop("value")
        .await
        .unwrap()
        .unwrap_or_default();
    fill(
        c,
        "#f-keywords",
        &format!("{keywords}, {}", good.keywords.join(", ")),
    )
    .await;
    click_and_wait(c, "form.form button.primary").await;
    let code = href.rsplit('/').next().unwrap();
    c.goto(checklist).await.unwrap();
    let row = c
        .find(Locator::Css(&format!("tr#item-{code}")))
        .await
        .unwrap()
        .html(false)
        .await
        .unwrap();
    assert!(
        row.contains(&format!("{site}{}", good.path)) && !row.contains(&linked[at]),
        "item {code} saved with the good page: {row}"
    );
}

/// A respondent answers the demo EIT survey on a phone from its public link,
/// once only, and the administrator sees the predicted score fall; then the
/// administrator checks every evidence link of the OIT checklist against the
/// demo's sample website, mends a broken link and sees the predicted OIT score
/// rise.
#[tokio::test]
async fn surveys_and_oit_checklist_in_chromium() {
    let Some(run) = start_demo_with_sample_sites().await else {
        return;
    };
    let (c, base, password) = (&run.c, run.base.as_str(), run.password.as_str());
    let framework = Framework::builtin(DEMO_YEAR).expect("the framework of the demo year");

    // (a) The predicted EIT score from the demo's responses, and the open EIT
    // survey's public link.
    // The demo starts a link check as it starts serving; once it is done the
    // predicted OIT part of the total holds still.
    log_in_as(c, base, "admin.dindaeng", password).await;
    let checklist = format!("{base}/oit?year={DEMO_YEAR}");
    c.goto(&checklist).await.unwrap();
    wait_for_link_check(c, &checklist).await;
    let surveys = format!("{base}/surveys?year={DEMO_YEAR}");
    c.goto(&surveys).await.unwrap();
    let eit_before = score_at(c, "#predicted-eit td:nth-child(3)").await;
    assert!(eit_before > 0.0, "the demo responses give an EIT score");
    let total_before = score_at(c, "#predicted-total").await;
    let eit_page = c
        .find(Locator::XPath(
            "//table[@id='surveys']//tr[contains(td[1], 'EIT')][contains(td[3], 'เปิดรับคำตอบ')]//a",
        ))
        .await
        .expect("an open EIT survey of the year is listed")
        .attr("href")
        .await
        .unwrap()
        .unwrap();
    c.goto(&href_url(c, &eit_page).await).await.unwrap();
    let public = c
        .find(Locator::Css("#public-link"))
        .await
        .expect("the survey page shows its public link")
        .attr("href")
        .await
        .unwrap()
        .unwrap();
    let public = href_url(c, &public).await;
    assert!(public.contains("/p/dindaeng-krabi/surveys/"), "{public}");

    // (b) A respondent on a phone, with no login, answers every question.
    c.delete_all_cookies().await.unwrap();
    c.set_window_size(390, 844).await.unwrap();
    c.goto(&public).await.unwrap();
    assert!(fits_width(c).await, "the survey fits a phone");
    let answered = answer_worst(c, &framework).await;
    assert_eq!(answered, eit_fields(&framework), "every EIT question asked");
    submit(c, "form.survey").await;
    let thanks = body_text(c).await;
    assert!(thanks.contains("ขอบคุณที่ตอบแบบสำรวจ"), "{thanks}");
    assert!(fits_width(c).await, "the thank-you page fits a phone");

    // The same phone again: told it has answered, and nothing is stored.
    c.goto(&public).await.unwrap();
    if c.find(Locator::Css("form.survey")).await.is_ok() {
        answer_worst(c, &framework).await;
        submit(c, "form.survey").await;
    }
    let again = body_text(c).await;
    assert!(
        again.contains("อุปกรณ์นี้ตอบแบบสำรวจนี้แล้ว"),
        "a second answer is turned away: {again}"
    );

    // (c) One respondent's lowest answers pull the predictions down.
    c.set_window_size(1280, 900).await.unwrap();
    log_in_as(c, base, "admin.dindaeng", password).await;
    c.goto(&surveys).await.unwrap();
    let eit_after = score_at(c, "#predicted-eit td:nth-child(3)").await;
    assert!(
        eit_after < eit_before,
        "predicted EIT {eit_before} → {eit_after}"
    );
    let total_after = score_at(c, "#predicted-total").await;
    assert!(
        total_after < total_before,
        "predicted total {total_before} → {total_after}"
    );

    // (d) Every evidence link checked against the sample site: working,
    // broken and unlinked pages each get their verdict.
    let checked = check_all_links(c, &checklist).await;
    for verdict in ["ใช้งานได้", "ลิงก์เสีย", "ไม่ได้เชื่อมโยงจากหน้าหลัก"]
    {
        assert!(checked.contains(verdict), "{verdict}: {checked}");
    }
    let oit_before = score_at(c, "#predicted-score").await;

    // A broken link mended and checked again: the item now counts.
    mend_a_broken_link(c, &checklist).await;
    check_all_links(c, &checklist).await;
    let oit_after = score_at(c, "#predicted-score").await;
    assert!(
        oit_after > oit_before,
        "predicted OIT {oit_before} → {oit_after}"
    );
    c.clone().close().await.unwrap();
}
