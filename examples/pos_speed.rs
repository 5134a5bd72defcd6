//! Tags (and lemmatises) 500 BBC News articles with the embedded POS tagger `rounds` times
//! and prints tokens per second of wall-clock and of CPU time; the second depends less on
//! how busy a shared machine is. A small target for profilers (`perf record`, `valgrind`).
//!
//! Run: `cargo run --release --example pos_speed [corpus.jsonl] [rounds]`.
#![allow(clippy::print_stdout)]

use newsgraph::Document;
use newsgraph::tag::pos::PosTagger;
use newsgraph::text::Segmenter;
use std::time::Instant;

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args
        .next()
        .unwrap_or_else(|| "../shared/data/news/bbc-news.jsonl".into());
    let rounds: usize = args.next().and_then(|r| r.parse().ok()).unwrap_or(5);
    let input = newsgraph::ingest::source::Input::File(path.into());
    let mut docs: Vec<Document> = newsgraph::ingest::source::read(&input)
        .filter_map(Result::ok)
        .map(|l| l.document)
        .take(500)
        .collect();
    for d in &mut docs {
        Segmenter.segment(d);
    }
    let tokens: usize = docs.iter().map(|d| d.tokens.len()).sum();
    let started = Instant::now();
    let tagger = PosTagger::embedded();
    let loaded = started.elapsed();
    let started = Instant::now();
    let cpu0 = cpu_seconds();
    for _ in 0..rounds {
        for d in &mut docs {
            tagger.tag(d);
        }
    }
    let secs = started.elapsed().as_secs_f64();
    let cpu = cpu_seconds() - cpu0;
    println!(
        "{tokens} tokens x {rounds}: {:.0} tokens/s wall clock, {:.0} tokens/s of CPU time; \
         model loaded in {:.1} ms",
        (tokens * rounds) as f64 / secs,
        (tokens * rounds) as f64 / cpu,
        loaded.as_secs_f64() * 1e3
    );
}

/// User CPU time of this process so far (Linux; 0 elsewhere), in seconds.
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after = stat.rsplit(')').next().unwrap_or("");
    // Fields after the command name: state is field 3, utime field 14 (in 1/100 s).
    after
        .split_whitespace()
        .nth(11)
        .and_then(|t| t.parse::<f64>().ok())
        .map_or(0.0, |t| t / 100.0)
}
