//! The demo's plans and progress, loaded by the real binary (`demo --no-serve`)
//! and read back through the store: the documents of the demo agencies must lay
//! beside their seeds, and running the demo again must add nothing.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use prongsai_core::measures::{Measure, ProgressStatus, Timeframe, Topic};
use prongsai_core::model::{Agency, AgencyId, Department, Role};
use prongsai_core::thai::fiscal::{Quarter, ReportingRound};
use prongsai_store::Store;

fn demo(data_dir: &Path) -> Output {
    let out = Command::new(env!("CARGO_BIN_EXE_prongsai"))
        .arg("--data-dir")
        .arg(data_dir)
        .args(["demo", "--no-serve"])
        .env_remove("PRONGSAI_DATABASE_URL")
        .env_remove("PRONGSAI_DATA_DIR")
        .env("PRONGSAI_LOG", "warn")
        .output()
        .expect("the binary runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

async fn agency(store: &Store, code: &str) -> Agency {
    store
        .find_agency_by_code(code)
        .await
        .unwrap()
        .unwrap_or_else(|| panic!("no agency {code}"))
}

async fn department(store: &Store, agency: AgencyId, name: &str) -> Department {
    store
        .list_departments(agency)
        .await
        .unwrap()
        .into_iter()
        .find(|d| d.name == name)
        .unwrap_or_else(|| panic!("no department {name}"))
}

fn quarters(first: Quarter, last: Quarter) -> Timeframe {
    Timeframe::Quarters { first, last }
}

fn in_topic<'a>(measures: &'a [Measure], topic: &Topic) -> Vec<&'a Measure> {
    measures.iter().filter(|m| m.topic_id == topic.id).collect()
}

/// Each plan file: its agency code, fiscal year, and topics and measures counted.
fn plan_files() -> Vec<(PathBuf, String, i32, usize, usize)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("demo/plans");
    let mut files = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "json") {
            continue;
        }
        let json: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let topics = json["topics"].as_array().unwrap();
        let measures = topics
            .iter()
            .map(|t| t["measures"].as_array().unwrap().len())
            .sum();
        files.push((
            path,
            json["agency"].as_str().unwrap().to_owned(),
            i32::try_from(json["fiscal_year"].as_i64().unwrap()).unwrap(),
            topics.len(),
            measures,
        ));
    }
    files.sort();
    files
}

/// Everything of the three plans that a rerun could duplicate.
async fn snapshot(store: &Store) -> Vec<(usize, usize, usize, bool)> {
    let mut out = Vec::new();
    for (code, year, round) in [
        ("dindaeng-krabi", 2568, ReportingRound::FullYear),
        ("pathumyai-nakhonratchasima", 2566, ReportingRound::HalfYear),
        ("nongprung-phetchaburi", 2565, ReportingRound::FullYear),
    ] {
        let a = agency(store, code).await;
        out.push((
            store.list_topics(a.id, year).await.unwrap().len(),
            store.list_measures(a.id, year).await.unwrap().len(),
            store.list_progress(a.id, year, round).await.unwrap().len(),
            store.get_plan_memo(a.id, year).await.unwrap().is_some(),
        ));
    }
    out
}

