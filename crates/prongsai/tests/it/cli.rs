//! The real binary, run as a script would run it: demo, agency list, user
//! accounts, ITA scoring, export and import, the installation's ครุฑ.

use prongsai_testkit::files::{
    have_tool, pdf_image_boxes, pdf_text, pdf_text_if_installed, without_spaces,
};
use std::io::Write as _;
use std::path::Path;
use std::process::{Command, Output, Stdio};

fn prongsai(data_dir: &Path, args: &[&str]) -> Output {
    prongsai_with_stdin(data_dir, args, "")
}

fn prongsai_with_stdin(data_dir: &Path, args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_prongsai"))
        .arg("--data-dir")
        .arg(data_dir)
        .args(args)
        .env_remove("PRONGSAI_DATABASE_URL")
        .env_remove("PRONGSAI_DATA_DIR")
        .env("PRONGSAI_LOG", "warn")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn demo_password(output: &Output) -> String {
    stdout(output)
        .lines()
        .find_map(|l| {
            l.split_once("รหัสผ่าน (ทุกบัญชีสาธิต): ")
                .map(|(_, p)| p.trim().to_owned())
        })
        .expect("the demo prints a password")
}

#[test]
fn demo_builds_reuses_and_never_destroys() {
    let dir = tempfile::tempdir().unwrap();
    let first = prongsai(dir.path(), &["demo", "--no-serve"]);
    assert!(first.status.success(), "{}", stderr(&first));
    assert!(dir.path().join("prongsai.db").exists());
    assert!(stdout(&first).contains("admin.nongprung"));
    let password = demo_password(&first);

    let list = prongsai(dir.path(), &["agency", "list"]);
    let lines: Vec<String> = stdout(&list).lines().map(str::to_owned).collect();
    assert!(lines.len() >= 4, "{lines:?}");
    for line in &lines {
        let cols: Vec<&str> = line.split('\t').collect();
        assert_eq!(cols.len(), 3, "code, name, province: {line}");
        assert!(cols[0].is_ascii() && !cols[0].is_empty());
    }
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("nongprung-phetchaburi\tองค์การบริหารส่วนตำบลหนองปรุง\tเพชรบุรี"))
    );

    let added = prongsai(
        dir.path(),
        &[
            "agency",
            "add",
            "--code",
            "test-agency",
            "--name",
            "เทศบาลทดสอบ",
            "--kind",
            "subdistrict-municipality",
            "--province",
            "ตรัง",
        ],
    );
    assert!(added.status.success(), "{}", stderr(&added));

    let again = prongsai(dir.path(), &["demo", "--no-serve"]);
    assert!(again.status.success(), "{}", stderr(&again));
    assert_eq!(
        demo_password(&again),
        password,
        "the same login on every run"
    );
    let list = stdout(&prongsai(dir.path(), &["agency", "list"]));
    assert_eq!(
        list.lines().count(),
        lines.len() + 1,
        "nothing lost, nothing duplicated"
    );
    assert!(list.contains("test-agency\tเทศบาลทดสอบ\tตรัง"));
}

