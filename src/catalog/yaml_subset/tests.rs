//! The subset reader checked against serde_yaml: on generated documents (whatever it accepts must
//! read exactly as serde_yaml reads it), on a clean share of them (it must accept nearly all), on
//! hand-picked edge cases, and on every YAML file of the shipped catalog with the model's types.

use std::fmt::Debug;
use std::path::Path;

use proptest::prelude::*;
use proptest::test_runner::{RngAlgorithm, TestRng, TestRunner};
use serde::Serialize;
use serde::de::DeserializeOwned;
use walkdir::WalkDir;

use super::from_str;
use crate::catalog::model::{Comparison, Entry, StatusPage, Tree};

// ---------------------------------------------------------------------------------------------
// The grammar of generated documents.
//
// A document is a tree of nodes rendered as block YAML. The clean grammar keeps to what the
// subset is meant to accept (block collections, one-line plain and quoted scalars, block scalars
// with every chomping header, comments, blank lines, `[]`, `{}`, null, booleans, unsigned
// integers). The full grammar adds the edges: every indicator and number form in plain scalars,
// one-line flow sequences, rare and invalid escapes, quoted scalars over several lines, odd and
// repeated keys, block scalars with explicit indentation, leading blank lines or less-indented
// lines, sequences on a dash's line, tabs, odd lines, lost final line breaks and broken
// indentation.
// ---------------------------------------------------------------------------------------------

/// A value written after `key:` or `-`.
#[derive(Clone, Debug)]
enum Node {
    /// Text on the same line (a scalar, `[]` or `{}`, with any comment tail and trailing spaces).
    Inline(String),
    /// Nothing on the line but the given tail (spaces or a comment): null, or an empty list or
    /// map where one is asked for.
    Empty(String),
    /// A literal or folded block scalar.
    Block(Block),
    /// A block mapping.
    Map(Collection<(String, Node)>),
    /// A block sequence.
    Seq(Collection<Node>),
}

/// A block collection and how it is laid out.
#[derive(Clone, Debug)]
struct Collection<T> {
    /// Indentation past the key or dash that owns it; 0 puts a sequence at its key's column.
    step: usize,
    /// Spaces after a dash when the collection starts on the dash's own line.
    gap: usize,
    /// Under a dash: start on the next line instead of the dash's line.
    next_line: bool,
    /// A sequence under a dash: start on the dash's line (`- - x`).
    compact: bool,
    /// Comment tail on the owner's line when the collection starts on the next line.
    tail: String,
    /// The entries, each after its extra lines.
    items: Vec<(Vec<Extra>, T)>,
}

/// A literal or folded block scalar.
#[derive(Clone, Debug)]
struct Block {
    /// `|`, `>-`, `|+2`, `| # c`, ...
    header: String,
    /// Content indentation past the key or dash that owns it.
    step: usize,
    /// The content lines; the first one sets the indentation in the clean grammar.
    lines: Vec<Line>,
}

/// A line of a block scalar.
#[derive(Clone, Debug)]
enum Line {
    /// Text at the content indentation moved by the shift.
    Text(isize, String),
    /// An empty line, or one with at most as many spaces as the indentation.
    Blank(usize),
    /// A line of spaces past the indentation.
    OverBlank(usize),
}

/// A line between entries that holds no content.
#[derive(Clone, Debug)]
enum Extra {
    /// A full-line comment at a column.
    Comment(usize, String),
    /// A blank line of so many spaces.
    Blank(usize),
}

/// A whole document before rendering.
#[derive(Clone, Debug)]
struct Doc {
    /// Drawn from the clean grammar.
    clean: bool,
    /// Comments and blank lines before the root.
    head: Vec<Extra>,
    /// The root collection (or, in the full grammar, now and then a scalar).
    root: Node,
    /// Comments and blank lines after the root.
    tail: Vec<Extra>,
    /// Changes made to the rendered lines: a kind and two line picks (see [`render`]).
    mutations: Vec<(u8, prop::sample::Index, prop::sample::Index)>,
}

/// One of `items`.
fn pick(items: &'static [&'static str]) -> BoxedStrategy<String> {
    prop::sample::select(items).prop_map(str::to_owned).boxed()
}

/// Plain scalars serde_yaml reads as null, booleans, integers or strings, kept whole.
const SPECIAL_CLEAN: &[&str] = &[
    "null",
    "Null",
    "NULL",
    "~",
    "true",
    "True",
    "TRUE",
    "false",
    "False",
    "FALSE",
    "yes",
    "no",
    "on",
    "off",
    "y",
    "n",
    "0",
    "007",
    "00",
    "12",
    "42",
    "401",
    "65535",
    "4294967296",
    "18446744073709551615",
    "1_000",
    "12abc",
    "nulls",
    "truely",
];

/// The same, with every other number form YAML knows and a few that only look like numbers.
const SPECIAL_ALL: &[&str] = &[
    "-3",
    "+4",
    "-0",
    "+0",
    "1.5",
    "1.",
    ".5",
    "-.5",
    "+.5",
    "1e3",
    "1E3",
    "1e+3",
    "-1e-3",
    "1e400",
    "0x1F",
    "0X1F",
    "0o17",
    "0b101",
    "-0x1F",
    "+0o7",
    ".inf",
    ".Inf",
    ".INF",
    "-.inf",
    "+.inf",
    ".nan",
    ".NaN",
    ".NAN",
    "inf",
    "nan",
    "NaN",
    "Infinity",
    "-inf",
    "18446744073709551616",
    "-9223372036854775808",
    "-9223372036854775809",
    "99999999999999999999999",
    "09",
    "-007",
    "+007",
    "0.0",
    "412055.10",
    "0.1",
    "00.5",
    "01.5",
    "1.50",
    "10.0",
    "123456789012345678901234567890.5",
    "0.30000000000000004",
    "9007199254740993.0",
    "1000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000.0",
    "1.5.5",
    "1..5",
    "1.5x",
    "1,5",
    "1_0.5",
    "1.5_0",
    "1:20",
    "2001-12-14",
    "=",
    "<<",
];

/// First pieces of clean multi-piece plain scalars: they start with a letter, a digit or a
/// character that is no indicator, and never read as a number alone.
const FIRST_CLEAN: &[&str] = &[
    "a",
    "value",
    "Bearer",
    "token",
    "x-request-id",
    "GET",
    "application/json",
    "https://x.test/y?a=b#frag",
    "http://example.com:8080/path",
    "mailto:a@b.c",
    "a#b",
    "a:b",
    "it's",
    "say\"hi\"",
    "é",
    "naïve",
    "日本語",
    "😀",
    "€5",
    "Ünïcödé",
    "50%",
    "a,b",
    "a[0]",
    "f{x}",
    "x-",
    "~x",
    "=",
    "/path",
    "\\back",
    ".dot",
    "a--b",
    "1st",
    "v1.2.3",
    "3rd-party",
];

/// Later pieces of clean plain scalars: no `: ` and no trailing `:` can come of them.
const INNER_CLEAN: &[&str] = &[
    "a",
    "word",
    "#",
    "#frag",
    "# note",
    ":x",
    "x:y",
    "-",
    "- x",
    "--",
    "?",
    ",",
    "[",
    "]",
    "{",
    "}",
    "&",
    "*",
    "!",
    "|",
    ">",
    "'",
    "\"",
    "%",
    "@",
    "`",
    "~",
    "null",
    "true",
    "FALSE",
    "yes",
    "0",
    "007",
    "12",
    "-3",
    "+4",
    "1.5",
    "1e3",
    "0x1F",
    ".inf",
    ".nan",
    "https://x.test/a?b=c#d",
    "é",
    "—",
    "€",
    "😀",
    "\\",
    "\\n",
    "''",
];

