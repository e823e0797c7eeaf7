//! An order (คำสั่ง) in the form of ระเบียบงานสารบรรณ: the ครุฑ 3 cm high at the
//! top centre, "คำสั่ง" and the agency's name, the number, the
//! subject and a short rule; the preamble; each committee numbered with its
//! members and roles in two columns and its duties; the named persons in charge;
//! the closing, the date and the signature right of centre.
//!
//! [`order_document`] numbers everything ("๑)", "๑.๑", "(๑)") in the agency's
//! digits once, so the PDF and the DOCX print the same words; what the user
//! typed (subject, preamble, titles, members, duties, persons, closing) prints
//! as typed. The emblem's
//! bytes travel beside the data, never inside the JSON the template reads: the
//! PDF shows it from the engine's virtual `/emblem`, the DOCX embeds it; without
//! one both print [`MISSING_EMBLEM_NOTE`] in its place. The agency's logo is
//! not printed on an order (why: the module doc of `emblem`).

use chrono::Datelike;
use prongsai_core::action_plan::{ListItem, TextBlock, text_blocks};
use prongsai_core::correspondence::{CommitteeMember, Order, order_number_text};
use prongsai_core::thai::calendar::{be_year, month_full};
use prongsai_core::thai::digits::digits_for;
use serde::Serialize;

use crate::agency::DocumentAgency;
use crate::document::OfficialDocument;
use crate::docx::DocxBuilder;
use crate::emblem::MISSING_EMBLEM_NOTE;
use crate::error::DocsError;
use crate::renderer::Template;
use crate::renderer::TypstInput;
use crate::signature::Signature;

/// The order as printed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OrderDocument {
    /// "คำสั่งองค์การบริหารส่วนตำบลหนองปรุง".
    pub heading: String,
    /// "ที่ ๙๘/๒๕๖๕".
    pub number: String,
    /// "เรื่อง แต่งตั้งคณะกรรมการ …".
    pub subject: String,
    /// The preamble's paragraphs and lists.
    pub preamble: Vec<TextBlock>,
    pub committees: Vec<OrderCommittee>,
    /// The persons in charge, numbered after the committees.
    pub assignments: Vec<OrderAssignment>,
    /// "ทั้งนี้ ตั้งแต่บัดนี้เป็นต้นไป" unless the order says otherwise.
    pub closing: String,
    /// "สั่ง ณ วันที่ ๑๗ เดือน มกราคม พ.ศ. ๒๕๖๕"; without a date, dotted blanks
    /// for the day and month.
    pub date_line: String,
    /// Who signs, as every signed document prints a signer.
    pub signature: Signature,
    /// Whether numbers are in Thai digits (data arrives converted).
    pub thai_digits: bool,
    /// The ครุฑ (PNG), shown at the top centre; without one the area holds
    /// [`MISSING_EMBLEM_NOTE`].
    #[serde(skip)]
    pub emblem: Option<Vec<u8>>,
}

/// One committee.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OrderCommittee {
    /// "๑) คณะทำงานอำนวยการ ประกอบด้วย".
    pub heading: String,
    pub members: Vec<OrderMember>,
    /// "มีอำนาจหน้าที่ ดังต่อไปนี้", or empty when there are no duties.
    pub duties_heading: String,
    /// "(๑) ให้คำปรึกษา …", in order.
    pub duties: Vec<String>,
}

/// One member: the two columns of the member list.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OrderMember {
    /// "๑.๑".
    pub number: String,
    /// The position, or the official's name and position.
    pub text: String,
    /// "หัวหน้าคณะกรรมการ", "กรรมการ", …
    pub role: String,
}

/// One group of persons in charge.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OrderAssignment {
    /// "๓) ผู้บริหารที่รับผิดชอบการประเมินของหน่วยงาน ได้แก่".
    pub heading: String,
    /// "(๑) นายกองค์การบริหารส่วนตำบลหนองปรุง", in order.
    pub people: Vec<String>,
    /// What they do, as one paragraph.
    pub duty: String,
}

