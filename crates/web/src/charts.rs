//! Charts as server-rendered SVG: no JavaScript, prints well, and readable by
//! screen readers through the title and the table beside it.

use std::fmt::Write as _;

use quick_xml::escape::escape;

/// One bar: a fiscal year's total and its rating.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct YearBar {
    pub(crate) fiscal_year: i32,
    pub(crate) total: f64,
    pub(crate) rating: Option<String>,
}

const WIDTH: f64 = 640.0;
const HEIGHT: f64 = 300.0;
const LEFT: f64 = 48.0;
const RIGHT: f64 = 16.0;
const TOP: f64 = 24.0;
const BOTTOM: f64 = 56.0;
/// NACC's pass mark, drawn as a dashed line.
const PASS_MARK: f64 = 85.0;

fn y_of(score: f64) -> f64 {
    let plot = HEIGHT - TOP - BOTTOM;
    TOP + plot * (1.0 - score.clamp(0.0, 100.0) / 100.0)
}

/// ITA totals by fiscal year as a bar chart (0–100) with the pass mark. Numbers are
/// written with Thai digits when `thai_digits` is set.
pub(crate) fn ita_totals_svg(bars: &[YearBar], thai_digits: bool) -> String {
    let digits = |s: String| prongsai_core::thai::digits::digits_for(&s, thai_digits);
    let mut svg = String::new();
    let _ = write!(
        svg,
        r#"<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-labelledby="chart-title"><title id="chart-title">คะแนน ITA รวมรายปีงบประมาณ</title>"#
    );
    for tick in [0.0, 25.0, 50.0, 75.0, 100.0] {
        let y = y_of(tick);
        let _ = write!(
            svg,
            r##"<line x1="{LEFT}" y1="{y:.1}" x2="{x2}" y2="{y:.1}" stroke="#d0d7de" stroke-width="1"/><text x="{tx}" y="{ty:.1}" font-size="12" text-anchor="end" fill="#57606a">{label}</text>"##,
            x2 = WIDTH - RIGHT,
            tx = LEFT - 6.0,
            ty = y + 4.0,
            label = digits(format!("{tick:.0}")),
        );
    }
    let y_pass = y_of(PASS_MARK);
    let _ = write!(
        svg,
        r##"<line class="pass-mark" x1="{LEFT}" y1="{y_pass:.1}" x2="{x2}" y2="{y_pass:.1}" stroke="#1a7f37" stroke-width="1.5" stroke-dasharray="6 4"/><text x="{x2}" y="{ty:.1}" font-size="12" text-anchor="end" fill="#1a7f37">เกณฑ์ผ่าน {pass}</text>"##,
        x2 = WIDTH - RIGHT,
        ty = y_pass - 4.0,
        pass = digits(format!("{PASS_MARK:.0}")),
    );
    if bars.is_empty() {
        let _ = write!(
            svg,
            r##"<text x="{x}" y="{y}" font-size="14" text-anchor="middle" fill="#57606a">ยังไม่มีผลการประเมิน</text>"##,
            x = WIDTH / 2.0,
            y = HEIGHT / 2.0,
        );
    }
    let plot_width = WIDTH - LEFT - RIGHT;
    let slot = plot_width / bars.len().max(1) as f64;
    let bar_width = (slot * 0.6).min(64.0);
    for (i, bar) in bars.iter().enumerate() {
        let x = LEFT + slot * i as f64 + (slot - bar_width) / 2.0;
        let y = y_of(bar.total);
        let h = y_of(0.0) - y;
        let colour = if bar.total >= PASS_MARK {
            "#2f81f7"
        } else {
            "#d4a72c"
        };
        let centre = x + bar_width / 2.0;
        let _ = write!(
            svg,
            r##"<g class="bar" data-year="{year}"><rect x="{x:.1}" y="{y:.1}" width="{bar_width:.1}" height="{h:.1}" fill="{colour}"/><text x="{centre:.1}" y="{ty:.1}" font-size="13" text-anchor="middle" fill="#1f2328">{total}</text><text x="{centre:.1}" y="{yl:.1}" font-size="13" text-anchor="middle" fill="#1f2328">{year_label}</text><text x="{centre:.1}" y="{yr:.1}" font-size="12" text-anchor="middle" fill="#57606a">{rating}</text></g>"##,
            year = bar.fiscal_year,
            ty = y - 6.0,
            total = digits(format!("{:.2}", bar.total)),
            yl = HEIGHT - BOTTOM + 18.0,
            year_label = digits(bar.fiscal_year.to_string()),
            yr = HEIGHT - BOTTOM + 36.0,
            rating = escape(bar.rating.as_deref().unwrap_or("")),
        );
    }
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bar(year: i32, total: f64, rating: &str) -> YearBar {
        YearBar {
            fiscal_year: year,
            total,
            rating: Some(rating.to_owned()),
        }
    }

    #[test]
    fn one_bar_per_year_with_total_and_rating() {
        let svg = ita_totals_svg(&[bar(2565, 60.61, "D"), bar(2568, 97.07, "ผ่านดี")], false);
        assert_eq!(svg.matches("class=\"bar\"").count(), 2);
        assert!(svg.contains(">60.61<"));
        assert!(svg.contains(">97.07<"));
        assert!(svg.contains(">ผ่านดี<"));
        assert!(svg.contains(">2568<"));
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
    }

    #[test]
    fn taller_bar_for_higher_score() {
        assert!(y_of(97.0) < y_of(60.0));
        assert_eq!(y_of(150.0), y_of(100.0));
    }

    #[test]
    fn thai_digits_and_escaping() {
        let svg = ita_totals_svg(&[bar(2565, 60.61, "<b>")], true);
        assert!(svg.contains(">๖๐.๖๑<"));
        assert!(svg.contains(">๒๕๖๕<"));
        assert!(svg.contains("&lt;b&gt;"));
        assert!(!svg.contains("<b>"));
    }

    #[test]
    fn empty_chart_says_so() {
        assert!(ita_totals_svg(&[], false).contains("ยังไม่มีผลการประเมิน"));
    }
}