/// Separators between plain pieces in the clean grammar.
const SEPS_CLEAN: &[&str] = &["", "", " ", " ", "  "];

/// Every piece a plain scalar may be made of in the full grammar.
const PIECES_ALL: &[&str] = &[
    "a",
    "value",
    "#",
    " #",
    "#x",
    ":",
    ": ",
    ":x",
    "-",
    "- ",
    "-x",
    "?",
    "? ",
    ",",
    "[",
    "]",
    "{",
    "}",
    "&",
    "&a",
    "*",
    "*a",
    "!",
    "!t",
    "!!str",
    "|",
    ">",
    "'",
    "\"",
    "%",
    "@",
    "`",
    "~",
    "null",
    "Null",
    "NULL",
    "true",
    "True",
    "FALSE",
    "yes",
    "no",
    "0",
    "007",
    "12",
    "-3",
    "+4",
    "1.5",
    "1e3",
    "0x1F",
    ".inf",
    ".nan",
    "https://x.test/y?a=b#frag",
    "é",
    "—",
    "€",
    "😀",
    "\t",
    "\\",
    "''",
    "...",
    "---",
    "<<",
    "\u{a0}",
    "\u{feff}",
];

/// Separators between plain pieces in the full grammar.
const SEPS_ALL: &[&str] = &["", " ", "  ", "\t"];

/// What may follow a clean one-line scalar.
const TAILS_CLEAN: &[&str] = &[
    "",
    "",
    "",
    "",
    "",
    " ",
    "   ",
    " # note",
    "  #note",
    " # : - [x] 'q",
    " #",
];

/// What may follow a one-line scalar in the full grammar.
const TAILS_ALL: &[&str] = &[
    "",
    "",
    "",
    " ",
    " # note",
    "\t",
    "\t# c",
    "#no-space",
    " #",
    "  ",
    " x",
    " 'q'",
    " :",
    ": x",
];

/// Pieces of clean single-quoted scalars (between the quotes).
const SINGLE_CLEAN: &[&str] = &[
    "a", "it''s", "''", "#", " # x", ": ", "\"", "\\n", "\\", "é", "😀", " ", "- x", "[", "{",
    "&a", "*b", "!t", "|", ">", "%", "@", "`", "null", "12", "007", "true", "~",
];

/// Pieces of clean double-quoted scalars (between the quotes).
const DOUBLE_CLEAN: &[&str] = &[
    "a", "\\\"", "\\\\", "\\n", "\\t", "\\u00e9", "\\u20AC", "\\x41", "\\/", "'", "''", "#", " # ",
    ": ", "é", "😀", " ", "null", "12", "[", "{", "- x",
];

/// Rare or wrong escapes and characters for double-quoted scalars.
const DOUBLE_ALL: &[&str] = &[
    "\\r",
    "\\0",
    "\\a",
    "\\b",
    "\\e",
    "\\f",
    "\\v",
    "\\N",
    "\\_",
    "\\L",
    "\\P",
    "\\ ",
    "\\\t",
    "\\U0001F600",
    "\\U0001f600",
    "\\q",
    "\\u12",
    "\\xZZ",
    "\\ud800",
    "\\uDFFF",
    "\\x",
    "\t",
    "\\",
    "\n",
    "\n  next",
    "\\\n  next",
];

/// Values that are outside the subset, invalid, or both.
const ODD_VALUES: &[&str] = &[
    "&a x",
    "&a",
    "*a",
    "!!str x",
    "!!int 12",
    "!t x",
    "!<tag:yaml.org,2002:str> x",
    "[a, b]",
    "[a,b]",
    "{a: 1}",
    "{a: 1, b: [c]}",
    "[ ]",
    "{ }",
    "[] x",
    "[]x",
    "{}x",
    "[] # c",
    "\"unclosed",
    "'unclosed",
    "\"a\" b",
    "'a' b",
    "'a'b",
    "\"a\"# c",
    "? x",
    ": x",
    "@x",
    "`x`",
    "%x",
    "|x",
    ">x",
    "- x",
    "-x",
    "-",
    "--- x",
    "... x",
    ",x",
    "#x",
    "a: b",
    "a:b",
    "a :b",
    "a:",
    "a: b: c",
    "\"\"",
    "''",
    "'''",
    "\"\\\"\"",
    "x\ty",
    "\tx",
    "<< : x",
];

/// Items of one-line flow sequences; some are outside the subset, some are not YAML.
const FLOW_ITEMS: &[&str] = &[
    "a",
    "Bearer",
    "Session cookie",
    "API key",
    "status/401",
    "token-lifecycle",
    "é",
    "😀",
    "null",
    "~",
    "true",
    "No",
    "12",
    "007",
    "1.5",
    "-3",
    "0x1F",
    ".inf",
    "''",
    "'a'",
    "'it''s'",
    "'a, b]'",
    "'a'b",
    "\"a\" b",
    "\"\"",
    "\"a\\\"b\"",
    "\"[x]\"",
    "a b  c",
    "a: b",
    "a:b",
    "a :b",
    "http://x/y?a=b#c",
    "- a",
    "-a",
    "? a",
    "?a",
    "[a]",
    "[]",
    "{a: 1}",
    "{}",
    "",
    "#c",
    "a #c",
    "a#c",
    "&a x",
    "*a",
    "!t x",
    "a\tb",
    "|",
    ">",
    "@a",
    "`a`",
    "%a",
];

/// Separators of flow sequence items.
const FLOW_SEPS: &[&str] = &[", ", ", ", ", ", ",", " , ", ",  ", ",\n  ", " ,"];

/// Keys of the clean grammar: plain, no two equal as YAML values.
const KEYS_CLEAN: &[&str] = &[
    "a",
    "b",
    "c",
    "key",
    "title",
    "summary",
    "x-request-id",
    "Content-Type",
    "max age",
    "with spaces here",
    "404",
    "2xx",
    "0",
    "a#b",
    "a:b",
    "é",
    "日本",
    "k1",
    "null",
    "true",
    "yes",
    "007",
    "snake_case",
    "a.b",
    "a/b",
    "a'b",
    "a\"b",
    "x-",
];

/// Keys of the full grammar, equal values among them included.
const KEYS_ALL: &[&str] = &[
    "a", "a", "b", "~", "null", "Null", "", "True", "true", "12", "012", "0x1F", "1.5", "-3", "+4",
    "'quoted'", "\"dq\"", "'a'", "\"a\"", "? x", "-", "- a", "-a", "[a]", "{a}", "a, b", "&a k",
    "*a", "!t k", "<<", "a  ", "k\t", "k #c", "#", "a: b", "a:b", "é", "?x", ".inf",
];

/// Headers of block scalars in the clean grammar.
const HEADERS_CLEAN: &[&str] = &["|", "|-", "|+", ">", ">-", ">+"];

