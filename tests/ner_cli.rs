//! The `tag --input-format conll` and `eval ner` commands, run as the real binary.

use assert_cmd::Command;

const GOLD: &str = "-DOCSTART- -X- -X- O

U.S. NNP B-NP B-LOC
Attorney NNP I-NP O
General NNP I-NP O
Jeff NNP I-NP B-PER
Sessions NNP I-NP I-PER
met VBD B-VP O
the DT B-NP O
Russian JJ I-NP B-MISC
ambassador NN I-NP O
in IN B-PP O
Moscow NNP B-NP B-LOC
. . O O
";

/// What `newsgraph tag --input-format conll` with `extra` arguments writes for `GOLD`.
fn tag_gold(extra: &[&str]) -> String {
    let out = Command::cargo_bin("newsgraph")
        .unwrap()
        .args(["tag", "--input-format", "conll"])
        .args(extra)
        .arg("-")
        .write_stdin(GOLD)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    String::from_utf8(out).unwrap()
}

#[test]
fn tag_appends_a_column_and_keeps_other_lines() {
    let out = tag_gold(&[]);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), GOLD.lines().count());
    assert_eq!(lines[0], "-DOCSTART- -X- -X- O");
    assert_eq!(lines[1], "");
    for (got, gold) in lines.iter().zip(GOLD.lines()).skip(2) {
        assert_eq!(got.split(' ').count(), 5, "{got}");
        assert!(got.starts_with(gold), "{got}");
    }
    assert!(
        lines[5].ends_with(" B-PER") && lines[6].ends_with(" I-PER"),
        "{out}"
    );
    assert!(lines[12].ends_with(" B-LOC"), "{out}");
}

#[test]
fn eval_prints_a_score_table() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("gold.txt");
    std::fs::write(&path, GOLD).unwrap();
    let out = Command::cargo_bin("newsgraph")
        .unwrap()
        .args(["eval", "ner"])
        .arg(&path)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let out = String::from_utf8(out).unwrap();
    assert!(out.contains("overall") && out.contains("PER"), "{out}");
}

#[test]
fn tag_follows_web_conventions_on_request() {
    // The web conventions `eval ner` uses for files without MISC, so that a tagged file
    // scored by an outside script gives the same figures.
    let out = tag_gold(&["--domain", "web"]);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), GOLD.lines().count());
    assert!(lines[12].ends_with(" B-LOC"), "{out}");
    Command::cargo_bin("newsgraph")
        .unwrap()
        .args(["tag", "--input-format", "conll", "--domain", "tweets", "-"])
        .write_stdin(GOLD)
        .assert()
        .failure();
}
