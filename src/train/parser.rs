//! Training the dependency parser: averaged perceptron, best iteration chosen on the
//! development set; greedily with a dynamic oracle and error exploration, or (`beam` > 1)
//! globally with beam search and max-violation updates against the static oracle's moves.
//!
//! Non-projective training trees are made projective by lifting their crossing arcs to the
//! head's head (labels unchanged) before training, since the arc-hybrid oracle assumes a
//! projective tree. The vocabulary is every lower-cased training word seen at least twice;
//! rarer words train the unknown-word weights.

use super::SplitMix as Rng;
use crate::error::Result;
use crate::eval::parse::{Attachment, TagFn, score};
use crate::format::conllu;
use crate::parse::features::{
    self, Atoms, LABEL_FEATURES, MAX_FEATURES, MAX_VOCAB, W_FIRST, W_UNKNOWN,
};
use crate::parse::system::{Move, NONE, State};
use crate::parse::treebank;
use crate::parse::treebank::Sentence;
use crate::parse::weights::{Cell, Row, Weights, spread};
use crate::parse::{
    Candidate, FxMap, FxSet, MAX_LABELS, Parser, best_label, best_move, intern_label, keep_best,
    normalise,
};
use crate::tag::pos::PosTagger;
use crate::tag::{Upos, Xpos};
use crate::train::pos;

/// Training settings.
#[derive(Debug, Clone)]
pub struct Config {
    /// Seed for shuffling and exploration.
    pub seed: u64,
    /// Passes over the training data.
    pub iterations: usize,
    /// From this pass on, follow the model's own (possibly wrong) move ...
    pub explore_from: usize,
    /// ... with this probability.
    pub explore_p: f64,
    /// Words seen fewer times than this are unknown words.
    pub min_word_count: usize,
    /// Jack-knifing: train the POS tagger on all folds but one and tag the held-out fold
    /// with it, so the parser learns from tags as wrong as at run time; 0 keeps gold tags.
    pub folds: usize,
    /// Largest number of weights kept (the largest in magnitude) while training.
    pub max_cells: usize,
    /// Features kept in the written model ([`Parser::prune`]), to bound the file size.
    pub final_features: usize,
    /// Label weights kept in the written model ([`Parser::prune`]).
    pub final_weights: usize,
    /// Feature templates left out (template numbers as in [`features::extract`]).
    pub drop_templates: Vec<u8>,
    /// A file of jack-knifed training tags: read when it exists and fits the training
    /// sentences, else written once jack-knifing is done. Jack-knifing trains `folds` POS
    /// taggers and takes most of the training time, so experiments with the parser alone
    /// reuse its tags.
    pub jackknifed: Option<std::path::PathBuf>,
    /// Where to write the best model so far (unpruned) after each iteration that improves
    /// dev LAS, so that a long run can be stopped early: its file is the model that a run
    /// with that many iterations would give before pruning.
    pub checkpoint: Option<std::path::PathBuf>,
    /// Beam width: 1 trains greedily (dynamic oracle, exploration); wider beams train
    /// globally with max-violation updates, and the model parses with that beam.
    pub beam: usize,
    /// Train only the weights a (pruned) model has: its features' move weights and its
    /// label cells. Pruning a trained model drops many small weights that the others were
    /// trained to work with; training again with only the kept ones lets them make up
    /// for the loss, for a model of the same size.
    pub restrict_to: Option<Restriction>,
}

/// The weights a training run may learn (see [`Config::restrict_to`]), from a model's
/// feature keys: all move weights of a kept feature, and the label cells it keeps.
#[derive(Debug, Clone, Default)]
pub struct Restriction {
    moves: FxSet<u64>,
    cells: FxSet<(u64, u8)>,
}

impl Restriction {
    /// The weights `parser` has (as trained with the same treebank, so that its feature
    /// keys mean the same words).
    pub fn of(parser: &Parser) -> Self {
        let mut r = Restriction::default();
        for (key, moves, cells) in parser.weights.rows() {
            if moves != [0; 3] {
                r.moves.insert(key);
            }
            r.cells.extend(cells.iter().map(|c| (key, c.class)));
        }
        r
    }
}

impl Default for Config {
    fn default() -> Self {
        Config {
            seed: 1,
            iterations: 15,
            explore_from: 1,
            explore_p: 0.9,
            min_word_count: 2,
            folds: 10,
            max_cells: 1_500_000,
            final_features: 200_000,
            final_weights: 300_000,
            drop_templates: Vec::new(),
            jackknifed: None,
            checkpoint: None,
            beam: 1,
            restrict_to: None,
        }
    }
}

#[derive(Debug, Clone, Copy)]
struct TCell {
    class: u8,
    w: i32,
    ts: u32,
    total: i64,
}

