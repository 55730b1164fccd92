//! A reader for the plain subset of YAML that catalog files are written in, several times faster
//! than serde_yaml on such files and giving the same values.
//!
//! The subset: block mappings with plain keys, block sequences (indented under their key or at its
//! column), scalars on one line (plain, single- or double-quoted), literal and folded block
//! scalars, `[]` and `{}`, blank lines and comments. Anything else it declines rather than guess
//! at: anchors, aliases, tags, directives, documents markers, flow collections with content, plain
//! or quoted scalars over several lines, numbers other than unsigned decimals and plain fractions, tabs outside quoted
//! and block text, explicit block indentation. A value that does not fit the target type is
//! declined too. The caller then runs serde_yaml, which reads all of YAML and words every error
//! with its position; this reader never reports one.
//!
//! The values are those serde_yaml 0.9 gives: the same visitor calls in the same order (null,
//! booleans and integers resolved from plain scalars as its core schema does, every scalar read as
//! text where text is asked for, an empty plain scalar read as an empty list or map where one is
//! asked for). The tests compare the two on generated documents and on the shipped catalog.

use std::borrow::Cow;
use std::fmt;

use serde::Deserialize;
use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};

#[cfg(test)]
mod tests;

/// The value of `text` as `T`, or `None` when the text is outside the subset or does not fit `T`.
#[cfg(test)]
pub(crate) fn from_str<'de, T: Deserialize<'de>>(text: &'de str) -> Option<T> {
    if super::guard::has_forbidden_character(text.as_bytes()) {
        return None;
    }
    from_checked_str(text)
}

/// [`from_str`] for text that [`super::guard::check_characters`] has already passed: the loader
/// checks every file for control characters before parsing, so the scan is not made twice.
pub(crate) fn from_checked_str<'de, T: Deserialize<'de>>(text: &'de str) -> Option<T> {
    if has_odd_break_or_mark(text.as_bytes()) {
        return None;
    }
    let events = Reader::new(text).document().ok()?;
    let mut de = Events {
        events: &events,
        pos: 0,
    };
    let value = T::deserialize(&mut de).ok()?;
    (de.pos == events.len()).then_some(value)
}

/// Whether the text holds a line break other than `\n` (`\r`, U+0085, U+2028, U+2029) or a byte
/// order mark, which YAML treats specially and this reader does not.
fn has_odd_break_or_mark(bytes: &[u8]) -> bool {
    let odd_break = memchr::memchr3_iter(b'\r', 0xc2, 0xe2, bytes).any(|i| match bytes[i] {
        0xc2 => bytes.get(i + 1) == Some(&0x85),
        0xe2 => bytes.get(i + 1) == Some(&0x80) && matches!(bytes.get(i + 2), Some(0xa8 | 0xa9)),
        _ => true,
    });
    odd_break || memchr::memmem::find(bytes, "\u{feff}".as_bytes()).is_some()
}

/// What a plain scalar reads as when no type is asked for; quoted and block scalars are text.
#[derive(Clone, Copy, PartialEq, Debug)]
enum Kind {
    /// Empty, `~`, `null`, `Null` or `NULL`.
    Null,
    Bool(bool),
    /// An unsigned decimal without leading zeros that fits in 64 bits.
    Int(u64),
    /// Digits, a point, digits (`412055.10`), read by the same parser serde_yaml uses.
    Float(f64),
    /// Any other plain scalar.
    Plain,
    /// A quoted or block scalar.
    Quoted,
}

#[derive(Debug)]
enum Event<'a> {
    MapStart,
    MapEnd,
    SeqStart,
    SeqEnd,
    Scalar(Cow<'a, str>, Kind),
}

/// The text is outside the subset, or its value does not fit the type asked for.
#[derive(Debug)]
pub(crate) struct Declined;

impl fmt::Display for Declined {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("outside the plain YAML subset")
    }
}

impl std::error::Error for Declined {}

impl de::Error for Declined {
    fn custom<T: fmt::Display>(_: T) -> Self {
        Declined
    }
}

