//! Reading JSON documents (framework files, score inputs) with Thai messages that
//! name the exact field.
//!
//! Reading happens in two steps. The text is first parsed as plain JSON, so a
//! syntax error reports its line and column. The value is then turned into the
//! typed document while the path to each field is tracked, so a wrong type or
//! unknown field reports e.g. `indicators[3].questions[2].answer_type`. serde's own
//! messages are English; the common shapes are rewritten in Thai here.

use serde::de::DeserializeOwned;
use serde_path_to_error::Segment;

/// Why a document could not be read into its type.
#[derive(Debug)]
pub(crate) enum ParseError {
    Syntax {
        line: usize,
        column: usize,
        reason: String,
    },
    Shape {
        path: String,
        reason: String,
    },
}

/// Parses `text` as JSON and then as `T`.
pub(crate) fn parse_json<T: DeserializeOwned>(text: &str) -> Result<T, ParseError> {
    let value: serde_json::Value = serde_json::from_str(text).map_err(|e| ParseError::Syntax {
        line: e.line(),
        column: e.column(),
        reason: syntax_reason(&e),
    })?;
    if !value.is_object() {
        return Err(ParseError::Shape {
            path: String::new(),
            reason: "เอกสารต้องเป็นออบเจ็กต์ JSON { … }".to_owned(),
        });
    }
    serde_path_to_error::deserialize(value).map_err(|e| {
        let mut path = render_path(e.path());
        let (missing, reason) = shape_reason(&e.inner().to_string());
        if let Some(field) = missing {
            if !path.is_empty() {
                path.push('.');
            }
            path.push_str(&field);
        }
        ParseError::Shape { path, reason }
    })
}

fn render_path(path: &serde_path_to_error::Path) -> String {
    let mut out = String::new();
    for segment in path {
        match segment {
            Segment::Seq { index } => out.push_str(&format!("[{index}]")),
            Segment::Map { key } => push_name(&mut out, key),
            Segment::Enum { variant } => push_name(&mut out, variant),
            Segment::Unknown => {}
        }
    }
    out
}

fn push_name(out: &mut String, name: &str) {
    if !out.is_empty() {
        out.push('.');
    }
    out.push_str(name);
}

/// serde_json appends " at line L column C" to every message; the position is
/// reported separately.
fn strip_position(message: &str) -> &str {
    message
        .rfind(" at line ")
        .map_or(message, |at| &message[..at])
}

fn syntax_reason(error: &serde_json::Error) -> String {
    let full = error.to_string();
    let message = strip_position(&full);
    let thai = if error.is_eof() {
        "ข้อความจบก่อนปิดวงเล็บหรือเครื่องหมายคำพูดให้ครบ"
    } else if message.starts_with("trailing") {
        "มีข้อความเกินหลังจบเอกสาร JSON"
    } else if message.starts_with("key must be a string") {
        "ชื่อช่องต้องอยู่ในเครื่องหมายคำพูด"
    } else if message.starts_with("expected `,` or `}`") {
        "ขาดเครื่องหมาย , หรือ }"
    } else if message.starts_with("expected `,` or `]`") {
        "ขาดเครื่องหมาย , หรือ ]"
    } else if message.starts_with("expected `:`") {
        "ขาดเครื่องหมาย : หลังชื่อช่อง"
    } else if message.starts_with("trailing comma") {
        "มีเครื่องหมาย , เกินก่อนปิดวงเล็บ"
    } else if message.starts_with("number out of range") {
        "ตัวเลขใหญ่เกินไป"
    } else {
        return format!("รูปแบบไม่ถูกต้อง ({message})");
    };
    thai.to_owned()
}

/// Rewrites serde's data-error message in Thai. A missing field is returned
/// separately so it can be appended to the path.
fn shape_reason(message: &str) -> (Option<String>, String) {
    if let Some(field) = between(message, "missing field `", "`") {
        return (Some(field.to_owned()), "ต้องระบุช่องนี้".to_owned());
    }
    if let Some(field) = between(message, "unknown field `", "`") {
        let allowed = expected_names(message);
        let reason = if allowed.is_empty() {
            format!("ไม่รู้จักช่อง \"{field}\"")
        } else {
            format!("ไม่รู้จักช่อง \"{field}\" (ช่องที่ใช้ได้: {allowed})")
        };
        return (None, reason);
    }
    if let Some(value) = between(message, "unknown variant `", "`") {
        return (
            None,
            format!("ไม่รู้จักค่า \"{value}\" (ค่าที่ใช้ได้: {})", expected_names(message)),
        );
    }
    if message.starts_with("data did not match any variant of untagged enum Answer") {
        return (
            None,
            "คำตอบต้องเป็นระดับ 1–4, true/false หรือรายการคำตอบของข้อย่อย".to_owned(),
        );
    }
    for (prefix, label) in [
        ("invalid type: ", "ชนิดข้อมูลไม่ถูกต้อง"),
        ("invalid value: ", "ค่าไม่ถูกต้อง"),
    ] {
        if let Some(rest) = message.strip_prefix(prefix)
            && let Some((got, wanted)) = rest.split_once(", expected ")
        {
            return (
                None,
                format!(
                    "{label}: ได้ {} แต่ต้องเป็น {}",
                    unexpected_th(got),
                    expected_th(wanted)
                ),
            );
        }
    }
    (None, format!("ข้อมูลไม่ถูกต้อง ({message})"))
}

fn between<'a>(message: &'a str, start: &str, end: &str) -> Option<&'a str> {
    let rest = message.strip_prefix(start)?;
    rest.find(end).map(|at| &rest[..at])
}

