//! The raw answers of one survey for the agency's own analysis: CSV (UTF-8
//! with a byte-order mark, so Excel opens the Thai intact) and XLSX.
//!
//! One row per response: its number, the Thailand date it was answered (day
//! only, as stored, so nothing here can link an answer to a person), then one
//! column per question code and, for a question with parts, one per part
//! (`i4.1`, `i4.2`, …). Values are those of the form, as numbers where
//! possible: levels 1–4 or 1–5, yes/no as 1/0, comments as text. The
//! workbook's second sheet says what each code asks, what its values mean and
//! its score so far: 0–100 from the scoring engine for IIT/EIT (reverse items
//! already inverted), the mean 1–5 for satisfaction questions. Data files use
//! Arabic digits whatever the agency prints.

use prongsai_core::ita::{Answer, Framework};
use prongsai_core::surveys::{
    AskedQuestion, Scale, Survey, SurveyKind, SurveyResponse, asked_questions, predict,
    satisfaction_summary,
};
use prongsai_core::thai::calendar::format_date_numeric;

use crate::csv::csv_with_bom;
use crate::document::OfficialDocument;
use crate::error::DocsError;
use crate::workbook::{Sheet, workbook_xlsx};
use crate::xlsx::{XlsxCell, XlsxColumn};

/// The two columns before the answers.
const NUMBER_COLUMN: &str = "ลำดับ";
const DATE_COLUMN: &str = "วันที่ตอบ";
/// The columns of the question sheet, before the score.
const QUESTION_COLUMNS: [(&str, f64); 4] = [
    ("รหัส", 8.0),
    ("ตัวชี้วัด", 9.0),
    ("คำถาม", 60.0),
    ("ค่าที่บันทึก", 36.0),
];

/// One survey's answers, ready for a file.
#[derive(Debug, Clone, PartialEq)]
pub struct SurveyExportDocument {
    /// "ชื่อแบบสำรวจ (แบบวัด…) ชื่อหน่วยงาน ปีงบประมาณ พ.ศ. 2568".
    pub heading: String,
    /// [`NUMBER_COLUMN`], [`DATE_COLUMN`], then every answer column's code.
    pub columns: Vec<String>,
    /// One per response, as many cells as columns; an unanswered cell is empty.
    pub rows: Vec<Vec<String>>,
    /// Whether an answer column holds free text (never read as a number).
    pub text_columns: Vec<bool>,
    /// What the codes mean, in column order.
    pub questions: Vec<ExportQuestion>,
    /// "คะแนน (0–100)" or "ค่าเฉลี่ย (1–5)".
    pub score_title: String,
}

/// One answer column explained.
#[derive(Debug, Clone, PartialEq)]
pub struct ExportQuestion {
    /// "i4" or "i4.2".
    pub code: String,
    /// "1".."10", empty for satisfaction questions and parts.
    pub indicator: String,
    pub text: String,
    /// "1 = น้อยที่สุดหรือไม่มีเลย, …", "1 = มี / ใช่, 0 = ไม่มี / ไม่ใช่", "ข้อความ".
    pub values: String,
    /// The question's score, two decimals; empty for parts, text questions and
    /// when there are no answers yet.
    pub score: String,
}

