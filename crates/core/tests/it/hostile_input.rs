//! Arbitrary input where the product reads what someone else wrote: the ITA
//! score input (`prongsai ita score`, the result forms), a bundle to import and
//! an uploaded file's name. Each reader answers with a value or a refusal for
//! every input, never a panic. 100,000 cases each (CI runs them);
//! `PRONGSAI_PROPTEST_CASES` asks for more.

use proptest::prelude::*;
use serde_json::{Map, Value};

use prongsai_core::bundle::Bundle;
use prongsai_core::file_name::{MAX_FILE_NAME_CHARS, uploaded_file_name};
use prongsai_core::ita::{Catalog, score_json};

/// Cases per property: 100,000 unless the variable asks for more.
fn cases() -> u32 {
    std::env::var("PRONGSAI_PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(100_000)
}

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: cases(),
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// Keys the readers know, so random documents get past the outer shape.
const KEYS: [&str; 22] = [
    "year",
    "iit",
    "eit",
    "oit",
    "Items",
    "Indicators",
    "Questions",
    "I1",
    "O1",
    "1",
    "format",
    "version",
    "agencies",
    "agency",
    "code",
    "name",
    "fiscal_year",
    "departments",
    "results",
    "items",
    "answers",
    "sub_items",
];

fn leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        prop_oneof![
            Just(f64::MAX),
            Just(-0.0),
            Just(1e308),
            -1e6..1e6f64,
            Just(2568.0),
            Just(100.000_001),
        ]
        .prop_map(Value::from),
        prop_oneof![
            Just("2568".to_owned()),
            Just("prongsai-bundle".to_owned()),
            Just("ก\u{0}ข".to_owned()),
            Just("\u{202E}".to_owned()),
            "\\PC{0,12}",
        ]
        .prop_map(Value::String),
    ]
}

/// JSON documents built from the readers' own keys and hostile leaves.
fn document() -> impl Strategy<Value = Value> {
    leaf().prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((prop::sample::select(&KEYS[..]), inner), 0..6).prop_map(
                |pairs| {
                    Value::Object(
                        pairs
                            .into_iter()
                            .map(|(k, v)| (k.to_owned(), v))
                            .collect::<Map<_, _>>(),
                    )
                }
            ),
        ]
    })
}

/// Either a random document or random bytes read as text.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => document().prop_map(|v| v.to_string()),
        1 => prop::collection::vec(any::<u8>(), 0..64)
            .prop_map(|bytes| String::from_utf8_lossy(&bytes).into_owned()),
    ]
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn a_score_input_is_scored_or_refused(input in text()) {
        let catalog = Catalog::default();
        if let Ok(report) = score_json(&input, &catalog)
            && let Some(total) = report.total
        {
            prop_assert!((0.0..=100.0).contains(&total), "{total}");
        }
    }

    #[test]
    fn a_bundle_is_read_or_refused(input in text()) {
        if let Ok(bundle) = serde_json::from_str::<Bundle>(&input) {
            prop_assert!(serde_json::to_string(&bundle).is_ok());
        }
    }

    #[test]
    fn an_uploaded_file_name_is_kept_readable(sent in "\\PC{0,300}|[\\u{0}-\\u{ff}\\u{202a}-\\u{202e}\\u{2066}-\\u{2069}./\\\\]{0,300}") {
        let kept = uploaded_file_name(&sent);
        prop_assert!(kept.chars().count() <= MAX_FILE_NAME_CHARS);
        prop_assert!(!kept.chars().any(|c| c.is_control() || ('\u{202A}'..='\u{202E}').contains(&c) || ('\u{2066}'..='\u{2069}').contains(&c)), "{kept:?}");
        prop_assert!(!kept.contains('/') && !kept.contains('\\'));
    }
}
