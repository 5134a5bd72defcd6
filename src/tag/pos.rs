//! The trained part-of-speech tagger: an averaged perceptron over hashed features.
//!
//! Tags are chosen greedily left to right; each word's features (word, affixes, shape, the
//! words around it, the two tags already chosen and the tags guessed for the next two words,
//! see [`super::features`]) index sparse weight rows that score every PTB tag and every
//! universal tag at once. Frequent words that the treebank always tags the same way skip the
//! model through a tag dictionary. The universal tag is the best one among those the treebank
//! pairs with the chosen PTB tag, so the two always agree. Lemmas come from the
//! [`Lemmatizer`] stored in the same file.
//!
//! Speed: most templates look at words only. Their summed scores are kept per word form in a
//! per-thread cache (the word's own features, and its features as either next neighbour;
//! for its features two words away, where their weights are; eight-way set-associative,
//! least recently used way replaced), so a sentence's tag-independent scores cost a few
//! vector additions per word; these also give the guessed tags of the words ahead, whose
//! features are then added before the tags are chosen.
//! Features of tags alone (the previous two, the next two guesses, the previous tag with the
//! next guess or with the word's capitalisation class) are summed into dense tables at load
//! time. Only two features per word (the previous tag with the word or the next word) are
//! looked up in the hash table while choosing tags, and a small bit filter turns most absent
//! features away before they touch the table. The features pairing neighbouring words' shapes,
//! few and recurring, find their weights through a small per-thread cache ([`ShapeCache`]).
//! Lemmas are cached per form and tag.
//!
//! Training lives in [`crate::train::pos`]; this module only loads and applies a model.

use crate::document::{Document, Lemma};
use crate::error::{Error, Result};
use crate::format::conllu;
use crate::model::{ModelReader, ModelWriter};
use crate::tag::features::{self, END, END2, NC, NU, NX, START, START2, WordInfo, templates};
use crate::tag::lemma::{KeyMap, Lemmatizer};
use crate::tag::{Upos, Xpos};
use std::cell::RefCell;
use std::io::{self, Read, Write};
use std::sync::LazyLock;
use std::sync::atomic::{AtomicU64, Ordering};

const MODEL_NAME: &str = "pos";
const MODEL_VERSION: u32 = 1;
const MAX_BLOB: usize = 1 << 28;

/// One non-zero weight of a feature: the score column and its quantised value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Entry {
    pub(crate) class: u8,
    pub(crate) weight: i16,
}

/// A currency sign is a symbol (`$`, `SYM`): rare in the treebank, where the model never
/// learnt "£" ("£140m" was tagged `IN`), and everywhere in news. Applied like the tag
/// dictionary, after it.
fn currency(word: &str) -> Option<(Xpos, Upos)> {
    super::rules::is_currency(word).then_some((Xpos::Dollar, Upos::SYM))
}

/// A trained POS tagger and lemmatiser.
#[derive(Debug, Clone)]
pub struct PosTagger {
    /// Tags this tagger's entries in the per-thread score cache.
    id: u64,
    /// Feature hash → weights.
    weights: WeightTable,
    /// Folded form hash → tags, for frequent unambiguous words.
    tagdict: KeyMap<(Xpos, Upos)>,
    /// Folded lower-case form hash → distributional classes (fine in the low byte).
    clusters: KeyMap<u16>,
    /// Bit `u` set when PTB tag `x` may go with universal tag `u`.
    allowed: [u32; NX],
    lemmatizer: Lemmatizer,
    /// Summed scores of the features of the previous two tags alone, by [`tag_row`].
    tag_scores: Vec<[i32; NC]>,
    /// Summed scores of the features of the next two guessed tags alone, by [`tag_row`]
    /// (`NX` standing for after the sentence end).
    ahead_scores: Vec<[i32; NC]>,
    /// Scores of the previous tag with the next word's guessed tag, by [`pair_row`].
    pair_scores: Vec<[i32; NC]>,
    /// Scores of the word's capitalisation class with the previous tag (and whether it
    /// starts the sentence, which is when the previous tag is the start), by [`cap_row`].
    cap_scores: Vec<[i32; NC]>,
}

static EMBEDDED: LazyLock<PosTagger> = LazyLock::new(|| {
    // The embedded model is written by this crate's own trainer and checked by the tests, so
    // failing to read it is a build defect, not an input error.
    #[allow(clippy::expect_used)]
    PosTagger::read(&include_bytes!("../../models/pos.bin")[..])
        .expect("the embedded POS model is damaged")
});

/// Cached per-word scores per thread, in sets of [`CACHE_WAYS`] picked by the word's form
/// hash: about 14 MB, enough for the vocabulary of about 500 news articles (14,000 word
/// forms; half as many slots missed often enough there to cost 14% of the tagger's speed in
/// one pass over them). Sets of eight ways with the least recently used one replaced keep
/// frequent words cached when rare words collide with them: three passes over 300 articles
/// (10,900 forms, each missed once in the first pass) missed 13,400 times, against 21,300
/// with two ways; a miss costs the word's 29 feature lookups and 840 bytes of writes.
const CACHE_SLOTS: usize = 16384;
const CACHE_WAYS: usize = 8;
const CACHE_SETS: usize = CACHE_SLOTS / CACHE_WAYS;

/// Capitalisation classes of [`WordInfo`]'s cluster (three bits).
const NCAP: usize = 8;

/// Cached lemmas per thread, by folded form and tag: 16,384 slots (650 KB with their keys),
/// as many as the word score cache has, since 300 news articles have about 11,000 word forms
/// (4,096 slots missed often enough to cost 4% of the instructions of tags and entities).
/// Sets of [`LEMMA_WAYS`], least recently used way replaced: direct mapped, the slots missed
/// 12,000 times in each pass over those articles (a lemma made and allocated anew each time).
const LEMMA_SLOTS: usize = 16384;
const LEMMA_WAYS: usize = 4;
const LEMMA_SETS: usize = LEMMA_SLOTS / LEMMA_WAYS;

/// The keys of one set of the lemma cache (the form-and-tag key mixed with the tagger id, as
/// [`PosTagger::cache_key`] does) and the clock value when each way was last used, in one
/// cache line: finding a lemma reads this line and the lemma's, instead of the three lines
/// of four (tagger id, key, lemma) entries and a line of use times.
#[derive(Debug, Clone, Copy, Default)]
#[repr(align(64))]
struct LemmaSet {
    keys: [u64; LEMMA_WAYS],
    used: [u32; LEMMA_WAYS],
}

/// The keys of one set of the word score cache, in one cache line: finding a word's way reads
/// one line instead of the two or three of (tagger id, form key) pairs.
#[derive(Debug, Clone, Copy, Default)]
#[repr(align(64))]
struct SetKeys([u64; CACHE_WAYS]);

/// Each tagger's cache entries are tagged with its id, so taggers never see each other's.
static NEXT_ID: AtomicU64 = AtomicU64::new(1);

/// What a word contributes to the scores wherever it stands, whatever the tags: the sums of
/// its own features and of its features as the next word's or previous word's neighbour,
/// where the weights of its features two words away are, and the hashes the features
/// looked up while tagging read.
#[derive(Debug, Clone, Copy)]
struct WordScores {
    /// [`WordInfo::tagging_hashes`].
    hashes: [u64; 3],
    /// The word itself, as [`templates::own`] plus [`templates::start`] off a sentence start.
    own: [i32; NC],
    /// As the word one to the left ([`templates::left1`]) and one to the right
    /// ([`templates::right1`]) of the word tagged.
    left1: [i32; NC],
    right1: [i32; NC],
    /// The [`WeightTable::code`] of the one feature of the word two to the left
    /// ([`templates::left2`]) and two to the right ([`templates::right2`]): a frequent
    /// word's row stays in the processor's cache anyway, and a rare word's is mostly absent.
    /// Codes instead of two more summed rows, and the hashes kept here instead of a
    /// [`WordInfo`] in an array of their own, make an entry 840 bytes instead of 1,444
    /// (the 11,000 words of 300 articles 9 MB instead of 16 MB) and one miss fewer a word.
    far: [u32; 2],
}

