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
    /// Explain a lint (why it exists, with a bad and a good example) or a catalog entry.
    Explain(ExplainArgs),
    /// Build in memory, serve on 127.0.0.1, rebuild on every edit and reload open pages.
    Serve(ServeArgs),
    /// Serve the catalog as a live API: each documented request gets its documented response.
    Mock(MockArgs),
    /// Send the documented requests to a real API and report where the docs and the API disagree.
    Verify(VerifyArgs),
    /// Create a new site folder with a small catalog that builds clean.
    Init(InitArgs),
    /// Add a new catalog file from a commented skeleton: `new 401 expired-token`, `new status 418`,
    /// `new compare 401-vs-403`, `new tree why-401`, `new guide handling-401`.
    New(NewArgs),
    /// Print the JSON Schema of a content kind (or all of them), or write them into a folder.
    Schema(SchemaArgs),
    /// Write the catalog in another format: `export openapi` (an OpenAPI 3.1 document) or `export
    /// postman` (a Postman collection).
    Export(ExportArgs),
    /// Make catalog files from another format: `import openapi FILE` (OpenAPI 3.0 or 3.1).
    Import(ImportArgs),
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
    /// A lint code, e.g. `missing-www-authenticate`, or a catalog id such as `401/expired-token`.
    /// Without one, every lint is listed.
    #[arg(value_name = "CODE|ID")]
    pub code: Option<String>,
    /// The site folder, for catalog ids.
    #[arg(long, default_value = ".", value_name = "DIR")]
    pub root: PathBuf,
}

/// `errdocs serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Site options.
    #[command(flatten)]
    pub site: SiteArgs,
    /// Port to listen on; 0 picks a free one (the URL printed says which).
    #[arg(long, default_value_t = 1111)]
    pub port: u16,
    /// Address to listen on. Only loopback unless you say otherwise.
    #[arg(long, default_value = "127.0.0.1", value_name = "ADDR")]
    pub bind: std::net::IpAddr,
    /// Open the site in the default browser once it is served.
    #[arg(long)]
    pub open: bool,
    /// Serve under this path (a full URL's path is used), e.g. `/docs/`; default `/`.
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
}

/// `errdocs mock`.
#[derive(Debug, Args)]
pub struct MockArgs {
    /// Site options.
    #[command(flatten)]
    pub site: SiteArgs,
    /// Port to listen on; 0 picks a free one (the line printed says which).
    #[arg(long, default_value_t = 1112)]
    pub port: u16,
    /// Address to listen on. Only loopback unless you say otherwise.
    #[arg(long, default_value = "127.0.0.1", value_name = "ADDR")]
    pub bind: std::net::IpAddr,
    /// How documented delays pass: `real` (the same request works once its `Retry-After` delay has
    /// passed) or `none` (on the next try).
    #[arg(long, value_enum, default_value = "real")]
    pub delays: crate::mock::Delays,
}

/// How `verify` reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum VerifyFormat {
    /// For people: failures with documented vs received, and a summary line.
    Human,
    /// The same facts as JSON.
    Json,
    /// JUnit XML, which CI systems read.
    Junit,
}

/// `errdocs verify`.
#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// Site options.
    #[command(flatten)]
    pub site: SiteArgs,
    /// Where to send: a base URL for every documented origin (`http://127.0.0.1:8080`), or
    /// `HOST=URL` for one documented host (`api.example.com=https://staging.example.com`). Repeat
    /// it to map several; a host mapped by none is skipped.
    #[arg(long, required = true, value_name = "URL")]
    pub target: Vec<String>,
    /// Only these entries (ids such as `401/expired-token`, or codes).
    #[arg(long, value_name = "ID", num_args = 1..)]
    pub only: Vec<String>,
    /// The report's format.
    #[arg(long, value_enum, default_value = "human")]
    pub format: VerifyFormat,
    /// Write the report to this file instead of stdout.
    #[arg(long, value_name = "FILE")]
    pub report: Option<PathBuf>,
    /// Requests in flight at once.
    #[arg(long, default_value_t = 4, value_parser = clap::value_parser!(u16).range(1..=64))]
    pub concurrency: u16,
    /// Requests started per second, at most.
    #[arg(long, default_value_t = 10.0, value_name = "PER_SECOND")]
    pub rate: f64,
    /// How long one request may take, in seconds.
    #[arg(long, default_value_t = 10.0, value_name = "SECS")]
    pub timeout: f64,
    /// The longest wait, in seconds, before sending a request again for a pair whose fix is to
    /// wait (`later:`); a longer `Retry-After` skips the second request.
    #[arg(long, default_value_t = 60.0, value_name = "SECS")]
    pub max_wait: f64,
    /// A file of `NAME=value` lines for the `${NAME}` secrets (the environment wins).
    #[arg(long, value_name = "FILE")]
    pub env_file: Option<PathBuf>,
    /// Also send `X-Forwarded-Host` and `X-Forwarded-Proto` with each request's documented origin,
    /// for a target (such as `errdocs mock`) that tells documented hosts apart by them.
    #[arg(long)]
    pub forwarded: bool,
}

/// `errdocs init`.
#[derive(Debug, Args)]
pub struct InitArgs {
    /// The folder to create the site in (created when missing).
    #[arg(default_value = ".", value_name = "DIR")]
    pub dir: PathBuf,
    /// Also copy the embedded templates into `DIR/templates/`, to edit them.
    #[arg(long)]
    pub templates: bool,
    /// Which small catalog to start from: a general API's errors (400, 422, 429), or an API's
    /// authentication errors (401).
    #[arg(long, value_enum, default_value = "general")]
    pub starter: crate::scaffold::Starter,
}

/// `errdocs new`.
#[derive(Debug, Args)]
pub struct NewArgs {
    /// A status code for an entry (`401`), or `status`, `compare`, `tree` or `guide`.
    #[arg(value_name = "KIND")]
    pub kind: String,
    /// The new file's slug (lower-case letters, digits, hyphens), or the code for `status`.
    #[arg(value_name = "NAME")]
    pub name: String,
    /// The site folder.
    #[arg(long, default_value = ".", value_name = "DIR")]
    pub root: PathBuf,
}

/// `errdocs schema`.
#[derive(Debug, Args)]
pub struct SchemaArgs {
    /// The kind; without it, every kind.
    #[arg(value_parser = clap::builder::PossibleValuesParser::new(crate::schema::KIND_NAMES))]
    pub kind: Option<String>,
    /// Write `<kind>.schema.json` files into this folder instead of printing.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

/// The formats `errdocs export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// A Postman collection (v2.1.0): a folder per entry, each documented side a request whose test
    /// script checks the documented answer, for Postman and Newman.
    Postman,
    /// An OpenAPI 3.1 document: an operation per documented method and path, a named example per
    /// documented side.
    Openapi,
}

/// `errdocs export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The format.
    #[arg(value_enum)]
    pub format: ExportFormat,
    /// Site options.
    #[command(flatten)]
    pub site: SiteArgs,
    /// Write to this file (YAML when it ends in `.yaml` or `.yml`, else JSON) instead of stdout. A
    /// file errdocs did not write is never replaced.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

/// The formats `errdocs import` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ImportFormat {
    /// An OpenAPI 3.0 or 3.1 document (JSON or YAML): an entry per documented error response.
    Openapi,
}

/// `errdocs import`.
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The format.
    #[arg(value_enum)]
    pub format: ImportFormat,
    /// The document to read.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Site options.
    #[command(flatten)]
    pub site: SiteArgs,
}
