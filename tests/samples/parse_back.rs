//! Structural checks for the targets no toolchain here can run (C#, PowerShell): the generated text
//! is read back by a small parser of the string forms the generator writes (literals, escapes,
//! environment reads, URL encoding calls), and the request it describes must equal the request data,
//! compared exactly as the execution tests compare what a capture server records.

use std::collections::HashMap;

use errdocs::catalog::model::Request;
use errdocs::samples::{Lang, encode_component, generate, resolve, to_text};

use crate::capture::Recorded;
use crate::cases;
use crate::check::differences;

/// A cursor over generated source text.
struct Reader<'a> {
    s: &'a str,
    at: usize,
    env: &'a HashMap<String, String>,
}

impl<'a> Reader<'a> {
    fn new(s: &'a str, env: &'a HashMap<String, String>) -> Self {
        Reader { s, at: 0, env }
    }

    fn rest(&self) -> &'a str {
        &self.s[self.at..]
    }

    fn skip_ws(&mut self) {
        let trimmed = self.rest().trim_start();
        self.at = self.s.len() - trimmed.len();
    }

    fn eat(&mut self, lit: &str) -> bool {
        self.skip_ws();
        if self.rest().starts_with(lit) {
            self.at += lit.len();
            true
        } else {
            false
        }
    }

    fn expect(&mut self, lit: &str) {
        assert!(
            self.eat(lit),
            "expected {lit:?} at {:?}",
            &self.rest()[..self.rest().len().min(80)]
        );
    }

    /// Moves past the next occurrence of `lit`; false when there is none.
    fn seek(&mut self, lit: &str) -> bool {
        match self.rest().find(lit) {
            Some(i) => {
                self.at += i + lit.len();
                true
            }
            None => false,
        }
    }

    fn next_char(&mut self) -> char {
        let c = self.rest().chars().next().expect("unexpected end of text");
        self.at += c.len_utf8();
        c
    }

    fn var(&self, name: &str) -> String {
        self.env
            .get(name)
            .cloned()
            .unwrap_or_else(|| panic!("unknown variable {name}"))
    }

    // C#: "literal" | Environment.GetEnvironmentVariable("NAME") | Uri.EscapeDataString(expr), joined by +.

    fn cs_expr(&mut self) -> String {
        let mut out = self.cs_term();
        while self.eat("+") {
            out.push_str(&self.cs_term());
        }
        out
    }

    fn cs_term(&mut self) -> String {
        if self.eat("Environment.GetEnvironmentVariable(") {
            let name = self.cs_string();
            self.expect(")");
            self.var(&name)
        } else if self.eat("Uri.EscapeDataString(") {
            let value = self.cs_expr();
            self.expect(")");
            encode_component(&value)
        } else {
            self.cs_string()
        }
    }

    fn cs_string(&mut self) -> String {
        self.expect("\"");
        let mut out = String::new();
        loop {
            match self.next_char() {
                '"' => return out,
                '\\' => match self.next_char() {
                    '\\' => out.push('\\'),
                    '"' => out.push('"'),
                    '0' => out.push('\0'),
                    'a' => out.push('\u{7}'),
                    'b' => out.push('\u{8}'),
                    'f' => out.push('\u{c}'),
                    'n' => out.push('\n'),
                    'r' => out.push('\r'),
                    't' => out.push('\t'),
                    'v' => out.push('\u{b}'),
                    'u' => out.push(self.hex(4)),
                    'U' => out.push(self.hex(8)),
                    other => panic!("unknown C# escape \\{other}"),
                },
                '\n' => panic!("newline inside a C# string literal"),
                c => out.push(c),
            }
        }
    }

    fn hex(&mut self, digits: usize) -> char {
        let hex = &self.rest()[..digits];
        self.at += digits;
        char::from_u32(u32::from_str_radix(hex, 16).expect("hex digits")).expect("a char")
    }

    // PowerShell: 'single' | "double with `escapes, $env:NAME, ${env:NAME} and $(...)" | @'here'@.

    fn ps_value(&mut self) -> String {
        self.skip_ws();
        if self.eat("$env:") {
            let end = self
                .rest()
                .find(|c: char| !(c.is_alphanumeric() || c == '_'))
                .unwrap_or(self.rest().len());
            let name = self.rest()[..end].to_owned();
            self.at += end;
            return self.var(&name);
        }
        if self.eat("@'\n") {
            let end = self.rest().find("\n'@").expect("here-string end");
            let text = self.rest()[..end].to_owned();
            self.at += end + 3;
            return text;
        }
        let c = self.next_char();
        if is_ps_single(c) {
            let mut out = String::new();
            loop {
                let c = self.next_char();
                if is_ps_single(c) {
                    match self.rest().chars().next() {
                        Some(n) if is_ps_single(n) => {
                            self.next_char();
                            out.push(c);
                        }
                        _ => return out,
                    }
                } else {
                    out.push(c);
                }
            }
        }
        assert!(is_ps_double(c), "expected a PowerShell string, found {c:?}");
        let mut out = String::new();
        loop {
            match self.next_char() {
                c if is_ps_double(c) => return out,
                '`' => match self.next_char() {
                    '0' => out.push('\0'),
                    'a' => out.push('\u{7}'),
                    'b' => out.push('\u{8}'),
                    'e' => out.push('\u{1b}'),
                    'f' => out.push('\u{c}'),
                    'n' => out.push('\n'),
                    'r' => out.push('\r'),
                    't' => out.push('\t'),
                    'v' => out.push('\u{b}'),
                    'u' => {
                        self.expect("{");
                        let end = self.rest().find('}').expect("}");
                        let n = u32::from_str_radix(&self.rest()[..end], 16).expect("hex");
                        self.at += end + 1;
                        out.push(char::from_u32(n).expect("a char"));
                    }
                    other => out.push(other),
                },
                '$' => {
                    if self.rest().starts_with("([uri]::EscapeDataString($env:") {
                        self.at += "([uri]::EscapeDataString($env:".len();
                        let end = self.rest().find("))").expect("))");
                        let name = self.rest()[..end].to_owned();
                        self.at += end + 2;
                        out.push_str(&encode_component(&self.var(&name)));
                    } else if self.rest().starts_with("{env:") {
                        self.at += "{env:".len();
                        let end = self.rest().find('}').expect("}");
                        let name = self.rest()[..end].to_owned();
                        self.at += end + 1;
                        out.push_str(&self.var(&name));
                    } else if self.rest().starts_with("env:") {
                        self.at += "env:".len();
                        let end = self
                            .rest()
                            .find(|c: char| !(c.is_alphanumeric() || c == '_'))
                            .unwrap_or(self.rest().len());
                        let name = self.rest()[..end].to_owned();
                        self.at += end;
                        out.push_str(&self.var(&name));
                    } else {
                        panic!(
                            "unescaped $ in a PowerShell string: {:?}",
                            &self.rest()[..10.min(self.rest().len())]
                        );
                    }
                }
                c => out.push(c),
            }
        }
    }
}

