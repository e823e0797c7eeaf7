//! User accounts and what each role may do.

use serde::{Deserialize, Serialize};

use super::ids::{AgencyId, DepartmentId, UserId};

/// What a user is allowed to do. One role per account keeps permissions explainable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// ผู้ดูแลระบบของหน่วยงาน: manages everything of its agency.
    Admin,
    /// ผู้บริหาร: reads everything of its agency, approves and signs.
    Executive,
    /// หัวหน้าส่วนราชการ: works on its own department's items.
    DepartmentHead,
    /// เจ้าหน้าที่: reads its agency's data.
    Staff,
    /// ผู้กำกับดูแล: reads many agencies (one province, or the whole country).
    Supervisor,
}

impl Role {
    /// Every role, in the order forms list them.
    pub const ALL: [Self; 5] = [
        Self::Admin,
        Self::Executive,
        Self::DepartmentHead,
        Self::Staff,
        Self::Supervisor,
    ];

    /// The stable code stored in the database and in bundles.
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            Self::Admin => "admin",
            Self::Executive => "executive",
            Self::DepartmentHead => "department_head",
            Self::Staff => "staff",
            Self::Supervisor => "supervisor",
        }
    }

    /// Parses [`Role::code`].
    #[must_use]
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.code() == code)
    }

    /// The Thai name shown to users.
    #[must_use]
    pub fn label_th(self) -> &'static str {
        match self {
            Self::Admin => "ผู้ดูแลระบบของหน่วยงาน",
            Self::Executive => "ผู้บริหาร",
            Self::DepartmentHead => "หัวหน้าส่วนราชการ",
            Self::Staff => "เจ้าหน้าที่",
            Self::Supervisor => "ผู้กำกับดูแล",
        }
    }

    /// Whether this role may change the agency's master data (profile, departments,
    /// officials, users, ITA results, frameworks).
    #[must_use]
    pub fn can_administer(self) -> bool {
        matches!(self, Self::Admin)
    }
}

/// A login account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct User {
    pub id: UserId,
    /// The agency the user belongs to; `None` only for a national supervisor.
    pub agency_id: Option<AgencyId>,
    /// Unique across the installation, compared case-insensitively (stored lower-case).
    pub username: String,
    pub display_name: String,
    pub role: Role,
    /// The department of a [`Role::DepartmentHead`].
    pub department_id: Option<DepartmentId>,
    /// The province a [`Role::Supervisor`] oversees; `None` means the whole country.
    pub supervised_province: Option<String>,
    /// PHC string of an Argon2id hash. Never shown, never logged.
    pub password_hash: String,
    /// A deactivated user cannot log in but stays in the audit trail.
    pub active: bool,
}

/// The login name as stored (trimmed, lower-case ASCII), or why it is not
/// acceptable, in Thai.
///
/// Login names are 3–64 characters of `a–z`, `0–9`, `.`, `_` and `-`, so they can
/// be typed on any keyboard and read aloud over the phone. Only ASCII letters are
/// lowered: a character that Unicode lowers *into* ASCII (the Kelvin sign) is
/// refused rather than silently becoming another name.
///
/// # Errors
/// A Thai message naming the rule that was broken.
pub fn normalize_username(input: &str) -> Result<String, &'static str> {
    let name = input.trim().to_ascii_lowercase();
    if name.is_empty() {
        return Err("กรุณากรอกชื่อผู้ใช้");
    }
    if !name
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '_' | '-'))
    {
        return Err("ชื่อผู้ใช้ใช้ได้เฉพาะตัวอักษรภาษาอังกฤษ a–z ตัวเลข 0–9 และเครื่องหมาย . _ - เท่านั้น");
    }
    if !(3..=64).contains(&name.len()) {
        return Err("ชื่อผู้ใช้ต้องยาว 3 ถึง 64 ตัวอักษร");
    }
    Ok(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usernames_are_lower_case_ascii_of_3_to_64() {
        assert_eq!(
            normalize_username("  Somchai.J_2-x "),
            Ok("somchai.j_2-x".to_owned())
        );
        assert_eq!(normalize_username("abc"), Ok("abc".to_owned()));
        assert_eq!(normalize_username(&"a".repeat(64)), Ok("a".repeat(64)));
        assert!(normalize_username("").is_err());
        assert!(normalize_username("ab").is_err());
        assert!(normalize_username(&"a".repeat(65)).is_err());
        assert!(normalize_username("สมชาย").is_err());
        assert!(normalize_username("som chai").is_err());
        assert!(normalize_username("som@chai").is_err());
        assert!(normalize_username("\u{212A}elvin").is_err());
    }

    #[test]
    fn role_codes_round_trip() {
        for role in Role::ALL {
            assert_eq!(Role::from_code(role.code()), Some(role));
        }
        assert_eq!(Role::from_code("root"), None);
        assert!(Role::Admin.can_administer());
        assert!(!Role::Executive.can_administer());
    }
}
