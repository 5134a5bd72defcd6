//! Training the POS tagger: an averaged perceptron, greedy left to right, as it tags.
//!
//! Each epoch visits the training sentences in a seeded random order and tags them with the
//! current weights exactly as [`PosTagger`] will (same features, same tag dictionary, the
//! tags already predicted to the left and the tags guessed from the tag-independent features
//! to the right as context), updating the weights of the gold and the
//! predicted tag on every mistake. After each epoch the averaged weights are quantised to
//! `i16`, small ones pruned, and the result scored on the development set; the best epoch is
//! kept. The lemmatiser and the tag dictionary are counted from the training set.

use crate::error::Result;
use crate::format::conllu::{Sentence, col};
use crate::tag::features::{Extractor, NC, NF, NFIXED, NX, ahead_values};
use crate::tag::lemma::{KeyMap, Lemmatizer};
use crate::tag::pos::{Entry, PosTagger, best_pair, best_xpos};
use crate::tag::{Upos, Xpos};
use crate::train::SplitMix;
use crate::train::classes::{self, ClusterOptions};
use std::collections::BTreeMap;

/// Training settings.
#[derive(Debug, Clone)]
pub struct Options {
    /// Passes over the training set.
    pub iterations: usize,
    /// Seed of the shuffles.
    pub seed: u64,
    /// Averaged weights smaller than this (in units of the largest weight) are dropped.
    pub prune: f32,
    /// Words seen at least this often ...
    pub dict_min_count: usize,
    /// ... with one tag pair at least this share of the time skip the model.
    pub dict_min_share: f64,
    /// Features seen fewer times in the training data (with gold tags as context) get no
    /// weights: a smaller, faster model that generalises as well.
    pub min_feature_count: u32,
    /// Folds of the jack-knife that guesses the look-ahead tags of the training sentences
    /// (0: guess them with the weights being trained, which have seen the sentence). Off by
    /// default: on EWT dev 5 and 10 folds gave XPOS 94.66% and 94.64% against 94.77%,
    /// since the tagger still guesses from its own weights, whose tag-independent part alone
    /// guesses worse once trained beside realistic guesses.
    pub guess_folds: usize,
    /// Passes of each jack-knife model.
    pub guess_iterations: usize,
    /// Distributional classes.
    pub clusters: ClusterOptions,
    /// Sentences of another corpus with PTB tags only (CoNLL-2003's automatic tags, read
    /// by [`read_conll2003`]), learnt beside the treebank: their features also get a copy of
    /// their own that absorbs the corpus's quirks and is not kept in the model
    /// ("frustratingly easy" domain adaptation, with the treebank's copy being the shared
    /// one). They teach the PTB head only, and count for nothing in the tag dictionary, the
    /// lemmatiser and the word classes.
    pub extra: Vec<Tagged>,
    /// Step size of the updates on [`Options::extra`] sentences.
    pub extra_weight: f32,
    /// Epochs that visit the [`Options::extra`] sentences (the first ones).
    pub extra_epochs: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            iterations: 14,
            seed: 1,
            prune: 2e-4,
            dict_min_count: 10,
            dict_min_share: 0.98,
            min_feature_count: 2,
            guess_folds: 0,
            guess_iterations: 5,
            clusters: ClusterOptions::default(),
            extra: Vec::new(),
            extra_weight: 1.0,
            extra_epochs: usize::MAX,
        }
    }
}

/// One training sentence: folded-form words and gold tags.
struct Gold {
    words: Vec<String>,
    tags: Vec<(Xpos, Upos)>,
    /// From [`Options::extra`]: the universal tags are placeholders.
    extra: bool,
}

/// A sentence with PTB tags alone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tagged {
    /// The words.
    pub words: Vec<String>,
    /// Their tags.
    pub tags: Vec<Xpos>,
}

