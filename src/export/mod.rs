//! Writers that turn a [`KnowledgeGraph`](crate::graph::KnowledgeGraph) into files other
//! programs read. One file per format; each is `write(graph, w) -> io::Result<()>`.
//!
//! Node-link JSON is also read back ([`json::read`]), for commands that work on a graph
//! built earlier (queries, merging shards).
//!
//! Not here: choosing file names or writing atomically (the binary does that).

pub mod dot;
pub mod json;
pub mod jsonld;

use crate::graph::KnowledgeGraph;
use std::io;

/// An export format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, clap::ValueEnum)]
#[non_exhaustive]
pub enum Format {
    /// Graphviz DOT.
    Dot,
    /// JSON-LD with an inline schema.org context.
    Jsonld,
    /// Node-link JSON as networkx reads it; also the file later commands read back.
    Json,
}

impl Format {
    /// Every format, in the order they are written.
    pub const ALL: &'static [Format] = &[Format::Dot, Format::Jsonld, Format::Json];

    /// File extension without the dot.
    pub fn file_extension(self) -> &'static str {
        match self {
            Format::Dot => "dot",
            Format::Jsonld => "jsonld",
            Format::Json => "json",
        }
    }

    /// IANA media type.
    pub fn media_type(self) -> &'static str {
        match self {
            Format::Dot => "text/vnd.graphviz",
            Format::Jsonld => "application/ld+json",
            Format::Json => "application/json",
        }
    }

    /// Writes `graph` in this format.
    ///
    /// # Errors
    /// Whatever the writer returns.
    pub fn write<W: io::Write>(self, graph: &KnowledgeGraph, w: W) -> io::Result<()> {
        match self {
            Format::Dot => dot::write(graph, w),
            Format::Jsonld => jsonld::write(graph, w),
            Format::Json => json::write(graph, w),
        }
    }
}

/// A serde_json formatter that keeps JSON safe to paste inside an HTML `<script>` element:
/// `<`, `>` and `&` in strings are written as `\u003c`, `\u003e`, `\u0026`, so a label such
/// as `</script>` cannot close the element, and U+2028/U+2029 (line breaks to older
/// JavaScript parsers) as `\u2028`/`\u2029`. The JSON value is unchanged.
struct ScriptSafe<F>(F);

impl<F: serde_json::ser::Formatter> serde_json::ser::Formatter for ScriptSafe<F> {
    fn write_string_fragment<W: ?Sized + io::Write>(
        &mut self,
        w: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        let mut rest = fragment;
        while let Some(i) = rest.find(['<', '>', '&', '\u{2028}', '\u{2029}']) {
            w.write_all(&rest.as_bytes()[..i])?;
            let c = rest[i..].chars().next().unwrap_or('?');
            write!(w, "\\u{:04x}", u32::from(c))?;
            rest = &rest[i + c.len_utf8()..];
        }
        w.write_all(rest.as_bytes())
    }

    // Layout is the inner formatter's.
    fn begin_array<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_array(w)
    }
    fn end_array<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_array(w)
    }
    fn begin_array_value<W: ?Sized + io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.0.begin_array_value(w, first)
    }
    fn end_array_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_array_value(w)
    }
    fn begin_object<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_object(w)
    }
    fn end_object<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object(w)
    }
    fn begin_object_key<W: ?Sized + io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.0.begin_object_key(w, first)
    }
    fn begin_object_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_object_value(w)
    }
    fn end_object_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object_value(w)
    }
}

/// Writes `value` as pretty JSON, safe inside `<script>`, with a final newline.
fn write_json<W: io::Write, T: serde::Serialize + ?Sized>(mut w: W, value: &T) -> io::Result<()> {
    let mut ser = serde_json::Serializer::with_formatter(
        &mut w,
        ScriptSafe(serde_json::ser::PrettyFormatter::new()),
    );
    value.serialize(&mut ser).map_err(io::Error::from)?;
    w.write_all(b"\n")
}

