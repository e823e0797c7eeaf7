//! Where a line of Thai may break.
//!
//! Thai is written without spaces between words, so a line may only break
//! between two words, and which letters make a word takes a dictionary. A
//! segmenter that guesses wrong splits a word across two lines ("บาง|แค",
//! "ร้อย|ละ"), which a Thai reader sees at once in a signed document.
//!
//! [`segment`] cuts a run of Thai letters into words by maximal matching: of all
//! the ways to cover the run with words of the [`Lexicon`] (the shipped
//! dictionary, [`Words::dictionary`], and the document's own names), it takes
//! the one that leaves the fewest letters outside any word, then the one with
//! the fewest words. It only ever cuts where Thai spelling allows a cut (see
//! [`clusters`]): never before a vowel or tone mark, never after a leading
//! vowel. Letters no word covers come out as [`Segment::known`] `false`, for
//! the caller to leave to its own rules.
//!
//! The dictionary is PyThaiNLP's word list (CC0-1.0; `words/README.md`), read
//! once per process into a trie.

pub mod clusters;
pub mod line_breaks;
mod trie;

use std::sync::OnceLock;

pub use trie::Words;

/// The longest word glued onto one line: longer dictionary entries (phrases
/// such as ministry names) and longer own names are left out, so that a glued
/// word still fits a narrow table column.
pub const LONGEST_WORD: usize = 24;

impl Words {
    /// The shipped Thai dictionary, built on first use: PyThaiNLP's list and
    /// our own list of local-government units and posts.
    #[must_use]
    pub fn dictionary() -> &'static Self {
        static DICTIONARY: OnceLock<Words> = OnceLock::new();
        DICTIONARY.get_or_init(|| {
            Self::new(
                include_str!("../words/words_th.txt")
                    .lines()
                    .chain(include_str!("../words/local_government.txt").lines()),
            )
        })
    }
}

/// The words a run is matched against: the dictionary and a document's own.
#[derive(Debug, Clone, Copy)]
pub struct Lexicon<'a> {
    pub dictionary: &'a Words,
    pub own: &'a Words,
}

impl Lexicon<'_> {
    /// For each word of either list that `text` starts with, its length in
    /// characters.
    fn prefix_lengths(&self, text: &[char], found: &mut Vec<usize>) {
        found.clear();
        self.dictionary.prefix_lengths(text, found);
        self.own.prefix_lengths(text, found);
    }
}

/// One piece of a segmented run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    /// Where it starts, in characters from the start of the run.
    pub start: usize,
    /// Where it ends, in characters (exclusive).
    pub end: usize,
    /// Whether it is a word of the lexicon; `false` for letters no word covers.
    pub known: bool,
}

/// The best covering found so far up to one position: letters outside any
/// word, words used, and where its last piece starts.
#[derive(Clone, Copy)]
struct Best {
    unknown: usize,
    pieces: usize,
    from: usize,
    known: bool,
}

impl Best {
    fn cost(&self) -> (usize, usize) {
        (self.unknown, self.pieces)
    }
}

/// Dictionary words longer than this many characters that are themselves
/// made of dictionary words ("ประจำปีงบประมาณ": "ประจำปี" + "งบประมาณ") come
/// out as their parts, so a narrow table column can break between them; a
/// document's own names never do.
pub const LONGEST_UNSPLIT_COMPOUND: usize = 12;

/// `run` (Thai letters, vowels and marks) cut into words, in order, covering
/// it whole; consecutive letters that no word covers are one unknown segment.
/// Long compounds come out as their parts ([`LONGEST_UNSPLIT_COMPOUND`]).
#[must_use]
pub fn segment(run: &[char], lexicon: Lexicon<'_>) -> Vec<Segment> {
    let mut pieces = Vec::new();
    for piece in cover(run, lexicon, false) {
        let word = &run[piece.start..piece.end];
        let parts = (piece.known
            && word.len() > LONGEST_UNSPLIT_COMPOUND
            && !lexicon.own.contains_chars(word))
        .then(|| cover(word, lexicon, true))
        .filter(|parts| parts.len() > 1 && parts.iter().all(|part| part.known));
        match parts {
            Some(parts) => pieces.extend(parts.into_iter().map(|part| Segment {
                start: piece.start + part.start,
                end: piece.start + part.end,
                known: true,
            })),
            None => pieces.push(piece),
        }
    }
    pieces
}

