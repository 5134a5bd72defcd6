//! The trained part-of-speech tagger: an averaged perceptron over hashed features.
//!
//! Tags are chosen greedily left to right; each word's features (word, affixes, shape, the
//! words around it and the two tags already chosen, see [`super::features`]) index sparse
//! weight rows that score every PTB tag and every universal tag at once. Frequent words that
//! the treebank always tags the same way skip the model through a tag dictionary. The
//! universal tag is the best one among those the treebank pairs with the chosen PTB tag, so
//! the two always agree. Lemmas come from the [`Lemmatizer`] stored in the same file.
//!
//! Training lives in [`crate::train::pos`]; this module only loads and applies a model.

use crate::document::Document;
use crate::error::{Error, Result};
use crate::format::conllu;
use crate::model::{ModelReader, ModelWriter};
use crate::tag::features::{Extractor, NC, NCTX, NU, NW, NX};
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
}

static EMBEDDED: LazyLock<PosTagger> = LazyLock::new(|| {
    // The embedded model is written by this crate's own trainer and checked by the tests, so
    // failing to read it is a build defect, not an input error.
    #[allow(clippy::expect_used)]
    PosTagger::read(&include_bytes!("../../models/pos.bin")[..])
        .expect("the embedded POS model is damaged")
});

/// Cached word-only scores per thread: slots are picked by the word's form hash.
const CACHE_SLOTS: usize = 4096;

/// Each tagger's cache entries are tagged with its id, so taggers never see each other's.
static NEXT_ID: AtomicU64 = AtomicU64::new(1);

#[derive(Debug, Default)]
struct Scratch {
    ex: Extractor,
    /// (tagger id, form key) of each slot.
    keys: Vec<(u64, u64)>,
    scores: Vec<[i32; NC]>,
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
        PosTagger {
            id: NEXT_ID.fetch_add(1, Ordering::Relaxed),
            weights: {
                let rows: Vec<(u64, Vec<Entry>)> = weights.into_iter().collect();
                WeightTable::new(rows.len(), rows.iter().map(|(k, r)| (*k, &r[..])))
            },
            tagdict,
            clusters,
            allowed,
            lemmatizer,
        }
    }

    /// The lemmatiser stored with the tagger.
    pub fn lemmatizer(&self) -> &Lemmatizer {
        &self.lemmatizer
    }

    /// The lemma of `word` tagged `tag`.
    pub fn lemma(&self, word: &str, tag: Xpos) -> String {
        self.lemmatizer.lemma(word, tag)
    }

    /// Number of weighted features and of non-zero weights, for reports.
    pub fn sizes(&self) -> (usize, usize) {
        (self.weights.len, self.weights.entries)
    }

    /// Tags one sentence of words; `out` is cleared and gets one pair per word.
    pub fn tag_words(&self, words: &[&str], out: &mut Vec<(Xpos, Upos)>) {
        SCRATCH.with_borrow_mut(|s| {
            s.ex.prepare(words.iter().copied(), &self.clusters);
            self.decode(s, out);
        });
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
                scratch.ex.prepare(
                    toks.iter().map(|t| text.get(t.span.range()).unwrap_or("")),
                    &self.clusters,
                );
                self.decode(scratch, &mut tags);
                for (t, &(x, u)) in toks.iter_mut().zip(&tags) {
                    t.xpos = x;
                    t.upos = u;
                    let word = text.get(t.span.range()).unwrap_or("");
                    self.lemmatizer.lemma_into(word, x, &mut t.lemma);
                }
            }
        });
    }

    /// Fills the UPOS and XPOS columns of a CoNLL-U sentence's word lines; everything else
    /// (comments, multiword tokens, empty nodes, other columns) stays as it was.
    pub fn tag_conllu(&self, sentence: &mut conllu::Sentence) {
        let mut tags = Vec::new();
        SCRATCH.with_borrow_mut(|s| {
            s.ex.prepare(sentence.words().map(conllu::Row::form), &self.clusters);
            self.decode(s, &mut tags);
        });
        for (row, (x, u)) in sentence.words_mut().zip(tags) {
            row.cols[conllu::col::UPOS] = u.as_str().to_owned();
            row.cols[conllu::col::XPOS] = x.as_str().to_owned();
        }
    }

    /// Sums the weights of `feats` (columns past [`NC`] stay 0: the table only holds
    /// columns below it, and the spare room spares bounds checks).
    #[inline]
    fn score(&self, feats: &[u64], scores: &mut [i32; 256]) {
        *scores = [0; 256];
        for &f in feats {
            self.weights.add(f, scores);
        }
    }

    fn decode(&self, scratch: &mut Scratch, out: &mut Vec<(Xpos, Upos)>) {
        out.clear();
        let Scratch { ex, keys, scores } = scratch;
        if keys.len() != CACHE_SLOTS {
            *keys = vec![(0, 0); CACHE_SLOTS];
            *scores = vec![[0; NC]; CACHE_SLOTS];
        }
        let mut word_feats = [0u64; NW];
        let mut context_feats = [0u64; NCTX];
        let mut sum = [0i32; 256];
        let mut total = [0i32; NC];
        let (mut p1, mut p2) = (None, None);
        for i in 0..ex.len() {
            let key = ex.form_key(i);
            let pair = match self.tagdict.get(&key) {
                Some(&pair) => pair,
                None => {
                    let slot = key as usize & (CACHE_SLOTS - 1);
                    if keys[slot] != (self.id, key) {
                        ex.word_features(i, &mut word_feats);
                        self.score(&word_feats, &mut sum);
                        scores[slot].copy_from_slice(&sum[..NC]);
                        keys[slot] = (self.id, key);
                    }
                    ex.context_features(i, p1, p2, &mut context_feats);
                    self.score(&context_feats, &mut sum);
                    for ((t, a), b) in total.iter_mut().zip(&scores[slot]).zip(&sum) {
                        *t = a + b;
                    }
                    best_pair(&total, &self.allowed)
                }
            };
            out.push(pair);
            p2 = p1;
            p1 = Some(pair.0 as u8);
        }
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
        Ok(PosTagger {
            id: NEXT_ID.fetch_add(1, Ordering::Relaxed),
            weights,
            tagdict,
            clusters,
            allowed,
            lemmatizer,
        })
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
    dense: Vec<[i16; NC]>,
    len: usize,
    entries: usize,
}