impl Default for WordScores {
    fn default() -> Self {
        WordScores {
            hashes: [0; 3],
            own: [0; NC],
            left1: [0; NC],
            right1: [0; NC],
            far: [ABSENT; 2],
        }
    }
}

/// Cache keys of the pads, as [`WordInfo::pad`] numbers them.
const PAD_KEYS: [u64; 4] = [
    0x7061_6430_0000_0001,
    0x7061_6431_0000_0002,
    0x7061_6432_0000_0003,
    0x7061_6433_0000_0004,
];

/// The way of a cache set holding `stored` among its `keys`, or else the least recently
/// used way by the clock values of `used` (ages wrap with the clock), and whether it was
/// found.
#[inline]
fn find_way(keys: &[u64], used: &[u32], clock: u32, stored: u64) -> (usize, bool) {
    match keys.iter().position(|&k| k == stored) {
        Some(way) => (way, true),
        None => {
            let way = (0..keys.len())
                .max_by_key(|&w| clock.wrapping_sub(used[w]))
                .unwrap_or(0);
            (way, false)
        }
    }
}

/// Takes what the word (or pad) at `at` contributes from its cache entry `e`: its sums into
/// the fixed scores of itself and its neighbours (words the tag dictionary tags need none),
/// its codes and hashes onto `far` and `words`.
#[inline]
fn take(
    e: &WordScores,
    at: isize,
    dict: &[Option<(Xpos, Upos)>],
    fixed: &mut [[i32; NC]],
    words: &mut Vec<WordInfo>,
    far: &mut Vec<[u32; 2]>,
) {
    words.push(WordInfo::from_tagging_hashes(e.hashes));
    far.push(e.far);
    for (d, v) in [(0, &e.own), (1, &e.left1), (-1, &e.right1)] {
        let t = at + d;
        if t < 0 || dict.get(t as usize).is_none_or(Option::is_some) {
            continue;
        }
        if let Some(f) = fixed.get_mut(t as usize) {
            for (a, b) in f.iter_mut().zip(v) {
                *a += b;
            }
        }
    }
}

/// Row of [`PosTagger::tag_scores`] for the previous two tags `(t1, t2)`, where `NX` stands
/// for the sentence start and, for `t2` only, `NX + 1` for two before the sentence start.
#[inline]
fn tag_row(t1: usize, t2: usize) -> usize {
    t1 * (NX + 2) + t2
}

/// Row of [`PosTagger::pair_scores`] for the previous tag `t1` (`NX` at the sentence start)
/// and the next word's guessed tag `g1` (`NX` after the sentence end).
#[inline]
fn pair_row(t1: usize, g1: usize) -> usize {
    t1 * (NX + 1) + g1
}

/// Row of [`PosTagger::cap_scores`] for capitalisation class `cap` and previous tag `t1`
/// (`NX` at the sentence start).
#[inline]
fn cap_row(cap: usize, t1: usize) -> usize {
    cap * (NX + 1) + t1
}

/// Row of [`PosTagger::ahead_scores`] for guessed-tag values.
#[inline]
fn ahead_index(g1: u64, g2: u64) -> usize {
    let col = |g: u64| match g {
        END => NX,
        END2 => NX + 1,
        g => (g as usize).min(NX - 1),
    };
    tag_row(col(g1).min(NX), col(g2))
}

/// Column of a guessed-tag value in [`pair_row`].
#[inline]
fn guess_col(g: u64) -> usize {
    if g == END {
        NX
    } else {
        (g as usize).min(NX - 1)
    }
}

#[inline]
fn tag_index(p1: Option<u8>, p2: Option<u8>) -> usize {
    match (p1, p2) {
        (None, _) => tag_row(NX, NX + 1),
        (Some(a), None) => tag_row(usize::from(a), NX),
        (Some(a), Some(b)) => tag_row(usize::from(a), usize::from(b)),
    }
}

#[derive(Debug, Default)]
struct Scratch {
    chars: Vec<char>,
    /// Per cache set, the key of each way: the form key mixed with the tagger's id
    /// ([`PosTagger::cache_key`]).
    keys: Vec<SetKeys>,
    scores: Vec<WordScores>,
    /// This sentence: tag-dictionary tags, word hashes (two pads each side), and the
    /// tag-independent scores of each word.
    dict: Vec<Option<(Xpos, Upos)>>,
    form_keys: Vec<u64>,
    guesses: Vec<u8>,
    /// Per cache slot, the value of `clock` when it was last used.
    used: Vec<u32>,
    /// Counts the lookups in the word score cache.
    clock: u32,
    /// The keys of each set of the lemma cache, and the lemma of each slot.
    lemma_sets: Vec<LemmaSet>,
    lemmas: Vec<Lemma>,
    lemma_clock: u32,
    /// The lemma being made on a lemma cache miss.
    lemma: String,
    words: Vec<WordInfo>,
    /// The [`WordScores::far`] codes of the words of `words`.
    far: Vec<[u32; 2]>,
    fixed: Vec<[i32; NC]>,
    shapes: ShapeCache,
}

/// Slots of [`ShapeCache`]: a few thousand shape pairs cover news text.
const SHAPE_SLOTS: usize = 8192;

/// Where the weights of the two word-shape pair features ([`templates::pairs`]) are, per
/// feature, in a direct-mapped cache of 128 KB: words have a few hundred shapes, so a few
/// thousand pairs recur in every sentence, and most of these features have dense rows. A hit
/// skips the filter bit and the probe of the large slot array, each a likely cache miss.
#[derive(Debug, Default)]
struct ShapeCache {
    /// (feature, tagger id (low bits), [`WeightTable::code`]).
    slots: Vec<(u64, u32, u32)>,
}

impl ShapeCache {
    /// The code of feature `f` of the tagger `t`, looked up in its table on a miss.
    #[inline]
    fn code(&mut self, t: &PosTagger, f: u64) -> u32 {
        if self.slots.len() != SHAPE_SLOTS {
            self.slots = vec![(0, 0, ABSENT); SHAPE_SLOTS];
        }
        let id = t.id as u32;
        let e = &mut self.slots[f as usize & (SHAPE_SLOTS - 1)];
        if e.0 != f || e.1 != id {
            *e = (f, id, t.weights.code(f));
        }
        e.2
    }
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

impl PartialEq for PosTagger {
    fn eq(&self, o: &Self) -> bool {
        self.weights == o.weights
            && self.tagdict == o.tagdict
            && self.clusters == o.clusters
            && self.allowed == o.allowed
            && self.lemmatizer == o.lemmatizer
    }
}

impl PosTagger {
    /// The model built into the binary (trained on UD English EWT), loaded on first use.
    pub fn embedded() -> &'static PosTagger {
        &EMBEDDED
    }

    /// Assembles a tagger from trained parts (used by the trainer).
    pub(crate) fn from_parts(
        weights: impl IntoIterator<Item = (u64, Vec<Entry>)>,
        tagdict: KeyMap<(Xpos, Upos)>,
        clusters: KeyMap<u16>,
        allowed: [u32; NX],
        lemmatizer: Lemmatizer,
    ) -> Self {
        let rows: Vec<(u64, Vec<Entry>)> = weights.into_iter().collect();
        let weights = WeightTable::new(rows.len(), rows.iter().map(|(k, r)| (*k, &r[..])));
        PosTagger::assemble(weights, tagdict, clusters, allowed, lemmatizer)
    }

