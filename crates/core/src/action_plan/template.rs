//! The four dimensions of a local government's action plan and their missions, as
//! the พ.ศ. 2566–2570 plans print them (the Bang Khae seed follows the NACC manual
//! "คู่มือการจัดทำแผนปฏิบัติการป้องกันการทุจริตเพื่อยกระดับคุณธรรมและความโปร่งใส สำหรับ อปท.").
//!
//! The dimension titles and that there are four are confirmed by the manual; the
//! mission titles are transcribed from one agency's plan that follows it and have
//! not been checked against the manual page by page, so the page that offers this
//! template says so ([`TEMPLATE_VERIFIED`]).

use crate::model::{DimensionId, MissionId};

use super::plan::{Dimension, Mission};

/// Whether the mission titles below were checked against the manual itself.
pub const TEMPLATE_VERIFIED: bool = false;

const TEMPLATE: [(&str, &[&str]); 4] = [
    (
        "การสร้างวัฒนธรรมสุจริต",
        &[
            "การเสริมสร้างจิตสำนึกและความตระหนักแก่บุคลากรทั้งข้าราชการการเมืองฝ่ายบริหาร ข้าราชการการเมืองฝ่ายสภาท้องถิ่น และฝ่ายประจำขององค์กรปกครองส่วนท้องถิ่น",
            "การสร้างจิตสำนึกและความตระหนักแก่ประชาชนทุกภาคส่วนในท้องถิ่น",
            "การสร้างจิตสำนึกและความตระหนักแก่เด็กและเยาวชน",
        ],
    ),
    (
        "การบริหารราชการด้วยความโปร่งใส",
        &[
            "การเปิดเผยข้อมูลสาธารณะขององค์กรปกครองส่วนท้องถิ่น",
            "มาตรการส่งเสริมคุณธรรมและความโปร่งใส",
            "มาตรการลดการใช้ดุลพินิจในการปฏิบัติงาน",
        ],
    ),
    (
        "การส่งเสริมบทบาทและการมีส่วนร่วมของภาคประชาชน",
        &[
            "การส่งเสริมให้ประชาชนมีส่วนร่วมบริหารกิจการขององค์กรปกครองส่วนท้องถิ่น",
            "การรับฟังความคิดเห็น การรับและตอบสนองเรื่องร้องเรียน/ร้องทุกข์ของประชาชน",
            "ส่งเสริมการมีส่วนร่วมของภาคประชาชน และบูรณาการทุกภาคส่วนเพื่อต่อต้านการทุจริต",
        ],
    ),
    (
        "การยกระดับกลไกการตรวจสอบการดำเนินงานขององค์กรปกครองส่วนท้องถิ่น",
        &[
            "การจัดวางระบบตรวจสอบภายใน การควบคุมภายใน และการบริหารความเสี่ยงการทุจริต",
            "การส่งเสริมบทบาทการตรวจสอบของสภาท้องถิ่น",
            "มาตรการจัดการเรื่องร้องเรียนการทุจริต",
        ],
    ),
];

/// The four dimensions with their missions and no projects, with fresh ids.
#[must_use]
pub fn local_government_template() -> Vec<Dimension> {
    TEMPLATE
        .iter()
        .map(|(title, missions)| Dimension {
            id: DimensionId::new(),
            title: (*title).to_owned(),
            missions: missions
                .iter()
                .map(|m| Mission {
                    id: MissionId::new(),
                    title: (*m).to_owned(),
                    projects: Vec::new(),
                })
                .collect(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn four_dimensions_of_three_missions() {
        let dims = local_government_template();
        assert_eq!(dims.len(), 4);
        assert!(dims.iter().all(|d| d.missions.len() == 3));
        assert_ne!(dims[0].id, local_government_template()[0].id);
    }
}
