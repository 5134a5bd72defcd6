//! Throughput of tagging plus entity recognition, the two trained stages, over BBC News
//! articles: `PosTagger::tag` (tags and lemmas) then `Recognizer::recognize_with_model`
//! (entity tagger and its conventions), on documents already split into sentences and tokens.
//! The parser has its own bench (`parser`), and so does the whole pipeline (`pipeline`).
//!
//! Run: `cargo bench --bench tagging` (reads `../shared/data/news/bbc-news.jsonl`, or the
//! file named by `NEWSGRAPH_BENCH_CORPUS`; falls back to the bundled sample article).

use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use newsgraph::ner::Recognizer;
use newsgraph::ner::model::EntityTagger;
use newsgraph::tag::pos::PosTagger;

mod common;

fn tagging(c: &mut Criterion) {
    let docs = common::bbc_documents(300);
    let tokens: usize = docs.iter().map(|d| d.tokens.len()).sum();
    let (tagger, entities) = (PosTagger::embedded(), EntityTagger::embedded());
    let mut group = c.benchmark_group("tagging");
    group.throughput(Throughput::Elements(tokens as u64));
    group.sample_size(20);
    group.bench_function("pos+ner/bbc-300-articles", |b| {
        b.iter_batched(
            || docs.clone(),
            |mut docs| {
                for d in &mut docs {
                    tagger.tag(d);
                    Recognizer.recognize_with_model(d, entities);
                }
                docs
            },
            BatchSize::LargeInput,
        )
    });
    group.finish();
}

criterion_group!(benches, tagging);
criterion_main!(benches);
