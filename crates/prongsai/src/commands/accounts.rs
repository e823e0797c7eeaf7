//! `prongsai user add|passwd`: accounts from the command line, for the first
//! administrator of an agency and for supervisors.

use std::io::BufRead as _;

use prongsai_core::model::{Role, User, UserId, normalize_username};
use prongsai_store::{Actor, Store};

use super::open_store;
use crate::cli::{RoleArg, UserCommand};
use crate::config::Config;
use crate::credentials::{generate_password, hash};
use crate::error::CliError;

/// The shortest password accepted (the web forms use the same rule).
const MIN_PASSWORD_LEN: usize = 10;

impl From<RoleArg> for Role {
    fn from(r: RoleArg) -> Self {
        match r {
            RoleArg::Admin => Self::Admin,
            RoleArg::Executive => Self::Executive,
            RoleArg::DepartmentHead => Self::DepartmentHead,
            RoleArg::Staff => Self::Staff,
            RoleArg::Supervisor => Self::Supervisor,
        }
    }
}

/// The password from stdin's first line, or a generated one (and whether it was generated).
fn obtain_password(from_stdin: bool) -> Result<(String, bool), CliError> {
    if !from_stdin {
        return Ok((generate_password(), true));
    }
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(|e| CliError::usage(format!("อ่านรหัสผ่านจาก stdin ไม่ได้: {e}")))?;
    let password = line.trim_end_matches(['\r', '\n']).to_owned();
    if password.chars().count() < MIN_PASSWORD_LEN {
        return Err(CliError::usage(format!(
            "รหัสผ่านต้องยาวอย่างน้อย {MIN_PASSWORD_LEN} ตัวอักษร"
        )));
    }
    Ok((password, false))
}

pub(crate) async fn run(config: &Config, cmd: UserCommand) -> Result<(), CliError> {
    let store = open_store(config).await?;
    match cmd {
        UserCommand::Add(args) => {
            let username = normalize_username(&args.username).map_err(CliError::usage)?;
            let role = Role::from(args.role);
            let (agency_id, department_id) = resolve_scope(&store, role, &args).await?;
            let (password, generated) = obtain_password(args.password_stdin)?;
            let user = User {
                id: UserId::new(),
                agency_id,
                username,
                display_name: args.name.trim().to_owned(),
                role,
                department_id,
                supervised_province: args.province.filter(|p| !p.trim().is_empty()),
                password_hash: hash(password.clone()).await?,
                active: true,
            };
            store.create_user(Actor::default(), &user).await?;
            println!("เพิ่มผู้ใช้ {} ({})", user.username, role.label_th());
            if generated {
                println!("รหัสผ่าน: {password}");
            }
            Ok(())
        }
        UserCommand::Passwd(args) => {
            let mut user = store
                .find_user_by_username(&args.username)
                .await?
                .ok_or_else(|| CliError::usage(format!("ไม่พบผู้ใช้ {}", args.username)))?;
            let (password, generated) = obtain_password(args.password_stdin)?;
            user.password_hash = hash(password.clone()).await?;
            store.update_user(Actor::default(), &user).await?;
            store.delete_user_sessions(user.id).await?;
            println!("เปลี่ยนรหัสผ่านของ {} แล้ว", user.username);
            if generated {
                println!("รหัสผ่านใหม่: {password}");
            }
            Ok(())
        }
    }
}

async fn resolve_scope(
    store: &Store,
    role: Role,
    args: &crate::cli::UserAddArgs,
) -> Result<
    (
        Option<prongsai_core::model::AgencyId>,
        Option<prongsai_core::model::DepartmentId>,
    ),
    CliError,
> {
    let agency = match &args.agency {
        Some(code) => Some(
            store
                .find_agency_by_code(code)
                .await?
                .ok_or_else(|| CliError::usage(format!("ไม่พบหน่วยงานรหัส {code}")))?,
        ),
        None if role == Role::Supervisor => None,
        None => return Err(CliError::usage("กรุณาระบุ --agency (ยกเว้นผู้กำกับดูแล)")),
    };
    let department = match (&args.department, &agency) {
        (Some(name), Some(agency)) => Some(
            store
                .list_departments(agency.id)
                .await?
                .into_iter()
                .find(|d| d.name == name.trim())
                .ok_or_else(|| CliError::usage(format!("ไม่พบส่วนราชการ \"{name}\" ในหน่วยงานนี้")))?
                .id,
        ),
        (Some(_), None) => return Err(CliError::usage("ระบุ --department ได้เมื่อระบุ --agency")),
        (None, _) if role == Role::DepartmentHead => {
            return Err(CliError::usage("หัวหน้าส่วนราชการต้องระบุ --department"));
        }
        (None, _) => None,
    };
    Ok((agency.map(|a| a.id), department))
}

#[cfg(test)]
mod tests {
    use super::generate_password;

    #[test]
    fn generated_passwords_are_long_and_unambiguous() {
        let p = generate_password();
        assert_eq!(p.chars().count(), 16);
        assert!(!p.contains(['0', 'O', '1', 'l', 'I']));
        assert_ne!(p, generate_password());
    }
}