/// The sentences of a CoNLL-2003 file (`word POS chunk NER` lines) with their PTB tags in the
/// treebank's spelling: brackets become `-LRB-`/`-RRB-`, straight double quotes alternate
/// between `` and '' within a sentence, `NN|SYM` is `NN`. Document separators are skipped,
/// and so are sentences with a tag the treebank does not use.
#[must_use]
pub fn read_conll2003(text: &str) -> Vec<Tagged> {
    let mut out = Vec::new();
    let mut cur = Tagged {
        words: Vec::new(),
        tags: Vec::new(),
    };
    let mut bad = false;
    let mut quotes = 0;
    let mut flush = |cur: &mut Tagged, bad: &mut bool, quotes: &mut usize| {
        if !cur.words.is_empty() && !*bad {
            out.push(cur.clone());
        }
        cur.words.clear();
        cur.tags.clear();
        *bad = false;
        *quotes = 0;
    };
    for line in text.lines() {
        let mut cols = line.split(' ');
        let (Some(word), Some(tag)) = (cols.next(), cols.next()) else {
            flush(&mut cur, &mut bad, &mut quotes);
            continue;
        };
        if word == "-DOCSTART-" {
            continue;
        }
        let tag = match tag {
            "(" => Some(Xpos::LRB),
            ")" => Some(Xpos::RRB),
            "\"" => {
                quotes += 1;
                Some(if quotes % 2 == 1 {
                    Xpos::OpenQuote
                } else {
                    Xpos::CloseQuote
                })
            }
            "NN|SYM" => Some(Xpos::NN),
            t => Xpos::parse(t),
        };
        match tag {
            Some(t) => {
                cur.words.push(word.to_owned());
                cur.tags.push(t);
            }
            None => bad = true,
        }
    }
    flush(&mut cur, &mut bad, &mut quotes);
    out
}

fn gold(sentences: &[Sentence]) -> Vec<Gold> {
    sentences
        .iter()
        .map(|s| {
            let mut g = Gold {
                words: Vec::new(),
                tags: Vec::new(),
                extra: false,
            };
            for r in s.words() {
                g.words.push(r.form().to_owned());
                g.tags.push((
                    Xpos::parse(&r.cols[col::XPOS]).unwrap_or_default(),
                    Upos::parse(&r.cols[col::UPOS]).unwrap_or_default(),
                ));
            }
            g
        })
        .filter(|g| !g.words.is_empty())
        .collect()
}

fn gold_extra(extra: &[Tagged]) -> impl Iterator<Item = Gold> + '_ {
    extra.iter().map(|t| Gold {
        words: t.words.clone(),
        tags: t.tags.iter().map(|&x| (x, x.to_upos())).collect(),
        extra: true,
    })
}

/// The [`Options::extra`] corpus's own copy of feature `f`.
#[inline]
fn domain_copy(f: u64) -> u64 {
    crate::tag::features::finish(f ^ 0x6a09_e667_f3bc_c908)
}

#[derive(Debug, Clone, Copy)]
struct Weight {
    class: u8,
    w: f32,
    total: f64,
    stamp: u32,
}

/// Perceptron weights with lazy averaging.
#[derive(Default)]
struct Perceptron {
    /// When set, only these features get weights.
    allowed_features: Option<KeyMap<u32>>,
    index: KeyMap<u32>,
    rows: Vec<Vec<Weight>>,
    time: u32,
}

impl Perceptron {
    fn score(&self, feats: &[u64], scores: &mut [f32; NC]) {
        *scores = [0.0; NC];
        self.add_scores(feats, scores);
    }

    fn add_scores(&self, feats: &[u64], scores: &mut [f32; NC]) {
        for f in feats {
            if let Some(&r) = self.index.get(f) {
                for w in &self.rows[r as usize] {
                    scores[usize::from(w.class)] += w.w;
                }
            }
        }
    }

