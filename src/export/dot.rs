//! Graphviz DOT, for `dot -Tsvg graph.dot > graph.svg`.
//!
//! A plain `digraph` (not `strict`, which would merge parallel relations such as "chief of
//! staff of" and "advise" between the same two people). Node shape and colour show the
//! entity type, edge style the relation kind; edge labels show the predicate with its
//! qualifiers ("not resign", "chief of staff of (former)"); tooltips (shown on hover in SVG)
//! carry the evidence sentences. Every id is quoted and every string goes through
//! [`Escaper`], so no label can break the file.
//!
//! Not here: running Graphviz (the binary does that for `--svg`), or laying out the graph.

use crate::document::{EntityKind, RelationKind, Tense};
use crate::graph::{Edge, KnowledgeGraph, Node};
use std::fmt::{self, Write as _};
use std::io;

/// Longest evidence sentence shown in a tooltip, in characters.
const SENTENCE_CHARS: usize = 200;
/// Most evidence sentences shown in one tooltip.
const SENTENCES: usize = 3;
/// Fonts for every label; the list is also valid CSS for SVG output.
const FONT: &str = "Helvetica,Arial,sans-serif";

/// How a string is used in DOT, which decides how it is escaped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// A node id. DOT gives meaning only to `\"` inside it, so the escape must be
    /// one-to-one: two ids stay two ids.
    Id,
    /// An escString attribute (label, tooltip): Graphviz reads `\n`, `\l`, `\N`... as escapes
    /// and `&...;` as HTML entities, so both `\` and `&` are escaped; a newline becomes a
    /// line break and other control characters a space.
    Text,
}

/// A writer that escapes what goes through it for the inside of a quoted DOT string, in
/// the manner of petgraph's DOT `Escaper`.
struct Escaper<W> {
    inner: W,
    mode: Mode,
}

impl<W: fmt::Write> fmt::Write for Escaper<W> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        s.chars().try_for_each(|c| self.write_char(c))
    }

    fn write_char(&mut self, c: char) -> fmt::Result {
        match (self.mode, c) {
            (_, '"') => self.inner.write_str("\\\""),
            (_, '\\') => self.inner.write_str("\\\\"),
            (Mode::Text, '\n') => self.inner.write_str("\\n"),
            (Mode::Text, '&') => self.inner.write_str("&amp;"),
            (Mode::Text, c) if c.is_control() => self.inner.write_char(' '),
            // A lone backslash never comes from the text itself (those are doubled).
            (Mode::Id, c) if c.is_control() => write!(self.inner, "\\u{{{:x}}}", u32::from(c)),
            (_, c) => self.inner.write_char(c),
        }
    }
}

/// A string written quoted and escaped for `mode`.
struct Quoted<'a>(&'a str, Mode);

impl fmt::Display for Quoted<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_char('"')?;
        Escaper {
            inner: &mut *f,
            mode: self.1,
        }
        .write_str(self.0)?;
        f.write_char('"')
    }
}

fn id(s: &str) -> Quoted<'_> {
    Quoted(s, Mode::Id)
}

fn text(s: &str) -> Quoted<'_> {
    Quoted(s, Mode::Text)
}

/// Shape, style, fill and border colour of a node of `kind`.
fn node_style(kind: EntityKind) -> (&'static str, &'static str, &'static str, &'static str) {
    match kind {
        EntityKind::Person => ("ellipse", "filled", "#dbeafe", "#1e40af"),
        EntityKind::Organization => ("box", "rounded,filled", "#fef3c7", "#92400e"),
        EntityKind::Place => ("house", "filled", "#dcfce7", "#166534"),
        EntityKind::Other => ("octagon", "filled", "#f3e8ff", "#6b21a8"),
        EntityKind::Concept => ("note", "filled,dashed", "#f5f5f4", "#57534e"),
    }
}

/// Line style and colour of an edge of `kind`.
fn edge_style(kind: RelationKind) -> (&'static str, &'static str) {
    match kind {
        RelationKind::Verb => ("solid", "#374151"),
        RelationKind::Role => ("bold", "#1d4ed8"),
        RelationKind::Affiliation => ("dashed", "#15803d"),
        RelationKind::Attribution => ("dotted", "#7e22ce"),
    }
}

/// The predicate with its qualifiers: "not resign", "chief of staff of (former)".
fn edge_label(e: &Edge) -> String {
    let not = if e.qualifiers.negated { "not " } else { "" };
    let tense = match e.qualifiers.tense {
        Some(Tense::Former) => " (former)",
        Some(Tense::Current) => " (current)",
        None => "",
    };
    format!("{not}{}{tense}", e.label)
}

