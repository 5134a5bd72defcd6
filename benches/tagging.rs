//! Throughput of tagging plus entity recognition, the two trained stages, over BBC News
//! articles: `PosTagger::tag` (tags and lemmas) then `Recognizer::recognize_with_model`
//! (entity tagger and its conventions), on documents already split into sentences and tokens.
//! With `--parse`-like settings the parser bench is `parser`; the whole pipeline is `pipeline`.
//!
//! Run: `cargo bench --bench tagging` (reads `../shared/data/news/bbc-news.jsonl`, or the
//! file named by `NEWSGRAPH_BENCH_CORPUS`; falls back to the bundled sample article).

use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use newsgraph::Document;
use newsgraph::ner::Recognizer;
use newsgraph::ner::model::EntityTagger;
use newsgraph::tag::pos::PosTagger;
use newsgraph::text::Segmenter;

fn corpus() -> Vec<Document> {
    let path = std::env::var("NEWSGRAPH_BENCH_CORPUS")
        .unwrap_or_else(|_| "../shared/data/news/bbc-news.jsonl".into());
    let input = newsgraph::ingest::source::Input::File(path.into());
    let mut docs: Vec<Document> = newsgraph::ingest::source::read(&input)
        .filter_map(Result::ok)
        .map(|l| l.document)
        .take(300)
        .collect();
    if docs.is_empty() {
        docs.push(Document::new("sample", newsgraph::SAMPLE_ARTICLE));
    }
    for d in &mut docs {
        newsgraph::ingest::Cleaner.clean(d);
        Segmenter.segment(d);
    }
    docs
}

fn tagging(c: &mut Criterion) {
    let docs = corpus();
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