/// Fills the export of `survey` with `responses` in the order given (the
/// store's: by day answered); `framework` is the survey year's, for IIT and EIT
/// (ignored for satisfaction surveys); `agency_name` goes in the heading.
#[must_use]
pub fn survey_export_document(
    survey: &Survey,
    framework: Option<&Framework>,
    responses: &[SurveyResponse],
    agency_name: &str,
) -> SurveyExportDocument {
    let questions = asked_questions(survey, framework);
    let scores = question_scores(survey, framework, &questions, responses);
    let mut columns = vec![NUMBER_COLUMN.to_owned(), DATE_COLUMN.to_owned()];
    let mut text_columns = vec![false, false];
    let mut explained = Vec::new();
    for question in &questions {
        let values = values_th(question.scale);
        explained.push(ExportQuestion {
            code: question.code.clone(),
            indicator: question
                .indicator
                .map(|n| n.to_string())
                .unwrap_or_default(),
            text: question.text_th.clone(),
            values: if question.sub_items.is_empty() {
                values.clone()
            } else {
                "แยกตอบเป็นข้อย่อย".to_owned()
            },
            score: scores
                .iter()
                .find(|(code, _)| *code == question.code)
                .map(|(_, score)| format!("{score:.2}"))
                .unwrap_or_default(),
        });
        if question.sub_items.is_empty() {
            columns.push(question.code.clone());
            text_columns.push(question.scale == Scale::Text);
        }
        for (index, part) in question.sub_items.iter().enumerate() {
            let code = format!("{}.{}", question.code, index + 1);
            columns.push(code.clone());
            text_columns.push(false);
            explained.push(ExportQuestion {
                code,
                indicator: String::new(),
                text: part.clone(),
                values: values.clone(),
                score: String::new(),
            });
        }
    }
    let rows = responses
        .iter()
        .enumerate()
        .map(|(index, response)| {
            let mut row = vec![
                (index + 1).to_string(),
                format_date_numeric(response.submitted_on, false),
            ];
            for question in &questions {
                let choice = response.answers.choices.get(&question.code);
                if question.sub_items.is_empty() {
                    row.push(match (question.scale, choice) {
                        (Scale::Text, _) => response
                            .answers
                            .comments
                            .get(&question.code)
                            .cloned()
                            .unwrap_or_default(),
                        (_, Some(answer)) => answer_value(answer),
                        (_, None) => String::new(),
                    });
                } else {
                    let parts = match choice {
                        Some(Answer::SubItems(parts)) => parts.as_slice(),
                        _ => &[],
                    };
                    row.extend(
                        (0..question.sub_items.len())
                            .map(|i| parts.get(i).map(answer_value).unwrap_or_default()),
                    );
                }
            }
            row
        })
        .collect();
    SurveyExportDocument {
        heading: format!(
            "{} ({}) {} ปีงบประมาณ พ.ศ. {}",
            survey.title,
            survey.kind.label_th(),
            agency_name,
            survey.fiscal_year
        ),
        columns,
        rows,
        text_columns,
        questions: explained,
        score_title: if survey.kind == SurveyKind::Satisfaction {
            "ค่าเฉลี่ย (1–5)"
        } else {
            "คะแนน (0–100)"
        }
        .to_owned(),
    }
}

/// Question code → score: the engine's for IIT/EIT, the mean for satisfaction.
fn question_scores(
    survey: &Survey,
    framework: Option<&Framework>,
    questions: &[AskedQuestion],
    responses: &[SurveyResponse],
) -> Vec<(String, f64)> {
    if responses.is_empty() {
        return Vec::new();
    }
    match (survey.kind, framework) {
        (SurveyKind::Satisfaction, _) => satisfaction_summary(questions, responses)
            .rows
            .into_iter()
            .filter(|row| row.answered > 0)
            .map(|row| (row.code, row.mean))
            .collect(),
        (kind, Some(framework)) => {
            let (iit, eit): (&[SurveyResponse], &[SurveyResponse]) = match kind {
                SurveyKind::Iit => (responses, &[]),
                _ => (&[], responses),
            };
            predict(framework, iit, eit, None)
                .ok()
                .and_then(|report| report.question_scores)
                .map(|scores| {
                    scores
                        .iter()
                        .map(|(code, score)| (code.to_owned(), score))
                        .collect()
                })
                .unwrap_or_default()
        }
        (_, None) => Vec::new(),
    }
}

/// An answer as the file holds it: the level, or 1/0 for yes/no.
fn answer_value(answer: &Answer) -> String {
    match answer {
        Answer::Level(level) => level.to_string(),
        Answer::YesNo(yes) => if *yes { "1" } else { "0" }.to_owned(),
        Answer::SubItems(parts) => parts.iter().map(answer_value).collect::<Vec<_>>().join(" "),
    }
}

