//! The tokenizer shared (by specification) with the client in `static/search.js`.
//!
//! Text is lower-cased and cut into runs of letters, digits, `_` and `-`, and of `/` in a run that
//! starts with one (a path or a JSON Pointer); leading and trailing `-`, `_` and `/` are dropped. A
//! run that contains `_`, `-` or `/` is an identifier: a code (`invalid_token`), a header name
//! (`www-authenticate`), a JSON Pointer (`/items/0/quantity`). It is kept whole and also split into
//! its parts (`invalid`, `token`); a pointer's segments that are identifiers themselves
//! (`unit_price` in `/items/0/unit_price`) are kept whole too. Stopwords are dropped, except as part
//! of a whole identifier. The client applies the same rules to the query; keep both in step.

use std::borrow::Cow;

/// Common English words that never help find an error.
const STOPWORDS: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "but", "by", "can", "do", "does", "for", "from",
    "has", "have", "i", "if", "in", "into", "is", "it", "its", "my", "no", "not", "of", "on", "or",
    "so", "that", "the", "their", "then", "there", "these", "this", "to", "was", "we", "what",
    "when", "which", "who", "why", "will", "with", "you", "your",
];

/// The longest word [`key`] packs.
const KEY_MAX: usize = 7;

/// `word` (at most [`KEY_MAX`] bytes) and its length packed into one integer, so checking a word
/// against the stopwords compares integers instead of calling `memcmp` for each probe.
const fn key(word: &[u8]) -> u64 {
    let mut k = 0_u64;
    let mut i = 0;
    while i < word.len() {
        k = (k << 8) | word[i] as u64;
        i += 1;
    }
    (k << 8) | word.len() as u64
}

/// [`STOPWORDS`] as [`key`]s, sorted for binary search.
const STOPWORD_KEYS: [u64; STOPWORDS.len()] = {
    let mut keys = [0_u64; STOPWORDS.len()];
    let mut i = 0;
    while i < keys.len() {
        assert!(STOPWORDS[i].len() <= KEY_MAX, "a stopword too long to pack");
        keys[i] = key(STOPWORDS[i].as_bytes());
        // Insertion sort: `sort` is not available in a constant.
        let mut j = i;
        while j > 0 && keys[j - 1] > keys[j] {
            let t = keys[j];
            keys[j] = keys[j - 1];
            keys[j - 1] = t;
            j -= 1;
        }
        i += 1;
    }
    keys
};

/// Whether `word` is a stopword.
#[must_use]
pub fn is_stopword(word: &str) -> bool {
    word.len() <= KEY_MAX && STOPWORD_KEYS.binary_search(&key(word.as_bytes())).is_ok()
}

/// The index terms of `text`, in order, possibly repeated.
#[must_use]
pub fn tokens(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for_each_token(text, |t| out.push(t.to_owned()));
    out
}

/// What a token is to the index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Piece {
    /// A plain word.
    Word,
    /// An identifier kept whole (`invalid_token`, `items/0/quantity`).
    Whole,
    /// A part of an identifier (`invalid`).
    Part,
}

/// Calls `f` with each of [`tokens`]`(text)` in turn, borrowed: the index looks most terms up in
/// a document's map that already holds them, and needs its own copy only of a new one.
pub(crate) fn for_each_token(text: &str, mut f: impl FnMut(&str)) {
    for_each_piece(text, |token, _| f(token));
}

/// [`for_each_token`], saying what each token is: the index weighs an identifier found in prose
/// as an identifier.
pub(crate) fn for_each_piece(text: &str, mut f: impl FnMut(&str, Piece)) {
    let lower = lowercase(text);
    for run in runs(&lower) {
        if !run.contains(JOINERS) {
            if !is_stopword(run) {
                f(run, Piece::Word);
            }
            continue;
        }
        f(run, Piece::Whole);
        let pointer = run.contains('/');
        for segment in run.split('/') {
            let segment = segment.trim_matches(JOINERS);
            if pointer && segment.contains(JOINERS) {
                f(segment, Piece::Whole);
            }
            segment
                .split(JOINERS)
                .filter(|p| !p.is_empty() && !is_stopword(p))
                .for_each(|p| f(p, Piece::Part));
        }
    }
}

/// The characters that join the parts of an identifier.
const JOINERS: [char; 3] = ['_', '-', '/'];

/// The runs of `lower` that hold a token, trimmed of joiners. `/` joins only in a run that starts
/// with it, a path or a JSON Pointer (`/items/0/quantity`); elsewhere (`401/403`, a URL's
/// `example.com/v1/…`, `application/json`) it separates, as any other punctuation.
fn runs(lower: &str) -> impl Iterator<Item = &str> {
    lower
        .split(|c: char| !(c.is_alphanumeric() || JOINERS.contains(&c)))
        .flat_map(|raw| {
            let (pointer, rest) = match raw.strip_prefix('/') {
                Some(_) => (Some(raw), None),
                None => (None, Some(raw.split('/'))),
            };
            pointer.into_iter().chain(rest.into_iter().flatten())
        })
        .map(|run| run.trim_matches(JOINERS))
        .filter(|run| !run.is_empty())
}

/// How many words `text` has, as the index counts a field's length: each identifier counts once,
/// stopwords not at all.
pub(crate) fn word_count(text: &str) -> usize {
    runs(&lowercase(text))
        .filter(|run| run.contains(JOINERS) || !is_stopword(run))
        .count()
}

/// `text.to_lowercase()`, borrowing `text` when it is ASCII with no capital: most of what the
/// index reads (prose, identifiers, header values) is, and needs no copy.
fn lowercase(text: &str) -> Cow<'_, str> {
    if !text.is_ascii() {
        Cow::Owned(text.to_lowercase())
    } else if text.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Owned(text.to_ascii_lowercase())
    } else {
        Cow::Borrowed(text)
    }
}

#[cfg(test)]
pub(super) const STOPWORDS_FOR_TEST: &[&str] = STOPWORDS;
