//! Who is asking: the client's address, as throttles key on it.
//!
//! The server binds to loopback and is meant to sit behind a reverse proxy
//! (it has no TLS of its own), so the peer of every connection is the proxy.
//! Keyed on that, one person's failed logins or wrong tracking codes would
//! throttle everyone. The proxy says who its client was in `Forwarded`
//! (RFC 7239) or `X-Forwarded-For`, but anyone can send those headers, so they
//! are read only when the peer is one of the configured trusted proxies
//! (`trusted_proxies`), and then from the right: each trusted proxy appends
//! the address it saw, so the first address from the right that is not a
//! trusted proxy is the client.

use std::net::{IpAddr, SocketAddr};

use axum::extract::FromRequestParts;
use axum::extract::connect_info::ConnectInfo;
use axum::http::HeaderMap;
use axum::http::request::Parts;
use ipnet::IpNet;

use crate::state::AppState;

/// The client's address, when the server knows it (not in in-process tests).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ClientAddr(pub(crate) Option<IpAddr>);

impl ClientAddr {
    /// The key a throttle counts under ("unknown" without an address).
    pub(crate) fn key(self) -> String {
        self.0
            .map_or_else(|| "unknown".to_owned(), |ip| ip.to_string())
    }
}

impl FromRequestParts<AppState> for ClientAddr {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|info| info.0.ip());
        Ok(Self(peer.map(|peer| {
            client_ip(peer, &parts.headers, &state.config.trusted_proxies)
        })))
    }
}

/// The client behind `peer`: `peer` itself unless it is a trusted proxy.
fn client_ip(peer: IpAddr, headers: &HeaderMap, trusted: &[IpNet]) -> IpAddr {
    let is_trusted = |ip: &IpAddr| trusted.iter().any(|net| net.contains(ip));
    if !is_trusted(&peer) {
        return peer;
    }
    let chain = forwarded_for(headers);
    // From the right: the nearest hop that is not ours is the client; if every
    // hop is ours, the farthest one.
    chain
        .iter()
        .rev()
        .find(|ip| !is_trusted(ip))
        .or_else(|| chain.first())
        .copied()
        .unwrap_or(peer)
}

/// The addresses the proxies recorded, nearest last: `Forwarded`'s `for=`
/// parameters when the header is there, else `X-Forwarded-For`. A hop that is
/// not an address (`unknown`, an obfuscated name) ends the chain there, since
/// nothing to its left can be trusted to be in order.
fn forwarded_for(headers: &HeaderMap) -> Vec<IpAddr> {
    let forwarded: Vec<&str> = headers
        .get_all("forwarded")
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .filter_map(|element| {
            element.split(';').find_map(|pair| {
                let (name, value) = pair.trim().split_once('=')?;
                name.trim()
                    .eq_ignore_ascii_case("for")
                    .then_some(value.trim())
            })
        })
        .collect();
    let hops: Vec<&str> = if forwarded.is_empty() {
        headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|value| value.to_str().ok())
            .flat_map(|value| value.split(','))
            .map(str::trim)
            .collect()
    } else {
        forwarded
    };
    let parsed: Vec<Option<IpAddr>> = hops.iter().map(|hop| parse_hop(hop)).collect();
    let known_from = parsed
        .iter()
        .rposition(Option::is_none)
        .map_or(0, |at| at + 1);
    parsed[known_from..].iter().flatten().copied().collect()
}

/// One hop: `192.0.2.1`, `"[2001:db8::1]:4711"`, `192.0.2.1:8080`.
fn parse_hop(hop: &str) -> Option<IpAddr> {
    let hop = hop.trim().trim_matches('"');
    if let Ok(ip) = hop.parse::<IpAddr>() {
        return Some(ip);
    }
    if let Ok(socket) = hop.parse::<SocketAddr>() {
        return Some(socket.ip());
    }
    hop.strip_prefix('[')
        .and_then(|rest| rest.split_once(']'))
        .and_then(|(ip, _)| ip.parse().ok())
}

#[cfg(test)]
mod tests {
    use axum::http::HeaderValue;

    use super::*;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.append(*name, HeaderValue::from_str(value).unwrap());
        }
        map
    }

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    #[test]
    fn forwarded_headers_count_only_from_a_trusted_proxy() {
        let trusted: Vec<IpNet> = vec![
            "127.0.0.1/32".parse().unwrap(),
            "10.0.0.0/8".parse().unwrap(),
        ];
        let spoofed = headers(&[("x-forwarded-for", "203.0.113.9")]);
        assert_eq!(
            client_ip(ip("198.51.100.7"), &spoofed, &trusted),
            ip("198.51.100.7")
        );
        assert_eq!(
            client_ip(ip("127.0.0.1"), &spoofed, &trusted),
            ip("203.0.113.9")
        );
        assert_eq!(client_ip(ip("127.0.0.1"), &spoofed, &[]), ip("127.0.0.1"));
    }

    #[test]
    fn the_nearest_untrusted_hop_is_the_client() {
        let trusted: Vec<IpNet> = vec![
            "127.0.0.1/32".parse().unwrap(),
            "10.0.0.0/8".parse().unwrap(),
        ];
        // The client put a made-up address first; the proxies appended theirs.
        let chain = headers(&[("x-forwarded-for", "1.2.3.4, 203.0.113.9, 10.1.2.3")]);
        assert_eq!(
            client_ip(ip("127.0.0.1"), &chain, &trusted),
            ip("203.0.113.9")
        );
        let only_ours = headers(&[("x-forwarded-for", "10.9.9.9, 10.1.2.3")]);
        assert_eq!(
            client_ip(ip("127.0.0.1"), &only_ours, &trusted),
            ip("10.9.9.9")
        );
        let none = headers(&[]);
        assert_eq!(client_ip(ip("127.0.0.1"), &none, &trusted), ip("127.0.0.1"));
        let garbage = headers(&[("x-forwarded-for", "1.2.3.4, unknown")]);
        assert_eq!(
            client_ip(ip("127.0.0.1"), &garbage, &trusted),
            ip("127.0.0.1")
        );
    }

    #[test]
    fn forwarded_wins_over_x_forwarded_for_and_reads_ports_and_brackets() {
        let trusted: Vec<IpNet> = vec!["127.0.0.1/32".parse().unwrap()];
        let both = headers(&[
            ("x-forwarded-for", "198.51.100.1"),
            (
                "forwarded",
                "for=192.0.2.60;proto=https, for=\"[2001:db8::17]:4711\"",
            ),
        ]);
        assert_eq!(
            client_ip(ip("127.0.0.1"), &both, &trusted),
            ip("2001:db8::17")
        );
        let with_port = headers(&[("x-forwarded-for", "192.0.2.5:61000")]);
        assert_eq!(
            client_ip(ip("127.0.0.1"), &with_port, &trusted),
            ip("192.0.2.5")
        );
    }
}