fn is_ps_single(c: char) -> bool {
    matches!(c, '\'' | '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}')
}

fn is_ps_double(c: char) -> bool {
    matches!(c, '"' | '\u{201C}' | '\u{201D}' | '\u{201E}')
}

/// The origin-form target of an absolute URL.
fn target(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let cut = rest.find(['/', '?']).unwrap_or(rest.len());
    rest[cut..].to_owned()
}

fn form_body(fields: &[(String, String)]) -> Vec<u8> {
    fields
        .iter()
        .map(|(k, v)| format!("{}={}", encode_component(k), encode_component(v)))
        .collect::<Vec<_>>()
        .join("&")
        .into_bytes()
}

/// A multipart part as read back from code.
struct ReadPart {
    name: String,
    filename: Option<String>,
    content_type: Option<String>,
    bytes: Vec<u8>,
}

/// The bytes of a file the samples upload.
fn upload(path: &str) -> Vec<u8> {
    std::fs::read(cases::upload_root().join(path)).expect("a test upload")
}

/// The body the client writes for the parts read back, with a boundary of its own.
fn multipart_body(parts: &[ReadPart]) -> (String, Vec<u8>) {
    let boundary = "read-back-boundary";
    let mut out = Vec::new();
    for part in parts {
        let mut head = format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"{}\"",
            part.name
        );
        if let Some(f) = &part.filename {
            head.push_str(&format!("; filename=\"{f}\""));
        }
        head.push_str("\r\n");
        if let Some(t) = &part.content_type {
            head.push_str(&format!("Content-Type: {t}\r\n"));
        }
        head.push_str("\r\n");
        out.extend_from_slice(head.as_bytes());
        out.extend_from_slice(&part.bytes);
        out.extend_from_slice(b"\r\n");
    }
    out.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), out)
}