    fn update(&mut self, feats: &[u64], class: usize, delta: f32) {
        let now = self.time;
        for f in feats {
            if self
                .allowed_features
                .as_ref()
                .is_some_and(|a| !a.contains_key(f))
            {
                continue;
            }
            let next = self.rows.len() as u32;
            let r = *self.index.entry(*f).or_insert(next);
            if r == next {
                self.rows.push(Vec::new());
            }
            let row = &mut self.rows[r as usize];
            let pos = match row.iter().position(|w| usize::from(w.class) == class) {
                Some(p) => p,
                None => {
                    row.push(Weight {
                        class: class as u8,
                        w: 0.0,
                        total: 0.0,
                        stamp: now,
                    });
                    row.len() - 1
                }
            };
            let w = &mut row[pos];
            w.total += f64::from(now - w.stamp) * f64::from(w.w);
            w.stamp = now;
            w.w += delta;
        }
    }

    /// A copy holding the averaged weights, to score with.
    fn averaged(&self) -> Perceptron {
        let now = f64::from(self.time.max(1));
        let rows = self
            .rows
            .iter()
            .map(|row| {
                row.iter()
                    .map(|w| Weight {
                        w: ((w.total + (now - f64::from(w.stamp)) * f64::from(w.w)) / now) as f32,
                        ..*w
                    })
                    .collect()
            })
            .collect();
        Perceptron {
            allowed_features: None,
            index: self.index.clone(),
            rows,
            time: self.time,
        }
    }

    /// Averaged weights, quantised, keys sorted.
    fn quantised(&self, prune: f32) -> Vec<(u64, Vec<Entry>)> {
        let now = f64::from(self.time.max(1));
        let avg =
            |w: &Weight| ((w.total + (now - f64::from(w.stamp)) * f64::from(w.w)) / now) as f32;
        let max = self
            .rows
            .iter()
            .flatten()
            .map(|w| avg(w).abs())
            .fold(0.0f32, f32::max)
            .max(1e-9);
        let scale = 32767.0 / max;
        let mut keys: Vec<(u64, u32)> = self.index.iter().map(|(&k, &r)| (k, r)).collect();
        keys.sort_unstable();
        keys.into_iter()
            .filter_map(|(k, r)| {
                let mut row: Vec<Entry> = self.rows[r as usize]
                    .iter()
                    .filter_map(|w| {
                        let a = avg(w);
                        (a.abs() >= prune * max).then(|| Entry {
                            class: w.class,
                            weight: (a * scale).round().clamp(-32767.0, 32767.0) as i16,
                        })
                    })
                    .filter(|e| e.weight != 0)
                    .collect();
                row.sort_by_key(|e| e.class);
                (!row.is_empty()).then_some((k, row))
            })
            .collect()
    }
}

/// The tags guessed for each word of `ex`'s sentence from the tag-independent features
/// alone, as [`PosTagger`] guesses them: the tag dictionary's, else the best scoring.
/// With `domain`, the extra corpus's own weights are added, for its own copy of the features.
fn guess(
    ex: &Extractor,
    model: &Perceptron,
    domain: Option<&Perceptron>,
    tagdict: &KeyMap<(Xpos, Upos)>,
    out: &mut Vec<u8>,
) {
    out.clear();
    let mut fixed = [0u64; NFIXED];
    let mut scores = [0f32; NC];
    for i in 0..ex.len() {
        let x = match tagdict.get(&ex.form_key(i)) {
            Some(&(x, _)) => x as usize,
            None => {
                ex.fixed_features(i, &mut fixed);
                model.score(&fixed, &mut scores);
                if let Some(d) = domain {
                    let copy = fixed.map(domain_copy);
                    d.add_scores(&copy, &mut scores);
                }
                best_xpos(&scores)
            }
        };
        out.push(x as u8);
    }
}

