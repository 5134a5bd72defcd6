//! The committed `output/` folder is the graph of the bundled sample as the current code
//! builds it, and it scores against the reference graph. Regenerate with `cargo run --release`.

mod common;

use assert_cmd::Command;
use std::path::{Path, PathBuf};

fn crate_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn build_sample(dir: &Path) {
    Command::new(env!("CARGO_BIN_EXE_newsgraph"))
        .args(["build", "-q", "-o"])
        .arg(dir)
        .assert()
        .success();
}

#[test]
fn committed_output_is_current() {
    let fresh = tempfile::tempdir().unwrap();
    build_sample(fresh.path());
    for name in ["graph.dot", "graph.json", "graph.jsonld"] {
        let committed =
            std::fs::read_to_string(crate_dir().join("output").join(name)).unwrap_or_default();
        let now = std::fs::read_to_string(fresh.path().join(name)).unwrap();
        assert!(
            committed == now,
            "output/{name} is stale: run `cargo run --release` and commit output/"
        );
    }
    let svg = std::fs::read_to_string(crate_dir().join("output/graph.svg"))
        .expect("output/graph.svg committed");
    assert!(
        svg.contains("<svg") && svg.contains("Rick Dearborn"),
        "output/graph.svg is not the rendered sample graph"
    );
}

#[test]
fn sample_graph_scores_against_the_reference() {
    let score = crate_dir().join("../shared/eval/score-graph");
    if !score.is_file() {
        return common::skip("../shared/eval/score-graph not found");
    }
    let fresh = tempfile::tempdir().unwrap();
    build_sample(fresh.path());
    let out = std::process::Command::new("python3")
        .arg(&score)
        .arg(fresh.path().join("graph.json"))
        .args([
            "--min-entities",
            "16",
            "--min-must",
            "10",
            "--min-should",
            "4",
        ])
        .output();
    match out {
        Err(e) => common::skip(&format!("python3 not runnable: {e}")),
        Ok(out) => assert!(
            out.status.success(),
            "score-graph failed: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    }
}
