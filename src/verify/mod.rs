//! `errdocs verify`: the documented requests sent to a real API, the answers compared with the
//! docs.
//!
//! [`plan`] turns the catalog's documented exchanges (see [`crate::exchange`]) into cases: each side
//! of each pair, its documented origin mapped to a target the user named, each `${NAME}` taken from
//! the environment, or the reason it is skipped (a secret not set, a host not mapped, an answer that
//! depends on something outside the request). [`compare`] checks what came back against what the
//! docs say: the status, the header fields that carry meaning, and the body members that identify
//! the error; each mismatch carries the file, line and column of the documented value. Sending is
//! [`run`]'s; reports are [`report`]'s. Nothing here prints.

pub mod report;
pub mod run;

use std::collections::HashMap;
use std::path::PathBuf;

use serde::Serialize;

use crate::catalog::Catalog;
use crate::catalog::model::{Entry, Request, Response};
use crate::diagnostic::Position;
use crate::exchange::{Exchange, Side, exchanges};
use crate::lint::challenge::parse_challenges;
use crate::lint::locate::{Seg, find};
use crate::samples::{placeholder_names, resolve};

/// Where a documented origin is sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Targets {
    /// `host` (as documented, e.g. `api.example.com`) → base URL (`http://127.0.0.1:8080`).
    pub by_host: HashMap<String, String>,
    /// The base URL for every other documented origin, if one was given.
    pub default: Option<String>,
}

impl Targets {
    /// Reads `--target` values: `URL` for every origin, `HOST=URL` for one.
    ///
    /// # Errors
    /// A value that is not a URL with a scheme and host.
    pub fn parse(values: &[String]) -> Result<Self, String> {
        let mut targets = Self {
            by_host: HashMap::new(),
            default: None,
        };
        for value in values {
            let (host, url) = match value.split_once('=') {
                Some((host, url)) if !host.contains("://") => (Some(host), url),
                _ => (None, value.as_str()),
            };
            let url = url.trim_end_matches('/');
            let ok = url.split_once("://").is_some_and(|(scheme, rest)| {
                matches!(scheme, "http" | "https") && !rest.is_empty()
            });
            if !ok {
                return Err(format!(
                    "`{value}` is not a target: give a URL such as `http://127.0.0.1:8080`, or \
                     `api.example.com=http://127.0.0.1:8080` for one documented host"
                ));
            }
            match host {
                Some(host) => {
                    targets
                        .by_host
                        .insert(host.to_ascii_lowercase(), url.to_owned());
                }
                None => targets.default = Some(url.to_owned()),
            }
        }
        Ok(targets)
    }

    /// Where a documented URL goes: the target's base with the documented path and query.
    #[must_use]
    pub fn map(&self, url: &str) -> Option<String> {
        let (_, rest) = url.split_once("://")?;
        let split = rest.find(['/', '?']).unwrap_or(rest.len());
        let (authority, path) = rest.split_at(split);
        let host = authority
            .rsplit('@')
            .next()
            .unwrap_or(authority)
            .to_ascii_lowercase();
        let base = self.by_host.get(&host).or(self.default.as_ref())?;
        let path = if path.is_empty() { "/" } else { path };
        Some(format!("{base}{path}"))
    }
}

/// What happened to one case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "outcome", rename_all = "lowercase")]
pub enum Outcome {
    /// The answer agrees with the docs.
    Pass,
    /// It does not, in these ways.
    Fail {
        /// Every disagreement.
        mismatches: Vec<Mismatch>,
    },
    /// Not sent.
    Skip {
        /// Why.
        reason: String,
    },
}

/// One way an answer disagrees with the docs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Mismatch {
    /// What was compared: `status`, a header field's name, a body member's JSON Pointer.
    pub what: String,
    /// What the docs say.
    pub documented: String,
    /// What came back.
    pub received: String,
    /// The file of the documented value.
    pub path: PathBuf,
    /// Where in it, when known.
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    pub position: Option<Position>,
}

