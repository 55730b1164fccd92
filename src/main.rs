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
        Command::Serve(args) => cmd::serve::run(args),
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
