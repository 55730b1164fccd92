//! A site's own `templates/` and `static/` files override the embedded theme per file.

use crate::support::{SiteTest, sel, snapshot, texts};

#[test]
fn a_site_template_replaces_the_embedded_one_by_name() {
    let site = SiteTest::fixture("basic");
    site.file(
        "templates/guide.html",
        "{% extends \"base.html\" %}{% block content %}<h1 class=\"custom\">{{ item.title | upper }}</h1>{{ item.html | safe }}{% endblock content %}",
    );
    site.build_ok(&[]);
    let doc = site.html("guides/handling-401/index.html");
    assert_eq!(texts(&doc, "h1.custom"), vec!["HANDLING 401 IN CLIENTS"]);
    // Other templates (and the base layout the override extends) stay the embedded ones.
    let entry = site.html("401/expired-token/index.html");
    assert_eq!(entry.select(&sel("[data-pair]")).count(), 1);
    assert_eq!(entry.select(&sel("header.top")).count(), 1);
}

#[test]
fn a_site_static_file_replaces_the_embedded_one_and_new_files_are_copied() {
    let site = SiteTest::fixture("basic");
    site.file("static/app.css", "body { color: rebeccapurple; }\n");
    site.file(
        "static/img/logo.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    site.build_ok(&[]);
    let files = snapshot(&site.out());
    let css = files
        .iter()
        .find(|(k, _)| k.starts_with("app.") && k.ends_with(".css"))
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(css.1),
        "body { color: rebeccapurple; }\n"
    );
    assert!(files.contains_key("img/logo.svg"));
}

#[test]
fn a_broken_template_override_is_reported_with_its_path() {
    let site = SiteTest::fixture("basic");
    site.file(
        "templates/entry.html",
        "{% extends \"base.html\" %}{% block content %}{{ item.title {% endblock content %}",
    );
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("entry.html"), "{}", run.stderr);
    assert!(
        !site.out().exists(),
        "nothing is written when a template is broken"
    );
}
