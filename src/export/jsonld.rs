//! JSON-LD (RDF) with an inline context: valid offline, no remote context to fetch.
//!
//! Entities get absolute IRIs (`https://newsgraph.dev/entity/<node id>`) and schema.org
//! types: `Person`, `Organization`, `Place`, `Thing` for other names, `ng:Concept` for
//! common-noun concepts; with `name`, `alternateName` (the other surface forms) and
//! `identifier` (the node id). Role and affiliation relations that are not denied also
//! appear the schema.org way, through a `Role`/`OrganizationRole` node between the two
//! ends (`worksFor` for roles, `memberOf` for affiliations) carrying `roleName` and
//! `ng:tense` (schema.org would want an `endDate` for former roles, which news rarely
//! gives); current roles also become the person's `jobTitle`.
//!
//! Every relation, whatever its kind, is also a statement node in the manner of RDF
//! reification: `ng:subject`, `ng:predicate` (the label, a string), `ng:object`, `ng:kind`,
//! `ng:confidence`, `ng:negated`, `ng:tense`, `ng:reportedBy`, and `ng:evidence` items with
//! `ng:document`, `ng:sentence`, `ng:start`, `ng:end` and `ng:confidence`. Statement IRIs
//! are a hash of the relation's key, so the same relation gets the same IRI in every
//! export. Strings are written with `<`, `>`, `&` escaped, so the file can be pasted into
//! an HTML `<script type="application/ld+json">` element.
//!
//! Not here: an RDF serialiser (consumers convert with rdflib or similar), or reading back
//! (node-link JSON is the file newsgraph reads).

use crate::document::{EntityKind, RelationKind, Tense};
use crate::graph::{Edge, KnowledgeGraph, Node};
use serde_json::{Map, Value, json};
use std::io;

/// The project's vocabulary.
pub const NAMESPACE: &str = "https://newsgraph.dev/ns#";
/// Entity IRIs are this followed by the node id.
pub const ENTITY_BASE: &str = "https://newsgraph.dev/entity/";
/// Statement IRIs are this followed by a hash of the relation's key.
pub const STATEMENT_BASE: &str = "https://newsgraph.dev/statement/";

/// The absolute IRI of the node with id `node_id`: characters other than ASCII letters,
/// digits and `-._~:` are percent-encoded, so any id gives a valid IRI and distinct ids give
/// distinct IRIs.
pub fn entity_iri(node_id: &str) -> String {
    let mut iri = String::with_capacity(ENTITY_BASE.len() + node_id.len());
    iri.push_str(ENTITY_BASE);
    for b in node_id.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~:".contains(&b) {
            iri.push(char::from(b));
        } else {
            iri.push_str(&format!("%{b:02X}"));
        }
    }
    iri
}

/// A stable IRI for a relation: FNV-1a over the fields that identify an edge in the graph.
fn statement_iri(source: &Node, target: &Node, e: &Edge) -> String {
    let tense = e.qualifiers.tense.map_or("", tense_str);
    let negated = if e.qualifiers.negated { "1" } else { "0" };
    let reporter = e.qualifiers.reported_by.as_deref().unwrap_or("");
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in [
        source.id.as_str(),
        &target.id,
        &e.label,
        e.kind.as_str(),
        tense,
        negated,
        reporter,
    ] {
        // The separator keeps ("ab", "c") and ("a", "bc") apart.
        for &b in part.as_bytes().iter().chain(&[0xff]) {
            hash ^= u64::from(b);
            hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    format!("{STATEMENT_BASE}{hash:016x}")
}

fn tense_str(t: Tense) -> &'static str {
    match t {
        Tense::Former => "former",
        Tense::Current => "current",
    }
}

fn schema_type(kind: EntityKind) -> &'static str {
    match kind {
        EntityKind::Person => "Person",
        EntityKind::Organization => "Organization",
        EntityKind::Place => "Place",
        EntityKind::Other => "Thing",
        EntityKind::Concept => "ng:Concept",
    }
}

/// The role's name from a role predicate: "deputy chief of staff of" -> "deputy chief of
/// staff".
fn role_name(predicate: &str) -> &str {
    [" of", " at", " for", " with", " in", " to"]
        .iter()
        .find_map(|prep| predicate.strip_suffix(prep))
        .filter(|name| !name.trim().is_empty())
        .unwrap_or(predicate)
}

/// A confidence as a JSON number written the way `f32` prints (0.8, not 0.800000011920929);
/// NaN, which JSON cannot hold, as null (JSON-LD then leaves the property out).
fn number(x: f32) -> Value {
    x.to_string()
        .parse::<f64>()
        .ok()
        .and_then(serde_json::Number::from_f64)
        .map_or(Value::Null, Value::Number)
}

