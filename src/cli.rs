//! The command line, as clap types. No I/O here.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Turns a catalog of HTTP error entries into a searchable static reference site.
#[derive(Debug, Parser)]
#[command(name = "errdocs", version, about, propagate_version = true)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site into the output folder (`public/` by default).
    Build(BuildArgs),
    /// Check the catalog and report every problem, without writing a site.
    Check(CheckArgs),
    /// Explain a lint: why it exists, with a bad and a good example.
    Explain(ExplainArgs),
}

/// Options every command that reads a site takes.
#[derive(Debug, Args)]
pub struct SiteArgs {
    /// The site folder, holding `errdocs.toml` and `content/`.
    #[arg(long, default_value = ".", value_name = "DIR")]
    pub root: PathBuf,
    /// Print nothing but problems.
    #[arg(long, short)]
    pub quiet: bool,
}

/// `errdocs build`.
#[derive(Debug, Args)]
pub struct BuildArgs {
    /// Site options.
    #[command(flatten)]
    pub site: SiteArgs,
    /// Output folder (default: the config's `output`, relative to the site root).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Where the site is served: a full URL or a path such as `/docs/`.
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
}

/// `errdocs check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Site options.
    #[command(flatten)]
    pub site: SiteArgs,
    /// Output format of the diagnostics.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Treat warnings as errors (`--deny warnings`).
    #[arg(long, value_name = "LEVEL")]
    pub deny: Option<Deny>,
}

/// Diagnostic output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// `path:line:col: error: message` with the source line.
    Human,
    /// One JSON object per diagnostic, in a JSON array.
    Json,
}

/// What `--deny` can make fatal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Deny {
    /// Warnings fail the check.
    Warnings,
}

/// `errdocs explain`.
#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// A lint code, e.g. `missing-www-authenticate`. Without one, every lint is listed.
    #[arg(value_name = "CODE")]
    pub code: Option<String>,
}
