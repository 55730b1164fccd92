//! Catalog hygiene lints: summaries are written, references use https, and no reference or
//! Markdown link or image uses a `javascript:`, `vbscript:` or `data:` URL.

use super::locate::Seg;
use super::registry::{INSECURE_REFERENCE_URL, MARKUP_TOO_DEEP, MISSING_SUMMARY, UNSAFE_URL};
use super::{at_path, at_value, report};
use crate::catalog::model::Reference;
use crate::catalog::{Catalog, Source};
use crate::diagnostic::{Diagnostic, locate};

pub(super) fn check(catalog: &Catalog, out: &mut Vec<Diagnostic>) {
    check_summaries(catalog, out);
    check_references(catalog, out);
    check_markdown(catalog, out);
}

fn check_summaries(catalog: &Catalog, out: &mut Vec<Diagnostic>) {
    let items = catalog.items();
    let summaries = items.iter().map(|item| (item.source(), item.summary()));
    for (source, summary) in summaries {
        if summary.trim().is_empty() {
            out.push(
                report(MISSING_SUMMARY, source, at_path(source, &[Seg::Key("summary")]), "the summary is empty")
                    .with_help("write one sentence: it is what listings, search results and link previews show"),
            );
        }
    }
}

fn check_references(catalog: &Catalog, out: &mut Vec<Diagnostic>) {
    let items = catalog.items();
    let references = items.iter().map(|item| (item.source(), item.references()));
    for (source, list) in references {
        for (i, reference) in list.iter().enumerate() {
            check_reference(source, i, reference, out);
        }
    }
}

fn check_markdown(catalog: &Catalog, out: &mut Vec<Diagnostic>) {
    let found = crate::catalog::resolve::map_markdown(catalog, |source, texts| {
        let mut problems = Vec::new();
        for text in texts {
            let found = crate::markdown::inspect(text);
            for url in found.destinations {
                if let Some(scheme) = unsafe_scheme(&url) {
                    let position = locate(source.text(), &url, 1);
                    problems.push(unsafe_url(source, position, scheme, "this Markdown link"));
                }
            }
            if let Some(offset) = found.too_deep {
                problems.push(too_deep(source, text, offset));
            }
        }
        problems
    });
    out.extend(found.into_iter().flatten());
}

/// The error for Markdown `text` of `source` nested too deep at byte `offset`, placed on the
/// line of the file that holds that part of the text.
fn too_deep(source: &Source, text: &str, offset: usize) -> Diagnostic {
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let line = text[line_start..].lines().next().unwrap_or("");
    let position = locate(source.text(), line.trim(), 1).map(|mut p| {
        let lead = line.len() - line.trim_start().len();
        p.column += text[line_start + lead.min(offset - line_start)..offset]
            .chars()
            .count();
        p
    });
    report(
        MARKUP_TOO_DEEP,
        source,
        position,
        format!(
            "the markup here nests more than {} elements deep",
            crate::markdown::MAX_NESTING
        ),
    )
    .with_help("close the elements you open (`</div>`), or flatten the structure")
}

fn check_reference(source: &Source, i: usize, reference: &Reference, out: &mut Vec<Diagnostic>) {
    let path = [Seg::Key("references"), Seg::Index(i), Seg::Key("url")];
    // Located only for a diagnostic.
    let position = || at_value(source, &path, &reference.url, 0);
    if let Some(scheme) = unsafe_scheme(&reference.url) {
        out.push(unsafe_url(source, position(), scheme, "this reference"));
    } else if !reference
        .url
        .trim_start()
        .to_ascii_lowercase()
        .starts_with("https://")
    {
        out.push(
            report(
                INSECURE_REFERENCE_URL,
                source,
                position(),
                format!("the reference `{}` is not an https URL", reference.title),
            )
            .with_help("link to the https:// address of the document"),
        );
    }
}

fn unsafe_url(
    source: &Source,
    position: Option<crate::diagnostic::Position>,
    scheme: &str,
    what: &str,
) -> Diagnostic {
    report(
        UNSAFE_URL,
        source,
        position,
        format!("{what} uses a `{scheme}` URL"),
    )
    .with_help(
        "link to an https:// page instead; `javascript:`, `vbscript:` and `data:` URLs are refused",
    )
}

/// The dangerous scheme of `url`, if any, read the way browsers do: ignoring case, whitespace and
/// control characters.
#[must_use]
pub(crate) fn unsafe_scheme(url: &str) -> Option<&'static str> {
    let cleaned: String = url
        .chars()
        .filter(|c| !c.is_ascii_whitespace() && !c.is_ascii_control())
        .take(16)
        .collect::<String>()
        .to_ascii_lowercase();
    ["javascript:", "vbscript:", "data:"]
        .into_iter()
        .find(|s| cleaned.starts_with(s))
}

#[cfg(test)]
mod tests {
    use super::unsafe_scheme;

    #[test]
    fn dangerous_schemes_are_found_however_written() {
        assert_eq!(unsafe_scheme("javascript:alert(1)"), Some("javascript:"));
        assert_eq!(unsafe_scheme(" JavaScript:alert(1)"), Some("javascript:"));
        assert_eq!(unsafe_scheme("java\tscript:x"), Some("javascript:"));
        assert_eq!(unsafe_scheme("data:text/html,<b>"), Some("data:"));
        assert_eq!(unsafe_scheme("VBScript:x"), Some("vbscript:"));
        assert_eq!(unsafe_scheme("https://example.com/javascript:"), None);
        assert_eq!(unsafe_scheme("@401/x"), None);
    }
}
