//! New files from templates: the starter site of `errdocs init` and the skeletons of `errdocs new`.
//!
//! Both live in the repository's `scaffold/` folder, embedded at compile time. This module only
//! produces text and relative paths; `cmd/init` and `cmd/new` write them (and refuse to overwrite).
//!
//! A skeleton's placeholders are values written `<fill in …>` (see `catalog::placeholder`): the
//! file parses, but `errdocs check` reports every placeholder left, at its line and column, until
//! each one is replaced.

use std::path::{Path, PathBuf};

use include_dir::{Dir, include_dir};

use crate::catalog::load::is_slug;
use crate::catalog::reason::reason_phrase;
use crate::schema::{SCHEMA_DIR, SchemaKind};

static STARTERS: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/scaffold/init");

/// A starter site of `errdocs init`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Starter {
    /// A general API's errors: a malformed body (400), a field out of range (422) and a rate limit
    /// (429), with a comparison, a decision tree and a guide.
    General,
    /// An API's authentication errors: a missing and an expired token (401), with a comparison,
    /// a decision tree and a guide.
    Auth,
}

impl Starter {
    fn folder(self) -> &'static str {
        match self {
            Self::General => "general",
            Self::Auth => "auth",
        }
    }
}

/// A file to create, relative to the site root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewFile {
    /// Path relative to the site root, e.g. `content/errors/401/expired-token.yaml`.
    pub path: PathBuf,
    /// The file's text.
    pub text: String,
    /// The schema its `yaml-language-server` line points to, if any.
    pub schema: Option<SchemaKind>,
}

/// Why `errdocs new` cannot make a file.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ScaffoldError {
    /// The name would not make a URL-safe id.
    #[error(
        "`{0}` is not a valid slug: use lower-case letters, digits and hyphens, starting with a letter or digit"
    )]
    BadSlug(String),
    /// Not a status code.
    #[error("`{0}` is not an HTTP status code (100 to 599)")]
    BadStatus(String),
    /// Neither a status code nor a known kind.
    #[error(
        "`{0}` is not a kind: use a status code (`new 401 expired-token`), `status`, `compare`, `tree` or `guide`"
    )]
    UnknownKind(String),
}

/// The files of a starter site, by path relative to the new site's root. The schema files
/// (`schemas/*.schema.json`) are not among them: see [`schema_files`].
#[must_use]
pub fn starter_files(starter: Starter) -> Vec<NewFile> {
    let mut out = Vec::new();
    if let Some(dir) = STARTERS.get_dir(starter.folder()) {
        collect(dir, Path::new(starter.folder()), &mut out);
    }
    out.sort_by(|a, b| a.path.cmp(&b.path));
    out
}

fn collect(dir: &Dir<'_>, base: &Path, out: &mut Vec<NewFile>) {
    for file in dir.files() {
        out.push(NewFile {
            path: file
                .path()
                .strip_prefix(base)
                .unwrap_or(file.path())
                .to_path_buf(),
            text: String::from_utf8_lossy(file.contents()).into_owned(),
            schema: None,
        });
    }
    for sub in dir.dirs() {
        collect(sub, base, out);
    }
}

/// Every schema as a file under `schemas/`, generated from the running binary's types.
#[must_use]
pub fn schema_files() -> Vec<NewFile> {
    SchemaKind::ALL
        .iter()
        .map(|kind| NewFile {
            path: Path::new(SCHEMA_DIR).join(kind.file_name()),
            text: kind.schema_text(),
            schema: None,
        })
        .collect()
}

