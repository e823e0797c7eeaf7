//! The signature block: how a signer's rank or title, name and position print.
//!
//! Orders and memos (the measures memo and a memo written in the system) are
//! signed by the same people, and a clerk who lays them side by side expects
//! the same lines: the name in parentheses on a line of its own, then the
//! position, one line per line the user wrote ("…\nรักษาราชการแทน …"). Before
//! this rule each document joined the parts itself, so a rank was spaced in
//! one and glued to the name in another. A signer comes either from the
//! correspondence form ([`Signer`], rank apart from the name) or from the
//! agency's officials ([`Official`], a title before the first name); both go
//! through core's [`titled_name`] (which `Official::full_name`, on every
//! page, uses too), so "นาย" stays attached to the name as Thai writes
//! it while a rank ("ว่าที่ร้อยตรี", "ด.ต.") stands apart.
//!
//! Everything in a signature is typed by a user, so it prints as typed: no
//! digit conversion happens here.

use prongsai_core::correspondence::Signer;
use prongsai_core::model::{Official, titled_name};
use serde::Serialize;

/// The name line left for signing and writing the name by hand.
const BLANK_NAME_LINE: &str = "(                                        )";

/// A signature block as every document prints it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Signature {
    /// The rank or title and the name, e.g. "ด.ต. สนธยา คงสนิท", printed in
    /// parentheses; empty leaves the line to write by hand.
    pub name: String,
    /// The position, one entry per printed line.
    pub position: Vec<String>,
}

impl Signature {
    /// The signer of an order or a memo written in the system.
    #[must_use]
    pub fn of_signer(signer: &Signer) -> Self {
        Self::new(&signer.rank, &signer.name, &signer.position)
    }

    /// An official of the agency signing.
    #[must_use]
    pub fn of_official(official: &Official) -> Self {
        Self::new(
            &official.title,
            &format!("{} {}", official.first_name, official.last_name),
            &official.position,
        )
    }

    /// From the prefix (rank or title), the name and the position as typed.
    /// Without a name the name line is left blank, whatever the prefix.
    #[must_use]
    pub fn new(prefix: &str, name: &str, position: &str) -> Self {
        let name = words(name);
        Self {
            name: if name.is_empty() {
                String::new()
            } else {
                titled_name(prefix, &name)
            },
            position: position
                .lines()
                .map(words)
                .filter(|line| !line.is_empty())
                .collect(),
        }
    }

    /// "(ด.ต. สนธยา คงสนิท)", or parentheses around room to write the name.
    #[must_use]
    pub fn name_line(&self) -> String {
        if self.name.is_empty() {
            BLANK_NAME_LINE.to_owned()
        } else {
            format!("({})", self.name)
        }
    }

    /// Every printed line: the name line, then the position's lines.
    #[must_use]
    pub fn lines(&self) -> Vec<String> {
        std::iter::once(self.name_line())
            .chain(self.position.iter().cloned())
            .collect()
    }
}

/// The words of `text` separated by single spaces.
fn words(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rank_stands_apart_and_a_title_attaches() {
        let ranked = Signature::new(" ด.ต. ", "สนธยา  คงสนิท", "นายกองค์การบริหารส่วนตำบลหนองปรุง");
        assert_eq!(
            ranked.lines(),
            ["(ด.ต. สนธยา คงสนิท)", "นายกองค์การบริหารส่วนตำบลหนองปรุง"]
        );
        assert_eq!(
            Signature::new("", "นายสมชาย ใจดี", "ปลัด").lines(),
            ["(นายสมชาย ใจดี)", "ปลัด"]
        );
        assert_eq!(
            Signature::new("นางสาว", "สุดา ใจงาม", "").lines(),
            ["(นางสาวสุดา ใจงาม)"]
        );
    }

    #[test]
    fn each_line_of_the_position_prints_on_its_own() {
        let signature = Signature::new(
            "",
            "นางสถาพร กลิ่นโพธิ์กลับ",
            "ผู้อำนวยการกองคลัง \r\n\n  รักษาราชการแทน ปลัด ๑๒ ",
        );
        assert_eq!(
            signature.position,
            ["ผู้อำนวยการกองคลัง", "รักษาราชการแทน ปลัด ๑๒"]
        );
    }

    #[test]
    fn without_a_name_the_line_is_left_to_write_by_hand() {
        let signature = Signature::new("ด.ต.", "  ", "นายก");
        assert_eq!(signature.name, "");
        assert_eq!(signature.lines(), [BLANK_NAME_LINE, "นายก"]);
        assert_eq!(Signature::default().lines(), [BLANK_NAME_LINE]);
    }

    #[test]
    fn typed_digits_print_as_typed() {
        let signature = Signature::new("", "นาย ก 2", "ปลัด 12\nรองปลัด ๓");
        assert_eq!(signature.lines(), ["(นาย ก 2)", "ปลัด 12", "รองปลัด ๓"]);
    }
}
