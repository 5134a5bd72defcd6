//! Prints every token of 500 BBC News articles as word, XPOS, UPOS and lemma, one a line:
//! a check that a speed change leaves the tagger's output byte for byte the same.
//!
//! Run: `cargo run --release --example dump_tags [corpus.jsonl] > tags.tsv`.
#![allow(clippy::print_stdout)]

use newsgraph::tag::pos::PosTagger;
use newsgraph::text::Segmenter;
use std::fmt::Write as _;

fn main() {
    let path = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "../shared/data/news/bbc-news.jsonl".into());
    let input = newsgraph::ingest::source::Input::File(path.into());
    let tagger = PosTagger::embedded();
    let mut out = String::new();
    for line in newsgraph::ingest::source::read(&input)
        .filter_map(Result::ok)
        .take(500)
    {
        let mut doc = line.document;
        Segmenter.segment(&mut doc);
        tagger.tag(&mut doc);
        for t in &doc.tokens {
            let _ = writeln!(
                out,
                "{}\t{}\t{}\t{}",
                doc.slice(t.span),
                t.xpos.as_str(),
                t.upos.as_str(),
                t.lemma
            );
        }
    }
    print!("{out}");
}