/// Perceptron weights with lazy averaging.
#[derive(Debug, Default)]
struct Perceptron {
    index: FxMap<u64, u32>,
    rows: Vec<Vec<TCell>>,
    now: u32,
    /// Which weights may be learnt; `None`: all.
    allowed: Option<Allowed>,
}

/// The weights a restricted [`Perceptron`] learns (see [`Restriction`]).
#[derive(Debug)]
enum Allowed {
    /// Every class of these features.
    Features(FxSet<u64>),
    /// These (feature, class) cells.
    Cells(FxSet<(u64, u8)>),
}

impl Allowed {
    fn allows(&self, feature: u64, class: u8) -> bool {
        match self {
            Allowed::Features(keys) => keys.contains(&feature),
            Allowed::Cells(cells) => cells.contains(&(feature, class)),
        }
    }
}

impl Perceptron {
    fn score(&self, feats: &[u64], scores: &mut [i32]) {
        scores.fill(0);
        for f in feats {
            if let Some(&r) = self.index.get(f) {
                for c in &self.rows[r as usize] {
                    scores[usize::from(c.class)] += c.w;
                }
            }
        }
    }

    fn update(&mut self, feats: &[u64], class: u8, delta: i32) {
        let now = self.now;
        for &f in feats {
            if self.allowed.as_ref().is_some_and(|a| !a.allows(f, class)) {
                continue;
            }
            let next = self.rows.len() as u32;
            let r = *self.index.entry(f).or_insert(next);
            if r == next {
                self.rows.push(Vec::new());
            }
            let row = &mut self.rows[r as usize];
            match row.iter_mut().find(|c| c.class == class) {
                Some(c) => {
                    c.total += i64::from(now - c.ts) * i64::from(c.w);
                    c.ts = now;
                    c.w += delta;
                }
                None => row.push(TCell {
                    class,
                    w: delta,
                    ts: now,
                    total: 0,
                }),
            }
        }
    }

    /// The largest averaged weight in magnitude.
    fn max_average(&self) -> f64 {
        let now = i64::from(self.now.max(1));
        let mut max = 0f64;
        for row in &self.rows {
            for c in row {
                let total = c.total + i64::from(self.now - c.ts) * i64::from(c.w);
                max = f64::max(max, (total as f64 / now as f64).abs());
            }
        }
        max
    }

    /// Averaged weights by key and class, the `max_cells` largest kept (0: all), scaled so
    /// that the largest (or `scale_to`) becomes 32,767 and rounded to `i16`.
    fn averaged(&self, max_cells: usize, scale_to: Option<f64>) -> FxMap<u64, Vec<Cell>> {
        let now = i64::from(self.now.max(1));
        let mut rows: Vec<(u64, Vec<(u8, f64)>)> = Vec::with_capacity(self.rows.len());
        let mut max = 0f64;
        for (&key, &r) in &self.index {
            let mut cells = Vec::new();
            for c in &self.rows[r as usize] {
                let total = c.total + i64::from(self.now - c.ts) * i64::from(c.w);
                let avg = total as f64 / now as f64;
                if avg != 0.0 {
                    max = f64::max(max, avg.abs());
                    cells.push((c.class, avg));
                }
            }
            if !cells.is_empty() {
                rows.push((key, cells));
            }
        }
        let mut sizes: Vec<f64> = rows
            .iter()
            .flat_map(|r| r.1.iter().map(|c| c.1.abs()))
            .collect();
        let threshold = if sizes.len() > max_cells && max_cells > 0 {
            let k = sizes.len() - max_cells;
            *sizes.select_nth_unstable_by(k, f64::total_cmp).1
        } else {
            0.0
        };
        drop(sizes);
        let max = scale_to.unwrap_or(max);
        let scale = if max > 0.0 { 32767.0 / max } else { 1.0 };
        rows.into_iter()
            .filter_map(|(key, cells)| {
                let mut q: Vec<Cell> = cells
                    .into_iter()
                    .filter_map(|(class, w)| {
                        let v = (w * scale).round();
                        (v != 0.0 && w.abs() >= threshold).then(|| Cell {
                            class,
                            weight: v.clamp(-32767.0, 32767.0) as i16,
                        })
                    })
                    .collect();
                q.sort_by_key(|c| c.class);
                (!q.is_empty()).then_some((key, q))
            })
            .collect()
    }
}

