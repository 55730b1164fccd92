//! HTML for requests, responses and incorrect/correct pairs.
//!
//! Requests come from the `samples` generators as classed lines; this module marks the lines whose
//! request part differs between the two sides of a pair and writes compact HTML. Responses are written
//! in their wire form (status line, header fields, body).

use std::collections::{BTreeMap, HashSet};
use std::fmt::Write as _;

use serde::Serialize;

use super::diff::{Mark, line_marks};
use super::highlight::{
    body_lang, escape_into, escape_text_into, highlight, highlight_json, http_field,
    http_start_line, needs_text_escape,
};
use crate::catalog::model::{FormPart, Request, Response};
use crate::catalog::reason::reason_phrase;
use crate::exchange::body_text;
use crate::samples::{self, Class, Lang, Lines, Part};

/// A response, ready for a template.
#[derive(Debug, Clone, Serialize)]
pub struct ResponseView {
    /// Status code.
    pub status: u16,
    /// Reason phrase.
    pub reason: String,
    /// The wire form, highlighted.
    pub html: String,
    /// The field errors its body lists (`errors: [{pointer, detail}]`), for a readable table.
    pub field_errors: Vec<FieldErrorView>,
}

/// One field error of a problem body.
#[derive(Debug, Clone, Serialize)]
pub struct FieldErrorView {
    /// The JSON Pointer (or the field's name) of what is wrong.
    pub pointer: String,
    /// What is wrong with it.
    pub detail: String,
}

/// The field errors a body lists: `errors` items with a `pointer` (RFC 9457 §3.2) or `field`,
/// and a `detail` or `message`.
fn field_errors(body: Option<&serde_json::Value>) -> Vec<FieldErrorView> {
    let Some(items) = body
        .and_then(|b| b.get("errors"))
        .and_then(|e| e.as_array())
    else {
        return Vec::new();
    };
    let text = |item: &serde_json::Value, keys: &[&str]| {
        keys.iter()
            .find_map(|k| item.get(*k).and_then(serde_json::Value::as_str))
            .map(str::to_owned)
    };
    items
        .iter()
        .filter_map(|item| {
            Some(FieldErrorView {
                pointer: text(item, &["pointer", "field", "name"])?,
                detail: text(item, &["detail", "message", "reason"]).unwrap_or_default(),
            })
        })
        .collect()
}

/// The request parts that differ between two requests.
#[must_use]
pub fn differing_parts(a: &Request, b: &Request) -> HashSet<Part> {
    let mut parts = HashSet::new();
    if !a.method.eq_ignore_ascii_case(&b.method) || samples::full_url(a) != samples::full_url(b) {
        parts.insert(Part::Target);
    }
    let fields = |r: &Request| {
        let mut map: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for (k, v) in samples::wire_headers(r) {
            map.entry(k.to_ascii_lowercase()).or_default().push(v);
        }
        map
    };
    let (fa, fb) = (fields(a), fields(b));
    for name in fa.keys().chain(fb.keys()) {
        if fa.get(name) != fb.get(name) {
            parts.insert(Part::Header(name.clone()));
        }
    }
    match (&a.multipart, &b.multipart) {
        // Two multipart bodies differ in the parts that differ, each marked on its own lines.
        (Some(pa), Some(pb)) => {
            let names = pa.iter().chain(pb).map(|p| &p.name);
            for name in names {
                let find = |parts: &[FormPart]| parts.iter().position(|p| &p.name == name);
                let (ia, ib) = (find(pa), find(pb));
                let same = match (ia, ib) {
                    (Some(i), Some(j)) => i == j && pa[i] == pb[j],
                    _ => false,
                };
                if !same {
                    parts.insert(Part::Field(name.clone()));
                }
            }
        }
        _ => {
            if samples::wire_body(a).map(|b| b.0) != samples::wire_body(b).map(|b| b.0) {
                parts.insert(Part::Body);
                for part in a.multipart.iter().chain(&b.multipart).flatten() {
                    parts.insert(Part::Field(part.name.clone()));
                }
            }
        }
    }
    parts
}

