//! Throughput of the whole pipeline over BBC News articles.
//!
//! Run: `cargo bench --bench pipeline` (reads `../shared/data/news/bbc-news.jsonl`, or the
//! file named by `NEWSGRAPH_BENCH_CORPUS`; falls back to the bundled sample article).

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use newsgraph::Pipeline;

mod common;

fn pipeline(c: &mut Criterion) {
    let docs = common::bbc_articles(200);
    let pipeline = Pipeline::new();
    let words: usize = docs
        .iter()
        .map(|d| {
            let mut d = d.clone();
            pipeline.process(&mut d);
            d.word_count()
        })
        .sum();
    let mut group = c.benchmark_group("pipeline");
    group.throughput(Throughput::Elements(words as u64));
    group.sample_size(10);
    group.bench_function("bbc-200-articles", |b| {
        b.iter(|| {
            for d in &docs {
                let mut d = d.clone();
                pipeline.process(&mut d);
                std::hint::black_box(&d);
            }
        })
    });
    group.finish();
}

criterion_group!(benches, pipeline);
criterion_main!(benches);
