//! `prongsai render`: official documents from the command line, through the same
//! service functions the web pages use, so a document is the same whichever way
//! it was made.

use prongsai_core::model::ResultSource;
use prongsai_core::thai::calendar::today_in_thailand;
use prongsai_core::thai::fiscal::ReportingRound;
use prongsai_web::services::analysis::{self, AnalysisError};
use prongsai_web::services::plan_documents::{
    self, DocumentError, DocumentFormat, DocumentKind as PlanDocument, DocumentRequest,
};

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

/// The plan document a kind names; `None` for the analysis, which is made from
/// an ITA result rather than a plan.
fn plan_document(kind: DocumentKind) -> Option<PlanDocument> {
    match kind {
        DocumentKind::Analysis => None,
        DocumentKind::Measures => Some(PlanDocument::Measures),
        DocumentKind::Memo => Some(PlanDocument::Memo),
        DocumentKind::HalfYearReport => Some(PlanDocument::RoundReport),
        DocumentKind::AnnualReport => Some(PlanDocument::AnnualReport),
    }
}

async fn render_analysis(
    store: &prongsai_store::Store,
    agency: &prongsai_core::model::Agency,
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
    match args.format {
        FormatArg::Pdf => prongsai_docs::render_analysis_pdf(&new_renderer()?, &document).await,
        FormatArg::Docx => prongsai_docs::render_analysis_docx(&document),
        FormatArg::Xlsx => prongsai_docs::render_analysis_xlsx(&document),
    }
    .map_err(|e| CliError::failure(format!("สร้างเอกสารไม่ได้: {e}")))
}

pub(crate) async fn run(config: &Config, args: RenderArgs) -> Result<(), CliError> {
    let store = open_store(config).await?;
    let agency = store
        .find_agency_by_code(&args.agency)
        .await?
        .ok_or_else(|| CliError::usage(format!("ไม่พบหน่วยงานรหัส {}", args.agency)))?;
    let today = today_in_thailand();
    let bytes = match plan_document(args.kind) {
        None => render_analysis(&store, &agency, &args, today).await?,
        Some(kind) => {
            let request = DocumentRequest {
                kind,
                year: args.year,
                format: match args.format {
                    FormatArg::Pdf => DocumentFormat::Pdf,
                    FormatArg::Docx => DocumentFormat::Docx,
                    FormatArg::Xlsx => DocumentFormat::Xlsx,
                },
                round: match args.round {
                    RoundArg::Half => ReportingRound::HalfYear,
                    RoundArg::Full => ReportingRound::FullYear,
                },
                with_links: args.links,
            };
            plan_documents::render(&store, &new_renderer()?, &agency, request, today)
                .await?
                .bytes
        }
    };
    std::fs::write(&args.output, &bytes)
        .map_err(|e| CliError::failure(format!("เขียนไฟล์ {} ไม่ได้: {e}", args.output.display())))?;
    eprintln!("เขียน {} แล้ว ({} ไบต์)", args.output.display(), bytes.len());
    Ok(())
}