/// The skeleton `errdocs new KIND NAME` writes: `KIND` is a status code (an entry named `NAME`),
/// or `status` (`NAME` is the code), `compare`, `tree` or `guide`.
///
/// # Errors
/// When the kind is unknown, the status is not one, or the name is not a slug.
pub fn new_file(kind: &str, name: &str) -> Result<NewFile, ScaffoldError> {
    if kind == "status" {
        let status = parse_status(name)?;
        return Ok(fill(
            include_str!("../scaffold/new/status.yaml"),
            PathBuf::from(format!("content/status/{status}.yaml")),
            SchemaKind::Status,
            &vars_for_status(status, name),
        ));
    }
    if !is_slug(name) {
        return Err(ScaffoldError::BadSlug(name.to_owned()));
    }
    let file = match kind {
        "compare" => fill(
            include_str!("../scaffold/new/compare.yaml"),
            PathBuf::from(format!("content/compare/{name}.yaml")),
            SchemaKind::Compare,
            &[("subjects", compare_subjects(name))],
        ),
        "tree" => fill(
            include_str!("../scaffold/new/tree.yaml"),
            PathBuf::from(format!("content/trees/{name}.yaml")),
            SchemaKind::Tree,
            &[("tree_status", tree_status(name))],
        ),
        "guide" => NewFile {
            path: PathBuf::from(format!("content/guides/{name}.md")),
            text: include_str!("../scaffold/new/guide.md").to_owned(),
            schema: None,
        },
        _ if kind.chars().all(|c| c.is_ascii_digit()) => {
            entry_file(parse_status(kind)?, name, &Known::default())?
        }
        _ => return Err(ScaffoldError::UnknownKind(kind.to_owned())),
    };
    Ok(file)
}

/// What is known of a new entry beyond its status and slug (from an OpenAPI document, say): each
/// part given replaces the skeleton's suggestion, each part left `None` stays a placeholder.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Known {
    /// The title, as plain text.
    pub title: Option<String>,
    /// The response's fields as YAML, indented two spaces (what follows `response:`).
    pub response: Option<String>,
    /// The sample pairs as a YAML sequence, indented two spaces (what follows `samples:`).
    pub samples: Option<String>,
}

