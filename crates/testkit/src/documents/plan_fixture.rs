//! The action plan fixtures: a plan at the size of the Bang Khae seed (4
//! dimensions, 12 missions, 17 projects, each project with the seed's text
//! lengths), its risk assessment and its follow-ups. Names and text follow the
//! seed; budgets are made up so that the totals have something to add up.

use prongsai_core::action_plan::{
    ActionPlan, Budget, FollowUp, IntroSections, PlanTarget, Project, ProjectKind, TargetKind,
    YearBudget, YearValue, local_government_template,
};
use prongsai_core::measures::ProgressStatus;
use prongsai_core::model::{AgencyId, ControlId, Department, DepartmentId, ProjectId, RiskAreaId};
use prongsai_core::risk::{Control, RiskArea, RiskAssessment, RiskEvent, RiskLevel, RiskRating};
use prongsai_core::thai::calendar::parse_thai_date;
use prongsai_core::thai::fiscal::ReportingRound;
use prongsai_core::thai::numbers::Baht;
use prongsai_docs::DocumentAgency;

pub const AGENCY: &str = "องค์การบริหารส่วนตำบลบางแค";

/// (missions index within its dimension, kind, name) of the seed's 17 entries.
pub const PROJECTS: [(usize, usize, ProjectKind, &str); 17] = [
    (
        0,
        0,
        ProjectKind::Project,
        "พัฒนาความรู้ด้านกฎหมายและระเบียบที่เกี่ยวข้องกับการปฏิบัติงาน สำหรับบุคลากรองค์กรปกครองส่วนท้องถิ่น ผู้บริหารและสมาชิกสภาท้องถิ่น",
    ),
    (
        0,
        0,
        ProjectKind::Project,
        "เสริมสร้างองค์ความรู้ด้านการต่อต้านการทุจริต",
    ),
    (
        0,
        1,
        ProjectKind::Project,
        "ส่งเสริมการดำเนินชีวิตตามหลักปรัชญาของเศรษฐกิจพอเพียง",
    ),
    (
        0,
        2,
        ProjectKind::Project,
        "สร้างภูมิคุ้มกันทางสังคมให้เด็กและเยาวชนขององค์การบริหารส่วนตำบลบางแค",
    ),
    (
        1,
        0,
        ProjectKind::Measure,
        "ปรับปรุงและพัฒนาศูนย์ข้อมูลข่าวสารเพื่อเผยแพร่ข้อมูลข่าวสารแก่ประชาชน",
    ),
    (
        1,
        0,
        ProjectKind::Project,
        "เสริมสร้างความโปร่งใสในการบริหารงบประมาณ",
    ),
    (
        1,
        0,
        ProjectKind::Measure,
        "เปิดเผยข้อมูลสาธารณะ และกำกับติดตามการเผยแพร่ข้อมูลสาธารณะขององค์การบริหารส่วนตำบลบางแค",
    ),
    (1, 1, ProjectKind::Measure, "มาตรการ NO Gift Policy"),
    (
        1,
        2,
        ProjectKind::Project,
        "จัดทำคู่มือสำหรับประชาชนผ่านสื่ออิเล็กทรอนิกส์",
    ),
    (2, 0, ProjectKind::Project, "จัดเวทีประชาคม"),
    (
        2,
        1,
        ProjectKind::Measure,
        "จัดการเรื่องราวร้องทุกข์/ร้องเรียนขององค์การบริหารส่วนตำบลบางแค",
    ),
    (2, 2, ProjectKind::Activity, "ส่งเสริมชุมชนเฝ้าระวังการทุจริต"),
    (
        3,
        0,
        ProjectKind::Measure,
        "บริหารจัดการความเสี่ยงการทุจริตขององค์การบริหารส่วนตำบลบางแค",
    ),
    (
        3,
        1,
        ProjectKind::Project,
        "ส่งเสริมความรู้ด้านกฎ ระเบียบ และกฎหมายที่เกี่ยวข้องสำหรับผู้บริหารและสมาชิกสภาท้องถิ่น",
    ),
    (
        3,
        1,
        ProjectKind::Activity,
        "ส่งเสริมและพัฒนาศักยภาพสมาชิกสภาท้องถิ่น",
    ),
    (
        3,
        2,
        ProjectKind::Measure,
        "จัดการในกรณีได้ทราบ หรือรับแจ้ง หรือตรวจสอบพบการทุจริตขององค์การบริหารส่วนตำบลบางแค",
    ),
    (
        3,
        2,
        ProjectKind::Measure,
        "จัดให้มีระบบและช่องทางการรับเรื่องร้องเรียนเกี่ยวกับการทุจริตขององค์การบริหารส่วนตำบลบางแค",
    ),
];

