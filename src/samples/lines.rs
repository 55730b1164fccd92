//! The generated code of a sample: [`Lines`] of classed runs, each line marked with the [`Part`] of
//! the request it carries, and the highlighting [`Class`] of each run.
//!
//! This module owns the storage and how it is read back (a line, its tokens, its text); it knows no
//! language and no request. Code reaches it only through [`Code`](super::code::Code), which starts
//! lines and appends runs.

/// Which part of a request a line of generated code carries.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Part {
    /// The method and the URL (with its query).
    Target,
    /// One header field, by lower-cased name.
    Header(String),
    /// The body.
    Body,
    /// One part of a multipart body, by its name.
    Field(String),
    /// Scaffolding that every request shares (imports, printing the response, …).
    Plain,
}

/// A highlighting class; the CSS theme styles each one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    /// A keyword or an HTTP method.
    Keyword,
    /// A string literal or a header value.
    String,
    /// A number or a status code.
    Number,
    /// A comment.
    Comment,
    /// A function, command or method name.
    Function,
    /// A variable, environment variable or parameter.
    Variable,
    /// A header name, flag, attribute or key.
    Attribute,
    /// Punctuation and operators.
    Punctuation,
}

impl Class {
    /// The short CSS class the theme uses (shared with syntect output).
    #[must_use]
    pub fn css(self) -> &'static str {
        match self {
            Self::Keyword => "k",
            Self::String => "s",
            Self::Number => "n",
            Self::Comment => "c",
            Self::Function => "f",
            Self::Variable => "v",
            Self::Attribute => "a",
            Self::Punctuation => "p",
        }
    }
}

/// The generated code of one sample: every line's text in one buffer, each classed run's end, and
/// where each line starts.
///
/// A page shows dozens of samples, each of dozens of lines; one set of buffers per sample (reused
/// from sample to sample by [`generate_into`](super::generate_into)) instead of a buffer per line or per token keeps
/// allocation out of the way.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Lines {
    /// The text of every line, one after the other, without line breaks.
    text: String,
    /// Each run's class and the byte offset in `text` where it ends, in order.
    ends: Vec<(Option<Class>, u32)>,
    /// Each line's part (an index into `parts`) and its first run's index in `ends`.
    starts: Vec<(u32, u32)>,
    /// The parts lines carry, each once.
    parts: Vec<Part>,
}

/// One line of generated code.
#[derive(Debug, Clone, Copy)]
pub struct Line<'a> {
    /// The part of the request this line carries.
    pub part: &'a Part,
    /// The index of `part` among the parts of its sample (see [`Lines::part_flags`]).
    pub part_index: usize,
    text: &'a str,
    /// Where `text` starts in the sample's buffer.
    base: usize,
    ends: &'a [(Option<Class>, u32)],
}

impl PartialEq for Line<'_> {
    /// Two lines are equal when they carry the same part and the same runs.
    fn eq(&self, other: &Self) -> bool {
        self.part == other.part && self.tokens().eq(other.tokens())
    }
}

impl Eq for Line<'_> {}

impl<'a> Line<'a> {
    /// The line's text.
    #[must_use]
    pub fn plain(&self) -> &'a str {
        self.text
    }

    /// The tokens: each one's class (none for plain text) and text, in order.
    pub fn tokens(&self) -> impl Iterator<Item = (Option<Class>, &'a str)> + use<'a> {
        let (text, base) = (self.text, self.base);
        let mut start = 0;
        self.ends.iter().map(move |&(class, end)| {
            let end = end as usize - base;
            let run = &text[start..end];
            start = end;
            (class, run)
        })
    }
}

impl Lines {
    /// The number of lines.
    #[must_use]
    pub fn len(&self) -> usize {
        self.starts.len()
    }

