//! Loading: walks `content/` and parses every file into the model. Each file keeps its text (see
//! [`Source`]), so later stages place their diagnostics without reading the disk.
//!
//! This is the only catalog stage that reads the disk. It never checks one file against another
//! (that is `resolve`); it reports every file's problems, not just the first file's.

use std::borrow::Cow;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use serde::de::DeserializeOwned;
use walkdir::WalkDir;

use super::kind::{Item, Kind};
use super::model::{
    Compact, Comparison, Entry, FileSource, FileUpload, GuideMeta, PartContent, StatusPage, Tree,
    UPLOADS_DIR,
};
use super::{guard, keys};
use crate::diagnostic::{Diagnostic, Position, locate};

/// A file of the catalog: its path relative to the site root and its text, kept for the
/// diagnostics of later stages (which place them by line and column) without reading the disk
/// again.
#[derive(Debug, Clone)]
pub struct Source {
    /// Path relative to the site root, e.g. `content/errors/401/expired-token.yaml`.
    pub path: PathBuf,
    /// xxh3-128 of the text: what an incremental build compares to tell an edited file.
    pub hash: u128,
    /// The file's text: UTF-8, without a byte-order mark, line breaks as LF. Shared, so a clone
    /// (`serve` keeps each parsed file for the next rebuild) does not copy it.
    text: Arc<str>,
}

impl Source {
    /// A source with its text.
    #[must_use]
    pub fn new(path: impl Into<PathBuf>, text: String) -> Self {
        Self {
            path: path.into(),
            hash: xxhash_rust::xxh3::xxh3_128(text.as_bytes()),
            text: text.into(),
        }
    }

    /// The file's text (UTF-8, without a byte-order mark, line breaks as LF).
    #[must_use]
    pub fn text(&self) -> &str {
        &self.text
    }
}

/// A parsed item with its id and the file it came from.
#[derive(Debug, Clone)]
pub struct Loaded<T> {
    /// The catalog id, from the path (`401/expired-token`, `status/401`, `guides/testing`).
    pub id: String,
    /// The file.
    pub source: Source,
    /// The parsed value, shared: `serve` keeps each parsed file for the next rebuild, and a clone
    /// for it must not copy the value.
    pub value: Arc<T>,
    /// The ids its Markdown links to (`[text](@id)`), in order: found once, when the file is
    /// parsed, for `resolve` to check (so a rebuild that parses only an edited file looks for the
    /// links of only that file).
    pub links: Vec<String>,
}

/// A guide: front matter and Markdown.
#[derive(Debug, Clone)]
pub struct Guide {
    /// The front matter.
    pub meta: GuideMeta,
    /// The Markdown after the front matter.
    pub body: String,
}

/// Everything under `content/`, parsed but not yet checked against itself.
#[derive(Debug, Clone, Default)]
pub struct RawCatalog {
    /// Error entries (sub-scenarios).
    pub entries: Vec<Loaded<Entry>>,
    /// Status overviews.
    pub statuses: Vec<Loaded<StatusPage>>,
    /// Comparisons.
    pub comparisons: Vec<Loaded<Comparison>>,
    /// Decision trees.
    pub trees: Vec<Loaded<Tree>>,
    /// Guides.
    pub guides: Vec<Loaded<Guide>>,
    /// The home page's introduction (`content/index.md`), if any.
    pub home: Option<Loaded<Guide>>,
    /// The ids of files that did not load (their problems are reported): a reference to one is
    /// not a reference to nothing.
    pub failed: Vec<String>,
}

/// A file under `content/` as read from disk, before parsing.
#[derive(Debug, Clone)]
pub struct RawFile {
    /// Path relative to the site root.
    pub path: PathBuf,
    /// The file's bytes.
    pub bytes: Vec<u8>,
}

/// Loads every catalog file under `root/content`. Problems are collected, never fatal.
#[must_use]
pub fn load_catalog(root: &Path) -> (RawCatalog, Vec<Diagnostic>) {
    let (files, mut diagnostics) = read_content(root);
    let (mut catalog, problems) = parse_content(files);
    diagnostics.extend(problems);
    let (uploads, problems) = read_uploads(root);
    diagnostics.extend(problems);
    diagnostics.extend(attach_uploads(&mut catalog, &uploads));
    (catalog, diagnostics)
}

/// A catalog file found under `content/`, not read yet.
#[derive(Debug, Clone)]
pub struct Listed {
    /// Where it is read from.
    pub full: PathBuf,
    /// Path relative to the site root.
    pub path: PathBuf,
}

