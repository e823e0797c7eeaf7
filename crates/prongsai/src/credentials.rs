//! New passwords and their hashes, for the `user` commands and for the demo's
//! accounts. Hashing is the web layer's own Argon2 rule, run off the async
//! runtime because it is deliberately slow.

use crate::error::CliError;

/// A random password of 16 characters without look-alikes (0/O, 1/l/I).
pub(crate) fn generate_password() -> String {
    const ALPHABET: &[u8] = b"abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).expect("the operating system's random source is available");
    bytes
        .iter()
        .map(|b| char::from(ALPHABET[usize::from(*b) % ALPHABET.len()]))
        .collect()
}

/// The stored hash of `password`.
pub(crate) async fn hash(password: String) -> Result<String, CliError> {
    tokio::task::spawn_blocking(move || prongsai_web::hash_password(&password))
        .await
        .map_err(|e| CliError::failure(e.to_string()))?
        .map_err(|e| CliError::failure(format!("เข้ารหัสรหัสผ่านไม่ได้: {e}")))
}
