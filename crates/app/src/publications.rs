//! Snapshots for the transparency portal: the files of one published item,
//! rendered by the same services as the downloads on the staff pages, with a
//! short summary for the portal page, taken at the moment an administrator
//! publishes.
//!
//! The portal shows only what was stored here, so a plan edited after publishing
//! changes nothing public until it is published again. A summary holds only
//! numbers and labels that are cheap to compute and already public in the files;
//! complaint statistics take the protected corruption counts, never exact ones
//! under the agency's threshold. Numbers in summaries use Arabic digits: they
//! are read on screens and copied, where Thai digits help no one.

use chrono::{DateTime, Utc};
use prongsai_core::action_plan::{follow_up_summary, plan_totals};
use prongsai_core::complaints::statistics::ComplaintStatistics;
use prongsai_core::measures::{Progress, ProgressStatus};
use prongsai_core::model::{Agency, PublicationId, ResultSource, UserId};
use prongsai_core::publication::{
    Publication, PublishedFile, PublishedKind, PublishedSummary, SummaryTable,
};
use prongsai_core::risk::RiskLevel;
use prongsai_core::thai::calendar::in_thailand;
use prongsai_core::thai::fiscal::ReportingRound;
use prongsai_docs::{DocumentFormat, RenderedDocument, Renderer};
use prongsai_store::{Actor, Store, StoreError};

use super::action_plan_documents::{
    action_plan_for_year, render_action_plan, render_follow_up_report,
};
use super::analysis::{self, AnalysisError};
use super::complaint_statistics::{render_complaint_statistics, year_statistics};
use super::plan_documents::{self, DocumentError, DocumentKind, DocumentRequest};
use super::record_documents::render_risk_assessment;

/// The formats every kind is published in, besides CSV for the statistics.
const FORMATS: [DocumentFormat; 2] = [DocumentFormat::Pdf, DocumentFormat::Xlsx];

/// Takes the snapshot of `kind` for fiscal year `year` without storing it: the
/// files as rendered now and the summary, stamped `now` and `by`.
///
/// # Errors
/// [`DocumentError::Missing`] (with the Thai reason) when the source has not
/// been entered — no plan, no result, no assessment for the year;
/// [`DocumentError::Analysis`] when the ITA result cannot be scored; store and
/// rendering errors.
pub async fn snapshot(
    store: &Store,
    renderer: &Renderer,
    agency: &Agency,
    kind: PublishedKind,
    year: i32,
    by: Option<UserId>,
    now: DateTime<Utc>,
) -> Result<Publication, DocumentError> {
    let (files, summary, title_years) = match kind {
        PublishedKind::ItaAnalysis => ita_analysis(store, renderer, agency, year, now).await?,
        PublishedKind::Measures | PublishedKind::HalfYearReport | PublishedKind::AnnualReport => {
            measures_cycle(store, renderer, agency, kind, year, now).await?
        }
        PublishedKind::ActionPlan => action_plan(store, renderer, agency, year).await?,
        PublishedKind::PlanFollowUp => plan_follow_up(store, renderer, agency, year).await?,
        PublishedKind::RiskAssessment => risk_assessment(store, renderer, agency, year).await?,
        PublishedKind::ComplaintStatistics => {
            complaint_statistics(store, renderer, agency, year).await?
        }
    };
    Ok(Publication {
        agency_id: agency.id,
        id: PublicationId::new(),
        kind,
        fiscal_year: year,
        title: format!("{} {title_years}", kind.label_th()),
        published_at: now,
        published_by: by,
        summary,
        files,
    })
}

/// [`snapshot`], then stored in place of the agency's earlier publication of
/// the same kind and year; returns what was published.
///
/// # Errors
/// As [`snapshot`]; nothing is stored when the snapshot fails.
pub async fn publish(
    store: &Store,
    renderer: &Renderer,
    agency: &Agency,
    kind: PublishedKind,
    year: i32,
    by: Option<UserId>,
    now: DateTime<Utc>,
) -> Result<Publication, DocumentError> {
    let publication = snapshot(store, renderer, agency, kind, year, by, now).await?;
    store.publish(Actor { user_id: by }, &publication).await?;
    Ok(publication)
}

/// What a kind contributes: its files, its summary and the years its title names.
type Parts = (Vec<PublishedFile>, PublishedSummary, String);

fn file(document: RenderedDocument) -> PublishedFile {
    PublishedFile {
        file_name: document.file_name,
        content_type: document.content_type.to_owned(),
        bytes: document.bytes,
    }
}

