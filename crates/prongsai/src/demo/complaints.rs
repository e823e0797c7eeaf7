//! The complaints and corruption reports of the demo agencies: made up, clearly
//! fictional, and shaped like a year of a small local government's work, so the
//! case lists, the overdue list, the statistics and the portal have something true
//! to show.
//!
//! Each agency gets the fiscal year of its latest seed document and the current
//! fiscal year (so today's dashboard has open and overdue cases): every status and
//! every channel, across its departments, most answered on time, some late, some
//! explained before the deadline (which meets it, by the seed's rule), with public
//! replies, internal notes and the reporters' own messages. Some reporters left a
//! contact, always a fictional one ("นาย ก. (นามสมมติ)", 080-000-xxxx,
//! @example.com), sealed with the configured master key like a real one.
//!
//! The cases come from a small generator with a fixed seed per agency, so a
//! database built on the same day always holds the same cases. Loading is
//! idempotent: an agency that already has a case is left as it is.

use std::collections::BTreeSet;

use chrono::{DateTime, Duration, NaiveDate, TimeZone as _, Utc};
use prongsai_app::case_files::CaseVault;
use prongsai_core::complaints::tracking::TrackingCode;
use prongsai_core::complaints::{
    Case, CaseKind, CaseMessage, CaseStatus, Channel, ComplaintSettings, MessageAuthor,
    MessageVisibility, ReporterContact, due_on,
};
use prongsai_core::model::{Agency, CaseId, CaseMessageId, Department, User};
use prongsai_core::thai::calendar::{in_thailand, thailand_offset};
use prongsai_core::thai::fiscal::FiscalYear;
use prongsai_store::{Actor, CaseFilter, NewCase, Store};

use crate::demo::names::demo_username;
use crate::error::CliError;

/// The fiscal year of each demo agency's latest seed document.
pub(crate) const SEED_YEARS: [(&str, i32); 4] = [
    ("dindaeng-krabi", 2568),
    ("pathumyai-nakhonratchasima", 2566),
    ("bangkhae", 2566),
    ("nongprung-phetchaburi", 2565),
];

/// A small deterministic generator (SplitMix64): the demo needs variety that is
/// the same on every run, not unpredictability.
#[derive(Debug, Clone)]
pub(crate) struct Rng(u64);

