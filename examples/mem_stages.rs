//! The live heap after each stage of a build, counted by the allocator itself.
//!
//! `cargo run --release --example mem_stages -- SITE` loads, resolves, lints and indexes the site,
//! printing the bytes still allocated after each stage and the most that were allocated during it.
//! With `--build`, it runs a whole build into `SITE/public` instead and prints its peak. Peak RSS
//! (`/usr/bin/time`) is what a user sees; it runs 20–30% above the live heap, the allocator's own
//! rounding and free space. These figures say where the memory goes.

use std::alloc::{GlobalAlloc, Layout, System};
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

/// The system allocator, counting the bytes it hands out.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

fn grew(bytes: usize) {
    let live = LIVE.fetch_add(bytes, Relaxed) + bytes;
    PEAK.fetch_max(live, Relaxed);
}

// SAFETY: every call is passed on to `System` unchanged; the counters only observe.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        grew(layout.size());
        // SAFETY: the caller upholds `alloc`'s contract, which is `System.alloc`'s.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Relaxed);
        // SAFETY: as for `dealloc`.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, size: usize) -> *mut u8 {
        grew(size);
        LIVE.fetch_sub(layout.size(), Relaxed);
        // SAFETY: as for `realloc`.
        unsafe { System.realloc(ptr, layout, size) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// Prints the live heap and the peak since the last call, then starts a new peak.
fn show(stage: &str) {
    let live = LIVE.load(Relaxed);
    let peak = PEAK.swap(live, Relaxed);
    println!(
        "{stage:<8} live {:>6} MB   peak during it {:>6} MB",
        live >> 20,
        peak >> 20
    );
}

fn main() {
    let mut args = std::env::args().skip(1);
    let (Some(first), second) = (args.next(), args.next()) else {
        eprintln!("usage: mem_stages [--build] SITE");
        std::process::exit(2);
    };
    let (whole, root) = match (first.as_str(), second) {
        ("--build", Some(site)) => (true, PathBuf::from(site)),
        (_, None) => (false, PathBuf::from(first)),
        _ => {
            eprintln!("usage: mem_stages [--build] SITE");
            std::process::exit(2);
        }
    };
    if whole {
        let options = errdocs::site::BuildOptions {
            root: root.clone(),
            out: Some(root.join("public")),
            base_url: None,
        };
        // A clean build: with the previous output in place, nothing would be rendered.
        let _ = std::fs::remove_dir_all(root.join("public"));
        if let Err(e) = errdocs::site::build(&options) {
            eprintln!("{e}");
            std::process::exit(1);
        }
        show("build");
        return;
    }
    let (files, _) = errdocs::catalog::load::read_content(&root);
    show("read");
    let (raw, _) = errdocs::catalog::load::parse_content(files);
    show("parse");
    let (catalog, _) = errdocs::catalog::resolve(raw);
    show("resolve");
    drop(errdocs::lint::lint(&catalog));
    show("lint");
    let mut index_bytes = 0;
    errdocs::search::build_index_into(&catalog, &mut |page| index_bytes += page.bytes.len());
    show("index");
    println!("(the index files take {} MB)", index_bytes >> 20);
}
