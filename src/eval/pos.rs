//! Accuracy of PTB tags, universal tags and lemmas against a CoNLL-U gold file.
//!
//! Every syntactic word counts once; multiword-token lines and empty nodes are skipped.
//! Lemmas are scored twice: from the tagger's own tags (what the pipeline gets) and from the
//! gold PTB tags (the lemmatiser alone).

use crate::format::conllu::{Sentence, col};
use crate::tag::Xpos;
use crate::tag::pos::PosTagger;
use std::fmt;

/// Counts of correct predictions.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PosScores {
    /// Words scored.
    pub tokens: usize,
    /// Correct universal tags.
    pub upos: usize,
    /// Correct PTB tags.
    pub xpos: usize,
    /// Correct lemmas from predicted tags.
    pub lemma: usize,
    /// Correct lemmas from gold PTB tags.
    pub lemma_gold_tags: usize,
}

fn pct(n: usize, d: usize) -> f64 {
    100.0 * n as f64 / d.max(1) as f64
}

impl PosScores {
    /// Universal tag accuracy in percent.
    pub fn upos_accuracy(&self) -> f64 {
        pct(self.upos, self.tokens)
    }
    /// PTB tag accuracy in percent.
    pub fn xpos_accuracy(&self) -> f64 {
        pct(self.xpos, self.tokens)
    }
    /// Lemma accuracy (predicted tags) in percent.
    pub fn lemma_accuracy(&self) -> f64 {
        pct(self.lemma, self.tokens)
    }
}

impl fmt::Display for PosScores {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "UPOS {:.2}% ({}/{}), XPOS {:.2}% ({}/{}), lemma {:.2}% ({}/{}; {:.2}% from gold tags)",
            self.upos_accuracy(),
            self.upos,
            self.tokens,
            self.xpos_accuracy(),
            self.xpos,
            self.tokens,
            self.lemma_accuracy(),
            self.lemma,
            self.tokens,
            pct(self.lemma_gold_tags, self.tokens),
        )
    }
}

/// Tags the words of `gold` with `tagger` and counts agreement.
pub fn evaluate(tagger: &PosTagger, gold: &[Sentence]) -> PosScores {
    let mut s = PosScores::default();
    let mut tags = Vec::new();
    let mut lemma = String::new();
    for sentence in gold {
        let words: Vec<&str> = sentence.words().map(|r| r.form()).collect();
        tagger.tag_words(&words, &mut tags);
        for (row, &(x, u)) in sentence.words().zip(&tags) {
            s.tokens += 1;
            s.upos += usize::from(u.as_str() == row.cols[col::UPOS]);
            s.xpos += usize::from(x.as_str() == row.cols[col::XPOS]);
            let gold_lemma = &row.cols[col::LEMMA];
            tagger.lemmatizer().lemma_into(row.form(), x, &mut lemma);
            s.lemma += usize::from(&lemma == gold_lemma);
            let gx = Xpos::parse(&row.cols[col::XPOS]).unwrap_or_default();
            tagger.lemmatizer().lemma_into(row.form(), gx, &mut lemma);
            s.lemma_gold_tags += usize::from(&lemma == gold_lemma);
        }
    }
    s
}
