//! The installation's own settings: the ครุฑ set, replaced and cleared, read
//! back byte for byte, one image for every agency. Every scenario runs on
//! SQLite always and on PostgreSQL when `PRONGSAI_TEST_DATABASE_URL` names a
//! server.

use crate::common;

use prongsai_store::Actor;

use common::TestDb;

const CLI: Actor = Actor { user_id: None };

async fn the_emblem_is_set_replaced_and_cleared(db: &TestDb) {
    let store = &db.store;
    assert_eq!(store.emblem().await.unwrap(), None);
    // The store keeps what it is given; checking is the caller's.
    let first = b"\x89PNG\r\n\x1a\nfirst".to_vec();
    store.set_emblem(CLI, Some(&first)).await.unwrap();
    assert_eq!(store.emblem().await.unwrap(), Some(first.clone()));
    store.set_emblem(CLI, Some(&first)).await.unwrap();
    // Every byte value survives the round trip.
    let second: Vec<u8> = (0..=255).chain((0..=255).rev()).collect();
    store.set_emblem(CLI, Some(&second)).await.unwrap();
    assert_eq!(store.emblem().await.unwrap(), Some(second));
    store.set_emblem(CLI, None).await.unwrap();
    assert_eq!(store.emblem().await.unwrap(), None);
    store.set_emblem(CLI, None).await.unwrap();
    assert_eq!(store.emblem().await.unwrap(), None);
    store.set_emblem(CLI, Some(&first)).await.unwrap();
    assert_eq!(store.emblem().await.unwrap(), Some(first));
}

async fn the_emblem_outlives_migrating_again(db: &TestDb) {
    let png = b"\x89PNG\r\n\x1a\nkept".to_vec();
    db.store.set_emblem(CLI, Some(&png)).await.unwrap();
    db.store.migrate().await.unwrap();
    assert_eq!(db.store.emblem().await.unwrap(), Some(png));
}

on_both_backends!(
    the_emblem_is_set_replaced_and_cleared,
    the_emblem_outlives_migrating_again,
);
