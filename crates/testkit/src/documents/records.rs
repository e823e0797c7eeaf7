//! Orders, memos and the risk assessment of อบต.หนองปรุง, and the measures
//! and action plan they refer to, as core holds them.

use super::analysis::AGENCY;

/// The agency of the order, memo and risk fixtures: อบต.หนองปรุง with one named
/// official, in Thai or Arabic digits.
pub fn correspondence_agency(thai: bool) -> prongsai_docs::DocumentAgency {
    use prongsai_core::model::{AgencyId, Official, OfficialId};
    let agency_id = AgencyId::new();
    prongsai_docs::DocumentAgency {
        name: AGENCY.to_owned(),
        thai_digits: thai,
        district: String::new(),
        province: String::new(),
        departments: vec![],
        officials: vec![Official {
            agency_id,
            id: OfficialId::new(),
            title: "นาง".to_owned(),
            first_name: "สุดา".to_owned(),
            last_name: "ใจงาม".to_owned(),
            position: "นักวิเคราะห์นโยบายและแผน".to_owned(),
            department_id: None,
        }],
        logo: None,
        emblem: None,
    }
}

/// A stand-in for the ครุฑ as its operator would give it: a PNG 270 pixels
/// wide and 300 high (the emblem's proportions), a gold disc on a transparent
/// ground. The real emblem is not shipped (see `prongsai_docs::Emblem`).
pub fn emblem_png() -> Vec<u8> {
    let (width, height) = (270_u32, 300_u32);
    let image = image::RgbaImage::from_fn(width, height, |x, y| {
        let (dx, dy) = (f64::from(x) - 135.0, f64::from(y) - 150.0);
        if dx * dx + dy * dy < 120.0 * 120.0 {
            image::Rgba([196, 150, 30, 255])
        } else {
            image::Rgba([0, 0, 0, 0])
        }
    });
    let mut png = std::io::Cursor::new(Vec::new());
    image
        .write_to(&mut png, image::ImageFormat::Png)
        .expect("a PNG encodes");
    png.into_inner()
}

/// A member given by position, with a role.
pub fn position_member(
    position: &str,
    role: prongsai_core::correspondence::MemberRole,
) -> prongsai_core::correspondence::CommitteeMember {
    prongsai_core::correspondence::CommitteeMember {
        official: None,
        position: position.to_owned(),
        role,
    }
}

/// The seed's order ที่ 98/2565 of อบต.หนองปรุง, shortened: two committees (the
/// second with the agency's official as its secretary), two assignments, no
/// closing typed, dated 17 January 2565.
pub fn seed_order(agency: &prongsai_docs::DocumentAgency) -> prongsai_core::correspondence::Order {
    use prongsai_core::correspondence::{Assignment, Committee, MemberRole, Order, Signer};
    use prongsai_core::model::{AgencyId, OrderId};
    let custom = |text: &str| MemberRole::Custom(text.to_owned());
    Order {
        id: OrderId::new(),
        agency_id: AgencyId::new(),
        year: 2565,
        number: 98,
        subject: "แต่งตั้งคณะกรรมการเพื่อยกระดับผลการประเมินคุณธรรมและความโปร่งใสในการดำเนินงานขององค์การบริหารส่วนตำบลหนองปรุง ประจำปีงบประมาณ พ.ศ. 2565".to_owned(),
        preamble: "ตามที่ แผนแม่บทภายใต้ยุทธศาสตร์ชาติ ประเด็น การต่อต้านการทุจริตและประพฤติมิชอบ (พ.ศ. 2561 – 2580) ได้กำหนดการประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐเป็นหนึ่งในตัวชี้วัด\n\nจึงอาศัยอำนาจตามพระราชบัญญัติสภาตำบลและองค์การบริหารส่วนตำบล พ.ศ. 2537 มาตรา 59 แต่งตั้งคณะกรรมการ โดยมีองค์ประกอบและอำนาจหน้าที่ ดังนี้".to_owned(),
        committees: vec![
            Committee {
                title: "คณะทำงานอำนวยการ".to_owned(),
                members: vec![
                    position_member("นายกองค์การบริหารส่วนตำบลหนองปรุง", custom("หัวหน้าคณะกรรมการ")),
                    position_member("รองนายกองค์การบริหารส่วนตำบลหนองปรุง คนที่ 1", custom("คณะกรรมการ")),
                    position_member("ปลัดองค์การบริหารส่วนตำบลหนองปรุง", custom("คณะกรรมการ/เลขานุการ")),
                ],
                duties: vec![
                    "ให้คำปรึกษา แนะนำ แก้ไขปัญหา อุปสรรคในการจัดทำ รวบรวม ข้อมูล เอกสารหลักฐาน".to_owned(),
                    "ศึกษากรอบแนวทางการประเมิน ITA ประจำปีงบประมาณ พ.ศ. 2565".to_owned(),
                ],
            },
            Committee {
                title: "คณะทำงาน ประกอบด้วย".to_owned(),
                members: vec![
                    position_member("หัวหน้าสำนักปลัด", MemberRole::Chair),
                    position_member("ผู้อำนวยการกองคลัง", MemberRole::Member),
                    prongsai_core::correspondence::CommitteeMember {
                        official: Some(agency.officials[0].id),
                        position: String::new(),
                        role: MemberRole::Secretary,
                    },
                ],
                duties: vec!["วิเคราะห์ผลการประเมินคุณธรรมและความโปร่งใส ประจำปีงบประมาณ พ.ศ. 2564".to_owned()],
            },
        ],
        assignments: vec![
            Assignment {
                heading: "ผู้บริหารที่รับผิดชอบการประเมินของหน่วยงาน".to_owned(),
                people: vec!["นายกองค์การบริหารส่วนตำบลหนองปรุง".to_owned()],
                duty: "มีหน้าที่ในการกำกับดูแลการประเมินในภาพรวมของหน่วยงาน".to_owned(),
            },
            Assignment {
                heading: "ผู้ดูแลระบบของหน่วยงาน (Admin หน่วยงาน) ได้แก่".to_owned(),
                people: vec!["นักวิเคราะห์นโยบายและแผน".to_owned()],
                duty: "มีหน้าที่ลงทะเบียนและเปิดใช้งานระบบ ITAS".to_owned(),
            },
        ],
        closing: String::new(),
        date: chrono::NaiveDate::from_ymd_opt(2022, 1, 17),
        signer: Signer {
            official: None,
            name: "สนธยา คงสนิท".to_owned(),
            rank: "ด.ต.".to_owned(),
            position: "นายกองค์การบริหารส่วนตำบลหนองปรุง".to_owned(),
        },
        version: 1,
    }
}