/// Headers of block scalars in the full grammar, explicit indentation and oddities included.
const HEADERS_ALL: &[&str] = &[
    "|", "|-", "|+", ">", ">-", ">+", "|2", "|1", ">2", "|-2", "|2-", ">+1", "|1+", "| # c",
    ">- # c", "|  ", "|x", "|--", "|0", "|\t", ">#c",
];

/// Text of block-scalar content lines: anything goes, as nothing in it is read as YAML.
const BLOCK_TEXT: &[&str] = &[
    "a",
    "text",
    "two words",
    "# not a comment",
    "key: value",
    "- item",
    "'q'",
    "\"dq\"",
    "\\n",
    "trailing  ",
    "é—€😀",
    "|",
    ">",
    "[x]",
    "{y: z}",
    "&a *b !t",
    "%YAML",
    "---",
    "...",
    "`code`",
    "a # b",
];

/// Extra text for block-scalar content lines in the full grammar.
const BLOCK_TEXT_ALL: &[&str] = &["\ttab", "a\tb", "x\t", "\u{feff}"];

/// Whole lines that mutations insert.
const ODD_LINES: &[&str] = &[
    "---",
    "...",
    "--- x",
    "%YAML 1.2",
    "? a",
    ": b",
    "&a x: 1",
    "*a : 1",
    "!t x: 1",
    "[a, b]",
    "{a: 1}",
    "- - x",
    "k: v: w",
    "\t",
    "  \t",
    "# c",
    "k: &a v",
    "k: *a",
    "k: !!str 1",
    "k: [a, b]",
    "k: {a: 1}",
    "k: 'a",
    "k: \"a",
    "k: |2",
    "k: >-1",
    "<<: {}",
    "k: -1",
    "k: 0x1F",
    "k: 1.5",
    "k: .inf",
    "k\t: v",
    "k:\tv",
    "- ",
    "-",
    "  - x",
    "    y: 1",
    "x",
    "  continued text",
    "k:",
    "k",
];

/// How a collection is laid out (the fields of [`Collection`] but its items).
#[derive(Clone, Debug)]
struct Layout {
    /// See [`Collection::step`].
    step: usize,
    /// See [`Collection::gap`].
    gap: usize,
    /// See [`Collection::next_line`].
    next_line: bool,
    /// See [`Collection::compact`].
    compact: bool,
    /// See [`Collection::tail`].
    tail: String,
}

/// Which grammar to draw from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Grammar {
    /// Only what the subset is meant to accept.
    Clean,
    /// The clean grammar and all its edges.
    Full,
}

impl Grammar {
    /// Whether this is the clean grammar.
    fn clean(self) -> bool {
        self == Self::Clean
    }

    /// A column step for nested collections and block content.
    fn step(self) -> BoxedStrategy<usize> {
        if self.clean() {
            prop::sample::select(&[2usize, 2, 4][..]).boxed()
        } else {
            prop_oneof![6 => prop::sample::select(&[2usize, 4][..]), 1 => 1usize..=5].boxed()
        }
    }

    /// A plain scalar: a special word or number, or pieces joined by spaces or nothing.
    fn plain(self) -> BoxedStrategy<String> {
        let joined = |(first, rest): (String, Vec<(String, String)>)| {
            let mut text = first;
            for (sep, piece) in rest {
                text.push_str(&sep);
                text.push_str(&piece);
            }
            text
        };
        if self.clean() {
            prop_oneof![
                2 => pick(SPECIAL_CLEAN),
                5 => (
                    pick(FIRST_CLEAN),
                    prop::collection::vec((pick(SEPS_CLEAN), pick(INNER_CLEAN)), 0..4),
                )
                    .prop_map(joined),
            ]
            .boxed()
        } else {
            prop_oneof![
                3 => pick(SPECIAL_CLEAN),
                1 => pick(SPECIAL_ALL),
                10 => (
                    pick(FIRST_CLEAN),
                    prop::collection::vec((pick(SEPS_CLEAN), pick(INNER_CLEAN)), 0..4),
                )
                    .prop_map(joined),
                2 => (
                    pick(PIECES_ALL),
                    prop::collection::vec((pick(SEPS_ALL), pick(PIECES_ALL)), 0..4),
                )
                    .prop_map(joined),
            ]
            .boxed()
        }
    }

    /// A single-quoted scalar, quotes included.
    fn single_quoted(self) -> BoxedStrategy<String> {
        let pieces = if self.clean() {
            pick(SINGLE_CLEAN)
        } else {
            prop_oneof![4 => pick(SINGLE_CLEAN), 1 => pick(&["'", "\t", "\n", "\n  next", "\n\n  x"])]
                .boxed()
        };
        prop::collection::vec(pieces, 0..5)
            .prop_map(|p| format!("'{}'", p.concat()))
            .boxed()
    }

    /// A double-quoted scalar, quotes included.
    fn double_quoted(self) -> BoxedStrategy<String> {
        let pieces = if self.clean() {
            pick(DOUBLE_CLEAN)
        } else {
            prop_oneof![6 => pick(DOUBLE_CLEAN), 1 => pick(DOUBLE_ALL)].boxed()
        };
        prop::collection::vec(pieces, 0..5)
            .prop_map(|p| format!("\"{}\"", p.concat()))
            .boxed()
    }

    /// What follows a scalar on its line: nothing, spaces or a comment.
    fn tail(self) -> BoxedStrategy<String> {
        if self.clean() {
            pick(TAILS_CLEAN)
        } else {
            prop_oneof![5 => pick(TAILS_CLEAN), 1 => pick(TAILS_ALL)].boxed()
        }
    }

    /// A flow sequence on one line (now and then over two).
    fn flow(self) -> BoxedStrategy<String> {
        (
            pick(FLOW_ITEMS),
            prop::collection::vec((pick(FLOW_SEPS), pick(FLOW_ITEMS)), 0..4),
            pick(&["", "", "", " ", ","]),
            pick(&["", "", "", " "]),
        )
            .prop_map(|(first, rest, end, inside)| {
                let mut text = format!("[{inside}{first}");
                for (sep, item) in rest {
                    text.push_str(&sep);
                    text.push_str(&item);
                }
                text.push_str(end.as_str());
                text.push_str(inside.as_str());
                text.push(']');
                text
            })
            .boxed()
    }

    /// A value on the line of its key or dash.
    fn inline(self) -> BoxedStrategy<Node> {
        let scalar = prop_oneof![
            6 => self.plain(),
            2 => self.single_quoted(),
            2 => self.double_quoted(),
            1 => pick(&["[]", "{}"]),
        ];
        let clean = (scalar, self.tail()).prop_map(|(s, t)| Node::Inline(s + &t));
        if self.clean() {
            clean.boxed()
        } else {
            let flow = (self.flow(), self.tail()).prop_map(|(s, t)| Node::Inline(s + &t));
            prop_oneof![
                12 => clean,
                2 => flow,
                1 => pick(ODD_VALUES).prop_map(Node::Inline),
            ]
            .boxed()
        }
    }

