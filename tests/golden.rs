//! Whole-pipeline golden tests: the sample article and BBC articles, snapshotted with insta.
//! Review changes with `cargo insta review`.

mod common;

use common::{check_invariants, describe, process, shared_data, skip};

#[test]
fn sample_article() {
    let doc = process("sample-article", newsgraph::SAMPLE_ARTICLE);
    check_invariants(&doc);
    insta::assert_snapshot!("sample-article", describe(&doc));
}

/// BBC articles are read from the shared data folder (they are not ours to commit).
#[test]
fn bbc_articles() {
    let Some(data) = shared_data() else {
        return skip("../shared/data not found: BBC golden tests");
    };
    let wanted = [
        "bbc-politics-004",
        "bbc-business-004",
        "bbc-sport-004",
        "bbc-tech-004",
    ];
    let corpus =
        std::fs::read_to_string(data.join("news/bbc-news.jsonl")).expect("BBC corpus readable");
    let mut seen = 0;
    for line in corpus.lines() {
        let v: serde_json::Value = serde_json::from_str(line).expect("valid JSON line");
        let id = v["id"].as_str().unwrap_or_default();
        if wanted.contains(&id) {
            let doc = process(id, v["text"].as_str().unwrap_or_default());
            check_invariants(&doc);
            insta::assert_snapshot!(id, describe(&doc));
            seen += 1;
        }
    }
    assert_eq!(seen, wanted.len());
}

/// Every article of the corpus goes through without a panic and keeps the span invariants.
#[test]
fn bbc_corpus_invariants() {
    let Some(data) = shared_data() else {
        return skip("../shared/data not found: BBC corpus invariants");
    };
    let corpus =
        std::fs::read_to_string(data.join("news/bbc-news.jsonl")).expect("BBC corpus readable");
    for line in corpus.lines().step_by(7) {
        let v: serde_json::Value = serde_json::from_str(line).expect("valid JSON line");
        let doc = process(
            v["id"].as_str().unwrap_or_default(),
            v["text"].as_str().unwrap_or_default(),
        );
        check_invariants(&doc);
    }
}
