//! Dependency parsing: an arc-hybrid parser with an averaged perceptron, beam search or
//! greedy.
//!
//! [`Parser::parse`] fills [`Token::dep`](crate::document::Token) for every token of every
//! sentence from the words and the part-of-speech tags the tagger already set; it does not
//! tag, and it only builds projective trees (non-projective training trees are lifted to
//! projective ones before training). Labels are Universal Dependencies relations with
//! subtypes (`nsubj:pass`, `obl:unmarked`, `acl:relcl`, ...).
//!
//! The transition system ([`system`]) is arc-hybrid with the root at the end of the buffer,
//! over rich feature templates (Zhang and Nivre 2011; [`features`]). Scoring is factored:
//! each step scores the three moves (shift, left, right) with every template, and an arc's
//! labels (only its direction's) with a subset of the templates, instead of scoring all
//! `2L + 1` labelled moves. The embedded model parses with a beam of 4 ([`Parser::beam`]):
//! every step extends each hypothesis by each valid move (an arc with its direction's best
//! label), scored by the sum of its moves' and labels' scores, and keeps the 4 best. It was
//! trained globally on whole move sequences with max-violation updates (Huang et al. 2012).
//! Greedy models (beam 1) are trained with a dynamic oracle and error exploration (Goldberg
//! and Nivre 2013) and choose the move first, then scores only the chosen arc's labels. Weights are pruned and quantised to
//! `i16`, the move weights stored inline in the feature table's slots ([`weights`]); the
//! default model, trained on UD English EWT, is embedded.
//!
//! ```
//! use newsgraph::parse::Parser;
//! use newsgraph::tag::{Upos, Xpos};
//!
//! let words = ["Sessions", "met", "the", "ambassador", "."];
//! let tags = [
//!     (Xpos::NNP, Upos::PROPN),
//!     (Xpos::VBD, Upos::VERB),
//!     (Xpos::DT, Upos::DET),
//!     (Xpos::NN, Upos::NOUN),
//!     (Xpos::Period, Upos::PUNCT),
//! ];
//! let mut deps = Vec::new();
//! Parser::embedded().parse_sentence(&words, &tags, &mut deps);
//! let labels: Vec<&str> = deps.iter().map(|d| d.label).collect();
//! assert_eq!(labels, ["nsubj", "root", "det", "obj", "punct"]);
//! assert_eq!(deps[0].head, Some(1));
//! assert_eq!(deps[1].head, None);
//! ```
//!
//! A news sentence as the embedded tagger and parser read it (`newsgraph tag --input-format
//! conllu --parse`; columns ID, FORM, UPOS, XPOS, HEAD, DEPREL):
//!
//! ```text
//! 1   Former     ADJ    JJ   2   amod
//! 2   Sessions   NOUN   NNS  13  nsubj
//! 3   chief      ADJ    JJ   2   amod
//! 4   of         ADP    IN   5   case
//! 5   staff      NOUN   NN   3   nmod
//! 6   Rick       PROPN  NNP  5   appos
//! 7   Dearborn   PROPN  NNP  6   flat
//! 8   is         AUX    VBZ  13  cop
//! 9   now        ADV    RB   13  advmod
//! 10  Trump      PROPN  NNP  13  nmod:poss
//! 11  's         PART   POS  10  case
//! 12  deputy     NOUN   NN   13  compound
//! 13  chief      NOUN   NN   0   root
//! 14  of         ADP    IN   15  case
//! 15  staff      NOUN   NN   13  nmod
//! 16  .          PUNCT  .    13  punct
//! ```
//!
//! The predicate nominal "chief" is the root, as UD wants, and "Trump" its possessor. The
//! tagger reads the first "chief" as an adjective, so the title before the name comes out
//! wrong: "Sessions" becomes the subject and "Rick Dearborn" an apposition of the first
//! "staff", where UD has "Rick Dearborn" as the subject and "Former Sessions chief of staff"
//! a title before it (`nmod:desc` of "Rick"). (The greedy model before the beam made
//! "Rick" the subject and "Sessions" a second one.) The relation stage reads that title
//! from its noun-phrase chunks, not from the tree.
//!
//! On UD English EWT v2.16 (`newsgraph eval parser FILE`; every word, punctuation included;
//! LAS with full labels such as `nsubj:pass`):
//!
//! | split | tags | UAS | LAS |
//! |---|---|---|---|
//! | dev | predicted (embedded tagger) | 0.8583 | 0.8188 |
//! | dev | gold | 0.8841 | 0.8564 |
//! | test | predicted (embedded tagger) | 0.8600 | 0.8229 |
//! | test | gold | 0.8829 | 0.8567 |
//!
//! The embedded model was trained with
//! `newsgraph train parser --beam 4 --iterations 10 --train en_ewt-ud-train.conllu --dev
//! en_ewt-ud-dev.conllu --unlabeled bbc-news.jsonl --drop-templates 73,16,18,19,74,85,4,28`
//! (10-fold jack-knifed tags from POS taggers trained like the embedded one, best dev
//! iteration kept: the 8th; 77 of the 85 templates, the 8 left out chosen by the
//! `ablate_parser` example on a greedy model), then pruned with the `prune_parser` example
//! to 130,000 move-only features and 220,000 label weights (255,188 features, 4.8 MB).

pub(crate) mod cache;
pub(crate) mod features;
pub(crate) mod system;
pub mod treebank;
pub(crate) mod weights;

use crate::document::{Dep, Document};
use crate::error::{Error, Result};
use crate::format::conllu::{self, col};
use crate::model::{ModelReader, ModelWriter};
use crate::tag::{Upos, Xpos};
use cache::{Cache, Group};
use features::{Atoms, Context, MAX_FEATURES, W_FIRST, W_UNKNOWN};
use std::cell::RefCell;
use std::collections::HashMap;
use std::hash::BuildHasherDefault;
use std::io::{Read, Write};
use std::sync::LazyLock;
use system::{Arena, Compact, Move, NONE, State};
use weights::{Cell, Row, Slot, Weights};

/// Name and version in the model file header.
const MODEL_NAME: &str = "parser";
const MODEL_VERSION: u32 = 4;

/// The previous version, without the beam width (read as a greedy model).
const MODEL_VERSION_GREEDY: u32 = 3;

/// Widest beam a model file may ask for.
pub const MAX_BEAM: usize = 64;

/// Most labels a model may have (left and right label classes must fit in a `u8`).
pub(crate) const MAX_LABELS: usize = 127;

/// A small fast hasher for short keys (the Firefox/rustc "Fx" hash); the word lists of
/// [`crate::lexicon`] use it too.
#[derive(Debug, Default, Clone, Copy)]
pub struct FxHasher(u64);

