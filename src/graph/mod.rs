//! The knowledge graph: entities as nodes, relations as edges, over petgraph.
//!
//! A graph is built from one [`Document`] and graphs are merged with [`KnowledgeGraph::merge`].
//! Merging is associative and commutative: nodes are keyed by a stable id (type + canonical
//! name), edges by (source, target, label, kind, qualifiers), and evidence is a set, so the
//! same relation seen twice is one edge with two pieces of evidence and the result does not
//! depend on the order documents finished in. Iteration for export is in sorted order, so
//! output is byte-identical whatever the thread count.
//!
//! Not here: deciding which mentions are the same entity (that is `resolve`), and
//! cross-document identity beyond equal ids.

use crate::document::{Arg, Document, EntityKind, RelationKind, Tense};
use petgraph::stable_graph::{EdgeIndex, NodeIndex, StableDiGraph};
use petgraph::visit::{EdgeRef, IntoEdgeReferences};
use std::collections::{BTreeSet, HashMap};

/// An entity or concept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    /// Stable id, `type:slug-of-name`.
    pub id: String,
    /// The canonical name.
    pub label: String,
    /// Type.
    pub kind: EntityKind,
    /// Every surface form seen, including the label.
    pub aliases: BTreeSet<String>,
    /// Mentions across all documents.
    pub mentions: usize,
    /// Ids of the documents that mention it.
    pub documents: BTreeSet<String>,
}

/// Where a relation was read.
#[derive(Debug, Clone, PartialEq)]
pub struct Evidence {
    /// Document id.
    pub document: String,
    /// The sentence, as written.
    pub sentence: String,
    /// Byte offset of the relation's words in the document's text.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
    /// Confidence of this reading.
    pub confidence: f32,
}

impl Eq for Evidence {}
impl PartialOrd for Evidence {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Evidence {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        (&self.document, self.start, self.end, &self.sentence)
            .cmp(&(&other.document, other.start, other.end, &other.sentence))
            .then(self.confidence.total_cmp(&other.confidence))
    }
}

/// Qualifiers of an edge; the reporter is named by node id.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct EdgeQualifiers {
    /// Former or current.
    pub tense: Option<Tense>,
    /// The text denies the relation.
    pub negated: bool,
    /// Node id of whoever reported it.
    pub reported_by: Option<String>,
}

/// A relation between two nodes, with all its evidence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edge {
    /// Predicate ("recuse from", "deputy chief of staff of").
    pub label: String,
    /// Kind of relation.
    pub kind: RelationKind,
    /// Former/current, negation, reporter.
    pub qualifiers: EdgeQualifiers,
    /// Every place it was read, sorted.
    pub evidence: BTreeSet<Evidence>,
}

impl Edge {
    /// Combined confidence: the chance that at least one reading is right (noisy-or).
    pub fn confidence(&self) -> f32 {
        1.0 - self
            .evidence
            .iter()
            .map(|e| 1.0 - e.confidence)
            .product::<f32>()
    }
}

/// What identifies an edge: two edges with the same key are merged.
type EdgeKey = (String, String, String, RelationKind, EdgeQualifiers);

/// The knowledge graph.
#[derive(Debug, Clone, Default)]
pub struct KnowledgeGraph {
    graph: StableDiGraph<Node, Edge>,
    node_ids: HashMap<String, NodeIndex>,
    edge_keys: HashMap<EdgeKey, EdgeIndex>,
}

