//! Who is asking: passwords, sessions, CSRF tokens and login throttling.

pub(crate) mod csrf;
pub(crate) mod login;
pub mod password;
pub(crate) mod roles;
pub(crate) mod session;
pub(crate) mod throttle;
pub(crate) mod tokens;

pub(crate) use roles::{Admin, AgencyMember};
pub(crate) use session::CurrentUser;
