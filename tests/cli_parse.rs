//! Command-line tests of `tag --input-format conllu --parse` and `eval parser` with the
//! embedded models.

use assert_cmd::Command;
use predicates::prelude::*;

/// Untagged input with a wrong head on `Spicer` (3 instead of 4).
const INPUT: &str = "# text = Spicer didn't resign.\n\
1\tSpicer\tSpicer\t_\t_\t_\t3\tdep\t3:nsubj\t_\n\
2-3\tdidn't\t_\t_\t_\t_\t_\t_\t_\t_\n\
2\tdid\tdo\t_\t_\t_\t_\t_\t4:aux\t_\n\
3\tn't\tnot\t_\t_\t_\t_\t_\t4:advmod\t_\n\
4\tresign\tresign\t_\t_\t_\t_\t_\t0:root\tSpaceAfter=No\n\
5\t.\t.\t_\t_\t_\t_\t_\t4:punct\t_\n\n";

const PARSED: &str = "# text = Spicer didn't resign.\n\
1\tSpicer\tSpicer\tPROPN\tNNP\t_\t4\tnsubj\t3:nsubj\t_\n\
2-3\tdidn't\t_\t_\t_\t_\t_\t_\t_\t_\n\
2\tdid\tdo\tAUX\tVBD\t_\t4\taux\t4:aux\t_\n\
3\tn't\tnot\tPART\tRB\t_\t4\tadvmod\t4:advmod\t_\n\
4\tresign\tresign\tVERB\tVB\t_\t0\troot\t0:root\tSpaceAfter=No\n\
5\t.\t.\tPUNCT\t.\t_\t4\tpunct\t4:punct\t_\n\n";

fn newsgraph() -> Command {
    Command::cargo_bin("newsgraph").unwrap()
}

#[test]
fn tag_parse_fills_tags_and_tree_and_passes_the_rest_through() {
    newsgraph()
        .args(["tag", "--input-format", "conllu", "--parse", "-"])
        .write_stdin(INPUT)
        .assert()
        .success()
        .stdout(PARSED);
}

#[test]
fn eval_parser_prints_attachment_scores() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("gold.conllu");
    std::fs::write(&path, PARSED).unwrap();
    for name in ["parser", "parse"] {
        newsgraph()
            .args(["eval", name])
            .arg(&path)
            .assert()
            .success()
            .stdout(predicate::str::contains(
                "predicted tags: UAS 1.0000 LAS 1.0000 (universal labels 1.0000) over 5 words",
            ))
            .stdout(predicate::str::contains("gold tags: UAS 1.0000"));
    }
}
