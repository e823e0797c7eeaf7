//! The OIT disclosure workspace (การเปิดเผยข้อมูลสาธารณะ): one checklist entry per OIT
//! item of a fiscal year, the evidence links an agency publishes for it, and what
//! a check of each link found.
//!
//! NACC's assessors pass or fail an item by opening the links the agency gives
//! them; a link that is broken, not reachable from the home page or about the
//! wrong year fails the item (the Pru Yai half-year report records exactly that:
//! "E-Service URL ไม่เชื่อมโยงกับเว็บไซต์หลัก"). So the checklist predicts a pass
//! only from links a check found working ([`predicted_items`]), and the predicted
//! score comes from the same scoring engine as the official one.

mod entry;
mod links;
mod predict;
mod settings;

pub use entry::{DisclosureEntry, DisclosureStatus, EvidenceLink, MAX_LINKS_PER_ITEM};
pub use links::{LinkCheck, LinkFacts, LinkVerdict, host_is_own, judge, mentions_fiscal_year};
pub use predict::{SubIndicatorReadiness, carry_over, predicted_items, readiness};
pub use settings::DisclosureSettings;
