//! Rebuilds for `errdocs serve`: the same stages as a build, re-rendering only what an edit changes.
//!
//! Every rebuild reads every file and resolves and checks the whole site (an edit can break any
//! reference), but parses only the files whose bytes changed (see [`ParseCache`]). Then, when the
//! configuration, the theme and every non-entry file are unchanged, and the edited entries keep what
//! other pages show of them (title, summary, status, schemes, tags), only those entries' pages, the
//! data files and the search index are rendered again; anything else renders every page, exactly
//! as `build` does. Nothing here writes or prints.

use crate::assets::{Theme, load_theme};
use crate::catalog::cache::ParseCache;
use crate::page::Page;
use crate::search;

use super::partial::{self, Shape};
use super::{
    BuildOptions, Checked, SiteError, check_cached, data_files, markdown_files, render_entries,
    render_options, render_whole,
};

/// The input of the last good build, which the next rebuild compares against.
#[derive(Debug)]
pub struct Basis {
    /// The checked site.
    pub checked: Checked,
    theme: Theme,
    /// What its pages depend on (see `partial`).
    shape: Shape,
}

/// The pages a rebuild produced.
#[derive(Debug)]
pub enum Output {
    /// Every file of the site.
    Whole(Vec<Page>),
    /// Only the pages of the edited entries (by id); every other file is as before until
    /// [`derived_files`] are published too.
    Patch {
        /// The edited entries.
        entries: Vec<String>,
        /// The new files.
        pages: Vec<Page>,
    },
}

/// Whether a file belongs to the search index, which a [`Output::Patch`] replaces whole.
#[must_use]
pub fn is_index_file(path: &str) -> bool {
    path.starts_with("search/")
}

/// Rebuilds the site after an edit; `previous` is the last good build's basis, if any, and `cache`
/// holds the files parsed so far (updated here, also when the site has errors).
///
/// # Errors
/// [`SiteError::Invalid`] with every problem when the input or a template has errors.
pub fn rebuild(
    options: &BuildOptions,
    previous: Option<&Basis>,
    cache: &mut ParseCache,
) -> Result<(Basis, Output), SiteError> {
    let (checked, next) = check_cached(options, cache);
    *cache = next;
    let checked = checked?;
    let theme = load_theme(&options.root).map_err(SiteError::Invalid)?;
    // The setup (theme, configuration) is compared here, so the shape leaves it out.
    let shape = partial::shape(0, &checked.catalog);
    let edited = previous.and_then(|p| {
        let same_setup = p.theme.templates == theme.templates
            && p.theme.statics == theme.statics
            && p.checked.config == checked.config
            && p.checked.languages == checked.languages;
        same_setup
            .then(|| partial::edited(&p.shape, &shape))
            .flatten()
    });
    let output = match edited {
        Some(ids) => {
            let options = render_options(&checked, &theme);
            let pages =
                render_entries(&checked.catalog, &options, &ids).map_err(SiteError::Invalid)?;
            let entries = ids.into_iter().map(str::to_owned).collect();
            Output::Patch { entries, pages }
        }
        None => Output::Whole(render_whole(&checked, &theme)?),
    };
    Ok((
        Basis {
            checked,
            theme,
            shape,
        },
        output,
    ))
}

/// The files made from the whole catalog that an edited entry changes too: the data files, the
/// search index, which replaces every older search file (see [`is_index_file`]), and the Markdown
/// version of every page with `llms.txt` and `llms-full.txt`. `serve` publishes them after the
/// entry pages, since at thousands of entries they take far longer.
#[must_use]
pub fn derived_files(checked: &Checked) -> Vec<Page> {
    let mut pages = data_files(&checked.catalog, &checked.config);
    pages.extend(search::build_index(&checked.catalog));
    pages.extend(markdown_files(&checked.catalog, &checked.config));
    pages
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;
    use std::path::Path;

    use super::*;

    fn site() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/basic");
        for item in walkdir::WalkDir::new(&fixture) {
            let item = item.unwrap();
            let target = dir.path().join(item.path().strip_prefix(&fixture).unwrap());
            if item.file_type().is_dir() {
                std::fs::create_dir_all(&target).unwrap();
            } else {
                std::fs::copy(item.path(), &target).unwrap();
            }
        }
        dir
    }

    fn edit(root: &Path, from: &str, to: &str) {
        let path = root.join("content/errors/401/expired-token.yaml");
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{from}");
        std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    }

    fn whole(output: Output) -> BTreeMap<String, Vec<u8>> {
        match output {
            Output::Whole(pages) => pages.into_iter().map(|p| (p.path, p.bytes)).collect(),
            Output::Patch { entries, .. } => panic!("a patch for {entries:?}"),
        }
    }

    #[test]
    fn a_body_edit_patches_to_exactly_what_a_full_build_gives() {
        let dir = site();
        let options = BuildOptions {
            root: dir.path().to_path_buf(),
            ..BuildOptions::default()
        };
        let mut cache = ParseCache::default();
        let (basis, output) = rebuild(&options, None, &mut cache).unwrap();
        let mut served = whole(output);
        edit(
            dir.path(),
            "Retry the request once.",
            "Retry the request once, then stop.",
        );
        let (basis, output) = rebuild(&options, Some(&basis), &mut cache).unwrap();
        assert_eq!(cache.parsed(), 1, "only the edited file is parsed again");
        let Output::Patch { entries, pages } = output else {
            panic!("a body edit renders every page");
        };
        assert_eq!(entries, ["401/expired-token"]);
        assert_eq!(pages.len(), 1);
        served.extend(pages.into_iter().map(|p| (p.path, p.bytes)));
        served.retain(|path, _| !is_index_file(path));
        let derived = derived_files(&basis.checked);
        served.extend(derived.into_iter().map(|p| (p.path, p.bytes)));
        let (_, fresh) = rebuild(&options, None, &mut ParseCache::default()).unwrap();
        let fresh = whole(fresh);
        assert_eq!(
            served.keys().collect::<Vec<_>>(),
            fresh.keys().collect::<Vec<_>>()
        );
        for (path, bytes) in &fresh {
            assert!(served[path] == *bytes, "{path} differs from a full build");
        }
    }

    #[test]
    fn an_edit_other_pages_show_renders_every_page() {
        let dir = site();
        let options = BuildOptions {
            root: dir.path().to_path_buf(),
            ..BuildOptions::default()
        };
        let mut cache = ParseCache::default();
        let (basis, _) = rebuild(&options, None, &mut cache).unwrap();
        edit(
            dir.path(),
            "title: Expired access token",
            "title: Token past its expiry",
        );
        let (_, output) = rebuild(&options, Some(&basis), &mut cache).unwrap();
        assert!(matches!(output, Output::Whole(_)));
    }
}
