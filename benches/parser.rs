//! Throughput of POS tagging plus dependency parsing over BBC News sentences.
//!
//! Run: `cargo bench --bench parser` (reads the first 100 articles of
//! `../shared/data/news/bbc-news.jsonl`, or the file
//! named by `NEWSGRAPH_BENCH_CORPUS`; falls back to the bundled sample article). Sentences and
//! tokens come from the crate's segmenter outside the timed loop, so that the figure measures
//! the tagger and parser only. The first two figures use the model's own beam width; the
//! others the same model at the other widths of 1, 4 and 8. `NEWSGRAPH_BENCH_PARSER=FILE`
//! benches a model file instead of the embedded model (to compare models back to back).
//! Flat sampling (ten runs each) keeps the wide beams' runs short.

use criterion::{Criterion, SamplingMode, Throughput, criterion_group, criterion_main};
use newsgraph::parse::Parser;
use newsgraph::tag::pos::PosTagger;
use std::hint::black_box;

mod common;

fn parser(c: &mut Criterion) {
    let sents = common::bbc_sentences(100);
    let tokens: usize = sents.iter().map(Vec::len).sum();
    let tagger = PosTagger::embedded();
    let parser = match std::env::var("NEWSGRAPH_BENCH_PARSER") {
        Ok(path) => Parser::read(std::io::BufReader::new(
            std::fs::File::open(&path).expect("NEWSGRAPH_BENCH_PARSER names a model file"),
        ))
        .expect("a parser model"),
        Err(_) => Parser::embedded().clone(),
    };
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
    group.sampling_mode(SamplingMode::Flat);
    let own = parser.beam();
    // The model's own width first, then the others.
    for k in std::iter::once(own).chain([1, 4, 8].into_iter().filter(|&k| k != own)) {
        let mut p = parser.clone();
        p.set_beam(k);
        let name = if k == own {
            format!("tag+parse bbc-100-articles (beam {k})")
        } else {
            format!("tag+parse bbc-100-articles beam {k}")
        };
        group.bench_function(name, |b| {
            let mut tags = Vec::new();
            let mut deps = Vec::new();
            b.iter(|| {
                for w in &words {
                    tagger.tag_words(w, &mut tags);
                    p.parse_sentence(w, &tags, &mut deps);
                    black_box(&deps);
                }
            });
        });
        if k == own {
            group.bench_function(format!("parse bbc-100-articles (beam {own})"), |b| {
                let mut deps = Vec::new();
                b.iter(|| {
                    for (w, t) in words.iter().zip(&tagged) {
                        p.parse_sentence(w, t, &mut deps);
                        black_box(&deps);
                    }
                });
            });
        }
    }
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
