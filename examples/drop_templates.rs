//! Drops the named feature templates from a parser model and writes the rest (experiment
//! helper; `ablate_parser` chooses templates itself).
#![allow(clippy::print_stdout)]
//!
//! `cargo run --release --example drop_templates -- IN OUT 26,84,...`

use newsgraph::parse::Parser;

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    anyhow::ensure!(args.len() == 4, "usage: drop_templates IN OUT T1,T2,...");
    let mut parser = Parser::read(std::io::BufReader::new(std::fs::File::open(&args[1])?))?;
    let drop: Vec<u8> = args[3]
        .split(',')
        .map(str::parse)
        .collect::<Result<_, _>>()?;
    parser.drop_templates(&drop);
    let mut f = std::io::BufWriter::new(std::fs::File::create(&args[2])?);
    parser.write(&mut f)?;
    println!(
        "{} templates, {} features",
        parser.templates().len(),
        parser.feature_count()
    );
    Ok(())
}
