//! The diagram of a decision tree, drawn at build time as SVG.
//!
//! The tree is laid out as an outline: each question and each final answer is a row, indented by its
//! depth, joined to its parent by an elbow line and opened by the answer that leads to it. A question
//! reached by several answers is drawn once, where it is nearest the start, and the other answers
//! point up or down to it by name. Node rows link to the question's `#node-<id>` anchor on the page,
//! entry rows to the entry.
//!
//! The layout cannot overlap, whatever the text. Each row's words are wrapped to the width left at
//! its depth, measured with a width per character that common interface fonts do not exceed, so a
//! line never leaves its box; each box is as tall as its wrapped lines, and rows are stacked one
//! under the other, so no two boxes share a horizontal band. Every diagram is drawn on a canvas of the
//! same width, narrow enough for a phone, so the stylesheet can scale it to its box knowing the size
//! the text will have. Styling is CSS classes only, so the page's light and dark themes apply and no
//! inline style is needed. This module draws the diagram and nothing else: the page around it is
//! `templates/tree.html`.

use std::collections::{HashMap, VecDeque};
use std::fmt::Write as _;

use super::highlight::escape;
use crate::catalog::model::Tree;

/// Font size of every text in the diagram, in user units. It is written on the `<svg>` itself, so the
/// text drawn and the widths measured below cannot disagree.
const FONT: u32 = 13;
/// Distance between two baselines in a row: 1.4 em, room for the ascent and descent of any common
/// interface font, so two lines of one row cannot overlap.
const LINE: u32 = 18;
/// Where the baseline sits below the top of its line.
const BASELINE: u32 = 14;
/// Width of the canvas every diagram is drawn on: about what a 390 px phone gives the figure, so the
/// text keeps its size there.
const CANVAS: u32 = 340;
/// Free space around the drawing, wider than a hovered box's border.
const MARGIN: u32 = 4;
/// Space between a box's left and right borders and its text.
const INSET_X: u32 = 7;
/// Space between a box's top and bottom borders and its text.
const INSET_Y: u32 = 4;
/// Vertical space between two rows.
const GAP: u32 = 8;
/// The narrowest box a row gets, however deep it is.
const MIN_BOX: u32 = 150;
/// The widest indentation of one level; deep trees indent less, so their deepest rows keep room.
const MAX_INDENT: u32 = 14;
/// The narrowest indentation of one level: still enough to draw the elbow.
const MIN_INDENT: u32 = 6;

/// Advance of each printable ASCII character, `' '` to `'~'`, in thousandths of an em, in DejaVu Sans:
/// the widest of the common interface fonts (it has Verdana's metrics), and the one Debian's browsers
/// use for `system-ui`. Row text is drawn in it.
const ASCII_ADVANCE: [u16; 95] = [
    318, 401, 460, 838, 636, 950, 780, 275, 390, 390, 500, 838, 318, 361, 318, 337, //
    636, 636, 636, 636, 636, 636, 636, 636, 636, 636, 337, 337, 838, 838, 838, 531, //
    1000, 684, 686, 698, 770, 632, 575, 775, 752, 295, 295, 656, 557, 863, 748, 787, //
    603, 787, 695, 635, 611, 732, 684, 989, 685, 611, 685, 390, 337, 390, 838, 500, //
    500, 613, 635, 550, 635, 615, 352, 635, 634, 278, 278, 579, 278, 974, 634, 612, //
    635, 635, 411, 521, 392, 634, 592, 818, 592, 592, 525, 636, 337, 636, 838, //
];
/// The same in DejaVu Sans Bold, in which answer labels are drawn.
const ASCII_ADVANCE_BOLD: [u16; 95] = [
    348, 456, 521, 838, 696, 1002, 872, 306, 457, 457, 523, 838, 380, 415, 380, 365, //
    696, 696, 696, 696, 696, 696, 696, 696, 696, 696, 400, 400, 838, 838, 838, 580, //
    1000, 774, 762, 734, 830, 683, 683, 821, 837, 372, 372, 775, 637, 995, 837, 850, //
    733, 850, 770, 720, 682, 812, 774, 1103, 771, 724, 725, 457, 365, 457, 838, 500, //
    500, 675, 716, 593, 716, 678, 435, 716, 712, 343, 343, 665, 343, 1042, 712, 687, //
    716, 716, 493, 595, 478, 712, 652, 924, 645, 652, 582, 712, 365, 712, 838, //
];
/// Advance counted for any other character, in thousandths of an em: more than the widest Latin,
/// Greek or Cyrillic letter in bold (Cyrillic Zhe is 1.22 em in DejaVu Sans Bold), an ideograph or
/// an emoji.
const OTHER_ADVANCE: u32 = 1300;
/// Advance counted for the few characters drawn wider than that: the two- and three-em dashes and the
/// Arabic ligatures of whole phrases (U+FDFA to U+FDFD, several em wide).
const WIDEST_ADVANCE: u32 = 6000;
/// The ASCII tables in percent: a margin for rounding and for fonts that set a few characters wider.
const SAFETY_PERCENT: u32 = 105;
/// Measured widths are in thousandths of a user unit, so that sums of advances stay exact.
const MILLI: u64 = 1000;

