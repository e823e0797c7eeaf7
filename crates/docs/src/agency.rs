//! What every document needs to know about the agency that issues it: its name as
//! printed, its choice of Thai or Arabic digits, where it is, and the departments,
//! officials and logo that documents name or show, and the ครุฑ it prints on official
//! correspondence. Builders take this instead of the store's rows so that a document can be
//! made from any source (the store, a test, a bench).

use prongsai_core::model::{Department, DepartmentId, Logo, Official, OfficialId};

/// The issuing agency as documents see it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DocumentAgency {
    /// The full name, e.g. "องค์การบริหารส่วนตำบลบางแค".
    pub name: String,
    /// Whether numbers are printed in Thai digits.
    pub thai_digits: bool,
    /// อำเภอ, without the word, e.g. "ลำทับ"; may be empty.
    pub district: String,
    /// จังหวัด, without the word, e.g. "กระบี่"; may be empty.
    pub province: String,
    pub departments: Vec<Department>,
    pub officials: Vec<Official>,
    pub logo: Option<Logo>,
    /// The ครุฑ as PNG, the same for every agency of the installation (set by
    /// its operator, checked by [`crate::Emblem::check`]); `None` until set.
    pub emblem: Option<Vec<u8>>,
}

impl DocumentAgency {
    /// A department's name, or `None` when it is not the agency's.
    #[must_use]
    pub fn department_name(&self, id: DepartmentId) -> Option<&str> {
        self.departments
            .iter()
            .find(|d| d.id == id)
            .map(|d| d.name.as_str())
    }

    /// "อำเภอลำทับ จังหวัดกระบี่", without the empty parts.
    #[must_use]
    pub fn location(&self) -> String {
        let mut parts = Vec::new();
        if !self.district.trim().is_empty() {
            parts.push(format!("อำเภอ{}", self.district.trim()));
        }
        if !self.province.trim().is_empty() {
            parts.push(format!("จังหวัด{}", self.province.trim()));
        }
        parts.join(" ")
    }

    /// The logo's bytes, as a document carries them to the template and the
    /// Word file; none when they do not decode (see `logo`), so a broken logo
    /// leaves the page without it instead of failing the document.
    #[must_use]
    pub fn logo_bytes(&self) -> Option<Vec<u8>> {
        self.logo
            .as_ref()
            .filter(|logo| crate::logo::is_printable(&logo.bytes))
            .map(|logo| logo.bytes.clone())
    }

    /// An official of the agency.
    #[must_use]
    pub fn official(&self, id: OfficialId) -> Option<&Official> {
        self.officials.iter().find(|o| o.id == id)
    }
}
