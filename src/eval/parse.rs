//! Attachment scores of a dependency parser: UAS and LAS over every word, punctuation
//! included (CoNLL 2018 style: multiword-token lines and empty nodes are not words).
//!
//! LAS is given twice: with full labels (`nsubj:pass` must match exactly) and with the
//! universal part only (`nsubj:pass` = `nsubj`), which is what the CoNLL 2018 script counts.

use crate::document::Dep;
use crate::parse::Parser;
use crate::parse::treebank::Sentence;
use crate::tag::{Upos, Xpos};

/// Something that tags a sentence's words (a POS tagger's `tag_words`).
pub type TagFn<'a> = dyn FnMut(&[&str], &mut Vec<(Xpos, Upos)>) + 'a;

/// Counts over a treebank.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Attachment {
    /// Words scored.
    pub words: usize,
    /// Words with the right head.
    pub unlabelled: usize,
    /// Words with the right head and the right full label.
    pub labelled: usize,
    /// Words with the right head and the right universal label (subtype ignored).
    pub labelled_universal: usize,
}

impl Attachment {
    /// Unlabelled attachment score.
    pub fn uas(&self) -> f64 {
        self.unlabelled as f64 / self.words.max(1) as f64
    }
    /// Labelled attachment score, full labels.
    pub fn las(&self) -> f64 {
        self.labelled as f64 / self.words.max(1) as f64
    }
    /// Labelled attachment score, universal labels (CoNLL 2018).
    pub fn las_universal(&self) -> f64 {
        self.labelled_universal as f64 / self.words.max(1) as f64
    }

    /// Adds one sentence's predictions.
    pub fn add(&mut self, gold: &Sentence, predicted: &[Dep]) {
        for (i, d) in predicted.iter().enumerate().take(gold.heads.len()) {
            self.words += 1;
            let head = d.head.map_or(0, |h| h + 1);
            if head == gold.heads[i] {
                self.unlabelled += 1;
                let g = gold.labels[i].as_str();
                if d.label == g {
                    self.labelled += 1;
                }
                if universal(d.label) == universal(g) {
                    self.labelled_universal += 1;
                }
            }
        }
        self.words += gold.heads.len().saturating_sub(predicted.len());
    }
}

fn universal(label: &str) -> &str {
    label.split(':').next().unwrap_or(label)
}

/// Scores `parser` on `gold`, with the tags `tagger` gives (or the gold tags when `None`).
pub fn score(parser: &Parser, gold: &[Sentence], mut tagger: Option<&mut TagFn<'_>>) -> Attachment {
    let mut a = Attachment::default();
    let mut deps = Vec::new();
    let mut tags = Vec::new();
    for s in gold {
        let words: Vec<&str> = s.words.iter().map(String::as_str).collect();
        let tags: &[(Xpos, Upos)] = match tagger.as_mut() {
            Some(t) => {
                tags.clear();
                t(&words, &mut tags);
                &tags
            }
            None => &s.tags,
        };
        parser.parse_sentence(&words, tags, &mut deps);
        a.add(s, &deps);
    }
    a
}
