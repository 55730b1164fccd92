//! `errdocs mock`: the catalog as a live API. Each documented request gets its documented response,
//! and every answer says which sub-scenario matched and why.
//!
//! [`Mock`] holds the catalog's documented exchanges (see [`crate::exchange`]) as owned data and
//! decides the answer to a request ([`Mock::answer`]); [`server`] puts it on the shared HTTP
//! layer. Deciding is a pure function of the request and a little state: the pairs whose fix is to
//! send the same request later answer with their error first, and with success once the documented
//! `Retry-After` delay has passed. Nothing here reads files or prints.

pub mod server;

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use serde::Serialize;

use crate::catalog::Catalog;
use crate::catalog::model::Response;
use crate::catalog::resolve::url_of;
use crate::config::Config;
use crate::exchange::{Constraint, Message, Side, best_matches, body_text, exchanges, meets};

/// A documented side of a pair, owned.
#[derive(Debug, Clone)]
struct Documented {
    /// `401/expired-token#1/incorrect`.
    name: String,
    /// `401.expired-token.1.incorrect`, for `Prefer: example=`.
    key: String,
    /// The entry's id.
    entry: String,
    /// The pair's index and title.
    pair: usize,
    title: String,
    side: Side,
    message: Message,
    constraints: Vec<Constraint>,
    response: Option<Response>,
    /// For a pair whose fix is timing: how long the error lasts before the same request works.
    later: Option<Duration>,
    /// Whether something outside the request decides this answer (`given`): such a side is
    /// answered only when asked for with `Prefer`.
    given: bool,
}

/// How a mock treats documented delays.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Delays {
    /// The same request works again once the documented `Retry-After` delay has passed.
    #[default]
    Real,
    /// It works on the next try: for tests that cannot wait.
    None,
}

/// What the mock sends back, and why.
#[derive(Debug, Clone)]
pub struct Answer {
    /// The documented response (or the mock's own problem answer).
    pub response: Response,
    /// The body as sent.
    pub body: Option<String>,
    /// The side or entry it came from, e.g. `401/expired-token#1/incorrect`.
    pub matched: Option<String>,
    /// The page of the entry it came from, for `Link: <…>; rel="help"`.
    pub help: Option<String>,
    /// Why, in words.
    pub why: String,
}

/// One request the mock answered, as `GET /__errdocs/requests` lists it.
#[derive(Debug, Clone, Serialize)]
pub struct Logged {
    /// The method.
    pub method: String,
    /// The path and query.
    pub path: String,
    /// The header fields, with secret values masked.
    pub headers: Vec<(String, String)>,
    /// The status answered.
    pub status: u16,
    /// The documented side (or entry) it matched.
    pub matched: Option<String>,
    /// Why.
    pub why: String,
}

/// How many answered requests the mock remembers.
const REMEMBERED: usize = 200;

/// The catalog as a live API.
#[derive(Debug)]
pub struct Mock {
    documented: Vec<Documented>,
    /// Entry id → (primary response, variants by name), for `Prefer: example=`.
    entries: HashMap<String, (Response, HashMap<String, Response>)>,
    /// Entry code → id.
    codes: HashMap<String, String>,
    /// Status → the overview's response, for `Prefer: code=` and undocumented values.
    statuses: HashMap<u16, Response>,
    /// Entry id → page URL.
    pages: HashMap<String, String>,
    delays: Delays,
    /// Pairs whose fix is timing that answered their error: until when the error lasts.
    failing_until: Mutex<HashMap<(String, usize), Instant>>,
    log: Mutex<VecDeque<Logged>>,
}

/// The delay a `later` pair's error lasts: its response's `Retry-After` in seconds (an HTTP-date
/// counts from now), else one second.
fn delay_of(response: Option<&Response>) -> Duration {
    let value = response.and_then(|r| {
        r.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case("retry-after"))
            .and_then(|(_, v)| v.values().first().cloned())
    });
    value
        .and_then(|v| crate::exchange::retry_delay(&v, std::time::SystemTime::now()))
        .unwrap_or(Duration::from_secs(1))
}

