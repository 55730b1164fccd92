//! The synthetic catalog of the benchmarks (`examples/gen_catalog.rs`) is a valid site: it checks
//! clean, builds, and every link in it resolves.

use std::process::Command;

use errdocs::synth::{SynthOptions, write_site};

#[test]
fn a_generated_catalog_checks_clean_and_builds() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    write_site(
        &root,
        &SynthOptions {
            entries: 200,
            ..SynthOptions::default()
        },
    )
    .unwrap();
    let errdocs = |args: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_errdocs"))
            .args(args)
            .arg("--root")
            .arg(&root)
            .env_remove("ERRDOCS_LOG")
            .output()
            .unwrap();
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let (code, stderr) = errdocs(&["check", "--deny", "warnings"]);
    assert_eq!(code, Some(0), "{stderr}");
    let (code, stderr) = errdocs(&["build"]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stderr.contains("from 200 entries"), "{stderr}");
    let checked = crate::links::assert_links_resolve(&root.join("public"), "/");
    assert!(checked > 5000, "only {checked} links");
}
