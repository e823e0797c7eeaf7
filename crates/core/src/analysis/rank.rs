//! Ranking indicators from highest to lowest, as the analysis section of a
//! measures document lists them (คะแนนสูงสุดรายตัวชี้วัด).
//!
//! Equal scores share a rank and the next rank skips (standard competition
//! ranking: 1, 2, 2, 4), so two indicators with the same printed score are never
//! presented as one better than the other, while the last rank still tells how
//! many indicators score higher. Scores are compared as printed (two decimals);
//! equal scores are listed by indicator number so the order is always the same.

/// An indicator's place in the ranking.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Place {
    pub rank: u32,
    pub number: u32,
    pub score: f64,
}

/// Indicator number and score pairs ranked from highest to lowest score.
pub(super) fn rank(scores: &[(u32, f64)]) -> Vec<Place> {
    let mut sorted = scores.to_vec();
    sorted.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    let mut places: Vec<Place> = Vec::with_capacity(sorted.len());
    for (position, (number, score)) in (1u32..).zip(sorted) {
        let rank = match places.last() {
            Some(last) if last.score == score => last.rank,
            _ => position,
        };
        places.push(Place {
            rank,
            number,
            score,
        });
    }
    places
}

#[cfg(test)]
mod tests {
    use super::rank;

    fn ranks(scores: &[(u32, f64)]) -> Vec<(u32, u32)> {
        rank(scores).iter().map(|p| (p.rank, p.number)).collect()
    }

    #[test]
    fn ties_share_a_rank_and_the_next_rank_skips() {
        let scores = [(1, 80.0), (2, 90.0), (3, 80.0), (4, 70.0), (5, 90.0)];
        assert_eq!(ranks(&scores), [(1, 2), (1, 5), (3, 1), (3, 3), (5, 4)]);
    }

    #[test]
    fn nothing_to_rank_gives_an_empty_ranking() {
        assert!(rank(&[]).is_empty());
    }
}
