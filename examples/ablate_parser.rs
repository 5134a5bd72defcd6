//! Drops whole feature templates from a parser model, greedily, while accuracy on a dev
//! treebank holds: each template in turn (those with the most features first) is dropped
//! and the drop kept when labelled attachment (LAS) with the embedded tagger's tags and
//! with gold tags both stay within `TOLERANCE` of the starting model's. A dropped template
//! is one table lookup fewer per parser step, and a smaller table.
#![allow(clippy::print_stdout)]
//!
//! `cargo run --release --example ablate_parser -- IN OUT DEV.conllu [TOLERANCE] [BEAM]`
//! (tolerance 0.001 by default; accuracy is measured parsing with the model's own beam width
//! unless `BEAM` names another, and the file written keeps the model's own)

use newsgraph::eval::parse::score;
use newsgraph::parse::Parser;
use newsgraph::tag::pos::PosTagger;

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    anyhow::ensure!(
        args.len() >= 4,
        "usage: ablate_parser IN OUT DEV [TOLERANCE] [BEAM]"
    );
    let mut parser = Parser::read(std::io::BufReader::new(std::fs::File::open(&args[1])?))?;
    let tolerance: f64 = args.get(4).map_or(Ok(0.001), |t| t.parse())?;
    let own_beam = parser.beam();
    if let Some(k) = args.get(5) {
        parser.set_beam(k.parse()?);
    }
    let gold = newsgraph::parse::treebank::read_file(args[3].as_ref())?;
    // The tagger's tags do not depend on the parser: tag once.
    let tagger = PosTagger::embedded();
    let mut predicted = gold.clone();
    let mut tags = Vec::new();
    for s in &mut predicted {
        tagger.tag_words(&s.word_strs(), &mut tags);
        s.tags.clone_from(&tags);
    }
    let las = |p: &Parser| {
        (
            score(p, &predicted, None).las(),
            score(p, &gold, None).las(),
        )
    };
    let (base_p, base_g) = las(&parser);
    println!(
        "start: {} templates, {} features; dev LAS predicted tags {base_p:.4}, gold tags {base_g:.4}",
        parser.templates().len(),
        parser.feature_count()
    );
    let mut order = parser.templates();
    order.sort_by_key(|&(t, n)| (std::cmp::Reverse(n), t));
    let mut dropped = Vec::new();
    for (t, n) in order {
        let mut candidate = parser.clone();
        candidate.drop_templates(&[t]);
        let (p, g) = las(&candidate);
        let keep = base_p - p < tolerance && base_g - g < tolerance;
        println!(
            "template {t:>2} ({n:>6} features): LAS {p:.4} / {g:.4} -> {}",
            if keep { "dropped" } else { "kept" }
        );
        if keep {
            parser = candidate;
            dropped.push(t);
        }
    }
    let mut written = parser.clone();
    written.set_beam(own_beam);
    let mut f = std::io::BufWriter::new(std::fs::File::create(&args[2])?);
    written.write(&mut f)?;
    drop(f);
    let (p, g) = las(&parser);
    let pu = score(&parser, &predicted, None).uas();
    println!(
        "dropped {} templates {dropped:?}: {} templates, {} features, {} bytes; dev UAS {pu:.4} \
         LAS {p:.4} with predicted tags, LAS {g:.4} with gold tags",
        dropped.len(),
        parser.templates().len(),
        parser.feature_count(),
        std::fs::metadata(&args[2])?.len()
    );
    Ok(())
}
