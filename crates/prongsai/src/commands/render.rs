//! `prongsai render`: official documents from the command line, through the same
//! service functions the web pages use, so a document is the same whichever way
//! it was made.

use prongsai_app::analysis::{self, AnalysisError};
use prongsai_app::plan_documents::{
    self, DocumentError, DocumentKind as PlanDocument, DocumentRequest,
};
use prongsai_app::{action_plan_documents, complaint_statistics, oit_report, record_documents};
use prongsai_core::model::{ActionPlanId, Agency, MemoId, OrderId, ResultSource};
use prongsai_core::thai::calendar::today_in_thailand;
use prongsai_core::thai::digits::to_arabic_digits;
use prongsai_core::thai::fiscal::ReportingRound;
use prongsai_docs::DocumentFormat;
use prongsai_store::Store;

use super::{CliError, open_store};
use crate::cli::{DocumentKind, FormatArg, RenderArgs, RoundArg, SourceArg};
use crate::config::Config;

impl From<SourceArg> for ResultSource {
    fn from(s: SourceArg) -> Self {
        match s {
            SourceArg::Official => Self::Official,
            SourceArg::SelfAssessed => Self::SelfAssessed,
        }
    }
}

impl From<DocumentError> for CliError {
    fn from(e: DocumentError) -> Self {
        match e {
            DocumentError::Store(e) => e.into(),
            DocumentError::Docs(e) => Self::failure(format!("สร้างเอกสารไม่ได้: {e}")),
            other => Self::usage(other.to_string()),
        }
    }
}

fn new_renderer() -> Result<prongsai_docs::Renderer, CliError> {
    prongsai_docs::Renderer::new().map_err(|e| CliError::failure(e.to_string()))
}

impl From<AnalysisError> for CliError {
    fn from(e: AnalysisError) -> Self {
        match e {
            AnalysisError::Store(e) => e.into(),
            other => Self::usage(other.to_string()),
        }
    }
}

/// The measures-cycle document of a kind; any other kind is the measures document
/// (callers only ask for the four kinds of the cycle).
fn plan_document(kind: DocumentKind) -> PlanDocument {
    match kind {
        DocumentKind::MeasuresMemo => PlanDocument::Memo,
        DocumentKind::HalfYearReport => PlanDocument::RoundReport,
        DocumentKind::AnnualReport => PlanDocument::AnnualReport,
        _ => PlanDocument::Measures,
    }
}

fn document_format(format: FormatArg) -> DocumentFormat {
    match format {
        FormatArg::Pdf => DocumentFormat::Pdf,
        FormatArg::Docx => DocumentFormat::Docx,
        FormatArg::Xlsx => DocumentFormat::Xlsx,
        FormatArg::Csv => DocumentFormat::Csv,
    }
}

fn round(round: RoundArg) -> ReportingRound {
    match round {
        RoundArg::Half => ReportingRound::HalfYear,
        RoundArg::Full => ReportingRound::FullYear,
    }
}

/// The action plan that covers the fiscal year `--year`.
async fn covering_plan(
    store: &Store,
    agency: &Agency,
    year: i32,
) -> Result<ActionPlanId, CliError> {
    store
        .action_plan_covering(agency.id, year)
        .await?
        .map(|plan| plan.id)
        .ok_or_else(|| {
            CliError::usage(format!(
                "{} ไม่มีแผนปฏิบัติการป้องกันการทุจริตที่ครอบคลุมปีงบประมาณ {year}",
                agency.name
            ))
        })
}

/// The order `--number` names in the year (typed in Thai or Arabic digits), or the
/// latest of the year.
async fn chosen_order(
    store: &Store,
    agency: &Agency,
    year: i32,
    number: Option<&str>,
) -> Result<OrderId, CliError> {
    let orders = store.list_orders(agency.id, Some(year)).await?;
    let found = match number {
        Some(text) => {
            let arabic = to_arabic_digits(text.trim());
            let wanted = arabic.split('/').next().unwrap_or_default().trim();
            let wanted: i32 = wanted
                .parse()
                .map_err(|_| CliError::usage(format!("เลขที่คำสั่ง «{text}» ไม่ใช่ตัวเลข")))?;
            orders.iter().find(|o| o.number == wanted)
        }
        None => orders.last(),
    };
    found.map(|o| o.id).ok_or_else(|| {
        CliError::usage(match number {
            Some(n) => format!("{} ไม่มีคำสั่งที่ {n} ในปี {year}", agency.name),
            None => format!("{} ไม่มีคำสั่งในปี {year}", agency.name),
        })
    })
}