/// The tabbed sample blocks of a pair's two requests, incorrect side first: a tab per chosen
/// language, then each language's code (past the first [`INLINE_LANGUAGES`], inside a
/// `<noscript data-more>`). In each language the lines that differ between the two
/// sides are marked (`line d`), and within them the characters that changed: `<del>` on the
/// incorrect side, `<ins>` on the correct side (see [`super::diff`]).
#[must_use]
pub fn pair_html(incorrect: &Request, correct: &Request, languages: &[Lang]) -> [String; 2] {
    let marked = differing_parts(incorrect, correct);
    let preps = [
        samples::Prepared::new(incorrect),
        samples::Prepared::new(correct),
    ];
    let mut outs = [block_start(languages), block_start(languages)];
    // One pair of line buffers serves every language of the two blocks.
    let mut lines = [Lines::default(), Lines::default()];
    for (i, &lang) in languages.iter().enumerate() {
        if i == INLINE_LANGUAGES {
            for out in &mut outs {
                out.push_str("<noscript data-more>\n");
            }
        }
        for (lines, prep) in lines.iter_mut().zip(&preps) {
            samples::generate_prepared(lines, prep, lang);
        }
        let marks = line_marks(&lines[0], &lines[1], &marked);
        for (side, out) in outs.iter_mut().enumerate() {
            variant_start(out, lang);
            write_lines(out, &lines[side], &marks[side], ["del", "ins"][side]);
            out.push_str("</code></pre>\n</div>\n");
        }
    }
    for out in &mut outs {
        if languages.len() > INLINE_LANGUAGES {
            out.push_str("</noscript>\n");
        }
        out.push_str("</div>");
    }
    outs
}

/// The languages of a sample block that are elements of the page as it loads. The others are
/// written inside a `<noscript data-more>`: without JavaScript they show like the first ones; with
/// it they are text until a reader picks one of them, when `app.js` makes them elements. An entry
/// page of a dozen languages stays well under the 1,500 elements where pages grow slow to lay out.
pub const INLINE_LANGUAGES: usize = 3;

/// The opening of a sample block: its tab bar.
fn block_start(languages: &[Lang]) -> String {
    let mut out = String::with_capacity(4096 * languages.len().max(1));
    out.push_str("<div class=\"sample\" data-sample>\n<div class=\"sample-bar\"><div class=\"tabs\" role=\"tablist\" aria-label=\"Sample language\">");
    for lang in languages {
        out.push_str("<button type=\"button\" role=\"tab\" class=\"tab\" data-tab=\"");
        out.push_str(lang.name());
        out.push_str("\" aria-selected=\"false\" tabindex=\"-1\">");
        escape_into(&mut out, lang.label());
        out.push_str("</button>");
    }
    out.push_str("</div><button type=\"button\" class=\"copy\" data-copy>Copy</button></div>\n");
    out
}

/// The opening of one language's panel, up to its code.
fn variant_start(out: &mut String, lang: Lang) {
    out.push_str("<div class=\"variant\" data-lang=\"");
    out.push_str(lang.name());
    out.push_str("\" role=\"tabpanel\" aria-label=\"");
    escape_into(out, lang.label());
    out.push_str("\">\n<div class=\"code-head\"><span class=\"code-title\">");
    escape_into(out, lang.label());
    out.push_str("</span></div>\n<pre class=\"code\" tabindex=\"0\"><code>");
}

/// Writes generated lines as HTML: one `<span class="line">` per line (`line d` where the two
/// sides differ), classed runs inside, and the changed characters of a line inside one `<tag>`.
fn write_lines(out: &mut String, lines: &Lines, marks: &[Mark], tag: &str) {
    for (line, mark) in lines.iter().zip(marks) {
        let changed = match mark {
            Mark::Same => {
                out.push_str("<span class=\"line\">");
                None
            }
            Mark::Changed(range) => {
                out.push_str("<span class=\"line d\">");
                Some(range.clone()).filter(|r| !r.is_empty())
            }
        };
        // Most lines hold nothing to escape: one look at the whole line spares one per run.
        let escape = needs_text_escape(line.plain());
        let mut at = 0;
        for (class, text) in line.tokens() {
            let end = at + text.len();
            match &changed {
                // Split the run where the change starts and ends, so one element holds it all.
                Some(r) if r.start < end && r.end > at => {
                    let (from, to) = (r.start.max(at) - at, r.end.min(end) - at);
                    put_run(out, class, &text[..from], escape);
                    if r.start >= at {
                        let _ = write!(out, "<{tag}>");
                    }
                    put_run(out, class, &text[from..to], escape);
                    if r.end <= end {
                        let _ = write!(out, "</{tag}>");
                    }
                    put_run(out, class, &text[to..], escape);
                }
                _ => put_run(out, class, text, escape),
            }
            at = end;
        }
        out.push_str("</span>\n");
    }
}

