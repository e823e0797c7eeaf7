//! Two-decimal rounding exactly as NACC prints its figures.
//!
//! Every figure NACC publishes (indicator, instrument, total) has two decimals, and
//! the rating bands are written with edges like 84.99, so both the printed figures
//! and the band comparisons use the value rounded half away from zero.
//!
//! Binary floating point cannot hold most two- or three-decimal values: `1.005` is
//! stored as 1.00499999999999989…, and a mean of thirds can land a hair below a
//! half cent. A value within [`HALF_CENT_TOLERANCE`] cents of a half cent is
//! therefore treated as the exact half it stands for. The tolerance is far above
//! the error of the few dozen additions and divisions a score goes through (about
//! 1e-10 cents for values up to 100) and far below the smallest real distance from
//! a half cent that ITA arithmetic produces (answer sums are whole hundredths
//! divided by respondent and sub-item counts).
//!
//! Which values get rounded: the engine keeps every intermediate unrounded and
//! rounds each published figure once. The published data cannot tell this apart
//! from summing the printed indicator scores: the FY2564 Phichit OIT column and the
//! FY2565 Nong Prung total (60.609 from the printed indicators, printed 60.61) come
//! out the same either way, and the university re-implementation of the rules also
//! rounds only after weighting. When an agency enters NACC's official indicator
//! scores, those printed values are the input and the total is computed from them.

/// How close (in hundredths) to a half hundredth a value must be to count as one.
pub const HALF_CENT_TOLERANCE: f64 = 1e-9;

/// Rounds to two decimals, half away from zero, on the decimal value `x` stands for.
///
/// ```
/// use prongsai_core::ita::round2;
/// assert_eq!(round2(0.125), 0.13);
/// assert_eq!(round2(1.005), 1.01);
/// assert_eq!(round2(60.609), 60.61);
/// ```
#[must_use]
pub fn round2(x: f64) -> f64 {
    let cents = x * 100.0;
    let floor = cents.floor();
    let rounded = if (cents - floor - 0.5).abs() <= HALF_CENT_TOLERANCE {
        if cents >= 0.0 { floor + 1.0 } else { floor }
    } else {
        cents.round()
    };
    rounded / 100.0
}

#[cfg(test)]
mod tests {
    use super::round2;

    #[test]
    fn halves_go_away_from_zero_even_when_binary_falls_short() {
        assert_eq!(round2(0.125), 0.13);
        assert_eq!(round2(0.135), 0.14);
        assert_eq!(round2(1.005), 1.01);
        assert_eq!(round2(2.675), 2.68);
        assert_eq!(round2(25.885), 25.89);
        assert_eq!(round2(-0.125), -0.13);
        assert_eq!(round2(-1.005), -1.01);
    }

    #[test]
    fn non_halves_go_to_the_nearest() {
        assert_eq!(round2(0.124_999), 0.12);
        assert_eq!(round2(0.125_001), 0.13);
        assert_eq!(round2(60.609), 60.61);
        assert_eq!(round2(100.0), 100.0);
        assert_eq!(round2(0.0), 0.0);
        assert_eq!(round2(100.0 / 3.0), 33.33);
        assert_eq!(round2(200.0 / 3.0), 66.67);
    }

    #[test]
    fn rounding_twice_changes_nothing() {
        for x in [60.61, 0.13, 84.99, 94.995, 33.33, 66.67] {
            assert_eq!(round2(round2(x)), round2(x));
        }
    }
}