/// The weight table of a move model and a label model. With `joint`, both are quantised
/// on one scale, since beam search adds move and label scores; greedy parsing compares
/// moves with moves and labels with labels, so each gets the full `i16` range.
fn combine(
    moves: &Perceptron,
    labels: &Perceptron,
    max_cells: usize,
    n_labels: usize,
    joint: bool,
) -> Weights {
    let max = joint.then(|| moves.max_average().max(labels.max_average()));
    let mut m = moves.averaged(0, max);
    let mut l = labels.averaged(max_cells, max);
    let mut keys: Vec<u64> = m.keys().chain(l.keys()).copied().collect();
    keys.sort_unstable_by_key(|&k| spread(k));
    keys.dedup();
    let rows = keys
        .into_iter()
        .map(|key| {
            let mut w = [0i16; 3];
            for c in m.remove(&key).unwrap_or_default() {
                if let Some(x) = w.get_mut(usize::from(c.class)) {
                    *x = c.weight;
                }
            }
            Row {
                key,
                moves: w,
                cells: l.remove(&key).unwrap_or_default(),
            }
        })
        .collect();
    Weights::new(rows, n_labels)
}

/// A float in `0..1` from 64 random bits.
fn unit(bits: u64) -> f64 {
    (bits >> 11) as f64 / (1u64 << 53) as f64
}

/// Lifts non-projective arcs until the tree is projective. `heads` are 0-based with the
/// root as `heads.len()`.
pub(crate) fn projectivise(heads: &mut [u32]) {
    let n = heads.len() as u32;
    let dominates = |heads: &[u32], h: u32, mut x: u32| -> bool {
        let mut steps = 0;
        while x != n && steps <= n {
            if x == h {
                return true;
            }
            x = heads[x as usize];
            steps += 1;
        }
        h == n
    };
    loop {
        // The shortest non-projective arc.
        let mut worst: Option<(u32, usize)> = None;
        for d in 0..n {
            let h = heads[d as usize];
            if h == n {
                continue;
            }
            let (lo, hi) = if h < d { (h, d) } else { (d, h) };
            let crossing = (lo + 1..hi).any(|k| !dominates(heads, h, k));
            if crossing && worst.is_none_or(|(len, _)| hi - lo < len) {
                worst = Some((hi - lo, d as usize));
            }
        }
        match worst {
            Some((_, d)) => heads[d] = heads[heads[d] as usize],
            None => return,
        }
    }
}

/// A training sentence turned into ids.
struct Example {
    atoms: Atoms,
    gold: Vec<u32>,
    labels: Vec<u8>,
    /// The static oracle's moves and labels (beam training only).
    oracle: Vec<(Move, u8)>,
}

/// The gold move sequence of a projective training tree: arcs as soon as they cost
/// nothing, else shift. Empty when the oracle does not reproduce the tree.
fn oracle_sequence(ex: &Example) -> Vec<(Move, u8)> {
    let mut st = State::default();
    st.start(ex.atoms.words.len() - 1);
    let mut seq = Vec::with_capacity(2 * st.n as usize);
    while !st.is_terminal() {
        let [shift, left, right] = st.costs(&ex.gold);
        let mv = if left == Some(0) {
            Move::Left
        } else if right == Some(0) {
            Move::Right
        } else if shift == Some(0) {
            Move::Shift
        } else {
            return Vec::new();
        };
        let label = if mv == Move::Shift {
            0
        } else {
            ex.labels[st.s(0) as usize]
        };
        seq.push((mv, label));
        st.apply(mv, label);
    }
    let n = st.n as usize;
    if st.heads[..n] != ex.gold[..n] {
        return Vec::new();
    }
    seq
}

/// How beam training went on one sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    /// The best finished hypothesis is the gold sequence: no update.
    Right,
    /// Updated; the gold sequence stayed in the beam to the end.
    Updated,
    /// Updated; the gold sequence fell off the beam on the way.
    GoldLost,
}

/// A hypothesis of beam training: its configuration, score, last node in the history
/// arena, and whether it is the gold sequence so far.
#[derive(Debug, Default, Clone)]
struct THyp {
    state: State,
    score: i64,
    node: u32,
    gold: bool,
}

/// Global training with beam search and max-violation updates (Huang et al. 2012):
/// decode each sentence with the current weights to the end, find the step where the best
/// hypothesis beats the gold prefix by the most, and update towards the gold prefix and
/// away from that hypothesis' prefix.
#[derive(Default)]
struct BeamTrainer<'a> {
    k: usize,
    used: &'a [usize],
    used_labels: usize,
    n_labels: usize,
    beam: Vec<THyp>,
    next: Vec<THyp>,
    candidates: Vec<Candidate>,
    /// History of every hypothesis: parent node, move, label; node 0 is the start.
    nodes: Vec<(u32, Move, u8)>,
    gold_state: State,
    feats: Vec<u64>,
    label_scores: Vec<i32>,
}

