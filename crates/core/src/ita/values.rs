//! What the three scorers share: the list of indicator scores an instrument
//! produces, the check that a set of codes is exactly the framework's, and the
//! plain mean. Kept apart from `score` so that the OIT and survey scorers, which
//! `score` calls, do not import from it in turn.

use std::collections::BTreeMap;

use super::error::ScoreError;

/// Indicator number → unrounded score, for one instrument.
pub(crate) type IndicatorValues = Vec<(u32, f64)>;

/// Checks that `given` holds exactly the `expected` codes. An unknown code is
/// reported before a missing one, since it is usually the missing one mistyped.
pub(crate) fn check_codes<'a, V>(
    expected: impl Iterator<Item = &'a str> + Clone,
    given: &BTreeMap<String, V>,
    unknown: impl Fn(&str) -> ScoreError,
    missing: impl Fn(&str) -> ScoreError,
) -> Result<(), ScoreError> {
    let found = expected
        .clone()
        .filter(|code| given.contains_key(*code))
        .count();
    if found < given.len()
        && let Some(stray) = given
            .keys()
            .find(|key| !expected.clone().any(|code| code == key.as_str()))
    {
        return Err(unknown(stray));
    }
    match expected.clone().find(|code| !given.contains_key(*code)) {
        Some(code) => Err(missing(code)),
        None => Ok(()),
    }
}

/// The arithmetic mean of indicator or question scores.
pub(crate) fn mean(values: &[f64]) -> f64 {
    values.iter().sum::<f64>() / values.len() as f64
}
