//! `prongsai agency list|add`.

use prongsai_core::model::{Agency, AgencyId, AgencyKind};
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
                website: args.website.filter(|w| !w.trim().is_empty()),
                thai_digits: args.thai_digits,
                logo: None,
            };
            store.create_agency(Actor::default(), &agency).await?;
            println!("เพิ่มหน่วยงาน {}\t{}", agency.code, agency.name);
            Ok(())
        }
    }
}
