//! A build only ever replaces a folder it made itself, or an empty or missing one; the site's
//! sources and unrelated folders are refused however the path is spelled. Each case asserts exit 1,
//! a message that says why, and every source file byte-identical afterwards.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::support::{copy_dir, snapshot};

/// A site at `<tmp>/SITE` (a copy of the `basic` fixture with a `.git` folder, a `static/` and a
/// `templates/` override), beside an unrelated folder `<tmp>/other` holding a file.
struct Probe {
    dir: tempfile::TempDir,
}

impl Probe {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("SITE");
        copy_dir(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/basic"),
            &site,
        );
        for (rel, text) in [
            (".git/HEAD", "ref: refs/heads/main\n"),
            ("static/extra.css", "body{}\n"),
            ("templates/partials/note.html", "<p>note</p>\n"),
            ("../other/keep.txt", "not errdocs'\n"),
        ] {
            let path = site.join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        Self { dir }
    }

    fn site(&self) -> PathBuf {
        self.dir.path().join("SITE")
    }

    /// Every file under the temporary folder except the output and its state.
    fn sources(&self) -> BTreeMap<String, Vec<u8>> {
        snapshot(self.dir.path())
            .into_iter()
            .filter(|(k, _)| !k.starts_with("SITE/public/") && !k.contains("errdocs-state"))
            .collect()
    }