/// What the values of a scale mean, as the second sheet explains them.
fn values_th(scale: Scale) -> String {
    match scale {
        Scale::YesNo => "1 = มี / ใช่, 0 = ไม่มี / ไม่ใช่".to_owned(),
        Scale::Text => "ข้อความ".to_owned(),
        Scale::FourLevel | Scale::FiveLevel => scale
            .choices()
            .iter()
            .map(|(value, label)| format!("{value} = {label}"))
            .collect::<Vec<_>>()
            .join(", "),
    }
}

/// The answers as CSV with a UTF-8 byte-order mark: the header row of codes,
/// then one row per response.
#[must_use]
fn survey_export_csv(document: &SurveyExportDocument) -> Vec<u8> {
    let header: Vec<&str> = document.columns.iter().map(String::as_str).collect();
    csv_with_bom(&header, &document.rows)
}

/// The answers as an Excel workbook: the sheet of responses (levels stored as
/// numbers) and the sheet of questions with their values and scores.
///
/// # Errors
/// [`DocsError::Xlsx`] when the workbook cannot be written.
fn survey_export_xlsx(document: &SurveyExportDocument) -> Result<Vec<u8>, DocsError> {
    let answer_columns: Vec<XlsxColumn<'_>> = document
        .columns
        .iter()
        .zip(&document.text_columns)
        .enumerate()
        .map(|(index, (title, text))| XlsxColumn {
            title,
            width: match (index, text) {
                (1, _) => 12.0,
                (_, true) => 30.0,
                _ => 7.0,
            },
        })
        .collect();
    let answers: Vec<Vec<XlsxCell>> = document
        .rows
        .iter()
        .map(|row| {
            row.iter()
                .zip(&document.text_columns)
                .enumerate()
                .map(|(index, (value, text))| match (index, text) {
                    _ if value.is_empty() => XlsxCell::Empty,
                    (1, _) | (_, true) => XlsxCell::Text(value.clone()),
                    _ => XlsxCell::from_formatted(value),
                })
                .collect()
        })
        .collect();
    let mut question_columns: Vec<XlsxColumn<'_>> = QUESTION_COLUMNS
        .iter()
        .map(|(title, width)| XlsxColumn {
            title,
            width: *width,
        })
        .collect();
    question_columns.push(XlsxColumn {
        title: &document.score_title,
        width: 14.0,
    });
    let text = |s: &str| {
        if s.is_empty() {
            XlsxCell::Empty
        } else {
            XlsxCell::Text(s.to_owned())
        }
    };
    let questions: Vec<Vec<XlsxCell>> = document
        .questions
        .iter()
        .map(|q| {
            vec![
                text(&q.code),
                XlsxCell::from_formatted(&q.indicator),
                text(&q.text),
                text(&q.values),
                XlsxCell::from_formatted(&q.score),
            ]
        })
        .collect();
    workbook_xlsx(&[
        Sheet {
            name: "คำตอบ",
            title: Some(&document.heading),
            columns: &answer_columns,
            rows: &answers,
            link_columns: &[],
        },
        Sheet {
            name: "คำถาม",
            title: Some(&document.heading),
            columns: &question_columns,
            rows: &questions,
            link_columns: &[],
        },
    ])
}

impl OfficialDocument for SurveyExportDocument {
    fn csv(&self) -> Result<Vec<u8>, DocsError> {
        Ok(survey_export_csv(self))
    }

    fn xlsx(&self) -> Result<Vec<u8>, DocsError> {
        survey_export_xlsx(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_are_written_as_the_form_values() {
        assert_eq!(answer_value(&Answer::Level(3)), "3");
        assert_eq!(answer_value(&Answer::YesNo(true)), "1");
        assert_eq!(answer_value(&Answer::YesNo(false)), "0");
    }

    #[test]
    fn scales_explain_their_values() {
        assert!(values_th(Scale::FourLevel).starts_with("1 = น้อยที่สุดหรือไม่มีเลย"));
        assert!(values_th(Scale::FiveLevel).ends_with("5 = มากที่สุด"));
    }
}
