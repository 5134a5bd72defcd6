//! Parses 500 BBC News articles, tagged once beforehand by the embedded POS tagger, `rounds`
//! times and prints tokens per second of wall-clock and of CPU time (the second depends less
//! on how busy a shared machine is), with a checksum of the heads and labels so that two
//! builds or models can be seen to agree. A small target for profilers: `perf record`, or
//! `valgrind --tool=cachegrind --cache-sim=yes --branch-sim=yes`, whose instruction,
//! cache-miss and mispredict counts do not depend on how loaded the machine is (run with 0
//! and 1 rounds and subtract to leave out loading and tagging).
//!
//! Run: `cargo run --release --example parse_speed [rounds] [model.bin|-] [beam] [margin]`
//! (the embedded model when no file or `-` is given, at the model's own beam width unless
//! `beam` names one, dropping hypotheses that trail the best by more than `margin` when
//! given; `NEWSGRAPH_BENCH_CORPUS` names another corpus, as for the benches).
#![allow(clippy::print_stdout)]

#[path = "../benches/common/mod.rs"]
mod common;

use newsgraph::parse::Parser;
use newsgraph::tag::pos::PosTagger;
use std::time::Instant;

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let rounds: usize = args.next().and_then(|r| r.parse().ok()).unwrap_or(5);
    let mut parser = match args.next().filter(|p| p != "-") {
        Some(path) => Parser::read(std::io::BufReader::new(std::fs::File::open(path)?))?,
        None => Parser::embedded().clone(),
    };
    if let Some(k) = args.next().and_then(|k| k.parse().ok()) {
        parser.set_beam(k);
    }
    parser.set_margin(args.next().and_then(|m| m.parse().ok()));
    let mut docs = common::bbc_documents(500);
    let tagger = PosTagger::embedded();
    for d in &mut docs {
        tagger.tag(d);
    }
    let tokens: usize = docs.iter().map(|d| d.tokens.len()).sum();
    let started = Instant::now();
    let cpu0 = common::thread_cpu();
    for _ in 0..rounds {
        for d in &mut docs {
            parser.parse(d);
        }
    }
    let secs = started.elapsed().as_secs_f64();
    let cpu = common::thread_cpu().saturating_sub(cpu0).as_secs_f64();
    // FNV-1a over every token's head and label, to compare outputs.
    let mut sum = 0xcbf2_9ce4_8422_2325u64;
    for t in docs.iter().flat_map(|d| &d.tokens) {
        let (head, label) = t
            .dep
            .map_or((u32::MAX, ""), |d| (d.head.unwrap_or(u32::MAX), d.label));
        for b in head.to_le_bytes().iter().chain(label.as_bytes()) {
            sum = (sum ^ u64::from(*b)).wrapping_mul(0x100_0000_01b3);
        }
    }
    println!(
        "beam {}: {tokens} tokens x {rounds}: {:.0} tokens/s wall clock, {:.0} tokens/s of CPU time; \
         output checksum {sum:016x}",
        parser.beam(),
        (tokens * rounds) as f64 / secs,
        (tokens * rounds) as f64 / cpu,
    );
    Ok(())
}