fn reference(iri: String) -> Value {
    json!({ "@id": iri })
}

/// Adds `value` to the list under `key`.
fn push(node: &mut Map<String, Value>, key: &str, value: Value) {
    if let Value::Array(items) = node.entry(key).or_insert_with(|| Value::Array(Vec::new())) {
        items.push(value);
    }
}

fn entity(n: &Node) -> Map<String, Value> {
    let mut node = Map::new();
    node.insert("@id".into(), entity_iri(&n.id).into());
    node.insert("@type".into(), schema_type(n.kind).into());
    node.insert("identifier".into(), n.id.clone().into());
    node.insert("name".into(), n.label.clone().into());
    let others: Vec<&String> = n.aliases.iter().filter(|a| **a != n.label).collect();
    if !others.is_empty() {
        node.insert("alternateName".into(), json!(others));
    }
    node.insert("ng:mentions".into(), n.mentions.into());
    node.insert("ng:document".into(), json!(n.documents));
    node
}

/// The schema.org view of a role or affiliation, added to its subject's node.
fn add_role(subject: &mut Map<String, Value>, source: &Node, target: &Node, e: &Edge) {
    let property = match (e.kind, source.kind) {
        (RelationKind::Role, EntityKind::Person) => "worksFor",
        (RelationKind::Role | RelationKind::Affiliation, _) => "memberOf",
        _ => return,
    };
    if e.qualifiers.negated {
        // Only the statement says it, with ng:negated; asserting it here would be false.
        return;
    }
    let role_type = if target.kind == EntityKind::Organization {
        "OrganizationRole"
    } else {
        "Role"
    };
    let mut role = Map::new();
    role.insert("@type".into(), role_type.into());
    role.insert(property.into(), reference(entity_iri(&target.id)));
    if e.kind == RelationKind::Role {
        role.insert("roleName".into(), role_name(&e.label).into());
    }
    if let Some(t) = e.qualifiers.tense {
        role.insert("ng:tense".into(), tense_str(t).into());
    }
    role.insert(
        "ng:statement".into(),
        reference(statement_iri(source, target, e)),
    );
    push(subject, property, Value::Object(role));
    if e.kind == RelationKind::Role
        && source.kind == EntityKind::Person
        && e.qualifiers.tense != Some(Tense::Former)
    {
        push(subject, "jobTitle", role_name(&e.label).into());
    }
}

fn statement(source: &Node, target: &Node, e: &Edge) -> Value {
    let mut st = Map::new();
    st.insert("@id".into(), statement_iri(source, target, e).into());
    st.insert("@type".into(), "ng:Statement".into());
    st.insert("ng:subject".into(), reference(entity_iri(&source.id)));
    st.insert("ng:predicate".into(), e.label.clone().into());
    st.insert("ng:object".into(), reference(entity_iri(&target.id)));
    st.insert("ng:kind".into(), e.kind.as_str().into());
    st.insert("ng:confidence".into(), number(e.confidence()));
    st.insert("ng:negated".into(), e.qualifiers.negated.into());
    if let Some(t) = e.qualifiers.tense {
        st.insert("ng:tense".into(), tense_str(t).into());
    }
    if let Some(by) = &e.qualifiers.reported_by {
        st.insert("ng:reportedBy".into(), reference(entity_iri(by)));
    }
    let evidence: Vec<Value> = e
        .evidence
        .iter()
        .map(|ev| {
            json!({
                "@type": "ng:Evidence",
                "ng:document": ev.document,
                "ng:sentence": ev.sentence,
                "ng:start": ev.start,
                "ng:end": ev.end,
                "ng:confidence": number(ev.confidence),
            })
        })
        .collect();
    st.insert("ng:evidence".into(), evidence.into());
    Value::Object(st)
}