/// Where an entry row leads, with its title.
pub trait Targets {
    /// The title and href of the catalog item `id`.
    fn target(&self, id: &str) -> (String, String);
}

/// How a run of words is drawn: the answer that leads to a row, the arrow after it, or the row's own
/// text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Style {
    Label,
    Arrow,
    Text,
}

/// What a row stands for, which is also its box's CSS class.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    /// A question, drawn in full.
    Node,
    /// A question drawn in full elsewhere: a pointer to it.
    Pointer,
    /// A final answer: a catalog item.
    Entry,
}

impl Kind {
    fn class(self) -> &'static str {
        match self {
            Kind::Node => "tn",
            Kind::Pointer => "tn tp",
            Kind::Entry => "te",
        }
    }
}

/// One row of the outline, before layout.
struct Row {
    depth: u32,
    /// The answer that leads here; empty for the first question.
    label: String,
    text: String,
    href: String,
    kind: Kind,
    parent: Option<usize>,
}

impl Row {
    /// The words of the row: the answer that leads to it, then an arrow, then its own text.
    fn words(&self) -> Vec<(Style, &str)> {
        let mut out: Vec<(Style, &str)> = self
            .label
            .split_whitespace()
            .map(|w| (Style::Label, w))
            .collect();
        if !out.is_empty() {
            out.push((Style::Arrow, "→"));
        }
        out.extend(self.text.split_whitespace().map(|w| (Style::Text, w)));
        out
    }
}

/// One line of a row's wrapped text: runs of words by style, and its measured width.
#[derive(Debug, Default)]
struct Line {
    runs: Vec<(Style, String)>,
    width: u64,
}

impl Line {
    /// Appends `word` (measured `width` wide), after a space unless the line is empty.
    fn push(&mut self, style: Style, word: &str, width: u64) {
        let space = advance(style, ' ');
        // The arrow is drawn like the answer it ends.
        let style = if style == Style::Arrow {
            Style::Label
        } else {
            style
        };
        if self.runs.is_empty() {
            self.runs.push((style, word.to_owned()));
            self.width = width;
            return;
        }
        self.width += space + width;
        match self.runs.last_mut() {
            Some((last, text)) if *last == style => {
                text.push(' ');
                text.push_str(word);
            }
            _ => self.runs.push((style, format!(" {word}"))),
        }
    }
}

/// A row placed on the canvas: its box and its lines.
struct Placed {
    x: u32,
    y: u32,
    width: u32,
    height: u32,
    lines: Vec<Line>,
}

impl Placed {
    /// Where the `i`th line's baseline is.
    fn baseline(&self, i: usize) -> u32 {
        self.y + INSET_Y + count(i) * LINE + BASELINE
    }
}

/// The placed rows and the size of the canvas that holds them.
struct Layout {
    width: u32,
    height: u32,
    indent: u32,
    rows: Vec<Placed>,
}

/// Draws `tree` as an SVG outline; node rows link to `#node-<id>` anchors on the page.
#[must_use]
pub fn draw(tree: &Tree, targets: &dyn Targets) -> String {
    let rows = collect_rows(tree, targets);
    let layout = lay_out(&rows);
    write_svg(&rows, &layout)
}

