//! Where topics come from. Agencies group measures three ways in the documents
//! they publish: by ITA indicator (the committee-order seed), by instrument (the
//! half-year seed: "ด้าน IIT", "ด้าน EIT", "ด้าน OIT"), or by the seven topics of
//! the 2568 annual-report seed. The catalogue offers all three, built from the
//! fiscal year's framework so indicator names follow the year; an agency may also
//! type its own topic.

use serde::Serialize;

use crate::ita::{Framework, Instrument};

/// The seven topics of the 2568 annual-report seed, in its order. The seed prints
/// topic 4 with topic 3's title by mistake; its measures are about the use of
/// government property, which is the title kept here.
pub const ANNUAL_REPORT_TOPICS: [&str; 7] = [
    "กระบวนการปฏิบัติงานที่โปร่งใสและมีประสิทธิภาพ",
    "การให้บริการและระบบ E-Service",
    "ช่องทางและรูปแบบการประชาสัมพันธ์เผยแพร่ข้อมูลข่าวสารภาครัฐ",
    "การป้องกันการนำทรัพย์สินของทางราชการไปใช้ประโยชน์ส่วนตน",
    "กระบวนการสร้างความโปร่งใสในการใช้งบประมาณและการจัดซื้อจัดจ้าง",
    "กระบวนการควบคุม ตรวจสอบการใช้อำนาจและการบริหารงานบุคคล",
    "กลไกและมาตรการในการแก้ไขและป้องกันการทุจริตภายในหน่วยงาน",
];

/// One entry a user can pick as a topic.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TopicTemplate {
    /// Stable key kept with the topic: `indicator:3`, `instrument:IIT`, `annual:4`.
    pub key: String,
    pub title: String,
    /// The group the form lists it under.
    pub group: &'static str,
    /// The indicators a measure under this topic answers by default.
    pub indicators: Vec<u32>,
}

/// The catalogue for a fiscal year whose framework is `framework`.
#[must_use]
pub fn topic_catalog(framework: &Framework) -> Vec<TopicTemplate> {
    let mut out = Vec::new();
    for ind in &framework.indicators {
        out.push(TopicTemplate {
            key: format!("indicator:{}", ind.number),
            title: format!("ตัวชี้วัดที่ {} {}", ind.number, ind.name_th),
            group: "ตัวชี้วัดการประเมิน ITA",
            indicators: vec![ind.number],
        });
    }
    for code in [Instrument::Iit, Instrument::Eit, Instrument::Oit] {
        let indicators = framework
            .indicators
            .iter()
            .filter(|i| i.instrument == code)
            .map(|i| i.number)
            .collect();
        out.push(TopicTemplate {
            key: format!("instrument:{}", code.code()),
            title: format!("ด้าน {}", code.code()),
            group: "แบบวัด (IIT, EIT, OIT)",
            indicators,
        });
    }
    for (i, title) in ANNUAL_REPORT_TOPICS.iter().enumerate() {
        out.push(TopicTemplate {
            key: format!("annual:{}", i + 1),
            title: (*title).to_owned(),
            group: "ประเด็นของรายงานผลประจำปี",
            indicators: Vec::new(),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offers_indicators_instruments_and_annual_topics() {
        let framework = Framework::builtin(2568).unwrap();
        let catalog = topic_catalog(&framework);
        assert_eq!(catalog.len(), framework.indicators.len() + 3 + 7);
        let iit = catalog.iter().find(|t| t.key == "instrument:IIT").unwrap();
        assert_eq!(iit.title, "ด้าน IIT");
        assert_eq!(iit.indicators, vec![1, 2, 3, 4, 5]);
        let first = &catalog[0];
        assert_eq!(first.key, "indicator:1");
        assert!(first.title.contains(&framework.indicators[0].name_th));
        let keys: std::collections::BTreeSet<_> = catalog.iter().map(|t| &t.key).collect();
        assert_eq!(keys.len(), catalog.len(), "keys are unique");
    }
}
