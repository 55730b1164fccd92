//! Defences of the loader against hostile or broken files, around serde_yaml.
//!
//! serde_yaml is safe but not cheap on every input: its parser takes time quadratic in the nesting
//! depth before its own recursion limit applies (100,000 `[` take over a minute), and it silently
//! keeps the last of two equal keys in a map (two `WWW-Authenticate:` lines under `headers`). This
//! module bounds file size and nesting before parsing, finds duplicate keys after, and turns
//! serde_yaml's terse limit errors into located diagnostics. It reads no files.

use std::path::Path;

use crate::diagnostic::{Diagnostic, Position};

/// The largest catalog file accepted: far above any real entry (a few KB), far below what would make
/// a build slow.
pub const MAX_FILE_BYTES: u64 = 1 << 20;

/// The deepest nesting of flow collections (`[`, `{`) or of block sequences on one line (`- - -`)
/// accepted; real entries stay under 10.
pub const MAX_DEPTH: usize = 64;

/// The YAML text of a file (all of it, or a guide's front matter) and where it sits in the file.
#[derive(Debug, Clone, Copy)]
pub struct Yaml<'a> {
    /// The YAML text.
    pub text: &'a str,
    /// The whole file, for the source line shown under a diagnostic.
    pub full: &'a str,
    /// Lines of the file before the YAML text (1 for front matter after `---`).
    pub line_offset: usize,
    /// The file, relative to the site root.
    pub rel: &'a Path,
}

impl Yaml<'_> {
    /// Places `d` at `position` (relative to the YAML text) in the whole file.
    fn place(&self, d: Diagnostic, position: Option<Position>) -> Diagnostic {
        match position {
            Some(p) => d.at(
                self.full,
                Position {
                    line: p.line + self.line_offset,
                    ..p
                },
            ),
            None => d,
        }
    }
}

/// An error for a file larger than [`MAX_FILE_BYTES`].
#[must_use]
pub fn too_large(rel: &Path, len: u64) -> Diagnostic {
    #[expect(clippy::cast_precision_loss, reason = "a size shown with one decimal")]
    let mib = len as f64 / f64::from(1 << 20);
    Diagnostic::error(
        "file-too-large",
        rel,
        format!("the file is {mib:.1} MiB; catalog files are limited to 1 MiB"),
    )
    .with_help("split the content into several entries, or move large bodies out of the catalog")
}

/// The bytes that matter to [`check_depth`] outside quotes once a line's indentation is passed.
const PLAIN_STOPS: [bool; 256] = {
    let mut stops = [false; 256];
    let mut i = 0;
    let special = b"#\"'[{]}";
    while i < special.len() {
        stops[special[i] as usize] = true;
        i += 1;
    }
    stops
};

/// Rejects text nested deeper than [`MAX_DEPTH`], before serde_yaml sees it. Quoted scalars and
/// comments are skipped; brackets in plain text count, which can only over-count prose with
/// unbalanced brackets, never let deep nesting through.
///
/// # Errors
/// A diagnostic at the bracket or dash that goes one level too deep.
pub fn check_depth(yaml: Yaml<'_>) -> Result<(), Box<Diagnostic>> {
    let too_deep = |index: usize, line: &str, byte: usize| {
        let d = Diagnostic::error(
            "too-deep",
            yaml.rel,
            format!("the YAML is nested more than {MAX_DEPTH} levels deep"),
        )
        .with_help("a catalog file needs a few levels; check for unclosed `[` or `{`");
        let column = line[..byte].chars().count() + 1;
        Box::new(yaml.place(
            d,
            Some(Position {
                line: index + 1,
                column,
            }),
        ))
    };
    // Every character that matters is ASCII, and no byte of a longer UTF-8 character is one, so
    // the text is read byte by byte; the column is counted in characters only for the error.
    let mut depth = 0usize;
    let mut quote: Option<u8> = None;
    for (index, line) in yaml.text.lines().enumerate() {
        let bytes = line.as_bytes();
        let mut previous = b' ';
        let mut leading = quote.is_none();
        let mut dashes = 0usize;
        let mut next = 0;
        loop {
            // Skip to the next byte that can change the state; `previous` is the byte before it.
            let rest = bytes.get(next..).unwrap_or_default();
            let skip = match quote {
                None if !leading => rest.iter().position(|b| PLAIN_STOPS[usize::from(*b)]),
                Some(b'"') => rest.iter().position(|b| matches!(b, b'"' | b'\\')),
                Some(q) => rest.iter().position(|b| *b == q),
                // Indentation changes nothing: on to the first byte that is not a space.
                None => rest.iter().position(|b| *b != b' '),
            };
            let Some(skip) = skip else { break };
            if skip > 0 {
                next += skip;
                previous = bytes[next - 1];
            }
            let Some(&c) = bytes.get(next) else { break };
            let byte = next;
            next += 1;
            match quote {
                Some(b'"') if c == b'\\' => {
                    // The escaped character: its first byte here, any further bytes are no quote.
                    next += 1;
                }
                Some(q) if c == q => quote = None,
                Some(_) => {}
                None if leading && c == b'-' && bytes.get(next).is_none_or(|n| *n == b' ') => {
                    dashes += 1;
                    if dashes > MAX_DEPTH {
                        return Err(too_deep(index, line, byte));
                    }
                }
                None if leading && c == b' ' => {}
                None => {
                    leading = false;
                    match c {
                        b'#' if previous == b' ' || byte == 0 => break,
                        b'"' | b'\'' if b" [{,:".contains(&previous) || byte == 0 => {
                            quote = Some(c);
                        }
                        b'[' | b'{' => {
                            depth += 1;
                            if depth > MAX_DEPTH {
                                return Err(too_deep(index, line, byte));
                            }
                        }
                        b']' | b'}' => depth = depth.saturating_sub(1),
                        _ => {}
                    }
                }
            }
            previous = c;
        }
    }
    Ok(())
}

