//! Reports of a verify run, as a person reads them (`human`), as tools read them (`json`), and as CI
//! systems read them (`junit`). Every text passes through [`Masker`] first, so no secret value from
//! the environment appears in any report.

use std::fmt::Write as _;

use serde::Serialize;

use super::run::Done;
use super::{Case, Mismatch, Outcome};
use crate::diagnostic::display_path;

/// Replaces every secret value in a text with `****`.
#[derive(Debug, Clone, Default)]
pub struct Masker {
    secrets: Vec<String>,
}

impl Masker {
    /// A masker of `values` (short ones, under four characters, are left: they would mask words).
    #[must_use]
    pub fn new(values: impl IntoIterator<Item = String>) -> Self {
        let mut secrets: Vec<String> = values.into_iter().filter(|v| v.len() >= 4).collect();
        // Longest first, so a secret that holds another is masked whole.
        secrets.sort_by_key(|s| std::cmp::Reverse(s.len()));
        Self { secrets }
    }

    /// `text` with every secret replaced.
    #[must_use]
    pub fn mask(&self, text: &str) -> String {
        let mut out = text.to_owned();
        for secret in &self.secrets {
            out = out.replace(secret.as_str(), "****");
        }
        out
    }
}

/// The counts of a run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// Cases whose answer agreed with the docs.
    pub passed: usize,
    /// Cases whose answer did not.
    pub failed: usize,
    /// Cases not sent.
    pub skipped: usize,
}

/// Counts the outcomes.
#[must_use]
pub fn summary(done: &[Done]) -> Summary {
    let mut s = Summary::default();
    for d in done {
        match d.outcome {
            Outcome::Pass => s.passed += 1,
            Outcome::Fail { .. } => s.failed += 1,
            Outcome::Skip { .. } => s.skipped += 1,
        }
    }
    s
}

/// `401/expired-token #1 incorrect`: a case's name in reports.
#[must_use]
pub fn case_name(case: &Case<'_>) -> String {
    format!(
        "{} #{} {}",
        case.entry(),
        case.exchange.pair + 1,
        case.exchange.side.name()
    )
}

fn location(m: &Mismatch) -> String {
    let path = display_path(&m.path);
    match m.position {
        Some(p) => format!("{path}:{}:{}", p.line, p.column),
        None => path,
    }
}

/// The request line a case sent (or would send).
fn request_line(case: &Case<'_>) -> String {
    let request = case
        .request
        .as_ref()
        .unwrap_or(&case.exchange.sample.request);
    format!("{} {}", request.method, crate::samples::full_url(request))
}

/// One line a case for the terminal, as it finishes: `PASS`, `FAIL` or `SKIP`, its name and title.
#[must_use]
pub fn progress_line(case: &Case<'_>, done: &Done, masker: &Masker) -> String {
    let word = match done.outcome {
        Outcome::Pass => "PASS",
        Outcome::Fail { .. } => "FAIL",
        Outcome::Skip { .. } => "SKIP",
    };
    masker.mask(&format!(
        "{word} {} · {}",
        case_name(case),
        case.exchange.title()
    ))
}

/// The human report: each failure with documented vs received and where the documented value is
/// written, each skip with why, then the summary line.
#[must_use]
pub fn human(cases: &[Case<'_>], done: &[Done], seconds: f64, masker: &Masker) -> String {
    let mut out = String::new();
    for d in done {
        let case = &cases[d.index];
        match &d.outcome {
            Outcome::Pass => {
                let _ = writeln!(out, "PASS {} · {}", case_name(case), case.exchange.title());
            }
            Outcome::Skip { reason } => {
                let _ = writeln!(
                    out,
                    "SKIP {} · {}: {reason}",
                    case_name(case),
                    case.exchange.title()
                );
            }
            Outcome::Fail { mismatches } => {
                let _ = writeln!(out, "FAIL {} · {}", case_name(case), case.exchange.title());
                let _ = writeln!(out, "     {}", request_line(case));
                for m in mismatches {
                    let _ = writeln!(
                        out,
                        "     {}: documented {}, received {}\n       at {}",
                        m.what,
                        m.documented,
                        m.received,
                        location(m)
                    );
                }
            }
        }
    }
    let s = summary(done);
    let _ = writeln!(
        out,
        "\n{} passed, {} failed, {} skipped in {seconds:.2}s",
        s.passed, s.failed, s.skipped
    );
    masker.mask(&out)
}

#[derive(Serialize)]
struct JsonCase<'a> {
    entry: &'a str,
    pair: usize,
    side: &'static str,
    title: &'a str,
    request: String,
    #[serde(flatten)]
    outcome: &'a Outcome,
    #[serde(skip_serializing_if = "Option::is_none")]
    status: Option<u16>,
    seconds: f64,
}

