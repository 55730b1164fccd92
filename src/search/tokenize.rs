//! The tokenizer shared (by specification) with the client in `static/app.js`.
//!
//! Text is lower-cased and cut into runs of letters, digits, `_` and `-`; leading and trailing `-`/`_`
//! are dropped. A run that contains `_` or `-` is kept whole (`invalid_token`, `www-authenticate`)
//! and also split into its parts (`invalid`, `token`). Stopwords are dropped, except as part of a
//! whole identifier. The client applies the same rules to the query; keep both in step.

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

/// Calls `f` with each of [`tokens`]`(text)` in turn, borrowed: the index looks most terms up in
/// a document's map that already holds them, and needs its own copy only of a new one.
pub(crate) fn for_each_token(text: &str, mut f: impl FnMut(&str)) {
    let lower = lowercase(text);
    for run in lower.split(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-')) {
        let run = run.trim_matches(|c| c == '_' || c == '-');
        if run.is_empty() {
            continue;
        }
        if run.contains(['_', '-']) {
            f(run);
            run.split(['_', '-'])
                .filter(|p| !p.is_empty() && !is_stopword(p))
                .for_each(&mut f);
        } else if !is_stopword(run) {
            f(run);
        }
    }
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