    fn assemble(
        weights: WeightTable,
        tagdict: KeyMap<(Xpos, Upos)>,
        clusters: KeyMap<u16>,
        allowed: [u32; NX],
        lemmatizer: Lemmatizer,
    ) -> Self {
        let mut tag_scores = vec![[0; NC]; (NX + 1) * (NX + 2)];
        let mut ahead_scores = vec![[0; NC]; (NX + 1) * (NX + 2)];
        for t1 in 0..=NX {
            for t2 in 0..NX + 2 {
                let v1 = if t1 < NX { t1 as u64 } else { START };
                let v2 = match t2 {
                    t if t < NX => t as u64,
                    t if t == NX => START,
                    _ => START2,
                };
                let mut sum = [0; 256];
                for f in templates::tags(v1, v2) {
                    weights.add(f, &mut sum);
                }
                tag_scores[tag_row(t1, t2)].copy_from_slice(&sum[..NC]);
                let g1 = if t1 < NX { t1 as u64 } else { END };
                let g2 = match t2 {
                    t if t < NX => t as u64,
                    t if t == NX => END,
                    _ => END2,
                };
                let mut sum = [0; 256];
                for f in &templates::ahead(&WordInfo::default(), 0, g1, g2)[..2] {
                    weights.add(*f, &mut sum);
                }
                ahead_scores[tag_row(t1, t2)].copy_from_slice(&sum[..NC]);
            }
        }
        let mut pair_scores = vec![[0; NC]; (NX + 1) * (NX + 1)];
        let mut cap_scores = vec![[0; NC]; NCAP * (NX + 1)];
        for t1 in 0..=NX {
            let v1 = if t1 < NX { t1 as u64 } else { START };
            for g1 in 0..=NX {
                let g = if g1 < NX { g1 as u64 } else { END };
                let mut sum = [0; 256];
                weights.add(
                    templates::ahead(&WordInfo::default(), v1, g, 0)[2],
                    &mut sum,
                );
                pair_scores[pair_row(t1, g1)].copy_from_slice(&sum[..NC]);
            }
            for cap in 0..NCAP {
                let w = WordInfo::with_cap(cap as u64);
                let mut sum = [0; 256];
                weights.add(templates::tagged(t1 == NX, v1, &w, &w)[2], &mut sum);
                cap_scores[cap_row(cap, t1)].copy_from_slice(&sum[..NC]);
            }
        }
        PosTagger {
            id: NEXT_ID.fetch_add(1, Ordering::Relaxed),
            weights,
            tagdict,
            clusters,
            allowed,
            lemmatizer,
            tag_scores,
            ahead_scores,
            pair_scores,
            cap_scores,
        }
    }

    /// The lemmatiser stored with the tagger.
    pub fn lemmatizer(&self) -> &Lemmatizer {
        &self.lemmatizer
    }

    /// The lemma of `word` tagged `tag`.
    pub fn lemma(&self, word: &str, tag: Xpos) -> String {
        let mut lemma = self.lemmatizer.lemma(word, tag);
        self.check_verb_lemma(word, tag, &mut lemma);
        lemma
    }

    /// Number of weighted features and of non-zero weights, for reports.
    pub fn sizes(&self) -> (usize, usize) {
        (self.weights.len, self.weights.entries)
    }

    /// Tags one sentence of words; `out` is cleared and gets one pair per word.
    pub fn tag_words(&self, words: &[&str], out: &mut Vec<(Xpos, Upos)>) {
        SCRATCH.with_borrow_mut(|s| self.decode(s, words.len(), |i| words[i], out));
    }

    /// Fills `xpos`, `upos` and `lemma` of every token of every sentence.
    pub fn tag(&self, doc: &mut Document) {
        let Document {
            text,
            sentences,
            tokens,
            ..
        } = doc;
        let mut tags = Vec::new();
        SCRATCH.with_borrow_mut(|scratch| {
            for s in sentences.iter() {
                let Some(toks) = tokens.get_mut(s.tokens.clone()) else {
                    continue;
                };
                let word = |i: usize| text.get(toks[i].span.range()).unwrap_or("");
                self.decode(scratch, toks.len(), word, &mut tags);
                if scratch.lemmas.len() != LEMMA_SLOTS {
                    scratch.lemma_sets = vec![LemmaSet::default(); LEMMA_SETS];
                    scratch.lemmas = vec![Lemma::default(); LEMMA_SLOTS];
                }
                for ((t, &(x, u)), &form) in toks.iter_mut().zip(&tags).zip(&scratch.form_keys) {
                    t.xpos = x;
                    t.upos = u;
                    // The lemma depends on the folded form and the tag alone.
                    let key = features::finish(form ^ (x as u64 + 1));
                    let stored = self.cache_key(key);
                    let set_index = key as usize & (LEMMA_SETS - 1);
                    let clock = scratch.lemma_clock.wrapping_add(1);
                    scratch.lemma_clock = clock;
                    let set = &mut scratch.lemma_sets[set_index];
                    let (way, hit) = find_way(&set.keys, &set.used, clock, stored);
                    set.used[way] = clock;
                    let slot = set_index * LEMMA_WAYS + way;
                    if !hit {
                        set.keys[way] = stored;
                        let word = text.get(t.span.range()).unwrap_or("");
                        let lemma = &mut scratch.lemma;
                        self.lemmatizer.lemma_into(word, x, lemma);
                        self.check_verb_lemma(word, x, lemma);
                        scratch.lemmas[slot] = Lemma::from(lemma.as_str());
                    }
                    t.lemma = scratch.lemmas[slot].clone();
                }
            }
        });
    }

    /// "has traded" -> "trade", not "trad": a verb lemma the suffix rules cut to a word the
    /// word classes never saw, where the same with a final "e" is a known word, gets the "e"
    /// back. The rules learn "-aded" -> "-ad" from "loaded" and "-ded" -> "-d" from "added".
    ///
    /// A participle in "-en" whose rule lemma is unknown drops the "-en" where that leaves a
    /// known word: "beaten" -> "beat", not "beate" (the rules learn "-en" -> "-e" from "given",
    /// "taken", "driven"). A past tense or participle without a regular ending ("-ed", "-n")
    /// whose rule lemma is still unknown, where the word itself is known, keeps the word:
    /// "helped boost" tagged `VBN` gives "boost", not "boose" (the rules learn "-ost" ->
    /// "-ose" from "lost").
    fn check_verb_lemma(&self, word: &str, tag: Xpos, lemma: &mut String) {
        if !matches!(tag, Xpos::VBD | Xpos::VBN | Xpos::VBG | Xpos::VBZ) || lemma.len() < 3 {
            return;
        }
        let known = |w: &str| self.clusters.contains_key(&features::lower_key(w));
        let lower = word.to_lowercase();
        // Irregular forms the treebank's lemmas did not cover ("spun", "upheld").
        if matches!(tag, Xpos::VBD | Xpos::VBN) {
            if let Some(base) = crate::tag::rules::irregular_base(&lower) {
                *lemma = base;
                return;
            }
        }
        if known(lemma) {
            return;
        }
        if !lemma.ends_with(|c: char| !c.is_ascii_alphabetic() || "aeiouwy".contains(c))
            && known(&format!("{lemma}e"))
        {
            lemma.push('e');
            return;
        }
        // "spiralling" -> "spiral", not "spirall": the rules learn "-lling" -> "-ll" from
        // "calling", while British spelling doubles a final "l" that the base does not have.
        let bytes = lemma.as_bytes();
        let n = bytes.len();
        if n > 3
            && bytes[n - 1] == bytes[n - 2]
            && !b"aeiouy".contains(&bytes[n - 1])
            && known(&lemma[..n - 1])
        {
            lemma.pop();
            return;
        }
        if tag == Xpos::VBN && lower.len() > 4 && lower.ends_with("en") {
            let stem = &lower[..lower.len() - 2];
            if known(stem) {
                *lemma = stem.to_owned();
            }
            return;
        }
        if matches!(tag, Xpos::VBD | Xpos::VBN)
            && !lower.ends_with("ed")
            && !lower.ends_with('n')
            && lower.chars().all(|c| c.is_ascii_alphabetic())
            && known(&lower)
        {
            *lemma = lower;
        }
    }

