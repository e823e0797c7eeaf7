//! The demo agencies' own surveys for the year of their checklist: an IIT among
//! staff (closed, its sample reached), an EIT among service users (open, so its
//! public link can be tried) and a satisfaction survey with comments.
//!
//! The answers are made up and clearly so, but shaped like a real agency's:
//! most questions answered well, a few clearly weaker, so the predicted scores
//! and the weakest questions have something to say. Every answer goes through
//! the same form reading as a respondent's ([`parse_answers`]), so the demo can
//! only store what the public form would. The generator is seeded per agency:
//! the same agency always gets the same answers. An agency with any survey in
//! that year is left as it is.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Days, NaiveDate, Utc};
use prongsai_core::ita::{Framework, Question};
use prongsai_core::model::{Agency, SurveyId, SurveyResponseId};
use prongsai_core::surveys::{
    AskedQuestion, SampleRule, SatisfactionQuestion, SatisfactionScale, Scale, Survey, SurveyKind,
    SurveyResponse, SurveyStatus, asked_questions, parse_answers,
};
use prongsai_core::thai::digits::to_thai_digits;
use prongsai_store::{Actor, Store};

use crate::demo::complaints::{Rng, SEED_YEARS};
use crate::error::CliError;

/// Staff with a year's service, and the people served in a year.
const IIT_POPULATION: u32 = 60;
const EIT_POPULATION: u32 = 500;
const SATISFACTION_RESPONSES: u32 = 40;

/// The satisfaction survey's questions (the last asks for comments).
const SATISFACTION_QUESTIONS: [(&str, SatisfactionScale); 6] = [
    ("ความสะดวกในการติดต่อขอรับบริการ", SatisfactionScale::FiveLevel),
    ("ระยะเวลาที่ใช้ในการให้บริการ", SatisfactionScale::FiveLevel),
    (
        "ความสุภาพและความเต็มใจในการให้บริการของเจ้าหน้าที่",
        SatisfactionScale::FiveLevel,
    ),
    (
        "ความชัดเจนของข้อมูลและเอกสารที่ได้รับ",
        SatisfactionScale::FiveLevel,
    ),
    ("ความพึงพอใจต่อการให้บริการโดยรวม", SatisfactionScale::FiveLevel),
    ("ข้อเสนอแนะเพื่อปรับปรุงการให้บริการ", SatisfactionScale::Text),
];

/// What respondents write in the comment box.
const COMMENTS: [&str; 10] = [
    "เจ้าหน้าที่บริการดี ยิ้มแย้มแจ่มใส",
    "อยากให้มีที่จอดรถเพิ่ม ช่วงเช้าจอดไม่ได้",
    "รอคิวนานในช่วงต้นเดือน ควรเพิ่มช่องบริการ",
    "ควรประชาสัมพันธ์ขั้นตอนและเอกสารที่ต้องใช้ให้ชัดเจนกว่านี้",
    "ขอบคุณที่ช่วยเหลือเรื่องเอกสารอย่างรวดเร็ว",
    "อยากให้ยื่นคำร้องออนไลน์ได้ ไม่ต้องเดินทางมาที่สำนักงาน",
    "ห้องน้ำสำหรับผู้มาติดต่อควรดูแลความสะอาดมากขึ้น",
    "ป้ายบอกทางภายในอาคารไม่ชัด หาห้องไม่เจอ",
    "พอใจมาก เจ้าหน้าที่อธิบายละเอียด",
    "ควรเปิดให้บริการช่วงพักเที่ยงด้วย",
];

/// Adds the surveys and their responses to every demo agency that has no
/// survey in its seed year.
///
/// # Errors
/// What the store refuses, or an answer the form reading refuses.
pub(crate) async fn ensure_demo_surveys(store: &Store) -> Result<(), CliError> {
    let actor = Actor::default();
    for (code, year) in SEED_YEARS {
        let Some(framework) = Framework::builtin(year) else {
            continue;
        };
        let Some(agency) = store.find_agency_by_code(code).await? else {
            continue;
        };
        if !store.surveys(agency.id, Some(year)).await?.is_empty() {
            continue;
        }
        for (survey, responses) in plan_surveys(&agency, year, &framework)? {
            store.create_survey(actor, &survey).await?;
            store.submit_survey_responses(&responses).await?;
        }
    }
    Ok(())
}

/// The agency's three surveys of `year` with their responses.
fn plan_surveys(
    agency: &Agency,
    year: i32,
    framework: &Framework,
) -> Result<Vec<(Survey, Vec<SurveyResponse>)>, CliError> {
    let mut rng = Rng::seeded(&format!("surveys {}", agency.code));
    let opened = NaiveDate::from_ymd_opt(year - 543, 2, 1)
        .ok_or_else(|| CliError::failure(format!("ข้อมูลสาธิต: ปีงบประมาณ {year}")))?;
    let created_at = opened
        .and_hms_opt(2, 0, 0)
        .map_or_else(Utc::now, |t| t.and_utc());
    let year_text = if agency.thai_digits {
        to_thai_digits(&year.to_string())
    } else {
        year.to_string()
    };
    let mut planned = Vec::new();
    for kind in [SurveyKind::Iit, SurveyKind::Eit, SurveyKind::Satisfaction] {
        let survey = survey(agency, year, &year_text, kind, opened, created_at);
        let count = match survey.minimum_sample() {
            Some(minimum) => minimum + rng.between(2, 12),
            None => SATISFACTION_RESPONSES + rng.between(0, 4),
        };
        let responses = respond(&survey, framework, opened, count, &mut rng)?;
        planned.push((survey, responses));
    }
    Ok(planned)
}