/// Rejects characters YAML does not allow in a document (C0 controls other than tab, line feed and
/// carriage return, DEL, C1 controls other than NEL, U+FFFE and U+FFFF), at their position.
///
/// # Errors
/// A diagnostic at the first such character.
pub fn check_characters(yaml: Yaml<'_>) -> Result<(), Box<Diagnostic>> {
    if !has_forbidden_character(yaml.text.as_bytes()) {
        return Ok(());
    }
    for (i, line) in yaml.text.split('\n').enumerate() {
        let bad = line.char_indices().find(|(_, c)| {
            matches!(*c, '\0'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{7f}'..='\u{84}' | '\u{86}'..='\u{9f}' | '\u{fffe}' | '\u{ffff}')
        });
        if let Some((byte, c)) = bad {
            let d = Diagnostic::error(
                "control-character",
                yaml.rel,
                format!(
                    "the file contains the control character U+{:04X}, which YAML does not allow",
                    u32::from(c)
                ),
            )
            .with_help(
                "remove it; a file that is all such characters is probably not a catalog file",
            );
            let position = Position {
                line: i + 1,
                column: line[..byte].chars().count() + 1,
            };
            return Err(Box::new(yaml.place(d, Some(position))));
        }
    }
    Ok(())
}

/// Whether UTF-8 text holds a character [`check_characters`] rejects, from its bytes: each is one
/// control byte, `C2 80`..`C2 9F` but `C2 85` (NEL), or `EF BF BE`/`EF BF BF`.
pub(crate) fn has_forbidden_character(bytes: &[u8]) -> bool {
    const CHUNK: usize = 64;
    let suspect = |b: u8| matches!(b, 0x00..=0x08 | 0x0b | 0x0c | 0x0e..=0x1f | 0x7f | 0xc2 | 0xef);
    let forbidden_at = |i: usize| match bytes.get(i) {
        Some(0x00..=0x08 | 0x0b | 0x0c | 0x0e..=0x1f | 0x7f) => true,
        Some(0xc2) => matches!(bytes.get(i + 1), Some(0x80..=0x84 | 0x86..=0x9f)),
        Some(0xef) => {
            bytes.get(i + 1) == Some(&0xbf) && matches!(bytes.get(i + 2), Some(0xbe | 0xbf))
        }
        _ => false,
    };
    // A whole chunk is tested at once (no early exit, so it vectorizes); only a chunk with a
    // suspect byte, such as the C2 of `§`, is read byte by byte.
    bytes.chunks(CHUNK).enumerate().any(|(n, chunk)| {
        chunk.iter().fold(false, |found, b| found | suspect(*b))
            && (n * CHUNK..n * CHUNK + chunk.len()).any(forbidden_at)
    })
}

/// The position of the second `key:` of a mapping that serde reports at `start` (serde's
/// "duplicate field" errors point at the mapping, not at the repeated key).
#[must_use]
pub fn second_key(text: &str, start: Position, key: &str) -> Option<Position> {
    second_occurrence(text, start, key)
}

/// Finds a key written twice in one mapping (serde_yaml keeps the last one silently when it fills
/// a map such as `headers`). Run it on text that already parsed into the model.
#[must_use]
pub fn duplicate_key(yaml: Yaml<'_>) -> Option<Diagnostic> {
    let e = serde_yaml::from_str::<serde_yaml::Value>(yaml.text).err()?;
    let message = e.to_string();
    let key = message
        .split("duplicate entry with key ")
        .nth(1)?
        .split(" at line ")
        .next()?
        .trim_matches('"')
        .to_owned();
    let place = message
        .split(": duplicate entry")
        .next()
        .filter(|p| !p.starts_with("duplicate"))
        .map_or_else(String::new, |p| format!(" in `{p}`"));
    let d = Diagnostic::error(
        "duplicate-key",
        yaml.rel,
        format!("the key `{key}` appears twice{place}"),
    )
    .with_help("a mapping holds each key once; the second would silently replace the first (a header that repeats is written as a list)");
    let position = e.location().map(|loc| {
        let first = Position {
            line: loc.line(),
            column: loc.column(),
        };
        second_occurrence(yaml.text, first, &key).unwrap_or(first)
    });
    Some(yaml.place(d, position))
}

/// The second `key:` line at the indentation of `start` in the block that begins there.
fn second_occurrence(text: &str, start: Position, key: &str) -> Option<Position> {
    let indent = start.column - 1;
    let mut seen = 0;
    for (i, line) in text.lines().enumerate().skip(start.line - 1) {
        let trimmed = line.trim_start_matches(' ');
        let this = line.len() - trimmed.len();
        if !trimmed.is_empty() && !trimmed.starts_with('#') && this < indent {
            break;
        }
        let unquoted = trimmed
            .strip_prefix('"')
            .and_then(|t| t.strip_prefix(key))
            .and_then(|t| t.strip_prefix('"'))
            .or_else(|| trimmed.strip_prefix(key));
        if this == indent && unquoted.is_some_and(|rest| rest.starts_with(':')) {
            seen += 1;
            if seen == 2 {
                return Some(Position {
                    line: i + 1,
                    column: indent + 1,
                });
            }
        }
    }
    None
}

/// A clearer message and a position for serde_yaml errors that come without either.
#[must_use]
pub fn explain_limit(
    message: &str,
    text: &str,
) -> Option<(String, Option<Position>, &'static str)> {
    if message.contains("repetition limit exceeded") {
        let position = text.lines().enumerate().find_map(|(i, line)| {
            let bytes = line.as_bytes();
            (1..bytes.len())
                .find(|&b| {
                    bytes[b] == b'*'
                        && b" [{,".contains(&bytes[b - 1])
                        && bytes.get(b + 1).is_some_and(u8::is_ascii_alphanumeric)
                })
                .map(|b| Position {
                    line: i + 1,
                    column: line[..b].chars().count() + 1,
                })
        });
        return Some((
            "the aliases in this file expand to too many values (an alias bomb?)".to_owned(),
            position,
            "each `*alias` repeats the value of its `&anchor`; write the values out instead",
        ));
    }
    if message.contains("more than one document") {
        let position = text
            .lines()
            .enumerate()
            .skip(1)
            .find(|(_, l)| l.trim_end() == "---" || l.starts_with("--- "))
            .map(|(i, _)| Position {
                line: i + 1,
                column: 1,
            });
        return Some((
            "a catalog file holds one YAML document; this is a second one".to_owned(),
            position,
            "remove the `---` line, or move the second document into its own file",
        ));
    }
    None
}

#[cfg(test)]
mod tests {
    use proptest::prelude::{Strategy, prop};

    use super::*;

    fn yaml(text: &str) -> Yaml<'_> {
        Yaml {
            text,
            full: text,
            line_offset: 0,
            rel: Path::new("x.yaml"),
        }
    }

    fn depth_error(text: &str) -> Option<Position> {
        check_depth(yaml(text)).err().and_then(|d| d.position)
    }

    #[test]
    fn deep_flow_and_dash_nesting_is_refused_where_it_starts() {
        assert_eq!(
            depth_error(&format!("a: {}", "[".repeat(100_000))),
            Some(Position {
                line: 1,
                column: 4 + MAX_DEPTH
            })
        );
        assert_eq!(
            depth_error(&format!("x: 1\n{}", "- ".repeat(1000))),
            Some(Position {
                line: 2,
                column: 1 + 2 * MAX_DEPTH
            })
        );
        assert_eq!(depth_error("a: [[[{b: 1}]]]\n"), None);
    }

    #[test]
    fn quoted_and_commented_brackets_do_not_count() {
        let many = "[".repeat(200);
        assert_eq!(depth_error(&format!("a: \"{many}\"\n")), None);
        assert_eq!(depth_error(&format!("a: '{many}'\n")), None);
        assert_eq!(depth_error(&format!("a: 1 # {many}\n")), None);
        assert_eq!(depth_error(&format!("a: \"\\\"{many}\"\n")), None);
        // An apostrophe inside a plain scalar does not open a quote.
        assert!(depth_error(&format!("a: don't {many}\n")).is_some());
    }

    /// The character-by-character reading `check_depth` replaced: the position of the first
    /// bracket or dash too deep.
    fn depth_by_chars(text: &str) -> Option<Position> {
        let mut depth = 0usize;
        let mut quote: Option<char> = None;
        for (index, line) in text.lines().enumerate() {
            let mut previous = ' ';
            let mut chars = line.char_indices().peekable();
            let mut leading = quote.is_none();
            let mut dashes = 0usize;
            while let Some((byte, c)) = chars.next() {
                let column = line[..byte].chars().count() + 1;
                let at = Some(Position {
                    line: index + 1,
                    column,
                });
                match quote {
                    Some('"') if c == '\\' => {
                        chars.next();
                    }
                    Some(q) if c == q => quote = None,
                    Some(_) => {}
                    None if leading && c == '-' && chars.peek().is_none_or(|(_, n)| *n == ' ') => {
                        dashes += 1;
                        if dashes > MAX_DEPTH {
                            return at;
                        }
                    }
                    None if leading && c == ' ' => {}
                    None => {
                        leading = false;
                        match c {
                            '#' if previous == ' ' || byte == 0 => break,
                            '"' | '\'' if " [{,:".contains(previous) || byte == 0 => {
                                quote = Some(c)
                            }
                            '[' | '{' => {
                                depth += 1;
                                if depth > MAX_DEPTH {
                                    return at;
                                }
                            }
                            ']' | '}' => depth = depth.saturating_sub(1),
                            _ => {}
                        }
                    }
                }
                previous = c;
            }
        }
        None
    }

    /// Text made of the pieces that matter to the guards, and characters of every UTF-8 length.
    fn guarded_text() -> impl Strategy<Value = String> {
        let pieces = prop::sample::select(vec![
            "[", "{", "]", "}", "- ", "-", " ", "  ", "\n", "\r\n", "\r", "\"", "'", "\\", "#",
            ":", ",", "a", "é", "—", "€", "😀", "\u{85}", "\u{2028}", "\u{9f}", "\u{a7}",
            "\u{fffe}", "\u{ffff}", "\u{fffd}", "\u{7}", "\t", "\u{7f}", "\u{0}",
        ]);
        prop::collection::vec(pieces, 0..400).prop_map(|p| p.concat())
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(3000))]

        #[test]
        fn depth_by_bytes_is_depth_by_chars(
            text in guarded_text(),
            deep in 0usize..3,
        ) {
            // Some texts go deep enough to fail.
            let text = format!("{}{text}", "[".repeat(deep * 30));
            proptest::prop_assert_eq!(depth_error(&text), depth_by_chars(&text));
        }

        #[test]
        fn the_byte_scan_finds_every_forbidden_character(text in guarded_text()) {
            let forbidden = text.chars().any(|c| matches!(c, '\0'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{7f}'..='\u{84}' | '\u{86}'..='\u{9f}' | '\u{fffe}' | '\u{ffff}'));
            proptest::prop_assert_eq!(has_forbidden_character(text.as_bytes()), forbidden);
        }
    }

    #[test]
    fn the_second_duplicate_is_located() {
        let text = "h:\n  B: z\n  A: x\n  C: x\n  A: y\n";
        let d = duplicate_key(yaml(text)).unwrap();
        assert_eq!(d.message, "the key `A` appears twice in `h`");
        assert_eq!(d.position, Some(Position { line: 5, column: 3 }));
        assert!(duplicate_key(yaml("h: {a: 1, b: 2}\n")).is_none());
    }
}
