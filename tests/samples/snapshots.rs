//! Snapshots of each target's output for representative requests, and the rule the renderer relies
//! on: when two requests differ in one part, every line that differs carries that part.

use errdocs::catalog::model::Request;
use errdocs::samples::{Lang, Part, generate, to_text};

/// A form login with a placeholder, as an OAuth client sends it.
const REFRESH: &str = "method: POST\nurl: https://auth.example.com/oauth/token\nheaders:\n  Accept: application/json\nform:\n  grant_type: refresh_token\n  refresh_token: ${REFRESH_TOKEN}\n";

/// A JSON update with a query, a bearer token, and a hostile string value.
const ORDER: &str = "method: PUT\nurl: https://api.example.com/v1/orders/42\nquery: {dry_run: \"it's true\"}\nheaders:\n  Authorization: Bearer ${ACCESS_TOKEN}\njson:\n  note: \"'; rm -rf ~; ' $HOME `id` \\\\ \\\"q\\\"\"\n  items: [1, 2]\n";

fn request(yaml: &str) -> Request {
    serde_yaml::from_str(yaml).expect("valid request")
}

fn check(yaml: &str, lang: Lang, expected: &str) {
    let actual = to_text(&generate(&request(yaml), lang));
    assert!(
        actual == expected,
        "{} snapshot differs; now:\n{actual}",
        lang.name()
    );
}

macro_rules! snapshot {
    ($name:ident, $request:ident, $lang:expr, $expected:expr) => {
        #[test]
        fn $name() {
            check($request, $lang, $expected);
        }
    };
}

snapshot!(
    refresh_http,
    REFRESH,
    Lang::Http,
    r###"POST /oauth/token HTTP/1.1
Host: auth.example.com
Accept: application/json
Content-Type: application/x-www-form-urlencoded

grant_type=refresh_token&refresh_token=example-refresh-token
"###
);

snapshot!(
    refresh_curl,
    REFRESH,
    Lang::Curl,
    r###"curl -i https://auth.example.com/oauth/token \
  -H 'Accept: application/json' \
  -H 'Content-Type: application/x-www-form-urlencoded' \
  --data-urlencode grant_type=refresh_token \
  --data-urlencode "refresh_token=$REFRESH_TOKEN"
"###
);

snapshot!(
    refresh_httpie,
    REFRESH,
    Lang::Httpie,
    r###"http --form POST https://auth.example.com/oauth/token \
  Accept:application/json \
  Content-Type:application/x-www-form-urlencoded \
  grant_type=refresh_token \
  "refresh_token=$REFRESH_TOKEN"
"###
);

snapshot!(
    refresh_javascript,
    REFRESH,
    Lang::JavaScript,
    r###"const response = await fetch("https://auth.example.com/oauth/token", {
  method: "POST",
  headers: {
    "Accept": "application/json",
    "Content-Type": "application/x-www-form-urlencoded",
  },
  body: new URLSearchParams({
    "grant_type": "refresh_token",
    "refresh_token": process.env.REFRESH_TOKEN,
  }),
});

console.log(response.status, response.statusText);
console.log(await response.text());
"###
);

snapshot!(
    refresh_python,
    REFRESH,
    Lang::Python,
    r###"import os

import requests

response = requests.post(
    "https://auth.example.com/oauth/token",
    headers={
        "Accept": "application/json",
        "Content-Type": "application/x-www-form-urlencoded",
    },
    data={
        "grant_type": "refresh_token",
        "refresh_token": os.environ["REFRESH_TOKEN"],
    },
)
print(response.status_code, response.reason)
print(response.text)
"###
);

snapshot!(
    refresh_go,
    REFRESH,
    Lang::Go,
    r###"package main

import (
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strings"
)

func main() {
	form := url.Values{}
	form.Set("grant_type", "refresh_token")
	form.Set("refresh_token", os.Getenv("REFRESH_TOKEN"))
	body := strings.NewReader(form.Encode())
	req, err := http.NewRequest(http.MethodPost, "https://auth.example.com/oauth/token", body)
	if err != nil {
		panic(err)
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")

	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		panic(err)
	}
	defer resp.Body.Close()

	respBody, err := io.ReadAll(resp.Body)
	if err != nil {
		panic(err)
	}
	fmt.Println(resp.Status)
	fmt.Println(string(respBody))
}
"###
);

