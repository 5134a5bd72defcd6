//! Graphviz DOT.

use crate::graph::KnowledgeGraph;
use std::io;

/// Writes the graph as a DOT `digraph`.
///
/// # Errors
/// Whatever the writer returns.
pub fn write<W: io::Write>(graph: &KnowledgeGraph, mut w: W) -> io::Result<()> {
    writeln!(w, "digraph newsgraph {{")?;
    for n in graph.nodes() {
        writeln!(w, "  {:?} [label={:?}];", n.id, n.label)?;
    }
    for (s, t, e) in graph.edges() {
        writeln!(w, "  {:?} -> {:?} [label={:?}];", s.id, t.id, e.label)?;
    }
    writeln!(w, "}}")
}