/// An action plan of one dimension, one mission and `projects` projects named
/// "ทดสอบที่ N", to link risk controls to.
pub fn plan_with_projects(projects: usize) -> prongsai_core::action_plan::ActionPlan {
    use prongsai_core::action_plan::{ActionPlan, Dimension, Mission, Project, ProjectKind};
    use prongsai_core::model::{AgencyId, DimensionId, MissionId, ProjectId};
    let mut plan = ActionPlan::new(AgencyId::new(), 2566);
    plan.dimensions.push(Dimension {
        id: DimensionId::new(),
        title: "การสร้างสังคมที่ไม่ทนต่อการทุจริต".to_owned(),
        missions: vec![Mission {
            id: MissionId::new(),
            title: "การสร้างจิตสำนึก".to_owned(),
            projects: (1..=projects)
                .map(|n| Project {
                    id: ProjectId::new(),
                    kind: ProjectKind::Project,
                    name: format!("ทดสอบที่ {n}"),
                    rationale: String::new(),
                    objectives: vec![],
                    target_group: String::new(),
                    methods: vec![],
                    first_year: 2566,
                    last_year: 2570,
                    budgets: vec![],
                    owner_department: None,
                    owner_text: String::new(),
                    outputs: vec![],
                    outcomes: vec![],
                    indicators: vec![],
                })
                .collect(),
        }],
    });
    plan
}

/// A measure of the year, to link a risk control to.
pub fn linked_measure(title: &str) -> prongsai_core::measures::Measure {
    use prongsai_core::measures::{Measure, Owners, Timeframe};
    use prongsai_core::model::{AgencyId, MeasureId, TopicId};
    Measure {
        id: MeasureId::new(),
        agency_id: AgencyId::new(),
        fiscal_year: 2568,
        topic_id: TopicId::new(),
        position: 1,
        title: title.to_owned(),
        indicators: vec![],
        weakness: String::new(),
        improvement: String::new(),
        steps: vec![],
        timeframe: Timeframe::WholeYear,
        owners: Owners::default(),
        monitoring: String::new(),
        reporting: String::new(),
        targets: vec![],
        version: 1,
    }
}