/// The rows of `tree` in outline order, depth first from the start.
fn collect_rows(tree: &Tree, targets: &dyn Targets) -> Vec<Row> {
    let mut walker = Walker {
        tree,
        targets,
        homes: homes(tree),
        rows: Vec::new(),
        drawn: HashMap::new(),
        pointers: Vec::new(),
    };
    walker.visit(&tree.start, 0, String::new(), None);
    let Walker {
        mut rows,
        drawn,
        pointers,
        ..
    } = walker;
    // A pointer says which way to look: the question is drawn above it or below it.
    for (at, id) in pointers {
        let up = drawn.get(id).is_some_and(|&row| row < at);
        let text = &mut rows[at].text;
        *text = format!("{} {text}", if up { '↑' } else { '↓' });
    }
    rows
}

/// Where each question is drawn in full: under the first answer, in breadth-first order, that reaches
/// it by a shortest path from the start. Each question then sits as near the start as the tree
/// allows, which keeps the outline shallow; these answers form a tree, even if the nodes had a cycle.
fn homes(tree: &Tree) -> HashMap<&str, (&str, usize)> {
    let mut homes = HashMap::new();
    let mut queue = VecDeque::from([tree.start.as_str()]);
    while let Some(id) = queue.pop_front() {
        let Some(node) = tree.nodes.get(id) else {
            continue;
        };
        for (i, next) in node
            .answers
            .iter()
            .enumerate()
            .filter_map(|(i, a)| Some((i, a.next.as_deref()?)))
        {
            if next != tree.start && tree.nodes.contains_key(next) && !homes.contains_key(next) {
                homes.insert(next, (id, i));
                queue.push_back(next);
            }
        }
    }
    homes
}

/// Collects the rows of a tree in outline order, depth first.
struct Walker<'a> {
    tree: &'a Tree,
    targets: &'a dyn Targets,
    homes: HashMap<&'a str, (&'a str, usize)>,
    rows: Vec<Row>,
    /// The row of each question drawn in full.
    drawn: HashMap<&'a str, usize>,
    /// Pointer rows, with the question each points to.
    pointers: Vec<(usize, &'a str)>,
}

impl<'a> Walker<'a> {
    fn visit(&mut self, id: &'a str, depth: u32, label: String, parent: Option<usize>) {
        let Some(node) = self.tree.nodes.get(id) else {
            return;
        };
        let me = self.rows.len();
        self.drawn.insert(id, me);
        self.rows.push(Row {
            depth,
            label,
            text: crate::markdown::plain_text(&node.question),
            href: format!("#node-{id}"),
            kind: Kind::Node,
            parent,
        });
        for (i, answer) in node.answers.iter().enumerate() {
            let label = answer.label.clone();
            if let Some(next) = answer.next.as_deref() {
                if self.homes.get(next) == Some(&(id, i)) {
                    self.visit(next, depth + 1, label, Some(me));
                    continue;
                }
                // An answer to a missing node is a validation error, reported there.
                let Some(target) = self.tree.nodes.get(next) else {
                    continue;
                };
                self.pointers.push((self.rows.len(), next));
                self.rows.push(Row {
                    depth: depth + 1,
                    label,
                    text: crate::markdown::plain_text(&target.question),
                    href: format!("#node-{next}"),
                    kind: Kind::Pointer,
                    parent: Some(me),
                });
            } else if let Some(entry) = &answer.entry {
                let (title, href) = self.targets.target(entry);
                self.rows.push(Row {
                    depth: depth + 1,
                    label,
                    text: title,
                    href,
                    kind: Kind::Entry,
                    parent: Some(me),
                });
            }
        }
    }
}

/// The advance of `c` drawn in `style`, in thousandths of a user unit: at least what the site's
/// font draws.
fn advance(style: Style, c: char) -> u64 {
    let table = match style {
        Style::Text => &ASCII_ADVANCE,
        Style::Label | Style::Arrow => &ASCII_ADVANCE_BOLD,
    };
    let em = match u32::from(c) {
        code @ 0x20..=0x7e => {
            let index = usize::try_from(code - 0x20).unwrap_or_default();
            (u32::from(table[index]) * SAFETY_PERCENT).div_ceil(100)
        }
        0x2e3a | 0x2e3b | 0xfdfa..=0xfdfd => WIDEST_ADVANCE,
        _ => OTHER_ADVANCE,
    };
    u64::from(em) * u64::from(FONT)
}

/// The width of `text` drawn in `style`, in thousandths of a user unit.
fn measure(style: Style, text: &str) -> u64 {
    text.chars().map(|c| advance(style, c)).sum()
}

