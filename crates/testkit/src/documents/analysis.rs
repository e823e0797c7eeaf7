//! The ITA analysis of องค์การบริหารส่วนตำบลหนองปรุง for 2565, from the seed
//! measures document, and a stress analysis of about forty pages.

use prongsai_core::thai::digits::digits_for;
use prongsai_docs::{AnalysisDocument, IndicatorRow, InstrumentRow};

/// (number, name, instrument, score) of the ten 2565 indicators, framework order.
pub const SEED_INDICATORS: [(u32, &str, &str, &str); 10] = [
    (1, "การปฏิบัติหน้าที่", "IIT", "86.52"),
    (2, "การใช้งบประมาณ", "IIT", "75.34"),
    (3, "การใช้อำนาจ", "IIT", "83.35"),
    (4, "การใช้ทรัพย์สินของทางราชการ", "IIT", "74.51"),
    (5, "การแก้ไขปัญหาการทุจริต", "IIT", "82.38"),
    (6, "คุณภาพการดำเนินงาน", "EIT", "88.42"),
    (7, "ประสิทธิภาพการสื่อสาร", "EIT", "88.91"),
    (8, "การปรับปรุงการทำงาน", "EIT", "83.96"),
    (9, "การเปิดเผยข้อมูล", "OIT", "39.27"),
    (10, "การป้องกันการทุจริต", "OIT", "12.50"),
];

/// Indicator numbers from the highest score to the lowest.
pub const SEED_RANKING: [u32; 10] = [7, 6, 1, 8, 3, 5, 2, 4, 9, 10];

pub const AGENCY: &str = "องค์การบริหารส่วนตำบลหนองปรุง";

pub const ANALYSIS_TEXT: [&str; 3] = [
    "ผลคะแนน IIT พบว่า หน่วยงานควรสร้างการรับรู้ให้บุคลากรทุกคนภายในหน่วยงานได้รับทราบการทบทวนนโยบายหรือมาตรการ การป้องกันการทุจริต รวมไปถึงแผนป้องกันและปราบปรามการทุจริตของหน่วยงาน",
    "ผลคะแนน EIT พบว่า มีประเด็นที่ต้องปรับปรุงในเรื่องคุณภาพการดำเนินงาน ประสิทธิภาพการสื่อสาร และการปรับปรุงการทำงาน",
    "ผลคะแนน OIT พบว่า การเปิดเผยข้อมูลของหน่วยงานอยู่ในเกณฑ์ที่ต้องปรับปรุง ต้องเปิดเผยข้อมูลต่าง ๆ บนเว็บไซต์ของหน่วยงานให้ครบถ้วน เช่น การเสริมสร้างวัฒนธรรมองค์กรให้เจ้าหน้าที่มีทัศนคติและค่านิยมในการปฏิบัติงานอย่างซื่อสัตย์สุจริต และการมีส่วนร่วมของผู้บริหารสูงสุด",
];

/// The seed analysis, with Thai or Arabic digits throughout.
pub fn seed_document(thai: bool) -> AnalysisDocument {
    let d = |s: &str| digits_for(s, thai);
    let lowest = [4, 9, 10];
    let indicators = SEED_RANKING
        .iter()
        .enumerate()
        .map(|(place, number)| {
            let (number, name, instrument, score) = SEED_INDICATORS[(*number - 1) as usize];
            let is_weakness = lowest.contains(&number);
            IndicatorRow {
                rank: d(&(place + 1).to_string()),
                number: d(&number.to_string()),
                name_th: name.to_owned(),
                instrument: instrument.to_owned(),
                score: d(score),
                previous_score: None,
                change: None,
                is_weakness,
                weakness_reason: is_weakness.then(|| d("อยู่ใน 3 อันดับคะแนนต่ำสุด")),
            }
        })
        .collect();
    AnalysisDocument {
        agency_name: AGENCY.to_owned(),
        fiscal_year: d("2565"),
        source_label: "ผลการประเมินของสำนักงาน ป.ป.ช.".to_owned(),
        total: d("60.61"),
        rating: "D".to_owned(),
        previous: None,
        instruments: vec![
            instrument(
                "IIT",
                "แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายใน",
                &d("80.42"),
                &d("24.13"),
            ),
            instrument(
                "EIT",
                "แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายนอก",
                &d("87.10"),
                &d("26.13"),
            ),
            instrument("OIT", "แบบวัดการเปิดเผยข้อมูลสาธารณะ", &d("25.89"), &d("10.35")),
        ],
        indicators,
        weaknesses: vec![
            d(
                "ตัวชี้วัดที่ 10 การป้องกันการทุจริต ได้ 12.50 คะแนน ต้องจัดทำและเผยแพร่มาตรการป้องกันการทุจริตให้ครบถ้วน",
            ),
            d("ตัวชี้วัดที่ 9 การเปิดเผยข้อมูล ได้ 39.27 คะแนน ต้องเผยแพร่ข้อมูลบนเว็บไซต์ให้ครบทุกข้อ"),
            d("ตัวชี้วัดที่ 4 การใช้ทรัพย์สินของทางราชการ ได้ 74.51 คะแนน"),
        ],
        analysis_text: ANALYSIS_TEXT.iter().map(|p| (*p).to_owned()).collect(),
        draft_warning: None,
        thai_digits: thai,
        generated_on: d("22 พฤศจิกายน 2568"),
    }
}

fn instrument(code: &str, name: &str, percent: &str, points: &str) -> InstrumentRow {
    InstrumentRow {
        code: code.to_owned(),
        name_th: name.to_owned(),
        percent: percent.to_owned(),
        points: points.to_owned(),
    }
}

/// A long document: `rows` indicators with very long names (each ends with its
/// own marker `แถวที่ N` so the tests can find it).
pub fn stress_document(rows: usize) -> AnalysisDocument {
    let mut document = seed_document(false);
    document.indicators = (1..=rows)
        .map(|n| IndicatorRow {
            rank: n.to_string(),
            number: n.to_string(),
            name_th: format!(
                "ตัวชี้วัดทดสอบที่มีชื่อยาวมากเพื่อทดสอบการตัดบรรทัดภาษาไทยในตาราง \
                 การเปิดเผยข้อมูลข่าวสารสาธารณะและการป้องกันการทุจริตและประพฤติมิชอบ\
                 ของหน่วยงานภาครัฐระดับท้องถิ่นอย่างต่อเนื่อง แถวที่ {n}"
            ),
            instrument: ["IIT", "EIT", "OIT"][n % 3].to_owned(),
            score: format!("{}.{:02}", 100 - n % 100, n % 100),
            previous_score: None,
            change: None,
            is_weakness: n % 7 == 0,
            weakness_reason: (n % 7 == 0).then(|| "ต่ำกว่าเกณฑ์ 85 คะแนน".to_owned()),
        })
        .collect();
    document
}
