//! Agencies (the tenants), their departments and their officials.

use serde::{Deserialize, Serialize};

use super::ids::{AgencyId, DepartmentId, OfficialId};

/// The legal kind of an agency; local governments first, since they are most users.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AgencyKind {
    /// องค์การบริหารส่วนตำบล (อบต.)
    SubdistrictAdministrativeOrganization,
    /// เทศบาลตำบล
    SubdistrictMunicipality,
    /// เทศบาลเมือง
    TownMunicipality,
    /// เทศบาลนคร
    CityMunicipality,
    /// องค์การบริหารส่วนจังหวัด (อบจ.)
    ProvincialAdministrativeOrganization,
    /// Any other public body.
    Other,
}

impl AgencyKind {
    /// Every kind, in the order forms list them.
    pub const ALL: [Self; 6] = [
        Self::SubdistrictAdministrativeOrganization,
        Self::SubdistrictMunicipality,
        Self::TownMunicipality,
        Self::CityMunicipality,
        Self::ProvincialAdministrativeOrganization,
        Self::Other,
    ];

    /// The stable code stored in the database and in bundles.
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            Self::SubdistrictAdministrativeOrganization => {
                "subdistrict_administrative_organization"
            }
            Self::SubdistrictMunicipality => "subdistrict_municipality",
            Self::TownMunicipality => "town_municipality",
            Self::CityMunicipality => "city_municipality",
            Self::ProvincialAdministrativeOrganization => "provincial_administrative_organization",
            Self::Other => "other",
        }
    }

    /// Parses [`AgencyKind::code`].
    #[must_use]
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }

    /// The Thai name shown to users.
    #[must_use]
    pub fn label_th(self) -> &'static str {
        match self {
            Self::SubdistrictAdministrativeOrganization => "องค์การบริหารส่วนตำบล",
            Self::SubdistrictMunicipality => "เทศบาลตำบล",
            Self::TownMunicipality => "เทศบาลเมือง",
            Self::CityMunicipality => "เทศบาลนคร",
            Self::ProvincialAdministrativeOrganization => "องค์การบริหารส่วนจังหวัด",
            Self::Other => "หน่วยงานอื่น",
        }
    }
}

/// An agency logo, kept small and in the database so a bundle carries it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Logo {
    /// `image/png` or `image/jpeg`.
    pub content_type: String,
    /// The image bytes, base64 in bundles.
    #[serde(with = "crate::bundle::base64_bytes")]
    pub bytes: Vec<u8>,
}

/// A tenant: one public agency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Agency {
    pub id: AgencyId,
    /// A short unique code used on the command line and in URLs of public pages
    /// (for example the DLA code or a slug such as `dindaeng-krabi`).
    pub code: String,
    pub kind: AgencyKind,
    /// The full name, e.g. "องค์การบริหารส่วนตำบลดินแดง".
    pub name: String,
    /// อำเภอ
    pub district: String,
    /// จังหวัด
    pub province: String,
    pub website: Option<String>,
    /// Whether documents and pages of this agency write numbers in Thai digits.
    pub thai_digits: bool,
    pub logo: Option<Logo>,
}

/// A department (สำนัก/กอง/ส่วน) of an agency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Department {
    pub agency_id: AgencyId,
    pub id: DepartmentId,
    pub name: String,
    /// Position in lists; smaller first.
    pub sort_order: i32,
}

/// A person named in documents: committee members, signers, owners of measures.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Official {
    pub agency_id: AgencyId,
    pub id: OfficialId,
    /// คำนำหน้า: นาย, นาง, นางสาว, ว่าที่ร้อยตรี …
    pub title: String,
    pub first_name: String,
    pub last_name: String,
    /// ตำแหน่ง, as the documents write it.
    pub position: String,
    pub department_id: Option<DepartmentId>,
}

impl Official {
    /// "นายสมชาย ใจดี", "ว่าที่ร้อยตรี สมชาย ใจดี": the name as every page and
    /// document prints it ([`titled_name`]).
    #[must_use]
    pub fn full_name(&self) -> String {
        titled_name(
            &self.title,
            &format!("{} {}", self.first_name, self.last_name),
        )
    }
}

/// Titles written together with the first name ("นายสมชาย"); any other
/// prefix is a rank and is followed by a space ("ว่าที่ร้อยตรี สมชาย").
const ATTACHED_TITLES: [&str; 3] = ["นาย", "นาง", "นางสาว"];

/// `name` after `prefix` (a title or a rank) the one way Thai documents print
/// it: an ordinary title attached, a rank apart, spaces collapsed.
#[must_use]
pub fn titled_name(prefix: &str, name: &str) -> String {
    let words = |text: &str| text.split_whitespace().collect::<Vec<_>>().join(" ");
    let (prefix, name) = (words(prefix), words(name));
    if prefix.is_empty() {
        name
    } else if name.is_empty() {
        prefix
    } else if ATTACHED_TITLES.contains(&prefix.as_str()) {
        format!("{prefix}{name}")
    } else {
        format!("{prefix} {name}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_title_attaches_and_a_rank_stands_apart() {
        assert_eq!(titled_name("นางสาว", "สุดา  ใจงาม"), "นางสาวสุดา ใจงาม");
        assert_eq!(titled_name(" ว่าที่ร้อยตรี ", "สมชาย ใจดี"), "ว่าที่ร้อยตรี สมชาย ใจดี");
        assert_eq!(titled_name("ด.ต.", ""), "ด.ต.");
        assert_eq!(titled_name("", "สมชาย ใจดี"), "สมชาย ใจดี");
    }
}