/// Reads every catalog file under `root/content` (hidden files and folders skipped), in path
/// order: [`list_content`], then [`read_listed`] for each file, in parallel (on a cold cache each
/// read waits on the disk). A file that is larger than the limit is reported and not read.
#[must_use]
pub fn read_content(root: &Path) -> (Vec<RawFile>, Vec<Diagnostic>) {
    let (listed, mut diagnostics) = list_content(root);
    let read: Vec<Result<RawFile, Box<Diagnostic>>> = listed
        .par_iter()
        .map(|file| read_listed(file).map(|(raw, _)| raw))
        .collect();
    let mut files = Vec::with_capacity(read.len());
    for r in read {
        match r {
            Ok(file) => files.push(file),
            Err(d) => diagnostics.push(*d),
        }
    }
    (files, diagnostics)
}

/// Every catalog file under `root/content` (hidden files and folders skipped), in path order,
/// without reading any. A file whose place in the layout is unknown, or that is not a regular
/// file, is reported and left out.
#[must_use]
pub fn list_content(root: &Path) -> (Vec<Listed>, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let content = root.join("content");
    if !content.is_dir() {
        diagnostics.push(
            Diagnostic::error("no-content", "content", "the site has no `content/` folder")
                .with_help("create `content/` with the catalog, or run `errdocs build --root DIR` on a site folder"),
        );
        return (Vec::new(), diagnostics);
    }
    let walker = WalkDir::new(&content)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter();
    let mut listed = Vec::new();
    // A link may lead anywhere: only targets inside the site folder are read, so a catalog cannot
    // pull in (and a diagnostic cannot print) a file from elsewhere.
    let site = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    let mut walker = walker.filter_entry(|e| !e.file_name().to_string_lossy().starts_with('.'));
    while let Some(item) = walker.next() {
        let file = match item {
            Ok(file) => file,
            Err(err) => {
                let path = err
                    .path()
                    .map_or_else(|| content.clone(), Path::to_path_buf);
                let message = if err.loop_ancestor().is_some() {
                    "symbolic link loop: this link points back to a folder that contains it"
                        .to_owned()
                } else {
                    format!(
                        "cannot read: {}",
                        err.io_error()
                            .map_or_else(|| err.to_string(), ToString::to_string)
                    )
                };
                diagnostics.push(Diagnostic::error("io", relative(root, &path), message));
                continue;
            }
        };
        let rel = relative(root, file.path());
        if let Some(d) = link_outside(&site, &file, &rel) {
            diagnostics.push(d);
            if file.file_type().is_dir() {
                walker.skip_current_dir();
            }
            continue;
        }
        if file.file_type().is_file() {
            let rel_to_content = rel.strip_prefix("content").unwrap_or(&rel);
            match classify(rel_to_content) {
                Ok(_) => listed.push(Listed {
                    full: file.into_path(),
                    path: rel,
                }),
                Err(msg) => diagnostics.push(*unknown_file(&rel, msg)),
            }
        } else if !file.file_type().is_dir() {
            // A FIFO, socket or device: reading it could block or never end.
            diagnostics.push(*unknown_file(
                &rel,
                "this is not a regular file (a pipe, socket or device)".to_owned(),
            ));
        }
    }
    (listed, diagnostics)
}

/// The files a catalog's multipart parts may upload: every regular file under the site's
/// [`UPLOADS_DIR`] folder, by its path relative to the site folder (`files/invoice.pdf`).
pub type Uploads = std::collections::BTreeMap<String, std::sync::Arc<[u8]>>;

/// Reads every file under `root/files` (hidden ones skipped), refusing links that lead outside
/// the site and files larger than [`guard::MAX_FILE_BYTES`], like content files. A site without
/// the folder has no uploads.
#[must_use]
pub fn read_uploads(root: &Path) -> (Uploads, Vec<Diagnostic>) {
    let mut uploads = Uploads::new();
    let mut diagnostics = Vec::new();
    let folder = root.join(UPLOADS_DIR);
    if !folder.is_dir() {
        return (uploads, diagnostics);
    }
    let site = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    let mut walker = WalkDir::new(&folder)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| !e.file_name().to_string_lossy().starts_with('.'));
    while let Some(item) = walker.next() {
        let file = match item {
            Ok(file) => file,
            Err(err) => {
                let path = err.path().map_or_else(|| folder.clone(), Path::to_path_buf);
                diagnostics.push(Diagnostic::error(
                    "io",
                    relative(root, &path),
                    format!("cannot read: {err}"),
                ));
                continue;
            }
        };
        let rel = relative(root, file.path());
        if let Some(d) = link_outside(&site, &file, &rel) {
            diagnostics.push(d);
            if file.file_type().is_dir() {
                walker.skip_current_dir();
            }
            continue;
        }
        if !file.file_type().is_file() {
            continue;
        }
        match read_file(file.path(), rel.clone()) {
            Ok(read) => {
                let key = rel
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy())
                    .collect::<Vec<_>>()
                    .join("/");
                uploads.insert(key, read.bytes.into());
            }
            Err(d) => diagnostics.push(*d),
        }
    }
    (uploads, diagnostics)
}