/// Wraps words onto lines no wider than `budget` (thousandths of a user unit): lines break between
/// words, never before the arrow, and a word wider than a whole line breaks between characters.
fn wrap(words: &[(Style, &str)], budget: u64) -> Vec<Line> {
    let mut lines = Vec::new();
    let mut line = Line::default();
    for (n, &(style, word)) in words.iter().enumerate() {
        // The arrow stays on the line of the answer's last word: it is measured with that word.
        let glued = match words.get(n + 1) {
            Some(&(Style::Arrow, arrow)) => {
                advance(Style::Arrow, ' ') + measure(Style::Arrow, arrow)
            }
            _ => 0,
        };
        if style == Style::Arrow && !line.runs.is_empty() {
            line.push(style, word, measure(style, word));
            continue;
        }
        for piece in split_to_fit(style, word, budget.saturating_sub(glued)) {
            let width = measure(style, piece);
            if !line.runs.is_empty() && line.width + advance(style, ' ') + width + glued > budget {
                lines.push(std::mem::take(&mut line));
            }
            line.push(style, piece, width);
        }
    }
    if !line.runs.is_empty() {
        lines.push(line);
    }
    lines
}

/// Cuts `word` into pieces no wider than `budget`, between characters. A single character wider than
/// the budget is a piece of its own (the layout never gives a line that little room).
fn split_to_fit(style: Style, word: &str, budget: u64) -> Vec<&str> {
    let mut pieces = Vec::new();
    let (mut start, mut width) = (0, 0);
    for (i, c) in word.char_indices() {
        let w = advance(style, c);
        if i > start && width + w > budget {
            pieces.push(&word[start..i]);
            (start, width) = (i, 0);
        }
        width += w;
    }
    pieces.push(&word[start..]);
    pieces
}

/// A count as a coordinate; a diagram never has billions of rows or lines.
fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX / (4 * LINE))
}

/// The indentation of one level when the deepest row is at `deepest`: as wide as the canvas allows
/// while that row keeps [`MIN_BOX`].
fn indent_for(deepest: u32) -> u32 {
    if deepest == 0 {
        return MAX_INDENT;
    }
    ((CANVAS - 2 * MARGIN - MIN_BOX) / deepest).clamp(MIN_INDENT, MAX_INDENT)
}

/// Places each row: indented by its depth, its text wrapped to the room left on the canvas (at least
/// [`MIN_BOX`]), its box as tall as its lines, stacked [`GAP`] below the previous row's box.
fn lay_out(rows: &[Row]) -> Layout {
    let indent = indent_for(rows.iter().map(|r| r.depth).max().unwrap_or(0));
    let mut y = MARGIN;
    let mut placed = Vec::with_capacity(rows.len());
    for row in rows {
        let x = MARGIN + row.depth.saturating_mul(indent);
        let room = (CANVAS - MARGIN).saturating_sub(x).max(MIN_BOX);
        let lines = wrap(&row.words(), u64::from(room - 2 * INSET_X) * MILLI);
        let text_width = lines.iter().map(|l| l.width).max().unwrap_or(0);
        let text_width = u32::try_from(text_width.div_ceil(MILLI)).unwrap_or(room);
        let height = count(lines.len().max(1)) * LINE + 2 * INSET_Y;
        placed.push(Placed {
            x,
            y,
            width: text_width + 2 * INSET_X,
            height,
            lines,
        });
        y += height + GAP;
    }
    Layout {
        width: placed
            .iter()
            .map(|p| p.x + p.width + MARGIN)
            .fold(CANVAS, u32::max),
        height: (y + MARGIN).saturating_sub(GAP).max(2 * MARGIN),
        indent,
        rows: placed,
    }
}