fn survey(
    agency: &Agency,
    year: i32,
    year_text: &str,
    kind: SurveyKind,
    opened: NaiveDate,
    created_at: DateTime<Utc>,
) -> Survey {
    let (title, population, status, closes_on) = match kind {
        SurveyKind::Iit => (
            format!(
                "แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายใน (IIT) ประจำปีงบประมาณ พ.ศ. {year_text} (ประเมินตนเอง)"
            ),
            Some(IIT_POPULATION),
            SurveyStatus::Closed,
            opened.checked_add_days(Days::new(45)),
        ),
        SurveyKind::Eit => (
            format!(
                "แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายนอก (EIT) ประจำปีงบประมาณ พ.ศ. {year_text} (ประเมินตนเอง)"
            ),
            Some(EIT_POPULATION),
            SurveyStatus::Open,
            None,
        ),
        SurveyKind::Satisfaction => (
            format!("แบบสำรวจความพึงพอใจการให้บริการ ประจำปีงบประมาณ พ.ศ. {year_text}"),
            None,
            SurveyStatus::Open,
            None,
        ),
    };
    let questions = if kind == SurveyKind::Satisfaction {
        SATISFACTION_QUESTIONS
            .iter()
            .zip(1..)
            .map(|((text, scale), n)| SatisfactionQuestion {
                code: format!("s{n}"),
                text_th: (*text).to_owned(),
                scale: *scale,
            })
            .collect()
    } else {
        Vec::new()
    };
    Survey {
        id: SurveyId::new(),
        agency_id: agency.id,
        fiscal_year: year,
        kind,
        title,
        public_token: public_token(),
        status,
        population,
        sample_rule: SampleRule::default(),
        closes_on,
        questions,
        created_at,
        version: 1,
    }
}

/// The unguessable part of the public link: 128 random bits, hex.
fn public_token() -> String {
    let mut bytes = [0_u8; 16];
    getrandom::fill(&mut bytes).expect("the operating system's random source is available");
    hex::encode(bytes)
}

/// `count` responses over the six weeks from `opened`, read by the form
/// reading from generated form fields.
fn respond(
    survey: &Survey,
    framework: &Framework,
    opened: NaiveDate,
    count: u32,
    rng: &mut Rng,
) -> Result<Vec<SurveyResponse>, CliError> {
    let asked = asked_questions(survey, Some(framework));
    let by_code: BTreeMap<&str, &Question> = framework
        .questions()
        .map(|q| (q.code.as_str(), q))
        .collect();
    let choices: Vec<&AskedQuestion> = asked.iter().filter(|q| q.scale != Scale::Text).collect();
    let mut weak = BTreeSet::new();
    let wanted_weak = if survey.kind == SurveyKind::Iit { 3 } else { 2 };
    while weak.len() < wanted_weak.min(choices.len()) {
        weak.insert(rng.pick(&choices).code.clone());
    }
    let mut responses = Vec::new();
    for _ in 0..count {
        let mut fields = BTreeMap::new();
        for question in &asked {
            let is_weak = weak.contains(&question.code);
            let reverse = by_code.get(question.code.as_str()).map(|q| q.reverse);
            match question.scale {
                Scale::Text => {
                    if rng.chance(45) {
                        fields.insert(question.code.clone(), (*rng.pick(&COMMENTS)).to_owned());
                    }
                }
                _ if question.sub_items.is_empty() => {
                    let value = answer(question.scale, reverse.unwrap_or(false), is_weak, rng);
                    fields.insert(question.code.clone(), value);
                }
                _ => {
                    for n in 1..=question.sub_items.len() {
                        let reverse = by_code
                            .get(question.code.as_str())
                            .and_then(|q| q.sub_items.get(n - 1))
                            .map_or(reverse.unwrap_or(false), |s| s.reverse);
                        let value = answer(question.scale, reverse, is_weak, rng);
                        fields.insert(format!("{}.{n}", question.code), value);
                    }
                }
            }
        }
        let answers = parse_answers(&asked, &fields)
            .map_err(|e| CliError::failure(format!("ข้อมูลสาธิต: คำตอบแบบสำรวจไม่ถูกต้อง: {e}")))?;
        let submitted_on = opened
            .checked_add_days(Days::new(u64::from(rng.below(42))))
            .unwrap_or(opened);
        responses.push(SurveyResponse {
            id: SurveyResponseId::new(),
            survey_id: survey.id,
            agency_id: survey.agency_id,
            submitted_on,
            answers,
            device_hash: None,
        });
    }
    responses.sort_by_key(|r| r.submitted_on);
    Ok(responses)
}

