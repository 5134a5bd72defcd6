//! Tags (and lemmatises) 500 BBC News articles with the embedded POS tagger `rounds` times
//! and prints tokens per second of wall-clock and of CPU time; the second depends less on
//! how busy a shared machine is. A small target for profilers (`perf record`, `valgrind`).
//!
//! Run: `cargo run --release --example pos_speed [corpus.jsonl] [rounds]`.
#![allow(clippy::print_stdout)]

#[path = "../benches/common/mod.rs"]
mod common;

use newsgraph::tag::pos::PosTagger;
use newsgraph::text::Segmenter;
use std::time::Instant;

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args.next().unwrap_or_else(common::corpus_path);
    let rounds: usize = args.next().and_then(|r| r.parse().ok()).unwrap_or(5);
    let mut docs = common::read_articles(&path, 500);
    for d in &mut docs {
        Segmenter.segment(d);
    }
    let tokens: usize = docs.iter().map(|d| d.tokens.len()).sum();
    let started = Instant::now();
    let tagger = PosTagger::embedded();
    let loaded = started.elapsed();
    let started = Instant::now();
    let cpu0 = common::thread_cpu();
    for _ in 0..rounds {
        for d in &mut docs {
            tagger.tag(d);
        }
    }
    let secs = started.elapsed().as_secs_f64();
    let cpu = common::thread_cpu().saturating_sub(cpu0).as_secs_f64();
    println!(
        "{tokens} tokens x {rounds}: {:.0} tokens/s wall clock, {:.0} tokens/s of CPU time; \
         model loaded in {:.1} ms",
        (tokens * rounds) as f64 / secs,
        (tokens * rounds) as f64 / cpu,
        loaded.as_secs_f64() * 1e3
    );
}
