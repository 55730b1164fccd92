use super::*;

#[test]
fn stopwords_are_sorted_for_binary_search() {
    let mut sorted = tokenize::STOPWORDS_FOR_TEST.to_vec();
    sorted.sort_unstable();
    assert_eq!(sorted, tokenize::STOPWORDS_FOR_TEST);
}

#[test]
fn stopwords_are_exactly_the_listed_words() {
    for word in tokenize::STOPWORDS_FOR_TEST {
        assert!(is_stopword(word), "{word}");
    }
    for word in [
        "",
        "b",
        "ab",
        "an\0",
        "a\0",
        "tha",
        "thes",
        "thesee",
        "yours",
        "whichever",
        "é",
        "token",
    ] {
        assert!(!is_stopword(word), "{word:?}");
    }
}

#[test]
fn identifiers_are_whole_and_split() {
    assert_eq!(
        tokens("error=\"invalid_token\""),
        vec!["error", "invalid_token", "invalid", "token"]
    );
    assert_eq!(
        tokens("WWW-Authenticate: Bearer"),
        vec!["www-authenticate", "www", "authenticate", "bearer"]
    );
    assert_eq!(tokens("X-API-Key"), vec!["x-api-key", "x", "api", "key"]);
    assert_eq!(
        tokens("works in curl but not in the browser"),
        vec!["works", "curl", "browser"]
    );
    assert_eq!(tokens("-- 401. (4010)"), vec!["401", "4010"]);
    assert_eq!(
        tokens("Quote the Request-Id"),
        vec!["quote", "request-id", "request", "id"]
    );
}

#[test]
fn a_json_pointer_is_an_identifier_and_so_are_its_identifier_segments() {
    assert_eq!(
        tokens("see /items/0/unit_price."),
        vec![
            "see",
            "items/0/unit_price",
            "items",
            "0",
            "unit_price",
            "unit",
            "price"
        ]
    );
    // Elsewhere a slash separates: `401/403`, a URL's path after its host, a media type.
    assert_eq!(tokens("401/403"), vec!["401", "403"]);
    assert_eq!(tokens("and/or"), Vec::<String>::new());
    assert_eq!(
        tokens("https://api.example.com/v1/orders"),
        vec!["https", "api", "example", "com", "v1", "orders"]
    );
    assert_eq!(
        tokens("application/problem+json"),
        vec!["application", "problem", "json"]
    );
    assert_eq!(
        tokens("GET /v1/orders"),
        vec!["get", "v1/orders", "v1", "orders"]
    );
    assert_eq!(tokens("//"), Vec::<String>::new());
}

#[test]
fn a_title_is_as_long_as_its_words_and_identifiers() {
    use tokenize::word_count;
    assert_eq!(word_count("Rate limit exceeded"), 3);
    assert_eq!(
        word_count("Cross-origin page cannot read WWW-Authenticate"),
        5
    );
    assert_eq!(word_count("Why is my request refused for a while?"), 3);
    assert_eq!(word_count(""), 0);
}

#[test]
fn title_weight_follows_bm25_length_normalisation_within_its_range() {
    let titles = TitleNorm::with_average(6.0);
    let weight = |words: usize| titles.weight(weight::TITLE, &vec!["word"; words].join(" "));
    // w(L) = 12 · 2.2 / (1 + 1.2 · (0.25 + 0.75 · L / 6)), rounded.
    assert_eq!(weight(1), 18);
    assert_eq!(weight(3), 15);
    assert_eq!(
        weight(6),
        weight::TITLE,
        "an average title keeps the base weight"
    );
    assert_eq!(weight(7), 11);
    // Clamped: a very long title still counts as a title match; nothing reaches a status's own
    // number.
    assert_eq!(weight(12), weight::TITLE_MIN);
    assert!(weight(0) <= weight::TITLE_MAX && weight::TITLE_MAX < weight::OWN_STATUS);
    let all: Vec<u32> = (0..30).map(weight).collect();
    assert!(all.windows(2).all(|w| w[0] >= w[1]), "{all:?}");
    // The average is the catalog's own: the same title weighs less among shorter titles.
    let short_titles = TitleNorm::with_average(2.0);
    assert!(short_titles.weight(weight::TITLE, "one two three") < weight(3));
}

#[test]
fn a_short_title_outweighs_a_long_one_that_repeats_the_words() {
    let titles = TitleNorm::with_average(6.0);
    let doc = |title: &str| {
        Doc::new(
            title,
            "x/".into(),
            "entry",
            "",
            titles.weight(weight::TITLE, title),
        )
    };
    let short = doc("Rate limit exceeded");
    let mut long =
        doc("Account-wide rate limit shared by every API key, webhook replay and bulk export job");
    long.add(
        "the rate limit, the rate limit, the rate limit",
        weight::BODY,
    );
    // Before, both titles weighed 12 and the long one's repeats put it first (12 + 3 against 12).
    assert_eq!(long.score("rate"), weight::TITLE_MIN + weight::REPEAT_CAP);
    assert_eq!(short.score("rate"), 15);
    assert!(short.score("rate") > long.score("rate"));
}