const RATIONALE: &str = "การบริหารจัดการขององค์กรปกครองส่วนท้องถิ่นมีกฎหมาย ระเบียบ ประกาศ คำสั่ง เงื่อนไข และหลักเกณฑ์ต่างๆ ที่บุคลากร สมาชิกสภาท้องถิ่นและผู้บริหารท้องถิ่น ต้องรู้และยึดเป็นแนวทางการปฏิบัติหน้าที่การดำเนินการอย่างเคร่งครัด ปัญหาที่เกิดขึ้นเป็นประจำมักเกิดจากเรื่องขาดความรอบคอบ ความชำนาญ ประสบการณ์ หรือขาดความรู้ความเข้าใจในกฎหมาย ระเบียบ ประกาศ คำสั่ง เงื่อนไข และหลักเกณฑ์ต่างๆ ที่มีการปรับปรุงเปลี่ยนแปลงหรือเพิ่มเติม จึงส่งผลให้บุคลากรองค์กรปกครองส่วนท้องถิ่น สมาชิกสภาท้องถิ่นและผู้บริหารท้องถิ่นกระทำผิดกฎหมายระเบียบต่างๆ ก่อให้เกิดความเสียหายแก่องค์กรปกครองส่วนท้องถิ่น และทำให้การแก้ไขปัญหาของประชาชนหรือการพัฒนาท้องถิ่นขาดประสิทธิภาพ ประสิทธิผล\n\nดังนั้น เพื่อให้องค์กรปกครองส่วนท้องถิ่นบริหารงานโดยยึดอำนาจหน้าที่ตามกฎหมาย ระเบียบ ข้อบังคับในการปฏิบัติงานอย่างเคร่งครัดด้วยความชอบธรรม คำนึงถึงสิทธิเสรีภาพของประชาชน และผู้มีส่วนได้ส่วนเสีย รวมทั้งเป็นการเพิ่มพูนความรู้ ความเข้าใจด้านกฎหมาย ระเบียบ และกฎหมายที่เกี่ยวข้องกับการบริหารงานขององค์กรปกครองส่วนท้องถิ่นให้แก่บุคลากรองค์กรปกครองส่วนท้องถิ่น ผู้บริหารและสมาชิกสภาท้องถิ่น จึงได้จัดทำโครงการนี้";
const OBJECTIVES: [&str; 3] = [
    "เพื่อให้บุคลากร ผู้บริหาร และสมาชิกสภาท้องถิ่น ได้เพิ่มพูนความรู้ความเข้าใจเกี่ยวกับระเบียบกฎหมาย ที่เกี่ยวข้องในการบริหารงานองค์กรปกครองส่วนท้องถิ่น",
    "เพื่อพัฒนาศักยภาพบุคลากร ผู้บริหาร และสมาชิกสภาท้องถิ่น ให้มีความพร้อมในองค์ความรู้เกี่ยวกับกฎหมาย และระเบียบที่เกี่ยวข้อง เป็นแนวทางการปฏิบัติหน้าที่และบริหารราชการ",
    "เพื่อให้องค์กรปกครองส่วนท้องถิ่นบริหารงานโดยยึดอำนาจหน้าที่ตามกฎหมาย ระเบียบ ข้อบังคับ ในการปฏิบัติงานอย่างเคร่งครัดด้วยความชอบธรรม คำนึงถึงสิทธิเสรีภาพของประชาชน และผู้มีส่วนได้ส่วนเสีย",
];
const METHODS: [&str; 7] = [
    "จัดทำโครงการเพื่อขออนุมัติจากผู้บริหารท้องถิ่น",
    "ประสานบุคคลและหน่วยงานที่เกี่ยวข้องเพื่อจัดเตรียมการดำเนินโครงการ",
    "กำหนดกรอบเนื้อหาสาระในการส่งเสริมความรู้ด้านกฎหมาย ระเบียบ และกฎหมายที่เกี่ยวข้องสำหรับบุคลากร ผู้บริหารและสมาชิกสภาท้องถิ่น",
    "จัดทำเอกสารส่งเสริมความรู้ด้านกฎหมายและระเบียบที่เกี่ยวข้อง",
    "อบรมให้ความรู้โดยวิทยากร พร้อมแจกเอกสารประกอบการอบรม",
    "ประเมินผลและสรุปผลการดำเนินการ",
    "รายงานผลการดำเนินการ",
];
const OUTPUTS: [&str; 2] = [
    "มีการจัดอบรมความรู้ด้านกฎหมายและระเบียบที่เกี่ยวข้องสำหรับบุคลากร ผู้บริหารและสมาชิกสภาท้องถิ่น ไม่น้อยกว่า 2 ครั้งต่อปี",
    "บุคลากร ผู้บริหาร และสมาชิกสภาท้องถิ่น มีองค์ความรู้ด้านกฎหมาย ระเบียบที่เกี่ยวข้อง เพื่อเป็นแนวทางการปฏิบัติหน้าที่และบริหารราชการ ไม่น้อยกว่า ร้อยละ 80 (ทำแบบทดสอบ/แบบประเมิน)",
];
const OUTCOME: &str = "องค์การบริหารส่วนตำบลบางแคมีการบริหารงานโดยยึดอำนาจหน้าที่ตามกฎหมาย ระเบียบ ข้อบังคับในการปฏิบัติงานอย่างเคร่งครัดด้วยความชอบธรรม คำนึงถึงสิทธิเสรีภาพของประชาชน และผู้มีส่วนได้ส่วนเสีย (สำรวจโดยใช้แบบประเมินติดตามผล/แบบสอบถามประชาชน)";
const PREFACE: &str = "องค์การบริหารส่วนตำบลบางแคได้จัดทำแผนปฏิบัติการป้องกันการทุจริตเพื่อยกระดับคุณธรรมและความโปร่งใส (พ.ศ. 2566 – 2570) เพื่อเพิ่มประสิทธิภาพในการป้องกันการทุจริต ยกระดับมาตรฐานในการป้องกันการทุจริตของหน่วยงานให้มีความโปร่งใสความสุจริต บังเกิดประโยชน์สุขแก่ประชาชนตลอดจนแสดงให้เห็นถึงเจตจำนงสุจริตของผู้บริหารองค์กรปกครองส่วนท้องถิ่นในการต่อต้านการทุจริตอย่างเป็นรูปธรรม อันจะส่งผลต่อการยกระดับผลการประเมินคุณธรรมและความโปร่งใสในการดำเนินงานขององค์กรปกครองส่วนท้องถิ่น ซึ่งจะส่งผลให้ประชาชนเกิดความเชื่อมั่นและศรัทธาในการทำงานของหน่วยงานมากยิ่งขึ้น";