/// Writes the laid-out rows as SVG: the elbow lines first, then each row's box and lines in a link.
fn write_svg(rows: &[Row], layout: &Layout) -> String {
    let Layout { width, height, .. } = layout;
    let mut svg = format!(
        "<svg class=\"tree-diagram\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" font-size=\"{FONT}\" aria-hidden=\"true\" focusable=\"false\">\n"
    );
    for (row, at) in rows.iter().zip(&layout.rows) {
        if let Some(parent) = row.parent.map(|p| &layout.rows[p]) {
            // The elbow runs down the parent's left side, which only the parent's descendants
            // (indented further) border, then right to the row's first line.
            let _ = writeln!(
                svg,
                "<path class=\"tc\" d=\"M{} {} V{} H{}\"/>",
                parent.x + layout.indent / 2,
                parent.y + parent.height,
                at.y + INSET_Y + LINE / 2,
                at.x
            );
        }
    }
    for (row, at) in rows.iter().zip(&layout.rows) {
        let _ = write!(
            svg,
            "<a href=\"{}\" tabindex=\"-1\"><rect class=\"{}\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"5\"/>",
            escape(&row.href),
            row.kind.class(),
            at.x,
            at.y,
            at.width,
            at.height
        );
        for (i, line) in at.lines.iter().enumerate() {
            write_line(&mut svg, line, at.x + INSET_X, at.baseline(i));
        }
        svg.push_str("</a>\n");
    }
    svg.push_str("</svg>");
    svg
}

/// Writes one line as a `<text>`; the answer's words are a `<tspan>` of their own.
fn write_line(svg: &mut String, line: &Line, x: u32, y: u32) {
    let _ = write!(svg, "<text class=\"tt\" x=\"{x}\" y=\"{y}\">");
    for (style, text) in &line.runs {
        match style {
            Style::Label | Style::Arrow => {
                let _ = write!(svg, "<tspan class=\"tl\">{}</tspan>", escape(text));
            }
            Style::Text => svg.push_str(&escape(text)),
        }
    }
    svg.push_str("</text>");
}

#[cfg(test)]
mod tests {
    use indexmap::IndexMap;

    use super::*;
    use crate::catalog::model::{TreeAnswer, TreeNode};

    struct T;
    impl Targets for T {
        fn target(&self, id: &str) -> (String, String) {
            (format!("Title <{id}>"), format!("/{id}/"))
        }
    }

    /// Where an answer leads, for building test trees.
    enum To {
        Next(&'static str),
        Entry(&'static str),
    }

    /// A test node: its id, its question and its answers.
    type Node<'a> = (&'a str, String, Vec<(String, To)>);

    /// A tree of `nodes`, starting at the first.
    fn tree(nodes: Vec<Node<'_>>) -> Tree {
        let start = nodes[0].0.to_owned();
        let nodes: IndexMap<String, TreeNode> = nodes
            .into_iter()
            .map(|(id, question, answers)| {
                let answers = answers
                    .into_iter()
                    .map(|(label, to)| TreeAnswer {
                        label,
                        next: match to {
                            To::Next(n) => Some(n.to_owned()),
                            To::Entry(_) => None,
                        },
                        entry: match to {
                            To::Entry(e) => Some(e.to_owned()),
                            To::Next(_) => None,
                        },
                    })
                    .collect();
                let node = TreeNode {
                    question,
                    help: None,
                    answers,
                };
                (id.to_owned(), node)
            })
            .collect();
        Tree {
            title: "t".into(),
            summary: "s".into(),
            status: vec![401],
            start,
            nodes,
        }
    }

    fn text(words: &[(Style, &str)]) -> String {
        words.iter().map(|(_, w)| *w).collect()
    }

    fn joined(lines: &[Line]) -> String {
        lines
            .iter()
            .flat_map(|l| l.runs.iter().map(|(_, t)| t.replace(' ', "")))
            .collect()
    }

    const LONG: &str = "It still fails, but only on endpoints that use one particular service, and \
        the challenge names another realm that the client has never heard of before today";

    /// A run of words of one style, for the wrapping tests.
    fn plain(text: &str) -> Vec<(Style, &str)> {
        text.split_whitespace().map(|w| (Style::Text, w)).collect()
    }

    #[test]
    fn short_text_stays_on_one_line() {
        let lines = wrap(&plain("Expired access token"), 300 * MILLI);
        assert_eq!(lines.len(), 1);
        assert_eq!(
            lines[0].runs,
            [(Style::Text, "Expired access token".into())]
        );
        assert_eq!(lines[0].width, measure(Style::Text, "Expired access token"));
    }

