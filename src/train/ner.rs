//! Training the entity tagger ([`EntityTagger`]) with an averaged perceptron.
//!
//! Input files are detected by content: CoNLL-2003 columns and UNER IOB2 files are labelled
//! data; `.jsonl` files (one `{"text": ...}` article a line) are unlabelled text that only
//! feeds the word clusters. A labelled file without any `MISC` tag (UNER) is taken to leave
//! miscellaneous names unannotated: predicting `MISC` where it says `O` is not corrected.
//!
//! Web documents are also trained on in lowercase ([`NerTrainOptions::lowercase_copies`]):
//! web text often lowercases names ("google", "tampa bay").
//!
//! Training decodes greedily with the model's own previous labels, as inference does, and
//! updates on every wrong word. Documents are visited in an order shuffled by the seed. The
//! final weights are averaged, scaled to `i16`, and features whose weights all round to zero
//! are dropped.
//!
//! Two settings for experiments, both off by default (the defaults give the same model as
//! before they existed): [`NerTrainOptions::web_scale`] makes the web-domain feature copies
//! count for more or less than the shared features in training, and
//! [`NerTrainOptions::orders`] trains several runs in different document orders and averages
//! their weights.

use crate::error::{Error, Result};
use crate::eval::ner::{NerScore, score_documents};
use crate::format::conll::{self, Document};
use crate::ner::features::{
    IdMap, NUM_LABELS, START, Scratch, USE_BUNDLES, USE_CAP_RATE, USE_CLUSTERS, USE_GAZETTEERS,
    USE_HISTORY, USE_ORG_CUES, WordTable, add_web_copies, bundle_key, label_type, to_bilou,
};
use crate::ner::model::{EntityTagger, Row, WeightTable};
use crate::train::SplitMix;
use crate::train::clusters::word_table;
use std::path::Path;

/// What a training file turned out to hold.
#[derive(Debug, Clone)]
pub enum TrainingData {
    /// Annotated documents; `has_misc` is false when the file never uses `MISC`.
    Labelled {
        /// The documents.
        docs: Vec<Document>,
        /// Whether any word is tagged `MISC`.
        has_misc: bool,
    },
    /// Sentences of words from raw text.
    Unlabelled(Vec<Vec<String>>),
}

/// Reads one training file, detecting its format.
///
/// # Errors
/// [`Error::Io`] when it cannot be read, [`Error::Input`] when a labelled line has no tag.
pub fn load(path: &Path) -> Result<TrainingData> {
    let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let name = path.display().to_string();
    if path.extension().is_some_and(|e| e == "jsonl") {
        let mut sentences = Vec::new();
        for line in text.lines() {
            let Ok(v) = serde_json::from_str::<serde_json::Value>(line) else {
                continue;
            };
            for field in ["title", "text"] {
                if let Some(t) = v.get(field).and_then(|t| t.as_str()) {
                    split_sentences(t, &mut sentences);
                }
            }
        }
        return Ok(TrainingData::Unlabelled(sentences));
    }
    let docs = conll::read(&text, &name)?;
    let has_misc = docs
        .iter()
        .flatten()
        .flat_map(|s| &s.labels)
        .any(|l| l.entity_type() == Some(crate::ner::label::EntityType::Misc));
    Ok(TrainingData::Labelled { docs, has_misc })
}

