//! Framework files: the shipped years match the reference, imports are
//! validated with exact paths, and a new year can be derived from the last.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use prongsai_core::ita::{
    AnswerType, Catalog, DRAFT_WARNING_TH, Framework, FrameworkError, FrameworkStatus, Instrument,
    OitInput, RatingScheme, ScoreInput, score,
};

fn builtin(year: i32) -> Framework {
    Framework::builtin(year).expect("built-in framework")
}

fn sub_indicator_sizes(fw: &Framework) -> Vec<usize> {
    fw.indicators_of(Instrument::Oit)
        .flat_map(|i| &i.sub_indicators)
        .map(|s| s.items.len())
        .collect()
}

#[test]
fn shipped_years_and_their_status() {
    assert_eq!(
        Framework::builtin_years(),
        [2564, 2565, 2566, 2567, 2568, 2569]
    );
    assert!(Framework::builtin(2563).is_none());
    for year in Framework::builtin_years() {
        let fw = builtin(year);
        assert_eq!(fw.year, year);
        assert_eq!(fw.is_draft(), year >= 2566, "{year}");
        assert_eq!(fw.indicators.len(), 10);
        let weights: Vec<f64> = fw.instruments.iter().map(|i| i.weight).collect();
        assert_eq!(weights, [30.0, 30.0, 40.0]);
    }
    assert_eq!(DRAFT_WARNING_TH, "ต้องตรวจสอบกับคู่มือ ป.ป.ช.");
}

#[test]
fn fy2564_and_2565_match_the_reference_structure() {
    for year in [2564, 2565] {
        let fw = builtin(year);
        assert_eq!(fw.status, FrameworkStatus::Confirmed);
        assert_eq!(sub_indicator_sizes(&fw), [9, 8, 7, 4, 5, 8, 2]);
        let codes: Vec<&str> = fw.oit_items().map(|i| i.code.as_str()).collect();
        let expected: Vec<String> = (1..=43).map(|n| format!("O{n}")).collect();
        assert_eq!(codes, expected);
        assert!(matches!(fw.rating, RatingScheme::LetterBands { .. }));

        let iit: Vec<_> = fw
            .indicators_of(Instrument::Iit)
            .flat_map(|i| &i.questions)
            .collect();
        assert_eq!(iit.len(), 30);
        let reverse: Vec<&str> = iit
            .iter()
            .filter(|q| q.reverse)
            .map(|q| q.code.as_str())
            .collect();
        assert_eq!(
            reverse,
            [
                "i4", "i5", "i6", "i9", "i10", "i16", "i17", "i18", "i19", "i22"
            ]
        );
        let yes_no: Vec<&str> = iit
            .iter()
            .filter(|q| q.answer_type == AnswerType::YesNo)
            .map(|q| q.code.as_str())
            .collect();
        assert_eq!(yes_no, ["i4", "i5", "i6", "i26"]);
        let sub_items: BTreeMap<&str, usize> = iit
            .iter()
            .filter(|q| !q.sub_items.is_empty())
            .map(|q| (q.code.as_str(), q.sub_items.len()))
            .collect();
        let expected: BTreeMap<&str, usize> = [
            ("i1", 2),
            ("i3", 3),
            ("i4", 3),
            ("i5", 3),
            ("i6", 3),
            ("i8", 2),
            ("i11", 2),
            ("i12", 3),
            ("i18", 3),
            ("i26", 2),
            ("i28", 3),
            ("i30", 4),
        ]
        .into();
        assert_eq!(sub_items, expected);
        let i11 = iit.iter().find(|q| q.code == "i11").unwrap();
        assert_eq!(
            i11.sub_items.iter().map(|s| s.reverse).collect::<Vec<_>>(),
            [false, true]
        );

        let eit: Vec<_> = fw
            .indicators_of(Instrument::Eit)
            .flat_map(|i| &i.questions)
            .collect();
        assert_eq!(eit.len(), 15);
        let eit_yes_no: Vec<&str> = eit
            .iter()
            .filter(|q| q.answer_type == AnswerType::YesNo)
            .map(|q| q.code.as_str())
            .collect();
        assert_eq!(eit_yes_no, ["e4", "e8", "e10"]);
    }
}

