//! The mock on the shared HTTP layer: reads each request (its body bounded in size and time),
//! asks [`Mock::answer`], and writes the documented response with `Link: <page>; rel="help"`.
//! `GET /__errdocs/requests` lists the last requests as JSON. Each answer is also handed to a
//! reporter (the command prints one line per request).

use std::future::Future;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use hyper::body::Incoming;
use hyper::header::{HeaderName, HeaderValue};
use hyper::{Request, Response, StatusCode};

use super::{Answer, Logged, Mock, masked};
use crate::exchange::{FormField, Message, split_url};
use crate::http::{Body, BodyError, Service, full, read_body};

/// The most bytes of a request body the mock reads.
pub const MAX_BODY: usize = 1024 * 1024;
/// How long a client may take to send its body.
pub const BODY_DEADLINE: Duration = Duration::from_secs(10);
/// The path of the list of recent requests.
pub const REQUESTS_PATH: &str = "/__errdocs/requests";

/// Receives every answered request, for the terminal.
pub type Reporter = dyn Fn(&Logged) + Send + Sync;

/// The mock as an HTTP service.
pub struct MockService {
    /// What answers.
    pub mock: Arc<Mock>,
    /// Told of every answered request.
    pub report: Box<Reporter>,
}

impl Service for MockService {
    fn call(
        self: Arc<Self>,
        request: Request<Incoming>,
        _peer: SocketAddr,
    ) -> Pin<Box<dyn Future<Output = Response<Body>> + Send>> {
        Box::pin(async move { self.respond(request).await })
    }
}

impl MockService {
    async fn respond(&self, request: Request<Incoming>) -> Response<Body> {
        let (parts, body) = request.into_parts();
        if parts.method == hyper::Method::GET && parts.uri.path() == REQUESTS_PATH {
            let json = serde_json::to_string_pretty(&self.mock.recent()).unwrap_or_default();
            return plain(StatusCode::OK, "application/json", json);
        }
        let body = match tokio::time::timeout(BODY_DEADLINE, read_body(body, MAX_BODY)).await {
            Ok(Ok(bytes)) => bytes,
            Ok(Err(BodyError::TooLarge)) => {
                return plain(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    "text/plain; charset=utf-8",
                    format!("the mock reads request bodies of at most {MAX_BODY} bytes\n"),
                );
            }
            Ok(Err(BodyError::Broken)) | Err(_) => {
                return plain(
                    StatusCode::BAD_REQUEST,
                    "text/plain; charset=utf-8",
                    "the request body could not be read\n".to_owned(),
                );
            }
        };
        let mut message = message_of(&parts, &body);
        message.parts = form_fields(&parts.headers, body).await;
        let prefer = parts
            .headers
            .get_all("prefer")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .collect::<Vec<_>>()
            .join(", ");
        let answer = self
            .mock
            .answer(&message, (!prefer.is_empty()).then_some(prefer.as_str()));
        let logged = Logged {
            method: message.method.clone(),
            path: parts
                .uri
                .path_and_query()
                .map_or_else(|| "/".to_owned(), ToString::to_string),
            headers: parts
                .headers
                .iter()
                .map(|(k, v)| {
                    let value = String::from_utf8_lossy(v.as_bytes());
                    (k.as_str().to_owned(), masked(k.as_str(), &value))
                })
                .collect(),
            status: answer.response.status,
            matched: answer.matched.clone(),
            why: answer.why.clone(),
        };
        (self.report)(&logged);
        self.mock.remember(logged);
        written(answer)
    }
}