    #[test]
    fn long_text_wraps_within_the_budget_and_keeps_every_word_in_order() {
        for budget in [100, 160, 240, 326] {
            let words = plain(LONG);
            let lines = wrap(&words, budget * MILLI);
            assert!(lines.len() > 1, "{budget}");
            for line in &lines {
                let drawn: String = line.runs.iter().map(|(_, t)| t.as_str()).collect();
                assert_eq!(line.width, measure(Style::Text, &drawn), "{drawn}");
                assert!(line.width <= budget * MILLI, "{drawn} in {budget}");
            }
            let back: Vec<String> = lines
                .iter()
                .map(|l| l.runs.iter().map(|(_, t)| t.as_str()).collect())
                .collect();
            assert_eq!(
                back.join(" "),
                plain(LONG)
                    .iter()
                    .map(|w| w.1)
                    .collect::<Vec<_>>()
                    .join(" ")
            );
        }
    }

    #[test]
    fn a_word_wider_than_a_line_breaks_between_characters() {
        let token = "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIn0";
        let cjk = "認証情報がリクエストに含まれていないため、サーバーは要求を拒否しました";
        for word in [token, cjk, "🔑🔑🔑🔑🔑🔑🔑🔑🔑🔑🔑🔑🔑🔑🔑🔑"]
        {
            let words = [
                (Style::Label, word),
                (Style::Arrow, "→"),
                (Style::Text, word),
            ];
            let lines = wrap(&words, 100 * MILLI);
            assert!(lines.len() > 2, "{word}");
            assert!(lines.iter().all(|l| l.width <= 100 * MILLI), "{word}");
            assert_eq!(joined(&lines), text(&words), "{word}");
        }
    }

    #[test]
    fn the_arrow_stays_with_the_answer_and_takes_its_style() {
        for budget in 40..160 {
            let words = [
                (Style::Label, "Yes,"),
                (Style::Label, "both"),
                (Style::Label, "say"),
                (Style::Label, "Bearer"),
                (Style::Arrow, "→"),
                (Style::Text, "Which"),
                (Style::Text, "error?"),
            ];
            let lines = wrap(&words, budget * MILLI);
            assert!(lines.iter().all(|l| l.width <= budget * MILLI), "{budget}");
            let first = |l: &Line| l.runs[0].1.clone();
            assert!(lines.iter().all(|l| !first(l).starts_with('→')), "{budget}");
            let arrow = lines
                .iter()
                .flat_map(|l| &l.runs)
                .find(|r| r.1.contains('→'));
            assert_eq!(arrow.map(|r| r.0), Some(Style::Label));
        }
    }

    #[test]
    fn bold_is_measured_wider_than_regular_and_other_scripts_widest() {
        assert!(measure(Style::Label, "Authorization") > measure(Style::Text, "Authorization"));
        assert!(advance(Style::Text, 'Ж') > advance(Style::Label, 'W'));
        assert!(advance(Style::Text, '中') >= u64::from(FONT) * 1000);
    }

    /// A text line's box: its measured width, and 1.07 em above and 0.31 em below the baseline, which
    /// holds the ascent and descent of common interface fonts (Noto Sans has the tallest, 1.069 and
    /// 0.293 em).
    #[derive(Debug, Clone, Copy)]
    struct Box2 {
        left: u64,
        top: u64,
        right: u64,
        bottom: u64,
    }

    impl Box2 {
        fn disjoint(self, o: Box2) -> bool {
            self.right <= o.left
                || o.right <= self.left
                || self.bottom <= o.top
                || o.bottom <= self.top
        }
        fn inside(self, o: Box2) -> bool {
            o.left <= self.left
                && self.right <= o.right
                && o.top <= self.top
                && self.bottom <= o.bottom
        }
    }

    /// Checks the promises of the layout on `tree`, in thousandths of a unit: every text line inside
    /// its row's box, every box inside the canvas, and no two boxes or lines overlapping.
    fn assert_no_overlap(tree: &Tree) -> Layout {
        let rows = collect_rows(tree, &T);
        let layout = lay_out(&rows);
        let canvas = Box2 {
            left: 0,
            top: 0,
            right: u64::from(layout.width) * MILLI,
            bottom: u64::from(layout.height) * MILLI,
        };
        let (ascent, descent) = (1070 * u64::from(FONT), 310 * u64::from(FONT));
        assert!(ascent + descent <= u64::from(LINE) * MILLI);
        let mut boxes = Vec::new();
        let mut texts = Vec::new();
        for (row, at) in rows.iter().zip(&layout.rows) {
            let b = Box2 {
                left: u64::from(at.x) * MILLI,
                top: u64::from(at.y) * MILLI,
                right: u64::from(at.x + at.width) * MILLI,
                bottom: u64::from(at.y + at.height) * MILLI,
            };
            assert!(b.inside(canvas), "{b:?} outside {canvas:?}");
            let words = row.words();
            assert_eq!(joined(&at.lines), text(&words), "every word is drawn");
            for (i, line) in at.lines.iter().enumerate() {
                let left = u64::from(at.x + INSET_X) * MILLI;
                let baseline = u64::from(at.baseline(i)) * MILLI;
                let t = Box2 {
                    left,
                    top: baseline - ascent,
                    right: left + line.width,
                    bottom: baseline + descent,
                };
                assert!(t.inside(b), "{t:?} outside its box {b:?}");
                texts.push(t);
            }
            boxes.push(b);
        }
        for set in [&boxes, &texts] {
            for (i, a) in set.iter().enumerate() {
                for b in &set[i + 1..] {
                    assert!(a.disjoint(*b), "{a:?} overlaps {b:?}");
                }
            }
        }
        layout
    }

