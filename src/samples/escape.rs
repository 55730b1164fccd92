//! String literals: one [`Escaper`] writes text as a quoted literal of any language whose strings
//! escape a character by marking it (`\"`, `` `$ ``) or by doubling it (`''`), and the checks every
//! literal writer shares: which characters a reader cannot see ([`is_invisible`]), and whether text
//! can be copied whole ([`is_verbatim`]).
//!
//! A language module holds its literal syntax as an `Escaper` value: which quote, which characters
//! take the mark, how a control or invisible character is spelt. This module owns how such a value
//! is applied; it does not know any language, nor placeholders (a literal that interpolates them
//! writes its text pieces through [`Escaper::push`]). POSIX shell words, whose quoting is not a
//! literal syntax, are in [`super::shell`].

use std::fmt::Write as _;

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

/// How an escaped character is marked.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Mark {
    /// This character comes first (`\` in C and most languages after it, `` ` `` in PowerShell).
    Before(char),
    /// The character is written twice (the quote of a PowerShell single-quoted string).
    Doubled,
}

/// How a character with no short escape is written after the mark: as its code, in the first form
/// of [`Escaper::codes`] that reaches it.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Form {
    /// Three octal digits (`\000`).
    Octal,
    /// `x` and two hex digits (`\x1b`).
    Hex2,
    /// `u` and four hex digits (`\u2028`).
    Hex4,
    /// `U` and eight hex digits (`\U000e0001`).
    Hex8,
    /// `u{…}` with as many hex digits as needed (`\u{1b}`).
    Braced,
    /// `u` and four hex digits for each UTF-16 code unit: two escapes past U+FFFF (`\udb40\udc01`).
    Utf16,
}

/// One string literal syntax: how text is written between quotes so that it means itself.
///
/// Each character of the text is, in this order: a printable character that needs the [`Mark`]
/// (`special`, `also`, `before`), a character with a short escape of its own (`named`), another
/// invisible character (see [`is_invisible`]) written as its code (`codes`), or itself.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Escaper {
    /// The quote at each end.
    pub(crate) quote: char,
    /// How a character that needs escaping is marked.
    pub(crate) mark: Mark,
    /// The printable ASCII characters that are always marked (see [`ascii_set`]).
    pub(crate) special: u128,
    /// Characters past ASCII that are always marked (quote look-alikes a language reads as quotes).
    pub(crate) also: &'static [char],
    /// A printable ASCII character that is marked only right before one of some others, as Ruby's
    /// `#` before `{`, `$` or `@`, which would start an interpolation.
    pub(crate) before: Option<(u8, &'static [char])>,
    /// Characters with an escape of their own, and that escape in full (`\n`). An entry may write
    /// the character as it is, for a syntax that holds a line break or a tab unescaped.
    pub(crate) named: &'static [(char, &'static str)],
    /// For any other invisible character, the form of its code up to each code point, in
    /// increasing order; the last must reach U+10FFFF. None (as always with [`Mark::Doubled`])
    /// writes them as they are: a syntax without such escapes is only used for text for which
    /// [`needs_escape`] is false.
    pub(crate) codes: &'static [(u32, Form)],
    /// Whether hex digits are upper case.
    pub(crate) upper: bool,
}

/// The short escapes of C (`\n`, `\r`, `\t`), which nearly every language shares.
pub(crate) const C_NAMED: &[(char, &str)] = &[('\n', "\\n"), ('\r', "\\r"), ('\t', "\\t")];

/// [`C_NAMED`] and `\0`.
pub(crate) const C_NAMED_NUL: &[(char, &str)] =
    &[('\n', "\\n"), ('\r', "\\r"), ('\t', "\\t"), ('\0', "\\0")];

/// A line break and a tab, written as they are.
pub(crate) const RAW_LINES: &[(char, &str)] = &[('\n', "\n"), ('\t', "\t")];

/// Any code as `\u{…}`.
pub(crate) const BRACED: &[(u32, Form)] = &[(0x10_FFFF, Form::Braced)];

impl Escaper {
    /// The double-quoted string of C and most languages after it: `"` and `\` take a backslash,
    /// and so do line breaks, carriage returns and tabs (`\n`, `\r`, `\t`); other invisible
    /// characters as `\u{…}` unless a language says otherwise.
    pub(crate) const DOUBLE_QUOTED: Escaper = Escaper {
        quote: '"',
        mark: Mark::Before('\\'),
        special: ascii_set(b"\"\\"),
        also: &[],
        before: None,
        named: C_NAMED,
        codes: BRACED,
        upper: false,
    };

    /// The printable ASCII characters this syntax does not write as they are: text without them,
    /// or any other character that is not printable ASCII, can be copied whole.
    #[inline]
    pub(crate) const fn verbatim_set(&self) -> u128 {
        match self.before {
            Some((c, _)) => self.special | 1 << c,
            None => self.special,
        }
    }

    /// `text` as a literal, between quotes.
    pub(crate) fn literal(&self, text: &str) -> String {
        if is_verbatim(text, self.verbatim_set()) {
            return quoted(text, self.quote);
        }
        let mut out = String::with_capacity(text.len() + 2);
        out.push(self.quote);
        self.escape(&mut out, text);
        out.push(self.quote);
        out
    }

    /// Appends `text` as it reads inside a literal, without quotes: a literal that interpolates
    /// placeholders writes the text between them with this.
    pub(crate) fn push(&self, out: &mut String, text: &str) {
        if is_verbatim(text, self.verbatim_set()) {
            out.push_str(text);
        } else {
            self.escape(out, text);
        }
    }

