//! `errdocs serve`: the real binary on a free port, edited while it runs.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

use crate::support::SiteTest;

/// A running `errdocs serve`, killed when dropped.
struct Server {
    child: Child,
    addr: String,
    stderr: Receiver<String>,
}

impl Server {
    fn start(site: &SiteTest, extra: &[&str]) -> Self {
        Self::start_logging(site, extra, None)
    }

    /// [`Server::start`] with `ERRDOCS_LOG` set to `log`.
    fn start_logging(site: &SiteTest, extra: &[&str], log: Option<&str>) -> Self {
        let mut command = Command::new(env!("CARGO_BIN_EXE_errdocs"));
        command.env_remove("ERRDOCS_LOG");
        if let Some(log) = log {
            command.env("ERRDOCS_LOG", log);
        }
        let mut child = command
            .args(["serve", "--port", "0"])
            .args(extra)
            .current_dir(site.root())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start errdocs serve");
        let (tx, stderr) = mpsc::channel();
        let pipe = child.stderr.take().unwrap();
        std::thread::spawn(move || {
            for line in BufReader::new(pipe).lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
        let mut server = Self {
            child,
            addr: String::new(),
            stderr,
        };
        let line = server.wait_for_line("(Ctrl-C stops)", Duration::from_secs(120));
        let url = line
            .split(" at ")
            .nth(1)
            .unwrap()
            .split(' ')
            .next()
            .unwrap();
        server.addr = url
            .trim_start_matches("http://")
            .split('/')
            .next()
            .unwrap()
            .to_owned();
        server
    }

    /// Waits for a line of stderr containing `needle`.
    fn wait_for_line(&self, needle: &str, timeout: Duration) -> String {
        let deadline = Instant::now() + timeout;
        let mut seen = Vec::new();
        while let Some(left) = deadline.checked_duration_since(Instant::now()) {
            match self.stderr.recv_timeout(left) {
                Ok(line) if line.contains(needle) => return line,
                Ok(line) => seen.push(line),
                Err(_) => break,
            }
        }
        panic!("no `{needle}` on stderr; saw:\n{}", seen.join("\n"));
    }

    /// Sends a raw request target; returns the status code and the body's bytes.
    fn get_bytes(&self, target: &str) -> (u16, Vec<u8>) {
        let (status, _, body) = self.exchange(target);
        (status, body)
    }

    /// Sends a raw request target; returns the status code, the head (field names in lower case,
    /// as HTTP/1.1 servers may write them in any case) and the body.
    fn get(&self, target: &str) -> (u16, String, String) {
        let (status, head, body) = self.exchange(target);
        (status, head, String::from_utf8_lossy(&body).into_owned())
    }

    /// Sends a raw request target and reads the whole response: the status code, the head (field
    /// names in lower case) and the body, joined from its chunks when it came in chunks.
    fn exchange(&self, target: &str) -> (u16, String, Vec<u8>) {
        let mut stream = TcpStream::connect(&self.addr).unwrap();
        write!(
            stream,
            "GET {target} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
            self.addr
        )
        .unwrap();
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw).unwrap();
        let end = raw
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .map_or(raw.len(), |at| at + 4);
        let head = String::from_utf8_lossy(&raw[..end]);
        let status = head.split(' ').nth(1).unwrap_or("0").parse().unwrap_or(0);
        let head: Vec<String> = head
            .trim_end()
            .lines()
            .map(|l| match l.split_once(':') {
                Some((name, value)) => format!("{}:{value}", name.to_ascii_lowercase()),
                None => l.to_owned(),
            })
            .collect();
        let head = head.join("\r\n");
        let body = if head.contains("transfer-encoding: chunked") {
            dechunk(&raw[end..])
        } else {
            raw[end..].to_vec()
        };
        (status, head, body)
    }

    /// Polls `target` until `accept` holds for its body; returns how long that took.
    fn poll(&self, target: &str, within: Duration, accept: impl Fn(&str) -> bool) -> Duration {
        let started = Instant::now();
        loop {
            let (_, _, body) = self.get(target);
            if accept(&body) {
                return started.elapsed();
            }
            assert!(
                started.elapsed() < within,
                "{target} never matched; last body:\n{body}"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

/// The body of a response sent in chunks (RFC 9112, section 7.1), without trailers.
fn dechunk(mut raw: &[u8]) -> Vec<u8> {
    let mut body = Vec::new();
    loop {
        let line = raw
            .windows(2)
            .position(|w| w == b"\r\n")
            .expect("a chunk size");
        let size = std::str::from_utf8(&raw[..line]).unwrap();
        let size = usize::from_str_radix(size.split(';').next().unwrap().trim(), 16).unwrap();
        raw = &raw[line + 2..];
        if size == 0 {
            return body;
        }
        body.extend_from_slice(&raw[..size]);
        assert_eq!(&raw[size..size + 2], b"\r\n", "a chunk ends with CRLF");
        raw = &raw[size + 2..];
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

const ENTRY: &str = "content/errors/401/expired-token.yaml";

fn edit(site: &SiteTest, from: &str, to: &str) {
    let path = site.root().join(ENTRY);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{from}");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

#[test]
fn an_edit_is_served_within_a_second() {
    let site = SiteTest::fixture("basic");
    let server = Server::start(&site, &[]);
    let (status, head, body) = server.get("/401/expired-token/");
    assert_eq!(status, 200, "{head}");
    assert!(body.contains("<h1>Expired access token</h1>"), "{body}");
    assert!(
        head.contains("content-security-policy: default-src 'self'"),
        "{head}"
    );
    edit(
        &site,
        "title: Expired access token",
        "title: Token past its expiry",
    );
    let took = server.poll("/401/expired-token/", Duration::from_secs(1), |b| {
        b.contains("<h1>Token past its expiry</h1>")
    });
    eprintln!("the edit was served after {took:?}");
    let (_, _, status_page) = server.get("/401/");
    assert!(
        status_page.contains("Token past its expiry"),
        "the status page lists the new title"
    );
    // A change no other page shows re-renders only the entry's own page.
    edit(
        &site,
        "Retry the request once.",
        "Retry the request once, then stop.",
    );
    let line = server.wait_for_line("1 edited entry page(s)", Duration::from_secs(5));
    assert!(
        line.starts_with("site ready after a change to content/errors/401/expired-token.yaml in "),
        "{line}"
    );
    server.poll("/401/expired-token/", Duration::from_secs(1), |b| {
        b.contains("Retry the request once, then stop.")
    });
}

#[test]
fn catalog_json_follows_entry_edits_even_when_they_come_quickly() {
    let site = SiteTest::fixture("basic");
    let server = Server::start(&site, &[]);
    // Edits only the entry's own page shows: catalog.json and the index are rebuilt in the
    // background; a newer build's files must win over an older one's.
    for step in 1..=3 {
        let from = if step == 1 {
            "Retry the request once.".to_owned()
        } else {
            format!("Retry the request once (step {}).", step - 1)
        };
        edit(
            &site,
            &from,
            &format!("Retry the request once (step {step})."),
        );
        std::thread::sleep(Duration::from_millis(120));
    }
    server.poll("/catalog.json", Duration::from_secs(5), |b| {
        b.contains("Retry the request once (step 3).")
    });
    server.poll("/401/expired-token/", Duration::from_secs(1), |b| {
        b.contains("Retry the request once (step 3).")
    });
    std::thread::sleep(Duration::from_millis(500));
    let (_, _, json) = server.get("/catalog.json");
    assert!(
        json.contains("(step 3)") && !json.contains("(step 2)"),
        "a stale catalog.json won"
    );
}

#[test]
fn a_site_broken_from_the_start_shows_its_problems_then_builds() {
    let site = SiteTest::fixture("basic");
    edit(&site, "status: 401\ntitle:", "status: [401\ntitle:");
    let server = Server::start(&site, &[]);
    let (status, _, body) = server.get("/401/expired-token/");
    assert_eq!(status, 503);
    assert!(body.contains("/__errdocs/reload.js"), "{body}");
    let (_, _, state) = server.get("/__errdocs/status");
    assert!(state.contains("expired-token.yaml:1:9"), "{state}");
    edit(&site, "status: [401\ntitle:", "status: 401\ntitle:");
    server.poll("/401/expired-token/", Duration::from_secs(5), |b| {
        b.contains("<h1>Expired access token</h1>")
    });
}

#[test]
fn a_broken_file_shows_its_problem_until_it_is_fixed() {
    let site = SiteTest::fixture("basic");
    let server = Server::start(&site, &[]);
    let mut events = TcpStream::connect(&server.addr).unwrap();
    write!(events, "GET /__errdocs/events HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
    let mut events = BufReader::new(events);
    let first = next_event(&mut events);
    assert!(first.contains("\"problems\":[]"), "{first}");

    edit(&site, "status: 401\ntitle:", "status: [401\ntitle:");
    server.poll("/__errdocs/status", Duration::from_secs(5), |b| {
        b.contains("expired-token.yaml:1:9")
    });
    let (_, _, status) = server.get("/__errdocs/status");
    let json: serde_json::Value = serde_json::from_str(&status).unwrap();
    let problem = &json["problems"][0];
    assert_eq!(
        problem["location"],
        "content/errors/401/expired-token.yaml:1:9"
    );
    let text = problem["text"].as_str().unwrap();
    assert!(
        text.starts_with("content/errors/401/expired-token.yaml:1:9: error: "),
        "{text}"
    );
    assert!(text.contains("1 | status: [401\n  |         ^"), "{text}");
    let broken = next_event(&mut events);
    assert!(broken.contains("expired-token.yaml:1:9"), "{broken}");
    server.wait_for_line("expired-token.yaml:1:9: error:", Duration::from_secs(5));
    let (code, _, page) = server.get("/401/expired-token/");
    assert_eq!(code, 200, "the last good build is still served");
    assert!(page.contains("<h1>Expired access token</h1>"));

    edit(&site, "status: [401\ntitle:", "status: 401\ntitle:");
    server.poll("/__errdocs/status", Duration::from_secs(5), |b| {
        b.contains("\"problems\":[]")
    });
    let fixed = next_event(&mut events);
    assert!(fixed.contains("\"problems\":[]"), "{fixed}");
}

/// The data of the next `state` event on a Server-Sent Events stream.
fn next_event(stream: &mut BufReader<TcpStream>) -> String {
    stream
        .get_ref()
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let mut line = String::new();
    loop {
        line.clear();
        assert!(stream.read_line(&mut line).unwrap() > 0, "the stream ended");
        if let Some(data) = line.strip_prefix("data: ") {
            return data.trim_end().to_owned();
        }
    }
}

#[test]
fn no_path_leaves_the_site() {
    let site = SiteTest::fixture("basic");
    let server = Server::start(&site, &[]);
    for target in [
        "/../errdocs.toml",
        "/%2e%2e/errdocs.toml",
        "/%2E%2E/%2E%2E/etc/passwd",
        "/..%2ferrdocs.toml",
        "/401/../../errdocs.toml",
        "//etc/passwd",
        "/..\\errdocs.toml",
        "/C:/Windows/win.ini",
        "http://127.0.0.1/../errdocs.toml",
        "errdocs.toml",
    ] {
        let (status, _, body) = server.get(target);
        assert_eq!(status, 400, "{target}");
        assert!(!body.contains("title ="), "{target}: {body}");
        assert!(!body.contains("root:"), "{target}: {body}");
    }
    for target in [
        "/errdocs.toml",
        "/content/errors/401/expired-token.yaml",
        "/etc/passwd",
    ] {
        let (status, _, body) = server.get(target);
        assert_eq!(status, 404, "{target}");
        assert!(!body.contains("title ="), "{target}");
        assert!(body.contains("<html"), "{target}: the site's 404 page");
    }
}

#[test]
fn only_served_pages_carry_the_reload_client() {
    let site = SiteTest::fixture("basic");
    let server = Server::start(&site, &[]);
    let (_, _, page) = server.get("/");
    assert!(page.contains(
        "<script src=\"/__errdocs/reload.js\" data-generation=\"1\" data-page=\"index.html\" defer></script></head>"
    ));
    let (status, head, script) = server.get("/__errdocs/reload.js");
    assert_eq!(status, 200);
    assert!(head.contains("content-type: text/javascript"), "{head}");
    assert!(script.contains("new EventSource("), "{script}");
    assert!(
        script.contains("\"/__errdocs/events\"") && script.contains("/__errdocs/events?page="),
        "the client names the page it shows"
    );
    site.build_ok(&[]);
    for file in crate::support::snapshot(&site.out()).keys() {
        let text = site.read(file);
        assert!(
            !text.contains("__errdocs"),
            "{file} mentions the reload client"
        );
    }
}

#[test]
fn a_busy_port_is_a_clear_error() {
    let site = SiteTest::fixture("basic");
    let taken = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let run = site.run(&["serve", "--port", &port]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains(&format!(
            "cannot listen on 127.0.0.1:{port}: the port is in use"
        )),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
}

#[test]
fn ctrl_c_stops_cleanly() {
    let site = SiteTest::fixture("basic");
    let mut server = Server::start(&site, &[]);
    let pid = server.child.id().to_string();
    let sent = Command::new("kill").args(["-INT", &pid]).status().unwrap();
    assert!(sent.success());
    server.wait_for_line("stopped", Duration::from_secs(10));
    let status = server.child.wait().unwrap();
    assert_eq!(status.code(), Some(0));
}

#[test]
fn a_base_path_is_served_under_its_prefix() {
    let site = SiteTest::fixture("basic");
    let server = Server::start(&site, &["--base-url", "/docs/"]);
    let (status, head, _) = server.get("/");
    assert_eq!(status, 301);
    assert!(head.contains("location: /docs/"), "{head}");
    let (status, _, body) = server.get("/docs/401/expired-token/");
    assert_eq!(status, 200);
    assert!(
        body.contains("href=\"/docs/401/\""),
        "links use the base path"
    );
    assert_eq!(server.get("/docs/401").0, 301);
}

#[test]
fn a_content_folder_replaced_at_once_is_still_watched() {
    let site = SiteTest::fixture("basic");
    let server = Server::start(&site, &[]);
    let (content, fresh) = (site.root().join("content"), site.root().join("content-new"));
    copy_tree(&content, &fresh);
    std::fs::remove_dir_all(&content).unwrap();
    std::fs::rename(&fresh, &content).unwrap();
    server.wait_for_line("after changes to content", Duration::from_secs(5));
    edit(
        &site,
        "title: Expired access token",
        "title: Token past its expiry",
    );
    server.poll("/401/expired-token/", Duration::from_secs(5), |b| {
        b.contains("<h1>Token past its expiry</h1>")
    });
}

fn copy_tree(from: &std::path::Path, to: &std::path::Path) {
    for item in walkdir::WalkDir::new(from) {
        let item = item.unwrap();
        let target = to.join(item.path().strip_prefix(from).unwrap());
        if item.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(item.path(), &target).unwrap();
        }
    }
}

#[test]
fn slow_and_malformed_clients_do_not_lock_others_out() {
    let site = SiteTest::fixture("basic");
    let server = Server::start(&site, &[]);
    // 300 clients that start a request and never finish its header.
    let slow: Vec<TcpStream> = (0..300)
        .map(|_| {
            let mut s = TcpStream::connect(&server.addr).unwrap();
            s.write_all(b"GET / HTTP/1.1\r\nHost: x\r\nX-Slow: ")
                .unwrap();
            s
        })
        .collect();
    // Malformed requests get an error answer (or a closed connection), never a crash.
    for raw in [
        &b"\x00\x01\x02garbage\r\n\r\n"[..],
        b"GET\r\n\r\n",
        b"GET / HTTP/9.9\r\n\r\n",
        b"GET / HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n",
        b"GET / HTTP/1.1\r\nBad Header\r\n\r\n",
    ] {
        let mut s = TcpStream::connect(&server.addr).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
        s.write_all(raw).unwrap();
        let mut answer = Vec::new();
        let _ = s.read_to_end(&mut answer);
        let text = String::from_utf8_lossy(&answer);
        assert!(
            text.is_empty() || text.starts_with("HTTP/1.1 4"),
            "{raw:?} got {text}"
        );
    }
    // A header far larger than the read buffer is refused.
    let mut s = TcpStream::connect(&server.addr).unwrap();
    let big = format!(
        "GET / HTTP/1.1\r\nHost: x\r\nX-Big: {}\r\n\r\n",
        "a".repeat(1_000_000)
    );
    let _ = s.write_all(big.as_bytes());
    let mut answer = Vec::new();
    let _ = s.read_to_end(&mut answer);
    let text = String::from_utf8_lossy(&answer);
    assert!(
        text.is_empty() || text.starts_with("HTTP/1.1 431"),
        "{text}"
    );
    // Everyone else is still served while the slow ones hang on.
    let (status, _, body) = server.get("/401/expired-token/");
    assert_eq!(status, 200);
    assert!(body.contains("Expired access token"));
    // The slow clients are dropped once the header deadline passes.
    let mut first = slow.into_iter().next().unwrap();
    first
        .set_read_timeout(Some(Duration::from_secs(60)))
        .unwrap();
    let mut rest = Vec::new();
    let read = first.read_to_end(&mut rest);
    assert!(
        read.is_ok() || rest.is_empty(),
        "the slow connection was not closed"
    );
}

/// The body of a served file as `build` writes it: an HTML page without the reload client's tags.
fn without_client(path: &str, mut body: Vec<u8>) -> Vec<u8> {
    if !path.ends_with(".html") {
        return body;
    }
    let start = b"<link rel=\"stylesheet\" href=\"/__errdocs/reload.css\">";
    let find = |hay: &[u8], needle: &[u8]| hay.windows(needle.len()).position(|w| w == needle);
    let at = find(&body, start).unwrap_or_else(|| panic!("{path} has no reload client"));
    let end = at + find(&body[at..], b"</script>").unwrap() + b"</script>".len();
    body.drain(at..end);
    body
}

#[test]
fn the_served_site_is_byte_for_byte_a_build() {
    for base in ["/", "/docs/"] {
        let site = SiteTest::fixture("basic");
        site.build_ok(&["--base-url", base]);
        let built = crate::support::snapshot(&site.out());
        let server = Server::start(&site, &["--base-url", base]);
        assert!(built.len() > 20, "{}", built.len());
        for (path, bytes) in &built {
            let target = format!("{base}{}", path.replace(' ', "%20"));
            let (status, body) = server.get_bytes(&target);
            assert_eq!(status, 200, "{target}");
            assert!(
                without_client(path, body) == *bytes,
                "{target} is not what build wrote"
            );
        }
        // The files that hold the whole catalog are sent as they are made, never held whole.
        for file in ["catalog.json", "llms-full.txt"] {
            let (status, head, _) = server.get(&format!("{base}{file}"));
            assert_eq!(status, 200, "{file}");
            assert!(
                head.contains("transfer-encoding: chunked"),
                "{file}: {head}"
            );
        }
    }
}

#[test]
fn pages_are_rendered_when_requested_not_before() {
    let site = SiteTest::fixture("basic");
    let server = Server::start_logging(&site, &[], Some("errdocs::site::live=debug"));
    let (status, _, body) = server.get("/");
    assert_eq!(status, 200);
    assert!(body.contains("Fixture reference"), "{body}");
    let (status, _, _) = server.get("/401/");
    assert_eq!(status, 200);
    // Only what was asked for was rendered; a page asked for again comes from memory.
    server.get("/");
    let mut rendered = Vec::new();
    while let Ok(line) = server.stderr.recv_timeout(Duration::from_millis(500)) {
        if line.contains("rendered") {
            rendered.push(line);
        }
    }
    assert_eq!(rendered.len(), 2, "{rendered:#?}");
    assert!(rendered[0].contains("\"index.html\""), "{}", rendered[0]);
    assert!(
        rendered[1].contains("\"401/index.html\""),
        "{}",
        rendered[1]
    );
}

#[test]
fn a_page_that_fails_to_render_shows_why_and_the_others_are_served() {
    let site = SiteTest::fixture("basic");
    site.file("templates/guide.html", "{{ item.no_such_field.deeper }}");
    let server = Server::start(&site, &[]);
    let (status, _, _) = server.get("/401/expired-token/");
    assert_eq!(status, 200, "a template only guides use fails nothing else");
    let (status, _, body) = server.get("/guides/handling-401/");
    assert_eq!(status, 500);
    assert!(
        body.contains("/__errdocs/reload.js"),
        "the overlay can show: {body}"
    );
    let (_, _, state) = server.get("/__errdocs/status");
    assert!(state.contains("templates/guide.html"), "{state}");
    server.wait_for_line("templates/guide.html", Duration::from_secs(5));
    std::fs::remove_file(site.root().join("templates/guide.html")).unwrap();
    server.poll("/guides/handling-401/", Duration::from_secs(10), |b| {
        b.contains("<h1>") && !b.contains("failed to render")
    });
    let (_, _, state) = server.get("/__errdocs/status");
    assert!(state.contains("\"problems\":[]"), "{state}");
}

#[test]
fn open_pages_are_rendered_before_they_are_told_to_reload() {
    let site = SiteTest::fixture("basic");
    let server = Server::start(&site, &[]);
    let open = |page: &str| {
        let (status, _, _) = server.get(&format!("/{}", page.trim_end_matches("index.html")));
        assert_eq!(status, 200);
        let mut events = TcpStream::connect(&server.addr).unwrap();
        let query = page.replace('/', "%2F");
        write!(
            events,
            "GET /__errdocs/events?page={query} HTTP/1.1\r\nHost: x\r\n\r\n"
        )
        .unwrap();
        let mut events = BufReader::new(events);
        next_event(&mut events);
        events
    };
    let mut entry = open("401/expired-token/index.html");
    let _comparison = open("compare/401-vs-403/index.html");
    // Give the streams time to be counted.
    std::thread::sleep(Duration::from_millis(200));
    edit(
        &site,
        "title: Expired access token",
        "title: Token past its expiry",
    );
    let line = server.wait_for_line("every page to render again", Duration::from_secs(10));
    assert!(line.ends_with("; 2 open page(s) rendered"), "{line}");
    let state: serde_json::Value = serde_json::from_str(&next_event(&mut entry)).unwrap();
    let revision = state["history"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(revision["changed"], serde_json::Value::Null);
    assert_eq!(
        revision["unchanged"],
        serde_json::json!(["compare/401-vs-403/index.html"]),
        "the comparison does not show the title: its page stays"
    );
    let (_, _, page) = server.get("/401/expired-token/");
    assert!(page.contains("<h1>Token past its expiry</h1>"));
}

/// Requests every file a build of `site` writes now from `server`, and checks each is that file.
fn assert_serves_a_build(server: &Server, site: &SiteTest, when: &str) {
    site.build_ok(&["--base-url", "/"]);
    let built = crate::support::snapshot(&site.out());
    assert!(built.len() > 50, "{}", built.len());
    for (path, bytes) in &built {
        let (status, body) = server.get_bytes(&format!("/{}", path.replace(' ', "%20")));
        assert_eq!(status, 200, "{path} {when}");
        assert!(
            without_client(path, body) == *bytes,
            "{path} is not what build wrote {when}"
        );
    }
}

#[test]
fn the_served_site_stays_a_build_across_edits() {
    let site = SiteTest::empty();
    let example = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/parcel-api");
    crate::support::copy_dir(&example, site.root());
    let server = Server::start(&site, &["--base-url", "/"]);
    // Every page is requested, so the server holds them all when the edits come.
    assert_serves_a_build(&server, &site, "at the start");
    let path = site
        .root()
        .join("content/errors/409/pickup-slot-taken.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    for (from, to, what) in [
        (
            "A courier collects parcels",
            "A courier picks up parcels",
            "after an edit of the entry's own page",
        ),
        (
            "title: Pickup slot already taken",
            "title: Pickup window taken meanwhile",
            "after an edit of a title other pages show",
        ),
    ] {
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{from}");
        std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
        server.wait_for_line("site ready after a change", Duration::from_secs(30));
        assert_serves_a_build(&server, &site, what);
    }
    assert_ne!(std::fs::read_to_string(&path).unwrap(), text);
}