#[test]
fn user_add_and_passwd() {
    let dir = tempfile::tempdir().unwrap();
    assert!(
        prongsai(
            dir.path(),
            &[
                "agency",
                "add",
                "--code",
                "a1",
                "--name",
                "อบต.หนึ่ง",
                "--kind",
                "sao",
                "--province",
                "กระบี่"
            ]
        )
        .status
        .success()
    );
    let bad = prongsai(
        dir.path(),
        &[
            "user",
            "add",
            "--username",
            "x",
            "--name",
            "X",
            "--role",
            "admin",
            "--agency",
            "a1",
        ],
    );
    assert_eq!(bad.status.code(), Some(2));
    assert!(stderr(&bad).contains("ชื่อผู้ใช้"), "{}", stderr(&bad));
    let no_agency = prongsai(
        dir.path(),
        &[
            "user",
            "add",
            "--username",
            "boss",
            "--name",
            "B",
            "--role",
            "admin",
            "--agency",
            "nope",
        ],
    );
    assert_eq!(no_agency.status.code(), Some(2));
    let ok = prongsai_with_stdin(
        dir.path(),
        &[
            "user",
            "add",
            "--username",
            "Boss",
            "--name",
            "หัวหน้า",
            "--role",
            "admin",
            "--agency",
            "a1",
            "--password-stdin",
        ],
        "a-long-password-1\n",
    );
    assert!(ok.status.success(), "{}", stderr(&ok));
    assert!(!stdout(&ok).contains("a-long-password-1"));
    let dup = prongsai_with_stdin(
        dir.path(),
        &[
            "user",
            "add",
            "--username",
            "boss",
            "--name",
            "อีกคน",
            "--role",
            "staff",
            "--agency",
            "a1",
            "--password-stdin",
        ],
        "a-long-password-2\n",
    );
    assert_eq!(
        dup.status.code(),
        Some(2),
        "usernames are unique, case-insensitively"
    );
    let short = prongsai_with_stdin(
        dir.path(),
        &["user", "passwd", "boss", "--password-stdin"],
        "short\n",
    );
    assert_eq!(short.status.code(), Some(2));
    let generated = prongsai(dir.path(), &["user", "passwd", "BOSS"]);
    assert!(generated.status.success(), "{}", stderr(&generated));
    assert!(stdout(&generated).contains("รหัสผ่านใหม่: "));
}

const SEED_2565: &str = r#"{"year": 2565,
  "iit": {"indicators": {"1": 86.52, "2": 75.34, "3": 83.35, "4": 74.51, "5": 82.38}},
  "eit": {"indicators": {"6": 88.42, "7": 88.91, "8": 83.96}},
  "oit": {"indicators": {"9": 39.27, "10": 12.5}}}"#;

#[test]
fn ita_score_from_file_and_stdin() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("seed.json");
    std::fs::write(&file, SEED_2565).unwrap();
    let out = prongsai(dir.path(), &["ita", "score", file.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(json["total"], serde_json::json!(60.61));
    assert_eq!(json["rating"], "D");
    assert_eq!(json["indicators"]["6"], serde_json::json!(88.42));
    assert!(json["instruments"]["OIT"]["points"].is_number());

    let piped = prongsai_with_stdin(dir.path(), &["ita", "score", "-"], SEED_2565);
    assert_eq!(stdout(&piped), stdout(&out));

    let draft = prongsai_with_stdin(
        dir.path(),
        &["ita", "score", "-"],
        &SEED_2565.replace("2565", "2568"),
    );
    assert!(draft.status.success(), "{}", stderr(&draft));
    assert!(stderr(&draft).contains("ต้องตรวจสอบกับคู่มือ ป.ป.ช."));
}

#[test]
fn ita_score_rejects_bad_input_with_exit_code_2() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        (SEED_2565.replace("2565", "2400"), "2400"),
        (SEED_2565.replace("\"5\": 82.38", "\"11\": 82.38"), "11"),
        (SEED_2565.replace("86.52", "186.52"), "186.52"),
        (
            "{\"year\": 2565, \"oit\": {\"items\": {\"O1\": true}}}".to_owned(),
            "O2",
        ),
        ("not json".to_owned(), ""),
    ];
    for (input, mention) in cases {
        let out = prongsai_with_stdin(dir.path(), &["ita", "score", "-"], &input);
        assert_eq!(out.status.code(), Some(2), "{input}");
        assert!(stdout(&out).is_empty());
        assert!(stderr(&out).contains(mention), "{input}: {}", stderr(&out));
    }
    let missing = prongsai(dir.path(), &["ita", "score", "/no/such/file.json"]);
    assert_eq!(missing.status.code(), Some(2));
}

