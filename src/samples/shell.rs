//! POSIX shell words (sh, bash, zsh), for the command-line targets (curl, HTTPie).
//!
//! A shell has quoting rules of its own, unlike any string literal: a word is bare, single-quoted
//! (where nothing is special but the quote, which is closed and escaped around it) or double-quoted
//! to expand a placeholder's variable. PowerShell is not a POSIX shell and does not use this.

use super::escape::ascii_set;
use super::piece::{Piece, literal};

/// The characters a shell word may hold bare.
const SHELL_BARE: u128 =
    ascii_set(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_@%+=:,./-");

/// Quotes a literal as one POSIX shell word (sh, bash, zsh): bare when it holds only characters no
/// shell treats specially, else in single quotes, where nothing is special but the quote itself.
pub(crate) fn shell_quote(s: &str) -> String {
    // A non-ASCII character is never bare: its bytes are all outside the set.
    let safe = |b: u8| b < 0x80 && (SHELL_BARE >> b) & 1 == 1;
    if !s.is_empty() && s.bytes().all(safe) && !s.starts_with('=') {
        return s.to_owned();
    }
    format!("'{}'", s.replace('\'', r"'\''"))
}

/// Quotes pieces as one POSIX shell word. Without placeholders it is [`shell_quote`]; with them it is
/// a double-quoted word that expands `$NAME`, with `\`, `"`, `$` and `` ` `` escaped and each `!`
/// single-quoted (an interactive shell would expand it as history even in double quotes).
pub(crate) fn shell_word(pieces: &[Piece]) -> String {
    if let Some(text) = literal(pieces) {
        return shell_quote(&text);
    }
    let mut words: Vec<String> = Vec::new();
    let mut quoted = String::new();
    let flush = |quoted: &mut String, words: &mut Vec<String>| {
        if !quoted.is_empty() {
            words.push(format!("\"{quoted}\""));
            quoted.clear();
        }
    };
    for (i, piece) in pieces.iter().enumerate() {
        match piece {
            Piece::Text(t) => {
                for c in t.chars() {
                    match c {
                        '\\' | '"' | '$' | '`' => {
                            quoted.push('\\');
                            quoted.push(c);
                        }
                        '!' => {
                            flush(&mut quoted, &mut words);
                            words.push("'!'".to_owned());
                        }
                        _ => quoted.push(c),
                    }
                }
            }
            Piece::Env(name) | Piece::EnvEncoded(name) => {
                let next_continues = match pieces.get(i + 1) {
                    Some(Piece::Text(t)) => {
                        t.starts_with(|c: char| c.is_ascii_alphanumeric() || c == '_')
                    }
                    _ => false,
                };
                if next_continues {
                    quoted.push_str(&format!("${{{name}}}"));
                } else {
                    quoted.push('$');
                    quoted.push_str(name);
                }
            }
        }
    }
    flush(&mut quoted, &mut words);
    words.concat()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::samples::piece::pieces;

    #[test]
    fn shell_words_quote_everything_special() {
        assert_eq!(shell_quote("plain/path:1,2"), "plain/path:1,2");
        assert_eq!(shell_quote(""), "''");
        assert_eq!(shell_quote("=x"), "'=x'");
        assert_eq!(shell_quote("'; rm -rf ~; '"), r"''\''; rm -rf ~; '\'''");
        assert_eq!(shell_quote("$HOME `id` \\ \"\n!"), "'$HOME `id` \\ \"\n!'");
    }

    #[test]
    fn shell_words_are_bare_exactly_with_the_safe_characters() {
        let safe = |c: char| c.is_ascii_alphanumeric() || "_@%+=:,./-".contains(c);
        for c in (0..0x300)
            .filter_map(char::from_u32)
            .chain(['\u{2028}', '\u{1F600}'])
        {
            let word = format!("a{c}");
            assert_eq!(shell_quote(&word) == word, safe(c), "{c:?}");
        }
    }

    #[test]
    fn shell_words_with_placeholders_expand_only_the_variable() {
        let word = |s: &str| shell_word(&pieces(s));
        assert_eq!(word("Bearer ${TOKEN}"), "\"Bearer $TOKEN\"");
        assert_eq!(word("${TOKEN}x"), "\"${TOKEN}x\"");
        assert_eq!(word("$`\\\"${T}"), "\"\\$\\`\\\\\\\"$T\"");
        assert_eq!(word("hi!${T}!"), "\"hi\"'!'\"$T\"'!'");
    }
}
