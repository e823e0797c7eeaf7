//! Where Thai spelling allows a cut at all, whatever the words: the edges of
//! Thai character clusters.
//!
//! A vowel or tone mark written above or below a letter belongs to it; so do
//! the vowels written after it that cannot start a syllable (ะ า ำ ๅ) and the
//! repetition and abbreviation signs (ๆ ฯ). A leading vowel (เ แ โ ใ ไ) is
//! written before the letter it is spoken after and belongs to that letter.
//! Cutting at any of those places would break a syllable in two.

/// Whether `c` is a Thai letter, vowel or mark (not a digit or a symbol).
#[must_use]
pub fn is_thai_letter(c: char) -> bool {
    ('\u{0E01}'..='\u{0E4E}').contains(&c) && c != '\u{0E3F}'
}

/// A vowel written before the consonant it follows in speech.
fn is_leading_vowel(c: char) -> bool {
    ('\u{0E40}'..='\u{0E44}').contains(&c)
}

/// A character that cannot begin a cluster: marks above and below, the
/// following vowels that cannot start a syllable, ๆ and ฯ.
fn continues_cluster(c: char) -> bool {
    matches!(
        c,
        '\u{0E30}'..='\u{0E3A}' | '\u{0E45}'..='\u{0E4E}' | '\u{0E2F}'
    )
}

/// Whether a cut may fall before `run[index]` (the start and the end of the
/// run always may).
#[must_use]
pub fn is_boundary(run: &[char], index: usize) -> bool {
    if index == 0 || index >= run.len() {
        return true;
    }
    !continues_cluster(run[index]) && !is_leading_vowel(run[index - 1])
}

/// The first boundary after `index`.
#[must_use]
pub fn next_boundary(run: &[char], index: usize) -> usize {
    (index + 1..=run.len())
        .find(|&next| is_boundary(run, next))
        .unwrap_or(run.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cuts(text: &str) -> Vec<String> {
        let run: Vec<char> = text.chars().collect();
        let mut pieces = Vec::new();
        let mut start = 0;
        while start < run.len() {
            let end = next_boundary(&run, start);
            pieces.push(run[start..end].iter().collect());
            start = end;
        }
        pieces
    }

    #[test]
    fn marks_and_following_vowels_stay_with_their_letter() {
        assert_eq!(cuts("เก็บ"), ["เก็", "บ"]);
        assert_eq!(cuts("คำสั่ง"), ["คำ", "สั่", "ง"]);
        assert_eq!(cuts("นาๆ"), ["นาๆ"]);
        assert_eq!(cuts("กะ"), ["กะ"]);
        assert_eq!(cuts("ไทย"), ["ไท", "ย"]);
    }

    #[test]
    fn baht_sign_and_digits_are_not_letters() {
        assert!(!is_thai_letter('฿'));
        assert!(!is_thai_letter('๑'));
        assert!(is_thai_letter('ก'));
        assert!(is_thai_letter('์'));
    }
}
