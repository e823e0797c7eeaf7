//! The Thai names the audit log reads the store's rows with: what a row is
//! about (the store's entity names), the fields of its records, and the codes
//! its values hold. The store keeps English keys so that a row reads the same
//! in every version; an officer reading the log sees only Thai.

use prongsai_core::action_plan::ProjectKind;
use prongsai_core::complaints::{CaseKind, CaseStatus, Channel};
use prongsai_core::disclosure::DisclosureStatus;
use prongsai_core::measures::ProgressStatus;
use prongsai_core::model::{AgencyKind, ResultSource, Role};
use prongsai_core::publication::PublishedKind;
use prongsai_core::risk::RiskLevel;
use prongsai_core::surveys::{SurveyKind, SurveyStatus};
use prongsai_core::thai::fiscal::ReportingRound;

/// The Thai name of what an audit row is about; `None` for a name this
/// version does not know (a row written by a newer one).
pub(super) fn entity_label(entity: &str) -> Option<&'static str> {
    Some(match entity {
        "agency" => "ข้อมูลหน่วยงาน",
        "department" => "ส่วนราชการ",
        "official" => "บุคลากร",
        "user" => "ผู้ใช้งาน",
        "ita_result" => "ผลการประเมิน ITA",
        "framework" => "กรอบการประเมิน",
        "analysis" => "การวิเคราะห์ผลการประเมิน",
        "topic" => "ประเด็นของมาตรการ",
        "measure" => "มาตรการ",
        "progress" => "ผลการดำเนินงานตามมาตรการ",
        "evidence_file" => "ไฟล์หลักฐาน",
        "round_approval" => "การอนุมัติรอบรายงาน",
        "plan_memo" => "บันทึกข้อความแจ้งมาตรการ",
        "action_plan" => "แผนปฏิบัติการป้องกันการทุจริต",
        "follow_up" => "การติดตามโครงการ",
        "risk_assessment" => "การประเมินความเสี่ยงการทุจริต",
        "order" => "คำสั่ง",
        "memo" => "บันทึกข้อความ",
        "memo_acknowledgement" => "การรับทราบบันทึกข้อความ",
        "case" => "เรื่องร้องเรียน",
        "case_message" => "ข้อความในเรื่องร้องเรียน",
        "case_attachment" => "ไฟล์แนบเรื่องร้องเรียน",
        "complaint_settings" => "การตั้งค่าเรื่องร้องเรียน",
        "corruption_handler" => "ผู้รับผิดชอบเรื่องทุจริต",
        "disclosure_entry" => "รายการเปิดเผยข้อมูล (OIT)",
        "disclosure_settings" => "การตั้งค่าเว็บไซต์และการตรวจลิงก์",
        "survey" => "แบบสำรวจ",
        "survey_accepted_day" => "วันที่ยอมรับคำตอบจำนวนมากผิดปกติของแบบสำรวจ",
        "publication" => "การเผยแพร่",
        "installation_emblem" => "ตราครุฑ",
        _ => return None,
    })
}

