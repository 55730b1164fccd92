//! The repository's own site: `errdocs.toml` and `content/` at the crate root build cleanly.

use std::path::Path;
use std::process::Command;

#[test]
fn the_shipped_reference_builds_without_errors_or_warnings() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = tempfile::tempdir().unwrap();
    let target = out.path().join("public");
    let run = Command::new(env!("CARGO_BIN_EXE_errdocs"))
        .args(["build", "--root"])
        .arg(root)
        .arg("--out")
        .arg(&target)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "{stderr}");
    assert!(!stderr.contains("warning"), "{stderr}");
    assert!(!stderr.contains("error"), "{stderr}");
    let checked = crate::links::assert_links_resolve(&target, "/");
    assert!(checked > 100, "only {checked} links");
}
