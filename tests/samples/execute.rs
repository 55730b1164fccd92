//! Runs the generated code of each language against a capture server and compares what arrived with
//! the request data. Each language runs all its cases in one process (one script, or one program
//! that calls every sample), since starting a JVM or building a Go program per case is slow.
//!
//! A missing toolchain prints a SKIP line; with `ERRDOCS_REQUIRE_TOOLCHAINS=1` it fails instead.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use errdocs::catalog::model::{PartContent, Request};
use errdocs::samples::{Lang, Piece, generate, pieces, resolve, substitute, to_text};

use crate::capture::Server;
use crate::cases;
use crate::check::differences;

/// Whether a program is on the PATH and runs.
fn have(program: &str, arg: &str) -> bool {
    Command::new(program)
        .arg(arg)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// Prints a SKIP line, or fails when every toolchain is required.
fn skip(lang: &str, why: &str) {
    if std::env::var("ERRDOCS_REQUIRE_TOOLCHAINS").is_ok_and(|v| v == "1") {
        panic!("{lang}: toolchain required but missing: {why}");
    }
    // Straight to stderr, past the test harness's capture, so a skip is always seen.
    let _ = writeln!(std::io::stderr(), "SKIP {lang}: {why}");
}

/// A fresh scratch directory for one language, kept for a look with `ERRDOCS_KEEP_SCRATCH=1`.
fn scratch(lang: &str) -> tempfile::TempDir {
    let mut dir = tempfile::Builder::new()
        .prefix(&format!("errdocs-{lang}-"))
        .tempdir()
        .unwrap();
    if std::env::var("ERRDOCS_KEEP_SCRATCH").is_ok_and(|v| v == "1") {
        eprintln!("{lang}: scratch kept in {}", dir.path().display());
        dir.disable_cleanup(true);
    }
    copy_uploads(dir.path());
    dir
}

/// Copies the files the multipart cases upload into `dir/files`, where the samples read them.
fn copy_uploads(dir: &Path) {
    let from = cases::upload_root().join("files");
    let to = dir.join("files");
    std::fs::create_dir_all(&to).unwrap();
    for file in std::fs::read_dir(&from).unwrap() {
        let file = file.unwrap();
        std::fs::copy(file.path(), to.join(file.file_name())).unwrap();
    }
}

/// Runs a command with the sample environment and fails the test with its output if it fails.
fn run(lang: &str, mut command: Command, dir: &Path) -> String {
    command
        .current_dir(dir)
        .envs(cases::env())
        .env("LANG", "C.UTF-8")
        .stdin(Stdio::null());
    let output = command
        .output()
        .unwrap_or_else(|e| panic!("{lang}: cannot start: {e}"));
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        output.status.success(),
        "{lang}: exited with {}\nstdout:\n{stdout}\nstderr:\n{}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    stdout
}

/// The cases for one language, pointed at `server`, minus those `supported` rejects.
fn cases_for(server: &Server, supported: impl Fn(&Request) -> bool) -> Vec<Request> {
    cases::all()
        .iter()
        .map(|r| cases::at_port(r, server.port))
        .filter(|r| supported(r))
        .collect()
}

/// Compares every recorded request with its case, in order.
fn compare(lang: &str, server: &Server, requests: &[Request], programs: &[String]) {
    let env = cases::env();
    let recorded = server.take();
    let mut failures = Vec::new();
    for (i, request) in requests.iter().enumerate() {
        let expected = resolve(request, &env);
        let diffs = match recorded.get(i) {
            Some(got) => differences(&expected, got),
            None => vec!["no request arrived".to_owned()],
        };
        if !diffs.is_empty() {
            failures.push(format!(
                "case {i}: {}\nrequest: {request:?}\ncode:\n{}",
                diffs.join("\n"),
                programs[i]
            ));
        }
        if failures.len() >= 3 {
            break;
        }
    }
    assert!(
        recorded.len() == requests.len() || !failures.is_empty(),
        "{lang}: {} requests arrived for {} cases",
        recorded.len(),
        requests.len()
    );
    assert!(
        failures.is_empty(),
        "{lang}: {} case(s) differ:\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
    let _ = writeln!(
        std::io::stderr(),
        "{lang}: {} requests matched",
        requests.len()
    );
}

fn texts(requests: &[Request], lang: Lang) -> Vec<String> {
    requests
        .iter()
        .map(|r| to_text(&generate(r, lang)))
        .collect()
}

/// Runs a shell script of every sample, one after another.
fn run_shell(lang: Lang, prelude: &str, supported: impl Fn(&Request) -> bool) {
    let server = Server::start();
    let requests = cases_for(&server, supported);
    let programs = texts(&requests, lang);
    let dir = scratch(lang.name());
    let script = format!("set -e\n{prelude}\n{}", programs.join("\n"));
    std::fs::write(dir.path().join("samples.sh"), script).unwrap();
    let mut command = Command::new("bash");
    // HOME is the scratch directory: no ~/.curlrc or HTTPie config applies, and were quoting ever
    // broken, the hostile `rm -rf ~` in the cases would only reach the scratch directory.
    command
        .arg("samples.sh")
        .env("HOME", dir.path())
        .env("HTTPIE_CONFIG_DIR", dir.path());
    run(lang.name(), command, dir.path());
    compare(lang.name(), &server, &requests, &programs);
}

#[test]
fn curl_sends_every_case() {
    if !have("curl", "--version") {
        return skip("curl", "curl not found");
    }
    run_shell(Lang::Curl, "", |_| true);
}

/// Whether HTTPie's item syntax can write text: no backslash right before one of `:;=@`.
fn httpie_text_ok(text: &str) -> bool {
    !text
        .as_bytes()
        .windows(2)
        .any(|w| w[0] == b'\\' && b":;=@".contains(&w[1]))
}

/// Whether a field name can be an HTTPie item.
fn httpie_name_ok(name: &str) -> bool {
    httpie_text_ok(name) && !name.ends_with('\\') && !name.starts_with('-')
}

/// The documented limit of the HTTPie target: items (header fields, query fields from the first
/// one with a placeholder on, and the fields of a form with a placeholder) cannot hold a backslash
/// right before one of `:;=@`, nor a name that ends in a backslash or starts with `-`.
fn httpie_can_write(request: &Request) -> bool {
    let env = cases::env();
    let uses_env = |v: &str| pieces(v).iter().any(|p| !matches!(p, Piece::Text(_)));
    let item_ok =
        |(k, v): (&String, &String)| httpie_name_ok(k) && httpie_text_ok(&substitute(v, &env));
    let headers_ok = resolve(request, &env)
        .headers
        .values()
        .flat_map(|v| v.values().to_vec())
        .all(|v| httpie_text_ok(&v));
    let first = request
        .query
        .values()
        .position(|v| uses_env(v))
        .unwrap_or(request.query.len());
    let query_ok = request.query.iter().skip(first).all(item_ok);
    let form_ok = request
        .form
        .as_ref()
        .is_none_or(|f| !f.values().any(|v| uses_env(v)) || f.iter().all(item_ok));
    headers_ok && query_ok && form_ok
}

#[test]
fn httpie_sends_every_case() {
    if !have("http", "--version") {
        return skip("httpie", "http (HTTPie) not found");
    }
    // Test scaffolding: a script's stdin is not a terminal, which HTTPie would read as the body.
    let prelude = "http() { command http --ignore-stdin \"$@\"; }";
    run_shell(Lang::Httpie, prelude, httpie_can_write);
}

#[test]
fn javascript_sends_every_case() {
    if !have("node", "--version") {
        return skip("javascript", "node not found");
    }
    let server = Server::start();
    let requests = cases_for(&server, |_| true);
    let programs = texts(&requests, Lang::JavaScript);
    let dir = scratch("javascript");
    let script: String = programs.iter().map(|p| format!("{{\n{p}}}\n")).collect();
    std::fs::write(dir.path().join("samples.mjs"), script).unwrap();
    let mut command = Command::new("node");
    command.arg("samples.mjs");
    run("javascript", command, dir.path());
    // FormData sends each line break of a multipart text field as CRLF, as the HTML standard's
    // form encoding says (the generated code says so in a comment).
    let expected: Vec<Request> = requests
        .iter()
        .cloned()
        .map(|mut r| {
            for part in r.multipart.iter_mut().flatten() {
                if let PartContent::Text(value) = &mut part.content {
                    *value = value
                        .replace("\r\n", "\n")
                        .replace('\r', "\n")
                        .replace('\n', "\r\n");
                }
            }
            r
        })
        .collect();
    compare("javascript", &server, &expected, &programs);
}

#[test]
fn python_sends_every_case() {
    if !have("python3", "--version") {
        return skip("python", "python3 not found");
    }
    if !Command::new("python3")
        .args(["-c", "import requests"])
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
    {
        return skip(
            "python",
            "python3 has no requests module (pip install requests)",
        );
    }
    let server = Server::start();
    let requests = cases_for(&server, |_| true);
    let programs = texts(&requests, Lang::Python);
    let dir = scratch("python");
    std::fs::write(dir.path().join("samples.py"), programs.join("\n")).unwrap();
    let mut command = Command::new("python3");
    command.arg("samples.py");
    run("python", command, dir.path());
    compare("python", &server, &requests, &programs);
}

/// Splits a generated Go program into its imports and the code from `func main()` on.
fn go_parts(program: &str) -> (Vec<String>, String) {
    let start = program.find("import (\n").expect("an import block") + "import (\n".len();
    let end = start + program[start..].find("\n)\n").expect("end of imports");
    let imports = program[start..end]
        .lines()
        .map(|l| l.trim().to_owned())
        .collect();
    let main = program.find("func main() {").expect("func main");
    (imports, program[main..].to_owned())
}

#[test]
fn go_sends_every_case() {
    if !have("go", "version") {
        return skip("go", "go not found");
    }
    let server = Server::start();
    let requests = cases_for(&server, |_| true);
    let programs = texts(&requests, Lang::Go);
    let dir = scratch("go");

    // Every program is gofmt-clean on its own.
    let fmt_dir = dir.path().join("each");
    std::fs::create_dir(&fmt_dir).unwrap();
    for (i, p) in programs.iter().enumerate() {
        std::fs::write(fmt_dir.join(format!("s{i}.go")), p).unwrap();
    }
    let mut gofmt = Command::new("gofmt");
    gofmt.arg("-l").arg(&fmt_dir);
    let unformatted = run("go", gofmt, dir.path());
    assert!(
        unformatted.trim().is_empty(),
        "go: not gofmt-clean: {unformatted}"
    );

    let mut imports: Vec<String> = Vec::new();
    let mut bodies = String::new();
    for (i, p) in programs.iter().enumerate() {
        let (imp, main) = go_parts(p);
        for line in imp {
            if !imports.contains(&line) {
                imports.push(line);
            }
        }
        bodies.push_str(&main.replacen("func main() {", &format!("func sample{i}() {{"), 1));
        bodies.push('\n');
    }
    let calls: String = (0..programs.len())
        .map(|i| format!("\tsample{i}()\n"))
        .collect();
    let program = format!(
        "package main\n\nimport (\n\t{}\n)\n\n{bodies}\nfunc main() {{\n{calls}}}\n",
        imports.join("\n\t")
    );
    std::fs::write(dir.path().join("main.go"), program).unwrap();
    let mut command = Command::new("go");
    command
        .args(["run", "main.go"])
        .env("GO111MODULE", "off")
        .env("GOFLAGS", "");
    run("go", command, dir.path());
    compare("go", &server, &requests, &programs);
}

#[test]
fn java_sends_every_case() {
    if !have("java", "-version") {
        return skip("java", "java not found");
    }
    let server = Server::start();
    let requests = cases_for(&server, |_| true);
    let programs = texts(&requests, Lang::Java);
    let dir = scratch("java");
    let mut imports: Vec<String> = Vec::new();
    let mut classes = String::new();
    for (i, p) in programs.iter().enumerate() {
        for line in p.lines().filter(|l| l.starts_with("import ")) {
            if !imports.iter().any(|x| x == line) {
                imports.push(line.to_owned());
            }
        }
        let class = p.find("public class Main {").expect("class Main");
        classes.push_str(&p[class..].replacen(
            "public class Main {",
            &format!("class Sample{i} {{"),
            1,
        ));
    }
    let calls: String = (0..programs.len())
        .map(|i| format!("        Sample{i}.main(args);\n"))
        .collect();
    let program = format!(
        "{}\n\npublic class Main {{\n    public static void main(String[] args) throws Exception {{\n{calls}    }}\n}}\n\n{classes}",
        imports.join("\n")
    );
    std::fs::write(dir.path().join("Main.java"), program).unwrap();
    let mut command = Command::new("java");
    command.args(["-Dfile.encoding=UTF-8", "Main.java"]);
    run("java", command, dir.path());
    // java.net.http sends Proxy-Authorization only through a proxy configured on the client (the
    // generated code says so in a comment); straight to the origin, it drops the field.
    let expected: Vec<Request> = requests
        .iter()
        .cloned()
        .map(|mut r| {
            r.headers
                .retain(|name, _| !name.eq_ignore_ascii_case("proxy-authorization"));
            r
        })
        .collect();
    compare("java", &server, &expected, &programs);
}

#[test]
fn php_sends_every_case() {
    if !Command::new("php")
        .args(["-r", "exit(function_exists('curl_init') ? 0 : 1);"])
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
    {
        return skip("php", "php with the curl extension not found");
    }
    let server = Server::start();
    let requests = cases_for(&server, |_| true);
    let programs = texts(&requests, Lang::Php);
    let dir = scratch("php");
    let mut script = String::from("<?php\n");
    for p in &programs {
        script.push_str(p.strip_prefix("<?php\n").expect("starts with <?php"));
    }
    std::fs::write(dir.path().join("samples.php"), script).unwrap();
    let mut command = Command::new("php");
    command.arg("samples.php");
    run("php", command, dir.path());
    compare("php", &server, &requests, &programs);
}

#[test]
fn ruby_sends_every_case() {
    if !have("ruby", "--version") {
        return skip("ruby", "ruby not found");
    }
    let server = Server::start();
    let requests = cases_for(&server, |_| true);
    let programs = texts(&requests, Lang::Ruby);
    let dir = scratch("ruby");
    std::fs::write(dir.path().join("samples.rb"), programs.join("\n")).unwrap();
    let mut command = Command::new("ruby");
    command.arg("samples.rb");
    run("ruby", command, dir.path());
    compare("ruby", &server, &requests, &programs);
}

/// The cargo project the Rust samples are built in; kept between runs so reqwest builds once.
fn rust_project() -> PathBuf {
    PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("rust-samples")
}

#[test]
fn rust_sends_every_case() {
    if !have("cargo", "--version") {
        return skip("rust", "cargo not found");
    }
    let project = rust_project();
    std::fs::create_dir_all(project.join("src")).unwrap();
    std::fs::write(
        project.join("Cargo.toml"),
        "[package]\nname = \"rust-samples\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n\
         [dependencies]\nreqwest = { version = \"0.12\", default-features = false, features = [\"blocking\", \"multipart\"] }\n\n\
         [profile.dev]\ndebug = false\n\n[workspace]\n",
    )
    .unwrap();
    std::fs::write(project.join("src/main.rs"), "fn main() {}\n").unwrap();
    copy_uploads(&project);
    let fetched = Command::new("cargo")
        .arg("fetch")
        .current_dir(&project)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !fetched {
        return skip("rust", "reqwest could not be fetched from crates.io");
    }

    let server = Server::start();
    let requests = cases_for(&server, |_| true);
    let programs = texts(&requests, Lang::Rust);
    let mut main = String::new();
    for (i, p) in programs.iter().enumerate() {
        let module = p.replacen("fn main()", "pub fn main()", 1);
        main.push_str(&format!("mod sample{i} {{\n{module}}}\n\n"));
    }
    main.push_str("fn main() -> Result<(), Box<dyn std::error::Error>> {\n");
    for i in 0..programs.len() {
        main.push_str(&format!("    sample{i}::main()?;\n"));
    }
    main.push_str("    Ok(())\n}\n");
    std::fs::write(project.join("src/main.rs"), main).unwrap();
    let mut command = Command::new("cargo");
    command
        .args(["run", "--quiet"])
        .env("CARGO_TARGET_DIR", project.join("target"))
        .env("RUSTFLAGS", "-A warnings");
    run("rust", command, &project);
    compare("rust", &server, &requests, &programs);
}
