//! Throughput of POS tagging plus dependency parsing over BBC News sentences.
//!
//! Run: `cargo bench --bench parser` (reads the first 500 articles of
//! `../shared/data/news/bbc-news.jsonl`, or the file
//! named by `NEWSGRAPH_BENCH_CORPUS`; falls back to the bundled sample article). Sentences and
//! tokens come from a simple whitespace-and-punctuation splitter here, so that the figure
//! measures the tagger and parser only.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use newsgraph::parse::Parser;
use newsgraph::tag::pos::PosTagger;
use std::hint::black_box;

/// Splits text into sentences of tokens: words, with leading and trailing punctuation and
/// the clitics `'s` / `n't` split off; a sentence ends after `.`, `!` or `?`.
fn sentences(text: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let mut cur: Vec<String> = Vec::new();
    for raw in text.split_whitespace() {
        let mut word = raw;
        let mut lead = Vec::new();
        while let Some(c) = word.chars().next().filter(|c| "\"'([".contains(*c)) {
            lead.push(c.to_string());
            word = &word[c.len_utf8()..];
        }
        let mut trail = Vec::new();
        while let Some(c) = word.chars().last().filter(|c| ".,;:!?\"')]".contains(*c)) {
            trail.push(c.to_string());
            word = &word[..word.len() - c.len_utf8()];
        }
        cur.extend(lead);
        if !word.is_empty() {
            let lower = word.to_ascii_lowercase();
            if lower.ends_with("n't") && word.len() > 3 {
                cur.push(word[..word.len() - 3].to_owned());
                cur.push(word[word.len() - 3..].to_owned());
            } else if lower.ends_with("'s") && word.len() > 2 {
                cur.push(word[..word.len() - 2].to_owned());
                cur.push(word[word.len() - 2..].to_owned());
            } else {
                cur.push(word.to_owned());
            }
        }
        let ends = trail.iter().any(|t| matches!(t.as_str(), "." | "!" | "?"));
        cur.extend(trail.into_iter().rev());
        if ends {
            out.push(std::mem::take(&mut cur));
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

fn corpus() -> Vec<Vec<String>> {
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
        text = newsgraph::SAMPLE_ARTICLE.to_owned();
    }
    sentences(&text)
}

fn parser(c: &mut Criterion) {
    let sents = corpus();
    let tokens: usize = sents.iter().map(Vec::len).sum();
    let tagger = PosTagger::embedded();
    let parser = Parser::embedded();
    let words: Vec<Vec<&str>> = sents
        .iter()
        .map(|s| s.iter().map(String::as_str).collect())
        .collect();
    let mut tags = Vec::new();
    let tagged: Vec<_> = words
        .iter()
        .map(|w| {
            tagger.tag_words(w, &mut tags);
            tags.clone()
        })
        .collect();
    let mut group = c.benchmark_group("parser");
    group.throughput(Throughput::Elements(tokens as u64));
    group.sample_size(10);
    group.bench_function("tag+parse bbc-500-articles", |b| {
        let mut tags = Vec::new();
        let mut deps = Vec::new();
        b.iter(|| {
            for w in &words {
                tagger.tag_words(w, &mut tags);
                parser.parse_sentence(w, &tags, &mut deps);
                black_box(&deps);
            }
        });
    });
    group.bench_function("parse bbc-500-articles", |b| {
        let mut deps = Vec::new();
        b.iter(|| {
            for (w, t) in words.iter().zip(&tagged) {
                parser.parse_sentence(w, t, &mut deps);
                black_box(&deps);
            }
        });
    });
    group.finish();
    let mut group = c.benchmark_group("parser-load");
    group.sample_size(10);
    group.bench_function("read-model", |b| {
        let bytes = std::fs::read("models/parser.bin").unwrap_or_default();
        b.iter(|| black_box(Parser::read(&bytes[..]).ok()))
    });
    group.finish();
}

criterion_group!(benches, parser);
criterion_main!(benches);
