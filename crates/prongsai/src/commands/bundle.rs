//! `prongsai export` and `prongsai import`: whole agencies as versioned JSON.
//! The store does the work in one transaction; this only reads and writes files.

use std::io::Write as _;
use std::path::Path;

use prongsai_core::bundle::{Bundle, read_bundle};

use super::{CliError, open_store};
use crate::cli::{ExportArgs, ImportArgs};
use crate::config::Config;

pub(crate) async fn export(config: &Config, args: ExportArgs) -> Result<(), CliError> {
    let store = open_store(config).await?;
    let agencies = match &args.agency {
        Some(code) => vec![
            store
                .find_agency_by_code(code)
                .await?
                .ok_or_else(|| CliError::usage(format!("ไม่พบหน่วยงานรหัส {code}")))?,
        ],
        None => store.list_agencies().await?,
    };
    let mut parts = Vec::with_capacity(agencies.len());
    for agency in &agencies {
        parts.push(store.export_agency(agency.id).await?);
    }
    let mut json = serde_json::to_string_pretty(&Bundle::new(parts))
        .map_err(|e| CliError::failure(e.to_string()))?;
    json.push('\n');
    if args.output == Path::new("-") {
        std::io::stdout()
            .write_all(json.as_bytes())
            .map_err(|e| CliError::failure(e.to_string()))?;
    } else {
        std::fs::write(&args.output, json).map_err(|e| {
            CliError::failure(format!("เขียนไฟล์ {} ไม่ได้: {e}", args.output.display()))
        })?;
        eprintln!(
            "ส่งออก {} หน่วยงานไปที่ {} แล้ว (ไฟล์นี้มีข้อมูลบัญชีผู้ใช้ เก็บรักษาให้ปลอดภัย)",
            agencies.len(),
            args.output.display()
        );
    }
    Ok(())
}

/// Parses a bundle file of this version or an older one (brought up to this
/// version as it is read), with a message that names what is wrong.
pub(crate) fn parse_bundle(text: &str) -> Result<Bundle, CliError> {
    let value: serde_json::Value = serde_json::from_str(text).map_err(|e| {
        CliError::usage(format!(
            "ไฟล์ไม่ใช่ JSON ที่ถูกต้อง (บรรทัด {} คอลัมน์ {}): {e}",
            e.line(),
            e.column()
        ))
    })?;
    read_bundle(value).map_err(|e| CliError::usage(e.to_string()))
}

pub(crate) async fn import(config: &Config, args: ImportArgs) -> Result<(), CliError> {
    let text = std::fs::read_to_string(&args.file)
        .map_err(|e| CliError::usage(format!("อ่านไฟล์ {} ไม่ได้: {e}", args.file.display())))?;
    let bundle = parse_bundle(&text)?;
    let store = open_store(config).await?;
    store.import_bundle(&bundle).await?;
    for part in &bundle.agencies {
        println!("นำเข้า {}\t{}", part.agency.code, part.agency.name);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::parse_bundle;

    #[test]
    fn rejects_non_bundles_with_reasons() {
        let e = parse_bundle("{").unwrap_err();
        assert!(e.to_string().contains("บรรทัด"), "{e}");
        let e = parse_bundle(r#"{"format":"other","version":1,"agencies":[]}"#).unwrap_err();
        assert!(e.to_string().contains("prongsai-bundle"), "{e}");
        let e =
            parse_bundle(r#"{"format":"prongsai-bundle","version":99,"agencies":[]}"#).unwrap_err();
        assert!(e.to_string().contains("99"), "{e}");
        assert_eq!(e.exit_code(), 2);
        for version in [1, 2] {
            let ok = parse_bundle(&format!(
                r#"{{"format":"prongsai-bundle","version":{version},"agencies":[]}}"#
            ))
            .unwrap();
            assert!(ok.agencies.is_empty());
            assert_eq!(ok.version, 2, "read as the current version");
        }
    }
}