impl Rng {
    /// A generator seeded from a text (FNV-1a of its bytes).
    pub(crate) fn seeded(text: &str) -> Self {
        let seed = text.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
        });
        Self(seed)
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n` > 0).
    pub(crate) fn below(&mut self, n: u32) -> u32 {
        u32::try_from(self.next() % u64::from(n.max(1))).expect("below a u32")
    }

    /// A number in `low..=high`.
    pub(crate) fn between(&mut self, low: u32, high: u32) -> u32 {
        low + self.below(high - low + 1)
    }

    /// True `percent` times in a hundred.
    pub(crate) fn chance(&mut self, percent: u32) -> bool {
        self.below(100) < percent
    }

    pub(crate) fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        let n = u32::try_from(items.len()).expect("a short list");
        &items[self.below(n) as usize]
    }

    pub(crate) fn weighted<T: Copy>(&mut self, items: &[(T, u32)]) -> T {
        let total = items.iter().map(|(_, w)| w).sum();
        let mut roll = self.below(total);
        for (item, weight) in items {
            if roll < *weight {
                return *item;
            }
            roll -= weight;
        }
        items[0].0
    }
}

/// A kind of general complaint: what people write, which department handles it
/// (the first name any department of the agency starts with; else the first
/// department), what staff answer, and where it goes when it is not the agency's.
#[derive(Debug)]
struct ComplaintTopic {
    subject: &'static str,
    details: &'static str,
    departments: &'static [&'static str],
    progress: &'static str,
    resolution: &'static str,
    forward_to: &'static str,
}

const COMPLAINTS: [ComplaintTopic; 20] = [
    ComplaintTopic {
        subject: "ไฟฟ้าส่องสว่างสาธารณะดับ",
        details: "ไฟกิ่งริมถนนดับติดต่อกันหลายคืน ช่วงกลางคืนมืดมาก ผู้ใช้ถนนเกรงจะเกิดอุบัติเหตุและมีการลักขโมย",
        departments: &["กองช่าง"],
        progress: "เจ้าหน้าที่ออกสำรวจแล้ว พบหลอดไฟและอุปกรณ์ควบคุมชำรุด อยู่ระหว่างเบิกวัสดุมาเปลี่ยน",
        resolution: "เปลี่ยนหลอดไฟและอุปกรณ์ที่ชำรุดแล้ว ไฟส่องสว่างใช้งานได้ตามปกติ",
        forward_to: "การไฟฟ้าส่วนภูมิภาคอำเภอ (เสาไฟเป็นของการไฟฟ้า)",
    },
    ComplaintTopic {
        subject: "ถนนชำรุดเป็นหลุมบ่อ",
        details: "ถนนคอนกรีตในหมู่บ้านแตกเป็นหลุมลึกหลายจุด เมื่อฝนตกมีน้ำขัง รถจักรยานยนต์ล้มแล้วหลายครั้ง",
        departments: &["กองช่าง"],
        progress: "สำรวจความเสียหายและประมาณราคาซ่อมแซมแล้ว อยู่ระหว่างจัดหาวัสดุ",
        resolution: "ซ่อมผิวถนนด้วยยางมะตอยสำเร็จรูปแล้ว และติดป้ายเตือนจุดที่ต้องซ่อมใหญ่ในปีงบประมาณถัดไป",
        forward_to: "แขวงทางหลวงชนบทจังหวัด (เป็นถนนในความรับผิดชอบของกรมทางหลวงชนบท)",
    },
    ComplaintTopic {
        subject: "น้ำประปาไม่ไหล",
        details: "น้ำประปาหมู่บ้านไม่ไหลมาสามวันแล้ว บางบ้านไหลเบามากเฉพาะช่วงกลางดึก ขอให้เร่งตรวจสอบ",
        departments: &["กองช่าง", "สำนักปลัด"],
        progress: "ตรวจพบท่อเมนแตกใต้ถนน อยู่ระหว่างซ่อม ระหว่างนี้จัดรถบรรทุกน้ำแจกจ่ายวันละสองรอบ",
        resolution: "ซ่อมท่อเมนและล้างระบบแล้ว น้ำประปาไหลตามปกติ",
        forward_to: "การประปาส่วนภูมิภาคสาขาในพื้นที่",
    },
    ComplaintTopic {
        subject: "น้ำประปาขุ่นมีตะกอน",
        details: "น้ำประปามีสีขุ่นและมีตะกอนสีน้ำตาล ใช้อาบและซักผ้าไม่ได้",
        departments: &["กองช่าง", "สำนักปลัด"],
        progress: "เก็บตัวอย่างน้ำส่งตรวจแล้ว อยู่ระหว่างล้างถังกรองของระบบประปา",
        resolution: "ล้างถังกรองและเปลี่ยนสารกรองแล้ว ผลตรวจคุณภาพน้ำผ่านเกณฑ์",
        forward_to: "การประปาส่วนภูมิภาคสาขาในพื้นที่",
    },
    ComplaintTopic {
        subject: "ขยะไม่จัดเก็บตามกำหนด",
        details: "รถเก็บขยะไม่มาเก็บตามวันที่กำหนดมาสองสัปดาห์ ขยะล้นถัง ส่งกลิ่นเหม็น และมีสุนัขคุ้ยเขี่ย",
        departments: &["กองสาธารณสุข", "สำนักปลัด"],
        progress: "ปรับเส้นทางรถเก็บขยะชั่วคราวและเพิ่มรอบเก็บในพื้นที่แล้ว",
        resolution: "เก็บขนขยะตกค้างหมดแล้ว และแจ้งตารางเก็บขยะใหม่ผ่านผู้ใหญ่บ้านและหอกระจายข่าว",
        forward_to: "ศูนย์ดำรงธรรมจังหวัด",
    },
    ComplaintTopic {
        subject: "เสียงดังรบกวนจากร้านคาราโอเกะ",
        details: "ร้านคาราโอเกะเปิดเพลงเสียงดังเกินเที่ยงคืนเกือบทุกคืน ผู้สูงอายุและเด็กนักเรียนในละแวกพักผ่อนไม่ได้",
        departments: &["สำนักปลัด"],
        progress: "เจ้าหน้าที่ร่วมกับผู้ใหญ่บ้านเข้าตักเตือนผู้ประกอบการแล้ว อยู่ระหว่างติดตามผล",
        resolution: "ผู้ประกอบการลงนามรับทราบเงื่อนไขเวลาเปิดปิดและระดับเสียงแล้ว การติดตามสองสัปดาห์ไม่พบการฝ่าฝืน",
        forward_to: "สถานีตำรวจภูธรในพื้นที่ (เรื่องเวลาเปิดปิดสถานบริการ)",
    },
    ComplaintTopic {
        subject: "กลิ่นเหม็นจากฟาร์มสุกร",
        details: "ฟาร์มสุกรใกล้ชุมชนปล่อยน้ำเสียลงลำห้วย มีกลิ่นเหม็นรุนแรงโดยเฉพาะช่วงเย็น",
        departments: &["กองสาธารณสุข", "สำนักปลัด"],
        progress: "ตรวจสถานที่แล้ว ออกคำแนะนำให้ปรับปรุงบ่อบำบัดน้ำเสียภายใน 30 วัน",
        resolution: "ฟาร์มปรับปรุงบ่อบำบัดและปิดคลุมบ่อแล้ว ผลตรวจซ้ำไม่พบการปล่อยน้ำเสีย",
        forward_to: "สำนักงานปศุสัตว์จังหวัด",
    },
    ComplaintTopic {
        subject: "ท่อระบายน้ำอุดตัน น้ำท่วมขัง",
        details: "ท่อระบายน้ำหน้าบ้านอุดตัน ฝนตกครั้งใดน้ำท่วมขังสูงและไหลเข้าบ้าน",
        departments: &["กองช่าง"],
        progress: "นัดรถดูดตะกอนเข้าลอกท่อแล้ว อยู่ระหว่างรอคิวรถ",
        resolution: "ลอกท่อระบายน้ำและเปลี่ยนฝาท่อที่แตกแล้ว น้ำระบายได้ตามปกติ",
        forward_to: "แขวงทางหลวงชนบทจังหวัด (ท่อระบายน้ำริมทางหลวง)",
    },
    ComplaintTopic {
        subject: "ขอให้ตรวจสอบการจัดซื้อจัดจ้างโครงการก่อสร้างรางระบายน้ำ",
        details: "รางระบายน้ำที่เพิ่งสร้างในหมู่บ้านดูเหมือนใช้วัสดุไม่ได้มาตรฐาน ขอให้ตรวจสอบเอกสารการจัดซื้อจัดจ้างและการตรวจรับงาน",
        departments: &["กองคลัง", "กองช่าง"],
        progress: "ขอเอกสารสัญญาและรายงานการตรวจรับงานมาตรวจสอบแล้ว",
        resolution: "ตรวจสอบแล้วงานเป็นไปตามแบบและสัญญา และได้เผยแพร่ประกาศผลการจัดซื้อจัดจ้างพร้อมรายงานการตรวจรับบนเว็บไซต์ของหน่วยงานแล้ว",
        forward_to: "สำนักงานตรวจเงินแผ่นดินจังหวัด",
    },
    ComplaintTopic {
        subject: "สุนัขจรจัดจำนวนมาก",
        details: "มีสุนัขจรจัดรวมฝูงบริเวณตลาดและไล่กัดเด็กนักเรียนที่เดินผ่าน",
        departments: &["กองสาธารณสุข", "สำนักปลัด"],
        progress: "สำรวจจำนวนสุนัขแล้ว อยู่ระหว่างนัดสัตวแพทย์ฉีดวัคซีนและทำหมัน",
        resolution: "ฉีดวัคซีนป้องกันโรคพิษสุนัขบ้าและทำหมันสุนัขจรจัดแล้ว 23 ตัว และประสานอาสาสมัครดูแลต่อเนื่อง",
        forward_to: "สำนักงานปศุสัตว์อำเภอ",
    },
    ComplaintTopic {
        subject: "ต้นไม้ล้มขวางถนน",
        details: "พายุเมื่อคืนทำให้ต้นไม้ใหญ่ล้มขวางถนนสายหลัก รถผ่านไม่ได้",
        departments: &["สำนักปลัด"],
        progress: "ส่งชุดป้องกันและบรรเทาสาธารณภัยออกไปที่เกิดเหตุแล้ว",
        resolution: "ตัดและเคลื่อนย้ายต้นไม้ออกแล้ว ถนนสัญจรได้ตามปกติ",
        forward_to: "แขวงทางหลวงจังหวัด",
    },
    ComplaintTopic {
        subject: "กิ่งไม้พาดสายไฟฟ้า",
        details: "กิ่งไม้ใหญ่พาดสายไฟฟ้าแรงต่ำ ลมแรงทีไรไฟตก เกรงจะเกิดไฟไหม้",
        departments: &["กองช่าง", "สำนักปลัด"],
        progress: "ประสานการไฟฟ้าเพื่อดับไฟระหว่างตัดกิ่งไม้แล้ว รอกำหนดวัน",
        resolution: "ตัดแต่งกิ่งไม้ร่วมกับการไฟฟ้าแล้ว",
        forward_to: "การไฟฟ้าส่วนภูมิภาคอำเภอ",
    },
    ComplaintTopic {
        subject: "เบี้ยยังชีพผู้สูงอายุไม่เข้าบัญชี",
        details: "มารดาอายุ 72 ปี ไม่ได้รับเบี้ยยังชีพเดือนนี้ ทั้งที่ได้รับทุกเดือน",
        departments: &["สำนักปลัด", "กองคลัง"],
        progress: "ตรวจสอบพบเลขบัญชีในทะเบียนไม่ตรงกับธนาคาร อยู่ระหว่างแก้ไขข้อมูล",
        resolution: "แก้ไขเลขบัญชีและโอนเบี้ยยังชีพที่ค้างจ่ายแล้ว",
        forward_to: "สำนักงานพัฒนาสังคมและความมั่นคงของมนุษย์จังหวัด",
    },
    ComplaintTopic {
        subject: "ภาษีที่ดินและสิ่งปลูกสร้างสูงผิดปกติ",
        details: "ได้รับแบบแจ้งการประเมินภาษีสูงกว่าปีก่อนมาก ทั้งที่ยังใช้ที่ดินทำเกษตรเหมือนเดิม",
        departments: &["กองคลัง"],
        progress: "อยู่ระหว่างตรวจสอบการใช้ประโยชน์ที่ดินกับข้อมูลในระบบแผนที่ภาษี",
        resolution: "พบการบันทึกประเภทการใช้ประโยชน์ที่ดินผิด ได้แก้ไขและออกแบบแจ้งการประเมินใหม่แล้ว",
        forward_to: "สำนักงานที่ดินอำเภอ",
    },
    ComplaintTopic {
        subject: "หลังคาศูนย์พัฒนาเด็กเล็กรั่ว",
        details: "หลังคาห้องเรียนศูนย์พัฒนาเด็กเล็กรั่วเมื่อฝนตก น้ำหยดใส่ที่นอนเด็ก",
        departments: &["กองการศึกษา", "กองช่าง"],
        progress: "ย้ายเด็กไปห้องอื่นชั่วคราวแล้ว อยู่ระหว่างจัดซื้อแผ่นหลังคา",
        resolution: "เปลี่ยนแผ่นหลังคาและรางน้ำที่ชำรุดแล้ว",
        forward_to: "สำนักงานส่งเสริมการปกครองท้องถิ่นจังหวัด",
    },
    ComplaintTopic {
        subject: "การเผาในที่โล่ง ควันรบกวน",
        details: "มีการเผาตอซังและขยะในที่โล่งติดชุมชน ควันเข้าบ้าน เด็กมีอาการไอ",
        departments: &["กองสาธารณสุข", "สำนักปลัด"],
        progress: "ลงพื้นที่พูดคุยกับเจ้าของที่ดินแล้ว อยู่ระหว่างติดตาม",
        resolution: "ตักเตือนเจ้าของที่ดินและแนะนำการไถกลบแทนการเผาแล้ว ไม่พบการเผาซ้ำ",
        forward_to: "สำนักงานทรัพยากรธรรมชาติและสิ่งแวดล้อมจังหวัด",
    },
    ComplaintTopic {
        subject: "ขอติดตั้งกระจกโค้งที่ทางแยก",
        details: "ทางแยกหน้าโรงเรียนมองไม่เห็นรถที่มาจากอีกฝั่ง เกิดอุบัติเหตุบ่อย ขอให้ติดตั้งกระจกโค้งและป้ายเตือน",
        departments: &["กองช่าง"],
        progress: "สำรวจจุดติดตั้งแล้ว อยู่ระหว่างจัดซื้อกระจกโค้ง",
        resolution: "ติดตั้งกระจกโค้งและป้ายเตือนลดความเร็วแล้ว",
        forward_to: "แขวงทางหลวงจังหวัด",
    },
    ComplaintTopic {
        subject: "เจ้าหน้าที่ให้บริการล่าช้า",
        details: "ติดต่อขอสำเนาเอกสารที่สำนักงาน รอนานกว่าสองชั่วโมงโดยไม่มีผู้ชี้แจง",
        departments: &["สำนักปลัด"],
        progress: "สอบถามข้อเท็จจริงจากเจ้าหน้าที่ที่ให้บริการวันนั้นแล้ว",
        resolution: "ขออภัยในความล่าช้า ได้จัดจุดประชาสัมพันธ์และบัตรคิว และติดประกาศระยะเวลาให้บริการไว้หน้าสำนักงานแล้ว",
        forward_to: "ศูนย์ดำรงธรรมจังหวัด",
    },
    ComplaintTopic {
        subject: "ยุงชุกชุม ขอพ่นหมอกควัน",
        details: "ในหมู่บ้านมีผู้ป่วยไข้เลือดออกสองราย ยุงชุกชุมมาก ขอให้พ่นหมอกควันกำจัดยุง",
        departments: &["กองสาธารณสุข", "สำนักปลัด"],
        progress: "กำหนดวันพ่นหมอกควันร่วมกับ อสม. แล้ว",
        resolution: "พ่นหมอกควันรอบบ้านผู้ป่วยในรัศมี 100 เมตร และแจกทรายกำจัดลูกน้ำแล้ว",
        forward_to: "โรงพยาบาลส่งเสริมสุขภาพตำบล",
    },
    ComplaintTopic {
        subject: "ป้ายโฆษณาและสินค้ารุกล้ำทางเท้า",
        details: "ร้านค้าตั้งป้ายโฆษณาและวางสินค้าบนทางเท้า คนเดินต้องลงไปเดินบนถนน",
        departments: &["กองช่าง", "สำนักปลัด"],
        progress: "มีหนังสือแจ้งร้านค้าให้รื้อย้ายภายใน 7 วันแล้ว",
        resolution: "ร้านค้ารื้อย้ายป้ายและสินค้าออกจากทางเท้าแล้ว",
        forward_to: "แขวงทางหลวงจังหวัด",
    },
];

/// A kind of corruption report: what the reporter saw, where, which department
/// it concerns, and what the inquiry found.
#[derive(Debug)]
struct CorruptionTopic {
    subject: &'static str,
    details: &'static str,
    place: &'static str,
    departments: &'static [&'static str],
    finding: &'static str,
}

const CORRUPTION: [CorruptionTopic; 10] = [
    CorruptionTopic {
        subject: "เรียกรับเงินในการออกใบอนุญาตก่อสร้างอาคาร",
        details: "เจ้าหน้าที่ผู้ตรวจแบบแจ้งว่าหากต้องการให้ออกใบอนุญาตเร็วต้องจ่ายเงินเพิ่มนอกเหนือค่าธรรมเนียม โดยไม่มีใบเสร็จรับเงิน",
        place: "จุดรับคำขออนุญาตก่อสร้าง",
        departments: &["กองช่าง"],
        finding: "คณะกรรมการสืบสวนข้อเท็จจริงพบมูลตามที่แจ้ง หน่วยงานได้ตั้งกรรมการสอบสวนวินัย และปรับขั้นตอนให้ผู้ขออนุญาตติดตามสถานะคำขอได้เองทางออนไลน์แล้ว",
    },
    CorruptionTopic {
        subject: "ใช้รถราชการไปธุระส่วนตัว",
        details: "พบรถยนต์ส่วนกลางของหน่วยงานจอดที่ตลาดนัดและร้านอาหารในวันหยุดหลายครั้ง ผู้ขับเป็นเจ้าหน้าที่และครอบครัว",
        place: "ตลาดนัดวันอาทิตย์",
        departments: &["สำนักปลัด"],
        finding: "ตรวจสมุดบันทึกการใช้รถแล้วพบการใช้นอกราชการสองครั้ง ได้ดำเนินการทางวินัย เรียกเก็บค่าน้ำมันคืน และกำหนดให้ขออนุญาตใช้รถทุกครั้ง",
    },
    CorruptionTopic {
        subject: "สงสัยการสมยอมราคาในการจัดจ้างก่อสร้างถนน",
        details: "การประกวดราคาก่อสร้างถนนมีผู้ยื่นเสนอราคาเพียงสามรายซึ่งเป็นเครือญาติกัน และราคาที่ชนะใกล้เคียงราคากลางมาก",
        place: "โครงการก่อสร้างถนนคอนกรีตเสริมเหล็ก",
        departments: &["กองคลัง", "กองช่าง"],
        finding: "ตรวจสอบเอกสารการจัดซื้อจัดจ้างแล้วพบข้อสังเกตเรื่องความสัมพันธ์ของผู้เสนอราคา ได้รายงานผู้บริหารและส่งข้อมูลให้สำนักงานตรวจเงินแผ่นดินประกอบการตรวจสอบ",
    },
    CorruptionTopic {
        subject: "เบิกค่าตอบแทนล่วงเวลาโดยไม่ได้ปฏิบัติงานจริง",
        details: "เจ้าหน้าที่บางรายลงชื่อปฏิบัติงานนอกเวลาในวันหยุด แต่ไม่มีผู้ใดมาทำงานที่สำนักงาน",
        place: "สำนักงาน",
        departments: &["สำนักปลัด", "กองคลัง"],
        finding: "ตรวจบันทึกการเข้าออกอาคารเทียบกับหลักฐานการเบิกแล้ว พบการเบิกเกินจริงบางวัน ได้เรียกเงินคืนและดำเนินการทางวินัย",
    },
    CorruptionTopic {
        subject: "จัดซื้อวัสดุในราคาสูงกว่าท้องตลาด",
        details: "การจัดซื้อวัสดุสำนักงานและวัสดุก่อสร้างหลายรายการมีราคาสูงกว่าร้านค้าทั่วไปเกือบเท่าตัว และซื้อจากร้านเดียวตลอด",
        place: "",
        departments: &["กองคลัง"],
        finding: "เทียบราคาย้อนหลังแล้วพบบางรายการสูงกว่าราคาตลาด ได้กำหนดให้สืบราคาอย่างน้อยสามร้านและเผยแพร่ผลการจัดซื้อทุกเดือน",
    },
    CorruptionTopic {
        subject: "เรียกรับเงินเพื่อรับเข้าเป็นพนักงานจ้าง",
        details: "มีผู้อ้างว่าเป็นคนใกล้ชิดผู้บริหาร เรียกเงินจากผู้สมัครเพื่อให้ได้รับการจ้างเป็นพนักงานจ้าง",
        place: "",
        departments: &["สำนักปลัด"],
        finding: "ไม่พบว่าเจ้าหน้าที่ของหน่วยงานเกี่ยวข้อง ได้ประกาศเตือนประชาชนว่าการสรรหาไม่มีค่าใช้จ่าย และแจ้งความดำเนินคดีกับผู้แอบอ้างแล้ว",
    },
    CorruptionTopic {
        subject: "นำวัสดุของทางราชการไปใช้ส่วนตัว",
        details: "พบการนำหินคลุกและท่อระบายน้ำของหน่วยงานไปใช้ในที่ดินของเอกชน",
        place: "ที่ดินเอกชนริมถนนสายหลัก",
        departments: &["กองช่าง"],
        finding: "ตรวจทะเบียนคุมวัสดุแล้วพบวัสดุขาดบัญชี ได้ให้ผู้เกี่ยวข้องชดใช้และตั้งกรรมการสอบสวนวินัย",
    },
    CorruptionTopic {
        subject: "ตรวจรับงานทั้งที่งานไม่เป็นไปตามแบบ",
        details: "อาคารที่เพิ่งตรวจรับงานมีรอยร้าวและพื้นบางกว่าแบบ แต่คณะกรรมการตรวจรับลงนามรับงานแล้ว",
        place: "อาคารอเนกประสงค์",
        departments: &["กองช่าง"],
        finding: "ตรวจวัดงานร่วมกับวิศวกรภายนอกแล้วพบงานไม่ตรงแบบบางส่วน ได้สั่งให้ผู้รับจ้างแก้ไขภายใต้ค้ำประกันสัญญาและดำเนินการกับกรรมการตรวจรับ",
    },
    CorruptionTopic {
        subject: "เบิกค่าอาหารโครงการฝึกอบรมเกินจำนวนผู้เข้าร่วมจริง",
        details: "โครงการอบรมมีผู้เข้าร่วมจริงประมาณ 40 คน แต่เอกสารเบิกจ่ายระบุ 100 คน",
        place: "ห้องประชุมสำนักงาน",
        departments: &["กองคลัง", "สำนักปลัด"],
        finding: "ตรวจใบลงทะเบียนและภาพกิจกรรมแล้วพบการเบิกเกินจริง ได้เรียกเงินคืนและดำเนินการทางวินัย",
    },
    CorruptionTopic {
        subject: "ละเว้นการจัดเก็บภาษีป้ายแก่ผู้ประกอบการบางราย",
        details: "ร้านค้าขนาดใหญ่หลายแห่งติดตั้งป้ายโฆษณามาหลายปีแต่ไม่เคยถูกประเมินภาษีป้าย",
        place: "",
        departments: &["กองคลัง"],
        finding: "สำรวจป้ายทั้งพื้นที่แล้วพบป้ายที่ไม่ได้ประเมินภาษี ได้ประเมินย้อนหลังและปรับปรุงทะเบียนป้ายให้ครบ",
    },
];

const VILLAGES: [&str; 10] = [
    "หนองบัว",
    "โคกสูง",
    "ท่าช้าง",
    "ดอนตาล",
    "นาเจริญ",
    "สระแก้ว",
    "หัวนา",
    "คลองใหม่",
    "ไร่อ้อย",
    "ทุ่งยาว",
];

const LANDMARKS: [&str; 6] = [
    "ซอยข้างวัด",
    "หน้าโรงเรียน",
    "ใกล้ศาลาประชาคม",
    "ถนนสายหลักหน้าตลาด",
    "ริมคลองส่งน้ำ",
    "",
];

const TITLES: [&str; 3] = ["นาย", "นาง", "นางสาว"];
const INITIALS: [&str; 20] = [
    "ก", "ข", "ค", "ง", "จ", "ฉ", "ช", "ซ", "ด", "ต", "ถ", "ท", "น", "บ", "ป", "พ", "ม", "ย", "ร",
    "ว",
];

const REJECT_COMPLAINT: [&str; 2] = [
    "เป็นข้อพิพาทระหว่างเอกชน ไม่อยู่ในอำนาจหน้าที่ของหน่วยงาน แนะนำให้ติดต่อศูนย์ดำรงธรรมอำเภอ",
    "ข้อมูลไม่เพียงพอที่จะตรวจสอบ และติดต่อผู้ร้องเพื่อขอข้อมูลเพิ่มเติมไม่ได้",
];
const REJECT_CORRUPTION: &str = "ข้อมูลไม่เพียงพอที่จะตรวจสอบ เนื่องจากไม่ระบุตัวบุคคล ช่วงเวลา หรือเอกสารที่เกี่ยวข้อง หากมีข้อมูลเพิ่มเติมแจ้งใหม่ได้ทุกเมื่อ";
const FORWARD_CORRUPTION: [&str; 2] = ["สำนักงาน ป.ป.ช. ประจำจังหวัด", "สำนักงานตรวจเงินแผ่นดินจังหวัด"];

/// Who writes a planned message: the reporter, or staff (the department head
/// for a general complaint of the head's department, else the administrator).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Writer {
    Reporter,
    Staff,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct PlannedMessage {
    at: DateTime<Utc>,
    writer: Writer,
    visibility: MessageVisibility,
    body: String,
}

/// One case as the generator plans it, before it has ids.
#[derive(Debug, Clone, PartialEq, Eq)]
struct PlannedCase {
    kind: CaseKind,
    channel: Channel,
    status: CaseStatus,
    subject: String,
    details: String,
    place: String,
    /// Index into the agency's departments.
    department: Option<usize>,
    contact: ReporterContact,
    received_at: DateTime<Utc>,
    answered_at: Option<DateTime<Utc>>,
    first_reply_at: Option<DateTime<Utc>>,
    closed_at: Option<DateTime<Utc>>,
    outcome_note: String,
    messages: Vec<PlannedMessage>,
}

/// The workflow's statuses, weighted: mostly answered in a past year, mostly
/// open in the current one.
const PAST_COMPLAINT: [(CaseStatus, u32); 8] = [
    (CaseStatus::Closed, 38),
    (CaseStatus::Resolved, 20),
    (CaseStatus::Rejected, 6),
    (CaseStatus::Forwarded, 10),
    (CaseStatus::InProgress, 10),
    (CaseStatus::Assigned, 6),
    (CaseStatus::Screening, 5),
    (CaseStatus::Received, 5),
];
const CURRENT_COMPLAINT: [(CaseStatus, u32); 8] = [
    (CaseStatus::Closed, 10),
    (CaseStatus::Resolved, 15),
    (CaseStatus::Rejected, 5),
    (CaseStatus::Forwarded, 5),
    (CaseStatus::InProgress, 20),
    (CaseStatus::Assigned, 15),
    (CaseStatus::Screening, 15),
    (CaseStatus::Received, 15),
];
const PAST_CORRUPTION: [(CaseStatus, u32); 8] = [
    (CaseStatus::Closed, 30),
    (CaseStatus::Resolved, 15),
    (CaseStatus::Rejected, 15),
    (CaseStatus::Forwarded, 15),
    (CaseStatus::InProgress, 10),
    (CaseStatus::Assigned, 5),
    (CaseStatus::Screening, 5),
    (CaseStatus::Received, 5),
];
const CURRENT_CORRUPTION: [(CaseStatus, u32); 5] = [
    (CaseStatus::Received, 30),
    (CaseStatus::Screening, 30),
    (CaseStatus::InProgress, 20),
    (CaseStatus::Assigned, 10),
    (CaseStatus::Resolved, 10),
];
const COMPLAINT_CHANNELS: [(Channel, u32); 8] = [
    (Channel::Online, 35),
    (Channel::Telephone, 20),
    (Channel::WalkIn, 12),
    (Channel::Letter, 8),
    (Channel::Facebook, 10),
    (Channel::Line, 9),
    (Channel::Email, 4),
    (Channel::Other, 2),
];
const CORRUPTION_CHANNELS: [(Channel, u32); 5] = [
    (Channel::Online, 60),
    (Channel::Letter, 15),
    (Channel::Telephone, 10),
    (Channel::Email, 10),
    (Channel::WalkIn, 5),
];

/// The department of the agency a topic belongs to: the first of the topic's
/// preferences some department's name starts with, else the first department.
fn department_for(preferences: &[&str], departments: &[String]) -> Option<usize> {
    preferences
        .iter()
        .find_map(|p| departments.iter().position(|d| d.starts_with(p)))
        .or_else(|| (!departments.is_empty()).then_some(0))
}

/// A moment on `date` at `hour`:`minute`, Thailand time.
fn thai_time(date: NaiveDate, hour: u32, minute: u32) -> DateTime<Utc> {
    let local = date
        .and_hms_opt(hour, minute, 0)
        .expect("hours and minutes in range");
    thailand_offset()
        .from_local_datetime(&local)
        .single()
        .expect("a fixed offset maps every local time once")
        .with_timezone(&Utc)
}

/// A moment `low` to `high` days (and some hours) after `from`.
fn days_after(rng: &mut Rng, from: DateTime<Utc>, low: u32, high: u32) -> DateTime<Utc> {
    let days = rng.between(low, high);
    from + Duration::days(i64::from(days)) + Duration::minutes(i64::from(rng.between(30, 300)))
}

/// A fictional contact, or an empty one (anonymous). Numbered so that each is
/// told apart; nothing in it could be a real person's.
fn contact(rng: &mut Rng, kind: CaseKind, channel: Channel, serial: &mut u32) -> ReporterContact {
    let percent = match (kind, channel) {
        (CaseKind::Corruption, Channel::Online) => 25,
        (CaseKind::Corruption, _) => 50,
        (_, Channel::Online | Channel::Other) => 50,
        (_, Channel::Facebook | Channel::Line) => 60,
        _ => 85,
    };
    if !rng.chance(percent) {
        return ReporterContact::default();
    }
    *serial += 1;
    let n = *serial;
    let name = format!("{} {}. (นามสมมติ)", rng.pick(&TITLES), rng.pick(&INITIALS));
    let phone = if rng.chance(80) {
        format!("080-000-{n:04}")
    } else {
        String::new()
    };
    let email = if channel == Channel::Email || rng.chance(35) {
        format!("reporter{n:03}@example.com")
    } else {
        String::new()
    };
    let address = if rng.chance(20) {
        format!("บ้านเลขที่ {n}/9 หมู่ที่ {} (ที่อยู่สมมติ)", rng.between(1, 12))
    } else {
        String::new()
    };
    ReporterContact {
        name,
        phone,
        email,
        address,
    }
}

/// Plans the cases of one fiscal year of one agency. `current` is the fiscal year
/// `now` falls in: its cases are received up to now and mostly still open.
fn plan_year(
    rng: &mut Rng,
    year: FiscalYear,
    now: DateTime<Utc>,
    departments: &[String],
    deadline_days: u32,
    serial: &mut u32,
) -> Vec<PlannedCase> {
    let today = in_thailand(now).date_naive();
    let current = year.contains(today);
    let last_day = if current { today } else { year.end() };
    let span = u32::try_from((last_day - year.start()).num_days().max(0)).unwrap_or(0);
    let (complaints, corruption) = if current {
        (rng.between(10, 14), rng.between(2, 3))
    } else {
        (rng.between(44, 56), rng.between(8, 12))
    };
    let mut cases = Vec::new();
    for (kind, count) in [
        (CaseKind::Complaint, complaints),
        (CaseKind::Corruption, corruption),
    ] {
        for i in 0..count {
            let status = first_statuses(kind, current)
                .get(i as usize)
                .copied()
                .unwrap_or_else(|| rng.weighted(status_weights(kind, current)));
            let channel = match kind {
                CaseKind::Complaint if !current && (i as usize) < Channel::ALL.len() => {
                    Channel::ALL[(i as usize * 3) % Channel::ALL.len()]
                }
                CaseKind::Complaint => rng.weighted(&COMPLAINT_CHANNELS),
                CaseKind::Corruption => rng.weighted(&CORRUPTION_CHANNELS),
            };
            let day = year.start() + Duration::days(i64::from(rng.below(span + 1)));
            let (first_hour, last_hour) = if channel == Channel::Online {
                (6, 22)
            } else {
                (8, 16)
            };
            let received_at = thai_time(day, rng.between(first_hour, last_hour), rng.below(60))
                .min(now - Duration::minutes(90));
            let mut case = match kind {
                CaseKind::Complaint => complaint_case(rng, departments),
                CaseKind::Corruption => corruption_case(rng, departments),
            };
            case.kind = kind;
            case.channel = channel;
            case.received_at = received_at;
            case.contact = contact(rng, kind, channel, serial);
            handle(rng, &mut case, status, now, deadline_days, departments);
            cases.push(case);
        }
    }
    cases
}

/// The statuses the first cases of a year take, so that every status shows in a
/// past year and the open ones in the current year.
fn first_statuses(kind: CaseKind, current: bool) -> &'static [CaseStatus] {
    match (kind, current) {
        (_, false) => &CaseStatus::ALL,
        (CaseKind::Complaint, true) => &[
            CaseStatus::Received,
            CaseStatus::Screening,
            CaseStatus::Assigned,
            CaseStatus::InProgress,
        ],
        (CaseKind::Corruption, true) => &[CaseStatus::Received],
    }
}

fn status_weights(kind: CaseKind, current: bool) -> &'static [(CaseStatus, u32)] {
    match (kind, current) {
        (CaseKind::Complaint, false) => &PAST_COMPLAINT,
        (CaseKind::Complaint, true) => &CURRENT_COMPLAINT,
        (CaseKind::Corruption, false) => &PAST_CORRUPTION,
        (CaseKind::Corruption, true) => &CURRENT_CORRUPTION,
    }
}

/// A case with its topic filled in and nothing handled yet.
fn blank(subject: &str, details: String, place: String, department: Option<usize>) -> PlannedCase {
    PlannedCase {
        kind: CaseKind::Complaint,
        channel: Channel::Online,
        status: CaseStatus::Received,
        subject: subject.to_owned(),
        details,
        place,
        department,
        contact: ReporterContact::default(),
        received_at: DateTime::<Utc>::MIN_UTC,
        answered_at: None,
        first_reply_at: None,
        closed_at: None,
        outcome_note: String::new(),
        messages: Vec::new(),
    }
}

fn complaint_case(rng: &mut Rng, departments: &[String]) -> PlannedCase {
    let topic = rng.pick(&COMPLAINTS);
    let landmark = rng.pick(&LANDMARKS);
    let place = format!(
        "หมู่ที่ {} บ้าน{} {landmark}",
        rng.between(1, 12),
        rng.pick(&VILLAGES)
    )
    .trim_end()
    .to_owned();
    blank(
        topic.subject,
        topic.details.to_owned(),
        place,
        department_for(topic.departments, departments),
    )
}

fn corruption_case(rng: &mut Rng, departments: &[String]) -> PlannedCase {
    let topic = rng.pick(&CORRUPTION);
    blank(
        topic.subject,
        topic.details.to_owned(),
        topic.place.to_owned(),
        department_for(topic.departments, departments),
    )
}

/// The texts staff write about a case of this topic, and the body it goes to
/// when it is forwarded.
struct Texts {
    progress: &'static str,
    resolution: &'static str,
    forward_to: &'static str,
}

fn texts(rng: &mut Rng, case: &PlannedCase) -> Texts {
    match case.kind {
        CaseKind::Complaint => {
            let topic = COMPLAINTS
                .iter()
                .find(|t| t.subject == case.subject)
                .expect("the subject of a planned complaint is a topic's");
            Texts {
                progress: topic.progress,
                resolution: topic.resolution,
                forward_to: topic.forward_to,
            }
        }
        CaseKind::Corruption => {
            let topic = CORRUPTION
                .iter()
                .find(|t| t.subject == case.subject)
                .expect("the subject of a planned report is a topic's");
            let forward_to = *rng.pick(&FORWARD_CORRUPTION);
            Texts {
                progress: "คณะกรรมการสืบสวนข้อเท็จจริงอยู่ระหว่างรวบรวมเอกสารและพยานหลักฐาน หากท่านมีข้อมูลเพิ่มเติม เช่น วันเวลาหรือเอกสาร ส่งได้ทางหน้าติดตามเรื่องด้วยรหัสเดิม",
                resolution: topic.finding,
                forward_to,
            }
        }
    }
}

/// Works the case up to `status` along a believable timeline: notes, replies,
/// the answer on time or late (sometimes explained before the deadline), and the
/// reporter's own messages. Nothing happens after `now`; a case whose answer
/// would fall after it stays in progress instead.
fn handle(
    rng: &mut Rng,
    case: &mut PlannedCase,
    mut status: CaseStatus,
    now: DateTime<Utc>,
    deadline_days: u32,
    departments: &[String],
) {
    let limit = now - Duration::minutes(30);
    let received = case.received_at;
    let texts = texts(rng, case);
    let corruption = case.kind == CaseKind::Corruption;
    let mut messages = Vec::new();
    let mut say =
        |at: DateTime<Utc>, writer: Writer, visibility: MessageVisibility, body: String| {
            if at <= limit {
                messages.push(PlannedMessage {
                    at,
                    writer,
                    visibility,
                    body,
                });
            }
        };

    // The answer (or the last step) and when it came.
    let on_time = rng.chance(75);
    let (soonest, latest) = if on_time {
        (2, deadline_days.saturating_sub(1).max(2))
    } else {
        (deadline_days + 3, deadline_days + 30)
    };
    let mut answered_at = days_after(rng, received, soonest, latest);
    if status.is_answered() && answered_at > limit {
        let room = (limit - received).num_minutes();
        if room > 24 * 60 {
            answered_at = received + Duration::minutes(room / 2);
        } else {
            status = CaseStatus::InProgress;
        }
    }
    let closed_at = days_after(rng, answered_at, 1, 7);
    if status == CaseStatus::Closed && closed_at > limit {
        status = CaseStatus::Resolved;
    }

    if status != CaseStatus::Received {
        let note = if corruption {
            "ตรวจสอบเบื้องต้นแล้ว เป็นเรื่องที่อยู่ในอำนาจตรวจสอบของหน่วยงาน เสนอผู้บริหารแต่งตั้งคณะกรรมการสืบสวนข้อเท็จจริง"
        } else {
            "ตรวจสอบเบื้องต้นแล้ว อยู่ในอำนาจหน้าที่ของหน่วยงาน"
        };
        say(
            days_after(rng, received, 0, 0),
            Writer::Staff,
            MessageVisibility::Internal,
            note.to_owned(),
        );
        if corruption && rng.chance(70) {
            say(
                days_after(rng, received, 1, 1),
                Writer::Staff,
                MessageVisibility::Public,
                "หน่วยงานได้รับเรื่องของท่านแล้ว ข้อมูลของท่านได้รับการคุ้มครองเป็นความลับ ผู้รับผิดชอบจะตรวจสอบข้อเท็จจริงและแจ้งความคืบหน้าทางหน้าติดตามเรื่อง".to_owned(),
            );
        }
    }
    let has_department = matches!(
        status,
        CaseStatus::Assigned | CaseStatus::InProgress | CaseStatus::Resolved | CaseStatus::Closed
    );
    if has_department {
        if let Some(d) = case.department {
            let note = if corruption {
                format!(
                    "ขอสำเนาเอกสารที่เกี่ยวข้องจาก{} และนัดสอบถามผู้เกี่ยวข้อง",
                    departments[d]
                )
            } else {
                format!("มอบ{}ตรวจสอบและดำเนินการ", departments[d])
            };
            say(
                days_after(rng, received, 1, 2),
                Writer::Staff,
                MessageVisibility::Internal,
                note,
            );
        }
    } else {
        case.department = None;
    }

    let explained = !on_time && rng.chance(50);
    let explained_at = days_after(rng, received, 5, deadline_days.saturating_sub(2).max(5));
    let before_answer = !status.is_answered() || explained_at < answered_at;
    if explained && before_answer && (status.is_answered() || status == CaseStatus::InProgress) {
        say(
            explained_at,
            Writer::Staff,
            MessageVisibility::Public,
            format!(
                "ขออภัยที่ยังดำเนินการไม่แล้วเสร็จ {} คาดว่าจะแล้วเสร็จภายใน 30 วัน และจะแจ้งผลให้ทราบอีกครั้ง",
                texts.progress
            ),
        );
    }
    match status {
        CaseStatus::InProgress if !explained && rng.chance(60) => say(
            days_after(rng, received, 3, deadline_days + 10),
            Writer::Staff,
            MessageVisibility::Public,
            texts.progress.to_owned(),
        ),
        CaseStatus::Received | CaseStatus::Assigned if !corruption && rng.chance(30) => say(
            days_after(rng, received, 5, 20),
            Writer::Reporter,
            MessageVisibility::Public,
            "ขอทราบความคืบหน้าด้วยครับ ยังไม่มีเจ้าหน้าที่มาดูเลย".to_owned(),
        ),
        _ => {}
    }
    if corruption && status != CaseStatus::Received && rng.chance(30) {
        say(
            days_after(rng, received, 2, 6),
            Writer::Reporter,
            MessageVisibility::Public,
            "ขอเพิ่มเติมข้อมูล เหตุการณ์ลักษณะเดียวกันเกิดขึ้นอีกเมื่อสัปดาห์ที่ผ่านมา ช่วงบ่ายวันศุกร์".to_owned(),
        );
    }

    if status.is_answered() {
        let (note, reply) = match status {
            CaseStatus::Rejected => {
                let reason = if corruption {
                    REJECT_CORRUPTION
                } else {
                    rng.pick(&REJECT_COMPLAINT)
                };
                (
                    reason.to_owned(),
                    format!("หน่วยงานไม่รับเรื่องนี้ไว้พิจารณา เนื่องจาก{reason}"),
                )
            }
            CaseStatus::Forwarded => {
                let to = texts.forward_to;
                let reply = if corruption {
                    format!(
                        "เรื่องนี้อยู่ในอำนาจตรวจสอบของ{to} หน่วยงานได้ส่งเรื่องพร้อมเอกสารไปแล้ว โดยไม่เปิดเผยตัวตนของท่าน"
                    )
                } else {
                    format!("เรื่องนี้อยู่ในความรับผิดชอบของ{to} หน่วยงานได้ส่งเรื่องต่อและประสานให้แล้ว")
                };
                (to.to_owned(), reply)
            }
            _ => (String::new(), texts.resolution.to_owned()),
        };
        say(answered_at, Writer::Staff, MessageVisibility::Public, reply);
        case.outcome_note = note;
        case.answered_at = Some(answered_at);
        if !corruption && rng.chance(35) {
            say(
                days_after(rng, answered_at, 0, 0),
                Writer::Reporter,
                MessageVisibility::Public,
                "ขอบคุณมากครับ ตอนนี้เรียบร้อยดีแล้ว".to_owned(),
            );
        }
    }
    if status == CaseStatus::Closed {
        case.closed_at = Some(closed_at);
        say(
            closed_at,
            Writer::Staff,
            MessageVisibility::Internal,
            "ดำเนินการครบถ้วนแล้ว เสนอปิดเรื่อง".to_owned(),
        );
    }
    messages.sort_by_key(|m| m.at);
    case.first_reply_at = messages
        .iter()
        .find(|m| m.writer == Writer::Staff && m.visibility == MessageVisibility::Public)
        .map(|m| m.at);
    case.messages = messages;
    case.status = status;
}

impl PlannedCase {
    /// The case to store, with `id` and the sealed contact.
    fn to_case(
        &self,
        agency: &Agency,
        id: CaseId,
        departments: &[Department],
        code_hash: String,
        contact_sealed: Option<Vec<u8>>,
        deadline_days: u32,
    ) -> Case {
        Case {
            agency_id: agency.id,
            id,
            kind: self.kind,
            channel: self.channel,
            fiscal_year: FiscalYear::containing(in_thailand(self.received_at).date_naive()).be(),
            number: 0,
            code_hash,
            status: self.status,
            subject: self.subject.clone(),
            details: self.details.clone(),
            place: self.place.clone(),
            contact_sealed,
            consent: true,
            received_at: self.received_at,
            due_on: due_on(self.received_at, deadline_days),
            department_id: self.department.map(|d| departments[d].id),
            outcome_note: self.outcome_note.clone(),
            answered_at: self.answered_at,
            first_reply_at: self.first_reply_at,
            closed_at: self.closed_at,
            purged_at: None,
            version: 1,
        }
    }
}

/// Loads the demo cases of every demo agency that has none yet, grants its
/// administrator the corruption-handler permission and saves its settings.
pub(crate) async fn ensure_demo_complaints(
    store: &Store,
    vault: &CaseVault,
) -> Result<(), CliError> {
    let actor = Actor::default();
    let now = Utc::now();
    let current = FiscalYear::containing(in_thailand(now).date_naive());
    for (code, seed_year) in SEED_YEARS {
        let Some(agency) = store.find_agency_by_code(code).await? else {
            continue;
        };
        let Some(admin) = store
            .find_user_by_username(&demo_username("admin", code))
            .await?
        else {
            continue;
        };
        if !store
            .list_cases(agency.id, &CaseFilter::default())
            .await?
            .is_empty()
        {
            continue;
        }
        let place = code.split('-').next().unwrap_or(code);
        let settings = ComplaintSettings {
            notify_emails: vec![format!("saraban@{place}.example.go.th")],
            corruption_notify_emails: vec![format!("integrity@{place}.example.go.th")],
            // The seed years lie years back: with the default 90 days the first
            // housekeeping run of a demo server would empty every closed report
            // before anyone had looked at one. Ten years keeps them to explore.
            retention_days: 3650,
            ..ComplaintSettings::default()
        };
        store
            .save_complaint_settings(actor, agency.id, &settings)
            .await?;
        store
            .set_corruption_handler(actor, agency.id, admin.id, true)
            .await?;
        let head = store
            .find_user_by_username(&demo_username("head", code))
            .await?;
        let mut departments = store.list_departments(agency.id).await?;
        departments.sort_by_key(|d| d.sort_order);
        let names: Vec<String> = departments.iter().map(|d| d.name.clone()).collect();

        let mut rng = Rng::seeded(code);
        let mut serial = 0;
        let years: BTreeSet<FiscalYear> = [FiscalYear::new(seed_year), current]
            .into_iter()
            .filter(|y| *y <= current)
            .collect();
        let mut planned = Vec::new();
        for year in years {
            planned.extend(plan_year(
                &mut rng,
                year,
                now,
                &names,
                settings.deadline_days,
                &mut serial,
            ));
        }
        planned.sort_by_key(|p| p.received_at);
        let target = Target {
            agency: &agency,
            departments: &departments,
            admin: &admin,
            head: head.as_ref(),
            deadline_days: settings.deadline_days,
        };
        for (i, p) in planned.iter().enumerate() {
            target.load(store, vault, i, p).await?;
        }
    }
    Ok(())
}

/// The agency the planned cases go into, and the demo users who write on them.
struct Target<'a> {
    agency: &'a Agency,
    /// In `sort_order`, as the plan's department indexes count them.
    departments: &'a [Department],
    admin: &'a User,
    head: Option<&'a User>,
    deadline_days: u32,
}

impl Target<'_> {
    /// The department head for a general complaint of the head's department,
    /// else the administrator (who handles corruption reports).
    fn writer(&self, case: &Case) -> &User {
        match self.head {
            Some(head)
                if case.kind == CaseKind::Complaint
                    && head.department_id.is_some()
                    && head.department_id == case.department_id =>
            {
                head
            }
            _ => self.admin,
        }
    }

    /// Stores one planned case with its messages, then sets the dates and status
    /// it was planned with (a staff reply sets `first_reply_at` when it is
    /// stored; the plan's own dates are the ones to keep).
    async fn load(
        &self,
        store: &Store,
        vault: &CaseVault,
        index: usize,
        planned: &PlannedCase,
    ) -> Result<(), CliError> {
        let actor = Actor::default();
        let agency = self.agency;
        let id = CaseId::new();
        let token = format!("demo {} {index}", agency.code);
        let code_hash =
            TrackingCode::derive(vault.key(agency.id).tracking_secret(), &token, b"").lookup_hash();
        let sealed = vault.seal_contact(agency.id, id, &planned.contact);
        let case = planned.to_case(
            agency,
            id,
            self.departments,
            code_hash,
            sealed,
            self.deadline_days,
        );
        let writer = self.writer(&case).id;
        store
            .create_case(
                actor,
                &NewCase {
                    case: case.clone(),
                    attachments: Vec::new(),
                },
            )
            .await?;
        for m in &planned.messages {
            let message = CaseMessage {
                agency_id: agency.id,
                case_id: id,
                id: CaseMessageId::new(),
                at: m.at,
                author: match m.writer {
                    Writer::Reporter => MessageAuthor::Reporter,
                    Writer::Staff => MessageAuthor::Staff(writer),
                },
                visibility: m.visibility,
                body: m.body.clone(),
            };
            store.add_case_message(actor, &message).await?;
        }
        let stored = store
            .find_case(agency.id, id)
            .await?
            .ok_or_else(|| CliError::failure("ข้อมูลสาธิต: เรื่องที่เพิ่งบันทึกหายไป"))?;
        let wanted = Case {
            number: stored.number,
            version: stored.version,
            ..case
        };
        if wanted != stored {
            store.update_case(actor, &wanted, stored.version).await?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use prongsai_core::complaints::{Timeliness, timeliness};
    use prongsai_core::model::{AgencyId, AgencyKind, DepartmentId};

    use super::*;

    fn departments() -> Vec<String> {
        ["สำนักปลัด", "กองคลัง", "กองช่าง", "กองการศึกษา ศาสนาและวัฒนธรรม"]
            .map(str::to_owned)
            .to_vec()
    }

    fn now() -> DateTime<Utc> {
        thai_time(NaiveDate::from_ymd_opt(2026, 11, 22).unwrap(), 12, 0)
    }

    fn plan(year: i32) -> Vec<PlannedCase> {
        let mut serial = 0;
        plan_year(
            &mut Rng::seeded("bangkhae"),
            FiscalYear::new(year),
            now(),
            &departments(),
            15,
            &mut serial,
        )
    }

    fn agency() -> Agency {
        Agency {
            id: AgencyId::new(),
            code: "bangkhae".to_owned(),
            kind: AgencyKind::SubdistrictAdministrativeOrganization,
            name: "องค์การบริหารส่วนตำบลบางแค".to_owned(),
            district: String::new(),
            province: String::new(),
            website: None,
            thai_digits: false,
            logo: None,
        }
    }

    fn as_cases(planned: &[PlannedCase]) -> Vec<Case> {
        let a = agency();
        let rows: Vec<Department> = departments()
            .into_iter()
            .enumerate()
            .map(|(i, name)| Department {
                agency_id: a.id,
                id: DepartmentId::new(),
                name,
                sort_order: i32::try_from(i).unwrap(),
            })
            .collect();
        planned
            .iter()
            .map(|p| p.to_case(&a, CaseId::new(), &rows, String::new(), None, 15))
            .collect()
    }

    /// What every planned case must satisfy, whatever its year.
    fn check_consistent(planned: &[PlannedCase]) {
        let limit = now();
        for p in planned {
            assert!(p.received_at < limit, "{p:?}");
            for m in &p.messages {
                assert!(m.at >= p.received_at && m.at <= limit, "{p:?}");
            }
            assert!(p.messages.windows(2).all(|w| w[0].at <= w[1].at));
            assert_eq!(p.answered_at.is_some(), p.status.is_answered(), "{p:?}");
            assert_eq!(p.closed_at.is_some(), p.status == CaseStatus::Closed);
            if let (Some(a), Some(c)) = (p.answered_at, p.closed_at) {
                assert!(a < c && c <= limit);
            }
            let first_staff_public = p
                .messages
                .iter()
                .find(|m| m.writer == Writer::Staff && m.visibility == MessageVisibility::Public)
                .map(|m| m.at);
            assert_eq!(p.first_reply_at, first_staff_public);
            assert_eq!(p.status.needs_reason(), !p.outcome_note.is_empty(), "{p:?}");
            if matches!(p.status, CaseStatus::Received | CaseStatus::Screening) {
                assert!(p.department.is_none());
            }
            if !p.contact.is_empty() {
                assert!(p.contact.name.ends_with("(นามสมมติ)"), "{:?}", p.contact);
                assert!(p.contact.phone.is_empty() || p.contact.phone.starts_with("080-000-"));
                assert!(p.contact.email.is_empty() || p.contact.email.ends_with("@example.com"));
            }
        }
    }

    #[test]
    fn a_past_year_has_every_status_and_channel_on_time_and_late() {
        let planned = plan(2566);
        check_consistent(&planned);
        let complaints: Vec<_> = planned
            .iter()
            .filter(|p| p.kind == CaseKind::Complaint)
            .collect();
        let reports: Vec<_> = planned
            .iter()
            .filter(|p| p.kind == CaseKind::Corruption)
            .collect();
        assert!(
            (44..=56).contains(&complaints.len()),
            "{}",
            complaints.len()
        );
        assert!((8..=12).contains(&reports.len()), "{}", reports.len());
        for group in [&complaints, &reports] {
            let statuses: BTreeSet<_> = group.iter().map(|p| p.status).collect();
            assert_eq!(statuses.len(), CaseStatus::ALL.len(), "{statuses:?}");
        }
        let channels: BTreeSet<_> = complaints.iter().map(|p| p.channel).collect();
        assert_eq!(channels.len(), Channel::ALL.len(), "{channels:?}");
        let fy = FiscalYear::new(2566);
        assert!(
            planned
                .iter()
                .all(|p| fy.contains(in_thailand(p.received_at).date_naive()))
        );
        let used: BTreeSet<_> = planned.iter().filter_map(|p| p.department).collect();
        assert!(used.len() >= 3, "across departments: {used:?}");

        let today = in_thailand(now()).date_naive();
        let seen: BTreeSet<_> = as_cases(&planned)
            .iter()
            .map(|c| timeliness(c, today))
            .collect();
        for t in [Timeliness::OnTime, Timeliness::Late, Timeliness::Overdue] {
            assert!(seen.contains(&t), "{t:?} in {seen:?}");
        }
        assert!(planned.iter().any(|p| !p.contact.is_empty()));
        assert!(
            reports.iter().any(|p| p.contact.is_empty()),
            "anonymous reports"
        );
        let visibilities: BTreeSet<_> = planned
            .iter()
            .flat_map(|p| &p.messages)
            .map(|m| {
                (
                    m.writer == Writer::Staff,
                    m.visibility == MessageVisibility::Public,
                )
            })
            .collect();
        assert_eq!(
            visibilities.len(),
            3,
            "replies, notes and reporters' messages"
        );
    }

    #[test]
    fn the_current_year_has_open_and_overdue_cases_and_nothing_after_now() {
        let planned = plan(2570);
        check_consistent(&planned);
        let fy = FiscalYear::new(2570);
        assert!(
            planned
                .iter()
                .all(|p| fy.contains(in_thailand(p.received_at).date_naive()))
        );
        let today = in_thailand(now()).date_naive();
        let cases = as_cases(&planned);
        assert!(cases.iter().all(|c| c.fiscal_year == 2570));
        assert!(
            cases
                .iter()
                .any(|c| timeliness(c, today) == Timeliness::Overdue),
            "the dashboard has overdue cases today"
        );
        assert!(cases.iter().any(|c| !c.status.is_answered()));
        assert!(cases.iter().any(|c| c.kind == CaseKind::Corruption));
    }

    #[test]
    fn the_same_seed_plans_the_same_cases() {
        assert_eq!(plan(2568), plan(2568));
        let mut serial = 0;
        let other = plan_year(
            &mut Rng::seeded("dindaeng-krabi"),
            FiscalYear::new(2568),
            now(),
            &departments(),
            15,
            &mut serial,
        );
        assert_ne!(plan(2568), other);
    }

    #[test]
    fn topics_name_departments_of_the_demo_agencies_and_seed_years_their_codes() {
        let agencies: serde_json::Value =
            serde_json::from_str(include_str!("../../demo/agencies.json")).unwrap();
        let list = agencies["agencies"].as_array().unwrap();
        for (code, _) in SEED_YEARS {
            assert!(list.iter().any(|a| a["code"] == code), "{code}");
        }
        let all: Vec<String> = list
            .iter()
            .flat_map(|a| a["departments"].as_array().unwrap())
            .map(|d| d.as_str().unwrap().to_owned())
            .collect();
        let preferences = COMPLAINTS
            .iter()
            .flat_map(|t| t.departments)
            .chain(CORRUPTION.iter().flat_map(|t| t.departments));
        for p in preferences {
            assert!(all.iter().any(|d| d.starts_with(p)), "{p}");
        }
        let texts: BTreeSet<_> = COMPLAINTS.iter().map(|t| t.subject).collect();
        assert_eq!(texts.len(), COMPLAINTS.len(), "subjects tell topics apart");
        let texts: BTreeSet<_> = CORRUPTION.iter().map(|t| t.subject).collect();
        assert_eq!(texts.len(), CORRUPTION.len());
    }
}