/// Writes the graph as JSON-LD: entities in node order, then statements in edge order.
///
/// # Errors
/// Whatever the writer returns.
pub fn write<W: io::Write>(graph: &KnowledgeGraph, w: W) -> io::Result<()> {
    let nodes = graph.nodes();
    let edges = graph.edges();
    // `nodes` is sorted by id, so a node's place is found by binary search.
    let mut entities: Vec<Map<String, Value>> = nodes.iter().map(|n| entity(n)).collect();
    for &(s, t, e) in &edges {
        if let Ok(i) = nodes.binary_search_by(|n| n.id.cmp(&s.id)) {
            add_role(&mut entities[i], s, t, e);
        }
    }
    let mut items: Vec<Value> = entities.into_iter().map(Value::Object).collect();
    items.extend(edges.iter().map(|&(s, t, e)| statement(s, t, e)));
    let doc = json!({
        "@context": {
            "@vocab": "https://schema.org/",
            "schema": "https://schema.org/",
            "ng": NAMESPACE,
            "xsd": "http://www.w3.org/2001/XMLSchema#",
        },
        "@graph": items,
    });
    super::write_json(w, &doc)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::awkward_graph;

    fn to_value(g: &KnowledgeGraph) -> (String, Value) {
        let mut out = Vec::new();
        write(g, &mut out).expect("writing to a Vec");
        let text = String::from_utf8(out).expect("JSON is UTF-8");
        let value = serde_json::from_str(&text).expect("valid JSON");
        (text, value)
    }

    fn find<'a>(v: &'a Value, id: &str) -> &'a Value {
        v["@graph"]
            .as_array()
            .and_then(|items| items.iter().find(|i| i["@id"] == id))
            .unwrap_or_else(|| panic!("no {id}"))
    }

    #[test]
    fn iris() {
        let cases: &[(&str, &str)] = &[
            ("person:rick-dearborn", "person:rick-dearborn"),
            ("place:são-paulo", "place:s%C3%A3o-paulo"),
            ("a b/c?d#e%f\"g<h>", "a%20b%2Fc%3Fd%23e%25f%22g%3Ch%3E"),
            ("", ""),
        ];
        for &(id, want) in cases {
            assert_eq!(entity_iri(id), format!("{ENTITY_BASE}{want}"), "{id:?}");
        }
    }

    #[test]
    fn numbers() {
        let cases: &[(f32, Value)] = &[
            (0.8, json!(0.8)),
            (0.875, json!(0.875)),
            (1.0, json!(1.0)),
            (0.0, json!(0.0)),
            (1e-7, json!(1e-7)),
            (f32::NAN, Value::Null),
            (f32::INFINITY, Value::Null),
        ];
        for (x, want) in cases {
            assert_eq!(&number(*x), want, "{x}");
        }
        assert_eq!(number(0.8).to_string(), "0.8");
    }

    #[test]
    fn role_names() {
        let cases: &[(&str, &str)] = &[
            ("deputy chief of staff of", "deputy chief of staff"),
            ("spokesman for", "spokesman"),
            ("director", "director"),
            (" of", " of"),
            ("", ""),
        ];
        for &(predicate, want) in cases {
            assert_eq!(role_name(predicate), want, "{predicate:?}");
        }
    }

    #[test]
    fn context_is_inline_and_offline() {
        let (text, v) = to_value(&awkward_graph());
        let context = v["@context"].as_object().expect("an inline context object");
        assert_eq!(context["@vocab"], "https://schema.org/");
        assert_eq!(context["ng"], NAMESPACE);
        assert!(!text.contains("</script>"));
        // Every "@id" is absolute.
        let mut ids = 0;
        let mut stack = vec![&v];
        while let Some(x) = stack.pop() {
            match x {
                Value::Object(m) => {
                    if let Some(id) = m.get("@id") {
                        let id = id.as_str().expect("string @id");
                        assert!(id.starts_with("https://newsgraph.dev/"), "{id}");
                        ids += 1;
                    }
                    stack.extend(m.values());
                }
                Value::Array(a) => stack.extend(a),
                _ => {}
            }
        }
        assert!(ids > 14, "{ids}");
    }

    #[test]
    fn entities_and_roles() {
        let g = awkward_graph();
        let (_, v) = to_value(&g);
        let dearborn = find(&v, &entity_iri("person:rick-dearborn"));
        let trump = entity_iri("person:donald-trump");
        let sessions = entity_iri("person:jeff-sessions");
        let cases: &[(&str, &str, Value)] = &[
            ("person:rick-dearborn", "/@type", json!("Person")),
            ("person:rick-dearborn", "/name", json!("Rick Dearborn")),
            (
                "person:rick-dearborn",
                "/alternateName",
                json!(["Dearborn"]),
            ),
            (
                "person:rick-dearborn",
                "/identifier",
                json!("person:rick-dearborn"),
            ),
            (
                "person:rick-dearborn",
                "/jobTitle",
                json!(["deputy chief of staff"]),
            ),
            ("person:rick-dearborn", "/worksFor/0/@type", json!("Role")),
            (
                "person:rick-dearborn",
                "/worksFor/0/worksFor/@id",
                json!(trump),
            ),
            (
                "person:rick-dearborn",
                "/worksFor/0/ng:tense",
                json!("current"),
            ),
            (
                "person:rick-dearborn",
                "/worksFor/1/roleName",
                json!("chief of staff"),
            ),
            (
                "person:rick-dearborn",
                "/worksFor/1/worksFor/@id",
                json!(sessions),
            ),
            (
                "person:rick-dearborn",
                "/worksFor/1/ng:tense",
                json!("former"),
            ),
            (
                "person:jeff-sessions",
                "/memberOf/0/@type",
                json!("OrganizationRole"),
            ),
            ("organization:abc-news", "/@type", json!("Organization")),
            ("place:são-paulo", "/@type", json!("Place")),
            ("other:quote", "/@type", json!("Thing")),
            (
                "other:quote",
                "/name",
                json!("The \"Q\" \\ act\nline 2 </script> & \u{7} 東京 end\\"),
            ),
            ("concept:investigation", "/@type", json!("ng:Concept")),
            (
                "concept:investigation",
                "/ng:document",
                json!(["sample-article"]),
            ),
        ];
        for (node, pointer, want) in cases {
            let n = find(&v, &entity_iri(node));
            assert_eq!(n.pointer(pointer), Some(want), "{node} {pointer}");
        }
        assert_eq!(dearborn["worksFor"].as_array().map(Vec::len), Some(2));

        // A denied role is only a statement (with ng:negated), not a schema.org fact.
        let mut denied = g.clone();
        denied.add_edge(
            "person:rick-dearborn",
            "organization:abc-news",
            Edge {
                label: "anchor at".into(),
                kind: RelationKind::Role,
                qualifiers: crate::graph::EdgeQualifiers {
                    negated: true,
                    ..Default::default()
                },
                evidence: Default::default(),
            },
        );
        let (_, v) = to_value(&denied);
        let dearborn = find(&v, &entity_iri("person:rick-dearborn"));
        assert_eq!(dearborn["worksFor"].as_array().map(Vec::len), Some(2));
        assert_eq!(dearborn["jobTitle"], json!(["deputy chief of staff"]));
    }

    #[test]
    fn every_relation_is_a_statement() {
        let g = awkward_graph();
        let (_, v) = to_value(&g);
        let statements: Vec<&Value> = v["@graph"]
            .as_array()
            .expect("@graph")
            .iter()
            .filter(|i| i["@type"] == "ng:Statement")
            .collect();
        assert_eq!(statements.len(), g.edge_count());
        let mut ids: Vec<&str> = statements
            .iter()
            .filter_map(|s| s["@id"].as_str())
            .collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), g.edge_count(), "statement IRIs are distinct");
        let by_predicate = |p: &str| {
            statements
                .iter()
                .find(|s| s["ng:predicate"] == p)
                .unwrap_or_else(|| panic!("no statement {p:?}"))
        };
        let cases: &[(&str, &str, Value)] = &[
            (
                "deputy chief of staff of",
                "/ng:subject/@id",
                json!(entity_iri("person:rick-dearborn")),
            ),
            (
                "deputy chief of staff of",
                "/ng:object/@id",
                json!(entity_iri("person:donald-trump")),
            ),
            ("deputy chief of staff of", "/ng:kind", json!("role")),
            ("deputy chief of staff of", "/ng:tense", json!("current")),
            ("deputy chief of staff of", "/ng:negated", json!(false)),
            ("deputy chief of staff of", "/ng:confidence", json!(0.875)),
            (
                "deputy chief of staff of",
                "/ng:evidence/0/ng:document",
                json!("other/article.txt"),
            ),
            (
                "deputy chief of staff of",
                "/ng:evidence/0/ng:start",
                json!(0),
            ),
            (
                "deputy chief of staff of",
                "/ng:evidence/0/ng:end",
                json!(48),
            ),
            (
                "deputy chief of staff of",
                "/ng:evidence/1/ng:confidence",
                json!(0.75),
            ),
            ("chief of staff of", "/ng:tense", json!("former")),
            ("resign", "/ng:negated", json!(true)),
            (
                "resign",
                "/ng:reportedBy/@id",
                json!(entity_iri("organization:abc-news")),
            ),
            (
                "say \"hi\" \\ to\n</script>",
                "/ng:kind",
                json!("attribution"),
            ),
            ("advise", "/ng:tense", Value::Null),
        ];
        for (predicate, pointer, want) in cases {
            let got = by_predicate(predicate)
                .pointer(pointer)
                .unwrap_or(&Value::Null);
            assert_eq!(got, want, "{predicate} {pointer}");
        }
        let sentence = by_predicate("deputy chief of staff of")["ng:evidence"][1]["ng:sentence"]
            .as_str()
            .expect("a sentence");
        assert!(sentence.contains("Rick Dearborn is now Trump's deputy chief of staff"));
    }

    #[test]
    fn statement_iris_are_stable() {
        let g = awkward_graph();
        let (s, t, e) = g.edges()[0];
        let first = statement_iri(s, t, e);
        assert_eq!(first, statement_iri(s, t, e));
        let mut other = e.clone();
        other.qualifiers.negated = !other.qualifiers.negated;
        assert_ne!(first, statement_iri(s, t, &other));
        let (_, a) = to_value(&g);
        let (_, b) = to_value(&g.clone());
        assert_eq!(a, b);
    }
}
