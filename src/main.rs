//! The `errdocs` binary: parse the command line, run, map the outcome to an exit code.

use clap::Parser;
use errdocs::cli::{Cli, Command};
use errdocs::cmd;

// Rendering allocates many small strings on every thread; mimalloc is much faster at that than the
// system allocator (measured: see README, Performance).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let cli = Cli::parse();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("ERRDOCS_LOG")
                .unwrap_or_else(|_| "warn".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    let result = match &cli.command {
        Command::Build(args) => cmd::build::run(args),
        Command::Check(args) => cmd::check::run(args),
        Command::Explain(args) => cmd::explain::run(args),
        Command::Serve(args) => cmd::serve::run(args, purge_freed_memory_at_once),
        Command::Mock(args) => cmd::mock::run(args),
        Command::Verify(args) => cmd::verify::run(args),
        Command::Init(args) => cmd::init::run(args),
        Command::New(args) => cmd::new::run(args),
        Command::Schema(args) => cmd::schema::run(args),
        Command::Export(args) => cmd::export::run(args),
        Command::Import(args) => cmd::import::run(args),
    };
    let code = result.unwrap_or_else(|e| {
        eprintln!("error: {e:#}");
        1
    });
    std::process::exit(code);
}

/// `serve` runs for hours and renders pages on whichever thread takes the request: memory freed on
/// a thread that then waits was kept from the system until that thread allocated again. Returned
/// at once, `serve` with every page of a 10,000-entry catalog requested holds about 510 MB instead
/// of 620 (see docs/serve.md). Set only once the catalog is first loaded: set before, the system
/// zeroed the memory given back again and again, and `serve` took 1.6–2.0 s to load 10,000 entries
/// instead of 1.3–1.4 s.
fn purge_freed_memory_at_once() {
    // `mi_option_purge_delay` in both of mimalloc's headers (v2 and v3); 0 purges at once.
    const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;
    // SAFETY: sets one of mimalloc's options to a value its header documents (0: no delay); options
    // may be set at any time, from any thread.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, 0) };
}
