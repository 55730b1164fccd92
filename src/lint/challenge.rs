//! The authentication grammar of RFC 9110 §11: challenges (`WWW-Authenticate`,
//! `Proxy-Authenticate`) and credentials (`Authorization`, `Proxy-Authorization`).
//!
//! ```text
//! challenge   = auth-scheme [ 1*SP ( token68 / #auth-param ) ]
//! credentials = auth-scheme [ 1*SP ( token68 / #auth-param ) ]
//! auth-param  = token BWS "=" BWS ( token / quoted-string )
//! token68     = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="
//! ```
//!
//! A field value is a comma-separated list of challenges whose parameters are comma-separated too,
//! so the parser tells a new challenge from another parameter by what follows the token: `=` starts
//! a parameter, anything else a challenge. Empty list elements are accepted, as §5.6.1 asks of
//! recipients. This module only parses; the lints decide what a result means.

/// One challenge (or the credentials of one request).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Challenge {
    /// The scheme as written, e.g. `Bearer`.
    pub scheme: String,
    /// The token68 form, e.g. the base64 of Basic credentials.
    pub token68: Option<String>,
    /// The auth-params in order.
    pub params: Vec<Param>,
    /// Byte offset of the scheme in the field value.
    pub offset: usize,
}

impl Challenge {
    /// The value of the parameter `name` (compared case-insensitively), if present.
    #[must_use]
    pub fn param(&self, name: &str) -> Option<&Param> {
        self.params
            .iter()
            .find(|p| p.name.eq_ignore_ascii_case(name))
    }
}

/// One `name=value` parameter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Param {
    /// The name as written.
    pub name: String,
    /// The value, with a quoted string's quotes and escapes removed.
    pub value: String,
    /// Whether the value was a quoted string.
    pub quoted: bool,
    /// Byte offset of the name in the field value.
    pub offset: usize,
    /// Byte offset of the value in the field value.
    pub value_offset: usize,
}

/// Where and why a value does not parse.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    /// Byte offset in the field value.
    pub offset: usize,
    /// What is wrong.
    pub message: String,
    /// When the error is in the scheme's place: the word written there (e.g. `Bearer:`).
    pub bad_scheme: Option<String>,
}

/// Parses a `WWW-Authenticate` or `Proxy-Authenticate` field value: one or more challenges.
///
/// # Errors
/// The first place where the value leaves the grammar, or a parameter named twice in one
/// challenge (§11.2: "each parameter name MUST only occur once per challenge").
pub fn parse_challenges(value: &str) -> Result<Vec<Challenge>, SyntaxError> {
    let mut parser = Parser {
        bytes: value.as_bytes(),
        pos: 0,
    };
    let mut out = Vec::new();
    loop {
        parser.skip_ows();
        match parser.peek() {
            None => break,
            Some(b',') => parser.pos += 1,
            Some(_) => out.push(parser.challenge()?),
        }
    }
    if out.is_empty() {
        return Err(SyntaxError {
            offset: 0,
            message: "the value holds no challenge".to_owned(),
            bad_scheme: None,
        });
    }
    for challenge in &out {
        check_unique_params(challenge)?;
    }
    Ok(out)
}

/// Parses an `Authorization` or `Proxy-Authorization` field value: exactly one scheme with its
/// token68 or parameters.
///
/// # Errors
/// The first place where the value leaves the grammar; a second scheme is an error too.
pub fn parse_credentials(value: &str) -> Result<Challenge, SyntaxError> {
    let mut parser = Parser {
        bytes: value.as_bytes(),
        pos: 0,
    };
    parser.skip_ows();
    if parser.peek().is_none() {
        return Err(SyntaxError {
            offset: 0,
            message: "the value is empty".to_owned(),
            bad_scheme: None,
        });
    }
    let credentials = parser.challenge()?;
    parser.skip_ows();
    if parser.peek().is_some() {
        return Err(SyntaxError {
            offset: parser.pos,
            message: "credentials name one scheme; this is more than one".to_owned(),
            bad_scheme: None,
        });
    }
    check_unique_params(&credentials)?;
    Ok(credentials)
}