impl BeamTrainer<'_> {
    /// The features of `st` (the templates in use) in `self.feats`.
    fn features(&mut self, st: &State, atoms: &Atoms) {
        let mut all = [0u64; MAX_FEATURES];
        let n_all = features::extract(st, atoms, &mut all);
        self.feats.clear();
        self.feats
            .extend(self.used.iter().filter(|&&i| i < n_all).map(|&i| all[i]));
    }

    /// Move scores of the features in `self.feats`, and label scores when an arc is valid.
    fn scores(&mut self, st: &State, moves: &Perceptron, arcs: &Perceptron, ms: &mut [i32; 3]) {
        moves.score(&self.feats, ms);
        if st.can_left() || st.can_right() {
            self.label_scores.resize(2 * self.n_labels, 0);
            let n = self.feats.len().min(self.used_labels);
            arcs.score(&self.feats[..n], &mut self.label_scores);
        }
    }

    /// The label class of an arc.
    fn class(&self, mv: Move, label: u8) -> usize {
        usize::from(label) + if mv == Move::Right { self.n_labels } else { 0 }
    }

    fn sentence(&mut self, ex: &Example, moves: &mut Perceptron, arcs: &mut Perceptron) -> Outcome {
        if ex.oracle.is_empty() {
            return Outcome::Right;
        }
        let n = ex.atoms.words.len() - 1;
        self.nodes.clear();
        self.nodes.push((u32::MAX, Move::Shift, 0));
        self.beam.truncate(1);
        if self.beam.is_empty() {
            self.beam.push(THyp::default());
        }
        self.beam[0].state.start(n);
        self.beam[0].score = 0;
        self.beam[0].node = 0;
        self.beam[0].gold = true;
        self.gold_state.start(n);
        let mut gold_score = 0i64;
        // (violation, step, node) of the largest violation so far.
        let mut worst: Option<(i64, usize, u32)> = None;
        let mut lost = false;
        let mut ms = [0i32; 3];
        for (t, &(gm, gl)) in ex.oracle.iter().enumerate() {
            self.candidates.clear();
            let mut gold_next = None;
            let beam = std::mem::take(&mut self.beam);
            for (from, h) in beam.iter().enumerate() {
                self.features(&h.state, &ex.atoms);
                self.scores(&h.state, moves, arcs, &mut ms);
                for (mv, ok) in [
                    (Move::Shift, h.state.can_shift()),
                    (Move::Left, h.state.can_left()),
                    (Move::Right, h.state.can_right()),
                ] {
                    if !ok {
                        continue;
                    }
                    let (label, ls) = if mv == Move::Shift {
                        (0, 0)
                    } else {
                        let l = best_label(mv, &self.label_scores, self.n_labels);
                        (l, self.label_scores[self.class(mv, l)])
                    };
                    self.candidates.push(Candidate {
                        from,
                        mv,
                        label,
                        score: h.score + i64::from(ms[mv as usize]) + i64::from(ls),
                    });
                }
                if h.gold {
                    let ls = if gm == Move::Shift {
                        0
                    } else {
                        self.label_scores[self.class(gm, gl)]
                    };
                    gold_next = Some(h.score + i64::from(ms[gm as usize]) + i64::from(ls));
                }
            }
            gold_score = match gold_next {
                Some(s) => s,
                None => {
                    let st = std::mem::take(&mut self.gold_state);
                    self.features(&st, &ex.atoms);
                    self.scores(&st, moves, arcs, &mut ms);
                    self.gold_state = st;
                    let ls = if gm == Move::Shift {
                        0
                    } else {
                        self.label_scores[self.class(gm, gl)]
                    };
                    gold_score + i64::from(ms[gm as usize]) + i64::from(ls)
                }
            };
            self.gold_state.apply(gm, gl);
            keep_best(&mut self.candidates, self.k);
            self.next.resize_with(self.candidates.len(), THyp::default);
            for (h, c) in self.next.iter_mut().zip(&self.candidates) {
                let parent = &beam[c.from];
                h.state.clone_from(&parent.state);
                h.state.apply(c.mv, c.label);
                h.score = c.score;
                h.gold = parent.gold && c.mv == gm && (c.mv == Move::Shift || c.label == gl);
                h.node = self.nodes.len() as u32;
                self.nodes.push((parent.node, c.mv, c.label));
            }
            self.beam = beam;
            std::mem::swap(&mut self.beam, &mut self.next);
            lost |= !self.beam.iter().any(|h| h.gold);
            let best = &self.beam[0];
            if !best.gold {
                let v = best.score - gold_score;
                if v >= 0 && worst.is_none_or(|(w, _, _)| v >= w) {
                    worst = Some((v, t + 1, best.node));
                }
            }
        }
        if self.beam[0].gold {
            return Outcome::Right;
        }
        let Some((_, len, node)) = worst else {
            return Outcome::Right;
        };
        // The predicted prefix, from the history.
        let mut predicted = Vec::with_capacity(len);
        let mut x = node;
        while x != 0 {
            let (parent, mv, label) = self.nodes[x as usize];
            predicted.push((mv, label));
            x = parent;
        }
        predicted.reverse();
        let gold = &ex.oracle[..len];
        // The shared prefix has the same features on both sides: its updates cancel.
        let same = gold
            .iter()
            .zip(&predicted)
            .take_while(|(g, p)| g == p)
            .count();
        let mut start = State::default();
        start.start(n);
        for &(mv, label) in &gold[..same] {
            start.apply(mv, label);
        }
        for (seq, delta) in [(gold, 1), (&predicted[..], -1)] {
            let mut st = start.clone();
            for &(mv, label) in &seq[same..] {
                self.features(&st, &ex.atoms);
                moves.update(&self.feats, mv as u8, delta);
                if mv != Move::Shift {
                    let nl = self.feats.len().min(self.used_labels);
                    arcs.update(&self.feats[..nl], self.class(mv, label) as u8, delta);
                }
                st.apply(mv, label);
            }
        }
        if lost {
            Outcome::GoldLost
        } else {
            Outcome::Updated
        }
    }
}

