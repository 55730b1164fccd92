use std::path::Path;

use super::*;
use crate::site::check;

fn fixture() -> Checked {
    let checked = check(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/basic"));
    assert!(!checked.has_errors(), "{:?}", checked.diagnostics);
    checked
}

#[test]
fn shows_every_part_of_an_entry() {
    let text = explain_entry(&fixture(), "401/expired-token").unwrap();
    let expected_parts = [
        "401/expired-token: Expired access token\n401 Unauthorized · schemes: Bearer · tags: oauth2, jwt\n\n",
        "The token was valid once; its `exp` time has passed.\n",
        "A **short** explanation",
        "\nHow to recognise it\n    - The challenge says `error=\"invalid_token\"`.\n",
        "\nThe response\n    HTTP/1.1 401 Unauthorized\n    WWW-Authenticate: Bearer realm=\"api\", error=\"invalid_token\"",
        "    Content-Type: application/problem+json\n\n    {\n      \"type\": \"https://api.example.com/problems/expired-token\",",
        "\nExample: Refresh the token, then retry once\n  Fails:\n    GET /v1/orders HTTP/1.1\n    Host: api.example.com\n",
        "\nHow to fix it\n    1. Refresh the token with the refresh grant.\n    2. Retry the request once.\n",
        "\nSee also\n    401/missing-token, status/403\n",
        "    RFC 6750 §3.1 <https://www.rfc-editor.org/rfc/rfc6750#section-3.1>\n",
    ];
    for part in expected_parts {
        let part = part.replace("A **short** explanation", "A short explanation");
        assert!(text.contains(&part), "missing {part:?} in:\n{text}");
    }
    assert!(
        text.contains("(see trees/why-401#node-header)"),
        "an @id link shows its target:\n{text}"
    );
}

#[test]
fn unknown_ids_give_none() {
    let checked = fixture();
    assert_eq!(explain_entry(&checked, "401/nope"), None);
    assert_eq!(explain_entry(&checked, "status/401"), None);
}

#[test]
fn prose_wraps_to_the_width_and_keeps_code() {
    let md = "A sentence that goes on and on, long enough to need at least one break when it is \
              wrapped at forty columns, with `inline code` and [a link](https://example.com/x).\n\n\
              1. First step\n2. Second step with **strong** words\n\n```\nGET /a-very-long-line-that-must-never-be-wrapped-whatever-the-width-is HTTP/1.1\n```\n";
    let text = markdown_text(md, 40);
    for line in text.lines().filter(|l| !l.starts_with("    GET")) {
        assert!(line.chars().count() <= 40, "{line:?} in\n{text}");
    }
    assert!(text.contains("`inline code`"), "{text}");
    assert!(text.contains("<https://example.com/x>"), "{text}");
    assert!(
        text.contains("\n\n1. First step\n2. Second step with strong words\n\n"),
        "{text}"
    );
    assert!(
        text.contains("    GET /a-very-long-line-that-must-never-be-wrapped"),
        "{text}"
    );
}

#[test]
fn list_items_hang_under_their_marker() {
    let text = markdown_text("- one two three four five six seven eight nine ten", 20);
    assert_eq!(
        text,
        "- one two three four\n  five six seven\n  eight nine ten\n"
    );
}
