//! The integration tests of `linkcheck` as one test binary (one link instead of
//! one per file); each former test file is a module of it.

mod checker;