/// The seed's risk table of 2568, rated: four areas, six events (one with a
/// level entered directly), controls linked to project 5 of `plan` and to
/// `measure`, with follow-ups.
pub fn seed_risk_assessment(
    plan: &prongsai_core::action_plan::ActionPlan,
    measure: &prongsai_core::measures::Measure,
) -> prongsai_core::risk::RiskAssessment {
    use prongsai_core::measures::ProgressStatus;
    use prongsai_core::model::{AgencyId, ControlId, RiskAreaId};
    use prongsai_core::risk::{
        Control, RiskArea, RiskAssessment, RiskEvent, RiskLevel, RiskRating,
    };
    let scored = |text: &str, likelihood: u8, impact: u8| RiskEvent {
        text: text.to_owned(),
        rating: RiskRating::Scored { likelihood, impact },
    };
    let control = |text: &str| Control {
        id: ControlId::new(),
        text: text.to_owned(),
        project: None,
        measure: None,
        status: ProgressStatus::NotStarted,
        follow_up: String::new(),
    };
    let fifth = plan.numbered_projects().nth(4).map(|(_, _, _, p)| p.id);
    let mut assessment = RiskAssessment::new(AgencyId::new(), 2568);
    assessment.areas = vec![
        RiskArea {
            id: RiskAreaId::new(),
            process: "การบริหารงานของหน่วยงาน และการปฏิบัติงานของบุคลากร".to_owned(),
            events: vec![
                scored(
                    "ผู้บริหารดำเนินการตามนโยบายของตนเอง แทรกแซงการปฏิบัติงานของเจ้าหน้าที่",
                    2,
                    3,
                ),
                scored(
                    "บุคลากรของหน่วยงานปฏิบัติตามนโยบายของผู้บริหาร โดยไม่มีกฎระเบียบรองรับ",
                    2,
                    3,
                ),
            ],
            controls: vec![
                Control {
                    project: fifth,
                    status: ProgressStatus::InProgress,
                    follow_up: "จัดอบรมแล้ว 1 ครั้ง".to_owned(),
                    ..control("ส่งเสริมการบริหารงานตามหลักธรรมาภิบาล")
                },
                control("แสดงเจตนารมณ์ในการนำหลักคุณธรรมมาใช้ในการบริหารงาน"),
            ],
        },
        RiskArea {
            id: RiskAreaId::new(),
            process: "การบริหารงานบุคคล".to_owned(),
            events: vec![scored("การบรรจุแต่งตั้ง โยกย้ายโอน เลื่อนตำแหน่งไม่เป็นธรรม", 4, 5)],
            controls: vec![Control {
                measure: Some(measure.id),
                status: ProgressStatus::Done,
                ..control("เปิดเผยข้อมูลการบริหารและพัฒนาทรัพยากรบุคคล")
            }],
        },
        RiskArea {
            id: RiskAreaId::new(),
            process: "การบริหารการเงิน งบประมาณ การจัดซื้อจัดจ้าง".to_owned(),
            events: vec![
                scored("การจัดซื้อจัดจ้างไม่เป็นไปตามระเบียบที่เกี่ยวข้อง", 4, 5),
                scored("นำทรัพย์สินของทางราชการไปใช้ประโยชน์ส่วนตน", 1, 1),
            ],
            controls: vec![control("ควบคุมการเบิกจ่ายเงินตามข้อบัญญัติงบประมาณรายจ่ายประจำปี")],
        },
        RiskArea {
            id: RiskAreaId::new(),
            process: "การให้บริการสาธารณะ".to_owned(),
            events: vec![RiskEvent {
                text: "มีการเรียกรับเงินพิเศษจากผู้ขอรับบริการ".to_owned(),
                rating: RiskRating::Level {
                    level: RiskLevel::High,
                },
            }],
            controls: vec![control("มาตรการ NO Gift Policy")],
        },
    ];
    assessment
}

/// A memo of อบต.หนองปรุง acknowledged by two heads, the first on 3 October
/// 2567 (at 20:00 UTC on the 2nd, already the 3rd in Thailand).
pub fn seed_general_memo() -> prongsai_core::correspondence::Memo {
    use chrono::TimeZone;
    use prongsai_core::correspondence::{Memo, MemoAcknowledgement, Signer};
    use prongsai_core::model::{AgencyId, MemoId, UserId};
    Memo {
        id: MemoId::new(),
        agency_id: AgencyId::new(),
        year: 2567,
        department: None,
        from_unit: "สำนักปลัด องค์การบริหารส่วนตำบลหนองปรุง".to_owned(),
        number: "พบ 75801/123".to_owned(),
        date: chrono::NaiveDate::from_ymd_opt(2024, 10, 1),
        subject: "ขอให้ส่งรายงานผลการดำเนินการตามแผนปฏิบัติการป้องกันการทุจริต รอบ 6 เดือน".to_owned(),
        to: "ผู้อำนวยการกองคลัง และผู้อำนวยการกองช่าง".to_owned(),
        body: "ด้วยองค์การบริหารส่วนตำบลหนองปรุง ต้องรายงานผลการดำเนินการตามแผน\nภายในวันที่ 15 ตุลาคม 2567\n\n- ผลการดำเนินงานของแต่ละโครงการ\n- ปัญหาและข้อเสนอแนะ\n\nจึงเรียนมาเพื่อโปรดทราบ".to_owned(),
        signer: Signer {
            official: None,
            name: "สนธยา คงสนิท".to_owned(),
            rank: "ด.ต.".to_owned(),
            position: "นายกองค์การบริหารส่วนตำบลหนองปรุง".to_owned(),
        },
        acknowledgements: vec![
            MemoAcknowledgement {
                user_id: UserId::new(),
                name: "นางสถาพร กลิ่นโพธิ์กลับ".to_owned(),
                position: "ผู้อำนวยการกองคลัง".to_owned(),
                at: chrono::Utc.with_ymd_and_hms(2024, 10, 2, 20, 0, 0).unwrap(),
            },
            MemoAcknowledgement {
                user_id: UserId::new(),
                name: "นายสมบัติ ทับล้อม".to_owned(),
                position: String::new(),
                at: chrono::Utc.with_ymd_and_hms(2024, 10, 4, 3, 0, 0).unwrap(),
            },
        ],
        version: 1,
    }
}