    /// No value on the line of its key or dash.
    fn empty(self) -> BoxedStrategy<Node> {
        let tails: &'static [&'static str] = if self.clean() {
            &["", "", "", " ", " # note", "  #"]
        } else {
            &["", " ", " # note", "\t", "#x", " #"]
        };
        pick(tails).prop_map(Node::Empty).boxed()
    }

    /// A comment line at some column, or a blank line.
    fn extra(self) -> BoxedStrategy<Extra> {
        let comments: &'static [&'static str] = if self.clean() {
            &["", " note", "note", " key: value", " - item", " |", " 'q"]
        } else {
            &[" note", "\tx", " key: value", "# x"]
        };
        prop_oneof![
            (0usize..=9, pick(comments)).prop_map(|(c, t)| Extra::Comment(c, t)),
            prop::sample::select(&[0usize, 0, 1, 2][..]).prop_map(Extra::Blank),
        ]
        .boxed()
    }

    /// The lines before an entry: mostly none.
    fn extras(self) -> BoxedStrategy<Vec<Extra>> {
        prop_oneof![
            5 => Just(Vec::new()),
            1 => prop::collection::vec(self.extra(), 1..3),
        ]
        .boxed()
    }

    /// A block scalar: a header, content lines (some more indented, some blank), trailing blank
    /// lines.
    fn block(self) -> BoxedStrategy<Node> {
        let text = if self.clean() {
            pick(BLOCK_TEXT)
        } else {
            prop_oneof![6 => pick(BLOCK_TEXT), 1 => pick(BLOCK_TEXT_ALL)].boxed()
        };
        let shift = if self.clean() {
            prop_oneof![5 => Just(0isize), 1 => 1isize..=3].boxed()
        } else {
            prop_oneof![8 => Just(0isize), 2 => 1isize..=3, 1 => -2isize..=-1].boxed()
        };
        let line = if self.clean() {
            prop_oneof![
                4 => (shift, text.clone()).prop_map(|(s, t)| Line::Text(s, t)),
                1 => (0usize..=2).prop_map(Line::Blank),
            ]
            .boxed()
        } else {
            prop_oneof![
                8 => (shift, text.clone()).prop_map(|(s, t)| Line::Text(s, t)),
                2 => (0usize..=2).prop_map(Line::Blank),
                1 => (1usize..=2).prop_map(Line::OverBlank),
            ]
            .boxed()
        };
        let trailing = prop::collection::vec(
            prop_oneof![3 => Just(Line::Blank(0)), 1 => (1usize..=2).prop_map(Line::Blank)],
            0..3,
        );
        let headers = if self.clean() {
            pick(HEADERS_CLEAN)
        } else {
            prop_oneof![5 => pick(HEADERS_CLEAN), 1 => pick(HEADERS_ALL)].boxed()
        };
        let clean = self.clean();
        (
            headers,
            self.step(),
            text,
            prop::collection::vec(line.clone(), 0..5),
            trailing,
            any::<bool>(),
            prop::collection::vec(line, 0..2),
        )
            .prop_map(
                move |(header, step, first, body, trailing, odd_start, start)| {
                    let mut lines = Vec::new();
                    if !clean && odd_start {
                        // Leading blank or over-indented lines, or no content at all.
                        lines.extend(start);
                    }
                    lines.push(Line::Text(0, first));
                    lines.extend(body);
                    if clean && header.starts_with('>') {
                        // Folding of more-indented lines is left to the full grammar.
                        for line in &mut lines {
                            if let Line::Text(shift, _) = line {
                                *shift = 0;
                            }
                        }
                    }
                    if !clean && odd_start && lines.len() == 1 {
                        lines.clear();
                    }
                    lines.extend(trailing);
                    Node::Block(Block {
                        header,
                        step,
                        lines,
                    })
                },
            )
            .boxed()
    }

    /// A mapping key.
    fn key(self) -> BoxedStrategy<String> {
        if self.clean() {
            pick(KEYS_CLEAN)
        } else {
            prop_oneof![8 => pick(KEYS_CLEAN), 1 => pick(KEYS_ALL)].boxed()
        }
    }

    /// Layout of a collection: step, gap after a dash, next line or not, compact or not, tail on
    /// the owner line.
    fn layout(self) -> BoxedStrategy<Layout> {
        let gap = if self.clean() {
            prop::sample::select(&[1usize, 1, 1, 3][..]).boxed()
        } else {
            prop_oneof![4 => Just(1usize), 1 => 2usize..=4].boxed()
        };
        let tail = if self.clean() {
            pick(&["", "", "", " # section", "  "])
        } else {
            pick(&["", "", " # section", "\t", " x"])
        };
        let compact = prop::bool::weighted(if self.clean() { 0.0 } else { 0.2 });
        (
            self.step(),
            gap,
            prop::bool::weighted(0.15),
            compact,
            tail,
            prop::bool::weighted(0.35),
        )
            .prop_map(|(step, gap, next_line, compact, tail, at_key)| Layout {
                step: if at_key { 0 } else { step },
                gap,
                next_line,
                compact,
                tail,
            })
            .boxed()
    }

    /// A value that holds no collection.
    fn leaf(self) -> BoxedStrategy<Node> {
        prop_oneof![
            8 => self.inline(),
            2 => self.empty(),
            2 => self.block(),
        ]
        .boxed()
    }

    /// A value: a leaf, or a mapping or sequence of values, up to four levels deep.
    fn node(self) -> BoxedStrategy<Node> {
        self.leaf()
            .prop_recursive(4, 40, 5, move |inner| {
                let clean = self.clean();
                let map = (
                    self.layout(),
                    prop::collection::vec((self.extras(), self.key(), inner.clone()), 1..5),
                )
                    .prop_map(move |(layout, entries)| {
                        let mut items: Vec<(Vec<Extra>, (String, Node))> = Vec::new();
                        for (extras, key, value) in entries {
                            // Repeated keys make serde_yaml fail; only the full grammar keeps them.
                            if clean && items.iter().any(|(_, (k, _))| *k == key) {
                                continue;
                            }
                            items.push((extras, (key, value)));
                        }
                        Node::Map(Collection {
                            step: if layout.step == 0 { 2 } else { layout.step },
                            gap: layout.gap,
                            next_line: layout.next_line,
                            compact: false,
                            tail: layout.tail,
                            items,
                        })
                    });
                let seq = (
                    self.layout(),
                    prop::collection::vec((self.extras(), inner), 1..5),
                )
                    .prop_map(|(layout, items)| {
                        Node::Seq(Collection {
                            step: layout.step,
                            gap: layout.gap,
                            next_line: layout.next_line,
                            compact: layout.compact,
                            tail: layout.tail,
                            items,
                        })
                    });
                prop_oneof![3 => map, 2 => seq]
            })
            .boxed()
    }

    /// The root: a collection (or, in the full grammar, now and then a scalar).
    fn root(self) -> BoxedStrategy<Node> {
        let collection = self
            .node()
            .prop_filter("the root is a collection", |n| {
                matches!(n, Node::Map(_) | Node::Seq(_))
            })
            .boxed();
        if self.clean() {
            collection
        } else {
            prop_oneof![12 => collection, 1 => self.leaf()].boxed()
        }
    }

    /// A whole document as text.
    fn document(self) -> BoxedStrategy<String> {
        let mutation = (
            0u8..13,
            any::<prop::sample::Index>(),
            any::<prop::sample::Index>(),
        );
        let mutations = if self.clean() {
            Just(Vec::new()).boxed()
        } else {
            prop_oneof![
                3 => Just(Vec::new()),
                1 => prop::collection::vec(mutation, 1..3),
            ]
            .boxed()
        };
        let clean = self.clean();
        (self.extras(), self.root(), self.extras(), mutations)
            .prop_map(move |(head, root, tail, mutations)| {
                render(&Doc {
                    clean,
                    head,
                    root,
                    tail,
                    mutations,
                })
            })
            .boxed()
    }
}

