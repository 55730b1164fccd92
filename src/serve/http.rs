//! The preview's HTTP server: `std::net::TcpListener`, one thread per connection, `GET` and `HEAD`
//! only, one request per connection.
//!
//! It answers from [`Live`]'s pages in memory, never from the disk, under the same
//! `Content-Security-Policy: default-src 'self'` as the tests' static server. Every HTML page gets
//! two tags before `</head>`: the reload client's stylesheet and script, both served from
//! `/__errdocs/`. `/__errdocs/events` streams the state (generation and problems) as Server-Sent
//! Events; `/__errdocs/status` returns the same JSON once.

use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread::JoinHandle;
use std::time::Duration;

use super::Live;
use super::request::{BadRequest, Target, content_type, page_path, parse_request_line};

/// The policy every response carries.
pub const CSP: &str = "default-src 'self'";
/// The Server-Sent Events endpoint.
pub const EVENTS_PATH: &str = "/__errdocs/events";
/// The state as JSON, once.
pub const STATUS_PATH: &str = "/__errdocs/status";
const SCRIPT_PATH: &str = "/__errdocs/reload.js";
const STYLE_PATH: &str = "/__errdocs/reload.css";
const RELOAD_JS: &str = include_str!("client/reload.js");
const RELOAD_CSS: &str = include_str!("client/reload.css");
/// A comment line keeps idle event streams alive and finds closed ones.
const HEARTBEAT: Duration = Duration::from_secs(15);
const MAX_CONNECTIONS: usize = 256;
const MAX_HEAD: u64 = 16 * 1024;

/// Why the server cannot start.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    /// Something else listens on the address.
    #[error(
        "cannot listen on {addr}: the port is in use (another `errdocs serve`?); choose another with --port, or --port 0 for any free port"
    )]
    Busy {
        /// The address asked for.
        addr: SocketAddr,
    },
    /// Any other failure to listen.
    #[error("cannot listen on {addr}: {source}")]
    Listen {
        /// The address asked for.
        addr: SocketAddr,
        /// The cause.
        source: io::Error,
    },
}

/// Binds the listening socket.
///
/// # Errors
/// [`ServeError::Busy`] when the port is taken, [`ServeError::Listen`] otherwise.
pub fn bind(addr: SocketAddr) -> Result<TcpListener, ServeError> {
    TcpListener::bind(addr).map_err(|source| match source.kind() {
        io::ErrorKind::AddrInUse => ServeError::Busy { addr },
        _ => ServeError::Listen { addr, source },
    })
}

/// Accepts connections on a thread of its own, each served on a new thread.
///
/// # Errors
/// When the thread cannot be started.
pub fn spawn(listener: TcpListener, live: Arc<Live>) -> io::Result<JoinHandle<()>> {
    let open = Arc::new(AtomicUsize::new(0));
    std::thread::Builder::new()
        .name("errdocs-http".into())
        .spawn(move || {
            for stream in listener.incoming().flatten() {
                let (live, open) = (Arc::clone(&live), Arc::clone(&open));
                if open.fetch_add(1, Ordering::SeqCst) >= MAX_CONNECTIONS {
                    open.fetch_sub(1, Ordering::SeqCst);
                    let _ = reply(&stream, &Reply::text(503, "too many connections"), false);
                    continue;
                }
                let spawned = std::thread::Builder::new()
                    .name("errdocs-conn".into())
                    .spawn(move || {
                        let _ = handle(stream, &live);
                        open.fetch_sub(1, Ordering::SeqCst);
                    });
                if spawned.is_err() {
                    tracing::warn!("cannot start a connection thread");
                }
            }
        })
}

/// An answer to one request.
struct Reply {
    status: u16,
    content_type: &'static str,
    body: Vec<u8>,
    location: Option<String>,
}

impl Reply {
    fn new(status: u16, content_type: &'static str, body: Vec<u8>) -> Self {
        Self {
            status,
            content_type,
            body,
            location: None,
        }
    }

    fn text(status: u16, text: &str) -> Self {
        Self::new(
            status,
            "text/plain; charset=utf-8",
            format!("{text}\n").into_bytes(),
        )
    }

    fn redirect(to: String) -> Self {
        Self {
            location: Some(to),
            ..Self::text(301, "moved")
        }
    }
}

fn handle(stream: TcpStream, live: &Live) -> io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    stream.set_write_timeout(Some(Duration::from_secs(10)))?;
    let mut reader = BufReader::new((&stream).take(MAX_HEAD));
    let mut line = String::new();
    reader.read_line(&mut line)?;
    // The headers are read and dropped: nothing here depends on them.
    let mut header = String::new();
    while reader.read_line(&mut header)? > 0 && header.trim_end() != "" {
        header.clear();
    }
    let request = match parse_request_line(&line) {
        Ok(request) => request,
        Err(BadRequest::Malformed) => {
            return reply(&stream, &Reply::text(400, "bad request"), false);
        }
        Err(e) => return reply(&stream, &Reply::text(400, &e.to_string()), false),
    };
    let head = request.method == "HEAD";
    if request.method != "GET" && !head {
        return reply(&stream, &Reply::text(405, "only GET and HEAD"), false);
    }
    if request.path == EVENTS_PATH && !head {
        return stream_events(stream, live);
    }
    reply(&stream, &answer(&request.path, live), head)
}

