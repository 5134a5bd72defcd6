//! Throughput of the entity tagger alone over BBC News text.
//!
//! Run: `cargo bench --bench ner` (reads `../shared/data/news/bbc-news.jsonl`, or the file
//! named by `NEWSGRAPH_BENCH_CORPUS`; falls back to the bundled sample article), tokenised by the
//! crate's own segmenter outside the timed loop.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use newsgraph::ner::model::{EntityTagger, Label};

mod common;

fn ner(c: &mut Criterion) {
    let sentences = common::bbc_sentences(500);
    let words: Vec<Vec<&str>> = sentences
        .iter()
        .map(|s| s.iter().map(String::as_str).collect())
        .collect();
    let tokens: usize = words.iter().map(Vec::len).sum();
    let tagger = EntityTagger::embedded();
    let mut group = c.benchmark_group("ner");
    group.throughput(Throughput::Elements(tokens as u64));
    group.sample_size(10);
    group.bench_function("tag-sentences", |b| {
        let mut out: Vec<Label> = Vec::new();
        b.iter(|| {
            for s in &words {
                tagger.tag(s, &mut out);
                std::hint::black_box(&out);
            }
        })
    });
    group.bench_function("load-model", |b| {
        let bytes = std::fs::read("models/ner.bin").unwrap_or_default();
        b.iter(|| std::hint::black_box(EntityTagger::read(&bytes[..]).ok()))
    });
    group.finish();
}

criterion_group!(benches, ner);
criterion_main!(benches);