/// One form value: mostly favourable, less so for a weak question; for a
/// reversed question (one that asks about a bad practice) favourable is low.
fn answer(scale: Scale, reverse: bool, weak: bool, rng: &mut Rng) -> String {
    match scale {
        Scale::YesNo => {
            let favourable = rng.chance(if weak { 50 } else { 88 });
            if favourable != reverse { "yes" } else { "no" }.to_owned()
        }
        Scale::FourLevel => {
            let level: u8 = if weak {
                rng.weighted(&[(4, 10), (3, 30), (2, 40), (1, 20)])
            } else {
                rng.weighted(&[(4, 45), (3, 40), (2, 12), (1, 3)])
            };
            (if reverse { 5 - level } else { level }).to_string()
        }
        Scale::FiveLevel => {
            let level: u8 = if weak {
                rng.weighted(&[(5, 12), (4, 35), (3, 35), (2, 13), (1, 5)])
            } else {
                rng.weighted(&[(5, 40), (4, 42), (3, 14), (2, 3), (1, 1)])
            };
            level.to_string()
        }
        Scale::Text => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use prongsai_core::ita::Instrument;
    use prongsai_core::model::{AgencyId, AgencyKind};
    use prongsai_core::surveys::{predict, question_results, satisfaction_summary};

    use super::*;

    fn agency(code: &str) -> Agency {
        Agency {
            id: AgencyId::new(),
            code: code.to_owned(),
            kind: AgencyKind::SubdistrictAdministrativeOrganization,
            name: "องค์การบริหารส่วนตำบลดินแดง".to_owned(),
            district: String::new(),
            province: String::new(),
            website: None,
            thai_digits: true,
            logo: None,
        }
    }

    #[test]
    fn samples_are_reached_scores_predicted_and_weak_questions_stand_out() {
        for (code, year) in SEED_YEARS {
            let framework = Framework::builtin(year).unwrap();
            let planned = plan_surveys(&agency(code), year, &framework).unwrap();
            assert_eq!(planned.len(), 3);
            let closed = planned
                .iter()
                .filter(|(s, _)| s.status == SurveyStatus::Closed)
                .count();
            assert_eq!(closed, 1);
            for (survey, responses) in &planned {
                survey.validate().unwrap();
                if let Some(minimum) = survey.minimum_sample() {
                    assert!(responses.len() >= minimum as usize, "{}", survey.title);
                }
                assert!(responses.iter().all(|r| r.survey_id == survey.id));
                assert!(
                    responses
                        .windows(2)
                        .all(|w| w[0].submitted_on <= w[1].submitted_on)
                );
            }
            let (iit_survey, iit) = &planned[0];
            let (_, eit) = &planned[1];
            assert_eq!(iit_survey.population, Some(IIT_POPULATION));
            assert!(iit_survey.title.contains("๒๕"), "{}", iit_survey.title);
            let report = predict(&framework, iit, eit, None).unwrap();
            let results = question_results(&framework, Instrument::Iit, &report, iit.len());
            let weakest = results.first().unwrap().score;
            let strongest = results.last().unwrap().score;
            assert!(strongest - weakest > 20.0, "{weakest} … {strongest}");
            assert!(strongest > 60.0, "{strongest}");

            let (satisfaction, answers) = &planned[2];
            let questions = asked_questions(satisfaction, None);
            let summary = satisfaction_summary(&questions, answers);
            assert!(summary.respondents >= 40);
            assert_eq!(summary.rows.len(), 5);
            assert!(summary.overall_mean > 3.5 && summary.overall_mean < 4.8);
            assert!(summary.comments.len() >= 8, "{}", summary.comments.len());
        }
    }

    #[test]
    fn the_same_agency_gets_the_same_answers() {
        let framework = Framework::builtin(2568).unwrap();
        let answers = |code: &str| -> Vec<_> {
            plan_surveys(&agency(code), 2568, &framework)
                .unwrap()
                .into_iter()
                .flat_map(|(_, r)| r)
                .map(|r| (r.submitted_on, r.answers))
                .collect()
        };
        assert_eq!(answers("dindaeng-krabi"), answers("dindaeng-krabi"));
        assert_ne!(answers("dindaeng-krabi"), answers("bangkhae"));
    }

    #[test]
    fn a_reversed_question_is_answered_low_when_favourable() {
        let mut rng = Rng::seeded("x");
        let high = (0..200)
            .filter(|_| {
                answer(Scale::FourLevel, true, false, &mut rng)
                    .parse::<u8>()
                    .unwrap()
                    >= 3
            })
            .count();
        assert!(high < 40, "{high}");
        let yes = (0..200)
            .filter(|_| answer(Scale::YesNo, false, false, &mut rng) == "yes")
            .count();
        assert!(yes > 150, "{yes}");
    }
}
