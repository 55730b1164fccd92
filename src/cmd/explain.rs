//! `errdocs explain`: a lint's rationale with a bad and a good example, or the list of lints.

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
        Some(id) if id.contains('/') => Ok(explain_id(id)),
        Some(code) => match find(code) {
            Some(lint) => {
                print!("{}", explanation(lint));
                Ok(0)
            }
            None => Ok(unknown(code)),
        },
    }
}

/// Explaining a catalog item by its id is not available yet: it is reported like an unknown lint.
fn explain_id(id: &str) -> i32 {
    eprintln!("error: unknown lint `{id}`");
    eprintln!("  = help: lint codes contain no `/`; run `errdocs explain` to list them");
    1
}

fn unknown(code: &str) -> i32 {
    eprintln!("error: unknown lint `{code}`");
    let best = LINTS
        .iter()
        .map(|l| (strsim::damerau_levenshtein(code, l.code), l.code))
        .filter(|(d, _)| *d <= 3)
        .min();
    match best {
        Some((_, code)) => eprintln!("  = help: did you mean `{code}`?"),
        None => eprintln!("  = help: run `errdocs explain` to list every lint"),
    }
    1
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