/// The skeleton of an entry `content/errors/STATUS/NAME.yaml`, with what is `known` filled in.
///
/// # Errors
/// When the name is not a slug.
pub fn entry_file(status: u16, name: &str, known: &Known) -> Result<NewFile, ScaffoldError> {
    if !is_slug(name) {
        return Err(ScaffoldError::BadSlug(name.to_owned()));
    }
    let mut vars = vars_for_status(status, name);
    let get = |vars: &[(&str, String)], key: &str| {
        vars.iter()
            .find(|(k, _)| *k == key)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let title_line = known.title.as_deref().map_or_else(
        || {
            format!(
                "<fill in a short title, e.g. {}>",
                get(&vars, "title_example")
            )
        },
        yaml_scalar,
    );
    let response = known.response.clone().unwrap_or_else(|| {
        format!(
            "  status: {status}\n  headers:\n{}    Content-Type: application/problem+json\n  body:\n    type: https://api.example.com/problems/{name}\n    title: {}\n    status: {status}\n{}",
            get(&vars, "headers"),
            get(&vars, "title"),
            get(&vars, "body_extra"),
        )
    });
    if let Some(samples) = &known.samples {
        vars.retain(|(k, _)| *k != "samples");
        vars.push(("samples", samples.clone()));
    }
    vars.push(("title_line", title_line));
    vars.push(("response", response));
    Ok(fill(
        include_str!("../scaffold/new/entry.yaml"),
        PathBuf::from(format!("content/errors/{status}/{name}.yaml")),
        SchemaKind::Entry,
        &vars,
    ))
}

fn parse_status(text: &str) -> Result<u16, ScaffoldError> {
    text.parse::<u16>()
        .ok()
        .filter(|s| (100..=599).contains(s))
        .ok_or_else(|| ScaffoldError::BadStatus(text.to_owned()))
}

/// What an entry skeleton suggests for its status: an example title, code and clue, the response
/// fields the status calls for, extra body members, and a sample pair that shows the usual fix.
struct Suggestions {
    title: &'static str,
    code: &'static str,
    clue: &'static str,
    headers: &'static str,
    body_extra: &'static str,
    samples: &'static str,
}

/// A pair of requests that differ in a placeholder (no status-specific fix is known).
const GENERIC_PAIR: &str = "  - title: <fill in what the pair shows, e.g. Send the missing field>
    incorrect:
      request:
        method: GET
        url: https://api.example.com/v1/<fill in the path that fails>
      # The response defaults to the entry's. Add `note:` to say what to notice (Markdown).
    correct:
      request:
        method: GET
        url: https://api.example.com/v1/<fill in the path that works>
      response:
        status: 200
";

/// The same request, sent later: for errors whose fix is to wait.
const LATER_PAIR: &str = "  - title: Wait for the Retry-After delay, then send the same request
    incorrect:
      request:
        method: GET
        url: https://api.example.com/v1/<fill in the path>
    correct:
      # The same request works later; say when (Markdown).
      later: after the `Retry-After` delay
      response:
        status: 200
";

fn suggestions(status: u16) -> Suggestions {
    let generic = Suggestions {
        title: "Order not found",
        code: "resource_missing",
        clue: "what the problem body's `type` or `detail` says",
        headers: "",
        body_extra: "",
        samples: GENERIC_PAIR,
    };
    match status {
        401 => Suggestions {
            title: "Expired access token",
            code: "token_expired",
            clue: "what the challenge's `error` parameter says",
            headers: "    WWW-Authenticate: Bearer realm=\"api\"\n",
            samples: "  - title: <fill in what the pair shows, e.g. Refresh the token, then retry once>
    incorrect:
      request:
        method: GET
        url: https://api.example.com/v1/orders
        headers:
          Authorization: Bearer ${INVALID_TOKEN}
    correct:
      request:
        method: GET
        url: https://api.example.com/v1/orders
        headers:
          Authorization: Bearer ${ACCESS_TOKEN}
      response:
        status: 200
",
            ..generic
        },
        407 => Suggestions {
            title: "Proxy credentials missing",
            code: "proxy_auth_required",
            clue: "the proxy's `Proxy-Authenticate` challenge",
            headers: "    Proxy-Authenticate: Basic realm=\"proxy\"\n",
            ..generic
        },
        405 => Suggestions {
            title: "Orders cannot be deleted",
            code: "method_not_allowed",
            clue: "the methods `Allow` lists",
            headers: "    Allow: GET, POST\n",
            ..generic
        },
        409 => Suggestions {
            title: "Order already exists",
            code: "conflict",
            clue: "which resource the body says is in the way",
            ..generic
        },
        413 => Suggestions {
            title: "Upload larger than the limit",
            code: "payload_too_large",
            clue: "the size limit the body states",
            ..generic
        },
        415 => Suggestions {
            title: "Body sent as the wrong media type",
            code: "unsupported_media_type",
            clue: "the media types the body lists as accepted",
            ..generic
        },
        422 => Suggestions {
            title: "A field is out of range",
            code: "invalid_field",
            clue: "which field each `errors` item points to",
            body_extra: "    # One item per field that is wrong: a JSON Pointer into the request body, and why.
    errors:
      - {pointer: /quantity, detail: <fill in what is wrong with the field>}
",
            samples: "  - title: <fill in what the pair shows, e.g. Send a quantity within the range>
    incorrect:
      request:
        method: POST
        url: https://api.example.com/v1/orders
        json: {sku: A-100, quantity: 0}
    correct:
      request:
        method: POST
        url: https://api.example.com/v1/orders
        json: {sku: A-100, quantity: 2}
      response:
        status: 201
",
            ..generic
        },
        429 => Suggestions {
            title: "Rate limit exceeded",
            code: "rate_limit_exceeded",
            clue: "how long `Retry-After` says to wait",
            headers: "    # How long to wait: seconds, or an HTTP date.\n    Retry-After: \"30\"\n",
            samples: LATER_PAIR,
            ..generic
        },
        503 => Suggestions {
            title: "Down for maintenance",
            code: "maintenance",
            clue: "the maintenance window the body names",
            headers: "    # When to come back: seconds, or an HTTP date.\n    Retry-After: \"600\"\n",
            samples: LATER_PAIR,
            ..generic
        },
        _ => generic,
    }
}

/// The values an entry or status skeleton fills in from the status code and the name.
fn vars_for_status(status: u16, name: &str) -> Vec<(&'static str, String)> {
    let reason = reason_phrase(status).unwrap_or("");
    let status_title = format!("{status} {reason}").trim_end().to_owned();
    let suggested = suggestions(status);
    let title = if name.chars().all(|c| c.is_ascii_digit()) {
        status_title.clone()
    } else {
        let words = name.replace('-', " ");
        let mut chars = words.chars();
        chars.next().map_or_else(String::new, |c| {
            c.to_ascii_uppercase().to_string() + chars.as_str()
        })
    };
    vec![
        ("status", status.to_string()),
        ("status_title", status_title),
        // RFC 9457 §4.2.1: with `type: about:blank`, the title is the status's reason phrase.
        (
            "reason",
            yaml_scalar(if reason.is_empty() {
                "<fill in the reason phrase>"
            } else {
                reason
            }),
        ),
        ("slug", name.to_owned()),
        ("headers", suggested.headers.to_owned()),
        ("title", yaml_scalar(&title)),
        ("title_example", suggested.title.to_owned()),
        ("code_example", suggested.code.to_owned()),
        ("clue_example", suggested.clue.to_owned()),
        ("body_extra", suggested.body_extra.to_owned()),
        ("samples", suggested.samples.to_owned()),
    ]
}

/// `401-vs-403` compares two status overviews; any other name leaves both subjects to fill in.
fn compare_subjects(name: &str) -> String {
    let parts: Vec<&str> = name.split("-vs-").collect();
    if parts.len() == 2 && parts.iter().all(|p| parse_status(p).is_ok()) {
        format!("  - status/{}\n  - status/{}", parts[0], parts[1])
    } else {
        "  - <fill in an id, e.g. status/401>\n  - <fill in an id>".to_owned()
    }
}

/// A tree named after a status (`why-401`) diagnoses it, so the status overview links to it.
fn tree_status(name: &str) -> String {
    name.split('-')
        .find(|p| p.len() == 3 && parse_status(p).is_ok())
        .map_or_else(String::new, |s| {
            format!("# The status this tree diagnoses; its overview links here.\nstatus: {s}\n")
        })
}

/// A YAML plain scalar when `text` is safe as one, else a double-quoted string.
fn yaml_scalar(text: &str) -> String {
    let plain = text
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == ' ' || c == '\'')
        && text.starts_with(|c: char| c.is_ascii_alphabetic());
    if plain {
        text.to_owned()
    } else {
        serde_json::to_string(text).unwrap_or_default()
    }
}