/// Tag pairs seen with each PTB tag, and the tag dictionary of frequent unambiguous words.
fn count_tags(
    data: &[Gold],
    ex: &mut Extractor,
    clusters: &KeyMap<u16>,
    opts: &Options,
) -> ([u32; NX], KeyMap<(Xpos, Upos)>) {
    let mut allowed = [0u32; NX];
    let mut counts: BTreeMap<u64, BTreeMap<(Xpos, Upos), usize>> = BTreeMap::new();
    for g in data {
        ex.prepare(g.words.iter().map(String::as_str), clusters);
        for (i, &(x, u)) in g.tags.iter().enumerate() {
            allowed[x as usize] |= 1 << (u as u32);
            *counts
                .entry(ex.form_key(i))
                .or_default()
                .entry((x, u))
                .or_default() += 1;
        }
    }
    let mut dict = KeyMap::default();
    for (k, pairs) in counts {
        let n: usize = pairs.values().sum();
        let Some((&pair, &top)) = pairs
            .iter()
            .max_by_key(|(p, c)| (**c, std::cmp::Reverse(**p)))
        else {
            continue;
        };
        if n >= opts.dict_min_count && top as f64 >= opts.dict_min_share * n as f64 {
            dict.insert(k, pair);
        }
    }
    (allowed, dict)
}

/// What every pass of a training run reads.
struct Setup<'a> {
    data: &'a [Gold],
    clusters: &'a KeyMap<u16>,
    tagdict: &'a KeyMap<(Xpos, Upos)>,
    allowed: &'a [u32; NX],
    extra_weight: f32,
}

/// One pass of the perceptron over the sentences `order`, tagging them as [`PosTagger`]
/// does. The look-ahead guesses are `guesses[s]` for sentence `s` where given, else those of
/// the weights being trained. Returns (right, total) PTB tags while learning.
fn learn(
    setup: &Setup,
    model: &mut Perceptron,
    domain: &mut Perceptron,
    order: &[usize],
    guesses: Option<&[Vec<u8>]>,
) -> (usize, usize) {
    let mut ex = Extractor::default();
    let mut feats = [0u64; NF];
    let mut scores = [0f32; NC];
    let mut own = Vec::new();
    let (mut right, mut total) = (0usize, 0usize);
    for &s in order {
        let g = &setup.data[s];
        ex.prepare(g.words.iter().map(String::as_str), setup.clusters);
        let guesses = match guesses.filter(|_| !g.extra) {
            Some(all) => &all[s],
            None => {
                guess(
                    &ex,
                    model,
                    g.extra.then_some(&*domain),
                    setup.tagdict,
                    &mut own,
                );
                &own
            }
        };
        let (mut p1, mut p2) = (None, None);
        for (i, &(gx, gu)) in g.tags.iter().enumerate() {
            let pred = match setup.tagdict.get(&ex.form_key(i)) {
                Some(&pair) => pair,
                None => {
                    ex.features(i, (p1, p2), ahead_values(guesses, i), &mut feats);
                    model.score(&feats, &mut scores);
                    let copy = feats.map(domain_copy);
                    if g.extra {
                        domain.add_scores(&copy, &mut scores);
                    }
                    let (px, pu) = best_pair(&scores, setup.allowed);
                    // The universal head learns without the pairing constraint.
                    let mut bu = 0;
                    for u in 1..NC - NX {
                        if scores[NX + u] > scores[NX + bu] {
                            bu = u;
                        }
                    }
                    model.time += 1;
                    if g.extra {
                        domain.time = model.time;
                        if px != gx {
                            let step = setup.extra_weight;
                            model.update(&feats, gx as usize, step);
                            model.update(&feats, px as usize, -step);
                            domain.update(&copy, gx as usize, step);
                            domain.update(&copy, px as usize, -step);
                        }
                    } else if px != gx {
                        model.update(&feats, gx as usize, 1.0);
                        model.update(&feats, px as usize, -1.0);
                    }
                    if g.extra {
                        // No universal tags to learn from.
                    } else if bu != gu as usize {
                        model.update(&feats, NX + gu as usize, 1.0);
                        model.update(&feats, NX + bu, -1.0);
                    }
                    (px, pu)
                }
            };
            right += usize::from(pred.0 == gx);
            total += 1;
            p2 = p1;
            p1 = Some(pred.0 as u8);
        }
    }
    (right, total)
}

