//! The synthetic catalog of the benchmarks (`examples/gen_catalog.rs`) is a valid site: it checks
//! clean, builds, and every link in it resolves.

use std::process::Command;

#[path = "../../benches/support/synth.rs"]
#[allow(dead_code, unreachable_pub, missing_docs)]
mod synth;
use synth::{SynthOptions, write_site};

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

/// The generator itself (it lives beside the benches, outside the library).
mod generator {
    use super::synth::*;
    use errdocs::catalog::model::Entry;

    #[test]
    fn the_generator_gives_the_same_files_for_the_same_options() {
        let a = site_files(&SynthOptions {
            entries: 30,
            seed: 1,
        });
        let b = site_files(&SynthOptions {
            entries: 30,
            seed: 1,
        });
        assert_eq!(
            a.iter().map(|f| &f.text).collect::<Vec<_>>(),
            b.iter().map(|f| &f.text).collect::<Vec<_>>()
        );
        assert_eq!(entry_id(1, 5), entry_id(1, 5));
        assert_ne!(entry_id(1, 5), entry_id(1, 6));
    }

    #[test]
    fn generated_entries_parse_back_into_the_model() {
        let files = site_files(&SynthOptions {
            entries: 5,
            seed: 3,
        });
        let entry = files
            .iter()
            .find(|f| f.path.starts_with("content/errors"))
            .unwrap();
        let e: Entry = serde_yaml::from_str(&entry.text).unwrap();
        assert_eq!(e.samples.len(), 2);
        assert!(e.response.body.is_some());
        let mut texts = vec![e.summary.as_str(), e.details.as_deref().unwrap_or("")];
        for list in [&e.recognize, &e.causes, &e.fix] {
            texts.extend(list.iter().map(String::as_str));
        }
        let words: usize = texts.iter().map(|t| t.split_whitespace().count()).sum();
        assert!(words > 200, "{words} words");
    }
}