/// The request as matching sees it: method, host, decoded path, query, headers and body.
fn message_of(parts: &hyper::http::request::Parts, body: &Bytes) -> Message {
    let target = parts
        .uri
        .path_and_query()
        .map_or("/", hyper::http::uri::PathAndQuery::as_str);
    let (_, path, query) = split_url(target);
    // The host the client meant: an absolute-form target's, the one a proxy in front reports in
    // `X-Forwarded-Host`, or `Host`.
    let header = |name: &str| {
        parts
            .headers
            .get(name)
            .and_then(|h| h.to_str().ok())
            .map(|v| {
                v.split(',')
                    .next()
                    .unwrap_or("")
                    .trim()
                    .to_ascii_lowercase()
            })
    };
    let host = parts
        .uri
        .authority()
        .map(|a| a.as_str().to_ascii_lowercase())
        .or_else(|| header("x-forwarded-host"))
        .or_else(|| header("host"))
        .unwrap_or_default();
    let mut headers: std::collections::BTreeMap<String, Vec<String>> = Default::default();
    for (name, value) in &parts.headers {
        headers
            .entry(name.as_str().to_owned())
            .or_default()
            .push(String::from_utf8_lossy(value.as_bytes()).into_owned());
    }
    Message {
        method: parts.method.as_str().to_owned(),
        // An absolute-form target (a request through a proxy) names its scheme, and a TLS proxy in
        // front says which one the client used with `X-Forwarded-Proto`; others name none.
        scheme: parts
            .uri
            .scheme_str()
            .map(str::to_owned)
            .or_else(|| {
                parts
                    .headers
                    .get("x-forwarded-proto")
                    .and_then(|v| v.to_str().ok())
                    .map(|v| v.split(',').next().unwrap_or("").trim().to_owned())
            })
            .unwrap_or_default()
            .to_ascii_lowercase(),
        host,
        path,
        query,
        headers,
        body: body.to_vec(),
        parts: None,
    }
}

/// The parts of a `multipart/form-data` body, read with the boundary its `Content-Type` names;
/// `None` for another body, or one that is not a well-formed multipart body (it then meets no
/// constraint on a part but absence).
async fn form_fields(headers: &hyper::HeaderMap, body: Bytes) -> Option<Vec<FormField>> {
    let content_type = headers.get(hyper::header::CONTENT_TYPE)?.to_str().ok()?;
    let boundary = multer::parse_boundary(content_type).ok()?;
    let mut multipart = multer::Multipart::with_reader(std::io::Cursor::new(body), boundary);
    let mut out = Vec::new();
    while let Some(field) = multipart.next_field().await.ok()? {
        let name = field.name().unwrap_or_default().to_owned();
        let filename = field.file_name().map(str::to_owned);
        let content_type = field.content_type().map(ToString::to_string);
        let bytes = field.bytes().await.ok()?.to_vec();
        out.push(FormField {
            name,
            filename,
            content_type,
            bytes,
        });
    }
    Some(out)
}

/// The documented response on the wire: its status and reason, every documented header in order,
/// the body as the page shows it, and a link to the entry's page.
fn written(answer: Answer) -> Response<Body> {
    let body = answer.body.unwrap_or_default();
    let length = body.len();
    let mut response = Response::new(full(body));
    *response.status_mut() =
        StatusCode::from_u16(answer.response.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    if let Some(reason) = &answer.response.reason
        && let Ok(phrase) = hyper::ext::ReasonPhrase::try_from(reason.as_bytes().to_vec())
    {
        response.extensions_mut().insert(phrase);
    }
    let headers = response.headers_mut();
    for (name, value) in &answer.response.headers {
        let Ok(name) = HeaderName::from_bytes(name.as_bytes()) else {
            continue;
        };
        // The length is the body's as sent.
        if name == hyper::header::CONTENT_LENGTH {
            continue;
        }
        for v in value.values() {
            if let Ok(v) = HeaderValue::from_str(v) {
                headers.append(name.clone(), v);
            }
        }
    }
    if let Some(help) = answer
        .help
        .and_then(|url| HeaderValue::from_str(&format!("<{url}>; rel=\"help\"")).ok())
    {
        headers.append(hyper::header::LINK, help);
    }
    headers.insert(hyper::header::CONTENT_LENGTH, HeaderValue::from(length));
    response
}

fn plain(status: StatusCode, content_type: &'static str, text: String) -> Response<Body> {
    let mut response = Response::new(full(text));
    *response.status_mut() = status;
    response.headers_mut().insert(
        hyper::header::CONTENT_TYPE,
        HeaderValue::from_static(content_type),
    );
    response
}