/// The Thai name of each key of the records the store audits.
const KEY_LABELS: &[(&str, &str)] = &[
    ("code", "รหัส"),
    ("kind", "ประเภท"),
    ("name", "ชื่อ"),
    ("name_th", "ชื่อ"),
    ("district", "อำเภอ"),
    ("province", "จังหวัด"),
    ("website", "เว็บไซต์"),
    ("home_url", "เว็บไซต์"),
    ("thai_digits", "ใช้เลขไทย"),
    ("logo", "โลโก้"),
    ("bytes", "ไฟล์"),
    ("content_type", "ชนิดไฟล์"),
    ("size", "ขนาดไฟล์ (ไบต์)"),
    ("size_bytes", "ขนาดไฟล์ (ไบต์)"),
    ("sort_order", "ลำดับการแสดง"),
    ("title", "ชื่อเรื่อง"),
    ("title_th", "ชื่อเรื่อง"),
    ("first_name", "ชื่อตัว"),
    ("last_name", "นามสกุล"),
    ("position", "ลำดับ"),
    ("positions", "ตำแหน่งผู้รับผิดชอบ"),
    ("rank", "ยศ"),
    ("department_id", "ส่วนราชการ"),
    ("department", "ส่วนราชการ"),
    ("owner_department", "ส่วนราชการ"),
    ("departments", "ส่วนราชการผู้รับผิดชอบ"),
    ("username", "ชื่อผู้ใช้"),
    ("display_name", "ชื่อที่แสดง"),
    ("role", "บทบาท"),
    ("supervised_province", "จังหวัดที่กำกับดูแล"),
    ("password_hash", "รหัสผ่าน"),
    ("active", "เปิดใช้งาน"),
    ("fiscal_year", "ปีงบประมาณ"),
    ("year", "ปีงบประมาณ"),
    ("first_year", "ปีงบประมาณแรก"),
    ("last_year", "ปีงบประมาณสุดท้าย"),
    ("source", "ประเภทผล"),
    ("published_total", "คะแนนรวมที่ประกาศ"),
    ("published_rating", "ระดับผลที่ประกาศ"),
    ("note", "หมายเหตุ"),
    ("outcome_note", "หมายเหตุ"),
    ("input", "ข้อมูลคะแนน"),
    ("iit", "IIT"),
    ("eit", "EIT"),
    ("oit", "OIT"),
    ("indicators", "ตัวชี้วัด"),
    ("indicator", "ตัวชี้วัด"),
    ("questions", "คำถาม"),
    ("items", "รายการ"),
    ("topic_id", "ประเด็น"),
    ("catalog_key", "ประเด็นจากรายการมาตรฐาน"),
    ("weakness", "ประเด็นที่เป็นข้อบกพร่อง"),
    ("weaknesses", "ประเด็นที่เป็นข้อบกพร่อง"),
    ("improvement", "แนวทางการปรับปรุง"),
    ("steps", "ขั้นตอนหรือวิธีการปฏิบัติ"),
    ("timeframe", "ระยะเวลาดำเนินการ"),
    ("first", "ไตรมาสแรก"),
    ("last", "ไตรมาสสุดท้าย"),
    ("start", "วันเริ่มต้น"),
    ("end", "วันสิ้นสุด"),
    ("owners", "ผู้รับผิดชอบ"),
    ("monitoring", "การกำกับติดตาม"),
    ("reporting", "การรายงานผล"),
    ("targets", "เป้าหมาย"),
    ("target_group", "เป้าหมาย"),
    ("text", "ข้อความ"),
    ("body", "ข้อความ"),
    ("message", "ข้อความ"),
    ("quantity", "จำนวน"),
    ("unit", "หน่วยนับ"),
    ("version", "ฉบับแก้ไขที่"),
    ("measure_id", "มาตรการ"),
    ("round", "รอบการรายงาน"),
    ("status", "สถานะ"),
    ("summary", "สรุปผลการดำเนินงาน"),
    ("results", "ผลการดำเนินการ"),
    ("outcome", "ผลลัพธ์"),
    ("achieved", "ผลที่ทำได้"),
    ("links", "ลิงก์หลักฐาน"),
    ("files", "ไฟล์หลักฐาน"),
    ("url", "ลิงก์"),
    ("label", "คำอธิบาย"),
    ("caption", "คำอธิบาย"),
    ("updated_at", "ปรับปรุงเมื่อ"),
    ("updated_by", "ปรับปรุงโดย"),
    ("approved_at", "อนุมัติเมื่อ"),
    ("approved_by", "อนุมัติโดย"),
    ("uploaded_at", "อัปโหลดเมื่อ"),
    ("uploaded_by", "อัปโหลดโดย"),
    ("published_at", "เผยแพร่เมื่อ"),
    ("published_by", "เผยแพร่โดย"),
    ("created_at", "สร้างเมื่อ"),
    ("received_at", "รับเรื่องเมื่อ"),
    ("received_on", "รับเรื่องเมื่อ"),
    ("closed_at", "ปิดเรื่องเมื่อ"),
    ("answered_at", "ตอบเมื่อ"),
    ("checked_at", "ตรวจเมื่อ"),
    ("file_name", "ชื่อไฟล์"),
    ("sha256", "ลายนิ้วมือไฟล์ (SHA-256)"),
    ("content_sha256", "ลายนิ้วมือไฟล์ (SHA-256)"),
    ("number", "เลขที่"),
    ("subject", "เรื่อง"),
    ("date", "วันที่"),
    ("preamble", "ความนำ"),
    ("committees", "คณะกรรมการ"),
    ("members", "กรรมการ"),
    ("duties", "หน้าที่"),
    ("duty", "หน้าที่"),
    ("assignments", "ผู้รับผิดชอบงาน"),
    ("signer", "ผู้ลงนาม"),
    ("official", "บุคลากร"),
    ("user_id", "ผู้ใช้"),
    ("preface", "คำนำ"),
    ("preface_date", "วันที่ของคำนำ"),
    ("intro", "บทนำ"),
    ("rationale", "หลักการและเหตุผล"),
    ("objectives", "วัตถุประสงค์"),
    ("goals", "เป้าหมายของแผน"),
    ("benefits", "ประโยชน์ที่คาดว่าจะได้รับ"),
    ("dimensions", "มิติ"),
    ("missions", "ภารกิจ"),
    ("projects", "โครงการ"),
    ("project_id", "โครงการ"),
    ("budgets", "งบประมาณ"),
    ("budget", "งบประมาณ"),
    ("amount", "จำนวนเงิน"),
    ("spent", "ใช้จ่ายจริง"),
    ("outputs", "ผลผลิต"),
    ("outputs_achieved", "ผลผลิต"),
    ("outcomes", "ผลลัพธ์ที่คาดว่าจะได้รับ"),
    ("problems", "ปัญหาและอุปสรรค"),
    ("suggestions", "ข้อเสนอแนะ"),
    ("methods", "วิธีดำเนินการ"),
    ("place", "สถานที่"),
    ("per_year", "รายปี"),
    ("areas", "กระบวนงาน"),
    ("events", "เหตุการณ์ความเสี่ยง"),
    ("process", "กระบวนงาน"),
    ("likelihood", "โอกาส"),
    ("impact", "ผลกระทบ"),
    ("level", "ระดับความเสี่ยง"),
    ("bands", "เกณฑ์ระดับความเสี่ยง"),
    ("min", "ต่ำสุด"),
    ("max", "สูงสุด"),
    ("controls", "มาตรการควบคุม"),
    ("acknowledgers", "ผู้รับทราบ"),
    ("acknowledgements", "ผู้รับทราบ"),
    ("channel", "ช่องทาง"),
    ("details", "รายละเอียด"),
    ("detail_th", "รายละเอียด"),
    ("due_on", "กำหนดตอบ"),
    ("deadline", "กำหนดตอบ"),
    ("visibility", "การมองเห็น"),
    ("deadline_days", "ระยะเวลาตอบ (วัน)"),
    ("reminder_days", "แจ้งเตือนก่อนครบกำหนด (วัน)"),
    ("retention_days", "เก็บรายงานการทุจริตหลังปิดเรื่อง (วัน)"),
    ("notify_emails", "อีเมลแจ้งเตือน"),
    ("corruption_notify_emails", "อีเมลแจ้งเตือน"),
    ("small_count_threshold", "จำนวนน้อยที่ปิดบังในสถิติ"),
    ("item_code", "ข้อ"),
    ("explanation", "คำอธิบาย"),
    ("keywords", "คำสำคัญ"),
    ("extra_domains", "โดเมนอื่นของหน่วยงาน"),
    ("max_clicks", "จำนวนคลิกจากหน้าหลักสูงสุด"),
    ("check_interval_hours", "ตรวจลิงก์ทุก (ชั่วโมง)"),
    ("keep_archive", "เก็บสำเนาหน้าที่ตรวจ"),
    ("population", "จำนวนประชากร"),
    ("sample_rule", "เกณฑ์จำนวนตัวอย่าง"),
    ("opens_on", "เปิดรับวันที่"),
    ("closes_on", "ปิดรับวันที่"),
    ("public_token", "ลิงก์สาธารณะ"),
    ("scale", "มาตราวัด"),
    ("edited", "ข้อความที่แก้ไข"),
    ("generated", "ข้อความที่ระบบสร้าง"),
    ("rule", "เกณฑ์"),
];