fn check_unique_params(challenge: &Challenge) -> Result<(), SyntaxError> {
    for (i, p) in challenge.params.iter().enumerate() {
        if challenge.params[..i]
            .iter()
            .any(|q| q.name.eq_ignore_ascii_case(&p.name))
        {
            return Err(SyntaxError {
                bad_scheme: None,
                offset: p.offset,
                message: format!(
                    "the parameter `{}` appears twice in the `{}` challenge",
                    p.name, challenge.scheme
                ),
            });
        }
    }
    Ok(())
}

/// `tchar` of RFC 9110 §5.6.2.
#[must_use]
pub fn is_tchar(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

fn is_token68_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"-._~+/".contains(&b)
}

/// Whether `s` is a `token` (one or more `tchar`).
#[must_use]
pub fn is_token(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(is_tchar)
}

struct Parser<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn peek_at(&self, pos: usize) -> Option<u8> {
        self.bytes.get(pos).copied()
    }

    fn skip_ows(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t')) {
            self.pos += 1;
        }
    }

    fn token(&mut self) -> &str {
        let start = self.pos;
        while self.peek().is_some_and(is_tchar) {
            self.pos += 1;
        }
        // Only ASCII bytes were consumed, so the slice is on character boundaries.
        std::str::from_utf8(&self.bytes[start..self.pos]).unwrap_or("")
    }

    fn error<T>(&self, offset: usize, message: impl Into<String>) -> Result<T, SyntaxError> {
        Err(SyntaxError {
            offset,
            message: message.into(),
            bad_scheme: None,
        })
    }

    /// An error in the scheme's place, naming the whole word written there.
    fn scheme_error<T>(
        &self,
        start: usize,
        offset: usize,
        message: String,
    ) -> Result<T, SyntaxError> {
        let end = (start..self.bytes.len())
            .find(|&i| matches!(self.bytes[i], b' ' | b',' | b'\t'))
            .unwrap_or(self.bytes.len());
        Err(SyntaxError {
            offset,
            message,
            bad_scheme: Some(String::from_utf8_lossy(&self.bytes[start..end]).into_owned()),
        })
    }

    fn describe(&self, pos: usize) -> String {
        match self.peek_at(pos) {
            None => "the end of the value".to_owned(),
            Some(b) if b.is_ascii_graphic() => format!("`{}`", char::from(b)),
            Some(b' ') => "a space".to_owned(),
            Some(b'\t') => "a tab".to_owned(),
            Some(b) if b.is_ascii() => format!("the control character {b:#04x}"),
            Some(_) => "a non-ASCII character".to_owned(),
        }
    }

    /// A scheme and what belongs to it; stops before the `,` that starts the next challenge.
    fn challenge(&mut self) -> Result<Challenge, SyntaxError> {
        let offset = self.pos;
        let scheme = self.token().to_owned();
        if scheme.is_empty() {
            return self.scheme_error(
                offset,
                offset,
                format!(
                    "expected an authentication scheme (a token), found {}",
                    self.describe(offset)
                ),
            );
        }
        let mut challenge = Challenge {
            scheme,
            token68: None,
            params: Vec::new(),
            offset,
        };
        match self.peek() {
            None | Some(b',') => return Ok(challenge),
            Some(b' ') => {}
            Some(_) => {
                return self.scheme_error(
                    offset,
                    self.pos,
                    format!(
                        "{} cannot follow the scheme `{}` (one space separates a scheme from its parameters)",
                        self.describe(self.pos),
                        challenge.scheme,
                    ),
                );
            }
        }
        while self.peek() == Some(b' ') {
            self.pos += 1;
        }
        if let Some(token68) = self.token68() {
            challenge.token68 = Some(token68);
            return Ok(challenge);
        }
        self.params(&mut challenge)?;
        Ok(challenge)
    }

    /// A token68 that runs to the end of the value or to a comma; `None` (position unchanged) if
    /// what follows is not one.
    fn token68(&mut self) -> Option<String> {
        let start = self.pos;
        let mut end = start;
        while self.peek_at(end).is_some_and(is_token68_char) {
            end += 1;
        }
        if end == start {
            return None;
        }
        while self.peek_at(end) == Some(b'=') {
            end += 1;
        }
        let mut after = end;
        while matches!(self.peek_at(after), Some(b' ' | b'\t')) {
            after += 1;
        }
        if !matches!(self.peek_at(after), None | Some(b',')) {
            return None;
        }
        self.pos = end;
        Some(String::from_utf8_lossy(&self.bytes[start..end]).into_owned())
    }

    /// `#auth-param`, up to the end or to a comma followed by a new challenge.
    fn params(&mut self, challenge: &mut Challenge) -> Result<(), SyntaxError> {
        loop {
            self.skip_ows();
            match self.peek() {
                None => return Ok(()),
                Some(b',') => {
                    self.pos += 1;
                    continue;
                }
                Some(_) => {}
            }
            if !challenge.params.is_empty() && !self.starts_param() {
                return Ok(());
            }
            challenge.params.push(self.param()?);
            self.skip_ows();
            match self.peek() {
                None | Some(b',') => {}
                Some(_) => {
                    return self.error(
                        self.pos,
                        format!(
                            "expected `,` between parameters, found {}",
                            self.describe(self.pos)
                        ),
                    );
                }
            }
        }
    }

    /// Whether a `token BWS "="` starts here (a parameter rather than a new challenge).
    fn starts_param(&self) -> bool {
        let mut p = self.pos;
        while self.peek_at(p).is_some_and(is_tchar) {
            p += 1;
        }
        if p == self.pos {
            return true;
        }
        while matches!(self.peek_at(p), Some(b' ' | b'\t')) {
            p += 1;
        }
        self.peek_at(p) == Some(b'=')
    }

    fn param(&mut self) -> Result<Param, SyntaxError> {
        let offset = self.pos;
        let name = self.token().to_owned();
        if name.is_empty() {
            return self.error(
                offset,
                format!(
                    "expected a parameter name (a token), found {}",
                    self.describe(offset)
                ),
            );
        }
        self.skip_ows();
        if self.peek() != Some(b'=') {
            return self.error(
                self.pos,
                format!(
                    "expected `=` after the parameter name `{name}`, found {}",
                    self.describe(self.pos)
                ),
            );
        }
        self.pos += 1;
        self.skip_ows();
        let value_offset = self.pos;
        let (value, quoted) = if self.peek() == Some(b'"') {
            (self.quoted_string()?, true)
        } else {
            let token = self.token().to_owned();
            if token.is_empty() {
                return self.error(
                    value_offset,
                    format!(
                        "the value of `{name}` must be a token or a quoted string, found {}",
                        self.describe(value_offset)
                    ),
                );
            }
            (token, false)
        };
        Ok(Param {
            name,
            value,
            quoted,
            offset,
            value_offset,
        })
    }

    /// `DQUOTE *( qdtext / quoted-pair ) DQUOTE`, unescaped.
    fn quoted_string(&mut self) -> Result<String, SyntaxError> {
        let open = self.pos;
        self.pos += 1;
        let mut out = Vec::new();
        loop {
            match self.peek() {
                None => return self.error(open, "this quoted string is never closed"),
                Some(b'"') => {
                    self.pos += 1;
                    return Ok(String::from_utf8_lossy(&out).into_owned());
                }
                Some(b'\\') => {
                    let escaped = self.pos + 1;
                    match self.peek_at(escaped) {
                        Some(b) if b == b'\t' || b >= 0x20 && b != 0x7f => {
                            out.push(b);
                            self.pos += 2;
                        }
                        _ => {
                            return self.error(
                                escaped,
                                format!(
                                    "a backslash in a quoted string must escape a visible character or a space, not {}",
                                    self.describe(escaped)
                                ),
                            );
                        }
                    }
                }
                Some(b) if b == b'\t' || b >= 0x20 && b != 0x7f => {
                    out.push(b);
                    self.pos += 1;
                }
                Some(_) => {
                    return self.error(
                        self.pos,
                        format!(
                            "{} cannot appear in a quoted string",
                            self.describe(self.pos)
                        ),
                    );
                }
            }
        }
    }
}

#[cfg(test)]
mod tests;
