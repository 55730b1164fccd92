//! Sending the cases: at most `concurrency` at once, at most `rate` per second, each within a
//! timeout, never following a redirect (a documented redirect is itself the answer), and only to the
//! targets the user named (a case for any other host was skipped when planned).

use std::sync::Arc;
use std::time::{Duration, Instant};

use super::{Case, Outcome, Received, Timing, compare};
use crate::catalog::model::{HeaderValue, Request};
use crate::samples::{full_url, wire_body, wire_headers};

/// How to send.
#[derive(Debug, Clone, Copy)]
pub struct Settings {
    /// Requests in flight at once.
    pub concurrency: usize,
    /// Requests started per second, at most.
    pub rate: f64,
    /// How long one request may take.
    pub timeout: Duration,
    /// Whether to name each request's documented origin in `X-Forwarded-Host`/`-Proto`.
    pub forwarded: bool,
    /// The longest wait before sending a request again, for a pair whose fix is to wait.
    pub max_wait: Duration,
}

/// One finished case.
#[derive(Debug, Clone)]
pub struct Done {
    /// The case's index in the plan.
    pub index: usize,
    /// What happened.
    pub outcome: Outcome,
    /// What came back, when something did.
    pub received: Option<Received>,
    /// How long the request took.
    pub seconds: f64,
}

/// Why a request got no answer.
fn failed_send(e: &reqwest::Error) -> String {
    if e.is_timeout() {
        "no answer within the timeout".into()
    } else if e.is_connect() {
        "cannot connect to the target".into()
    } else {
        format!("the request failed: {e}")
    }
}