impl Mock {
    /// A mock of `catalog`, linking to pages under the configuration's `base_url`.
    #[must_use]
    pub fn new(catalog: &Catalog, config: &Config, delays: Delays) -> Self {
        let base = config.base_url.trim_end_matches('/');
        let documented = exchanges(catalog)
            .into_iter()
            .map(|x| Documented {
                name: x.name(),
                key: x.key(),
                entry: x.entry.id.clone(),
                pair: x.pair,
                title: x.title().to_owned(),
                side: x.side,
                later: x.later().map(|_| {
                    delay_of(
                        x.entry
                            .value
                            .side_response(&x.entry.value.samples[x.pair].incorrect, true),
                    )
                }),
                given: x.given().is_some(),
                message: x.message,
                constraints: x.constraints,
                response: x.response.cloned(),
            })
            .collect();
        let entries = catalog
            .entries
            .iter()
            .map(|e| {
                let variants = e
                    .value
                    .variants
                    .iter()
                    .map(|v| (v.name.clone(), v.response.clone()))
                    .collect();
                (e.id.clone(), (e.value.response.clone(), variants))
            })
            .collect();
        let statuses = catalog
            .statuses
            .iter()
            .filter_map(|s| Some((s.value.status, s.value.response.clone()?)))
            .collect();
        let pages = catalog
            .entries
            .iter()
            .map(|e| (e.id.clone(), format!("{base}/{}", url_of(&e.id))))
            .collect();
        Self {
            documented,
            entries,
            codes: catalog.codes.clone().into_iter().collect(),
            statuses,
            pages,
            delays,
            failing_until: Mutex::new(HashMap::new()),
            log: Mutex::new(VecDeque::new()),
        }
    }

    /// How many documented requests it answers.
    #[must_use]
    pub fn documented(&self) -> usize {
        self.documented.len()
    }

    /// The answer to `message`; `prefer` is the request's `Prefer` field, if any.
    #[must_use]
    pub fn answer(&self, message: &Message, prefer: Option<&str>) -> Answer {
        if let Some(forced) = prefer.and_then(|p| self.preferred(p)) {
            return forced;
        }
        // A request sent to the mock's own address names no documented host: its host tells
        // nothing, so host constraints are met by it.
        let mut message = message.clone();
        if !self
            .documented
            .iter()
            .any(|d| d.message.host == message.host)
        {
            message.host.clear();
            message.scheme.clear();
        }
        let message = &message;
        // A request for one of the documented hosts is answered from that host's requests only.
        let open: Vec<&Documented> = self
            .documented
            .iter()
            .filter(|d| !d.given && (message.host.is_empty() || d.message.host == message.host))
            .collect();
        let keys: Vec<(&Message, &[Constraint])> = open
            .iter()
            .map(|d| (&d.message, d.constraints.as_slice()))
            .collect();
        let candidates: Vec<&Documented> = best_matches(&keys, message)
            .into_iter()
            .map(|i| open[i])
            .collect();
        // The correct side of a pair whose fix is timing answers only after its own error did.
        let mut candidates = candidates;
        if candidates.len() > 1 {
            let timed = |d: &Documented| d.side == Side::Correct && d.later.is_some();
            let own_error = |d: &Documented| {
                candidates
                    .iter()
                    .any(|e| e.entry == d.entry && e.pair == d.pair && e.side == Side::Incorrect)
            };
            let keep: Vec<&Documented> = candidates
                .iter()
                .copied()
                .filter(|d| !timed(d) || own_error(d))
                .collect();
            if !keep.is_empty() {
                candidates = keep;
            }
        }
        if candidates.is_empty() {
            return self.unmatched(message);
        }
        let chosen = self.choose(&candidates);
        self.answer_with(chosen, candidates.len())
    }