#[test]
fn export_import_export_is_identical() {
    let source = tempfile::tempdir().unwrap();
    assert!(
        prongsai(source.path(), &["demo", "--no-serve"])
            .status
            .success()
    );
    let bundle = source.path().join("bundle.json");
    let out = prongsai(
        source.path(),
        &["export", "--all", "-o", bundle.to_str().unwrap()],
    );
    assert!(out.status.success(), "{}", stderr(&out));

    let target = tempfile::tempdir().unwrap();
    let imported = prongsai(target.path(), &["import", bundle.to_str().unwrap()]);
    assert!(imported.status.success(), "{}", stderr(&imported));
    let again = target.path().join("again.json");
    assert!(
        prongsai(
            target.path(),
            &["export", "--all", "-o", again.to_str().unwrap()]
        )
        .status
        .success()
    );
    assert_eq!(
        std::fs::read_to_string(&bundle).unwrap(),
        std::fs::read_to_string(&again).unwrap()
    );

    let twice = prongsai(target.path(), &["import", bundle.to_str().unwrap()]);
    assert_eq!(
        twice.status.code(),
        Some(2),
        "importing an existing agency is refused"
    );

    let one = target.path().join("one.json");
    assert!(
        prongsai(
            target.path(),
            &[
                "export",
                "--agency",
                "nongprung-phetchaburi",
                "-o",
                one.to_str().unwrap()
            ]
        )
        .status
        .success()
    );
    let value: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&one).unwrap()).unwrap();
    let agencies = value["agencies"].as_array().unwrap();
    assert_eq!(agencies.len(), 1, "only the one agency");
    assert_eq!(agencies[0]["agency"]["code"], "nongprung-phetchaburi");
    assert_eq!(
        agencies[0]["ita_results"][0]["published_total"],
        serde_json::json!(60.61)
    );
}

#[test]
fn invalid_bundle_is_rejected_whole() {
    let source = tempfile::tempdir().unwrap();
    assert!(
        prongsai(source.path(), &["demo", "--no-serve"])
            .status
            .success()
    );
    let bundle = source.path().join("bundle.json");
    assert!(
        prongsai(
            source.path(),
            &["export", "--all", "-o", bundle.to_str().unwrap()]
        )
        .status
        .success()
    );
    let mut value: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&bundle).unwrap()).unwrap();
    let agencies = value["agencies"].as_array_mut().unwrap();
    let last = agencies.len() - 1;
    agencies[last]["departments"][0]["agency_id"] =
        serde_json::json!("00000000-0000-7000-8000-000000000000");
    let broken = source.path().join("broken.json");
    std::fs::write(&broken, value.to_string()).unwrap();

    let target = tempfile::tempdir().unwrap();
    let out = prongsai(target.path(), &["import", broken.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let list = prongsai(target.path(), &["agency", "list"]);
    assert_eq!(stdout(&list), "", "nothing half-written");

    let garbage = source.path().join("garbage.json");
    std::fs::write(&garbage, "{\"hello\": 1}").unwrap();
    let out = prongsai(target.path(), &["import", garbage.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("prongsai-bundle"));
}

#[test]
fn help_is_plain_words() {
    let dir = tempfile::tempdir().unwrap();
    let out = prongsai(dir.path(), &["--help"]);
    let text = stdout(&out);
    for word in [
        "serve",
        "demo",
        "migrate",
        "agency",
        "user",
        "ita",
        "export",
        "import",
        "emblem",
        "--data-dir",
        "--database-url",
    ] {
        assert!(text.contains(word), "{word} missing from --help");
    }
}

/// The process's own environment reaches the settings: a wrong value stops the
/// command before it opens anything, naming the variable.
#[test]
fn a_wrong_setting_in_the_environment_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_prongsai"))
        .arg("--data-dir")
        .arg(dir.path())
        .arg("migrate")
        .env_remove("PRONGSAI_DATABASE_URL")
        .env_remove("PRONGSAI_CONFIG")
        .env("PRONGSAI_SESSION_HOURS", "eight")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("PRONGSAI_SESSION_HOURS"),
        "{}",
        stderr(&out)
    );
    assert!(!dir.path().join("prongsai.db").exists());
}

