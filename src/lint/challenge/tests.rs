use super::*;

fn names(value: &str) -> Vec<(String, Vec<(String, String)>)> {
    parse_challenges(value)
        .unwrap_or_else(|e| panic!("{value}: {e:?}"))
        .into_iter()
        .map(|c| {
            let params = c.params.into_iter().map(|p| (p.name, p.value)).collect();
            (c.scheme, params)
        })
        .collect()
}

fn error_at(value: &str) -> (usize, String) {
    let e = parse_challenges(value).expect_err(value);
    (e.offset, e.message)
}

#[test]
fn one_challenge_with_quoted_and_token_params() {
    assert_eq!(
        names(r#"Bearer realm="api", error="invalid_token", scope=read"#),
        vec![(
            "Bearer".to_owned(),
            vec![
                ("realm".to_owned(), "api".to_owned()),
                ("error".to_owned(), "invalid_token".to_owned()),
                ("scope".to_owned(), "read".to_owned()),
            ]
        )]
    );
}

#[test]
fn several_challenges_in_one_value() {
    let parsed =
        names(r#"Newauth realm="apps", type=1, title="Login to \"apps\"", Basic realm="simple""#);
    assert_eq!(parsed.len(), 2);
    assert_eq!(parsed[0].0, "Newauth");
    assert_eq!(
        parsed[0].1[2],
        ("title".to_owned(), "Login to \"apps\"".to_owned())
    );
    assert_eq!(
        parsed[1],
        (
            "Basic".to_owned(),
            vec![("realm".to_owned(), "simple".to_owned())]
        )
    );
}

#[test]
fn schemes_alone_and_empty_elements() {
    let parsed = names(" , Negotiate, ,Basic realm=\"x\" ,, ");
    assert_eq!(parsed.len(), 2);
    assert_eq!(parsed[0], ("Negotiate".to_owned(), vec![]));
}

#[test]
fn token68_with_padding() {
    let c = parse_challenges("Negotiate YIIB9wYGKwYBBQUCoIIB6zCCAeeh+/Aa==, Basic realm=\"r\"")
        .unwrap();
    assert_eq!(
        c[0].token68.as_deref(),
        Some("YIIB9wYGKwYBBQUCoIIB6zCCAeeh+/Aa==")
    );
    assert_eq!(c[1].scheme, "Basic");
    let c = parse_credentials("Basic YWxpY2U6d29uZGVybGFuZA==").unwrap();
    assert_eq!(c.token68.as_deref(), Some("YWxpY2U6d29uZGVybGFuZA=="));
}

#[test]
fn bad_whitespace_around_equals_is_allowed() {
    let parsed = names("Basic realm = \"x\"");
    assert_eq!(parsed[0].1, vec![("realm".to_owned(), "x".to_owned())]);
}

#[test]
fn errors_point_at_the_offending_byte() {
    assert_eq!(error_at("Bearer: x").0, 6);
    assert!(
        error_at("Bearer: x")
            .1
            .contains("`:` cannot follow the scheme `Bearer`")
    );
    assert_eq!(
        parse_credentials("Bearer: x")
            .unwrap_err()
            .bad_scheme
            .as_deref(),
        Some("Bearer:")
    );
    assert_eq!(
        parse_credentials("\"Bearer\" x")
            .unwrap_err()
            .bad_scheme
            .as_deref(),
        Some("\"Bearer\"")
    );
    assert_eq!(error_at(r#"Bearer realm="api" error="x""#).0, 19);
    assert_eq!(error_at(r#"Bearer realm="api"#).0, 13);
    assert!(error_at(r#"Bearer realm="api"#).1.contains("never closed"));
    assert_eq!(error_at("Bearer a=b c").0, 11);
    // `realm=` alone is a token68, not a parameter without a value.
    assert_eq!(
        parse_challenges("Bearer realm=").unwrap()[0]
            .token68
            .as_deref(),
        Some("realm=")
    );
    assert_eq!(error_at("Basic foo bar").0, 10);
    assert_eq!(error_at("\"Bearer\"").0, 0);
    assert_eq!(error_at("").1, "the value holds no challenge");
    assert_eq!(error_at("Bearer realm=\"a\u{1}\"").0, 15);
    assert!(
        error_at("Bearer realm=\"a\\\u{1}\"")
            .1
            .contains("backslash")
    );
}

#[test]
fn a_parameter_twice_is_an_error() {
    let (offset, message) = error_at(r#"Bearer realm="a", Realm="b""#);
    assert_eq!(offset, 18);
    assert!(message.contains("appears twice"), "{message}");
    // The same name in two challenges is fine.
    assert_eq!(names(r#"Basic realm="a", Bearer realm="b""#).len(), 2);
}

#[test]
fn obs_text_is_allowed_in_quoted_strings() {
    let parsed = names("Digest realm=\"caf\u{e9}\", nonce=\"\u{2026}\"");
    assert_eq!(parsed[0].1[0].1, "caf\u{e9}");
}

#[test]
fn credentials_hold_one_scheme() {
    assert!(parse_credentials("Bearer abc, Basic xyz").is_err());
    assert_eq!(parse_credentials("Bearer: abc").unwrap_err().offset, 6);
    assert_eq!(
        parse_credentials("").unwrap_err().message,
        "the value is empty"
    );
    let c = parse_credentials(r#"Digest username="a", response="b""#).unwrap();
    assert_eq!(c.params.len(), 2);
    assert!(parse_credentials("Bearer \"quoted\"").is_err());
}

#[test]
fn tokens() {
    assert!(is_token("Bearer"));
    assert!(is_token("x-Custom.1"));
    assert!(!is_token("Bearer:"));
    assert!(!is_token(""));
    assert!(!is_token("a b"));
}