impl std::hash::Hasher for FxHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut b = [0u8; 8];
            b.copy_from_slice(c);
            self.write_u64(u64::from_le_bytes(b));
        }
        for &b in chunks.remainder() {
            self.write_u64(u64::from(b));
        }
    }
    #[inline]
    fn write_u64(&mut self, v: u64) {
        self.0 = (self.0.rotate_left(5) ^ v).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
    #[inline]
    fn write_u8(&mut self, v: u8) {
        self.write_u64(u64::from(v));
    }
    #[inline]
    fn write_usize(&mut self, v: usize) {
        self.write_u64(v as u64);
    }
    #[inline]
    fn finish(&self) -> u64 {
        self.0
    }
}

/// A `HashMap` with [`FxHasher`].
pub(crate) type FxMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;
/// A set hashed like [`FxMap`].
pub(crate) type FxSet<K> = std::collections::HashSet<K, BuildHasherDefault<FxHasher>>;

/// The UD relations of English, so that model labels become `&'static str` without leaking.
const KNOWN_LABELS: &[&str] = &[
    "acl",
    "acl:relcl",
    "advcl",
    "advcl:relcl",
    "advmod",
    "amod",
    "appos",
    "aux",
    "aux:pass",
    "case",
    "cc",
    "cc:preconj",
    "ccomp",
    "clf",
    "compound",
    "compound:prt",
    "conj",
    "cop",
    "csubj",
    "csubj:outer",
    "csubj:pass",
    "dep",
    "det",
    "det:predet",
    "discourse",
    "dislocated",
    "expl",
    "fixed",
    "flat",
    "flat:foreign",
    "goeswith",
    "iobj",
    "list",
    "mark",
    "nmod",
    "nmod:desc",
    "nmod:npmod",
    "nmod:poss",
    "nmod:tmod",
    "nmod:unmarked",
    "nsubj",
    "nsubj:outer",
    "nsubj:pass",
    "nummod",
    "obj",
    "obl",
    "obl:agent",
    "obl:npmod",
    "obl:tmod",
    "obl:unmarked",
    "orphan",
    "parataxis",
    "punct",
    "reparandum",
    "root",
    "vocative",
    "xcomp",
];

/// The `&'static str` for a label, leaking it only when it is not a known UD relation.
pub(crate) fn intern_label(label: &str) -> &'static str {
    match KNOWN_LABELS.binary_search(&label) {
        Ok(i) => KNOWN_LABELS[i],
        Err(_) => Box::leak(label.to_owned().into_boxed_str()),
    }
}

/// Writes the vocabulary form of a word into `out`: lower case, digits as `0`.
pub(crate) fn normalise(word: &str, out: &mut String) {
    out.clear();
    for c in word.chars() {
        if c.is_ascii_digit() {
            out.push('0');
        } else if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
        } else {
            out.extend(c.to_lowercase());
        }
    }
}

/// Per-thread buffers, so parsing allocates nothing once warmed up.
#[derive(Debug)]
struct Scratch {
    state: State,
    atoms: Atoms,
    word: String,
    /// Label scores, indexed by a `u8` class.
    scores: [i32; 256],
    /// The beam's hypotheses and the next step's, reused across steps and sentences.
    beam: Vec<Hyp>,
    next: Vec<Hyp>,
    /// The stack items and arcs the beam's hypotheses share.
    arena: Arena,
    candidates: Vec<Candidate>,
    /// Arcs whose labels are not scored yet, with a bound on their score.
    pending: Vec<Candidate>,
    /// The sentence's cached scores of the one-word and one-item feature groups.
    cache: Cache,
}

/// One state's features, their table keys and slots, reused from step to step.
struct Lookup<'a> {
    feats: [u64; MAX_FEATURES],
    slots: [&'a Slot; MAX_FEATURES],
    /// How many of `slots` are the state's.
    n: usize,
    /// The state's entries in the cache of feature group scores (beam search).
    entries: cache::Entries,
}

impl<'a> Lookup<'a> {
    fn new() -> Self {
        Lookup {
            feats: [0; MAX_FEATURES],
            slots: [&weights::EMPTY; MAX_FEATURES],
            n: 0,
            entries: [0; 5],
        }
    }

    /// The slots of the features that score labels (the first `active_labels` templates).
    fn label_slots(&self, active_labels: usize) -> &[&'a Slot] {
        &self.slots[..self.n.min(active_labels)]
    }
}

/// A hypothesis of beam search: a configuration and the sum of its moves' and labels'
/// scores.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct Hyp {
    pub state: Compact,
    pub score: i64,
}

/// One way to extend a hypothesis: its position in the beam, the move, the label (0 for a
/// shift) and the extended score.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Candidate {
    pub from: usize,
    pub mv: Move,
    pub label: u8,
    pub score: i64,
}

/// Adds `score` to `best`, the `k` best scores so far in decreasing order.
fn insert_best(best: &mut Vec<i64>, score: i64, k: usize) {
    if best.len() == k && best.last().is_some_and(|&w| score <= w) {
        return;
    }
    let at = best.partition_point(|&b| b >= score);
    best.insert(at, score);
    best.truncate(k);
}

/// Keeps the `k` best candidates, best first; ties go to the earlier hypothesis, then to
/// shift, left, right (the order they were added), so decoding is deterministic.
pub(crate) fn keep_best(candidates: &mut Vec<Candidate>, k: usize) {
    candidates.sort_by_key(|c| std::cmp::Reverse(c.score));
    candidates.truncate(k);
}