    /// Fills the UPOS and XPOS columns of a CoNLL-U sentence's word lines; everything else
    /// (comments, multiword tokens, empty nodes, other columns) stays as it was.
    pub fn tag_conllu(&self, sentence: &mut conllu::Sentence) {
        let mut tags = Vec::new();
        let words: Vec<&str> = sentence.words().map(conllu::Row::form).collect();
        self.tag_words(&words, &mut tags);
        for (row, (x, u)) in sentence.words_mut().zip(tags) {
            row.cols[conllu::col::UPOS] = u.as_str().to_owned();
            row.cols[conllu::col::XPOS] = x.as_str().to_owned();
        }
    }

    /// Sums the weights of `feats` into the first [`NC`] columns of `scores`.
    #[inline]
    fn score(&self, feats: &[u64], scores: &mut [i32; NC]) {
        let mut sum = [0; 256];
        for &f in feats {
            self.weights.add(f, &mut sum);
        }
        scores.copy_from_slice(&sum[..NC]);
    }

    /// A form key as the word score cache stores it: mixed with this tagger's id, so one
    /// 64-bit key tells both (two different pairs meet with the odds of two form keys
    /// colliding, 2^-64).
    #[inline]
    fn cache_key(&self, key: u64) -> u64 {
        key ^ features::finish(self.id)
    }

    /// The cache slot of a word (or of a pad, `pad` = `Some(k)` as [`WordInfo::pad`]), filled
    /// on a miss.
    #[inline]
    fn cached(&self, s: &mut Scratch, key: u64, word: &str, pad: Option<usize>) -> usize {
        let set_index = key as usize & (CACHE_SETS - 1);
        let set = set_index * CACHE_WAYS;
        let stored = self.cache_key(key);
        let (way, hit) = find_way(
            &s.keys[set_index].0,
            &s.used[set..set + CACHE_WAYS],
            s.clock,
            stored,
        );
        let slot = set + way;
        s.clock = s.clock.wrapping_add(1);
        s.used[slot] = s.clock;
        if !hit {
            let info = match pad {
                Some(k) => WordInfo::pad(k),
                None => features::word_info(&mut s.chars, word, &self.clusters),
            };
            let own = templates::own(&info);
            let mut feats = [0u64; features::NW + 1];
            feats[..own.len()].copy_from_slice(&own);
            feats[own.len()] = templates::start(false, &info);
            let e = &mut s.scores[slot];
            self.score(&feats, &mut e.own);
            self.score(&templates::left1(&info), &mut e.left1);
            self.score(&templates::right1(&info), &mut e.right1);
            let [left2] = templates::left2(&info);
            let [right2] = templates::right2(&info);
            e.far = [self.weights.code(left2), self.weights.code(right2)];
            e.hashes = info.tagging_hashes();
            s.keys[set_index].0[way] = stored;
        }
        slot
    }

