//! Work that a page and a command both need, written once: load what the store
//! holds, apply the core rules, and shape the result for a page or a document.
//! Pages and `prongsai render` call these; neither repeats the steps.

pub mod analysis;
pub mod plan_documents;
