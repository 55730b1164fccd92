//! HTML for requests, responses and incorrect/correct pairs.
//!
//! Requests come from the `samples` generators as classed lines; this module marks the lines whose
//! request part differs between the two sides of a pair and writes compact HTML. Responses are written
//! in their wire form (status line, header fields, body).

use std::collections::{BTreeMap, HashSet};
use std::fmt::Write as _;

use serde::Serialize;

use super::highlight::{
    escape_into, escape_text, escape_text_into, highlight, highlight_json, needs_text_escape,
};
use crate::catalog::model::{Request, Response};
use crate::catalog::reason::reason_phrase;
use crate::exchange::body_text;
use crate::samples::{self, Class, Lang, Lines, Part, Sink as _};

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
    if samples::wire_body(a).map(|b| b.0) != samples::wire_body(b).map(|b| b.0) {
        parts.insert(Part::Body);
    }
    parts
}

/// The tabbed sample block of `request`: a tab per chosen language, then each language's code,
/// marking lines whose part is in `marked`. Written here rather than by a template loop: an entry
/// page holds dozens of these blocks, and they were the largest share of its template time.
#[must_use]
pub fn sample_html(request: &Request, languages: &[Lang], marked: &HashSet<Part>) -> String {
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
    let prep = samples::Prepared::new(request);
    // One set of line buffers serves every language of the block.
    let mut lines = Lines::default();
    for &lang in languages {
        out.push_str("<div class=\"variant\" data-lang=\"");
        out.push_str(lang.name());
        out.push_str("\" role=\"tabpanel\" aria-label=\"");
        escape_into(&mut out, lang.label());
        out.push_str("\">\n<div class=\"code-head\"><span class=\"code-title\">");
        escape_into(&mut out, lang.label());
        out.push_str("</span></div>\n<pre class=\"code\" tabindex=\"0\"><code>");
        let mut sink = HtmlSink::new(&mut out, marked);
        samples::generate_to_sink(&mut lines, &prep, lang, &mut sink);
        sink.finish();
        out.push_str("</code></pre>\n</div>\n");
    }
    out.push_str("</div>");
    out
}

/// Writes code as HTML: one `<span class="line">` per line (`line d` where the two sides differ),
/// classed runs inside. Fed while the code is generated, or from [`Lines`] by [`write_lines`].
struct HtmlSink<'o> {
    out: &'o mut String,
    marked: &'o HashSet<Part>,
    /// For each part, by index, whether its lines differ between the two sides, once looked up.
    differs: Vec<Option<bool>>,
    /// Whether a line is open.
    open: bool,
}

impl<'o> HtmlSink<'o> {
    fn new(out: &'o mut String, marked: &'o HashSet<Part>) -> Self {
        Self {
            out,
            marked,
            differs: Vec::new(),
            open: false,
        }
    }

    /// Closes the last line.
    fn finish(&mut self) {
        if self.open {
            self.out.push_str("</span>\n");
            self.open = false;
        }
    }

    #[inline]
    fn put(&mut self, text: &str) {
        if needs_text_escape(text) {
            escape_text_into(self.out, text);
        } else {
            self.out.push_str(text);
        }
    }
}

impl samples::Sink for HtmlSink<'_> {
    fn line(&mut self, part: &Part, index: usize) {
        self.finish();
        if self.differs.len() <= index {
            self.differs.resize(index + 1, None);
        }
        // The marked parts are one or two: comparing with each is quicker than hashing `part`.
        let differs = *self.differs[index]
            .get_or_insert_with(|| *part != Part::Plain && self.marked.iter().any(|m| m == part));
        self.out.push_str(if differs {
            "<span class=\"line d\">"
        } else {
            "<span class=\"line\">"
        });
        self.open = true;
    }

    #[inline]
    fn run(&mut self, class: Option<Class>, text: &str) {
        match class {
            Some(class) => {
                self.out.push_str(open_tag(class));
                self.put(text);
                self.out.push_str("</span>");
            }
            None => self.put(text),
        }
    }
}

/// Writes generated lines as HTML: one `<span class="line">` per line, classed tokens inside.
#[must_use]
pub fn lines_html(lines: &Lines, marked: &HashSet<Part>) -> String {
    let mut out = String::with_capacity(lines.len() * 64);
    write_lines(&mut out, lines, marked);
    out
}

fn write_lines(out: &mut String, lines: &Lines, marked: &HashSet<Part>) {
    let mut sink = HtmlSink::new(out, marked);
    for line in lines {
        sink.line(line.part, line.part_index);
        for (class, text) in line.tokens() {
            sink.run(class, text);
        }
    }
    sink.finish();
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
    let mut html = format!(
        "<span class=\"line\"><span class=\"c\">HTTP/1.1</span> <span class=\"n\">{}</span> <span class=\"k\">{}</span></span>\n",
        response.status,
        escape_text(&reason)
    );
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
            let _ = writeln!(
                html,
                "<span class=\"line\"><span class=\"a\">{}</span><span class=\"p\">:</span> <span class=\"s\">{}</span></span>",
                escape_text(name),
                escape_text(v)
            );
        }
    }
    if let Some(body) = &response.body {
        let lang =
            if content_type.contains("json") || (content_type.is_empty() && !body.is_string()) {
                "json"
            } else if content_type.contains("html") {
                "html"
            } else if content_type.contains("xml") {
                "xml"
            } else {
                ""
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
            "method: GET\nurl: https://a.example/x\nheaders: {Accept: a/b, authorization: 'Bearer y'}\n",
        );
        let parts = differing_parts(&a, &b);
        assert_eq!(parts, HashSet::from([Part::Header("authorization".into())]));
        let html = lines_html(&samples::generate(&a, Lang::Http), &parts);
        assert_eq!(html.matches("line d").count(), 1, "{html}");
        assert!(
            html.contains("<span class=\"line d\"><span class=\"a\">Authorization</span>"),
            "{html}"
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

    #[test]
    fn sample_blocks_write_what_their_lines_hold() {
        // Written while generated, each tab must be the HTML of the lines generated on their own:
        // marks, escapes, multi-line bodies and empty values included.
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
        for (request, other) in [(&a, &b), (&b, &a), (&c, &a)] {
            let marked = differing_parts(request, other);
            assert!(!marked.is_empty());
            let block = sample_html(request, Lang::ALL, &marked);
            let tabs = panels(&block);
            assert_eq!(tabs.len(), Lang::ALL.len());
            for (lang, tab) in Lang::ALL.iter().zip(tabs) {
                let expected = lines_html(&samples::generate(request, *lang), &marked);
                assert_eq!(tab, expected, "{}", lang.name());
            }
        }
        let html = sample_html(&a, &[Lang::Http], &differing_parts(&a, &b));
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
        assert!(v.html.starts_with("<span class=\"line\"><span class=\"c\">HTTP/1.1</span> <span class=\"n\">401</span>"), "{}", v.html);
        assert!(v.html.contains("Bearer realm=\"api\""), "{}", v.html);
        assert!(
            v.html.contains("<span class=\"a\">\"status\"</span>"),
            "{}",
            v.html
        );
    }
}
