//! Every lint: its stable code, severity, family, one-line summary, rationale and a bad and a good
//! example, as `errdocs explain CODE` prints them and `docs/lints.md` lists them.
//!
//! The codes are a contract: `allow:` lists, `--format json` consumers and CI scripts name them.
//! Never rename one; retire it and add a new one. This module holds data only.

use crate::diagnostic::Severity;

/// Which rules a lint comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Family {
    /// HTTP semantics: RFC 9110 §11, authentication.
    Rfc9110,
    /// Authentication schemes: RFC 6750 (Bearer) and RFC 7617 (Basic).
    Schemes,
    /// Problem details: RFC 9457.
    Problem,
    /// Sample pairs and bodies.
    Samples,
    /// Catalog hygiene: summaries, references, links.
    Hygiene,
    /// The `allow` lists themselves.
    Allow,
}

impl Family {
    /// A short name for listings.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::Rfc9110 => "RFC 9110",
            Self::Schemes => "RFC 6750 / RFC 7617",
            Self::Problem => "RFC 9457",
            Self::Samples => "samples",
            Self::Hygiene => "hygiene",
            Self::Allow => "allow",
        }
    }
}

/// The stage that reports a code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Reported by `resolve`; the catalog cannot be built until it is fixed.
    Resolve,
    /// Reported by the lint stage.
    Lint,
}

/// One lint.
#[derive(Debug)]
pub struct Lint {
    /// The stable kebab-case code, e.g. `missing-www-authenticate`.
    pub code: &'static str,
    /// How bad a finding is.
    pub severity: Severity,
    /// Which rules it comes from.
    pub family: Family,
    /// Which stage reports it.
    pub stage: Stage,
    /// Whether an entry's `allow:` list may silence it.
    pub allowable: bool,
    /// What it checks, in one line.
    pub summary: &'static str,
    /// Why, in a paragraph or two.
    pub rationale: &'static str,
    /// A catalog file that triggers it.
    pub bad: &'static str,
    /// The same file, fixed.
    pub good: &'static str,
}

/// Looks a lint up by its code.
#[must_use]
pub fn find(code: &str) -> Option<&'static Lint> {
    LINTS.iter().copied().find(|l| l.code == code)
}

/// Every lint, in the order of `docs/lints.md`.
pub static LINTS: &[&Lint] = &[
    MISSING_WWW_AUTHENTICATE,
    MISSING_PROXY_AUTHENTICATE,
    MISSING_ALLOW,
    MISSING_UPGRADE,
    MISSING_CONTENT_RANGE,
    MISSING_LOCATION,
    INVALID_RETRY_AFTER,
    INVALID_RATELIMIT,
    FIELD_ERROR_POINTER,
    INVALID_CHALLENGE,
    INVALID_CREDENTIALS,
    BEARER_ERROR_CODE,
    BEARER_ERROR_STATUS,
    BASIC_MISSING_REALM,
    PROBLEM_NOT_OBJECT,
    PROBLEM_MISSING_TITLE,
    PROBLEM_STATUS_MISMATCH,
    ABOUT_BLANK_TITLE,
    UNKNOWN_PROBLEM_TYPE,
    DUPLICATE_PROBLEM_TYPE,
    INVALID_PROBLEM_TYPE,
    INVALID_JSON_BODY,
    INCORRECT_SAMPLE_STATUS,
    CORRECT_SAMPLE_STATUS,
    IDENTICAL_SAMPLE_REQUESTS,
    AMBIGUOUS_REQUEST,
    MISSING_SAMPLE_PAIR,
    UNKNOWN_VARIES,
    MISSING_SUMMARY,
    INSECURE_REFERENCE_URL,
    UNSAFE_URL,
    MARKUP_TOO_DEEP,
    DUPLICATE_ID,
    UNRESOLVED_REFERENCE,
    TREE_UNREACHABLE,
    UNKNOWN_LINT,
    LINT_NOT_ALLOWABLE,
];