/// `s` on one line (whitespace runs become one space), at most `max` characters: cut at a
/// word boundary when there is one, and marked with an ellipsis.
fn summarize(s: &str, max: usize) -> String {
    let mut out = String::new();
    let mut chars = 0;
    for word in s.split_whitespace() {
        let len = word.chars().count();
        let sep = usize::from(chars > 0);
        if chars + sep + len > max.saturating_sub(1) {
            if chars == 0 {
                out.extend(word.chars().take(max.saturating_sub(1)));
            }
            out.push('…');
            return out;
        }
        if sep == 1 {
            out.push(' ');
        }
        out.push_str(word);
        chars += sep + len;
    }
    out
}

/// The label of the node with id `node_id`, or the id when it is not in the graph.
fn name_of<'a>(graph: &'a KnowledgeGraph, node_id: &'a str) -> &'a str {
    graph.node(node_id).map_or(node_id, |n| n.label.as_str())
}

fn node_tooltip(n: &Node) -> String {
    let docs = n.documents.len();
    let mut tip = format!(
        "{} · {} mention{} in {docs} document{}",
        n.kind.as_str(),
        n.mentions,
        if n.mentions == 1 { "" } else { "s" },
        if docs == 1 { "" } else { "s" },
    );
    let others: Vec<&str> = n
        .aliases
        .iter()
        .filter(|a| **a != n.label)
        .map(String::as_str)
        .collect();
    if !others.is_empty() {
        tip.push_str("\nalso: ");
        tip.push_str(&summarize(&others.join(", "), SENTENCE_CHARS));
    }
    tip
}

fn edge_tooltip(graph: &KnowledgeGraph, e: &Edge) -> String {
    let mut tip = format!(
        "{} · {} · confidence {:.2}",
        edge_label(e),
        e.kind.as_str(),
        e.confidence()
    );
    if let Some(by) = &e.qualifiers.reported_by {
        tip.push_str("\nreported by ");
        tip.push_str(&summarize(name_of(graph, by), SENTENCE_CHARS));
    }
    for ev in e.evidence.iter().take(SENTENCES) {
        tip.push_str("\n“");
        tip.push_str(&summarize(&ev.sentence, SENTENCE_CHARS));
        tip.push_str("” (");
        tip.push_str(&summarize(&ev.document, SENTENCE_CHARS));
        tip.push(')');
    }
    if e.evidence.len() > SENTENCES {
        tip.push_str(&format!("\n… and {} more", e.evidence.len() - SENTENCES));
    }
    tip
}

