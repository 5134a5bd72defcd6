//! Throughput of the POS tagger alone (`tag_words`), in tokens per second.
//!
//! Run: `cargo bench --bench tagger` (reads the words of
//! `../shared/data/ud-english-ewt/en_ewt-ud-dev.conllu`, or the CoNLL-U file named by
//! `NEWSGRAPH_BENCH_CONLLU`; falls back to a short inline text).

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use newsgraph::format::conllu;
use newsgraph::tag::pos::PosTagger;
use std::hint::black_box;

const FALLBACK: &str = "The White House defended the tweets on Tuesday . \
Sessions did n't resign , a spokesman said . \
NPR 's Carrie Johnson reported that the FBI Director James Comey was fired .";

fn sentences() -> Vec<Vec<String>> {
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

fn tagger(c: &mut Criterion) {
    let sentences = sentences();
    let words: Vec<Vec<&str>> = sentences
        .iter()
        .map(|s| s.iter().map(String::as_str).collect())
        .collect();
    let tokens: usize = words.iter().map(Vec::len).sum();
    let tagger = PosTagger::embedded();
    let mut group = c.benchmark_group("pos");
    group.throughput(Throughput::Elements(tokens as u64));
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
    c.bench_function("pos/load_model", |b| {
        let bytes = std::fs::read("models/pos.bin").unwrap_or_default();
        b.iter(|| PosTagger::read(black_box(&bytes[..])).map(|t| t.sizes()))
    });
}

criterion_group!(benches, tagger);
criterion_main!(benches);