/// The agency with its departments, Thai or Arabic digits.
pub fn agency(thai: bool) -> DocumentAgency {
    let agency_id = AgencyId::new();
    let departments = ["สำนักปลัด", "กองคลัง", "กองช่าง"]
        .iter()
        .enumerate()
        .map(|(i, name)| Department {
            agency_id,
            id: DepartmentId::new(),
            name: (*name).to_owned(),
            sort_order: i as i32,
        })
        .collect();
    DocumentAgency {
        name: AGENCY.to_owned(),
        thai_digits: thai,
        district: String::new(),
        province: String::new(),
        departments,
        officials: Vec::new(),
        logo: None,
        emblem: None,
    }
}

/// The budget of project `n` (1-based) in year `offset` of the plan, in
/// satang: none for every fourth project, otherwise a round sum growing by
/// year, and 2,500.50 บาท once to show satang.
pub fn budget_satang(n: usize, offset: usize) -> Option<i64> {
    match n {
        _ if n % 4 == 1 => None,
        6 if offset == 0 => Some(250_050),
        _ => Some((n as i64 * 5_000 + offset as i64 * 1_000) * 100),
    }
}

/// The seed-sized plan of `agency`, 2566-2570.
pub fn plan(agency: &DocumentAgency) -> ActionPlan {
    let agency_id = agency.departments[0].agency_id;
    let mut plan = ActionPlan::new(agency_id, 2566);
    plan.preface = format!("{PREFACE}\n\n{PREFACE}\n\n{PREFACE}");
    plan.preface_date = Some(parse_thai_date("24 มิถุนายน 2565").unwrap());
    plan.intro = IntroSections {
        rationale: format!("{RATIONALE}\n\n{RATIONALE}\n\n{RATIONALE}"),
        objectives: OBJECTIVES
            .iter()
            .enumerate()
            .map(|(i, o)| format!("- ({}) {o}", i + 1))
            .collect::<Vec<_>>()
            .join("\n"),
        goals: "- (1) คดีทุจริตขององค์การบริหารส่วนตำบลบางแคลดลง ร้อยละ 50 ในปี พ.ศ. 2570\n- (2) องค์การบริหารส่วนตำบลบางแคผ่านเกณฑ์การประเมิน ITA (85 คะแนนขึ้นไป)".to_owned(),
        benefits: OBJECTIVES
            .iter()
            .enumerate()
            .map(|(i, o)| format!("({}) {}", i + 1, o.trim_start_matches("เพื่อ")))
            .collect::<Vec<_>>()
            .join("\n"),
    };
    plan.targets = vec![
        PlanTarget {
            label: String::new(),
            kind: TargetKind::FewerCases { base_year: 2565 },
            values: (0..5)
                .map(|i| YearValue {
                    fiscal_year: 2566 + i,
                    value: f64::from(10 * (i + 1)),
                })
                .collect(),
        },
        PlanTarget {
            label: String::new(),
            kind: TargetKind::ItaScore,
            values: (0..5)
                .map(|i| YearValue {
                    fiscal_year: 2566 + i,
                    value: f64::from(91 + i),
                })
                .collect(),
        },
    ];
    plan.dimensions = local_government_template();
    for (index, (dimension, mission, kind, name)) in PROJECTS.iter().enumerate() {
        let n = index + 1;
        let owner = &agency.departments[n % agency.departments.len()];
        let project = Project {
            id: ProjectId::new(),
            kind: *kind,
            name: (*name).to_owned(),
            rationale: RATIONALE.to_owned(),
            objectives: OBJECTIVES.iter().map(|s| (*s).to_owned()).collect(),
            target_group: "บุคลากร ผู้บริหาร และสมาชิกสภาท้องถิ่นขององค์การบริหารส่วนตำบลบางแค จำนวน 30 คน"
                .to_owned(),
            methods: METHODS.iter().map(|s| (*s).to_owned()).collect(),
            first_year: 2566,
            last_year: 2570,
            budgets: (0..5)
                .filter_map(|offset| {
                    budget_satang(n, offset).map(|satang| YearBudget {
                        fiscal_year: 2566 + offset as i32,
                        budget: Budget::Amount(Baht(satang)),
                    })
                })
                .collect(),
            owner_department: Some(owner.id),
            owner_text: if n.is_multiple_of(2) {
                AGENCY.to_owned()
            } else {
                String::new()
            },
            outputs: OUTPUTS.iter().map(|s| (*s).to_owned()).collect(),
            outcomes: vec![OUTCOME.to_owned()],
            indicators: if n.is_multiple_of(3) {
                vec![
                    format!("ตัวชี้วัดของโครงการที่ {n} ร้อยละ 80"),
                    "ไม่มีเรื่องร้องเรียน".to_owned(),
                ]
            } else {
                Vec::new()
            },
        };
        plan.dimensions[*dimension].missions[*mission]
            .projects
            .push(project);
    }
    plan
}

