//! The search box's hint (its placeholder): the one `errdocs.toml` sets, or one made from the
//! catalog, so it never names a topic the catalog does not have.
//!
//! It is made only of what every page may show (statuses and entry titles): an edit that changes
//! it changes what an incremental build must render again anyway.

use std::collections::BTreeMap;

use crate::catalog::Catalog;

/// The longest hint made from the catalog, in characters: about what the box shows at its
/// narrowest.
const MAX_CHARS: usize = 40;

/// How many entry titles a hint made from the catalog names at most.
const MAX_TITLES: usize = 2;

/// The search box's hint: `configured` when set, else "Search " followed by the catalog's most
/// documented status and its shortest entry titles, as many as fit ("Search 422, out of stock…").
#[must_use]
pub fn hint(catalog: &Catalog, configured: Option<&str>) -> String {
    if let Some(text) = configured.map(str::trim).filter(|t| !t.is_empty()) {
        return text.to_owned();
    }
    let mut examples: Vec<String> = top_status(catalog)
        .map(|s| s.to_string())
        .into_iter()
        .collect();
    let mut titles: Vec<&str> = catalog
        .entries
        .iter()
        .map(|e| e.value.title.trim())
        .collect();
    // Shortest first; the sort is stable, so equal lengths keep the catalog's order.
    titles.sort_by_key(|t| t.chars().count());
    for title in titles.into_iter().take(MAX_TITLES) {
        let candidate = lower_first(title);
        let mut longer = examples.clone();
        longer.push(candidate);
        if text(&longer).chars().count() > MAX_CHARS {
            break;
        }
        examples = longer;
    }
    if examples.is_empty() {
        "Search".to_owned()
    } else {
        text(&examples)
    }
}

fn text(examples: &[String]) -> String {
    format!("Search {}…", examples.join(", "))
}

/// The status with the most entries (the lowest on a tie), or the first overview's.
fn top_status(catalog: &Catalog) -> Option<u16> {
    let mut counts: BTreeMap<u16, usize> = BTreeMap::new();
    for e in &catalog.entries {
        *counts.entry(e.value.status).or_default() += 1;
    }
    let most = counts.values().copied().max();
    counts
        .into_iter()
        .find(|&(_, n)| Some(n) == most)
        .map(|(s, _)| s)
        .or_else(|| catalog.statuses.first().map(|s| s.value.status))
}

/// A title as a word in a sentence: its first letter lower-cased, unless it starts an acronym or
/// a name (`CORS preflight`, `DPoP`).
fn lower_first(title: &str) -> String {
    let mut chars = title.chars();
    match (chars.next(), chars.next()) {
        (Some(first), Some(second)) if first.is_uppercase() && second.is_lowercase() => {
            first.to_lowercase().chain(title.chars().skip(1)).collect()
        }
        _ => title.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_title_becomes_a_word_but_an_acronym_stays() {
        assert_eq!(lower_first("Revoked token"), "revoked token");
        assert_eq!(lower_first("CORS preflight"), "CORS preflight");
        assert_eq!(lower_first("DPoP proof"), "DPoP proof");
        assert_eq!(lower_first("x"), "x");
    }

    #[test]
    fn a_configured_hint_wins_and_an_empty_catalog_says_only_search() {
        let catalog = Catalog::default();
        assert_eq!(hint(&catalog, Some(" Find an error ")), "Find an error");
        assert_eq!(hint(&catalog, Some("  ")), "Search");
        assert_eq!(hint(&catalog, None), "Search");
    }
}