    fn answer(label: impl Into<String>, to: To) -> (String, To) {
        (label.into(), to)
    }

    #[test]
    fn long_labels_and_unicode_stay_in_their_boxes() {
        let long = format!("{LONG} {LONG}");
        let t = tree(vec![
            (
                "a",
                format!("{LONG}?"),
                vec![
                    answer(long.clone(), To::Entry("401/a")),
                    answer("認証情報が送信されていません、またはトークンの期限が切れています", To::Next("b")),
                    answer("eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2lnbmF0dXJl", To::Entry("401/b")),
                ],
            ),
            (
                "b",
                "Заголовок WWW-Authenticate содержит ошибку invalid_token? 🔑🔒 مرحبا e\u{301}\u{301}".into(),
                vec![
                    answer("Ja, mit Umlauten: äöü ÄÖÜ ß — und „Anführungszeichen“", To::Entry("401/c")),
                    answer("WWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWW", To::Entry("401/d")),
                    answer("", To::Entry("401/e")),
                ],
            ),
        ]);
        let layout = assert_no_overlap(&t);
        assert_eq!(
            layout.width, CANVAS,
            "the text wraps instead of widening the canvas"
        );
    }

    #[test]
    fn deep_nesting_keeps_room_for_text_and_stays_inside_the_canvas() {
        for depth in [1, 8, 12, 30, 60] {
            let ids: Vec<String> = (0..depth).map(|i| format!("n{i}")).collect();
            let ids: Vec<&'static str> = ids.into_iter().map(|s| &*s.leak()).collect();
            let nodes = (0..depth)
                .map(|i| {
                    let mut answers = vec![answer(
                        format!("Answer {i} with some words"),
                        To::Entry("401/x"),
                    )];
                    if i + 1 < depth {
                        answers.push(answer(
                            format!("Go deeper from level {i}"),
                            To::Next(ids[i + 1]),
                        ));
                    }
                    (ids[i], format!("Question {i}: {LONG}?"), answers)
                })
                .collect();
            let layout = assert_no_overlap(&tree(nodes));
            let deepest = layout.rows.iter().map(|r| r.x).max().unwrap();
            let narrowest = layout
                .rows
                .iter()
                .filter(|r| r.x == deepest)
                .map(|r| r.width)
                .min()
                .unwrap();
            assert!(narrowest >= 2 * INSET_X + 60, "{depth}: {narrowest}");
            if depth <= 30 {
                assert_eq!(layout.width, CANVAS, "{depth}");
            }
        }
    }