#[test]
fn render_analysis_of_the_seed_result() {
    let dir = tempfile::tempdir().unwrap();
    assert!(
        prongsai(dir.path(), &["demo", "--no-serve"])
            .status
            .success()
    );
    let pdf = dir.path().join("analysis.pdf");
    let args = [
        "render",
        "analysis",
        "--agency",
        "nongprung-phetchaburi",
        "--year",
        "2565",
        "-o",
    ];
    let out = prongsai(dir.path(), &[&args[..], &[pdf.to_str().unwrap()]].concat());
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF"));
    if let Some(text) = pdf_text_if_installed(&std::fs::read(&pdf).unwrap()) {
        assert!(text.contains("องค์การบริหารส่วนตำบลหนองปรุง"), "{text}");
        assert!(text.contains("๖๐.๖๑"), "the total in Thai digits: {text}");
        // Ranked highest first: indicator 7 (88.91) before 6 (88.42) before 10 (12.50).
        let at = |needle: &str| {
            text.find(needle)
                .unwrap_or_else(|| panic!("{needle} missing: {text}"))
        };
        assert!(at("๘๘.๙๑") < at("๘๘.๔๒"));
        assert!(at("๘๘.๔๒") < at("๑๒.๕๐"));
    }
    for format in ["docx", "xlsx"] {
        let file = dir.path().join(format!("analysis.{format}"));
        let out = prongsai(
            dir.path(),
            &[&args[..], &[file.to_str().unwrap(), "--format", format]].concat(),
        );
        assert!(out.status.success(), "{format}: {}", stderr(&out));
        assert!(
            std::fs::read(&file).unwrap().starts_with(b"PK"),
            "{format} is a zip"
        );
    }
    let missing = prongsai(
        dir.path(),
        &[
            "render",
            "analysis",
            "--agency",
            "nongprung-phetchaburi",
            "--year",
            "2570",
            "-o",
            "x.pdf",
        ],
    );
    assert_eq!(missing.status.code(), Some(2));
    assert!(stderr(&missing).contains("2570"), "{}", stderr(&missing));
}

/// Asserts that each needle occurs in `text` (white space ignored), in order.
fn assert_in_order(text: &str, needles: &[&str]) {
    let text = without_spaces(text);
    let mut from = 0;
    for needle in needles {
        let needle = without_spaces(needle);
        let at = text[from..]
            .find(&needle)
            .unwrap_or_else(|| panic!("{needle} missing after byte {from}: {text}"));
        from += at + needle.len();
    }
}

#[test]
fn render_the_cycle_documents_of_the_demo_plans() {
    let dir = tempfile::tempdir().unwrap();
    assert!(
        prongsai(dir.path(), &["demo", "--no-serve"])
            .status
            .success()
    );
    let render = |kind: &str, agency: &str, year: &str, extra: &[&str], file: &str| {
        let path = dir.path().join(file);
        let out = prongsai(
            dir.path(),
            &[
                &["render", kind, "--agency", agency, "--year", year, "-o"][..],
                &[path.to_str().unwrap()],
                extra,
            ]
            .concat(),
        );
        assert!(out.status.success(), "{kind}: {}", stderr(&out));
        path
    };

    let annual = render("annual-report", "dindaeng-krabi", "2568", &[], "annual.pdf");
    assert!(std::fs::read(&annual).unwrap().starts_with(b"%PDF"));
    if let Some(text) = pdf_text_if_installed(&std::fs::read(&annual).unwrap()) {
        assert_in_order(
            &text,
            &[
                "องค์การบริหารส่วนตำบลดินแดง",
                "๙๗.๐๗",
                "ผ่านดี",
                "กระบวนการปฏิบัติงานที่โปร่งใสและมีประสิทธิภาพ",
                "การป้องกันการขัดกันระหว่างประโยชน์ส่วนตนและประโยชน์ส่วนรวม",
                "ไตรมาสที่ ๑",
                "การให้บริการและระบบ E-Service",
                "กลไกและมาตรการในการแก้ไขและป้องกันการทุจริตภายในหน่วยงาน",
            ],
        );
    }
    let half = render(
        "half-year-report",
        "pathumyai-nakhonratchasima",
        "2566",
        &[],
        "half.pdf",
    );
    if let Some(text) = pdf_text_if_installed(&std::fs::read(&half).unwrap()) {
        assert_in_order(
            &text,
            &["รอบ ๖ เดือน", "ด้าน IIT", "ด้าน EIT", "ด้าน OIT", "สัตว์เลี้ยง"],
        );
    }
    let measures = render("measures", "nongprung-phetchaburi", "2565", &[], "m.pdf");
    if let Some(text) = pdf_text_if_installed(&std::fs::read(&measures).unwrap()) {
        assert_in_order(&text, &["หนองปรุง", "๖๐.๖๑", "คุณภาพการดำเนินงาน"]);
    }
    let memo = render(
        "measures-memo",
        "nongprung-phetchaburi",
        "2565",
        &[],
        "memo.pdf",
    );
    if let Some(text) = pdf_text_if_installed(&std::fs::read(&memo).unwrap()) {
        assert_in_order(&text, &["บันทึกข้อความ", "สนธยา", "รับทราบ", "สมบัติ"]);
    }
    for (kind, agency, year) in [
        ("annual-report", "dindaeng-krabi", "2568"),
        ("half-year-report", "pathumyai-nakhonratchasima", "2566"),
        ("measures", "nongprung-phetchaburi", "2565"),
    ] {
        for format in ["docx", "xlsx"] {
            let file = render(
                kind,
                agency,
                year,
                &["--format", format],
                &format!("{kind}.{format}"),
            );
            assert!(
                std::fs::read(file).unwrap().starts_with(b"PK"),
                "{kind} {format}"
            );
        }
    }

    let memo_xlsx = prongsai(
        dir.path(),
        &[
            "render",
            "measures-memo",
            "--agency",
            "nongprung-phetchaburi",
            "--year",
            "2565",
            "--format",
            "xlsx",
            "-o",
            "memo.xlsx",
        ],
    );
    assert_eq!(memo_xlsx.status.code(), Some(2));
    assert!(
        stderr(&memo_xlsx).contains("XLSX"),
        "{}",
        stderr(&memo_xlsx)
    );
    let no_plan = prongsai(
        dir.path(),
        &[
            "render",
            "annual-report",
            "--agency",
            "dindaeng-krabi",
            "--year",
            "2570",
            "-o",
            "none.pdf",
        ],
    );
    assert_eq!(no_plan.status.code(), Some(2));
    assert!(
        stderr(&no_plan).contains("ยังไม่มีมาตรการของปีงบประมาณ 2570"),
        "{}",
        stderr(&no_plan)
    );
}