    fn run(&self, args: &[&str]) -> (i32, String) {
        let out = Command::new(env!("CARGO_BIN_EXE_errdocs"))
            .args(args)
            .current_dir(self.site())
            .env_remove("ERRDOCS_LOG")
            .output()
            .unwrap();
        (
            out.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    }

    /// Runs a build that must be refused with `why` in its message, leaving every source intact.
    fn refused(&self, args: &[&str], why: &str) {
        let before = self.sources();
        let mut all = vec!["build"];
        all.extend_from_slice(args);
        let (code, stderr) = self.run(&all);
        assert_eq!(code, 1, "{args:?} was not refused:\n{stderr}");
        assert!(
            stderr.contains("errdocs will not write here") && stderr.contains(why),
            "{args:?}: expected `{why}` in:\n{stderr}"
        );
        assert!(stderr.contains("help:"), "{args:?}: no hint in:\n{stderr}");
        let after = self.sources();
        assert_eq!(
            before.keys().collect::<Vec<_>>(),
            after.keys().collect::<Vec<_>>(),
            "{args:?} changed the set of source files"
        );
        assert!(before == after, "{args:?} changed a source file");
    }
}

#[test]
fn the_site_folder_and_its_ancestors_are_refused() {
    let p = Probe::new();
    p.refused(&["--out", "../SITE"], "the site folder itself");
    p.refused(&["--out", "."], "the site folder itself");
    p.refused(&["--out", "public/.."], "the site folder itself");
    p.refused(&["--out", ".."], "contains the site folder");
    p.refused(&["--out", "/"], "contains the site folder");
}

#[test]
fn source_folders_are_refused_however_the_path_is_spelled() {
    let p = Probe::new();
    p.refused(
        &["--out", "../SITE/content"],
        "inside the site's `content` folder",
    );
    p.refused(
        &["--out", "content/errors/401"],
        "inside the site's `content` folder",
    );
    p.refused(
        &["--out", "content/new-folder"],
        "inside the site's `content` folder",
    );
    p.refused(
        &["--out", "public/../content"],
        "inside the site's `content` folder",
    );
    p.refused(&["--out", ".git"], "inside the site's `.git` folder");
    p.refused(&["--out", "static"], "inside the site's `static` folder");
    p.refused(
        &["--out", "templates"],
        "inside the site's `templates` folder",
    );
    p.refused(
        &["--out", "templates/partials"],
        "inside the site's `templates` folder",
    );
}

#[cfg(unix)]
#[test]
fn symbolic_links_do_not_get_around_the_rules() {
    let p = Probe::new();
    std::os::unix::fs::symlink(".", p.site().join("self")).unwrap();
    std::os::unix::fs::symlink("content", p.site().join("catalog")).unwrap();
    std::os::unix::fs::symlink("..", p.site().join("up")).unwrap();
    p.refused(
        &["--out", "self/content"],
        "inside the site's `content` folder",
    );
    p.refused(&["--out", "self"], "the site folder itself");
    p.refused(&["--out", "catalog"], "inside the site's `content` folder");
    p.refused(&["--out", "up/other"], "not made by errdocs");
    p.refused(&["--out", "up"], "contains the site folder");
}

#[cfg(unix)]
#[test]
fn a_folder_the_site_reads_through_a_link_is_refused() {
    let p = Probe::new();
    let shared = p.site().join("shared");
    std::fs::create_dir_all(&shared).unwrap();
    std::fs::write(
        shared.join("extra.yaml"),
        "status: 401\ntitle: Shared entry\nsummary: Read through a link.\n",
    )
    .unwrap();
    std::os::unix::fs::symlink(
        "../../../shared/extra.yaml",
        p.site().join("content/errors/401/extra.yaml"),
    )
    .unwrap();
    p.refused(&["--out", "shared"], "through a symbolic link");
}

#[test]
fn files_and_the_configuration_are_refused() {
    let p = Probe::new();
    p.refused(&["--out", "errdocs.toml"], "the site's configuration file");
    p.refused(
        &["--out", "content/index.md"],
        "inside the site's `content` folder",
    );
    std::fs::write(p.site().join("notes.txt"), "mine\n").unwrap();
    p.refused(&["--out", "notes.txt"], "a file, not a folder");
}

#[test]
fn the_configured_output_follows_the_same_rules() {
    let p = Probe::new();
    let config = p.site().join("errdocs.toml");
    let original = std::fs::read_to_string(&config).unwrap();
    for (output, why) in [
        ("public/../content", "inside the site's `content` folder"),
        (".", "the site folder itself"),
        ("../other", "not made by errdocs"),
        ("static", "inside the site's `static` folder"),
    ] {
        std::fs::write(&config, format!("output = \"{output}\"\n{original}")).unwrap();
        p.refused(&[], why);
    }
}

#[test]
fn an_unrelated_folder_with_files_is_refused_and_kept() {
    let p = Probe::new();
    let other = p.dir.path().join("other");
    p.refused(&["--out", other.to_str().unwrap()], "not made by errdocs");
    assert_eq!(
        std::fs::read_to_string(other.join("keep.txt")).unwrap(),
        "not errdocs'\n"
    );
    // An empty folder or a missing one is fine.
    let empty = p.dir.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    let (code, stderr) = p.run(&["build", "--out", empty.to_str().unwrap()]);
    assert_eq!(code, 0, "{stderr}");
    let missing = p.dir.path().join("not/yet/there");
    let (code, stderr) = p.run(&["build", "--out", missing.to_str().unwrap()]);
    assert_eq!(code, 0, "{stderr}");
    assert!(missing.join("index.html").is_file());
}

#[test]
fn its_own_output_is_replaced_but_not_a_file_someone_added() {
    let p = Probe::new();
    let (code, stderr) = p.run(&["build"]);
    assert_eq!(code, 0, "{stderr}");
    // Rebuilding into its own output works, also after an edit.
    std::fs::write(
        p.site().join("content/errors/401/missing-token.yaml"),
        std::fs::read_to_string(p.site().join("content/errors/401/missing-token.yaml"))
            .unwrap()
            .replace("title:", "title: Edited"),
    )
    .unwrap();
    let (code, stderr) = p.run(&["build"]);
    assert_eq!(code, 0, "{stderr}");
    // A file or folder someone put into the output would be deleted by a build: refused.
    std::fs::write(p.site().join("public/CNAME"), "docs.example.com\n").unwrap();
    let before = snapshot(&p.site().join("public"));
    p.refused(&[], "did not write (CNAME)");
    assert!(
        before == snapshot(&p.site().join("public")),
        "the output changed"
    );
    std::fs::remove_file(p.site().join("public/CNAME")).unwrap();
    std::fs::create_dir(p.site().join("public/drafts")).unwrap();
    p.refused(&[], "did not write (drafts/)");
    std::fs::remove_dir(p.site().join("public/drafts")).unwrap();
    let (code, stderr) = p.run(&["build"]);
    assert_eq!(code, 0, "{stderr}");
}

#[test]
fn a_state_file_beside_another_folder_does_not_vouch_for_it() {
    let p = Probe::new();
    let (code, stderr) = p.run(&["build"]);
    assert_eq!(code, 0, "{stderr}");
    // The folder is swapped for another one with the same name and the same file names: the
    // state recorded the folder errdocs put there, so this one is not vouched for.
    let public = p.site().join("public");
    let mine = p.site().join("mine");
    copy_dir(&public, &mine);
    std::fs::remove_dir_all(&public).unwrap();
    std::fs::rename(&mine, &public).unwrap();
    std::fs::write(public.join("index.html"), "my own page\n").unwrap();
    p.refused(&[], "not made by errdocs");
    assert_eq!(
        std::fs::read_to_string(public.join("index.html")).unwrap(),
        "my own page\n"
    );
}