/// A rough PTB-like split of raw text, good enough for cluster statistics: punctuation
/// apart, `'s` and `n't` apart, sentences ending at `.`, `!`, `?` and line breaks.
fn split_sentences(text: &str, out: &mut Vec<Vec<String>>) {
    for line in text.lines() {
        let mut sentence: Vec<String> = Vec::new();
        for chunk in line.split_whitespace() {
            let mut rest = chunk;
            let mut tail: Vec<&str> = Vec::new();
            while let Some(c) = rest
                .chars()
                .next()
                .filter(|c| "\"'([{\u{201C}\u{2018}".contains(*c))
            {
                sentence.push(c.to_string());
                rest = &rest[c.len_utf8()..];
            }
            while let Some(c) = rest
                .chars()
                .next_back()
                .filter(|c| ".,;:!?\"')]}\u{201D}\u{2019}".contains(*c))
            {
                tail.push(&rest[rest.len() - c.len_utf8()..]);
                rest = &rest[..rest.len() - c.len_utf8()];
            }
            for suffix in ["'s", "n't", "\u{2019}s"] {
                if rest.len() > suffix.len() && rest.ends_with(suffix) {
                    let (a, b) = rest.split_at(rest.len() - suffix.len());
                    if !a.is_empty() {
                        sentence.push(a.to_string());
                    }
                    rest = "";
                    tail.push(b);
                    break;
                }
            }
            if !rest.is_empty() {
                sentence.push(rest.to_string());
            }
            for t in tail.into_iter().rev() {
                let end = matches!(t, "." | "!" | "?");
                sentence.push(t.to_string());
                if end {
                    out.push(std::mem::take(&mut sentence));
                }
            }
        }
        if !sentence.is_empty() {
            out.push(sentence);
        }
    }
}

/// Training settings.
#[derive(Debug, Clone)]
pub struct NerTrainOptions {
    /// Seed of the document order and the clusters.
    pub seed: u64,
    /// Passes over the data.
    pub iterations: usize,
    /// Features seen fewer times than this in the training data are not learnt.
    pub min_count: u32,
    /// Gazetteer features.
    pub gazetteers: bool,
    /// Word-cluster and capitalisation-rate features (from all training text).
    pub clusters: bool,
    /// Document-history features.
    pub history: bool,
    /// Features whose largest weight is under this fraction of the largest of all are
    /// dropped from the model.
    pub prune: f64,
    /// Passes over web-text (no-`MISC`) documents per pass over the rest.
    pub web_repeat: usize,
    /// Organisation-word cue features.
    pub org_cues: bool,
    /// Capitalisation-rate features on every word.
    pub cap_rate: bool,
    /// Per mille of web-text documents that are also trained on in lowercase, as much web
    /// text is written.
    pub lowercase_copies: u32,
    /// The same for news (`MISC`-annotated) documents.
    pub lowercase_news: u32,
    /// The value of a web-domain feature copy in eighths (8: as much as the shared feature).
    pub web_scale: u32,
    /// Training runs, each in its own document order (from the seed), whose weights are
    /// averaged.
    pub orders: usize,
}

impl Default for NerTrainOptions {
    fn default() -> Self {
        NerTrainOptions {
            seed: 1,
            iterations: 8,
            min_count: 1,
            gazetteers: true,
            clusters: true,
            history: true,
            prune: 3e-3,
            web_repeat: 2,
            org_cues: true,
            cap_rate: true,
            lowercase_copies: 1000,
            lowercase_news: 0,
            web_scale: 8,
            orders: 1,
        }
    }
}

/// One document prepared for training.
struct Doc<'a> {
    sentences: Vec<(Vec<&'a str>, Vec<u8>)>,
    has_misc: bool,
}

/// Perceptron weights with the sums needed for averaging.
#[derive(Clone)]
struct Weights {
    index: IdMap<u32>,
    /// Whether each feature is a web-domain copy.
    web: Vec<bool>,
    /// What a shared and a web feature count for, per update and in scores.
    scale: [i32; 2],
    w: Vec<[i32; NUM_LABELS]>,
    /// Sum over updates of (step number x change), for the average.
    u: Vec<[i64; NUM_LABELS]>,
}

impl Weights {
    fn id(&mut self, f: u64, insert: bool, web: bool) -> Option<usize> {
        if let Some(&i) = self.index.get(&f) {
            return Some(i as usize);
        }
        if !insert {
            return None;
        }
        let i = self.w.len();
        self.index.insert(f, i as u32);
        self.web.push(web);
        self.w.push([0; NUM_LABELS]);
        self.u.push([0; NUM_LABELS]);
        Some(i)
    }