snapshot!(
    refresh_java,
    REFRESH,
    Lang::Java,
    r###"import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

public class Main {
    public static void main(String[] args) throws Exception {
        String body = "grant_type=refresh_token"
            + "&refresh_token=" + URLEncoder.encode(System.getenv("REFRESH_TOKEN"), StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(URI.create("https://auth.example.com/oauth/token"))
            .header("Accept", "application/json")
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
        HttpResponse<String> response = HttpClient.newHttpClient()
            .send(request, HttpResponse.BodyHandlers.ofString());
        System.out.println(response.statusCode());
        System.out.println(response.body());
    }
}
"###
);

snapshot!(
    refresh_csharp,
    REFRESH,
    Lang::CSharp,
    r###"using var client = new HttpClient();
using var request = new HttpRequestMessage(HttpMethod.Post, "https://auth.example.com/oauth/token");
request.Headers.TryAddWithoutValidation("Accept", "application/json");
request.Content = new FormUrlEncodedContent(new Dictionary<string, string>
{
    ["grant_type"] = "refresh_token",
    ["refresh_token"] = Environment.GetEnvironmentVariable("REFRESH_TOKEN"),
});
request.Content.Headers.Remove("Content-Type");
request.Content.Headers.TryAddWithoutValidation("Content-Type", "application/x-www-form-urlencoded");

using var response = await client.SendAsync(request);
Console.WriteLine((int)response.StatusCode);
Console.WriteLine(await response.Content.ReadAsStringAsync());
"###
);

snapshot!(
    refresh_rust,
    REFRESH,
    Lang::Rust,
    r###"use std::env;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client = reqwest::blocking::Client::new();
    let response = client
        .post("https://auth.example.com/oauth/token")
        .header("Accept", "application/json")
        .header("Content-Type", "application/x-www-form-urlencoded")
        .form(&[
            ("grant_type", "refresh_token"),
            ("refresh_token", env::var("REFRESH_TOKEN")?.as_str()),
        ])
        .send()?;

    println!("{}", response.status());
    println!("{}", response.text()?);
    Ok(())
}
"###
);

snapshot!(
    refresh_php,
    REFRESH,
    Lang::Php,
    r###"<?php

$ch = curl_init('https://auth.example.com/oauth/token');
curl_setopt_array($ch, [
    CURLOPT_HTTPHEADER => [
        'Accept: application/json',
        'Content-Type: application/x-www-form-urlencoded',
    ],
    CURLOPT_POSTFIELDS => http_build_query([
        'grant_type' => 'refresh_token',
        'refresh_token' => getenv('REFRESH_TOKEN'),
    ]),
    CURLOPT_RETURNTRANSFER => true,
]);

$body = curl_exec($ch);
echo curl_getinfo($ch, CURLINFO_RESPONSE_CODE), PHP_EOL;
echo $body, PHP_EOL;
"###
);

snapshot!(
    refresh_ruby,
    REFRESH,
    Lang::Ruby,
    r###"require "net/http"

uri = URI("https://auth.example.com/oauth/token")
request = Net::HTTP::Post.new(uri)
request["Accept"] = "application/json"
request["Content-Type"] = "application/x-www-form-urlencoded"
request.body = URI.encode_www_form(
  "grant_type" => "refresh_token",
  "refresh_token" => ENV.fetch("REFRESH_TOKEN")
)

response = Net::HTTP.start(uri.hostname, uri.port, use_ssl: uri.scheme == "https") do |http|
  http.request(request)
end
puts response.code
puts response.body
"###
);