/// The reply to a `GET` of `path`.
fn answer(path: &str, live: &Live) -> Reply {
    match path {
        SCRIPT_PATH => return Reply::new(200, content_type("x.js"), RELOAD_JS.into()),
        STYLE_PATH => return Reply::new(200, content_type("x.css"), RELOAD_CSS.into()),
        STATUS_PATH => {
            let json = live.snapshot().status_json();
            return Reply::new(200, content_type("x.json"), json.into_bytes());
        }
        _ => {}
    }
    let snapshot = live.snapshot();
    let rel = match page_path(path, live.base()) {
        Target::Page(rel) => rel,
        Target::Base => return Reply::redirect(live.base().to_owned()),
        Target::Outside if path == "/" => return Reply::redirect(live.base().to_owned()),
        Target::Outside => String::new(),
    };
    if let Some(bytes) = snapshot.pages.get(&rel) {
        let body = page_body(&rel, bytes, snapshot.generation);
        return Reply::new(200, content_type(&rel), body);
    }
    if snapshot.pages.contains_key(&format!("{rel}/index.html")) {
        return Reply::redirect(format!("{path}/"));
    }
    match snapshot.pages.get("404.html") {
        Some(bytes) => Reply::new(
            404,
            content_type("404.html"),
            page_body("404.html", bytes, snapshot.generation),
        ),
        None => Reply::text(404, "not found"),
    }
}

/// A page's bytes; HTML gets the reload client's tags before `</head>`.
fn page_body(rel: &str, bytes: &[u8], generation: u64) -> Vec<u8> {
    if !rel.ends_with(".html") {
        return bytes.to_vec();
    }
    let tags = format!(
        "<link rel=\"stylesheet\" href=\"{STYLE_PATH}\"><script src=\"{SCRIPT_PATH}\" data-generation=\"{generation}\" defer></script>"
    );
    let at = bytes
        .windows(7)
        .position(|w| w.eq_ignore_ascii_case(b"</head>"))
        .unwrap_or(bytes.len());
    let mut out = Vec::with_capacity(bytes.len() + tags.len());
    out.extend_from_slice(&bytes[..at]);
    out.extend_from_slice(tags.as_bytes());
    out.extend_from_slice(&bytes[at..]);
    out
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        _ => "Service Unavailable",
    }
}

fn reply(mut stream: &TcpStream, r: &Reply, head: bool) -> io::Result<()> {
    let mut out = format!(
        "HTTP/1.1 {} {}\r\nContent-Type: {}\r\nContent-Length: {}\r\nContent-Security-Policy: {CSP}\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n",
        r.status,
        reason(r.status),
        r.content_type,
        r.body.len()
    );
    if let Some(location) = &r.location {
        out.push_str(&format!("Location: {location}\r\n"));
    }
    if r.status == 405 {
        out.push_str("Allow: GET, HEAD\r\n");
    }
    out.push_str("\r\n");
    stream.write_all(out.as_bytes())?;
    if !head {
        stream.write_all(&r.body)?;
    }
    stream.flush()
}

/// Streams the state as `state` events: the current one at once, then each change.
fn stream_events(mut stream: TcpStream, live: &Live) -> io::Result<()> {
    stream.set_write_timeout(Some(HEARTBEAT))?;
    stream.write_all(
        format!(
            "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nContent-Security-Policy: {CSP}\r\nX-Content-Type-Options: nosniff\r\n\r\nretry: 300\n\n"
        )
        .as_bytes(),
    )?;
    let mut snapshot = live.snapshot();
    loop {
        write!(stream, "event: state\ndata: {}\n\n", snapshot.status_json())?;
        stream.flush()?;
        snapshot = loop {
            match live.wait_for_change(snapshot.version, HEARTBEAT) {
                Some(next) => break next,
                None => stream.write_all(b": ping\n\n")?,
            }
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_client_goes_before_head_end() {
        let body = page_body(
            "a/index.html",
            b"<html><head><title>x</title></HEAD><body>",
            7,
        );
        let text = String::from_utf8(body).unwrap();
        assert_eq!(
            text,
            "<html><head><title>x</title><link rel=\"stylesheet\" href=\"/__errdocs/reload.css\"><script src=\"/__errdocs/reload.js\" data-generation=\"7\" defer></script></HEAD><body>"
        );
        assert_eq!(page_body("app.css", b"</head>", 1), b"</head>");
    }
}