    /// The averaged weight of every feature, web copies scaled as in training scores.
    fn averaged(&self, steps: i64) -> IdMap<[f64; NUM_LABELS]> {
        let steps = steps.max(1) as f64;
        self.index
            .iter()
            .map(|(&k, &i)| {
                let i = i as usize;
                let scale = f64::from(self.scale[usize::from(self.web[i])]);
                let row = std::array::from_fn(|l| {
                    (f64::from(self.w[i][l]) - self.u[i][l] as f64 / steps) * scale
                });
                (k, row)
            })
            .collect()
    }
}

/// Averaged weights quantised row by row (`i8` and a power-of-two scale), without rows whose
/// largest weight is under `prune` times the largest of all; keys sorted so the file does not
/// depend on hash-map order.
fn quantise(averaged: &IdMap<[f64; NUM_LABELS]>, prune: f64, bundles: &Bundles<'_>) -> WeightTable {
    // Bundle rows: per known word, its word features' averaged weights summed.
    let mut bundle_rows: Vec<(u64, [f64; NUM_LABELS])> = Vec::new();
    let mut scratch = Scratch::default();
    let mut features = Vec::new();
    for word in bundles.words {
        scratch.prepare(&[word], bundles.config, bundles.table);
        features.clear();
        scratch.word_features(0, &mut features);
        let mut row = [0f64; NUM_LABELS];
        for f in &features {
            if let Some(a) = averaged.get(f) {
                for (r, x) in row.iter_mut().zip(a) {
                    *r += x;
                }
            }
        }
        bundle_rows.push((bundle_key(scratch.word_hash(0)), row));
    }
    let max = averaged
        .values()
        .flatten()
        .fold(0f64, |m, x| m.max(x.abs()));
    // Units such that the largest weight needs shift 15: sums of 60 features stay far
    // inside i32.
    let unit = if max > 0.0 {
        max / f64::from(127 << 15)
    } else {
        1.0
    };
    let mut keys: Vec<(u64, [f64; NUM_LABELS])> = averaged
        .iter()
        .map(|(&k, row)| (k, *row))
        .chain(bundle_rows)
        .collect();
    keys.sort_unstable_by_key(|k| k.0);
    keys.dedup_by_key(|k| k.0);
    let mut out_keys = Vec::new();
    let mut rows = Vec::new();
    for (k, weights) in keys {
        let row_max = weights.iter().map(|w| w.abs()).fold(0f64, f64::max);
        if row_max <= prune * max || row_max == 0.0 {
            continue;
        }
        let mut shift = 0u8;
        while row_max / unit / f64::from(1u32 << shift) > 127.0 && shift < 20 {
            shift += 1;
        }
        let step = unit * f64::from(1u32 << shift);
        let mut row = Row {
            shift,
            w: [0; NUM_LABELS],
        };
        for (w, x) in row.w.iter_mut().zip(weights) {
            *w = (x / step).round().clamp(-127.0, 127.0) as i8;
        }
        if row.w.iter().any(|&x| x != 0) {
            out_keys.push(k);
            rows.push(row);
        }
    }
    WeightTable::new(out_keys, rows)
}

fn gcd(a: i32, b: i32) -> i32 {
    if b == 0 { a } else { gcd(b, a % b) }
}

/// The known words that get bundle rows.
struct Bundles<'a> {
    words: &'a [&'a str],
    config: u32,
    table: &'a WordTable,
}

/// The labelled documents that also train in lowercase, in data order, with whether they
/// use `MISC`: each news document with chance [`NerTrainOptions::lowercase_news`], each web
/// one with chance [`NerTrainOptions::lowercase_copies`] (per mille, drawn from the seed).
fn lowercase_picks<'a>(
    data: &'a [TrainingData],
    options: &NerTrainOptions,
) -> Vec<(&'a Document, bool)> {
    let mut pick = SplitMix::new(options.seed ^ 0x006c_6f77_6572);
    let mut out = Vec::new();
    for d in data {
        if let TrainingData::Labelled { docs, has_misc } = d {
            let per_mille = if *has_misc {
                options.lowercase_news
            } else {
                options.lowercase_copies
            };
            for doc in docs {
                if pick.below(1000) < per_mille as usize {
                    out.push((doc, *has_misc));
                }
            }
        }
    }
    out
}

