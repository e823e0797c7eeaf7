//! Which frameworks exist: the ones shipped in the binary, plus any an agency's
//! administrator imported (for a new year, or to correct a draft).
//!
//! The built-in files are embedded with `include_str!` so the single binary needs
//! no data directory, and parsed once on first use.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use super::framework::Framework;

/// The embedded framework files, one per fiscal year.
const BUILTIN_FILES: [(i32, &str); 6] = [
    (2564, include_str!("../../frameworks/2564.json")),
    (2565, include_str!("../../frameworks/2565.json")),
    (2566, include_str!("../../frameworks/2566.json")),
    (2567, include_str!("../../frameworks/2567.json")),
    (2568, include_str!("../../frameworks/2568.json")),
    (2569, include_str!("../../frameworks/2569.json")),
];

fn builtins() -> &'static [Framework] {
    static PARSED: OnceLock<Vec<Framework>> = OnceLock::new();
    PARSED.get_or_init(|| {
        BUILTIN_FILES
            .iter()
            .map(|(year, text)| {
                let framework = Framework::from_json(text)
                    .unwrap_or_else(|e| panic!("built-in ITA framework {year} is invalid: {e}"));
                assert_eq!(framework.year, *year, "built-in ITA framework file name");
                framework
            })
            .collect()
    })
}

impl Framework {
    /// The framework shipped for `year`, if any.
    #[must_use]
    pub fn builtin(year: i32) -> Option<Self> {
        builtins().iter().find(|f| f.year == year).cloned()
    }

    /// The years with a shipped framework, ascending.
    #[must_use]
    pub fn builtin_years() -> Vec<i32> {
        BUILTIN_FILES.iter().map(|(year, _)| *year).collect()
    }
}

/// The built-in frameworks plus imported ones; an imported framework replaces the
/// built-in one of the same year.
#[derive(Debug, Clone, Default)]
pub struct Catalog {
    overrides: BTreeMap<i32, Framework>,
}

impl Catalog {
    /// A catalog with `overrides` on top of the built-ins. Should two overrides
    /// share a year, the later one is used.
    #[must_use]
    pub fn new(overrides: Vec<Framework>) -> Self {
        Self {
            overrides: overrides.into_iter().map(|f| (f.year, f)).collect(),
        }
    }

    /// The framework for `year`: imported if there is one, else built-in.
    #[must_use]
    pub fn get(&self, year: i32) -> Option<&Framework> {
        self.overrides
            .get(&year)
            .or_else(|| builtins().iter().find(|f| f.year == year))
    }

    /// Every year with a framework, ascending.
    #[must_use]
    pub fn years(&self) -> Vec<i32> {
        let mut years = Framework::builtin_years();
        years.extend(self.overrides.keys());
        years.sort_unstable();
        years.dedup();
        years
    }
}