type Read<T = ()> = Result<T, Declined>;

/// Turns the text into events, line by line.
struct Reader<'a> {
    text: &'a str,
    bytes: &'a [u8],
    /// Start of the next line not yet read.
    next: usize,
    /// Content left on the current line after a sequence dash: its offset and column.
    pending: Option<(usize, usize)>,
    /// Collections open around the current line.
    depth: usize,
    events: Vec<Event<'a>>,
}

/// Whether a byte may not start a plain scalar or a key (YAML's indicators).
fn is_indicator(b: u8) -> bool {
    matches!(
        b,
        b'-' | b'?'
            | b':'
            | b','
            | b'['
            | b']'
            | b'{'
            | b'}'
            | b'#'
            | b'&'
            | b'*'
            | b'!'
            | b'|'
            | b'>'
            | b'\''
            | b'"'
            | b'%'
            | b'@'
            | b'`'
    )
}

/// How a plain scalar reads, or `Declined` for the numbers this reader leaves to serde_yaml
/// (signed, hexadecimal, octal, binary, fractional, exponent, infinity, not-a-number).
fn resolve(text: &str) -> Read<Kind> {
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return Ok(Kind::Null),
        "true" | "True" | "TRUE" => return Ok(Kind::Bool(true)),
        "false" | "False" | "FALSE" => return Ok(Kind::Bool(false)),
        _ => {}
    }
    let bytes = text.as_bytes();
    if bytes.iter().all(u8::is_ascii_digit) {
        // Leading zeros make text in YAML 1.2 (`007`).
        if bytes.len() > 1 && bytes[0] == b'0' {
            return Ok(Kind::Plain);
        }
        return text.parse().map(Kind::Int).map_err(|_| Declined);
    }
    if let Some((whole, fraction)) = text.split_once('.')
        && !whole.is_empty()
        && !fraction.is_empty()
        && whole
            .bytes()
            .chain(fraction.bytes())
            .all(|b| b.is_ascii_digit())
    {
        // serde_yaml reads a fraction too large for a finite `f64` as text.
        return match text.parse::<f64>() {
            Ok(x) if x.is_finite() => Ok(Kind::Float(x)),
            _ => Err(Declined),
        };
    }
    let unsigned = text.strip_prefix(['+', '-']).unwrap_or(text);
    let radix = ["0x", "0o", "0b"].iter().any(|p| unsigned.starts_with(p));
    let special = matches!(
        unsigned,
        ".inf" | ".Inf" | ".INF" | ".nan" | ".NaN" | ".NAN"
    );
    if radix || special || text.parse::<f64>().is_ok() {
        return Err(Declined);
    }
    Ok(Kind::Plain)
}

impl<'a> Reader<'a> {
    fn new(text: &'a str) -> Self {
        Reader {
            text,
            bytes: text.as_bytes(),
            next: 0,
            pending: None,
            depth: 0,
            events: Vec::with_capacity(text.len() / 16),
        }
    }