/// Trains a tagger. `report` receives one line a pass (with dev scores when `dev` is not
/// empty).
pub fn train(
    data: &[TrainingData],
    dev: &[Document],
    options: &NerTrainOptions,
    report: &mut dyn FnMut(String),
) -> EntityTagger {
    let mut config = 0;
    if options.gazetteers {
        config |= USE_GAZETTEERS;
    }
    if options.clusters {
        config |= USE_CLUSTERS;
    }
    if options.history {
        config |= USE_HISTORY;
    }
    if options.org_cues {
        config |= USE_ORG_CUES;
    }
    if options.cap_rate {
        config |= USE_CAP_RATE;
    }

    // Lowercase copies of some documents (chosen by the seed).
    let picks = lowercase_picks(data, options);
    let lowered: Vec<Vec<Vec<String>>> = picks
        .iter()
        .map(|(doc, _)| {
            doc.iter()
                .map(|s| s.words.iter().map(|w| w.to_lowercase()).collect())
                .collect()
        })
        .collect();
    let mut docs: Vec<Doc<'_>> = Vec::new();
    let mut raw: Vec<&[String]> = Vec::new();
    for d in data {
        match d {
            TrainingData::Labelled { docs: ds, has_misc } => {
                for doc in ds {
                    docs.push(Doc {
                        sentences: doc
                            .iter()
                            .map(|s| {
                                raw.push(&s.words);
                                (
                                    s.words.iter().map(String::as_str).collect(),
                                    to_bilou(&s.labels),
                                )
                            })
                            .collect(),
                        has_misc: *has_misc,
                    });
                }
            }
            TrainingData::Unlabelled(sentences) => raw.extend(sentences.iter().map(Vec::as_slice)),
        }
    }
    for ((doc, has_misc), words_) in picks.iter().zip(&lowered) {
        docs.push(Doc {
            sentences: doc
                .iter()
                .zip(words_)
                .map(|(s, ws)| (ws.iter().map(String::as_str).collect(), to_bilou(&s.labels)))
                .collect(),
            has_misc: *has_misc,
        });
    }
    let words = if options.clusters {
        let t = word_table(raw.iter().copied(), options.seed);
        report(format!("word table: {} words", t.entries.len()));
        t
    } else {
        WordTable::default()
    };

    // Words seen at least twice get bundle rows.
    let mut word_counts: std::collections::HashMap<&str, u32> = std::collections::HashMap::new();
    for doc in &docs {
        for (ws, _) in &doc.sentences {
            for w in ws {
                *word_counts.entry(w).or_default() += 1;
            }
        }
    }
    let mut known: Vec<&str> = word_counts
        .into_iter()
        .filter(|&(_, n)| n >= 2)
        .map(|(w, _)| w)
        .collect();
    known.sort_unstable();
    config |= USE_BUNDLES;
    let bundles = Bundles {
        words: &known,
        config,
        table: &words,
    };

    // Count the label-independent features; rarer ones than `min_count` are never learnt.
    let mut scratch = Scratch::default();
    let mut counts: IdMap<(u32, bool)> = IdMap::default();
    let mut features = Vec::new();
    for doc in &docs {
        for (words_, _) in &doc.sentences {
            scratch.prepare(words_, config, &words);
            for i in 0..words_.len() {
                features.clear();
                scratch.static_features(i, &mut features);
                let shared = features.len();
                if !doc.has_misc {
                    add_web_copies(&mut features);
                }
                for (k, &f) in features.iter().enumerate() {
                    let e = counts.entry(f).or_default();
                    e.0 += 1;
                    e.1 = k >= shared;
                }
            }
        }
    }
    let mut kept: Vec<(u64, bool)> = counts
        .iter()
        .filter(|(_, n)| n.0 >= options.min_count)
        .map(|(&k, n)| (k, n.1))
        .collect();
    kept.sort_unstable();
    drop(counts);
    // Updates of 8 / g and web_scale / g, scores weighing the web copies by web_scale / 8 once
    // more: as if each web copy's value were web_scale / 8.
    let web_scale = options.web_scale.clamp(1, 64) as i32;
    let common = gcd(8, web_scale);
    let mut start = Weights {
        index: IdMap::default(),
        web: Vec::new(),
        scale: [8, web_scale],
        w: Vec::new(),
        u: Vec::new(),
    };
    let step_of = [8 / common, web_scale / common];
    for (k, web) in kept {
        start.id(k, true, web);
    }
    report(format!("{} static features", start.w.len()));

    // Each run visits the documents in its own order; the runs' averaged weights are averaged.
    let runs = options.orders.max(1);
    let mut ensemble: IdMap<[f64; NUM_LABELS]> = IdMap::default();
    for run in 0..runs {
        let mut weights = start.clone();
        let mut rng = SplitMix::new(options.seed.wrapping_add(run as u64 * 0x9e37_79b9));
        // Documents without MISC (web text) may be visited more than once a pass.
        let mut order: Vec<usize> = (0..docs.len())
            .flat_map(|d| {
                let n = if docs[d].has_misc {
                    1
                } else {
                    options.web_repeat.max(1)
                };
                std::iter::repeat_n(d, n)
            })
            .collect();
        let mut step: i64 = 1;
        let mut ids: Vec<usize> = Vec::new();
        let mut dynamic = Vec::new();
        for epoch in 1..=options.iterations {
            rng.shuffle(&mut order);
            let (mut errors, mut tokens) = (0usize, 0usize);
            for &d in &order {
                let doc = &docs[d];
                scratch.history.clear();
                for (words_, gold) in &doc.sentences {
                    scratch.prepare(words_, config, &words);
                    let (mut prev, mut prev2) = (START, START);
                    for (i, &g) in gold.iter().enumerate() {
                        features.clear();
                        scratch.static_features(i, &mut features);
                        dynamic.clear();
                        scratch.dynamic_features(i, prev, prev2, config, &mut dynamic);
                        let shared_dynamic = dynamic.len();
                        if !doc.has_misc {
                            add_web_copies(&mut features);
                            add_web_copies(&mut dynamic);
                        }
                        ids.clear();
                        ids.extend(features.iter().filter_map(|&f| weights.id(f, false, false)));
                        let mut scores = [0i64; NUM_LABELS];
                        let dynamic_ids = dynamic.iter().filter_map(|f| weights.index.get(f));
                        for f in ids.iter().copied().chain(dynamic_ids.map(|&i| i as usize)) {
                            let scale = i64::from(weights.scale[usize::from(weights.web[f])]);
                            for (s, &w) in scores.iter_mut().zip(&weights.w[f]) {
                                *s += i64::from(w) * scale;
                            }
                        }
                        let mut pred = 0u8;
                        for l in 1..NUM_LABELS {
                            if scores[l] > scores[usize::from(pred)] {
                                pred = l as u8;
                            }
                        }
                        let excused = !doc.has_misc && g == 0 && label_type(pred) == Some(3);
                        if pred != g && !excused {
                            errors += 1;
                            for (k, &f) in dynamic.iter().enumerate() {
                                if let Some(id) = weights.id(f, true, k >= shared_dynamic) {
                                    ids.push(id);
                                }
                            }
                            for &f in &ids {
                                let d = step_of[usize::from(weights.web[f])];
                                weights.w[f][usize::from(g)] += d;
                                weights.u[f][usize::from(g)] += step * i64::from(d);
                                weights.w[f][usize::from(pred)] -= d;
                                weights.u[f][usize::from(pred)] -= step * i64::from(d);
                            }
                        }
                        step += 1;
                        tokens += 1;
                        scratch.remember(i, pred, config);
                        prev2 = prev;
                        prev = pred;
                    }
                }
            }
            let mut line = format!(
                "pass {epoch}: {:.4} training accuracy, {} features",
                1.0 - errors as f64 / tokens.max(1) as f64,
                weights.w.len()
            );
            if !dev.is_empty() {
                let tagger = EntityTagger::from_parts(
                    config,
                    words.clone(),
                    quantise(&weights.averaged(step), options.prune, &bundles),
                );
                let score: NerScore = score_documents(&tagger, dev);
                let o = score.overall();
                line.push_str(&format!(
                    "; dev P {:.4} R {:.4} F1 {:.4}",
                    o.precision(),
                    o.recall(),
                    o.f1()
                ));
            }
            report(line);
        }
        let averaged = weights.averaged(step);
        drop(weights);
        if run == 0 {
            ensemble = averaged;
        } else {
            for (k, row) in averaged {
                let e = ensemble.entry(k).or_insert([0.0; NUM_LABELS]);
                for (x, y) in e.iter_mut().zip(row) {
                    *x += y;
                }
            }
        }
    }
    if runs > 1 {
        for row in ensemble.values_mut() {
            for x in row.iter_mut() {
                *x /= runs as f64;
            }
        }
    }
    let table = quantise(&ensemble, options.prune, &bundles);
    EntityTagger::from_parts(config, words, table)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::conll::read;
    use crate::ner::label::Label;

    const TINY: &str = "-DOCSTART- -X- -X- O

Peter NNP B-NP B-PER
Blackburn NNP I-NP I-PER
visited VBD B-VP O
Paris NNP B-NP B-LOC
. . O O

Acme NNP B-NP B-ORG
Corp NNP I-NP I-ORG
hired VBD B-VP O
Mary NNP B-NP B-PER
in IN B-PP O
London NNP B-NP B-LOC
. . O O

The DT B-NP O
German JJ B-NP B-MISC
team NN I-NP O
met VBD B-VP O
Peter NNP B-NP B-PER
. . O O
";

    #[test]
    fn same_seed_same_bytes_and_training_labels_recovered() {
        let docs = read(TINY, "tiny").unwrap();
        let data = [TrainingData::Labelled {
            docs: docs.clone(),
            has_misc: true,
        }];
        let options = NerTrainOptions {
            iterations: 10,
            min_count: 1,
            ..NerTrainOptions::default()
        };
        trains_reproducibly_and_learns(&data, &options, &docs);
    }

    /// Two runs give the same bytes, and the model tags `docs` as labelled.
    fn trains_reproducibly_and_learns(
        data: &[TrainingData],
        options: &NerTrainOptions,
        docs: &[Document],
    ) {
        let bytes = || {
            let t = train(data, &[], options, &mut |_| {});
            let mut v = Vec::new();
            t.write(&mut v).unwrap();
            v
        };
        let a = bytes();
        assert_eq!(a, bytes());
        let tagger = EntityTagger::read(&a[..]).unwrap();
        for s in docs.iter().flatten() {
            let words: Vec<&str> = s.words.iter().map(String::as_str).collect();
            let mut out: Vec<Label> = Vec::new();
            tagger.tag(&words, &mut out);
            assert_eq!(out, s.labels, "{words:?}");
        }
    }

    #[test]
    fn weaker_web_copies_and_averaged_orders_still_learn_the_data() {
        // A news document and the same sentences as web text (no MISC): the web copies count
        // for half, and three runs in different orders are averaged.
        let docs = read(TINY, "tiny").unwrap();
        let web: Vec<Document> = read(&TINY.replace("B-MISC", "O"), "web").unwrap();
        let data = [
            TrainingData::Labelled {
                docs: docs.clone(),
                has_misc: true,
            },
            TrainingData::Labelled {
                docs: web,
                has_misc: false,
            },
        ];
        let options = NerTrainOptions {
            iterations: 10,
            web_scale: 4,
            orders: 3,
            ..NerTrainOptions::default()
        };
        trains_reproducibly_and_learns(&data, &options, &docs);
    }

    #[test]
    fn raw_text_splits_like_ptb() {
        let mut out = Vec::new();
        split_sentences(
            "He said (quietly) it's \"fine\". Then Mr Brown's cat left!",
            &mut out,
        );
        let got: Vec<String> = out.iter().map(|s| s.join(" ")).collect();
        assert_eq!(
            got,
            [
                "He said ( quietly ) it 's \" fine \" .",
                "Then Mr Brown 's cat left !"
            ]
        );
    }
}