/// Look-ahead guesses for every training sentence from a model that has not seen it: the
/// sentences are dealt into `opts.guess_folds` folds, and a model trained on the others
/// guesses each fold's tags as [`PosTagger`] guesses unseen text. Guesses from the weights
/// being trained would be too good on their own training sentences, and the look-ahead
/// features learnt from them would be trusted more than they deserve.
fn jackknife_guesses(setup: &Setup, seen: &KeyMap<u32>, opts: &Options) -> Vec<Vec<u8>> {
    let n = setup.data.len();
    let folds = opts.guess_folds.max(2);
    let mut out = vec![Vec::new(); n];
    let mut rng = SplitMix::new(opts.seed ^ 0x9e37_79b9_7f4a_7c15);
    let mut ex = Extractor::default();
    for k in 0..folds {
        let mut model = Perceptron {
            allowed_features: Some(seen.clone()),
            ..Perceptron::default()
        };
        let mut order: Vec<usize> = (0..n).filter(|s| s % folds != k).collect();
        for _ in 0..opts.guess_iterations.max(1) {
            rng.shuffle_scaled(&mut order);
            learn(setup, &mut model, &mut Perceptron::default(), &order, None);
        }
        let model = model.averaged();
        for s in (0..n).filter(|s| s % folds == k) {
            let g = &setup.data[s];
            ex.prepare(g.words.iter().map(String::as_str), setup.clusters);
            guess(&ex, &model, None, setup.tagdict, &mut out[s]);
        }
    }
    out
}

