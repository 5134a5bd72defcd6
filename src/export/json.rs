//! Node-link JSON, the shape networkx's `node_link_graph` reads (`edges="edges"`).

use crate::graph::{Edge, KnowledgeGraph, Node};
use serde_json::{Value, json};
use std::io;

fn node_json(n: &Node) -> Value {
    json!({
        "id": n.id,
        "label": n.label,
        "type": n.kind.as_str(),
        "aliases": n.aliases,
        "mentions": n.mentions,
        "documents": n.documents,
    })
}

fn edge_json(source: &Node, target: &Node, e: &Edge) -> Value {
    let evidence: Vec<Value> = e
        .evidence
        .iter()
        .map(|ev| {
            json!({
                "document": ev.document,
                "sentence": ev.sentence,
                "start": ev.start,
                "end": ev.end,
                "confidence": ev.confidence,
            })
        })
        .collect();
    json!({
        "source": source.id,
        "target": target.id,
        "label": e.label,
        "kind": e.kind.as_str(),
        "tense": e.qualifiers.tense,
        "negated": e.qualifiers.negated,
        "reported_by": e.qualifiers.reported_by,
        "confidence": e.confidence(),
        "evidence": evidence,
    })
}

/// Writes the graph as node-link JSON.
///
/// # Errors
/// Whatever the writer returns.
pub fn write<W: io::Write>(graph: &KnowledgeGraph, mut w: W) -> io::Result<()> {
    let doc = json!({
        "directed": true,
        "multigraph": true,
        "graph": {},
        "nodes": graph.nodes().into_iter().map(node_json).collect::<Vec<_>>(),
        "edges": graph.edges().into_iter().map(|(s, t, e)| edge_json(s, t, e)).collect::<Vec<_>>(),
    });
    serde_json::to_writer_pretty(&mut w, &doc)?;
    w.write_all(b"\n")
}
