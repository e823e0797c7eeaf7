//! CSV exports that Excel opens with Thai intact.
//!
//! Excel reads a CSV without a byte-order mark in the machine's legacy code page
//! (TIS-620 on Thai Windows at best), which garbles UTF-8 Thai; a UTF-8 BOM makes
//! it read UTF-8. Fields are quoted per RFC 4180 and lines end in CRLF.

/// The UTF-8 byte-order mark.
pub const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// A CSV file: the BOM, the header line, then one line per row.
#[must_use]
pub fn csv_with_bom(header: &[&str], rows: &[Vec<String>]) -> Vec<u8> {
    let mut out = String::new();
    push_line(&mut out, header.iter().copied());
    for row in rows {
        push_line(&mut out, row.iter().map(String::as_str));
    }
    let mut bytes = Vec::with_capacity(UTF8_BOM.len() + out.len());
    bytes.extend_from_slice(UTF8_BOM);
    bytes.extend_from_slice(out.as_bytes());
    bytes
}

fn push_line<'a>(out: &mut String, fields: impl Iterator<Item = &'a str>) {
    for (index, field) in fields.enumerate() {
        if index > 0 {
            out.push(',');
        }
        if field.contains([',', '"', '\n', '\r']) || field.starts_with(' ') || field.ends_with(' ')
        {
            out.push('"');
            out.push_str(&field.replace('"', "\"\""));
            out.push('"');
        } else {
            out.push_str(field);
        }
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn starts_with_bom_and_quotes_when_needed() {
        let csv = csv_with_bom(
            &["ตัวชี้วัด", "คะแนน"],
            &[
                vec!["การเปิดเผยข้อมูล".to_owned(), "39.27".to_owned()],
                vec!["ชื่อ, มี \"เครื่องหมาย\"".to_owned(), String::new()],
            ],
        );
        assert!(csv.starts_with(UTF8_BOM));
        let text = std::str::from_utf8(&csv[3..]).unwrap();
        assert_eq!(
            text,
            "ตัวชี้วัด,คะแนน\r\nการเปิดเผยข้อมูล,39.27\r\n\"ชื่อ, มี \"\"เครื่องหมาย\"\"\",\r\n"
        );
    }
}
