//! The `tagging` bench as a plain program: tags and lemmatises 300 BBC News articles, then
//! finds their entities, `rounds` times, and prints tokens per second of wall-clock time and
//! of this thread's CPU time. On the shared machine the second varies much less with load:
//! compare two builds with it, alternating runs.
//!
//! Run: `cargo run --release --example tagging_speed [corpus.jsonl] [rounds] [articles]`.
#![allow(clippy::print_stdout)]

#[path = "../benches/common/mod.rs"]
mod common;

use newsgraph::ner::Recognizer;
use newsgraph::ner::model::EntityTagger;
use newsgraph::tag::pos::PosTagger;
use std::time::{Duration, Instant};

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args.next().unwrap_or_else(common::corpus_path);
    let rounds: usize = args.next().and_then(|r| r.parse().ok()).unwrap_or(10);
    let take: usize = args.next().and_then(|r| r.parse().ok()).unwrap_or(300);
    let docs = common::read_documents(&path, take);
    let tokens: usize = docs.iter().map(|d| d.tokens.len()).sum();
    let (tagger, entities) = (PosTagger::embedded(), EntityTagger::embedded());
    let (mut wall, mut cpu) = (Duration::ZERO, Duration::ZERO);
    for _ in 0..rounds {
        // As the bench does: fresh copies, whose cloning is not timed.
        let mut copy = docs.clone();
        let (started, cpu0) = (Instant::now(), common::thread_cpu());
        for d in &mut copy {
            tagger.tag(d);
            Recognizer.recognize_with_model(d, entities);
        }
        wall += started.elapsed();
        cpu += common::thread_cpu().saturating_sub(cpu0);
    }
    let per = |d: Duration| (tokens * rounds) as f64 / d.as_secs_f64().max(1e-9);
    println!(
        "{tokens} tokens x {rounds}: {:.0} tokens/s wall clock, {:.0} tokens/s of CPU time",
        per(wall),
        per(cpu)
    );
}
