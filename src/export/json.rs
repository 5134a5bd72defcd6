//! Node-link JSON: the shape networkx's `node_link_graph(data, edges="edges")` and d3 read,
//! and the file later commands (queries, merging shards) read back with [`read`].
//!
//! ```text
//! {"directed": true, "multigraph": true, "graph": {"format": "newsgraph", "version": 1},
//!  "nodes": [{"id", "label", "type", "aliases", "documents", "mentions"}, ...],
//!  "edges": [{"source", "target", "label", "kind", "tense", "negated", "reported_by",
//!             "confidence", "evidence": [{"document", "sentence", "start", "end",
//!                                         "confidence"}, ...]}, ...]}
//! ```
//!
//! Writing, reading and writing again gives the same bytes. An edge's `confidence` is
//! written for consumers but recomputed from its evidence on read. The reader is lenient
//! where it costs nothing (unknown fields such as networkx's edge `key` are ignored, lists
//! and qualifiers may be left out) and strict where a silent fix would change the graph
//! (duplicate node ids, edges to unknown nodes, a newer format version are errors).
//!
//! Not here: file names, atomic writes, or merging several files (read each, then
//! [`KnowledgeGraph::merge`]).

use crate::document::{EntityKind, KindVotes, RelationKind, Tense};
use crate::graph::{Edge, EdgeQualifiers, Evidence, KnowledgeGraph, Node};
use crate::{Error, Result};
use serde::{Deserialize, Deserializer, Serialize};
use std::borrow::Cow;
use std::collections::BTreeSet;
use std::io::{self, Read};

/// Written as `graph.format`, so a reader can tell the file is ours.
const FORMAT: &str = "newsgraph";
/// Written as `graph.version`; bump when a field changes meaning.
const VERSION: u32 = 1;

/// The whole file. `Cow` fields borrow from the graph when writing and own when reading.
#[derive(Serialize, Deserialize)]
struct NodeLink<'a> {
    #[serde(default = "yes")]
    directed: bool,
    #[serde(default = "yes")]
    multigraph: bool,
    #[serde(default)]
    graph: GraphAttributes<'a>,
    nodes: Vec<NodeRecord<'a>>,
    edges: Vec<EdgeRecord<'a>>,
}

fn yes() -> bool {
    true
}

#[derive(Serialize, Deserialize, Default)]
struct GraphAttributes<'a> {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    format: Option<Cow<'a, str>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    version: Option<u32>,
}

#[derive(Serialize, Deserialize)]
struct NodeRecord<'a> {
    id: Cow<'a, str>,
    label: Cow<'a, str>,
    #[serde(rename = "type")]
    kind: EntityKind,
    #[serde(default)]
    aliases: Cow<'a, BTreeSet<String>>,
    #[serde(default)]
    documents: Cow<'a, BTreeSet<String>>,
    #[serde(default)]
    mentions: usize,
}

#[derive(Serialize, Deserialize)]
struct EdgeRecord<'a> {
    source: Cow<'a, str>,
    target: Cow<'a, str>,
    label: Cow<'a, str>,
    kind: RelationKind,
    #[serde(default)]
    tense: Option<Tense>,
    #[serde(default)]
    negated: bool,
    #[serde(default)]
    reported_by: Option<Cow<'a, str>>,
    /// Derived from the evidence; not read back.
    #[serde(skip_deserializing)]
    confidence: f32,
    #[serde(default)]
    evidence: Vec<EvidenceRecord<'a>>,
}

#[derive(Serialize, Deserialize)]
struct EvidenceRecord<'a> {
    document: Cow<'a, str>,
    sentence: Cow<'a, str>,
    start: usize,
    end: usize,
    /// JSON has no NaN: serde_json writes it as `null`, so `null` reads back as NaN.
    #[serde(deserialize_with = "null_as_nan")]
    confidence: f32,
}

fn null_as_nan<'de, D: Deserializer<'de>>(d: D) -> Result<f32, D::Error> {
    Ok(Option::<f32>::deserialize(d)?.unwrap_or(f32::NAN))
}

impl<'a> From<&'a Node> for NodeRecord<'a> {
    fn from(n: &'a Node) -> Self {
        NodeRecord {
            id: Cow::Borrowed(&n.id),
            label: Cow::Borrowed(&n.label),
            kind: n.kind,
            aliases: Cow::Borrowed(&n.aliases),
            documents: Cow::Borrowed(&n.documents),
            mentions: n.mentions,
        }
    }
}

