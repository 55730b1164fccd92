//! Syntax highlighting at build time, as short CSS classes.
//!
//! syntect (with the `two-face` syntax collection, which has HTTP) parses the code; instead of
//! syntect's one-class-per-scope markup, which is huge, each run of text gets at most one short class
//! from a small fixed set that the theme styles in light and dark. The syntax set loads once.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::sync::{Mutex, OnceLock};

use syntect::parsing::{ParseState, Scope, ScopeStack, SyntaxReference, SyntaxSet};

fn syntax_set() -> &'static SyntaxSet {
    static SET: OnceLock<SyntaxSet> = OnceLock::new();
    SET.get_or_init(two_face::syntax::extra_newlines)
}

/// Escapes text for HTML element content and attribute values.
#[must_use]
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    escape_into(&mut out, text);
    out
}

/// Appends `text`, escaped for HTML, to `out`: runs without special characters are copied whole.
pub fn escape_into(out: &mut String, text: &str) {
    let mut start = 0;
    for (i, b) in text.bytes().enumerate() {
        let entity = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.push_str(&text[start..i]);
        out.push_str(entity);
        start = i + 1;
    }
    out.push_str(&text[start..]);
}

/// `text` escaped for the content of an element: see [`escape_text_into`].
#[must_use]
pub fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    escape_text_into(&mut out, text);
    out
}

/// Appends `text` to `out`, escaped for the content of an element (never an attribute): only `&`,
/// `<` and `>` change. Quotes mean nothing there, and code is full of them: left as they are, the
/// code on a page is shorter and quicker to write.
pub fn escape_text_into(out: &mut String, text: &str) {
    let bytes = text.as_bytes();
    let mut start = 0;
    for i in memchr::memchr3_iter(b'&', b'<', b'>', bytes) {
        out.push_str(&text[start..i]);
        out.push_str(match bytes[i] {
            b'&' => "&amp;",
            b'<' => "&lt;",
            _ => "&gt;",
        });
        start = i + 1;
    }
    out.push_str(&text[start..]);
}

/// Whether [`escape_text_into`] would change `text`.
#[must_use]
pub fn needs_text_escape(text: &str) -> bool {
    let bytes = text.as_bytes();
    // Code tokens are a few bytes long: a plain loop answers sooner than a vectorised search is
    // set up.
    if bytes.len() < 32 {
        return bytes.iter().any(|b| matches!(b, b'&' | b'<' | b'>'));
    }
    memchr::memchr3(b'&', b'<', b'>', bytes).is_some()
}

fn find_syntax(lang: &str) -> Option<&'static SyntaxReference> {
    let set = syntax_set();
    let token = match lang.to_ascii_lowercase().as_str() {
        "shell" | "sh" | "console" | "curl" | "httpie" => "bash".to_owned(),
        "javascript" | "node" | "ts" | "typescript" => "js".to_owned(),
        "python3" => "py".to_owned(),
        "golang" => "go".to_owned(),
        "csharp" | "c#" => "cs".to_owned(),
        "powershell" | "pwsh" => "ps1".to_owned(),
        "ruby" => "rb".to_owned(),
        "rust" => "rs".to_owned(),
        other => other.to_owned(),
    };
    set.find_syntax_by_token(&token)
        .or_else(|| set.find_syntax_by_extension(&token))
}

/// Whether `lang` names a syntax the highlighter knows.
#[must_use]
pub fn knows(lang: &str) -> bool {
    find_syntax(lang).is_some()
}

/// The short class for one scope, from the most to the least specific rule.
fn class_of_scope(scope: &str) -> Option<&'static str> {
    const RULES: &[(&str, &str)] = &[
        ("comment", "c"),
        ("meta.mapping.key", "a"),
        ("string", "s"),
        ("constant.character", "s"),
        ("constant.numeric", "n"),
        ("punctuation.definition.string", "s"),
        ("keyword.operator", "p"),
        ("punctuation", "p"),
        ("keyword", "k"),
        ("storage", "k"),
        ("constant.language", "k"),
        ("variable.language", "k"),
        ("entity.name.function", "f"),
        ("support.function", "f"),
        ("variable.function", "f"),
        ("entity.name.tag", "a"),
        ("entity.other.attribute-name", "a"),
        ("support.type.property-name", "a"),
        ("entity.name", "t"),
        ("support.type", "t"),
        ("support.class", "t"),
        ("variable", "v"),
    ];
    RULES
        .iter()
        .find(|(prefix, _)| scope.starts_with(prefix))
        .map(|(_, class)| *class)
}