/// Writes the graph as a DOT `digraph`, nodes and edges in sorted order.
///
/// # Errors
/// Whatever the writer returns.
pub fn write<W: io::Write>(graph: &KnowledgeGraph, mut w: W) -> io::Result<()> {
    writeln!(w, "digraph newsgraph {{")?;
    writeln!(
        w,
        "  graph [rankdir=LR, fontname={f}, overlap=false, splines=true, nodesep=0.35, ranksep=0.8, pad=0.3];",
        f = text(FONT)
    )?;
    writeln!(
        w,
        "  node [fontname={f}, fontsize=11, penwidth=1.2, margin=\"0.12,0.06\"];",
        f = text(FONT)
    )?;
    writeln!(
        w,
        "  edge [fontname={f}, fontsize=9, arrowsize=0.7];",
        f = text(FONT)
    )?;
    for n in graph.nodes() {
        let (shape, style, fill, border) = node_style(n.kind);
        writeln!(
            w,
            "  {} [label={}, tooltip={}, class={}, shape={shape}, style={}, fillcolor={}, color={}];",
            id(&n.id),
            text(&n.label),
            text(&node_tooltip(n)),
            text(&n.kind.as_str().to_ascii_lowercase()),
            text(style),
            text(fill),
            text(border),
        )?;
    }
    for (s, t, e) in graph.edges() {
        let (style, colour) = edge_style(e.kind);
        let tooltip = edge_tooltip(graph, e);
        write!(
            w,
            "  {} -> {} [label={}, tooltip={}, labeltooltip={}, class={}, style={style}, color={}, fontcolor={}",
            id(&s.id),
            id(&t.id),
            text(&edge_label(e)),
            text(&tooltip),
            text(&tooltip),
            text(e.kind.as_str()),
            text(colour),
            text(colour),
        )?;
        if e.qualifiers.negated {
            // A flat head reads as "does not", whatever the kind.
            write!(w, ", arrowhead=tee")?;
        }
        writeln!(w, "];")?;
    }
    writeln!(w, "}}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::awkward_graph;

    fn to_string(g: &KnowledgeGraph) -> String {
        let mut out = Vec::new();
        write(g, &mut out).expect("writing to a Vec");
        String::from_utf8(out).expect("DOT is UTF-8")
    }

    #[test]
    fn escaping() {
        let cases: &[(Mode, &str, &str)] = &[
            (
                Mode::Id,
                "person:rick-dearborn",
                r#""person:rick-dearborn""#,
            ),
            (Mode::Id, r#"a"b"#, r#""a\"b""#),
            (Mode::Id, r"a\b", r#""a\\b""#),
            (Mode::Id, r"end\", r#""end\\""#),
            (Mode::Id, "a\nb\u{7}", r#""a\u{a}b\u{7}""#),
            (Mode::Id, r"a\u{a}b", r#""a\\u{a}b""#),
            (Mode::Id, "a&amp;b", r#""a&amp;b""#),
            (Mode::Id, "place:são-paulo", r#""place:são-paulo""#),
            (Mode::Text, "Rick Dearborn", r#""Rick Dearborn""#),
            (Mode::Text, r#"say "hi""#, r#""say \"hi\"""#),
            (Mode::Text, r"\N and \n", r#""\\N and \\n""#),
            (Mode::Text, "line\nnext", r#""line\nnext""#),
            (
                Mode::Text,
                "tab\tbell\u{7}del\u{7f}cr\r",
                r#""tab bell del cr ""#,
            ),
            (
                Mode::Text,
                "&lt; & </script>",
                r#""&amp;lt; &amp; </script>""#,
            ),
            (Mode::Text, "Zoë 東京 🙂", r#""Zoë 東京 🙂""#),
            (Mode::Text, r"end\", r#""end\\""#),
            (Mode::Text, "", r#""""#),
        ];
        for &(mode, input, want) in cases {
            assert_eq!(Quoted(input, mode).to_string(), want, "{mode:?} {input:?}");
        }
    }

    #[test]
    fn labels_show_qualifiers() {
        let g = awkward_graph();
        let labels: Vec<String> = g
            .edges()
            .into_iter()
            .map(|(_, _, e)| edge_label(e))
            .collect();
        for want in [
            "say \"hi\" \\ to\n</script>",
            "recuse from",
            "member of",
            "not resign",
            "deputy chief of staff of (current)",
            "advise",
            "chief of staff of (former)",
        ] {
            assert!(
                labels.iter().any(|l| l == want),
                "{want:?} not in {labels:?}"
            );
        }
    }

    #[test]
    fn summaries() {
        let cases: &[(&str, usize, &str)] = &[
            ("short", 10, "short"),
            ("  two\n\twords  ", 10, "two words"),
            ("one two three", 10, "one two…"),
            ("one two", 7, "one…"),
            ("abcdefghijkl", 5, "abcd…"),
            ("Zoë Zoë Zoë", 8, "Zoë Zoë…"),
            ("", 5, ""),
            ("anything", 0, "…"),
        ];
        for &(input, max, want) in cases {
            let got = summarize(input, max);
            assert_eq!(got, want, "{input:?} {max}");
            assert!(got.chars().count() <= max.max(1), "{input:?} {max}");
        }
    }

    /// Checks the DOT structure without Graphviz: quoted strings close on their line, no
    /// raw control characters, braces balance.
    fn assert_well_formed(dot: &str) {
        assert!(dot.starts_with("digraph newsgraph {\n"), "{dot}");
        assert!(dot.ends_with("}\n"), "{dot}");
        for (i, line) in dot.lines().enumerate() {
            assert!(!line.chars().any(char::is_control), "line {i}: {line:?}");
            let mut quoted = false;
            let mut chars = line.chars();
            while let Some(c) = chars.next() {
                match c {
                    '\\' if quoted => {
                        chars.next();
                    }
                    '"' => quoted = !quoted,
                    _ => {}
                }
            }
            assert!(!quoted, "line {i} ends inside a string: {line}");
        }
    }

    #[test]
    fn awkward_graph_is_well_formed() {
        let g = awkward_graph();
        let dot = to_string(&g);
        assert_well_formed(&dot);
        assert!(!dot.contains("strict"));
        let node_lines = dot.lines().filter(|l| l.contains("shape=")).count();
        let edge_lines = dot.lines().filter(|l| l.contains(" -> ")).count();
        assert_eq!((node_lines, edge_lines), (g.node_count(), g.edge_count()));
        for want in [
            r#"  "person:rick-dearborn" -> "person:jeff-sessions" [label="advise","#,
            r#"  "person:rick-dearborn" -> "person:jeff-sessions" [label="chief of staff of (former)","#,
            r#"label="The \"Q\" \\ act\nline 2 </script> &amp;   東京 end\\""#,
            r#"label="not resign","#,
            ", arrowhead=tee];",
            r#"\nreported by ABC News\n“The reports said Sessions does not want to resign.” (sample-article)"#,
            // Evidence is summarised on one line, cut at a word.
            r#"with \"quotes\", a back\\slash, a newline and a tab, </script> and Zoë, that"#,
            "somewhere sensible rather…” (sample-article)",
            r#"shape=house, style="filled""#,
            r#"class="role", style=bold"#,
        ] {
            assert!(dot.contains(want), "{want}\nnot in\n{dot}");
        }
    }

    #[test]
    fn empty_graph() {
        let dot = to_string(&KnowledgeGraph::new());
        assert_well_formed(&dot);
        assert_eq!(dot.lines().count(), 5);
    }
}
