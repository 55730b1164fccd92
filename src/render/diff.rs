//! What differs between the two sides of a sample pair, line by line and within a line.
//!
//! A pair's two requests are generated in the same language; the lines of each part that differs
//! between them (see [`differing_parts`](super::sample::differing_parts)) are compared here. A line
//! found unchanged on both sides is not marked (one changed member of a JSON body marks its own line,
//! not the whole body); a changed line is paired with its counterpart, and the characters that differ
//! are found, widened to whole words so a reader sees `expired` rather than `xpire`. This module only
//! measures: it writes no HTML.

use std::collections::HashSet;
use std::ops::Range;

use crate::samples::{Line, Lines, Part};

/// How one line of a side compares with the other side.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mark {
    /// The line is the same on both sides, or carries a part that does not differ.
    Same,
    /// The line differs; the byte range of its text that changed (empty when only the other side
    /// has something there).
    Changed(Range<usize>),
}

/// For each line of `a` and of `b`, how it compares with the other side, given the parts that
/// differ between the two requests.
#[must_use]
pub fn line_marks(a: &Lines, b: &Lines, marked: &HashSet<Part>) -> [Vec<Mark>; 2] {
    let mut marks = [vec![Mark::Same; a.len()], vec![Mark::Same; b.len()]];
    if marked.is_empty() {
        return marks;
    }
    let (la, lb): (Vec<Line<'_>>, Vec<Line<'_>>) = (a.iter().collect(), b.iter().collect());
    for part in marked {
        let of = |lines: &[Line<'_>]| -> Vec<usize> {
            (0..lines.len())
                .filter(|&i| lines[i].part == part)
                .collect()
        };
        let (ia, ib) = (of(&la), of(&lb));
        let text_a = |k: usize| la[ia[k]].plain();
        let text_b = |k: usize| lb[ib[k]].plain();
        // Lines equal at the start and at the end of the part are left alone; the rest are paired
        // in order, and what is left over on one side changed as a whole.
        let mut head = 0;
        while head < ia.len().min(ib.len()) && text_a(head) == text_b(head) {
            head += 1;
        }
        let mut tail = 0;
        while tail < ia.len().min(ib.len()) - head
            && text_a(ia.len() - 1 - tail) == text_b(ib.len() - 1 - tail)
        {
            tail += 1;
        }
        let (mid_a, mid_b) = (head..ia.len() - tail, head..ib.len() - tail);
        for k in mid_a.clone() {
            let other = (k - head < mid_b.len()).then(|| text_b(k));
            marks[0][ia[k]] = match other {
                Some(t) if t == text_a(k) => Mark::Same,
                Some(t) => Mark::Changed(changed_range(text_a(k), t).0),
                None => Mark::Changed(0..text_a(k).len()),
            };
        }
        for k in mid_b {
            let other = (k - head < mid_a.len()).then(|| text_a(k));
            marks[1][ib[k]] = match other {
                Some(t) if t == text_b(k) => Mark::Same,
                Some(t) => Mark::Changed(changed_range(t, text_b(k)).1),
                None => Mark::Changed(0..text_b(k).len()),
            };
        }
    }
    marks
}

/// The byte ranges of `a` and of `b` that differ: what lies between their common start and their
/// common end, widened on both sides to whole words (letters, digits and `_`).
#[must_use]
pub fn changed_range(a: &str, b: &str) -> (Range<usize>, Range<usize>) {
    let prefix = a
        .char_indices()
        .zip(b.chars())
        .find(|((_, x), y)| x != y)
        .map_or(a.len().min(b.len()), |((i, _), _)| i);
    // The common end, never reaching into the common start of either side.
    let room = a.len().min(b.len()) - prefix;
    let suffix = a[prefix..]
        .chars()
        .rev()
        .zip(b[prefix..].chars().rev())
        .take_while(|(x, y)| x == y)
        .map(|(x, _)| x.len_utf8())
        .scan(0, |sum, n| {
            *sum += n;
            Some(*sum)
        })
        .take_while(|&sum| sum <= room)
        .last()
        .unwrap_or(0);
    let word = |c: char| c.is_alphanumeric() || c == '_';
    let widen = |s: &str, mut start: usize, mut end: usize| {
        while let Some(c) = s[..start].chars().next_back().filter(|&c| word(c)) {
            start -= c.len_utf8();
        }
        while let Some(c) = s[end..].chars().next().filter(|&c| word(c)) {
            end += c.len_utf8();
        }
        start..end
    };
    (
        widen(a, prefix, a.len() - suffix),
        widen(b, prefix, b.len() - suffix),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::model::Request;
    use crate::samples::{self, Lang};

    #[test]
    fn the_changed_words_are_found() {
        let (a, b) = changed_range(
            "Authorization: Bearer example-expired-token",
            "Authorization: Bearer example-token",
        );
        assert_eq!(
            &"Authorization: Bearer example-expired-token"[a],
            "expired-token"
        );
        assert_eq!(&"Authorization: Bearer example-token"[b], "token");
        let (a, b) = changed_range("GET /parcels/42 HTTP/1.1", "GET /parcels/421 HTTP/1.1");
        assert_eq!((a, b), (13..15, 13..16));
        // Multi-byte characters stay whole.
        let (a, b) = changed_range("x: é1", "x: é2");
        assert_eq!(
            ("x: é1"[a].to_owned(), "x: é2"[b].to_owned()),
            ("é1".into(), "é2".into())
        );
        // A repeated character is not counted twice as both start and end.
        let (a, b) = changed_range("aa", "aaa");
        assert_eq!((a, b), (0..2, 0..3));
    }

    #[test]
    fn only_the_changed_member_of_a_body_is_marked() {
        let req = |yaml: &str| -> Request { serde_yaml::from_str(yaml).unwrap() };
        let a =
            req("method: POST\nurl: https://a.example/p\njson: {name: Ann, weight: 0, to: x}\n");
        let b =
            req("method: POST\nurl: https://a.example/p\njson: {name: Ann, weight: 2, to: x}\n");
        let marked = super::super::sample::differing_parts(&a, &b);
        assert_eq!(marked, HashSet::from([Part::Body]));
        let (la, lb) = (
            samples::generate(&a, Lang::Http),
            samples::generate(&b, Lang::Http),
        );
        let [ma, mb] = line_marks(&la, &lb, &marked);
        let changed = |lines: &Lines, marks: &[Mark]| -> Vec<String> {
            lines
                .iter()
                .zip(marks)
                .filter_map(|(l, m)| match m {
                    Mark::Changed(r) => Some(l.plain()[r.clone()].to_owned()),
                    Mark::Same => None,
                })
                .collect()
        };
        assert_eq!(changed(&la, &ma), ["0"], "{}", samples::to_text(&la));
        assert_eq!(changed(&lb, &mb), ["2"]);
    }
}