/// Trains a parser on `train` (with the tags in it: gold or jack-knifed), choosing the best
/// iteration by full-label LAS on `dev` when given. `log` receives one line per iteration.
///
/// # Errors
/// [`crate::Error::Io`] when the checkpoint file cannot be written.
pub fn train(
    train: &[Sentence],
    dev: Option<&[Sentence]>,
    mut dev_tagger: Option<&mut TagFn<'_>>,
    cfg: &Config,
    log: &mut dyn FnMut(String),
) -> Result<Parser> {
    // Labels, sorted for determinism; capped at what a class byte holds.
    let mut label_counts: FxMap<&str, usize> = FxMap::default();
    for s in train {
        for l in &s.labels {
            if l != "root" {
                *label_counts.entry(l.as_str()).or_default() += 1;
            }
        }
    }
    let mut labels: Vec<(&str, usize)> = label_counts.into_iter().collect();
    labels.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    labels.truncate(MAX_LABELS - 1);
    let mut labels: Vec<&str> = labels.into_iter().map(|l| l.0).collect();
    labels.push("root");
    labels.sort_unstable();
    let label_id: FxMap<&str, u8> = labels
        .iter()
        .enumerate()
        .map(|(i, &l)| (l, i as u8))
        .collect();
    let root_label = label_id.get("root").copied().unwrap_or(0);

    // Vocabulary.
    let mut word = String::new();
    let mut counts: FxMap<String, usize> = FxMap::default();
    for s in train {
        for w in &s.words {
            normalise(w, &mut word);
            if !word.is_empty() && !word.contains('\n') {
                *counts.entry(word.clone()).or_default() += 1;
            }
        }
    }
    let mut vocab: Vec<(String, usize)> = counts
        .into_iter()
        .filter(|(_, c)| *c >= cfg.min_word_count)
        .collect();
    vocab.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    vocab.truncate(MAX_VOCAB);
    let vocab: Vec<String> = vocab.into_iter().map(|v| v.0).collect();
    let word_id: FxMap<&str, u32> = vocab
        .iter()
        .enumerate()
        .map(|(i, w)| (w.as_str(), i as u32 + W_FIRST))
        .collect();

    let mut examples: Vec<Example> = Vec::with_capacity(train.len());
    let mut lifted = 0usize;
    for s in train {
        let n = s.words.len() as u32;
        let mut atoms = Atoms::default();
        for (w, &t) in s.words.iter().zip(&s.tags) {
            normalise(w, &mut word);
            let id = word_id.get(word.as_str()).copied().unwrap_or(W_UNKNOWN);
            atoms.push(id, &word, t);
        }
        atoms.push_root();
        let mut gold: Vec<u32> = s
            .heads
            .iter()
            .map(|&h| if h == 0 { n } else { h - 1 })
            .collect();
        let before = gold.clone();
        projectivise(&mut gold);
        if before != gold {
            lifted += 1;
        }
        gold.push(NONE);
        let labels = s
            .labels
            .iter()
            .zip(&s.heads)
            .map(|(l, &h)| {
                if h == 0 {
                    root_label
                } else {
                    label_id.get(l.as_str()).copied().unwrap_or(root_label)
                }
            })
            .collect();
        examples.push(Example {
            atoms,
            gold,
            labels,
            oracle: Vec::new(),
        });
    }
    log(format!(
        "{} sentences ({} made projective), {} labels, {} words in the vocabulary",
        examples.len(),
        lifted,
        labels.len(),
        vocab.len()
    ));

    let static_labels: Vec<&'static str> = labels.iter().map(|l| intern_label(l)).collect();
    let n_labels = labels.len();
    let mut moves = Perceptron::default();
    let mut arcs = Perceptron::default();
    if let Some(r) = &cfg.restrict_to {
        moves.allowed = Some(Allowed::Features(r.moves.clone()));
        arcs.allowed = Some(Allowed::Cells(r.cells.clone()));
    }
    let mut rng = Rng::new(cfg.seed);
    let mut order: Vec<usize> = (0..examples.len()).collect();
    let mut st = State::default();
    // Positions of the features used in `extract`'s output, and how many of them score
    // labels.
    let ids = features::template_ids();
    let used: Vec<usize> = (0..ids.len())
        .filter(|&i| !cfg.drop_templates.contains(&ids[i]))
        .collect();
    let used_labels = used.iter().filter(|&&i| i < LABEL_FEATURES).count();
    let mut all = [0u64; MAX_FEATURES];
    let mut feats = [0u64; MAX_FEATURES];
    let mut move_scores = [0i32; 3];
    let mut label_scores = vec![0i32; 2 * n_labels];
    let mut best: Option<(f64, Parser)> = None;
    const MOVES: [Move; 3] = [Move::Shift, Move::Left, Move::Right];
    let mut beam = BeamTrainer {
        k: cfg.beam,
        used: &used,
        used_labels,
        n_labels,
        ..Default::default()
    };
    if cfg.beam > 1 {
        for ex in &mut examples {
            ex.oracle = oracle_sequence(ex);
        }
    }

    for it in 0..cfg.iterations {
        rng.shuffle_scaled(&mut order);
        let (mut steps, mut wrong, mut arcs_made, mut wrong_labels) = (0usize, 0, 0usize, 0);
        for &e in &order {
            let ex = &examples[e];
            if cfg.beam > 1 {
                steps += 1;
                moves.now += 1;
                arcs.now += 1;
                let outcome = beam.sentence(ex, &mut moves, &mut arcs);
                wrong += usize::from(outcome != Outcome::Right);
                wrong_labels += usize::from(outcome == Outcome::GoldLost);
                arcs_made += 1;
                continue;
            }
            st.start(ex.atoms.words.len() - 1);
            while !st.is_terminal() {
                let n_all = features::extract(&st, &ex.atoms, &mut all);
                let mut nf = 0;
                for &i in used.iter().filter(|&&i| i < n_all) {
                    feats[nf] = all[i];
                    nf += 1;
                }
                let feats = &feats[..nf];
                moves.score(feats, &mut move_scores);
                let pred = best_move(&st, &move_scores);
                let costs = st.costs(&ex.gold);
                let min = costs.iter().flatten().copied().min().unwrap_or(0);
                // The best-scoring move among the cheapest.
                let mut gold_best: Option<usize> = None;
                for (i, c) in costs.iter().enumerate() {
                    if *c == Some(min) && gold_best.is_none_or(|g| move_scores[i] > move_scores[g])
                    {
                        gold_best = Some(i);
                    }
                }
                let gold_best = gold_best.unwrap_or(0);
                let p = pred as usize;
                steps += 1;
                moves.now += 1;
                arcs.now += 1;
                let next = if costs[p] == Some(min) {
                    pred
                } else {
                    wrong += 1;
                    moves.update(feats, gold_best as u8, 1);
                    moves.update(feats, p as u8, -1);
                    if it >= cfg.explore_from && unit(rng.next()) < cfg.explore_p {
                        pred
                    } else {
                        MOVES[gold_best]
                    }
                };
                let mut label = 0;
                if next != Move::Shift {
                    let label_feats = &feats[..nf.min(used_labels)];
                    arcs.score(label_feats, &mut label_scores);
                    label = best_label(next, &label_scores, n_labels);
                    // Labels learn only from arcs of the gold tree.
                    let s0 = st.s(0);
                    let g0 = ex.gold[s0 as usize];
                    let head = if next == Move::Left { st.b0 } else { st.s(1) };
                    if g0 == head && head != NONE {
                        arcs_made += 1;
                        let gl = ex.labels[s0 as usize];
                        if label != gl {
                            wrong_labels += 1;
                            let off = if next == Move::Right { n_labels } else { 0 };
                            arcs.update(label_feats, (off + usize::from(gl)) as u8, 1);
                            arcs.update(label_feats, (off + usize::from(label)) as u8, -1);
                            if !(it >= cfg.explore_from && unit(rng.next()) < cfg.explore_p) {
                                label = gl;
                            }
                        }
                    }
                }
                st.apply(next, label);
            }
        }
        let mut parser = Parser::from_parts(
            static_labels.clone(),
            vocab.clone(),
            combine(&moves, &arcs, cfg.max_cells, n_labels, cfg.beam > 1),
        );
        parser.set_trained_beam(cfg.beam);
        // With a beam the two counts are sentences updated and sentences whose gold sequence
        // fell off the beam; greedily, wrong moves and wrong labels.
        let (first, second) = if cfg.beam > 1 {
            ("sentences updated", "with the gold sequence off the beam")
        } else {
            ("moves wrong", "labels wrong")
        };
        let mut line = format!(
            "iteration {}: {:.2}% {first}, {:.2}% {second}, {} features",
            it + 1,
            100.0 * wrong as f64 / steps.max(1) as f64,
            100.0 * wrong_labels as f64 / arcs_made.max(1) as f64,
            parser.feature_count()
        );
        match dev {
            Some(dev) => {
                let a: Attachment = match dev_tagger {
                    Some(ref mut t) => score(&parser, dev, Some(&mut **t)),
                    None => score(&parser, dev, None),
                };
                line.push_str(&format!(
                    "; dev UAS {:.4} LAS {:.4} (universal {:.4})",
                    a.uas(),
                    a.las(),
                    a.las_universal()
                ));
                if best.as_ref().is_none_or(|(las, _)| a.las() > *las) {
                    if let Some(path) = &cfg.checkpoint {
                        write_model(&parser, path)?;
                    }
                    best = Some((a.las(), parser));
                }
            }
            None => best = Some((0.0, parser)),
        }
        log(line);
    }
    Ok(match best {
        Some((_, p)) => p,
        None => {
            let mut p = Parser::from_parts(
                static_labels,
                vocab,
                combine(&moves, &arcs, cfg.max_cells, n_labels, cfg.beam > 1),
            );
            p.set_trained_beam(cfg.beam);
            p
        }
    })
}