impl Default for Scratch {
    fn default() -> Self {
        Scratch {
            state: State::default(),
            arena: Arena::default(),
            atoms: Atoms::default(),
            word: String::new(),
            scores: [0; 256],
            beam: Vec::new(),
            next: Vec::new(),
            candidates: Vec::new(),
            pending: Vec::new(),
            cache: Cache::default(),
        }
    }
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

/// The valid move with the highest score (`scores` in the order shift, left, right; shift
/// wins ties, then left).
pub(crate) fn best_move<S: Copy + PartialOrd>(st: &State, scores: &[S; 3]) -> Move {
    let mut best: Option<(Move, S)> = None;
    for (m, ok, s) in [
        (Move::Shift, st.can_shift(), scores[0]),
        (Move::Left, st.can_left(), scores[1]),
        (Move::Right, st.can_right(), scores[2]),
    ] {
        if ok && best.is_none_or(|(_, b)| s > b) {
            best = Some((m, s));
        }
    }
    // A state that is not terminal always allows some move; shift keeps this total.
    best.map_or(Move::Shift, |(m, _)| m)
}

/// The best label for an arc in direction `m` from label-class scores (`labels` left
/// classes, then `labels` right ones): the first of the highest. The highest score is found
/// first, by a loop the compiler vectorises, then its first place; one loop that keeps the
/// best so far is several times slower.
pub(crate) fn best_label(m: Move, scores: &[i32], labels: usize) -> u8 {
    let range = if m == Move::Right {
        labels..2 * labels
    } else {
        0..labels
    };
    let row = &scores[range];
    let max = row.iter().fold(i32::MIN, |b, &s| b.max(s));
    row.iter().position(|&s| s == max).unwrap_or(0) as u8
}

/// A trained dependency parser.
#[derive(Debug, Clone)]
pub struct Parser {
    labels: Vec<&'static str>,
    vocab: FxMap<Box<str>, u32>,
    pub(crate) weights: Weights,
    /// Positions in [`features::extract`]'s output of the features whose template has
    /// weights (the others are never looked up), ...
    active: Vec<u8>,
    /// ... of which the first this many also score labels.
    active_labels: usize,
    /// The same features by group: those beam search caches per word or stack item
    /// ([`cache::CACHED`]), and the rest, looked up per configuration.
    groups: [Group; 8],
    pairs: Group,
    /// Beam width: 1 parses greedily, wider beams keep that many hypotheses per step.
    beam: usize,
    /// When set, beam search also drops the hypotheses that trail the best by more than
    /// this (in the model's integer score units), so unambiguous steps cost one
    /// hypothesis's work.
    margin: Option<i64>,
    /// Whether the model was trained with a beam: its move and label weights are on one
    /// scale and only their sum ranks moves, so even a beam of 1 must add the labels'
    /// scores (a greedily trained model ranks moves by the move weights alone).
    joint: bool,
}

static EMBEDDED: LazyLock<Parser> = LazyLock::new(|| {
    Parser::read(&include_bytes!("../../models/parser.bin")[..]).unwrap_or_else(|_| Parser::empty())
});

impl Parser {
    /// The model trained on UD English EWT, built into the binary (loaded once).
    pub fn embedded() -> &'static Parser {
        &EMBEDDED
    }

    /// A parser that knows nothing: it attaches every word to the next one.
    fn empty() -> Parser {
        Parser::from_parts(vec!["dep"], Vec::new(), Weights::default())
    }

    /// The positions of the features to look up (see [`Parser::active`]) and how many of
    /// them score labels.
    fn active_features(weights: &Weights) -> (Vec<u8>, usize) {
        let ids = features::template_ids();
        let active: Vec<u8> = (0..ids.len())
            .filter(|&i| weights.has_template(ids[i]))
            .map(|i| i as u8)
            .collect();
        let labels = active
            .iter()
            .filter(|&&i| usize::from(i) < features::LABEL_FEATURES)
            .count();
        (active, labels)
    }

    /// The features of `active` by group: the cached groups, and the pairs.
    fn feature_groups(active: &[u8]) -> ([Group; 8], Group) {
        let groups = features::feature_groups();
        let by = |g| Group::new(&groups, active, g, features::LABEL_FEATURES);
        (cache::CACHED.map(by), by(features::group::PAIRS))
    }

    pub(crate) fn from_parts(
        labels: Vec<&'static str>,
        words: Vec<String>,
        weights: Weights,
    ) -> Parser {
        let vocab = words
            .into_iter()
            .enumerate()
            .map(|(i, w)| (w.into_boxed_str(), i as u32 + W_FIRST))
            .collect();
        let (active, active_labels) = Parser::active_features(&weights);
        let (groups, pairs) = Parser::feature_groups(&active);
        Parser {
            labels,
            vocab,
            weights,
            active,
            active_labels,
            groups,
            pairs,
            beam: 1,
            margin: None,
            joint: false,
        }
    }

    /// The beam width (1: greedy).
    pub fn beam(&self) -> usize {
        self.beam
    }

    /// Sets the beam width (at least 1, at most [`MAX_BEAM`]): wider beams are slower and,
    /// for a model trained with a beam, more accurate; a greedily trained model is best
    /// parsed greedily.
    pub fn set_beam(&mut self, k: usize) {
        self.beam = k.clamp(1, MAX_BEAM);
    }

    /// Makes beam search drop, every step, the hypotheses that trail the best by more than
    /// `margin` score units (`None`: keep the beam full). Faster, and may parse differently.
    pub fn set_margin(&mut self, margin: Option<i64>) {
        self.margin = margin;
    }

    /// Marks the model as trained with a beam of `k` (its default width; see
    /// [`Parser::joint`]).
    pub(crate) fn set_trained_beam(&mut self, k: usize) {
        self.set_beam(k);
        self.joint = k > 1;
    }

    /// The relation labels the model predicts, in class order.
    pub fn labels(&self) -> &[&'static str] {
        &self.labels
    }

    /// Number of features with a non-zero weight.
    pub fn feature_count(&self) -> usize {
        self.weights.len()
    }

    /// Parses one sentence: `out` receives one [`Dep`] per word, heads as word indices.
    ///
    /// Missing tags (a shorter `tags`) count as unknown; the result is always a tree with
    /// exactly one root.
    pub fn parse_sentence(&self, words: &[&str], tags: &[(Xpos, Upos)], out: &mut Vec<Dep>) {
        out.clear();
        if words.is_empty() {
            return;
        }
        SCRATCH.with(|s| {
            let mut s = s.borrow_mut();
            let s = &mut *s;
            s.atoms.clear();
            for (i, w) in words.iter().enumerate() {
                normalise(w, &mut s.word);
                let id = self
                    .vocab
                    .get(s.word.as_str())
                    .copied()
                    .unwrap_or(W_UNKNOWN);
                let t = tags.get(i).copied().unwrap_or((Xpos::X, Upos::X));
                s.atoms.push(id, &s.word, t);
            }
            s.atoms.push_root();
            if self.beam > 1 || self.joint {
                self.decode_beam(s);
            } else {
                self.decode(&mut s.state, &s.atoms, &mut s.scores);
            }
            let n = words.len() as u32;
            out.extend((0..words.len()).map(|i| {
                let h = s.state.heads[i];
                let label = self
                    .labels
                    .get(usize::from(s.state.labels[i]))
                    .copied()
                    .unwrap_or("dep");
                Dep {
                    head: (h != n && h != NONE).then_some(h),
                    label: if h == n { "root" } else { label },
                }
            }));
        });
    }

    /// Runs the transition system to the end with the model's best moves: the three moves
    /// are scored first, and the labels only when the chosen move makes an arc. Each
    /// feature is looked up once, for both.
    fn decode(&self, st: &mut State, atoms: &Atoms, scores: &mut [i32; 256]) {
        let labels = self.labels.len();
        let mut lookup = Lookup::new();
        st.start(atoms.words.len() - 1);
        while !st.is_terminal() {
            let moves = self.look_up(&st.context(), atoms, &mut lookup);
            let m = best_move(st, &moves);
            let label = if m == Move::Shift {
                0
            } else {
                let right = m == Move::Right;
                let label_slots = lookup.label_slots(self.active_labels);
                self.weights.touch_cells(label_slots, right);
                self.label_scores(label_slots, right, scores);
                best_label(m, &scores[..2 * labels], labels)
            };
            st.apply(m, label);
        }
    }

