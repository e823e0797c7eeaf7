//! Every kind of bad score input is rejected with the JSON path of the problem
//! and a Thai reason, which `prongsai ita score` prints before exiting with 2.

use serde_json::{Value, json};

use prongsai_core::ita::{Catalog, Framework, ScoreError, score, score_json};

/// A complete, valid 2565 input: official survey indicators, every OIT item,
/// and IIT answers when `with_answers`.
fn valid_input(with_answers: bool) -> Value {
    let fw = Framework::builtin(2565).unwrap();
    let items: serde_json::Map<String, Value> = fw
        .oit_items()
        .map(|i| (i.code.clone(), json!(true)))
        .collect();
    let iit = if with_answers {
        let questions: serde_json::Map<String, Value> = fw
            .questions()
            .filter(|q| q.code.starts_with('i'))
            .map(|q| {
                let answer = if q.sub_items.is_empty() {
                    single(q.answer_type)
                } else {
                    Value::Array(vec![single(q.answer_type); q.sub_items.len()])
                };
                (q.code.clone(), json!([answer.clone(), answer]))
            })
            .collect();
        json!({ "questions": questions })
    } else {
        json!({ "indicators": {"1": 90, "2": 90, "3": 90, "4": 90, "5": 90} })
    };
    json!({
        "year": 2565,
        "iit": iit,
        "eit": { "indicators": {"6": 90, "7": 90, "8": 90} },
        "oit": { "items": items },
    })
}

fn single(kind: prongsai_core::ita::AnswerType) -> Value {
    match kind {
        prongsai_core::ita::AnswerType::FourLevel => json!(3),
        prongsai_core::ita::AnswerType::YesNo => json!(false),
    }
}

fn error_of(input: &Value) -> (String, String) {
    match score_json(&input.to_string(), &Catalog::default()) {
        Err(ScoreError::Invalid { path, reason }) => (path, reason),
        other => panic!("expected an invalid-input error, got {other:?}"),
    }
}

fn assert_error(input: &Value, path: &str, reason_contains: &str) {
    let (got_path, reason) = error_of(input);
    assert_eq!(got_path, path, "reason: {reason}");
    assert!(
        reason.contains(reason_contains),
        "reason {reason:?} should mention {reason_contains:?}"
    );
}

#[test]
fn the_valid_inputs_score() {
    for with_answers in [false, true] {
        let report =
            score_json(&valid_input(with_answers).to_string(), &Catalog::default()).unwrap();
        assert!(report.total.is_some());
    }
}

#[test]
fn unknown_codes() {
    let mut input = valid_input(false);
    input["iit"]["indicators"]["11"] = json!(50);
    assert_error(&input, "iit.indicators.11", "ไม่มีตัวชี้วัด \"11\"");

    let mut input = valid_input(false);
    input["iit"]["indicators"]["9"] = json!(50);
    assert_error(&input, "iit.indicators.9", "เป็นของแบบวัด OIT ไม่ใช่ IIT");

    let mut input = valid_input(true);
    input["iit"]["questions"]["i31"] = json!([3]);
    assert_error(
        &input,
        "iit.questions.i31",
        "ไม่มีข้อคำถาม i31 ในแบบวัด IIT ของปี 2565",
    );

    let mut input = valid_input(true);
    input["iit"]["questions"]["e1"] = json!([3]);
    assert_error(&input, "iit.questions.e1", "ไม่มีข้อคำถาม e1 ในแบบวัด IIT");

    let mut input = valid_input(false);
    input["oit"]["items"]["O44"] = json!(true);
    assert_error(&input, "oit.items.O44", "ไม่มีข้อ O44 ในแบบวัด OIT ของปี 2565");
}

#[test]
fn a_mistyped_code_is_reported_as_unknown_before_the_missing_one() {
    let mut input = valid_input(false);
    let items = input["oit"]["items"].as_object_mut().unwrap();
    items.remove("O17");
    items.insert("o17".into(), json!(true));
    assert_error(&input, "oit.items.o17", "ไม่มีข้อ o17");
}

#[test]
fn missing_codes() {
    let mut input = valid_input(false);
    input["oit"]["items"].as_object_mut().unwrap().remove("O17");
    assert_error(&input, "oit.items", "ขาดผลของข้อ O17");

    let mut input = valid_input(true);
    input["iit"]["questions"]
        .as_object_mut()
        .unwrap()
        .remove("i7");
    assert_error(&input, "iit.questions", "ขาดคำตอบข้อ i7");

    let mut input = valid_input(false);
    input["eit"]["indicators"]
        .as_object_mut()
        .unwrap()
        .remove("7");
    assert_error(&input, "eit.indicators", "ขาดคะแนนตัวชี้วัดที่ 7");

    let mut input = valid_input(false);
    input["oit"] = json!({ "indicators": {"9": 50} });
    assert_error(&input, "oit.indicators", "ขาดคะแนนตัวชี้วัดที่ 10");
}

#[test]
fn values_out_of_range() {
    for bad in [json!(100.01), json!(-0.5)] {
        let mut input = valid_input(false);
        input["iit"]["indicators"]["1"] = bad;
        assert_error(&input, "iit.indicators.1", "ต้องอยู่ระหว่าง 0 ถึง 100");
    }
    let mut input = valid_input(false);
    input["oit"] = json!({ "indicators": {"9": 50, "10": 250} });
    assert_error(&input, "oit.indicators.10", "ได้ 250");
}

