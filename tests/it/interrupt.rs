//! A build killed with SIGKILL at any moment leaves `public/` exactly as it was (or, once the swap
//! has happened, exactly the new output), and the next build cleans up after it.
//!
//! The site is big enough that writing takes a while: a few hundred entries and a few thousand
//! static files (the cheapest way to make the write phase long). Kill moments are placed by
//! watching for the build's staging folder, so they land in each phase on a fast or a slow
//! machine: while loading and rendering, as writing starts, all through writing, and around the
//! swap.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::{SiteTest, snapshot};

const ENTRIES: usize = 200;
const STATICS: usize = 1500;

/// Writes the whole site; every page and static file differs between `one` and `two`.
fn generate(site: &SiteTest, version: &str) {
    for i in 0..ENTRIES {
        let status = match 400 + i % 100 {
            // Statuses that require a field of their own (a challenge, `Allow`, `Upgrade`, …).
            401 | 405 | 407 | 416 | 426 => 418,
            s => s,
        };
        site.file(
            &format!("content/errors/{status}/case-{i}.yaml"),
            format!(
                "status: {status}\ntitle: Case {i} {version}\nsummary: Generated case {i}, version {version}.\nallow: [missing-sample-pair]\nresponse:\n  status: {status}\n  headers:\n    Content-Type: text/plain\n  body: Case {i}.\n"
            ),
        );
    }
    for i in 0..STATICS {
        site.file(
            &format!("static/data/{}/blob-{i}.txt", i % 50),
            format!("{version} {i:04} ").repeat(1500),
        );
    }
}

fn spawn(site: &SiteTest) -> Child {
    Command::new(env!("CARGO_BIN_EXE_errdocs"))
        .args(["build", "--quiet"])
        .current_dir(site.root())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn errdocs")
}

fn staging_of(site: &SiteTest, child: &Child) -> PathBuf {
    site.root().join(format!(".public.staging-{}", child.id()))
}

/// Waits until the build starts writing (its staging folder appears); `None` if it ended first.
fn wait_for_writing(child: &mut Child, staging: &Path) -> Option<Instant> {
    loop {
        if staging.exists() {
            return Some(Instant::now());
        }
        if child.try_wait().unwrap().is_some() {
            return None;
        }
        std::thread::sleep(Duration::from_millis(1));
    }
}

#[derive(Debug, Clone, Copy)]
enum Moment {
    /// This fraction of the time before writing starts.
    BeforeWriting(f64),
    /// This fraction of the writing time after writing starts (past 1.0: around the swap).
    Writing(f64),
    /// As soon as `public/` is another folder: while the previous output is being removed.
    AfterSwap,
}

fn folder_id(path: &Path) -> Option<u64> {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(path).ok().map(|m| m.ino())
}

type Snapshot = BTreeMap<String, Vec<u8>>;

/// The two complete outputs (`one` then `two`, which `public/` then holds) and how long the build
/// of `two` took before writing and while writing.
fn two_outputs(site: &SiteTest) -> (Snapshot, Snapshot, Duration, Duration) {
    generate(site, "one");
    site.build_ok(&["--quiet"]);
    let a = snapshot(&site.out());
    generate(site, "two");
    let started = Instant::now();
    let mut child = spawn(site);
    let staging = staging_of(site, &child);
    let writing = wait_for_writing(&mut child, &staging).expect("the build writes");
    assert!(child.wait().unwrap().success());
    let timing = (writing - started, writing.elapsed());
    let b = snapshot(&site.out());
    assert!(
        a != b && a.len() == b.len(),
        "the two versions must differ in content only"
    );
    (a, b, timing.0, timing.1)
}

