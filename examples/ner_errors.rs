//! Lists the entity errors of a model on a gold file (development aid): one line per gold
//! or predicted chunk that is not matched exactly, then counts by pattern.
//!
//! `cargo run --release --example ner_errors -- GOLD [MODEL]` (the embedded model by
//! default). Files without `MISC` are tagged as web text and their `MISC` predictions
//! dropped, as `newsgraph eval ner` does; `DOMAIN=news|web` forces a domain and `KEEP_MISC=1`
//! keeps `MISC` predictions.
#![allow(clippy::print_stdout)]
use newsgraph::format::conll;
use newsgraph::ner::label::{EntityType, Label, chunks};
use newsgraph::ner::model::{Domain, EntityTagger};
use std::collections::BTreeMap;

fn main() {
    let mut args = std::env::args().skip(1);
    let gold_path = args.next().expect("usage: ner_errors GOLD [MODEL]");
    let owned;
    let tagger = match args.next() {
        Some(p) => {
            owned = EntityTagger::read(&std::fs::read(&p).expect("model file")[..]).expect("model");
            &owned
        }
        None => EntityTagger::embedded(),
    };
    let text = std::fs::read_to_string(&gold_path).expect("gold file");
    let gold = conll::read(&text, &gold_path).expect("gold");
    let has_misc = gold
        .iter()
        .flatten()
        .flat_map(|s| &s.labels)
        .any(|l| l.entity_type() == Some(EntityType::Misc));
    let domain = match std::env::var("DOMAIN").as_deref() {
        Ok("news") => Domain::News,
        Ok("web") => Domain::Web,
        _ if has_misc => Domain::News,
        _ => Domain::Web,
    };
    let mut score = newsgraph::eval::ner::NerScore::default();
    let mut patterns: BTreeMap<String, usize> = BTreeMap::new();
    for doc in &gold {
        let words: Vec<Vec<&str>> = doc
            .iter()
            .map(|s| s.words.iter().map(String::as_str).collect())
            .collect();
        let predicted = tagger.tag_document_in(&words, domain);
        for ((s, ws), mut p) in doc.iter().zip(&words).zip(predicted) {
            if !has_misc && std::env::var_os("KEEP_MISC").is_none() {
                for l in &mut p {
                    if l.entity_type() == Some(EntityType::Misc) {
                        *l = Label::O;
                    }
                }
            }
            score.add(&s.labels, &p);
            let g = chunks(&s.labels);
            let q = chunks(&p);
            let mut lines = Vec::new();
            for (r, t) in &g {
                if q.contains(&(r.clone(), *t)) {
                    continue;
                }
                // What the prediction did with the gold span.
                let over: Vec<String> = q
                    .iter()
                    .filter(|(r2, _)| r2.start < r.end && r.start < r2.end)
                    .map(|(r2, t2)| {
                        let same = if r2 == r { "=" } else { "~" };
                        format!("{same}{}[{}]", t2.as_str(), ws[r2.clone()].join(" "))
                    })
                    .collect();
                let kind = if over.is_empty() {
                    "miss".to_string()
                } else {
                    over.join(",")
                };
                *patterns
                    .entry(format!("gold {} -> {}", t.as_str(), pattern(&kind)))
                    .or_default() += 1;
                lines.push(format!(
                    "  GOLD {} [{}] -> {kind}",
                    t.as_str(),
                    ws[r.clone()].join(" ")
                ));
            }
            for (r, t) in &q {
                if g.contains(&(r.clone(), *t)) {
                    continue;
                }
                let overlaps = g.iter().any(|(r2, _)| r2.start < r.end && r.start < r2.end);
                if !overlaps {
                    *patterns
                        .entry(format!("spurious {}", t.as_str()))
                        .or_default() += 1;
                    lines.push(format!(
                        "  SPURIOUS {} [{}]",
                        t.as_str(),
                        ws[r.clone()].join(" ")
                    ));
                }
            }
            if !lines.is_empty() {
                println!("{}", ws.join(" "));
                for l in lines {
                    println!("{l}");
                }
            }
        }
    }
    println!("== score ({domain:?})\n{score}");
    println!("== patterns");
    let mut v: Vec<_> = patterns.into_iter().collect();
    v.sort_by_key(|e| std::cmp::Reverse(e.1));
    for (k, n) in v {
        println!("{n:5} {k}");
    }
}

/// The error kind without the words: "~ORG[Acme],=LOC[Paris]" -> "~ORG,=LOC".
fn pattern(kind: &str) -> String {
    let mut out = String::new();
    let mut depth = 0;
    for c in kind.chars() {
        match c {
            '[' => depth += 1,
            ']' => depth -= 1,
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}
