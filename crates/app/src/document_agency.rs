//! The issuing agency as every document of the store sees it: its name, its
//! choice of digits, its departments, officials and logo, and the installation's
//! ครุฑ, read once here so that each document service (plan, follow-up, risk,
//! order, memo) builds it the same way.

use prongsai_core::model::Agency;
use prongsai_docs::DocumentAgency;
use prongsai_store::{Store, StoreResult};

/// The agency with its departments and officials as stored, and the
/// installation's ครุฑ.
///
/// # Errors
/// Store errors.
pub async fn document_agency(store: &Store, agency: &Agency) -> StoreResult<DocumentAgency> {
    Ok(DocumentAgency {
        name: agency.name.clone(),
        thai_digits: agency.thai_digits,
        district: agency.district.clone(),
        province: agency.province.clone(),
        departments: store.list_departments(agency.id).await?,
        officials: store.list_officials(agency.id).await?,
        logo: agency.logo.clone(),
        emblem: store.emblem().await?,
    })
}
