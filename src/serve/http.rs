//! The preview's requests and answers, served by the shared HTTP layer ([`crate::http`]).
//!
//! It answers `GET` and `HEAD` from [`Live`]'s pages in memory, never from the disk, under the same
//! `Content-Security-Policy: default-src 'self'` as the tests' static server. Every HTML page gets
//! two tags before `</head>`: the reload client's stylesheet and script, both served from
//! `/__errdocs/`. `/__errdocs/events` streams the state (generation and problems) as Server-Sent
//! Events; `/__errdocs/status` returns the same JSON once.

use std::future::Future;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use hyper::body::Incoming;
use hyper::header::{self, HeaderValue};
use hyper::{Method, Request, Response, StatusCode};

use super::Live;
use super::request::{Target, clean_path, content_type, page_path};
use crate::http::{Body, Service, full, stream};

/// The policy every response carries.
pub const CSP: &str = "default-src 'self'";
/// The Server-Sent Events endpoint.
pub const EVENTS_PATH: &str = "/__errdocs/events";
/// The state as JSON, once.
pub const STATUS_PATH: &str = "/__errdocs/status";
const SCRIPT_PATH: &str = "/__errdocs/reload.js";
const STYLE_PATH: &str = "/__errdocs/reload.css";
const NOT_BUILT: &str = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>errdocs serve</title></head><body><h1>The site has not built yet</h1><p>Fix the errors shown here and in the terminal, then save: this page reloads by itself.</p></body></html>";
const RELOAD_JS: &str = include_str!("client/reload.js");
const RELOAD_CSS: &str = include_str!("client/reload.css");
/// A comment line keeps idle event streams alive and finds closed ones.
const HEARTBEAT: Duration = Duration::from_secs(15);

/// The live site as an HTTP service.
pub struct Preview(pub Arc<Live>);

impl Service for Preview {
    fn call(
        self: Arc<Self>,
        request: Request<Incoming>,
        _peer: SocketAddr,
    ) -> Pin<Box<dyn Future<Output = Response<Body>> + Send>> {
        Box::pin(async move { respond(&self.0, &request) })
    }
}

/// The response to one request.
fn respond(live: &Arc<Live>, request: &Request<Incoming>) -> Response<Body> {
    let head = request.method() == Method::HEAD;
    if request.method() != Method::GET && !head {
        let mut response = Reply::text(405, "only GET and HEAD").into_response(false);
        response
            .headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return response;
    }
    let path = match clean_path(request.uri().path()) {
        Ok(path) => path,
        Err(e) => return Reply::text(400, &e.to_string()).into_response(false),
    };
    if path == EVENTS_PATH && !head {
        return events(live);
    }
    answer(&path, live).into_response(head)
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
    if snapshot.pages.is_empty() {
        // Nothing has built yet: a page of its own carries the reload client, hence the overlay.
        let body = page_body(None, NOT_BUILT.as_bytes(), snapshot.generation);
        return Reply::new(503, content_type("x.html"), body);
    }
    let rel = match page_path(path, live.base()) {
        Target::Page(rel) => rel,
        Target::Base => return Reply::redirect(live.base().to_owned()),
        Target::Outside if path == "/" => return Reply::redirect(live.base().to_owned()),
        Target::Outside => String::new(),
    };
    if let Some(bytes) = snapshot.pages.get(&rel) {
        let body = if rel.ends_with(".html") {
            page_body(Some(&rel), bytes, snapshot.generation)
        } else {
            bytes.to_vec()
        };
        return Reply::new(200, content_type(&rel), body);
    }
    if snapshot.pages.contains_key(&format!("{rel}/index.html")) {
        return Reply::redirect(format!("{path}/"));
    }
    match snapshot.pages.get("404.html") {
        Some(bytes) => Reply::new(
            404,
            content_type("404.html"),
            // The page stands for `rel`, so it reloads when that file appears.
            page_body(Some(&rel), bytes, snapshot.generation),
        ),
        None => Reply::text(404, "not found"),
    }
}

/// An HTML page with the reload client's tags before `</head>`: the generation it was served
/// from and, when it stands for one file, that file's path, so it reloads only when that changes.
fn page_body(rel: Option<&str>, bytes: &[u8], generation: u64) -> Vec<u8> {
    let page = rel.map_or_else(String::new, |r| {
        format!(" data-page=\"{}\"", crate::render::highlight::escape(r))
    });
    let tags = format!(
        "<link rel=\"stylesheet\" href=\"{STYLE_PATH}\"><script src=\"{SCRIPT_PATH}\" data-generation=\"{generation}\"{page} defer></script>"
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

impl Reply {
    /// The response, with the headers every answer carries; `head` leaves the body out.
    fn into_response(self, head: bool) -> Response<Body> {
        let length = self.body.len();
        let body = if head {
            full(Bytes::new())
        } else {
            full(self.body)
        };
        let mut response = Response::new(body);
        *response.status_mut() =
            StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let headers = response.headers_mut();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static(self.content_type),
        );
        headers.insert(header::CONTENT_LENGTH, HeaderValue::from(length));
        common_headers(headers);
        if let Some(location) = self.location.and_then(|l| HeaderValue::from_str(&l).ok()) {
            headers.insert(header::LOCATION, location);
        }
        response
    }
}

fn common_headers(headers: &mut hyper::HeaderMap) {
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CSP),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
}

/// Streams the state as `state` events: the current one at once, then each change, with a
/// heartbeat comment while nothing changes. The stream ends when the client goes away.
fn events(live: &Arc<Live>) -> Response<Body> {
    let (tx, rx) = tokio::sync::mpsc::channel::<Bytes>(4);
    let live = Arc::clone(live);
    let mut versions = live.subscribe();
    tokio::spawn(async move {
        if tx
            .send(Bytes::from_static(b"retry: 300\n\n"))
            .await
            .is_err()
        {
            return;
        }
        loop {
            versions.mark_unchanged();
            let state = format!("event: state\ndata: {}\n\n", live.snapshot().status_json());
            if tx.send(Bytes::from(state)).await.is_err() {
                return;
            }
            loop {
                tokio::select! {
                    changed = versions.changed() => {
                        if changed.is_err() {
                            return;
                        }
                        break;
                    }
                    () = tokio::time::sleep(HEARTBEAT) => {
                        if tx.send(Bytes::from_static(b": ping\n\n")).await.is_err() {
                            return;
                        }
                    }
                    () = tx.closed() => return,
                }
            }
        }
    });
    let mut response = Response::new(stream(rx));
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/event-stream"),
    );
    common_headers(headers);
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_client_goes_before_head_end() {
        let body = page_body(
            Some("a/index.html"),
            b"<html><head><title>x</title></HEAD><body>",
            7,
        );
        let text = String::from_utf8(body).unwrap();
        assert_eq!(
            text,
            "<html><head><title>x</title><link rel=\"stylesheet\" href=\"/__errdocs/reload.css\"><script src=\"/__errdocs/reload.js\" data-generation=\"7\" data-page=\"a/index.html\" defer></script></HEAD><body>"
        );
    }
}