// ---------------------------------------------------------------------------------------------
// Rendering.
// ---------------------------------------------------------------------------------------------

/// Renders nodes as text.
struct Writer {
    /// The text so far.
    out: String,
    /// Keep comments after a block scalar less indented than its content (past it they would be
    /// content, more indented than the rest).
    clean: bool,
    /// The content indentation of a block scalar just written, until another line is.
    block: Option<usize>,
}

impl Writer {
    /// Writes `n` spaces.
    fn pad(&mut self, n: usize) {
        self.out.extend(std::iter::repeat_n(' ', n));
    }

    /// Writes comment and blank lines.
    fn extras(&mut self, extras: &[Extra]) {
        for extra in extras {
            match extra {
                Extra::Comment(col, text) => {
                    let col = match self.block {
                        Some(n) if self.clean && *col >= n => col % n,
                        _ => *col,
                    };
                    self.pad(col);
                    self.out.push('#');
                    self.out.push_str(text);
                }
                Extra::Blank(n) => self.pad(*n),
            }
            self.out.push('\n');
        }
    }

    /// Writes a mapping's or sequence's entries at `col`; the first one continues the current
    /// line when `inline` (after a dash).
    fn collection(&mut self, node: &Node, col: usize, inline: bool) {
        match node {
            Node::Map(map) => {
                for (i, (before, (key, value))) in map.items.iter().enumerate() {
                    if i > 0 || !inline {
                        self.extras(before);
                        self.pad(col);
                    }
                    self.block = None;
                    self.out.push_str(key);
                    self.out.push(':');
                    self.value(value, col, true);
                }
            }
            Node::Seq(seq) => {
                for (i, (before, value)) in seq.items.iter().enumerate() {
                    if i > 0 || !inline {
                        self.extras(before);
                        self.pad(col);
                    }
                    self.block = None;
                    self.out.push('-');
                    self.value(value, col, false);
                }
            }
            Node::Inline(text) => {
                self.out.push_str(text);
                self.out.push('\n');
            }
            Node::Empty(_) => self.out.push('\n'),
            Node::Block(_) => {
                self.out.push_str("k:");
                self.value(node, 0, true);
            }
        }
    }

    /// Writes a value right after the `:` of a key or the `-` of an item at column `owner`,
    /// through the end of its last line.
    fn value(&mut self, node: &Node, owner: usize, after_key: bool) {
        match node {
            Node::Inline(text) => {
                self.out.push(' ');
                self.out.push_str(text);
                self.out.push('\n');
            }
            Node::Empty(tail) => {
                self.out.push_str(tail);
                self.out.push('\n');
            }
            Node::Block(block) => {
                self.out.push(' ');
                self.out.push_str(&block.header);
                self.out.push('\n');
                let indent = owner + block.step;
                for line in &block.lines {
                    match line {
                        Line::Text(shift, text) => {
                            self.pad(indent.saturating_add_signed(*shift));
                            self.out.push_str(text);
                        }
                        Line::Blank(n) => self.pad((*n).min(indent)),
                        Line::OverBlank(n) => self.pad(indent + n),
                    }
                    self.out.push('\n');
                }
                self.block = Some(indent);
            }
            Node::Map(map) => {
                if !after_key && !map.next_line {
                    self.pad(map.gap);
                    self.collection(node, owner + 1 + map.gap, true);
                } else {
                    self.out.push_str(&map.tail);
                    self.out.push('\n');
                    self.collection(node, owner + map.step, false);
                }
            }
            Node::Seq(seq) => {
                if after_key {
                    self.out.push_str(&seq.tail);
                    self.out.push('\n');
                    self.collection(node, owner + seq.step, false);
                } else if seq.compact {
                    // `- - x`: a sequence on the dash's line (outside the subset).
                    self.pad(seq.gap);
                    self.collection(node, owner + 1 + seq.gap, true);
                } else {
                    self.out.push_str(&seq.tail);
                    self.out.push('\n');
                    self.collection(node, owner + seq.step.max(2), false);
                }
            }
        }
    }
}

/// The document's text: its nodes rendered, then its mutations applied line by line.
fn render(doc: &Doc) -> String {
    let mut writer = Writer {
        out: String::new(),
        clean: doc.clean,
        block: None,
    };
    writer.extras(&doc.head);
    writer.collection(&doc.root, 0, false);
    writer.extras(&doc.tail);
    let out = writer.out;
    if doc.mutations.is_empty() {
        return out;
    }
    let mut lines: Vec<String> = out.lines().map(str::to_owned).collect();
    let mut final_break = true;
    for (kind, a, b) in &doc.mutations {
        if lines.is_empty() {
            break;
        }
        let i = a.index(lines.len());
        let j = b.index(lines.len());
        match kind {
            // Broken indentation, one space either way or a whole run of lines.
            0 => lines[i].insert(0, ' '),
            1 => {
                if lines[i].starts_with(' ') {
                    lines[i].remove(0);
                }
            }
            2 => {
                for line in &mut lines[i..] {
                    line.insert_str(0, "  ");
                }
            }
            // A tab: in the indentation, or somewhere in the line.
            3 => {
                if lines[i].starts_with(' ') {
                    lines[i].replace_range(0..1, "\t");
                } else {
                    let at = b.index(lines[i].len() + 1);
                    if lines[i].is_char_boundary(at) {
                        lines[i].insert(at, '\t');
                    }
                }
            }
            4 => lines[i].push('\t'),
            // Repeated, lost or swapped lines.
            5 => {
                let copy = lines[i].clone();
                lines.insert(i, copy);
            }
            6 => {
                lines.remove(i);
            }
            7 => lines.swap(i, j),
            8 => {
                let odd = ODD_LINES[b.index(ODD_LINES.len())];
                let indent = lines[i].len() - lines[i].trim_start_matches(' ').len();
                lines.insert(i, format!("{}{odd}", " ".repeat(indent)));
            }
            9 => final_break = false,
            10 => lines[i].push_str("  "),
            11 => lines.push(String::new()),
            _ => lines[0].insert(0, '\u{feff}'),
        }
    }
    let mut text = lines.join("\n");
    if final_break {
        text.push('\n');
    }
    text
}

// ---------------------------------------------------------------------------------------------
// Comparisons.
// ---------------------------------------------------------------------------------------------

/// When the subset reader accepts `text` as a `serde_yaml::Value`, serde_yaml must read it too,
/// to the same value with its mappings in the same order.
fn check_yaml_value(text: &str) -> Result<(), TestCaseError> {
    let Some(fast) = from_str::<serde_yaml::Value>(text) else {
        return Ok(());
    };
    match serde_yaml::from_str::<serde_yaml::Value>(text) {
        Ok(slow) => {
            prop_assert_eq!(
                format!("{fast:?}"),
                format!("{slow:?}"),
                "document:\n{}\n(as a Rust string: {:?})",
                text,
                text
            );
            prop_assert_eq!(&fast, &slow, "document:\n{}", text);
        }
        Err(e) => prop_assert!(
            false,
            "accepted a document serde_yaml rejects ({}):\n{}\n(as a Rust string: {:?})\nread as {:?}",
            e,
            text,
            text,
            fast
        ),
    }
    Ok(())
}

