//! Property tests over the loader: arbitrary bytes and mutated, nearly valid YAML never panic, and
//! every failure is one diagnostic for the file, located unless the file is empty. What does parse
//! goes through resolve and the lints without panicking either.

use std::path::Path;

use errdocs::catalog::{Parsed, RawCatalog, parse_source, resolve};
use errdocs::diagnostic::Diagnostic;
use proptest::prelude::*;

const PATHS: [&str; 6] = [
    "content/errors/401/x.yaml",
    "content/status/401.yaml",
    "content/compare/x.yaml",
    "content/trees/x.yaml",
    "content/guides/x.md",
    "content/index.md",
];

/// Valid files of each kind, which the mutations start from.
const SEEDS: [(&str, &str); 4] = [
    (
        "content/errors/401/x.yaml",
        include_str!("../fixtures/basic/content/errors/401/expired-token.yaml"),
    ),
    (
        "content/status/401.yaml",
        include_str!("../fixtures/basic/content/status/401.yaml"),
    ),
    (
        "content/trees/x.yaml",
        include_str!("../fixtures/basic/content/trees/why-401.yaml"),
    ),
    (
        "content/guides/x.md",
        include_str!("../fixtures/basic/content/guides/handling-401.md"),
    ),
];

/// Checks one outcome of `parse_source` and lints what parsed.
fn check(rel: &str, text: &[u8]) -> Result<(), TestCaseError> {
    match parse_source(Path::new(rel), text) {
        Ok(parsed) => {
            let mut raw = RawCatalog::default();
            match parsed {
                Parsed::Entry(x) => raw.entries.push(x),
                Parsed::Status(x) => raw.statuses.push(x),
                Parsed::Comparison(x) => raw.comparisons.push(x),
                Parsed::Tree(x) => raw.trees.push(x),
                Parsed::Guide(x) => raw.guides.push(x),
                Parsed::Home(x) => raw.home = Some(x),
            }
            let (catalog, _) = resolve(raw);
            for d in errdocs::lint::lint(&catalog) {
                located_inside(&d, text)?;
            }
        }
        Err(d) => {
            prop_assert_eq!(&d.path, Path::new(rel));
            prop_assert!(
                d.position.is_some() || d.code == "empty-file",
                "not located: {}",
                d
            );
            located_inside(&d, text)?;
        }
    }
    Ok(())
}

fn located_inside(d: &Diagnostic, text: &[u8]) -> Result<(), TestCaseError> {
    let shown = d.to_string();
    if let Some(p) = d.position {
        // Lines as the parser counts them: CR LF, CR, LF, NEL, LS and PS each end one.
        let lines = String::from_utf8_lossy(text)
            .replace("\r\n", "\n")
            .split(['\n', '\r', '\u{85}', '\u{2028}', '\u{2029}'])
            .count();
        prop_assert!(p.line >= 1 && p.column >= 1, "{}", shown);
        prop_assert!(
            p.line <= lines + 1,
            "line {} of {}: {}",
            p.line,
            lines,
            shown
        );
    }
    Ok(())
}

/// One edit of a text: the kinds of damage hands and tools do to YAML.
#[derive(Debug, Clone)]
enum Edit {
    Insert(usize, &'static str),
    Delete(usize, usize),
    DuplicateLine(usize),
    SwapLines(usize, usize),
    Indent(usize, usize),
}

fn edit() -> impl Strategy<Value = Edit> {
    let pieces = prop::sample::select(vec![
        ":",
        ": ",
        "- ",
        "[",
        "]",
        "{",
        "}",
        ",",
        "\"",
        "'",
        "#",
        "&a ",
        "*a",
        "!!str ",
        "? ",
        "|",
        ">",
        "\t",
        "\n",
        "  ",
        "---\n",
        "\r",
        "\u{2028}",
        "\u{feff}",
        "\\",
        "%",
        "@",
        "`",
        "~",
        "status: 401\n",
        "headers:\n",
        "WWW-Authenticate: Bearer",
        "allow: [x]\n",
        "\u{0}",
    ]);
    prop_oneof![
        (any::<usize>(), pieces).prop_map(|(i, p)| Edit::Insert(i, p)),
        (any::<usize>(), 0..40usize).prop_map(|(i, n)| Edit::Delete(i, n)),
        any::<usize>().prop_map(Edit::DuplicateLine),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Edit::SwapLines(a, b)),
        (any::<usize>(), 0..6usize).prop_map(|(i, n)| Edit::Indent(i, n)),
    ]
}

fn apply(text: &str, edit: &Edit) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut lines: Vec<String> = text.split('\n').map(str::to_owned).collect();
    let n = lines.len();
    match *edit {
        Edit::Insert(i, piece) => {
            let i = i % (chars.len() + 1);
            let mut out: String = chars[..i].iter().collect();
            out.push_str(piece);
            out.extend(&chars[i..]);
            return out;
        }
        Edit::Delete(i, len) => {
            let i = i % (chars.len() + 1);
            let end = (i + len).min(chars.len());
            return chars[..i].iter().chain(&chars[end..]).collect();
        }
        Edit::DuplicateLine(i) => {
            let line = lines[i % n].clone();
            lines.insert(i % n, line);
        }
        Edit::SwapLines(a, b) => lines.swap(a % n, b % n),
        Edit::Indent(i, spaces) => {
            let line = &mut lines[i % n];
            *line = format!("{}{}", " ".repeat(spaces), line.trim_start());
        }
    }
    lines.join("\n")
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(kind in 0..PATHS.len(), bytes in prop::collection::vec(any::<u8>(), 0..2000)) {
        check(PATHS[kind], &bytes)?;
    }

    #[test]
    fn nearly_valid_yaml_gives_ok_or_a_located_diagnostic(
        seed in 0..SEEDS.len(),
        edits in prop::collection::vec(edit(), 1..6),
    ) {
        let (rel, text) = SEEDS[seed];
        let mut text = text.to_owned();
        for e in &edits {
            text = apply(&text, e);
        }
        check(rel, text.as_bytes())?;
    }
}

fn request() -> impl Strategy<Value = errdocs::catalog::model::Request> {
    let text = || "\\PC{0,24}";
    let pairs = || prop::collection::vec((text(), text()), 0..4);
    (
        "[A-Z]{1,7}|\\PC{0,8}",
        text(),
        pairs(),
        pairs(),
        prop::option::of(text()),
        prop::option::of(pairs()),
        any::<bool>(),
    )
        .prop_map(|(method, url, query, headers, body, form, json)| {
            errdocs::catalog::model::Request {
                method,
                url: format!("https://api.example.com/{url}"),
                query: query.into_iter().collect(),
                headers: headers
                    .into_iter()
                    .map(|(k, v)| (k, errdocs::catalog::model::HeaderValue::One(v)))
                    .collect(),
                json: json.then(|| serde_json::json!({"a": [1, "x\u{0}\n\"'`$"]})),
                form: form.map(|f| f.into_iter().collect()),
                body,
                multipart: None,
            }
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn every_sample_language_renders_any_request(request in request()) {
        for lang in errdocs::samples::Lang::ALL {
            let lines = errdocs::samples::generate(&request, *lang);
            prop_assert!(!lines.is_empty(), "{:?} gave nothing", lang);
        }
    }
}
