//! The 5 × 5 heat map of a risk assessment: how many events fall in each cell
//! of likelihood × impact, and the level each cell's score has. Pages and
//! documents draw it as SVG from this. An event whose level was typed directly
//! is counted too, at its level's cell, so a register kept by levels alone
//! does not print an empty map.

use serde::Serialize;

use super::RiskAssessment;
use super::RiskRating;
use super::bands::{RiskBands, RiskLevel};

/// One cell of the map.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct HeatCell {
    pub likelihood: u8,
    pub impact: u8,
    pub level: RiskLevel,
    pub count: usize,
}

/// The map: rows of impact 5 down to 1 (as drawn, highest on top), each with
/// likelihood 1 to 5.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HeatMap {
    pub rows: Vec<Vec<HeatCell>>,
    /// Events whose level was entered directly and that are counted in the
    /// cell of their level (see [`level_cell`]).
    pub levelled: usize,
    /// Events whose level was entered directly but no cell has under the
    /// agency's bands, so they have no cell.
    pub unscored: usize,
}

/// Where an event whose level was typed directly (no likelihood or impact)
/// is counted: the cell nearest the diagonal, lowest score first, whose score
/// falls in that level under the agency's bands. Under the default bands a
/// low event sits at 1 × 1, medium at 2 × 2, high at 3 × 3 and very high at
/// 4 × 4. A level typed without its two numbers says "this much risk" and no
/// more, and a likelihood equal to the impact claims nothing about which of the
/// two drives it; taking the lowest score in the band overstates nothing. A
/// level no cell has (bands without that level) gives `None`.
#[must_use]
pub fn level_cell(bands: &RiskBands, level: RiskLevel) -> Option<(u8, u8)> {
    let mut cells: Vec<(u8, u8)> = (1..=5u8)
        .flat_map(|likelihood| (1..=5u8).map(move |impact| (likelihood, impact)))
        .collect();
    cells.sort_by_key(|&(l, i)| (l.abs_diff(i), u32::from(l) * u32::from(i), l));
    cells
        .into_iter()
        .find(|&(l, i)| bands.level(u32::from(l) * u32::from(i)) == Some(level))
}

/// Counts an assessment's events per cell: scored events at their likelihood
/// and impact, levelled ones at their level's cell ([`level_cell`]).
#[must_use]
pub fn heat_map(assessment: &RiskAssessment) -> HeatMap {
    let mut counts = [[0usize; 5]; 5];
    let (mut levelled, mut unscored) = (0, 0);
    for event in assessment.areas.iter().flat_map(|a| &a.events) {
        let cell = match event.rating {
            RiskRating::Scored { likelihood, impact }
                if (1..=5).contains(&likelihood) && (1..=5).contains(&impact) =>
            {
                Some((likelihood, impact))
            }
            RiskRating::Level { level } => {
                let cell = level_cell(&assessment.bands, level);
                levelled += usize::from(cell.is_some());
                cell
            }
            RiskRating::Scored { .. } => None,
        };
        match cell {
            Some((likelihood, impact)) => {
                counts[usize::from(impact - 1)][usize::from(likelihood - 1)] += 1;
            }
            None => unscored += 1,
        }
    }
    let rows = (1..=5u8)
        .rev()
        .map(|impact| {
            (1..=5u8)
                .map(|likelihood| HeatCell {
                    likelihood,
                    impact,
                    level: assessment
                        .bands
                        .level(u32::from(likelihood) * u32::from(impact))
                        .unwrap_or(RiskLevel::Low),
                    count: counts[usize::from(impact - 1)][usize::from(likelihood - 1)],
                })
                .collect()
        })
        .collect();
    HeatMap {
        rows,
        levelled,
        unscored,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{AgencyId, RiskAreaId};
    use crate::risk::{RiskArea, RiskEvent};

    #[test]
    fn events_land_in_their_cells() {
        let mut assessment = RiskAssessment::new(AgencyId::new(), 2568);
        let event = |l, i| RiskEvent {
            text: "x".into(),
            rating: RiskRating::Scored {
                likelihood: l,
                impact: i,
            },
        };
        assessment.areas.push(RiskArea {
            id: RiskAreaId::new(),
            process: "p".into(),
            events: vec![
                event(4, 5),
                event(4, 5),
                event(1, 1),
                RiskEvent {
                    text: "y".into(),
                    rating: RiskRating::Level {
                        level: RiskLevel::High,
                    },
                },
            ],
            controls: vec![],
        });
        let map = heat_map(&assessment);
        assert_eq!(
            map.rows[0][3].count, 2,
            "impact 5 is the top row, likelihood 4 the fourth cell"
        );
        assert_eq!(map.rows[0][3].level, RiskLevel::VeryHigh);
        assert_eq!(map.rows[4][0].count, 1);
        assert_eq!(map.rows[4][0].level, RiskLevel::Low);
        assert_eq!(
            map.rows[2][2].count, 1,
            "the event typed as high sits at 3 × 3 (impact 3 is the third row)"
        );
        assert_eq!((map.levelled, map.unscored), (1, 0));
    }

    #[test]
    fn each_level_has_its_cell_under_the_bands() {
        let bands = RiskBands::default();
        assert_eq!(level_cell(&bands, RiskLevel::Low), Some((1, 1)));
        assert_eq!(level_cell(&bands, RiskLevel::Medium), Some((2, 2)));
        assert_eq!(level_cell(&bands, RiskLevel::High), Some((3, 3)));
        assert_eq!(level_cell(&bands, RiskLevel::VeryHigh), Some((4, 4)));
        for level in [
            RiskLevel::Low,
            RiskLevel::Medium,
            RiskLevel::High,
            RiskLevel::VeryHigh,
        ] {
            let (l, i) = level_cell(&bands, level).unwrap();
            assert_eq!(bands.level(u32::from(l) * u32::from(i)), Some(level));
        }
    }
}
