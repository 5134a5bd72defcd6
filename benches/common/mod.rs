//! The BBC News articles every bench reads: `../shared/data/news/bbc-news.jsonl`, or the file
//! named by `NEWSGRAPH_BENCH_CORPUS`; the bundled sample article when neither can be read.
#![allow(dead_code)] // Each bench uses only some of these.

use newsgraph::ingest::Cleaner;
use newsgraph::ingest::source::{self, Input};
use newsgraph::text::Segmenter;
use newsgraph::{Document, SAMPLE_ARTICLE};

/// The first `take` articles as read, before any stage.
pub fn bbc_articles(take: usize) -> Vec<Document> {
    let path = std::env::var("NEWSGRAPH_BENCH_CORPUS")
        .unwrap_or_else(|_| "../shared/data/news/bbc-news.jsonl".into());
    let docs: Vec<Document> = source::read(&Input::File(path.into()))
        .filter_map(Result::ok)
        .map(|l| l.document)
        .take(take)
        .collect();
    if docs.is_empty() {
        vec![Document::new("sample", SAMPLE_ARTICLE)]
    } else {
        docs
    }
}

/// The first `take` articles cleaned and split into sentences and tokens, ready to tag.
pub fn bbc_documents(take: usize) -> Vec<Document> {
    let mut docs = bbc_articles(take);
    for d in &mut docs {
        Cleaner.clean(d);
        Segmenter.segment(d);
    }
    docs
}

/// The words of every sentence of the first `take` articles, as the crate tokenises them.
pub fn bbc_sentences(take: usize) -> Vec<Vec<String>> {
    bbc_documents(take)
        .iter()
        .flat_map(|d| {
            d.sentences
                .iter()
                .map(|s| s.tokens.clone().map(|i| d.word(i).to_owned()).collect())
                .collect::<Vec<_>>()
        })
        .collect()
}