snapshot!(
    refresh_powershell,
    REFRESH,
    Lang::PowerShell,
    r###"$request = @{
    Uri = 'https://auth.example.com/oauth/token'
    Method = 'Post'
    Headers = [ordered]@{
        'Accept' = 'application/json'
    }
    ContentType = 'application/x-www-form-urlencoded'
    Body = [ordered]@{
        'grant_type' = 'refresh_token'
        'refresh_token' = $env:REFRESH_TOKEN
    }
    SkipHttpErrorCheck = $true
}
$response = Invoke-WebRequest @request
$response.StatusCode
$response.Content
"###
);

snapshot!(
    order_http,
    ORDER,
    Lang::Http,
    r###"PUT /v1/orders/42?dry_run=it%27s%20true HTTP/1.1
Host: api.example.com
Authorization: Bearer example-access-token
Content-Type: application/json

{
  "note": "'; rm -rf ~; ' $HOME `id` \\ \"q\"",
  "items": [
    1,
    2
  ]
}
"###
);

snapshot!(
    order_curl,
    ORDER,
    Lang::Curl,
    r###"curl -i -X PUT 'https://api.example.com/v1/orders/42?dry_run=it%27s%20true' \
  -H "Authorization: Bearer $ACCESS_TOKEN" \
  -H 'Content-Type: application/json' \
  --data-raw '{
  "note": "'\''; rm -rf ~; '\'' $HOME `id` \\ \"q\"",
  "items": [
    1,
    2
  ]
}'
"###
);

snapshot!(
    order_httpie,
    ORDER,
    Lang::Httpie,
    r###"http PUT 'https://api.example.com/v1/orders/42?dry_run=it%27s%20true' \
  "Authorization:Bearer $ACCESS_TOKEN" \
  Content-Type:application/json \
  --raw '{
  "note": "'\''; rm -rf ~; '\'' $HOME `id` \\ \"q\"",
  "items": [
    1,
    2
  ]
}'
"###
);

snapshot!(
    order_javascript,
    ORDER,
    Lang::JavaScript,
    r###"const response = await fetch("https://api.example.com/v1/orders/42?dry_run=it%27s%20true", {
  method: "PUT",
  headers: {
    "Authorization": `Bearer ${process.env.ACCESS_TOKEN}`,
    "Content-Type": "application/json",
  },
  body: JSON.stringify({
    "note": "'; rm -rf ~; ' $HOME `id` \\ \"q\"",
    "items": [
      1,
      2,
    ],
  }),
});

console.log(response.status, response.statusText);
console.log(await response.text());
"###
);

snapshot!(
    order_python,
    ORDER,
    Lang::Python,
    r###"import os

import requests

response = requests.put(
    "https://api.example.com/v1/orders/42",
    params={
        "dry_run": "it's true",
    },
    headers={
        "Authorization": "Bearer " + os.environ["ACCESS_TOKEN"],
        "Content-Type": "application/json",
    },
    json={
        "note": "'; rm -rf ~; ' $HOME `id` \\ \"q\"",
        "items": [
            1,
            2,
        ],
    },
)
print(response.status_code, response.reason)
print(response.text)
"###
);

snapshot!(
    order_go,
    ORDER,
    Lang::Go,
    r###"package main

import (
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
)

func main() {
	body := strings.NewReader("{\n" +
		"  \"note\": \"'; rm -rf ~; ' $HOME `id` \\\\ \\\"q\\\"\",\n" +
		"  \"items\": [\n" +
		"    1,\n" +
		"    2\n" +
		"  ]\n" +
		"}")
	req, err := http.NewRequest(http.MethodPut, "https://api.example.com/v1/orders/42?dry_run=it%27s%20true", body)
	if err != nil {
		panic(err)
	}
	req.Header.Set("Authorization", "Bearer "+os.Getenv("ACCESS_TOKEN"))
	req.Header.Set("Content-Type", "application/json")

	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		panic(err)
	}
	defer resp.Body.Close()

	respBody, err := io.ReadAll(resp.Body)
	if err != nil {
		panic(err)
	}
	fmt.Println(resp.Status)
	fmt.Println(string(respBody))
}
"###
);

