//! Fuzzes the loader from bytes to lints: the first byte picks the kind of file, the rest is its
//! content. A file either parses (and then resolves and lints without panicking) or gives one
//! diagnostic whose position, when it has one, is inside the file.

#![no_main]

use std::path::Path;

use errdocs::catalog::{Parsed, RawCatalog, parse_source, resolve};
use libfuzzer_sys::fuzz_target;

const PATHS: [&str; 6] = [
    "content/errors/401/x.yaml",
    "content/status/401.yaml",
    "content/compare/x.yaml",
    "content/trees/x.yaml",
    "content/guides/x.md",
    "content/index.md",
];

fuzz_target!(|data: &[u8]| {
    let Some((&first, rest)) = data.split_first() else {
        return;
    };
    let rel = Path::new(PATHS[usize::from(first) % PATHS.len()]);
    match parse_source(rel, rest) {
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
                let _ = d.to_string();
            }
        }
        Err(d) => {
            // Lines as the parser counts them: CR LF, CR, LF, NEL, LS and PS each end one.
            let lines = String::from_utf8_lossy(rest)
                .replace("\r\n", "\n")
                .split(['\n', '\r', '\u{85}', '\u{2028}', '\u{2029}'])
                .count();
            if let Some(p) = d.position {
                assert!(p.line >= 1 && p.column >= 1, "{d}");
                assert!(p.line <= lines + 1, "line {} of {lines}: {d}", p.line);
            }
            let _ = d.to_string();
        }
    }
});
