//! The lint stage: rules that know HTTP, run over a resolved [`Catalog`].
//!
//! [`lint`] is a plain function of the catalog: it changes nothing and reads a file only to place a
//! diagnostic in it (see [`Source::text`]), so a position is looked up only once a rule fails. It
//! returns every finding as a located [`Diagnostic`] whose code is a [`registry::Lint`]'s. Each
//! family of rules has its own module; this one gathers what they look at (every documented response and
//! request, with its path in its file) and applies the per-file `allow:` lists.

pub mod challenge;
pub mod locate;
pub mod registry;

mod ambiguity;
mod hygiene;
mod problem;
mod rfc9110;
mod samples;
mod schemes;
pub(crate) mod semantics;

use std::collections::HashMap;

use indexmap::IndexMap;

use rayon::prelude::*;

use crate::catalog::model::{Entry, HeaderValue, Request, Response};
use crate::catalog::{Catalog, Loaded, Source};
use crate::diagnostic::{Diagnostic, Position};
use locate::Seg;
pub use registry::{LINTS, Lint, find};

/// Which side of a sample pair a request is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    /// The incorrect side of a sample pair.
    Incorrect,
    /// The correct side of a sample pair.
    Correct,
}

/// A response and where it is written.
pub(crate) struct ResponseAt<'a> {
    pub(crate) source: &'a Source,
    pub(crate) path: Vec<Seg<'a>>,
    pub(crate) response: &'a Response,
}

/// A request and where it is written.
pub(crate) struct RequestAt<'a> {
    pub(crate) source: &'a Source,
    pub(crate) path: Vec<Seg<'a>>,
    pub(crate) request: &'a Request,
    pub(crate) role: Role,
}

/// One field line of a header, and where it is written.
pub(crate) struct FieldAt<'a> {
    /// The header name as written.
    pub(crate) name: &'a str,
    /// The value.
    pub(crate) value: &'a str,
    /// The path of the value in its file.
    pub(crate) path: Vec<Seg<'a>>,
}

/// Runs every lint over the catalog and applies the `allow:` lists. Diagnostics are unsorted.
#[must_use]
pub fn lint(catalog: &Catalog) -> Vec<Diagnostic> {
    // The lints read the catalog independently: they run in parallel, and their diagnostics are
    // joined in a fixed order.
    let (found, hygiene_problems) = rayon::join(
        || {
            let mut found: Vec<Vec<Diagnostic>> = catalog
                .entries
                .par_iter()
                .map(|entry| {
                    let (responses, requests) = entry_messages(entry);
                    let mut out = Vec::new();
                    check_messages(&responses, &requests, &mut out);
                    samples::check_entry_pairs(entry, &mut out);
                    samples::check_varies(entry, &responses, &mut out);
                    out
                })
                .collect();
            let mut out = Vec::new();
            check_messages(&status_responses(catalog), &[], &mut out);
            found.push(out);
            found
        },
        || {
            let mut out = Vec::new();
            hygiene::check(catalog, &mut out);
            problem::check_types(catalog, &mut out);
            ambiguity::check(catalog, &mut out);
            out
        },
    );
    let mut out: Vec<Diagnostic> = found.into_iter().flatten().collect();
    out.extend(hygiene_problems);
    apply_allow(catalog, out)
}

/// The lints of single responses and requests.
fn check_messages(
    responses: &[ResponseAt<'_>],
    requests: &[RequestAt<'_>],
    out: &mut Vec<Diagnostic>,
) {
    rfc9110::check(responses, requests, out);
    semantics::check(responses, out);
    schemes::check(responses, out);
    problem::check(responses, out);
    samples::check_bodies(responses, requests, out);
}

/// Every response and request written in entry `e`.
fn entry_messages(e: &Loaded<Entry>) -> (Vec<ResponseAt<'_>>, Vec<RequestAt<'_>>) {
    let mut responses = Vec::new();
    let mut requests = Vec::new();
    {
        let source = &e.source;
        responses.push(ResponseAt {
            source,
            path: vec![Seg::Key("response")],
            response: &e.value.response,
        });
        for (i, variant) in e.value.variants.iter().enumerate() {
            responses.push(ResponseAt {
                source,
                path: vec![Seg::Key("variants"), Seg::Index(i), Seg::Key("response")],
                response: &variant.response,
            });
        }
        for (i, pair) in e.value.samples.iter().enumerate() {
            for (side, sample, role) in [
                ("incorrect", &pair.incorrect, Role::Incorrect),
                ("correct", &pair.correct, Role::Correct),
            ] {
                let base = [Seg::Key("samples"), Seg::Index(i), Seg::Key(side)];
                if let Some(response) = &sample.response {
                    let mut path = base.to_vec();
                    path.push(Seg::Key("response"));
                    responses.push(ResponseAt {
                        source,
                        path,
                        response,
                    });
                }
                let mut path = base.to_vec();
                path.push(Seg::Key("request"));
                requests.push(RequestAt {
                    source,
                    path,
                    request: &sample.request,
                    role,
                });
            }
        }
    }
    (responses, requests)
}

/// The responses of the status overviews.
fn status_responses(catalog: &Catalog) -> Vec<ResponseAt<'_>> {
    let mut out = Vec::new();
    for s in &catalog.statuses {
        if let Some(response) = &s.value.response {
            out.push(ResponseAt {
                source: &s.source,
                path: vec![Seg::Key("response")],
                response,
            });
        }
    }
    out
}

/// Every field line named `name` (case-insensitively), with its path under `base`.
pub(crate) fn fields<'a>(
    headers: &'a IndexMap<String, HeaderValue>,
    base: &[Seg<'a>],
    name: &str,
) -> Vec<FieldAt<'a>> {
    let mut out = Vec::new();
    for (key, value) in headers.iter().filter(|(k, _)| k.eq_ignore_ascii_case(name)) {
        let mut path = base.to_vec();
        path.extend([Seg::Key("headers"), Seg::Key(key.as_str())]);
        match value {
            HeaderValue::One(v) => out.push(FieldAt {
                name: key,
                value: v,
                path,
            }),
            HeaderValue::Many(vs) => {
                for (i, v) in vs.iter().enumerate() {
                    let mut path = path.clone();
                    path.push(Seg::Index(i));
                    out.push(FieldAt {
                        name: key,
                        value: v,
                        path,
                    });
                }
            }
        }
    }
    out
}

