//! Reading a fetched page: its visible text (where the fiscal year and the
//! keywords are looked for) and the addresses of its links (where the crawl
//! goes next).
//!
//! html5ever's tokenizer is used alone, without building a tree: it is the
//! browsers' own tokenizing algorithm (so broken markup, entities and
//! attribute quoting come out as a browser sees them) at a fraction of the cost
//! of a DOM, and one pass yields both the text and the links.

use std::cell::RefCell;

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{
    BufferQueue, CharacterTokens, StartTag, TagToken, Token, TokenSink, TokenSinkResult, Tokenizer,
    TokenizerOpts,
};
use url::Url;

/// What one HTML page says and links to.
#[derive(Debug, Default)]
pub(crate) struct PageText {
    pub(crate) text: String,
    /// Absolute http(s) addresses, fragments removed, in page order.
    pub(crate) links: Vec<Url>,
}

#[derive(Default)]
struct Collected {
    text: String,
    hrefs: Vec<String>,
    base: Option<String>,
    /// Inside <script>/<style>, whose text no reader sees.
    hidden: bool,
}

struct Sink {
    collected: RefCell<Collected>,
}

impl TokenSink for Sink {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        let mut c = self.collected.borrow_mut();
        match token {
            TagToken(tag) => {
                let name: &str = &tag.name;
                let attr = |wanted: &str| {
                    tag.attrs
                        .iter()
                        .find(|a| &*a.name.local == wanted)
                        .map(|a| a.value.to_string())
                };
                if tag.kind == StartTag {
                    match name {
                        "a" | "area" => {
                            if let Some(href) = attr("href") {
                                c.hrefs.push(href);
                            }
                        }
                        "frame" | "iframe" => {
                            if let Some(src) = attr("src") {
                                c.hrefs.push(src);
                            }
                        }
                        "base" if c.base.is_none() => c.base = attr("href"),
                        "script" | "style" | "noscript" | "template" => {
                            c.hidden = !tag.self_closing;
                            if tag.self_closing {
                                return TokenSinkResult::Continue;
                            }
                            return TokenSinkResult::RawData(if name == "script" {
                                RawKind::ScriptData
                            } else {
                                RawKind::Rawtext
                            });
                        }
                        _ => {}
                    }
                } else if matches!(name, "script" | "style" | "noscript" | "template") {
                    c.hidden = false;
                }
                // Tags separate words ("<td>2568</td><td>…"), so a space stands in.
                c.text.push(' ');
            }
            CharacterTokens(text) if !c.hidden => c.text.push_str(&text),
            _ => {}
        }
        TokenSinkResult::Continue
    }
}

/// Reads an HTML page fetched from `page_url`.
pub(crate) fn read_html(html: &str, page_url: &Url) -> PageText {
    let sink = Sink {
        collected: RefCell::new(Collected::default()),
    };
    let tokenizer = Tokenizer::new(sink, TokenizerOpts::default());
    let input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(html));
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    let collected = tokenizer.sink.collected.into_inner();
    let base = collected
        .base
        .as_deref()
        .and_then(|b| page_url.join(b.trim()).ok())
        .unwrap_or_else(|| page_url.clone());
    let links = collected
        .hrefs
        .iter()
        .filter_map(|href| base.join(href.trim()).ok())
        .filter(|url| matches!(url.scheme(), "http" | "https"))
        .map(|mut url| {
            url.set_fragment(None);
            url
        })
        .collect();
    PageText {
        text: collected.text,
        links,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_skips_scripts_and_links_resolve_against_the_page() {
        let page = Url::parse("http://x.go.th/oit/index.html").expect("a url");
        let read = read_html(
            r#"<html><head><style>p{}</style><script>var y = "2567 <a href='/no'>";</script></head>
            <body><p>แผนปี&nbsp;๒๕๖๘</p><a href="plan.html#top">แผน</a>
            <a href='/about'>เกี่ยวกับ</a><a href="mailto:a@b">x</a><a href="javascript:0">y</a>
            <a href=https://other.example/x>z</a></body></html>"#,
            &page,
        );
        assert!(read.text.contains("แผนปี\u{a0}๒๕๖๘"), "{}", read.text);
        assert!(!read.text.contains("2567"), "{}", read.text);
        let links: Vec<String> = read.links.iter().map(ToString::to_string).collect();
        assert_eq!(
            links,
            [
                "http://x.go.th/oit/plan.html",
                "http://x.go.th/about",
                "https://other.example/x"
            ]
        );
    }

    #[test]
    fn a_base_element_moves_relative_links() {
        let page = Url::parse("http://x.go.th/a/b").expect("a url");
        let read = read_html(r#"<base href="/docs/"><a href="c.pdf">c</a>"#, &page);
        assert_eq!(read.links[0].as_str(), "http://x.go.th/docs/c.pdf");
    }
}
