//! Driving the real router in-process, as a browser would: requests go through
//! `tower::ServiceExt::oneshot`, logins through the real login form with its
//! CSRF cookie, forms with the session's CSRF token, uploads as multipart.
//!
//! [`TestApp`] is the staff side over a fresh SQLite file with two agencies, so
//! that every test can check that one never sees the other. It takes the router
//! from the caller (the web crate's tests build it from their own
//! configuration), which keeps this crate below the web crate: a change to a
//! page does not rebuild the tests of the crates under it.

use std::path::PathBuf;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::http::{HeaderMap, Request, StatusCode, header};
use prongsai_core::ita::{OitInput, ScoreInput, SurveyInput};
use prongsai_core::model::{
    Agency, AgencyId, AgencyKind, Department, DepartmentId, ItaResult, Official, OfficialId,
    ResultSource, Role, User, UserId,
};
use prongsai_store::{Actor, Store};
use tower::ServiceExt as _;

/// The password of every seeded account.
pub const PASSWORD: &str = "test-password-123";

/// A response read whole.
#[derive(Debug)]
pub struct Page {
    pub status: StatusCode,
    pub location: Option<String>,
    /// The body as text (lossy for binary files).
    pub body: String,
    /// The body as sent: a PDF or an XLSX.
    pub bytes: Bytes,
    pub headers: HeaderMap,
}

/// A logged-in browser: its cookie and the CSRF token of its session.
#[derive(Debug, Clone)]
pub struct Browser {
    pub cookie: String,
    pub csrf: String,
}

/// Sends one request through `router` and reads the whole response.
///
/// # Panics
/// When the router fails to answer or the body cannot be read.
pub async fn send(router: &Router, req: Request<Body>) -> Page {
    let response = router.clone().oneshot(req).await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let location = headers
        .get(header::LOCATION)
        .map(|v| v.to_str().unwrap().to_owned());
    let bytes = axum::body::to_bytes(response.into_body(), usize::MAX)
        .await
        .unwrap();
    Page {
        status,
        location,
        body: String::from_utf8_lossy(&bytes).into_owned(),
        bytes,
        headers,
    }
}

/// A GET, with the browser's cookie when there is one.
///
/// # Panics
/// See [`send`].
pub async fn get(router: &Router, browser: Option<&Browser>, path: &str) -> Page {
    let mut req = Request::get(path);
    if let Some(b) = browser {
        req = req.header(header::COOKIE, &b.cookie);
    }
    send(router, req.body(Body::empty()).unwrap()).await
}

/// Posts a urlencoded form; the session's CSRF token is added unless `fields`
/// already has one.
///
/// # Panics
/// See [`send`].
pub async fn post(
    router: &Router,
    browser: Option<&Browser>,
    path: &str,
    fields: &[(&str, &str)],
) -> Page {
    let mut pairs: Vec<(&str, &str)> = fields.to_vec();
    if let Some(b) = browser
        && !pairs.iter().any(|(k, _)| *k == "csrf_token")
    {
        pairs.push(("csrf_token", &b.csrf));
    }
    let body = serde_urlencoded::to_string(&pairs).unwrap();
    let mut req =
        Request::post(path).header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
    if let Some(b) = browser {
        req = req.header(header::COOKIE, &b.cookie);
    }
    send(router, req.body(Body::from(body)).unwrap()).await
}

/// Logs in through the real login form with [`PASSWORD`] and returns the
/// browser state, its CSRF token read from the dashboard.
///
/// # Panics
/// When the login is refused or a cookie or token is missing.
pub async fn login(router: &Router, username: &str) -> Browser {
    let page = get(router, None, "/login").await;
    let login_cookie = set_cookie(&page, "prongsai_login_csrf").expect("login csrf cookie");
    let token = hidden_value(&page.body, "csrf_token").expect("login form token");
    let body = serde_urlencoded::to_string([
        ("username", username),
        ("password", PASSWORD),
        ("csrf_token", token.as_str()),
    ])
    .unwrap();
    let req = Request::post("/login")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(
            header::COOKIE,
            format!("prongsai_login_csrf={login_cookie}"),
        )
        .body(Body::from(body))
        .unwrap();
    let page = send(router, req).await;
    assert_eq!(
        page.status,
        StatusCode::SEE_OTHER,
        "login failed: {}",
        page.body
    );
    let session = set_cookie(&page, "prongsai_session").expect("session cookie");
    let cookie = format!("prongsai_session={session}");
    let signed_in = Browser {
        cookie: cookie.clone(),
        csrf: String::new(),
    };
    let home = get(router, Some(&signed_in), "/").await;
    let csrf = hidden_value(&home.body, "csrf_token").expect("csrf token on the dashboard");
    Browser { cookie, csrf }
}