/// The back-quoted names after "expected" in an unknown field/variant message.
fn expected_names(message: &str) -> String {
    let Some((_, tail)) = message.split_once("expected") else {
        return String::new();
    };
    tail.split('`')
        .skip(1)
        .step_by(2)
        .collect::<Vec<_>>()
        .join(", ")
}

fn unexpected_th(got: &str) -> String {
    for (english, thai) in [
        ("boolean ", "ค่าจริง/เท็จ "),
        ("integer ", "จำนวนเต็ม "),
        ("floating point ", "ทศนิยม "),
        ("string ", "ข้อความ "),
    ] {
        if let Some(value) = got.strip_prefix(english) {
            return format!("{thai}{}", value.trim_matches('`'));
        }
    }
    match got {
        "sequence" => "รายการ [ ]".to_owned(),
        "map" => "ออบเจ็กต์ { }".to_owned(),
        "null" | "unit value" => "null".to_owned(),
        other => other.to_owned(),
    }
}

fn expected_th(wanted: &str) -> String {
    let thai = match wanted {
        "f64" | "f32" => "ตัวเลข",
        "i8" | "i16" | "i32" | "i64" | "u8" | "u16" | "u32" | "u64" | "usize" => {
            "จำนวนเต็มในช่วงที่รับได้"
        }
        "a boolean" => "true หรือ false",
        "a string" => "ข้อความ",
        "a sequence" => "รายการ [ ]",
        "a map" => "ออบเจ็กต์ { }",
        "map with a single key" => "ออบเจ็กต์ที่มีช่องเดียว",
        other if other.starts_with("struct ") => "ออบเจ็กต์ { }",
        other => return other.to_owned(),
    };
    thai.to_owned()
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use serde::Deserialize;

    use super::{ParseError, parse_json};

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[expect(dead_code, reason = "only parsed, to exercise the error messages")]
    struct Doc {
        year: i32,
        #[serde(default)]
        items: Vec<Item>,
        #[serde(default)]
        scores: BTreeMap<String, f64>,
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[expect(dead_code, reason = "only parsed, to exercise the error messages")]
    struct Item {
        kind: Kind,
        weight: f64,
    }

    #[derive(Debug, Deserialize)]
    #[serde(rename_all = "snake_case")]
    enum Kind {
        FourLevel,
        YesNo,
    }

    fn shape(text: &str) -> (String, String) {
        match parse_json::<Doc>(text) {
            Err(ParseError::Shape { path, reason }) => (path, reason),
            other => panic!("expected a shape error, got {other:?}"),
        }
    }

    #[test]
    fn syntax_errors_give_line_and_column() {
        match parse_json::<Doc>("{\n  \"year\": 2565,\n  \"items\": [\n") {
            Err(ParseError::Syntax { line, reason, .. }) => {
                assert_eq!(line, 4);
                assert!(reason.contains("ข้อความจบก่อน"), "{reason}");
            }
            other => panic!("expected a syntax error, got {other:?}"),
        }
        match parse_json::<Doc>("{\"year\": 2565} x") {
            Err(ParseError::Syntax {
                line,
                column,
                reason,
            }) => {
                assert_eq!((line, column), (1, 16));
                assert_eq!(reason, "มีข้อความเกินหลังจบเอกสาร JSON");
            }
            other => panic!("expected a syntax error, got {other:?}"),
        }
    }

    #[test]
    fn the_document_must_be_an_object() {
        match parse_json::<Doc>("[2565]") {
            Err(ParseError::Shape { path, reason }) => {
                assert_eq!(path, "");
                assert!(reason.contains("ออบเจ็กต์"), "{reason}");
            }
            other => panic!("expected a shape error, got {other:?}"),
        }
    }

    #[test]
    fn shape_errors_name_the_field_in_thai() {
        assert_eq!(shape("{}"), ("year".into(), "ต้องระบุช่องนี้".into()));
        assert_eq!(
            shape(r#"{"year": 2565, "items": [{"kind": "yes_no"}]}"#),
            ("items[0].weight".into(), "ต้องระบุช่องนี้".into())
        );
        assert_eq!(
            shape(r#"{"year": 2565, "itemz": []}"#),
            (
                "itemz".into(),
                "ไม่รู้จักช่อง \"itemz\" (ช่องที่ใช้ได้: year, items, scores)".into()
            )
        );
        assert_eq!(
            shape(r#"{"year": 2565, "items": [{"kind": "five", "weight": 1}]}"#),
            (
                "items[0].kind".into(),
                "ไม่รู้จักค่า \"five\" (ค่าที่ใช้ได้: four_level, yes_no)".into()
            )
        );
        assert_eq!(
            shape(r#"{"year": "2565"}"#),
            (
                "year".into(),
                "ชนิดข้อมูลไม่ถูกต้อง: ได้ ข้อความ \"2565\" แต่ต้องเป็น จำนวนเต็มในช่วงที่รับได้".into()
            )
        );
        assert_eq!(
            shape(r#"{"year": 2565, "scores": {"1": true}}"#),
            (
                "scores.1".into(),
                "ชนิดข้อมูลไม่ถูกต้อง: ได้ ค่าจริง/เท็จ true แต่ต้องเป็น ตัวเลข".into()
            )
        );
        assert_eq!(
            shape(r#"{"year": 99999999999}"#),
            (
                "year".into(),
                "ค่าไม่ถูกต้อง: ได้ จำนวนเต็ม 99999999999 แต่ต้องเป็น จำนวนเต็มในช่วงที่รับได้".into()
            )
        );
    }
}