#[derive(Serialize)]
struct JsonReport<'a> {
    summary: Summary,
    seconds: f64,
    cases: Vec<JsonCase<'a>>,
}

/// The same facts as JSON.
#[must_use]
pub fn json(cases: &[Case<'_>], done: &[Done], seconds: f64, masker: &Masker) -> String {
    let report = JsonReport {
        summary: summary(done),
        seconds,
        cases: done
            .iter()
            .map(|d| {
                let case = &cases[d.index];
                JsonCase {
                    entry: case.entry(),
                    pair: case.exchange.pair + 1,
                    side: case.exchange.side.name(),
                    title: case.exchange.title(),
                    request: request_line(case),
                    outcome: &d.outcome,
                    status: d.received.as_ref().map(|r| r.status),
                    seconds: d.seconds,
                }
            })
            .collect(),
    };
    masker.mask(&(serde_json::to_string_pretty(&report).unwrap_or_default() + "\n"))
}

/// XML text: `&`, `<`, `>` and quotes escaped; characters XML 1.0 cannot hold replaced.
fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{fffe}' || c == '\u{ffff}' => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

/// JUnit XML: one test suite, one test case per side, with `<failure>` and `<skipped>`.
#[must_use]
pub fn junit(cases: &[Case<'_>], done: &[Done], seconds: f64, masker: &Masker) -> String {
    let s = summary(done);
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<testsuites name=\"errdocs verify\" tests=\"{}\" failures=\"{}\" skipped=\"{}\" time=\"{seconds:.3}\">",
        done.len(),
        s.failed,
        s.skipped
    );
    let _ = writeln!(
        out,
        "  <testsuite name=\"errdocs verify\" tests=\"{}\" failures=\"{}\" errors=\"0\" skipped=\"{}\" time=\"{seconds:.3}\">",
        done.len(),
        s.failed,
        s.skipped
    );
    for d in done {
        let case = &cases[d.index];
        let _ = write!(
            out,
            "    <testcase classname=\"{}\" name=\"{}\" time=\"{:.3}\"",
            xml(case.entry()),
            xml(&format!(
                "#{} {}: {}",
                case.exchange.pair + 1,
                case.exchange.side.name(),
                case.exchange.title()
            )),
            d.seconds
        );
        match &d.outcome {
            Outcome::Pass => out.push_str("/>\n"),
            Outcome::Skip { reason } => {
                let _ = writeln!(
                    out,
                    ">\n      <skipped message=\"{}\"/>\n    </testcase>",
                    xml(reason)
                );
            }
            Outcome::Fail { mismatches } => {
                let first = mismatches.first().map_or_else(String::new, |m| {
                    format!(
                        "{}: documented {}, received {}",
                        m.what, m.documented, m.received
                    )
                });
                let details: Vec<String> = mismatches
                    .iter()
                    .map(|m| {
                        format!(
                            "{}: documented {}, received {} (at {})",
                            m.what,
                            m.documented,
                            m.received,
                            location(m)
                        )
                    })
                    .collect();
                let _ = writeln!(
                    out,
                    ">\n      <failure message=\"{}\" type=\"mismatch\">{}\n{}</failure>\n    </testcase>",
                    xml(&first),
                    xml(&request_line(case)),
                    xml(&details.join("\n"))
                );
            }
        }
    }
    out.push_str("  </testsuite>\n</testsuites>\n");
    masker.mask(&out)
}
