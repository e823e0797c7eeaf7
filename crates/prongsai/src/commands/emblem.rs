//! `prongsai emblem set FILE|clear|show`: the ครุฑ that every agency's orders and
//! memos print, one image for the installation, given by its operator. The web
//! has no role above an agency's administrator, so the command line is where
//! the installation is managed. The file is checked whole
//! (`prongsai_docs::Emblem::check`) before anything is stored, so a refused
//! file leaves the emblem in use as it was.

use std::path::Path;

use prongsai_docs::Emblem;
use prongsai_store::Actor;

use super::{CliError, open_store};
use crate::cli::EmblemCommand;
use crate::config::Config;

pub(crate) async fn run(config: &Config, cmd: EmblemCommand) -> Result<(), CliError> {
    match cmd {
        EmblemCommand::Set(args) => {
            let emblem = read(&args.file)?;
            let store = open_store(config).await?;
            let summary = describe(&emblem);
            store
                .set_emblem(Actor::default(), Some(emblem.png()))
                .await?;
            println!("ตั้งตราครุฑแล้ว: {summary}");
            Ok(())
        }
        EmblemCommand::Clear => {
            let store = open_store(config).await?;
            store.set_emblem(Actor::default(), None).await?;
            println!("ลบตราครุฑแล้ว คำสั่งและบันทึกข้อความจะพิมพ์ข้อความแจ้งแทนจนกว่าจะตั้งใหม่");
            Ok(())
        }
        EmblemCommand::Show => {
            let store = open_store(config).await?;
            match store.emblem().await? {
                None => println!("ยังไม่ได้ตั้งตราครุฑ (prongsai emblem set FILE)"),
                Some(png) => match Emblem::check(&png) {
                    Ok(emblem) => println!("ตราครุฑ: {}", describe(&emblem)),
                    Err(err) => println!("ตราครุฑที่เก็บไว้ใช้ไม่ได้: {err}"),
                },
            }
            Ok(())
        }
    }
}

/// The file at `path`, decoded and checked; a refusal names the file and says
/// that nothing changed.
fn read(path: &Path) -> Result<Emblem, CliError> {
    let bytes = std::fs::read(path)
        .map_err(|e| CliError::usage(format!("อ่านไฟล์ {} ไม่ได้: {e}", path.display())))?;
    Emblem::check(&bytes)
        .map_err(|err| CliError::usage(format!("{}: {err} (ตราครุฑเดิมไม่เปลี่ยนแปลง)", path.display())))
}

/// "PNG กว้าง 270 สูง 300 พิกเซล (12,345 ไบต์)".
fn describe(emblem: &Emblem) -> String {
    format!(
        "PNG กว้าง {} สูง {} พิกเซล ({} ไบต์)",
        emblem.width(),
        emblem.height(),
        emblem.png().len()
    )
}