fn class_of_stack(
    stack: &ScopeStack,
    cache: &mut HashMap<Scope, Option<&'static str>>,
) -> Option<&'static str> {
    let mut class_of = |scope: &Scope| {
        *cache
            .entry(*scope)
            .or_insert_with(|| class_of_scope(&scope.build_string()))
    };
    let scopes = stack.as_slice();
    let class = scopes.iter().rev().find_map(&mut class_of)?;
    // A JSON or YAML key is a string inside a mapping key: show it as a key.
    if class == "s" && scopes.iter().any(|s| class_of(s) == Some("a")) {
        Some("a")
    } else {
        Some(class)
    }
}

/// Highlights `code` as `lang`: escaped HTML with `<span class="x">` runs. Unknown languages and
/// parse failures give the escaped text without classes.
///
/// syntect parses about a megabyte a second, so results are kept by a hash of the language and the
/// code: the same block on many pages (a shared snippet, a common response body) is parsed once.
#[must_use]
pub fn highlight(code: &str, lang: &str) -> String {
    if lang.eq_ignore_ascii_case("http") {
        return highlight_http(code);
    }
    let Some(syntax) = find_syntax(lang) else {
        return escape_text(code);
    };
    let key = cache_key(code, lang);
    if let Some(hit) = cache().lock().ok().and_then(|c| c.get(&key).cloned()) {
        return hit;
    }
    let html = highlight_with(code, syntax).unwrap_or_else(|| escape_text(code));
    if let Ok(mut c) = cache().lock() {
        if c.len() >= CACHE_LIMIT {
            c.clear();
        }
        c.insert(key, html.clone());
    }
    html
}

/// [`highlight`] without its cache: always parses (for measuring the highlighter).
#[must_use]
pub fn highlight_uncached(code: &str, lang: &str) -> String {
    match find_syntax(lang) {
        Some(syntax) => highlight_with(code, syntax).unwrap_or_else(|| escape_text(code)),
        None => escape_text(code),
    }
}

/// Highlighted blocks kept at most; past it the cache starts again (bounded memory in `serve`).
const CACHE_LIMIT: usize = 8192;

fn cache() -> &'static Mutex<HashMap<u128, String>> {
    static CACHE: OnceLock<Mutex<HashMap<u128, String>>> = OnceLock::new();
    CACHE.get_or_init(|| Mutex::new(HashMap::new()))
}

fn cache_key(code: &str, lang: &str) -> u128 {
    let mut input = Vec::with_capacity(code.len() + lang.len() + 1);
    input.extend_from_slice(lang.as_bytes());
    input.push(0);
    input.extend_from_slice(code.as_bytes());
    xxhash_rust::xxh3::xxh3_128(&input)
}

/// Highlights an HTTP message (a request or a response, with its header fields and body) with the
/// classes every HTTP message of the site uses: the method `k`, the target `s`, the protocol
/// version `c`, the status code `n` (its reason phrase plain, so `200 OK` never looks like an
/// error), a field name `a`, its colon `p` and its value `s`; each line of the head is a `line`.
/// The body is highlighted by its `Content-Type`.
#[must_use]
pub fn highlight_http(message: &str) -> String {
    let mut out = String::with_capacity(message.len() * 2);
    let (head, body) = match message.split_once("\n\n") {
        Some((head, body)) => (head, Some(body)),
        None => (message.trim_end_matches('\n'), None),
    };
    let mut lines = head.lines();
    if let Some(first) = lines.next() {
        http_start_line(&mut out, first);
    }
    let mut content_type = String::new();
    for line in lines {
        match line.split_once(':') {
            Some((name, value)) if !name.is_empty() && !name.starts_with([' ', '\t']) => {
                if name.eq_ignore_ascii_case("content-type") {
                    content_type = value.trim().to_ascii_lowercase();
                }
                http_field(&mut out, name, value.trim_start());
            }
            // An obsolete folded line continues the value above it.
            _ => {
                out.push_str("<span class=\"line\">");
                push_class(&mut out, "s", line);
                out.push_str("</span>\n");
            }
        }
    }
    if let Some(body) = body {
        out.push('\n');
        out.push_str(&highlight(body, body_lang(&content_type)));
    }
    out
}

/// The highlighting language of a body with this `Content-Type` (lower case), or `""`.
#[must_use]
pub fn body_lang(content_type: &str) -> &'static str {
    if content_type.contains("json") {
        "json"
    } else if content_type.contains("html") {
        "html"
    } else if content_type.contains("xml") {
        "xml"
    } else {
        ""
    }
}

