//! Syntax highlighting at build time, as short CSS classes.
//!
//! syntect (with the `two-face` syntax collection, which has HTTP) parses the code; instead of
//! syntect's one-class-per-scope markup, which is huge, each run of text gets at most one short class
//! from a small fixed set that the theme styles in light and dark. The syntax set loads once.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::sync::OnceLock;

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

/// Appends `text`, escaped for HTML, to `out`.
pub fn escape_into(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
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
#[must_use]
pub fn highlight(code: &str, lang: &str) -> String {
    let Some(syntax) = find_syntax(lang) else {
        return escape(code);
    };
    highlight_with(code, syntax).unwrap_or_else(|| escape(code))
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
        escape_into(out, text);
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
    }

    #[test]
    fn classes_are_short_and_flat() {
        let html = highlight("{\"error\": \"invalid_token\", \"status\": 401}\n", "json");
        assert!(
            html.contains("<span class=\"a\">&quot;error&quot;</span>"),
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
    fn unknown_language_is_escaped_text() {
        assert_eq!(highlight("<x>", "nope"), "&lt;x&gt;");
    }
}