    /// Appends `text` character by character.
    fn escape(&self, out: &mut String, text: &str) {
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            if self.is_marked(c, chars.peek().copied()) {
                match self.mark {
                    Mark::Before(mark) => out.push(mark),
                    Mark::Doubled => out.push(c),
                }
                out.push(c);
            } else if let Some(&(_, escape)) = self.named.iter().find(|&&(n, _)| n == c) {
                out.push_str(escape);
            } else if is_invisible(c)
                && let Mark::Before(mark) = self.mark
                && !self.codes.is_empty()
            {
                self.push_code(out, mark, c);
            } else {
                out.push(c);
            }
        }
    }

    /// Whether `c`, followed by `next`, takes the mark.
    fn is_marked(&self, c: char, next: Option<char>) -> bool {
        if c.is_ascii() {
            let b = c as u8;
            (self.special >> b) & 1 == 1
                || self
                    .before
                    .is_some_and(|(on, after)| on == b && next.is_some_and(|n| after.contains(&n)))
        } else {
            self.also.contains(&c)
        }
    }

    /// Appends the escape of `c` by its code, after `mark`.
    fn push_code(&self, out: &mut String, mark: char, c: char) {
        let n = u32::from(c);
        let form = self
            .codes
            .iter()
            .find(|&&(max, _)| n <= max)
            .map_or(Form::Braced, |&(_, form)| form);
        let hex = |out: &mut String, letter: &str, n: u32, width: usize| {
            out.push(mark);
            out.push_str(letter);
            let _ = if self.upper {
                write!(out, "{n:0width$X}")
            } else {
                write!(out, "{n:0width$x}")
            };
        };
        match form {
            Form::Octal => {
                out.push(mark);
                let _ = write!(out, "{n:03o}");
            }
            Form::Hex2 => hex(out, "x", n, 2),
            Form::Hex4 => hex(out, "u", n, 4),
            Form::Hex8 => hex(out, "U", n, 8),
            Form::Braced => {
                hex(out, "u{", n, 0);
                out.push('}');
            }
            Form::Utf16 => {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    hex(out, "u", u32::from(*unit), 4);
                }
            }
        }
    }
}

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

/// Whether `text` holds an invisible character other than a line break or a tab: raw strings,
/// here-strings and single-quoted literals hold those two as they are, any other only as an escape.
pub(crate) fn needs_escape(text: &str) -> bool {
    // Printable ASCII, nearly all the text of a request, holds none: settle it a byte at a time.
    !is_verbatim(text, 0)
        && text
            .chars()
            .any(|c| is_invisible(c) && c != '\n' && c != '\t')
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
        let quote_and_backslash = Escaper::DOUBLE_QUOTED.verbatim_set();
        assert!(is_verbatim("Bearer abc.def-1 {x} #$", quote_and_backslash));
        assert!(is_verbatim("", quote_and_backslash));
        for text in ["a\"b", "a\\b", "a\nb", "tab\t", "\u{7f}", "é", "\u{200b}"] {
            assert!(!is_verbatim(text, quote_and_backslash), "{text:?}");
        }
        assert!(!is_verbatim("a$b", ascii_set(b"$")));
        assert_eq!(quoted("x y", '\''), "'x y'");
    }

    #[test]
    fn every_code_form_writes_the_code_point() {
        let write = |codes: &'static [(u32, Form)], upper| {
            let escaper = Escaper {
                codes,
                upper,
                ..Escaper::DOUBLE_QUOTED
            };
            escaper.literal("\u{1}\u{feff}\u{e0001}")
        };
        assert_eq!(write(BRACED, false), r#""\u{1}\u{feff}\u{e0001}""#);
        assert_eq!(write(BRACED, true), r#""\u{1}\u{FEFF}\u{E0001}""#);
        let java = &[(0xFF, Form::Octal), (0x10_FFFF, Form::Utf16)];
        assert_eq!(write(java, false), r#""\001\ufeff\udb40\udc01""#);
        let go = &[
            (0x7F, Form::Hex2),
            (0xFFFF, Form::Hex4),
            (0x10_FFFF, Form::Hex8),
        ];
        assert_eq!(write(go, false), r#""\x01\ufeff\U000e0001""#);
        let csharp = &[(0xFFFF, Form::Hex4), (0x10_FFFF, Form::Hex8)];
        assert_eq!(write(csharp, true), r#""\u0001\uFEFF\U000E0001""#);
    }

    #[test]
    fn marks_go_before_or_double_and_before_looks_ahead() {
        let backtick = Escaper {
            mark: Mark::Before('`'),
            special: ascii_set(b"`$\""),
            also: &['\u{201C}'],
            named: &[('\n', "`n")],
            ..Escaper::DOUBLE_QUOTED
        };
        assert_eq!(backtick.literal("$x “\n\u{1}"), "\"`$x `“`n`u{1}\"");
        let doubled = Escaper {
            quote: '\'',
            mark: Mark::Doubled,
            special: ascii_set(b"'"),
            also: &['\u{2019}'],
            named: RAW_LINES,
            codes: &[],
            ..Escaper::DOUBLE_QUOTED
        };
        assert_eq!(doubled.literal("it's ’\n\t\u{1}"), "'it''s ’’\n\t\u{1}'");
        let hash = Escaper {
            before: Some((b'#', &['{', '$', '@'])),
            ..Escaper::DOUBLE_QUOTED
        };
        assert_eq!(hash.literal("#{ #$ #@ #a #"), r#""\#{ \#$ \#@ #a #""#);
        let mut out = String::new();
        hash.push(&mut out, "a#");
        assert_eq!(out, "a#");
    }

    #[test]
    fn only_line_breaks_and_tabs_go_without_an_escape() {
        assert!(!needs_escape("a\n\tb é"));
        for text in ["\r", "\u{0}", "\u{feff}", "\u{2028}"] {
            assert!(needs_escape(text), "{text:?}");
        }
    }
}