/// A documented side, ready to send (or the reason it is not sent).
#[derive(Debug, Clone)]
pub struct Case<'a> {
    /// The documented side.
    pub exchange: Exchange<'a>,
    /// The request with real secret values and the target's origin; `None` when skipped.
    pub request: Option<Request>,
    /// Why it is not sent.
    pub skip: Option<String>,
    /// For the first request of a pair whose fix is to send the same request later (its error
    /// side, or its correct side when the error side is not sent): how the pair is sent.
    pub timing: Option<Timing>,
}

/// A pair whose fix is to send the same request later, sent as one: the request goes once, and
/// when the pair's documented error comes back it goes again after the wait the answer asks for;
/// that second answer is the correct side's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timing {
    /// The case of the error side (sent, or skipped).
    pub error: usize,
    /// The case of the correct side.
    pub correct: usize,
}

impl Case<'_> {
    /// `401/expired-token`.
    #[must_use]
    pub fn entry(&self) -> &str {
        &self.exchange.entry.id
    }
}

/// The cases for `catalog`: every documented side (of the entries `only` names, when it names
/// any), in catalog order. `env` holds the real secret values by name.
#[must_use]
pub fn plan<'a>(
    catalog: &'a Catalog,
    targets: &Targets,
    env: &HashMap<String, String>,
    only: &[String],
) -> Vec<Case<'a>> {
    let mut cases: Vec<Case<'a>> = exchanges(catalog)
        .into_iter()
        .filter(|x| {
            only.is_empty()
                || only.iter().any(|o| {
                    let o = catalog.id_of(o);
                    x.entry.id == o
                })
        })
        .map(|x| {
            let written = &x.sample.request;
            let skip = skip_reason(&x, written, targets, env);
            let request = skip.is_none().then(|| {
                let mut r = resolve(written, env);
                if let Some(url) = targets.map(&r.url) {
                    r.url = url;
                }
                r
            });
            Case {
                exchange: x,
                request,
                skip,
                timing: None,
            }
        })
        .collect();
    // Each pair fixed by waiting is sent as one: the request, then, after its error, again.
    for correct in 0..cases.len() {
        let x = &cases[correct].exchange;
        if x.side != Side::Correct || x.later().is_none() || cases[correct].skip.is_some() {
            continue;
        }
        let error = cases.iter().position(|c| {
            c.exchange.entry.id == x.entry.id
                && c.exchange.pair == x.pair
                && c.exchange.side == Side::Incorrect
        });
        if let Some(error) = error {
            let first = if cases[error].skip.is_none() {
                error
            } else {
                correct
            };
            cases[first].timing = Some(Timing { error, correct });
        }
    }
    cases
}

fn skip_reason(
    x: &Exchange<'_>,
    written: &Request,
    targets: &Targets,
    env: &HashMap<String, String>,
) -> Option<String> {
    if let Some(given) = x.given() {
        return Some(format!(
            "the answer depends on something outside the request: {given}"
        ));
    }
    let missing: Vec<String> = placeholder_names(written)
        .into_iter()
        .filter(|n| env.get(n).is_none_or(String::is_empty))
        .collect();
    if !missing.is_empty() {
        return Some(format!("needs {} in the environment", missing.join(", ")));
    }
    if targets.map(&written.url).is_none() {
        return Some(format!(
            "`{}` is not mapped to a target (add --target {}=URL)",
            x.message.host, x.message.host
        ));
    }
    None
}

/// An answer as it came back.
#[derive(Debug, Clone, Default)]
pub struct Received {
    /// The status.
    pub status: u16,
    /// Header fields in order, names lower-case.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Vec<u8>,
}