/// Replaces `{{name}}` markers in a skeleton, including `{{schema}}`: the path from the new file's
/// folder to its schema under `schemas/`.
fn fill(template: &str, path: PathBuf, schema: SchemaKind, vars: &[(&str, String)]) -> NewFile {
    // One pass over the template: a value (imported text, say) that holds `{{…}}` stays as it is.
    let schema_path = schema_ref(&path, schema);
    let mut text = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(start) = rest.find("{{") {
        text.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let value = after.find("}}").and_then(|end| {
            let key = &after[..end];
            let value = if key == "schema" {
                Some(schema_path.as_str())
            } else {
                vars.iter()
                    .find(|(k, _)| *k == key)
                    .map(|(_, v)| v.as_str())
            };
            value.map(|v| (v, end))
        });
        match value {
            Some((value, end)) => {
                text.push_str(value);
                rest = &after[end + 2..];
            }
            None => {
                text.push_str("{{");
                rest = after;
            }
        }
    }
    text.push_str(rest);
    NewFile {
        path,
        text,
        schema: Some(schema),
    }
}

/// The relative path from the folder of `file` (relative to the site root) to the schema of `kind`.
#[must_use]
pub fn schema_ref(file: &Path, kind: SchemaKind) -> String {
    let depth = file.components().count().saturating_sub(1);
    format!("{}{SCHEMA_DIR}/{}", "../".repeat(depth), kind.file_name())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entry_skeleton_goes_under_its_status() {
        let file = new_file("401", "expired-token").unwrap();
        assert_eq!(
            file.path,
            Path::new("content/errors/401/expired-token.yaml")
        );
        assert!(
            file.text.starts_with(
                "# yaml-language-server: $schema=../../../schemas/entry.schema.json\n"
            )
        );
        assert!(file.text.contains("WWW-Authenticate: Bearer realm=\"api\""));
        assert!(file.text.contains("title: Expired token\n"));
        assert!(!file.text.contains("{{"), "{}", file.text);
    }

    #[test]
    fn names_are_checked() {
        assert_eq!(
            new_file("401", "Expired_Token"),
            Err(ScaffoldError::BadSlug("Expired_Token".into()))
        );
        assert_eq!(
            new_file("401", "../x"),
            Err(ScaffoldError::BadSlug("../x".into()))
        );
        assert_eq!(
            new_file("status", "4011"),
            Err(ScaffoldError::BadStatus("4011".into()))
        );
        assert_eq!(
            new_file("999", "x"),
            Err(ScaffoldError::BadStatus("999".into()))
        );
        assert_eq!(
            new_file("page", "x"),
            Err(ScaffoldError::UnknownKind("page".into()))
        );
    }

    #[test]
    fn other_kinds_fill_what_the_name_says() {
        let status = new_file("status", "422").unwrap();
        assert_eq!(status.path, Path::new("content/status/422.yaml"));
        assert!(
            status
                .text
                .contains("title: \"422 Unprocessable Content\"\n")
        );
        let unregistered = new_file("status", "418").unwrap();
        assert!(unregistered.text.contains("title: \"418\"\n"));
        let compare = new_file("compare", "401-vs-403").unwrap();
        assert!(compare.text.contains("  - status/401\n  - status/403\n"));
        let tree = new_file("tree", "why-401").unwrap();
        assert!(tree.text.contains("\nstatus: 401\nstart: first\n"));
        let guide = new_file("guide", "handling-401").unwrap();
        assert_eq!(guide.path, Path::new("content/guides/handling-401.md"));
    }

    #[test]
    fn starters_have_every_kind() {
        let paths = |starter| -> Vec<String> {
            starter_files(starter)
                .iter()
                .map(|f| f.path.to_string_lossy().into_owned())
                .collect()
        };
        let general = paths(Starter::General);
        for expected in [
            "errdocs.toml",
            ".gitignore",
            "content/status/429.yaml",
            "content/errors/422/invalid-field.yaml",
            "content/compare/400-vs-422.yaml",
            "content/trees/why-rejected.yaml",
            "content/guides/editing.md",
        ] {
            assert!(general.iter().any(|p| p == expected), "{general:?}");
        }
        let auth = paths(Starter::Auth);
        for expected in ["content/status/401.yaml", "content/trees/why-401.yaml"] {
            assert!(auth.iter().any(|p| p == expected), "{auth:?}");
        }
    }

    #[test]
    fn entry_skeletons_fit_their_status() {
        let text = |status: &str| new_file(status, "case").unwrap().text;
        let limited = text("429");
        assert!(limited.contains("Retry-After: \"30\""), "{limited}");
        assert!(
            limited.contains("later: after the `Retry-After` delay"),
            "{limited}"
        );
        assert!(!limited.contains("Authorization"), "{limited}");
        let invalid = text("422");
        assert!(
            invalid.contains("errors:\n      - {pointer: /quantity"),
            "{invalid}"
        );
        let maintenance = text("503");
        assert!(
            maintenance.contains("Retry-After: \"600\""),
            "{maintenance}"
        );
        assert!(text("405").contains("Allow: GET, POST"));
        for status in ["404", "409", "422", "429", "503"] {
            let t = text(status);
            assert!(
                !t.contains("token") && !t.contains("Bearer"),
                "{status}: {t}"
            );
        }
        assert!(text("401").contains("Authorization: Bearer ${ACCESS_TOKEN}"));
    }

    #[test]
    fn a_status_overview_titles_about_blank_with_the_reason_phrase_alone() {
        let text = new_file("status", "429").unwrap().text;
        assert!(
            text.contains("title: \"429 Too Many Requests\"\n"),
            "{text}"
        );
        assert!(
            text.contains("    type: about:blank\n    title: Too Many Requests\n"),
            "{text}"
        );
    }
}
