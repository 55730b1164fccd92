//! Placeholders that `errdocs new` leaves in a skeleton: values written `<fill in …>`.
//!
//! A skeleton parses as it is, so without this rule an unfilled one would build into a page titled
//! "<fill in a short title…>". Every placeholder left is an error at its line and column, all of them
//! in one run. Comment lines are skipped, so a skeleton's comments may name the syntax.

use super::load::Source;
use crate::diagnostic::{Diagnostic, Position};

/// How every placeholder starts.
pub const MARKER: &str = "<fill in";

/// The placeholders of one file. Loading calls this on each file while it still holds the text,
/// which it drops afterwards.
#[must_use]
pub fn in_source(source: &Source) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let text = source.text();
    // One search of the whole text first: almost no file has a placeholder.
    if !text.contains(MARKER) {
        return out;
    }
    for (i, line) in text.lines().enumerate() {
        if line.trim_start().starts_with('#') {
            continue;
        }
        let mut from = 0;
        while let Some(at) = line[from..].find(MARKER).map(|a| a + from) {
            let end = line[at..].find('>').map_or(line.len(), |e| at + e + 1);
            let placeholder = &line[at..end];
            let position = Position {
                line: i + 1,
                column: line[..at].chars().count() + 1,
            };
            out.push(
                Diagnostic::error(
                    "placeholder",
                    source.path.clone(),
                    format!("`{placeholder}` is a placeholder left from `errdocs new`"),
                )
                .at(text, position)
                .with_help("replace it with the text it asks for"),
            );
            from = end;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_placeholder_is_located() {
        let source = Source::new(
            "content/trees/a.yaml",
            "# write `<fill in …>` values\ntitle: <fill in a title>\nx: [<fill in a>, <fill in b>]\n"
                .into(),
        );
        let found = in_source(&source);
        let at: Vec<String> = found
            .iter()
            .map(|d| {
                format!(
                    "{}:{}",
                    d.position.unwrap().line,
                    d.position.unwrap().column
                )
            })
            .collect();
        assert_eq!(at, ["2:8", "3:5", "3:18"]);
        assert_eq!(
            found[0].message,
            "`<fill in a title>` is a placeholder left from `errdocs new`"
        );
    }
}