impl<'a> EdgeRecord<'a> {
    fn new(source: &'a Node, target: &'a Node, e: &'a Edge) -> Self {
        EdgeRecord {
            source: Cow::Borrowed(&source.id),
            target: Cow::Borrowed(&target.id),
            label: Cow::Borrowed(&e.label),
            kind: e.kind,
            tense: e.qualifiers.tense,
            negated: e.qualifiers.negated,
            reported_by: e.qualifiers.reported_by.as_deref().map(Cow::Borrowed),
            confidence: e.confidence(),
            evidence: e
                .evidence
                .iter()
                .map(|ev| EvidenceRecord {
                    document: Cow::Borrowed(&ev.document),
                    sentence: Cow::Borrowed(&ev.sentence),
                    start: ev.start,
                    end: ev.end,
                    confidence: ev.confidence,
                })
                .collect(),
        }
    }
}

/// Writes the graph as node-link JSON, nodes and edges in sorted order.
///
/// # Errors
/// Whatever the writer returns.
pub fn write<W: io::Write>(graph: &KnowledgeGraph, w: W) -> io::Result<()> {
    let file = NodeLink {
        directed: true,
        multigraph: true,
        graph: GraphAttributes {
            format: Some(Cow::Borrowed(FORMAT)),
            version: Some(VERSION),
        },
        nodes: graph.nodes().into_iter().map(NodeRecord::from).collect(),
        edges: graph
            .edges()
            .into_iter()
            .map(|(s, t, e)| EdgeRecord::new(s, t, e))
            .collect(),
    };
    super::write_json(w, &file)
}

