//! What the checker refuses to fetch, so that it cannot be used to probe the
//! server's own network: addresses typed by users are fetched only when their
//! host is one of the agency's domains and every address it resolves to is
//! public.
//!
//! The host rule is checked before each request and at every redirect hop; the
//! address rule is enforced where the connection is made (a resolver that drops
//! nothing but refuses outright, so a name cannot resolve to a public address
//! when checked and a private one when connected) and, for hosts written as an
//! IP address, which are never resolved, before the request and at each hop.
//!
//! A private address the operator allowed (a test or demo site) is allowed
//! with its port only, so a redirect cannot lead to the database or another
//! service on the same machine. The resolver never sees a port, so for a name
//! the port is checked before each request and hop by resolving the name
//! there too (only when something is allowed at all, which production never
//! has). Every refusal is decided before any connection, so an address whose
//! port is open and one whose port is closed get the same answer: the
//! checker cannot be used to find which ports of the server's network listen.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, ToSocketAddrs as _};
use std::sync::Arc;

use prongsai_core::disclosure::host_is_own;
use prongsai_core::web_link::{LinkProblem, check_link};
use reqwest::dns::{Addrs, Name, Resolve, Resolving};
use url::{Host, Url};

/// A redirect chain longer than this is a loop or a trap.
pub(crate) const MAX_REDIRECTS: usize = 10;

/// Why an address was not fetched, in Thai, as the administrator reads it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub(crate) struct Refusal(pub(crate) String);

/// A name the DNS does not know: the link is broken, not refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("ไม่พบชื่อเว็บไซต์ {0} ในระบบ DNS")]
pub(crate) struct Unresolved(pub(crate) String);

/// The rules of one run: the agency's domains and the private addresses (with
/// their ports) the server's operator allowed (a test or demo site).
#[derive(Debug, Clone)]
pub(crate) struct Guard {
    own_domains: Arc<Vec<String>>,
    allowed_private: Arc<Vec<SocketAddr>>,
}

impl Guard {
    pub(crate) fn new(own_domains: &[String], allowed_private: &[SocketAddr]) -> Self {
        let own_domains = own_domains
            .iter()
            .map(|d| d.trim().trim_end_matches('.').to_ascii_lowercase())
            .filter(|d| !d.is_empty())
            .collect();
        Self {
            own_domains: Arc::new(own_domains),
            allowed_private: Arc::new(allowed_private.to_vec()),
        }
    }

    /// Parses a link as entered and checks it may be fetched.
    pub(crate) fn admit_text(&self, text: &str) -> Result<Url, Refusal> {
        let link = check_link(text).map_err(|problem| match problem {
            LinkProblem::ThaiDigits { .. } => Refusal(
                "ไม่ตรวจ: ลิงก์มีเลขไทย (๐–๙) ซึ่งเว็บไซต์เปิดไม่ได้ กรุณาแก้เป็นเลขอารบิกในรายการ OIT".to_owned(),
            ),
            problem => Refusal(problem.message_th().to_owned()),
        })?;
        let url = Url::parse(&link).map_err(|_| Refusal("ที่อยู่ลิงก์ไม่ถูกต้อง".to_owned()))?;
        self.admit(&url)?;
        Ok(url)
    }

    /// Checks a parsed address (a link, a crawled link or a redirect hop).
    pub(crate) fn admit(&self, url: &Url) -> Result<(), Refusal> {
        if !matches!(url.scheme(), "http" | "https") {
            return Err(Refusal(
                "ไม่ตรวจ: ลิงก์ต้องขึ้นต้นด้วย http:// หรือ https://".to_owned(),
            ));
        }
        if !url.username().is_empty() || url.password().is_some() {
            return Err(Refusal("ไม่ตรวจ: ลิงก์ต้องไม่มีชื่อผู้ใช้หรือรหัสผ่านอยู่ในที่อยู่".to_owned()));
        }
        let Some(host) = url.host() else {
            return Err(Refusal("ไม่ตรวจ: ลิงก์ไม่มีชื่อเว็บไซต์".to_owned()));
        };
        let host_text = match host {
            Host::Domain(name) => name.to_owned(),
            Host::Ipv4(ip) => ip.to_string(),
            Host::Ipv6(ip) => ip.to_string(),
        };
        if !host_is_own(&host_text, &self.own_domains) {
            return Err(Refusal(format!(
                "ไม่ตรวจ: {host_text} ไม่ใช่โดเมนของหน่วยงาน (ระบบตรวจเฉพาะเว็บไซต์ของหน่วยงานเอง \
                 ตั้งค่าโดเมนเพิ่มได้ที่หน้าตั้งค่าการตรวจลิงก์)"
            )));
        }
        let port = url.port_or_known_default().unwrap_or(80);
        match host {
            Host::Domain(name) => self.admit_name_port(name, port),
            Host::Ipv4(ip) => self.admit_addr(SocketAddr::new(IpAddr::V4(ip), port)),
            Host::Ipv6(ip) => self.admit_addr(SocketAddr::new(IpAddr::V6(ip), port)),
        }
    }

