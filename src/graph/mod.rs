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

use crate::document::{Arg, Document, EntityKind, KindVotes, RelationKind, Tense};
use petgraph::stable_graph::{EdgeIndex, NodeIndex, StableDiGraph};
use petgraph::visit::{EdgeRef, IntoEdgeReferences};
use std::collections::{BTreeMap, BTreeSet, HashMap};

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
    /// How many documents' context cues call it each kind (see [`KindVotes::document_vote`];
    /// not exported).
    pub cues: KindVotes,
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
    /// Each node's labels as the merged graphs gave them, with their mentions: the label
    /// is the form with the most.
    forms: HashMap<NodeIndex, Forms>,
}

/// A node's labels and the mentions behind each.
type Forms = BTreeMap<String, usize>;

/// A graph taken apart: its nodes with their forms, and its edges by their ends' ids.
type Parts = (Vec<(Node, Forms)>, Vec<(String, String, Edge)>);

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
                    cues: e.cues.document_vote(),
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
                cues: KindVotes::default(),
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

    /// Adds a node, or merges it into the node with the same id; returns the id. The merged
    /// node's label is the one given with the most mentions over every merge ("Blackburn"
    /// over a headline's "BLACKBURN"), the smallest of those tied, so the result does not
    /// depend on merge order.
    pub fn add_node(&mut self, node: Node) -> String {
        let forms = Forms::from([(node.label.clone(), node.mentions)]);
        self.add_node_with_forms(node, forms)
    }

    fn add_node_with_forms(&mut self, node: Node, forms: Forms) -> String {
        let id = node.id.clone();
        match self.node_ids.get(&id) {
            Some(&ix) => {
                let known = self.forms.entry(ix).or_default();
                for (form, n) in forms {
                    *known.entry(form).or_default() += n;
                }
                let old = &mut self.graph[ix];
                if let Some((label, _)) = known
                    .iter()
                    .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))
                {
                    old.label.clone_from(label);
                }
                old.aliases.extend(node.aliases);
                old.mentions += node.mentions;
                old.documents.extend(node.documents);
                old.cues.extend(node.cues);
            }
            None => {
                let ix = self.graph.add_node(node);
                self.node_ids.insert(id.clone(), ix);
                self.forms.insert(ix, forms);
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
        for (n, forms) in nodes {
            self.add_node_with_forms(n, forms);
        }
        for (s, t, e) in edges {
            self.add_edge(&s, &t, e);
        }
    }

    /// The graph's nodes and its edges with their ends' ids.
    fn into_parts(self) -> Parts {
        let KnowledgeGraph {
            mut graph,
            mut forms,
            ..
        } = self;
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
            .filter_map(|ix| {
                let node = graph.remove_node(ix)?;
                let f = forms
                    .remove(&ix)
                    .unwrap_or_else(|| Forms::from([(node.label.clone(), node.mentions)]));
                Some((node, f))
            })
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
        // The fuller name's forms name the merged node.
        self.merge_nodes(&into, true)
    }

    /// Merges across documents the nodes of one name that documents typed differently, and
    /// retypes a name the context cues of its mentions clearly call another kind. The cues
    /// decide when the documents whose cues call it one kind are clearly ahead (at least two,
    /// and three times as many as those that call it any other): "oil giant Yukos" in one
    /// article and "Yukos shares" in another make Yukos an organisation in the articles that
    /// say nothing of it too. Without such cues the type most documents gave the name wins,
    /// when it is clearly ahead (at least three documents, and three times as many as the type
    /// merged into it): "Chelsea" the club, typed a person in 6 articles (Chelsea is also a
    /// first name) and an organisation in 63. Returns how many nodes merged or were retyped.
    pub fn merge_type_variants(&mut self) -> usize {
        let mut by_name: HashMap<&str, Vec<&Node>> = HashMap::new();
        for n in self.graph.node_weights() {
            if n.kind == EntityKind::Concept {
                continue;
            }
            let name = n.id.split_once(':').map_or(n.id.as_str(), |(_, name)| name);
            by_name.entry(name).or_default().push(n);
        }
        let mut into: HashMap<String, String> = HashMap::new();
        for (name, nodes) in &by_name {
            let mut cues = KindVotes::default();
            for n in nodes {
                cues.extend(n.cues);
            }
            if let Some(kind) = cues.leader(2, 3) {
                let target = node_id(kind, name);
                for n in nodes.iter().filter(|n| n.id != target) {
                    into.insert(n.id.clone(), target.clone());
                }
                continue;
            }
            if nodes.len() < 2 {
                continue;
            }
            let key = |n: &Node| (n.documents.len(), n.mentions);
            let Some(&top) = nodes.iter().max_by_key(|n| key(n)) else {
                continue;
            };
            if nodes.iter().filter(|n| key(n) == key(top)).count() > 1 {
                continue;
            }
            for n in nodes {
                if n.id != top.id && top.documents.len() >= 3 * n.documents.len().max(1) {
                    into.insert(n.id.clone(), top.id.clone());
                }
            }
        }
        self.merge_nodes(&into, false)
    }

    /// Merges each node of `into`'s keys into the node its value names, moving its edges and
    /// the reporters of edges; with `relabel`, the merged mentions count for the target's
    /// label, else each keeps its own form. A target id no node has yet is made from the
    /// nodes merged into it, of the kind its id names. Returns how many nodes merged.
    fn merge_nodes(&mut self, into: &HashMap<String, String>, relabel: bool) -> usize {
        if into.is_empty() {
            return 0;
        }
        let targets: HashMap<String, (String, EntityKind)> = into
            .values()
            .filter_map(|id| {
                let n = self.node(id)?;
                Some((id.clone(), (n.label.clone(), n.kind)))
            })
            .collect();
        let rename = |id: &String| into.get(id).cloned().unwrap_or_else(|| id.clone());
        let (nodes, edges) = std::mem::take(self).into_parts();
        for (mut n, mut forms) in nodes {
            if let Some(target) = into.get(&n.id) {
                match targets.get(target) {
                    Some((label, kind)) => {
                        if relabel {
                            let mentions = forms.values().sum();
                            n.label.clone_from(label);
                            forms = Forms::from([(n.label.clone(), mentions)]);
                        }
                        n.kind = *kind;
                    }
                    None => {
                        let kind = target
                            .split_once(':')
                            .and_then(|(k, _)| EntityKind::parse(k));
                        n.kind = kind.unwrap_or(n.kind);
                    }
                }
                n.id = target.clone();
            }
            self.add_node_with_forms(n, forms);
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
                cues: KindVotes::default(),
            });
            for name in names {
                let id = g.add_node(Node {
                    id: node_id(EntityKind::Person, name),
                    label: (*name).into(),
                    kind: EntityKind::Person,
                    aliases: BTreeSet::new(),
                    mentions: 1,
                    documents: BTreeSet::new(),
                    cues: KindVotes::default(),
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

    /// A node merged from several graphs is labelled by the form with the most mentions, in
    /// any merge order; a tie goes to the smallest form.
    #[test]
    fn merged_node_is_labelled_by_its_most_mentioned_form() {
        let one = |label: &str, mentions: usize| {
            let mut g = KnowledgeGraph::new();
            g.add_node(Node {
                id: node_id(EntityKind::Organization, label),
                label: label.into(),
                kind: EntityKind::Organization,
                aliases: BTreeSet::from([label.to_string()]),
                mentions,
                documents: BTreeSet::new(),
                cues: KindVotes::default(),
            });
            g
        };
        let parts = [
            ("BLACKBURN", 3),
            ("Blackburn", 2),
            ("Blackburn", 2),
            ("blackburn", 1),
        ];
        for order in [[0, 1, 2, 3], [3, 2, 1, 0], [1, 0, 3, 2]] {
            let mut all = KnowledgeGraph::new();
            for i in order {
                all.merge(one(parts[i].0, parts[i].1));
            }
            let nodes = all.nodes();
            assert_eq!(nodes.len(), 1);
            assert_eq!(nodes[0].label, "Blackburn", "{order:?}");
            assert_eq!(nodes[0].mentions, 8);
        }
        let mut tied = one("PCS", 2);
        tied.merge(one("PCs", 2));
        assert_eq!(tied.nodes()[0].label, "PCS");
    }

    /// The graph of several documents, merged and with type variants merged: each named
    /// node as `id (documents)`.
    fn typed(texts: &[&str]) -> Vec<String> {
        let mut g = KnowledgeGraph::new();
        for (i, text) in texts.iter().enumerate() {
            let mut doc = Document::new(format!("d{i}"), *text);
            crate::Pipeline::new().process(&mut doc);
            g.merge(KnowledgeGraph::from_document(&doc));
        }
        g.merge_type_variants();
        g.nodes()
            .into_iter()
            .filter(|n| n.kind != EntityKind::Concept)
            .map(|n| format!("{} ({})", n.id, n.documents.len()))
            .collect()
    }

    /// Documents whose context cues call a name one kind type it in the documents that give
    /// no cue too, against the recogniser's guess.
    #[test]
    fn context_cues_type_names_across_documents() {
        #[rustfmt::skip]
        let cases: &[(&[&str], &[&str])] = &[
            (&["Shares in Veltrona fell 8% on Tuesday. Veltrona said demand had slowed.",
               "Veltrona is to cut 500 jobs. Veltrona said the move would save money.",
               "Veltrona had argued that the court was wrong. Veltrona will appeal.",
               "A Veltrona spokesman denied the report. Veltrona said it would not comment."],
             &["organization:veltrona (4)"]),
            (&["The comedy Marla Penrose topped the box office this weekend. Marla Penrose took $20m.",
               "Marla Penrose won best film at the ceremony on Sunday.",
               "The film Marla Penrose opens on Friday."],
             &["other:marla-penrose (3)"]),
        ];
        for (texts, expected) in cases {
            assert_eq!(typed(texts), *expected, "{texts:?}");
        }
    }

    /// Cues decide when at least two documents' cues call the name one kind and three times
    /// as many documents as call it another; a name of one type is retyped.
    #[test]
    fn type_variants_follow_clear_cues() {
        let node = |kind: EntityKind, docs: usize, cues: &[EntityKind]| {
            let mut votes = KindVotes::default();
            for &k in cues {
                votes.add(k);
            }
            Node {
                id: node_id(kind, "Veltrona"),
                label: "Veltrona".into(),
                kind,
                aliases: BTreeSet::from(["Veltrona".to_string()]),
                mentions: docs,
                documents: (0..docs).map(|d| format!("{kind:?}{d}")).collect(),
                cues: votes,
            }
        };
        let ids = |nodes: &[Node]| {
            let mut g = KnowledgeGraph::new();
            for n in nodes {
                g.add_node(n.clone());
            }
            let merged = g.merge_type_variants();
            let ids: Vec<String> = g.nodes().iter().map(|n| n.id.clone()).collect();
            (merged, ids)
        };
        use EntityKind::{Organization as Org, Person};
        // Two documents' cues retype the only node, or merge a node of more documents.
        assert_eq!(
            ids(&[node(Person, 5, &[Org, Org])]),
            (1, vec!["organization:veltrona".to_string()])
        );
        assert_eq!(
            ids(&[node(Person, 9, &[]), node(Org, 2, &[Org, Org])]),
            (1, vec!["organization:veltrona".to_string()])
        );
        // One document's cues, or cues not clearly ahead, leave the recogniser's type.
        assert_eq!(
            ids(&[node(Person, 5, &[Org])]),
            (0, vec!["person:veltrona".to_string()])
        );
        assert_eq!(
            ids(&[node(Person, 5, &[Org, Org, Person])]),
            (0, vec!["person:veltrona".to_string()])
        );
    }

    /// A name typed differently across documents joins the type most documents gave it,
    /// when that type is clearly ahead; edges and reporters follow the merged node.
    #[test]
    fn type_variants_merge_into_the_clearly_leading_type() {
        let node = |kind: EntityKind, docs: &[&str]| Node {
            id: node_id(kind, "Chelsea"),
            label: "Chelsea".into(),
            kind,
            aliases: BTreeSet::from(["Chelsea".to_string()]),
            mentions: docs.len(),
            documents: docs.iter().map(|d| d.to_string()).collect(),
            cues: KindVotes::default(),
        };
        let graph = |org: &[&str], person: &[&str]| {
            let mut g = KnowledgeGraph::new();
            let club = g.add_node(node(EntityKind::Organization, org));
            let player = g.add_node(node(EntityKind::Person, person));
            let edge = |label: &str| Edge {
                label: label.into(),
                kind: RelationKind::Verb,
                qualifiers: EdgeQualifiers::default(),
                evidence: BTreeSet::new(),
            };
            g.add_edge(&club, &player, edge("beat"));
            g.add_edge(&player, &club, edge("sign"));
            let merged = g.merge_type_variants();
            let mut ids: Vec<String> = g.nodes().iter().map(|n| n.id.clone()).collect();
            ids.sort();
            (merged, ids, g.edge_count())
        };
        let ids = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            graph(&["a", "b", "c"], &["d"]),
            (1, ids(&["organization:chelsea"]), 2)
        );
        // Not clearly ahead: two documents against one, or a tie.
        assert_eq!(
            graph(&["a", "b"], &["d"]),
            (0, ids(&["organization:chelsea", "person:chelsea"]), 2)
        );
        assert_eq!(
            graph(&["a", "b", "c"], &["d", "e", "f"]),
            (0, ids(&["organization:chelsea", "person:chelsea"]), 2)
        );
    }
}