/// The same with `serde_json::Value`, whose maps take every key as a string.
fn check_json_value(text: &str) -> Result<(), TestCaseError> {
    let Some(fast) = from_str::<serde_json::Value>(text) else {
        return Ok(());
    };
    match serde_yaml::from_str::<serde_json::Value>(text) {
        Ok(slow) => {
            prop_assert_eq!(
                serde_json::to_string(&fast).expect("a JSON value serialises"),
                serde_json::to_string(&slow).expect("a JSON value serialises"),
                "document:\n{}\n(as a Rust string: {:?})",
                text,
                text
            );
            prop_assert_eq!(&fast, &slow, "document:\n{}", text);
        }
        Err(e) => prop_assert!(
            false,
            "accepted a document serde_yaml rejects ({}):\n{}\n(as a Rust string: {:?})\nread as {}",
            e,
            text,
            text,
            fast
        ),
    }
    Ok(())
}

/// Documents from either grammar, the full one more often.
fn any_document() -> BoxedStrategy<String> {
    prop_oneof![
        1 => Grammar::Clean.document(),
        2 => Grammar::Full.document(),
    ]
    .boxed()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]

    /// Whatever generated document the reader accepts as a `serde_yaml::Value`, serde_yaml reads
    /// to the very same value.
    #[test]
    fn accepted_documents_read_as_serde_yaml_reads_them(text in any_document()) {
        check_yaml_value(&text)?;
    }

    /// The same for `serde_json::Value` as the target type.
    #[test]
    fn accepted_documents_read_as_serde_yaml_reads_them_into_json(text in any_document()) {
        check_json_value(&text)?;
    }
}

/// Clean documents from a fixed seed: every one is valid YAML, at least 90% of them are accepted,
/// and those read as serde_yaml reads them. Were the reader to decline them, it would never be
/// used and nothing would say so.
#[test]
fn clean_documents_take_the_fast_path() {
    const TOTAL: usize = 500;
    let rng = TestRng::deterministic_rng(RngAlgorithm::ChaCha);
    let mut runner = TestRunner::new_with_rng(ProptestConfig::default(), rng);
    let strategy = Grammar::Clean.document();
    let mut declined = Vec::new();
    for _ in 0..TOTAL {
        let text = strategy
            .new_tree(&mut runner)
            .expect("the grammar generates")
            .current();
        if let Err(e) = serde_yaml::from_str::<serde_yaml::Value>(&text) {
            panic!(
                "a clean document is not valid YAML ({e}):\n{text}\n(as a Rust string: {text:?})"
            );
        }
        if from_str::<serde_yaml::Value>(&text).is_some() {
            check_yaml_value(&text).unwrap_or_else(|e| panic!("{e}"));
            check_json_value(&text).unwrap_or_else(|e| panic!("{e}"));
        } else {
            declined.push(text);
        }
    }
    assert!(
        declined.len() * 10 <= TOTAL,
        "{} of {TOTAL} clean documents were declined; the first ones:\n{}",
        declined.len(),
        declined
            .iter()
            .take(5)
            .map(|t| format!("{t:?}"))
            .collect::<Vec<_>>()
            .join("\n")
    );
}

// ---------------------------------------------------------------------------------------------
// Hand-written cases.
// ---------------------------------------------------------------------------------------------

/// Asserts that the reader accepts `text`, as a `serde_yaml::Value` and as a `serde_json::Value`,
/// and reads what serde_yaml reads.
#[track_caller]
fn same(text: &str) {
    assert!(
        from_str::<serde_yaml::Value>(text).is_some(),
        "declined:\n{text}\n(as a Rust string: {text:?})"
    );
    assert!(
        from_str::<serde_json::Value>(text).is_some(),
        "declined as JSON:\n{text}\n(as a Rust string: {text:?})"
    );
    agrees(text);
}

/// Asserts that the reader either declines `text` or reads what serde_yaml reads.
#[track_caller]
fn agrees(text: &str) {
    check_yaml_value(text).unwrap_or_else(|e| panic!("{e}"));
    check_json_value(text).unwrap_or_else(|e| panic!("{e}"));
}

/// Asserts that serde_yaml rejects `text` and that the reader declines it.
#[track_caller]
fn declines(text: &str) {
    assert!(
        serde_yaml::from_str::<serde_yaml::Value>(text).is_err(),
        "serde_yaml reads it:\n{text}"
    );
    assert_eq!(
        from_str::<serde_yaml::Value>(text),
        None,
        "accepted:\n{text}\n(as a Rust string: {text:?})"
    );
    assert_eq!(
        from_str::<serde_json::Value>(text),
        None,
        "accepted as JSON:\n{text}\n(as a Rust string: {text:?})"
    );
}

/// Asserts that the reader, reading `text` as a `T`, either declines or reads what serde_yaml
/// reads; returns whether it accepted.
#[track_caller]
fn agrees_as<T: DeserializeOwned + Debug + PartialEq>(text: &str) -> bool {
    let Some(fast) = from_str::<T>(text) else {
        return false;
    };
    match serde_yaml::from_str::<T>(text) {
        Ok(slow) => assert_eq!(fast, slow, "document:\n{text}"),
        Err(e) => panic!("accepted as {fast:?} what serde_yaml rejects ({e}):\n{text}"),
    }
    true
}

/// Plain scalars: comment tails, `#` and `:` inside words, URLs, trailing spaces.
#[test]
fn plain_scalars() {
    same("key: value # note\n");
    same("key: a#b\n");
    same("key: a #b\n");
    same("key: a  #b\n");
    same("url: https://x/y?a=b#frag\n");
    same("url: http://example.com:8080/a\n");
    same("key: value   \n");
    same("key: a:b-c:d\n");
    same("key: it's \"fine\"\n");
    same("key: a, b [c] {d}\n");
    same("key: é — € 😀\n");
    same("key: -x\n");
    same("key: x-\n");
    same("key:   spaced\n");
    same("key: #\n");
    same("key: # just a comment\n");
    same("key: ~x\n");
}

/// Single- and double-quoted scalars with their escapes.
#[test]
fn quoted_scalars() {
    same("k: 'it''s'\n");
    same("k: ''\n");
    same("k: ''''\n");
    same("k: 'a # b: c'\n");
    same("k: 'a\\nb'\n");
    same("k: \"a\\\"b\\\\c\\u00e9\"\n");
    same("k: \"tab\\there\\nnew \\x41 \\/\"\n");
    same("k: \"\"\n");
    same("k: \"a\" # note\n");
    same("k: 'a'   \n");
    same("k: \"12\"\n");
    same("k: 'null'\n");
    same("k: \"true\"\n");
    agrees("k: \"\\U0001F600 \\0 \\a \\e \\N \\_ \\L \\P \\ \"\n");
    agrees("k: \"\\q\"\n");
    agrees("k: 'a'b\n");
    agrees("k: \"a\" b\n");
    agrees("k: 'multi\n  line'\n");
    agrees("k: \"multi\n  line\"\n");
    agrees("k: \"a\\\n  b\"\n");
}

