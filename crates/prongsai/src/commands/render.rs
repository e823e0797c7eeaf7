//! `prongsai render`: official documents from the command line, through the same
//! service functions the web pages use, so a document is the same whichever way
//! it was made.

use prongsai_core::model::ResultSource;
use prongsai_core::thai::calendar::today_in_thailand;
use prongsai_web::services::analysis::{self, AnalysisError};

use super::{CliError, open_store};
use crate::cli::{DocumentKind, FormatArg, RenderArgs, SourceArg};
use crate::config::Config;

impl From<SourceArg> for ResultSource {
    fn from(s: SourceArg) -> Self {
        match s {
            SourceArg::Official => Self::Official,
            SourceArg::SelfAssessed => Self::SelfAssessed,
        }
    }
}

impl From<AnalysisError> for CliError {
    fn from(e: AnalysisError) -> Self {
        match e {
            AnalysisError::Store(e) => e.into(),
            other => Self::usage(other.to_string()),
        }
    }
}

pub(crate) async fn run(config: &Config, args: RenderArgs) -> Result<(), CliError> {
    let store = open_store(config).await?;
    let agency = store
        .find_agency_by_code(&args.agency)
        .await?
        .ok_or_else(|| CliError::usage(format!("ไม่พบหน่วยงานรหัส {}", args.agency)))?;
    let today = today_in_thailand();
    let bytes = match args.kind {
        DocumentKind::Analysis => {
            let source = ResultSource::from(args.source);
            let loaded = analysis::load(&store, &agency, args.year, source)
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
            let document = analysis::document(&agency, &loaded, today);
            match args.format {
                FormatArg::Pdf => {
                    let renderer = prongsai_docs::Renderer::new()
                        .map_err(|e| CliError::failure(e.to_string()))?;
                    prongsai_docs::render_analysis_pdf(&renderer, &document).await
                }
                FormatArg::Docx => prongsai_docs::render_analysis_docx(&document),
                FormatArg::Xlsx => prongsai_docs::render_analysis_xlsx(&document),
            }
            .map_err(|e| CliError::failure(format!("สร้างเอกสารไม่ได้: {e}")))?
        }
    };
    std::fs::write(&args.output, &bytes)
        .map_err(|e| CliError::failure(format!("เขียนไฟล์ {} ไม่ได้: {e}", args.output.display())))?;
    eprintln!("เขียน {} แล้ว ({} ไบต์)", args.output.display(), bytes.len());
    Ok(())
}