/// Writes one classed run, escaped when `escape` says its line holds something to escape; nothing
/// when it is empty.
#[inline]
fn put_run(out: &mut String, class: Option<Class>, text: &str, escape: bool) {
    if text.is_empty() {
        return;
    }
    if let Some(class) = class {
        out.push_str(open_tag(class));
    }
    if escape && needs_text_escape(text) {
        escape_text_into(out, text);
    } else {
        out.push_str(text);
    }
    if class.is_some() {
        out.push_str("</span>");
    }
}

/// `<span class="…">` for a class, written whole: samples hold millions of tokens.
fn open_tag(class: Class) -> &'static str {
    match class {
        Class::Keyword => "<span class=\"k\">",
        Class::String => "<span class=\"s\">",
        Class::Number => "<span class=\"n\">",
        Class::Comment => "<span class=\"c\">",
        Class::Function => "<span class=\"f\">",
        Class::Variable => "<span class=\"v\">",
        Class::Attribute => "<span class=\"a\">",
        Class::Punctuation => "<span class=\"p\">",
    }
}

/// The reason phrase a response is sent with: its own, or the standard one for its status.
fn reason_of(response: &Response) -> String {
    response
        .reason
        .clone()
        .unwrap_or_else(|| reason_phrase(response.status).unwrap_or("").to_owned())
}

/// The response in its wire form as plain text: the status line, the header fields and the body,
/// as sent (what the terminal and the Markdown version of a page show).
#[must_use]
pub fn response_text(response: &Response) -> String {
    let mut text = format!("HTTP/1.1 {} {}", response.status, reason_of(response))
        .trim_end()
        .to_owned();
    text.push('\n');
    for (name, value) in &response.headers {
        for v in value.values() {
            let _ = writeln!(text, "{name}: {v}");
        }
    }
    if let Some(body) = &response.body {
        text.push('\n');
        text.push_str(&body_text(body));
        text.push('\n');
    }
    text
}

