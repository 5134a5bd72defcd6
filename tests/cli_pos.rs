//! Command-line tests of `tag --input-format conllu` and `eval pos` with the embedded model.

use assert_cmd::Command;
use predicates::prelude::*;

const INPUT: &str = "# newdoc id = t\n# text = Spicer didn't resign.\n\
1\tSpicer\tSpicer\t_\t_\t_\t3\tnsubj\t3:nsubj\t_\n\
2-3\tdidn't\t_\t_\t_\t_\t_\t_\t_\t_\n\
2\tdid\tdo\t_\t_\t_\t4\taux\t4:aux\t_\n\
3\tn't\tnot\t_\t_\t_\t4\tadvmod\t4:advmod\t_\n\
3.1\tx\tx\t_\t_\t_\t_\t_\t0:root\t_\n\
4\tresign\tresign\t_\t_\t_\t0\troot\t0:root\tSpaceAfter=No\n\
5\t.\t.\t_\t_\t_\t4\tpunct\t4:punct\t_\n\n";

const TAGGED: &str = "# newdoc id = t\n# text = Spicer didn't resign.\n\
1\tSpicer\tSpicer\tPROPN\tNNP\t_\t3\tnsubj\t3:nsubj\t_\n\
2-3\tdidn't\t_\t_\t_\t_\t_\t_\t_\t_\n\
2\tdid\tdo\tAUX\tVBD\t_\t4\taux\t4:aux\t_\n\
3\tn't\tnot\tPART\tRB\t_\t4\tadvmod\t4:advmod\t_\n\
3.1\tx\tx\t_\t_\t_\t_\t_\t0:root\t_\n\
4\tresign\tresign\tVERB\tVB\t_\t0\troot\t0:root\tSpaceAfter=No\n\
5\t.\t.\tPUNCT\t.\t_\t4\tpunct\t4:punct\t_\n\n";

fn newsgraph() -> Command {
    Command::cargo_bin("newsgraph").unwrap()
}

#[test]
fn tag_conllu_fills_tags_and_passes_the_rest_through() {
    newsgraph()
        .args(["tag", "--input-format", "conllu", "-"])
        .write_stdin(INPUT)
        .assert()
        .success()
        .stdout(TAGGED);
}

#[test]
fn tag_conllu_reads_files() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("in.conllu");
    std::fs::write(&path, INPUT.repeat(2)).unwrap();
    newsgraph()
        .args(["tag", "--input-format", "conllu"])
        .arg(&path)
        .assert()
        .success()
        .stdout(TAGGED.repeat(2));
}

#[test]
fn tag_conllu_reports_bad_lines() {
    newsgraph()
        .args(["tag", "--input-format", "conllu", "-"])
        .write_stdin("1\ttoo\tfew\n")
        .assert()
        .failure()
        .stderr(predicate::str::contains("<stdin>:1:"));
}

#[test]
fn eval_pos_prints_accuracies() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("gold.conllu");
    std::fs::write(&path, TAGGED).unwrap();
    newsgraph()
        .args(["eval", "pos"])
        .arg(&path)
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "UPOS 100.00% (5/5), XPOS 100.00% (5/5), lemma 100.00% (5/5",
        ));
}