snapshot!(
    order_java,
    ORDER,
    Lang::Java,
    r###"import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

public class Main {
    public static void main(String[] args) throws Exception {
        String body = "{\n"
            + "  \"note\": \"'; rm -rf ~; ' $HOME `id` \\\\ \\\"q\\\"\",\n"
            + "  \"items\": [\n"
            + "    1,\n"
            + "    2\n"
            + "  ]\n"
            + "}";
        HttpRequest request = HttpRequest.newBuilder(URI.create("https://api.example.com/v1/orders/42?dry_run=it%27s%20true"))
            .header("Authorization", "Bearer " + System.getenv("ACCESS_TOKEN"))
            .header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString(body))
            .build();
        HttpResponse<String> response = HttpClient.newHttpClient()
            .send(request, HttpResponse.BodyHandlers.ofString());
        System.out.println(response.statusCode());
        System.out.println(response.body());
    }
}
"###
);

snapshot!(
    order_csharp,
    ORDER,
    Lang::CSharp,
    r###"using var client = new HttpClient();
using var request = new HttpRequestMessage(HttpMethod.Put, "https://api.example.com/v1/orders/42?dry_run=it%27s%20true");
request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + Environment.GetEnvironmentVariable("ACCESS_TOKEN"));
request.Content = new StringContent("{\n"
    + "  \"note\": \"'; rm -rf ~; ' $HOME `id` \\\\ \\\"q\\\"\",\n"
    + "  \"items\": [\n"
    + "    1,\n"
    + "    2\n"
    + "  ]\n"
    + "}");
request.Content.Headers.Remove("Content-Type");
request.Content.Headers.TryAddWithoutValidation("Content-Type", "application/json");

using var response = await client.SendAsync(request);
Console.WriteLine((int)response.StatusCode);
Console.WriteLine(await response.Content.ReadAsStringAsync());
"###
);

snapshot!(
    order_rust,
    ORDER,
    Lang::Rust,
    r###"use std::env;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client = reqwest::blocking::Client::new();
    let response = client
        .put("https://api.example.com/v1/orders/42?dry_run=it%27s%20true")
        .header("Authorization", format!("Bearer {}", env::var("ACCESS_TOKEN")?))
        .header("Content-Type", "application/json")
        .body(r#"{
  "note": "'; rm -rf ~; ' $HOME `id` \\ \"q\"",
  "items": [
    1,
    2
  ]
}"#)
        .send()?;

    println!("{}", response.status());
    println!("{}", response.text()?);
    Ok(())
}
"###
);

snapshot!(
    order_php,
    ORDER,
    Lang::Php,
    r###"<?php

$ch = curl_init('https://api.example.com/v1/orders/42?dry_run=it%27s%20true');
curl_setopt_array($ch, [
    CURLOPT_CUSTOMREQUEST => 'PUT',
    CURLOPT_HTTPHEADER => [
        'Authorization: Bearer ' . getenv('ACCESS_TOKEN'),
        'Content-Type: application/json',
    ],
    CURLOPT_POSTFIELDS => '{
  "note": "\'; rm -rf ~; \' $HOME `id` \\\\ \\"q\\"",
  "items": [
    1,
    2
  ]
}',
    CURLOPT_RETURNTRANSFER => true,
]);

$body = curl_exec($ch);
echo curl_getinfo($ch, CURLINFO_RESPONSE_CODE), PHP_EOL;
echo $body, PHP_EOL;
"###
);

snapshot!(
    order_ruby,
    ORDER,
    Lang::Ruby,
    r###"require "net/http"

uri = URI("https://api.example.com/v1/orders/42?dry_run=it%27s%20true")
request = Net::HTTP::Put.new(uri)
request["Authorization"] = "Bearer #{ENV.fetch("ACCESS_TOKEN")}"
request["Content-Type"] = "application/json"
request.body = "{\n" \
  "  \"note\": \"'; rm -rf ~; ' $HOME `id` \\\\ \\\"q\\\"\",\n" \
  "  \"items\": [\n" \
  "    1,\n" \
  "    2\n" \
  "  ]\n" \
  "}"

response = Net::HTTP.start(uri.hostname, uri.port, use_ssl: uri.scheme == "https") do |http|
  http.request(request)
end
puts response.code
puts response.body
"###
);