/// The media type of the first `Content-Type` field, lower-case, without parameters.
pub(crate) fn media_type(headers: &IndexMap<String, HeaderValue>) -> Option<String> {
    let (_, value) = headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("content-type"))?;
    let first = value.values().first()?;
    Some(
        first
            .split(';')
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase(),
    )
}

/// A diagnostic of `lint` in `source`, at `position` when known.
pub(crate) fn report(
    lint: &'static Lint,
    source: &Source,
    position: Option<Position>,
    message: impl Into<String>,
) -> Diagnostic {
    let mut d = Diagnostic::error(lint.code, &source.path, message);
    d.severity = lint.severity;
    match position {
        Some(p) => d.at(source.text(), p),
        None => d,
    }
}

/// Where `path` is written (its key), or the nearest part of it that is.
pub(crate) fn at_path(source: &Source, path: &[Seg<'_>]) -> Option<Position> {
    locate::find(source.text(), path).map(|f| f.key)
}

/// Where byte `offset` of the scalar `value` at `path` is written: exact when the value is plain
/// or simply quoted on its key's line, else the start of the value, else its key.
pub(crate) fn at_value(
    source: &Source,
    path: &[Seg<'_>],
    value: &str,
    offset: usize,
) -> Option<Position> {
    let found = locate::find(source.text(), path)?;
    let Some((start, rest)) = found.value.filter(|_| found.complete) else {
        return Some(found.key);
    };
    let shift = if rest.starts_with(value) {
        0
    } else if rest.starts_with(['"', '\'']) && rest[1..].starts_with(value) {
        1
    } else {
        return Some(start);
    };
    let prefix = value.get(..offset).unwrap_or(value);
    Some(Position {
        line: start.line,
        column: start.column + shift + prefix.chars().count(),
    })
}

/// Replaces `${NAME}` placeholders with as many `x` characters, so a placeholder parses as the
/// token68 or token it stands for and offsets stay the same.
pub(crate) fn mask_placeholders(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut rest = value;
    while let Some(start) = rest.find("${") {
        let Some(len) = rest[start..].find('}') else {
            break;
        };
        out.push_str(&rest[..start]);
        out.extend(std::iter::repeat_n('x', len + 1));
        rest = &rest[start + len + 1..];
    }
    out.push_str(rest);
    out
}

/// Drops findings that a file's `allow:` list silences, and reports `allow` entries that name no
/// lint or one that cannot be silenced.
fn apply_allow(catalog: &Catalog, findings: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let mut lists: Vec<(&Source, &[String])> = Vec::new();
    lists.extend(
        catalog
            .entries
            .iter()
            .map(|e| (&e.source, e.value.allow.as_slice())),
    );
    lists.extend(
        catalog
            .statuses
            .iter()
            .map(|s| (&s.source, s.value.allow.as_slice())),
    );
    let mut out = Vec::new();
    let mut allowed: HashMap<&std::path::Path, Vec<&str>> = HashMap::new();
    for (source, names) in lists.into_iter().filter(|(_, n)| !n.is_empty()) {
        let from = at_path(source, &[Seg::Key("allow")]).map_or(1, |p| p.line);
        for name in names {
            let position = crate::diagnostic::locate(source.text(), name, from);
            match find(name) {
                Some(lint) if lint.allowable => {
                    allowed.entry(&source.path).or_default().push(lint.code);
                }
                Some(lint) => out.push(
                    report(
                        registry::LINT_NOT_ALLOWABLE,
                        source,
                        position,
                        format!("`{}` cannot be allowed", lint.code),
                    )
                    .with_help(format!(
                        "fix the problem instead; `errdocs explain {}` says why",
                        lint.code
                    )),
                ),
                None => out.push(unknown_lint(source, position, name)),
            }
        }
    }
    out.extend(findings.into_iter().filter(|d| {
        !allowed
            .get(d.path.as_path())
            .is_some_and(|codes| codes.contains(&d.code))
    }));
    out
}

fn unknown_lint(source: &Source, position: Option<Position>, name: &str) -> Diagnostic {
    let best = LINTS
        .iter()
        .filter(|l| l.allowable)
        .map(|l| (strsim::damerau_levenshtein(name, l.code), l.code))
        .filter(|(distance, _)| *distance <= 3)
        .min();
    let d = report(
        registry::UNKNOWN_LINT,
        source,
        position,
        format!("`{name}` is not a lint"),
    );
    match best {
        Some((_, code)) => d.with_help(format!("did you mean `{code}`?")),
        None => d.with_help("`errdocs explain` lists every lint"),
    }
}

#[cfg(test)]
mod tests;
