//! Parses 500 BBC News articles, tagged once beforehand by the embedded POS tagger, `rounds`
//! times and prints tokens per second of wall-clock and of CPU time (the second depends less
//! on how busy a shared machine is), with a checksum of the heads and labels so that two
//! builds or models can be seen to agree. A small target for profilers: `perf record`, or
//! `valgrind --tool=cachegrind --cache-sim=yes --branch-sim=yes`, whose instruction,
//! cache-miss and mispredict counts do not depend on how loaded the machine is (run with 0
//! and 1 rounds and subtract to leave out loading and tagging).
//!
//! Run: `cargo run --release --example parse_speed [rounds] [model.bin]` (the embedded model
//! when no file is given; `NEWSGRAPH_BENCH_CORPUS` names another corpus, as for the benches).
#![allow(clippy::print_stdout)]

use newsgraph::Document;
use newsgraph::parse::Parser;
use newsgraph::tag::pos::PosTagger;
use newsgraph::text::Segmenter;
use std::time::Instant;

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let rounds: usize = args.next().and_then(|r| r.parse().ok()).unwrap_or(5);
    let file;
    let parser = match args.next() {
        Some(path) => {
            file = Parser::read(std::io::BufReader::new(std::fs::File::open(path)?))?;
            &file
        }
        None => Parser::embedded(),
    };
    let path = std::env::var("NEWSGRAPH_BENCH_CORPUS")
        .unwrap_or_else(|_| "../shared/data/news/bbc-news.jsonl".into());
    let input = newsgraph::ingest::source::Input::File(path.into());
    let mut docs: Vec<Document> = newsgraph::ingest::source::read(&input)
        .filter_map(Result::ok)
        .map(|l| l.document)
        .take(500)
        .collect();
    let tagger = PosTagger::embedded();
    for d in &mut docs {
        newsgraph::ingest::Cleaner.clean(d);
        Segmenter.segment(d);
        tagger.tag(d);
    }
    let tokens: usize = docs.iter().map(|d| d.tokens.len()).sum();
    let started = Instant::now();
    let cpu0 = cpu_seconds();
    for _ in 0..rounds {
        for d in &mut docs {
            parser.parse(d);
        }
    }
    let secs = started.elapsed().as_secs_f64();
    let cpu = cpu_seconds() - cpu0;
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
        "{tokens} tokens x {rounds}: {:.0} tokens/s wall clock, {:.0} tokens/s of CPU time; \
         output checksum {sum:016x}",
        (tokens * rounds) as f64 / secs,
        (tokens * rounds) as f64 / cpu,
    );
    Ok(())
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