    /// Checks one address and port a request would connect to.
    fn admit_addr(&self, addr: SocketAddr) -> Result<(), Refusal> {
        if is_internal(addr.ip()) && !self.allowed_private.contains(&addr) {
            return Err(internal(&addr.ip().to_string()));
        }
        Ok(())
    }

    /// Where a name resolves to an allowed private address, the port must be
    /// the one allowed with it. Nothing is allowed in production, and then
    /// nothing is resolved here: the resolver refuses every private address.
    fn admit_name_port(&self, name: &str, port: u16) -> Result<(), Refusal> {
        if self.allowed_private.is_empty() {
            return Ok(());
        }
        let Ok(addrs) = (name, port).to_socket_addrs() else {
            return Ok(());
        };
        for addr in addrs {
            self.admit_addr(addr)
                .map_err(|_| internal(&format!("{}:{port} ({name})", addr.ip())))?;
        }
        Ok(())
    }

    /// Checks one address a host resolved to, whatever its port: a private one
    /// only when some allowance names it (its port is checked before the
    /// request, by [`Guard::admit`]).
    pub(crate) fn admit_ip(&self, ip: IpAddr) -> Result<(), Refusal> {
        if is_internal(ip) && !self.allowed_private.iter().any(|a| a.ip() == ip) {
            return Err(internal(&ip.to_string()));
        }
        Ok(())
    }

    /// Checks one redirect hop (`hops` counts the addresses already requested);
    /// the Thai reason names where it led.
    pub(crate) fn admit_redirect(&self, next: &Url, hops: usize) -> Result<(), Refusal> {
        if hops > MAX_REDIRECTS {
            return Err(Refusal(format!(
                "ลิงก์เปลี่ยนเส้นทางเกิน {MAX_REDIRECTS} ครั้ง (อาจวนซ้ำ)"
            )));
        }
        self.admit(next).map_err(|refusal| {
            Refusal(format!(
                "ไม่ตรวจต่อ: ลิงก์เปลี่ยนเส้นทางไปยัง {next} — {}",
                refusal.0.trim_start_matches("ไม่ตรวจ: ")
            ))
        })
    }
}

/// The refusal of an internal address; the same whether anything listens there.
fn internal(address: &str) -> Refusal {
    Refusal(format!(
        "ไม่ตรวจ: ที่อยู่ {address} เป็นเครือข่ายภายในหรือที่อยู่สงวน \
         (ระบบไม่เปิดเครือข่ายภายในของเซิร์ฟเวอร์)"
    ))
}

/// Whether an address belongs to a private, loopback, link-local, shared
/// (carrier-grade NAT), multicast, reserved or unspecified range: anything a
/// public website is never on.
#[must_use]
pub fn is_internal(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => is_internal_v4(v4),
        IpAddr::V6(v6) => is_internal_v6(v6),
    }
}

fn is_internal_v4(ip: Ipv4Addr) -> bool {
    let [a, b, c, _] = ip.octets();
    ip.is_private()
        || ip.is_loopback()
        || ip.is_link_local()
        || ip.is_multicast()
        || ip.is_broadcast()
        || ip.is_unspecified()
        || ip.is_documentation()
        || a == 0
        || (a == 100 && (64..128).contains(&b))
        || (a == 192 && b == 0 && c == 0)
        || (a == 198 && (b == 18 || b == 19))
        || a >= 240
}

fn is_internal_v6(ip: Ipv6Addr) -> bool {
    if let Some(v4) = embedded_v4(ip) {
        return is_internal_v4(v4);
    }
    let first = ip.segments()[0];
    ip.is_loopback()
        || ip.is_unspecified()
        || ip.is_multicast()
        || (first & 0xfe00) == 0xfc00
        || (first & 0xffc0) == 0xfe80
        || (first & 0xffc0) == 0xfec0
        || (first == 0x2001 && ip.segments()[1] == 0x0db8)
}

