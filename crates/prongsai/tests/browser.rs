//! Real Chromium driving the real server: the demo database, the login page, the
//! dashboard chart and the forms, as an administrator uses them.
//!
//! Needs `chromedriver` and `chromium` (Debian: chromium, chromium-driver). Without
//! them the test prints why and passes, unless `PRONGSAI_REQUIRE_BROWSER=1` (CI),
//! where a missing browser fails.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};

/// Kills a child process when the test ends, however it ends.
struct Guard(Child);

impl Drop for Guard {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

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

async fn wait_for_http(url: &str) {
    let deadline = Instant::now() + Duration::from_secs(30);
    let host = url
        .trim_start_matches("http://")
        .trim_end_matches('/')
        .to_owned();
    while Instant::now() < deadline {
        if tokio::net::TcpStream::connect(&host).await.is_ok() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("{url} did not come up");
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

#[tokio::test]
async fn administrator_uses_dashboard_and_forms_in_chromium() {
    let Some((driver, chromium)) = browser_available() else {
        assert!(
            std::env::var("PRONGSAI_REQUIRE_BROWSER").is_err(),
            "PRONGSAI_REQUIRE_BROWSER is set but chromedriver/chromium are missing"
        );
        eprintln!("skipped: chromedriver or chromium not installed");
        return;
    };
    let data = tempfile::tempdir().unwrap();
    let password = run_demo(data.path());

    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let _server = Guard(
        Command::new(env!("CARGO_BIN_EXE_prongsai"))
            .args([
                "--data-dir",
                data.path().to_str().unwrap(),
                "serve",
                "--bind",
                &format!("127.0.0.1:{port}"),
            ])
            .env("PRONGSAI_LOG", "warn")
            .stdout(Stdio::null())
            .spawn()
            .unwrap(),
    );
    let driver_port = free_port();
    let _driver = Guard(
        Command::new(driver)
            .arg(format!("--port={driver_port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    wait_for_http(&base).await;
    let driver_url = format!("http://127.0.0.1:{driver_port}");
    wait_for_http(&driver_url).await;
    let profile = tempfile::tempdir().unwrap();
    let c = connect(&driver_url, &chromium, profile.path()).await;

    // Login: a wrong password keeps the user name and says why, in Thai.
    c.goto(&format!("{base}/login")).await.unwrap();
    fill(&c, "#username", "admin.nongprung").await;
    fill(&c, "#password", "not-the-password").await;
    submit(&c, "form").await;
    assert!(body_text(&c).await.contains("ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง"));
    let kept = c
        .find(Locator::Css("#username"))
        .await
        .unwrap()
        .prop("value")
        .await
        .unwrap();
    assert_eq!(kept.as_deref(), Some("admin.nongprung"));
    fill(&c, "#password", &password).await;
    submit(&c, "form").await;

    // Dashboard: the 2565 result of the seed as an SVG bar, in Thai digits.
    assert_eq!(c.current_url().await.unwrap().path(), "/");
    let text = body_text(&c).await;
    assert!(text.contains("องค์การบริหารส่วนตำบลหนองปรุง"), "{text}");
    assert!(text.contains("ปีงบประมาณปัจจุบัน"));
    let bar = c
        .find(Locator::Css("svg.chart g.bar[data-year='2565']"))
        .await
        .unwrap();
    let bar_text = bar.text().await.unwrap();
    assert!(
        bar_text.contains("๖๐.๖๑") && bar_text.contains('D'),
        "{bar_text}"
    );

    // Departments: an empty name is refused with a Thai message, the typed order kept.
    c.goto(&format!("{base}/departments")).await.unwrap();
    fill(&c, "#f-sort_order", "๗").await;
    submit(&c, "form.form").await;
    assert!(body_text(&c).await.contains("กรุณากรอกชื่อส่วนราชการ"));
    let order = c
        .find(Locator::Css("#f-sort_order"))
        .await
        .unwrap()
        .prop("value")
        .await
        .unwrap();
    assert_eq!(order.as_deref(), Some("๗"));
    fill(&c, "#f-name", "กองสาธารณสุขและสิ่งแวดล้อม").await;
    submit(&c, "form.form").await;
    let text = body_text(&c).await;
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
        fill(&c, &format!("#f-ind_{n}"), v).await;
    }
    submit(&c, "form.form").await;
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
    fill(&c, "#f-ind_3", "๙๖").await;
    submit(&c, "form.form").await;
    let text = body_text(&c).await;
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
    click_and_wait(&c, "header form button").await;
    assert_eq!(c.current_url().await.unwrap().path(), "/login");
    c.goto(&format!("{base}/")).await.unwrap();
    assert_eq!(c.current_url().await.unwrap().path(), "/login");

    c.close().await.unwrap();
}
