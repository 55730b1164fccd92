//! Turning a request's path into a page path, safely.
//!
//! The server answers from memory, so no request can reach the disk; still, a target that tries to
//! leave the site (`..`, `%2e%2e`, a backslash, an empty or absolute segment, a NUL) is refused here,
//! before any lookup, so the rule holds whatever serves the bytes later. Pure functions, no I/O.

/// Why a request is refused before any lookup.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BadRequest {
    /// The target is not an origin-form path (`/…`).
    #[error("the target must be a path starting with `/`")]
    NotAPath,
    /// Bad percent-encoding, or a decoded byte sequence that is not UTF-8.
    #[error("bad percent-encoding")]
    Encoding,
    /// A segment that would leave the site or name something outside it.
    #[error("the path leaves the site")]
    Traversal,
}

/// Decodes a request target into a path whose segments all stay inside the site.
///
/// # Errors
/// [`BadRequest`] for anything but a plain path of ordinary segments.
pub fn clean_path(target: &str) -> Result<String, BadRequest> {
    let raw = target.split(['?', '#']).next().unwrap_or("");
    if !raw.starts_with('/') {
        return Err(BadRequest::NotAPath);
    }
    let path = percent_decode(raw)?;
    let inner = &path[1..];
    let last = inner.split('/').count().saturating_sub(1);
    for (i, segment) in inner.split('/').enumerate() {
        let empty_inside = segment.is_empty() && i != last;
        if empty_inside || segment == ".." || segment == "." || segment.contains(['\\', '\0', ':'])
        {
            return Err(BadRequest::Traversal);
        }
    }
    Ok(path)
}

/// The value of the parameter `name` in a query string (`page=401%2Findex.html`), decoded; `None`
/// when it is absent or badly encoded.
#[must_use]
pub fn query_param(query: &str, name: &str) -> Option<String> {
    query
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .find(|(key, _)| *key == name)
        .and_then(|(_, value)| percent_decode(&value.replace('+', " ")).ok())
}

/// `%XX` escapes to bytes; the result must be UTF-8.
fn percent_decode(text: &str) -> Result<String, BadRequest> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3).ok_or(BadRequest::Encoding)?;
            let hex = std::str::from_utf8(hex).map_err(|_| BadRequest::Encoding)?;
            out.push(u8::from_str_radix(hex, 16).map_err(|_| BadRequest::Encoding)?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).map_err(|_| BadRequest::Encoding)
}

/// Where a cleaned path leads inside a site served under `base`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A page, by its site-relative path (`401/index.html`).
    Page(String),
    /// The base path without its final slash: redirect to the base.
    Base,
    /// Outside the base path.
    Outside,
}

/// Maps a cleaned path to a page path: `/docs/401/` under `/docs/` is `401/index.html`.
#[must_use]
pub fn page_path(path: &str, base: &str) -> Target {
    let Some(rel) = path.strip_prefix(base) else {
        return if format!("{path}/") == base {
            Target::Base
        } else {
            Target::Outside
        };
    };
    if rel.is_empty() || rel.ends_with('/') {
        Target::Page(format!("{rel}index.html"))
    } else {
        Target::Page(rel.to_owned())
    }
}

/// The `Content-Type` of a file, by its extension.
#[must_use]
pub fn content_type(path: &str) -> &'static str {
    match path.rsplit_once('.').map_or("", |(_, ext)| ext) {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "xml" => "application/xml",
        "txt" => "text/plain; charset=utf-8",
        "md" => "text/markdown; charset=utf-8",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "webmanifest" => "application/manifest+json",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_the_path_and_drops_the_query() {
        assert_eq!(
            clean_path("/401/expired-token/?q=1").unwrap(),
            "/401/expired-token/"
        );
        assert_eq!(clean_path("/a%20b").unwrap(), "/a b");
    }

    #[test]
    fn refuses_every_way_out() {
        for target in [
            "/../errdocs.toml",
            "/%2e%2e/%2e%2e/etc/passwd",
            "/%2E%2E/x",
            "/a/../../x",
            "//etc/passwd",
            "/a//b",
            "/./x",
            "/..%2fx",
            "/..%5cx",
            "/x%00.html",
            "/C:/Windows",
        ] {
            assert_eq!(clean_path(target), Err(BadRequest::Traversal), "{target}");
        }
        assert_eq!(clean_path("http://evil/x"), Err(BadRequest::NotAPath));
        assert_eq!(clean_path("etc/passwd"), Err(BadRequest::NotAPath));
        assert_eq!(clean_path("/%zz"), Err(BadRequest::Encoding));
        assert_eq!(clean_path("/%ff"), Err(BadRequest::Encoding));
    }

    #[test]
    fn reads_a_query_parameter() {
        let query = "x=1&page=401%2Fexpired-token%2Findex.html&y";
        assert_eq!(
            query_param(query, "page").as_deref(),
            Some("401/expired-token/index.html")
        );
        assert_eq!(query_param(query, "z"), None);
        assert_eq!(query_param("page=%ff", "page"), None);
    }

    #[test]
    fn maps_paths_under_the_base() {
        assert_eq!(page_path("/", "/"), Target::Page("index.html".into()));
        assert_eq!(
            page_path("/401/", "/"),
            Target::Page("401/index.html".into())
        );
        assert_eq!(
            page_path("/app.1.css", "/"),
            Target::Page("app.1.css".into())
        );
        assert_eq!(
            page_path("/docs/401/", "/docs/"),
            Target::Page("401/index.html".into())
        );
        assert_eq!(page_path("/docs", "/docs/"), Target::Base);
        assert_eq!(page_path("/401/", "/docs/"), Target::Outside);
    }
}