    fn decode<'a>(
        &self,
        s: &mut Scratch,
        n: usize,
        word: impl Fn(usize) -> &'a str,
        out: &mut Vec<(Xpos, Upos)>,
    ) {
        out.clear();
        if s.keys.len() != CACHE_SETS {
            s.keys = vec![SetKeys::default(); CACHE_SETS];
            s.scores = vec![WordScores::default(); CACHE_SLOTS];
            s.used = vec![0; CACHE_SLOTS];
        }
        let mut form_keys = std::mem::take(&mut s.form_keys);
        let mut words = std::mem::take(&mut s.words);
        let mut far = std::mem::take(&mut s.far);
        let mut fixed = std::mem::take(&mut s.fixed);
        form_keys.clear();
        s.dict.clear();
        for i in 0..n {
            let key = features::form_key(word(i));
            form_keys.push(key);
            s.dict.push(
                self.tagdict
                    .get(&key)
                    .copied()
                    .or_else(|| currency(word(i))),
            );
        }
        // The tag-independent scores: each word (and each pad outside the sentence) adds
        // its cached sums to itself and to the words next to it. `words[i + 2]` holds the
        // hashes of word i, for i in -2..n+2, and `far[i + 2]` its codes.
        fixed.clear();
        fixed.resize(n, [0; NC]);
        words.clear();
        far.clear();
        // Positions -2 and -1 and n and n + 1 are the pads `PAD_KEYS[1, 0, 2, 3]`.
        let n_pos = n as isize;
        for at in -2..n_pos + 2 {
            let slot = if (0..n_pos).contains(&at) {
                let i = at as usize;
                let needed = (i.saturating_sub(2)..(i + 3).min(n)).any(|j| s.dict[j].is_none());
                if !needed {
                    words.push(WordInfo::default());
                    far.push([ABSENT; 2]);
                    continue;
                }
                self.cached(s, form_keys[i], word(i), None)
            } else {
                let pad = if at < 0 {
                    (-1 - at) as usize
                } else {
                    (at - n_pos) as usize + 2
                };
                self.cached(s, PAD_KEYS[pad], "", Some(pad))
            };
            take(
                &s.scores[slot],
                at,
                &s.dict,
                &mut fixed,
                &mut words,
                &mut far,
            );
        }
        // The features of the words two away and of word pairs do not look at tags either;
        // summing them here, before the tags, keeps their lookups independent of each other.
        let mut acc = [0i32; 256];
        for (i, f) in fixed.iter_mut().enumerate() {
            if s.dict[i].is_some() {
                continue;
            }
            let (wm1, w, wp1) = (&words[i + 1], &words[i + 2], &words[i + 3]);
            acc[..NC].copy_from_slice(f);
            // The word two to the left, then two to the right.
            self.weights.add_code(far[i][0], &mut acc);
            self.weights.add_code(far[i + 4][1], &mut acc);
            let [words_left, words_right, shapes_left, shapes_right] =
                templates::pairs(wm1, w, wp1);
            self.weights.add(words_left, &mut acc);
            self.weights.add(words_right, &mut acc);
            for h in [shapes_left, shapes_right] {
                let code = s.shapes.code(self, h);
                self.weights.add_code(code, &mut acc);
            }
            if i == 0 {
                // The cached own scores assume a word off the sentence start.
                self.weights.add(templates::start(true, w), &mut acc);
                self.weights.sub(templates::start(false, w), &mut acc);
            }
            f.copy_from_slice(&acc[..NC]);
        }
        s.guesses.clear();
        for (d, f) in s.dict.iter().zip(&fixed) {
            s.guesses.push(match d {
                Some((x, _)) => *x as u8,
                None => best_xpos_i32(f) as u8,
            });
        }
        // The guesses do not depend on the tags chosen either: their features join the
        // fixed scores now, all but the one pairing the next guess with the previous tag.
        for (i, f) in fixed.iter_mut().enumerate() {
            if s.dict[i].is_some() {
                continue;
            }
            let (g1, g2) = features::ahead_values(&s.guesses, i);
            let ahead = &self.ahead_scores[ahead_index(g1, g2)];
            for ((a, f), g) in acc.iter_mut().zip(f.iter()).zip(ahead) {
                *a = f + g;
            }
            self.weights
                .add(templates::ahead(&words[i + 2], 0, g1, g2)[3], &mut acc);
            f.copy_from_slice(&acc[..NC]);
        }
        // Left to right, each scored word adds dense rows for its previous tags (alone, with
        // the next guess, with its capitalisation) and looks up only the two features that
        // pair the previous tag with a word.
        let (mut p1, mut p2) = (None, None);
        for i in 0..n {
            let pair = match s.dict[i] {
                Some(pair) => pair,
                None => {
                    let (w, wp1) = (&words[i + 2], &words[i + 3]);
                    let t1c = p1.map_or(NX, usize::from);
                    let (g1, _) = features::ahead_values(&s.guesses, i);
                    let row = &self.tag_scores[tag_index(p1, p2)];
                    let pair = &self.pair_scores[pair_row(t1c, guess_col(g1))];
                    let (t1, _) = features::tag_values(p1, p2);
                    let tagged = templates::tagged(i == 0, t1, w, wp1);
                    let cap = w.cap() as usize;
                    let cap_row = self
                        .cap_scores
                        .get(cap_row(cap, t1c))
                        .filter(|_| cap < NCAP);
                    match cap_row {
                        Some(c) => {
                            let rows = acc.iter_mut().zip(&fixed[i]).zip(row).zip(pair).zip(c);
                            for ((((a, f), t), p), c) in rows {
                                *a = f + t + p + c;
                            }
                        }
                        None => {
                            for (((a, f), t), p) in acc.iter_mut().zip(&fixed[i]).zip(row).zip(pair)
                            {
                                *a = f + t + p;
                            }
                            self.weights.add(tagged[2], &mut acc);
                        }
                    }
                    for &f in &tagged[..2] {
                        self.weights.add(f, &mut acc);
                    }
                    best_pair_inference(&acc, &self.allowed)
                }
            };
            out.push(pair);
            p2 = p1;
            p1 = Some(pair.0 as u8);
        }
        s.form_keys = form_keys;
        s.words = words;
        s.far = far;
        s.fixed = fixed;
    }

    /// Reads a model written by [`PosTagger::write`].
    ///
    /// # Errors
    /// [`Error::Model`] when the data is not a POS model of this version or is damaged.
    pub fn read(r: impl Read) -> Result<Self> {
        let mut r = ModelReader::new(r, MODEL_NAME, MODEL_VERSION)?;
        if r.u32()? as usize != NX || r.u32()? as usize != NU {
            return Err(Error::Model("POS model made for another tag set".into()));
        }
        let mut allowed = [0u32; NX];
        for a in &mut allowed {
            *a = r.u32()?;
        }
        let damaged = || Error::Model("damaged POS model".into());
        let dict = r.bytes(MAX_BLOB)?;
        if dict.len() % 10 != 0 {
            return Err(damaged());
        }
        let mut tagdict = KeyMap::default();
        tagdict.reserve(dict.len() / 10);
        for c in dict.chunks_exact(10) {
            let k = u64::from_le_bytes(c[..8].try_into().map_err(|_| damaged())?);
            let x = Xpos::from_index(c[8]).ok_or_else(damaged)?;
            let u = Upos::from_index(c[9]).ok_or_else(damaged)?;
            tagdict.insert(k, (x, u));
        }
        let blob = r.bytes(MAX_BLOB)?;
        if blob.len() % 10 != 0 {
            return Err(damaged());
        }
        let mut clusters = KeyMap::default();
        clusters.reserve(blob.len() / 10);
        for c in blob.chunks_exact(10) {
            let k = u64::from_le_bytes(c[..8].try_into().map_err(|_| damaged())?);
            clusters.insert(k, u16::from_le_bytes([c[8], c[9]]));
        }
        let n = r.u32()? as usize;
        let keys = r.bytes(MAX_BLOB)?;
        let lens = r.bytes(MAX_BLOB)?;
        let packed = r.bytes(MAX_BLOB)?;
        if keys.len() != n * 8 || lens.len() != n || packed.len() % 3 != 0 {
            return Err(damaged());
        }
        let total: usize = lens.iter().map(|&l| usize::from(l)).sum();
        if total * 3 != packed.len() {
            return Err(damaged());
        }
        let mut entries = Vec::with_capacity(total);
        for c in packed.chunks_exact(3) {
            let weight = i16::from_le_bytes([c[1], c[2]]);
            if usize::from(c[0]) >= NC || weight == DENSE {
                return Err(damaged());
            }
            entries.push(Entry {
                class: c[0],
                weight,
            });
        }
        let mut start = 0;
        let rows = keys.chunks_exact(8).zip(&lens).map(|(k, &len)| {
            let mut key = [0u8; 8];
            key.copy_from_slice(k);
            let end = start + usize::from(len);
            let row = &entries[start..end];
            start = end;
            (u64::from_le_bytes(key), row)
        });
        let weights = WeightTable::new(n, rows);
        let lemmatizer = Lemmatizer::read(&mut r)?;
        r.finish()?;
        Ok(PosTagger::assemble(
            weights, tagdict, clusters, allowed, lemmatizer,
        ))
    }

    /// Writes the model; the same model always gives the same bytes.
    ///
    /// # Errors
    /// Whatever the writer returns.
    pub fn write(&self, w: impl Write) -> io::Result<()> {
        let mut w = ModelWriter::new(w, MODEL_NAME, MODEL_VERSION)?;
        w.u32(NX as u32)?;
        w.u32(NU as u32)?;
        for &a in &self.allowed {
            w.u32(a)?;
        }
        let mut dict: Vec<_> = self.tagdict.iter().collect();
        dict.sort_by_key(|(k, _)| **k);
        let mut blob = Vec::with_capacity(dict.len() * 10);
        for (k, (x, u)) in dict {
            blob.extend_from_slice(&k.to_le_bytes());
            blob.push(*x as u8);
            blob.push(*u as u8);
        }
        w.bytes(&blob)?;
        let mut clusters: Vec<_> = self.clusters.iter().collect();
        clusters.sort_by_key(|(k, _)| **k);
        let mut blob = Vec::with_capacity(clusters.len() * 10);
        for (k, c) in clusters {
            blob.extend_from_slice(&k.to_le_bytes());
            blob.extend_from_slice(&c.to_le_bytes());
        }
        w.bytes(&blob)?;
        let rows = self.weights.rows();
        w.u32(u32::try_from(rows.len()).map_err(io::Error::other)?)?;
        let mut keys = Vec::with_capacity(rows.len() * 8);
        let mut lens = Vec::with_capacity(rows.len());
        let mut packed = Vec::new();
        for (k, row) in rows {
            keys.extend_from_slice(&k.to_le_bytes());
            lens.push(row.len() as u8);
            for e in row {
                packed.push(e.class);
                packed.extend_from_slice(&e.weight.to_le_bytes());
            }
        }
        w.bytes(&keys)?;
        w.bytes(&lens)?;
        w.bytes(&packed)?;
        self.lemmatizer.write(&mut w)?;
        Ok(())
    }
}

/// [`WeightTable::code`] of a feature the table does not have.
const ABSENT: u32 = u32::MAX;
/// Set in a [`WeightTable::code`] that is a dense row's index.
const DENSE_CODE: u32 = 1 << 31;

/// Entries stored in a table slot; longer rows are stored dense in [`WeightTable::dense`].
const INLINE: usize = 8;
/// Last weight of a slot whose row is dense (never produced by quantisation, which clamps
/// to ±32767); the slot's last four class bytes then hold the dense row's index.
const DENSE: i16 = i16::MIN;

/// One feature and up to [`INLINE`] weights, in 32 bytes: a lookup touches one cache line.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Slot {
    /// Feature hash; 0 marks an empty slot (a feature hashing to 0 is stored as 1).
    key: u64,
    class: [u8; INLINE],
    weight: [i16; INLINE],
}

