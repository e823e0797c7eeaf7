//! Embeds every page template (`templates/*.html`) into the binary, so adding
//! a page's template needs no registration line.

fn main() {
    minijinja_embed::embed_templates!("templates", &[".html"]);
}
