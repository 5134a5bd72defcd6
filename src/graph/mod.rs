//! The knowledge graph: entities as nodes, relations as edges, over petgraph.
//!
//! A graph is built from one [`Document`] and graphs are merged with [`KnowledgeGraph::merge`].
//! Merging is associative and commutative: nodes are keyed by a stable id (type + canonical
//! name), edges by (source, target, label, kind, qualifiers), and evidence is a set, so the
//! same relation seen twice is one edge with two pieces of evidence and the result does not
//! depend on the order documents finished in. Iteration for export is in sorted order, so
//! output is byte-identical whatever the thread count.
//!
//! Across documents, equal ids are one node, and [`KnowledgeGraph::merge_name_variants`]
//! merges a person named by the end of another's full name when the graph gives them a common
//! neighbour. Not here: deciding which mentions of one document are the same entity (that is
//! `resolve`).

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
        let (nodes, edges) = other.into_parts();
        for n in nodes {
            self.add_node(n);
        }
        for (s, t, e) in edges {
            self.add_edge(&s, &t, e);
        }
    }

    /// The graph's nodes and its edges with their ends' ids.
    fn into_parts(self) -> (Vec<Node>, Vec<(String, String, Edge)>) {
        let KnowledgeGraph { mut graph, .. } = self;
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
        let edges = ends
            .into_iter()
            .filter_map(|(ix, s, t)| graph.remove_edge(ix).map(|e| (s, t, e)))
            .collect();
        let indices: Vec<NodeIndex> = graph.node_indices().collect();
        let nodes = indices
            .into_iter()
            .filter_map(|ix| graph.remove_node(ix))
            .collect();
        (nodes, edges)
    }

    /// Merges across documents the persons one document names in full and another by the
    /// end of that name: "Kilroy-Silk" and "Robert Kilroy-Silk", "Manuel Barroso" and "Jose
    /// Manuel Barroso". The shorter name must have two words or more (a surname alone is too
    /// often someone else), the words it leaves out must be first names (not "Secretary
    /// Brendan Barber" nor "An Audience With Alastair Campbell"), exactly one fuller name may
    /// match, and the two must be related to a common named entity. The merged node keeps
    /// the fuller name and id. Returns how many nodes merged.
    pub fn merge_name_variants(&mut self) -> usize {
        let words = |label: &str| -> Vec<String> {
            label
                .split(|c: char| c.is_whitespace() || c == '-')
                .filter(|w| !w.is_empty())
                .map(str::to_lowercase)
                .collect()
        };
        // Each shorter form a fuller name may be written as, with the fuller names' ids.
        let mut fuller: HashMap<Vec<String>, Vec<String>> = HashMap::new();
        for n in self.graph.node_weights() {
            if n.kind != EntityKind::Person {
                continue;
            }
            let w = words(&n.label);
            for k in 1..w.len().saturating_sub(1) {
                if !crate::lexicon::gazetteer::is_first_name(&w[k - 1]) {
                    break;
                }
                fuller
                    .entry(w[k..].to_vec())
                    .or_default()
                    .push(n.id.clone());
            }
        }
        let mut into: HashMap<String, String> = HashMap::new();
        for n in self.graph.node_weights() {
            if n.kind != EntityKind::Person {
                continue;
            }
            if let Some([target]) = fuller.get(&words(&n.label)).map(Vec::as_slice) {
                if *target != n.id && self.share_a_neighbour(&n.id, target) {
                    into.insert(n.id.clone(), target.clone());
                }
            }
        }
        // A fuller name that is itself merged away keeps its own node: no chains.
        let merged: std::collections::HashSet<String> = into.keys().cloned().collect();
        into.retain(|_, target| !merged.contains(target));
        if into.is_empty() {
            return 0;
        }
        let labels: HashMap<String, String> = into
            .values()
            .filter_map(|id| Some((id.clone(), self.node(id)?.label.clone())))
            .collect();
        let rename = |id: &String| into.get(id).cloned().unwrap_or_else(|| id.clone());
        let (nodes, edges) = std::mem::take(self).into_parts();
        for mut n in nodes {
            if let Some(target) = into.get(&n.id) {
                n.label = labels[target].clone();
                n.id = target.clone();
            }
            self.add_node(n);
        }
        for (s, t, mut e) in edges {
            e.qualifiers.reported_by = e.qualifiers.reported_by.as_ref().map(rename);
            self.add_edge(&rename(&s), &rename(&t), e);
        }
        into.len()
    }

    /// Whether two nodes are related to a common named entity (not a concept): the context
    /// that tells "Theo Van Gogh" (a film maker) from the painter "Van Gogh".
    fn share_a_neighbour(&self, a: &str, b: &str) -> bool {
        let neighbours = |id: &str| -> std::collections::HashSet<NodeIndex> {
            let Some(&ix) = self.node_ids.get(id) else {
                return Default::default();
            };
            self.graph
                .neighbors_undirected(ix)
                .filter(|&n| self.graph[n].kind != EntityKind::Concept)
                .collect()
        };
        !neighbours(a).is_disjoint(&neighbours(b))
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

    /// The persons of the graph of several documents, merged and with name variants merged.
    fn persons(texts: &[&str]) -> Vec<String> {
        let mut g = KnowledgeGraph::new();
        for (i, text) in texts.iter().enumerate() {
            let mut doc = Document::new(format!("d{i}"), *text);
            crate::Pipeline::new().process(&mut doc);
            g.merge(KnowledgeGraph::from_document(&doc));
        }
        g.merge_name_variants();
        g.nodes()
            .into_iter()
            .filter(|n| n.kind == EntityKind::Person)
            .map(|n| format!("{} ({})", n.label, n.documents.len()))
            .collect()
    }

    #[test]
    fn name_variants_merge_across_documents_with_a_common_neighbour() {
        #[rustfmt::skip]
        let cases: &[(&[&str], &[&str])] = &[
            // The end of a full name, related to the same party.
            (&["Jose Manuel Barroso left UKIP.", "Manuel Barroso attacked UKIP."], &["Jose Manuel Barroso (2)"]),
            // Nothing in common: the painter is not the film maker.
            (&["Theo Van Gogh was killed in Amsterdam.", "Van Gogh painted in Arles."], &["Theo Van Gogh (1)", "Van Gogh (1)"]),
            // A surname alone, and words before it that are not first names, do not merge.
            (&["Robert Smith left UKIP.", "Smith attacked UKIP."], &["Robert Smith (1)", "Smith (1)"]),
        ];
        for (texts, expected) in cases {
            assert_eq!(persons(texts), *expected, "{texts:?}");
        }
    }

    /// Only first names may stand before the shorter name ("Secretary Brendan Barber" is no fuller
    /// name of Brendan Barber), and only one fuller name may match.
    #[test]
    fn name_variants_need_first_names_and_one_fuller_name() {
        let graph = |names: &[&str]| {
            let mut g = KnowledgeGraph::new();
            let ukip = g.add_node(Node {
                id: node_id(EntityKind::Organization, "UKIP"),
                label: "UKIP".into(),
                kind: EntityKind::Organization,
                aliases: BTreeSet::new(),
                mentions: 1,
                documents: BTreeSet::new(),
            });
            for name in names {
                let id = g.add_node(Node {
                    id: node_id(EntityKind::Person, name),
                    label: (*name).into(),
                    kind: EntityKind::Person,
                    aliases: BTreeSet::new(),
                    mentions: 1,
                    documents: BTreeSet::new(),
                });
                let edge = Edge {
                    label: "leave".into(),
                    kind: RelationKind::Verb,
                    qualifiers: EdgeQualifiers::default(),
                    evidence: BTreeSet::new(),
                };
                g.add_edge(&id, &ukip, edge);
            }
            g.merge_name_variants();
            let mut labels: Vec<String> = g.nodes().iter().map(|n| n.label.clone()).collect();
            labels.sort();
            labels
        };
        assert_eq!(
            graph(&["Secretary Brendan Barber", "Brendan Barber"]),
            ["Brendan Barber", "Secretary Brendan Barber", "UKIP"]
        );
        assert_eq!(
            graph(&["Jose Manuel Barroso", "Manuel Barroso"]),
            ["Jose Manuel Barroso", "UKIP"]
        );
        assert_eq!(
            graph(&["Silvia Farina Elia", "Sylvia Farina Elia", "Farina Elia"]),
            [
                "Farina Elia",
                "Silvia Farina Elia",
                "Sylvia Farina Elia",
                "UKIP"
            ]
        );
    }
}