    fn document(mut self) -> Read<Vec<Event<'a>>> {
        let (pos, col) = self.peek()?.ok_or(Declined)?;
        let head = &self.text[pos..];
        if col != 0 || head.starts_with("---") || head.starts_with("...") {
            return Err(Declined);
        }
        self.collection(pos, col)?;
        if self.peek()?.is_some() {
            return Err(Declined);
        }
        Ok(self.events)
    }

    fn line_end(&self, from: usize) -> usize {
        memchr::memchr(b'\n', &self.bytes[from..]).map_or(self.bytes.len(), |i| from + i)
    }

    /// The next content (its offset and column), skipping blank and comment lines; `None` at the
    /// end of the text.
    fn peek(&mut self) -> Read<Option<(usize, usize)>> {
        if self.pending.is_some() {
            return Ok(self.pending);
        }
        while self.next < self.bytes.len() {
            let start = self.next;
            let end = self.line_end(start);
            let indent = self.spaces(start, end);
            match self.bytes.get(start + indent) {
                Some(b'\t') => return Err(Declined),
                Some(b'\n') | None => {}
                Some(b'#') => {}
                Some(_) => return Ok(Some((start + indent, indent))),
            }
            self.next = end + 1;
        }
        Ok(None)
    }

    /// Moves past the line that holds `pos`.
    fn finish_line(&mut self, pos: usize) {
        self.pending = None;
        self.next = self.line_end(pos) + 1;
    }

    fn is_item(&self, pos: usize) -> bool {
        self.bytes[pos] == b'-' && matches!(self.bytes.get(pos + 1), None | Some(b'\n' | b' '))
    }

    fn collection(&mut self, pos: usize, col: usize) -> Read {
        if self.is_item(pos) {
            self.sequence(col, false)
        } else {
            self.mapping(col)
        }
    }

    /// The value on the lines after a key or a dash with nothing after it: a collection indented
    /// further, a sequence at a key's own column, or else an empty scalar (null).
    fn value_below(&mut self, parent: usize, after_key: bool) -> Read {
        match self.peek()? {
            Some((pos, col)) if col > parent => self.collection(pos, col),
            Some((pos, col)) if col == parent && after_key && self.is_item(pos) => {
                self.sequence(col, true)
            }
            _ => {
                self.events
                    .push(Event::Scalar(Cow::Borrowed(""), Kind::Null));
                Ok(())
            }
        }
    }

    /// A block sequence at `col`; `at_key` when it sits at the column of its key, where the next
    /// key ends it.
    fn sequence(&mut self, col: usize, at_key: bool) -> Read {
        self.enter()?;
        self.events.push(Event::SeqStart);
        loop {
            let pos = match self.peek()? {
                Some((pos, c)) if c == col && self.is_item(pos) => pos,
                Some((_, c)) if c > col || (c == col && !at_key) => return Err(Declined),
                _ => break,
            };
            let end = self.line_end(pos);
            let content = pos + 1 + self.spaces(pos + 1, end);
            if content == end || self.bytes[content] == b'#' {
                self.finish_line(pos);
                self.value_below(col, false)?;
            } else if self.is_item(content) {
                return Err(Declined);
            } else {
                let inner = col + (content - pos);
                if !is_indicator(self.bytes[content]) && self.key_end(content, end)?.is_some() {
                    self.pending = Some((content, inner));
                    self.mapping(inner)?;
                } else {
                    self.inline_value(content, col)?;
                }
            }
        }
        self.events.push(Event::SeqEnd);
        self.depth -= 1;
        Ok(())
    }

    fn mapping(&mut self, col: usize) -> Read {
        self.enter()?;
        self.events.push(Event::MapStart);
        loop {
            let pos = match self.peek()? {
                Some((pos, c)) if c == col && !self.is_item(pos) => pos,
                Some((_, c)) if c >= col => return Err(Declined),
                _ => break,
            };
            let end = self.line_end(pos);
            let colon = self.key_end(pos, end)?.ok_or(Declined)?;
            let key = &self.text[pos..colon];
            self.events
                .push(Event::Scalar(Cow::Borrowed(key), resolve(key)?));
            let value = colon + 1 + self.spaces(colon + 1, end);
            if value == end || self.bytes[value] == b'#' {
                self.finish_line(pos);
                self.value_below(col, true)?;
            } else {
                self.inline_value(value, col)?;
            }
        }
        self.events.push(Event::MapEnd);
        self.depth -= 1;
        Ok(())
    }

    /// Opens a collection; nesting deeper than serde_yaml's limit (128) is declined well before.
    fn enter(&mut self) -> Read {
        self.depth += 1;
        if self.depth > 100 {
            return Err(Declined);
        }
        Ok(())
    }

    fn spaces(&self, from: usize, end: usize) -> usize {
        self.bytes[from..end]
            .iter()
            .position(|&b| b != b' ')
            .unwrap_or(end - from)
    }

    /// The offset of the colon that ends a key starting at `pos`, `None` when the line holds no
    /// key, `Declined` for a key this reader leaves to serde_yaml.
    fn key_end(&self, pos: usize, end: usize) -> Read<Option<usize>> {
        // A tab where a key would start (after a dash: `- \ta: b`) is an error to serde_yaml.
        if is_indicator(self.bytes[pos]) || self.bytes[pos] == b'\t' {
            return Err(Declined);
        }
        for i in pos + 1..end {
            match self.bytes[i] {
                b':' if i + 1 == end || self.bytes[i + 1] == b' ' => {
                    let key = &self.bytes[pos..i];
                    let odd = |b: &u8| matches!(b, b'[' | b']' | b'{' | b'}' | b',');
                    if key.ends_with(b" ") || key.len() > 1024 || key.iter().any(odd) {
                        return Err(Declined);
                    }
                    return Ok(Some(i));
                }
                b'#' if self.bytes[i - 1] == b' ' => return Ok(None),
                b'\t' => return Err(Declined),
                _ => {}
            }
        }
        Ok(None)
    }

    /// A value that starts on the line of its key or dash at `pos`; `parent` is the column of that
    /// key or dash, which the next content line may not pass.
    fn inline_value(&mut self, pos: usize, parent: usize) -> Read {
        let end = self.line_end(pos);
        match self.bytes[pos] {
            b'"' => {
                let (value, after) = self.double_quoted(pos + 1, end)?;
                self.rest_is_blank(after, end)?;
                self.events.push(Event::Scalar(value, Kind::Quoted));
            }
            b'\'' => {
                let (value, after) = self.single_quoted(pos + 1, end)?;
                self.rest_is_blank(after, end)?;
                self.events.push(Event::Scalar(value, Kind::Quoted));
            }
            b'[' => self.flow_sequence(pos + 1, end)?,
            b'{' => {
                if self.bytes.get(pos + 1) != Some(&b'}') {
                    return Err(Declined);
                }
                self.rest_is_blank(pos + 2, end)?;
                self.events.extend([Event::MapStart, Event::MapEnd]);
            }
            b'|' | b'>' => {
                self.block_scalar(pos, end, parent)?;
                return self.nothing_deeper(parent);
            }
            b'-' if self.is_item(pos) => return Err(Declined),
            b'-' => self.plain(pos, end)?,
            b if is_indicator(b) => return Err(Declined),
            _ => self.plain(pos, end)?,
        }
        self.finish_line(pos);
        self.nothing_deeper(parent)
    }

    /// A flow sequence of scalars that closes on its line (`[Bearer, Basic]`), from after its `[`.
    fn flow_sequence(&mut self, from: usize, end: usize) -> Read {
        self.events.push(Event::SeqStart);
        let mut i = from + self.spaces(from, end);
        if self.bytes.get(i) == Some(&b']') && i < end {
            i += 1;
        } else {
            loop {
                match *self.bytes[..end].get(i).ok_or(Declined)? {
                    b'"' => {
                        let (value, after) = self.double_quoted(i + 1, end)?;
                        self.events.push(Event::Scalar(value, Kind::Quoted));
                        i = after;
                    }
                    b'\'' => {
                        let (value, after) = self.single_quoted(i + 1, end)?;
                        self.events.push(Event::Scalar(value, Kind::Quoted));
                        i = after;
                    }
                    b if is_indicator(b) => return Err(Declined),
                    _ => {
                        let stop = self.bytes[i..end]
                            .iter()
                            .position(|&b| b == b',' || b == b']')
                            .map_or(end, |n| i + n);
                        let item = self.text[i..stop].trim_end_matches(' ');
                        let odd = |c: char| ":#[]{}\t\"'".contains(c);
                        if item.contains(odd) {
                            return Err(Declined);
                        }
                        self.events
                            .push(Event::Scalar(Cow::Borrowed(item), resolve(item)?));
                        i = stop;
                    }
                }
                i += self.spaces(i, end);
                match self.bytes[..end].get(i) {
                    Some(b',') => i += 1 + self.spaces(i + 1, end),
                    Some(b']') => {
                        i += 1;
                        break;
                    }
                    _ => return Err(Declined),
                }
            }
        }
        self.rest_is_blank(i, end)?;
        self.events.push(Event::SeqEnd);
        Ok(())
    }

    /// After a scalar, a line indented past its key or dash would continue it over several lines
    /// (or be an error): declined.
    fn nothing_deeper(&mut self, parent: usize) -> Read {
        match self.peek()? {
            Some((_, col)) if col > parent => Err(Declined),
            _ => Ok(()),
        }
    }

    /// Only spaces, then the end of the line or a comment.
    fn rest_is_blank(&self, from: usize, end: usize) -> Read {
        let at = from + self.spaces(from, end);
        if at == end || (at > from && self.bytes[at] == b'#') {
            Ok(())
        } else {
            Err(Declined)
        }
    }

    fn plain(&mut self, pos: usize, end: usize) -> Read {
        let line = &self.text[pos..end];
        if line.contains('\t') {
            return Err(Declined);
        }
        let value = line.find(" #").map_or(line, |cut| &line[..cut]);
        let value = value.trim_end_matches(' ');
        if value.contains(": ") || value.ends_with(':') {
            return Err(Declined);
        }
        self.events
            .push(Event::Scalar(Cow::Borrowed(value), resolve(value)?));
        Ok(())
    }

    /// A double-quoted scalar that closes on its line; returns it and the offset after the quote.
    fn double_quoted(&self, from: usize, end: usize) -> Read<(Cow<'a, str>, usize)> {
        let mut owned: Option<String> = None;
        let mut run = from;
        let mut i = from;
        while i < end {
            match self.bytes[i] {
                b'"' => {
                    let value = match owned {
                        Some(mut s) => {
                            s.push_str(&self.text[run..i]);
                            Cow::Owned(s)
                        }
                        None => Cow::Borrowed(&self.text[from..i]),
                    };
                    return Ok((value, i + 1));
                }
                b'\\' => {
                    let s = owned.get_or_insert_with(String::new);
                    s.push_str(&self.text[run..i]);
                    let (c, len) = self.escape(i + 1, end)?;
                    s.push(c);
                    i += 1 + len;
                    run = i;
                }
                _ => i += 1,
            }
        }
        Err(Declined)
    }

    /// The character an escape stands for (the text after the backslash at `at`) and the length
    /// of that text.
    fn escape(&self, at: usize, end: usize) -> Read<(char, usize)> {
        let hex = |len: usize| -> Read<(char, usize)> {
            let digits = self.text.get(at + 1..at + 1 + len).ok_or(Declined)?;
            if at + 1 + len > end || !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
                return Err(Declined);
            }
            let code = u32::from_str_radix(digits, 16).map_err(|_| Declined)?;
            char::from_u32(code).map(|c| (c, 1 + len)).ok_or(Declined)
        };
        match self.bytes.get(at).filter(|_| at < end) {
            Some(b'\\') => Ok(('\\', 1)),
            Some(b'"') => Ok(('"', 1)),
            Some(b'/') => Ok(('/', 1)),
            Some(b'n') => Ok(('\n', 1)),
            Some(b't') => Ok(('\t', 1)),
            Some(b'r') => Ok(('\r', 1)),
            Some(b'x') => hex(2),
            Some(b'u') => hex(4),
            _ => Err(Declined),
        }
    }

    /// A single-quoted scalar that closes on its line; returns it and the offset after the quote.
    fn single_quoted(&self, from: usize, end: usize) -> Read<(Cow<'a, str>, usize)> {
        let mut owned: Option<String> = None;
        let mut run = from;
        let mut i = from;
        while i < end {
            if self.bytes[i] == b'\'' {
                if self.bytes.get(i + 1) == Some(&b'\'') && i + 1 < end {
                    let s = owned.get_or_insert_with(String::new);
                    s.push_str(&self.text[run..=i]);
                    i += 2;
                    run = i;
                    continue;
                }
                let value = match owned {
                    Some(mut s) => {
                        s.push_str(&self.text[run..i]);
                        Cow::Owned(s)
                    }
                    None => Cow::Borrowed(&self.text[from..i]),
                };
                return Ok((value, i + 1));
            }
            i += 1;
        }
        Err(Declined)
    }

    /// A literal (`|`) or folded (`>`) block scalar whose header is at `pos`; `parent` is the
    /// column of its key or dash. Leaves `next` at the first line after it.
    fn block_scalar(&mut self, pos: usize, end: usize, parent: usize) -> Read {
        let literal = self.bytes[pos] == b'|';
        let (chomp, after) = match self.bytes.get(pos + 1) {
            Some(&c @ (b'-' | b'+')) if pos + 1 < end => (c, pos + 2),
            _ => (b' ', pos + 1),
        };
        self.rest_is_blank(after, end)?;
        let mut lines: Vec<&'a str> = Vec::new();
        let mut indent = None;
        let mut at = end + 1;
        while at < self.bytes.len() {
            let line_end = self.line_end(at);
            if line_end == self.bytes.len() {
                // A last line without its line break: left to serde_yaml.
                return Err(Declined);
            }
            let line = &self.text[at..line_end];
            let spaces = self.spaces(at, line_end);
            if spaces == line.len() {
                // Blank: a line break, unless it holds spaces past the indentation.
                match indent {
                    Some(n) if spaces <= n => lines.push(""),
                    _ => return Err(Declined),
                }
                at = line_end + 1;
                continue;
            }
            let n = *indent.get_or_insert(spaces);
            if n <= parent {
                return Err(Declined);
            }
            if spaces < n {
                break;
            }
            let content = &line[n..];
            // A tab right after the indentation is an error to serde_yaml; a more indented line
            // folds differently.
            if content.starts_with('\t') || (!literal && content.starts_with(' ')) {
                return Err(Declined);
            }
            lines.push(content);
            at = line_end + 1;
        }
        let kept = lines.iter().rposition(|l| !l.is_empty()).ok_or(Declined)? + 1;
        let trailing = lines.len() - kept;
        let mut value = String::with_capacity(lines.iter().map(|l| l.len() + 1).sum());
        if literal {
            for (i, line) in lines[..kept].iter().enumerate() {
                if i > 0 {
                    value.push('\n');
                }
                value.push_str(line);
            }
        } else {
            let mut blanks = 0;
            for (i, line) in lines[..kept].iter().enumerate() {
                if line.is_empty() {
                    blanks += 1;
                    continue;
                }
                if i > 0 {
                    if blanks == 0 {
                        value.push(' ');
                    }
                    (0..blanks).for_each(|_| value.push('\n'));
                }
                blanks = 0;
                value.push_str(line);
            }
        }
        match chomp {
            b'-' => {}
            b'+' => (0..=trailing).for_each(|_| value.push('\n')),
            _ => value.push('\n'),
        }
        self.events
            .push(Event::Scalar(Cow::Owned(value), Kind::Quoted));
        self.pending = None;
        self.next = at;
        Ok(())
    }
}

