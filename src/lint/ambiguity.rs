//! Documented requests a mock could not tell apart: the same request documented twice with
//! different responses (see [`crate::exchange`] for what tells requests apart).

use std::collections::HashMap;

use rayon::prelude::*;

use super::locate::Seg;
use super::registry::AMBIGUOUS_REQUEST;
use super::{at_path, report};
use crate::catalog::Catalog;
use crate::diagnostic::Diagnostic;
use crate::exchange::{Constraint, Exchange, Message, Side, best_matches, exchanges};

pub(super) fn check(catalog: &Catalog, out: &mut Vec<Diagnostic>) {
    // A side that says what outside the request decides its answer (`given`) is not matched by the
    // request alone, so it competes with nothing.
    let all: Vec<Exchange<'_>> = exchanges(catalog)
        .into_iter()
        .filter(|x| x.given().is_none())
        .collect();
    // A request can only be a documented one of its method and path (`exchange::accepts`): the
    // sides are compared within those groups, so the lint stays linear in the catalog's size.
    let mut routes: HashMap<(&str, &str), Vec<&Exchange<'_>>> = HashMap::new();
    for x in &all {
        routes
            .entry((x.message.method.as_str(), x.message.path.as_str()))
            .or_default()
            .push(x);
    }
    // Each side is checked on its own: in parallel, the findings kept in catalog order.
    let found: Vec<Diagnostic> = all
        .par_iter()
        .filter(|x| !answered_later(x))
        .filter_map(|x| {
            let route = &routes[&(x.message.method.as_str(), x.message.path.as_str())];
            let keys: Vec<(&Message, &[Constraint])> = route
                .iter()
                .map(|y| (&y.message, y.constraints.as_slice()))
                .collect();
            // What the mock would answer the documented request with (for its host: sides for
            // different hosts are told apart by the host a client names).
            let answered = best_matches(&keys, &x.message);
            let y = answered
                .iter()
                .map(|j| route[*j])
                .find(|y| !same_later_pair(x, y) && !answered_later(y) && !same_answer(x, y))?;
            Some(ambiguous(x, y))
        })
        .collect();
    out.extend(found);
}

/// The finding that `x`'s request is also `y`'s, which gets a different response.
fn ambiguous(x: &Exchange<'_>, y: &Exchange<'_>) -> Diagnostic {
    let source = &x.entry.source;
    let path = [
        Seg::Key("samples"),
        Seg::Index(x.pair),
        Seg::Key(x.side.name()),
        Seg::Key("request"),
    ];
    report(
        AMBIGUOUS_REQUEST,
        source,
        at_path(source, &path),
        format!(
            "the {} request of `{}` is also the {} request of `{}` in {}, which gets a \
             different response: a mock cannot tell which to answer",
            x.side.name(),
            x.title(),
            y.side.name(),
            y.title(),
            y.entry.id
        ),
    )
    .with_help(
        "make the requests differ in what makes each sub-scenario (a header, its \
         value, a query or body field, the path; a secret written `${NAME}` counts \
         by its name), or, when something outside the request decides the answer, \
         say what with `given:` on that side",
    )
}

/// The two sides of a pair whose fix is to send the same request later are the same request on
/// purpose.
fn same_later_pair(x: &Exchange<'_>, y: &Exchange<'_>) -> bool {
    x.entry.id == y.entry.id && x.pair == y.pair && x.later().is_some()
}

/// The correct side of a pair whose fix is timing is answered only after its own error was: it
/// competes with no other request.
fn answered_later(y: &Exchange<'_>) -> bool {
    y.side == Side::Correct && y.later().is_some()
}

/// Whether a mock answering either gives the client the same answer: the same status, and for an
/// error the same headers and body (two successes differ only in detail).
fn same_answer(x: &Exchange<'_>, y: &Exchange<'_>) -> bool {
    let status = |e: &Exchange<'_>| e.response.map_or(200, |r| r.status);
    if status(x) != status(y) {
        return false;
    }
    let success = (200..400).contains(&status(x));
    success && x.side == Side::Correct && y.side == Side::Correct || x.response == y.response
}