/// Starts a build and kills it at `moment`; returns whether it left its staging folder.
fn kill_at(
    site: &SiteTest,
    moment: Moment,
    before_writing: Duration,
    writing_time: Duration,
) -> bool {
    let previous = folder_id(&site.out());
    let started = Instant::now();
    let mut child = spawn(site);
    let staging = staging_of(site, &child);
    match moment {
        Moment::AfterSwap => {
            while folder_id(&site.out()) == previous && child.try_wait().unwrap().is_none() {
                std::thread::sleep(Duration::from_micros(200));
            }
        }
        Moment::BeforeWriting(f) => {
            std::thread::sleep(before_writing.mul_f64(f).saturating_sub(started.elapsed()));
        }
        Moment::Writing(f) => {
            if wait_for_writing(&mut child, &staging).is_some() {
                std::thread::sleep(writing_time.mul_f64(f));
            }
        }
    }
    child.kill().unwrap();
    child.wait().unwrap();
    staging.exists()
}

#[test]
fn sigkill_at_any_moment_leaves_a_complete_output() {
    let site = SiteTest::empty();
    let (a, b, before_writing, writing_time) = two_outputs(&site);
    let moments = [
        Moment::BeforeWriting(0.5),
        Moment::Writing(0.0),
        Moment::Writing(0.2),
        Moment::Writing(0.4),
        Moment::Writing(0.6),
        Moment::Writing(0.8),
        Moment::Writing(0.9),
        Moment::Writing(0.97),
        Moment::Writing(1.05),
        Moment::AfterSwap,
        Moment::Writing(1.5),
        Moment::AfterSwap,
    ];
    let mut outcomes = Vec::new();
    for (i, moment) in moments.into_iter().enumerate() {
        generate(&site, if i % 2 == 0 { "one" } else { "two" });
        let left_staging = kill_at(&site, moment, before_writing, writing_time);
        let state = state_name(&snapshot(&site.out()), &a, &b);
        assert!(
            state.is_some(),
            "after a kill at {moment:?}, public/ is neither the previous nor the new output"
        );
        outcomes.push(format!(
            "{moment:?}: {} (staging left: {left_staging})",
            state.unwrap()
        ));
    }
    let report = outcomes.join("\n");
    eprintln!("{report}");
    let mid_write = outcomes
        .iter()
        .filter(|o| o.ends_with("(staging left: true)"))
        .count();
    assert!(
        mid_write >= 3,
        "too few kills landed while writing:\n{report}"
    );
    // The next build succeeds, gives the expected output and removes every leftover.
    generate(&site, "one");
    site.build_ok(&["--quiet"]);
    assert!(
        snapshot(&site.out()) == a,
        "the build after the kills differs"
    );
    let leftovers: Vec<String> = std::fs::read_dir(site.root())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".public.") && n != STATE_FILE)
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

/// What a build records beside `public/` (file hashes for the next build), the one file that stays.
const STATE_FILE: &str = ".public.errdocs-state";

fn state_name(now: &Snapshot, a: &Snapshot, b: &Snapshot) -> Option<&'static str> {
    if now == a {
        Some("version one")
    } else if now == b {
        Some("version two")
    } else {
        None
    }
}

#[test]
fn a_build_killed_between_the_two_renames_is_recovered() {
    let site = SiteTest::empty();
    site.file(
        "content/errors/418/a.yaml",
        "status: 418\ntitle: T\nsummary: S.\nallow: [missing-sample-pair]\nresponse:\n  status: 418\n",
    );
    site.build_ok(&["--quiet"]);
    let before = snapshot(&site.out());
    // What the portable swap leaves when killed after its first rename: no public/, the previous
    // output beside it, and a finished or half-written staging folder.
    let mut gone = Command::new("true").spawn().unwrap();
    let pid = gone.id();
    gone.wait().unwrap();
    std::fs::rename(site.out(), site.root().join(format!(".public.old-{pid}"))).unwrap();
    site.file(&format!(".public.staging-{pid}/index.html"), "half");
    // A build that fails still puts the previous output back.
    site.file("content/errors/418/b.yaml", "status: [\n");
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1);
    assert!(snapshot(&site.out()) == before, "public/ was not restored");
    std::fs::remove_file(site.root().join("content/errors/418/b.yaml")).unwrap();
    site.build_ok(&["--quiet"]);
    assert!(snapshot(&site.out()) == before);
    let names: Vec<String> = std::fs::read_dir(site.root())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.') && n != STATE_FILE)
        .collect();
    assert!(names.is_empty(), "{names:?}");
}