/// The memo whose number as printed is `--number` (digits compared whatever their
/// script), or the latest of the year.
async fn chosen_memo(
    store: &Store,
    agency: &Agency,
    year: i32,
    number: Option<&str>,
) -> Result<MemoId, CliError> {
    let memos = store.list_memos(agency.id, Some(year)).await?;
    let normal = |text: &str| {
        to_arabic_digits(text)
            .split_whitespace()
            .collect::<String>()
    };
    let found = match number {
        Some(text) => memos.iter().find(|m| normal(&m.number) == normal(text)),
        None => memos.last(),
    };
    found.map(|m| m.id).ok_or_else(|| {
        CliError::usage(match number {
            Some(n) => format!("{} ไม่มีบันทึกข้อความที่ {n} ในปี {year}", agency.name),
            None => format!("{} ไม่มีบันทึกข้อความในปี {year}", agency.name),
        })
    })
}

async fn render_analysis(
    store: &Store,
    agency: &Agency,
    args: &RenderArgs,
    today: chrono::NaiveDate,
) -> Result<Vec<u8>, CliError> {
    let source = ResultSource::from(args.source);
    let loaded = analysis::load(store, agency, args.year, source)
        .await
        .map_err(|e| match e {
            AnalysisError::NotFound => CliError::usage(format!(
                "{} ไม่มี{}ของปีงบประมาณ {}",
                agency.name,
                source.label_th(),
                args.year
            )),
            other => other.into(),
        })?;
    let document = analysis::document(agency, &loaded, today);
    let format = document_format(args.format);
    Ok(prongsai_docs::render(&new_renderer()?, &document, format)
        .await
        .map_err(DocumentError::from)?)
}

pub(crate) async fn run(config: &Config, args: RenderArgs) -> Result<(), CliError> {
    let store = open_store(config).await?;
    let agency = store
        .find_agency_by_code(&args.agency)
        .await?
        .ok_or_else(|| CliError::usage(format!("ไม่พบหน่วยงานรหัส {}", args.agency)))?;
    let today = today_in_thailand();
    let format = document_format(args.format);
    let year = args.year;
    let rendered = match args.kind {
        DocumentKind::Analysis => None,
        DocumentKind::Measures
        | DocumentKind::MeasuresMemo
        | DocumentKind::HalfYearReport
        | DocumentKind::AnnualReport => {
            let request = DocumentRequest {
                kind: plan_document(args.kind),
                year,
                format,
                round: round(args.round),
                with_links: args.links,
            };
            Some(plan_documents::render(&store, &new_renderer()?, &agency, request, today).await?)
        }
        DocumentKind::ActionPlan => {
            let plan = covering_plan(&store, &agency, year).await?;
            let renderer = new_renderer()?;
            Some(
                action_plan_documents::render_action_plan(&store, &renderer, &agency, plan, format)
                    .await?,
            )
        }
        DocumentKind::PlanReport => {
            let plan = covering_plan(&store, &agency, year).await?;
            let renderer = new_renderer()?;
            Some(
                action_plan_documents::render_follow_up_report(
                    &store,
                    &renderer,
                    &agency,
                    plan,
                    year,
                    round(args.round),
                    format,
                )
                .await?,
            )
        }
        DocumentKind::RiskAssessment => Some(
            record_documents::render_risk_assessment(
                &store,
                &new_renderer()?,
                &agency,
                year,
                format,
            )
            .await?,
        ),
        DocumentKind::Order => {
            let order = chosen_order(&store, &agency, year, args.number.as_deref()).await?;
            Some(
                record_documents::render_order(&store, &new_renderer()?, &agency, order, format)
                    .await?,
            )
        }
        DocumentKind::Memo => {
            let memo = chosen_memo(&store, &agency, year, args.number.as_deref()).await?;
            Some(
                record_documents::render_memo(&store, &new_renderer()?, &agency, memo, format)
                    .await?,
            )
        }
        DocumentKind::ComplaintStats => Some(
            complaint_statistics::render_complaint_statistics(
                &store,
                &new_renderer()?,
                &agency,
                year,
                format,
            )
            .await?,
        ),
        DocumentKind::Oit => Some(
            oit_report::render_oit_report(&store, &new_renderer()?, &agency, year, format).await?,
        ),
    };
    let bytes = match rendered {
        Some(document) => document.bytes,
        None => render_analysis(&store, &agency, &args, today).await?,
    };
    std::fs::write(&args.output, &bytes)
        .map_err(|e| CliError::failure(format!("เขียนไฟล์ {} ไม่ได้: {e}", args.output.display())))?;
    eprintln!("เขียน {} แล้ว ({} ไบต์)", args.output.display(), bytes.len());
    Ok(())
}