/// The documents of the action plan, the risk assessment, the order and the memo,
/// from the demo data transcribed from the Bang Khae plan and the Nong Prung order.
#[test]
fn render_the_action_plan_risk_order_and_memo_of_the_demo() {
    let dir = tempfile::tempdir().unwrap();
    assert!(
        prongsai(dir.path(), &["demo", "--no-serve"])
            .status
            .success()
    );
    let run = |args: &[&str], file: &str| {
        let path = dir.path().join(file);
        let out = prongsai(
            dir.path(),
            &[&["render"][..], args, &["-o", path.to_str().unwrap()]].concat(),
        );
        (out, path)
    };
    let render = |args: &[&str], file: &str| {
        let (out, path) = run(args, file);
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
        path
    };

    // --year picks the plan that covers that fiscal year.
    let plan = render(
        &["action-plan", "--agency", "bangkhae", "--year", "2568"],
        "plan.pdf",
    );
    if let Some(text) = pdf_text_if_installed(&std::fs::read(&plan).unwrap()) {
        assert_in_order(
            &text,
            // No needle holds a consonant with two stacked marks ("ที่", "สั่"):
            // pdftotext doubles those clusters in Typst's text layer
            // (typst/typst#7610, LaurenzV/krilla#411).
            &[
                "แผนปฏิบัติการป้องกันการทุจริต",
                "องค์การบริหารส่วนตำบลบางแค",
                "คำนำ",
                "การบริหารงานบุคคล",
                "จำนวน 17 โครงการ",
                "NO Gift Policy",
            ],
        );
    }
    for format in ["docx", "xlsx"] {
        let file = render(
            &[
                "action-plan",
                "--agency",
                "bangkhae",
                "--year",
                "2566",
                "--format",
                format,
            ],
            &format!("plan.{format}"),
        );
        assert!(std::fs::read(file).unwrap().starts_with(b"PK"), "{format}");
    }
    let report = render(
        &[
            "plan-report",
            "--agency",
            "bangkhae",
            "--year",
            "2566",
            "--round",
            "full",
        ],
        "plan-report.pdf",
    );
    let report = std::fs::read(report).unwrap();
    assert!(report.starts_with(b"%PDF"));
    if let Some(text) = pdf_text_if_installed(&report) {
        let text = without_spaces(&text);
        assert!(
            text.contains("จัดเวทีประชาคมหมู่บ้านครบทุกหมู่บ้าน") && text.contains("412"),
            "the demo's follow-up is in the report: {text}"
        );
    }
    let risk = render(
        &["risk-assessment", "--agency", "bangkhae", "--year", "2566"],
        "risk.pdf",
    );
    if let Some(text) = pdf_text_if_installed(&std::fs::read(&risk).unwrap()) {
        assert_in_order(&text, &["การบริหารงานบุคคล", "ปานกลาง"]);
    }

    // The order: the latest of the year, or the one --number names in either digits.
    let latest = render(
        &[
            "order",
            "--agency",
            "nongprung-phetchaburi",
            "--year",
            "2565",
        ],
        "order.pdf",
    );
    let numbered = render(
        &[
            "order",
            "--agency",
            "nongprung-phetchaburi",
            "--year",
            "2565",
            "--number",
            "๙๘",
        ],
        "order-98.pdf",
    );
    for pdf in [&latest, &numbered] {
        if let Some(text) = pdf_text_if_installed(&std::fs::read(pdf).unwrap()) {
            assert_in_order(
                &text,
                &[
                    "องค์การบริหารส่วนตำบลหนองปรุง",
                    "๙๘/๒๕๖๕",
                    "คณะทำงานอำนวยการ",
                    "หัวหน้าคณะกรรมการ",
                    "คณะทำงาน/เลขานุการ",
                ],
            );
        }
    }
    // Without the installation's ครุฑ the order says so in its place; once the
    // operator sets it, every agency's order prints it, 3 cm high.
    if let Some(text) = pdf_text_if_installed(&std::fs::read(&latest).unwrap()) {
        assert!(without_spaces(&text).contains("(ตราครุฑ"), "{text}");
    }
    let emblem = dir.path().join("emblem.png");
    std::fs::write(&emblem, prongsai_testkit::documents::emblem_png()).unwrap();
    let set = prongsai(dir.path(), &["emblem", "set", emblem.to_str().unwrap()]);
    assert!(set.status.success(), "{}", stderr(&set));
    let with_emblem = render(
        &[
            "order",
            "--agency",
            "nongprung-phetchaburi",
            "--year",
            "2565",
        ],
        "order-emblem.pdf",
    );
    if have_tool("pdftohtml", "-v") {
        let images = pdf_image_boxes(&std::fs::read(&with_emblem).unwrap());
        assert_eq!(images.len(), 1, "{images:?}");
        assert!((images[0].height / 72.0 * 2.54 - 3.0).abs() < 0.05);
        let text = pdf_text(&std::fs::read(&with_emblem).unwrap());
        assert!(!text.contains("(ตราครุฑ"), "{text}");
    }
    let (missing, _) = run(
        &[
            "order",
            "--agency",
            "nongprung-phetchaburi",
            "--year",
            "2565",
            "--number",
            "97",
        ],
        "none.pdf",
    );
    assert_eq!(missing.status.code(), Some(2));
    assert!(
        stderr(&missing).contains("ไม่มีคำสั่งที่ 97"),
        "{}",
        stderr(&missing)
    );

    let memo = render(
        &[
            "memo",
            "--agency",
            "nongprung-phetchaburi",
            "--year",
            "2565",
        ],
        "memo.pdf",
    );
    if let Some(text) = pdf_text_if_installed(&std::fs::read(&memo).unwrap()) {
        assert_in_order(&text, &["บันทึกข้อความ", "หนองปรุง"]);
    }
    let (no_plan, _) = run(
        &[
            "action-plan",
            "--agency",
            "dindaeng-krabi",
            "--year",
            "2568",
        ],
        "none.pdf",
    );
    assert_eq!(no_plan.status.code(), Some(2));
    assert!(
        stderr(&no_plan).contains("ไม่มีแผนปฏิบัติการป้องกันการทุจริตที่ครอบคลุมปีงบประมาณ 2568"),
        "{}",
        stderr(&no_plan)
    );
}

