//! The preview's requests and answers, served by the shared HTTP layer ([`crate::http`]).
//!
//! It answers `GET` and `HEAD` from [`Live`]'s files, never from the disk, under the same
//! `Content-Security-Policy: default-src 'self'` as the tests' static server. A file not made yet is
//! rendered on a blocking thread of the runtime while the connection waits, so other requests go on.
//! Every HTML page gets two tags before `</head>`: the reload client's stylesheet and script, both
//! served from `/__errdocs/`. `/__errdocs/events` streams the state (generation and problems) as
//! Server-Sent Events, and counts the page named by its `page` query as open while it streams;
//! `/__errdocs/status` returns the same JSON once.

use std::future::Future;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use hyper::body::Incoming;
use hyper::header::{self, HeaderValue};
use hyper::{Method, Request, Response, StatusCode};

use super::request::{Target, clean_path, content_type, page_path, query_param};
use super::{Live, Lookup, Pieces};
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
const NOT_RENDERED: &str = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>errdocs serve</title></head><body><h1>This page failed to render</h1><p>Fix the errors shown here and in the terminal, then save: this page reloads by itself.</p></body></html>";
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
        Box::pin(async move { respond(&self.0, &request).await })
    }
}

/// The response to one request.
async fn respond(live: &Arc<Live>, request: &Request<Incoming>) -> Response<Body> {
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
        let page = request
            .uri()
            .query()
            .and_then(|q| query_param(q, "page"))
            .filter(|p| clean_path(&format!("/{p}")).is_ok() && p.len() <= 1024);
        return events(live, page);
    }
    // Looking a file up may render it: that blocks, so it runs where blocking is allowed.
    let live = Arc::clone(live);
    match tokio::task::spawn_blocking(move || answer(&path, &live)).await {
        Ok(reply) => reply.into_response(head),
        Err(_) => Reply::text(500, "the page could not be made").into_response(head),
    }
}

/// An answer to one request.
struct Reply {
    status: u16,
    content_type: &'static str,
    body: Content,
    location: Option<String>,
}

/// The body of an answer.
enum Content {
    /// Whole.
    Whole(Bytes),
    /// In pieces, as it is made (its length is not known before).
    Pieces(Pieces),
}

impl Reply {
    fn new(status: u16, content_type: &'static str, body: impl Into<Bytes>) -> Self {
        Self {
            status,
            content_type,
            body: Content::Whole(body.into()),
            location: None,
        }
    }

    fn text(status: u16, text: &str) -> Self {
        Self::new(status, "text/plain; charset=utf-8", format!("{text}\n"))
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
        SCRIPT_PATH => return Reply::new(200, content_type("x.js"), RELOAD_JS),
        STYLE_PATH => return Reply::new(200, content_type("x.css"), RELOAD_CSS),
        STATUS_PATH => {
            let json = live.snapshot().status_json();
            return Reply::new(200, content_type("x.json"), json);
        }
        _ => {}
    }
    let snapshot = live.snapshot();
    let Some(site) = &snapshot.site else {
        // Nothing has built yet: a page of its own carries the reload client, hence the overlay.
        let body = page_body(None, NOT_BUILT.as_bytes(), snapshot.generation);
        return Reply::new(503, content_type("x.html"), body);
    };
    let rel = match page_path(path, live.base()) {
        Target::Page(rel) => rel,
        Target::Base => return Reply::redirect(live.base().to_owned()),
        Target::Outside if path == "/" => return Reply::redirect(live.base().to_owned()),
        Target::Outside => String::new(),
    };
    let failed = |d: &crate::diagnostic::Diagnostic, rel: &str| {
        live.report(snapshot.generation, d);
        let body = page_body(Some(rel), NOT_RENDERED.as_bytes(), snapshot.generation);
        Reply::new(500, content_type("x.html"), body)
    };
    match site.get(&rel) {
        Lookup::Found(bytes) => {
            let body = if rel.ends_with(".html") {
                Bytes::from(page_body(Some(&rel), &bytes, snapshot.generation))
            } else {
                bytes
            };
            return Reply::new(200, content_type(&rel), body);
        }
        Lookup::Streamed(pieces) => {
            return Reply {
                body: Content::Pieces(pieces),
                ..Reply::new(200, content_type(&rel), Bytes::new())
            };
        }
        Lookup::Failed(d) => return failed(&d, &rel),
        Lookup::Missing => {}
    }
    if site.contains(&format!("{rel}/index.html")) {
        return Reply::redirect(format!("{path}/"));
    }
    // The page stands for `rel`, so it reloads when that file appears; the search index's files
    // are not known before the index is made, so a page standing for one reloads on every build.
    let stands_for = (!crate::site::live::is_index_file(&rel)).then_some(rel.as_str());
    match site.get("404.html") {
        Lookup::Found(bytes) => Reply::new(
            404,
            content_type("404.html"),
            page_body(stands_for, &bytes, snapshot.generation),
        ),
        Lookup::Failed(d) => failed(&d, &rel),
        Lookup::Missing | Lookup::Streamed(_) => Reply::text(404, "not found"),
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
        let (length, body) = match self.body {
            Content::Whole(bytes) => (Some(bytes.len()), full(bytes)),
            Content::Pieces(pieces) => (
                None,
                stream(tokio_stream::wrappers::UnboundedReceiverStream::new(
                    pieces.0,
                )),
            ),
        };
        let body = if head { full(Bytes::new()) } else { body };
        let mut response = Response::new(body);
        *response.status_mut() =
            StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let headers = response.headers_mut();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static(self.content_type),
        );
        if let Some(length) = length {
            headers.insert(header::CONTENT_LENGTH, HeaderValue::from(length));
        }
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
/// heartbeat comment while nothing changes. The stream ends when the client goes away; until then
/// `page`, the page the client shows, counts as open.
fn events(live: &Arc<Live>, page: Option<String>) -> Response<Body> {
    let (tx, rx) = tokio::sync::mpsc::channel::<Bytes>(4);
    let live = Arc::clone(live);
    let mut versions = live.subscribe();
    tokio::spawn(async move {
        let _open = page.and_then(|page| live.open(&page));
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
    let mut response = Response::new(stream(tokio_stream::wrappers::ReceiverStream::new(rx)));
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
