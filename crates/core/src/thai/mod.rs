//! Thai calendar, fiscal years and numbers.
