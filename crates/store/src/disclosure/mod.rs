//! The OIT disclosure checklist: its entries and evidence links, and the runs
//! of the link checker over them.

pub(crate) mod checklist;
pub(crate) mod link_checks;
