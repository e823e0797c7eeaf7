//! The ITA of past years: the frameworks an agency is scored by, the results it
//! received, and the analysis written from them.

pub(crate) mod analyses;
pub(crate) mod frameworks;
pub(crate) mod results;