impl Received {
    pub(crate) fn header(&self, name: &str) -> Option<String> {
        let values: Vec<&str> = self
            .headers
            .iter()
            .filter(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
            .collect();
        (!values.is_empty()).then(|| values.join(", "))
    }
}

/// Where a side's documented response is written in its entry's file.
fn response_path<'a>(entry: &'a Entry, x: &Exchange<'a>) -> Vec<Seg<'a>> {
    let side = [
        Seg::Key("samples"),
        Seg::Index(x.pair),
        Seg::Key(x.side.name()),
    ];
    if x.sample.response.is_some() {
        return [&side[..], &[Seg::Key("response")]].concat();
    }
    if let Some(i) = x
        .sample
        .variant
        .as_deref()
        .and_then(|n| entry.variants.iter().position(|v| v.name == n))
    {
        return vec![Seg::Key("variants"), Seg::Index(i), Seg::Key("response")];
    }
    vec![Seg::Key("response")]
}

/// The header fields whose documented values are compared, and how (the Postman export's test
/// scripts check the same ones).
pub const MEANINGFUL: [&str; 8] = [
    "content-type",
    "www-authenticate",
    "proxy-authenticate",
    "retry-after",
    "allow",
    "location",
    "ratelimit",
    "ratelimit-policy",
];

/// The body members that identify an error.
pub const IDENTIFYING: [&str; 4] = ["type", "code", "error", "status"];

/// Every way `received` disagrees with what the docs say `x` gets.
#[must_use]
pub fn compare(x: &Exchange<'_>, received: &Received) -> Vec<Mismatch> {
    let entry = &x.entry.value;
    let source = &x.entry.source;
    let base = response_path(entry, x);
    let at = |rest: &[Seg<'_>]| {
        let path = [&base[..], rest].concat();
        find(source.text(), &path).map(|f| f.value.map_or(f.key, |(p, _)| p))
    };
    let mismatch = |what: &str, documented: String, received: String, position| Mismatch {
        what: what.to_owned(),
        documented,
        received,
        path: source.path.clone(),
        position,
    };
    let varies = |name: &str| entry.varies.iter().any(|v| v.eq_ignore_ascii_case(name));
    let mut out = Vec::new();
    let Some(documented) = x.response else {
        if !(200..400).contains(&received.status) {
            let position = find(
                source.text(),
                &[Seg::Key("samples"), Seg::Index(x.pair), Seg::Key("correct")],
            )
            .map(|f| f.key);
            out.push(mismatch(
                "status",
                "a success (2xx or 3xx)".into(),
                received.status.to_string(),
                position,
            ));
        }
        return out;
    };
    if received.status != documented.status {
        out.push(mismatch(
            "status",
            documented.status.to_string(),
            received.status.to_string(),
            at(&[Seg::Key("status")]),
        ));
    }
    for (name, value) in &documented.headers {
        let lower = name.to_ascii_lowercase();
        if !MEANINGFUL.contains(&lower.as_str()) || varies(name) {
            continue;
        }
        let want = value.values().join(", ");
        let got = received.header(&lower);
        if let Some(problem) = header_problem(&lower, &want, got.as_deref()) {
            out.push(mismatch(
                name,
                want,
                got.map_or_else(
                    || format!("no `{name}` field ({problem})"),
                    |g| format!("{g} ({problem})"),
                ),
                at(&[Seg::Key("headers"), Seg::Key(name.as_str())]),
            ));
        }
    }
    // A success body holds the API's data, not what identifies an error: only an error's is compared.
    let error = documented.status >= 400;
    if let Some(body) = documented.body.as_ref().filter(|b| error && b.is_object()) {
        let got: Option<serde_json::Value> = serde_json::from_slice(&received.body).ok();
        for member in IDENTIFYING {
            let Some(want) = body.get(member) else {
                continue;
            };
            if varies(&format!("/{member}")) {
                continue;
            }
            let have = got.as_ref().and_then(|g| g.get(member));
            if have != Some(want) {
                out.push(mismatch(
                    &format!("/{member}"),
                    want.to_string(),
                    have.map_or_else(|| "nothing".to_owned(), ToString::to_string),
                    at(&[Seg::Key("body"), Seg::Key(member)]),
                ));
            }
        }
    }
    out
}

/// Why a received header field does not carry what the documented one means, if it does not.
fn header_problem(name: &str, want: &str, got: Option<&str>) -> Option<String> {
    let Some(got) = got else {
        return Some("missing".into());
    };
    let media = |v: &str| {
        v.split(';')
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase()
    };
    match name {
        "content-type" => (media(want) != media(got)).then(|| "another media type".into()),
        "www-authenticate" | "proxy-authenticate" => challenge_problem(want, got),
        "retry-after" => crate::lint::semantics::retry_after(got).err(),
        "allow" => {
            let methods = |v: &str| {
                let mut m: Vec<String> = v
                    .split(',')
                    .map(|s| s.trim().to_ascii_uppercase())
                    .filter(|s| !s.is_empty())
                    .collect();
                m.sort();
                m
            };
            (methods(want) != methods(got)).then(|| "other methods".into())
        }
        // Present is what matters: the values vary (a location, a count).
        _ => None,
    }
}

/// Each documented challenge's scheme must be offered, with the same `error` parameter.
fn challenge_problem(want: &str, got: &str) -> Option<String> {
    let want = parse_challenges(&crate::lint::mask_placeholders(want)).ok()?;
    let Ok(got) = parse_challenges(got) else {
        return Some("does not parse as a challenge".into());
    };
    for w in &want {
        let Some(g) = got
            .iter()
            .find(|g| g.scheme.eq_ignore_ascii_case(&w.scheme))
        else {
            return Some(format!("no `{}` challenge", w.scheme));
        };
        let error =
            |c: &crate::lint::challenge::Challenge| c.param("error").map(|p| p.value.clone());
        if error(w) != error(g) {
            return Some(format!(
                "`error` is {} instead of {}",
                error(g).map_or_else(|| "absent".into(), |e| format!("`{e}`")),
                error(w).map_or_else(|| "absent".into(), |e| format!("`{e}`")),
            ));
        }
    }
    None
}

/// A response's documented status, for reports.
#[must_use]
pub fn documented_status(response: Option<&Response>) -> String {
    response.map_or_else(|| "2xx or 3xx".into(), |r| r.status.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_map_every_origin_or_one_host() {
        let t = Targets::parse(&[
            "http://127.0.0.1:8080/".into(),
            "auth.example.com=http://127.0.0.1:9090".into(),
        ])
        .unwrap();
        assert_eq!(
            t.map("https://api.example.com/v1/me?x=1").as_deref(),
            Some("http://127.0.0.1:8080/v1/me?x=1")
        );
        assert_eq!(
            t.map("https://auth.example.com/oauth/token").as_deref(),
            Some("http://127.0.0.1:9090/oauth/token")
        );
        let only = Targets::parse(&["api.example.com=http://127.0.0.1:1".into()]).unwrap();
        assert_eq!(only.map("https://other.example.com/x"), None);
        assert!(Targets::parse(&["localhost:8080".into()]).is_err());
        assert!(Targets::parse(&["ftp://x".into()]).is_err());
    }

    #[test]
    fn challenges_agree_on_scheme_and_error() {
        let want = "Bearer realm=\"api\", error=\"invalid_token\"";
        assert_eq!(
            challenge_problem(want, "Bearer error=\"invalid_token\", realm=\"x\""),
            None
        );
        assert!(
            challenge_problem(want, "Bearer realm=\"api\"")
                .unwrap()
                .contains("absent")
        );
        assert!(
            challenge_problem(want, "Basic realm=\"api\"")
                .unwrap()
                .contains("no `Bearer`")
        );
        assert_eq!(header_problem("retry-after", "30", Some("12")), None);
        assert!(header_problem("retry-after", "30", Some("soon")).is_some());
        assert_eq!(header_problem("allow", "GET, HEAD", Some("HEAD,GET")), None);
        assert!(
            header_problem(
                "content-type",
                "application/problem+json",
                Some("text/html")
            )
            .is_some()
        );
    }
}
