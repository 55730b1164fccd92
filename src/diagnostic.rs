//! Located problems in the site's input, and how they are shown.
//!
//! Every stage that finds problems in user input returns [`Diagnostic`]s instead of stopping at the
//! first one, so a single run reports everything. This module owns the type and its terminal and JSON
//! forms; it never decides what is a problem.

use std::fmt;
use std::path::{Path, PathBuf};

use serde::Serialize;

/// How bad a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The catalog is wrong; nothing is written.
    Error,
    /// Worth fixing; the build still succeeds.
    Warning,
}

/// A position in a file, 1-based.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Position {
    /// Line, from 1.
    pub line: usize,
    /// Column in characters, from 1.
    pub column: usize,
}

/// One problem, with where it is and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// A stable, kebab-case name for the kind of problem (e.g. `unknown-field`).
    pub code: &'static str,
    /// What is wrong.
    pub message: String,
    /// The file, relative to the site root.
    pub path: PathBuf,
    /// Where in the file, when known.
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    pub position: Option<Position>,
    /// A hint at the fix.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    /// The source line the position points into, for context.
    #[serde(skip)]
    pub source_line: Option<String>,
}

impl Diagnostic {
    /// An error in `path` with no position yet.
    #[must_use]
    pub fn error(code: &'static str, path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Error,
            code,
            message: message.into(),
            path: path.into(),
            position: None,
            help: None,
            source_line: None,
        }
    }

    /// A warning in `path` with no position yet.
    #[must_use]
    pub fn warning(
        code: &'static str,
        path: impl Into<PathBuf>,
        message: impl Into<String>,
    ) -> Self {
        Self {
            severity: Severity::Warning,
            ..Self::error(code, path, message)
        }
    }

    /// Sets the position and takes the source line from `source`.
    #[must_use]
    pub fn at(mut self, source: &str, position: Position) -> Self {
        self.source_line = source
            .lines()
            .nth(position.line.saturating_sub(1))
            .map(str::to_owned);
        self.position = Some(position);
        self
    }

    /// Adds a hint.
    #[must_use]
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Whether this is an error (not a warning).
    #[must_use]
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    /// `path:line:col: error: message`, then the source line with a caret and the help.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let severity = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let path = inert(&display_path(&self.path));
        let message = inert(&self.message);
        match self.position {
            Some(p) => write!(f, "{path}:{}:{}: {severity}: {message}", p.line, p.column)?,
            None => write!(f, "{path}: {severity}: {message}")?,
        }
        if let (Some(p), Some(line)) = (self.position, &self.source_line) {
            let number = p.line.to_string();
            let pad = " ".repeat(number.len());
            let (shown, caret) = window(&inert(&line.replace('\t', " ")), p.column);
            write!(
                f,
                "\n{pad} |\n{number} | {shown}\n{pad} | {}^",
                " ".repeat(caret.saturating_sub(1))
            )?;
        }
        if let Some(help) = &self.help {
            write!(f, "\n  = help: {help}")?;
        }
        Ok(())
    }
}

/// At most [`WINDOW`] characters of a long source line around `column`, with `…` where it was
/// cut, and the caret's column in what is shown.
fn window(line: &str, column: usize) -> (String, usize) {
    let chars: Vec<char> = line.chars().collect();
    if chars.len() <= WINDOW {
        return (line.to_owned(), column);
    }
    let index = column.saturating_sub(1).min(chars.len());
    let start = index.saturating_sub(WINDOW / 2);
    let end = (start + WINDOW).min(chars.len());
    let start = end.saturating_sub(WINDOW);
    let mut shown = String::new();
    if start > 0 {
        shown.push('…');
    }
    shown.extend(&chars[start..end]);
    if end < chars.len() {
        shown.push('…');
    }
    (shown, index - start + 1 + usize::from(start > 0))
}

/// The most characters of a source line a diagnostic shows.
const WINDOW: usize = 100;

/// Text from a file made safe for a terminal: control characters (an escape sequence could recolour
/// or rewrite the user's terminal) become U+FFFD, one for one, so columns stay aligned.
fn inert(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_control() && c != '\n' {
                '\u{fffd}'
            } else {
                c
            }
        })
        .collect()
}