const ORDER: &str = "คำสั่ง";
const DEFAULT_CLOSING: &str = "ทั้งนี้ ตั้งแต่บัดนี้เป็นต้นไป";
const COMPOSED_OF: &str = "ประกอบด้วย";
const NAMELY: &str = "ได้แก่";
const DUTIES: &str = "มีอำนาจหน้าที่ ดังต่อไปนี้";
/// Day and month left for writing by hand.
const BLANK_DAY: &str = "……";
const BLANK_MONTH: &str = "……………………";
/// Height of the ครุฑ on an order, as ระเบียบงานสารบรรณ sets it.
const EMBLEM_HEIGHT_CM: f32 = 3.0;
/// Where the DOCX sets the second column of a member line, the date and the
/// signature, in centimetres from the left margin.
const ROLE_TAB_CM: f32 = 11.0;
const SIGNATURE_TAB_CM: f32 = 7.0;
const MEMBER_INDENT_CM: f32 = 1.0;

/// Fills the document of an order.
#[must_use]
pub fn order_document(order: &Order, agency: &DocumentAgency) -> OrderDocument {
    let thai = agency.thai_digits;
    let typed = |text: &str| text.trim().to_owned();
    let n = |number: usize| digits_for(&number.to_string(), thai);
    let committees: Vec<OrderCommittee> = order
        .committees
        .iter()
        .enumerate()
        .map(|(c, committee)| OrderCommittee {
            heading: format!(
                "{}) {}",
                n(c + 1),
                with_tail(&typed(&committee.title), COMPOSED_OF)
            ),
            members: committee
                .members
                .iter()
                .enumerate()
                .map(|(m, member)| OrderMember {
                    number: format!("{}.{}", n(c + 1), n(m + 1)),
                    text: member_text(member, agency),
                    role: member.role.label_th().to_owned(),
                })
                .collect(),
            duties_heading: if committee.duties.is_empty() {
                String::new()
            } else {
                DUTIES.to_owned()
            },
            duties: committee
                .duties
                .iter()
                .enumerate()
                .map(|(i, duty)| format!("({}) {}", n(i + 1), typed(duty)))
                .collect(),
        })
        .collect();
    let assignments = order
        .assignments
        .iter()
        .enumerate()
        .map(|(a, assignment)| OrderAssignment {
            heading: format!(
                "{}) {}",
                n(committees.len() + a + 1),
                with_tail(&typed(&assignment.heading), NAMELY)
            ),
            people: assignment
                .people
                .iter()
                .enumerate()
                .map(|(i, person)| format!("({}) {}", n(i + 1), typed(person)))
                .collect(),
            duty: typed(&assignment.duty),
        })
        .collect();
    let closing = typed(&order.closing);
    OrderDocument {
        heading: format!("{ORDER}{}", agency.name.trim()),
        number: format!("ที่ {}", order_number_text(order.number, order.year, thai)),
        subject: format!("เรื่อง {}", typed(&order.subject)),
        preamble: text_blocks(&order.preamble)
            .into_iter()
            .map(|block| match block {
                TextBlock::Paragraph(text) => TextBlock::Paragraph(typed(&text)),
                TextBlock::List(items) => TextBlock::List(
                    items
                        .into_iter()
                        .map(|item| ListItem {
                            marker: item.marker,
                            text: typed(&item.text),
                        })
                        .collect(),
                ),
            })
            .collect(),
        committees,
        assignments,
        closing: if closing.is_empty() {
            DEFAULT_CLOSING.to_owned()
        } else {
            closing
        },
        date_line: date_line(order, thai),
        signature: Signature::of_signer(&order.signer),
        thai_digits: thai,
        emblem: agency.emblem.clone(),
    }
}

/// The position as typed, or the official's name and position.
fn member_text(member: &CommitteeMember, agency: &DocumentAgency) -> String {
    let position = member.position.trim();
    if !position.is_empty() {
        return position.to_owned();
    }
    member
        .official
        .and_then(|id| agency.official(id))
        .map(|o| format!("{} {}", o.full_name(), o.position.trim()))
        .unwrap_or_default()
}

