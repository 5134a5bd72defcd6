//! Compares the entities found by the trained models and by the word-list rules, document by
//! document (development aid for reviewing a change of tagger or recogniser).
//!
//! Run: `cargo run --release --example compare_engines -- FILE.jsonl`
#![allow(clippy::print_stdout)]
use newsgraph::document::EntityKind;
use newsgraph::{Document, Engine, Pipeline};
use std::collections::BTreeSet;

fn entities(pipeline: &Pipeline, id: &str, text: &str) -> BTreeSet<(String, &'static str)> {
    let mut doc = Document::new(id, text);
    pipeline.process(&mut doc);
    doc.entities
        .iter()
        .filter(|e| e.kind != EntityKind::Concept)
        .map(|e| (e.name.clone(), e.kind.as_str()))
        .collect()
}

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        println!("usage: compare_engines FILE.jsonl");
        return;
    };
    let Ok(file) = std::fs::read_to_string(&path) else {
        println!("cannot read {path}");
        return;
    };
    let models = Pipeline::with_engine(Engine::Models);
    let rules = Pipeline::with_engine(Engine::Rules);
    let (mut gained, mut lost, mut kept, mut retyped) = (0, 0, 0, 0);
    for (n, line) in file.lines().enumerate() {
        let Ok(v) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        let text = v["text"].as_str().unwrap_or("");
        let id = v["id"]
            .as_str()
            .map_or_else(|| format!("line-{}", n + 1), str::to_owned);
        let m = entities(&models, &id, text);
        let r = entities(&rules, &id, text);
        let names = |s: &BTreeSet<(String, &str)>| -> BTreeSet<String> {
            s.iter().map(|(n, _)| n.clone()).collect()
        };
        let (mn, rn) = (names(&m), names(&r));
        let only_m: Vec<_> = m.iter().filter(|(n, _)| !rn.contains(n)).collect();
        let only_r: Vec<_> = r.iter().filter(|(n, _)| !mn.contains(n)).collect();
        let changed: Vec<_> = m
            .iter()
            .filter(|(n, k)| rn.contains(n) && !r.contains(&(n.clone(), k)))
            .collect();
        gained += only_m.len();
        lost += only_r.len();
        retyped += changed.len();
        kept += m.len() - only_m.len() - changed.len();
        let show = |v: &[&(String, &str)]| {
            v.iter()
                .map(|(n, k)| format!("{n}/{k}"))
                .collect::<Vec<_>>()
                .join("; ")
        };
        println!("== {id}");
        println!("  gained: {}", show(&only_m));
        println!("  lost:   {}", show(&only_r));
        println!("  retyped (now): {}", show(&changed));
    }
    println!("total: kept {kept}, retyped {retyped}, gained {gained}, lost {lost}");
}