#[test]
fn agency_add_takes_a_website_by_the_web_forms_rule() {
    let dir = tempfile::tempdir().unwrap();
    let add = |code: &str, website: &str| {
        prongsai(
            dir.path(),
            &[
                "agency",
                "add",
                "--code",
                code,
                "--name",
                "เทศบาลตำบลทดสอบเว็บไซต์",
                "--kind",
                "subdistrict-municipality",
                "--province",
                "ตรัง",
                "--website",
                website,
            ],
        )
    };
    // The web form refuses an address without its scheme, and so does the command.
    let refused = add("no-scheme", "www.example.go.th");
    assert_eq!(refused.status.code(), Some(2), "{}", stderr(&refused));
    assert!(
        stderr(&refused).contains("https://"),
        "{}",
        stderr(&refused)
    );
    let refused = add("thai-digits", "https://www.example.go.th/๑");
    assert_eq!(refused.status.code(), Some(2));
    assert!(stderr(&refused).contains("https://www.example.go.th/1"));
    let listed = stdout(&prongsai(dir.path(), &["agency", "list"]));
    assert!(!listed.contains("no-scheme") && !listed.contains("thai-digits"));

    let added = add("with-scheme", "  https://www.example.go.th  ");
    assert!(added.status.success(), "{}", stderr(&added));
    let bundle = dir.path().join("bundle.json");
    let export = prongsai(
        dir.path(),
        &[
            "export",
            "--agency",
            "with-scheme",
            "-o",
            bundle.to_str().unwrap(),
        ],
    );
    assert!(export.status.success(), "{}", stderr(&export));
    let bundle = std::fs::read_to_string(bundle).unwrap();
    assert!(
        bundle.contains(r#""https://www.example.go.th""#),
        "stored trimmed"
    );
}

#[test]
fn render_complaint_stats_of_an_agency_without_cases() {
    let dir = tempfile::tempdir().unwrap();
    let added = prongsai(
        dir.path(),
        &[
            "agency",
            "add",
            "--code",
            "empty-agency",
            "--name",
            "เทศบาลตำบลว่างเปล่า",
            "--kind",
            "subdistrict-municipality",
            "--province",
            "ตรัง",
        ],
    );
    assert!(added.status.success(), "{}", stderr(&added));
    let render = |format: &str| {
        let file = dir.path().join(format!("stats.{format}"));
        let out = prongsai(
            dir.path(),
            &[
                "render",
                "complaint-stats",
                "--agency",
                "empty-agency",
                "--year",
                "2569",
                "--format",
                format,
                "-o",
                file.to_str().unwrap(),
            ],
        );
        (out, file)
    };
    let (out, csv) = render("csv");
    assert!(out.status.success(), "{}", stderr(&out));
    let bytes = std::fs::read(&csv).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "a UTF-8 BOM first");
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    assert!(text.starts_with("ประเภทเรื่อง,จำแนกตาม,รายการ,จำนวน\r\n"));
    assert!(text.contains("เรื่องร้องเรียน/ร้องทุกข์,รวม,ทั้งหมด,0\r\n"));
    assert!(text.contains("เรื่องร้องเรียนการทุจริตและประพฤติมิชอบ,รวม,ทั้งหมด,0\r\n"));
    let (out, pdf) = render("pdf");
    assert!(out.status.success(), "{}", stderr(&out));
    let pdf_bytes = std::fs::read(&pdf).unwrap();
    assert!(pdf_bytes.starts_with(b"%PDF"));
    if let Some(text) = pdf_text_if_installed(&std::fs::read(&pdf).unwrap()) {
        assert_in_order(
            &text,
            &[
                "สถิติเรื่องร้องเรียนการทุจริตและประพฤติมิชอบ",
                "เทศบาลตำบลว่างเปล่า",
                "ประจำปีงบประมาณ พ.ศ. 2569",
            ],
        );
    }
    let (out, xlsx) = render("xlsx");
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(std::fs::read(&xlsx).unwrap().starts_with(b"PK"));
    let (docx, _) = render("docx");
    assert_eq!(docx.status.code(), Some(2));
    assert!(stderr(&docx).contains("DOCX"), "{}", stderr(&docx));
}