fn year_title(year: i32) -> String {
    format!("ปีงบประมาณ พ.ศ. {year}")
}

fn fact(label: &str, value: impl ToString) -> (String, String) {
    (label.to_owned(), value.to_string())
}

fn table(caption: &str, header: &[&str], rows: Vec<Vec<String>>) -> SummaryTable {
    SummaryTable {
        caption: caption.to_owned(),
        header: header.iter().map(|h| (*h).to_owned()).collect(),
        rows,
    }
}

fn two_decimals(value: f64) -> String {
    format!("{value:.2}")
}

/// The official result of the year when NACC's is entered, else the agency's
/// own assessment, analysed as on the analysis page, as PDF and XLSX.
async fn ita_analysis(
    store: &Store,
    renderer: &Renderer,
    agency: &Agency,
    year: i32,
    now: DateTime<Utc>,
) -> Result<Parts, DocumentError> {
    let mut loaded = None;
    for source in [ResultSource::Official, ResultSource::SelfAssessed] {
        match analysis::load(store, agency, year, source).await {
            Ok(found) => {
                loaded = Some(found);
                break;
            }
            Err(AnalysisError::NotFound) => {}
            Err(e) => return Err(e.into()),
        }
    }
    let loaded = loaded.ok_or_else(|| {
        DocumentError::Missing(format!("ยังไม่มีผลการประเมิน ITA ของปีงบประมาณ {year}"))
    })?;
    let document = analysis::document(agency, &loaded, in_thailand(now).date_naive());
    let stem = format!("ita-analysis-{year}-{}", loaded.result.source.code());
    let files = vec![
        PublishedFile {
            file_name: format!("{stem}.pdf"),
            content_type: DocumentFormat::Pdf.content_type().to_owned(),
            bytes: prongsai_docs::render(renderer, &document, DocumentFormat::Pdf).await?,
        },
        PublishedFile {
            file_name: format!("{stem}.xlsx"),
            content_type: DocumentFormat::Xlsx.content_type().to_owned(),
            bytes: prongsai_docs::render(renderer, &document, DocumentFormat::Xlsx).await?,
        },
    ];
    let a = &loaded.analysis;
    let mut facts = vec![fact("ที่มาของผลการประเมิน", loaded.result.source.label_th())];
    facts.push(match a.total {
        Some(total) => fact("คะแนนรวม", two_decimals(total)),
        None => fact("คะแนนรวม", "ยังไม่ครบทุกเครื่องมือการประเมิน"),
    });
    if let Some(rating) = &a.rating {
        facts.push(fact("ระดับผลการประเมิน", rating));
    }
    let instruments = a
        .instruments
        .iter()
        .map(|i| {
            vec![
                i.code.code().to_owned(),
                i.name_th.clone(),
                two_decimals(i.percent),
                two_decimals(i.points),
            ]
        })
        .collect();
    let mut indicators: Vec<_> = a.ranked.iter().collect();
    indicators.sort_by_key(|i| i.number);
    let indicators = indicators
        .into_iter()
        .map(|i| {
            vec![
                i.number.to_string(),
                i.name_th.clone(),
                i.instrument.code().to_owned(),
                two_decimals(i.score),
            ]
        })
        .collect();
    let summary = PublishedSummary {
        facts,
        tables: vec![
            table(
                "คะแนนตามเครื่องมือการประเมิน",
                &["เครื่องมือ", "ชื่อ", "ร้อยละ", "คะแนนถ่วงน้ำหนัก"],
                instruments,
            ),
            table(
                "คะแนนรายตัวชี้วัด",
                &["ตัวชี้วัดที่", "ตัวชี้วัด", "เครื่องมือ", "คะแนน"],
                indicators,
            ),
        ],
    };
    Ok((files, summary, year_title(year)))
}