impl Slot {
    fn dense_index(&self) -> Option<usize> {
        (self.weight[INLINE - 1] == DENSE).then(|| {
            u32::from_le_bytes([self.class[4], self.class[5], self.class[6], self.class[7]])
                as usize
        })
    }
}

/// Open-addressing (linear probing) table of feature weights, built once at load time.
/// Unused inline entries add 0 to column 0, so scoring a slot needs no branches; the few
/// features with many weights (tags, frequent words) get a dense row instead.
#[derive(Debug, Clone, PartialEq, Eq)]
struct WeightTable {
    slots: Vec<Slot>,
    mask: usize,
    /// One bit per hash value of the keys' upper bits: most features absent from the table
    /// are turned away here, in a few hundred kilobytes that stay in the CPU cache, instead
    /// of by a probe of the large slot array.
    filter: Vec<u64>,
    dense: Vec<[i16; NC]>,
    len: usize,
    entries: usize,
}

#[inline]
fn slot_key(k: u64) -> u64 {
    k.max(1)
}

/// Words of [`WeightTable::filter`]: 2^21 bits, 256 KB.
const FILTER_WORDS: usize = 1 << 15;

/// The filter bit of a key, from bits the slot index does not use.
#[inline]
fn filter_bit(key: u64) -> (usize, u64) {
    let h = (key >> 43) as usize; // 21 bits
    (h >> 6, 1 << (h & 63))
}

impl WeightTable {
    fn new<'a>(n: usize, rows: impl IntoIterator<Item = (u64, &'a [Entry])>) -> Self {
        let cap = (n + n / 4 + 1).next_power_of_two().max(16);
        let mask = cap - 1;
        let mut t = WeightTable {
            slots: vec![Slot::default(); cap],
            mask,
            filter: vec![0; FILTER_WORDS],
            dense: Vec::new(),
            len: 0,
            entries: 0,
        };
        for (k, row) in rows {
            if row.is_empty() {
                continue;
            }
            let key = slot_key(k);
            let mut i = key as usize & mask;
            while t.slots[i].key != 0 && t.slots[i].key != key {
                i = (i + 1) & mask;
            }
            if t.slots[i].key == key {
                continue; // duplicate key: the first row wins
            }
            let mut slot = Slot {
                key,
                ..Slot::default()
            };
            if row.len() > INLINE {
                let mut d = [0i16; NC];
                for e in row {
                    if let Some(w) = d.get_mut(usize::from(e.class)) {
                        *w = e.weight;
                    }
                }
                let index = (t.dense.len() as u32).to_le_bytes();
                slot.class[4..8].copy_from_slice(&index);
                slot.weight[INLINE - 1] = DENSE;
                t.dense.push(d);
            } else {
                for (j, e) in row.iter().enumerate() {
                    slot.class[j] = e.class;
                    slot.weight[j] = e.weight;
                }
            }
            t.slots[i] = slot;
            let (word, bit) = filter_bit(key);
            t.filter[word] |= bit;
            t.len += 1;
            t.entries += row.len();
        }
        t
    }

    /// Subtracts the weights of `f` from `scores`.
    fn sub(&self, f: u64, scores: &mut [i32; 256]) {
        let mut w = [0; 256];
        self.add(f, &mut w);
        for (s, w) in scores.iter_mut().zip(&w) {
            *s -= w;
        }
    }

    #[inline]
    fn add(&self, f: u64, scores: &mut [i32; 256]) {
        if let Some(i) = self.find(f) {
            self.add_slot(i, scores);
        }
    }

    /// The slot of feature `f`, if the table has it.
    #[inline]
    fn find(&self, f: u64) -> Option<usize> {
        let key = slot_key(f);
        let (word, bit) = filter_bit(key);
        if self.filter.get(word).is_none_or(|w| w & bit == 0) {
            return None;
        }
        let mut i = key as usize & self.mask;
        loop {
            let s = &self.slots[i];
            if s.key == key {
                return Some(i);
            }
            if s.key == 0 {
                return None;
            }
            i = (i + 1) & self.mask;
        }
    }

    /// Adds the weights of slot `i`.
    #[inline]
    fn add_slot(&self, i: usize, scores: &mut [i32; 256]) {
        let s = &self.slots[i];
        match s.dense_index().and_then(|d| self.dense.get(d)) {
            Some(row) => self.add_dense(row, scores),
            None => {
                for j in 0..INLINE {
                    scores[usize::from(s.class[j])] += i32::from(s.weight[j]);
                }
            }
        }
    }

    #[inline]
    fn add_dense(&self, row: &[i16; NC], scores: &mut [i32; 256]) {
        for (t, &w) in scores[..NC].iter_mut().zip(row) {
            *t += i32::from(w);
        }
    }

    /// Where the weights of `f` are, as a [`ShapeCache`] keeps it: [`ABSENT`], a dense row's
    /// index with [`DENSE_CODE`] set, or a slot's index.
    #[inline]
    fn code(&self, f: u64) -> u32 {
        match self.find(f) {
            None => ABSENT,
            Some(i) => match self.slots[i].dense_index() {
                Some(d) => d as u32 | DENSE_CODE,
                None => i as u32,
            },
        }
    }

    /// Adds the weights a [`WeightTable::code`] points to.
    #[inline]
    fn add_code(&self, code: u32, scores: &mut [i32; 256]) {
        if code == ABSENT {
            return;
        }
        if code & DENSE_CODE != 0 {
            if let Some(row) = self.dense.get((code & !DENSE_CODE) as usize) {
                self.add_dense(row, scores);
            }
        } else {
            self.add_slot(code as usize, scores);
        }
    }

    /// Every row, sorted by key, without the padding entries.
    fn rows(&self) -> Vec<(u64, Vec<Entry>)> {
        let mut rows: Vec<(u64, Vec<Entry>)> = self
            .slots
            .iter()
            .filter(|s| s.key != 0)
            .map(|s| {
                let row: Vec<Entry> = match s.dense_index().and_then(|d| self.dense.get(d)) {
                    Some(d) => d
                        .iter()
                        .enumerate()
                        .filter(|&(_, &w)| w != 0)
                        .map(|(c, &weight)| Entry {
                            class: c as u8,
                            weight,
                        })
                        .collect(),
                    None => s
                        .class
                        .iter()
                        .zip(&s.weight)
                        .filter(|&(_, &w)| w != 0)
                        .map(|(&class, &weight)| Entry { class, weight })
                        .collect(),
                };
                (s.key, row)
            })
            .collect();
        rows.sort_unstable_by_key(|(k, _)| *k);
        rows
    }
}

/// The best PTB tag's index.
#[inline]
pub(crate) fn best_xpos<T: PartialOrd + Copy>(scores: &[T]) -> usize {
    let mut bx = 0;
    for x in 1..NX {
        if scores[x] > scores[bx] {
            bx = x;
        }
    }
    bx
}

/// The index of the first largest score, as a loop the compiler vectorises: the maximum in
/// one pass, then its first position.
#[inline]
fn argmax_i32(scores: &[i32]) -> usize {
    let max = scores.iter().fold(i32::MIN, |m, &s| m.max(s));
    scores.iter().position(|&s| s == max).unwrap_or(0)
}

/// [`best_xpos`] for quantised scores.
#[inline]
fn best_xpos_i32(scores: &[i32]) -> usize {
    argmax_i32(&scores[..NX])
}

/// [`best_pair`] for quantised scores; same result, ties included.
#[cfg(test)]
fn best_pair_i32(scores: &[i32], allowed: &[u32; NX]) -> (Xpos, Upos) {
    let (xpos, upos, _) = best_pair_and_upos(scores, allowed);
    (xpos, upos)
}