/// Sends every case that is not skipped; `progress` hears of each one as it finishes.
///
/// # Errors
/// When the HTTP client or its runtime cannot be made.
pub fn send_all(
    cases: &[Case<'_>],
    settings: Settings,
    progress: &(dyn Fn(&Done) + Sync),
) -> Result<Vec<Done>, String> {
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(settings.timeout)
        .build()
        .map_err(|e| format!("cannot make the HTTP client: {e}"))?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the runtime: {e}"))?;
    let requests: Vec<Option<Request>> = cases
        .iter()
        .map(|c| {
            let mut request = c.request.clone()?;
            if settings.forwarded {
                let message = &c.exchange.message;
                for (name, value) in [
                    ("X-Forwarded-Host", message.host.clone()),
                    ("X-Forwarded-Proto", message.scheme.clone()),
                ] {
                    request
                        .headers
                        .insert(name.to_owned(), HeaderValue::One(value));
                }
            }
            Some(request)
        })
        .collect();
    // The correct side of a pair fixed by waiting is sent only after its error side was.
    let second: Vec<usize> = cases
        .iter()
        .filter_map(|c| c.timing.filter(|t| cases[t.error].skip.is_none()))
        .map(|t| t.correct)
        .collect();
    let first: Vec<usize> = (0..cases.len())
        .filter(|i| requests[*i].is_some() && !second.contains(i))
        .collect();
    let answers = runtime.block_on(async {
        let gate = Arc::new(tokio::sync::Semaphore::new(settings.concurrency.max(1)));
        let spacing = Duration::from_secs_f64(1.0 / settings.rate.max(0.01));
        let start = tokio::time::Instant::now();
        let mut tasks = tokio::task::JoinSet::new();
        // `again`: the correct side of a pair fixed by waiting, sent after the wait.
        let spawn = |tasks: &mut tokio::task::JoinSet<_>,
                     index: usize,
                     at: tokio::time::Instant,
                     again: bool| {
            let client = client.clone();
            let gate = Arc::clone(&gate);
            let request = requests[index].clone();
            tasks.spawn(async move {
                tokio::time::sleep_until(at).await;
                let _permit = gate.acquire_owned().await;
                let started = Instant::now();
                let result = match &request {
                    Some(r) => send(&client, r).await,
                    None => Err("nothing to send".to_owned()),
                };
                (index, again, result, started.elapsed().as_secs_f64())
            });
        };
        for (n, index) in first.iter().enumerate() {
            #[expect(clippy::cast_precision_loss, reason = "a count of requests")]
            let at = start + spacing.mul_f64(n as f64);
            spawn(&mut tasks, *index, at, false);
        }
        let mut out: Vec<Done> = Vec::new();
        let report = |done: Done, out: &mut Vec<Done>| {
            progress(&done);
            out.push(done);
        };
        while let Some(joined) = tasks.join_next().await {
            let Ok((index, again, result, seconds)) = joined else {
                continue;
            };
            let Some(timing) = cases[index].timing.filter(|_| !again) else {
                report(finish(cases, index, result, seconds), &mut out);
                continue;
            };
            let (decided, again) = timed(cases, index, timing, result, seconds, settings.max_wait);
            for done in decided {
                report(done, &mut out);
            }
            if let Some(wait) = again {
                spawn(
                    &mut tasks,
                    timing.correct,
                    tokio::time::Instant::now() + wait,
                    true,
                );
            }
        }
        out
    });
    let mut done = answers;
    for (index, case) in cases.iter().enumerate() {
        if let Some(reason) = &case.skip {
            done.push(Done {
                index,
                outcome: Outcome::Skip {
                    reason: reason.clone(),
                },
                received: None,
                seconds: 0.0,
            });
        }
    }
    done.sort_by_key(|d| d.index);
    Ok(done)
}

/// Decides what it can of a pair fixed by waiting from the answer to its first request (case
/// `index`), and whether to send the correct side after a wait. The pair's documented error is
/// checked (when its side was sent), and the request goes again after the wait the answer asks for
/// (`Retry-After`, else a second) unless that is more than `max_wait`. An answer without the error
/// (the API was not in that state) is the correct side's, and a sent error side is skipped.
fn timed(
    cases: &[Case<'_>],
    index: usize,
    timing: Timing,
    result: Result<Received, String>,
    seconds: f64,
    max_wait: Duration,
) -> (Vec<Done>, Option<Duration>) {
    let Timing { error, correct } = timing;
    let error_sent = index == error;
    let skip = |i: usize, reason: String| Done {
        index: i,
        outcome: Outcome::Skip { reason },
        received: None,
        seconds: 0.0,
    };
    let received = match result {
        Ok(r) => r,
        Err(why) if error_sent => {
            let again = skip(
                correct,
                "not sent again: the first request got no answer".into(),
            );
            return (vec![finish(cases, index, Err(why), seconds), again], None);
        }
        Err(why) => return (vec![finish(cases, index, Err(why), seconds)], None),
    };
    if !compare(&cases[error].exchange, &received).is_empty() {
        let mut decided = Vec::new();
        if error_sent {
            decided.push(skip(
                error,
                "the API did not answer with the documented error this time (it depends on \
                 timing); its answer was checked as the correct side's"
                    .into(),
            ));
        }
        decided.push(finish(cases, correct, Ok(received), seconds));
        return (decided, None);
    }
    let asked = received
        .header("retry-after")
        .and_then(|v| crate::exchange::retry_delay(&v, std::time::SystemTime::now()))
        .unwrap_or(Duration::from_secs(1));
    let mut decided = Vec::new();
    if error_sent {
        decided.push(Done {
            index,
            outcome: Outcome::Pass,
            received: Some(received),
            seconds,
        });
    }
    if asked <= max_wait {
        return (decided, Some(asked));
    }
    decided.push(skip(
        correct,
        format!(
            "the API answered with the documented error and asked to wait {}s before sending \
             again, more than --max-wait {}s",
            asked.as_secs(),
            max_wait.as_secs()
        ),
    ));
    (decided, None)
}

/// The outcome of case `index` from what came back (or why nothing did).
fn finish(
    cases: &[Case<'_>],
    index: usize,
    result: Result<Received, String>,
    seconds: f64,
) -> Done {
    let (outcome, received) = match result {
        Ok(received) => {
            let mismatches = compare(&cases[index].exchange, &received);
            let outcome = if mismatches.is_empty() {
                Outcome::Pass
            } else {
                Outcome::Fail { mismatches }
            };
            (outcome, Some(received))
        }
        Err(why) => (
            Outcome::Fail {
                mismatches: vec![super::Mismatch {
                    what: "answer".into(),
                    documented: super::documented_status(cases[index].exchange.response),
                    received: why,
                    path: cases[index].exchange.entry.source.path.clone(),
                    position: None,
                }],
            },
            None,
        ),
    };
    Done {
        index,
        outcome,
        received,
        seconds,
    }
}

/// Sends one documented request exactly: its method, URL with query, header fields in order (with
/// the content type its body implies) and body.
async fn send(client: &reqwest::Client, request: &Request) -> Result<Received, String> {
    let method = reqwest::Method::from_bytes(request.method.as_bytes())
        .map_err(|_| format!("`{}` is not a method", request.method))?;
    let mut builder = client.request(method, full_url(request));
    for (name, value) in wire_headers(request) {
        builder = builder.header(name, value);
    }
    if let Some((body, _)) = wire_body(request) {
        builder = builder.body(body);
    }
    let response = builder.send().await.map_err(|e| failed_send(&e))?;
    let status = response.status().as_u16();
    let headers = response
        .headers()
        .iter()
        .map(|(k, v)| {
            (
                k.as_str().to_owned(),
                String::from_utf8_lossy(v.as_bytes()).into_owned(),
            )
        })
        .collect();
    let body = response
        .bytes()
        .await
        .map_err(|e| failed_send(&e))?
        .to_vec();
    Ok(Received {
        status,
        headers,
        body,
    })
}
