//! Finds where a value sits in a YAML file's text, from its path in the document
//! (`samples[1].correct.response.headers.WWW-Authenticate`).
//!
//! serde_yaml keeps no positions once a file is parsed, so lints find them again in the text `load`
//! kept. This walks block-style YAML by indentation; when a value is written in flow style
//! (`response: {status: 200}`) it looks for the key on the same line, and when even that fails it
//! answers with the deepest part of the path it found, so a diagnostic always points near its cause.

use crate::diagnostic::Position;

/// One step of a path into a YAML document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Seg<'a> {
    /// A mapping key.
    Key(&'a str),
    /// A sequence item, from 0.
    Index(usize),
}

/// Where a path was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// The key (or the sequence dash) of the deepest step found.
    pub key: Position,
    /// Where that step's value starts when it is on the same line, with the rest of the line.
    pub value: Option<(Position, String)>,
    /// Whether every step of the path was found.
    pub complete: bool,
}

struct Line<'t> {
    /// Byte offset of the content in the line (after indentation, or after a sequence dash once
    /// the walk has entered that item).
    indent: usize,
    raw: &'t str,
}

impl Line<'_> {
    fn content(&self) -> &str {
        &self.raw[self.indent..]
    }

    fn significant(&self) -> bool {
        let c = self.content();
        !c.is_empty() && !c.starts_with('#')
    }

    fn is_dash(&self) -> bool {
        let c = self.content();
        c == "-" || c.starts_with("- ")
    }
}