/// `text` ending with `tail` ("ประกอบด้วย", "ได้แก่"), unless it already does.
fn with_tail(text: &str, tail: &str) -> String {
    if text.ends_with(tail) {
        text.to_owned()
    } else {
        format!("{text} {tail}")
    }
}

/// "สั่ง ณ วันที่ ๑๗ เดือน มกราคม พ.ศ. ๒๕๖๕", as the form writes a date.
fn date_line(order: &Order, thai: bool) -> String {
    let text = match order.date {
        Some(date) => format!(
            "สั่ง ณ วันที่ {} เดือน {} พ.ศ. {}",
            date.day(),
            month_full(date),
            be_year(date.year())
        ),
        None => format!(
            "สั่ง ณ วันที่ {BLANK_DAY} เดือน {BLANK_MONTH} พ.ศ. {}",
            order.year
        ),
    };
    digits_for(&text, thai)
}

/// What the template reads: the document, whether `/emblem` exists and what
/// to print in its place when it does not.
#[derive(Serialize)]
struct OrderData<'a> {
    #[serde(flatten)]
    document: &'a OrderDocument,
    has_emblem: bool,
    emblem_note: &'static str,
}

/// The order as a Word document with the parts of the PDF: the ครุฑ centred
/// (or the note saying it is missing), the centred heading lines, the preamble, the committees with members
/// and roles at a tab stop, the duties, the persons in charge, the closing, and
/// the date and signature right of centre.
fn order_docx(document: &OrderDocument) -> Result<Vec<u8>, DocsError> {
    let mut builder = DocxBuilder::new(document.thai_digits)
        .emblem_area(
            document.emblem.as_deref(),
            EMBLEM_HEIGHT_CM,
            MISSING_EMBLEM_NOTE,
        )
        .title_line(&document.heading)
        .title_line(&document.number)
        .title_line(&document.subject)
        .title_line("――――――――");
    for block in &document.preamble {
        builder = match block {
            TextBlock::Paragraph(text) => builder.paragraph(text),
            TextBlock::List(items) => items.iter().fold(builder, |b, item| {
                b.paragraph(&format!("{} {}", item.marker, item.text))
            }),
        };
    }
    for committee in &document.committees {
        builder = builder.paragraph(&committee.heading);
        for member in &committee.members {
            builder = builder.tabbed_line(
                &format!("{} {}", member.number, member.text),
                &member.role,
                MEMBER_INDENT_CM,
                ROLE_TAB_CM,
            );
        }
        if !committee.duties_heading.is_empty() {
            builder = builder.paragraph(&committee.duties_heading);
        }
        for duty in &committee.duties {
            builder = builder.paragraph(duty);
        }
    }
    for assignment in &document.assignments {
        builder = builder.paragraph(&assignment.heading);
        for person in &assignment.people {
            builder = builder.paragraph(person);
        }
        if !assignment.duty.is_empty() {
            builder = builder.paragraph(&assignment.duty);
        }
    }
    builder = builder.paragraph(&document.closing).tabbed_line(
        "",
        &document.date_line,
        0.0,
        SIGNATURE_TAB_CM,
    );
    for _ in 0..2 {
        builder = builder.end_aligned("");
    }
    for line in document.signature.lines() {
        builder = builder.tabbed_line("", &line, 0.0, SIGNATURE_TAB_CM);
    }
    builder.build()
}

impl OfficialDocument for OrderDocument {
    fn typst_input(&self) -> Result<TypstInput<'_>, DocsError> {
        let data = OrderData {
            document: self,
            has_emblem: self.emblem.is_some(),
            emblem_note: MISSING_EMBLEM_NOTE,
        };
        Ok(TypstInput::new(Template::Order, &data)?.with_emblem(self.emblem.as_deref()))
    }

    fn docx(&self) -> Result<Vec<u8>, DocsError> {
        order_docx(self)
    }
}