/// Reads a graph written by [`write`] (or by networkx's `node_link_data(G, edges="edges")`
/// with the same attributes).
///
/// # Errors
/// [`Error::Graph`] when the input cannot be read, is not node-link JSON with the fields
/// above, is of a newer format version, repeats a node id, or has an edge whose source or
/// target is not a node.
pub fn read(mut r: impl Read) -> Result<KnowledgeGraph> {
    let mut bytes = Vec::new();
    r.read_to_end(&mut bytes)
        .map_err(|e| Error::Graph(format!("could not read: {e}")))?;
    let file: NodeLink = serde_json::from_slice(&bytes)
        .map_err(|e| Error::Graph(format!("not newsgraph node-link JSON: {e}")))?;
    if let Some(v) = file.graph.version.filter(|&v| v > VERSION) {
        return Err(Error::Graph(format!(
            "format version {v} is newer than this program reads ({VERSION})"
        )));
    }
    let mut graph = KnowledgeGraph::new();
    for n in file.nodes {
        if graph.node(&n.id).is_some() {
            return Err(Error::Graph(format!("node id {:?} appears twice", n.id)));
        }
        graph.add_node(Node {
            id: n.id.into_owned(),
            label: n.label.into_owned(),
            kind: n.kind,
            aliases: n.aliases.into_owned(),
            mentions: n.mentions,
            documents: n.documents.into_owned(),
            cues: KindVotes::default(),
        });
    }
    for (i, e) in file.edges.into_iter().enumerate() {
        let edge = Edge {
            label: e.label.into_owned(),
            kind: e.kind,
            qualifiers: EdgeQualifiers {
                tense: e.tense,
                negated: e.negated,
                reported_by: e.reported_by.map(Cow::into_owned),
            },
            evidence: e
                .evidence
                .into_iter()
                .map(|ev| Evidence {
                    document: ev.document.into_owned(),
                    sentence: ev.sentence.into_owned(),
                    start: ev.start,
                    end: ev.end,
                    confidence: ev.confidence,
                })
                .collect(),
        };
        if !graph.add_edge(&e.source, &e.target, edge) {
            return Err(Error::Graph(format!(
                "edge {i} ({:?} -> {:?}) does not join two nodes of the file",
                e.source, e.target
            )));
        }
    }
    Ok(graph)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::awkward_graph;

    fn to_string(g: &KnowledgeGraph) -> String {
        let mut out = Vec::new();
        write(g, &mut out).expect("writing to a Vec");
        String::from_utf8(out).expect("JSON is UTF-8")
    }

    /// Everything the graph holds, for comparing two graphs.
    fn contents(g: &KnowledgeGraph) -> (Vec<Node>, Vec<(String, String, Edge)>) {
        (
            g.nodes().into_iter().cloned().collect(),
            g.edges()
                .into_iter()
                .map(|(s, t, e)| (s.id.clone(), t.id.clone(), e.clone()))
                .collect(),
        )
    }

    #[test]
    fn round_trip_is_byte_identical() {
        let mut nan = awkward_graph();
        nan.add_node(Node {
            id: "person:x".into(),
            label: "X".into(),
            kind: EntityKind::Person,
            aliases: BTreeSet::new(),
            mentions: 0,
            documents: BTreeSet::new(),
            cues: KindVotes::default(),
        });
        nan.add_edge(
            "person:x",
            "person:x",
            Edge {
                label: "be".into(),
                kind: RelationKind::Verb,
                qualifiers: EdgeQualifiers::default(),
                evidence: BTreeSet::from([Evidence {
                    document: String::new(),
                    sentence: String::new(),
                    start: 0,
                    end: 0,
                    confidence: f32::NAN,
                }]),
            },
        );
        for (name, g) in [
            ("empty", KnowledgeGraph::new()),
            ("awkward", awkward_graph()),
            ("nan", nan),
        ] {
            let first = to_string(&g);
            let back = read(first.as_bytes()).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(to_string(&back), first, "{name}");
            assert_eq!(back.node_count(), g.node_count(), "{name}");
            assert_eq!(back.edge_count(), g.edge_count(), "{name}");
        }
        let g = awkward_graph();
        let back = read(to_string(&g).as_bytes()).expect("reads");
        assert_eq!(contents(&back), contents(&g));
    }

    #[test]
    fn output_is_networkx_node_link_and_script_safe() {
        let g = awkward_graph();
        let text = to_string(&g);
        assert!(!text.contains("</script>"), "{text}");
        assert!(text.contains(r"\u003c/script\u003e"));
        let v: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
        for (pointer, want) in [
            ("/directed", serde_json::json!(true)),
            ("/multigraph", serde_json::json!(true)),
            ("/graph/format", serde_json::json!("newsgraph")),
            ("/graph/version", serde_json::json!(1)),
            ("/nodes/0/id", serde_json::json!("concept:investigation")),
            ("/nodes/0/type", serde_json::json!("Concept")),
            (
                "/nodes/2/label",
                serde_json::json!("The \"Q\" \\ act\nline 2 </script> & \u{7} 東京 end\\"),
            ),
            ("/edges/0/source", serde_json::json!("other:quote")),
            (
                "/edges/0/label",
                serde_json::json!("say \"hi\" \\ to\n</script>"),
            ),
            ("/edges/0/kind", serde_json::json!("attribution")),
            (
                "/edges/0/reported_by",
                serde_json::json!("person:donald-trump"),
            ),
            ("/edges/0/tense", serde_json::Value::Null),
            (
                "/edges/4/label",
                serde_json::json!("deputy chief of staff of"),
            ),
            ("/edges/4/tense", serde_json::json!("current")),
            (
                "/edges/4/evidence/1/document",
                serde_json::json!("sample-article"),
            ),
        ] {
            assert_eq!(v.pointer(pointer), Some(&want), "{pointer}");
        }
        assert_eq!(v["nodes"].as_array().map(Vec::len), Some(g.node_count()));
        assert_eq!(v["edges"].as_array().map(Vec::len), Some(g.edge_count()));
        // Two readings, 0.75 and 0.5: noisy-or 0.875.
        assert_eq!(
            v.pointer("/edges/4/confidence"),
            Some(&serde_json::json!(0.875))
        );
    }

    #[test]
    fn reads_minimal_and_networkx_written_files() {
        let cases: &[(&str, usize, usize)] = &[
            (r#"{"nodes": [], "edges": []}"#, 0, 0),
            (
                r#"{"directed": true, "multigraph": true, "graph": {}, "nodes": [{"id": "a", "label": "A", "type": "Person"}, {"id": "b", "label": "B", "type": "Place", "extra": 1}], "edges": [{"source": "a", "target": "b", "label": "visit", "kind": "verb", "key": 0}, {"source": "a", "target": "b", "label": "visit", "kind": "verb", "key": 1, "confidence": null}]}"#,
                2,
                1,
            ),
        ];
        for &(input, nodes, edges) in cases {
            let g = read(input.as_bytes()).unwrap_or_else(|e| panic!("{input}: {e}"));
            assert_eq!((g.node_count(), g.edge_count()), (nodes, edges), "{input}");
        }
    }

    #[test]
    fn rejects_what_it_cannot_read_faithfully() {
        let node = r#"{"id": "a", "label": "A", "type": "Person"}"#;
        let cases: &[(&str, &str)] = &[
            ("", "not newsgraph node-link JSON"),
            ("[]", "not newsgraph node-link JSON"),
            (r#"{"nodes": []}"#, "missing field `edges`"),
            (
                r#"{"nodes": [{"id": "a", "label": "A", "type": "Alien"}], "edges": []}"#,
                "unknown variant",
            ),
            (
                r#"{"graph": {"version": 2}, "nodes": [], "edges": []}"#,
                "format version 2 is newer",
            ),
            (
                &format!(r#"{{"nodes": [{node}, {node}], "edges": []}}"#),
                "\"a\" appears twice",
            ),
            (
                &format!(
                    r#"{{"nodes": [{node}], "edges": [{{"source": "a", "target": "z", "label": "x", "kind": "verb"}}]}}"#
                ),
                "edge 0 (\"a\" -> \"z\")",
            ),
        ];
        for &(input, want) in cases {
            match read(input.as_bytes()) {
                Err(Error::Graph(msg)) => assert!(msg.contains(want), "{input}: {msg}"),
                other => panic!("{input}: expected a graph error, got {other:?}"),
            }
        }
    }
}
