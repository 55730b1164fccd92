//! The floor of a build: writing the same files and folders as a given output, with nothing else.
//!
//! ```text
//! write_floor --manifest-from public/ > manifest.txt   # one "size path" line per file
//! write_floor --manifest manifest.txt --out /dev/shm/floor
//! ```
//!
//! The second form creates every folder, then writes every file with as many bytes as the original,
//! one after the other, from one buffer. No static site generator can write its output faster than
//! this on the same machine, so `errdocs build` time divided by this time says how much of the build
//! is anything but writing.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        ["--manifest-from", dir] => manifest(Path::new(dir)),
        ["--manifest", manifest, "--out", out] => write(Path::new(manifest), Path::new(out)),
        _ => {
            eprintln!(
                "usage: write_floor --manifest-from DIR > FILE\n       write_floor --manifest FILE --out DIR"
            );
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn manifest(dir: &Path) -> std::io::Result<()> {
    let mut stdout = std::io::BufWriter::new(std::io::stdout().lock());
    let mut stack = vec![PathBuf::new()];
    let mut files = Vec::new();
    while let Some(rel) = stack.pop() {
        for item in std::fs::read_dir(dir.join(&rel))? {
            let item = item?;
            let path = rel.join(item.file_name());
            if item.file_type()?.is_dir() {
                stack.push(path);
            } else {
                files.push((path, item.metadata()?.len()));
            }
        }
    }
    files.sort();
    for (path, size) in files {
        writeln!(stdout, "{size} {}", path.display())?;
    }
    Ok(())
}

fn write(manifest: &Path, out: &Path) -> std::io::Result<()> {
    let text = std::fs::read_to_string(manifest)?;
    let files: Vec<(usize, &str)> = text
        .lines()
        .filter_map(|l| l.split_once(' '))
        .filter_map(|(size, path)| size.parse().ok().map(|s| (s, path)))
        .collect();
    let buffer = vec![b'x'; files.iter().map(|f| f.0).max().unwrap_or(0)];
    let mut made = std::collections::HashSet::new();
    std::fs::create_dir_all(out)?;
    for (size, path) in files {
        let path = out.join(path);
        if let Some(parent) = path.parent()
            && made.insert(parent.to_path_buf())
        {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(&path, &buffer[..size])?;
    }
    Ok(())
}
