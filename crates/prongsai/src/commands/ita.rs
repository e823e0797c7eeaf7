//! `prongsai ita score`: the scoring engine on a file, for scripts and for
//! checking a result by hand. The engine and its messages live in core.

use std::io::Read as _;
use std::path::Path;

use prongsai_core::ita::{self, Catalog, Framework};

use super::CliError;
use crate::cli::ItaCommand;

fn read_input(path: &Path) -> Result<String, CliError> {
    if path == Path::new("-") {
        let mut text = String::new();
        std::io::stdin()
            .read_to_string(&mut text)
            .map_err(|e| CliError::usage(format!("อ่านข้อมูลจาก stdin ไม่ได้: {e}")))?;
        Ok(text)
    } else {
        std::fs::read_to_string(path)
            .map_err(|e| CliError::usage(format!("อ่านไฟล์ {} ไม่ได้: {e}", path.display())))
    }
}

pub(crate) fn run(cmd: ItaCommand) -> Result<(), CliError> {
    match cmd {
        ItaCommand::Score(args) => {
            let mut own = Vec::new();
            for path in &args.framework {
                let text = read_input(path)?;
                let framework = Framework::from_json(&text).map_err(|e| {
                    CliError::usage(format!("กรอบการประเมิน {}: {e}", path.display()))
                })?;
                own.push(framework);
            }
            let catalog = Catalog::new(own);
            let text = read_input(&args.file)?;
            let report = ita::score_json(&text, &catalog)
                .map_err(|e| CliError::usage(format!("{}: {e}", args.file.display())))?;
            for warning in &report.warnings {
                eprintln!("คำเตือน: {warning}");
            }
            let json = serde_json::to_string_pretty(&report)
                .map_err(|e| CliError::failure(e.to_string()))?;
            println!("{json}");
            Ok(())
        }
    }
}
