//! The exports checked by the programs that consume them, not by string comparison:
//! Graphviz renders the DOT file, rdflib parses the JSON-LD offline and answers SPARQL,
//! networkx reads the node-link JSON. The Python side is in `tests/consumers/*.py`.
//!
//! Graphs come from two places: the real binary building the bundled sample article
//! (`newsgraph build -o DIR`), and graphs built here through the library, so that each check
//! is proven whatever the extraction finds.
//!
//! Tools: Graphviz `dot` on PATH; a Python with rdflib and networkx (`NEWSGRAPH_PYTHON`,
//! else `.venv/bin/python` at the crate root, made by `.ci/run` from
//! `tests/consumers/requirements.txt`). A test whose tool is missing prints
//! `skipped: <why>` and passes, unless `CI=true`: there a missing tool is a failure.

use newsgraph::document::{EntityKind, RelationKind, Tense};
use newsgraph::export::Format;
use newsgraph::graph::{Edge, EdgeQualifiers, Evidence, KnowledgeGraph, Node};
use serde_json::Value;
use std::collections::BTreeSet;
mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

/// The sample article's sentence that names Rick Dearborn's role.
const DEARBORN_SENTENCE: &str = "And Sessions' own team has become a part of Trump's inner circle: former Sessions chief of staff Rick Dearborn is now Trump's deputy chief of staff, and former Sessions spokesman Stephen Miller has evolved into a highly influential figure as Trump's policy director and speechwriter.";

/// Gives the tool, or ends the test: quietly passing with a note, or failing on CI.
macro_rules! require {
    ($tool:expr) => {
        match $tool {
            Ok(tool) => tool,
            Err(why) => {
                common::skip(&why);
                return;
            }
        }
    };
}

fn graphviz() -> Result<(), String> {
    match Command::new("dot").arg("-V").output() {
        Ok(out) if out.status.success() => Ok(()),
        Ok(out) => Err(format!(
            "`dot -V` failed: {}",
            String::from_utf8_lossy(&out.stderr)
        )),
        Err(e) => Err(format!(
            "Graphviz `dot` not found ({e}); apt-get install graphviz"
        )),
    }
}

fn python() -> Result<PathBuf, String> {
    let python = match std::env::var_os("NEWSGRAPH_PYTHON") {
        Some(p) => PathBuf::from(p),
        None => {
            let venv = Path::new(env!("CARGO_MANIFEST_DIR")).join(".venv/bin/python");
            if !venv.exists() {
                return Err(format!(
                    "no Python for the consumer checks: set NEWSGRAPH_PYTHON or create {} \
                     with tests/consumers/requirements.txt",
                    venv.display()
                ));
            }
            venv
        }
    };
    match Command::new(&python)
        .args(["-c", "import rdflib, networkx"])
        .output()
    {
        Ok(out) if out.status.success() => Ok(python),
        Ok(out) => Err(format!(
            "{} cannot import rdflib and networkx: {}",
            python.display(),
            String::from_utf8_lossy(&out.stderr).trim()
        )),
        Err(e) => Err(format!("Python {} not runnable ({e})", python.display())),
    }
}

