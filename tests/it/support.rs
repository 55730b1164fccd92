//! The `SiteTest` harness.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use scraper::{Html, Selector};

/// A site folder in a temporary directory, and the outcome of running the binary on it.
pub(crate) struct SiteTest {
    dir: tempfile::TempDir,
}

/// What a run of the binary gave.
pub(crate) struct Run {
    pub(crate) code: i32,
    pub(crate) stdout: String,
    pub(crate) stderr: String,
}

impl SiteTest {
    /// An empty site folder.
    pub(crate) fn empty() -> Self {
        Self {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    /// A copy of `tests/fixtures/<name>`.
    pub(crate) fn fixture(name: &str) -> Self {
        let t = Self::empty();
        let src = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(name);
        copy_dir(&src, t.root());
        t
    }

    /// The site root.
    pub(crate) fn root(&self) -> &Path {
        self.dir.path()
    }

    /// Writes a file under the root (creating folders).
    pub(crate) fn file(&self, rel: &str, contents: impl AsRef<[u8]>) -> &Self {
        let path = self.root().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, contents).unwrap();
        self
    }

    /// Runs `errdocs ARGS` with the site root as the working directory.
    pub(crate) fn run(&self, args: &[&str]) -> Run {
        let out = Command::new(env!("CARGO_BIN_EXE_errdocs"))
            .args(args)
            .current_dir(self.root())
            .env_remove("ERRDOCS_LOG")
            .output()
            .expect("run errdocs");
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    /// Runs `errdocs build` and asserts it succeeded.
    pub(crate) fn build_ok(&self, extra: &[&str]) -> Run {
        let mut args = vec!["build"];
        args.extend_from_slice(extra);
        let run = self.run(&args);
        assert_eq!(run.code, 0, "build failed:\n{}", run.stderr);
        run
    }

    /// The output folder (`public/`).
    pub(crate) fn out(&self) -> PathBuf {
        self.root().join("public")
    }

    /// A file of the output as text.
    pub(crate) fn read(&self, rel: &str) -> String {
        let path = self.out().join(rel);
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }

    /// A page of the output, parsed.
    pub(crate) fn html(&self, rel: &str) -> Html {
        Html::parse_document(&self.read(rel))
    }
}

/// Every file under `dir`, by relative path, with its bytes.
pub(crate) fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let rel = entry
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            out.insert(rel, std::fs::read(entry.path()).unwrap());
        }
    }
    out
}

/// Inode and modification time of every file under `dir`: what a rebuild that leaves a file alone
/// keeps.
pub(crate) fn identities(dir: &Path) -> BTreeMap<String, (u64, i64, i64)> {
    use std::os::unix::fs::MetadataExt as _;
    snapshot(dir)
        .into_keys()
        .map(|rel| {
            let m = std::fs::metadata(dir.join(&rel)).unwrap();
            (rel, (m.ino(), m.mtime(), m.mtime_nsec()))
        })
        .collect()
}

/// Parses a CSS selector.
pub(crate) fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap_or_else(|e| panic!("selector {s}: {e}"))
}

/// The text of every element matching `selector`.
pub(crate) fn texts(doc: &Html, selector: &str) -> Vec<String> {
    doc.select(&sel(selector))
        .map(|e| e.text().collect::<String>())
        .collect()
}

/// Copies the folder `src` into `dst`, file by file.
pub(crate) fn copy_dir(src: &Path, dst: &Path) {
    for entry in walkdir::WalkDir::new(src) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(src).unwrap();
        let target = dst.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Whether `program` runs with `args` on this machine; a missing tool skips the test that needs
/// it, unless CI requires every one (`ERRDOCS_REQUIRE_TOOLCHAINS=1`), where it fails.
pub(crate) fn have(program: impl AsRef<std::ffi::OsStr>, args: &[&str]) -> bool {
    let program = program.as_ref();
    let ok = Command::new(program)
        .args(args)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !ok {
        let what = format!("{} {}", program.display(), args.join(" "));
        assert!(
            !std::env::var("ERRDOCS_REQUIRE_TOOLCHAINS").is_ok_and(|v| v == "1"),
            "`{what}` failed: required but missing (scripts/install-test-tools.sh installs it)"
        );
        eprintln!("SKIP: `{what}` failed");
    }
    ok
}