/// Finds `path` in `text`. `None` only when not even the first step is there.
#[must_use]
pub fn find(text: &str, path: &[Seg<'_>]) -> Option<Found> {
    let mut lines: Vec<Line<'_>> = text
        .lines()
        .map(|raw| Line {
            indent: raw.len() - raw.trim_start_matches(' ').len(),
            raw,
        })
        .collect();
    let mut range = 0..lines.len();
    let mut parent: Option<usize> = None;
    let mut found: Option<Found> = None;
    for (depth, seg) in path.iter().enumerate() {
        let step = match *seg {
            Seg::Key(key) => find_key(&lines, range.clone(), parent, key),
            Seg::Index(n) => find_item(&mut lines, range.clone(), n),
        };
        let Some((line, column, next, child_parent)) = step else {
            // A flow-style value: the key may still be on the line of the last step.
            if let (Some(f), Seg::Key(key)) = (&mut found, seg) {
                inline_key(&lines, f, key, depth + 1 == path.len());
            }
            return found;
        };
        found = Some(Found {
            key: position(lines[line].raw, line, column),
            value: value_after(&lines[line], line, column, *seg),
            complete: depth + 1 == path.len(),
        });
        range = next;
        parent = Some(child_parent);
    }
    found
}

type Step = (usize, usize, std::ops::Range<usize>, usize);

fn find_key(
    lines: &[Line<'_>],
    range: std::ops::Range<usize>,
    parent: Option<usize>,
    key: &str,
) -> Option<Step> {
    let first = range.clone().find(|&i| lines[i].significant())?;
    let indent = lines[first].indent;
    if parent.is_some_and(|p| indent <= p) {
        return None;
    }
    let line = range.clone().find(|&i| {
        let l = &lines[i];
        l.significant() && l.indent == indent && key_of(l.content()) == Some(key)
    })?;
    let end = (line + 1..range.end)
        .find(|&i| {
            let l = &lines[i];
            l.significant() && (l.indent < indent || l.indent == indent && !l.is_dash())
        })
        .unwrap_or(range.end);
    Some((line, indent, line + 1..end, indent))
}

fn find_item(lines: &mut [Line<'_>], range: std::ops::Range<usize>, n: usize) -> Option<Step> {
    let first = range.clone().find(|&i| lines[i].significant())?;
    let indent = lines[first].indent;
    let items: Vec<usize> = range
        .clone()
        .filter(|&i| lines[i].indent == indent && lines[i].is_dash())
        .collect();
    let line = *items.get(n)?;
    let end = items
        .get(n + 1)
        .copied()
        .or_else(|| {
            (line + 1..range.end).find(|&i| lines[i].significant() && lines[i].indent < indent)
        })
        .unwrap_or(range.end);
    // Inside the item, its first line's content starts after the dash.
    let after_dash = lines[line].raw[indent + 1..].len()
        - lines[line].raw[indent + 1..].trim_start_matches(' ').len();
    lines[line].indent = indent + 1 + after_dash;
    Some((line, indent, line..end, indent))
}

/// The key of a `key: value` line, unquoted.
fn key_of(content: &str) -> Option<&str> {
    for quote in ['"', '\''] {
        if let Some(rest) = content.strip_prefix(quote) {
            let end = rest.find(quote)?;
            return rest[end + 1..].starts_with(':').then(|| &rest[..end]);
        }
    }
    let colon = content
        .find(": ")
        .or_else(|| content.strip_suffix(':').map(str::len))?;
    Some(&content[..colon])
}

fn position(raw: &str, line: usize, byte: usize) -> Position {
    Position {
        line: line + 1,
        column: raw[..byte.min(raw.len())].chars().count() + 1,
    }
}

fn value_after(
    line: &Line<'_>,
    number: usize,
    column: usize,
    seg: Seg<'_>,
) -> Option<(Position, String)> {
    let start = match seg {
        Seg::Key(_) => {
            let content = &line.raw[column..];
            let colon = if content.starts_with(['"', '\'']) {
                content[1..].find(&content[..1]).map(|i| i + 2)?
            } else {
                content.find(':')?
            };
            column + colon + 1
        }
        Seg::Index(_) => column + 1,
    };
    let rest = &line.raw[start..];
    let start = start + (rest.len() - rest.trim_start().len());
    let rest = line.raw[start..].trim_end();
    (!rest.is_empty()).then(|| (position(line.raw, number, start), rest.to_owned()))
}

/// Looks for `key:` on the line where the walk stopped, after the last key found.
fn inline_key(lines: &[Line<'_>], found: &mut Found, key: &str, last: bool) {
    let line = found.key.line - 1;
    let raw = lines[line].raw;
    let from = raw
        .char_indices()
        .nth(found.key.column - 1)
        .map_or(raw.len(), |(i, _)| i);
    let needle = format!("{key}:");
    if let Some(i) = raw[from..].find(&needle) {
        let byte = from + i;
        found.key = position(raw, line, byte);
        let value = byte + needle.len();
        let value = value + (raw[value..].len() - raw[value..].trim_start().len());
        let rest = raw[value..].trim_end();
        found.value = (!rest.is_empty()).then(|| (position(raw, line, value), rest.to_owned()));
        found.complete = last;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Seg::{Index, Key};

    const DOC: &str = "status: 401
response:
  status: 401
  headers:
    WWW-Authenticate: Bearer realm=\"api\"
    Link:
      - <a>; rel=x
      - <b>; rel=y
samples:
- title: one
  incorrect:
    request: {method: GET, url: x}
  correct:
    response:
      status: 200
  # a comment
-   title: two
    correct:
      response: {status: 301, headers: {Location: /x}}
";

    fn at(path: &[Seg<'_>]) -> (usize, usize, bool) {
        let f = find(DOC, path).unwrap();
        (f.key.line, f.key.column, f.complete)
    }

    #[test]
    fn block_keys_and_items() {
        assert_eq!(at(&[Key("status")]), (1, 1, true));
        assert_eq!(at(&[Key("response"), Key("status")]), (3, 3, true));
        assert_eq!(
            at(&[Key("response"), Key("headers"), Key("WWW-Authenticate")]),
            (5, 5, true)
        );
        assert_eq!(
            at(&[Key("response"), Key("headers"), Key("Link"), Index(1)]),
            (8, 7, true)
        );
        assert_eq!(
            at(&[
                Key("samples"),
                Index(0),
                Key("correct"),
                Key("response"),
                Key("status")
            ]),
            (15, 7, true)
        );
        assert_eq!(
            at(&[Key("samples"), Index(1), Key("correct")]),
            (18, 5, true)
        );
    }

    #[test]
    fn values_on_the_key_line() {
        let f = find(
            DOC,
            &[Key("response"), Key("headers"), Key("WWW-Authenticate")],
        )
        .unwrap();
        let (pos, rest) = f.value.unwrap();
        assert_eq!(
            pos,
            Position {
                line: 5,
                column: 23
            }
        );
        assert_eq!(rest, "Bearer realm=\"api\"");
        let f = find(
            DOC,
            &[Key("response"), Key("headers"), Key("Link"), Index(0)],
        )
        .unwrap();
        assert_eq!(f.value.unwrap().0, Position { line: 7, column: 9 });
    }

    #[test]
    fn flow_values_are_found_on_their_line() {
        assert_eq!(
            at(&[
                Key("samples"),
                Index(1),
                Key("correct"),
                Key("response"),
                Key("status")
            ]),
            (19, 18, true)
        );
        assert_eq!(
            at(&[
                Key("samples"),
                Index(0),
                Key("incorrect"),
                Key("request"),
                Key("url")
            ]),
            (12, 28, true)
        );
    }

    #[test]
    fn missing_steps_give_the_deepest_found() {
        assert_eq!(at(&[Key("response"), Key("body")]), (2, 1, false));
        assert_eq!(at(&[Key("samples"), Index(5)]), (9, 1, false));
        assert!(find(DOC, &[Key("nothing")]).is_none());
        // A key of a nested mapping is not found at the wrong level.
        assert!(find(DOC, &[Key("headers")]).is_none());
    }
}
