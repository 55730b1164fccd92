//! `errdocs verify`: check the catalog, send its documented requests to the targets, report.

use std::collections::HashMap;
use std::io::IsTerminal as _;
use std::time::{Duration, Instant};

use anyhow::Context as _;

use crate::cli::{VerifyArgs, VerifyFormat};
use crate::verify::report::{Masker, human, json, junit, progress_line, summary};
use crate::verify::run::{Settings, send_all};
use crate::verify::{Targets, plan};

/// Runs the checks and writes the report; returns 0 when nothing failed, 1 when something did (or
/// the catalog has errors), 2 for a usage error.
///
/// # Errors
/// When the report cannot be written.
pub fn run(args: &VerifyArgs) -> anyhow::Result<i32> {
    let targets = match Targets::parse(&args.target) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("error: {e}");
            return Ok(2);
        }
    };
    let secs = |s: f64| Duration::try_from_secs_f64(s).ok();
    let (Some(timeout), Some(max_wait)) = (secs(args.timeout), secs(args.max_wait)) else {
        eprintln!("error: --timeout and --max-wait take a number of seconds");
        return Ok(2);
    };
    if !(args.rate > 0.0 && args.rate.is_finite() && !timeout.is_zero()) {
        eprintln!("error: --rate and --timeout must be more than 0");
        return Ok(2);
    }
    let mut env = match &args.env_file {
        Some(file) => read_env_file(file)?,
        None => HashMap::new(),
    };
    env.extend(std::env::vars());
    let checked = crate::site::check(&args.site.root);
    if checked.has_errors() {
        super::print_diagnostics(&checked.diagnostics);
        eprintln!("the catalog has errors; nothing was sent");
        return Ok(1);
    }
    let cases = plan(&checked.catalog, &targets, &env, &args.only);
    if cases.is_empty() {
        eprintln!("error: no documented request matches --only");
        return Ok(2);
    }
    // The values of the secrets the cases use: no report may show them.
    let masker = Masker::new(cases.iter().flat_map(|c| {
        crate::samples::placeholder_names(&c.exchange.sample.request)
            .into_iter()
            .filter_map(|n| env.get(&n).cloned())
            .collect::<Vec<_>>()
    }));
    let to_send = cases.iter().filter(|c| c.skip.is_none()).count();
    let terminal = std::io::stderr().is_terminal();
    if !args.site.quiet {
        eprintln!(
            "verifying {} documented requests ({to_send} to send, {} skipped)",
            cases.len(),
            cases.len() - to_send
        );
    }
    let started = Instant::now();
    let finished = std::sync::atomic::AtomicUsize::new(0);
    let quiet = args.site.quiet;
    let progress = |done: &crate::verify::run::Done| {
        if quiet {
            return;
        }
        let n = finished.fetch_add(1, std::sync::atomic::Ordering::SeqCst) + 1;
        let line = progress_line(&cases[done.index], done, &masker);
        if terminal {
            // One line that counts up, with the last case's outcome.
            eprint!("\r\x1b[2K[{n}/{to_send}] {line}");
            if n == to_send {
                eprintln!();
            }
        } else {
            eprintln!("[{n}/{to_send}] {line}");
        }
    };
    let settings = Settings {
        concurrency: usize::from(args.concurrency),
        rate: args.rate,
        timeout,
        forwarded: args.forwarded,
        max_wait,
    };
    let done = send_all(&cases, settings, &progress).map_err(anyhow::Error::msg)?;
    let seconds = started.elapsed().as_secs_f64();
    let report = match args.format {
        VerifyFormat::Human => human(&cases, &done, seconds, &masker),
        VerifyFormat::Json => json(&cases, &done, seconds, &masker),
        VerifyFormat::Junit => junit(&cases, &done, seconds, &masker),
    };
    match &args.report {
        Some(file) => std::fs::write(file, &report)
            .with_context(|| format!("cannot write {}", file.display()))?,
        None => print!("{report}"),
    }
    let s = summary(&done);
    if args.report.is_some() || args.format != VerifyFormat::Human {
        eprintln!(
            "{} passed, {} failed, {} skipped in {seconds:.2}s",
            s.passed, s.failed, s.skipped
        );
    }
    Ok(i32::from(s.failed > 0))
}

/// `NAME=value` lines; blank lines and `#` comments are skipped, quotes around a value removed.
fn read_env_file(file: &std::path::Path) -> anyhow::Result<HashMap<String, String>> {
    let text =
        std::fs::read_to_string(file).with_context(|| format!("cannot read {}", file.display()))?;
    let mut out = HashMap::new();
    for line in text.lines().map(str::trim) {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let line = line.strip_prefix("export ").unwrap_or(line);
        if let Some((name, value)) = line.split_once('=') {
            let value = value.trim();
            let value = value
                .strip_prefix('"')
                .and_then(|v| v.strip_suffix('"'))
                .or_else(|| value.strip_prefix('\'').and_then(|v| v.strip_suffix('\'')))
                .unwrap_or(value);
            out.insert(name.trim().to_owned(), value.to_owned());
        }
    }
    Ok(out)
}
