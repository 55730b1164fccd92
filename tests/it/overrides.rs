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
fn entry_pages_follow_an_override_of_any_template_they_are_made_of() {
    // Entry pages are written without Tera while their templates are the embedded ones; an
    // override of any of them must still show on every entry page.
    let defaults = errdocs::assets::default_templates();
    for (name, from, to, shown) in [
        ("entry.html", "How to recognise it", "Spot it", "Spot it"),
        ("base.html", "Skip to content", "Jump ahead", "Jump ahead"),
        ("macros.html", "> Incorrect{%", "> Wrong{%", "> Wrong"),
    ] {
        let site = SiteTest::fixture("basic");
        assert!(defaults[name].contains(from), "{name}");
        site.file(
            &format!("templates/{name}"),
            defaults[name].replace(from, to),
        );
        site.build_ok(&[]);
        let page =
            std::fs::read_to_string(site.out().join("401/expired-token/index.html")).unwrap();
        assert!(page.contains(shown), "{name}: {page}");
        assert!(!page.contains(from.trim_end_matches("{%")), "{name}");
    }
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
    assert_build_fails_naming(&site, "entry.html");
}

/// The build fails, its errors name `template`, and nothing is written.
fn assert_build_fails_naming(site: &SiteTest, template: &str) {
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains(template), "{}", run.stderr);
    assert!(
        !site.out().exists(),
        "nothing is written when a template is broken"
    );
}

/// The `href`s of the header navigation's links marked as the current page.
fn current_nav_links(site: &SiteTest, page: &str) -> Vec<String> {
    site.html(page)
        .select(&sel("header nav.nav a[aria-current=page]"))
        .filter_map(|a| a.value().attr("href").map(str::to_owned))
        .collect()
}

#[test]
fn the_navigation_marks_the_page_it_is_on_and_no_other() {
    let site = SiteTest::fixture("basic");
    site.build_ok(&[]);
    // Rendered once per page it can mark: each status page, the guides index, everything else.
    assert_eq!(current_nav_links(&site, "401/index.html"), vec!["/401/"]);
    assert_eq!(
        current_nav_links(&site, "guides/index.html"),
        vec!["/guides/"]
    );
    for page in [
        "index.html",
        "401/expired-token/index.html",
        "guides/handling-401/index.html",
        "404.html",
    ] {
        assert_eq!(
            current_nav_links(&site, page),
            Vec::<String>::new(),
            "{page}"
        );
        let links = texts(&site.html(page), "header nav.nav a");
        assert_eq!(links, vec!["401", "403", "Guides"], "{page}");
    }
}

#[test]
fn a_site_nav_template_replaces_the_header_navigation_on_every_page() {
    let site = SiteTest::fixture("basic");
    site.file(
        "templates/nav.html",
        "<nav class=\"nav custom\">{% for s in site.statuses %}<a href=\"{{ s.url }}\"{% if current == s.url %} aria-current=\"page\"{% endif %}>Status {{ s.status }}</a>{% endfor %}</nav>\n",
    );
    site.build_ok(&[]);
    for page in [
        "index.html",
        "401/index.html",
        "401/expired-token/index.html",
    ] {
        assert_eq!(
            texts(&site.html(page), "header nav.custom a"),
            vec!["Status 401", "Status 403"],
            "{page}"
        );
    }
    let current = site
        .html("401/index.html")
        .select(&sel("nav.custom a[aria-current=page]"))
        .count();
    assert_eq!(current, 1);
}

#[test]
fn a_broken_nav_template_is_reported_with_its_path() {
    let site = SiteTest::fixture("basic");
    site.file("templates/nav.html", "<nav>{{ site.title </nav>");
    assert_build_fails_naming(&site, "nav.html");
}

#[test]
fn a_site_link_template_changes_every_link_list() {
    let site = SiteTest::fixture("basic");
    site.file(
        "templates/link.html",
        "<li class=\"mine\"><a href=\"{{ link.url }}\">{{ link.title | upper }}</a>{% if link.status %} ({{ link.status }}){% endif %}</li>\n",
    );
    site.build_ok(&[]);
    // The home page lists every entry; an entry page lists its siblings; the guides index its guides.
    let home = site.html("index.html");
    let items = texts(&home, "ul.links li");
    assert_eq!(texts(&home, "ul.links li.mine"), items);
    assert!(
        items.contains(&"MISSING CREDENTIALS (401)".to_owned()),
        "{items:?}"
    );
    let siblings = texts(
        &site.html("401/expired-token/index.html"),
        "section[aria-labelledby=siblings] li.mine",
    );
    assert_eq!(siblings, vec!["MISSING CREDENTIALS (401)"]);
    let guides = texts(&site.html("guides/index.html"), "li.mine");
    assert_eq!(guides, vec!["HANDLING 401 IN CLIENTS"]);
}

#[test]
fn a_link_template_that_fails_on_an_item_is_reported_with_its_path() {
    let site = SiteTest::fixture("basic");
    // Guides have no status: the filter fails on them, not on entries.
    site.file(
        "templates/link.html",
        "<li>{{ link.status | family }}</li>\n",
    );
    assert_build_fails_naming(&site, "templates/link.html");
}
