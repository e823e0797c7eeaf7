//! The real binary as a child process: started, waited for, killed when a test
//! ends however it ends. Shared by the browser, backup and crash tests.

use std::net::TcpListener;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Kills a child process when the test ends, however it ends.
pub(crate) struct Guard(pub(crate) Child);

impl Drop for Guard {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

pub(crate) fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Waits until something listens at `url` (`http://host:port`), for at most
/// 30 seconds.
pub(crate) async fn wait_for_http(url: &str) {
    let deadline = Instant::now() + Duration::from_secs(30);
    let host = url
        .trim_start_matches("http://")
        .trim_end_matches('/')
        .to_owned();
    while Instant::now() < deadline {
        if tokio::net::TcpStream::connect(&host).await.is_ok() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("{url} did not come up");
}

/// `prongsai --data-dir DIR ARGS…`, not yet started.
pub(crate) fn prongsai_command(data_dir: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_prongsai"));
    command
        .arg("--data-dir")
        .arg(data_dir)
        .args(args)
        .env_remove("PRONGSAI_DATABASE_URL")
        .env_remove("PRONGSAI_DATA_DIR")
        .env_remove("PRONGSAI_MASTER_KEY")
        .env("PRONGSAI_LOG", "warn");
    command
}

/// `prongsai serve` over `data_dir` on a free port, once it answers; its base
/// URL. Load tests file from one address as fast as they can, so the limit on
/// filings per client is off.
pub(crate) async fn serve(data_dir: &Path) -> (Guard, String) {
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let server = Guard(
        prongsai_command(data_dir, &["serve", "--bind", &format!("127.0.0.1:{port}")])
            .env("PRONGSAI_PUBLIC_FILINGS_PER_CLIENT", "0")
            .stdout(Stdio::null())
            .spawn()
            .unwrap(),
    );
    wait_for_http(&base).await;
    (server, base)
}
