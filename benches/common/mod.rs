//! The BBC News articles every bench and `*_speed` example reads:
//! `../shared/data/news/bbc-news.jsonl`, or the file named by `NEWSGRAPH_BENCH_CORPUS`; the bundled sample article when neither can be read.
#![allow(dead_code)] // Each bench uses only some of these.

use newsgraph::ingest::Cleaner;
use newsgraph::ingest::source::{self, Input};
use newsgraph::text::Segmenter;
use newsgraph::{Document, SAMPLE_ARTICLE};

/// The corpus the benches read: the file `NEWSGRAPH_BENCH_CORPUS` names, or the BBC News file.
pub fn corpus_path() -> String {
    std::env::var("NEWSGRAPH_BENCH_CORPUS")
        .unwrap_or_else(|_| "../shared/data/news/bbc-news.jsonl".into())
}

/// The first `take` articles of the corpus at `path` as read, before any stage; the sample
/// article when none can be read.
pub fn read_articles(path: &str, take: usize) -> Vec<Document> {
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

/// The first `take` articles of the corpus at `path`, cleaned and split into sentences and
/// tokens, ready to tag.
pub fn read_documents(path: &str, take: usize) -> Vec<Document> {
    let mut docs = read_articles(path, take);
    for d in &mut docs {
        Cleaner.clean(d);
        Segmenter.segment(d);
    }
    docs
}

/// The first `take` articles as read, before any stage.
pub fn bbc_articles(take: usize) -> Vec<Document> {
    read_articles(&corpus_path(), take)
}

/// The first `take` articles cleaned and split into sentences and tokens, ready to tag.
pub fn bbc_documents(take: usize) -> Vec<Document> {
    read_documents(&corpus_path(), take)
}

/// CPU time of this thread so far, from `/proc/thread-self/schedstat` (Linux; zero elsewhere):
/// on a shared machine it varies much less with load than wall-clock time.
pub fn thread_cpu() -> std::time::Duration {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse().ok())
        .map_or(std::time::Duration::ZERO, std::time::Duration::from_nanos)
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
