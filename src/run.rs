//! What each subcommand does, over the library.

use crate::cli::{
    BuildArgs, Cli, Command, EngineArg, EvalArgs, InputFormat, ModelKind, TagArgs, TrainArgs,
};
use anyhow::{Context, Result};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use newsgraph::export::Format;
use newsgraph::graph::KnowledgeGraph;
use newsgraph::ingest::source::{self, Input, Loaded};
use newsgraph::{Engine, Pipeline, SAMPLE_ARTICLE};
use rayon::prelude::*;
use std::io::{IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;
use std::sync::Mutex;
use std::time::{Duration, Instant};

pub fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        None => build(BuildArgs {
            format: Format::ALL.to_vec(),
            output: "output".into(),
            svg: true,
            ..BuildArgs::default()
        }),
        Some(Command::Build(args)) => build(args),
        Some(Command::Train(args)) => train(args),
        Some(Command::Tag(args)) => tag(args),
        Some(Command::Eval(args)) => eval(args),
    }
}

fn train(args: TrainArgs) -> Result<ExitCode> {
    match args.model {
        ModelKind::Pos => train_pos(&args),
        ModelKind::Ner => crate::ner_cmd::train(&args),
        ModelKind::Gazetteers => crate::ner_cmd::train_gazetteers(&args),
        ModelKind::Parser => {
            let mut cfg = newsgraph::train::parser::Config {
                seed: args.seed,
                drop_templates: args.drop_templates.clone(),
                jackknifed: args.jackknifed.clone(),
                checkpoint: args.checkpoint.clone(),
                beam: args.beam.max(1),
                ..Default::default()
            };
            if let Some(n) = args.iterations {
                cfg.iterations = n;
            }
            if let Some(path) = &args.restrict_to {
                let parser = read_parser(path)?;
                cfg.restrict_to = Some(newsgraph::train::parser::Restriction::of(&parser));
            }
            let started = Instant::now();
            let raw = read_unlabeled(&args)?;
            let parser = newsgraph::train::parser::train_files(
                &args.train,
                args.dev.as_deref(),
                &raw,
                &args.output,
                &cfg,
                &mut |line| eprintln!("newsgraph: {line}"),
            )?;
            eprintln!(
                "newsgraph: wrote {} ({} features) in {:.1} s",
                args.output.display(),
                parser.feature_count(),
                started.elapsed().as_secs_f64()
            );
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn tag(args: TagArgs) -> Result<ExitCode> {
    match args.input_format {
        InputFormat::Conllu => tag_conllu(&args),
        InputFormat::Conll => crate::ner_cmd::tag(&args),
    }
}

fn eval(args: EvalArgs) -> Result<ExitCode> {
    match args.model {
        ModelKind::Pos => eval_pos(&args),
        ModelKind::Ner => crate::ner_cmd::eval(&args),
        ModelKind::Gazetteers => anyhow::bail!("gazetteers are word lists, not a model to score"),
        ModelKind::Parser => eval_parser(&args),
    }
}

fn train_pos(args: &TrainArgs) -> Result<ExitCode> {
    use newsgraph::format::conllu;
    use newsgraph::train::pos::{Options, read_conll2003, train};
    let mut sentences = Vec::new();
    for path in &args.train {
        sentences.extend(conllu::read_file(path)?);
    }
    let dev = args.dev.as_deref().map(conllu::read_file).transpose()?;
    let mut extra = Vec::new();
    for path in &args.tagged {
        extra.extend(read_conll2003(&std::fs::read_to_string(path)?));
    }
    let defaults = Options::default();
    let opts = Options {
        extra,
        extra_weight: std::env::var("NEWSGRAPH_POS_EXTRA_WEIGHT")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(defaults.extra_weight),
        extra_epochs: env_usize("NEWSGRAPH_POS_EXTRA_EPOCHS").unwrap_or(defaults.extra_epochs),
        seed: args.seed,
        iterations: args.iterations.unwrap_or(defaults.iterations),
        // Experiment switches, off the documented interface.
        guess_folds: env_usize("NEWSGRAPH_POS_GUESS_FOLDS").unwrap_or(defaults.guess_folds),
        guess_iterations: env_usize("NEWSGRAPH_POS_GUESS_ITERATIONS")
            .unwrap_or(defaults.guess_iterations),
        ..defaults
    };
    let started = Instant::now();
    let raw = read_unlabeled(args)?;
    let tagger = train(&sentences, dev.as_deref(), &raw, &opts, &mut |line| {
        eprintln!("newsgraph: {line}");
    })?;
    write_atomically(&args.output, |w| tagger.write(w))?;
    let (features, weights) = tagger.sizes();
    eprintln!(
        "newsgraph: wrote {} ({} features, {} weights, {} bytes) in {:.1} s",
        args.output.display(),
        features,
        weights,
        std::fs::metadata(&args.output).map_or(0, |m| m.len()),
        started.elapsed().as_secs_f64()
    );
    Ok(ExitCode::SUCCESS)
}

/// A whole number from the environment variable `name`, if set.
fn env_usize(name: &str) -> Option<usize> {
    std::env::var(name).ok()?.parse().ok()
}

/// The article texts of `--unlabeled`.
fn read_unlabeled(args: &TrainArgs) -> Result<Vec<String>> {
    let mut raw = Vec::new();
    for input in source::expand(&args.unlabeled) {
        for item in source::read(&input?) {
            raw.push(item?.document.text);
        }
    }
    Ok(raw)
}

fn open_input(path: &Path) -> Result<Box<dyn std::io::BufRead>> {
    Ok(if path.as_os_str() == "-" {
        Box::new(std::io::stdin().lock())
    } else {
        let file = std::fs::File::open(path)
            .with_context(|| format!("could not open {}", path.display()))?;
        Box::new(std::io::BufReader::new(file))
    })
}

fn tag_conllu(args: &TagArgs) -> Result<ExitCode> {
    use newsgraph::format::conllu::Reader;
    let tagger = newsgraph::tag::pos::PosTagger::embedded();
    let parser = newsgraph::parse::Parser::embedded();
    let name = if args.input.as_os_str() == "-" {
        "<stdin>".to_owned()
    } else {
        args.input.display().to_string()
    };
    let stdout = std::io::stdout().lock();
    let mut out = std::io::BufWriter::new(stdout);
    for sentence in Reader::new(open_input(&args.input)?, name) {
        let mut sentence = sentence?;
        tagger.tag_conllu(&mut sentence);
        if args.parse {
            parser.parse_conllu(&mut sentence);
        }
        sentence.write(&mut out)?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn eval_pos(args: &EvalArgs) -> Result<ExitCode> {
    let gold = newsgraph::format::conllu::read_file(&args.gold)?;
    let started = Instant::now();
    let tagger = newsgraph::tag::pos::PosTagger::embedded();
    let loaded = started.elapsed();
    let scores = newsgraph::eval::pos::evaluate(tagger, &gold);
    println!("{}: {scores}", args.gold.display());
    eprintln!(
        "newsgraph: model loaded in {:.1} ms, scored in {:.2} s",
        loaded.as_secs_f64() * 1e3,
        (started.elapsed() - loaded).as_secs_f64()
    );
    Ok(ExitCode::SUCCESS)
}

/// A parser model read from a file.
fn read_parser(path: &std::path::Path) -> Result<newsgraph::parse::Parser> {
    let file =
        std::fs::File::open(path).with_context(|| format!("cannot open {}", path.display()))?;
    Ok(newsgraph::parse::Parser::read(std::io::BufReader::new(
        file,
    ))?)
}

fn eval_parser(args: &EvalArgs) -> Result<ExitCode> {
    use newsgraph::eval::parse::score;
    let gold = newsgraph::parse::treebank::read_file(&args.gold)?;
    let started = Instant::now();
    let mut parser = match &args.model_file {
        Some(path) => read_parser(path)?,
        None => newsgraph::parse::Parser::embedded().clone(),
    };
    let loaded = started.elapsed();
    if let Some(k) = args.beam {
        parser.set_beam(k);
    }
    parser.set_margin(args.margin);
    let parser = &parser;
    let tagger = newsgraph::tag::pos::PosTagger::embedded();
    let mut tag = |w: &[&str], out: &mut Vec<_>| tagger.tag_words(w, out);
    let started = Instant::now();
    let predicted = score(parser, &gold, Some(&mut tag));
    let secs = started.elapsed().as_secs_f64();
    let started = Instant::now();
    let with_gold = score(parser, &gold, None);
    let parse_secs = started.elapsed().as_secs_f64();
    for (what, a) in [("predicted tags", predicted), ("gold tags", with_gold)] {
        println!(
            "{}: {what}: UAS {:.4} LAS {:.4} (universal labels {:.4}) over {} words",
            args.gold.display(),
            a.uas(),
            a.las(),
            a.las_universal(),
            a.words
        );
    }
    eprintln!(
        "newsgraph: beam {}; parser loaded in {:.1} ms; tagged and parsed {:.0} words/s, parsed {:.0} words/s",
        parser.beam(),
        loaded.as_secs_f64() * 1e3,
        predicted.words as f64 / secs.max(1e-9),
        with_gold.words as f64 / parse_secs.max(1e-9)
    );
    Ok(ExitCode::SUCCESS)
}

/// Counts for the closing summary line.
#[derive(Debug, Default, Clone, Copy)]
struct Totals {
    documents: usize,
    sentences: usize,
    words: usize,
    entities: usize,
    relations: usize,
}

impl Totals {
    fn add(mut self, o: Totals) -> Totals {
        self.documents += o.documents;
        self.sentences += o.sentences;
        self.words += o.words;
        self.entities += o.entities;
        self.relations += o.relations;
        self
    }
}

fn build(args: BuildArgs) -> Result<ExitCode> {
    let started = Instant::now();
    let mut problems = 0usize;
    let inputs: Vec<Input> = if args.inputs.is_empty() {
        vec![Input::Text {
            id: "sample-article".into(),
            text: SAMPLE_ARTICLE.into(),
        }]
    } else {
        let mut ok = Vec::new();
        for i in source::expand(&args.inputs) {
            match i {
                Ok(i) => ok.push(i),
                Err(e) => {
                    eprintln!("newsgraph: warning: {e}");
                    problems += 1;
                }
            }
        }
        ok
    };
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(args.threads.unwrap_or(0))
        .build()
        .context("could not start worker threads")?;
    let progress = progress_bar(source::total_bytes(&inputs), args.quiet);
    let warnings = Mutex::new(Vec::<String>::new());
    let pipeline = Pipeline::with_engine(match args.engine {
        EngineArg::Models => Engine::Models,
        EngineArg::Rules => Engine::Rules,
    })
    .with_parse(args.parse);

    let (mut graph, totals) = pool.install(|| {
        inputs
            .iter()
            .flat_map(source::read)
            .par_bridge()
            .map(|item| match item {
                Ok(Loaded {
                    mut document,
                    bytes,
                    warning,
                }) => {
                    if let Some(w) = warning {
                        warnings
                            .lock()
                            .unwrap_or_else(|e| e.into_inner())
                            .push(w.to_string());
                    }
                    pipeline.process(&mut document);
                    progress.inc(bytes);
                    let totals = Totals {
                        documents: 1,
                        sentences: document.sentences.len(),
                        words: document.word_count(),
                        entities: document.entities.len(),
                        relations: document.relations.len(),
                    };
                    (KnowledgeGraph::from_document(&document), totals)
                }
                Err(e) => {
                    warnings
                        .lock()
                        .unwrap_or_else(|e| e.into_inner())
                        .push(e.to_string());
                    (KnowledgeGraph::new(), Totals::default())
                }
            })
            .reduce(
                || (KnowledgeGraph::new(), Totals::default()),
                |(mut g, t), (g2, t2)| {
                    g.merge(g2);
                    (g, t.add(t2))
                },
            )
    });
    graph.merge_type_variants();
    graph.merge_name_variants();
    progress.finish_and_clear();
    let mut warnings = warnings.into_inner().unwrap_or_else(|e| e.into_inner());
    warnings.sort();
    for w in &warnings {
        eprintln!("newsgraph: warning: {w}");
    }
    problems += warnings.len();

    std::fs::create_dir_all(&args.output)
        .with_context(|| format!("could not create {}", args.output.display()))?;
    for &format in &args.format {
        let path = args
            .output
            .join(format!("graph.{}", format.file_extension()));
        write_atomically(&path, |w| format.write(&graph, w))?;
    }
    if args.svg && args.format.contains(&Format::Dot) {
        render_svg(&args.output)?;
    }
    if !args.quiet {
        let secs = started.elapsed().as_secs_f64();
        eprintln!(
            "newsgraph: {} documents, {} sentences, {} words, {} entities, {} relations -> {} nodes, {} edges in {}; {:.2} s ({:.0} words/s){}",
            totals.documents,
            totals.sentences,
            totals.words,
            totals.entities,
            totals.relations,
            graph.node_count(),
            graph.edge_count(),
            args.output.display(),
            secs,
            totals.words as f64 / secs.max(1e-9),
            if problems > 0 {
                format!("; {problems} inputs with problems (see above)")
            } else {
                String::new()
            },
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn progress_bar(total: u64, quiet: bool) -> ProgressBar {
    if quiet || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr());
    bar.set_style(
        ProgressStyle::with_template(
            "{spinner} [{elapsed_precise}] {wide_bar} {bytes}/{total_bytes} ({eta})",
        )
        .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    bar.enable_steady_tick(Duration::from_millis(200));
    bar
}

/// Writes a file through a temporary file in the same folder, renamed into place, so a
/// reader never sees half a file.
pub(crate) fn write_atomically(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<()> {
    let tmp = path.with_extension(format!(
        "{}.tmp",
        path.extension().and_then(|e| e.to_str()).unwrap_or("")
    ));
    let result = (|| {
        let file = std::fs::File::create(&tmp)?;
        let mut w = std::io::BufWriter::new(file);
        write(&mut w)?;
        w.into_inner().map_err(|e| e.into_error())?.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result.with_context(|| format!("could not write {}", path.display()))
}

/// Renders `graph.dot` to `graph.svg` with Graphviz, if it is installed.
fn render_svg(dir: &Path) -> Result<()> {
    let dot = dir.join("graph.dot");
    let out = match std::process::Command::new("dot")
        .arg("-Tsvg")
        .arg(&dot)
        .output()
    {
        Ok(out) => out,
        Err(_) => {
            eprintln!("newsgraph: note: Graphviz `dot` not found; graph.svg not rendered");
            return Ok(());
        }
    };
    if !out.status.success() {
        anyhow::bail!(
            "dot -Tsvg {} failed: {}",
            dot.display(),
            String::from_utf8_lossy(&out.stderr).trim()
        );
    }
    write_atomically(&dir.join("graph.svg"), |w| w.write_all(&out.stdout))
}
