//! Arbitrary bytes offered as an agency's logo or the installation's ครุฑ, most
//! of them dressed as a PNG or a JPEG (the signature, then anything): each
//! check decodes what it accepts and answers a Thai refusal for the rest,
//! never a panic, so a broken file can never reach a document. 100,000 cases
//! each (CI runs them); `PRONGSAI_PROPTEST_CASES` asks for more.

use proptest::prelude::*;

use prongsai_docs::{Emblem, check_logo};

const PNG: &[u8] = b"\x89PNG\r\n\x1a\n";
const JPEG: &[u8] = b"\xff\xd8\xff";
/// The start of a real PNG's header chunk, so decoding gets past the signature.
const PNG_HEADER: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: std::env::var("PRONGSAI_PROPTEST_CASES")
            .ok()
            .and_then(|n| n.parse().ok())
            .unwrap_or(100_000),
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

fn is_thai(message: &str) -> bool {
    message
        .chars()
        .any(|c| ('\u{0E00}'..='\u{0E7F}').contains(&c))
}

/// Random bytes, most behind an image signature.
fn upload() -> impl Strategy<Value = Vec<u8>> {
    (
        prop::sample::select(vec![&b""[..], PNG, JPEG, PNG_HEADER]),
        prop::collection::vec(any::<u8>(), 0..200),
    )
        .prop_map(|(start, rest)| [start, &rest].concat())
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn a_logo_is_decoded_or_refused_in_thai(bytes in upload()) {
        if let Err(problem) = check_logo(&bytes) {
            prop_assert!(is_thai(problem.message_th()), "{problem:?}");
        }
    }

    #[test]
    fn an_emblem_is_decoded_or_refused_in_thai(bytes in upload()) {
        if let Err(problem) = Emblem::check(&bytes) {
            prop_assert!(is_thai(&problem.to_string()), "{problem}");
        }
    }
}