/// The measures document or a report of the measures cycle, as PDF and XLSX,
/// with the counts of topics and measures (and, for a report, how far the
/// measures got in its round).
async fn measures_cycle(
    store: &Store,
    renderer: &Renderer,
    agency: &Agency,
    kind: PublishedKind,
    year: i32,
    now: DateTime<Utc>,
) -> Result<Parts, DocumentError> {
    let (document_kind, round) = match kind {
        PublishedKind::HalfYearReport => {
            (DocumentKind::RoundReport, Some(ReportingRound::HalfYear))
        }
        PublishedKind::AnnualReport => (DocumentKind::AnnualReport, Some(ReportingRound::FullYear)),
        _ => (DocumentKind::Measures, None),
    };
    let today = in_thailand(now).date_naive();
    let mut files = Vec::new();
    for format in FORMATS {
        let request = DocumentRequest {
            kind: document_kind,
            year,
            format,
            round: round.unwrap_or(ReportingRound::HalfYear),
            with_links: false,
        };
        files.push(file(
            plan_documents::render(store, renderer, agency, request, today).await?,
        ));
    }
    let topics = store.list_topics(agency.id, year).await?;
    let measures = store.list_measures(agency.id, year).await?;
    let mut facts = vec![
        fact("จำนวนประเด็น", topics.len()),
        fact("จำนวนมาตรการ", measures.len()),
    ];
    if let Some(round) = round {
        let progress = store.list_progress(agency.id, year, round).await?;
        let count = |status: ProgressStatus| {
            progress
                .iter()
                .filter(|p: &&Progress| p.status == status)
                .count()
        };
        let done = count(ProgressStatus::Done);
        let in_progress = count(ProgressStatus::InProgress);
        facts.push(fact("ดำเนินการแล้วเสร็จ", done));
        facts.push(fact("อยู่ระหว่างดำเนินการ", in_progress));
        facts.push(fact(
            "ยังไม่ได้ดำเนินการ",
            measures.len().saturating_sub(done + in_progress),
        ));
    }
    let rows = topics
        .iter()
        .map(|t| {
            let count = measures.iter().filter(|m| m.topic_id == t.id).count();
            vec![t.position.to_string(), t.title.clone(), count.to_string()]
        })
        .collect();
    let summary = PublishedSummary {
        facts,
        tables: vec![table(
            "มาตรการตามประเด็น",
            &["ประเด็นที่", "ประเด็น", "จำนวนมาตรการ"],
            rows,
        )],
    };
    Ok((files, summary, year_title(year)))
}

/// The action plan covering the year, as PDF and XLSX, with its years, number
/// of projects and budget per year.
async fn action_plan(
    store: &Store,
    renderer: &Renderer,
    agency: &Agency,
    year: i32,
) -> Result<Parts, DocumentError> {
    let plan = action_plan_for_year(store, agency, year).await?;
    let mut files = Vec::new();
    for format in FORMATS {
        files.push(file(
            render_action_plan(store, renderer, agency, plan.id, format).await?,
        ));
    }
    let totals = plan_totals(&plan).plan;
    let rows = totals
        .per_year
        .iter()
        .map(|y| vec![y.fiscal_year.to_string(), y.amount.to_string()])
        .collect();
    let summary = PublishedSummary {
        facts: vec![
            fact("ชื่อแผน", &plan.title),
            fact("ระยะเวลาของแผน", plan.years_label()),
            fact("จำนวนโครงการ", totals.projects),
            fact("งบประมาณรวม (บาท)", totals.total),
        ],
        tables: vec![table(
            "งบประมาณตามปีงบประมาณ",
            &["ปีงบประมาณ", "งบประมาณ (บาท)"],
            rows,
        )],
    };
    Ok((files, summary, format!("ปีงบประมาณ {}", plan.years_label())))
}

/// The full-year follow-up report of the plan covering the year, as PDF and
/// XLSX, with how many projects were done and what was spent.
async fn plan_follow_up(
    store: &Store,
    renderer: &Renderer,
    agency: &Agency,
    year: i32,
) -> Result<Parts, DocumentError> {
    let plan = action_plan_for_year(store, agency, year).await?;
    let round = ReportingRound::FullYear;
    let mut files = Vec::new();
    for format in FORMATS {
        files.push(file(
            render_follow_up_report(store, renderer, agency, plan.id, year, round, format).await?,
        ));
    }
    let reports = store
        .list_follow_ups(agency.id, plan.id, year, round)
        .await?;
    let s = follow_up_summary(&plan, &reports, year, round);
    let summary = PublishedSummary {
        facts: vec![
            fact(
                "แผนปฏิบัติการ",
                format!("{} {}", plan.title, plan.years_label()),
            ),
            fact("จำนวนโครงการในปีงบประมาณ", s.projects),
            fact("ดำเนินการแล้วเสร็จ", s.done),
            fact("อยู่ระหว่างดำเนินการ", s.in_progress),
            fact("ยังไม่ได้ดำเนินการ", s.not_started),
            fact("งบประมาณตามแผน (บาท)", s.budget),
            fact("ใช้จ่ายจริง (บาท)", s.spent),
        ],
        tables: Vec::new(),
    };
    Ok((files, summary, year_title(year)))
}

