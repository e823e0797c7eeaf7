//! Settings of the whole installation rather than of one agency: the ครุฑ that
//! every agency's orders and memos print.
//!
//! One row (id 1), written on the first change. The store keeps the bytes it is
//! given: checking them (`prongsai_docs::Emblem::check`) comes first, so a
//! refused file never replaces the emblem in use. Changes are audited without
//! an agency and with the image's size instead of its bytes, as logos are.
//! Bundles leave the emblem out: they move agencies, and the emblem belongs to
//! the installation they move to.

use serde_json::{Value, json};

use crate::audit::{self, Change};
use crate::pool::{Conn, on_conn};
use crate::{Actor, Store, StoreResult};

const ENTITY: &str = "installation_emblem";
/// The id of the one row.
const ROW: i32 = 1;

/// The emblem as stored, if any.
async fn emblem_of(conn: Conn<'_>) -> StoreResult<Option<Vec<u8>>> {
    let row: Option<Option<Vec<u8>>> = on_conn!(conn, |c| {
        sqlx::query_scalar("SELECT emblem_png FROM installation_settings WHERE id = $1")
            .bind(ROW)
            .fetch_optional(c)
            .await
    })?;
    Ok(row.flatten())
}

/// What the audit trail shows of an emblem.
fn image(png: &[u8]) -> Value {
    json!({ "content_type": "image/png", "size": png.len() })
}

impl Store {
    /// The ครุฑ (PNG) the operator set, or `None`.
    ///
    /// # Errors
    /// Database errors.
    pub async fn emblem(&self) -> StoreResult<Option<Vec<u8>>> {
        emblem_of(self.lease().await?.conn()).await
    }

    /// Sets the ครุฑ (`Some`, PNG bytes already checked) or removes it
    /// (`None`), audited; setting what is already there writes nothing.
    ///
    /// # Errors
    /// Database errors.
    pub async fn set_emblem(&self, actor: Actor, png: Option<&[u8]>) -> StoreResult<()> {
        let mut tx = self.write().await?;
        let before = emblem_of(tx.conn()).await?;
        let id = ROW.to_string();
        let change = match (before.as_deref(), png) {
            (Some(old), Some(new)) if old == new => None,
            (Some(old), Some(new)) => {
                Some(Change::update(ENTITY, None, id, image(old), image(new)))
            }
            (None, Some(new)) => Some(Change::create(ENTITY, None, id, image(new))),
            (Some(old), None) => Some(Change::delete(ENTITY, None, id, image(old))),
            (None, None) => None,
        };
        let Some(change) = change else {
            return Ok(());
        };
        on_conn!(tx.conn(), |c| {
            sqlx::query(
                "INSERT INTO installation_settings (id, emblem_png) VALUES ($1, $2) \
                 ON CONFLICT (id) DO UPDATE SET emblem_png = excluded.emblem_png",
            )
            .bind(ROW)
            .bind(png)
            .execute(c)
            .await
            .map(|r| r.rows_affected())
        })?;
        audit::record(tx.conn(), actor, change).await?;
        tx.commit().await
    }
}
