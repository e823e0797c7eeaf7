//! The 5 × 5 heat map of a risk assessment: how many scored events fall in each
//! cell of likelihood × impact, and the level each cell's score has. Pages and
//! documents draw it as SVG from this.

use serde::Serialize;

use super::RiskAssessment;
use super::RiskRating;
use super::bands::RiskLevel;

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
    /// Events whose level was entered directly, so they have no cell.
    pub unscored: usize,
}

/// Counts an assessment's events per cell.
#[must_use]
pub fn heat_map(assessment: &RiskAssessment) -> HeatMap {
    let mut counts = [[0usize; 5]; 5];
    let mut unscored = 0;
    for event in assessment.areas.iter().flat_map(|a| &a.events) {
        match event.rating {
            RiskRating::Scored { likelihood, impact }
                if (1..=5).contains(&likelihood) && (1..=5).contains(&impact) =>
            {
                counts[usize::from(impact - 1)][usize::from(likelihood - 1)] += 1;
            }
            _ => unscored += 1,
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
    HeatMap { rows, unscored }
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
        assert_eq!(map.unscored, 1);
    }
}