/// Gives every file part of the catalog's requests the bytes of the file it names, from
/// `uploads`; a part whose file is not there is an error at its `file:` line.
pub fn attach_uploads(catalog: &mut RawCatalog, uploads: &Uploads) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    for entry in &mut catalog.entries {
        // An entry's pages show its uploads: their bytes join its file's hash, which an
        // incremental build compares.
        let uploads_files = entry.value.samples.iter().any(|pair| {
            [&pair.incorrect.request, &pair.correct.request]
                .into_iter()
                .flat_map(|r| r.multipart.iter().flatten())
                .any(|part| matches!(part.content, PartContent::File(_)))
        });
        if !uploads_files {
            continue;
        }
        let mut hashes = vec![entry.source.hash];
        let source = &entry.source;
        // The parsed value may be shared with the parse cache: it is copied only here, for an
        // entry that uploads files.
        let requests = std::sync::Arc::make_mut(&mut entry.value)
            .samples
            .iter_mut()
            .flat_map(|pair| [&mut pair.incorrect.request, &mut pair.correct.request]);
        for request in requests {
            for part in request.multipart.iter_mut().flatten() {
                let PartContent::File(FileUpload {
                    source: FileSource::Path { path, bytes },
                    ..
                }) = &mut part.content
                else {
                    continue;
                };
                match uploads.get(path.as_str()) {
                    Some(found) => {
                        hashes.push(xxhash_rust::xxh3::xxh3_128(found));
                        *bytes = Some(found.clone());
                    }
                    None => {
                        let d = Diagnostic::error(
                            "missing-upload",
                            &source.path,
                            format!(
                                "the part `{}` uploads `{path}`, which does not exist or could \
                                 not be read",
                                part.name
                            ),
                        )
                        .with_help(format!(
                            "put the file in the site's `{UPLOADS_DIR}/` folder, or write its \
                             text as `content:`"
                        ));
                        let at = locate(source.text(), &format!("file: {path}"), 1)
                            .or_else(|| locate(source.text(), path, 1));
                        diagnostics.push(match at {
                            Some(p) => d.at(source.text(), p),
                            None => d,
                        });
                    }
                }
            }
        }
        if hashes.len() > 1 {
            let bytes: Vec<u8> = hashes.iter().flat_map(|h| h.to_le_bytes()).collect();
            entry.source.hash = xxhash_rust::xxh3::xxh3_128(&bytes);
        }
    }
    diagnostics
}

/// An error for a symbolic link met while walking the site's folders that leads outside the site
/// folder `site` (canonical), or anywhere that cannot be resolved; `rel` names it.
pub(crate) fn link_outside(
    site: &Path,
    item: &walkdir::DirEntry,
    rel: &Path,
) -> Option<Diagnostic> {
    if !item.path_is_symlink() {
        return None;
    }
    let target = std::fs::canonicalize(item.path());
    if target.as_ref().is_ok_and(|t| t.starts_with(site)) {
        return None;
    }
    let shown = target.map_or_else(|e| e.to_string(), |t| t.display().to_string());
    Some(
        Diagnostic::error(
            "link-outside-site",
            rel,
            format!(
                "this symbolic link leads outside the site folder (to {shown}); errdocs reads only \
                 files inside the site"
            ),
        )
        .with_help("copy the file into the site folder, or link to a place inside it"),
    )
}

/// Reads one file, refusing one larger than [`guard::MAX_FILE_BYTES`] before reading it, and never
/// reading more than one byte past that limit: a file that grew meanwhile is refused on parsing.
fn read_file(path: &Path, rel: PathBuf) -> Result<RawFile, Box<Diagnostic>> {
    read_at(path, rel).map(|(raw, _)| raw)
}

/// Reads one listed file; with its bytes, what the file system said of it when it was opened.
///
/// # Errors
/// When it cannot be read, or is larger than [`guard::MAX_FILE_BYTES`].
pub fn read_listed(file: &Listed) -> Result<(RawFile, std::fs::Metadata), Box<Diagnostic>> {
    read_at(&file.full, file.path.clone())
}

