//! Command-line options (clap derive structs only; checking happens in `main.rs`).

use clap::{Args, Parser, Subcommand};
use newsgraph::export::Format;
use std::path::PathBuf;

/// Turns news articles into a knowledge graph of who is connected to whom.
#[derive(Debug, Parser)]
#[command(name = "newsgraph", version, about)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the knowledge graph of news text (the default, on the bundled sample).
    Build(BuildArgs),
}

#[derive(Debug, Args, Default)]
pub struct BuildArgs {
    /// Files (.txt: one article; .jsonl: one article a line), folders (searched for
    /// *.txt and *.jsonl), or '-' for standard input. None: the bundled sample article.
    pub inputs: Vec<PathBuf>,

    /// Folder to write graph.<ext> files into.
    #[arg(short, long, default_value = "output")]
    pub output: PathBuf,

    /// Formats to write, comma-separated.
    #[arg(short, long, value_delimiter = ',', default_value = "dot,jsonld,json")]
    pub format: Vec<Format>,

    /// Also render graph.svg with Graphviz `dot`, when it is installed.
    #[arg(long)]
    pub svg: bool,

    /// Worker threads (default: all cores).
    #[arg(short = 'j', long)]
    pub threads: Option<usize>,

    /// No progress bar or summary.
    #[arg(short, long)]
    pub quiet: bool,
}
