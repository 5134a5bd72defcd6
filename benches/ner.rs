//! Throughput of the entity tagger alone over BBC News text.
//!
//! Run: `cargo bench --bench ner` (reads `../shared/data/news/bbc-news.jsonl`, or the file
//! named by `NEWSGRAPH_BENCH_CORPUS`; falls back to inline text). Words are split on spaces
//! with punctuation apart, which is close enough to PTB tokens for timing.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use newsgraph::ner::model::{EntityTagger, Label};

const FALLBACK: &str = "U.S. Attorney General Jeff Sessions met the Russian ambassador in \
Moscow . The White House said on Tuesday that President Donald Trump would visit Dearborn , \
Michigan , next week . FBI Director James Comey was fired by the president .";

fn sentences() -> Vec<Vec<String>> {
    let path = std::env::var("NEWSGRAPH_BENCH_CORPUS")
        .unwrap_or_else(|_| "../shared/data/news/bbc-news.jsonl".into());
    let mut text = String::new();
    if let Ok(file) = std::fs::read_to_string(&path) {
        for line in file.lines().take(500) {
            if let Ok(v) = serde_json::from_str::<serde_json::Value>(line) {
                if let Some(t) = v.get("text").and_then(|t| t.as_str()) {
                    text.push_str(t);
                    text.push('\n');
                }
            }
        }
    }
    if text.is_empty() {
        text = FALLBACK.repeat(50);
    }
    let mut out = Vec::new();
    let mut sentence = Vec::new();
    for chunk in text.split_whitespace() {
        let body = chunk.trim_end_matches(|c: char| ".,;:!?\"')".contains(c));
        if !body.is_empty() {
            sentence.push(body.to_string());
        }
        for c in chunk[body.len()..].chars() {
            sentence.push(c.to_string());
            if matches!(c, '.' | '!' | '?') {
                out.push(std::mem::take(&mut sentence));
            }
        }
    }
    if !sentence.is_empty() {
        out.push(sentence);
    }
    out
}

fn ner(c: &mut Criterion) {
    let sentences = sentences();
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
