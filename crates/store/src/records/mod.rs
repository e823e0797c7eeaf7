//! The agency's signed and planned records: orders and memos, the
//! corruption-risk assessment, the multi-year action plan and its follow-ups.

pub(crate) mod action_plans;
pub(crate) mod follow_ups;
pub(crate) mod memos;
pub(crate) mod orders;
pub(crate) mod risk_assessments;