#[test]
fn an_identifier_in_prose_weighs_as_an_identifier_and_its_parts_as_prose() {
    let mut doc = Doc::new("Internal server error", "500/x/".into(), "entry", "", 12);
    doc.add(
        "Quote the Request-Id header; /items/0/quantity names a field.",
        weight::BODY,
    );
    assert_eq!(doc.score("request-id"), weight::IDENT);
    assert_eq!(doc.score("items/0/quantity"), weight::IDENT);
    assert_eq!(doc.score("request"), weight::BODY);
    assert_eq!(doc.score("quantity"), weight::BODY);
    // In a title an identifier keeps the title's weight.
    let titled = Doc::new("Request-Id missing", "x/".into(), "entry", "", 15);
    assert_eq!(titled.score("request-id"), 15);
}

#[test]
fn an_entry_code_names_its_entry_and_its_parts_are_identifiers() {
    let mut doc = Doc::new("Rate limit exceeded", "429/x/".into(), "entry", "", 15);
    doc.add_code("rate_limit_exceeded");
    assert_eq!(doc.score("rate_limit_exceeded"), weight::CODE);
    // The title's words keep their weight; a further mention adds one.
    assert_eq!(doc.score("rate"), 15 + 1);
    let mut other = Doc::new("Scheduled maintenance", "503/x/".into(), "entry", "", 15);
    other.add_code("maintenance");
    assert_eq!(other.score("maintenance"), weight::CODE + 1);
    let mut dotted = Doc::new("T", "x/".into(), "entry", "", 12);
    dotted.add_code("auth.token_expired");
    assert_eq!(dotted.score("token_expired"), weight::CODE);
    assert_eq!(dotted.score("expired"), weight::IDENT);
}

#[test]
fn shard_file_names_are_safe() {
    assert_eq!(file_key("in"), "in");
    assert_eq!(file_key("x-"), "x_2d");
    assert_eq!(file_key("é"), "_e9");
}

#[test]
fn a_term_keeps_its_best_field_and_mentions_add_a_little() {
    let mut doc = Doc::new(
        "Expired access token",
        "401/x/".into(),
        "entry",
        "",
        weight::TITLE,
    );
    doc.add("the token expired; expired again and expired", weight::BODY);
    assert_eq!(doc.score("expired"), weight::TITLE + weight::REPEAT_CAP);
    doc.add("rare", weight::BODY);
    assert_eq!(doc.score("rare"), weight::BODY);
    doc.add("rare rare rare rare rare rare", weight::BODY);
    assert_eq!(doc.score("rare"), weight::BODY + weight::REPEAT_CAP);
    assert_eq!(doc.score("absent"), 0);
}

#[test]
fn posting_lists_give_back_every_pair_in_order() {
    let pairs = [
        (0, 1),
        (1, 127),
        (129, 128),
        (300, 16_384),
        (2_000_000, 3),
        (u32::MAX, u32::MAX),
    ];
    let mut list = PostingList::default();
    for (doc, weight) in pairs {
        list.push(doc, weight);
    }
    let flat: Vec<u32> = list.flat().collect();
    let expected: Vec<u32> = pairs.iter().flat_map(|&(d, w)| [d, w]).collect();
    assert_eq!(flat, expected);
    // One byte per small number: a pair one document on with a small weight takes two.
    assert_eq!(list.bytes[..4], [0, 1, 1, 127]);
    assert_eq!(
        serde_json::to_string(&Flat(&list)).unwrap(),
        serde_json::to_string(&expected).unwrap()
    );
}

#[test]
fn a_filter_is_offered_only_when_it_narrows_the_entries() {
    let doc = |kind: &'static str, status: u16, tags: &[&str], code: Option<&str>| {
        let mut d = Doc::new("T", "x/".into(), kind, "", weight::TITLE);
        d.statuses = vec![status];
        d.tags = tags.iter().map(|t| (*t).to_owned()).collect();
        d.code = code.map(str::to_owned);
        d
    };
    let mut one_status = facets::Facets::default();
    one_status.add(0, &doc("status", 404, &[], None));
    one_status.add(1, &doc("entry", 404, &["orders"], None));
    one_status.add(
        2,
        &doc("entry", 404, &["orders", "orders"], Some("order_not_found")),
    );
    let offered: Vec<&str> = one_status.finish().iter().map(|f| f.key).collect();
    // One status, one tag on every entry: nothing to narrow. One code that one entry lacks: it
    // narrows.
    assert_eq!(offered, ["code"]);

    let mut two = facets::Facets::default();
    two.add(0, &doc("entry", 404, &["a"], None));
    two.add(3, &doc("entry", 429, &["a", "b"], None));
    two.add(200, &doc("tree", 429, &[], None));
    let offered = two.finish();
    assert_eq!(
        offered.iter().map(|f| f.key).collect::<Vec<_>>(),
        ["status", "tag"]
    );
    assert_eq!(
        serde_json::to_string(&offered[0].meta()).unwrap(),
        r#"{"k":"status","v":["404","429"]}"#
    );
    // Documents as gaps: 429 is on documents 3 and 200.
    assert_eq!(
        String::from_utf8(offered[0].documents_json()).unwrap(),
        r#"{"v":["404","429"],"d":[[0],[3,197]]}"#
    );
    // Tags may be many: `meta.json` names the filter, its file holds the values.
    assert_eq!(
        serde_json::to_string(&offered[1].meta()).unwrap(),
        r#"{"k":"tag"}"#
    );
}