#[test]
fn render_oit_checklist_of_an_agency_without_entries() {
    let dir = tempfile::tempdir().unwrap();
    let added = prongsai(
        dir.path(),
        &[
            "agency",
            "add",
            "--code",
            "oit-agency",
            "--name",
            "องค์การบริหารส่วนตำบลทดสอบ",
            "--kind",
            "sao",
            "--province",
            "ตรัง",
        ],
    );
    assert!(added.status.success(), "{}", stderr(&added));
    let render = |year: &str, format: &str| {
        let file = dir.path().join(format!("oit-{year}.{format}"));
        let out = prongsai(
            dir.path(),
            &[
                "render",
                "oit",
                "--agency",
                "oit-agency",
                "--year",
                year,
                "--format",
                format,
                "-o",
                file.to_str().unwrap(),
            ],
        );
        (out, file)
    };
    let (out, pdf) = render("2568", "pdf");
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF"));
    if let Some(text) = pdf_text_if_installed(&std::fs::read(&pdf).unwrap()) {
        assert_in_order(
            &text,
            &[
                "รายงานผลการตรวจสอบการเปิดเผยข้อมูลสาธารณะ (OIT)",
                "องค์การบริหารส่วนตำบลทดสอบ",
                "ประจำปีงบประมาณ พ.ศ. 2568",
                "0 จาก 28 ข้อ",
                "ยังไม่ได้ตรวจ",
                "O1",
                "ยังไม่ได้มอบหมาย",
                "ยังไม่มีลิงก์",
            ],
        );
    }
    let (out, xlsx) = render("2568", "xlsx");
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(std::fs::read(&xlsx).unwrap().starts_with(b"PK"));
    let (docx, _) = render("2568", "docx");
    assert_eq!(docx.status.code(), Some(2));
    assert!(stderr(&docx).contains("DOCX"), "{}", stderr(&docx));
    let (no_framework, _) = render("2590", "pdf");
    assert_eq!(no_framework.status.code(), Some(2));
    assert!(
        stderr(&no_framework).contains("ไม่มีกรอบการประเมินของปีงบประมาณ 2590"),
        "{}",
        stderr(&no_framework)
    );
}