/// A small graph with everything that is awkward to export: quotes, backslashes, newlines,
/// control characters, non-ASCII text and `</script>` in labels and sentences; parallel edges
/// with different labels; former, current, negated and reported relations; one node of
/// every kind.
#[cfg(test)]
pub(crate) fn awkward_graph() -> KnowledgeGraph {
    use crate::document::{EntityKind, RelationKind, Tense};
    use crate::graph::{Edge, EdgeQualifiers, Evidence, Node};
    use std::collections::BTreeSet;

    let mut g = KnowledgeGraph::new();
    let nodes: [(&str, &str, EntityKind, &[&str]); 7] = [
        (
            "person:rick-dearborn",
            "Rick Dearborn",
            EntityKind::Person,
            &["Dearborn"],
        ),
        (
            "person:donald-trump",
            "Donald Trump",
            EntityKind::Person,
            &["Trump", "President Trump"],
        ),
        (
            "person:jeff-sessions",
            "Jeff Sessions",
            EntityKind::Person,
            &["Sessions"],
        ),
        (
            "organization:abc-news",
            "ABC News",
            EntityKind::Organization,
            &[],
        ),
        ("place:são-paulo", "São Paulo", EntityKind::Place, &[]),
        (
            "other:quote",
            "The \"Q\" \\ act\nline 2 </script> & \u{7} 東京 end\\",
            EntityKind::Other,
            &["Q & A"],
        ),
        (
            "concept:investigation",
            "investigation",
            EntityKind::Concept,
            &[],
        ),
    ];
    for (id, label, kind, aliases) in nodes {
        let mut all: BTreeSet<String> = aliases.iter().map(|a| a.to_string()).collect();
        all.insert(label.to_string());
        g.add_node(Node {
            id: id.into(),
            label: label.into(),
            kind,
            aliases: all,
            mentions: 2,
            documents: BTreeSet::from(["sample-article".to_string()]),
            cues: crate::document::KindVotes::default(),
        });
    }
    let dearborn = "And Sessions' own team has become a part of Trump's inner circle: former Sessions chief of staff Rick Dearborn is now Trump's deputy chief of staff, and former Sessions spokesman Stephen Miller has evolved into a highly influential figure as Trump's policy director and speechwriter.";
    /// Source, target, label, kind, tense, negated, reported by, sentence.
    type Row = (
        &'static str,
        &'static str,
        &'static str,
        RelationKind,
        Option<Tense>,
        bool,
        Option<&'static str>,
        &'static str,
    );
    let edges: [Row; 7] = [
        (
            "person:rick-dearborn",
            "person:donald-trump",
            "deputy chief of staff of",
            RelationKind::Role,
            Some(Tense::Current),
            false,
            None,
            dearborn,
        ),
        (
            "person:rick-dearborn",
            "person:jeff-sessions",
            "chief of staff of",
            RelationKind::Role,
            Some(Tense::Former),
            false,
            None,
            dearborn,
        ),
        (
            "person:rick-dearborn",
            "person:jeff-sessions",
            "advise",
            RelationKind::Verb,
            None,
            false,
            None,
            dearborn,
        ),
        (
            "person:jeff-sessions",
            "concept:investigation",
            "recuse from",
            RelationKind::Verb,
            None,
            false,
            None,
            "But in March, Sessions chose to recuse himself from any investigations.",
        ),
        (
            "person:jeff-sessions",
            "person:donald-trump",
            "resign",
            RelationKind::Verb,
            None,
            true,
            Some("organization:abc-news"),
            "The reports said Sessions does not want to resign.",
        ),
        (
            "person:jeff-sessions",
            "organization:abc-news",
            "member of",
            RelationKind::Affiliation,
            None,
            false,
            None,
            "Sessions, \"of\" ABC\\News\n</script>",
        ),
        (
            "other:quote",
            "place:são-paulo",
            "say \"hi\" \\ to\n</script>",
            RelationKind::Attribution,
            None,
            false,
            Some("person:donald-trump"),
            "A very long sentence, with \"quotes\", a back\\slash,\na newline\tand a tab, </script> and Zoë, that goes on and on about nothing in particular so that any tooltip has to cut it somewhere sensible rather than show all of it: one, two, three, four, five, six, seven, eight, nine, ten.",
        ),
    ];
    for (i, (s, t, label, kind, tense, negated, reported_by, sentence)) in
        edges.into_iter().enumerate()
    {
        let added = g.add_edge(
            s,
            t,
            Edge {
                label: label.into(),
                kind,
                qualifiers: EdgeQualifiers {
                    tense,
                    negated,
                    reported_by: reported_by.map(str::to_string),
                },
                evidence: BTreeSet::from([Evidence {
                    document: "sample-article".into(),
                    sentence: sentence.into(),
                    start: 100 * i,
                    end: 100 * i + 20,
                    confidence: 0.75,
                }]),
            },
        );
        assert!(added, "{s} -> {t}");
    }
    // A second reading of the first relation, from another document.
    g.add_edge(
        "person:rick-dearborn",
        "person:donald-trump",
        Edge {
            label: "deputy chief of staff of".into(),
            kind: RelationKind::Role,
            qualifiers: EdgeQualifiers {
                tense: Some(Tense::Current),
                ..EdgeQualifiers::default()
            },
            evidence: BTreeSet::from([Evidence {
                document: "other/article.txt".into(),
                sentence: "Rick Dearborn, Trump's deputy chief of staff, declined to comment."
                    .into(),
                start: 0,
                end: 48,
                confidence: 0.5,
            }]),
        },
    );
    g
}
