//! The shape of the schema as the database's own catalogue reports it, in
//! terms both backends share, so the two migration trees can be compared
//! beyond table and column names: each column's storage kind and nullability,
//! the primary key, unique keys, foreign keys (with their delete rule) and the
//! other indexes. The parity test fails when the trees drift in any of these;
//! the unique-key test checks every key against [`crate::unique_key_field`].
//!
//! Types are compared by storage kind, because the trees differ on purpose in
//! how they store the same value: a UUID is `uuid` in PostgreSQL and a 16-byte
//! `BLOB` in SQLite, a time `timestamptz` and `TEXT`, a flag `boolean` and
//! `INTEGER`.

use std::collections::{BTreeMap, BTreeSet};

/// How a column stores its value, the same on both backends.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum ColumnKind {
    /// `INTEGER`; PostgreSQL's integers and `boolean`.
    Integer,
    /// `REAL`; PostgreSQL's floating and numeric types.
    Real,
    /// `TEXT`; PostgreSQL's text, dates, times and JSON.
    Text,
    /// `BLOB`; PostgreSQL's `bytea` and `uuid`.
    Bytes,
    /// A declared type neither list knows (lower-cased), so a new type is
    /// compared as it is rather than silently equated with another.
    Other(String),
}

impl ColumnKind {
    /// The kind of a declared SQLite type or a PostgreSQL `data_type`.
    #[must_use]
    pub fn of(declared: &str) -> Self {
        let declared = declared.trim().to_ascii_lowercase();
        match declared.as_str() {
            "integer" | "bigint" | "smallint" | "boolean" => Self::Integer,
            "real" | "double precision" | "numeric" => Self::Real,
            "text"
            | "character varying"
            | "date"
            | "timestamp with time zone"
            | "jsonb"
            | "json" => Self::Text,
            "blob" | "bytea" | "uuid" => Self::Bytes,
            _ => Self::Other(declared),
        }
    }
}

/// One column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ColumnShape {
    pub name: String,
    pub kind: ColumnKind,
    /// Primary-key columns count as not nullable on both backends (SQLite
    /// would otherwise allow NULL in a composite primary key).
    pub nullable: bool,
}

/// A foreign key: its columns, the table and columns it references, and what
/// deleting the referenced row does (`NO ACTION`, `CASCADE`, …).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct ForeignKeyShape {
    pub columns: Vec<String>,
    pub table: String,
    pub references: Vec<String>,
    pub on_delete: String,
}

/// An index that backs no constraint (`CREATE [UNIQUE] INDEX`); a column
/// given by an expression is `<expr>`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct IndexShape {
    pub name: String,
    pub columns: Vec<String>,
    pub unique: bool,
    pub partial: bool,
}

/// One table.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TableShape {
    /// In declaration order.
    pub columns: Vec<ColumnShape>,
    /// In key order; empty when the table has none.
    pub primary_key: Vec<String>,
    /// Each in key order.
    pub unique_keys: BTreeSet<Vec<String>>,
    pub foreign_keys: BTreeSet<ForeignKeyShape>,
    pub indexes: BTreeSet<IndexShape>,
}

/// Every table of the application (sqlx's bookkeeping left out), by name.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SchemaShape {
    pub tables: BTreeMap<String, TableShape>,
}

/// A column row of the catalogue: table, column, declared type, not null.
pub(crate) type ColumnRow = (String, String, String, i64);
/// A key row: table, kind (`p`, `u` or `f`), columns (comma-joined, in key
/// order), and for a foreign key the referenced table, its columns and the
/// delete rule.
pub(crate) type KeyRow = (
    String,
    String,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
);
/// An index row: table, index, unique, partial, columns (comma-joined).
pub(crate) type IndexRow = (String, String, i64, i64, String);

fn split(list: &str) -> Vec<String> {
    list.split(',').map(str::to_owned).collect()
}

impl SchemaShape {
    /// Assembles the shape from the catalogue's rows.
    pub(crate) fn from_rows(
        columns: Vec<ColumnRow>,
        keys: Vec<KeyRow>,
        indexes: Vec<IndexRow>,
    ) -> Self {
        let mut tables = BTreeMap::<String, TableShape>::new();
        for (table, name, declared, not_null) in columns {
            tables.entry(table).or_default().columns.push(ColumnShape {
                name,
                kind: ColumnKind::of(&declared),
                nullable: not_null == 0,
            });
        }
        for (table, kind, list, referenced, references, on_delete) in keys {
            let shape = tables.entry(table).or_default();
            match kind.as_str() {
                "p" => shape.primary_key = split(&list),
                "u" => {
                    shape.unique_keys.insert(split(&list));
                }
                _ => {
                    shape.foreign_keys.insert(ForeignKeyShape {
                        columns: split(&list),
                        table: referenced.unwrap_or_default(),
                        references: references.as_deref().map(split).unwrap_or_default(),
                        on_delete: on_delete.unwrap_or_default().to_ascii_uppercase(),
                    });
                }
            }
        }
        for (table, name, unique, partial, list) in indexes {
            tables.entry(table).or_default().indexes.insert(IndexShape {
                name,
                columns: split(&list),
                unique: unique != 0,
                partial: partial != 0,
            });
        }
        for shape in tables.values_mut() {
            let primary = shape.primary_key.clone();
            for column in &mut shape.columns {
                if primary.contains(&column.name) {
                    column.nullable = false;
                }
            }
        }
        Self { tables }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_pair_the_types_each_tree_uses_for_the_same_value() {
        assert_eq!(ColumnKind::of("uuid"), ColumnKind::of("BLOB"));
        assert_eq!(
            ColumnKind::of("timestamp with time zone"),
            ColumnKind::of("TEXT")
        );
        assert_eq!(ColumnKind::of("boolean"), ColumnKind::of("INTEGER"));
        assert_ne!(ColumnKind::of("TEXT"), ColumnKind::of("INTEGER"));
        assert_eq!(
            ColumnKind::of("point"),
            ColumnKind::Other("point".to_owned())
        );
    }

    #[test]
    fn primary_key_columns_are_not_nullable_and_keys_keep_their_order() {
        let shape = SchemaShape::from_rows(
            vec![
                ("t".to_owned(), "agency_id".to_owned(), "BLOB".to_owned(), 0),
                ("t".to_owned(), "id".to_owned(), "BLOB".to_owned(), 0),
                ("t".to_owned(), "note".to_owned(), "TEXT".to_owned(), 0),
            ],
            vec![
                (
                    "t".to_owned(),
                    "p".to_owned(),
                    "agency_id,id".to_owned(),
                    None,
                    None,
                    None,
                ),
                (
                    "t".to_owned(),
                    "f".to_owned(),
                    "agency_id".to_owned(),
                    Some("agencies".to_owned()),
                    Some("id".to_owned()),
                    Some("cascade".to_owned()),
                ),
            ],
            vec![("t".to_owned(), "t_note".to_owned(), 0, 1, "note".to_owned())],
        );
        let t = &shape.tables["t"];
        assert_eq!(t.primary_key, ["agency_id", "id"]);
        assert!(!t.columns[0].nullable && !t.columns[1].nullable && t.columns[2].nullable);
        let fk = t.foreign_keys.iter().next().unwrap();
        assert_eq!(
            (fk.table.as_str(), fk.on_delete.as_str()),
            ("agencies", "CASCADE")
        );
        assert!(t.indexes.iter().next().unwrap().partial);
    }
}