fn read_at(path: &Path, rel: PathBuf) -> Result<(RawFile, std::fs::Metadata), Box<Diagnostic>> {
    use std::io::Read as _;
    let io =
        |e: std::io::Error| Box::new(Diagnostic::error("io", &rel, format!("cannot read: {e}")));
    // One open and one status of the open file: a catalog has thousands of files.
    let file = std::fs::File::open(path).map_err(io)?;
    let metadata = file.metadata().map_err(io)?;
    let len = metadata.len();
    if len > guard::MAX_FILE_BYTES {
        return Err(Box::new(guard::too_large(&rel, len)));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(len).unwrap_or(0).saturating_add(1));
    file.take(guard::MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(io)?;
    Ok((RawFile { path: rel, bytes }, metadata))
}

/// Parses files read by [`read_content`], in parallel; the catalog keeps their order.
#[must_use]
pub fn parse_content(files: Vec<RawFile>) -> (RawCatalog, Vec<Diagnostic>) {
    let parsed: Vec<Outcome> = files.into_par_iter().map(parse_read).collect();
    assemble(parsed)
}

/// A file parsed, with the placeholders left in it, or the reason it did not parse.
pub(super) type Outcome = Result<(Parsed, Vec<Diagnostic>), Box<Diagnostic>>;

/// Parses one read file and looks for placeholders in it.
pub(super) fn parse_read(file: RawFile) -> Outcome {
    let parsed = parse_file(&file.path, Cow::Owned(file.bytes))?;
    let placeholders = super::placeholder::in_source(parsed.source());
    Ok((parsed, placeholders))
}

/// The catalog of parsed files, in their order, with every file's problem and the placeholders
/// left in any of them.
pub(super) fn assemble(parsed: Vec<Outcome>) -> (RawCatalog, Vec<Diagnostic>) {
    let mut catalog = RawCatalog::default();
    let mut diagnostics = Vec::new();
    for item in parsed {
        match item {
            Ok((parsed, placeholders)) => {
                diagnostics.extend(placeholders);
                match parsed {
                    Parsed::Entry(x) => catalog.entries.push(x),
                    Parsed::Status(x) => catalog.statuses.push(x),
                    Parsed::Comparison(x) => catalog.comparisons.push(x),
                    Parsed::Tree(x) => catalog.trees.push(x),
                    Parsed::Guide(x) => catalog.guides.push(x),
                    Parsed::Home(x) => catalog.home = Some(x),
                }
            }
            Err(d) => {
                let rel = d.path.strip_prefix("content").unwrap_or(&d.path);
                if let Ok(Place::Item(_, id)) = classify(rel) {
                    catalog.failed.push(id);
                }
                diagnostics.push(*d);
            }
        }
    }
    (catalog, diagnostics)
}

/// What a file under `content/` is, from where it sits.
#[derive(Debug, PartialEq, Eq)]
enum Place {
    /// An item of a kind, with its id.
    Item(Kind, String),
    /// `index.md`, the home page's introduction.
    Home,
}

/// Where files of `kind` sit under `content/`, as (folders below the kind's folder, whether the
/// file is Markdown rather than YAML), and the id of the file `stem` in `folders`.
fn layout(kind: Kind, folders: &[&str], stem: &str) -> (usize, bool, String) {
    match kind {
        Kind::Entry => (
            1,
            false,
            format!("{}/{stem}", folders.first().unwrap_or(&"")),
        ),
        Kind::Status | Kind::Comparison | Kind::Tree => {
            (0, false, format!("{}/{stem}", kind.folder()))
        }
        Kind::Guide => (0, true, format!("{}/{stem}", kind.folder())),
    }
}

fn classify(rel_to_content: &Path) -> Result<Place, String> {
    let parts: Vec<&str> = rel_to_content
        .components()
        .filter_map(|c| match c {
            Component::Normal(s) => s.to_str(),
            _ => None,
        })
        .collect();
    let Some((stem, ext)) = parts.last().and_then(|f| f.rsplit_once('.')) else {
        return Err("files in `content/` need an extension: `.yaml`, `.yml` or `.md`".to_owned());
    };
    let (markdown, yaml) = (ext == "md", matches!(ext, "yaml" | "yml"));
    if parts == ["index.md"] {
        return Ok(Place::Home);
    }
    let place = Kind::ALL
        .into_iter()
        .find(|k| parts.first() == Some(&k.folder()))
        .and_then(|kind| {
            let folders = &parts[1..parts.len() - 1];
            let (depth, md, id) = layout(kind, folders, stem);
            let fits = folders.len() == depth && if md { markdown } else { yaml };
            fits.then_some(Place::Item(kind, id))
        })
        .ok_or_else(|| "this file is not part of any content kind".to_owned())?;
    if let Place::Item(_, id) = &place
        && let Some(bad) = id.split('/').find(|s| !is_slug(s))
    {
        return Err(format!(
            "`{bad}` cannot be part of an id: use lower-case letters, digits and hyphens (it becomes a URL)"
        ));
    }
    Ok(place)
}

/// A path segment safe in a URL and a folder name: `[a-z0-9][a-z0-9-]*`.
#[must_use]
pub fn is_slug(s: &str) -> bool {
    let mut chars = s.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

const LAYOUT_HELP: &str = "the catalog layout is errors/<status>/<slug>.yaml, status/<code>.yaml, \
compare/<slug>.yaml, trees/<slug>.yaml, guides/<slug>.md and index.md";

fn unknown_file(rel: &Path, message: String) -> Box<Diagnostic> {
    Box::new(Diagnostic::error("unknown-file", rel, message).with_help(LAYOUT_HELP))
}

/// One catalog file, parsed, by kind.
#[derive(Debug, Clone)]
pub enum Parsed {
    /// `errors/<status>/<slug>.yaml`.
    Entry(Loaded<Entry>),
    /// `status/<code>.yaml`.
    Status(Loaded<StatusPage>),
    /// `compare/<slug>.yaml`.
    Comparison(Loaded<Comparison>),
    /// `trees/<slug>.yaml`.
    Tree(Loaded<Tree>),
    /// `guides/<slug>.md`.
    Guide(Loaded<Guide>),
    /// `index.md`.
    Home(Loaded<Guide>),
}

impl Parsed {
    /// Finds the ids its Markdown links to (see [`Loaded::links`]). The home page's introduction
    /// is its body alone.
    fn find_links(&mut self) {
        let texts = match self {
            Self::Entry(x) => Item::Entry(x).markdown(),
            Self::Status(x) => Item::Status(x).markdown(),
            Self::Comparison(x) => Item::Comparison(x).markdown(),
            Self::Tree(x) => Item::Tree(x).markdown(),
            Self::Guide(x) => Item::Guide(x).markdown(),
            Self::Home(x) => vec![x.value.body.as_str()],
        };
        let links = texts
            .into_iter()
            .flat_map(crate::markdown::link_ids)
            .collect();
        match self {
            Self::Entry(x) => x.links = links,
            Self::Status(x) => x.links = links,
            Self::Comparison(x) => x.links = links,
            Self::Tree(x) => x.links = links,
            Self::Guide(x) | Self::Home(x) => x.links = links,
        }
    }

    /// The file it was parsed from.
    fn source(&self) -> &Source {
        match self {
            Self::Entry(x) => &x.source,
            Self::Status(x) => &x.source,
            Self::Comparison(x) => &x.source,
            Self::Tree(x) => &x.source,
            Self::Guide(x) | Self::Home(x) => &x.source,
        }
    }
}

/// Parses one catalog file from its path (relative to the site root, e.g.
/// `content/errors/401/x.yaml`) and its bytes, without touching the disk. This is everything
/// `load_catalog` does to a file after reading it, so it is what fuzzing and property tests drive.
///
/// # Errors
/// One located diagnostic: the file's kind is unknown, it is too large, not UTF-8, empty, nested
/// too deep, not valid YAML, does not fit the model, or repeats a key.
pub fn parse_source(rel: &Path, bytes: &[u8]) -> Result<Parsed, Box<Diagnostic>> {
    parse_file(rel, Cow::Borrowed(bytes))
}

/// [`parse_source`] on bytes it may keep (read files become their text without a copy).
fn parse_file(rel: &Path, bytes: Cow<'_, [u8]>) -> Result<Parsed, Box<Diagnostic>> {
    let rel_to_content = rel.strip_prefix("content").unwrap_or(rel);
    let place = classify(rel_to_content).map_err(|msg| unknown_file(rel, msg))?;
    if bytes.len() as u64 > guard::MAX_FILE_BYTES {
        return Err(Box::new(guard::too_large(rel, bytes.len() as u64)));
    }
    let text = decode(bytes, rel)?;
    let source = Source::new(rel, text);
    let mut parsed = match place {
        Place::Item(Kind::Entry, id) => {
            let mut entry: Loaded<Entry> = parse_yaml(id, source)?;
            // Just made, so not shared: nothing is copied.
            Arc::make_mut(&mut entry.value).compact();
            Parsed::Entry(entry)
        }
        Place::Item(Kind::Status, id) => Parsed::Status(parse_yaml(id, source)?),
        Place::Item(Kind::Comparison, id) => Parsed::Comparison(parse_yaml(id, source)?),
        Place::Item(Kind::Tree, id) => Parsed::Tree(parse_yaml(id, source)?),
        Place::Item(Kind::Guide, id) => Parsed::Guide(parse_guide(id, source)?),
        Place::Home => Parsed::Home(parse_guide("index".to_owned(), source)?),
    };
    parsed.find_links();
    Ok(parsed)
}

/// UTF-8 text without a byte-order mark; invalid bytes are reported at their line and column.
fn decode(bytes: Cow<'_, [u8]>, rel: &Path) -> Result<String, Box<Diagnostic>> {
    let mut bytes = bytes.into_owned();
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
    }
    match String::from_utf8(bytes) {
        Ok(text) => Ok(normalize_breaks(text)),
        Err(e) => {
            let bytes = e.as_bytes();
            let e = e.utf8_error();
            let good = String::from_utf8_lossy(&bytes[..e.valid_up_to()]).into_owned();
            let line = good.matches('\n').count() + 1;
            let column = good.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            let shown = String::from_utf8_lossy(bytes).into_owned();
            Err(Box::new(
                Diagnostic::error("encoding", rel, "the file is not valid UTF-8")
                    .at(&shown, Position { line, column })
                    .with_help("save the file as UTF-8"),
            ))
        }
    }
}

/// Every line break YAML knows (CR LF, CR, NEL, LS, PS) as LF. The YAML parser counts each as a
/// new line, so positions in its errors match the lines of the kept text only after this.
fn normalize_breaks(text: String) -> String {
    // In UTF-8: CR is 0D, NEL C2 85, LS E2 80 A8 and PS E2 80 A9.
    // Only the bytes that can start one are looked at, found by a vectorised search.
    let bytes = text.as_bytes();
    let breaks = memchr::memchr3_iter(b'\r', 0xc2, 0xe2, bytes).any(|i| match bytes[i] {
        b'\r' => true,
        0xc2 => bytes.get(i + 1) == Some(&0x85),
        _ => bytes.get(i + 1) == Some(&0x80) && matches!(bytes.get(i + 2), Some(0xa8 | 0xa9)),
    });
    if breaks {
        text.replace("\r\n", "\n")
            .replace(['\r', '\u{85}', '\u{2028}', '\u{2029}'], "\n")
    } else {
        text
    }
}

fn parse_yaml<T: DeserializeOwned>(
    id: String,
    source: Source,
) -> Result<Loaded<T>, Box<Diagnostic>> {
    if source.text().trim().is_empty() {
        return Err(Box::new(Diagnostic::error(
            "empty-file",
            source.path,
            "the file is empty",
        )));
    }
    if source
        .text()
        .lines()
        .all(|l| l.trim().is_empty() || l.trim_start().starts_with('#'))
    {
        return Err(Box::new(Diagnostic::error(
            "empty-file",
            source.path,
            "the file holds only comments",
        )));
    }
    let yaml = guard::Yaml {
        text: source.text(),
        full: source.text(),
        line_offset: 0,
        rel: &source.path,
    };
    let value = Arc::new(parse_checked(yaml)?);
    Ok(Loaded {
        id,
        source,
        value,
        links: Vec::new(),
    })
}

/// serde_yaml behind the guards: characters and nesting checked before, duplicate keys after. The
/// model's maps tell whether a key may repeat (see `keys`); only then is the file searched for it.
fn parse_checked<T: DeserializeOwned>(yaml: guard::Yaml<'_>) -> Result<T, Box<Diagnostic>> {
    guard::check_characters(yaml)?;
    guard::check_depth(yaml)?;
    keys::reset();
    let value = serde_yaml::from_str::<T>(yaml.text)
        .map_err(|e| Box::new(yaml_diagnostic(&e, yaml.rel, yaml.full, yaml.line_offset)))?;
    if !keys::repeated() {
        return Ok(value);
    }
    match guard::duplicate_key(yaml) {
        Some(d) => Err(Box::new(d)),
        None => Ok(value),
    }
}

/// A guide: optional YAML front matter between `---` lines, then Markdown.
fn parse_guide(id: String, source: Source) -> Result<Loaded<Guide>, Box<Diagnostic>> {
    let text = source.text().replace("\r\n", "\n");
    let Some(rest) = text.strip_prefix("---\n") else {
        return Err(Box::new(
            Diagnostic::error(
                "front-matter",
                source.path.clone(),
                "a guide starts with YAML front matter",
            )
            .at(source.text(), Position { line: 1, column: 1 })
            .with_help("begin the file with `---`, `title: …`, `summary: …`, `---`"),
        ));
    };
    let Some(end) = rest
        .find("\n---\n")
        .map(|i| i + 1)
        .or_else(|| rest.strip_suffix("\n---").map(str::len))
    else {
        return Err(Box::new(
            Diagnostic::error(
                "front-matter",
                source.path.clone(),
                "the front matter is never closed",
            )
            .at(source.text(), Position { line: 1, column: 1 })
            .with_help("end the front matter with a line that holds only `---`"),
        ));
    };
    let front = &rest[..end];
    let body = rest.get(end + 4..).unwrap_or("").to_owned();
    let meta: GuideMeta = parse_checked(guard::Yaml {
        text: front,
        full: source.text(),
        line_offset: 1,
        rel: &source.path,
    })?;
    Ok(Loaded {
        id,
        source,
        value: Arc::new(Guide { meta, body }),
        links: Vec::new(),
    })
}

/// Turns a serde_yaml error into a located diagnostic with a did-you-mean hint for unknown fields.
fn yaml_diagnostic(
    e: &serde_yaml::Error,
    path: &Path,
    text: &str,
    line_offset: usize,
) -> Diagnostic {
    let message = without_location(&e.to_string());
    let located = e.location().map(|loc| Position {
        line: loc.line(),
        column: loc.column(),
    });
    if let Some((message, position, help)) = guard::explain_limit(&message, text) {
        let d = Diagnostic::error("yaml-limit", path, message).with_help(help);
        return match position.or(located) {
            Some(p) => d.at(text, p),
            None => d,
        };
    }
    let (code, mut help) = hint(&message);
    let message = plain_words(&message);
    let mut d = Diagnostic::error(code, path, message.clone());
    if let Some(mut p) = located {
        p.line += line_offset;
        if let Some(field) = message
            .strip_prefix("duplicate field `")
            .and_then(|m| m.split('`').next())
        {
            p = guard::second_key(text, p, field).unwrap_or(p);
        }
        // serde_yaml places an error in a mapping's key at the mapping: find the key itself.
        if let Some(name) = message
            .split("field name `")
            .nth(1)
            .and_then(|m| m.split('`').next())
        {
            p = key_at_or_after(text, p, name).unwrap_or(p);
        }
        let tab = text
            .lines()
            .nth(p.line - 1)
            .and_then(|l| l.chars().nth(p.column - 1))
            == Some('\t');
        if tab {
            help = Some("YAML indents with spaces; replace the tab".to_owned());
        }
        if help.is_none() {
            help = continued_by_next_line(text, p.line);
        }
        d = d.at(text, p);
    }
    match help {
        Some(help) => d.with_help(help),
        None => d,
    }
}

/// A hint when the line after `line` is indented further than `line`'s key and looks like a key of
/// its own: YAML then reads it as the continuation of `line`'s value (`status: 401` followed by
/// `   headers:` reads as the text `401 headers:`).
fn continued_by_next_line(text: &str, line: usize) -> Option<String> {
    let mut lines = text.lines().skip(line.checked_sub(1)?);
    let this = lines.next()?;
    let next = lines.next()?;
    let indent = |l: &str| l.len() - l.trim_start_matches(' ').len();
    let key = next.trim_start().split_once(':')?.0;
    let is_key = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    (this.contains(": ") && indent(next) > indent(this) && is_key).then(|| {
        format!(
            "the next line (`{key}:`) is indented further than this one, so YAML reads it as part \
             of this value; line it up with the keys above it"
        )
    })
}

/// The first place at or after `from` where `name` is written (quoted or not), as a position.
fn key_at_or_after(text: &str, from: Position, name: &str) -> Option<Position> {
    text.lines()
        .enumerate()
        .skip(from.line.saturating_sub(1))
        .find_map(|(i, line)| {
            let byte = line.find(name)?;
            let quoted = line[..byte].ends_with(['"', '\'']);
            let byte = if quoted { byte - 1 } else { byte };
            Some(Position {
                line: i + 1,
                column: line[..byte].chars().count() + 1,
            })
        })
}

/// serde's type errors in a writer's words: `invalid type: sequence, expected struct Entry` becomes
/// `expected a mapping (`key: value` lines), found a list`. Other messages are kept as they are.
fn plain_words(message: &str) -> String {
    let (prefix, rest) = match message
        .find("invalid type: ")
        .or_else(|| message.find("invalid value: "))
    {
        Some(i) => (&message[..i], &message[i..]),
        None => return message.to_owned(),
    };
    let rest = rest
        .strip_prefix("invalid type: ")
        .or_else(|| rest.strip_prefix("invalid value: "))
        .unwrap_or(rest);
    let Some((found, expected)) = rest.split_once(", expected ") else {
        return message.to_owned();
    };
    let found = if found == "sequence" {
        "a list".to_owned()
    } else if found == "map" {
        "a mapping".to_owned()
    } else if found == "unit value" {
        "nothing (null)".to_owned()
    } else if let Some(s) = found.strip_prefix("string ") {
        format!("the text {s}")
    } else if let Some(n) = found
        .strip_prefix("integer ")
        .or_else(|| found.strip_prefix("floating point "))
    {
        format!("the number {}", n.trim_matches('`'))
    } else if let Some(b) = found.strip_prefix("boolean ") {
        format!("the boolean {}", b.trim_matches('`'))
    } else {
        found.to_owned()
    };
    let expected = if expected.starts_with("struct ") || expected == "a map" {
        "a mapping (`key: value` lines)"
    } else if matches!(
        expected,
        "u8" | "u16" | "u32" | "u64" | "usize" | "i8" | "i16" | "i32" | "i64" | "isize"
    ) {
        "a whole number"
    } else if expected == "a sequence" {
        "a list"
    } else if expected == "a string" || expected == "a borrowed string" {
        "text"
    } else if expected == "a boolean" {
        "true or false"
    } else {
        expected
    };
    format!("{prefix}expected {expected}, found {found}")
}

/// Removes serde_yaml's " at line N column M" from a message: the position is shown separately.
fn without_location(message: &str) -> String {
    let Some(start) = message.find(" at line ") else {
        return message.to_owned();
    };
    let rest = &message[start..];
    let Some(col) = rest.find(" column ") else {
        return message.to_owned();
    };
    let digits = rest[col + 8..]
        .chars()
        .take_while(char::is_ascii_digit)
        .count();
    format!("{}{}", &message[..start], &rest[col + 8 + digits..])
}

/// Classifies a serde message and suggests a fix where one is clear.
fn hint(message: &str) -> (&'static str, Option<String>) {
    if let Some(help) = crate::diagnostic::unknown_field_help(message) {
        return ("unknown-field", Some(help));
    }
    if message.contains("missing field") {
        return ("missing-field", None);
    }
    if message.contains("invalid type") || message.contains("invalid value") {
        return ("wrong-type", None);
    }
    if message.contains("duplicate") {
        return ("duplicate-key", None);
    }
    // What libyaml says when a line is indented more or less than the mapping it belongs to.
    let indentation = [
        "mapping values are not allowed",
        "did not find expected key",
        "did not find expected '-' indicator",
        "could not find expected ':'",
        "block sequence entries are not allowed",
    ];
    if indentation.iter().any(|m| message.contains(m)) {
        return (
            "syntax",
            Some(
                "check the indentation of this line and the line above: keys of one mapping line \
                 up, and a value's own keys are indented further (spaces, not tabs)"
                    .to_owned(),
            ),
        );
    }
    ("syntax", None)
}

/// `path` relative to `root`, or as it is when it lies outside.
fn relative(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root)
        .map_or_else(|_| path.to_path_buf(), Path::to_path_buf)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry_error(text: &str) -> Diagnostic {
        let source = Source::new("content/errors/401/x.yaml", text.to_owned());
        *parse_yaml::<Entry>("401/x".into(), source).unwrap_err()
    }

    #[test]
    fn unknown_field_has_position_and_hint() {
        let d = entry_error("status: 401\ntitel: x\n");
        assert_eq!(d.code, "unknown-field");
        assert_eq!(d.position, Some(Position { line: 2, column: 1 }));
        assert_eq!(d.help.as_deref(), Some("did you mean `title`?"));
        assert!(
            d.message.starts_with("unknown field `titel`"),
            "{}",
            d.message
        );
    }

    #[test]
    fn positions_match_lines_whatever_the_line_breaks() {
        for text in [
            "status: 401\r\ntitle: [\r\n",
            "status: 401\rtitle: [\r",
            "status: 401\u{2028}title: [\u{2029}",
            "status: 401\u{85}title: [\n",
        ] {
            let d = *parse_source(Path::new("content/errors/401/x.yaml"), text.as_bytes())
                .err()
                .unwrap();
            let p = d.position.unwrap();
            assert!(p.line <= 3, "{text:?}: {d}");
            assert!(d.source_line.is_some(), "{text:?}: {d}");
        }
    }

    proptest::proptest! {
        #[test]
        fn breaks_are_found_by_their_bytes(
            pieces in proptest::collection::vec(proptest::sample::select(vec![
                "a", "\r", "\n", "\u{85}", "\u{2028}", "\u{2029}", "\u{2027}", "\u{202a}",
                "\u{84}", "\u{a7}", "—", "é", "\u{fffe}",
            ]), 0..40),
        ) {
            let text = pieces.concat();
            let expected = if text.contains(['\r', '\u{85}', '\u{2028}', '\u{2029}']) {
                text.replace("\r\n", "\n")
                    .replace(['\r', '\u{85}', '\u{2028}', '\u{2029}'], "\n")
            } else {
                text.clone()
            };
            proptest::prop_assert_eq!(normalize_breaks(text), expected);
        }
    }

    #[test]
    fn a_byte_order_mark_is_dropped_from_read_and_borrowed_bytes() {
        let text = "\u{feff}status: 401\n";
        let borrowed = decode(Cow::Borrowed(text.as_bytes()), Path::new("x.yaml")).unwrap();
        let owned = decode(Cow::Owned(text.as_bytes().to_vec()), Path::new("x.yaml")).unwrap();
        assert_eq!(borrowed, "status: 401\n");
        assert_eq!(owned, borrowed);
    }

    #[test]
    fn location_is_cut_from_messages() {
        assert_eq!(
            without_location("found end of stream at line 4 column 1, while scanning"),
            "found end of stream, while scanning"
        );
        assert_eq!(
            without_location("title: bad at line 2 column 8"),
            "title: bad"
        );
    }

    #[test]
    fn slugs_are_url_safe() {
        assert!(is_slug("expired-token"));
        assert!(is_slug("401"));
        assert!(!is_slug("../x"));
        assert!(!is_slug("Expired"));
        assert!(!is_slug(""));
    }

    #[test]
    fn classifies_by_folder() {
        let item = |kind, id: &str| Ok(Place::Item(kind, id.to_owned()));
        assert_eq!(
            classify(Path::new("errors/401/a.yaml")),
            item(Kind::Entry, "401/a")
        );
        assert_eq!(
            classify(Path::new("guides/a.md")),
            item(Kind::Guide, "guides/a")
        );
        assert_eq!(
            classify(Path::new("compare/a.yml")),
            item(Kind::Comparison, "compare/a")
        );
        assert_eq!(classify(Path::new("index.md")), Ok(Place::Home));
        assert!(classify(Path::new("guides/a.yaml")).is_err());
        assert!(classify(Path::new("errors/a.yaml")).is_err());
        assert!(classify(Path::new("status/x/a.yaml")).is_err());
        assert!(classify(Path::new("errors/401/A b.yaml")).is_err());
        assert!(classify(Path::new("notes.txt")).is_err());
    }
}