/// The Thai name of one key of a record of `entity`; `None` when it has none.
/// An official's title and position are the person's, not a heading and a
/// place in a list as elsewhere.
fn key_label(entity: &str, key: &str) -> Option<&'static str> {
    match (entity, key) {
        ("official", "title") => return Some("คำนำหน้า"),
        ("official" | "user", "position") => return Some("ตำแหน่ง"),
        _ => {}
    }
    KEY_LABELS
        .iter()
        .find(|(k, _)| *k == key)
        .map(|(_, label)| *label)
}

/// The Thai name of a field by its dotted path: each key by its name, a list
/// position as "ที่ N" (counting from one), nested keys after "›"
/// ("targets.0.quantity" → "เป้าหมาย ที่ 1 › จำนวน"). A key without a Thai
/// name keeps its own.
pub(super) fn field_label(entity: &str, path: &str) -> String {
    let mut label = String::new();
    for key in path.split('.') {
        if let Ok(index) = key.parse::<usize>() {
            label.push_str(&format!(" ที่ {}", index + 1));
            continue;
        }
        if !label.is_empty() {
            label.push_str(" › ");
        }
        label.push_str(key_label(entity, key).unwrap_or(key));
    }
    label
}

/// The Thai name of a code stored in a record (a role, a status, a kind …),
/// read by the field's key and the record's entity where one key means
/// different things ("status" of a case, of a survey, of a checklist entry).
pub(super) fn code_label(entity: &str, key: &str, code: &str) -> Option<&'static str> {
    match (entity, key) {
        (_, "role") => Role::from_code(code).map(Role::label_th),
        (_, "source") => ResultSource::from_code(code).map(ResultSource::label_th),
        (_, "round") => match code {
            "half_year" => Some(ReportingRound::HalfYear.label_th()),
            "full_year" => Some(ReportingRound::FullYear.label_th()),
            _ => None,
        },
        (_, "level") => RiskLevel::from_code(code).map(RiskLevel::label_th),
        (_, "channel") => Channel::from_code(code).map(Channel::label_th),
        ("agency", "kind") => AgencyKind::from_code(code).map(AgencyKind::label_th),
        ("case", "kind") => CaseKind::from_code(code).map(CaseKind::label_th),
        ("survey", "kind") => SurveyKind::from_code(code).map(SurveyKind::label_th),
        ("publication", "kind") => PublishedKind::from_code(code).map(PublishedKind::label_th),
        ("action_plan", "kind") => ProjectKind::from_code(code).map(ProjectKind::label_th),
        ("progress", "status") => ProgressStatus::from_code(code).map(ProgressStatus::label_th),
        ("case", "status") => CaseStatus::from_code(code).map(CaseStatus::label_th),
        ("survey", "status") => SurveyStatus::from_code(code).map(SurveyStatus::label_th),
        ("disclosure_entry", "status") => {
            DisclosureStatus::from_code(code).map(DisclosureStatus::label_th)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_entity_the_store_audits_has_a_thai_name() {
        for entity in [
            "agency",
            "department",
            "official",
            "user",
            "ita_result",
            "framework",
            "analysis",
            "topic",
            "measure",
            "progress",
            "evidence_file",
            "round_approval",
            "plan_memo",
            "action_plan",
            "follow_up",
            "risk_assessment",
            "order",
            "memo",
            "memo_acknowledgement",
            "case",
            "case_message",
            "case_attachment",
            "complaint_settings",
            "corruption_handler",
            "disclosure_entry",
            "disclosure_settings",
            "survey",
            "publication",
            "installation_emblem",
        ] {
            let label = entity_label(entity).unwrap_or_default();
            assert!(
                label
                    .chars()
                    .any(|c| ('\u{0E00}'..='\u{0E7F}').contains(&c)),
                "{entity}: {label:?}"
            );
        }
        assert_eq!(entity_label("something_new"), None);
    }

    #[test]
    fn nested_fields_read_as_thai_paths() {
        assert_eq!(field_label("measure", "weakness"), "ประเด็นที่เป็นข้อบกพร่อง");
        assert_eq!(field_label("measure", "steps.1"), "ขั้นตอนหรือวิธีการปฏิบัติ ที่ 2");
        assert_eq!(
            field_label("measure", "targets.0.quantity"),
            "เป้าหมาย ที่ 1 › จำนวน"
        );
        assert_eq!(
            field_label("ita_result", "input.iit.1"),
            "ข้อมูลคะแนน › IIT ที่ 2"
        );
        assert_eq!(field_label("official", "title"), "คำนำหน้า");
        assert_eq!(field_label("topic", "title"), "ชื่อเรื่อง");
        assert_eq!(field_label("measure", "brand_new"), "brand_new");
    }

    #[test]
    fn codes_read_by_their_record() {
        assert_eq!(
            code_label("progress", "status", "done"),
            Some(ProgressStatus::Done.label_th())
        );
        assert_eq!(code_label("user", "role", "executive"), Some("ผู้บริหาร"));
        assert_eq!(
            code_label("round_approval", "round", "full_year"),
            Some("รอบ 12 เดือน")
        );
        assert_eq!(code_label("measure", "status", "done"), None);
    }
}