/// The best covering of `run` (see the module comment); with `parts_only`,
/// a word as long as the whole run is not used.
fn cover(run: &[char], lexicon: Lexicon<'_>, parts_only: bool) -> Vec<Segment> {
    let len = run.len();
    if len == 0 {
        return Vec::new();
    }
    let mut best: Vec<Option<Best>> = vec![None; len + 1];
    best[0] = Some(Best {
        unknown: 0,
        pieces: 0,
        from: 0,
        known: true,
    });
    let mut lengths = Vec::new();
    for start in 0..len {
        let Some(here) = best[start] else { continue };
        lexicon.prefix_lengths(&run[start..], &mut lengths);
        for &word in &lengths {
            let end = start + word;
            if parts_only && start == 0 && end == len {
                continue;
            }
            if clusters::is_boundary(run, end) {
                offer(&mut best[end], here.unknown, here.pieces + 1, start, true);
            }
        }
        let next = clusters::next_boundary(run, start);
        offer(
            &mut best[next],
            here.unknown + (next - start),
            here.pieces + 1,
            start,
            false,
        );
    }
    let mut pieces = Vec::new();
    let mut end = len;
    while end > 0 {
        let Some(step) = best[end] else { break };
        pieces.push(Segment {
            start: step.from,
            end,
            known: step.known,
        });
        end = step.from;
    }
    pieces.reverse();
    merge_unknown(pieces)
}

fn offer(slot: &mut Option<Best>, unknown: usize, pieces: usize, from: usize, known: bool) {
    let candidate = Best {
        unknown,
        pieces,
        from,
        known,
    };
    if slot.is_none_or(|current| candidate.cost() < current.cost()) {
        *slot = Some(candidate);
    }
}

fn merge_unknown(pieces: Vec<Segment>) -> Vec<Segment> {
    let mut merged: Vec<Segment> = Vec::with_capacity(pieces.len());
    for piece in pieces {
        match merged.last_mut() {
            Some(last) if !last.known && !piece.known => last.end = piece.end,
            _ => merged.push(piece),
        }
    }
    merged
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words_of(text: &str, own: &[&str]) -> Vec<String> {
        let run: Vec<char> = text.chars().collect();
        let own = Words::new(own.iter().copied());
        segment(
            &run,
            Lexicon {
                dictionary: Words::dictionary(),
                own: &own,
            },
        )
        .iter()
        .map(|s| {
            let word: String = run[s.start..s.end].iter().collect();
            if s.known { word } else { format!("?{word}") }
        })
        .collect()
    }

    #[test]
    fn the_words_a_reader_saw_split_come_out_whole() {
        assert_eq!(words_of("หมายเหตุ", &[]), ["หมายเหตุ"]);
        assert_eq!(words_of("ร้อยละ", &[]), ["ร้อยละ"]);
        assert_eq!(words_of("ปีงบประมาณ", &[]), ["ปีงบประมาณ"]);
        assert_eq!(words_of("ข้อบกพร่อง", &[]), ["ข้อบกพร่อง"]);
        assert_eq!(words_of("จุดอ่อน", &[]), ["จุดอ่อน"]);
    }

    #[test]
    fn a_sentence_is_cut_between_its_words() {
        assert_eq!(
            words_of("การป้องกันการทุจริตในองค์กร", &[]),
            ["การป้องกัน", "การ", "ทุจริต", "ใน", "องค์กร"]
        );
    }

    #[test]
    fn own_names_are_words_and_unknown_letters_stay_together() {
        assert_eq!(words_of("หัวหน้าสำนักปลัด", &[]), ["หัวหน้า", "สำนักปลัด"]);
        assert_eq!(words_of("ผู้ใหญ่บ้านฮ่องฮี", &["ฮ่องฮี"]), ["ผู้ใหญ่บ้าน", "ฮ่องฮี"]);
        assert_eq!(words_of("ทดสอบฆฆฆ", &[]), ["ทดสอบ", "?ฆฆฆ"]);
    }

    #[test]
    fn long_compounds_come_apart_into_their_words_but_own_names_never() {
        assert_eq!(words_of("ประจำปีงบประมาณ", &[]), ["ประจำ", "ปีงบประมาณ"]);
        assert_eq!(
            words_of("ประจำปีงบประมาณ", &["ประจำปีงบประมาณ"]),
            ["ประจำปีงบประมาณ"]
        );
        assert_eq!(words_of("ประพฤติมิชอบ", &[]), ["ประพฤติมิชอบ"]);
    }

    #[test]
    fn a_cut_never_separates_a_letter_from_its_marks() {
        let run: Vec<char> = "เก็บกั้นคำ".chars().collect();
        let empty = Words::new(std::iter::empty::<&str>());
        let lexicon = Lexicon {
            dictionary: &empty,
            own: &empty,
        };
        let pieces = segment(&run, lexicon);
        assert_eq!(pieces.len(), 1);
        assert!(!pieces[0].known);
        assert_eq!(pieces[0].end, run.len());
    }
}