snapshot!(
    order_powershell,
    ORDER,
    Lang::PowerShell,
    r###"$request = @{
    Uri = 'https://api.example.com/v1/orders/42?dry_run=it%27s%20true'
    Method = 'Put'
    Headers = [ordered]@{
        'Authorization' = "Bearer $env:ACCESS_TOKEN"
    }
    ContentType = 'application/json'
    Body = @'
{
  "note": "'; rm -rf ~; ' $HOME `id` \\ \"q\"",
  "items": [
    1,
    2
  ]
}
'@
    SkipHttpErrorCheck = $true
}
$response = Invoke-WebRequest @request
$response.StatusCode
$response.Content
"###
);

/// Every line that differs between the two requests' samples, with its part.
fn differing(a: &Request, b: &Request, lang: Lang) -> Vec<(Part, String)> {
    let (la, lb) = (generate(a, lang), generate(b, lang));
    let mut out = Vec::new();
    for line in la
        .iter()
        .filter(|l| !lb.iter().any(|m| m == *l))
        .chain(lb.iter().filter(|l| !la.iter().any(|m| m == *l)))
    {
        out.push((line.part.clone(), line.plain().to_owned()));
    }
    out
}

fn assert_only(a: &str, b: &str, part: &Part) {
    let (a, b) = (request(a), request(b));
    for &lang in Lang::ALL {
        let lines = differing(&a, &b, lang);
        assert!(!lines.is_empty(), "{}: no line differs", lang.name());
        for (p, text) in lines {
            assert_eq!(&p, part, "{}: line {text:?}", lang.name());
        }
    }
}

#[test]
fn a_changed_header_marks_only_its_lines() {
    let base = "method: GET\nurl: https://a.example/x\nheaders:\n  Accept: application/json\n";
    assert_only(
        &format!("{base}  Authorization: Bearer ${{OLD_TOKEN}}\n"),
        &format!("{base}  Authorization: Bearer ${{ACCESS_TOKEN}}\n"),
        &Part::Header("authorization".into()),
    );
}

#[test]
fn a_changed_body_marks_only_body_lines() {
    let head = "method: POST\nurl: https://a.example/x\nheaders:\n  Accept: application/json\n";
    assert_only(
        &format!("{head}json: {{a: 1, b: [x]}}\n"),
        &format!("{head}json: {{a: 2, b: [y]}}\n"),
        &Part::Body,
    );
    assert_only(
        &format!("{head}form: {{a: '1'}}\n"),
        &format!("{head}form: {{a: '2'}}\n"),
        &Part::Body,
    );
}

#[test]
fn a_changed_url_marks_only_target_lines() {
    assert_only(
        "method: DELETE\nurl: https://a.example/v1/x\nquery: {q: '1'}\n",
        "method: DELETE\nurl: https://a.example/v2/x\nquery: {q: '1'}\n",
        &Part::Target,
    );
}

#[test]
fn names_and_labels_are_the_fixed_vocabulary() {
    let names: Vec<&str> = Lang::ALL.iter().map(|l| l.name()).collect();
    assert_eq!(
        names,
        [
            "http",
            "curl",
            "httpie",
            "javascript",
            "python",
            "go",
            "java",
            "csharp",
            "rust",
            "php",
            "ruby",
            "powershell"
        ]
    );
    for &lang in Lang::ALL {
        assert_eq!(Lang::from_name(lang.name()), Some(lang));
        assert!(!lang.label().is_empty());
    }
    assert_eq!(Lang::from_name("cobol"), None);
}

#[test]
fn the_raw_message_shows_a_fake_secret() {
    let text = to_text(&generate(&request(ORDER), Lang::Http));
    assert!(
        text.contains("Authorization: Bearer example-access-token\n"),
        "{text}"
    );
    assert!(!text.contains("${"), "{text}");
}
