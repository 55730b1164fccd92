//! `errdocs explain`: a lint's rationale with a bad and a good example, the list of lints, or a
//! catalog entry printed for the terminal.

use crate::cli::ExplainArgs;
use crate::lint::registry::{LINTS, Lint, Stage, find};

/// Prints the explanation of a lint (or every lint's summary); returns the exit code.
///
/// # Errors
/// None so far; the signature matches the other commands.
pub fn run(args: &ExplainArgs) -> anyhow::Result<i32> {
    match args.code.as_deref() {
        None => {
            print!("{}", list());
            Ok(0)
        }
        // Catalog ids always contain a `/` (`401/expired-token`, `status/401`); lint codes never do.
        Some(id) if id.contains('/') => Ok(explain_id(&args.root, id)),
        Some(code) => match find(code) {
            Some(lint) => {
                print!("{}", explanation(lint));
                Ok(0)
            }
            // Not a lint: perhaps the machine code of an entry (`rate_limit_exceeded`).
            None => {
                let checked = crate::site::check(&args.root);
                match checked.catalog.codes.get(code) {
                    Some(id) => Ok(explain_id(&args.root, &id.clone())),
                    None => Ok(unknown(code)),
                }
            }
        },
    }
}

/// Prints a catalog entry for the terminal, as `rustc --explain` does for an error code.
fn explain_id(root: &std::path::Path, id: &str) -> i32 {
    let checked = crate::site::check(root);
    if let Some(text) = crate::explain::explain_entry(&checked, id) {
        print!("{text}");
        return 0;
    }
    eprintln!("error: no entry `{id}` in {}", root.display());
    let best = checked
        .catalog
        .entries
        .iter()
        .map(|e| (strsim::damerau_levenshtein(id, &e.id), e.id.as_str()))
        .filter(|(d, _)| *d <= 3)
        .min();
    if let Some((_, near)) = best {
        eprintln!("  = help: did you mean `{near}`?");
    }
    1
}

/// Says that `code` names no lint (nor an entry's code): a usage error, exit code 2.
fn unknown(code: &str) -> i32 {
    eprintln!("error: `{code}` is not a lint code, nor the code of an entry of this catalog");
    let best = LINTS
        .iter()
        .map(|l| (strsim::damerau_levenshtein(code, l.code), l.code))
        .filter(|(d, _)| *d <= 3)
        .min();
    match best {
        Some((_, code)) => eprintln!("  = help: did you mean `{code}`?"),
        None => eprintln!("  = help: run `errdocs explain` to list every lint"),
    }
    2
}

fn severity(lint: &Lint) -> &'static str {
    if lint.severity == crate::diagnostic::Severity::Error {
        "error"
    } else {
        "warning"
    }
}

fn list() -> String {
    let width = LINTS.iter().map(|l| l.code.len()).max().unwrap_or(0);
    let mut out = String::new();
    for lint in LINTS {
        out.push_str(&format!(
            "{:width$}  {:7}  {}\n",
            lint.code,
            severity(lint),
            lint.summary.replace('`', "")
        ));
    }
    out.push_str(
        "\n`errdocs explain CODE` tells why a lint exists, with a bad and a good example.\n",
    );
    out
}

fn explanation(lint: &Lint) -> String {
    let silence = match (lint.allowable, lint.stage) {
        (true, _) => format!("silence it in one file with `allow: [{}]`", lint.code),
        (false, Stage::Resolve) => "reported while resolving; it cannot be allowed".to_owned(),
        (false, Stage::Lint) => "it cannot be allowed".to_owned(),
    };
    let indent = |text: &str| {
        text.lines()
            .map(|l| format!("    {l}\n"))
            .collect::<String>()
    };
    format!(
        "{code}: {summary}\n{severity} · {family} · {silence}\n\n{rationale}\n\nBad:\n\n{bad}\nGood:\n\n{good}",
        code = lint.code,
        summary = lint.summary,
        severity = severity(lint),
        family = lint.family.name(),
        rationale = wrap(lint.rationale, 100),
        bad = indent(lint.bad),
        good = indent(lint.good),
    )
}

fn wrap(text: &str, width: usize) -> String {
    let mut out = String::new();
    let mut line = 0;
    for word in text.split_whitespace() {
        if line > 0 && line + 1 + word.len() > width {
            out.push('\n');
            line = 0;
        } else if line > 0 {
            out.push(' ');
            line += 1;
        }
        out.push_str(word);
        line += word.len();
    }
    out
}
