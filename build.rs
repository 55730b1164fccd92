//! Rebuilds the crate when a file of the embedded default theme or of the `init`/`new` scaffold
//! changes or is added, and gives the build an identifier of its sources: a site built by different
//! code is never taken as up to date.

use std::hash::{DefaultHasher, Hasher};
use std::path::Path;

fn hash_tree(dir: &Path, hasher: &mut DefaultHasher) {
    let Ok(read) = std::fs::read_dir(dir) else {
        return;
    };
    let mut items: Vec<_> = read.flatten().map(|e| e.path()).collect();
    items.sort();
    for path in items {
        if path.is_dir() {
            hash_tree(&path, hasher);
        } else if let Ok(bytes) = std::fs::read(&path) {
            hasher.write(path.to_string_lossy().as_bytes());
            hasher.write(&bytes);
        }
    }
}

fn main() {
    println!("cargo:rerun-if-changed=templates");
    println!("cargo:rerun-if-changed=static");
    println!("cargo:rerun-if-changed=scaffold");
    println!("cargo:rerun-if-changed=src");
    println!("cargo:rerun-if-changed=Cargo.lock");
    let mut hasher = DefaultHasher::new();
    for dir in ["src", "templates", "static", "scaffold"] {
        hash_tree(Path::new(dir), &mut hasher);
    }
    if let Ok(lock) = std::fs::read("Cargo.lock") {
        hasher.write(&lock);
    }
    println!(
        "cargo:rustc-env=ERRDOCS_BUILD_ID={}-{:016x}",
        std::env::var("CARGO_PKG_VERSION").unwrap_or_default(),
        hasher.finish()
    );
}