#[test]
fn draft_years_follow_the_reference_counts_and_ratings() {
    assert_eq!(builtin(2566).oit_items().count(), 43);
    assert!(matches!(
        builtin(2566).rating,
        RatingScheme::PassFail {
            threshold: 85.0,
            ..
        }
    ));
    assert_eq!(builtin(2567).oit_items().count(), 35);
    assert_eq!(builtin(2569).oit_items().count(), 26);
    for year in [2567, 2568, 2569] {
        assert_eq!(
            builtin(year).rating.labels(),
            ["ผ่านดีเยี่ยม", "ผ่านดี", "ผ่าน", "ต้องปรับปรุง", "ต้องปรับปรุงโดยด่วน"]
        );
    }
    // Cross-year mappings point at codes of the year they belong to.
    for year in [2565, 2566, 2567, 2568, 2569] {
        let fw = builtin(year);
        let previous = builtin(year - 1);
        assert!(!fw.previous_year_item_mapping.is_empty(), "{year}");
        for old in fw.previous_year_item_mapping.keys() {
            assert!(
                previous.oit_items().any(|i| &i.code == old),
                "{year}: {old}"
            );
        }
    }
}

#[test]
fn a_framework_survives_a_json_round_trip() {
    for year in Framework::builtin_years() {
        let fw = builtin(year);
        let text = serde_json::to_string_pretty(&fw).unwrap();
        assert_eq!(Framework::from_json(&text).unwrap(), fw);
    }
}

/// The 2565 framework as JSON, changed by `edit`, then imported.
fn import_edited(edit: impl FnOnce(&mut Value)) -> FrameworkError {
    let mut value = serde_json::to_value(builtin(2565)).unwrap();
    edit(&mut value);
    Framework::from_json(&value.to_string()).expect_err("the edited framework must be rejected")
}

fn assert_rejected(edit: impl FnOnce(&mut Value), path: &str, reason_contains: &str) {
    let error = import_edited(edit);
    assert_eq!(error.path, path, "reason: {}", error.reason);
    assert!(
        error.reason.contains(reason_contains),
        "reason {:?} should mention {reason_contains:?}",
        error.reason
    );
    assert_eq!(error.to_string(), format!("{path}: {}", error.reason));
}

