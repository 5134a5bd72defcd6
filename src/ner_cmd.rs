//! The `train ner`, `train gazetteers`, `tag --input-format conll` and `eval ner` commands.

use crate::cli::{EvalArgs, TagArgs, TagDomain, TrainArgs};
use crate::run::write_atomically;
use anyhow::{Context, Result};
use newsgraph::eval::ner::score_documents;
use newsgraph::format::conll;
use newsgraph::ner::model::{Domain, EntityTagger};
use newsgraph::train::ner::{self as train_ner, NerTrainOptions, TrainingData};
use std::io::{Read, Write};
use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

fn read_input(path: &Path) -> Result<String> {
    if path.as_os_str() == "-" {
        let mut s = String::new();
        std::io::stdin()
            .read_to_string(&mut s)
            .context("could not read standard input")?;
        Ok(s)
    } else {
        std::fs::read_to_string(path).with_context(|| format!("could not read {}", path.display()))
    }
}

pub fn train(args: &TrainArgs) -> Result<ExitCode> {
    let started = Instant::now();
    let mut data = Vec::new();
    for path in &args.train {
        let d = train_ner::load(path).with_context(|| format!("reading {}", path.display()))?;
        match &d {
            TrainingData::Labelled { docs, has_misc } => eprintln!(
                "newsgraph: {}: {} documents, {} sentences{}",
                path.display(),
                docs.len(),
                docs.iter().map(Vec::len).sum::<usize>(),
                if *has_misc {
                    ""
                } else {
                    " (no MISC: MISC predictions not corrected)"
                }
            ),
            TrainingData::Unlabelled(s) => eprintln!(
                "newsgraph: {}: {} sentences of unlabelled text",
                path.display(),
                s.len()
            ),
        }
        data.push(d);
    }
    let dev = match &args.dev {
        Some(path) => conll::read(&read_input(path)?, &path.display().to_string())?,
        None => Vec::new(),
    };
    let mut options = NerTrainOptions {
        seed: args.seed,
        ..NerTrainOptions::default()
    };
    if let Some(n) = args.iterations {
        options.iterations = n;
    }
    // Feature switches for ablations, off the documented interface.
    for (var, flag) in [
        ("NEWSGRAPH_NER_NO_GAZETTEERS", &mut options.gazetteers),
        ("NEWSGRAPH_NER_NO_CLUSTERS", &mut options.clusters),
        ("NEWSGRAPH_NER_NO_HISTORY", &mut options.history),
        ("NEWSGRAPH_NER_NO_ORG_CUES", &mut options.org_cues),
        ("NEWSGRAPH_NER_NO_CAP_RATE", &mut options.cap_rate),
    ] {
        if std::env::var_os(var).is_some() {
            *flag = false;
        }
    }
    // Numeric settings for experiments, off the documented interface.
    fn setting<T: std::str::FromStr>(var: &str, value: &mut T) {
        if let Some(v) = std::env::var(var).ok().and_then(|v| v.parse().ok()) {
            *value = v;
        }
    }
    setting("NEWSGRAPH_NER_MIN_COUNT", &mut options.min_count);
    setting("NEWSGRAPH_NER_PRUNE", &mut options.prune);
    setting("NEWSGRAPH_NER_LOWERCASE", &mut options.lowercase_copies);
    setting("NEWSGRAPH_NER_LOWERCASE_NEWS", &mut options.lowercase_news);
    setting("NEWSGRAPH_NER_WEB_SCALE", &mut options.web_scale);
    setting("NEWSGRAPH_NER_ORDERS", &mut options.orders);
    setting("NEWSGRAPH_NER_WEB_REPEAT", &mut options.web_repeat);
    let tagger = train_ner::train(&data, &dev, &options, &mut |line| {
        eprintln!("newsgraph: {line}");
    });
    write_atomically(&args.output, |w| tagger.write(w))?;
    let size = std::fs::metadata(&args.output)
        .map(|m| m.len())
        .unwrap_or(0);
    eprintln!(
        "newsgraph: wrote {} ({} features, {:.2} MB) in {:.1} s",
        args.output.display(),
        tagger.feature_count(),
        size as f64 / 1e6,
        started.elapsed().as_secs_f64()
    );
    Ok(ExitCode::SUCCESS)
}

pub fn train_gazetteers(args: &TrainArgs) -> Result<ExitCode> {
    let [from] = args.train.as_slice() else {
        anyhow::bail!("train gazetteers takes one --train folder (the shared gazetteers/ data)");
    };
    let files = newsgraph::lexicon::gazetteer::compile(from)?;
    std::fs::create_dir_all(&args.output)
        .with_context(|| format!("could not create {}", args.output.display()))?;
    for (name, contents) in files {
        let path = args.output.join(name);
        write_atomically(&path, |w| w.write_all(contents.as_bytes()))?;
        eprintln!(
            "newsgraph: wrote {} ({} entries)",
            path.display(),
            contents.lines().count()
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// The embedded model, or the file named by `NEWSGRAPH_NER_MODEL` (for trying a freshly
/// trained model without rebuilding).
fn tagger() -> Result<std::borrow::Cow<'static, EntityTagger>> {
    match std::env::var_os("NEWSGRAPH_NER_MODEL") {
        Some(path) => {
            let bytes = std::fs::read(&path)
                .with_context(|| format!("could not read {}", Path::new(&path).display()))?;
            Ok(std::borrow::Cow::Owned(
                EntityTagger::read(&bytes[..])
                    .with_context(|| format!("could not load {}", Path::new(&path).display()))?,
            ))
        }
        None => Ok(std::borrow::Cow::Borrowed(EntityTagger::embedded())),
    }
}

pub fn tag(args: &TagArgs) -> Result<ExitCode> {
    let text = read_input(&args.input)?;
    let tagger = tagger()?;
    let domain = match args.domain {
        TagDomain::News => Domain::News,
        TagDomain::Web => Domain::Web,
    };
    let out = conll::append_tags(&text, |doc| tagger.tag_document_in(doc, domain));
    let stdout = std::io::stdout();
    let mut lock = stdout.lock();
    lock.write_all(out.as_bytes())?;
    lock.flush()?;
    Ok(ExitCode::SUCCESS)
}

pub fn eval(args: &EvalArgs) -> Result<ExitCode> {
    let text = read_input(&args.gold)?;
    let gold = conll::read(&text, &args.gold.display().to_string())?;
    let started = Instant::now();
    let tagger = tagger()?;
    let loaded = started.elapsed();
    let started = Instant::now();
    let score = score_documents(&tagger, &gold);
    let secs = started.elapsed().as_secs_f64();
    println!("{score}");
    println!(
        "model loaded in {:.1} ms; {:.0} tokens/s (including document grouping)",
        loaded.as_secs_f64() * 1e3,
        score.tokens as f64 / secs.max(1e-9)
    );
    Ok(ExitCode::SUCCESS)
}