/// Appends the start line of an HTTP message as a `line`: a status line (`HTTP/1.1 404 Not Found`)
/// or a request line (`GET /x HTTP/1.1`).
pub fn http_start_line(out: &mut String, line: &str) {
    out.push_str("<span class=\"line\">");
    let words: Vec<&str> = line.splitn(3, ' ').collect();
    match words.as_slice() {
        [version, status, rest @ ..] if version.starts_with("HTTP/") => {
            push_class(out, "c", version);
            out.push(' ');
            push_class(out, "n", status);
            for reason in rest {
                out.push(' ');
                escape_text_into(out, reason);
            }
        }
        [method, target, version] => {
            push_class(out, "k", method);
            out.push(' ');
            push_class(out, "s", target);
            out.push(' ');
            push_class(out, "c", version);
        }
        _ => escape_text_into(out, line),
    }
    out.push_str("</span>\n");
}

/// Appends one header field of an HTTP message as a `line`.
pub fn http_field(out: &mut String, name: &str, value: &str) {
    out.push_str("<span class=\"line\">");
    push_class(out, "a", name);
    out.push_str("<span class=\"p\">:</span> ");
    push_class(out, "s", value);
    out.push_str("</span>\n");
}

/// Appends `text`, escaped, in a span of `class` (nothing for empty text).
fn push_class(out: &mut String, class: &str, text: &str) {
    if text.is_empty() {
        return;
    }
    let _ = write!(out, "<span class=\"{class}\">");
    escape_text_into(out, text);
    out.push_str("</span>");
}

/// Highlights a JSON value as it prints pretty (two-space indent, like `serde_json`), with the same
/// classes syntect gives, straight from the value: no parsing, so it is exact and far faster.
#[must_use]
pub fn highlight_json(value: &serde_json::Value) -> String {
    let mut out = String::with_capacity(256);
    let mut run = Run::default();
    json_value(&mut out, &mut run, value, 0, false);
    run.close(&mut out);
    out
}

fn json_value(out: &mut String, run: &mut Run, value: &serde_json::Value, depth: usize, key: bool) {
    use serde_json::Value;
    match value {
        Value::Null => run.push(out, Some("k"), "null"),
        Value::Bool(b) => run.push(out, Some("k"), if *b { "true" } else { "false" }),
        Value::Number(n) => run.push(out, Some("n"), &n.to_string()),
        Value::String(s) => {
            let quoted = serde_json::to_string(s).unwrap_or_default();
            run.push(out, Some(if key { "a" } else { "s" }), &quoted);
        }
        Value::Array(items) => {
            json_list(out, run, ("[", "]"), depth, items.iter().map(|v| (None, v)));
        }
        Value::Object(map) => {
            json_list(
                out,
                run,
                ("{", "}"),
                depth,
                map.iter().map(|(k, v)| (Some(k), v)),
            );
        }
    }
}

fn json_list<'v>(
    out: &mut String,
    run: &mut Run,
    (open, close): (&str, &str),
    depth: usize,
    items: impl ExactSizeIterator<Item = (Option<&'v String>, &'v serde_json::Value)>,
) {
    run.push(out, Some("p"), open);
    if items.len() == 0 {
        run.push(out, Some("p"), close);
        return;
    }
    let inner = "  ".repeat(depth + 1);
    for (i, (key, value)) in items.enumerate() {
        if i > 0 {
            run.push(out, Some("p"), ",");
        }
        run.push(out, None, "\n");
        run.push(out, None, &inner);
        if let Some(k) = key {
            json_value(
                out,
                run,
                &serde_json::Value::String(k.clone()),
                depth + 1,
                true,
            );
            run.push(out, Some("p"), ":");
            run.push(out, None, " ");
        }
        json_value(out, run, value, depth + 1, false);
    }
    run.push(out, None, "\n");
    run.push(out, None, &"  ".repeat(depth));
    run.push(out, Some("p"), close);
}

fn highlight_with(code: &str, syntax: &SyntaxReference) -> Option<String> {
    let set = syntax_set();
    let mut state = ParseState::new(syntax);
    let mut stack = ScopeStack::new();
    let mut cache = HashMap::new();
    let mut out = String::with_capacity(code.len() * 2);
    let mut run = Run::default();
    for line in code.split_inclusive('\n') {
        let ops = state.parse_line(line, set).ok()?;
        let mut pos = 0;
        for (at, op) in ops {
            if at > pos {
                run.push(&mut out, class_of_stack(&stack, &mut cache), &line[pos..at]);
                pos = at;
            }
            stack.apply(&op).ok()?;
        }
        run.push(&mut out, class_of_stack(&stack, &mut cache), &line[pos..]);
    }
    run.close(&mut out);
    Some(out)
}