/// serde's view of the events.
struct Events<'a, 'de> {
    events: &'a [Event<'de>],
    pos: usize,
}

impl<'a, 'de> Events<'a, 'de> {
    fn next(&mut self) -> Read<&'a Event<'de>> {
        let events = self.events;
        let event = events.get(self.pos).ok_or(Declined)?;
        self.pos += 1;
        Ok(event)
    }

    fn peek(&self) -> Read<&'a Event<'de>> {
        let events = self.events;
        events.get(self.pos).ok_or(Declined)
    }

    fn integer(&mut self) -> Read<u64> {
        match self.next()? {
            Event::Scalar(_, Kind::Int(n)) => Ok(*n),
            _ => Err(Declined),
        }
    }

    /// Whether the next event is the empty plain scalar, which serde_yaml reads as an empty list
    /// or map where one is asked for.
    fn empty_plain(&self) -> bool {
        matches!(self.peek(), Ok(Event::Scalar(s, Kind::Null)) if s.is_empty())
    }

    fn close(&mut self, end: fn(&Event<'_>) -> bool) -> Read {
        if end(self.next()?) {
            Ok(())
        } else {
            Err(Declined)
        }
    }

    fn skip(&mut self) -> Read {
        let mut depth = 0usize;
        loop {
            match self.next()? {
                Event::MapStart | Event::SeqStart => depth += 1,
                Event::MapEnd | Event::SeqEnd => depth = depth.checked_sub(1).ok_or(Declined)?,
                Event::Scalar(..) => {}
            }
            if depth == 0 {
                return Ok(());
            }
        }
    }
}

fn visit_text<'de, V: Visitor<'de>>(visitor: V, text: &Cow<'de, str>) -> Read<V::Value> {
    match text {
        Cow::Borrowed(s) => visitor.visit_borrowed_str(s),
        Cow::Owned(s) => visitor.visit_str(s),
    }
}

/// A list or map with nothing in it.
struct Empty;

impl<'de> SeqAccess<'de> for Empty {
    type Error = Declined;
    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, _: T) -> Read<Option<T::Value>> {
        Ok(None)
    }
}