#[test]
fn answers_of_the_wrong_kind() {
    let cases = [
        (
            "i2",
            json!([3, 5]),
            "iit.questions.i2[1]",
            "ระดับคำตอบต้องเป็น 1–4",
        ),
        ("i2", json!([0]), "iit.questions.i2[0]", "แต่ได้ 0"),
        (
            "i2",
            json!([true]),
            "iit.questions.i2[0]",
            "ตอบเป็นระดับ 1–4 ไม่ใช่ true/false",
        ),
        ("i2", json!([[3]]), "iit.questions.i2[0]", "ข้อ i2 ไม่มีข้อย่อย"),
        (
            "i1",
            json!([3]),
            "iit.questions.i1[0]",
            "ต้องตอบเป็นรายการ 2 คำตอบ",
        ),
        (
            "i1",
            json!([[3, 3, 3]]),
            "iit.questions.i1[0]",
            "มีข้อย่อย 2 ข้อ แต่คำตอบมี 3 ข้อ",
        ),
        (
            "i1",
            json!([[3, [3]]]),
            "iit.questions.i1[0][1]",
            "ข้อย่อยแต่ละข้อต้องเป็นค่าเดียว",
        ),
        (
            "i4",
            json!([[false, 2, false]]),
            "iit.questions.i4[0][1]",
            "ตอบเป็น true (มี) หรือ false (ไม่มี)",
        ),
        ("i1", json!([[4, 9]]), "iit.questions.i1[0][1]", "แต่ได้ 9"),
        ("i2", json!([]), "iit.questions.i2", "ยังไม่มีผู้ตอบ"),
        (
            "i2",
            json!(["มาก"]),
            "iit.questions.i2[0]",
            "คำตอบต้องเป็นระดับ 1–4",
        ),
        (
            "i2",
            json!([2.5]),
            "iit.questions.i2[0]",
            "คำตอบต้องเป็นระดับ 1–4",
        ),
    ];
    for (code, answers, path, reason) in cases {
        let mut input = valid_input(true);
        input["iit"]["questions"][code] = answers;
        assert_error(&input, path, reason);
    }
}

#[test]
fn a_year_without_a_framework() {
    let mut input = valid_input(false);
    input["year"] = json!(2563);
    let error = score_json(&input.to_string(), &Catalog::default()).unwrap_err();
    assert_eq!(error, ScoreError::NoFramework { year: 2563 });
    assert!(
        error
            .to_string()
            .contains("ไม่มีกรอบการประเมิน ITA ของปีงบประมาณ 2563")
    );
}

#[test]
fn text_that_is_not_json_reports_line_and_column() {
    let text = "{\n  \"year\": 2565,\n  \"oit\": {\"items\": {\"O1\": tru}}\n}";
    match score_json(text, &Catalog::default()) {
        Err(ScoreError::Syntax { line, column, .. }) => assert_eq!((line, column), (3, 30)),
        other => panic!("expected a syntax error, got {other:?}"),
    }
}

#[test]
fn json_of_the_wrong_shape_names_the_field() {
    assert_error(&json!({"yaer": 2565}), "yaer", "ไม่รู้จักช่อง \"yaer\"");
    assert_error(&json!({"oit": {"items": {}}}), "year", "ต้องระบุช่องนี้");
    assert_error(
        &json!({"year": 2565, "iit": {"indicatorz": {}}}),
        "iit",
        "ค่าที่ใช้ได้: indicators, questions",
    );
    assert_error(
        &json!({"year": 2565, "oit": {"items": {"O1": "ผ่าน"}}}),
        "oit.items.O1",
        "แต่ต้องเป็น true หรือ false",
    );
    assert_error(&json!([2565]), "", "ออบเจ็กต์");
}

#[test]
fn input_and_framework_years_must_match() {
    let input = serde_json::from_value(valid_input(false)).unwrap();
    let error = score(&Framework::builtin(2564).unwrap(), &input).unwrap_err();
    assert_eq!(
        error.to_string(),
        "year: ข้อมูลเป็นของปี 2565 แต่กรอบการประเมินเป็นของปี 2564"
    );
}

#[test]
fn an_instrument_the_framework_lacks() {
    // An imported framework without EIT (IIT 50, OIT 50).
    let mut fw = serde_json::to_value(Framework::builtin(2565).unwrap()).unwrap();
    fw["instruments"] = json!([
        {"code": "IIT", "name_th": "แบบวัด IIT", "weight": 50},
        {"code": "OIT", "name_th": "แบบวัด OIT", "weight": 50}
    ]);
    let indicators = fw["indicators"].as_array_mut().unwrap();
    indicators.retain(|i| i["instrument"] != "EIT");
    for indicator in indicators.iter_mut() {
        indicator["weight"] = json!(if indicator["instrument"] == "IIT" {
            10
        } else {
            25
        });
    }
    let fw = Framework::from_json(&fw.to_string()).unwrap();
    let input = valid_input(false);
    assert_error_with(&Catalog::new(vec![fw]), &input, "eit", "ไม่มีแบบวัด EIT");
}

fn assert_error_with(catalog: &Catalog, input: &Value, path: &str, reason_contains: &str) {
    match score_json(&input.to_string(), catalog) {
        Err(ScoreError::Invalid { path: got, reason }) => {
            assert_eq!(got, path);
            assert!(reason.contains(reason_contains), "{reason}");
        }
        other => panic!("expected an invalid-input error, got {other:?}"),
    }
}