/// The response in its wire form.
#[must_use]
pub fn response_view(response: &Response) -> ResponseView {
    let reason = reason_of(response);
    let mut html = String::with_capacity(512);
    http_start_line(&mut html, &format!("HTTP/1.1 {} {reason}", response.status));
    let mut content_type = String::new();
    for (name, value) in &response.headers {
        if name.eq_ignore_ascii_case("content-type") {
            content_type = value
                .values()
                .first()
                .cloned()
                .unwrap_or_default()
                .to_ascii_lowercase();
        }
        for v in value.values() {
            http_field(&mut html, name, v);
        }
    }
    if let Some(body) = &response.body {
        let lang = match body_lang(&content_type) {
            "" if content_type.is_empty() && !body.is_string() => "json",
            lang => lang,
        };
        html.push('\n');
        if lang == "json" && !body.is_string() {
            html.push_str(&highlight_json(body));
        } else {
            html.push_str(&highlight(&body_text(body), lang));
        }
        if !html.ends_with('\n') {
            html.push('\n');
        }
    }
    ResponseView {
        status: response.status,
        reason,
        html,
        field_errors: field_errors(response.body.as_ref()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn req(yaml: &str) -> Request {
        serde_yaml::from_str(yaml).unwrap()
    }

    #[test]
    fn only_changed_parts_differ() {
        let a = req(
            "method: GET\nurl: https://a.example/x\nheaders: {Accept: a/b, Authorization: 'Bearer x'}\n",
        );
        let b = req(
            "method: GET\nurl: https://a.example/x\nheaders: {Accept: a/b, Authorization: 'Bearer y'}\n",
        );
        let parts = differing_parts(&a, &b);
        assert_eq!(parts, HashSet::from([Part::Header("authorization".into())]));
        let [html, other] = pair_html(&a, &b, &[Lang::Http]);
        assert_eq!(html.matches("line d").count(), 1, "{html}");
        assert!(
            html.contains("<span class=\"line d\"><span class=\"a\">Authorization</span><span class=\"p\">:</span> <span class=\"s\">Bearer </span><del><span class=\"s\">x</span></del></span>"),
            "{html}"
        );
        assert!(
            other.contains("<ins><span class=\"s\">y</span></ins>"),
            "{other}"
        );
    }

    /// The code of each tab of a sample block, in tab order.
    fn panels(block: &str) -> Vec<&str> {
        block
            .split("<code>")
            .skip(1)
            .map(|rest| &rest[..rest.find("</code>").unwrap()])
            .collect()
    }

    /// The text a reader sees in a panel: its HTML without tags, unescaped.
    fn text_of(html: &str) -> String {
        let mut text = String::new();
        let mut in_tag = false;
        for c in html.chars() {
            match c {
                '<' => in_tag = true,
                '>' => in_tag = false,
                c if !in_tag => text.push(c),
                _ => {}
            }
        }
        text.replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&amp;", "&")
    }

    #[test]
    fn sample_blocks_write_what_their_lines_hold() {
        // Each tab must read as the code generated on its own: marks, escapes, multi-line bodies
        // and empty values included; every changed line holds one marked run.
        let a = req(concat!(
            "method: POST\nurl: 'https://a.example/x?q=<1>&r=2'\n",
            "headers: {Authorization: 'Bearer ${TOKEN}', X-Empty: '', X-Many: [a, b]}\n",
            "body: \"line one\\n<b>two</b> & three\\n\"\n",
        ));
        let b = req(concat!(
            "method: POST\nurl: 'https://a.example/x?q=<1>&r=2'\n",
            "headers: {Authorization: 'Bearer ${GOOD}', X-Many: [a, b]}\n",
            "json: {note: '<&>', list: [1, true, null], nested: {k: v}}\n",
        ));
        let c = req("method: GET\nurl: https://a.example/\nquery: {a: '1 2', b: 'é'}\n");
        for (x, y) in [(&a, &b), (&b, &a), (&c, &a)] {
            let blocks = pair_html(x, y, Lang::ALL);
            for (block, (request, tag)) in blocks.iter().zip([(x, "del"), (y, "ins")]) {
                let tabs = panels(block);
                assert_eq!(tabs.len(), Lang::ALL.len());
                for (lang, tab) in Lang::ALL.iter().zip(tabs) {
                    let expected = samples::to_text(&samples::generate(request, *lang));
                    assert_eq!(text_of(tab), expected, "{}", lang.name());
                    let changed = tab.matches("line d").count();
                    assert!(changed > 0, "{}: {tab}", lang.name());
                    assert!(tab.matches(&format!("<{tag}>")).count() <= changed);
                    assert_eq!(
                        tab.matches(&format!("<{tag}>")).count(),
                        tab.matches(&format!("</{tag}>")).count()
                    );
                }
            }
        }
        let [html, _] = pair_html(&a, &b, &[Lang::Http]);
        assert!(
            html.contains("&lt;b&gt;two&lt;/b&gt; &amp; three"),
            "{html}"
        );
        assert!(html.contains("<span class=\"line d\">"), "{html}");
    }

    #[test]
    fn open_tags_use_the_short_classes() {
        for class in [
            Class::Keyword,
            Class::String,
            Class::Number,
            Class::Comment,
            Class::Function,
            Class::Variable,
            Class::Attribute,
            Class::Punctuation,
        ] {
            assert_eq!(open_tag(class), format!("<span class=\"{}\">", class.css()));
        }
    }

    #[test]
    fn response_wire_form() {
        let r: Response = serde_yaml::from_str("status: 401\nheaders: {WWW-Authenticate: 'Bearer realm=\"api\"'}\nbody: {status: 401}\n").unwrap();
        let v = response_view(&r);
        assert_eq!(v.reason, "Unauthorized");
        assert!(v.html.starts_with("<span class=\"line\"><span class=\"c\">HTTP/1.1</span> <span class=\"n\">401</span> Unauthorized</span>"), "{}", v.html);
        assert!(v.html.contains("Bearer realm=\"api\""), "{}", v.html);
        assert!(
            v.html.contains("<span class=\"a\">\"status\"</span>"),
            "{}",
            v.html
        );
    }
}