/// A quoted `Content-Disposition` parameter as the code sets it (`"\"name\""`), unquoted.
fn unquote(value: &str) -> String {
    value
        .strip_prefix('"')
        .and_then(|v| v.strip_suffix('"'))
        .expect("a quoted parameter")
        .to_owned()
}

/// Reads one C# part, after `var part`: its content, `Content-Disposition`, type and `form.Add`.
fn read_csharp_part(r: &mut Reader<'_>) -> ReadPart {
    let end = r.rest().find(' ').unwrap();
    let var = format!("part{}", &r.rest()[..end]);
    r.at += end;
    r.expect("= new ByteArrayContent(");
    let bytes = if r.eat("Encoding.UTF8.GetBytes(") {
        r.cs_string().into_bytes()
    } else {
        r.expect("File.ReadAllBytes(");
        upload(&r.cs_string())
    };
    r.expect("));");
    r.expect(&format!(
        "{var}.Headers.ContentDisposition = new System.Net.Http.Headers.ContentDispositionHeaderValue(\"form-data\") {{ Name ="
    ));
    let name = unquote(&r.cs_string());
    let filename = r.eat(", FileName =").then(|| unquote(&r.cs_string()));
    r.expect("};");
    let content_type = r
        .eat(&format!(
            "{var}.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse("
        ))
        .then(|| {
            let t = r.cs_string();
            r.expect(");");
            t
        });
    r.expect(&format!("form.Add({var});"));
    ReadPart {
        name,
        filename,
        content_type,
        bytes,
    }
}

/// Reads one PowerShell part, after `$part`: its content, `Content-Disposition`, type and `Add`.
fn read_powershell_part(r: &mut Reader<'_>) -> ReadPart {
    let end = r.rest().find(' ').unwrap();
    let var = format!("$part{}", &r.rest()[..end]);
    r.at += end;
    r.expect("= [System.Net.Http.ByteArrayContent]::new(");
    let bytes = if r.eat("[System.Text.Encoding]::UTF8.GetBytes(") {
        let b = r.ps_value().into_bytes();
        r.expect(")");
        b
    } else {
        r.expect("[System.IO.File]::ReadAllBytes((Resolve-Path");
        let path = r.ps_value();
        r.expect(").Path)");
        upload(&path)
    };
    r.expect(")");
    r.expect(&format!(
        "{var}.Headers.ContentDisposition = [System.Net.Http.Headers.ContentDispositionHeaderValue]::new('form-data')"
    ));
    r.expect(&format!("{var}.Headers.ContentDisposition.Name ="));
    let name = unquote(&r.ps_value());
    let filename = r
        .eat(&format!("{var}.Headers.ContentDisposition.FileName ="))
        .then(|| unquote(&r.ps_value()));
    let content_type = r
        .eat(&format!(
            "{var}.Headers.ContentType = [System.Net.Http.Headers.MediaTypeHeaderValue]::Parse("
        ))
        .then(|| {
            let t = r.ps_value();
            r.expect(")");
            t
        });
    r.expect(&format!("$form.Add({var})"));
    ReadPart {
        name,
        filename,
        content_type,
        bytes,
    }
}

/// Reads a C# sample back into the request it sends.
fn read_csharp(code: &str, env: &HashMap<String, String>) -> Recorded {
    let mut r = Reader::new(code, env);
    assert!(r.seek("new HttpRequestMessage("));
    let method = if r.eat("HttpMethod.") {
        let end = r.rest().find(',').unwrap();
        let m = r.rest()[..end].to_ascii_uppercase();
        r.at += end;
        m
    } else {
        r.expect("new HttpMethod(");
        let m = r.cs_string();
        r.expect(")");
        m
    };
    r.expect(",");
    let url = r.cs_expr();
    r.expect(");");
    let mut headers = Vec::new();
    let mut body = Vec::new();
    loop {
        r.skip_ws();
        if r.eat("request.Headers.TryAddWithoutValidation(")
            || r.eat("request.Content.Headers.TryAddWithoutValidation(")
        {
            let name = r.cs_string();
            r.expect(",");
            headers.push((name, r.cs_expr()));
            r.expect(");");
        } else if r.eat("request.Content.Headers.Remove(") {
            r.cs_string();
            r.expect(");");
        } else if r.eat("var form = new MultipartFormDataContent();") {
            let mut parts = Vec::new();
            while r.eat("var part") {
                parts.push(read_csharp_part(&mut r));
            }
            r.expect("request.Content = form;");
            let (ctype, bytes) = multipart_body(&parts);
            headers.push(("Content-Type".to_owned(), ctype));
            body = bytes;
        } else if r.eat("request.Content = new StringContent(") {
            body = r.cs_expr().into_bytes();
            r.expect(");");
        } else if r
            .eat("request.Content = new FormUrlEncodedContent(new Dictionary<string, string>")
        {
            r.expect("{");
            let mut fields = Vec::new();
            while r.eat("[") {
                let k = r.cs_string();
                r.expect("]");
                r.expect("=");
                fields.push((k, r.cs_expr()));
                r.expect(",");
            }
            r.expect("});");
            body = form_body(&fields);
        } else {
            break;
        }
    }
    assert!(
        r.rest()
            .trim_start()
            .starts_with("using var response = await client.SendAsync(request);")
    );
    Recorded {
        method,
        target: target(&url),
        headers,
        body,
    }
}