#[inline]
fn slot_key(k: u64) -> u64 {
    k.max(1)
}

impl WeightTable {
    fn new<'a>(n: usize, rows: impl IntoIterator<Item = (u64, &'a [Entry])>) -> Self {
        let cap = (n + n / 4 + 1).next_power_of_two().max(16);
        let mask = cap - 1;
        let mut t = WeightTable {
            slots: vec![Slot::default(); cap],
            mask,
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
            t.len += 1;
            t.entries += row.len();
        }
        t
    }

    #[inline]
    fn add(&self, f: u64, scores: &mut [i32; 256]) {
        let key = slot_key(f);
        let mut i = key as usize & self.mask;
        loop {
            let s = &self.slots[i];
            if s.key == key {
                match s.dense_index().and_then(|d| self.dense.get(d)) {
                    Some(row) => {
                        for (t, &w) in scores[..NC].iter_mut().zip(row) {
                            *t += i32::from(w);
                        }
                    }
                    None => {
                        for j in 0..INLINE {
                            scores[usize::from(s.class[j])] += i32::from(s.weight[j]);
                        }
                    }
                }
                return;
            }
            if s.key == 0 {
                return;
            }
            i = (i + 1) & self.mask;
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

/// The best PTB tag, then the best universal tag allowed with it.
#[inline]
pub(crate) fn best_pair<T: PartialOrd + Copy>(
    scores: &[T; NC],
    allowed: &[u32; NX],
) -> (Xpos, Upos) {
    let mut bx = 0;
    for x in 1..NX {
        if scores[x] > scores[bx] {
            bx = x;
        }
    }
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

    #[test]
    fn embedded_model_tags_a_headline() {
        let words = ["The", "White", "House", "defended", "the", "tweets", "."];
        let mut tags = Vec::new();
        PosTagger::embedded().tag_words(&words, &mut tags);
        let xpos: Vec<&str> = tags.iter().map(|(x, _)| x.as_str()).collect();
        assert_eq!(xpos, ["DT", "NNP", "NNP", "VBD", "DT", "NNS", "."]);
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