    /// Looks up the model's features of state `st` into `lookup` and sums the three moves'
    /// scores over them.
    fn look_up<'a>(&'a self, c: &Context, atoms: &Atoms, lookup: &mut Lookup<'a>) -> [i32; 3] {
        let nf = features::extract_context(c, atoms, &mut lookup.feats);
        lookup.n = self.active.len();
        self.weights
            .find_moves(&lookup.feats[..nf], &self.active, &mut lookup.slots)
    }

    /// Scores of an arc's labels in one direction, summed over `label_slots` into that
    /// direction's half of `scores` (left arcs first, then right); the other half is left as
    /// it was. Returns the half's range.
    fn label_scores(
        &self,
        label_slots: &[&Slot],
        right: bool,
        scores: &mut [i32; 256],
    ) -> std::ops::Range<usize> {
        let labels = self.labels.len();
        let range = if right { labels..2 * labels } else { 0..labels };
        scores[range.clone()].fill(0);
        for s in label_slots {
            for c in self.weights.cells(s, right) {
                scores[usize::from(c.class)] += i32::from(c.weight);
            }
        }
        range
    }

    /// Beam search: every step extends each hypothesis by each valid move, an arc with the
    /// best label of its direction, scored by the move's plus the label's score, and keeps
    /// the `beam` best; the best finished hypothesis ends in `s.state`. All hypotheses
    /// finish together, since every sentence takes `2n` moves.
    ///
    /// Only the features that read three words, or one word and another's dependents, are
    /// looked up per configuration; the groups that read one word, one word and its
    /// dependents on one side, or the words of the stack top and the buffer front (or the
    /// item under the top) are summed once per sentence for each word, side or pair of
    /// words and kept in a [`Cache`] (the sums are exact, so parses are the same as looking
    /// every feature up).
    ///
    /// Scoring an arc's labels costs more than everything else a candidate needs, so arcs
    /// are first given a bound (the move's score plus each cached group's best label score
    /// of that direction and, for each other label feature, its largest label weight of
    /// that direction), and their labels are scored best bound first only while the bound
    /// reaches the `beam`th best exact score so far: an arc whose bound is below it cannot
    /// be kept, whatever its label.
    ///
    /// A hypothesis whose context equals an earlier one's of the same step (a fifth of them at
    /// beam 8 on news: they differ deeper in the stack, or in arcs no feature reads) has the
    /// same features, so it takes that hypothesis's move scores, bounds and best labels.
    fn decode_beam(&self, s: &mut Scratch) {
        let labels = self.labels.len();
        let k = self.beam;
        let mut lookups: Vec<Lookup> = Vec::new();
        // Per hypothesis: the first of the step's hypotheses with the same context (whose
        // lookup, scores and bounds it shares), its moves' scores, its arcs' bounds (less
        // its own score) and, once scored, each direction's best label and that label's
        // score.
        let mut same: Vec<usize> = Vec::new();
        let mut contexts: Vec<Context> = Vec::new();
        let mut move_scores: Vec<[i32; 3]> = Vec::new();
        let mut bounds: Vec<[i32; 2]> = Vec::new();
        let mut scored: Vec<[Option<(u8, i32)>; 2]> = Vec::new();
        let Scratch {
            state,
            atoms,
            scores,
            beam,
            next,
            arena,
            candidates,
            pending,
            cache,
            ..
        } = s;
        cache.start(atoms.words.len() - 1, labels);
        arena.clear();
        beam.clear();
        beam.push(Hyp {
            state: Compact::start(atoms.words.len() - 1),
            score: 0,
        });
        // The best `k` exact scores so far, best first.
        let mut best: Vec<i64> = Vec::with_capacity(k + 1);
        while !beam[0].state.is_terminal() {
            candidates.clear();
            pending.clear();
            best.clear();
            if lookups.len() < beam.len() {
                lookups.resize_with(beam.len(), Lookup::new);
            }
            same.clear();
            contexts.clear();
            move_scores.clear();
            bounds.clear();
            scored.clear();
            for (from, (h, lookup)) in beam.iter().zip(lookups.iter_mut()).enumerate() {
                let st = &h.state;
                let c = st.context(arena);
                // Hypotheses that differ only deeper in the stack or in arcs no feature
                // reads have the same context, hence the same features and scores.
                let first = contexts.iter().position(|d| *d == c).unwrap_or(from);
                contexts.push(c);
                same.push(first);
                scored.push([None; 2]);
                if first != from {
                    move_scores.push(move_scores[first]);
                    bounds.push(bounds[first]);
                } else {
                    lookup.entries = cache.entries(&c, atoms, &self.weights, &self.groups);
                    features::extract_groups::<{ features::group::PAIRS }>(
                        &c,
                        atoms,
                        &mut lookup.feats,
                    );
                    lookup.n = self.pairs.active.len();
                    let pairs = self.weights.find_moves(
                        &lookup.feats,
                        &self.pairs.active,
                        &mut lookup.slots,
                    );
                    let cached = cache.moves(&lookup.entries);
                    move_scores.push([
                        pairs[0] + cached[0],
                        pairs[1] + cached[1],
                        pairs[2] + cached[2],
                    ]);
                    let mut bound = [0; 2];
                    for (right, b) in [false, true].into_iter().zip(&mut bound) {
                        *b = cache.best(&lookup.entries, right);
                        for s in lookup.label_slots(self.pairs.labels) {
                            *b += self.weights.bound(s, right);
                        }
                    }
                    bounds.push(bound);
                }
                let moves = move_scores[from];
                if st.can_shift() {
                    let score = h.score + i64::from(moves[0]);
                    candidates.push(Candidate {
                        from,
                        mv: Move::Shift,
                        label: 0,
                        score,
                    });
                    insert_best(&mut best, score, k);
                }
                for (mv, ok) in [(Move::Left, st.can_left()), (Move::Right, st.can_right())] {
                    if ok {
                        let bound = bounds[from][usize::from(mv == Move::Right)];
                        pending.push(Candidate {
                            from,
                            mv,
                            label: 0,
                            score: h.score + i64::from(moves[mv as usize]) + i64::from(bound),
                        });
                    }
                }
            }
            pending.sort_by_key(|c| std::cmp::Reverse(c.score));
            for p in pending.iter() {
                if best.len() == k && p.score < best[k - 1] {
                    break;
                }
                let right = p.mv == Move::Right;
                let first = same[p.from];
                let (label, label_score) = match scored[first][usize::from(right)] {
                    Some(done) => done,
                    None => {
                        let lookup = &lookups[first];
                        let range = if right { labels..2 * labels } else { 0..labels };
                        cache.label_sums(&lookup.entries, range.clone(), scores);
                        for s in lookup.label_slots(self.pairs.labels) {
                            for c in self.weights.cells(s, right) {
                                scores[usize::from(c.class)] += i32::from(c.weight);
                            }
                        }
                        let label = best_label(p.mv, &scores[..2 * labels], labels);
                        let done = (label, scores[range.start + usize::from(label)]);
                        scored[first][usize::from(right)] = Some(done);
                        done
                    }
                };
                let score = beam[p.from].score
                    + i64::from(move_scores[p.from][p.mv as usize])
                    + i64::from(label_score);
                candidates.push(Candidate {
                    from: p.from,
                    mv: p.mv,
                    label,
                    score,
                });
                insert_best(&mut best, score, k);
            }
            // The order [`keep_best`] gives: ties go to the earlier hypothesis, then to
            // shift, left, right.
            candidates.sort_by_key(|c| (std::cmp::Reverse(c.score), c.from, c.mv as u8));
            candidates.truncate(k);
            if let (Some(m), Some(top)) = (self.margin, candidates.first()) {
                let floor = top.score - m;
                let keep = candidates.partition_point(|c| c.score >= floor);
                candidates.truncate(keep);
            }
            next.clear();
            for c in candidates.iter() {
                let mut h = beam[c.from];
                h.state.apply(arena, c.mv, c.label);
                h.score = c.score;
                next.push(h);
            }
            std::mem::swap(beam, next);
        }
        beam[0].state.write_arcs(arena, state);
    }

    /// Parses every sentence of the document from its tokens' words and tags.
    pub fn parse(&self, doc: &mut Document) {
        let mut words: Vec<&str> = Vec::new();
        let mut tags = Vec::new();
        let mut deps = Vec::new();
        for s in 0..doc.sentences.len() {
            let range = doc.sentences[s].tokens.clone();
            let Some(tokens) = doc.tokens.get(range.clone()) else {
                continue;
            };
            words.clear();
            tags.clear();
            for t in tokens {
                words.push(doc.text.get(t.span.range()).unwrap_or(""));
                tags.push((t.xpos, t.upos));
            }
            self.parse_sentence(&words, &tags, &mut deps);
            for (t, d) in doc.tokens[range].iter_mut().zip(&deps) {
                t.dep = Some(*d);
            }
            // The borrow of `doc.text` ends here; reuse the buffer's allocation.
            words.clear();
        }
    }

    /// Keeps only the `max_cells` largest label weights (in magnitude), and of the
    /// features without label weights left the `max_features` with the largest move
    /// weights: a smaller model file and table at some cost in accuracy.
    pub fn prune(&mut self, max_features: usize, max_cells: usize) {
        let mut sizes: Vec<u16> = self
            .weights
            .rows()
            .flat_map(|(_, _, cells)| cells.iter().map(|c| c.weight.unsigned_abs()))
            .collect();
        let threshold = if sizes.len() <= max_cells {
            1
        } else {
            let k = sizes.len() - max_cells;
            (*sizes.select_nth_unstable(k).1).max(1)
        };
        let mut rows: Vec<Row> = self
            .weights
            .rows()
            .map(|(key, moves, cells)| Row {
                key,
                moves,
                cells: cells
                    .iter()
                    .filter(|c| c.weight.unsigned_abs() >= threshold)
                    .copied()
                    .collect(),
            })
            .filter(|r| !r.cells.is_empty() || r.moves != [0; 3])
            .collect();
        let strength = |r: &Row| r.moves.iter().map(|w| w.unsigned_abs()).max().unwrap_or(0);
        let mut strengths: Vec<u16> = rows
            .iter()
            .filter(|r| r.cells.is_empty())
            .map(strength)
            .collect();
        if strengths.len() > max_features {
            let k = strengths.len() - max_features;
            let t = *strengths.select_nth_unstable(k).1;
            rows.retain(|r| !r.cells.is_empty() || strength(r) >= t);
        }
        rows.sort_by_key(|r| weights::spread(r.key));
        self.set_weights(Weights::new(rows, self.labels.len()));
    }

    /// Replaces the weights (and with them the features looked up).
    fn set_weights(&mut self, weights: Weights) {
        let (active, active_labels) = Parser::active_features(&weights);
        (self.groups, self.pairs) = Parser::feature_groups(&active);
        self.weights = weights;
        self.active = active;
        self.active_labels = active_labels;
    }

    /// The feature templates that have weights and their numbers of features, in the
    /// order [`features::extract`] writes them (template numbers as in its source).
    pub fn templates(&self) -> Vec<(u8, usize)> {
        let ids = features::template_ids();
        let mut counts = [0usize; 256];
        for (key, _, _) in self.weights.rows() {
            counts[(key >> 56) as usize] += 1;
        }
        self.active
            .iter()
            .map(|&i| {
                let t = ids[usize::from(i)];
                (t, counts[usize::from(t)])
            })
            .collect()
    }

    /// Drops every weight of the given templates: those features are no longer looked up,
    /// which makes parsing faster and the model smaller (`examples/ablate_parser.rs`
    /// chooses them on a dev treebank).
    pub fn drop_templates(&mut self, templates: &[u8]) {
        let rows: Vec<Row> = self
            .weights
            .rows()
            .filter(|(key, _, _)| !templates.contains(&((key >> 56) as u8)))
            .map(|(key, moves, cells)| Row {
                key,
                moves,
                cells: cells.to_vec(),
            })
            .collect();
        self.set_weights(Weights::new(rows, self.labels.len()));
    }

    /// Number of non-zero label weights.
    pub fn weight_count(&self) -> usize {
        self.weights.cell_count()
    }

    /// Fills HEAD and DEPREL of a CoNLL-U sentence's word lines from their FORM, XPOS and
    /// UPOS columns (so tag first); everything else stays as it was.
    pub fn parse_conllu(&self, sentence: &mut conllu::Sentence) {
        let tags: Vec<(Xpos, Upos)> = sentence
            .words()
            .map(|r| {
                (
                    Xpos::parse(&r.cols[col::XPOS]).unwrap_or(Xpos::X),
                    Upos::parse(&r.cols[col::UPOS]).unwrap_or(Upos::X),
                )
            })
            .collect();
        let mut deps = Vec::new();
        {
            let words: Vec<&str> = sentence.words().map(conllu::Row::form).collect();
            self.parse_sentence(&words, &tags, &mut deps);
        }
        for (row, d) in sentence.words_mut().zip(&deps) {
            row.cols[col::HEAD] = d.head.map_or(0, |h| h + 1).to_string();
            row.cols[col::DEPREL] = d.label.to_owned();
        }
    }

    /// Reads a model written by [`Parser::write`].
    ///
    /// # Errors
    /// [`Error::Model`] when the data is not a parser model of this version or is damaged.
    pub fn read(mut r: impl Read) -> Result<Parser> {
        let mut bytes = Vec::new();
        r.read_to_end(&mut bytes)
            .map_err(|e| Error::Model(format!("parser: {e}")))?;
        // Version 3 files are greedy models; version 4 starts with the beam width.
        let (mut r, beam, joint) = match ModelReader::new(&bytes[..], MODEL_NAME, MODEL_VERSION) {
            Ok(mut r) => {
                let beam = r.u32()? as usize;
                if beam == 0 || beam > MAX_BEAM {
                    return Err(Error::Model(format!("parser: beam width {beam}")));
                }
                let joint = r.u8()? != 0;
                (r, beam, joint)
            }
            Err(e) => match ModelReader::new(&bytes[..], MODEL_NAME, MODEL_VERSION_GREEDY) {
                Ok(r) => (r, 1, false),
                Err(_) => return Err(e),
            },
        };
        let n_labels = r.u32()? as usize;
        if n_labels == 0 || n_labels > MAX_LABELS {
            return Err(Error::Model(format!("parser: {n_labels} labels")));
        }
        let mut labels = Vec::with_capacity(n_labels);
        for _ in 0..n_labels {
            labels.push(intern_label(&r.str(64)?));
        }
        let n_words = r.u32()? as usize;
        if n_words > features::MAX_VOCAB {
            return Err(Error::Model(format!("parser: {n_words} words")));
        }
        let text = r.str(64 << 20)?;
        let words: Vec<String> = text
            .split('\n')
            .filter(|w| !w.is_empty())
            .map(String::from)
            .collect();
        if words.len() != n_words {
            return Err(Error::Model("parser: vocabulary size mismatch".into()));
        }
        let keys = r.bytes(256 << 20)?;
        let moves = r.bytes(256 << 20)?;
        let lens = r.bytes(256 << 20)?;
        let cells = r.bytes(1 << 30)?;
        r.finish()?;
        let rows = keys.len() / 8;
        if keys.len() % 8 != 0
            || moves.len() != rows * 6
            || lens.len() != rows * 2
            || cells.len() % 3 != 0
        {
            return Err(Error::Model("parser: inconsistent weight arrays".into()));
        }
        let keys: Vec<u64> = keys
            .chunks_exact(8)
            .map(|k| {
                let mut b = [0u8; 8];
                b.copy_from_slice(k);
                u64::from_le_bytes(b)
            })
            .collect();
        let moves: Vec<[i16; 3]> = moves
            .chunks_exact(6)
            .map(|m| {
                [
                    i16::from_le_bytes([m[0], m[1]]),
                    i16::from_le_bytes([m[2], m[3]]),
                    i16::from_le_bytes([m[4], m[5]]),
                ]
            })
            .collect();
        let lens: Vec<u32> = lens
            .chunks_exact(2)
            .map(|l| u32::from(u16::from_le_bytes([l[0], l[1]])))
            .collect();
        if keys.contains(&0) {
            return Err(Error::Model("parser: feature key 0".into()));
        }
        // [`Parser::write`] puts the rows in strictly increasing `spread` order, which rules
        // out repeats and fills the table front to back; other orders are sorted here.
        let in_order = keys
            .windows(2)
            .all(|p| weights::spread(p[0]) < weights::spread(p[1]));
        let (keys, moves, lens, cells) = if in_order {
            (keys, moves, lens, cells)
        } else {
            reorder(keys, moves, lens, &cells)?
        };
        let total: usize = lens.iter().map(|&l| l as usize).sum();
        if total * 3 != cells.len() {
            return Err(Error::Model(
                "parser: weight array of the wrong size".into(),
            ));
        }
        let classes = 2 * n_labels;
        let mut out = Vec::with_capacity(total);
        for c in cells.chunks_exact(3) {
            if usize::from(c[0]) >= classes {
                return Err(Error::Model("parser: class out of range".into()));
            }
            out.push(Cell {
                class: c[0],
                weight: i16::from_le_bytes([c[1], c[2]]),
            });
        }
        let mut parser = Parser::from_parts(
            labels,
            words,
            Weights::from_arrays(keys, moves, &lens, out, n_labels),
        );
        parser.beam = beam;
        parser.joint = joint;
        Ok(parser)
    }

    /// Writes the model: beam width, whether trained with a beam, labels, vocabulary, then
    /// the weight rows in [`weights::spread`]
    /// order as parallel arrays (keys, move weights, cell counts, label cells).
    ///
    /// # Errors
    /// Whatever the writer returns.
    pub fn write(&self, w: impl Write) -> std::io::Result<()> {
        let mut w = ModelWriter::new(w, MODEL_NAME, MODEL_VERSION)?;
        w.u32(self.beam as u32)?;
        w.u8(u8::from(self.joint))?;
        w.u32(self.labels.len() as u32)?;
        for l in &self.labels {
            w.str(l)?;
        }
        let mut words: Vec<(&str, u32)> = self.vocab.iter().map(|(k, &v)| (&**k, v)).collect();
        words.sort_by_key(|&(_, id)| id);
        w.u32(words.len() as u32)?;
        let mut text = String::new();
        for (word, _) in &words {
            text.push_str(word);
            text.push('\n');
        }
        w.str(&text)?;
        // Rows sorted by home slot make the file independent of the table's layout, and
        // reading it back fills the table front to back.
        let mut rows: Vec<(u64, [i16; 3], &[Cell])> = self.weights.rows().collect();
        rows.sort_by_key(|r| weights::spread(r.0));
        let mut keys = Vec::with_capacity(rows.len() * 8);
        let mut moves = Vec::with_capacity(rows.len() * 6);
        let mut lens = Vec::with_capacity(rows.len() * 2);
        let mut cells = Vec::new();
        for (k, m, row) in &rows {
            keys.extend_from_slice(&k.to_le_bytes());
            for w in m {
                moves.extend_from_slice(&w.to_le_bytes());
            }
            let row = &row[..row.len().min(usize::from(u16::MAX))];
            lens.extend_from_slice(&(row.len() as u16).to_le_bytes());
            for c in row {
                cells.push(c.class);
                cells.extend_from_slice(&c.weight.to_le_bytes());
            }
        }
        w.bytes(&keys)?;
        w.bytes(&moves)?;
        w.bytes(&lens)?;
        w.bytes(&cells)?;
        Ok(())
    }
}