/// A path with forward slashes, as users see it in every diagnostic.
#[must_use]
pub fn display_path(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

/// Finds where `needle` first occurs in `source` at or after line `from_line` (1-based), as a
/// position. Used to point semantic problems (a dangling reference) at the text that causes them.
#[must_use]
pub fn locate(source: &str, needle: &str, from_line: usize) -> Option<Position> {
    source
        .lines()
        .enumerate()
        .skip(from_line.saturating_sub(1))
        .find_map(|(i, line)| {
            line.find(needle).map(|byte| Position {
                line: i + 1,
                column: line[..byte].chars().count() + 1,
            })
        })
}

/// Finds the line of a YAML key (`key:` at the start of a line, after indentation) in `source`.
#[must_use]
pub fn locate_key(source: &str, key: &str) -> Option<Position> {
    source.lines().enumerate().find_map(|(i, line)| {
        let trimmed = line.trim_start();
        let rest = trimmed.strip_prefix(key)?;
        rest.starts_with(':').then(|| Position {
            line: i + 1,
            column: line.len() - trimmed.len() + 1,
        })
    })
}

/// For a serde "unknown field `x`, expected one of `a`, `b`" message: the closest allowed field as a
/// did-you-mean hint, or the list of allowed fields.
#[must_use]
pub fn unknown_field_help(message: &str) -> Option<String> {
    let rest = message.split("unknown field `").nth(1)?;
    let mut quoted = rest.split('`').skip(2).step_by(2).map(str::to_owned);
    let field = rest.split('`').next().unwrap_or("");
    let first = quoted.next();
    let expected: Vec<String> = first.into_iter().chain(quoted).collect();
    let best = expected
        .iter()
        .map(|candidate| (strsim::damerau_levenshtein(field, candidate), candidate))
        .filter(|(distance, candidate)| *distance <= 2.max(candidate.len() / 3))
        .min();
    // `response: unknown field …`: the field sits inside another mapping, perhaps by indentation.
    let nested = message
        .split_once(": unknown field")
        .is_some_and(|(path, _)| !path.is_empty());
    Some(match best {
        Some((_, candidate)) => format!("did you mean `{candidate}`?"),
        None if expected.is_empty() => "remove this field".to_owned(),
        None if nested => format!(
            "the fields allowed here are: {}; if `{field}` belongs to an enclosing mapping, \
             indent it less, as far as that mapping's keys",
            expected.join(", ")
        ),
        None => format!("the fields allowed here are: {}", expected.join(", ")),
    })
}

/// Sorts diagnostics by file, then position, for stable output.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics
        .sort_by(|a, b| (&a.path, a.position, &a.message).cmp(&(&b.path, b.position, &b.message)));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_location_source_and_caret() {
        let d = Diagnostic::error("x", "content/a.yaml", "bad thing")
            .at("one\n  two: 3\n", Position { line: 2, column: 3 })
            .with_help("do better");
        assert_eq!(
            d.to_string(),
            "content/a.yaml:2:3: error: bad thing\n  |\n2 |   two: 3\n  |   ^\n  = help: do better"
        );
    }

    #[test]
    fn control_characters_from_files_never_reach_the_terminal() {
        let d = Diagnostic::error("x", "a.yaml", "bad key `\u{1b}[31m`")
            .at("k\u{1b}[2J: 1\n", Position { line: 1, column: 2 });
        let shown = d.to_string();
        assert!(!shown.contains('\u{1b}'), "{shown:?}");
        assert_eq!(
            shown,
            "a.yaml:1:2: error: bad key `\u{fffd}[31m`\n  |\n1 | k\u{fffd}[2J: 1\n  |  ^"
        );
    }

    #[test]
    fn a_long_line_is_shown_around_the_caret() {
        let line = format!("{}X{}", "a".repeat(500), "b".repeat(500));
        let d = Diagnostic::error("x", "a.yaml", "here").at(
            &line,
            Position {
                line: 1,
                column: 501,
            },
        );
        let shown = d.to_string();
        let lines: Vec<&str> = shown.lines().collect();
        assert!(lines[2].chars().count() < 120, "{shown}");
        let x = lines[2].chars().position(|c| c == 'X').unwrap();
        let caret = lines[3].chars().position(|c| c == '^').unwrap();
        assert_eq!(x, caret, "{shown}");
    }

    #[test]
    fn locates_text_after_a_line() {
        let src = "related:\n  - a/b\nmore:\n  - a/b\n";
        assert_eq!(locate(src, "a/b", 3), Some(Position { line: 4, column: 5 }));
        assert_eq!(
            locate_key(src, "more"),
            Some(Position { line: 3, column: 1 })
        );
    }
}