/// Literal and folded block scalars with every chomping header and blank lines inside and after.
#[test]
fn block_scalars() {
    same("k: |\n  a\n\n  b\n\n");
    same("k: |\n  a\n\n  b\n\nj: 1\n");
    same("k: |-\n  a\n");
    same("k: |+\n  a\n\n");
    same("k: |+\n  a\n\n\nj: 1\n");
    same("k: >\n  a\n  b\n\n  c\n");
    same("k: >-\n  a\n  b\n");
    same("k: >+\n  a\n  b\n\n");
    same("k: |\n  # not a comment\n  key: value\n  - item\n");
    same("k: |\n  a\n    indented\n  b\n");
    same("k: |\n    four\n    spaces\nj: x\n");
    same("- |\n  a\n- >-\n  b\n  c\n");
    same("k: |\n  a  \n  b\n");
    same("k: |\n  a\n \n  b\n");
    same("a:\n  k: |\n    x\n  j: y\n");
    agrees("k: >\n  a\n    indented\n  b\n");
    agrees("k: >\n  a\n\n    indented\n\n  b\n");
    agrees("k: |\n\n  a\n");
    agrees("k: |\n  a\n     \n  b\n");
    agrees("k: |\n  a\n     \n");
    agrees("k: |2\n    a\n");
    agrees("k: |1-\n  a\n");
    agrees("k: | # c\n  a\n");
    agrees("k: |\nj: 1\n");
    agrees("k: |\n  a");
    agrees("k: |\n    a\n  b\n");
    // libyaml refuses a tab where it looks for the indentation of the first content line.
    agrees("k: |\n  \ttab\n");
    agrees("k: |\n  \ttab\n  a\n");
    agrees("- |\n \ttab\n");
    agrees("k: |\n  a\n  \ttab\n");
    agrees("k: >\n  a\n  \ttab\n");
}

/// A tab between a dash and what follows it: serde_yaml reads a scalar after it, but refuses a
/// key there. Found by the proptest (`- \ta: b`).
#[test]
fn tabs_after_a_dash() {
    declines("- \ta: b\n# note\n");
    declines("- \ta: b\n");
    agrees("- \tb\n");
    agrees("- \t\"q\"\n");
    agrees("k:\n- \tx: 1\n");
}

/// Comments after a block scalar end it: less indented than its content, and at the left edge.
#[test]
fn comments_after_block_scalars() {
    same("k: |\n    a\n  # after\nj: 1\n");
    same("k: |\n  a\n# after\nj: 1\n");
    same("k: |+\n  a\n\n# after\n\nj: 1\n");
    same("k: >-\n  a\n# after\n");
    same("- |\n  a\n# after\n- b\n");
    agrees("k: |\n  a\n# after\n  b\n");
}

/// Sequences indented under their key, at its column, and holding mappings.
#[test]
fn sequences() {
    same("k:\n- a\n- b\n");
    same("k:\n  - a\n");
    same("k:\n    - a\n    - b\nj: c\n");
    same("k:\n- a\nj:\n- b\n");
    same("- a: 1\n  b: 2\n- c: 3\n");
    same("-   a: 1\n    b: 2\n-   c: 3\n");
    same("- a\n-\n- c\n");
    same("- # note\n- b\n");
    same("-\n  a: 1\n");
    same("k:\n  - a: 1\n    b:\n      - x\n    c: |\n      t\n  - d\n");
    same("- k:\n  - a\n  j: b\n");
    agrees("- - a\n  - b\n");
    agrees("k:\n  - a\n - b\n");
    agrees("k:\n  - a\n  b: 1\n");
}

/// `[]`, `{}` and empty values.
#[test]
fn empty_collections_and_nulls() {
    same("k: []\n");
    same("k: {}\n");
    same("k: [] # none\n");
    same("k:\n");
    same("k:\nj:\n");
    same("k: ~\n");
    same("k: null\nj: Null\nl: NULL\n");
    same("k:   \n");
    same("k: # nothing\n");
    agrees("k: [ ]\n");
    agrees("k: [a, b]\n");
    agrees("k: {a: 1}\n");
}

/// Booleans and integers resolve as serde_yaml resolves them; other number forms at least agree.
#[test]
fn booleans_and_numbers() {
    same("k: 007\n");
    same("k: 12\n");
    same("k: 0\n");
    same("k: true\nj: False\nl: TRUE\n");
    same("k: yes\nj: no\nl: on\nm: off\n");
    same("k: 18446744073709551615\n");
    same("k: 1_000\n");
    same("404: x\n0: y\n");
    same("true: x\nnull: y\n");
    for number in [
        "-3",
        "+4",
        "1.5",
        "412055.10",
        "00.5",
        "1.50",
        "1e3",
        "0x1F",
        "0o17",
        "0b101",
        ".inf",
        "-.inf",
        ".nan",
        "inf",
        "nan",
        "1e400",
        "-0",
        "09",
        "18446744073709551616",
        "-9223372036854775809",
        "1.",
        ".5",
        "1.5.5",
        "1_0.5",
    ] {
        agrees(&format!("k: {number}\n"));
        agrees(&format!("{number}: k\n"));
        agrees(&format!("k: [{number}]\n"));
    }
    // Too large for a finite f64: serde_yaml reads it as a string.
    let huge = format!("1{}.0", "0".repeat(309));
    agrees(&format!("k: {huge}\n"));
    agrees(&format!("k: [{huge}]\n"));
}

/// One-line flow sequences, which the shipped catalog uses for short lists.
#[test]
fn flow_sequences() {
    agrees("k: [a]\n");
    agrees("k: [a, b]\n");
    agrees("k: [ a , b ]\n");
    agrees("k: [Session cookie, API key]\n");
    agrees("k: [a, 'b''c', \"d\\\"e\"] # note\n");
    agrees("k: [null, ~, true, 12, 007]\n");
    agrees("k: [a, b,]\n");
    agrees("k: [a,, b]\n");
    agrees("k: [a: b]\n");
    agrees("k: [a:b, http://x/y?a=b#c]\n");
    agrees("k: [a #c]\n");
    agrees("k: [a] x\n");
    agrees("k: [[a]]\n");
    agrees("k: [a,\n  b]\n");
    agrees("- [a, b]\n- []\n");
}

/// What serde_yaml rejects the reader must decline, and text it cannot be sure of it may only
/// decline or read the same.
#[test]
fn errors_and_doubtful_text() {
    declines("key: value: x\n");
    declines("k: a\n  b: c\n");
    declines("k: [a\n");
    declines("k: 'a\n");
    declines("k: \"a\n");
    declines("a: 1\n  b: 2\n");
    declines("- a\nb: 1\n");
    declines("a: 1\n- b\n");
    // A repeated key is an error for `serde_yaml::Value`; a JSON map keeps the last value.
    assert_eq!(from_str::<serde_yaml::Value>("k: 1\nk: 2\n"), None);
    agrees("k: 1\nk: 2\n");
    agrees("k: multi\n  line plain\n");
    agrees("k:\n  multi\n  line\n");
    agrees("key:\n      over-indented\n");
    agrees("key: x\n      over-indented\n");
    agrees("a:\n    b: 1\n   c: 2\n");
    agrees("k:\tv\n");
    agrees("k: a\tb\n");
    agrees("\tk: v\n");
    agrees("k: &a v\nj: *a\n");
    agrees("k: !!str 12\n");
    agrees("---\nk: v\n");
    agrees("k: v\n...\n");
    agrees("? k\n: v\n");
    agrees("'k': v\n");
    agrees("\"k\": v\n");
    agrees("k : v\n");
    agrees("<<: {a: 1}\n");
    agrees("just a scalar\n");
    agrees("\u{feff}k: v\n");
    agrees("");
    agrees("# only a comment\n");
}

