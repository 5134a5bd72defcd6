//! Prunes a parser model to a number of features and label weights ([`Parser::prune`])
//! and scores it on a dev treebank; with BEAM, the model parses with that beam width.
#![allow(clippy::print_stdout)]
//!
//! `cargo run --release --example prune_parser -- IN OUT MAX_FEATURES MAX_WEIGHTS [DEV.conllu [BEAM]]`

use newsgraph::parse::Parser;
use newsgraph::tag::pos::PosTagger;

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    anyhow::ensure!(
        args.len() >= 5,
        "usage: prune_parser IN OUT MAX_FEATURES MAX_WEIGHTS [DEV [BEAM]]"
    );
    let mut parser = Parser::read(std::io::BufReader::new(std::fs::File::open(&args[1])?))?;
    if let Some(beam) = args.get(6) {
        parser.set_beam(beam.parse()?);
    }
    let before = parser.weight_count();
    parser.prune(args[3].parse()?, args[4].parse()?);
    let mut f = std::io::BufWriter::new(std::fs::File::create(&args[2])?);
    parser.write(&mut f)?;
    drop(f);
    println!(
        "weights {before} -> {}, features {}, {} bytes",
        parser.weight_count(),
        parser.feature_count(),
        std::fs::metadata(&args[2])?.len()
    );
    if let Some(dev) = args.get(5) {
        let gold = newsgraph::parse::treebank::read_file(dev.as_ref())?;
        let tagger = PosTagger::embedded();
        let mut tag = |w: &[&str], out: &mut Vec<_>| tagger.tag_words(w, out);
        let p = newsgraph::eval::parse::score(&parser, &gold, Some(&mut tag));
        let g = newsgraph::eval::parse::score(&parser, &gold, None);
        println!(
            "predicted tags: UAS {:.4} LAS {:.4}; gold tags: UAS {:.4} LAS {:.4}",
            p.uas(),
            p.las(),
            g.uas(),
            g.las()
        );
    }
    Ok(())
}
