//! A word list as a trie of characters, for finding every word a text starts
//! with in one walk.
//!
//! The trie is built node by node and then laid out flat: each node's edges
//! sit side by side in one array, labelled by the letter's offset in the Thai
//! block (one byte), and the root's edges are a table by letter. The segmenter
//! walks it from every position of every Thai string a document prints, so the
//! walk must stay in a few cache lines (a vector per node was a quarter of the
//! segmentation's time).

/// Thai letters are U+0E01..U+0E4E: a letter is its offset from U+0E00.
const THAI_BLOCK: u32 = 0x0E00;
/// The letters a label can hold (the Thai block's 128 code points).
const LABELS: usize = 128;
/// No edge for this letter (in the root's table).
const NONE: u32 = u32::MAX;

/// A set of Thai words, each at least two and at most
/// [`crate::LONGEST_WORD`] characters of Thai letters.
#[derive(Debug, Clone)]
pub struct Words {
    /// The root's child for each letter, or [`NONE`].
    root: Vec<u32>,
    /// Where each node's edges start in `labels` and `targets` (one more
    /// entry than nodes, so node `n`'s edges end where `n + 1`'s start).
    first_edge: Vec<u32>,
    /// Each edge's letter, sorted within a node.
    labels: Vec<u8>,
    /// Each edge's child node.
    targets: Vec<u32>,
    /// Whether a word ends at each node.
    ends_word: Vec<bool>,
}

/// The trie while words are added: a sorted edge list per node.
struct Builder {
    children: Vec<Vec<(u8, u32)>>,
    ends_word: Vec<bool>,
}

impl Builder {
    fn insert(&mut self, word: &str) {
        let length = word.chars().count();
        if !(2..=crate::LONGEST_WORD).contains(&length)
            || !word.chars().all(crate::clusters::is_thai_letter)
        {
            return;
        }
        let mut node = 0;
        for label in word.chars().filter_map(label) {
            node = match self.children[node].binary_search_by_key(&label, |&(k, _)| k) {
                Ok(at) => self.children[node][at].1 as usize,
                Err(at) => {
                    let next = self.children.len();
                    self.children.push(Vec::new());
                    self.ends_word.push(false);
                    self.children[node].insert(at, (label, u32::try_from(next).unwrap_or(NONE)));
                    next
                }
            };
        }
        self.ends_word[node] = true;
    }

    fn freeze(self) -> Words {
        let mut root = vec![NONE; LABELS];
        for &(label, child) in &self.children[0] {
            root[usize::from(label)] = child;
        }
        let mut first_edge = Vec::with_capacity(self.children.len() + 1);
        let mut labels = Vec::new();
        let mut targets = Vec::new();
        for edges in &self.children {
            first_edge.push(u32::try_from(labels.len()).unwrap_or(NONE));
            labels.extend(edges.iter().map(|&(label, _)| label));
            targets.extend(edges.iter().map(|&(_, child)| child));
        }
        first_edge.push(u32::try_from(labels.len()).unwrap_or(NONE));
        Words {
            root,
            first_edge,
            labels,
            targets,
            ends_word: self.ends_word,
        }
    }
}

/// A Thai letter's label; `None` for any other character.
fn label(c: char) -> Option<u8> {
    u32::from(c)
        .checked_sub(THAI_BLOCK)
        .filter(|&offset| offset < LABELS as u32)
        .and_then(|offset| u8::try_from(offset).ok())
}

impl Words {
    /// The words of `list` that are Thai words this crate can use (others are
    /// skipped: too short, too long, or with other characters).
    pub fn new<'a>(list: impl IntoIterator<Item = &'a str>) -> Self {
        let mut builder = Builder {
            children: vec![Vec::new()],
            ends_word: vec![false],
        };
        for word in list {
            builder.insert(word.trim());
        }
        builder.freeze()
    }

    /// Whether `word` is in the list.
    #[must_use]
    pub fn contains(&self, word: &str) -> bool {
        self.contains_chars(&word.chars().collect::<Vec<_>>())
    }

    /// Whether the word spelled by `chars` is in the list.
    #[must_use]
    pub fn contains_chars(&self, chars: &[char]) -> bool {
        let mut found = Vec::new();
        self.prefix_lengths(chars, &mut found);
        found.contains(&chars.len())
    }

    /// Appends to `found` the length of every word `text` starts with.
    pub(crate) fn prefix_lengths(&self, text: &[char], found: &mut Vec<usize>) {
        let Some(mut node) = text
            .first()
            .and_then(|&c| label(c))
            .map(|first| self.root[usize::from(first)])
            .filter(|&node| node != NONE)
        else {
            return;
        };
        for (index, &c) in text.iter().enumerate().skip(1) {
            if self.ends_word[node as usize] {
                found.push(index);
            }
            let Some(wanted) = label(c) else { return };
            let node_index = node as usize;
            let edges =
                self.first_edge[node_index] as usize..self.first_edge[node_index + 1] as usize;
            match self.labels[edges.clone()].iter().position(|&l| l == wanted) {
                Some(at) => node = self.targets[edges.start + at],
                None => return,
            }
        }
        if self.ends_word[node as usize] {
            found.push(text.len());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_every_word_a_text_starts_with() {
        let words = Words::new(["ปี", "ปีงบ", "ปีงบประมาณ", "งบ", "x1"]);
        let text: Vec<char> = "ปีงบประมาณนี้".chars().collect();
        let mut found = Vec::new();
        words.prefix_lengths(&text, &mut found);
        assert_eq!(found, [2, 4, 10]);
        assert!(!words.contains("x1"));
        assert!(words.contains("งบ"));
        assert!(!words.contains("งบป"));
    }

    #[test]
    fn the_dictionary_has_common_words_and_not_long_phrases() {
        let dictionary = Words::dictionary();
        assert!(dictionary.contains("ท้องถิ่น"));
        assert!(dictionary.contains("บางแค"));
        assert!(!dictionary.contains("กรมวิทยาศาสตร์การแพทย์และสาธารณสุขเพื่อการพัฒนา"));
    }
}
