//! Command-line options (clap derive structs only; checking happens in `main.rs`).

use clap::{Args, Parser, Subcommand, ValueEnum};
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
    /// Train a model from treebank or NER data.
    Train(TrainArgs),
    /// Tag pre-tokenised text (CoNLL-U or CoNLL-2003 columns) with the embedded models.
    Tag(TagArgs),
    /// Score the embedded models against gold data.
    Eval(EvalArgs),
}

/// Which model a `train` or `eval` command is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ModelKind {
    /// Part-of-speech tagger and lemmatiser (UD English EWT).
    Pos,
    /// Named-entity recogniser (CoNLL-2003 + UNER EWT).
    Ner,
    /// Dependency parser (UD English EWT).
    #[value(alias = "parse")]
    Parser,
    /// Place, demonym and first-name lists (`--train` names the source folder,
    /// `-o` the folder to write `data/gazetteers/*.txt` into).
    Gazetteers,
}

#[derive(Debug, Args)]
pub struct TrainArgs {
    /// The model to train.
    pub model: ModelKind,
    /// Training files.
    #[arg(long, required = true, num_args = 1..)]
    pub train: Vec<PathBuf>,
    /// Development file, for tuning and progress reports.
    #[arg(long)]
    pub dev: Option<PathBuf>,
    /// Where to write the model.
    #[arg(short, long)]
    pub output: PathBuf,
    /// Raw text (articles: .txt, .jsonl or folders) for word classes (POS tagger only).
    #[arg(long)]
    pub unlabeled: Vec<PathBuf>,
    /// More training text with PTB tags alone, in CoNLL-2003 columns (`word POS ...`), learnt
    /// beside the treebank with a copy of the features of its own (POS tagger only).
    #[arg(long)]
    pub tagged: Vec<PathBuf>,
    /// Random seed; the same seed and data give the same model.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Training epochs (default: the model's own).
    #[arg(long)]
    pub iterations: Option<usize>,
    /// Feature templates to leave out, comma-separated (parser only; template numbers as
    /// in `src/parse/features.rs`).
    #[arg(long, value_delimiter = ',')]
    pub drop_templates: Vec<u8>,
    /// Jack-knifed training tags (parser only): read from this file when it exists and fits
    /// the training sentences, else written there after jack-knifing, for later runs.
    #[arg(long)]
    pub jackknifed: Option<PathBuf>,
    /// Write the best model so far (unpruned) here after every iteration that improves dev
    /// LAS (parser only), so that a long run can be stopped early.
    #[arg(long)]
    pub checkpoint: Option<PathBuf>,
    /// Learn only the weights this (pruned) parser model has (parser only; a model trained
    /// on the same treebank): training again with a pruned model's weights lets them make
    /// up for the ones pruning dropped.
    #[arg(long)]
    pub restrict_to: Option<PathBuf>,
    /// Beam width (parser only): 1 trains greedily with a dynamic oracle; wider beams train
    /// globally (max-violation updates) and the model parses with that beam.
    #[arg(long, default_value_t = 1)]
    pub beam: usize,
}

/// Column formats `tag` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum InputFormat {
    /// CoNLL-U: fills UPOS and XPOS (and HEAD, DEPREL with --parse).
    Conllu,
    /// CoNLL-2003 columns: appends the predicted IOB2 entity tag.
    Conll,
}

#[derive(Debug, Args)]
pub struct TagArgs {
    /// Input format.
    #[arg(long, value_enum)]
    pub input_format: InputFormat,
    /// Also fill HEAD and DEPREL (CoNLL-U only).
    #[arg(long)]
    pub parse: bool,
    /// Entity conventions (CoNLL-2003 columns only): `news` as CoNLL-2003, `web` as UNER
    /// English EWT (web-text weights and decoding, as `eval ner` uses for files without MISC).
    #[arg(long, value_enum, default_value = "news")]
    pub domain: TagDomain,
    /// File to read, or '-' for standard input.
    pub input: PathBuf,
}

/// Entity annotation conventions `tag` can follow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum TagDomain {
    /// CoNLL-2003: news, four types.
    News,
    /// UNER English EWT: web text, no MISC.
    Web,
}

#[derive(Debug, Args)]
pub struct EvalArgs {
    /// The model to score (`parse` for the parser).
    pub model: ModelKind,
    /// Gold file (CoNLL-U for pos/parser, CoNLL-2003 or IOB2 columns for ner).
    pub gold: PathBuf,
    /// Parser model file to score instead of the embedded one (parser only).
    #[arg(long)]
    pub model_file: Option<PathBuf>,
    /// Beam width to parse with instead of the model's own (parser only; 1 is greedy).
    #[arg(long)]
    pub beam: Option<usize>,
    /// Drop beam hypotheses trailing the best by more than this many score units (parser
    /// only; faster, may lower accuracy).
    #[arg(long)]
    pub margin: Option<i64>,
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

    /// Tagger and recogniser: the trained models, or the older word-list rules.
    #[arg(long, value_enum, default_value_t = EngineArg::Models)]
    pub engine: EngineArg,

    /// Also parse every sentence with the dependency parser (slower; the trees are kept on
    /// the tokens for the relation stage).
    #[arg(long)]
    pub parse: bool,
}

/// Choice of tagger and recogniser.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum EngineArg {
    /// The embedded POS and entity models.
    #[default]
    Models,
    /// Word lists and word shape (faster, less accurate).
    Rules,
}