/// Weight arrays sorted by [`weights::spread`] of their keys.
type Arrays = (Vec<u64>, Vec<[i16; 3]>, Vec<u32>, Vec<u8>);

/// Sorts a model file's rows by [`weights::spread`] of their keys.
///
/// # Errors
/// [`Error::Model`] for repeated keys or cells that do not add up.
fn reorder(keys: Vec<u64>, moves: Vec<[i16; 3]>, lens: Vec<u32>, cells: &[u8]) -> Result<Arrays> {
    let mut starts = Vec::with_capacity(lens.len());
    let mut at = 0usize;
    for &l in &lens {
        starts.push(at);
        at += l as usize * 3;
    }
    if at != cells.len() {
        return Err(Error::Model(
            "parser: weight array of the wrong size".into(),
        ));
    }
    let mut order: Vec<usize> = (0..keys.len()).collect();
    order.sort_unstable_by_key(|&i| weights::spread(keys[i]));
    if order.windows(2).any(|p| keys[p[0]] == keys[p[1]]) {
        return Err(Error::Model("parser: repeated feature key".into()));
    }
    let mut out = Vec::with_capacity(cells.len());
    for &i in &order {
        out.extend_from_slice(&cells[starts[i]..starts[i] + lens[i] as usize * 3]);
    }
    Ok((
        order.iter().map(|&i| keys[i]).collect(),
        order.iter().map(|&i| moves[i]).collect(),
        order.iter().map(|&i| lens[i]).collect(),
        out,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::treebank::Sentence;
    use proptest::prelude::*;

    /// A tiny treebank in CoNLL-U (columns: id, form, lemma, upos, xpos, feats, head, deprel).
    const TINY: &str = "\
1\tSessions\t_\tPROPN\tNNP\t_\t2\tnsubj\t_\t_
2\tmet\t_\tVERB\tVBD\t_\t0\troot\t_\t_
3\tthe\t_\tDET\tDT\t_\t4\tdet\t_\t_
4\tambassador\t_\tNOUN\tNN\t_\t2\tobj\t_\t_
5\t.\t_\tPUNCT\t.\t_\t2\tpunct\t_\t_

1\tThe\t_\tDET\tDT\t_\t2\tdet\t_\t_
2\tsenator\t_\tNOUN\tNN\t_\t4\tnsubj:pass\t_\t_
3\twas\t_\tAUX\tVBD\t_\t4\taux:pass\t_\t_
4\tfired\t_\tVERB\tVBN\t_\t0\troot\t_\t_
5\tin\t_\tADP\tIN\t_\t6\tcase\t_\t_
6\tMay\t_\tPROPN\tNNP\t_\t4\tobl\t_\t_
7\t.\t_\tPUNCT\t.\t_\t4\tpunct\t_\t_

1-2\tHe's\t_\t_\t_\t_\t_\t_\t_\t_
1\tHe\t_\tPRON\tPRP\t_\t3\tnsubj\t_\t_
2\t's\t_\tAUX\tVBZ\t_\t3\tcop\t_\t_
3\tchief\t_\tNOUN\tNN\t_\t0\troot\t_\t_
4\tof\t_\tADP\tIN\t_\t5\tcase\t_\t_
5\tstaff\t_\tNOUN\tNN\t_\t3\tnmod\t_\t_
";

    fn tiny() -> Vec<Sentence> {
        treebank::read_all(TINY, "tiny").unwrap()
    }

    /// Checks that deps form one tree over the sentence.
    fn assert_tree(deps: &[Dep], n: usize) {
        assert_eq!(deps.len(), n);
        if n == 0 {
            return;
        }
        assert_eq!(
            deps.iter().filter(|d| d.head.is_none()).count(),
            1,
            "{deps:?}"
        );
        for (i, d) in deps.iter().enumerate() {
            if let Some(h) = d.head {
                assert!((h as usize) < n && h as usize != i, "{deps:?}");
            }
            // Walking up from every word reaches the root in fewer than n steps.
            let mut x = i;
            let mut steps = 0;
            while let Some(h) = deps[x].head {
                x = h as usize;
                steps += 1;
                assert!(steps <= n, "cycle in {deps:?}");
            }
        }
    }

    #[test]
    fn oracle_reproduces_projective_trees() {
        // Heads (1-based, 0 = root) of small projective trees.
        let trees: &[&[u32]] = &[
            &[0],
            &[2, 0],
            &[0, 1],
            &[2, 0, 2],
            &[2, 0, 4, 2, 2],
            &[4, 4, 4, 0, 6, 4, 4],
            &[0, 1, 2, 3, 4],
            &[5, 5, 5, 5, 0],
            &[2, 6, 4, 2, 6, 0, 6, 9, 6],
        ];
        let mut st = State::default();
        for heads in trees {
            let n = heads.len() as u32;
            let mut gold: Vec<u32> = heads
                .iter()
                .map(|&h| if h == 0 { n } else { h - 1 })
                .collect();
            gold.push(NONE);
            st.start(heads.len());
            while !st.is_terminal() {
                let costs = st.costs(&gold);
                let m = [Move::Shift, Move::Left, Move::Right]
                    .into_iter()
                    .zip(costs)
                    .find(|(_, c)| *c == Some(0))
                    .map(|(m, _)| m)
                    .expect("a zero-cost move");
                st.apply(m, 0);
            }
            assert_eq!(
                &st.heads[..heads.len()],
                &gold[..heads.len()],
                "tree {heads:?}"
            );
        }
    }

    #[test]
    fn tiny_treebank_is_learnt() {
        let sentences = tiny();
        // Greedy training, and global training with a beam (which the model keeps).
        for beam in [1, 4] {
            let cfg = crate::train::parser::Config {
                iterations: 10,
                min_word_count: 1,
                beam,
                ..Default::default()
            };
            let parser =
                crate::train::parser::train(&sentences, None, None, &cfg, &mut |_| {}).unwrap();
            let mut bytes = Vec::new();
            parser.write(&mut bytes).unwrap();
            let parser = Parser::read(&bytes[..]).unwrap();
            assert_eq!(parser.beam(), beam);
            let mut deps = Vec::new();
            for s in &sentences {
                let words: Vec<&str> = s.words.iter().map(String::as_str).collect();
                parser.parse_sentence(&words, &s.tags, &mut deps);
                let heads: Vec<u32> = deps.iter().map(|d| d.head.map_or(0, |h| h + 1)).collect();
                let labels: Vec<&str> = deps.iter().map(|d| d.label).collect();
                assert_eq!(heads, s.heads, "beam {beam}: {words:?}");
                assert_eq!(labels, s.labels, "beam {beam}: {words:?}");
            }
        }
    }

    #[test]
    fn restricted_training_learns_only_the_given_weights() {
        use crate::train::parser::{Config, Restriction, train};
        let sentences = tiny();
        let cfg = Config {
            iterations: 10,
            min_word_count: 1,
            beam: 4,
            ..Default::default()
        };
        let mut pruned = train(&sentences, None, None, &cfg, &mut |_| {}).unwrap();
        let full = pruned.feature_count();
        pruned.prune(full / 4, 20);
        let kept: std::collections::HashSet<(u64, Option<u8>)> = pruned
            .weights
            .rows()
            .flat_map(|(key, _, cells)| {
                std::iter::once((key, None)).chain(cells.iter().map(move |c| (key, Some(c.class))))
            })
            .collect();
        let cfg = Config {
            restrict_to: Some(Restriction::of(&pruned)),
            ..cfg
        };
        let again = train(&sentences, None, None, &cfg, &mut |_| {}).unwrap();
        assert!(again.feature_count() > 0);
        for (key, _, cells) in again.weights.rows() {
            assert!(kept.contains(&(key, None)), "feature {key:x} was pruned");
            for c in cells {
                assert!(
                    kept.contains(&(key, Some(c.class))),
                    "cell {key:x}/{}",
                    c.class
                );
            }
        }
    }

    #[test]
    fn greedy_model_files_of_version_3_are_read() {
        let mut bytes = Vec::new();
        Parser::embedded().write(&mut bytes).unwrap();
        // Version 4 is version 3 with the beam width (a u32) and whether the model was
        // trained with a beam (a byte) after the header line.
        let header = format!("newsgraph-{MODEL_NAME} {MODEL_VERSION}\n");
        let old_header = format!("newsgraph-{MODEL_NAME} {MODEL_VERSION_GREEDY}\n");
        let mut old = old_header.into_bytes();
        old.extend_from_slice(&bytes[header.len() + 5..]);
        let mut parser = Parser::read(&old[..]).unwrap();
        assert_eq!(parser.beam(), 1);
        assert_eq!(parser.feature_count(), Parser::embedded().feature_count());
        parser.set_beam(4);
        let mut again = Vec::new();
        parser.write(&mut again).unwrap();
        assert_eq!(Parser::read(&again[..]).unwrap().beam(), 4);
    }

    /// A sentence every model should parse right, with its tags.
    const SIMPLE_WORDS: [&str; 5] = ["Sessions", "met", "the", "ambassador", "."];
    const SIMPLE_TAGS: [(Xpos, Upos); 5] = [
        (Xpos::NNP, Upos::PROPN),
        (Xpos::VBD, Upos::VERB),
        (Xpos::DT, Upos::DET),
        (Xpos::NN, Upos::NOUN),
        (Xpos::Period, Upos::PUNCT),
    ];

    #[test]
    fn embedded_model_parses_a_simple_sentence() {
        let (words, tags) = (SIMPLE_WORDS, SIMPLE_TAGS);
        let mut deps = Vec::new();
        Parser::embedded().parse_sentence(&words, &tags, &mut deps);
        let got: Vec<(Option<u32>, &str)> = deps.iter().map(|d| (d.head, d.label)).collect();
        assert_eq!(
            got,
            [
                (Some(1), "nsubj"),
                (None, "root"),
                (Some(3), "det"),
                (Some(1), "obj"),
                (Some(1), "punct"),
            ]
        );
    }

    #[test]
    fn parse_fills_every_token_of_every_sentence() {
        use crate::document::{Sentence as DocSentence, Span, Token};
        let text = "Sessions met the ambassador. He left.";
        let mut doc = Document::new("t", text);
        let words: [(usize, usize, Xpos, Upos); 8] = [
            (0, 8, Xpos::NNP, Upos::PROPN),
            (9, 12, Xpos::VBD, Upos::VERB),
            (13, 16, Xpos::DT, Upos::DET),
            (17, 27, Xpos::NN, Upos::NOUN),
            (27, 28, Xpos::Period, Upos::PUNCT),
            (29, 31, Xpos::PRP, Upos::PRON),
            (32, 36, Xpos::VBD, Upos::VERB),
            (36, 37, Xpos::Period, Upos::PUNCT),
        ];
        for (start, end, x, u) in words {
            let mut t = Token::new(Span::new(start, end));
            t.xpos = x;
            t.upos = u;
            doc.tokens.push(t);
        }
        doc.sentences.push(DocSentence {
            span: Span::new(0, 28),
            tokens: 0..5,
        });
        doc.sentences.push(DocSentence {
            span: Span::new(29, 37),
            tokens: 5..8,
        });
        Parser::embedded().parse(&mut doc);
        let got: Vec<(Option<u32>, &str)> = doc
            .tokens
            .iter()
            .map(|t| t.dep.map_or((Some(99), "none"), |d| (d.head, d.label)))
            .collect();
        assert_eq!(
            got,
            [
                (Some(1), "nsubj"),
                (None, "root"),
                (Some(3), "det"),
                (Some(1), "obj"),
                (Some(1), "punct"),
                (Some(1), "nsubj"),
                (None, "root"),
                (Some(1), "punct"),
            ]
        );
    }

    #[test]
    fn damaged_models_are_errors() {
        let mut bytes = Vec::new();
        Parser::embedded().write(&mut bytes).unwrap();
        for cut in [0, 10, bytes.len() / 2, bytes.len() - 1] {
            assert!(Parser::read(&bytes[..cut]).is_err(), "cut at {cut}");
        }
        assert!(Parser::read(&bytes[..]).is_ok());
    }

    #[test]
    fn dropped_templates_are_not_looked_up() {
        let mut parser = Parser::embedded().clone();
        let before = parser.templates();
        let drop: Vec<u8> = before.iter().take(3).map(|t| t.0).collect();
        parser.drop_templates(&drop);
        let after: Vec<u8> = parser.templates().iter().map(|t| t.0).collect();
        assert_eq!(after.len(), before.len() - drop.len());
        assert!(drop.iter().all(|t| !after.contains(t)), "{after:?}");
        let (words, tags) = (SIMPLE_WORDS, SIMPLE_TAGS);
        let mut deps = Vec::new();
        parser.parse_sentence(&words, &tags, &mut deps);
        assert_tree(&deps, words.len());
    }

    #[test]
    fn empty_sentence_gives_nothing() {
        let mut deps = vec![Dep {
            head: None,
            label: "root",
        }];
        Parser::embedded().parse_sentence(&[], &[], &mut deps);
        assert!(deps.is_empty());
    }

    /// The embedded model parsing with a beam of 4.
    static WIDE: LazyLock<Parser> = LazyLock::new(|| {
        let mut p = Parser::embedded().clone();
        p.set_beam(4);
        p
    });

    proptest! {
        #[test]
        fn output_is_always_a_tree(
            words in proptest::collection::vec("[a-zA-Z.,]{1,8}", 1..40),
            tag_ids in proptest::collection::vec(0u8..60, 0..40),
        ) {
            let tags: Vec<(Xpos, Upos)> = tag_ids
                .iter()
                .map(|&t| (Xpos::from_index(t).unwrap_or(Xpos::X), Upos::X))
                .collect();
            let words: Vec<&str> = words.iter().map(String::as_str).collect();
            let mut deps = Vec::new();
            Parser::embedded().parse_sentence(&words, &tags, &mut deps);
            assert_tree(&deps, words.len());
            WIDE.parse_sentence(&words, &tags, &mut deps);
            assert_tree(&deps, words.len());
        }
    }
}