#[test]
fn imports_are_rejected_with_the_exact_field() {
    assert_rejected(
        |v| v["indicators"][3]["questions"][2]["answer_type"] = json!("five_level"),
        "indicators[3].questions[2].answer_type",
        "ไม่รู้จักค่า \"five_level\" (ค่าที่ใช้ได้: four_level, yes_no)",
    );
    assert_rejected(|v| v["year"] = json!(2499), "year", "2500 ถึง 2700");
    assert_rejected(
        |v| v["confidence_note"] = json!("  "),
        "confidence_note",
        "ต้องไม่เว้นว่าง",
    );
    assert_rejected(
        |v| {
            v.as_object_mut()
                .unwrap()
                .remove("status")
                .map(drop)
                .unwrap()
        },
        "status",
        "ต้องระบุช่องนี้",
    );
    assert_rejected(
        |v| v["instruments"][0]["wieght"] = json!(30),
        "instruments[0].wieght",
        "ไม่รู้จักช่อง \"wieght\"",
    );
    assert_rejected(
        |v| v["instruments"][0]["weight"] = json!(40),
        "instruments",
        "ได้ 110",
    );
    assert_rejected(
        |v| v["instruments"][1]["code"] = json!("IIT"),
        "instruments[1].code",
        "IIT ซ้ำ",
    );
    assert_rejected(
        |v| v["instruments"][2]["weight"] = json!(-40),
        "instruments[2].weight",
        "มากกว่า 0",
    );
    assert_rejected(
        |v| v["indicators"][0]["weight"] = json!(5),
        "instruments[0].weight",
        "น้ำหนักของแบบวัด IIT (30) ต้องเท่ากับผลรวมน้ำหนักของตัวชี้วัดในแบบวัดนี้ (29)",
    );
    assert_rejected(
        |v| v["indicators"][4]["number"] = json!(1),
        "indicators[4].number",
        "ต้องไม่ซ้ำ",
    );
    assert_rejected(
        |v| v["indicators"][2]["name_th"] = json!(""),
        "indicators[2].name_th",
        "ต้องไม่เว้นว่าง",
    );
    assert_rejected(
        |v| v["indicators"][1]["questions"][0]["code"] = json!("i1"),
        "indicators[1].questions[0].code",
        "รหัสข้อคำถาม i1 ซ้ำ",
    );
    assert_rejected(
        |v| v["indicators"][1]["questions"][0]["code"] = json!("i 7"),
        "indicators[1].questions[0].code",
        "รหัสต้องเป็น",
    );
    assert_rejected(
        |v| v["indicators"][0]["questions"] = json!([]),
        "indicators[0].questions",
        "ต้องมีข้อคำถามอย่างน้อยหนึ่งข้อ",
    );
    assert_rejected(
        |v| {
            v["indicators"][0]["questions"][0]["sub_items"] =
                json!([{"text_th": "ข้อเดียว", "reverse": false}])
        },
        "indicators[0].questions[0].sub_items",
        "อย่างน้อย 2 ข้อ",
    );
    assert_rejected(
        |v| v["indicators"][0]["questions"][3]["reverse"] = json!(false),
        "indicators[0].questions[3].reverse",
        "ข้อย่อยทุกข้อคิดคะแนนกลับด้าน",
    );
    assert_rejected(
        |v| v["indicators"][9]["sub_indicators"] = json!([]),
        "indicators[9].sub_indicators",
        "ต้องมีตัวชี้วัดย่อยอย่างน้อยหนึ่งตัว",
    );
    assert_rejected(
        |v| v["indicators"][9]["sub_indicators"][1]["items"] = json!([]),
        "indicators[9].sub_indicators[1].items",
        "ต้องมีข้ออย่างน้อยหนึ่งข้อ",
    );
    assert_rejected(
        |v| v["indicators"][9]["sub_indicators"][1]["code"] = json!("9.6"),
        "indicators[9].sub_indicators[1].code",
        "10.ลำดับ",
    );
    assert_rejected(
        |v| v["indicators"][8]["sub_indicators"][1]["items"][0]["code"] = json!("O1"),
        "indicators[8].sub_indicators[1].items[0].code",
        "รหัสข้อ O1 ซ้ำ",
    );
    assert_rejected(
        |v| v["indicators"][8]["sub_indicators"][0]["items"][2]["evidence_th"] = json!(""),
        "indicators[8].sub_indicators[0].items[2].evidence_th",
        "ต้องไม่เว้นว่าง",
    );
    assert_rejected(
        |v| v["indicators"][8]["instrument"] = json!("XIT"),
        "indicators[8].instrument",
        "ค่าที่ใช้ได้: IIT, EIT, OIT",
    );
    assert_rejected(
        |v| v["previous_year_item_mapping"]["O1"] = json!("O99"),
        "previous_year_item_mapping.O1",
        "ไม่มีข้อ O99",
    );
}