/// [`best_pair_i32`] and the index of the best universal tag of all, allowed or not, in one
/// pass over the scores: the universal tags allowed with a PTB tag are a few bits of its
/// mask, visited directly instead of masking all seventeen scores.
#[inline]
fn best_pair_and_upos(scores: &[i32], allowed: &[u32; NX]) -> (Xpos, Upos, usize) {
    let bx = best_xpos_i32(scores);
    let xpos = Xpos::from_index(bx as u8).unwrap_or_default();
    let upos = &scores[NX..NC];
    let bu = argmax_i32(upos);
    let mask = allowed[bx] & ((1 << NU) - 1);
    let best_allowed = if mask >> bu & 1 != 0 {
        // The first best of all is allowed, so it is the first best of those allowed.
        Some(bu)
    } else {
        let (mut rest, mut best) = (mask, None::<usize>);
        while rest != 0 {
            let k = rest.trailing_zeros() as usize;
            rest &= rest - 1;
            if best.is_none_or(|b| upos[k] > upos[b]) {
                best = Some(k);
            }
        }
        best
    };
    let upos = best_allowed
        .and_then(|u| Upos::from_index(u as u8))
        .unwrap_or_else(|| xpos.to_upos());
    (xpos, upos, bu)
}

/// How far the universal head's own best tag must outscore the best universal tag allowed
/// with the chosen PTB tag to be taken instead (in quantised units, the largest weight being
/// 32,767). On EWT dev: UPOS 95.52% against 95.39% both for always keeping the allowed tag
/// and for always taking the head's own (margins of 2,000, 5,000 and 20,000: 95.44%,
/// 95.50%, 95.41%).
const FREE_UPOS_MARGIN: i32 = 10_000;

/// [`best_pair`], except that a universal tag the model is much surer of than of every tag
/// allowed with the PTB tag wins: where the two heads disagree strongly, the universal one is
/// more often right. The PTB tag then follows it: the best one seen with that universal tag
/// (on EWT dev, of the 97 words where the universal head won, 59 had it right but only 25
/// their PTB tag; following it, XPOS 94.77% -> 94.86%, UPOS 95.52% -> 95.51%; test 94.99% ->
/// 95.06%, 95.65% -> 95.64%).
#[inline]
fn best_pair_inference(scores: &[i32], allowed: &[u32; NX]) -> (Xpos, Upos) {
    let (xpos, upos, bu) = best_pair_and_upos(scores, allowed);
    if bu != upos as usize && scores[NX + bu] - scores[NX + upos as usize] > FREE_UPOS_MARGIN {
        if let Some(u) = Upos::from_index(bu as u8) {
            let mut bx: Option<usize> = None;
            for (x, &mask) in allowed.iter().enumerate() {
                if mask >> bu & 1 != 0 && bx.is_none_or(|b| scores[x] > scores[b]) {
                    bx = Some(x);
                }
            }
            let x = bx.and_then(|x| Xpos::from_index(x as u8)).unwrap_or(xpos);
            return (x, u);
        }
    }
    (xpos, upos)
}

