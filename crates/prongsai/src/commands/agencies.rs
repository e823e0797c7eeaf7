//! `prongsai agency list|add`.

use prongsai_core::model::{Agency, AgencyId, AgencyKind};
use prongsai_core::web_link::check_link;
use prongsai_store::Actor;

use super::{CliError, open_store};
use crate::cli::{AgencyCommand, AgencyKindArg};
use crate::config::Config;

impl From<AgencyKindArg> for AgencyKind {
    fn from(k: AgencyKindArg) -> Self {
        match k {
            AgencyKindArg::Sao => Self::SubdistrictAdministrativeOrganization,
            AgencyKindArg::SubdistrictMunicipality => Self::SubdistrictMunicipality,
            AgencyKindArg::TownMunicipality => Self::TownMunicipality,
            AgencyKindArg::CityMunicipality => Self::CityMunicipality,
            AgencyKindArg::Pao => Self::ProvincialAdministrativeOrganization,
            AgencyKindArg::Other => Self::Other,
        }
    }
}

/// The website as given, through the web form's own rule ([`check_link`]: a
/// full `http://` or `https://` address, nothing guessed), so that an agency
/// added here opens on its profile page without an error the web would show.
/// Blank means none.
fn website(given: Option<&str>) -> Result<Option<String>, CliError> {
    let Some(typed) = given.map(str::trim).filter(|w| !w.is_empty()) else {
        return Ok(None);
    };
    check_link(typed).map(Some).map_err(|problem| {
        CliError::usage(match problem.offered() {
            Some(offered) => {
                format!("เว็บไซต์ {typed} มีเลขไทย (๐–๙) ซึ่งเว็บไซต์เปิดไม่ได้ หากถูกต้องให้ใช้ {offered}")
            }
            None => format!("เว็บไซต์ {typed}: {}", problem.message_th()),
        })
    })
}

pub(crate) async fn run(config: &Config, cmd: AgencyCommand) -> Result<(), CliError> {
    let store = open_store(config).await?;
    match cmd {
        AgencyCommand::List => {
            for a in store.list_agencies().await? {
                println!("{}\t{}\t{}", a.code, a.name, a.province);
            }
            Ok(())
        }
        AgencyCommand::Add(args) => {
            let code = args.code.trim().to_owned();
            if code.is_empty()
                || !code
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            {
                return Err(CliError::usage(
                    "รหัสหน่วยงานต้องเป็นอักษรอังกฤษตัวเล็ก ตัวเลข หรือขีด (-) เท่านั้น",
                ));
            }
            if args.name.trim().is_empty() || args.province.trim().is_empty() {
                return Err(CliError::usage("กรุณาระบุชื่อหน่วยงานและจังหวัด"));
            }
            let agency = Agency {
                id: AgencyId::new(),
                code,
                kind: args.kind.into(),
                name: args.name.trim().to_owned(),
                district: args.district.trim().to_owned(),
                province: args.province.trim().to_owned(),
                website: website(args.website.as_deref())?,
                thai_digits: args.thai_digits,
                logo: None,
            };
            store.create_agency(Actor::default(), &agency).await?;
            println!("เพิ่มหน่วยงาน {}\t{}", agency.code, agency.name);
            Ok(())
        }
    }
}