    #[test]
    fn a_shared_question_is_drawn_once_where_it_is_nearest_the_start() {
        // d is reached from a (depth 1) and from c (depth 3); e from b twice.
        let t = tree(vec![
            (
                "a",
                "A?".into(),
                vec![answer("to b", To::Next("b")), answer("to d", To::Next("d"))],
            ),
            (
                "b",
                "B?".into(),
                vec![
                    answer("to c", To::Next("c")),
                    answer("to e", To::Next("e")),
                    answer("to e again", To::Next("e")),
                ],
            ),
            ("c", "C?".into(), vec![answer("to d", To::Next("d"))]),
            ("d", "D?".into(), vec![answer("end", To::Entry("401/d"))]),
            ("e", "E?".into(), vec![answer("end", To::Entry("401/e"))]),
        ]);
        let rows = collect_rows(&t, &T);
        let shown: Vec<(u32, &str, Kind)> = rows
            .iter()
            .map(|r| (r.depth, r.text.as_str(), r.kind))
            .collect();
        assert_eq!(
            shown,
            [
                (0, "A?", Kind::Node),
                (1, "B?", Kind::Node),
                (2, "C?", Kind::Node),
                (3, "↓ D?", Kind::Pointer),
                (2, "E?", Kind::Node),
                (3, "Title <401/e>", Kind::Entry),
                (2, "↑ E?", Kind::Pointer),
                (1, "D?", Kind::Node),
                (2, "Title <401/d>", Kind::Entry),
            ]
        );
        assert_eq!(rows[3].href, "#node-d");
        assert_no_overlap(&t);
        let svg = draw(&t, &T);
        assert_eq!(svg.matches("class=\"tn tp\"").count(), 2);
        assert_eq!(svg.matches("href=\"#node-d\"").count(), 2);
    }

    #[test]
    fn a_cycle_is_drawn_as_a_pointer() {
        let t = tree(vec![
            ("a", "A?".into(), vec![answer("on", To::Next("b"))]),
            (
                "b",
                "B?".into(),
                vec![
                    answer("back", To::Next("a")),
                    answer("missing", To::Next("nowhere")),
                ],
            ),
        ]);
        let rows = collect_rows(&t, &T);
        let texts: Vec<&str> = rows.iter().map(|r| r.text.as_str()).collect();
        assert_eq!(texts, ["A?", "B?", "↑ A?"]);
        assert_no_overlap(&t);
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

    #[test]
    fn untrusted_text_is_escaped_everywhere() {
        struct Evil;
        impl Targets for Evil {
            fn target(&self, _: &str) -> (String, String) {
                (
                    "</text><script>alert(1)</script>".into(),
                    "/x\" onclick=\"alert(1)".into(),
                )
            }
        }
        let t = tree(vec![(
            "a",
            "<svg onload=alert(1)> & \"q\" 'q'?".into(),
            vec![answer("<b>yes</b> & </tspan>", To::Entry("401/x"))],
        )]);
        let svg = draw(&t, &Evil);
        for bad in ["<script", "<svg onload", "<b>", "\" onclick", "</tspan> &"] {
            assert!(!svg.contains(bad), "{bad} in {svg}");
        }
        // A question is Markdown: its raw HTML is not part of its text, and what is left is escaped.
        assert!(!svg.contains("onload"), "{svg}");
        assert!(svg.contains("&amp; &quot;q&quot; &#39;q&#39;?"), "{svg}");
        assert!(svg.contains("href=\"/x&quot; onclick=&quot;alert(1)\""));
        assert_eq!(svg.matches("<svg").count(), 1);
    }

    #[test]
    fn the_same_tree_gives_the_same_bytes() {
        let make = || {
            tree(vec![
                (
                    "a",
                    "A?".into(),
                    vec![
                        answer("1", To::Next("b")),
                        answer("2", To::Next("c")),
                        answer("3", To::Next("d")),
                    ],
                ),
                (
                    "b",
                    "B?".into(),
                    vec![answer("1", To::Next("d")), answer("2", To::Next("c"))],
                ),
                (
                    "c",
                    "C?".into(),
                    vec![answer("1", To::Next("d")), answer("2", To::Entry("401/c"))],
                ),
                ("d", "D?".into(), vec![answer("1", To::Entry("401/d"))]),
            ])
        };
        let first = draw(&make(), &T);
        for _ in 0..20 {
            assert_eq!(draw(&make(), &T), first);
        }
    }

    #[test]
    fn the_stylesheet_leaves_the_font_size_to_the_drawing() {
        // The layout measures text at FONT units; a font size set on the diagram in CSS would
        // override the one written on the <svg>, and text could overflow its box.
        let css = include_str!("../../static/app.css");
        for rule in css.lines().filter(|l| l.contains(".tree-diagram")) {
            assert!(
                !rule.contains("font:") && !rule.contains("font-size"),
                "{rule}"
            );
            assert!(
                !rule.contains("letter-spacing") && !rule.contains("word-spacing"),
                "{rule}"
            );
        }
        let svg = draw(&tree(vec![("a", "A?".into(), vec![])]), &T);
        assert!(svg.contains(&format!("font-size=\"{FONT}\"")));
    }
}
