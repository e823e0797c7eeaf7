//! Starting a new year's framework from last year's.
//!
//! NACC renumbers, merges and drops OIT items every year, while results must stay
//! comparable across years (an agency wants to see that "annual procurement
//! report" failed last year as O24 and passes this year as O13). The derived
//! framework therefore records, for every item it keeps, last year's code → this
//! year's code, and starts as a draft until someone checks it against the manual.

use std::collections::BTreeMap;

use super::error::FrameworkError;
use super::framework::{DRAFT_WARNING_TH, Framework, FrameworkStatus};
use super::validate::{code_rule_th, is_valid_code};

impl Framework {
    /// The next fiscal year's draft framework, with OIT items renamed per
    /// `renumber`: `Some(new)` renames an item, `None` drops it, and items not in
    /// the map keep their code. Questions, weights and the rating scheme are
    /// copied; the result records `previous_year_item_mapping` (old → new) for
    /// every kept item.
    ///
    /// # Errors
    /// A code in `renumber` that is not an item of this framework, a malformed or
    /// duplicate new code, or anything that makes the result invalid (for example
    /// a sub-indicator left without items), each with its path.
    pub fn derive_next_year(
        &self,
        renumber: &BTreeMap<String, Option<String>>,
    ) -> Result<Framework, FrameworkError> {
        for (old, new) in renumber {
            let path = format!("renumber.{old}");
            if !self.oit_items().any(|item| &item.code == old) {
                return Err(FrameworkError::new(
                    path,
                    format!("ไม่มีข้อ {old} ในกรอบการประเมินปี {}", self.year),
                ));
            }
            if new.as_deref().is_some_and(|code| !is_valid_code(code)) {
                return Err(FrameworkError::new(path, code_rule_th()));
            }
        }

        let mut next = self.clone();
        next.year = self.year + 1;
        next.status = FrameworkStatus::Draft;
        next.confidence_note = format!(
            "ฉบับร่างสร้างจากกรอบการประเมินปี {} ({DRAFT_WARNING_TH}) / หมายเหตุของปี {}: {}",
            self.year, self.year, self.confidence_note
        );
        next.previous_year_item_mapping = BTreeMap::new();
        let mut taken_by: BTreeMap<String, String> = BTreeMap::new();
        for sub in next
            .indicators
            .iter_mut()
            .flat_map(|i| i.sub_indicators.iter_mut())
        {
            let mut kept = Vec::with_capacity(sub.items.len());
            for mut item in std::mem::take(&mut sub.items) {
                let old = item.code.clone();
                let new = match renumber.get(&old) {
                    Some(None) => continue,
                    Some(Some(new)) => new.clone(),
                    None => old.clone(),
                };
                if let Some(other) = taken_by.insert(new.clone(), old.clone()) {
                    // Blame the entry of the map; an unmapped item only kept its code.
                    let (blamed, first) = if renumber.contains_key(&old) {
                        (old, other)
                    } else {
                        (other, old)
                    };
                    return Err(FrameworkError::new(
                        format!("renumber.{blamed}"),
                        format!("เลขข้อใหม่ {new} ถูกใช้แล้วโดยข้อ {first} ของปี {}", self.year),
                    ));
                }
                next.previous_year_item_mapping.insert(old, new.clone());
                item.code = new;
                kept.push(item);
            }
            sub.items = kept;
        }
        next.validate()?;
        Ok(next)
    }
}
