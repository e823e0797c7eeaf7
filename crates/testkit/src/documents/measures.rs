//! The seed's measures document and the memo that sends it.

use prongsai_core::thai::digits::digits_for;
use prongsai_docs::{
    Acknowledgement, MeasureGroup, MeasureRow, MeasuresDocument, MemoDocument, Signature,
};

use super::analysis::{AGENCY, seed_document};

/// (group, number, title, weakness, improvement, owners, steps, timeframe,
/// monitoring, reporting, targets) of the seed's measures, in Arabic digits.
type SeedMeasure = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static [&'static str],
    &'static [&'static str],
    &'static str,
    &'static str,
    &'static str,
    &'static [&'static str],
);

const OWNERS: &[&str] = &[
    "สำนักปลัด/กองคลัง/กองช่าง/กองการศึกษา",
    "ผอ.ทุกกอง",
    "นักจัดการงานทั่วไป ชก",
    "พนักงานทุกคน",
];

pub const SEED_MEASURES: [SeedMeasure; 3] = [
    (
        "แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายนอก (EIT)",
        "1",
        "มาตรการเปิดเผยข้อมูลการดำเนินงานและการบริการประชาชนให้มีความโปร่งใส ตรวจสอบได้",
        "การปิดบังหรือบิดเบือนข้อมูลเกี่ยวกับการดำเนินการ/ให้บริการของเจ้าหน้าที่ของหน่วยงาน",
        "การส่งเสริมการให้บริการโดยมุ่งเน้นในด้านการเปิดเผยหรือการให้ข้อมูลแก่ผู้มาติดต่อหรือรับบริการ",
        OWNERS,
        &[
            "แต่งตั้งคณะทำงานจัดทำคู่มือหรือมาตรฐานการปฏิบัติงาน",
            "จัดทำคู่มือการรับบริการต่าง ๆ",
            "ประชาสัมพันธ์คู่มือการรับบริการ",
        ],
        "ไตรมาสที่ 1 - 2",
        "คณะทำงานติดตามผลการดำเนินงาน",
        "รายงานผลให้ผู้บริหารทราบรายไตรมาส",
        &["จัดทำคู่มือการรับบริการ 4 เรื่อง"],
    ),
    (
        "แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายนอก (EIT)",
        "2",
        "มาตรการเผยแพร่ข้อมูลของหน่วยงานให้มีความโปร่งใส ตรวจสอบได้",
        "การเผยแพร่ผลงานหรือข้อมูลที่สาธารณชนควรรับทราบ",
        "การเพิ่มช่องทางเผยแพร่ให้หลากหลาย",
        OWNERS,
        &[
            "แต่งตั้งคณะทำงานเผยแพร่ข้อมูลของหน่วยงานให้เข้าถึงง่าย ไม่ซับซ้อน",
            "เพิ่มช่องทางเผยแพร่ให้หลากหลายในทุกสื่อ",
        ],
        "ดำเนินการตลอดทั้งปี",
        "",
        "รายงานผลรายไตรมาส",
        &["เผยแพร่ผลงาน 12 ครั้ง", "ช่องทางเผยแพร่ 3 ช่องทาง"],
    ),
    (
        "แบบวัดการเปิดเผยข้อมูลสาธารณะ (OIT)",
        "1",
        "มาตรการส่งเสริมให้บุคคลภายนอกมีส่วนร่วมในการดำเนินงานตามภารกิจ",
        "เปิดโอกาสให้บุคคลภายนอกได้มีส่วนร่วมในการดำเนินงานตามภารกิจของหน่วยงาน",
        "การส่งเสริมให้บุคคลภายนอกเข้ามามีส่วนร่วมในการดำเนินงานตามภารกิจของหน่วยงาน",
        OWNERS,
        &[
            "แต่งตั้งคณะทำงานส่งเสริมให้บุคคลภายนอกมีส่วนร่วมในภารกิจของหน่วยงานทุกโครงการ",
            "รายงานผลให้ผู้บริหารทราบ",
        ],
        "1 ต.ค. 64 - 31 มี.ค. 65",
        "แต่งตั้งคณะทำงานติดตามและรายงานผลในทุกโครงการที่บุคคลภายนอกมีส่วนร่วม",
        "รายงานผลรายไตรมาส",
        &[],
    ),
];

