//! A word list as a trie of characters, for finding every word a text starts
//! with in one walk.

/// A set of Thai words, each at least two and at most
/// [`crate::LONGEST_WORD`] characters of Thai letters.
#[derive(Debug, Clone)]
pub struct Words {
    /// For each node, its children sorted by character.
    children: Vec<Vec<(char, u32)>>,
    /// Whether a word ends at each node.
    ends_word: Vec<bool>,
}

impl Words {
    /// The words of `list` that are Thai words this crate can use (others are
    /// skipped: too short, too long, or with other characters).
    pub fn new<'a>(list: impl IntoIterator<Item = &'a str>) -> Self {
        let mut words = Self {
            children: vec![Vec::new()],
            ends_word: vec![false],
        };
        for word in list {
            words.insert(word.trim());
        }
        words
    }

    fn insert(&mut self, word: &str) {
        let length = word.chars().count();
        if !(2..=crate::LONGEST_WORD).contains(&length)
            || !word.chars().all(crate::clusters::is_thai_letter)
        {
            return;
        }
        let mut node = 0;
        for c in word.chars() {
            node = match self.children[node].binary_search_by_key(&c, |&(k, _)| k) {
                Ok(at) => self.children[node][at].1 as usize,
                Err(at) => {
                    let next = self.children.len();
                    self.children.push(Vec::new());
                    self.ends_word.push(false);
                    self.children[node].insert(at, (c, u32::try_from(next).unwrap_or(u32::MAX)));
                    next
                }
            };
        }
        self.ends_word[node] = true;
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
        let mut node = 0;
        for (index, c) in text.iter().enumerate() {
            match self.children[node].binary_search_by_key(c, |&(k, _)| k) {
                Ok(at) => node = self.children[node][at].1 as usize,
                Err(_) => return,
            }
            if self.ends_word[node] {
                found.push(index + 1);
            }
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
