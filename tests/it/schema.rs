//! The editor schemas are generated from the loader's types: every shipped content file validates
//! against them, and a misspelled field fails both the schema and the loader.

use std::path::{Path, PathBuf};

use errdocs::schema::SchemaKind;
use serde_json::Value;

use crate::support::SiteTest;

/// The kind of a content file, from where it sits (as the loader decides).
fn kind_of(rel: &Path) -> Option<SchemaKind> {
    let parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    match parts
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        ["errors", _, f] if f.ends_with(".yaml") => Some(SchemaKind::Entry),
        ["status", f] if f.ends_with(".yaml") => Some(SchemaKind::Status),
        ["compare", f] if f.ends_with(".yaml") => Some(SchemaKind::Compare),
        ["trees", f] if f.ends_with(".yaml") => Some(SchemaKind::Tree),
        ["guides", f] if f.ends_with(".md") => Some(SchemaKind::Guide),
        _ => None,
    }
}

/// The YAML a file holds: the whole file, or a guide's front matter.
fn yaml_of(kind: SchemaKind, text: &str) -> String {
    if kind == SchemaKind::Guide {
        let rest = text.strip_prefix("---\n").expect("front matter");
        rest[..rest.find("\n---").expect("closed front matter")].to_owned()
    } else {
        text.to_owned()
    }
}

fn validate(kind: SchemaKind, instance: &Value) -> Vec<String> {
    let validator = jsonschema::validator_for(&kind.schema()).expect("a valid schema");
    validator
        .iter_errors(instance)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect()
}

/// Every content file under `site/content`, with its kind.
fn content_files(site: &Path) -> Vec<(PathBuf, SchemaKind)> {
    let content = site.join("content");
    walkdir::WalkDir::new(&content)
        .sort_by_file_name()
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| {
            let kind = kind_of(e.path().strip_prefix(&content).unwrap())?;
            Some((e.path().to_path_buf(), kind))
        })
        .collect()
}

#[test]
fn every_shipped_content_file_validates_against_its_schema() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut checked = 0;
    for site in [
        "",
        "scaffold/init/general",
        "scaffold/init/auth",
        "tests/fixtures/basic",
    ] {
        for (path, kind) in content_files(&repo.join(site)) {
            let text = std::fs::read_to_string(&path).unwrap();
            let value: Value = serde_yaml::from_str(&yaml_of(kind, &text))
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            let errors = validate(kind, &value);
            assert!(
                errors.is_empty(),
                "{}:\n{}",
                path.display(),
                errors.join("\n")
            );
            checked += 1;
        }
        let config = repo.join(site).join("errdocs.toml");
        let value: Value = toml::from_str(&std::fs::read_to_string(&config).unwrap()).unwrap();
        assert!(
            validate(SchemaKind::Config, &value).is_empty(),
            "{}",
            config.display()
        );
    }
    assert!(checked >= 40, "only {checked} files");
}

#[test]
fn a_misspelled_field_fails_the_schema_and_the_loader() {
    let site = SiteTest::fixture("basic");
    let rel = "content/errors/401/expired-token.yaml";
    let text = std::fs::read_to_string(site.root().join(rel)).unwrap();
    for (right, wrong) in [
        ("\nsummary:", "\nsumary:"),
        ("\n  headers:", "\n  headerz:"),
    ] {
        let broken = text.replacen(right, wrong, 1);
        let value: Value = serde_yaml::from_str(&broken).unwrap();
        let errors = validate(SchemaKind::Entry, &value);
        assert!(!errors.is_empty(), "the schema accepted {wrong}");
        site.file(rel, &broken);
        let run = site.run(&["check"]);
        assert_eq!(run.code, 1, "{}", run.stderr);
        let field = wrong.trim().trim_end_matches(':');
        assert!(
            run.stderr
                .contains(&format!("unknown field `{field}`, expected one of")),
            "{}",
            run.stderr
        );
    }
}

#[test]
fn schema_prints_one_kind_all_kinds_or_writes_files() {
    let site = SiteTest::empty();
    let one = site.run(&["schema", "tree"]);
    assert_eq!(one.code, 0, "{}", one.stderr);
    let tree: Value = serde_json::from_str(&one.stdout).unwrap();
    assert_eq!(tree["title"], "errdocs decision tree");
    assert_eq!(tree["additionalProperties"], false);
    let all: Value = serde_json::from_str(&site.run(&["schema"]).stdout).unwrap();
    let kinds: Vec<&String> = all.as_object().unwrap().keys().collect();
    assert_eq!(
        kinds,
        ["entry", "status", "compare", "tree", "guide", "config"]
    );
    assert_eq!(site.run(&["schema", "--out", "s"]).code, 0);
    let written: Value = serde_json::from_str(
        &std::fs::read_to_string(site.root().join("s/entry.schema.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(written, all["entry"]);
    // Writing again replaces its own schemas, never a file of someone else's.
    assert_eq!(site.run(&["schema", "--out", "s"]).code, 0);
    site.file("s/tree.schema.json", "{\"mine\": true}\n");
    let refused = site.run(&["schema", "--out", "s"]);
    assert_eq!(refused.code, 1, "{}", refused.stderr);
    assert!(
        refused.stderr.contains("not a schema errdocs wrote"),
        "{}",
        refused.stderr
    );
    assert_eq!(
        std::fs::read_to_string(site.root().join("s/tree.schema.json")).unwrap(),
        "{\"mine\": true}\n"
    );
    let bad = site.run(&["schema", "page"]);
    assert_eq!(bad.code, 2, "{}", bad.stderr);
}
