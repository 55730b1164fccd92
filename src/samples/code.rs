//! The writer every language generates with: [`Code`] starts lines, each carrying a [`Part`], and
//! appends classed runs, into a sample's own [`Lines`] or straight to a [`Sink`].
//!
//! It knows nothing of requests or of any language's syntax: generators decide what to write, and
//! this module only decides where it goes and where its lines break.

use super::lines::{Class, Lines, Part};

/// Where generated code goes instead of a [`Lines`]: each line as it starts, each run as it comes.
///
/// A page writes each sample once, as HTML; a sink lets it do so while the code is generated,
/// without first copying every token into a [`Lines`] and reading it back.
pub trait Sink {
    /// A new line starts, carrying `part`, the part numbered `index` in this sample (numbered in
    /// the order parts first appear, as [`Line::part_index`](super::Line::part_index)).
    fn line(&mut self, part: &Part, index: usize);
    /// A run of the current line: its class (none for plain text) and its text, never empty nor
    /// holding a line break.
    fn run(&mut self, class: Option<Class>, text: &str);
}

/// The sink of code written into its own [`Lines`]: there is none, so this type has no value.
///
/// [`Code`] takes its sink as a type parameter rather than as `dyn Sink`: each generator is then
/// compiled once per sink, and the few instructions a token costs on its way to the page are
/// inlined into it, where a call through a vtable stood before.
pub(crate) enum NoSink {}

impl Sink for NoSink {
    fn line(&mut self, _: &Part, _: usize) {
        match *self {}
    }

    fn run(&mut self, _: Option<Class>, _: &str) {
        match *self {}
    }
}

/// Builds the [`Lines`] of a sample token by token, or hands each line and run to a [`Sink`]; text
/// with newlines continues on new lines that carry the same part.
pub(crate) struct Code<'a, S: Sink> {
    /// The lines written; with a sink, only their parts (numbered as the lines would have them).
    lines: &'a mut Lines,
    sink: Option<&'a mut S>,
    /// Whether a line has started.
    started: bool,
    /// The part of the current line, as an index into the parts of `lines`.
    part: u32,
}

impl<'a, S: Sink> Code<'a, S> {
    /// A sample written into `lines`, which must be empty, or into `sink`.
    pub(super) fn new(lines: &'a mut Lines, sink: Option<&'a mut S>) -> Self {
        let part = lines.part(Part::Plain);
        Self {
            lines,
            sink,
            started: false,
            part,
        }
    }

    /// Starts a new line carrying the current part.
    #[inline]
    fn start(&mut self) {
        self.started = true;
        match &mut self.sink {
            Some(sink) => {
                let index = self.part as usize;
                sink.line(self.lines.part_at(index), index);
            }
            None => self.lines.start(self.part),
        }
    }

    /// Appends a run that holds no line break.
    #[inline]
    fn run(&mut self, class: Option<Class>, text: &str) {
        match &mut self.sink {
            Some(sink) if !text.is_empty() => sink.run(class, text),
            Some(_) => {}
            None => self.lines.push(class, text),
        }
    }

    /// Starts a new line carrying `part`.
    pub(crate) fn line(&mut self, part: Part) -> &mut Self {
        self.part = self.lines.part(part);
        self.start();
        self
    }

    /// Starts a new line carrying the header field `name` (any case).
    pub(crate) fn header(&mut self, name: &str) -> &mut Self {
        self.part = self.lines.header_part(name);
        self.start();
        self
    }

    /// Starts a new line carrying the part of the current one.
    pub(crate) fn same(&mut self) -> &mut Self {
        self.start();
        self
    }

    /// An empty scaffolding line.
    pub(crate) fn blank(&mut self) -> &mut Self {
        self.line(Part::Plain)
    }

    /// Appends a classed token.
    #[inline]
    pub(crate) fn tok(&mut self, class: Class, text: &str) -> &mut Self {
        self.push(Some(class), text)
    }

    /// Appends plain text.
    #[inline]
    pub(crate) fn text(&mut self, text: &str) -> &mut Self {
        self.push(None, text)
    }

    #[inline]
    fn push(&mut self, class: Option<Class>, text: &str) -> &mut Self {
        if !self.started {
            self.start();
        }
        // Most tokens are a few bytes long and hold no line break: a plain loop finds that
        // sooner than a vectorised search (`contains` on bytes is one) is set up.
        let bytes = text.as_bytes();
        if bytes.len() < 32 && bytes.iter().all(|&b| b != b'\n') {
            self.run(class, text);
        } else {
            self.push_lines(class, text);
        }
        self
    }

    /// [`Code::push`] for text that is long or may hold line breaks.
    #[inline(never)]
    fn push_lines(&mut self, class: Option<Class>, text: &str) {
        let mut rest = text;
        loop {
            let end = memchr::memchr(b'\n', rest.as_bytes());
            self.run(class, &rest[..end.unwrap_or(rest.len())]);
            let Some(end) = end else { break };
            self.start();
            rest = &rest[end + 1..];
        }
    }
}