/// The IPv4 address inside an IPv4-mapped, IPv4-compatible or NAT64 address,
/// which reaches that IPv4 host.
fn embedded_v4(ip: Ipv6Addr) -> Option<Ipv4Addr> {
    if let Some(v4) = ip.to_ipv4_mapped() {
        return Some(v4);
    }
    let s = ip.segments();
    let tail = Ipv4Addr::new(
        (s[6] >> 8) as u8,
        (s[6] & 0xff) as u8,
        (s[7] >> 8) as u8,
        (s[7] & 0xff) as u8,
    );
    let nat64 = s[0] == 0x0064 && s[1] == 0xff9b && s[2..6].iter().all(|&x| x == 0);
    let compatible = s[..6].iter().all(|&x| x == 0) && !ip.is_loopback() && !ip.is_unspecified();
    (nat64 || compatible).then_some(tail)
}

/// Resolves names with the system resolver and refuses the connection when any
/// address is internal (unless allowed): a name that points inside is refused
/// rather than partly used.
#[derive(Debug)]
pub(crate) struct GuardedResolver {
    pub(crate) guard: Guard,
}

impl Resolve for GuardedResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let guard = self.guard.clone();
        let host = name.as_str().to_owned();
        Box::pin(async move {
            let found = tokio::net::lookup_host((host.as_str(), 0)).await;
            let Ok(found) = found else {
                return Err(Box::new(Unresolved(host.clone())) as _);
            };
            let addrs: Vec<SocketAddr> = found.collect();
            for addr in &addrs {
                if let Err(refusal) = guard.admit_ip(addr.ip()) {
                    return Err(Box::new(Refusal(format!("{} ({host})", refusal.0))) as _);
                }
            }
            let addrs: Addrs = Box::new(addrs.into_iter());
            Ok(addrs)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn internal_ranges_are_recognised() {
        for ip in [
            "10.255.255.1",
            "172.16.0.1",
            "192.168.1.1",
            "127.0.0.2",
            "169.254.169.254",
            "100.64.0.1",
            "0.0.0.0",
            "224.0.0.1",
            "255.255.255.255",
            "::1",
            "::",
            "fd00::1",
            "fe80::1",
            "ff02::1",
            "::ffff:10.0.0.1",
            "::ffff:127.0.0.1",
            "64:ff9b::a9fe:a9fe",
        ] {
            assert!(is_internal(ip.parse().expect("an address")), "{ip}");
        }
        for ip in [
            "203.150.10.5",
            "8.8.8.8",
            "2001:4860:4860::8888",
            "::ffff:8.8.8.8",
        ] {
            assert!(!is_internal(ip.parse().expect("an address")), "{ip}");
        }
    }

    #[test]
    fn hosts_outside_the_agency_and_bad_schemes_are_refused() {
        let guard = Guard::new(&["dindaeng.go.th".to_owned()], &[]);
        assert!(guard.admit_text("https://www.dindaeng.go.th/oit").is_ok());
        let other = guard
            .admit_text("https://evil.example/x")
            .expect_err("other host");
        assert!(other.0.contains("evil.example"), "{}", other.0);
        assert!(guard.admit_text("ftp://dindaeng.go.th/x").is_err());
        assert!(guard.admit_text("not a url").is_err());
        let thai = guard
            .admit_text("https://www.dindaeng.go.th/menu/๑๑๔")
            .expect_err("thai digits");
        assert!(thai.0.contains("เลขไทย"), "{}", thai.0);
        assert_eq!(
            guard
                .admit_text("https://www.dindaeng.go.th/ข่าว")
                .expect("a thai path")
                .as_str(),
            "https://www.dindaeng.go.th/%E0%B8%82%E0%B9%88%E0%B8%B2%E0%B8%A7"
        );
        let guard = Guard::new(&["10.0.0.5".to_owned()], &[]);
        let private = guard.admit_text("http://10.0.0.5/").expect_err("private");
        assert!(private.0.contains("เครือข่ายภายใน"), "{}", private.0);
    }

    #[test]
    fn an_allowance_is_an_address_and_a_port() {
        let allowed: SocketAddr = "127.0.0.1:8001".parse().expect("an address");
        let guard = Guard::new(&["127.0.0.1".to_owned()], &[allowed]);
        assert!(guard.admit_text("http://127.0.0.1:8001/oit").is_ok());
        let database = guard
            .admit_text("http://127.0.0.1:5432/")
            .expect_err("another port");
        let default_port = guard.admit_text("http://127.0.0.1/").expect_err("port 80");
        assert_eq!(database, default_port, "the port is not named");
        let hop = "http://127.0.0.1:6379/".parse().expect("a url");
        assert!(guard.admit_redirect(&hop, 1).is_err());
        assert!(guard.admit_ip("127.0.0.1".parse().expect("an ip")).is_ok());
        assert!(guard.admit_ip("127.0.0.2".parse().expect("an ip")).is_err());
    }
}
