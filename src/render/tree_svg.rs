//! The diagram of a decision tree, drawn at build time as SVG.
//!
//! The tree is laid out as an outline: each question and each final answer is a row, indented by its
//! depth, joined to its parent by an elbow line and labelled with the answer that leads to it. A node
//! reached by two answers is drawn once; the second answer points to it by name. Styling is CSS
//! classes only, so the page's light and dark themes apply and no inline style is needed.

use std::collections::HashSet;
use std::fmt::Write as _;

use super::highlight::escape;
use crate::catalog::model::Tree;

const ROW: usize = 30;
const INDENT: usize = 26;
const CHAR: usize = 7;
const PAD: usize = 8;

/// Where an entry row leads, with its title.
pub trait Targets {
    /// The title and href of the catalog item `id`.
    fn target(&self, id: &str) -> (String, String);
}

struct Row {
    depth: usize,
    label: String,
    text: String,
    href: String,
    kind: &'static str,
    parent_row: Option<usize>,
}

/// Draws `tree` as an SVG outline; node rows link to `#node-<id>` anchors on the page.
#[must_use]
pub fn draw(tree: &Tree, targets: &dyn Targets) -> String {
    let mut rows = Vec::new();
    let mut seen = HashSet::new();
    walk(
        tree,
        &tree.start,
        0,
        String::new(),
        None,
        &mut seen,
        &mut rows,
        targets,
    );
    let width = rows
        .iter()
        .map(|r| {
            r.depth * INDENT
                + (r.label.chars().count() + r.text.chars().count() + 3) * CHAR
                + 3 * PAD
        })
        .max()
        .unwrap_or(200);
    let height = rows.len() * ROW + PAD;
    let mut svg = format!(
        "<svg class=\"tree-diagram\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" aria-hidden=\"true\" focusable=\"false\">\n"
    );
    for (i, row) in rows.iter().enumerate() {
        let y = i * ROW + PAD;
        let x = row.depth * INDENT + PAD;
        if let Some(p) = row.parent_row {
            let px = rows[p].depth * INDENT + PAD + 8;
            let py = p * ROW + PAD + ROW - 8;
            let _ = writeln!(
                svg,
                "<path class=\"tc\" d=\"M{px} {py} V{} H{x}\"/>",
                y + (ROW - 8) / 2
            );
        }
        let label_w = if row.label.is_empty() {
            0
        } else {
            (row.label.chars().count() + 1) * CHAR
        };
        let box_w = (row.text.chars().count() + 2) * CHAR + label_w;
        let _ = write!(
            svg,
            "<a href=\"{}\" tabindex=\"-1\"><rect class=\"{}\" x=\"{x}\" y=\"{y}\" width=\"{box_w}\" height=\"{}\" rx=\"5\"/>",
            escape(&row.href),
            row.kind,
            ROW - 8
        );
        let ty = y + (ROW - 8) / 2 + 4;
        if !row.label.is_empty() {
            let _ = write!(
                svg,
                "<text class=\"tl\" x=\"{}\" y=\"{ty}\">{}</text>",
                x + CHAR / 2 + 2,
                escape(&row.label)
            );
        }
        let _ = writeln!(
            svg,
            "<text class=\"tt\" x=\"{}\" y=\"{ty}\">{}</text></a>",
            x + label_w + CHAR,
            escape(&row.text)
        );
    }
    svg.push_str("</svg>");
    svg
}

#[allow(clippy::too_many_arguments)]
fn walk(
    tree: &Tree,
    id: &str,
    depth: usize,
    label: String,
    parent: Option<usize>,
    seen: &mut HashSet<String>,
    rows: &mut Vec<Row>,
    targets: &dyn Targets,
) {
    let Some(node) = tree.nodes.get(id) else {
        return;
    };
    let first = seen.insert(id.to_owned());
    rows.push(Row {
        depth,
        label,
        text: if first {
            node.question.clone()
        } else {
            format!("↑ {}", node.question)
        },
        href: format!("#node-{id}"),
        kind: "tn",
        parent_row: parent,
    });
    if !first {
        return;
    }
    let me = rows.len() - 1;
    for answer in &node.answers {
        if let Some(next) = &answer.next {
            walk(
                tree,
                next,
                depth + 1,
                answer.label.clone(),
                Some(me),
                seen,
                rows,
                targets,
            );
        } else if let Some(entry) = &answer.entry {
            let (title, href) = targets.target(entry);
            rows.push(Row {
                depth: depth + 1,
                label: answer.label.clone(),
                text: title,
                href,
                kind: "te",
                parent_row: Some(me),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct T;
    impl Targets for T {
        fn target(&self, id: &str) -> (String, String) {
            (format!("Title <{id}>"), format!("/{id}/"))
        }
    }

    #[test]
    fn draws_every_node_and_leaf_once_escaped() {
        let tree: Tree = serde_yaml::from_str(
            "title: t\nsummary: s\nstart: a\nnodes:\n  a:\n    question: Header sent?\n    answers:\n      - {label: No, entry: 401/missing}\n      - {label: Yes, next: b}\n  b:\n    question: Expired?\n    answers:\n      - {label: Yes, entry: 401/expired}\n      - {label: No, entry: 401/other}\n",
        )
        .unwrap();
        let svg = draw(&tree, &T);
        assert_eq!(svg.matches("<rect").count(), 5);
        assert!(svg.contains("Title &lt;401/missing&gt;"));
        assert!(svg.contains("href=\"#node-b\""));
        assert!(!svg.contains("style="));
    }
}
