//! Prints every token of 500 BBC News articles as word, XPOS, UPOS and lemma, one a line:
//! a check that a speed change leaves the tagger's output byte for byte the same. With
//! `entities` after the corpus it tags the articles as the `tagging` bench does (cleaned,
//! segmented, tagged, then entities), prints the tokens as the entity stage leaves them and
//! each entity mention (token range, kind, text) after its article.
//!
//! A third argument reads that many articles instead of 500 (`dump_tags CORPUS entities 3000`
//! for all of the BBC file).
//!
//! Run: `cargo run --release --example dump_tags [corpus.jsonl] [entities] [articles] > tags.tsv`.
#![allow(clippy::print_stdout)]

use newsgraph::ingest::Cleaner;
use newsgraph::ner::Recognizer;
use newsgraph::ner::model::EntityTagger;
use newsgraph::tag::pos::PosTagger;
use newsgraph::text::Segmenter;
use std::fmt::Write as _;

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args
        .next()
        .unwrap_or_else(|| "../shared/data/news/bbc-news.jsonl".into());
    let entities = args.next().as_deref() == Some("entities");
    let take: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(500);
    let input = newsgraph::ingest::source::Input::File(path.into());
    let tagger = PosTagger::embedded();
    let mut out = String::new();
    for line in newsgraph::ingest::source::read(&input)
        .filter_map(Result::ok)
        .take(take)
    {
        let mut doc = line.document;
        if entities {
            Cleaner.clean(&mut doc);
        }
        Segmenter.segment(&mut doc);
        tagger.tag(&mut doc);
        if entities {
            Recognizer.recognize_with_model(&mut doc, EntityTagger::embedded());
        }
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
        for m in &doc.mentions {
            let _ = writeln!(out, "= {:?}\t{:?}\t{}", m.tokens, m.kind, doc.slice(m.span));
        }
    }
    print!("{out}");
}