/// The seed's measures document: its analysis, then the measures of two
/// instruments.
pub fn seed_measures(thai: bool) -> MeasuresDocument {
    let d = |s: &str| digits_for(s, thai);
    let lines = |items: &[&str]| items.iter().map(|s| d(s)).collect::<Vec<_>>();
    let mut groups: Vec<MeasureGroup> = Vec::new();
    for (
        group,
        number,
        title,
        weakness,
        improvement,
        owners,
        steps,
        timeframe,
        monitoring,
        reporting,
        targets,
    ) in SEED_MEASURES
    {
        let row = MeasureRow {
            number: d(number),
            title: title.to_owned(),
            weakness: weakness.to_owned(),
            improvement: improvement.to_owned(),
            owners: lines(owners),
            steps: lines(steps),
            timeframe: d(timeframe),
            monitoring: monitoring.to_owned(),
            reporting: reporting.to_owned(),
            targets: lines(targets),
        };
        match groups.last_mut() {
            Some(last) if last.title == group => last.measures.push(row),
            _ => groups.push(MeasureGroup {
                title: group.to_owned(),
                measures: vec![row],
            }),
        }
    }
    MeasuresDocument {
        agency_name: AGENCY.to_owned(),
        fiscal_year: d("2565"),
        analysis: seed_document(thai),
        groups,
    }
}

/// The seed's memo sending the measures, with its four acknowledgements.
pub fn seed_memo(thai: bool) -> MemoDocument {
    let d = |s: &str| digits_for(s, thai);
    let person = |name: &str, position: &str| Acknowledgement {
        name: name.to_owned(),
        position: position.to_owned(),
        signed: String::new(),
        date: String::new(),
    };
    MemoDocument {
        from_unit: "สำนักปลัด องค์การบริหารส่วนตำบลหนองปรุง".to_owned(),
        // A code: digits_for leaves its digits alone, so both forms are given.
        number: if thai {
            "พบ ๗๕๘๐๑/-"
        } else {
            "พบ 75801/-"
        }
        .to_owned(),
        date: d("31 ตุลาคม 2565"),
        subject: d(
            "มาตรการส่งเสริมคุณธรรมและความโปร่งใสในการดำเนินงานขององค์การบริหารส่วนตำบลหนองปรุง ประจำปีงบประมาณ พ.ศ. 2565",
        ),
        to: "ผู้อำนวยการกองคลัง ผู้อำนวยการกองช่าง ผู้อำนวยการกองการศึกษา ศาสนาและวัฒนธรรม และหัวหน้าสำนักปลัด"
            .to_owned(),
        body: vec![
            d(
                "ด้วยองค์การบริหารส่วนตำบลหนองปรุง ได้จัดทำมาตรการส่งเสริมคุณธรรมและความโปร่งใสในการดำเนินงานขององค์การบริหารส่วนตำบลหนองปรุง ปีงบประมาณ 2565 ตามมติที่ประชุมคณะทำงาน ในคราวประชุม ครั้งที่ 1/2565 เมื่อวันที่ 24 กันยายน 2565",
            ),
            d(
                "สำนักปลัดจึงขอแจ้งส่วนราชการเพื่อรับทราบและถือปฏิบัติตามมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในองค์การบริหารส่วนตำบลหนองปรุง ประจำปีงบประมาณ พ.ศ. 2565 เพื่อยกระดับคะแนนการประเมินในปีงบประมาณ พ.ศ. 2566",
            ),
            "จึงเรียนมาเพื่อโปรดทราบ".to_owned(),
        ],
        signature: Signature::new("", "สนธยา คงสนิท", "นายกองค์การบริหารส่วนตำบลหนองปรุง"),
        acknowledgements: vec![
            person(
                "นางสถาพร กลิ่นโพธิ์กลับ",
                "ผู้อำนวยการกองคลัง\nรักษาราชการแทน ปลัดองค์การบริหารส่วนตำบล",
            ),
            person("นายสมบัติ ทับล้อม", "ผู้อำนวยการกองช่าง"),
            person("นางสาวชุตติกาญจน์ ดั่งสท้าน", "ผู้อำนวยการกองการศึกษา ฯ"),
            person(
                "นางสาววงเดือน พรมแก้ว",
                "นักจัดการงานทั่วไป ชำนาญการ\nรักษาราชการแทน หน.สำนักปลัด",
            ),
        ],
        thai_digits: thai,
        emblem: None,
    }
}
