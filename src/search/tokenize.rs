//! The tokenizer shared (by specification) with the client in `static/app.js`.
//!
//! Text is lower-cased and cut into runs of letters, digits, `_` and `-`; leading and trailing `-`/`_`
//! are dropped. A run that contains `_` or `-` is kept whole (`invalid_token`, `www-authenticate`)
//! and also split into its parts (`invalid`, `token`). Stopwords are dropped, except as part of a
//! whole identifier. The client applies the same rules to the query; keep both in step.

/// Common English words that never help find an error.
const STOPWORDS: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "but", "by", "can", "do", "does", "for", "from",
    "has", "have", "i", "if", "in", "into", "is", "it", "its", "my", "no", "not", "of", "on", "or",
    "so", "that", "the", "their", "then", "there", "these", "this", "to", "was", "we", "what",
    "when", "which", "who", "why", "will", "with", "you", "your",
];

/// Whether `word` is a stopword.
#[must_use]
pub fn is_stopword(word: &str) -> bool {
    STOPWORDS.binary_search(&word).is_ok()
}

/// The index terms of `text`, in order, possibly repeated.
#[must_use]
pub fn tokens(text: &str) -> Vec<String> {
    let lower = text.to_lowercase();
    let mut out = Vec::new();
    for run in lower.split(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-')) {
        let run = run.trim_matches(|c| c == '_' || c == '-');
        if run.is_empty() {
            continue;
        }
        if run.contains(['_', '-']) {
            out.push(run.to_owned());
            out.extend(
                run.split(['_', '-'])
                    .filter(|p| !p.is_empty() && !is_stopword(p))
                    .map(str::to_owned),
            );
        } else if !is_stopword(run) {
            out.push(run.to_owned());
        }
    }
    out
}

#[cfg(test)]
pub(super) const STOPWORDS_FOR_TEST: &[&str] = STOPWORDS;