/// Reads a PowerShell sample back into the request it sends.
fn read_powershell(code: &str, env: &HashMap<String, String>) -> Recorded {
    let mut r = Reader::new(code, env);
    let mut form = None;
    if r.eat("# -Form sends files as application/octet-stream") {
        assert!(r.seek("\n"));
        r.expect("$form = [System.Net.Http.MultipartFormDataContent]::new()");
        let mut parts = Vec::new();
        while r.eat("$part") {
            parts.push(read_powershell_part(&mut r));
        }
        form = Some(multipart_body(&parts));
    }
    r.expect("$request = @{");
    r.expect("Uri =");
    let url = r.ps_value();
    let method = if r.eat("Method =") {
        r.ps_value().to_ascii_uppercase()
    } else {
        r.expect("CustomMethod =");
        r.ps_value()
    };
    let mut headers = Vec::new();
    let mut body = Vec::new();
    loop {
        if r.eat("Headers = [ordered]@{") {
            while !r.eat("}") {
                let name = r.ps_value();
                r.expect("=");
                headers.push((name, r.ps_value()));
            }
        } else if r.eat("ContentType =") {
            headers.push(("Content-Type".to_owned(), r.ps_value()));
        } else if r.eat("Body = $form") {
            let (ctype, bytes) = form.take().expect("a $form built before the request");
            headers.push(("Content-Type".to_owned(), ctype));
            body = bytes;
        } else if r.eat("Form = [ordered]@{") {
            // -Form sends a file under its own name as application/octet-stream.
            let mut parts = Vec::new();
            while !r.eat("}") {
                let name = r.ps_value();
                r.expect("=");
                r.expect("Get-Item");
                let path = r.ps_value();
                parts.push(ReadPart {
                    name,
                    filename: Some(path.rsplit('/').next().unwrap().to_owned()),
                    content_type: Some("application/octet-stream".to_owned()),
                    bytes: upload(&path),
                });
            }
            let (ctype, bytes) = multipart_body(&parts);
            headers.push(("Content-Type".to_owned(), ctype));
            body = bytes;
        } else if r.eat("Body = [ordered]@{") {
            let mut fields = Vec::new();
            while !r.eat("}") {
                let k = r.ps_value();
                r.expect("=");
                fields.push((k, r.ps_value()));
            }
            body = form_body(&fields);
        } else if r.eat("Body =") {
            body = r.ps_value().into_bytes();
        } else {
            break;
        }
    }
    r.expect("SkipHttpErrorCheck = $true");
    r.expect("}");
    r.expect("$response = Invoke-WebRequest @request");
    Recorded {
        method,
        target: target(&url),
        headers,
        body,
    }
}

fn check_all(lang: Lang, read: fn(&str, &HashMap<String, String>) -> Recorded) {
    let env = cases::env();
    let mut failures = Vec::new();
    let requests = cases::all();
    for (i, request) in requests.iter().enumerate() {
        let code = to_text(&generate(request, lang));
        let got = read(&code, &env);
        let expected: Request = resolve(request, &env);
        let diffs = differences(&expected, &got);
        if !diffs.is_empty() {
            failures.push(format!("case {i}: {}\ncode:\n{code}", diffs.join("\n")));
        }
    }
    assert!(
        failures.is_empty(),
        "{}: {} case(s) differ:\n\n{}",
        lang.name(),
        failures.len(),
        failures.join("\n\n")
    );
}

#[test]
fn csharp_reads_back_as_every_case() {
    check_all(Lang::CSharp, read_csharp);
}

#[test]
fn powershell_reads_back_as_every_case() {
    check_all(Lang::PowerShell, read_powershell);
}
