//! What every string-literal writer shares: which characters a reader cannot see
//! ([`is_invisible`]), and whether text can be copied into a literal whole ([`is_verbatim`]).
//!
//! Each language writes its own literals with these; POSIX shell words are in [`super::shell`].

/// A set of ASCII characters, as a mask with the bit of each one's code set.
pub(crate) const fn ascii_set(chars: &[u8]) -> u128 {
    let mut mask = 0;
    let mut i = 0;
    while i < chars.len() {
        mask |= 1 << chars[i];
        i += 1;
    }
    mask
}

/// The printable characters a double-quoted literal escapes in most languages.
pub(crate) const QUOTE_AND_BACKSLASH: u128 = ascii_set(b"\"\\");

/// Whether a string literal holds `text` character for character: every byte is printable ASCII
/// and none is in `special`, the printable characters the literal escapes. Nearly all the text of
/// a request is like that, and copying it whole is many times quicker than escaping it by
/// character.
#[inline]
pub(crate) fn is_verbatim(text: &str, special: u128) -> bool {
    text.bytes()
        .all(|b| (0x20..0x7f).contains(&b) && (special >> b) & 1 == 0)
}

/// `text` between `quote`s, as it is.
pub(crate) fn quoted(text: &str, quote: char) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push(quote);
    out.push_str(text);
    out.push(quote);
    out
}

/// Characters that a reader cannot see or that editors and compilers treat specially, which string
/// literals write as escapes: controls, format characters (bidirectional overrides, zero-width
/// characters, the byte order mark) and the line and paragraph separators.
pub(crate) fn is_invisible(c: char) -> bool {
    // Nearly every character in a request is printable ASCII: settle those before the ranges.
    if c.is_ascii() {
        return c.is_ascii_control();
    }
    c.is_control()
        || matches!(c,
            '\u{00AD}'
            | '\u{034F}'
            | '\u{061C}'
            | '\u{115F}'..='\u{1160}'
            | '\u{17B4}'..='\u{17B5}'
            | '\u{180B}'..='\u{180F}'
            | '\u{200B}'..='\u{200F}'
            | '\u{2028}'..='\u{202E}'
            | '\u{205F}'..='\u{206F}'
            | '\u{3164}'
            | '\u{FE00}'..='\u{FE0F}'
            | '\u{FEFF}'
            | '\u{FFA0}'
            | '\u{FFF0}'..='\u{FFFB}'
            | '\u{E0000}'..='\u{E0FFF}'
        )
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Checks that `special` holds every printable character the literal writer `write` does not
    /// copy as it is, for text that `is_verbatim` lets a writer copy whole: after `forcing`, which
    /// makes `write` take its character-by-character path, every two characters outside `special`
    /// must come out unchanged, just before the closing delimiter.
    pub(crate) fn assert_verbatim_set(
        write: impl Fn(&str) -> String,
        special: u128,
        forcing: &str,
    ) {
        assert!(!is_verbatim(forcing, special));
        let base = write(forcing);
        let (head, close) = base.split_at(base.len() - 1);
        let plain: Vec<char> = (0x20u8..0x7f)
            .filter(|&b| (special >> b) & 1 == 0)
            .map(char::from)
            .collect();
        for &a in &plain {
            for &b in &plain {
                let text = format!("{a}{b}");
                assert!(is_verbatim(&text, special));
                assert_eq!(
                    write(&format!("{forcing}{text}")),
                    format!("{head}{text}{close}"),
                    "{text:?} is not written as it is"
                );
            }
        }
    }

    #[test]
    fn verbatim_text_is_printable_ascii_outside_the_set() {
        assert!(is_verbatim("Bearer abc.def-1 {x} #$", QUOTE_AND_BACKSLASH));
        assert!(is_verbatim("", QUOTE_AND_BACKSLASH));
        for text in ["a\"b", "a\\b", "a\nb", "tab\t", "\u{7f}", "é", "\u{200b}"] {
            assert!(!is_verbatim(text, QUOTE_AND_BACKSLASH), "{text:?}");
        }
        assert!(!is_verbatim("a$b", ascii_set(b"$")));
        assert_eq!(quoted("x y", '\''), "'x y'");
    }
}
