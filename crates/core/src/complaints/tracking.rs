//! Tracking codes: what a reporter keeps to read the answer and write back.
//!
//! A code is 80 random bits, written as 16 characters of Crockford's base-32 in
//! four groups (`7KQ4-M2XD-9HTV-C3NB`): no I, L, O or U, so it survives being read
//! aloud or copied by hand, and a lookup forgives lower case, spaces, missing
//! dashes and the letters people mistake for digits (O → 0, I and L → 1). With 2^80
//! codes and lookups throttled per client, guessing one is hopeless.
//!
//! The store keeps only [`TrackingCode::lookup_hash`], so the database never holds a
//! code that opens a case. A code can also be derived from the form's one-time
//! token and the content ([`TrackingCode::derive`]): a form sent twice (a double
//! click, a reload) yields the same code, so the second submission finds the first
//! case instead of making another, and the reporter sees the same receipt.

use std::fmt;

use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

/// Crockford's alphabet: digits and letters without I, L, O, U.
const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// Bytes in a code (80 bits).
const CODE_BYTES: usize = 10;

/// Characters in a written code (without dashes).
const CODE_CHARS: usize = 16;

/// A tracking code.
#[derive(Clone, PartialEq, Eq)]
pub struct TrackingCode([u8; CODE_BYTES]);

impl fmt::Debug for TrackingCode {
    // Never print a code into logs by accident.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("TrackingCode(…)")
    }
}

impl TrackingCode {
    /// A fresh code from the operating system's random source.
    ///
    /// # Panics
    /// When the operating system has no random source (not a state to run in).
    #[must_use]
    pub fn random() -> Self {
        let mut bytes = [0_u8; CODE_BYTES];
        getrandom::fill(&mut bytes).expect("the operating system's random source");
        Self(bytes)
    }

    /// The code for a submission: HMAC-SHA-256 under `secret` of the form's one-time
    /// `token` and the `content` digest, cut to 80 bits. The same form sent twice
    /// gives the same code; another token or other content gives another.
    #[must_use]
    pub fn derive(secret: &[u8; 32], token: &str, content: &[u8]) -> Self {
        let mut mac = Hmac::<Sha256>::new_from_slice(secret).expect("HMAC takes any key length");
        mac.update(b"prongsai tracking code v1\0");
        mac.update(&(token.len() as u64).to_be_bytes());
        mac.update(token.as_bytes());
        mac.update(content);
        let out = mac.finalize().into_bytes();
        let mut bytes = [0_u8; CODE_BYTES];
        bytes.copy_from_slice(&out[..CODE_BYTES]);
        Self(bytes)
    }

    /// Reads a code as a person typed it, or `None` when it cannot be one.
    #[must_use]
    pub fn parse(text: &str) -> Option<Self> {
        let mut value: u128 = 0;
        let mut count = 0;
        for c in text.chars() {
            if c.is_whitespace() || c == '-' || c == '–' {
                continue;
            }
            let digit = decode_char(c)?;
            count += 1;
            if count > CODE_CHARS {
                return None;
            }
            value = (value << 5) | u128::from(digit);
        }
        if count != CODE_CHARS {
            return None;
        }
        let full = value.to_be_bytes();
        let mut bytes = [0_u8; CODE_BYTES];
        bytes.copy_from_slice(&full[16 - CODE_BYTES..]);
        Some(Self(bytes))
    }

    /// What the store keeps and looks up: SHA-256 of the code's bytes, in hex.
    #[must_use]
    pub fn lookup_hash(&self) -> String {
        hex::encode(Sha256::digest(self.0))
    }
}

impl fmt::Display for TrackingCode {
    /// Four groups of four characters joined by dashes.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut wide = [0_u8; 16];
        wide[16 - CODE_BYTES..].copy_from_slice(&self.0);
        let value = u128::from_be_bytes(wide);
        for i in 0..CODE_CHARS {
            if i > 0 && i % 4 == 0 {
                f.write_str("-")?;
            }
            let shift = 5 * (CODE_CHARS - 1 - i);
            let index = usize::try_from((value >> shift) & 0x1f).expect("five bits");
            write!(f, "{}", char::from(ALPHABET[index]))?;
        }
        Ok(())
    }
}

fn decode_char(c: char) -> Option<u8> {
    let c = match c.to_ascii_uppercase() {
        'O' => '0',
        'I' | 'L' => '1',
        other => other,
    };
    let byte = u8::try_from(c).ok()?;
    ALPHABET
        .iter()
        .position(|&a| a == byte)
        .map(|p| u8::try_from(p).expect("alphabet has 32 letters"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn written_in_four_groups_and_read_back() {
        let code = TrackingCode::random();
        let text = code.to_string();
        assert_eq!(text.len(), 19);
        assert_eq!(text.matches('-').count(), 3);
        assert!(
            text.chars()
                .all(|c| c == '-' || ALPHABET.contains(&(c as u8)))
        );
        assert_eq!(TrackingCode::parse(&text), Some(code.clone()));
        let sloppy = text.to_lowercase().replace('-', " ").replace('0', "o");
        assert_eq!(TrackingCode::parse(&sloppy), Some(code));
    }

    #[test]
    fn wrong_lengths_and_letters_are_refused() {
        assert_eq!(TrackingCode::parse(""), None);
        assert_eq!(TrackingCode::parse("7KQ4-M2XD-9HTV"), None);
        assert_eq!(TrackingCode::parse("7KQ4-M2XD-9HTV-C3NB-A"), None);
        assert_eq!(TrackingCode::parse("7KQ4-M2XD-9HTV-C3NU"), None);
        assert_eq!(TrackingCode::parse("รหัส"), None);
    }

    #[test]
    fn random_codes_differ_and_carry_eighty_bits() {
        let a = TrackingCode::random();
        let b = TrackingCode::random();
        assert_ne!(a, b);
        // All 80 bits survive the round trip, including the top and bottom ones.
        let all_ones = TrackingCode([0xff; CODE_BYTES]);
        assert_eq!(all_ones.to_string(), "ZZZZ-ZZZZ-ZZZZ-ZZZZ");
        let zero = TrackingCode([0; CODE_BYTES]);
        assert_eq!(zero.to_string(), "0000-0000-0000-0000");
    }

    #[test]
    fn derived_codes_repeat_only_for_the_same_token_and_content() {
        let secret = [7_u8; 32];
        let a = TrackingCode::derive(&secret, "token-1", b"content");
        assert_eq!(a, TrackingCode::derive(&secret, "token-1", b"content"));
        assert_ne!(a, TrackingCode::derive(&secret, "token-2", b"content"));
        assert_ne!(a, TrackingCode::derive(&secret, "token-1", b"other"));
        assert_ne!(a, TrackingCode::derive(&[8_u8; 32], "token-1", b"content"));
    }

    #[test]
    fn lookup_hash_is_hex_sha256_and_never_the_code() {
        let code = TrackingCode::random();
        let hash = code.lookup_hash();
        assert_eq!(hash.len(), 64);
        assert!(
            !hash
                .to_uppercase()
                .contains(&code.to_string().replace('-', ""))
        );
        assert_eq!(format!("{code:?}"), "TrackingCode(…)");
    }
}