/// A `varies` item that names nothing the entry documents.
pub static UNKNOWN_VARIES: &Lint = &Lint {
    code: "unknown-varies",
    severity: Severity::Warning,
    family: Family::Samples,
    stage: Stage::Lint,
    allowable: true,
    summary: "a `varies` item that names no header field or body member of the entry's documented responses",
    rationale: "`varies` lists what `errdocs verify` leaves out of its comparison because it differs by \
nature between environments: a header field by name, or a body member by JSON Pointer (RFC 6901, \
starting with `/`). An item that names nothing documented leaves out nothing, most often because of \
a typing mistake, and the value the writer meant to exempt is still compared.",
    bad: "status: 429
title: Rate limit exceeded
summary: Too many requests in a minute.
varies: [Retry-Afer]
response:
  status: 429
  headers:
    Retry-After: \"30\"
samples:
  - title: Wait, then send the same request
    incorrect:
      request: {method: GET, url: https://api.example.com/orders}
    correct:
      later: after the `Retry-After` delay
      response: {status: 200}
",
    good: "status: 429
title: Rate limit exceeded
summary: Too many requests in a minute.
varies: [Retry-After]
response:
  status: 429
  headers:
    Retry-After: \"30\"
samples:
  - title: Wait, then send the same request
    incorrect:
      request: {method: GET, url: https://api.example.com/orders}
    correct:
      later: after the `Retry-After` delay
      response: {status: 200}
",
};

/// A 401 response without `WWW-Authenticate`.
pub static MISSING_WWW_AUTHENTICATE: &Lint = &Lint {
    code: "missing-www-authenticate",
    severity: Severity::Error,
    family: Family::Rfc9110,
    stage: Stage::Lint,
    allowable: true,
    summary: "a 401 response without a `WWW-Authenticate` field",
    rationale: "RFC 9110 §15.5.2: a server generating a 401 (Unauthorized) response MUST send a \
WWW-Authenticate header field containing at least one challenge applicable to the target resource. \
Without it a client cannot tell how to authenticate, and generic clients and OAuth libraries that \
read the challenge fail. This applies to every documented response: the entry's, a sample's and a \
status overview's.",
    bad: "status: 401
title: Missing token
summary: The request has no credentials.
response:
  status: 401
  headers:
    Content-Type: application/problem+json
  body: {title: Unauthorized, status: 401}
",
    good: "status: 401
title: Missing token
summary: The request has no credentials.
response:
  status: 401
  headers:
    WWW-Authenticate: Bearer realm=\"api\"
    Content-Type: application/problem+json
  body: {title: Unauthorized, status: 401}
",
};

/// A 407 response without `Proxy-Authenticate`.
pub static MISSING_PROXY_AUTHENTICATE: &Lint = &Lint {
    code: "missing-proxy-authenticate",
    severity: Severity::Error,
    family: Family::Rfc9110,
    stage: Stage::Lint,
    allowable: true,
    summary: "a 407 response without a `Proxy-Authenticate` field",
    rationale: "RFC 9110 §15.5.8: the proxy MUST send a Proxy-Authenticate header field \
containing a challenge applicable to that proxy for the request. `WWW-Authenticate` belongs to the \
origin server and does not replace it.",
    bad: "status: 407
title: Proxy wants credentials
summary: The proxy stops the request.
response:
  status: 407
  headers:
    WWW-Authenticate: Basic realm=\"proxy\"
",
    good: "status: 407
title: Proxy wants credentials
summary: The proxy stops the request.
response:
  status: 407
  headers:
    Proxy-Authenticate: Basic realm=\"proxy\"
",
};

/// A 405 response without an `Allow` field.
pub static MISSING_ALLOW: &Lint = &Lint {
    code: "missing-allow",
    severity: Severity::Error,
    family: Family::Rfc9110,
    stage: Stage::Lint,
    allowable: true,
    summary: "a 405 response without an `Allow` field",
    rationale: "RFC 9110 §15.5.6: the origin server MUST generate an Allow header field in a 405 (Method Not \
Allowed) response, listing the methods the target resource does support. A client (or a person) \
reading the response learns from it what to send instead.",
    bad: "status: 405
title: Method not allowed
summary: An example.
response:
  status: 405
  headers:
    Content-Type: text/plain
",
    good: "status: 405
title: Method not allowed
summary: An example.
response:
  status: 405
  headers:
    Allow: GET, HEAD
    Content-Type: text/plain
",
};

/// A 426 response without an `Upgrade` field.
pub static MISSING_UPGRADE: &Lint = &Lint {
    code: "missing-upgrade",
    severity: Severity::Error,
    family: Family::Rfc9110,
    stage: Stage::Lint,
    allowable: true,
    summary: "a 426 response without an `Upgrade` field",
    rationale: "RFC 9110 §15.5.22: the server MUST send an Upgrade header field in a 426 (Upgrade Required) \
response to say which protocols it requires.",
    bad: "status: 426
title: Upgrade required
summary: An example.
response:
  status: 426
",
    good: "status: 426
title: Upgrade required
summary: An example.
response:
  status: 426
  headers:
    Upgrade: HTTP/2
    Connection: Upgrade
",
};

/// A 416 response without a `Content-Range` field.
pub static MISSING_CONTENT_RANGE: &Lint = &Lint {
    code: "missing-content-range",
    severity: Severity::Warning,
    family: Family::Rfc9110,
    stage: Stage::Lint,
    allowable: true,
    summary: "a 416 response without a `Content-Range` field",
    rationale: "RFC 9110 §15.5.17: a server generating a 416 (Range Not Satisfiable) response to a byte-range \
request SHOULD send a Content-Range header field with an unsatisfied-range value (`bytes */1234`), \
which tells the client the current length of the representation.",
    bad: "status: 416
title: Range past the end
summary: An example.
response:
  status: 416
",
    good: "status: 416
title: Range past the end
summary: An example.
response:
  status: 416
  headers:
    Content-Range: bytes */1234
",
};

/// A 301, 302, 303, 307 or 308 response without a `Location` field.
pub static MISSING_LOCATION: &Lint = &Lint {
    code: "missing-location",
    severity: Severity::Warning,
    family: Family::Rfc9110,
    stage: Stage::Lint,
    allowable: true,
    summary: "a 301, 302, 303, 307 or 308 response without a `Location` field",
    rationale: "RFC 9110 §15.4: for 301, 302, 303, 307 and 308 the server SHOULD generate a Location header field \
with the URI to follow; without it a client cannot redirect, and most treat the response as final.",
    bad: "status: 308
title: Moved for good
summary: An example.
response:
  status: 308
",
    good: "status: 308
title: Moved for good
summary: An example.
response:
  status: 308
  headers:
    Location: https://api.example.com/v2/orders
",
};

/// A `Retry-After` value that is neither delay-seconds nor an HTTP-date.
pub static INVALID_RETRY_AFTER: &Lint = &Lint {
    code: "invalid-retry-after",
    severity: Severity::Error,
    family: Family::Rfc9110,
    stage: Stage::Lint,
    allowable: true,
    summary: "a `Retry-After` value that is neither delay-seconds nor an HTTP-date",
    rationale: "RFC 9110 §10.2.3: `Retry-After = HTTP-date / delay-seconds`, where delay-seconds is a whole number \
of seconds (digits only) and an HTTP-date is sent in the IMF-fixdate form (`Sun, 06 Nov 1994 \
08:49:37 GMT`, §5.6.7). Clients that honour the field cannot read `30s`, `1.5` or an ISO 8601 date, \
and fall back to retrying at once.",
    bad: "status: 429
title: Too many requests
summary: An example.
response:
  status: 429
  headers:
    Retry-After: 30s
",
    good: "status: 429
title: Too many requests
summary: An example.
response:
  status: 429
  headers:
    Retry-After: 30
",
};

/// `RateLimit`, `RateLimit-Policy` (or the older `RateLimit-Limit`, `-Remaining`, `-Reset`) fields that are not valid Structured Fields.
pub static INVALID_RATELIMIT: &Lint = &Lint {
    code: "invalid-ratelimit",
    severity: Severity::Error,
    family: Family::Rfc9110,
    stage: Stage::Lint,
    allowable: true,
    summary: "`RateLimit`, `RateLimit-Policy` (or the older `RateLimit-Limit`, `-Remaining`, `-Reset`) fields that are not valid Structured Fields",
    rationale: "The RateLimit header fields (IETF HTTPAPI draft `draft-ietf-httpapi-ratelimit-headers`) are \
Structured Fields (RFC 9651): `RateLimit` and `RateLimit-Policy` are Lists whose items carry \
integer parameters (`q` quota, `w` window, `r` remaining, `t` reset, all non-negative); the older \
`RateLimit-Limit`, `RateLimit-Remaining` and `RateLimit-Reset` are each one non-negative Integer. A \
value that does not parse is ignored by clients that follow the draft.",
    bad: "status: 429
title: Too many requests
summary: An example.
response:
  status: 429
  headers:
    Retry-After: 30
    RateLimit-Policy: '\"default\"; q=100; w=60s'
",
    good: "status: 429
title: Too many requests
summary: An example.
response:
  status: 429
  headers:
    Retry-After: 30
    RateLimit-Policy: '\"default\";q=100;w=60'
    RateLimit: '\"default\";r=0;t=30'
",
};

/// A field error whose JSON Pointer points nowhere in the request body it answers.
pub static FIELD_ERROR_POINTER: &Lint = &Lint {
    code: "field-error-pointer",
    severity: Severity::Warning,
    family: Family::Problem,
    stage: Stage::Lint,
    allowable: true,
    summary: "a field error whose JSON Pointer points nowhere in the request body it answers",
    rationale: "A problem body may list field errors as an extension member (RFC 9457 §3.2 shows `errors` with \
`detail` and `pointer`). The pointer (RFC 6901) names the part of the request body that is wrong; \
when it names nothing in the documented incorrect request, the reader cannot tell which field to \
fix, and the example contradicts itself.",
    bad: "status: 422
title: Invalid order
summary: A field of the order is invalid.
response:
  status: 422
  headers:
    Content-Type: application/problem+json
  body:
    type: https://api.example.com/problems/invalid-order
    title: Invalid order
    status: 422
    errors:
      - {pointer: /items/0/quantty, detail: must be positive}
samples:
  - title: Send a positive quantity
    incorrect:
      request:
        method: POST
        url: https://api.example.com/orders
        json: {items: [{sku: A1, quantity: -1}]}
    correct:
      request:
        method: POST
        url: https://api.example.com/orders
        json: {items: [{sku: A1, quantity: 1}]}
      response: {status: 201}
",
    good: "status: 422
title: Invalid order
summary: A field of the order is invalid.
response:
  status: 422
  headers:
    Content-Type: application/problem+json
  body:
    type: https://api.example.com/problems/invalid-order
    title: Invalid order
    status: 422
    errors:
      - {pointer: /items/0/quantity, detail: must be positive}
samples:
  - title: Send a positive quantity
    incorrect:
      request:
        method: POST
        url: https://api.example.com/orders
        json: {items: [{sku: A1, quantity: -1}]}
    correct:
      request:
        method: POST
        url: https://api.example.com/orders
        json: {items: [{sku: A1, quantity: 1}]}
      response: {status: 201}
",
};

/// A challenge that does not parse.
pub static INVALID_CHALLENGE: &Lint = &Lint {
    code: "invalid-challenge",
    severity: Severity::Error,
    family: Family::Rfc9110,
    stage: Stage::Lint,
    allowable: true,
    summary: "a `WWW-Authenticate` or `Proxy-Authenticate` value that does not parse as challenges",
    rationale: "RFC 9110 §11.6.1 and §11.7.1 define the value as a comma-separated list of \
challenges: `auth-scheme [ 1*SP ( token68 / #auth-param ) ]`, each auth-param being \
`token BWS \"=\" BWS ( token / quoted-string )`. A parameter name occurs only once per challenge \
(§11.2), and a `realm` value is always sent as a quoted string (§11.5). Clients parse this field \
strictly; a value outside the grammar is ignored or misread, so the documented response would \
teach readers a header that does not work. The diagnostic points at the first character that \
leaves the grammar.",
    bad: "status: 401
title: Missing token
summary: The request has no credentials.
response:
  status: 401
  headers:
    WWW-Authenticate: Bearer realm=\"api\" error=\"invalid_token\"
",
    good: "status: 401
title: Missing token
summary: The request has no credentials.
response:
  status: 401
  headers:
    WWW-Authenticate: Bearer realm=\"api\", error=\"invalid_token\"
",
};

/// Credentials that do not parse.
pub static INVALID_CREDENTIALS: &Lint = &Lint {
    code: "invalid-credentials",
    severity: Severity::Error,
    family: Family::Rfc9110,
    stage: Stage::Lint,
    allowable: true,
    summary: "an `Authorization` or `Proxy-Authorization` value in a correct request whose scheme is \
not a token, or that does not parse as credentials",
    rationale: "RFC 9110 §11.4: `credentials = auth-scheme [ 1*SP ( token68 / #auth-param ) ]`, and \
the scheme is a token, so `Bearer: abc` or `\"Bearer\" abc` name no scheme at all and the server \
rejects them. Only the correct side of a sample pair is checked: an incorrect request may show a \
malformed header on purpose. `${NAME}` placeholders stand for a token68 value.",
    bad: "status: 401
title: Malformed header
summary: The scheme is followed by a colon.
response:
  status: 401
  headers:
    WWW-Authenticate: Bearer realm=\"api\"
samples:
  - title: Send the scheme, one space, the token
    incorrect:
      request: {method: GET, url: \"https://api.example.com/me\", headers: {Authorization: \"Bearer: ${TOKEN}\"}}
    correct:
      request: {method: GET, url: \"https://api.example.com/me\", headers: {Authorization: \"Bearer: ${TOKEN}\"}}
      response: {status: 200}
",
    good: "status: 401
title: Malformed header
summary: The scheme is followed by a colon.
response:
  status: 401
  headers:
    WWW-Authenticate: Bearer realm=\"api\"
samples:
  - title: Send the scheme, one space, the token
    incorrect:
      request: {method: GET, url: \"https://api.example.com/me\", headers: {Authorization: \"Bearer: ${TOKEN}\"}}
    correct:
      request: {method: GET, url: \"https://api.example.com/me\", headers: {Authorization: \"Bearer ${TOKEN}\"}}
      response: {status: 200}
",
};

/// A Bearer `error` code that RFC 6750 does not define.
pub static BEARER_ERROR_CODE: &Lint = &Lint {
    code: "bearer-error-code",
    severity: Severity::Error,
    family: Family::Schemes,
    stage: Stage::Lint,
    allowable: true,
    summary: "a Bearer challenge whose `error` is not `invalid_request`, `invalid_token`, \
`insufficient_scope` (RFC 6750) or `insufficient_user_authentication` (RFC 9470)",
    rationale: "RFC 6750 §3.1 defines the error codes a resource server puts in a Bearer \
challenge, and RFC 9470 §3 registers `insufficient_user_authentication`. Clients branch on these \
exact strings (refresh on `invalid_token`, ask for consent on `insufficient_scope`); an invented \
code, or a token-endpoint code such as `invalid_grant`, matches none of those branches.",
    bad: "status: 401
title: Expired token
summary: The token's `exp` has passed.
response:
  status: 401
  headers:
    WWW-Authenticate: Bearer realm=\"api\", error=\"token_expired\"
",
    good: "status: 401
title: Expired token
summary: The token's `exp` has passed.
response:
  status: 401
  headers:
    WWW-Authenticate: Bearer realm=\"api\", error=\"invalid_token\", error_description=\"The token expired\"
",
};

/// A Bearer `error` code sent with the wrong status.
pub static BEARER_ERROR_STATUS: &Lint = &Lint {
    code: "bearer-error-status",
    severity: Severity::Error,
    family: Family::Schemes,
    stage: Stage::Lint,
    allowable: true,
    summary: "a Bearer `error` paired with the wrong status: `invalid_request` goes with 400, \
`invalid_token` with 401, `insufficient_scope` with 403",
    rationale: "RFC 6750 §3.1 ties each error code to a status: `invalid_request` to 400 (Bad \
Request), `invalid_token` to 401 (Unauthorized), `insufficient_scope` to 403 (Forbidden); RFC \
9470 ties `insufficient_user_authentication` to 401. A client that sees `insufficient_scope` on a \
401 refreshes its token in a loop instead of asking for more scope.",
    bad: "status: 401
title: Missing scope
summary: The token lacks the scope.
response:
  status: 401
  headers:
    WWW-Authenticate: Bearer realm=\"api\", error=\"insufficient_scope\", scope=\"orders:write\"
",
    good: "status: 403
title: Missing scope
summary: The token lacks the scope.
response:
  status: 403
  headers:
    WWW-Authenticate: Bearer realm=\"api\", error=\"insufficient_scope\", scope=\"orders:write\"
",
};

/// A Basic challenge without `realm`.
pub static BASIC_MISSING_REALM: &Lint = &Lint {
    code: "basic-missing-realm",
    severity: Severity::Error,
    family: Family::Schemes,
    stage: Stage::Lint,
    allowable: true,
    summary: "a Basic challenge without the `realm` parameter",
    rationale: "RFC 7617 §2: the `realm` parameter is REQUIRED in a Basic challenge. Browsers show \
it in their sign-in dialog and use it, with the origin, to decide which cached credentials to \
send.",
    bad: "status: 401
title: Wrong password
summary: The user-id or password is wrong.
response:
  status: 401
  headers:
    WWW-Authenticate: Basic charset=\"UTF-8\"
",
    good: "status: 401
title: Wrong password
summary: The user-id or password is wrong.
response:
  status: 401
  headers:
    WWW-Authenticate: Basic realm=\"reports\", charset=\"UTF-8\"
",
};

/// A problem-details body that is not an object.
pub static PROBLEM_NOT_OBJECT: &Lint = &Lint {
    code: "problem-not-object",
    severity: Severity::Error,
    family: Family::Problem,
    stage: Stage::Lint,
    allowable: true,
    summary: "an `application/problem+json` response whose body is missing or not a JSON object",
    rationale: "RFC 9457 §3: a problem details object is a JSON object. A client that reads the \
Content-Type and parses the body as one fails on an array, a string or an empty body.",
    bad: "status: 401
title: Missing token
summary: The request has no credentials.
response:
  status: 401
  headers:
    WWW-Authenticate: Bearer realm=\"api\"
    Content-Type: application/problem+json
  body: [Unauthorized]
",
    good: "status: 401
title: Missing token
summary: The request has no credentials.
response:
  status: 401
  headers:
    WWW-Authenticate: Bearer realm=\"api\"
    Content-Type: application/problem+json
  body: {type: \"https://api.example.com/problems/unauthorized\", title: Unauthorized, status: 401}
",
};

/// A problem-details object without `title`.
pub static PROBLEM_MISSING_TITLE: &Lint = &Lint {
    code: "problem-missing-title",
    severity: Severity::Warning,
    family: Family::Problem,
    stage: Stage::Lint,
    allowable: true,
    summary: "an `application/problem+json` object without `title`",
    rationale: "RFC 9457 §3.1.3: `title` is a short, human-readable summary of the problem type. \
Every member is optional in the RFC, so this is a warning, but a documented problem without a \
title gives readers and client logs nothing to show.",
    bad: "status: 401
title: Missing token
summary: The request has no credentials.
response:
  status: 401
  headers:
    WWW-Authenticate: Bearer realm=\"api\"
    Content-Type: application/problem+json
  body: {status: 401}
",
    good: "status: 401
title: Missing token
summary: The request has no credentials.
response:
  status: 401
  headers:
    WWW-Authenticate: Bearer realm=\"api\"
    Content-Type: application/problem+json
  body: {title: Unauthorized, status: 401}
",
};

/// A problem-details `status` that differs from the response's.
pub static PROBLEM_STATUS_MISMATCH: &Lint = &Lint {
    code: "problem-status-mismatch",
    severity: Severity::Error,
    family: Family::Problem,
    stage: Stage::Lint,
    allowable: true,
    summary: "an `application/problem+json` object whose `status` is not the response's status \
(or not a number)",
    rationale: "RFC 9457 §3.1.2: the `status` member is a JSON number, and generators MUST use \
the same status code in the actual HTTP response. A body saying 403 on a 401 response contradicts \
itself.",
    bad: "status: 401
title: Missing token
summary: The request has no credentials.
response:
  status: 401
  headers:
    WWW-Authenticate: Bearer realm=\"api\"
    Content-Type: application/problem+json
  body: {title: Forbidden, status: 403}
",
    good: "status: 401
title: Missing token
summary: The request has no credentials.
response:
  status: 401
  headers:
    WWW-Authenticate: Bearer realm=\"api\"
    Content-Type: application/problem+json
  body: {title: Unauthorized, status: 401}
",
};

/// An `about:blank` problem whose title is not the status's reason phrase.
pub static ABOUT_BLANK_TITLE: &Lint = &Lint {
    code: "about-blank-title",
    severity: Severity::Warning,
    family: Family::Problem,
    stage: Stage::Lint,
    allowable: true,
    summary: "a problem details object of type `about:blank` (written, or implied by a missing \
`type`) whose `title` is not the status's reason phrase",
    rationale: "RFC 9457 §4.2.1: `about:blank` says the problem has no semantics beyond those of \
the HTTP status code, and its `title` SHOULD be the status's recommended reason phrase (`Not Found` \
for 404). A `type` left out means `about:blank` (§3.1.1). A title such as `Shipment not found` \
names a problem of its own: give it a `type` URI that says so, and a page.",
    bad: "status: 404
title: Shipment not found
summary: No shipment has this id.
response:
  status: 404
  headers:
    Content-Type: application/problem+json
  body: {type: \"about:blank\", title: Shipment not found, status: 404}
",
    good: "status: 404
title: Shipment not found
summary: No shipment has this id.
response:
  status: 404
  headers:
    Content-Type: application/problem+json
  body: {type: \"about:blank\", title: Not Found, status: 404}
",
};

/// A problem `type` that no entry declares, in a catalog that declares types.
pub static UNKNOWN_PROBLEM_TYPE: &Lint = &Lint {
    code: "unknown-problem-type",
    severity: Severity::Warning,
    family: Family::Problem,
    stage: Stage::Lint,
    allowable: true,
    summary: "in a catalog whose entries declare problem types (`type:`), a problem details body \
whose `type` no entry declares",
    rationale: "A problem type URI identifies the problem, and clients follow it to its \
documentation (RFC 9457 §3.1.1). Once a catalog declares types, each entry's `type:` is the page \
its URI leads to; a documented response sending a type that no entry declares links to no page, \
most often because of a typing mistake or a type renamed in one place only. Catalogs that declare \
no type are not checked: their types may live anywhere. `about:blank` is never declared.",
    bad: "status: 402
title: Out of credit
summary: The account's balance cannot pay for the call.
type: https://api.example.com/problems/out-of-credit
response:
  status: 402
  headers:
    Content-Type: application/problem+json
  body: {type: \"https://api.example.com/problems/out-of-credits\", title: Out of credit, status: 402}
",
    good: "status: 402
title: Out of credit
summary: The account's balance cannot pay for the call.
type: https://api.example.com/problems/out-of-credit
response:
  status: 402
  headers:
    Content-Type: application/problem+json
  body: {type: \"https://api.example.com/problems/out-of-credit\", title: Out of credit, status: 402}
",
};

/// Two entries declaring one problem type.
pub static DUPLICATE_PROBLEM_TYPE: &Lint = &Lint {
    code: "duplicate-problem-type",
    severity: Severity::Error,
    family: Family::Problem,
    stage: Stage::Resolve,
    allowable: false,
    summary: "two entries declaring the same problem `type`",
    rationale: "An entry's `type:` is the page the problem type's URI leads to, so one type has one \
entry. Sub-scenarios of one problem (an expired, a revoked and a malformed token, all \
`invalid-token`) send its type in their bodies without declaring it; the entry of the problem as a \
whole declares it and links to them.",
    bad: "# content/errors/401/expired-token.yaml
type: https://api.example.com/problems/invalid-token
# content/errors/401/revoked-token.yaml
type: https://api.example.com/problems/invalid-token
",
    good: "# content/errors/401/invalid-token.yaml
type: https://api.example.com/problems/invalid-token
# content/errors/401/expired-token.yaml: no `type:`, its body sends invalid-token
",
};

/// A declared problem type that is not one.
pub static INVALID_PROBLEM_TYPE: &Lint = &Lint {
    code: "invalid-problem-type",
    severity: Severity::Error,
    family: Family::Problem,
    stage: Stage::Resolve,
    allowable: false,
    summary: "an entry's `type:` that is `about:blank` or not an absolute URI",
    rationale: "`about:blank` means a problem with no semantics beyond its status (RFC 9457 \
§4.2.1): no entry documents it as its own. A relative type is resolved against the URI of the \
response it came in (§3.1.1), so it names different types on different hosts; a declared type is \
the absolute URI the API sends.",
    bad: "type: /problems/out-of-credit
",
    good: "type: https://api.example.com/problems/out-of-credit
",
};

/// A body declared JSON that does not parse.
pub static INVALID_JSON_BODY: &Lint = &Lint {
    code: "invalid-json-body",
    severity: Severity::Error,
    family: Family::Samples,
    stage: Stage::Lint,
    allowable: true,
    summary: "a body written as text under a JSON `Content-Type` (`application/json`, `*+json`) \
that does not parse as JSON",
    rationale: "A body given as a YAML mapping or list is always valid JSON; a body given as text \
is sent as it is. When its `Content-Type` says JSON, readers copy it into their client and tests \
replay it, so it must parse. Responses are checked everywhere; request bodies only on the correct \
side of a sample pair, since an incorrect request may send broken JSON on purpose.",
    bad: "status: 401
title: Missing token
summary: The request has no credentials.
response:
  status: 401
  headers:
    WWW-Authenticate: Bearer realm=\"api\"
    Content-Type: application/json
  body: |
    {\"error\": \"unauthorized\",}
",
    good: "status: 401
title: Missing token
summary: The request has no credentials.
response:
  status: 401
  headers:
    WWW-Authenticate: Bearer realm=\"api\"
    Content-Type: application/json
  body: |
    {\"error\": \"unauthorized\"}
",
};

/// An incorrect sample that does not fail.
pub static INCORRECT_SAMPLE_STATUS: &Lint = &Lint {
    code: "incorrect-sample-status",
    severity: Severity::Warning,
    family: Family::Samples,
    stage: Stage::Lint,
    allowable: true,
    summary: "the incorrect side of a sample pair is answered with a status that is not an error \
(4xx or 5xx)",
    rationale: "The incorrect request shows what fails, so its documented response is an error: a \
4xx, or a 5xx such as a 503 during maintenance whose fix is to send the request again later. When \
it defaults to the entry's response (or a variant's) that is normally the entry's status; a 1xx, \
2xx or 3xx there means the pair is mislabelled.",
    bad: "status: 401
title: Missing token
summary: The request has no credentials.
response:
  status: 401
  headers:
    WWW-Authenticate: Bearer realm=\"api\"
samples:
  - title: Send the token
    incorrect:
      request: {method: GET, url: \"https://api.example.com/me\"}
      response: {status: 200}
    correct:
      request: {method: GET, url: \"https://api.example.com/me\", headers: {Authorization: \"Bearer ${TOKEN}\"}}
      response: {status: 200}
",
    good: "status: 401
title: Missing token
summary: The request has no credentials.
response:
  status: 401
  headers:
    WWW-Authenticate: Bearer realm=\"api\"
samples:
  - title: Send the token
    incorrect:
      request: {method: GET, url: \"https://api.example.com/me\"}
    correct:
      request: {method: GET, url: \"https://api.example.com/me\", headers: {Authorization: \"Bearer ${TOKEN}\"}}
      response: {status: 200}
",
};

/// A correct sample that does not succeed.
pub static CORRECT_SAMPLE_STATUS: &Lint = &Lint {
    code: "correct-sample-status",
    severity: Severity::Warning,
    family: Family::Samples,
    stage: Stage::Lint,
    allowable: true,
    summary: "the correct side of a sample pair is answered with a status that is not 2xx or 3xx",
    rationale: "The correct request is the fix; readers expect it to work. A documented 4xx or 5xx \
on that side means the pair does not show a fix.",
    bad: "status: 401
title: Missing token
summary: The request has no credentials.
response:
  status: 401
  headers:
    WWW-Authenticate: Bearer realm=\"api\"
samples:
  - title: Send the token
    incorrect:
      request: {method: GET, url: \"https://api.example.com/me\"}
    correct:
      request: {method: GET, url: \"https://api.example.com/me\", headers: {Authorization: \"Bearer ${TOKEN}\"}}
      response: {status: 403}
",
    good: "status: 401
title: Missing token
summary: The request has no credentials.
response:
  status: 401
  headers:
    WWW-Authenticate: Bearer realm=\"api\"
samples:
  - title: Send the token
    incorrect:
      request: {method: GET, url: \"https://api.example.com/me\"}
    correct:
      request: {method: GET, url: \"https://api.example.com/me\", headers: {Authorization: \"Bearer ${TOKEN}\"}}
      response: {status: 200}
",
};

/// The same documented request with two different responses.
pub static AMBIGUOUS_REQUEST: &Lint = &Lint {
    code: "ambiguous-request",
    severity: Severity::Warning,
    family: Family::Samples,
    stage: Stage::Lint,
    allowable: true,
    summary: "two sample sides document the same request with different responses",
    rationale: "A pair's two requests differ in what makes the sub-scenario, and `errdocs mock` \
answers a request by that difference: a missing header, its value, a query or body field. When two \
sides anywhere in the catalog are the same request (the same method and path, and nothing that \
tells them apart) but document different responses, no server could answer both, and a mock could \
only pick one. Sides of a pair whose fix is `later:` are the same request on purpose; two \
successes that differ only in their bodies are not reported.",
    bad: "status: 401
title: Missing token
summary: The request has no credentials.
response:
  status: 401
  headers:
    WWW-Authenticate: Bearer realm=\"api\"
samples:
  - title: Send the token
    incorrect:
      request: {method: GET, url: \"https://api.example.com/me\"}
    correct:
      request: {method: GET, url: \"https://api.example.com/me\", headers: {Authorization: \"Bearer ${TOKEN}\"}}
      response: {status: 200}
  - title: Send any token
    incorrect:
      request: {method: GET, url: \"https://api.example.com/me\"}
      response: {status: 403}
    correct:
      request: {method: GET, url: \"https://api.example.com/me\", headers: {Authorization: \"Bearer ${TOKEN}\"}}
      response: {status: 200}
",
    good: "status: 401
title: Missing token
summary: The request has no credentials.
response:
  status: 401
  headers:
    WWW-Authenticate: Bearer realm=\"api\"
samples:
  - title: Send the token
    incorrect:
      request: {method: GET, url: \"https://api.example.com/me\"}
    correct:
      request: {method: GET, url: \"https://api.example.com/me\", headers: {Authorization: \"Bearer ${TOKEN}\"}}
      response: {status: 200}
  - title: Send a token to the admin area
    incorrect:
      request: {method: GET, url: \"https://api.example.com/admin\"}
    correct:
      request: {method: GET, url: \"https://api.example.com/admin\", headers: {Authorization: \"Bearer ${TOKEN}\"}}
      response: {status: 200}
",
};

/// A pair whose two requests are the same.
pub static IDENTICAL_SAMPLE_REQUESTS: &Lint = &Lint {
    code: "identical-sample-requests",
    severity: Severity::Warning,
    family: Family::Samples,
    stage: Stage::Lint,
    allowable: true,
    summary: "a sample pair whose incorrect and correct requests are identical",
    rationale: "A pair teaches by its difference: the marked lines are what to change. When the two \
requests are the same there is nothing to see, and the pair usually lost its fix in an edit. When \
the fix really is timing (the same request after the `Retry-After` delay, or once a job has \
finished), say so with `later:` on the correct side: the page then shows \"the same request, sent \
later\" and when, and this lint stays quiet.",
    bad: "status: 401
title: Missing token
summary: The request has no credentials.
response:
  status: 401
  headers:
    WWW-Authenticate: Bearer realm=\"api\"
samples:
  - title: Send the token
    incorrect:
      request: {method: GET, url: \"https://api.example.com/me\"}
    correct:
      request: {method: GET, url: \"https://api.example.com/me\"}
      response: {status: 200}
",
    good: "status: 401
title: Missing token
summary: The request has no credentials.
response:
  status: 401
  headers:
    WWW-Authenticate: Bearer realm=\"api\"
samples:
  - title: Send the token
    incorrect:
      request: {method: GET, url: \"https://api.example.com/me\"}
    correct:
      request: {method: GET, url: \"https://api.example.com/me\", headers: {Authorization: \"Bearer ${TOKEN}\"}}
      response: {status: 200}
",
};

/// An entry without a sample pair.
pub static MISSING_SAMPLE_PAIR: &Lint = &Lint {
    code: "missing-sample-pair",
    severity: Severity::Warning,
    family: Family::Samples,
    stage: Stage::Lint,
    allowable: true,
    summary: "an entry without any sample pair",
    rationale: "Every entry shows at least one incorrect request and its correction: that is what \
readers copy and run to see the error and its fix for themselves. An entry without one explains \
the error but not the fix.",
    bad: "status: 401
title: Missing token
summary: The request has no credentials.
response:
  status: 401
  headers:
    WWW-Authenticate: Bearer realm=\"api\"
",
    good: "status: 401
title: Missing token
summary: The request has no credentials.
response:
  status: 401
  headers:
    WWW-Authenticate: Bearer realm=\"api\"
samples:
  - title: Send the token
    incorrect:
      request: {method: GET, url: \"https://api.example.com/me\"}
    correct:
      request: {method: GET, url: \"https://api.example.com/me\", headers: {Authorization: \"Bearer ${TOKEN}\"}}
      response: {status: 200}
",
};

/// An empty summary.
pub static MISSING_SUMMARY: &Lint = &Lint {
    code: "missing-summary",
    severity: Severity::Warning,
    family: Family::Hygiene,
    stage: Stage::Lint,
    allowable: true,
    summary: "an entry, status overview, comparison, tree or guide whose `summary` is empty",
    rationale: "The summary is what listings, search results, link previews and `catalog.json` \
show. An empty one leaves a blank line in every list the item appears in.",
    bad: "status: 401
title: Missing token
summary: \"\"
response:
  status: 401
  headers:
    WWW-Authenticate: Bearer realm=\"api\"
",
    good: "status: 401
title: Missing token
summary: The request has no credentials.
response:
  status: 401
  headers:
    WWW-Authenticate: Bearer realm=\"api\"
",
};

/// A reference that is not https.
pub static INSECURE_REFERENCE_URL: &Lint = &Lint {
    code: "insecure-reference-url",
    severity: Severity::Warning,
    family: Family::Hygiene,
    stage: Stage::Lint,
    allowable: true,
    summary: "a `references` URL that is not `https://`",
    rationale: "References point readers at specifications and guides outside the site. Over plain \
HTTP the page can be altered on the way, and browsers flag it; every RFC and most documentation is \
served over HTTPS.",
    bad: "status: 401
title: Missing token
summary: The request has no credentials.
response:
  status: 401
  headers:
    WWW-Authenticate: Bearer realm=\"api\"
references:
  - {title: RFC 6750, url: \"http://www.rfc-editor.org/rfc/rfc6750\"}
",
    good: "status: 401
title: Missing token
summary: The request has no credentials.
response:
  status: 401
  headers:
    WWW-Authenticate: Bearer realm=\"api\"
references:
  - {title: RFC 6750, url: \"https://www.rfc-editor.org/rfc/rfc6750\"}
",
};

/// A `javascript:`, `data:` or `vbscript:` URL.
pub static UNSAFE_URL: &Lint = &Lint {
    code: "unsafe-url",
    severity: Severity::Error,
    family: Family::Hygiene,
    stage: Stage::Lint,
    allowable: false,
    summary: "a `javascript:`, `vbscript:` or `data:` URL in a reference or a Markdown link or image",
    rationale: "Such a URL runs script, or shows content the site did not write, when a reader \
follows it. The Markdown sanitiser already drops these links from pages, silently; this lint says \
so where the link is written, and it also covers `references`, whose URLs templates link to \
directly. It cannot be allowed.",
    bad: "status: 401
title: Missing token
summary: See [the console](javascript:alert(document.cookie)).
response:
  status: 401
  headers:
    WWW-Authenticate: Bearer realm=\"api\"
",
    good: "status: 401
title: Missing token
summary: See [the console](https://console.example.com/).
response:
  status: 401
  headers:
    WWW-Authenticate: Bearer realm=\"api\"
",
};

/// Markdown or raw HTML nested too deep.
pub static MARKUP_TOO_DEEP: &Lint = &Lint {
    code: "markup-too-deep",
    severity: Severity::Error,
    family: Family::Hygiene,
    stage: Stage::Lint,
    allowable: false,
    summary: "Markdown or raw HTML whose elements nest more than 100 levels deep",
    rationale: "Raw HTML in Markdown is parsed again by the sanitiser, whose work at every tag grows \
with the number of elements still open: 256 kB of unclosed `<ul><li>` would take seconds, a \
megabyte minutes, while a real document nests a dozen levels. Nesting is bounded so that building \
a page takes time in proportion to its size; `check` and `build` refuse the same input. It cannot \
be allowed.",
    bad: "status: 401
title: Missing token
summary: The request has no credentials.
details: |
  <div><div><div><div><div><div><div><div><div><div>
  <div><div><div><div><div><div><div><div><div><div>
  <div><div><div><div><div><div><div><div><div><div>
  <div><div><div><div><div><div><div><div><div><div>
  <div><div><div><div><div><div><div><div><div><div>
  <div><div><div><div><div><div><div><div><div><div>
  <div><div><div><div><div><div><div><div><div><div>
  <div><div><div><div><div><div><div><div><div><div>
  <div><div><div><div><div><div><div><div><div><div>
  <div><div><div><div><div><div><div><div><div><div>
  <div><div><div><div><div><div><div><div><div><div>
response:
  status: 401
  headers:
    WWW-Authenticate: Bearer realm=\"api\"
",
    good: "status: 401
title: Missing token
summary: The request has no credentials.
details: <details><summary>Why</summary>No `Authorization` field was sent.</details>
response:
  status: 401
  headers:
    WWW-Authenticate: Bearer realm=\"api\"
",
};

/// Two files with the same id.
pub static DUPLICATE_ID: &Lint = &Lint {
    code: "duplicate-id",
    severity: Severity::Error,
    family: Family::Hygiene,
    stage: Stage::Resolve,
    allowable: false,
    summary: "two files with the same id, such as `x.yaml` and `x.yml`",
    rationale: "An id is the file's path under `content/` without its extension, and it is also the \
page's URL. Two files with one id would write one page; the second is reported instead of \
silently replacing the first.",
    bad: "content/errors/401/expired-token.yaml
content/errors/401/expired-token.yml
",
    good: "content/errors/401/expired-token.yaml
content/errors/401/expired-refresh-token.yaml
",
};

/// A reference to an id that does not exist.
pub static UNRESOLVED_REFERENCE: &Lint = &Lint {
    code: "unresolved-reference",
    severity: Severity::Error,
    family: Family::Hygiene,
    stage: Stage::Resolve,
    allowable: false,
    summary: "`related`, comparison `subjects`, tree `entry` targets or `[text](@id)` links naming \
an id that does not exist",
    rationale: "A dangling reference becomes a broken link on the site. The diagnostic suggests the \
closest existing id.",
    bad: "related:
  - 401/expird-token
",
    good: "related:
  - 401/expired-token
",
};

/// A tree node no answer leads to.
pub static TREE_UNREACHABLE: &Lint = &Lint {
    code: "tree-unreachable",
    severity: Severity::Error,
    family: Family::Hygiene,
    stage: Stage::Resolve,
    allowable: false,
    summary: "a decision-tree node that no answer leads to",
    rationale: "A reader walks a tree from its start node; a node nothing points to is never shown, \
so its question and the entries it leads to are lost. Link it with `next:` or remove it.",
    bad: "start: a
nodes:
  a: {question: Token sent?, answers: [{label: No, entry: 401/missing-credentials}]}
  b: {question: Token expired?, answers: [{label: Yes, entry: 401/expired-token}]}
",
    good: "start: a
nodes:
  a: {question: Token sent?, answers: [{label: No, entry: 401/missing-credentials}, {label: Yes, next: b}]}
  b: {question: Token expired?, answers: [{label: Yes, entry: 401/expired-token}]}
",
};

/// An `allow` entry that names no lint.
pub static UNKNOWN_LINT: &Lint = &Lint {
    code: "unknown-lint",
    severity: Severity::Error,
    family: Family::Allow,
    stage: Stage::Lint,
    allowable: false,
    summary: "an `allow` list naming a lint that does not exist",
    rationale: "A misspelled name in `allow` silences nothing, so the lint it meant to silence \
keeps firing while the file looks as if it had been reviewed. The diagnostic suggests the closest \
lint code.",
    bad: "status: 401
title: Missing token
summary: The request has no credentials.
allow: [missing-www-authentcate]
response:
  status: 401
",
    good: "status: 401
title: Missing token
summary: The request has no credentials.
allow: [missing-www-authenticate]
response:
  status: 401
",
};

/// An `allow` entry naming a lint that cannot be silenced.
pub static LINT_NOT_ALLOWABLE: &Lint = &Lint {
    code: "lint-not-allowable",
    severity: Severity::Error,
    family: Family::Allow,
    stage: Stage::Lint,
    allowable: false,
    summary: "an `allow` list naming a check that cannot be silenced (`unsafe-url`, the resolve \
checks)",
    rationale: "Some checks protect readers (`unsafe-url`) or keep the site buildable \
(`duplicate-id`, `unresolved-reference`, `tree-unreachable`); `allow` does not apply to them.",
    bad: "status: 401
title: Missing token
summary: The request has no credentials.
allow: [unsafe-url]
response:
  status: 401
  headers:
    WWW-Authenticate: Bearer realm=\"api\"
",
    good: "status: 401
title: Missing token
summary: The request has no credentials.
response:
  status: 401
  headers:
    WWW-Authenticate: Bearer realm=\"api\"
",
};