impl<'de> MapAccess<'de> for Empty {
    type Error = Declined;
    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, _: K) -> Read<Option<K::Value>> {
        Ok(None)
    }
    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, _: V) -> Read<V::Value> {
        Err(Declined)
    }
}

/// The entries of a list or map, up to its end event (which the caller takes).
struct Items<'s, 'a, 'de>(&'s mut Events<'a, 'de>);

impl<'de> SeqAccess<'de> for Items<'_, '_, 'de> {
    type Error = Declined;
    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Read<Option<T::Value>> {
        if matches!(self.0.peek()?, Event::SeqEnd) {
            return Ok(None);
        }
        seed.deserialize(&mut *self.0).map(Some)
    }
}

impl<'de> MapAccess<'de> for Items<'_, '_, 'de> {
    type Error = Declined;
    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Read<Option<K::Value>> {
        if matches!(self.0.peek()?, Event::MapEnd) {
            return Ok(None);
        }
        seed.deserialize(&mut *self.0).map(Some)
    }
    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Read<V::Value> {
        seed.deserialize(&mut *self.0)
    }
}

impl<'de> Events<'_, 'de> {
    fn seq<V: Visitor<'de>>(&mut self, visitor: V) -> Read<V::Value> {
        let value = visitor.visit_seq(Items(self))?;
        self.close(|e| matches!(e, Event::SeqEnd))?;
        Ok(value)
    }

    fn map<V: Visitor<'de>>(&mut self, visitor: V) -> Read<V::Value> {
        let value = visitor.visit_map(Items(self))?;
        self.close(|e| matches!(e, Event::MapEnd))?;
        Ok(value)
    }
}