/// Nesting deeper than serde_yaml's recursion limit (128 levels), which it refuses.
#[test]
fn deep_nesting() {
    for depth in [127, 128, 129, 130, 200] {
        let maps: String = (0..depth)
            .map(|i| format!("{}a:\n", " ".repeat(i)))
            .collect();
        agrees(&maps);
        let seqs: String = (0..depth)
            .map(|i| format!("{}-\n", " ".repeat(2 * i)))
            .collect();
        agrees(&seqs);
        let mixed: String = (0..depth)
            .map(|i| format!("{}- a:\n", " ".repeat(4 * i)))
            .collect();
        agrees(&mixed);
    }
}

/// Comments and blank lines around a document, and a document without a final line break.
#[test]
fn comments_blank_lines_and_ends() {
    same("# a comment\nkey: value\n");
    same("# a comment\n\n   # indented comment\nkey: value\n\n# end\n");
    same("a:\n  # inside\n  b: 1\n# between\n  c: 2\n");
    same("a:\n\n  b: 1\n\n\n  c: 2\n");
    same("key: value");
    same("a:\n  b: c");
    same("- a\n- b");
    same("k: 'q'");
    same("k: []");
    same("k:");
    agrees("k: |\n  a");
    agrees("k: >+\n  a\n\n");
}

/// Keys with dashes, spaces, digits and punctuation.
#[test]
fn keys() {
    same("x-request-id: 1\nmax age: 2\n2xx: 3\nk1: 4\n");
    same("a#b: 1\na:b: 2\né: 3\n");
    same("Content-Type: application/json\n");
    agrees("a  : 1\n");
    agrees("[a]: 1\n");
    agrees("a, b: 1\n");
    agrees("-a: 1\n");
}

/// Typed targets: strings from plain numbers and booleans, optional and defaulted fields.
#[test]
fn typed_targets() {
    use std::collections::BTreeMap;

    #[derive(Debug, PartialEq, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Typed {
        status: u16,
        title: String,
        #[serde(default)]
        tags: Vec<String>,
        #[serde(default)]
        note: Option<String>,
    }

    assert!(agrees_as::<Typed>("status: 401\ntitle: Expired\n"));
    assert!(agrees_as::<Typed>(
        "status: 401\ntitle: 12\ntags:\n- a\n- 007\n- true\nnote: |\n  x\n"
    ));
    agrees_as::<Typed>("status: 401\ntitle: x\nnote:\n");
    agrees_as::<Typed>("status: 401\ntitle: x\ntags:\n");
    agrees_as::<Typed>("status: 401\ntitle: x\ntags: []\n");
    agrees_as::<Typed>("status: 401\ntitle: x\nnote: ~\n");
    agrees_as::<Typed>("status: 401\ntitle:\n");
    agrees_as::<Typed>("status: 70000\ntitle: x\n");
    agrees_as::<Typed>("status: '401'\ntitle: x\n");
    agrees_as::<Typed>("status: 401\ntitle: x\nextra: 1\n");
    agrees_as::<Typed>("status: 401\ntitle: x\nstatus: 402\n");
    agrees_as::<BTreeMap<String, String>>("a: 12\nb: true\nc: ~\nd:\ne: 007\n");
    agrees_as::<BTreeMap<String, Option<String>>>("a: 12\nb: true\nc: ~\nd:\n");
    agrees_as::<BTreeMap<String, Vec<u32>>>("a:\n- 1\n- 2\nb: []\nc:\n");
    agrees_as::<BTreeMap<String, Vec<u32>>>("c: ~\n");
    agrees_as::<BTreeMap<String, Vec<u32>>>("c: null\n");
    agrees_as::<BTreeMap<String, Vec<u32>>>("c: ''\n");
    agrees_as::<BTreeMap<String, BTreeMap<String, u32>>>("c:\nd: ~\n");
    agrees_as::<BTreeMap<String, Option<Vec<u32>>>>("c:\nd: ~\ne: []\n");
    agrees_as::<BTreeMap<String, f64>>("a: 1.5\nb: 12\nc: 412055.10\nd: 18446744073709551615\n");
    agrees_as::<BTreeMap<String, f32>>("a: 1.5\nb: 0.1\n");
    agrees_as::<BTreeMap<String, String>>("a: 1.5\nb: 1.50\n");
    agrees_as::<BTreeMap<String, bool>>("a: true\nb: False\n");
    agrees_as::<BTreeMap<u32, String>>("1: a\n2: b\n");
    agrees_as::<Vec<i64>>("- 1\n- 9223372036854775807\n- 9223372036854775808\n");
}

// ---------------------------------------------------------------------------------------------
// The shipped catalog.
// ---------------------------------------------------------------------------------------------

/// Reads `text` as a `T` both ways; serde_yaml must read it, and the reader must read the same.
/// Returns whether the reader accepted it.
fn same_model<T: DeserializeOwned + Serialize>(text: &str, rel: &Path) -> bool {
    let slow: T = serde_yaml::from_str(text)
        .unwrap_or_else(|e| panic!("{}: serde_yaml cannot read it: {e}", rel.display()));
    let Some(fast) = from_str::<T>(text) else {
        return false;
    };
    assert_eq!(
        serde_json::to_string(&fast).expect("model values serialise"),
        serde_json::to_string(&slow).expect("model values serialise"),
        "{}",
        rel.display()
    );
    true
}

/// Every YAML file under `content/` reads through the reader, as its model type and as a plain
/// value, exactly as serde_yaml reads it: the shipped catalog is plain block YAML.
#[test]
fn shipped_catalog_reads_the_same() {
    let content = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    let mut declined = Vec::new();
    let mut files = 0;
    let walker = WalkDir::new(&content).sort_by_file_name().into_iter();
    for file in walker.filter_entry(|e| !e.file_name().to_string_lossy().starts_with('.')) {
        let file = file.expect("content/ can be walked");
        let path = file.path();
        let yaml = matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("yaml" | "yml")
        );
        if !file.file_type().is_file() || !yaml {
            continue;
        }
        let rel = path.strip_prefix(&content).expect("under content/");
        let text = std::fs::read_to_string(path).expect("catalog files are UTF-8");
        let text = text
            .strip_prefix('\u{feff}')
            .unwrap_or(&text)
            .replace("\r\n", "\n");
        let parts: Vec<&str> = rel.iter().filter_map(|p| p.to_str()).collect();
        let accepted = match parts.as_slice() {
            ["errors", _, _] => same_model::<Entry>(&text, rel),
            ["status", _] => same_model::<StatusPage>(&text, rel),
            ["compare", _] => same_model::<Comparison>(&text, rel),
            ["trees", _] => same_model::<Tree>(&text, rel),
            _ => panic!("{}: not part of any content kind", rel.display()),
        };
        if !accepted {
            declined.push(rel.display().to_string());
        }
        check_yaml_value(&text).unwrap_or_else(|e| panic!("{}: {e}", rel.display()));
        check_json_value(&text).unwrap_or_else(|e| panic!("{}: {e}", rel.display()));
        files += 1;
    }
    assert!(files > 0, "no YAML files under {}", content.display());
    assert!(
        declined.is_empty(),
        "the reader declined shipped files: {declined:?}"
    );
}