    /// Among equally good sides: a pair whose fix is timing answers by its state; else the first.
    fn choose<'a>(&self, candidates: &[&'a Documented]) -> &'a Documented {
        let first = candidates[0];
        let Some(delay) = first.later else {
            return first;
        };
        let same_pair = |side| {
            candidates
                .iter()
                .find(|d| d.entry == first.entry && d.pair == first.pair && d.side == side)
                .copied()
        };
        let (Some(incorrect), Some(correct)) =
            (same_pair(Side::Incorrect), same_pair(Side::Correct))
        else {
            return first;
        };
        let key = (first.entry.clone(), first.pair);
        let mut failing = self
            .failing_until
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let now = Instant::now();
        match failing.get(&key) {
            Some(until) if now >= *until => {
                failing.remove(&key);
                correct
            }
            Some(_) => incorrect,
            None => {
                let delay = if self.delays == Delays::None {
                    Duration::ZERO
                } else {
                    delay
                };
                failing.insert(key, now + delay);
                incorrect
            }
        }
    }

    fn answer_with(&self, d: &Documented, ties: usize) -> Answer {
        let mut why: Vec<String> = d.constraints.iter().map(Constraint::describe).collect();
        if why.is_empty() {
            why.push(format!("{} {}", d.message.method, d.message.path));
        }
        if d.later.is_some() {
            why.push(match d.side {
                Side::Incorrect => "the error lasts until the documented delay has passed".into(),
                Side::Correct => "sent again after the documented delay".into(),
            });
        }
        if ties > 1 {
            why.push(format!("{ties} documented requests match equally"));
        }
        let response = d.response.clone().unwrap_or(Response {
            status: 200,
            reason: None,
            headers: indexmap::IndexMap::new(),
            body: None,
        });
        Answer {
            body: response.body.as_ref().map(body_text),
            response,
            matched: Some(d.name.clone()),
            help: self.pages.get(&d.entry).cloned(),
            why: format!("{} ({}): {}", d.name, d.title, why.join("; ")),
        }
    }

    /// `Prefer: example=<id or code>[#variant]` answers with that entry's response, `Prefer:
    /// example=<side key>` with that side's (`401.expired-token.1.correct`), `Prefer:
    /// code=<status>` with that status's; `None` when the field asks for neither.
    fn preferred(&self, prefer: &str) -> Option<Answer> {
        for preference in prefer.split([',', ';']).map(str::trim) {
            let Some((key, value)) = preference.split_once('=') else {
                continue;
            };
            let value = value.trim().trim_matches('"');
            match key.trim().to_ascii_lowercase().as_str() {
                "example" => {
                    if let Some(d) = self.documented.iter().find(|d| d.key == value) {
                        let mut answer = self.answer_with(d, 1);
                        answer.why = format!("forced by Prefer: example={value}");
                        return Some(answer);
                    }
                    let (id, variant) = value
                        .split_once('#')
                        .map_or((value, None), |(i, v)| (i, Some(v)));
                    let id = self.codes.get(id).map_or(id, String::as_str);
                    let (primary, variants) = self.entries.get(id)?;
                    let response = match variant {
                        Some(v) => variants.get(v)?.clone(),
                        None => primary.clone(),
                    };
                    return Some(self.forced(
                        response,
                        Some(id),
                        format!("Prefer: example={value}"),
                    ));
                }
                "code" => {
                    let status: u16 = value.parse().ok()?;
                    let (response, id) = match self.statuses.get(&status) {
                        Some(r) => (r.clone(), None),
                        None => {
                            let (id, (r, _)) = self
                                .entries
                                .iter()
                                .filter(|(_, (r, _))| r.status == status)
                                .min_by_key(|(id, _)| id.as_str())?;
                            (r.clone(), Some(id.as_str()))
                        }
                    };
                    return Some(self.forced(response, id, format!("Prefer: code={status}")));
                }
                _ => {}
            }
        }
        None
    }

    fn forced(&self, response: Response, id: Option<&str>, why: String) -> Answer {
        Answer {
            body: response.body.as_ref().map(body_text),
            response,
            matched: id.map(str::to_owned),
            help: id.and_then(|id| self.pages.get(id).cloned()),
            why: format!("forced by {why}"),
        }
    }

    /// No documented side matches. Requests on a documented method and path with an undocumented
    /// value (a credential, a field) get the generic response of the status overview their
    /// incorrect sides share; anything else a 404 problem naming the closest documented requests.
    fn unmatched(&self, message: &Message) -> Answer {
        let same_path: Vec<&Documented> = self
            .documented
            .iter()
            .filter(|d| d.message.method == message.method && d.message.path == message.path)
            .collect();
        let closest = same_path
            .iter()
            .min_by_key(|d| d.constraints.iter().filter(|c| !meets(message, c)).count());
        if let Some(closest) = closest {
            let unmet: Vec<String> = closest
                .constraints
                .iter()
                .filter(|c| !meets(message, c))
                .map(Constraint::describe)
                .collect();
            let mut statuses: Vec<u16> = same_path
                .iter()
                .filter(|d| d.side == Side::Incorrect)
                .filter_map(|d| d.response.as_ref().map(|r| r.status))
                .collect();
            statuses.dedup();
            if let ([status], Some(generic)) = (
                statuses.as_slice(),
                statuses.first().and_then(|s| self.statuses.get(s)),
            ) {
                return Answer {
                    body: generic.body.as_ref().map(body_text),
                    response: generic.clone(),
                    matched: Some(format!("status/{status}")),
                    help: None,
                    why: format!(
                        "no documented request matches (closest: {}, which needs {}): answered \
                         with the generic {status} of the status overview",
                        closest.name,
                        unmet.join(", ")
                    ),
                };
            }
        }
        let mut near: Vec<&Documented> = self
            .documented
            .iter()
            .filter(|d| d.message.path == message.path || d.message.method == message.method)
            .collect();
        near.sort_by_key(|d| {
            (
                d.message.path != message.path,
                d.message.method != message.method,
                d.constraints.iter().filter(|c| !meets(message, c)).count(),
            )
        });
        let names: Vec<String> = near
            .iter()
            .take(3)
            .map(|d| format!("{} {} ({})", d.message.method, d.message.path, d.name))
            .collect();
        let detail = if names.is_empty() {
            format!(
                "No documented request is {} {}.",
                message.method, message.path
            )
        } else {
            format!(
                "No documented request is {} {}. Closest: {}.",
                message.method,
                message.path,
                names.join("; ")
            )
        };
        let body = serde_json::json!({
            "type": "about:blank",
            "title": "Not Found",
            "status": 404,
            "detail": detail,
            "closest": names,
        });
        let mut headers = indexmap::IndexMap::new();
        headers.insert(
            "Content-Type".to_owned(),
            crate::catalog::model::HeaderValue::One("application/problem+json".to_owned()),
        );
        Answer {
            body: Some(body_text(&body)),
            response: Response {
                status: 404,
                reason: None,
                headers,
                body: Some(body),
            },
            matched: None,
            help: None,
            why: detail,
        }
    }

    /// Remembers an answered request (its secrets masked).
    pub fn remember(&self, logged: Logged) {
        let mut log = self
            .log
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if log.len() == REMEMBERED {
            log.pop_front();
        }
        log.push_back(logged);
    }

    /// The last answered requests, oldest first.
    #[must_use]
    pub fn recent(&self) -> Vec<Logged> {
        self.log
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .iter()
            .cloned()
            .collect()
    }
}

/// A header value as logs show it: credentials and keys masked, other values as they are.
#[must_use]
pub fn masked(name: &str, value: &str) -> String {
    let name = name.to_ascii_lowercase();
    let secret = matches!(
        name.as_str(),
        "authorization" | "proxy-authorization" | "cookie" | "set-cookie"
    ) || name.contains("key")
        || name.contains("token")
        || name.contains("secret");
    if !secret {
        return value.to_owned();
    }
    // Keep a scheme (`Bearer`) and the first characters, so a reader can tell values apart.
    let (scheme, rest) = match value.split_once(' ') {
        Some((s, r)) if name.ends_with("authorization") => (format!("{s} "), r),
        _ => (String::new(), value),
    };
    let shown: String = rest.chars().take(4).collect();
    format!(
        "{scheme}{shown}… ({} characters, masked)",
        rest.chars().count()
    )
}
