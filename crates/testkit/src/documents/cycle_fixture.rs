//! A small plan of the measures cycle as core holds it: อบต.ดินแดง in อำเภอลำทับ
//! จังหวัดกระบี่ with two departments and two officials, fiscal year 2568, two
//! topics (the second without measures), two measures of the first (the second
//! without steps) with the first's progress of both rounds (the half year with
//! two results, each with its evidence, the full year with one), and the memo
//! that sends them. Ids are made fresh
//! but never printed, so the documents shaped from it are the same every run.

use chrono::NaiveDate;
use prongsai_core::measures::{
    EvidenceLink, Measure, Owners, PlanMemo, Progress, ProgressResult, ProgressStatus, Target,
    Timeframe, Topic,
};
use prongsai_core::model::{AgencyId, Department, DepartmentId, Official, OfficialId, TopicId};
use prongsai_core::thai::fiscal::{Quarter, ReportingRound};
use prongsai_docs::{DocumentAgency, MeasuresPlan};

pub const YEAR: i32 = 2568;
pub const AGENCY: &str = "องค์การบริหารส่วนตำบลดินแดง";

/// Everything the four documents are shaped from.
#[derive(Debug)]
pub struct Cycle {
    pub agency: DocumentAgency,
    pub topics: Vec<Topic>,
    pub measures: Vec<Measure>,
    pub half_year: Vec<Progress>,
    pub full_year: Vec<Progress>,
    pub memo: PlanMemo,
}

impl Cycle {
    pub fn plan(&self) -> MeasuresPlan<'_> {
        MeasuresPlan {
            year: YEAR,
            topics: &self.topics,
            measures: &self.measures,
        }
    }
}

fn official(agency_id: AgencyId, first: &str, last: &str, position: &str) -> Official {
    Official {
        agency_id,
        id: OfficialId::new(),
        title: "นาง".to_owned(),
        first_name: first.to_owned(),
        last_name: last.to_owned(),
        position: position.to_owned(),
        department_id: None,
    }
}

pub fn cycle(thai: bool) -> Cycle {
    let agency_id = AgencyId::new();
    let office = DepartmentId::new();
    let finance = DepartmentId::new();
    let departments = vec![
        Department {
            agency_id,
            id: office,
            name: "สำนักปลัด".to_owned(),
            sort_order: 1,
        },
        Department {
            agency_id,
            id: finance,
            name: "กองคลัง".to_owned(),
            sort_order: 2,
        },
    ];
    let mayor = official(agency_id, "สุดา", "ใจงาม", "นายกองค์การบริหารส่วนตำบลดินแดง");
    let head = official(agency_id, "สถาพร", "กลิ่นหอม", "ผู้อำนวยการกองคลัง");
    let topic = |position: i32, title: &str| Topic {
        id: TopicId::new(),
        agency_id,
        fiscal_year: YEAR,
        position,
        title: title.to_owned(),
        catalog_key: None,
    };
    let topics = vec![
        topic(1, "ตัวชี้วัดที่ 1 การปฏิบัติหน้าที่"),
        topic(2, "ตัวชี้วัดที่ 10 การป้องกันการทุจริต"),
    ];
    let measure = |position: i32, title: &str| Measure {
        agency_id,
        fiscal_year: YEAR,
        topic_id: topics[0].id,
        position,
        indicators: vec![1],
        ..super::linked_measure(title)
    };
    let mut first = measure(1, "มาตรการป้องกันการรับสินบน");
    first.weakness = "การเรียกรับเงินในการให้บริการ 2 ครั้ง".to_owned();
    first.improvement = "การให้บริการที่โปร่งใส".to_owned();
    first.steps = vec![
        "ประกาศนโยบาย No Gift Policy".to_owned(),
        "  ".to_owned(),
        "อบรมเจ้าหน้าที่".to_owned(),
    ];
    first.timeframe = Timeframe::Quarters {
        first: Quarter::Q1,
        last: Quarter::Q2,
    };
    first.owners = Owners {
        departments: vec![office, finance],
        positions: vec!["หัวหน้าสำนักปลัด".to_owned(), " ".to_owned()],
    };
    first.monitoring = "คณะทำงานติดตามผล".to_owned();
    first.reporting = "รายงานผู้บริหารทุก 3 เดือน".to_owned();
    first.targets = vec![Target {
        text: "อบรมให้ความรู้".to_owned(),
        quantity: Some(3.0),
        unit: "ครั้ง".to_owned(),
    }];
    let second = measure(2, "มาตรการเผยแพร่ข้อมูลต่อสาธารณะ");
    let measures = vec![first, second];
    let link = |url: &str, label: &str| EvidenceLink {
        url: url.to_owned(),
        label: label.to_owned(),
    };
    let progress = |round: ReportingRound, results: Vec<ProgressResult>, achieved: f64| {
        let mut p = Progress::empty(agency_id, measures[0].id, round);
        p.status = ProgressStatus::Done;
        p.results = results;
        p.outcome = "ไม่มีเรื่องร้องเรียน 12 เดือน".to_owned();
        p.achieved = vec![Some(achieved)];
        p
    };
    let memo = PlanMemo {
        agency_id,
        fiscal_year: YEAR,
        from_unit: "สำนักปลัด องค์การบริหารส่วนตำบลดินแดง".to_owned(),
        number: "กบ 75801/123".to_owned(),
        date: NaiveDate::from_ymd_opt(2024, 10, 31),
        subject: "มาตรการส่งเสริมคุณธรรมและความโปร่งใส ประจำปีงบประมาณ พ.ศ. 2568".to_owned(),
        to: "หัวหน้าส่วนราชการทุกส่วน".to_owned(),
        body: vec![
            "ด้วยองค์การบริหารส่วนตำบลดินแดงได้จัดทำมาตรการ 2 มาตรการ".to_owned(),
            " ".to_owned(),
            "จึงเรียนมาเพื่อโปรดทราบ".to_owned(),
        ],
        signer: Some(mayor.id),
        acknowledgers: vec![head.id, OfficialId::new()],
    };
    Cycle {
        agency: DocumentAgency {
            name: AGENCY.to_owned(),
            thai_digits: thai,
            district: "ลำทับ".to_owned(),
            province: " กระบี่ ".to_owned(),
            departments,
            officials: vec![mayor, head],
            logo: None,
            emblem: None,
        },
        half_year: vec![progress(
            ReportingRound::HalfYear,
            vec![
                ProgressResult::of_summary(
                    "อบรมแล้ว 1 ครั้ง\n\nผู้เข้าร่วม 36 คน".to_owned(),
                    vec![link("https://www.dindaeng.go.th/news/12", "ภาพการอบรม")],
                ),
                ProgressResult::of_summary(
                    "ประกาศแล้ว".to_owned(),
                    vec![link(
                        "https://www.dindaeng.go.th/ita/2568/o36.pdf",
                        "ประกาศ 1/2568",
                    )],
                ),
            ],
            1.0,
        )],
        full_year: vec![progress(
            ReportingRound::FullYear,
            vec![ProgressResult::of_summary(
                "อบรมครบ 3 ครั้ง".to_owned(),
                vec![link(
                    "https://www.dindaeng.go.th/ita/2568/o36.pdf",
                    "ประกาศ 1/2568",
                )],
            )],
            3.0,
        )],
        topics,
        measures,
        memo,
    }
}
