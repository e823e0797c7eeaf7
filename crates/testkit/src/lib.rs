//! What Prongsai's tests, benchmarks and demo share, kept out of the product's
//! crates so that none of them carries a test server or a benchmark switch.
//!
//! - [`sample_site`]: a small Thai agency website on 127.0.0.1 with good,
//!   broken, redirected, unlinked and wrong-year pages, for the link checker's
//!   tests, its benchmark and the demo's checklists.
//! - [`bench`]: the short mode CI runs and the full mode behind a flag, and the
//!   goals every benchmark asserts in both.
//! - [`http`]: the router driven in-process as a browser drives it (login
//!   form, CSRF token, forms, uploads), and [`http::TestApp`] with two agencies.
//! - [`smtp`]: a real SMTP server on 127.0.0.1 that keeps what it receives.
//! - [`database`]: a PostgreSQL database of its own for one test above the store.
//! - [`documents`]: every document kind's data at the seed's size and text,
//!   without a database; [`files`]: poppler, LibreOffice and zip reading back
//!   the PDF, DOCX and XLSX files we write; [`pdf_readers`]: the four PDF
//!   readers (poppler, MuPDF, pypdf, pdf.js) a text layer must satisfy.
//! - [`reverse_proxy`]: nginx in front of a server under test, as deployed,
//!   and a plain HTTP client that poses as clients behind it.
//!
//! It sits above the application layer and below the web crate, so a change to
//! a page rebuilds none of it.

pub mod bench;
pub mod database;
pub mod documents;
pub mod files;
pub mod http;
pub mod pdf_readers;
pub mod reverse_proxy;
pub mod sample_site;
pub mod smtp;
