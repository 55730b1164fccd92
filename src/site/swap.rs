//! Putting a finished staging folder in place of the output folder, and cleaning up after a build
//! that was killed half way.
//!
//! On Linux the swap is one `renameat2(RENAME_EXCHANGE)`: at every instant the output path holds
//! either the complete previous output or the complete new one. Elsewhere (or on a file system
//! without it) two renames are used, which leaves a moment where the output path is missing and
//! the previous output sits in `.<name>.old-<pid>`; [`recover`] puts it back at the start of the
//! next build. A staging or old folder left by a build that is no longer running is removed.

use std::path::{Path, PathBuf};

/// The sibling folders a build of `out` uses: `(parent, staging prefix, old prefix)`.
fn siblings(out: &Path) -> (PathBuf, String, String) {
    let parent = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .to_path_buf();
    let name = out
        .file_name()
        .map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned());
    (parent, format!(".{name}.staging-"), format!(".{name}.old-"))
}

/// The staging folder this process writes `out` into.
#[must_use]
pub(super) fn staging_path(out: &Path) -> PathBuf {
    let (parent, staging, _) = siblings(out);
    parent.join(format!("{staging}{}", std::process::id()))
}

/// Whether the build that named a file with `pid` is certainly no longer running.
pub(super) fn dead(pid: &str) -> bool {
    pid.parse::<u32>().is_ok() && !alive(pid)
}

/// Whether the build that named a folder with `pid` may still be running.
fn alive(pid: &str) -> bool {
    let Ok(pid) = pid.parse::<u32>() else {
        return false;
    };
    if pid == std::process::id() {
        return false;
    }
    cfg!(target_os = "linux") && Path::new("/proc").join(pid.to_string()).exists()
}

/// Restores an output folder that a killed swap left in `.<name>.old-<pid>`, and removes staging
/// and old folders of builds that are no longer running. Best effort: a folder that cannot be
/// removed now is tried again next time.
pub(super) fn recover(out: &Path) {
    let (parent, staging, old) = siblings(out);
    let Ok(listing) = std::fs::read_dir(&parent) else {
        return;
    };
    let mut stale_staging = Vec::new();
    let mut stale_old = Vec::new();
    for item in listing.filter_map(Result::ok) {
        let name = item.file_name().to_string_lossy().into_owned();
        if name.strip_prefix(&staging).is_some_and(|pid| !alive(pid)) {
            stale_staging.push(item.path());
        } else if name.strip_prefix(&old).is_some_and(|pid| !alive(pid)) {
            stale_old.push(item.path());
        }
    }
    if std::fs::symlink_metadata(out).is_err() {
        // Killed between the two renames: the newest old folder is the last complete output.
        stale_old.sort_by_key(|p| std::fs::metadata(p).and_then(|m| m.modified()).ok());
        if let Some(previous) = stale_old.pop() {
            match std::fs::rename(&previous, out) {
                Ok(()) => tracing::warn!(
                    from = %previous.display(),
                    "restored the output of an interrupted build"
                ),
                Err(e) => tracing::warn!(error = %e, "cannot restore {}", previous.display()),
            }
        }
    }
    for dir in stale_staging.into_iter().chain(stale_old) {
        tracing::info!("removing {}, left by an interrupted build", dir.display());
        if let Err(e) = std::fs::remove_dir_all(&dir) {
            tracing::warn!(error = %e, "cannot remove {}", dir.display());
        }
    }
}

/// Puts the complete folder `staging` at `out`, replacing what was there.
///
/// # Errors
/// The rename that failed; `out` then still holds the previous output.
pub(super) fn swap(staging: &Path, out: &Path) -> std::io::Result<()> {
    if std::fs::symlink_metadata(out).is_err() {
        return std::fs::rename(staging, out);
    }
    #[cfg(target_os = "linux")]
    {
        use rustix::fs::{CWD, RenameFlags, renameat_with};
        match renameat_with(CWD, staging, CWD, out, RenameFlags::EXCHANGE) {
            Ok(()) => {
                // `staging` now holds the previous output.
                if let Err(e) = std::fs::remove_dir_all(staging) {
                    tracing::warn!(error = %e, "cannot remove the previous output; the next build will");
                }
                return Ok(());
            }
            Err(e) if e == rustix::io::Errno::INVAL || e == rustix::io::Errno::NOSYS => {}
            Err(e) => return Err(e.into()),
        }
    }
    two_renames(staging, out)
}

/// The portable swap: out → old, staging → out, remove old.
fn two_renames(staging: &Path, out: &Path) -> std::io::Result<()> {
    let (parent, _, old) = siblings(out);
    let old = parent.join(format!("{old}{}", std::process::id()));
    std::fs::rename(out, &old)?;
    if let Err(e) = std::fs::rename(staging, out) {
        let _ = std::fs::rename(&old, out);
        return Err(e);
    }
    if let Err(e) = std::fs::remove_dir_all(&old) {
        tracing::warn!(error = %e, "cannot remove the previous output; the next build will");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(path: &Path, text: &str) {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    /// A process id that is certainly not running.
    fn dead_pid() -> u32 {
        let mut child = std::process::Command::new("true").spawn().unwrap();
        let pid = child.id();
        child.wait().unwrap();
        pid
    }

    #[test]
    fn swap_replaces_the_whole_folder() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write(&out.join("old.html"), "old");
        let staging = staging_path(&out);
        write(&staging.join("new.html"), "new");
        swap(&staging, &out).unwrap();
        assert!(!out.join("old.html").exists());
        assert_eq!(
            std::fs::read_to_string(out.join("new.html")).unwrap(),
            "new"
        );
        assert!(!staging.exists());
        let fresh = dir.path().join("fresh");
        write(&staging.join("a"), "a");
        swap(&staging, &fresh).unwrap();
        assert!(fresh.join("a").is_file());
    }

    #[test]
    fn the_portable_swap_leaves_nothing_behind() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write(&out.join("old.html"), "old");
        let staging = staging_path(&out);
        write(&staging.join("new.html"), "new");
        two_renames(&staging, &out).unwrap();
        assert!(out.join("new.html").is_file());
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn recover_restores_an_output_killed_between_renames_and_removes_leftovers() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let pid = dead_pid();
        write(
            &dir.path().join(format!(".public.old-{pid}/index.html")),
            "previous",
        );
        write(
            &dir.path().join(format!(".public.staging-{pid}/half.html")),
            "half",
        );
        write(&dir.path().join(".other.staging-1/keep"), "not ours");
        recover(&out);
        assert_eq!(
            std::fs::read_to_string(out.join("index.html")).unwrap(),
            "previous"
        );
        let mut left: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        left.sort();
        assert_eq!(left, vec![".other.staging-1", "public"]);
    }

    #[test]
    fn recover_keeps_the_folders_of_a_running_build() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write(&out.join("index.html"), "current");
        let mut running = std::process::Command::new("sleep")
            .arg("5")
            .spawn()
            .unwrap();
        let busy = dir.path().join(format!(".public.staging-{}", running.id()));
        write(&busy.join("x"), "being written");
        recover(&out);
        let kept = busy.join("x").is_file();
        running.kill().unwrap();
        running.wait().unwrap();
        assert_eq!(kept, cfg!(target_os = "linux"));
    }
}
