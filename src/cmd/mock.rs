//! `errdocs mock`: check the catalog, then serve it as a live API until Ctrl-C.

use std::net::SocketAddr;
use std::sync::Arc;

use anyhow::Context as _;

use crate::cli::MockArgs;
use crate::mock::server::MockService;
use crate::mock::{Logged, Mock};

/// Serves the catalog as a mock API; returns the exit code (1 when the catalog has errors or the
/// port is busy).
///
/// # Errors
/// When the server cannot be set up.
pub fn run(args: &MockArgs) -> anyhow::Result<i32> {
    let checked = crate::site::check(&args.site.root);
    if checked.has_errors() {
        super::print_diagnostics(&checked.diagnostics);
        eprintln!("the catalog has errors; the mock was not started");
        return Ok(1);
    }
    let mock = Arc::new(Mock::new(&checked.catalog, &checked.config, args.delays));
    let addr = SocketAddr::new(args.bind, args.port);
    let listener = match crate::http::bind(addr) {
        Ok(listener) => listener,
        Err(e) => {
            eprintln!("error: {e}");
            return Ok(1);
        }
    };
    ctrlc::set_handler(|| {
        eprintln!("stopped");
        std::process::exit(0);
    })
    .context("cannot handle Ctrl-C")?;
    let quiet = args.site.quiet;
    let service = MockService {
        mock: Arc::clone(&mock),
        report: Box::new(move |logged: &Logged| {
            if !quiet {
                eprintln!("{}", line(logged));
            }
        }),
    };
    let server = crate::http::spawn(listener, Arc::new(service))?;
    eprintln!(
        "{} documented requests of {} entries",
        mock.documented(),
        checked.catalog.entries.len()
    );
    // The line tools wait for: the mock answers from now on.
    println!("mock API at http://{}/", server.addr);
    std::io::Write::flush(&mut std::io::stdout())?;
    loop {
        std::thread::park();
    }
}

/// One line per request: method, path, status, matched side, and why.
fn line(logged: &Logged) -> String {
    format!(
        "{} {} → {} {}: {}",
        logged.method,
        logged.path,
        logged.status,
        logged
            .matched
            .as_deref()
            .unwrap_or("(no documented request)"),
        logged.why
    )
}
