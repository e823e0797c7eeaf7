//! The harness of the public pages: the real router over a real SQLite file with
//! two agencies and no login, plus a staff account of the first for the tests
//! that answer a citizen from the staff side.

use std::path::PathBuf;

use axum::Router;
use axum::body::Body;
use axum::http::Request;
use prongsai_app::Settings;
use prongsai_core::model::{Agency, AgencyId, AgencyKind, Role, User, UserId};
use prongsai_store::{Actor, Store};
use prongsai_web::{AppState, WebConfig, router};

use prongsai_testkit::http::{Page, send};

#[allow(missing_debug_implementations)]
pub struct PublicApp {
    pub router: Router,
    /// What the router serves from: for jobs run beside it (housekeeping).
    pub state: AppState,
    pub store: Store,
    pub agency: Agency,
    pub other: Agency,
    pub staff: User,
    pub dir: tempfile::TempDir,
}

/// A sub-district organisation of Phetchaburi with `code` and `name`.
pub fn agency(code: &str, name: &str) -> Agency {
    Agency {
        id: AgencyId::new(),
        code: code.to_owned(),
        kind: AgencyKind::SubdistrictAdministrativeOrganization,
        name: name.to_owned(),
        district: "เมือง".to_owned(),
        province: "เพชรบุรี".to_owned(),
        website: None,
        thai_digits: false,
        logo: None,
    }
}

impl PublicApp {
    pub async fn new() -> Self {
        Self::with_config(WebConfig::default()).await
    }

    pub async fn with_config(config: WebConfig) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open_sqlite(&dir.path().join("test.db"))
            .await
            .unwrap();
        let actor = Actor::default();
        let main = agency("nongprung", "อบต.หนองปรุง");
        let other = agency("bangkhen", "อบต.บางเขน");
        store.create_agency(actor, &main).await.unwrap();
        store.create_agency(actor, &other).await.unwrap();
        let staff = User {
            id: UserId::new(),
            agency_id: Some(main.id),
            username: "handler.nongprung".to_owned(),
            display_name: "สมหญิง ผู้รับเรื่อง".to_owned(),
            role: Role::Staff,
            department_id: None,
            supervised_province: None,
            password_hash: "not used".to_owned(),
            active: true,
        };
        store.create_user(actor, &staff).await.unwrap();
        let settings = Settings {
            data_dir: dir.path().join("data"),
            ..Settings::default()
        };
        let state = AppState::new(store.clone(), settings, config);
        let router = router(state.clone());
        Self {
            router,
            state,
            store,
            agency: main,
            other,
            staff,
            dir,
        }
    }

    pub async fn send(&self, req: Request<Body>) -> Page {
        send(&self.router, req).await
    }

    pub async fn get(&self, path: &str) -> Page {
        self.send(Request::get(path).body(Body::empty()).unwrap())
            .await
    }

    /// Every byte kept on disk under the test's folder: the SQLite file and its
    /// WAL, and any sealed files.
    pub fn bytes_on_disk(&self) -> Vec<(PathBuf, Vec<u8>)> {
        let mut files = Vec::new();
        let mut folders = vec![self.dir.path().to_path_buf()];
        while let Some(folder) = folders.pop() {
            for entry in std::fs::read_dir(&folder).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    folders.push(path);
                } else {
                    let bytes = std::fs::read(&path).unwrap();
                    files.push((path, bytes));
                }
            }
        }
        files
    }
}
