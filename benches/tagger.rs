//! Throughput of the POS tagger alone, in tokens per second.
//!
//! Run: `cargo bench --bench tagger`. Two inputs:
//! - `bbc`: 500 BBC News articles (`../shared/data/news/bbc-news.jsonl`, or the file named by
//!   `NEWSGRAPH_BENCH_CORPUS`) split by the crate's own segmenter, tagged and lemmatised
//!   through `tag(&mut doc)`, and the same words through `tag_words`;
//! - `ewt-dev`: the words of `../shared/data/ud-english-ewt/en_ewt-ud-dev.conllu` (or the
//!   CoNLL-U file named by `NEWSGRAPH_BENCH_CONLLU`) through `tag_words`.
//!
//! Both fall back to a short inline text when the data is absent.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use newsgraph::format::conllu;
use newsgraph::tag::pos::PosTagger;
use std::hint::black_box;

mod common;

const FALLBACK: &str = "The White House defended the tweets on Tuesday . \
Sessions did n't resign , a spokesman said . \
NPR 's Carrie Johnson reported that the FBI Director James Comey was fired .";

fn ewt_sentences() -> Vec<Vec<String>> {
    let path = std::env::var("NEWSGRAPH_BENCH_CONLLU")
        .unwrap_or_else(|_| "../shared/data/ud-english-ewt/en_ewt-ud-dev.conllu".into());
    match conllu::read_file(std::path::Path::new(&path)) {
        Ok(s) if !s.is_empty() => s
            .iter()
            .map(|s| s.words().map(|r| r.form().to_owned()).collect())
            .collect(),
        _ => FALLBACK
            .split(" . ")
            .map(|s| s.split(' ').map(str::to_owned).collect())
            .collect(),
    }
}

fn bench_words(c: &mut Criterion, name: &str, sentences: &[Vec<String>]) {
    let words: Vec<Vec<&str>> = sentences
        .iter()
        .map(|s| s.iter().map(String::as_str).collect())
        .collect();
    let tokens: usize = words.iter().map(Vec::len).sum();
    let tagger = PosTagger::embedded();
    let mut group = c.benchmark_group(format!("pos/{name}"));
    group.throughput(Throughput::Elements(tokens as u64));
    group.sample_size(20);
    group.bench_function("tag_words", |b| {
        let mut out = Vec::new();
        b.iter(|| {
            for s in &words {
                tagger.tag_words(black_box(s), &mut out);
                black_box(&out);
            }
        })
    });
    group.finish();
}

fn tagger(c: &mut Criterion) {
    let tagger = PosTagger::embedded();
    let mut docs = common::bbc_documents(500);
    let tokens: usize = docs.iter().map(|d| d.tokens.len()).sum();
    let mut group = c.benchmark_group("pos/bbc");
    group.throughput(Throughput::Elements(tokens as u64));
    group.sample_size(20);
    group.bench_function("tag_document", |b| {
        b.iter(|| {
            for d in &mut docs {
                tagger.tag(black_box(d));
            }
        })
    });
    group.finish();
    let bbc_words: Vec<Vec<String>> = docs
        .iter()
        .flat_map(|d| {
            d.sentences.iter().map(|s| {
                d.tokens[s.tokens.clone()]
                    .iter()
                    .map(|t| d.slice(t.span).to_owned())
                    .collect()
            })
        })
        .collect();
    bench_words(c, "bbc", &bbc_words);
    bench_words(c, "ewt-dev", &ewt_sentences());
    c.bench_function("pos/load_model", |b| {
        let bytes = std::fs::read("models/pos.bin").unwrap_or_default();
        b.iter(|| PosTagger::read(black_box(&bytes[..])).map(|t| t.sizes()))
    });
}

criterion_group!(benches, tagger);
criterion_main!(benches);
