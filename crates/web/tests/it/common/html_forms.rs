//! The links and POST forms of a page, as a browser reads them (html5ever's
//! tokenizer), for the form fuzzer's crawl.

use std::cell::RefCell;

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::{
    BufferQueue, EndTag, StartTag, Tag, TagToken, Token, TokenSink, TokenSinkResult, Tokenizer,
    TokenizerOpts,
};

/// What a field is to the fuzzer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldKind {
    /// Typed by the user: text, number, date, e-mail, a textarea…
    Typed,
    /// Set by the page (CSRF token, version): sent as it is.
    Hidden,
    /// A choice among options or a checkbox: sent as the page set it.
    Chosen,
    File,
}

#[derive(Debug, Clone)]
pub struct Field {
    pub name: String,
    pub value: String,
    pub kind: FieldKind,
    /// An input's `type` ("text", "number", "date"…); "textarea" for a text area.
    pub input_type: String,
}

/// A `<form method="post">`.
#[derive(Debug, Clone)]
pub struct Form {
    pub action: String,
    pub multipart: bool,
    pub fields: Vec<Field>,
}

/// The page's own links (paths starting with `/`) and POST forms.
#[derive(Debug, Default)]
pub struct PageParts {
    pub links: Vec<String>,
    pub forms: Vec<Form>,
}

#[derive(Default)]
struct Reading {
    parts: PageParts,
    form: Option<Form>,
    /// A select's name while inside it, and whether an option was taken.
    select: Option<(String, bool)>,
    /// A textarea's name while inside it, and its text so far.
    textarea: Option<(String, String)>,
}

struct Sink(RefCell<Reading>);

fn attribute(tag: &Tag, wanted: &str) -> Option<String> {
    tag.attrs
        .iter()
        .find(|a| &*a.name.local == wanted)
        .map(|a| a.value.to_string())
}

impl Reading {
    fn start(&mut self, tag: &Tag) {
        let attr = |name: &str| attribute(tag, name);
        match &*tag.name {
            "a" => {
                if let Some(href) = attr("href").filter(|h| h.starts_with('/')) {
                    self.parts.links.push(href);
                }
            }
            "form" => {
                let post = attr("method").is_some_and(|m| m.eq_ignore_ascii_case("post"));
                self.form = post.then(|| Form {
                    action: attr("action").unwrap_or_default(),
                    multipart: attr("enctype").is_some_and(|e| e.contains("multipart")),
                    fields: Vec::new(),
                });
            }
            "input" => {
                let (Some(form), Some(name)) = (self.form.as_mut(), attr("name")) else {
                    return;
                };
                let input_type = attr("type").unwrap_or_else(|| "text".to_owned());
                let kind = match input_type.as_str() {
                    "hidden" => FieldKind::Hidden,
                    "file" => FieldKind::File,
                    "checkbox" | "radio" if attr("checked").is_none() => return,
                    "checkbox" | "radio" => FieldKind::Chosen,
                    "submit" | "button" | "reset" | "image" => return,
                    _ => FieldKind::Typed,
                };
                let value = attr("value").unwrap_or_else(|| {
                    if kind == FieldKind::Chosen {
                        "on".to_owned()
                    } else {
                        String::new()
                    }
                });
                form.fields.push(Field {
                    name,
                    value,
                    kind,
                    input_type,
                });
            }
            "textarea" => {
                if let Some(name) = attr("name") {
                    self.textarea = Some((name, String::new()));
                }
            }
            "select" => self.select = attr("name").map(|name| (name, false)),
            "option" => {
                let (Some(form), Some((name, taken))) = (self.form.as_mut(), self.select.as_mut())
                else {
                    return;
                };
                if !*taken {
                    form.fields.push(Field {
                        name: name.clone(),
                        value: attr("value").unwrap_or_default(),
                        kind: FieldKind::Chosen,
                        input_type: "select".to_owned(),
                    });
                    *taken = true;
                }
            }
            _ => {}
        }
    }

    fn end(&mut self, name: &str) {
        match name {
            "form" => {
                if let Some(form) = self.form.take() {
                    self.parts.forms.push(form);
                }
            }
            "select" => self.select = None,
            "textarea" => {
                if let (Some(form), Some((name, value))) =
                    (self.form.as_mut(), self.textarea.take())
                {
                    form.fields.push(Field {
                        name,
                        value,
                        kind: FieldKind::Typed,
                        input_type: "textarea".to_owned(),
                    });
                }
            }
            _ => {}
        }
    }
}

impl TokenSink for Sink {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        let mut reading = self.0.borrow_mut();
        match token {
            TagToken(tag) if tag.kind == StartTag => reading.start(&tag),
            TagToken(tag) if tag.kind == EndTag => reading.end(&tag.name),
            Token::CharacterTokens(text) => {
                if let Some((_, value)) = reading.textarea.as_mut() {
                    value.push_str(&text);
                }
            }
            _ => {}
        }
        TokenSinkResult::Continue
    }
}

/// Reads `html`.
pub fn read(html: &str) -> PageParts {
    let tokenizer = Tokenizer::new(
        Sink(RefCell::new(Reading::default())),
        TokenizerOpts::default(),
    );
    let input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(html));
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    tokenizer.sink.0.take().parts
}