/// The seed's risk table: four areas, levels entered and scored.
pub fn risk(agency_id: AgencyId) -> RiskAssessment {
    let mut assessment = RiskAssessment::new(agency_id, 2566);
    let event = |text: &str, rating: RiskRating| RiskEvent {
        text: text.to_owned(),
        rating,
    };
    let control = |text: &str| Control {
        id: ControlId::new(),
        text: text.to_owned(),
        project: None,
        measure: None,
        status: ProgressStatus::NotStarted,
        follow_up: String::new(),
    };
    let level = |level| RiskRating::Level { level };
    assessment.areas = vec![
        RiskArea {
            id: RiskAreaId::new(),
            process: "การบริหารงานของหน่วยงาน และการปฏิบัติงานของบุคลากร".to_owned(),
            events: vec![
                event(
                    "ผู้บริหารดำเนินการตามนโยบายของตนเอง แทรกแซงการปฏิบัติงานของเจ้าหน้าที่ ซึ่งอาจขัดต่อกฎระเบียบที่เกี่ยวข้อง",
                    level(RiskLevel::Medium),
                ),
                event(
                    "บุคลากรของหน่วยงานปฏิบัติตามนโยบายของผู้บริหาร โดยไม่มีกฎระเบียบรองรับ",
                    level(RiskLevel::Medium),
                ),
            ],
            controls: vec![
                control("โครงการส่งเสริมการบริหารงานตามหลักธรรมาภิบาลเพื่อป้องกันการทุจริต"),
                control("มาตรการจัดทำแผนปฏิบัติการป้องกันการทุจริตเพื่อยกระดับคุณธรรมและความโปร่งใส"),
            ],
        },
        RiskArea {
            id: RiskAreaId::new(),
            process: "การบริหารงานบุคคล".to_owned(),
            events: vec![event(
                "การบรรจุแต่งตั้ง โยกย้ายโอน เลื่อนตำแหน่ง/เงินเดือน และการมอบหมายงานไม่เป็นธรรม",
                RiskRating::Scored {
                    likelihood: 3,
                    impact: 4,
                },
            )],
            controls: vec![control("มาตรการสร้างความโปร่งใสในการบริหารงานบุคคล")],
        },
        RiskArea {
            id: RiskAreaId::new(),
            process: "การบริหารการเงิน งบประมาณ การจัดซื้อจัดจ้าง".to_owned(),
            events: vec![
                event(
                    "การจัดซื้อจัดจ้างไม่เป็นไปตามระเบียบที่เกี่ยวข้อง",
                    RiskRating::Scored {
                        likelihood: 4,
                        impact: 4,
                    },
                ),
                event(
                    "นำทรัพย์สินของทางราชการไปใช้ประโยชน์ส่วนตน",
                    level(RiskLevel::Medium),
                ),
            ],
            controls: vec![
                control("มาตรการควบคุมการเบิกจ่ายเงินตามข้อบัญญัติงบประมาณรายจ่ายประจำปี"),
                control("กิจกรรมวิเคราะห์ผลการจัดซื้อจัดจ้างประจำปี"),
            ],
        },
        RiskArea {
            id: RiskAreaId::new(),
            process: "การให้บริการสาธารณะ/บริการประชาชน".to_owned(),
            events: vec![event(
                "มีการเรียกรับเงินพิเศษจากผู้ขอรับบริการ",
                level(RiskLevel::High),
            )],
            controls: vec![control("มาตรการ NO Gift Policy")],
        },
    ];
    assessment
}

