//! Every text input and text area a page renders carries the `maxlength` of
//! its field, taken from core's table of limits (`prongsai_core::field_limits`).
//!
//! Written into each template by hand the numbers would drift from what the
//! server checks; set here, on the rendered page, by the field's name, they are
//! the server's own. A field whose template already states a `maxlength` keeps
//! it (the page tests check it against the table too).

use prongsai_core::field_limits::max_chars;

/// Input types that hold no typed text (or whose length is not counted).
const NOT_TEXT: &[&str] = &[
    "hidden", "checkbox", "radio", "file", "submit", "button", "reset", "image", "number", "date",
    "color", "range",
];

/// `html` with a `maxlength` on each named text `<input>` and `<textarea>` that
/// has none.
pub(crate) fn with_max_lengths(html: &str) -> String {
    let mut out = String::with_capacity(html.len() + html.len() / 50);
    let mut rest = html;
    while let Some(at) = next_field_tag(rest) {
        let Some(len) = rest[at..].find('>') else {
            break;
        };
        let end = at + len;
        let tag = &rest[at..end];
        out.push_str(&rest[..at]);
        match limit_of(tag) {
            Some(limit) => {
                let open = tag.strip_suffix('/');
                out.push_str(open.unwrap_or(tag).trim_end());
                out.push_str(&format!(" maxlength=\"{limit}\""));
                if open.is_some() {
                    out.push_str(" /");
                }
            }
            None => out.push_str(tag),
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// Where the next `<input` or `<textarea` tag starts.
fn next_field_tag(html: &str) -> Option<usize> {
    let input = html.find("<input");
    let textarea = html.find("<textarea");
    match (input, textarea) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// The `maxlength` a tag (without its closing `>`) should get, if any.
fn limit_of(tag: &str) -> Option<usize> {
    if attribute(tag, "maxlength").is_some() {
        return None;
    }
    if tag.starts_with("<input") {
        let kind = attribute(tag, "type").unwrap_or("text");
        if NOT_TEXT.contains(&kind) {
            return None;
        }
    }
    attribute(tag, "name").map(max_chars)
}

/// The value of the attribute `name="…"` in a tag.
fn attribute<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let pattern = format!("{name}=\"");
    let mut from = 0;
    while let Some(found) = tag[from..].find(&pattern) {
        let at = from + found;
        let start = at + pattern.len();
        if tag[..at].ends_with(char::is_whitespace) {
            let len = tag[start..].find('"')?;
            return Some(&tag[start..start + len]);
        }
        from = start;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_fields_get_their_limit_and_others_nothing() {
        let html = concat!(
            r#"<form><input type="hidden" name="csrf_token" value="x">"#,
            r#"<input id="f" name="subject" data-name="a">"#,
            r#"<input type="text" name="committees.0.members.1.position" />"#,
            "<textarea\n  name=\"details\" rows=\"3\">a &gt; b</textarea>",
            r#"<input name="phone" maxlength="30"><input type="checkbox" name="x"></form>"#
        );
        let out = with_max_lengths(html);
        assert!(out.contains(r#"<input id="f" name="subject" data-name="a" maxlength="500">"#));
        assert!(out.contains(r#"position" maxlength="200" />"#));
        assert!(out.contains("rows=\"3\" maxlength=\"5000\">a &gt; b</textarea>"));
        assert!(out.contains(r#"<input name="phone" maxlength="30">"#));
        assert!(out.contains(r#"value="x">"#) && out.contains(r#"name="x">"#));
    }
}