/// Merges adjacent text of the same class into one span.
#[derive(Default)]
struct Run {
    class: Option<&'static str>,
    open: bool,
}

impl Run {
    fn push(&mut self, out: &mut String, class: Option<&'static str>, text: &str) {
        if text.is_empty() {
            return;
        }
        // Whitespace never needs a class: keep the current run going.
        let class = if text.trim().is_empty() {
            self.class
        } else {
            class
        };
        if class != self.class || !self.open {
            self.close(out);
            if let Some(c) = class {
                let _ = write!(out, "<span class=\"{c}\">");
                self.open = true;
            }
            self.class = class;
        }
        escape_text_into(out, text);
    }

    fn close(&mut self, out: &mut String) {
        if self.open {
            out.push_str("</span>");
            self.open = false;
        }
        self.class = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup() {
        assert_eq!(
            escape("<a href=\"x\">&'"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
        assert_eq!(
            escape_text("<a href=\"x\">&'"),
            "&lt;a href=\"x\"&gt;&amp;'"
        );
        assert_eq!(escape_text("a<<b>>&&é"), "a&lt;&lt;b&gt;&gt;&amp;&amp;é");
        assert!(needs_text_escape("x & y") && !needs_text_escape("\"quoted\" 'é'"));
    }

    #[test]
    fn classes_are_short_and_flat() {
        let html = highlight("{\"error\": \"invalid_token\", \"status\": 401}\n", "json");
        assert!(
            html.contains("<span class=\"a\">\"error\"</span>"),
            "{html}"
        );
        assert!(html.contains("<span class=\"n\">401</span>"), "{html}");
        assert!(
            !html.contains("<span class=\"s\"><span"),
            "no nested spans: {html}"
        );
    }

    #[test]
    fn knows_the_languages_the_site_needs() {
        for lang in [
            "http",
            "json",
            "bash",
            "js",
            "python",
            "go",
            "yaml",
            "java",
            "php",
            "ruby",
            "rust",
            "csharp",
            "powershell",
        ] {
            assert!(knows(lang), "{lang}");
        }
    }

    #[test]
    fn json_from_the_value_is_what_syntect_gives() {
        for text in [
            r#"{"type": "https://x.example/p", "title": "A <b> & \"q\"", "status": 401, "ok": true, "n": null}"#,
            r#"{"data": [{"id": "inv_1", "amount": 12, "tags": []}, {"e": {}}], "more": [1, 2, false]}"#,
            r#"["a", {"k": "v"}]"#,
            r#"{"unicode": "é ✓", "esc": "line\nbreak\ttab"}"#,
        ] {
            let value: serde_json::Value = serde_json::from_str(text).unwrap();
            let pretty = serde_json::to_string_pretty(&value).unwrap();
            assert_eq!(
                highlight_json(&value),
                highlight(&pretty, "json"),
                "{pretty}"
            );
        }
        // One number is one run (syntect splits a decimal point off as punctuation).
        let value = serde_json::json!({"amount": 12.5});
        assert!(highlight_json(&value).contains("<span class=\"n\">12.5\n</span>"));
    }

    #[test]
    fn http_messages_share_one_vocabulary() {
        let response = highlight(
            "HTTP/1.1 200 OK\nContent-Type: application/json\nX-Note: a <b>\n\n{\"ok\": true}\n",
            "http",
        );
        assert!(
            response.starts_with("<span class=\"line\"><span class=\"c\">HTTP/1.1</span> <span class=\"n\">200</span> OK</span>\n"),
            "{response}"
        );
        assert!(
            response.contains("<span class=\"line\"><span class=\"a\">X-Note</span><span class=\"p\">:</span> <span class=\"s\">a &lt;b&gt;</span></span>"),
            "{response}"
        );
        assert!(
            response.ends_with(&format!("\n{}", highlight("{\"ok\": true}\n", "json"))),
            "{response}"
        );
        let request = highlight("GET /v1/me HTTP/1.1\nHost: api.example.com\n", "HTTP");
        assert_eq!(
            request,
            "<span class=\"line\"><span class=\"k\">GET</span> <span class=\"s\">/v1/me</span> <span class=\"c\">HTTP/1.1</span></span>\n\
             <span class=\"line\"><span class=\"a\">Host</span><span class=\"p\">:</span> <span class=\"s\">api.example.com</span></span>\n"
        );
    }

    #[test]
    fn unknown_language_is_escaped_text() {
        assert_eq!(highlight("<x>", "nope"), "&lt;x&gt;");
    }
}
