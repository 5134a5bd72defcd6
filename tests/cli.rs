//! Command-line tests of the real binary: inputs of every kind, bad input, outputs.

mod common;

use assert_cmd::Command;
use predicates::prelude::*;
use std::fs;
use std::path::Path;

fn newsgraph() -> Command {
    Command::new(env!("CARGO_BIN_EXE_newsgraph"))
}

fn graph(dir: &Path) -> serde_json::Value {
    let text = fs::read_to_string(dir.join("graph.json")).expect("graph.json written");
    serde_json::from_str(&text).expect("graph.json is JSON")
}

fn labels(dir: &Path) -> Vec<String> {
    graph(dir)["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["label"].as_str().unwrap().to_string())
        .collect()
}

const ARTICLE: &str =
    "NPR's Carrie Johnson reported that FBI Director James Comey met Mary Smith.\n";

#[test]
fn no_input_builds_the_sample() {
    let out = tempfile::tempdir().unwrap();
    newsgraph()
        .args(["build", "-o"])
        .arg(out.path())
        .assert()
        .success()
        .stderr(predicate::str::contains("1 documents"));
    for ext in ["dot", "jsonld", "json"] {
        assert!(
            out.path().join(format!("graph.{ext}")).is_file(),
            "graph.{ext}"
        );
    }
    assert!(labels(out.path()).contains(&"Rick Dearborn".to_string()));
    let leftovers: Vec<_> = fs::read_dir(out.path())
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .path()
                .to_string_lossy()
                .ends_with(".tmp")
        })
        .collect();
    assert!(leftovers.is_empty(), "temporary files left behind");
}

#[test]
fn reads_text_from_stdin() {
    let out = tempfile::tempdir().unwrap();
    newsgraph()
        .args(["build", "-", "-o"])
        .arg(out.path())
        .write_stdin(ARTICLE)
        .assert()
        .success();
    assert!(labels(out.path()).contains(&"James Comey".to_string()));
}

#[test]
fn reads_json_lines_from_stdin() {
    let out = tempfile::tempdir().unwrap();
    let input = format!(
        "{}\n{}\n",
        serde_json::json!({"id": "a", "text": ARTICLE}),
        serde_json::json!({"id": "b", "text": "Mary Smith met the BBC."})
    );
    newsgraph()
        .args(["build", "-", "-o"])
        .arg(out.path())
        .write_stdin(input)
        .assert()
        .success()
        .stderr(predicate::str::contains("2 documents"));
    let g = graph(out.path());
    let smith = g["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["label"] == "Mary Smith")
        .expect("Mary Smith node");
    assert_eq!(smith["documents"], serde_json::json!(["a", "b"]));
}

#[test]
fn reads_a_folder_recursively_and_reports_bad_input() {
    let dir = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join("sub")).unwrap();
    fs::write(dir.path().join("one.txt"), ARTICLE).unwrap();
    fs::write(
        dir.path().join("sub/two.txt"),
        "Angela Merkel met the Red Cross in Berlin.\n",
    )
    .unwrap();
    fs::write(dir.path().join("empty.txt"), "").unwrap();
    fs::write(dir.path().join("ignored.md"), "Not News").unwrap();
    fs::write(
        dir.path().join("bad.txt"),
        b"Angela Merkel met Mary Smith\xff in Paris.\n",
    )
    .unwrap();
    fs::write(
        dir.path().join("corpus.jsonl"),
        "{\"id\": \"j1\", \"text\": \"Boris Johnson visited Paris.\"}\n{not json}\n\n{\"title\": \"no text\"}\n{\"id\": 7, \"text\": \"Tony Blair met Gordon Brown.\"}\n",
    )
    .unwrap();
    let assert = newsgraph()
        .args(["build", "-o"])
        .arg(out.path())
        .arg(dir.path())
        .assert()
        .success();
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
    assert!(
        stderr.contains("corpus.jsonl:2:"),
        "malformed line named with file and line: {stderr}"
    );
    assert!(
        stderr.contains("corpus.jsonl:4:"),
        "record without text named: {stderr}"
    );
    assert!(
        stderr.contains("empty.txt:1: empty"),
        "empty file reported: {stderr}"
    );
    assert!(
        stderr.contains("bad.txt:1: invalid UTF-8"),
        "invalid UTF-8 reported: {stderr}"
    );
    assert!(
        stderr.contains("5 documents"),
        "the rest is processed: {stderr}"
    );
    let labels = labels(out.path());
    for name in [
        "James Comey",
        "Angela Merkel",
        "Boris Johnson",
        "Tony Blair",
        "Mary Smith",
    ] {
        assert!(
            labels.contains(&name.to_string()),
            "{name} missing from {labels:?}"
        );
    }
    assert!(
        !labels.iter().any(|l| l.contains("News")),
        "ignored.md was read"
    );
}

#[test]
fn missing_input_is_reported_and_the_rest_processed() {
    let dir = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("a.txt"), ARTICLE).unwrap();
    newsgraph()
        .args(["build", "-o"])
        .arg(out.path())
        .arg(dir.path().join("nope.txt"))
        .arg(dir.path().join("a.txt"))
        .assert()
        .success()
        .stderr(predicate::str::contains("nope.txt").and(predicate::str::contains("1 documents")));
}

#[test]
fn output_does_not_depend_on_thread_count() {
    let Some(data) = std::env::var_os("CARGO_MANIFEST_DIR")
        .map(|d| Path::new(&d).join("../shared/data/news/bbc-news.jsonl"))
        .filter(|p| p.is_file())
    else {
        return common::skip("BBC corpus not found: thread-count determinism");
    };
    let corpus = tempfile::NamedTempFile::with_suffix(".jsonl").unwrap();
    let text = fs::read_to_string(&data).unwrap();
    fs::write(
        corpus.path(),
        text.lines().take(150).collect::<Vec<_>>().join("\n"),
    )
    .unwrap();
    let one = tempfile::tempdir().unwrap();
    let two = tempfile::tempdir().unwrap();
    newsgraph()
        .args(["build", "-q", "-j", "1", "-o"])
        .arg(one.path())
        .arg(corpus.path())
        .assert()
        .success();
    newsgraph()
        .args(["build", "-q", "-j", "2", "-o"])
        .arg(two.path())
        .arg(corpus.path())
        .assert()
        .success();
    for f in ["graph.json", "graph.dot", "graph.jsonld"] {
        assert!(
            fs::read(one.path().join(f)).unwrap() == fs::read(two.path().join(f)).unwrap(),
            "{f} differs between -j1 and -j2"
        );
    }
}

#[test]
fn chosen_formats_only() {
    let out = tempfile::tempdir().unwrap();
    newsgraph()
        .args(["build", "--format", "json", "-q", "-o"])
        .arg(out.path())
        .assert()
        .success();
    assert!(out.path().join("graph.json").is_file());
    assert!(!out.path().join("graph.dot").exists());
}

#[test]
fn bad_arguments_are_a_clean_error() {
    newsgraph()
        .args(["build", "--format", "xml"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("invalid value"));
}
