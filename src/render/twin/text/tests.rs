//! Each writer is checked by parsing what it wrote with the Markdown parser the site uses: hostile
//! text must come back as the same text, in the same block, with nothing after it swallowed.

use proptest::prelude::*;
use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use super::*;
use crate::markdown::options;

fn events(markdown: &str) -> Vec<Event<'_>> {
    Parser::new_ext(markdown, options()).collect()
}

/// The text (with code) inside the first element `start` opens, and whether any markup (emphasis,
/// links, HTML, images) was read inside it.
fn text_in(markdown: &str, start: fn(&Tag<'_>) -> bool) -> (String, bool) {
    let mut depth = 0;
    let mut text = String::new();
    let mut markup = false;
    for event in events(markdown) {
        match &event {
            Event::Start(tag) if depth == 0 && start(tag) => depth = 1,
            Event::Start(_) if depth > 0 => {
                depth += 1;
                markup = true;
            }
            Event::End(_) if depth > 0 => {
                depth -= 1;
                if depth == 0 {
                    break;
                }
            }
            Event::Text(t) | Event::Code(t) if depth > 0 => text.push_str(t),
            Event::Html(_) | Event::InlineHtml(_) | Event::FootnoteReference(_) if depth > 0 => {
                markup = true;
            }
            Event::SoftBreak | Event::HardBreak if depth > 0 => text.push(' '),
            _ => {}
        }
    }
    (text, markup)
}

fn is_heading(tag: &Tag<'_>) -> bool {
    matches!(tag, Tag::Heading { .. })
}

fn is_link(tag: &Tag<'_>) -> bool {
    matches!(tag, Tag::Link { .. })
}

/// The top-level blocks of a document, by their opening tag's name.
fn top_level(markdown: &str) -> Vec<String> {
    let mut depth = 0;
    let mut out = Vec::new();
    for event in events(markdown) {
        match event {
            Event::Start(tag) => {
                if depth == 0 {
                    out.push(
                        format!("{tag:?}")
                            .split(['(', ' ', '{'])
                            .next()
                            .unwrap()
                            .to_owned(),
                    );
                }
                depth += 1;
            }
            Event::End(_) => depth -= 1,
            Event::Rule if depth == 0 => out.push("Rule".to_owned()),
            Event::Html(_) if depth == 0 => out.push("Html".to_owned()),
            _ => {}
        }
    }
    out
}

const HOSTILE: &[&str] = &[
    "A title](https://evil.example/) [and more",
    "*emphasis* _under_ `code` **strong** ~~gone~~",
    "<script>alert(1)</script> <b>bold</b>",
    "&amp; &#91; &lt;",
    "# Not a heading #",
    "Issue #",
    "C# and F#",
    "1. not a list",
    "2) nor this",
    "- nor this",
    "+ nor this",
    "= not a setext line",
    "> not a quote",
    "a | b | c",
    "![image](x.png) [^1] [ref]",
    "<https://autolink.example/>",
    "trailing backslash \\",
    "\\*escaped already\\*",
    "---",
    "***",
    "[x]: https://definition.example/",
    "] ( ) [",
];

#[test]
fn hostile_text_is_read_back_as_the_same_text() {
    for plain in HOSTILE {
        let heading = format!("# {}\n\nafter\n", text(plain));
        let (read, markup) = text_in(&heading, is_heading);
        assert_eq!(read, *plain, "heading {heading:?}");
        assert!(!markup, "markup read in {heading:?}");
        assert_eq!(top_level(&heading), ["Heading", "Paragraph"], "{heading:?}");

        let item = format!("- {}\n- next\n", text(plain));
        assert_eq!(top_level(&item), ["List"], "{item:?}");
        let (read, _) = text_in(&item, |t| matches!(t, Tag::Item));
        assert_eq!(read, *plain, "item {item:?}");

        let link = format!("- {}: note\n", super::link(plain, "/a/index.html.md"));
        let (read, markup) = text_in(&link, is_link);
        assert_eq!(read, *plain, "link {link:?}");
        assert!(!markup, "markup read in {link:?}");
        // A link's text never holds `]`, so line-based llms.txt parsers read the whole of it.
        assert!(!link_text(plain).contains(']'), "{link:?}");
    }
}

#[test]
fn line_breaks_in_text_become_spaces() {
    let heading = format!("# {}\n", text("one\ntwo\r\nthree\n\n# four"));
    assert_eq!(top_level(&heading), ["Heading"], "{heading:?}");
    assert_eq!(text_in(&heading, is_heading).0, "one two three # four");
}

proptest! {
    #[test]
    fn any_text_is_read_back_as_itself(plain in "[a-z0-9 .()#*_`<>&;\\[\\]!|~=+:-]{1,24}") {
        let plain = plain.trim();
        prop_assume!(!plain.is_empty());
        let heading = format!("# {}\n", text(plain));
        let (read, markup) = text_in(&heading, is_heading);
        prop_assert_eq!(read.split_whitespace().collect::<Vec<_>>(), plain.split_whitespace().collect::<Vec<_>>());
        prop_assert!(!markup);
        let link = format!("[{}](/x)", link_text(plain));
        let (read, markup) = text_in(&link, is_link);
        prop_assert_eq!(read.split_whitespace().collect::<Vec<_>>(), plain.split_whitespace().collect::<Vec<_>>());
        prop_assert!(!markup);
    }

    #[test]
    fn any_code_is_one_code_span(code_text in "[a-z `]{1,16}") {
        prop_assume!(!code_text.trim().is_empty());
        let span = format!("x {} y", code(&code_text));
        let codes: Vec<String> = events(&span)
            .into_iter()
            .filter_map(|e| match e {
                Event::Code(c) => Some(c.into_string()),
                _ => None,
            })
            .collect();
        prop_assert_eq!(codes, vec![code_text.clone()]);
    }
}

#[test]
fn a_fence_is_longer_than_any_backtick_run_in_its_body() {
    let body = "``` not the end\n````\nstill code\n\n~~~\n";
    for indent in [0, 4] {
        let doc = format!("- item\n\n{}\nafter\n", fence("http", body, indent));
        let mut code = String::new();
        let mut inside = false;
        for event in events(&doc) {
            match event {
                Event::Start(Tag::CodeBlock(_)) => inside = true,
                Event::End(TagEnd::CodeBlock) => inside = false,
                Event::Text(t) if inside => code.push_str(&t),
                _ => {}
            }
        }
        assert_eq!(code, body, "{doc}");
        assert!(doc.contains("`````http"), "{doc}");
    }
}

#[test]
fn a_block_left_open_is_closed_or_shown_as_text() {
    for (markdown, kept) in [
        ("Plain *prose*.\n\n- a list\n", true),
        ("```js\nlet open = true;\n", false),
        ("Text\n\n~~~~\ncode\n", false),
        ("<pre>\nraw html that never ends\n", false),
        ("<!-- a comment that never ends\n", false),
        // The blank line after it ends the quote, and the fence with it.
        ("> ```\n> open in a quote\n", true),
    ] {
        let safe = block(markdown);
        assert_eq!(matches!(safe, Cow::Borrowed(_)), kept, "{markdown:?}");
        let doc = format!("{safe}\n\n## After\n\nA paragraph.\n");
        let blocks = top_level(&doc);
        assert_eq!(
            &blocks[blocks.len() - 2..],
            ["Heading", "Paragraph"],
            "{markdown:?} → {doc:?}"
        );
    }
    // An open fence is closed: the code stays code.
    let closed = block("```js\nlet open = true;\n");
    assert_eq!(closed, "```js\nlet open = true;\n```");
}

#[test]
fn an_item_holds_all_of_its_text() {
    for markdown in [
        "one line",
        "first line\nsecond line",
        "a paragraph\n\nanother paragraph",
        "text\n\n```\nan open fence",
        "text\n\n<pre>\nopen html",
        "# a heading\n- a list",
    ] {
        let doc = format!("{}- next\n", item(0, "- ", markdown));
        let items: Vec<String> = {
            let mut depth = 0;
            let mut out = Vec::new();
            for event in events(&doc) {
                match event {
                    Event::Start(Tag::Item) => {
                        if depth == 0 {
                            out.push(String::new());
                        }
                        depth += 1;
                    }
                    Event::End(TagEnd::Item) => depth -= 1,
                    Event::Text(t) if depth == 1 => out.last_mut().unwrap().push_str(&t),
                    _ => {}
                }
            }
            out
        };
        assert_eq!(top_level(&doc), ["List"], "{doc:?}");
        assert_eq!(items.len(), 2, "{doc:?}: {items:?}");
        assert_eq!(items[1], "next", "{doc:?}");
    }
}

#[test]
fn a_quote_holds_all_of_its_text() {
    let doc = format!("{}\nafter\n", quote("line one\n\n```\nopen fence"));
    assert_eq!(top_level(&doc), ["BlockQuote", "Paragraph"], "{doc:?}");
}

#[test]
fn cells_keep_the_table_s_columns() {
    for markdown in [
        "a | b",
        "`a|b`",
        "already \\| escaped",
        "two \\\\| backslashes",
        "ends with a backslash \\",
        "line\nbreak",
    ] {
        let doc = format!("| A | B |\n| --- | --- |\n| {} | last |\n", cell(markdown));
        let mut cells = 0;
        let mut last = String::new();
        for event in events(&doc) {
            match event {
                Event::Start(Tag::TableCell) => {
                    cells += 1;
                    last.clear();
                }
                Event::Text(t) => last.push_str(&t),
                _ => {}
            }
        }
        assert_eq!(cells, 4, "{doc}");
        assert_eq!(last, "last", "{doc}");
    }
}

#[test]
fn urls_stay_one_destination() {
    for href in [
        "https://a.example/a b",
        "https://a.example/(paren)",
        "https://a.example/<x>",
        "https://a.example/a\"b'c",
        "https://a.example/\\back",
    ] {
        let doc = format!("[t]({}) after", url(href));
        let dests: Vec<String> = events(&doc)
            .into_iter()
            .filter_map(|e| match e {
                Event::Start(Tag::Link { dest_url, .. }) => Some(dest_url.into_string()),
                _ => None,
            })
            .collect();
        assert_eq!(dests.len(), 1, "{doc}");
        assert!(doc.ends_with(") after"), "{doc}");
        assert!(!dests[0].contains([' ', '(', ')', '<', '>']), "{doc}");
    }
}