/// The risk assessment of the year, as PDF and XLSX, with its events counted
/// per level.
async fn risk_assessment(
    store: &Store,
    renderer: &Renderer,
    agency: &Agency,
    year: i32,
) -> Result<Parts, DocumentError> {
    let mut files = Vec::new();
    for format in FORMATS {
        files.push(file(
            render_risk_assessment(store, renderer, agency, year, format).await?,
        ));
    }
    let assessment = store
        .get_risk_assessment(agency.id, year)
        .await?
        .ok_or(StoreError::NotFound)?;
    let events: Vec<_> = assessment.areas.iter().flat_map(|a| &a.events).collect();
    let levels: Vec<_> = events.iter().map(|e| e.level(&assessment.bands)).collect();
    let rows = RiskLevel::ALL
        .iter()
        .rev()
        .map(|level| {
            let count = levels.iter().filter(|l| **l == Some(*level)).count();
            vec![level.label_th().to_owned(), count.to_string()]
        })
        .collect();
    let summary = PublishedSummary {
        facts: vec![
            fact("จำนวนกระบวนงานที่ประเมิน", assessment.areas.len()),
            fact("จำนวนเหตุการณ์ความเสี่ยง", events.len()),
        ],
        tables: vec![table(
            "เหตุการณ์ความเสี่ยงตามระดับ",
            &["ระดับความเสี่ยง", "จำนวนเหตุการณ์"],
            rows,
        )],
    };
    Ok((files, summary, year_title(year)))
}

/// The statistics document of the year as PDF, XLSX and CSV, with counts by
/// channel and status: exact for general complaints, protected for corruption
/// reports.
async fn complaint_statistics(
    store: &Store,
    renderer: &Renderer,
    agency: &Agency,
    year: i32,
) -> Result<Parts, DocumentError> {
    let mut files = Vec::new();
    for format in [
        DocumentFormat::Pdf,
        DocumentFormat::Xlsx,
        DocumentFormat::Csv,
    ] {
        files.push(file(
            render_complaint_statistics(store, renderer, agency, year, format).await?,
        ));
    }
    let stats = year_statistics(store, agency, year).await?;
    let summary = PublishedSummary {
        facts: vec![
            fact("เรื่องร้องเรียนทั่วไป", stats.complaints.total.text_th()),
            fact(
                "เรื่องร้องเรียนการทุจริตและประพฤติมิชอบ",
                stats.corruption.total.text_th(),
            ),
            fact("ตอบกลับทันเวลา (เรื่องร้องเรียนทั่วไป)", on_time(&stats.complaints)),
        ],
        tables: vec![
            by_channel("เรื่องร้องเรียนทั่วไปตามช่องทาง", &stats.complaints),
            by_status("เรื่องร้องเรียนทั่วไปตามสถานะ", &stats.complaints),
            by_channel("เรื่องร้องเรียนการทุจริตตามช่องทาง", &stats.corruption),
            by_status("เรื่องร้องเรียนการทุจริตตามสถานะ", &stats.corruption),
        ],
    };
    Ok((files, summary, year_title(year)))
}

fn on_time(stats: &ComplaintStatistics) -> String {
    stats
        .on_time_percent
        .map_or_else(|| "–".to_owned(), |p| format!("ร้อยละ {p:.1}"))
}

fn by_channel(caption: &str, stats: &ComplaintStatistics) -> SummaryTable {
    let mut rows: Vec<_> = stats
        .by_channel
        .rows
        .iter()
        .map(|(channel, count)| vec![channel.label_th().to_owned(), count.text_th()])
        .collect();
    rows.push(vec!["รวม".to_owned(), stats.by_channel.total.text_th()]);
    table(caption, &["ช่องทาง", "จำนวน"], rows)
}

fn by_status(caption: &str, stats: &ComplaintStatistics) -> SummaryTable {
    let mut rows: Vec<_> = stats
        .by_status
        .rows
        .iter()
        .map(|(status, count)| vec![status.label_th().to_owned(), count.text_th()])
        .collect();
    rows.push(vec!["รวม".to_owned(), stats.by_status.total.text_th()]);
    table(caption, &["สถานะ", "จำนวน"], rows)
}
