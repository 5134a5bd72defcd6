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
use crate::tag::features::{Extractor, NC, NF, NU, NX};
use crate::tag::lemma::{KeyMap, Lemmatizer};
use crate::tag::{Upos, Xpos};
use std::cell::RefCell;
use std::io::{self, Read, Write};
use std::sync::LazyLock;

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
#[derive(Debug, Clone, PartialEq)]
pub struct PosTagger {
    /// Feature hash → (first entry, entry count).
    rows: KeyMap<(u32, u32)>,
    entries: Vec<Entry>,
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

thread_local! {
    static EXTRACTOR: RefCell<Extractor> = RefCell::new(Extractor::default());
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
        let mut rows = KeyMap::default();
        let mut entries = Vec::new();
        for (k, row) in weights {
            if row.is_empty() {
                continue;
            }
            let start = entries.len() as u32;
            entries.extend_from_slice(&row);
            rows.insert(k, (start, row.len() as u32));
        }
        PosTagger {
            rows,
            entries,
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
        (self.rows.len(), self.entries.len())
    }

    /// Tags one sentence of words; `out` is cleared and gets one pair per word.
    pub fn tag_words(&self, words: &[&str], out: &mut Vec<(Xpos, Upos)>) {
        EXTRACTOR.with_borrow_mut(|ex| {
            ex.prepare(words.iter().copied(), &self.clusters);
            self.decode(ex, out);
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
        EXTRACTOR.with_borrow_mut(|ex| {
            for s in sentences.iter() {
                let Some(toks) = tokens.get_mut(s.tokens.clone()) else {
                    continue;
                };
                ex.prepare(
                    toks.iter().map(|t| text.get(t.span.range()).unwrap_or("")),
                    &self.clusters,
                );
                self.decode(ex, &mut tags);
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
        EXTRACTOR.with_borrow_mut(|ex| {
            ex.prepare(sentence.words().map(conllu::Row::form), &self.clusters);
            self.decode(ex, &mut tags);
        });
        for (row, (x, u)) in sentence.words_mut().zip(tags) {
            row.cols[conllu::col::UPOS] = u.as_str().to_owned();
            row.cols[conllu::col::XPOS] = x.as_str().to_owned();
        }
    }

    /// Adds the weights of `feats` into `scores`.
    #[inline]
    pub(crate) fn score(&self, feats: &[u64; NF], scores: &mut [i32; NC]) {
        *scores = [0; NC];
        for f in feats {
            if let Some(&(start, len)) = self.rows.get(f) {
                let (start, len) = (start as usize, len as usize);
                for e in &self.entries[start..start + len] {
                    scores[usize::from(e.class)] += i32::from(e.weight);
                }
            }
        }
    }

    fn decode(&self, ex: &Extractor, out: &mut Vec<(Xpos, Upos)>) {
        out.clear();
        let mut feats = [0u64; NF];
        let mut scores = [0i32; NC];
        let (mut p1, mut p2) = (None, None);
        for i in 0..ex.len() {
            let pair = match self.tagdict.get(&ex.form_key(i)) {
                Some(&pair) => pair,
                None => {
                    ex.features(i, p1, p2, &mut feats);
                    self.score(&feats, &mut scores);
                    best_pair(&scores, &self.allowed)
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
            if usize::from(c[0]) >= NC {
                return Err(damaged());
            }
            entries.push(Entry {
                class: c[0],
                weight: i16::from_le_bytes([c[1], c[2]]),
            });
        }
        let mut rows = KeyMap::default();
        rows.reserve(n);
        let mut start = 0u32;
        for (k, &len) in keys.chunks_exact(8).zip(&lens) {
            let k = u64::from_le_bytes(k.try_into().map_err(|_| damaged())?);
            rows.insert(k, (start, u32::from(len)));
            start += u32::from(len);
        }
        let lemmatizer = Lemmatizer::read(&mut r)?;
        r.finish()?;
        Ok(PosTagger {
            rows,
            entries,
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
        let mut rows: Vec<_> = self
            .rows
            .iter()
            .filter(|(_, (_, len))| (1..=255).contains(len))
            .collect();
        rows.sort_by_key(|(k, _)| **k);
        w.u32(u32::try_from(rows.len()).map_err(io::Error::other)?)?;
        let mut keys = Vec::with_capacity(rows.len() * 8);
        let mut lens = Vec::with_capacity(rows.len());
        let mut packed = Vec::new();
        for (k, &(start, len)) in rows {
            keys.extend_from_slice(&k.to_le_bytes());
            lens.push(len as u8);
            for e in &self.entries[start as usize..(start + len) as usize] {
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
            (["Trump", "’s", "aide", "did", "n’t", "resign"], ["Trump", "'s", "aide", "did", "n't", "resign"]),
            (["“", "No", "comment", ",", "”", "he"], ["\"", "No", "comment", ",", "\"", "he"]),
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
        let text = "Spicer didn't resign. The tweets were deleted.";
        let mut doc = Document::new("t", text);
        let words = [
            (0, 6), (7, 10), (10, 13), (14, 20), (20, 21),
            (22, 25), (26, 32), (33, 37), (38, 45), (45, 46),
        ];
        doc.tokens = words.iter().map(|&(s, e)| Token::new(Span::new(s, e))).collect();
        doc.sentences = vec![
            Sentence { span: Span::new(0, 21), tokens: 0..5 },
            Sentence { span: Span::new(22, 46), tokens: 5..10 },
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
            ("tweets", "NNS", "tweet"),
            ("were", "VBD", "be"),
            ("deleted", "VBN", "delete"),
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
