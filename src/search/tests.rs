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
}

#[test]
fn shard_file_names_are_safe() {
    assert_eq!(file_key("in"), "in");
    assert_eq!(file_key("x-"), "x_2d");
    assert_eq!(file_key("é"), "_e9");
}

#[test]
fn a_term_keeps_its_best_field_and_mentions_add_a_little() {
    let mut doc = Doc::new("Expired access token", "401/x/".into(), "entry", "");
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
