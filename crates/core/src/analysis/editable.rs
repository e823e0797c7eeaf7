//! Generated text that an officer may edit, and that must never lose those edits.
//!
//! The analysis draft is regenerated whenever the numbers change (a corrected
//! score, a corrected framework, a different weakness rule), but by then the
//! officer may have reworded it for the document that goes to the executive.
//! Regenerating therefore never overwrites edits: when there are edits and the
//! fresh text differs, the caller gets both back and the user chooses.
//!
//! The generated text is only the first draft. Once the officer saves the text,
//! even unchanged, it is theirs: an officer who reads the draft's findings per
//! instrument and saves them has signed off those sentences, and a later change
//! of numbers or of the weakness rule must not swap them for new ones behind
//! their back.

use serde::{Deserialize, Serialize};

/// Paragraphs generated from data, with the user's edited version if any.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EditableText {
    /// The text as last generated.
    pub generated: Vec<String>,
    /// The officer's saved version; `None` until they save the text.
    #[serde(default)]
    pub edited: Option<Vec<String>>,
}

/// What [`EditableText::regenerate`] did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum Regenerated {
    /// There were no edits: the fresh text is now the text.
    Replaced,
    /// The fresh text is the same as the text generated before, so the edits
    /// still match the numbers; nothing changed and there is nothing to ask.
    Unchanged,
    /// There are edits and the fresh text differs. Nothing changed: the user
    /// decides with [`EditableText::use_fresh`] or [`EditableText::keep_edits`].
    Conflict {
        edited: Vec<String>,
        fresh: Vec<String>,
    },
}

impl EditableText {
    /// Freshly generated text without edits.
    #[must_use]
    pub fn new(generated: Vec<String>) -> Self {
        Self {
            generated,
            edited: None,
        }
    }

    /// The text to show and print: the edited version if there is one.
    #[must_use]
    pub fn current(&self) -> &[String] {
        self.edited.as_deref().unwrap_or(&self.generated)
    }

    /// Whether the officer has saved their version.
    #[must_use]
    pub fn is_edited(&self) -> bool {
        self.edited.is_some()
    }

    /// Stores the officer's version, also when it is the generated text
    /// unchanged: saving is signing it off, so it is never regenerated silently.
    pub fn edit(&mut self, text: Vec<String>) {
        self.edited = Some(text);
    }

    /// Offers freshly generated text; edits are never overwritten.
    pub fn regenerate(&mut self, fresh: Vec<String>) -> Regenerated {
        match &self.edited {
            None => {
                self.generated = fresh;
                Regenerated::Replaced
            }
            Some(_) if fresh == self.generated => Regenerated::Unchanged,
            Some(edited) => Regenerated::Conflict {
                edited: edited.clone(),
                fresh,
            },
        }
    }

    /// After a conflict, the user chose the fresh text: the edits are dropped.
    pub fn use_fresh(&mut self, fresh: Vec<String>) {
        self.generated = fresh;
        self.edited = None;
    }

    /// After a conflict, the user kept their edits: they stay as the text and
    /// the fresh text becomes the generated baseline, so the same numbers do not
    /// raise the conflict again.
    pub fn keep_edits(&mut self, fresh: Vec<String>) {
        self.generated = fresh;
    }
}

#[cfg(test)]
mod tests {
    use super::{EditableText, Regenerated};

    fn text(lines: &[&str]) -> Vec<String> {
        lines.iter().map(|l| (*l).to_owned()).collect()
    }

    #[test]
    fn unsaved_draft_follows_the_numbers() {
        let mut t = EditableText::new(text(&["ก"]));
        assert!(!t.is_edited());
        assert_eq!(t.regenerate(text(&["ข"])), Regenerated::Replaced);
        assert_eq!(t.current(), text(&["ข"]));
    }

    #[test]
    fn a_draft_saved_unchanged_is_the_officers_and_is_never_regenerated() {
        let mut t = EditableText::new(text(&["ผล IIT", "ผล EIT", "ผล OIT"]));
        t.edit(text(&["ผล IIT", "ผล EIT", "ผล OIT"]));
        assert!(t.is_edited());
        let Regenerated::Conflict { fresh, .. } = t.regenerate(text(&["IIT ใหม่"])) else {
            panic!("a saved text must raise a conflict, not be replaced");
        };
        assert_eq!(t.current(), text(&["ผล IIT", "ผล EIT", "ผล OIT"]));
        t.keep_edits(fresh.clone());
        assert_eq!(t.current(), text(&["ผล IIT", "ผล EIT", "ผล OIT"]));
        t.edit(fresh.clone());
        t.keep_edits(fresh);
        assert!(t.is_edited(), "the officer's text stays theirs");
    }

    #[test]
    fn keeping_edits_moves_the_baseline_so_the_conflict_is_not_raised_again() {
        let mut t = EditableText::new(text(&["ก"]));
        t.edit(text(&["ก แก้ไข"]));
        let Regenerated::Conflict { fresh, .. } = t.regenerate(text(&["ข"])) else {
            panic!("edits must raise a conflict");
        };
        t.keep_edits(fresh);
        assert_eq!(t.current(), text(&["ก แก้ไข"]));
        assert_eq!(t.regenerate(text(&["ข"])), Regenerated::Unchanged);
    }
}