/// Runs a command that must succeed; returns its standard output.
fn run(cmd: &mut Command) -> String {
    let out = cmd
        .output()
        .unwrap_or_else(|e| panic!("could not run {cmd:?}: {e}"));
    assert!(
        out.status.success(),
        "{cmd:?} failed ({}):\n{}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

/// Runs one of the `tests/consumers/*.py` scripts, which print one JSON value.
fn script(python: &Path, name: &str, args: &[&str]) -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/consumers")
        .join(name);
    let out = run(Command::new(python).arg(path).args(args));
    serde_json::from_str(&out).unwrap_or_else(|e| panic!("{name} printed {out:?}: {e}"))
}

fn path_str(p: &Path) -> &str {
    p.to_str().expect("temporary paths are UTF-8")
}

/// Builds the bundled sample article's graph with the real binary into `dir`.
fn build_sample(dir: &Path) {
    run(Command::new(env!("CARGO_BIN_EXE_newsgraph"))
        .args(["build", "--quiet", "--output"])
        .arg(dir));
    for f in Format::ALL {
        let file = dir.join(format!("graph.{}", f.file_extension()));
        assert!(file.is_file(), "{} was not written", file.display());
    }
}

/// Writes every export of `graph` into `dir` through the library.
fn write_all(graph: &KnowledgeGraph, dir: &Path) {
    for f in Format::ALL {
        let path = dir.join(format!("graph.{}", f.file_extension()));
        let file = std::fs::File::create(&path).expect("create export");
        f.write(graph, std::io::BufWriter::new(file))
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    }
}

fn node(g: &mut KnowledgeGraph, id: &str, label: &str, kind: EntityKind) {
    g.add_node(Node {
        id: id.into(),
        label: label.into(),
        kind,
        aliases: BTreeSet::from([label.to_string()]),
        mentions: 1,
        documents: BTreeSet::from(["sample-article".to_string()]),
        cues: Default::default(),
    });
}

#[allow(clippy::too_many_arguments)]
fn edge(
    g: &mut KnowledgeGraph,
    source: &str,
    target: &str,
    label: &str,
    kind: RelationKind,
    tense: Option<Tense>,
    negated: bool,
    sentence: &str,
) {
    let added = g.add_edge(
        source,
        target,
        Edge {
            label: label.into(),
            kind,
            qualifiers: EdgeQualifiers {
                tense,
                negated,
                reported_by: None,
            },
            evidence: BTreeSet::from([Evidence {
                document: "sample-article".into(),
                sentence: sentence.into(),
                start: 0,
                end: sentence.len(),
                confidence: 0.8,
            }]),
        },
    );
    assert!(added, "{source} -> {target}");
}

/// What the sample article should give for Rick Dearborn, built by hand.
fn dearborn_graph() -> KnowledgeGraph {
    let mut g = KnowledgeGraph::new();
    node(
        &mut g,
        "person:rick-dearborn",
        "Rick Dearborn",
        EntityKind::Person,
    );
    node(
        &mut g,
        "person:donald-trump",
        "Donald Trump",
        EntityKind::Person,
    );
    node(
        &mut g,
        "person:jeff-sessions",
        "Jeff Sessions",
        EntityKind::Person,
    );
    let (dearborn, trump, sessions) = (
        "person:rick-dearborn",
        "person:donald-trump",
        "person:jeff-sessions",
    );
    let s = DEARBORN_SENTENCE;
    use RelationKind::Role;
    edge(
        &mut g,
        dearborn,
        trump,
        "deputy chief of staff of",
        Role,
        Some(Tense::Current),
        false,
        s,
    );
    edge(
        &mut g,
        dearborn,
        sessions,
        "chief of staff of",
        Role,
        Some(Tense::Former),
        false,
        s,
    );
    g
}

/// Labels that are awkward in every format.
const AWKWARD: &[&str] = &[
    "Ann \"Q\" O'Neil",
    r"back\slash\",
    "two\nlines",
    "Zoë 東京 🙂",
    "</script><b>&amp;",
    r"\N \G \L tab	bell",
];

/// A graph whose labels and sentences are awkward, with parallel edges of different labels,
/// former/current and negated qualifiers.
fn awkward_graph() -> KnowledgeGraph {
    let mut g = dearborn_graph();
    let ids: Vec<String> = (0..AWKWARD.len())
        .map(|i| format!("other:awkward-{i}"))
        .collect();
    for (id, label) in ids.iter().zip(AWKWARD) {
        node(&mut g, id, label, EntityKind::Other);
    }
    node(
        &mut g,
        "concept:a\"b\\c\nd",
        "concept with \"an awkward\" id",
        EntityKind::Concept,
    );
    for (i, label) in AWKWARD.iter().enumerate() {
        let next = &ids[(i + 1) % ids.len()];
        let sentence = format!("It said: \"{label}\" </script>\r\n\tand more.");
        edge(
            &mut g,
            &ids[i],
            next,
            label,
            RelationKind::Verb,
            None,
            i % 2 == 0,
            &sentence,
        );
        edge(
            &mut g,
            &ids[i],
            next,
            "also",
            RelationKind::Attribution,
            Some(Tense::Former),
            false,
            &sentence,
        );
    }
    edge(
        &mut g,
        &ids[0],
        "concept:a\"b\\c\nd",
        "not \"quite\"",
        RelationKind::Affiliation,
        None,
        true,
        "x",
    );
    g
}

#[test]
fn graphviz_renders_the_sample_graph() {
    require!(graphviz());
    let dir = tempfile::tempdir().expect("temp dir");
    build_sample(dir.path());
    let svg = run(Command::new("dot")
        .arg("-Tsvg")
        .arg(dir.path().join("graph.dot")));
    assert!(svg.contains("<svg"), "{svg}");
}

#[test]
fn graphviz_renders_awkward_labels() {
    require!(graphviz());
    let dir = tempfile::tempdir().expect("temp dir");
    let g = awkward_graph();
    write_all(&g, dir.path());
    let svg = run(Command::new("dot")
        .arg("-Tsvg")
        .arg(dir.path().join("graph.dot")));
    assert!(svg.contains("<svg"), "{svg}");
    // Graphviz drew every node and every parallel edge.
    assert_eq!(svg.matches("class=\"node").count(), g.node_count());
    assert_eq!(svg.matches("class=\"edge").count(), g.edge_count());
    for want in [
        "deputy chief of staff of (current)",
        "chief of staff of (former)",
        "back\\slash\\",
        "Zoë 東京 🙂",
        "&lt;/script&gt;&lt;b&gt;&amp;amp;",
    ] {
        assert!(svg.contains(want), "{want:?} not in the SVG:\n{svg}");
    }
    assert!(!svg.contains("</script>"));
}

#[test]
fn svg_of_awkward_labels_is_well_formed_xml() {
    require!(graphviz());
    let python = require!(python());
    let dir = tempfile::tempdir().expect("temp dir");
    write_all(&awkward_graph(), dir.path());
    let svg = dir.path().join("graph.svg");
    run(Command::new("dot")
        .arg("-Tsvg")
        .arg(dir.path().join("graph.dot"))
        .arg("-o")
        .arg(&svg));
    let seen = script(&python, "check_svg.py", &[path_str(&svg)]);
    let texts: Vec<&str> = seen["texts"]
        .as_array()
        .expect("texts")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    // A label's lines are separate <text> elements; a reader sees the text as given.
    for want in [
        "Ann \"Q\" O'Neil",
        "back\\slash\\",
        "two",
        "lines",
        "</script><b>&amp;",
        "\\N \\G \\L tab bell",
    ] {
        assert!(texts.contains(&want), "{want:?} not in {texts:?}");
    }
    let tooltips = seen["tooltips"].to_string();
    assert!(
        tooltips.contains("Rick Dearborn is now Trump's deputy chief of staff"),
        "{tooltips}"
    );
}

#[test]
fn rdflib_finds_the_dearborn_relation_in_the_sample_graph() {
    let python = require!(python());
    let dir = tempfile::tempdir().expect("temp dir");
    build_sample(dir.path());
    assert_dearborn_relation(&python, &dir.path().join("graph.jsonld"));
}

#[test]
fn rdflib_finds_the_dearborn_relation_in_a_hand_built_graph() {
    let python = require!(python());
    let dir = tempfile::tempdir().expect("temp dir");
    write_all(&dearborn_graph(), dir.path());
    assert_dearborn_relation(&python, &dir.path().join("graph.jsonld"));
}

fn assert_dearborn_relation(python: &Path, jsonld: &Path) {
    let found = script(
        python,
        "check_jsonld.py",
        &[
            path_str(jsonld),
            "relation",
            "Rick Dearborn",
            "deputy chief of staff",
            "Donald Trump",
        ],
    );
    let rows = found.as_array().expect("a list");
    assert!(
        rows.iter()
            .any(|r| r["sentence"] == DEARBORN_SENTENCE && r["negated"] == false),
        "no evidence sentence in {found}"
    );
    // The former "chief of staff of" Sessions is another relation, not this one.
    assert!(
        rows.iter()
            .all(|r| r["predicate"] == "deputy chief of staff of"),
        "{found}"
    );
}

#[test]
fn rdflib_reads_awkward_labels_offline() {
    let python = require!(python());
    let dir = tempfile::tempdir().expect("temp dir");
    let g = awkward_graph();
    write_all(&g, dir.path());
    let jsonld = dir.path().join("graph.jsonld");
    let counts = script(&python, "check_jsonld.py", &[path_str(&jsonld), "counts"]);
    assert_eq!(counts["entities"], g.node_count(), "{counts}");
    assert_eq!(counts["statements"], g.edge_count(), "{counts}");
    let names = script(&python, "check_jsonld.py", &[path_str(&jsonld), "names"]);
    let want: Vec<&str> = g.nodes().iter().map(|n| n.label.as_str()).collect();
    let mut want = want;
    want.sort_unstable();
    assert_eq!(names, serde_json::json!(want));
    // A negated, former relation keeps its qualifiers.
    let found = script(
        &python,
        "check_jsonld.py",
        &[
            path_str(&jsonld),
            "relation",
            AWKWARD[0],
            AWKWARD[0],
            AWKWARD[1],
        ],
    );
    assert_eq!(found[0]["negated"], true, "{found}");
    assert_eq!(
        found[0]["sentence"],
        format!("It said: \"{}\" </script>\r\n\tand more.", AWKWARD[0])
    );
}

#[test]
fn networkx_reads_the_sample_graph() {
    let python = require!(python());
    let dir = tempfile::tempdir().expect("temp dir");
    build_sample(dir.path());
    let json = dir.path().join("graph.json");
    let seen = script(&python, "check_networkx.py", &[path_str(&json)]);
    let back = newsgraph::export::json::read(std::fs::File::open(&json).expect("open graph.json"))
        .expect("graph.json reads back");
    assert_eq!(seen["nodes"], back.node_count(), "{seen}");
    assert_eq!(seen["edges"], back.edge_count(), "{seen}");
    let dearborn = serde_json::json!(["Rick Dearborn", "deputy chief of staff of", "Donald Trump"]);
    let relations = seen["relations"].as_array().expect("relations");
    assert!(relations.contains(&dearborn), "{seen}");
}

#[test]
fn networkx_reads_hand_built_graphs() {
    let python = require!(python());
    for (name, g) in [("dearborn", dearborn_graph()), ("awkward", awkward_graph())] {
        let dir = tempfile::tempdir().expect("temp dir");
        write_all(&g, dir.path());
        let seen = script(
            &python,
            "check_networkx.py",
            &[path_str(&dir.path().join("graph.json"))],
        );
        assert_eq!(seen["nodes"], g.node_count(), "{name}: {seen}");
        assert_eq!(seen["edges"], g.edge_count(), "{name}: {seen}");
        let dearborn =
            serde_json::json!(["Rick Dearborn", "deputy chief of staff of", "Donald Trump"]);
        let relations = seen["relations"].as_array().expect("relations");
        assert!(relations.contains(&dearborn), "{name}: {seen}");
    }
}