/// Trains a tagger on `train`, keeping the epoch that scores best on `dev` (or the last
/// epoch without one). `raw` is unannotated text (news articles) whose words, together with
/// the treebank's, are grouped into distributional classes. `progress` receives one line per
/// epoch.
///
/// # Errors
/// None at present; the signature leaves room for data checks.
pub fn train(
    train: &[Sentence],
    dev: Option<&[Sentence]>,
    raw: &[String],
    opts: &Options,
    progress: &mut dyn FnMut(String),
) -> Result<PosTagger> {
    let data = gold(train);
    let mut texts: Vec<Vec<&str>> = raw
        .iter()
        .map(|t| {
            let mut v = Vec::new();
            classes::rough_tokens(t, &mut v);
            v
        })
        .collect();
    texts.extend(
        data.iter()
            .map(|g| g.words.iter().map(String::as_str).collect()),
    );
    let clusters = &classes::train_clusters(&texts, &opts.clusters);
    progress(format!(
        "{} words of raw text, {} words in distributional classes",
        texts.iter().map(Vec::len).sum::<usize>(),
        clusters.len()
    ));
    let mut ex = Extractor::default();
    let (allowed, tagdict) = count_tags(&data, &mut ex, clusters, opts);
    let lemmatizer = Lemmatizer::train(train.iter().flat_map(|s| {
        s.words().map(|r| {
            (
                r.form(),
                Xpos::parse(&r.cols[col::XPOS]).unwrap_or_default(),
                r.cols[col::LEMMA].as_str(),
            )
        })
    }));
    progress(format!(
        "{} sentences, {} tag-dictionary words, {} lemma exceptions",
        data.len(),
        tagdict.len(),
        lemmatizer.sizes().0
    ));
    let treebank = data.len();
    let mut data = data;
    data.extend(gold_extra(&opts.extra));
    if !opts.extra.is_empty() {
        progress(format!(
            "{} extra sentences, {} words",
            opts.extra.len(),
            opts.extra.iter().map(|t| t.words.len()).sum::<usize>()
        ));
    }
    let mut model = Perceptron::default();
    let mut domain = Perceptron::default();
    let mut seen: KeyMap<u32> = KeyMap::default();
    let mut feats = [0u64; NF];
    let mut gold_x = Vec::new();
    for g in &data {
        ex.prepare(g.words.iter().map(String::as_str), clusters);
        gold_x.clear();
        gold_x.extend(g.tags.iter().map(|t| t.0 as u8));
        for i in 0..g.tags.len() {
            let p1 = i.checked_sub(1).map(|j| g.tags[j].0 as u8);
            let p2 = i.checked_sub(2).map(|j| g.tags[j].0 as u8);
            ex.features(i, (p1, p2), ahead_values(&gold_x, i), &mut feats);
            for f in feats {
                *seen.entry(f).or_default() += 1;
            }
        }
    }
    seen.retain(|_, n| *n >= opts.min_feature_count);
    let setup = Setup {
        data: &data,
        clusters,
        tagdict: &tagdict,
        allowed: &allowed,
        extra_weight: opts.extra_weight,
    };
    let fixed_guesses = (opts.guess_folds > 1).then(|| jackknife_guesses(&setup, &seen, opts));
    if let Some(guesses) = &fixed_guesses {
        let (right, total) = data.iter().zip(guesses).fold((0, 0), |(r, t), (g, p)| {
            let r2 = g
                .tags
                .iter()
                .zip(p)
                .filter(|(a, b)| a.0 as u8 == **b)
                .count();
            (r + r2, t + p.len())
        });
        progress(format!(
            "{}-fold look-ahead guesses: {:.2}% right",
            opts.guess_folds,
            100.0 * right as f64 / f64::from(u32::try_from(total).unwrap_or(u32::MAX).max(1))
        ));
    }
    model.allowed_features = Some(seen);
    let mut order: Vec<usize> = (0..data.len()).collect();
    let mut rng = SplitMix::new(opts.seed);
    let mut best: Option<(f64, PosTagger)> = None;
    for epoch in 1..=opts.iterations.max(1) {
        if epoch > opts.extra_epochs {
            order.retain(|&s| s < treebank);
        }
        rng.shuffle_scaled(&mut order);
        let (right, total) = learn(
            &setup,
            &mut model,
            &mut domain,
            &order,
            fixed_guesses.as_deref(),
        );
        let tagger = PosTagger::from_parts(
            model.quantised(opts.prune),
            tagdict.clone(),
            clusters.clone(),
            allowed,
            lemmatizer.clone(),
        );
        let mut line = format!(
            "epoch {epoch}: train XPOS {:.2}% (while learning), {} features",
            100.0 * right as f64 / total.max(1) as f64,
            tagger.sizes().0
        );
        let score = match dev {
            Some(dev) => {
                let s = crate::eval::pos::evaluate(&tagger, dev);
                line.push_str(&format!("; dev {s}"));
                s.xpos_accuracy() + s.upos_accuracy()
            }
            None => epoch as f64,
        };
        progress(line);
        if best.as_ref().is_none_or(|(b, _)| score > *b) {
            best = Some((score, tagger));
        }
    }
    let Some((_, tagger)) = best else {
        unreachable!("at least one epoch runs")
    };
    Ok(tagger)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::conllu::read_all;

    /// Builds a CoNLL-U block from `word/XPOS/UPOS/lemma` items.
    fn conllu(sentences: &[&str]) -> String {
        let mut out = String::new();
        for s in sentences {
            for (i, item) in s.split(' ').enumerate() {
                let p: Vec<&str> = item.split('/').collect();
                out.push_str(&format!(
                    "{}\t{}\t{}\t{}\t{}\t_\t0\tdep\t_\t_\n",
                    i + 1,
                    p[0],
                    p[3],
                    p[2],
                    p[1]
                ));
            }
            out.push('\n');
        }
        out
    }

    const TINY: &[&str] = &[
        "The/DT/DET/the White/NNP/PROPN/White House/NNP/PROPN/House defended/VBD/VERB/defend the/DT/DET/the tweets/NNS/NOUN/tweet ././PUNCT/.",
        "Sessions/NNP/PROPN/Sessions did/VBD/AUX/do n't/RB/PART/not resign/VB/VERB/resign ././PUNCT/.",
        "Reporters/NNS/NOUN/reporter asked/VBD/VERB/ask the/DT/DET/the spokesman/NN/NOUN/spokesman about/IN/ADP/about the/DT/DET/the investigation/NN/NOUN/investigation ././PUNCT/.",
        "He/PRP/PRON/he said/VBD/VERB/say that/IN/SCONJ/that the/DT/DET/the director/NN/NOUN/director was/VBD/AUX/be fired/VBN/VERB/fire ././PUNCT/.",
        "That/DT/PRON/that is/VBZ/AUX/be the/DT/DET/the question/NN/NOUN/question ././PUNCT/.",
    ];

    fn train_tiny(seed: u64) -> (Vec<Sentence>, PosTagger) {
        let data = read_all(conllu(TINY).as_bytes(), "tiny").unwrap();
        let opts = Options {
            seed,
            iterations: 8,
            ..Options::default()
        };
        let raw = vec!["The spokesman defended the director. The director resigned.".to_owned()];
        let tagger = train(&data, Some(&data), &raw, &opts, &mut |_| {}).unwrap();
        (data, tagger)
    }

    fn bytes(t: &PosTagger) -> Vec<u8> {
        let mut v = Vec::new();
        t.write(&mut v).unwrap();
        v
    }

    #[test]
    fn same_seed_same_bytes() {
        let (_, a) = train_tiny(7);
        let (_, b) = train_tiny(7);
        assert_eq!(bytes(&a), bytes(&b));
    }

    #[test]
    fn tags_its_own_training_sentences() {
        let (data, tagger) = train_tiny(1);
        let scores = crate::eval::pos::evaluate(&tagger, &data);
        assert_eq!(scores.xpos, scores.tokens, "{scores}");
        assert_eq!(scores.upos, scores.tokens, "{scores}");
        assert_eq!(scores.lemma, scores.tokens, "{scores}");
    }

    #[test]
    fn jackknifed_guesses_are_reproducible() {
        let data = read_all(conllu(TINY).as_bytes(), "tiny").unwrap();
        let opts = Options {
            guess_folds: 2,
            guess_iterations: 2,
            iterations: 4,
            ..Options::default()
        };
        let run = || bytes(&train(&data, None, &[], &opts, &mut |_| {}).unwrap());
        assert_eq!(run(), run());
    }

    #[test]
    fn reads_conll2003_tags_in_treebank_spelling() {
        let text = "-DOCSTART- -X- -X- O\n\nEU NNP B-NP B-ORG\n( ( O O\n\" \" O O\nsays VBZ B-VP O\n\" \" O O\n) ) O O\n\nodd ?? O O\n\nfine JJ B-ADJP O\n";
        let got = read_conll2003(text);
        let tags: Vec<Vec<&str>> = got
            .iter()
            .map(|t| t.tags.iter().map(|x| x.as_str()).collect())
            .collect();
        assert_eq!(
            tags,
            [vec!["NNP", "-LRB-", "``", "VBZ", "''", "-RRB-"], vec!["JJ"]]
        );
        assert_eq!(got[0].words, ["EU", "(", "\"", "says", "\"", ")"]);
    }

    #[test]
    fn extra_tagged_sentences_train_reproducibly() {
        let data = read_all(conllu(TINY).as_bytes(), "tiny").unwrap();
        let opts = Options {
            extra: read_conll2003("The DT\ndirector NN\nresigned VBD\n. .\n"),
            iterations: 4,
            ..Options::default()
        };
        let run = || bytes(&train(&data, None, &[], &opts, &mut |_| {}).unwrap());
        assert_eq!(run(), run());
        let plain = Options {
            extra: Vec::new(),
            ..opts.clone()
        };
        assert_ne!(
            run(),
            bytes(&train(&data, None, &[], &plain, &mut |_| {}).unwrap())
        );
    }

    #[test]
    fn written_model_reads_back() {
        let (_, tagger) = train_tiny(1);
        let bytes = bytes(&tagger);
        assert_eq!(PosTagger::read(&bytes[..]).unwrap(), tagger);
        for cut in [0, 10, bytes.len() / 2, bytes.len() - 1] {
            assert!(PosTagger::read(&bytes[..cut]).is_err(), "cut at {cut}");
        }
    }
}
