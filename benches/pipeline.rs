//! Each stage of the pipeline on a generated catalog of 1,000 entries (`errdocs::synth`), every
//! sample language on: `cargo bench`, or `cargo bench -- render` for one group.
//!
//! Stages: load (read + parse), resolve, lint, the search index, render (every page in memory), and
//! inside render, separately: Markdown, highlighting and sample generation; then write (a fresh
//! output, and a rewrite with nothing changed). Figures are for comparing versions side by side on one machine, not absolutes.

use std::hint::black_box;
use std::path::Path;

use criterion::{BatchSize, Criterion};
use errdocs::assets::load_theme;
use errdocs::catalog::{Catalog, parse_content, read_content, resolve};
use errdocs::config::Config;
use errdocs::exchange::body_text;
use errdocs::render::highlight::{highlight_json, highlight_uncached};
use errdocs::render::markdown::{LinkResolver, render, render_inline};
use errdocs::render::sample::pair_html;
use errdocs::render::{RenderOptions, render_site};
use errdocs::samples::Lang;
#[path = "support/synth.rs"]
#[allow(dead_code, unreachable_pub, missing_docs)]
mod synth;
use synth::{SynthOptions, write_site};

const ENTRIES: usize = 1000;

// The allocator the `errdocs` binary uses, so stage times add up to a build's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

struct Fixture {
    _dir: tempfile::TempDir,
    root: std::path::PathBuf,
    catalog: Catalog,
}

/// A temporary folder in RAM when the machine has `/dev/shm`: a disk makes writing erratic.
fn temp_dir() -> tempfile::TempDir {
    let shm = Path::new("/dev/shm");
    if shm.is_dir() {
        tempfile::tempdir_in(shm).expect("temp dir")
    } else {
        tempfile::tempdir().expect("temp dir")
    }
}

fn fixture() -> Fixture {
    let dir = temp_dir();
    let root = dir.path().join("site");
    write_site(
        &root,
        &SynthOptions {
            entries: ENTRIES,
            ..SynthOptions::default()
        },
    )
    .expect("generate");
    let (files, problems) = read_content(&root);
    assert!(problems.is_empty());
    let (raw, problems) = parse_content(files);
    assert!(problems.is_empty());
    let (catalog, problems) = resolve(raw);
    assert!(problems.is_empty(), "{problems:?}");
    Fixture {
        _dir: dir,
        root,
        catalog,
    }
}

struct Links<'a>(&'a Catalog);

impl LinkResolver for Links<'_> {
    fn href(&self, id: &str) -> Option<String> {
        self.0.link(id).map(|l| format!("/{}", l.url))
    }
}

fn stages(c: &mut Criterion) {
    let f = fixture();
    let mut g = c.benchmark_group("stage");
    g.sample_size(10);
    g.bench_function("load", |b| {
        b.iter(|| {
            let (files, _) = read_content(&f.root);
            black_box(parse_content(files))
        });
    });
    let (files, _) = read_content(&f.root);
    let (raw, _) = parse_content(files);
    g.bench_function("resolve", |b| {
        b.iter_batched(
            || raw.clone(),
            |raw| black_box(resolve(raw)),
            BatchSize::LargeInput,
        );
    });
    g.bench_function("lint", |b| {
        b.iter(|| black_box(errdocs::lint::lint(&f.catalog)));
    });
    g.bench_function("index", |b| {
        b.iter(|| black_box(errdocs::search::build_index(&f.catalog)));
    });
    let config = Config::default();
    let theme = load_theme(&f.root).expect("theme");
    let options = RenderOptions {
        config: &config,
        theme: &theme,
        languages: Lang::ALL,
    };
    g.bench_function("render", |b| {
        b.iter(|| black_box(render_site(&f.catalog, &options).expect("render")));
    });
    let pages = render_site(&f.catalog, &options).expect("render");
    let out_dir = temp_dir();
    let out = out_dir.path().join("public");
    g.bench_function("write-fresh", |b| {
        b.iter_batched(
            || remove(&out),
            |()| black_box(errdocs::site::write_output(&out, &pages).expect("write")),
            BatchSize::PerIteration,
        );
    });
    errdocs::site::write_output(&out, &pages).expect("write");
    g.bench_function("write-unchanged", |b| {
        b.iter(|| black_box(errdocs::site::write_output(&out, &pages).expect("write")));
    });
    g.finish();
    parts(c, &f.catalog);
}

fn remove(dir: &Path) {
    if dir.exists() {
        std::fs::remove_dir_all(dir).expect("remove");
    }
    let state = dir.with_file_name(".public.errdocs-state");
    let _ = std::fs::remove_file(state);
}

/// The work inside rendering, one kind at a time, over every entry.
fn parts(c: &mut Criterion, catalog: &Catalog) {
    let mut g = c.benchmark_group("render-part");
    g.sample_size(10);
    let links = Links(catalog);
    g.bench_function("markdown", |b| {
        b.iter(|| {
            for e in &catalog.entries {
                let v = &e.value;
                black_box(render_inline(&v.summary, &links));
                black_box(render(v.details.as_deref().unwrap_or(""), &links));
                for item in v.recognize.iter().chain(&v.causes).chain(&v.fix) {
                    black_box(render_inline(item, &links));
                }
            }
        });
    });
    let bodies: Vec<serde_json::Value> = catalog
        .entries
        .iter()
        .map(|e| e.value.response.body.clone().expect("body"))
        .collect();
    g.bench_function("highlight-json-bodies", |b| {
        b.iter(|| {
            for body in &bodies {
                black_box(highlight_json(body));
            }
        });
    });
    g.bench_function("highlight-json-bodies-syntect", |b| {
        b.iter(|| {
            for body in &bodies {
                let text = body_text(body);
                black_box(highlight_uncached(&text, "json"));
            }
        });
    });
    g.bench_function("samples", |b| {
        b.iter(|| {
            for e in &catalog.entries {
                for pair in &e.value.samples {
                    black_box(pair_html(
                        &pair.incorrect.request,
                        &pair.correct.request,
                        Lang::ALL,
                    ));
                }
            }
        });
    });
    g.finish();
}

fn main() {
    let mut c = Criterion::default().configure_from_args();
    stages(&mut c);
    c.final_summary();
}
