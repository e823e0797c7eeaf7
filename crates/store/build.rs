//! Rebuilds the crate when a migration changes: `sqlx::migrate!` embeds the SQL
//! files at compile time, and Cargo would not otherwise notice an edited file.

fn main() {
    println!("cargo:rerun-if-changed=migrations");
}