    /// Whether there is no line.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.starts.is_empty()
    }

    /// The line at `index`.
    #[must_use]
    pub fn get(&self, index: usize) -> Option<Line<'_>> {
        (index < self.len()).then(|| self.line_at(index))
    }

    /// The lines, in order.
    #[must_use]
    pub fn iter(&self) -> Iter<'_> {
        Iter {
            lines: self,
            next: 0,
        }
    }

    /// The line at `index`, which is in range.
    fn line_at(&self, index: usize) -> Line<'_> {
        let (part, first) = self.starts[index];
        let last = self
            .starts
            .get(index + 1)
            .map_or(self.ends.len(), |&(_, next)| next as usize);
        let ends = &self.ends[first as usize..last];
        let base = match first {
            0 => 0,
            n => self.ends[n as usize - 1].1 as usize,
        };
        let end = ends.last().map_or(base, |&(_, end)| end as usize);
        Line {
            part: &self.parts[part as usize],
            part_index: part as usize,
            text: &self.text[base..end],
            base,
            ends,
        }
    }

    /// The text of every line, one after the other, without line breaks.
    #[must_use]
    pub fn text(&self) -> &str {
        &self.text
    }

    /// For each part lines carry, in the order of [`Line::part_index`], whether `f` holds for it.
    pub fn part_flags(&self, f: impl Fn(&Part) -> bool) -> Vec<bool> {
        self.parts.iter().map(f).collect()
    }

    /// The part numbered `index` among the parts lines carry, which is in range.
    #[inline]
    pub(super) fn part_at(&self, index: usize) -> &Part {
        &self.parts[index]
    }

    /// Removes every line, keeping the buffers.
    pub(super) fn clear(&mut self) {
        self.text.clear();
        self.ends.clear();
        self.starts.clear();
        self.parts.clear();
    }

    /// Starts a new line carrying the part at `part`.
    pub(super) fn start(&mut self, part: u32) {
        let first = u32::try_from(self.ends.len()).unwrap_or(u32::MAX);
        self.starts.push((part, first));
    }

    /// Appends a run to the last line; a plain run right after a plain one extends it.
    pub(super) fn push(&mut self, class: Option<Class>, text: &str) {
        if text.is_empty() {
            return;
        }
        self.text.push_str(text);
        let end = u32::try_from(self.text.len()).unwrap_or(u32::MAX);
        let first = self.starts.last().map_or(0, |&(_, first)| first as usize);
        let extends = class.is_none() && self.ends.len() > first;
        match self.ends.last_mut() {
            Some((None, last)) if extends => *last = end,
            _ => self.ends.push((class, end)),
        }
    }

    /// The index of `part`, added when it is new.
    pub(super) fn part(&mut self, part: Part) -> u32 {
        let index = match self.parts.iter().position(|p| *p == part) {
            Some(index) => index,
            None => {
                self.parts.push(part);
                self.parts.len() - 1
            }
        };
        u32::try_from(index).unwrap_or(u32::MAX)
    }

    /// The index of the header part named `name` (any case), added when it is new.
    pub(super) fn header_part(&mut self, name: &str) -> u32 {
        let found = self
            .parts
            .iter()
            .position(|p| matches!(p, Part::Header(h) if h.eq_ignore_ascii_case(name)));
        match found {
            Some(index) => u32::try_from(index).unwrap_or(u32::MAX),
            None => self.part(Part::Header(name.to_ascii_lowercase())),
        }
    }
}

/// The lines of a [`Lines`], in order.
#[derive(Debug, Clone)]
pub struct Iter<'a> {
    lines: &'a Lines,
    next: usize,
}

impl<'a> Iterator for Iter<'a> {
    type Item = Line<'a>;

    fn next(&mut self) -> Option<Line<'a>> {
        let line = self.lines.get(self.next)?;
        self.next += 1;
        Some(line)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let left = self.lines.len() - self.next;
        (left, Some(left))
    }
}

impl ExactSizeIterator for Iter<'_> {}

impl<'a> IntoIterator for &'a Lines {
    type Item = Line<'a>;
    type IntoIter = Iter<'a>;

    fn into_iter(self) -> Iter<'a> {
        self.iter()
    }
}

/// The whole text of generated lines, one `\n` after each line.
#[must_use]
pub fn to_text(lines: &Lines) -> String {
    let mut out = String::with_capacity(lines.text.len() + lines.len());
    for line in lines {
        out.push_str(line.plain());
        out.push('\n');
    }
    out
}