impl<'de> de::Deserializer<'de> for &mut Events<'_, 'de> {
    type Error = Declined;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Read<V::Value> {
        match self.next()? {
            Event::Scalar(_, Kind::Null) => visitor.visit_unit(),
            Event::Scalar(_, Kind::Bool(b)) => visitor.visit_bool(*b),
            Event::Scalar(_, Kind::Int(n)) => visitor.visit_u64(*n),
            Event::Scalar(_, Kind::Float(x)) => visitor.visit_f64(*x),
            Event::Scalar(s, Kind::Plain | Kind::Quoted) => visit_text(visitor, s),
            Event::MapStart => self.map(visitor),
            Event::SeqStart => self.seq(visitor),
            Event::MapEnd | Event::SeqEnd => Err(Declined),
        }
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Read<V::Value> {
        match self.next()? {
            Event::Scalar(_, Kind::Bool(b)) => visitor.visit_bool(*b),
            _ => Err(Declined),
        }
    }

    fn deserialize_i8<V: Visitor<'de>>(self, visitor: V) -> Read<V::Value> {
        self.deserialize_i64(visitor)
    }

    fn deserialize_i16<V: Visitor<'de>>(self, visitor: V) -> Read<V::Value> {
        self.deserialize_i64(visitor)
    }

    fn deserialize_i32<V: Visitor<'de>>(self, visitor: V) -> Read<V::Value> {
        self.deserialize_i64(visitor)
    }

    fn deserialize_i64<V: Visitor<'de>>(self, visitor: V) -> Read<V::Value> {
        let n = i64::try_from(self.integer()?).map_err(|_| Declined)?;
        visitor.visit_i64(n)
    }

    fn deserialize_i128<V: Visitor<'de>>(self, visitor: V) -> Read<V::Value> {
        visitor.visit_i128(i128::from(self.integer()?))
    }

    fn deserialize_u8<V: Visitor<'de>>(self, visitor: V) -> Read<V::Value> {
        self.deserialize_u64(visitor)
    }

    fn deserialize_u16<V: Visitor<'de>>(self, visitor: V) -> Read<V::Value> {
        self.deserialize_u64(visitor)
    }

    fn deserialize_u32<V: Visitor<'de>>(self, visitor: V) -> Read<V::Value> {
        self.deserialize_u64(visitor)
    }

    fn deserialize_u64<V: Visitor<'de>>(self, visitor: V) -> Read<V::Value> {
        visitor.visit_u64(self.integer()?)
    }

    fn deserialize_u128<V: Visitor<'de>>(self, visitor: V) -> Read<V::Value> {
        visitor.visit_u128(u128::from(self.integer()?))
    }

    fn deserialize_f32<V: Visitor<'de>>(self, visitor: V) -> Read<V::Value> {
        self.deserialize_f64(visitor)
    }

    #[allow(clippy::cast_precision_loss)] // Rounded as parsing the digits would round them.
    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Read<V::Value> {
        match self.next()? {
            Event::Scalar(_, Kind::Int(n)) => visitor.visit_f64(*n as f64),
            Event::Scalar(_, Kind::Float(x)) => visitor.visit_f64(*x),
            _ => Err(Declined),
        }
    }

    fn deserialize_char<V: Visitor<'de>>(self, visitor: V) -> Read<V::Value> {
        self.deserialize_str(visitor)
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Read<V::Value> {
        match self.next()? {
            Event::Scalar(s, _) => visit_text(visitor, s),
            _ => Err(Declined),
        }
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Read<V::Value> {
        self.deserialize_str(visitor)
    }

    fn deserialize_bytes<V: Visitor<'de>>(self, _: V) -> Read<V::Value> {
        Err(Declined)
    }

    fn deserialize_byte_buf<V: Visitor<'de>>(self, _: V) -> Read<V::Value> {
        Err(Declined)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Read<V::Value> {
        if matches!(self.peek()?, Event::Scalar(_, Kind::Null)) {
            self.pos += 1;
            visitor.visit_none()
        } else {
            visitor.visit_some(self)
        }
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Read<V::Value> {
        match self.next()? {
            Event::Scalar(_, Kind::Null) => visitor.visit_unit(),
            _ => Err(Declined),
        }
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        visitor: V,
    ) -> Read<V::Value> {
        self.deserialize_unit(visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        visitor: V,
    ) -> Read<V::Value> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Read<V::Value> {
        if self.empty_plain() {
            self.pos += 1;
            return visitor.visit_seq(Empty);
        }
        match self.next()? {
            Event::SeqStart => self.seq(visitor),
            _ => Err(Declined),
        }
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, _: usize, visitor: V) -> Read<V::Value> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: usize,
        visitor: V,
    ) -> Read<V::Value> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Read<V::Value> {
        if self.empty_plain() {
            self.pos += 1;
            return visitor.visit_map(Empty);
        }
        match self.next()? {
            Event::MapStart => self.map(visitor),
            _ => Err(Declined),
        }
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        visitor: V,
    ) -> Read<V::Value> {
        self.deserialize_map(visitor)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        _: V,
    ) -> Read<V::Value> {
        Err(Declined)
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Read<V::Value> {
        self.deserialize_str(visitor)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Read<V::Value> {
        self.skip()?;
        visitor.visit_unit()
    }
}