#[test]
fn rating_schemes_must_give_every_total_a_label() {
    assert_rejected(
        |v| v["rating"]["scheme"] = json!("stars"),
        "rating.scheme",
        "letter_bands, pass_fail, tiered",
    );
    assert_rejected(
        |v| v["rating"]["bands"][6]["min"] = json!(10),
        "rating.bands[6].min",
        "เริ่มที่ 0",
    );
    assert_rejected(
        |v| v["rating"]["bands"][2]["min"] = json!(90),
        "rating.bands[2].min",
        "เรียงจากสูงไปต่ำ",
    );
    assert_rejected(
        |v| v["rating"]["bands"] = json!([]),
        "rating.bands",
        "อย่างน้อยหนึ่งช่วง",
    );
    assert_rejected(
        |v| v["rating"]["bands"][1]["label"] = json!("AA"),
        "rating",
        "ต้องไม่ซ้ำ",
    );
    assert_rejected(
        |v| v["rating"] = json!({"scheme": "pass_fail", "threshold": 185, "pass_label": "ผ่าน", "fail_label": "ไม่ผ่าน"}),
        "rating.threshold",
        "0 ถึง 100",
    );
    let tiered = serde_json::to_value(&builtin(2568).rating).unwrap();
    let mut reordered = tiered.clone();
    reordered["tiers"].as_array_mut().unwrap().swap(0, 2);
    assert_rejected(
        |v| v["rating"] = reordered,
        "rating.tiers[2].min_total",
        "เรียงจากคะแนนขั้นต่ำสูงไปต่ำ",
    );
    let mut uncovered = tiered;
    uncovered["fallback_bands"][1]["min"] = json!(50);
    assert_rejected(
        |v| v["rating"] = uncovered,
        "rating.fallback_bands[1].min",
        "เริ่มที่ 0",
    );
}

#[test]
fn broken_json_reports_its_line_and_column() {
    let error =
        Framework::from_json("{\n  \"year\": 2565,\n  \"status\" \"draft\"\n}").unwrap_err();
    assert_eq!(error.path, "บรรทัด 3 คอลัมน์ 12");
    assert!(error.reason.contains("ขาดเครื่องหมาย :"), "{}", error.reason);
}

/// Drops O8 (Q&A) and moves O9–O43 down by one.
fn close_the_gap_after_o8() -> BTreeMap<String, Option<String>> {
    let mut renumber: BTreeMap<String, Option<String>> = BTreeMap::new();
    renumber.insert("O8".into(), None);
    for n in 9..=43 {
        renumber.insert(format!("O{n}"), Some(format!("O{}", n - 1)));
    }
    renumber
}

#[test]
fn deriving_the_next_year_renumbers_and_keeps_the_mapping() {
    let last = builtin(2565);
    let next = last.derive_next_year(&close_the_gap_after_o8()).unwrap();
    assert_eq!(next.year, 2566);
    assert!(next.is_draft());
    assert!(next.confidence_note.contains(DRAFT_WARNING_TH));
    assert_eq!(next.oit_items().count(), 42);
    assert_eq!(sub_indicator_sizes(&next), [8, 8, 7, 4, 5, 8, 2]);
    let o8 = next.oit_items().find(|i| i.code == "O8").unwrap();
    assert_eq!(o8.title_th, "Social Network");
    let mapping = &next.previous_year_item_mapping;
    assert_eq!(mapping.len(), 42);
    assert_eq!(mapping.get("O1").map(String::as_str), Some("O1"));
    assert_eq!(mapping.get("O9").map(String::as_str), Some("O8"));
    assert_eq!(mapping.get("O43").map(String::as_str), Some("O42"));
    assert!(!mapping.contains_key("O8"));
    assert_eq!(next.questions().count(), last.questions().count());
    assert_eq!(next.rating, last.rating);

    // The derived year is a valid file and scores once imported.
    let imported = Framework::from_json(&serde_json::to_string(&next).unwrap()).unwrap();
    assert_eq!(imported, next);
    let items = next
        .oit_items()
        .map(|i| (i.code.clone(), i.code != "O8"))
        .collect();
    let input = ScoreInput {
        year: 2566,
        iit: None,
        eit: None,
        oit: Some(OitInput::Items(items)),
    };
    let report = score(&next, &input).unwrap();
    // Social Network (now O8) failed: 7 of 8 in 9.1.
    assert_eq!(report.sub_indicators.unwrap().get("9.1"), Some(87.5));
    assert_eq!(
        report.warnings,
        [
            "กรอบการประเมินปี 2566 เป็นฉบับร่าง: ต้องตรวจสอบกับคู่มือ ป.ป.ช.",
            "ยังไม่มีข้อมูลแบบวัด IIT, EIT จึงยังไม่มีคะแนนรวมและระดับผลการประเมิน",
        ]
    );
    assert_eq!((report.total, report.rating), (None, None));
}

