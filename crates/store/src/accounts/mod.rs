//! Who an agency is and who works in it: the agency row, its departments and
//! officials, the user accounts that log in, and their sessions.

pub(crate) mod agencies;
pub(crate) mod departments;
pub(crate) mod officials;
pub(crate) mod session;
pub(crate) mod users;