/// The reports of 2567's half year: the first project done, the second in
/// progress, the rest without a report.
pub fn follow_ups(plan: &ActionPlan) -> Vec<FollowUp> {
    let projects: Vec<ProjectId> = plan.numbered_projects().map(|(_, _, _, p)| p.id).collect();
    let mut done = FollowUp::new(plan, projects[1], 2567, ReportingRound::HalfYear);
    done.status = ProgressStatus::Done;
    done.done = "อบรมบุคลากร 2 ครั้ง\nผู้เข้าร่วม 30 คน".to_owned();
    done.spent = Some(Baht(900_000));
    done.outputs_achieved = "บุคลากรผ่านแบบทดสอบ ร้อยละ 85".to_owned();
    done.problems = "งบประมาณไม่เพียงพอ".to_owned();
    done.suggestions = "ควรจัดอบรมออนไลน์เพิ่ม".to_owned();
    let mut going = FollowUp::new(plan, projects[2], 2567, ReportingRound::HalfYear);
    going.status = ProgressStatus::InProgress;
    going.done = "ประสานวิทยากรแล้ว".to_owned();
    going.spent = Some(Baht(250_000));
    let mut other_round = going.clone();
    other_round.round = ReportingRound::FullYear;
    other_round.status = ProgressStatus::Done;
    vec![done, going, other_round]
}