#[test]
fn deriving_rejects_bad_renumbering() {
    let fw = builtin(2565);
    let one = |old: &str, new: Option<&str>| -> BTreeMap<String, Option<String>> {
        [(old.to_owned(), new.map(str::to_owned))].into()
    };
    let error = fw.derive_next_year(&one("O2", Some("O1"))).unwrap_err();
    assert_eq!(error.path, "renumber.O2");
    assert!(
        error.reason.contains("O1 ถูกใช้แล้วโดยข้อ O1"),
        "{}",
        error.reason
    );

    let mut swap_into_kept = one("O1", Some("O2"));
    swap_into_kept.insert("O3".into(), None);
    let error = fw.derive_next_year(&swap_into_kept).unwrap_err();
    assert_eq!(error.path, "renumber.O1");

    let error = fw.derive_next_year(&one("O99", Some("O1"))).unwrap_err();
    assert_eq!(
        (error.path.as_str(), error.reason.as_str()),
        ("renumber.O99", "ไม่มีข้อ O99 ในกรอบการประเมินปี 2565")
    );

    let error = fw.derive_next_year(&one("O5", Some("O 5"))).unwrap_err();
    assert_eq!(error.path, "renumber.O5");

    let mut drop_10_2 = one("O42", None);
    drop_10_2.insert("O43".into(), None);
    let error = fw.derive_next_year(&drop_10_2).unwrap_err();
    assert_eq!(error.path, "indicators[9].sub_indicators[1].items");

    // Swapping two codes is fine: only the final codes must be unique.
    let mut swap = one("O1", Some("O2"));
    swap.insert("O2".into(), Some("O1".into()));
    let swapped = fw.derive_next_year(&swap).unwrap();
    assert_eq!(swapped.oit_items().next().unwrap().title_th, "โครงสร้าง");
    assert_eq!(swapped.oit_items().next().unwrap().code, "O2");
}

#[test]
fn deriving_past_2700_is_rejected() {
    let mut value = serde_json::to_value(builtin(2569)).unwrap();
    value["year"] = json!(2700);
    let fw = Framework::from_json(&value.to_string()).unwrap();
    assert_eq!(
        fw.derive_next_year(&BTreeMap::new()).unwrap_err().path,
        "year"
    );
}

#[test]
fn the_catalog_prefers_imported_frameworks() {
    let catalog = Catalog::default();
    assert_eq!(catalog.years(), Framework::builtin_years());
    assert_eq!(catalog.get(2565), Some(&builtin(2565)));
    assert!(catalog.get(2570).is_none());

    let next = builtin(2569).derive_next_year(&BTreeMap::new()).unwrap();
    let mut corrected = builtin(2567);
    corrected.status = FrameworkStatus::Confirmed;
    let catalog = Catalog::new(vec![next.clone(), corrected.clone()]);
    assert_eq!(catalog.years(), [2564, 2565, 2566, 2567, 2568, 2569, 2570]);
    assert_eq!(catalog.get(2570), Some(&next));
    assert_eq!(catalog.get(2567), Some(&corrected));
    assert_eq!(catalog.get(2568), Some(&builtin(2568)));
}