/// The best PTB tag, then the best universal tag allowed with it.
#[inline]
pub(crate) fn best_pair<T: PartialOrd + Copy>(scores: &[T], allowed: &[u32; NX]) -> (Xpos, Upos) {
    let bx = best_xpos(scores);
    let xpos = Xpos::from_index(bx as u8).unwrap_or_default();
    let mask = allowed[bx];
    let mut bu: Option<usize> = None;
    for u in 0..NU {
        if mask & (1 << u) != 0 && bu.is_none_or(|b| scores[NX + u] > scores[NX + b]) {
            bu = Some(u);
        }
    }
    let upos = bu
        .and_then(|u| Upos::from_index(u as u8))
        .unwrap_or_else(|| xpos.to_upos());
    (xpos, upos)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Sentence, Span, Token};
    use crate::tag::features::{Extractor, NF, NFIXED, ahead_values};

    /// Tags `words` the slow way training does: every feature of every word looked up anew.
    fn reference(t: &PosTagger, words: &[&str]) -> Vec<(Xpos, Upos)> {
        let mut ex = Extractor::default();
        ex.prepare(words.iter().copied(), &t.clusters);
        let mut scores = [0; NC];
        let mut guesses = Vec::new();
        for i in 0..ex.len() {
            guesses.push(match t.tagdict.get(&ex.form_key(i)) {
                Some(&(x, _)) => x as u8,
                None => {
                    let mut f = [0; NFIXED];
                    ex.fixed_features(i, &mut f);
                    t.score(&f, &mut scores);
                    best_xpos(&scores) as u8
                }
            });
        }
        let mut out = Vec::new();
        let (mut p1, mut p2) = (None, None);
        for i in 0..ex.len() {
            let pair = match t.tagdict.get(&ex.form_key(i)) {
                Some(&pair) => pair,
                None => {
                    let mut f = [0; NF];
                    ex.features(i, (p1, p2), ahead_values(&guesses, i), &mut f);
                    t.score(&f, &mut scores);
                    best_pair_inference(&scores, &t.allowed)
                }
            };
            out.push(pair);
            p2 = p1;
            p1 = Some(pair.0 as u8);
        }
        out
    }

    #[test]
    fn cached_scores_tag_as_the_training_features_do() {
        let tagger = PosTagger::embedded();
        let cases: [&[&str]; 5] = [
            &["The", "White", "House", "defended", "the", "tweets", "."],
            &[
                "Zorblat",
                "quux-ified",
                "3.5",
                "million",
                "WIDGETS",
                "yesterday",
                "!",
            ],
            &["Run"],
            &["He", "said", "that", "that", "was", "that", "."],
            &[
                "“", "No", "comment", ",", "”", "she", "said", "of", "Gorsuch", "’s", "bid",
            ],
        ];
        let mut got = Vec::new();
        for words in cases {
            // Twice: the second pass reads every word's scores from the cache.
            for _ in 0..2 {
                tagger.tag_words(words, &mut got);
                assert_eq!(got, reference(tagger, words), "{words:?}");
            }
        }
    }

    #[test]
    fn evicted_and_refilled_cache_entries_tag_alike() {
        // More distinct words than cache slots, so every set is filled and replaced several
        // times over, between two passes over the same sentences.
        let tagger = PosTagger::embedded();
        let sentence = ["The", "Zorblat", "quux", "said", "3.5", "WIDGETS", "."];
        let mut got = Vec::new();
        tagger.tag_words(&sentence, &mut got);
        let words: Vec<String> = (0..3 * CACHE_SLOTS).map(|i| format!("w{i}")).collect();
        for chunk in words.chunks(20) {
            let chunk: Vec<&str> = chunk.iter().map(String::as_str).collect();
            tagger.tag_words(&chunk, &mut got);
            if chunk[0] == "w0" || chunk[0] == "w9000" {
                assert_eq!(got, reference(tagger, &chunk), "{chunk:?}");
            }
        }
        tagger.tag_words(&sentence, &mut got);
        assert_eq!(got, reference(tagger, &sentence));
    }

    #[test]
    fn vectorised_argmax_breaks_ties_as_the_plain_loop() {
        // (PTB scores set as (tag, score), universal scores as (tag, score), allowed mask of
        // the best PTB tag): ties go to the first tag, universal tags outside the mask never
        // win, and an empty mask falls back to the PTB tag's own universal tag.
        let noun = 1 << (Upos::NOUN as u32) | 1 << (Upos::PROPN as u32);
        type Case<'a> = (&'a [(Xpos, i32)], &'a [(Upos, i32)], u32);
        let cases: [Case; 6] = [
            (&[], &[], noun),
            (&[(Xpos::NN, 5), (Xpos::NNP, 5)], &[(Upos::PROPN, 3)], noun),
            (
                &[(Xpos::NNP, 5)],
                &[(Upos::NOUN, 3), (Upos::PROPN, 3)],
                noun,
            ),
            (
                &[(Xpos::NN, -5)],
                &[(Upos::VERB, 9), (Upos::PROPN, 2)],
                noun,
            ),
            (&[(Xpos::VB, 7)], &[(Upos::VERB, i32::MIN)], noun),
            (&[(Xpos::NN, 1)], &[(Upos::ADJ, 4)], 0),
        ];
        for (x, u, mask) in cases {
            let mut scores = [0i32; NC];
            for &(t, v) in x {
                scores[t as usize] = v;
            }
            for &(t, v) in u {
                scores[NX + t as usize] = v;
            }
            let allowed = [mask; NX];
            assert_eq!(
                best_pair_i32(&scores, &allowed),
                best_pair(&scores, &allowed),
                "{x:?} {u:?}"
            );
            assert_eq!(best_xpos_i32(&scores), best_xpos(&scores), "{x:?}");
        }
    }

    #[test]
    fn embedded_model_tags_a_headline() {
        let words = ["The", "White", "House", "defended", "the", "tweets", "."];
        let mut tags = Vec::new();
        PosTagger::embedded().tag_words(&words, &mut tags);
        let xpos: Vec<&str> = tags.iter().map(|(x, _)| x.as_str()).collect();
        assert_eq!(xpos, ["DT", "NNP", "NNP", "VBD", "DT", "NNS", "."]);
    }

    /// Currency signs are symbols, whatever the model learnt of them ("£" was `IN`).
    #[test]
    fn currency_signs_are_symbols() {
        let words = ["He", "inherited", "£", "140m", "and", "$", "5m", "."];
        let mut tags = Vec::new();
        PosTagger::embedded().tag_words(&words, &mut tags);
        assert_eq!(tags[2], (Xpos::Dollar, Upos::SYM));
        assert_eq!(tags[5], (Xpos::Dollar, Upos::SYM));
    }

    #[test]
    fn curly_and_straight_quotes_tag_alike() {
        let tagger = PosTagger::embedded();
        let cases = [
            (
                ["Trump", "’s", "aide", "did", "n’t", "resign"],
                ["Trump", "'s", "aide", "did", "n't", "resign"],
            ),
            (
                ["“", "No", "comment", ",", "”", "he"],
                ["\"", "No", "comment", ",", "\"", "he"],
            ),
        ];
        for (curly, straight) in cases {
            let (mut a, mut b) = (Vec::new(), Vec::new());
            tagger.tag_words(&curly, &mut a);
            tagger.tag_words(&straight, &mut b);
            assert_eq!(a, b, "{curly:?}");
        }
    }

    #[test]
    fn verb_lemmas_keep_a_known_final_e() {
        let tagger = PosTagger::embedded();
        #[rustfmt::skip]
        let cases = [
            ("traded", Xpos::VBN, "trade"), ("conceded", Xpos::VBD, "concede"),
            ("downgraded", Xpos::VBD, "downgrade"), ("scoring", Xpos::VBG, "score"),
            // Lemmas the words know already stay as they are.
            ("added", Xpos::VBD, "add"), ("loaded", Xpos::VBN, "load"), ("planned", Xpos::VBD, "plan"),
            // A known word without a past ending, mis-tagged, keeps its form, not "boose".
            ("boost", Xpos::VBN, "boost"), ("cost", Xpos::VBD, "cost"),
            // "-en" -> "-e" ("given") gives the unknown "beate".
            ("beaten", Xpos::VBN, "beat"), ("taken", Xpos::VBN, "take"),
            // An irregular form after a verb prefix.
            ("upheld", Xpos::VBD, "uphold"), ("withheld", Xpos::VBN, "withhold"), ("spun", Xpos::VBD, "spin"),
            // British spelling doubles a final "l" the base does not have; "called" keeps it.
            ("signalled", Xpos::VBD, "signal"), ("trialling", Xpos::VBG, "trial"), ("called", Xpos::VBD, "call"),
        ];
        for (word, tag, lemma) in cases {
            assert_eq!(tagger.lemma(word, tag), lemma, "{word} {tag:?}");
        }
    }

    #[test]
    fn tags_and_lemmatises_a_document() {
        let text = "Spicer didn't resign. The director was fired.";
        let mut doc = Document::new("t", text);
        let words = [
            (0, 6),
            (7, 10),
            (10, 13),
            (14, 20),
            (20, 21),
            (22, 25),
            (26, 34),
            (35, 38),
            (39, 44),
            (44, 45),
        ];
        doc.tokens = words
            .iter()
            .map(|&(s, e)| Token::new(Span::new(s, e)))
            .collect();
        doc.sentences = vec![
            Sentence {
                span: Span::new(0, 21),
                tokens: 0..5,
            },
            Sentence {
                span: Span::new(22, 45),
                tokens: 5..10,
            },
        ];
        PosTagger::embedded().tag(&mut doc);
        let got: Vec<(&str, &str, &str)> = doc
            .tokens
            .iter()
            .map(|t| (doc.slice(t.span), t.xpos.as_str(), t.lemma.as_str()))
            .collect();
        let expected = [
            ("Spicer", "NNP", "Spicer"),
            ("did", "VBD", "do"),
            ("n't", "RB", "not"),
            ("resign", "VB", "resign"),
            (".", ".", "."),
            ("The", "DT", "the"),
            ("director", "NN", "director"),
            ("was", "VBD", "be"),
            ("fired", "VBN", "fire"),
            (".", ".", "."),
        ];
        assert_eq!(got, expected);
        assert_eq!(doc.tokens[1].upos, Upos::AUX);
    }

    #[test]
    fn universal_head_wins_only_by_a_wide_margin() {
        // NN allows NOUN alone, NNP and NNPS PROPN alone; the universal head prefers PROPN by
        // `margin`, and the PTB tag then follows it (NNP, the better of the two with PROPN).
        let mut allowed = [0u32; NX];
        allowed[Xpos::NN as usize] = 1 << (Upos::NOUN as u32);
        allowed[Xpos::NNP as usize] = 1 << (Upos::PROPN as u32);
        allowed[Xpos::NNPS as usize] = 1 << (Upos::PROPN as u32);
        for (margin, want) in [
            (0, (Xpos::NN, Upos::NOUN)),
            (FREE_UPOS_MARGIN, (Xpos::NN, Upos::NOUN)),
            (FREE_UPOS_MARGIN + 1, (Xpos::NNP, Upos::PROPN)),
        ] {
            let mut scores = [0i32; NC];
            scores[Xpos::NN as usize] = 50_000;
            scores[Xpos::NNP as usize] = 40_000;
            scores[Xpos::NNPS as usize] = 30_000;
            scores[NX + Upos::NOUN as usize] = 20_000;
            scores[NX + Upos::PROPN as usize] = 20_000 + margin;
            assert_eq!(
                best_pair_inference(&scores, &allowed),
                want,
                "margin {margin}"
            );
        }
    }

    #[test]
    fn odd_input_does_not_panic() {
        let tagger = PosTagger::embedded();
        let mut tags = Vec::new();
        let cases: [&[&str]; 4] = [&[], &[""], &["İstanbul", "ﬁ", "🙂"], &["a"; 300]];
        for words in cases {
            tagger.tag_words(words, &mut tags);
            assert_eq!(tags.len(), words.len());
        }
        assert!(PosTagger::read(&b"newsgraph-pos 1\n"[..]).is_err());
        assert!(PosTagger::read(&b"garbage"[..]).is_err());
    }
}