/// Replaces the tags of `sentences` by jack-knifed predictions: `folds` contiguous parts,
/// each tagged by a POS tagger trained on the others (with word classes from `raw` text, as
/// the embedded tagger).
///
/// # Errors
/// Whatever POS training returns.
pub fn jackknife(
    gold: &[conllu::Sentence],
    raw: &[String],
    sentences: &mut [Sentence],
    folds: usize,
    seed: u64,
    log: &mut dyn FnMut(String),
) -> Result<()> {
    let n = gold.len();
    let mut tags = Vec::new();
    for k in 0..folds {
        let (lo, hi) = (n * k / folds, n * (k + 1) / folds);
        let rest: Vec<conllu::Sentence> = gold[..lo].iter().chain(&gold[hi..]).cloned().collect();
        let opts = pos::Options {
            seed,
            ..Default::default()
        };
        let tagger = pos::train(&rest, None, raw, &opts, &mut |_| {})?;
        let (mut right, mut total) = (0usize, 0usize);
        for s in &mut sentences[lo..hi] {
            tagger.tag_words(&s.word_strs(), &mut tags);
            for (old, new) in s.tags.iter_mut().zip(&tags) {
                total += 1;
                right += usize::from(old.0 == new.0);
                *old = *new;
            }
        }
        log(format!(
            "jack-knife fold {}/{folds}: XPOS accuracy {:.4} on its {} sentences",
            k + 1,
            right as f64 / total.max(1) as f64,
            hi - lo
        ));
    }
    Ok(())
}