/// Lower-case slug of a name: letters and digits, words joined by `-`; a name of symbols
/// alone is spelt by its code points (`%` -> `u25`).
pub fn slug(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') && c != '\'' && c != '’' && c != '.' {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    if out.is_empty() {
        // A name of symbols alone ("%") still needs an id of its own.
        let codes: Vec<String> = name
            .chars()
            .map(|c| format!("u{:x}", u32::from(c)))
            .collect();
        out = codes.join("-");
    }
    out
}

/// The stable node id for an entity of `kind` called `name`.
pub fn node_id(kind: EntityKind, name: &str) -> String {
    format!("{}:{}", kind.as_str().to_ascii_lowercase(), slug(name))
}

impl KnowledgeGraph {
    /// An empty graph.
    pub fn new() -> Self {
        Self::default()
    }

    /// The graph of one resolved document.
    pub fn from_document(doc: &Document) -> Self {
        let mut g = KnowledgeGraph::new();
        let entity_ids: Vec<String> = doc
            .entities
            .iter()
            .map(|e| {
                g.add_node(Node {
                    id: node_id(e.kind, &e.name),
                    label: e.name.clone(),
                    kind: e.kind,
                    aliases: e.aliases.iter().cloned().collect(),
                    mentions: e.mentions,
                    documents: BTreeSet::from([doc.id.clone()]),
                })
            })
            .collect();
        let end = |g: &mut KnowledgeGraph, arg: &Arg| match arg {
            Arg::Entity(i) => entity_ids[*i].clone(),
            Arg::Concept(name) => g.add_node(Node {
                id: node_id(EntityKind::Concept, name),
                label: name.clone(),
                kind: EntityKind::Concept,
                aliases: BTreeSet::from([name.clone()]),
                mentions: 1,
                documents: BTreeSet::from([doc.id.clone()]),
            }),
        };
        for r in &doc.relations {
            let source = end(&mut g, &r.subject);
            let target = end(&mut g, &r.object);
            let sentence = doc.slice(doc.sentences[r.sentence].span).to_string();
            let qualifiers = EdgeQualifiers {
                tense: r.qualifiers.tense,
                negated: r.qualifiers.negated,
                reported_by: r.qualifiers.reported_by.map(|i| entity_ids[i].clone()),
            };
            g.add_edge(
                &source,
                &target,
                Edge {
                    label: r.predicate.clone(),
                    kind: r.kind,
                    qualifiers,
                    evidence: BTreeSet::from([Evidence {
                        document: doc.id.clone(),
                        sentence,
                        start: r.span.start,
                        end: r.span.end,
                        confidence: r.confidence,
                    }]),
                },
            );
        }
        g
    }

    /// Adds a node, or merges it into the node with the same id; returns the id.
    pub fn add_node(&mut self, node: Node) -> String {
        let id = node.id.clone();
        match self.node_ids.get(&id) {
            Some(&ix) => {
                let old = &mut self.graph[ix];
                // Keep the smallest label so the result does not depend on merge order.
                if node.label < old.label {
                    old.label = node.label;
                }
                old.aliases.extend(node.aliases);
                old.mentions += node.mentions;
                old.documents.extend(node.documents);
            }
            None => {
                let ix = self.graph.add_node(node);
                self.node_ids.insert(id.clone(), ix);
            }
        }
        id
    }

    /// Adds an edge between two existing nodes (by id), or merges its evidence into the
    /// equal edge. Edges whose ends are missing are ignored and reported as `false`.
    pub fn add_edge(&mut self, source: &str, target: &str, edge: Edge) -> bool {
        let (Some(&s), Some(&t)) = (self.node_ids.get(source), self.node_ids.get(target)) else {
            return false;
        };
        let key = (
            source.to_string(),
            target.to_string(),
            edge.label.clone(),
            edge.kind,
            edge.qualifiers.clone(),
        );
        match self.edge_keys.get(&key) {
            Some(&ix) => self.graph[ix].evidence.extend(edge.evidence),
            None => {
                let ix = self.graph.add_edge(s, t, edge);
                self.edge_keys.insert(key, ix);
            }
        }
        true
    }

    /// Merges another graph into this one.
    pub fn merge(&mut self, other: KnowledgeGraph) {
        let KnowledgeGraph { mut graph, .. } = other;
        let ends: Vec<(EdgeIndex, String, String)> = (&graph)
            .edge_references()
            .map(|e| {
                (
                    e.id(),
                    graph[e.source()].id.clone(),
                    graph[e.target()].id.clone(),
                )
            })
            .collect();
        let edges: Vec<(String, String, Edge)> = ends
            .into_iter()
            .filter_map(|(ix, s, t)| graph.remove_edge(ix).map(|e| (s, t, e)))
            .collect();
        let nodes: Vec<NodeIndex> = graph.node_indices().collect();
        for ix in nodes {
            if let Some(n) = graph.remove_node(ix) {
                self.add_node(n);
            }
        }
        for (s, t, e) in edges {
            self.add_edge(&s, &t, e);
        }
    }

    /// Number of nodes.
    pub fn node_count(&self) -> usize {
        self.graph.node_count()
    }

    /// Number of edges.
    pub fn edge_count(&self) -> usize {
        self.graph.edge_count()
    }

    /// A node by id.
    pub fn node(&self, id: &str) -> Option<&Node> {
        self.node_ids.get(id).map(|&ix| &self.graph[ix])
    }

    /// Nodes sorted by id.
    pub fn nodes(&self) -> Vec<&Node> {
        let mut v: Vec<&Node> = self.graph.node_weights().collect();
        v.sort_by(|a, b| a.id.cmp(&b.id));
        v
    }

    /// Edges as (source node, target node, edge), sorted by their key.
    pub fn edges(&self) -> Vec<(&Node, &Node, &Edge)> {
        let mut v: Vec<(&Node, &Node, &Edge)> = (&self.graph)
            .edge_references()
            .map(|e| (&self.graph[e.source()], &self.graph[e.target()], e.weight()))
            .collect();
        v.sort_by(|a, b| {
            (&a.0.id, &a.1.id, &a.2.label, a.2.kind, &a.2.qualifiers).cmp(&(
                &b.0.id,
                &b.1.id,
                &b.2.label,
                b.2.kind,
                &b.2.qualifiers,
            ))
        });
        v
    }

    /// The underlying petgraph graph, for algorithms.
    pub fn petgraph(&self) -> &StableDiGraph<Node, Edge> {
        &self.graph
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        let cases = [
            ("Jeff Sessions", "jeff-sessions"),
            ("O'Brien", "obrien"),
            ("U.S.", "us"),
            ("Trump's deputy", "trumps-deputy"),
            ("Zürich", "zürich"),
            ("%", "u25"),
            ("$ %", "u24-u20-u25"),
            ("", ""),
        ];
        for (name, slug_) in cases {
            assert_eq!(slug(name), slug_, "{name}");
        }
        assert_eq!(node_id(EntityKind::Concept, "%"), "concept:u25");
    }
}
