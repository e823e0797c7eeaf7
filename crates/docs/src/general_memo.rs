//! A memo (บันทึกข้อความ) written in the system, printed on the same memo form as
//! the memo that sends the measures ([`MemoDocument`], shaped by
//! `measures_memo_document`): [`memo_document`] formats the stored memo into
//! that contract.
//!
//! What the user typed (the unit, subject, addressee, body, names and
//! positions) prints as typed; the dates and the acknowledgements' numbers the
//! product writes follow the agency's digits.
//!
//! The acknowledgements recorded in the system go into the form's table: the
//! ลงชื่อ column says "รับทราบในระบบ" and the วันที่ column holds the day each
//! was made ("๓ ต.ค. ๒๕๖๗", in Thailand's time), so the printed memo shows who
//! acknowledged and when.

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use prongsai_core::action_plan::{TextBlock, text_blocks};
use prongsai_core::correspondence::Memo;
use prongsai_core::thai::calendar::{be_year, format_date_long, in_thailand, month_abbr};
use prongsai_core::thai::digits::{digits_for, document_number_digits};

use crate::agency::DocumentAgency;
use crate::plan_documents::{Acknowledgement, MemoDocument};
use crate::signature::Signature;

/// The ลงชื่อ column of an acknowledgement recorded in the system.
const ACKNOWLEDGED_IN_SYSTEM: &str = "รับทราบในระบบ";

/// Fills the memo form from a stored memo.
#[must_use]
pub fn memo_document(memo: &Memo, agency: &DocumentAgency) -> MemoDocument {
    let thai = agency.thai_digits;
    let typed = |text: &str| text.trim().to_owned();
    MemoDocument {
        from_unit: typed(&memo.from_unit),
        number: document_number_digits(memo.number.trim(), thai),
        date: memo
            .date
            .map(|date| format_date_long(date, thai))
            .unwrap_or_default(),
        subject: typed(&memo.subject),
        to: typed(&memo.to),
        body: text_blocks(&memo.body)
            .into_iter()
            .flat_map(|block| match block {
                TextBlock::Paragraph(text) => vec![text],
                TextBlock::List(items) => items
                    .into_iter()
                    .map(|item| format!("{} {}", item.marker, item.text))
                    .collect(),
            })
            .collect(),
        signature: Signature::of_signer(&memo.signer),
        acknowledgements: memo
            .acknowledgements
            .iter()
            .map(|ack| Acknowledgement {
                name: typed(&ack.name),
                position: typed(&ack.position),
                signed: ACKNOWLEDGED_IN_SYSTEM.to_owned(),
                date: day_text(thai_date(ack.at), thai),
            })
            .collect(),
        thai_digits: thai,
        emblem: agency.emblem.clone(),
    }
}

/// "๓ ต.ค. ๒๕๖๗": the day, the month's abbreviation and the whole Buddhist year.
fn day_text(date: NaiveDate, thai: bool) -> String {
    let text = format!(
        "{} {} {}",
        date.day(),
        month_abbr(date),
        be_year(date.year())
    );
    digits_for(&text, thai)
}

/// The day in Thailand of a moment.
fn thai_date(at: DateTime<Utc>) -> NaiveDate {
    in_thailand(at).date_naive()
}