/// The tags of `sentences` as text: `XPOS UPOS` a line, a blank line after each sentence.
fn write_tags(sentences: &[Sentence]) -> String {
    let mut out = String::new();
    for s in sentences {
        for (x, u) in &s.tags {
            out.push_str(&format!("{x} {u}\n"));
        }
        out.push('\n');
    }
    out
}

/// Sets the tags of `sentences` from [`write_tags`]' text; false (and nothing changed) when
/// the text does not have one line for every word of every sentence.
fn read_tags(text: &str, sentences: &mut [Sentence]) -> bool {
    let blocks: Vec<&str> = text.split_terminator("\n\n").collect();
    let fits = blocks.len() == sentences.len()
        && blocks
            .iter()
            .zip(sentences.iter())
            .all(|(b, s)| b.split('\n').filter(|l| !l.is_empty()).count() == s.words.len());
    if !fits {
        return false;
    }
    for (b, s) in blocks.iter().zip(sentences.iter_mut()) {
        for (line, t) in b.split('\n').filter(|l| !l.is_empty()).zip(&mut s.tags) {
            let mut it = line.split(' ');
            let x = it.next().and_then(Xpos::parse).unwrap_or(Xpos::X);
            let u = it.next().and_then(Upos::parse).unwrap_or(Upos::X);
            *t = (x, u);
        }
    }
    true
}