#[test]
fn the_emblem_is_checked_before_it_replaces_the_one_in_use() {
    let dir = tempfile::tempdir().unwrap();
    let show = || stdout(&prongsai(dir.path(), &["emblem", "show"]));
    assert!(show().contains("ยังไม่ได้ตั้งตราครุฑ"), "{}", show());

    let good = dir.path().join("ครุฑ.png");
    std::fs::write(&good, prongsai_testkit::documents::emblem_png()).unwrap();
    let set = prongsai(dir.path(), &["emblem", "set", good.to_str().unwrap()]);
    assert!(set.status.success(), "{}", stderr(&set));
    assert!(
        stdout(&set).contains("ตั้งตราครุฑแล้ว: PNG กว้าง 270 สูง 300 พิกเซล"),
        "{}",
        stdout(&set)
    );
    let in_use = show();
    assert!(
        in_use.contains("ตราครุฑ: PNG กว้าง 270 สูง 300 พิกเซล"),
        "{in_use}"
    );

    // A PNG signature followed by garbage: refused in Thai, exit code 2, and
    // the emblem in use stays.
    let corrupt = dir.path().join("corrupt.png");
    let mut bytes = b"\x89PNG\r\n\x1a\n".to_vec();
    bytes.extend(std::iter::repeat_n(0x5a, 400));
    std::fs::write(&corrupt, bytes).unwrap();
    let refused = prongsai(dir.path(), &["emblem", "set", corrupt.to_str().unwrap()]);
    assert_eq!(refused.status.code(), Some(2), "{}", stderr(&refused));
    assert!(
        stderr(&refused).contains("อ่านภาพตราครุฑไม่ได้ ไฟล์อาจเสียหรือไม่ครบ (PNG)")
            && stderr(&refused).contains("ตราครุฑเดิมไม่เปลี่ยนแปลง"),
        "{}",
        stderr(&refused)
    );
    assert_eq!(show(), in_use);
    let text = dir.path().join("notes.txt");
    std::fs::write(&text, "ตราครุฑ").unwrap();
    let refused = prongsai(dir.path(), &["emblem", "set", text.to_str().unwrap()]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(stderr(&refused).contains("ไฟล์ตราครุฑต้องเป็นภาพ PNG หรือ JPEG"));
    assert_eq!(show(), in_use);

    let cleared = prongsai(dir.path(), &["emblem", "clear"]);
    assert!(cleared.status.success(), "{}", stderr(&cleared));
    assert!(show().contains("ยังไม่ได้ตั้งตราครุฑ"));
}