/// Posts a multipart form as a browser does: the CSRF token first, then the
/// text fields in order, then each file input (`name`, file name, bytes).
///
/// # Panics
/// See [`send`].
pub async fn post_multipart(
    router: &Router,
    browser: &Browser,
    path: &str,
    fields: &[(&str, &str)],
    files: &[(&str, &str, &[u8])],
) -> Page {
    const BOUNDARY: &str = "----prongsai-test-7f3a9c";
    let mut body = Vec::new();
    let token = [("csrf_token", browser.csrf.as_str())];
    for (name, value) in token.iter().chain(fields) {
        body.extend_from_slice(
            format!(
                "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
            )
            .as_bytes(),
        );
    }
    for (name, file_name, bytes) in files {
        body.extend_from_slice(
            format!(
                "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"{file_name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
    let req = Request::post(path)
        .header(
            header::CONTENT_TYPE,
            format!("multipart/form-data; boundary={BOUNDARY}"),
        )
        .header(header::COOKIE, &browser.cookie)
        .body(Body::from(body))
        .unwrap();
    send(router, req).await
}

/// The value a `Set-Cookie` header gives `name`.
#[must_use]
pub fn set_cookie(page: &Page, name: &str) -> Option<String> {
    page.headers
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|v| {
            let first = v.split(';').next()?;
            let (k, val) = first.split_once('=')?;
            (k == name && !val.is_empty()).then(|| val.to_owned())
        })
}

/// The value of the first hidden input with this name.
#[must_use]
pub fn hidden_value(html: &str, name: &str) -> Option<String> {
    let marker = format!("name=\"{name}\" value=\"");
    let start = html.find(&marker)? + marker.len();
    let end = html[start..].find('"')?;
    Some(html[start..start + end].to_owned())
}

/// One agency's seeded rows.
#[derive(Debug)]
pub struct Seeded {
    pub agency: Agency,
    pub department: Department,
    pub official: Official,
    pub admin: User,
}

/// The router over a fresh SQLite file with two agencies, อบต.อัลฟา (`a`, ITA
/// result of 2565) and อบต.บราโว (`b`, 2564), each with a department, an
/// official, an administrator `admin.<code>` and a staff member `staff.<code>`.
#[allow(missing_debug_implementations)]
pub struct TestApp {
    pub router: Router,
    pub store: Store,
    pub a: Seeded,
    pub b: Seeded,
    password_hash: String,
    _dir: tempfile::TempDir,
}

impl TestApp {
    /// Seeds the two agencies and serves them through the router `build` makes
    /// from the store and an empty data folder. `password_hash` is [`PASSWORD`]
    /// hashed the way the login checks it.
    ///
    /// # Panics
    /// When the database cannot be created or seeded.
    pub async fn start(
        password_hash: String,
        build: impl FnOnce(Store, PathBuf) -> Router,
    ) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open_sqlite(&dir.path().join("test.db"))
            .await
            .unwrap();
        Self::start_on(store, dir, password_hash, build).await
    }

    /// [`TestApp::start`] over `store` (an empty, migrated database of either
    /// backend), its data folder in `dir`.
    ///
    /// # Panics
    /// When the database cannot be seeded.
    pub async fn start_on(
        store: Store,
        dir: tempfile::TempDir,
        password_hash: String,
        build: impl FnOnce(Store, PathBuf) -> Router,
    ) -> Self {
        let a = seed(&store, "alpha", "อบต.อัลฟา", 2565, &password_hash).await;
        let b = seed(&store, "bravo", "อบต.บราโว", 2564, &password_hash).await;
        let router = build(store.clone(), dir.path().join("data"));
        Self {
            router,
            store,
            a,
            b,
            password_hash,
            _dir: dir,
        }
    }

    /// See [`send`].
    pub async fn send(&self, req: Request<Body>) -> Page {
        send(&self.router, req).await
    }

    /// See [`get`].
    pub async fn get(&self, browser: Option<&Browser>, path: &str) -> Page {
        get(&self.router, browser, path).await
    }

    /// See [`post`].
    pub async fn post(
        &self,
        browser: Option<&Browser>,
        path: &str,
        fields: &[(&str, &str)],
    ) -> Page {
        post(&self.router, browser, path, fields).await
    }

    /// See [`login`].
    pub async fn login(&self, username: &str) -> Browser {
        login(&self.router, username).await
    }

    /// A multipart form with at most one file; see [`post_multipart`].
    pub async fn post_multipart(
        &self,
        browser: &Browser,
        path: &str,
        fields: &[(&str, &str)],
        file: Option<(&str, &str, &[u8])>,
    ) -> Page {
        let files: Vec<_> = file.into_iter().collect();
        post_multipart(&self.router, browser, path, fields, &files).await
    }

    /// A multipart form with several files; see [`post_multipart`].
    pub async fn post_multipart_files(
        &self,
        browser: &Browser,
        path: &str,
        fields: &[(&str, &str)],
        files: &[(&str, &str, &[u8])],
    ) -> Page {
        post_multipart(&self.router, browser, path, fields, files).await
    }

    /// Adds a user of `agency` with `role` (and the department of a department
    /// head) and [`PASSWORD`], and returns it.
    ///
    /// # Panics
    /// When the store refuses the user.
    pub async fn add_user(
        &self,
        agency: AgencyId,
        username: &str,
        role: Role,
        department: Option<DepartmentId>,
    ) -> User {
        let u = User {
            department_id: department,
            ..user(agency, username, role, &self.password_hash)
        };
        self.store.create_user(Actor::default(), &u).await.unwrap();
        u
    }
}

fn user(agency: AgencyId, username: &str, role: Role, phc: &str) -> User {
    User {
        id: UserId::new(),
        agency_id: Some(agency),
        username: username.to_owned(),
        display_name: format!("ผู้ใช้ {username}"),
        role,
        department_id: None,
        supervised_province: None,
        password_hash: phc.to_owned(),
        active: true,
    }
}

async fn seed(store: &Store, code: &str, name: &str, year: i32, phc: &str) -> Seeded {
    let actor = Actor::default();
    let agency = Agency {
        id: AgencyId::new(),
        code: code.to_owned(),
        kind: AgencyKind::SubdistrictAdministrativeOrganization,
        name: name.to_owned(),
        district: format!("อำเภอของ{name}"),
        province: "กระบี่".to_owned(),
        website: None,
        thai_digits: false,
        logo: None,
    };
    store.create_agency(actor, &agency).await.unwrap();
    let department = Department {
        agency_id: agency.id,
        id: DepartmentId::new(),
        name: format!("กองคลัง{name}"),
        sort_order: 1,
    };
    store.create_department(actor, &department).await.unwrap();
    let official = Official {
        agency_id: agency.id,
        id: OfficialId::new(),
        title: "นาง".to_owned(),
        first_name: format!("สมศรี{code}"),
        last_name: "ใจดี".to_owned(),
        position: "ผู้อำนวยการกองคลัง".to_owned(),
        department_id: Some(department.id),
    };
    store.create_official(actor, &official).await.unwrap();
    let admin = user(agency.id, &format!("admin.{code}"), Role::Admin, phc);
    store.create_user(actor, &admin).await.unwrap();
    store
        .create_user(
            actor,
            &user(agency.id, &format!("staff.{code}"), Role::Staff, phc),
        )
        .await
        .unwrap();
    let indicators =
        |range: std::ops::RangeInclusive<u8>, v: f64| range.map(|n| (n.to_string(), v)).collect();
    let result = ItaResult {
        agency_id: agency.id,
        fiscal_year: year,
        source: ResultSource::Official,
        input: ScoreInput {
            year,
            iit: Some(SurveyInput::Indicators(indicators(1..=5, 90.0))),
            eit: Some(SurveyInput::Indicators(indicators(6..=8, 80.0))),
            oit: Some(OitInput::Indicators(indicators(9..=10, 70.0))),
        },
        published_total: None,
        published_rating: None,
        note: format!("ผลของ{name}"),
    };
    store.save_ita_result(actor, &result).await.unwrap();
    Seeded {
        agency,
        department,
        official,
        admin,
    }
}