/// Reads the treebanks, jack-knifes the tags (POS taggers with word classes from the
/// `raw` texts, which should be those the embedded tagger used) and trains, choosing the
/// iteration by dev LAS with the embedded tagger's tags. The result is not pruned.
///
/// # Errors
/// [`crate::Error::Io`] / [`crate::Error::Input`] when a treebank cannot be read.
pub fn train_jackknifed(
    train_paths: &[std::path::PathBuf],
    dev_path: Option<&std::path::Path>,
    raw: &[String],
    cfg: &Config,
    log: &mut dyn FnMut(String),
) -> Result<Parser> {
    let mut gold = Vec::new();
    for p in train_paths {
        gold.extend(conllu::read_file(p)?);
    }
    let mut sentences: Vec<Sentence> = gold.iter().map(Sentence::from_conllu).collect();
    if cfg.folds > 1 {
        let cached = cfg
            .jackknifed
            .as_deref()
            .and_then(|p| std::fs::read_to_string(p).ok())
            .is_some_and(|text| read_tags(&text, &mut sentences));
        if cached {
            log("jack-knifed tags read from the cache file".into());
        } else {
            jackknife(&gold, raw, &mut sentences, cfg.folds, cfg.seed, log)?;
            if let Some(p) = &cfg.jackknifed {
                std::fs::write(p, write_tags(&sentences)).map_err(|e| crate::Error::Io {
                    path: p.clone(),
                    source: e,
                })?;
            }
        }
    }
    drop(gold);
    let dev = dev_path.map(treebank::read_file).transpose()?;
    let tagger = PosTagger::embedded();
    let mut tag = |w: &[&str], out: &mut Vec<(Xpos, Upos)>| tagger.tag_words(w, out);
    let dev_tagger: Option<&mut TagFn<'_>> = if cfg.folds > 1 { Some(&mut tag) } else { None };
    train(&sentences, dev.as_deref(), dev_tagger, cfg, log)
}

/// `newsgraph train parser`: [`train_jackknifed`], then [`Parser::prune`] to the
/// configured size, and writes the model to `output`.
///
/// # Errors
/// [`crate::Error::Io`] / [`crate::Error::Input`] when a treebank cannot be read, or the
/// model cannot be written.
pub fn train_files(
    train_paths: &[std::path::PathBuf],
    dev_path: Option<&std::path::Path>,
    raw: &[String],
    output: &std::path::Path,
    cfg: &Config,
    log: &mut dyn FnMut(String),
) -> Result<Parser> {
    let mut parser = train_jackknifed(train_paths, dev_path, raw, cfg, log)?;
    parser.prune(cfg.final_features, cfg.final_weights);
    write_model(&parser, output)?;
    Ok(parser)
}

/// Writes `parser` to the file `path`.
///
/// # Errors
/// [`crate::Error::Io`] when the file cannot be written.
fn write_model(parser: &Parser, path: &std::path::Path) -> Result<()> {
    let io = |e| crate::Error::Io {
        path: path.to_owned(),
        source: e,
    };
    let mut f = std::io::BufWriter::new(std::fs::File::create(path).map_err(io)?);
    parser.write(&mut f).map_err(io)?;
    std::io::Write::flush(&mut f).map_err(io)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jackknifed_tags_read_back_only_onto_the_same_sentences() {
        let tiny = "1\tHe\t_\tPRON\tPRP\t_\t2\tnsubj\t_\t_\n2\tleft\t_\tVERB\tVBD\t_\t0\troot\t_\t_\n\n\
                    1\tGo\t_\tVERB\tVB\t_\t0\troot\t_\t_\n";
        let gold = treebank::read_all(tiny, "tiny").unwrap();
        let mut tagged = gold.clone();
        tagged[0].tags[1] = (Xpos::VBN, Upos::VERB);
        tagged[1].tags[0] = (Xpos::X, Upos::X);
        let text = write_tags(&tagged);
        // (sentences to read onto, expected result)
        let cases: Vec<(Vec<Sentence>, Option<Vec<Sentence>>)> = vec![
            (gold.clone(), Some(tagged.clone())),
            (gold[..1].to_vec(), None),
            (gold[1..].iter().chain(&gold[..1]).cloned().collect(), None),
        ];
        for (mut sentences, expected) in cases {
            let before = sentences.clone();
            let read = read_tags(&text, &mut sentences);
            assert_eq!(read, expected.is_some());
            assert_eq!(sentences, expected.unwrap_or(before));
        }
    }

    #[test]
    fn projectivise_lifts_crossing_arcs() {
        // (heads 0-based, root = len) -> projective heads
        let cases: &[(&[u32], &[u32])] = &[
            (&[1, 3, 1], &[1, 3, 1]),
            // 1 <- 3 crosses 2 (the root word): lift 1 to 3's head.
            (&[2, 3, 4, 2], &[2, 2, 4, 2]),
            // 0 <- 2 crosses 1 (the root word): lifted twice.
            (&[2, 4, 3, 1], &[1, 4, 3, 1]),
        ];
        for (input, expected) in cases {
            let mut h = input.to_vec();
            projectivise(&mut h);
            assert_eq!(&h[..], *expected, "input {input:?}");
        }
    }
}
