//! A page for each problem type URI under the site's `base_url` that leads to the entry declaring
//! it (`type:`): the URI an API sends in a problem's `type` then opens the error's page.
//!
//! When the type's path is the entry page's own, the entry page is that page and nothing is
//! written. Otherwise a small page at the type's path sends the reader on with `<meta
//! http-equiv="refresh">` and a link: it works on any static host, without script, under the
//! site's `Content-Security-Policy`. A path any other page of the site has, or one a static host
//! could not serve as a folder (a query, a fragment, `..`, characters that need escaping), gets no
//! page.

use super::Page;
use super::highlight::escape;
use crate::catalog::{Catalog, resolve::url_of};
use crate::config::Config;

/// The folder (`problems/out-of-credit/`) a type URI names under `base_url`, when it is one the
/// build can write a page into.
#[must_use]
pub fn folder_of(uri: &str, config: &Config) -> Option<String> {
    let base = config.absolute_base()?;
    let rest = uri.strip_prefix(&base)?;
    let safe = |c: char| c.is_ascii_alphanumeric() || "-._~/".contains(c);
    if rest.is_empty() || !rest.chars().all(safe) {
        return None;
    }
    let segments: Vec<&str> = rest.trim_end_matches('/').split('/').collect();
    if segments
        .iter()
        .any(|s| s.is_empty() || *s == "." || *s == "..")
    {
        return None;
    }
    Some(format!("{}/", segments.join("/")))
}

/// The redirect pages of `catalog`'s declared problem types; `base` is the site's base path.
#[must_use]
pub fn pages(catalog: &Catalog, config: &Config, base: &str) -> Vec<Page> {
    let taken: std::collections::HashSet<&str> =
        catalog.links.values().map(|l| l.url.as_str()).collect();
    let mut pages = Vec::new();
    for (uri, id) in &catalog.problem_types {
        let Some(folder) = folder_of(uri, config) else {
            continue;
        };
        if taken.contains(folder.as_str()) || folder == "guides/" {
            continue;
        }
        let title = catalog
            .links
            .get(id)
            .map_or(id.as_str(), |l| l.title.as_str());
        let target = escape(&format!("{base}{}", url_of(id)));
        let html = format!(
            "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
             <meta http-equiv=\"refresh\" content=\"0; url={target}\">\n\
             <link rel=\"canonical\" href=\"{target}\">\n\
             <meta name=\"robots\" content=\"noindex\">\n<title>{title}</title>\n</head>\n<body>\n\
             <p>The problem type <code>{uri}</code> is documented on <a href=\"{target}\">{title}</a>.</p>\n\
             </body>\n</html>\n",
            title = escape(title),
            uri = escape(uri),
        );
        pages.push(Page {
            path: format!("{folder}index.html"),
            bytes: html.into_bytes(),
        });
    }
    pages
}