#[tokio::test(flavor = "multi_thread")]
async fn demo_plans_lay_beside_their_seeds() {
    let dir = tempfile::tempdir().unwrap();
    let first = demo(dir.path());
    let printed = String::from_utf8_lossy(&first.stdout).into_owned();
    for login in [
        "admin.dindaeng",
        "exec.dindaeng",
        "head.dindaeng",
        "exec.pathumyai",
    ] {
        assert!(printed.contains(login), "{login} in {printed}");
    }
    let kept = std::fs::read_to_string(dir.path().join("demo-login.txt")).unwrap();
    assert!(kept.contains("head.nongprung"), "{kept}");

    let store = Store::open_sqlite(&dir.path().join("prongsai.db"))
        .await
        .unwrap();

    // อบต.ดินแดง 2568: the annual report's seven topics and their measures.
    let dindaeng = agency(&store, "dindaeng-krabi").await;
    let topics = store.list_topics(dindaeng.id, 2568).await.unwrap();
    let measures = store.list_measures(dindaeng.id, 2568).await.unwrap();
    assert_eq!(topics.len(), 7);
    let counts: Vec<usize> = topics
        .iter()
        .map(|t| in_topic(&measures, t).len())
        .collect();
    assert_eq!(counts, [4, 1, 1, 1, 1, 1, 1]);
    assert_eq!(topics[0].title, "กระบวนการปฏิบัติงานที่โปร่งใสและมีประสิทธิภาพ");
    assert_eq!(topics[3].title, topics[2].title, "the seed's own text");
    assert_eq!(topics[6].catalog_key.as_deref(), Some("annual:7"));
    let first_topic = in_topic(&measures, &topics[0]);
    let conflict = first_topic[1];
    assert_eq!(
        conflict.title,
        "การป้องกันการขัดกันระหว่างประโยชน์ส่วนตนและประโยชน์ส่วนรวม"
    );
    assert_eq!(conflict.timeframe, quarters(Quarter::Q1, Quarter::Q1));
    assert_eq!(conflict.owners.positions, ["หัวหน้าสำนักปลัด"]);
    let office = department(&store, dindaeng.id, "สำนักปลัด").await;
    assert_eq!(conflict.owners.departments, [office.id]);
    assert_eq!(conflict.steps.len(), 4);
    assert!(conflict.steps[2].starts_with("มาตรการ No Gift Policy"));
    let training = &conflict.targets[1];
    assert_eq!(
        (
            training.text.as_str(),
            training.quantity,
            training.unit.as_str()
        ),
        ("จัดกิจกรรมอบรม/ให้ความรู้", Some(3.0), "ครั้ง")
    );
    assert_eq!(first_topic[0].steps.len(), 6);
    assert!(first_topic[0].steps[0].starts_with("จัดทำคู่มือหรือมาตรฐานการปฏิบัติงาน"));
    assert_eq!(first_topic[0].timeframe, quarters(Quarter::Q1, Quarter::Q2));
    let stray = first_topic[2];
    assert_eq!(stray.steps.len(), 6, "the stray row folded into measure 3");
    assert!(stray.steps[2].ends_with("รณรงค์วัฒนธรรม “ไม่ทนต่อการทุจริต”"));
    assert!(stray.steps[5].starts_with("กำกับติดตามและประเมินผล"));
    let budget = first_topic[3];
    assert!(
        budget.title.starts_with("การสร้างความโปร่งใส"),
        "{}",
        budget.title
    );
    assert_eq!(budget.timeframe, quarters(Quarter::Q1, Quarter::Q4));
    assert_eq!(
        budget.owners.positions,
        ["ผู้อำนวยการกองคลัง", "ส่วนงานพัสดุ", "หัวหน้าสำนักปลัด"]
    );
    let publicity = in_topic(&measures, &topics[2])[0];
    assert_eq!(publicity.timeframe, Timeframe::WholeYear);
    let full_year = store
        .list_progress(dindaeng.id, 2568, ReportingRound::FullYear)
        .await
        .unwrap();
    assert_eq!(full_year.len(), measures.len());
    assert!(full_year.iter().all(|p| p.status == ProgressStatus::Done));
    let reported = full_year
        .iter()
        .find(|p| p.measure_id == conflict.id)
        .unwrap();
    assert_eq!(reported.version, 1);
    assert_eq!(
        reported.achieved,
        [Some(1.0), Some(3.0), Some(36.0), Some(100.0), Some(4.0)]
    );
    // Each line of the published summary is a result of its own.
    assert_eq!(reported.results.len(), 5);
    assert_eq!(
        reported.results[1].text,
        "๒.จัดกิจกรรมอบรม/ให้ความรู้จำนวน ๓ ครั้ง ผู้เข้าร่วม ๓๖ คน"
    );
    assert!(
        reported
            .outcome
            .starts_with("๑) มีรายงานผลการประเมินความเสี่ยง")
    );

    // เทศบาลตำบลปทุมใหญ่ 2566: by instrument, half-year progress on every row.
    let pathumyai = agency(&store, "pathumyai-nakhonratchasima").await;
    let topics = store.list_topics(pathumyai.id, 2566).await.unwrap();
    let measures = store.list_measures(pathumyai.id, 2566).await.unwrap();
    let keys: Vec<_> = topics.iter().map(|t| t.catalog_key.as_deref()).collect();
    assert_eq!(
        keys,
        [
            Some("instrument:IIT"),
            Some("instrument:EIT"),
            Some("instrument:OIT")
        ]
    );
    let counts: Vec<usize> = topics
        .iter()
        .map(|t| in_topic(&measures, t).len())
        .collect();
    assert_eq!(counts, [3, 3, 5]);
    let half_year = store
        .list_progress(pathumyai.id, 2566, ReportingRound::HalfYear)
        .await
        .unwrap();
    assert_eq!(half_year.len(), measures.len());
    for m in &measures {
        let p = half_year.iter().find(|p| p.measure_id == m.id).unwrap();
        assert!(p.has_result() && !p.results.is_empty(), "{}", m.title);
        assert!(
            !m.weakness.is_empty() && !m.monitoring.is_empty(),
            "{}",
            m.title
        );
    }
    let health = department(&store, pathumyai.id, "กองสาธารณสุข").await;
    let eservice = in_topic(&measures, &topics[2])[1];
    assert_eq!(eservice.weakness, "E-Service URL ไม่เชื่อมโยงกับเว็บไซต์หลัก");
    assert_eq!(eservice.owners.departments, [health.id]);
    let spending = in_topic(&measures, &topics[2])[2];
    assert_eq!(spending.timeframe, quarters(Quarter::Q1, Quarter::Q3));
    assert_eq!(
        in_topic(&measures, &topics[1])[0].owners.departments.len(),
        5
    );

    // อบต.หนองปรุง 2565: by indicator, and the memo with its acknowledgers in order.
    let nongprung = agency(&store, "nongprung-phetchaburi").await;
    let topics = store.list_topics(nongprung.id, 2565).await.unwrap();
    let keys: Vec<_> = topics
        .iter()
        .map(|t| t.catalog_key.clone().unwrap())
        .collect();
    assert_eq!(
        keys,
        [
            "indicator:6",
            "indicator:7",
            "indicator:8",
            "indicator:9",
            "indicator:10"
        ]
    );
    assert_eq!(topics[0].title, "ตัวชี้วัดที่ 6 คุณภาพการดำเนินงาน");
    let measures = store.list_measures(nongprung.id, 2565).await.unwrap();
    assert_eq!(measures[0].indicators, [6]);
    assert_eq!(measures[0].improvement.lines().count(), 4);
    let memo = store
        .get_plan_memo(nongprung.id, 2565)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(memo.number, "พบ ๗๕๘๐๑/-");
    assert_eq!(memo.date, chrono::NaiveDate::from_ymd_opt(2022, 10, 31));
    assert_eq!(memo.body.len(), 3);
    let officials = store.list_officials(nongprung.id).await.unwrap();
    let name_of = |id| {
        let o = officials.iter().find(|o| o.id == id).unwrap();
        format!("{} {}", o.first_name, o.last_name)
    };
    assert_eq!(name_of(memo.signer.unwrap()), "สนธยา คงสนิท");
    let acknowledgers: Vec<String> = memo.acknowledgers.iter().map(|id| name_of(*id)).collect();
    assert_eq!(
        acknowledgers,
        [
            "สถาพร กลิ่นโพธิ์กลับ",
            "สมบัติ ทับล้อม",
            "ชุตติกาญจน์ ดั่งสท้าน",
            "วงเดือน พรมแก้ว"
        ]
    );

    // Every file under demo/plans was loaded, and every measure is valid as a
    // user would have to enter it.
    let files = plan_files();
    assert_eq!(files.len(), 3, "{files:?}");
    for (path, code, year, topic_count, measure_count) in &files {
        let a = agency(&store, code).await;
        assert_eq!(
            store.list_topics(a.id, *year).await.unwrap().len(),
            *topic_count,
            "{}",
            path.display()
        );
        let measures = store.list_measures(a.id, *year).await.unwrap();
        assert_eq!(measures.len(), *measure_count, "{}", path.display());
        for m in &measures {
            assert_eq!(m.validate(), Ok(()), "{}: {}", path.display(), m.title);
        }
    }

    // The roles of the cycle: an executive, and the head of the first department.
    let head = store
        .find_user_by_username("head.pathumyai")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(head.role, Role::DepartmentHead);
    let office = department(&store, pathumyai.id, "สำนักปลัด").await;
    assert_eq!(head.department_id, Some(office.id));
    let exec = store
        .find_user_by_username("exec.nongprung")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(exec.role, Role::Executive);
    assert_eq!(exec.agency_id, Some(nongprung.id));

    // A second run adds nothing.
    let before = snapshot(&store).await;
    drop(store);
    demo(dir.path());
    let store = Store::open_sqlite(&dir.path().join("prongsai.db"))
        .await
        .unwrap();
    assert_eq!(snapshot(&store).await, before);
    assert_eq!(before[2], (5, 5, 0, true));
}
