//! The demo's action plan, risk table, order and memo, loaded by the real binary
//! (`demo --no-serve`) and read back through the store: each must lay beside its
//! seed, and running the demo again must change nothing.

use std::path::Path;

use chrono::NaiveDate;
use prongsai_core::action_plan::{
    ActionPlan, FollowUp, ProjectKind, TargetKind, TextBlock, follow_up_summary, text_blocks,
};
use prongsai_core::correspondence::{Memo, Order};
use prongsai_core::measures::ProgressStatus;
use prongsai_core::model::{Agency, AgencyId, Department};
use prongsai_core::risk::{RiskAssessment, RiskLevel};
use prongsai_core::thai::fiscal::ReportingRound;
use prongsai_store::Store;

fn demo(data_dir: &Path) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_prongsai"))
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
}

async fn open(data_dir: &Path) -> Store {
    Store::open_sqlite(&data_dir.join("prongsai.db"))
        .await
        .unwrap()
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

/// Everything the demo wrote for the two agencies that a rerun could change.
#[derive(Debug, PartialEq)]
struct Snapshot {
    plans: Vec<ActionPlan>,
    follow_ups: Vec<FollowUp>,
    risk: Option<RiskAssessment>,
    orders: Vec<Order>,
    memos: Vec<Memo>,
    users: usize,
}

async fn snapshot(store: &Store) -> Snapshot {
    let bangkhae = agency(store, "bangkhae").await;
    let nongprung = agency(store, "nongprung-phetchaburi").await;
    let plans = store.list_action_plans(bangkhae.id).await.unwrap();
    let mut follow_ups = Vec::new();
    for round in [ReportingRound::HalfYear, ReportingRound::FullYear] {
        follow_ups.extend(
            store
                .list_follow_ups(bangkhae.id, plans[0].id, 2566, round)
                .await
                .unwrap(),
        );
    }
    Snapshot {
        plans,
        follow_ups,
        risk: store.get_risk_assessment(bangkhae.id, 2566).await.unwrap(),
        orders: store.list_orders(nongprung.id, None).await.unwrap(),
        memos: store.list_memos(nongprung.id, None).await.unwrap(),
        users: store.list_users(nongprung.id).await.unwrap().len(),
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn the_seed_plan_risk_table_order_and_memo_are_loaded_once() {
    let dir = tempfile::tempdir().unwrap();
    demo(dir.path());
    let store = open(dir.path()).await;

    // อบต.บางแค: the whole plan พ.ศ. 2566–2570.
    let bangkhae = agency(&store, "bangkhae").await;
    assert_eq!(bangkhae.province, "สมุทรสงคราม");
    let office = department(&store, bangkhae.id, "สำนักปลัด").await;
    department(&store, bangkhae.id, "กองการศึกษา ศาสนาและวัฒนธรรม").await;
    let plans = store.list_action_plans(bangkhae.id).await.unwrap();
    assert_eq!(plans.len(), 1);
    let plan = &plans[0];
    assert_eq!((plan.first_year, plan.last_year), (2566, 2570));
    assert_eq!(plan.preface_date, NaiveDate::from_ymd_opt(2022, 6, 24));
    assert!(plan.preface.contains("รวมทั้งสิ้นจำนวน 17 โครงการ"));
    assert_eq!(plan.dimensions.len(), 4);
    let missions: Vec<usize> = plan.dimensions.iter().map(|d| d.missions.len()).collect();
    assert_eq!(missions, [3, 3, 3, 3]);
    let per_dimension: Vec<usize> = plan
        .dimensions
        .iter()
        .map(|d| d.missions.iter().map(|m| m.projects.len()).sum())
        .collect();
    assert_eq!(per_dimension, [4, 5, 3, 5], "as the preface counts them");
    assert_eq!(
        plan.dimensions[3].title,
        "การยกระดับกลไกการตรวจสอบการดำเนินงานขององค์กรปกครองส่วนท้องถิ่น"
    );
    assert_eq!(
        plan.dimensions[1].missions[2].title,
        "มาตรการลดการใช้ดุลพินิจในการปฏิบัติงาน"
    );
    let projects: Vec<_> = plan.numbered_projects().map(|(_, _, _, p)| p).collect();
    assert_eq!(projects.len(), 17);
    assert!(projects[0].name.starts_with("โครงการพัฒนาความรู้ด้านกฎหมาย"));
    assert_eq!(projects[7].name, "มาตรการ NO Gift Policy");
    assert_eq!(projects[7].kind, ProjectKind::Measure);
    assert_eq!(projects[11].name, "กิจกรรมส่งเสริมชุมชนเฝ้าระวังการทุจริต");
    assert_eq!(projects[11].kind, ProjectKind::Activity);
    assert_eq!(projects[9].name, "โครงการจัดเวทีประชาคม");
    assert_eq!(projects[9].kind, ProjectKind::Project);
    assert!(
        projects[16]
            .name
            .starts_with("มาตรการจัดให้มีระบบและช่องทางการรับเรื่องร้องเรียน")
    );
    for p in &projects {
        assert_eq!((p.first_year, p.last_year), (2566, 2570), "{}", p.name);
        assert!(p.uses_no_budget(), "{}", p.name);
        assert_eq!(p.owner_department, Some(office.id), "{}", p.name);
        assert_eq!(p.owner_text, "สำนักปลัด องค์การบริหารส่วนตำบลบางแค");
        assert!(
            !p.rationale.is_empty() && !p.objectives.is_empty() && !p.methods.is_empty(),
            "{}",
            p.name
        );
        assert!(
            !p.outputs.is_empty() && !p.outcomes.is_empty(),
            "{}",
            p.name
        );
    }
    let first = projects[0];
    assert_eq!(
        (
            first.objectives.len(),
            first.methods.len(),
            first.outputs.len(),
            first.outcomes.len()
        ),
        (3, 7, 2, 1)
    );
    assert!(first.target_group.ends_with("จำนวน 30 คน"));
    assert_eq!(first.methods[6], "รายงานผลการดำเนินการ");
    assert!(
        projects[5].methods[6].ends_with("\n7.4) รายงานผลการจัดซื้อจัดจ้างรายเดือนและรายปี"),
        "a sub-list stays inside its entry"
    );
    let text = serde_json::to_string(plan).unwrap();
    for slip in ["จ้องทุกข์", "เจื่อนไข", "<p>", "data-bbox", "มติที่"]
    {
        assert!(!text.contains(slip), "extraction noise {slip}");
    }
    match text_blocks(&plan.intro.objectives).as_slice() {
        [TextBlock::List(items)] => {
            assert_eq!(items.len(), 5);
            assert_eq!(items[0].marker, "(1)");
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(plan.targets.len(), 2);
    assert_eq!(
        plan.targets[0].kind,
        TargetKind::FewerCases { base_year: 2565 }
    );
    assert_eq!(
        plan.targets[0].value_text(2566).as_deref(),
        Some("ร้อยละ 10")
    );
    assert_eq!(
        plan.targets[0].value_text(2570).as_deref(),
        Some("ร้อยละ 50")
    );
    assert_eq!(plan.targets[1].kind, TargetKind::ItaScore);
    assert_eq!(
        plan.targets[1].value_text(2566).as_deref(),
        Some("91 คะแนน")
    );
    assert_eq!(
        plan.targets[1].value_text(2570).as_deref(),
        Some("95 คะแนน")
    );

    // Its corruption-risk table, as the assessment of the plan's first year.
    assert_eq!(
        store.list_risk_assessment_years(bangkhae.id).await.unwrap(),
        [2566]
    );
    let risk = store
        .get_risk_assessment(bangkhae.id, 2566)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(risk.areas.len(), 4);
    assert_eq!(risk.areas[1].process, "การบริหารงานบุคคล");
    let events: Vec<usize> = risk.areas.iter().map(|a| a.events.len()).collect();
    assert_eq!(events, [3, 1, 2, 3]);
    let controls: Vec<usize> = risk.areas.iter().map(|a| a.controls.len()).collect();
    assert_eq!(controls, [7, 4, 6, 6]);
    let levels: Vec<Option<RiskLevel>> = risk.areas[2]
        .events
        .iter()
        .map(|e| e.level(&risk.bands))
        .collect();
    assert_eq!(levels, [Some(RiskLevel::High), Some(RiskLevel::Medium)]);
    assert!(
        risk.areas[3]
            .events
            .iter()
            .all(|e| e.level(&risk.bands) == Some(RiskLevel::High))
    );
    let no_gift = &risk.areas[3].controls[0];
    assert_eq!(no_gift.text, "มาตรการ NO Gift Policy");
    assert_eq!(no_gift.project, Some(projects[7].id));
    assert_eq!(risk.areas[0].controls[3].project, Some(projects[0].id));
    assert_eq!(risk.areas[3].controls[5].project, Some(projects[16].id));
    let linked = risk
        .areas
        .iter()
        .flat_map(|a| &a.controls)
        .filter(|c| c.project.is_some())
        .count();
    assert_eq!(linked, 3, "only controls that name a project of the plan");

    // อบต.หนองปรุง: order ๙๘/๒๕๖๕ and the memo after it.
    let nongprung = agency(&store, "nongprung-phetchaburi").await;
    let order = store
        .find_order(nongprung.id, 2565, 98)
        .await
        .unwrap()
        .unwrap();
    assert!(
        order
            .subject
            .starts_with("แต่งตั้งคณะกรรมการเพื่อยกระดับผลการประเมิน")
    );
    assert!(order.preamble.contains("มาตรา ๕๙"));
    let members: Vec<usize> = order.committees.iter().map(|c| c.members.len()).collect();
    assert_eq!(members, [5, 13]);
    let duties: Vec<usize> = order.committees.iter().map(|c| c.duties.len()).collect();
    assert_eq!(duties, [5, 6]);
    assert_eq!(order.committees[0].title, "คณะทำงานอำนวยการ");
    assert_eq!(
        order.committees[0].members[0].role.label_th(),
        "หัวหน้าคณะกรรมการ"
    );
    assert_eq!(
        order.committees[0].members[4].role.label_th(),
        "คณะกรรมการ/เลขานุการ"
    );
    let secretary = &order.committees[1].members[12];
    assert_eq!(secretary.position, "นักวิเคราะห์นโยบายและแผน");
    assert_eq!(secretary.role.label_th(), "คณะทำงาน/เลขานุการ");
    assert_eq!(order.assignments.len(), 2);
    assert_eq!(order.assignments[1].people, ["นักวิเคราะห์นโยบายและแผน"]);
    assert_eq!(order.closing, "ทั้งนี้ ตั้งแต่บัดนี้ เป็นต้นไป");
    assert_eq!(order.date, NaiveDate::from_ymd_opt(2022, 1, 17));
    assert_eq!(order.signer.printed_name(), "ด.ต. สนธยา คงสนิท");
    assert_eq!(order.signer.position, "นายกองค์การบริหารส่วนตำบลหนองปรุง");
    assert!(order.signer.official.is_some());

    let memos = store.list_memos(nongprung.id, Some(2565)).await.unwrap();
    assert_eq!(memos.len(), 1);
    let memo = &memos[0];
    assert_eq!(memo.number, "พบ ๗๕๘๐๑/-");
    assert_eq!(memo.date, NaiveDate::from_ymd_opt(2022, 10, 31));
    assert_eq!(
        Some(department(&store, nongprung.id, "สำนักปลัด").await.id),
        memo.department
    );
    assert!(memo.body.ends_with("\n\nจึงเรียนมาเพื่อทราบ"));
    let acknowledged: Vec<&str> = memo
        .acknowledgements
        .iter()
        .map(|a| a.name.as_str())
        .collect();
    assert_eq!(
        acknowledged,
        [
            "นางสถาพร กลิ่นโพธิ์กลับ",
            "นายสมบัติ ทับล้อม",
            "นางสาวชุตติกาญจน์ ดั่งสท้าน",
            "นางสาววงเดือน พรมแก้ว"
        ]
    );
    let users = store.list_users(nongprung.id).await.unwrap();
    for a in &memo.acknowledgements {
        let user = users.iter().find(|u| u.id == a.user_id).unwrap();
        assert!(!user.active, "{} cannot sign in", user.username);
    }

    // The plan's follow-up of 2566 (made up: the seeds have none) fills both
    // rounds of the follow-up report, every report on a project of the plan.
    let project_ids: Vec<_> = plan.numbered_projects().map(|(.., p)| p.id).collect();
    for (round, reports) in [
        (ReportingRound::HalfYear, 9),
        (ReportingRound::FullYear, 17),
    ] {
        let follow_ups = store
            .list_follow_ups(bangkhae.id, plan.id, 2566, round)
            .await
            .unwrap();
        assert_eq!(follow_ups.len(), reports, "{round:?}");
        let summary = follow_up_summary(plan, &follow_ups, 2566, round);
        assert!(summary.done > 0 && summary.in_progress + summary.not_started > 0);
        for f in &follow_ups {
            assert!(project_ids.contains(&f.project_id));
            assert!(f.status == ProgressStatus::NotStarted || !f.done.is_empty());
        }
    }

    // A second run changes nothing.
    let before = snapshot(&store).await;
    drop(store);
    demo(dir.path());
    let store = open(dir.path()).await;
    assert_eq!(snapshot(&store).await, before);
}
