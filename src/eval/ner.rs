//! Entity-level precision, recall and F1, counted as conlleval counts them.
//!
//! A chunk starts at `B-X`, or at `I-X` when the previous tag is `O` or of another type; it
//! ends before `O`, `B-`, a change of type, or the end of the sentence. A predicted chunk is
//! correct only when a gold chunk has the same type and both boundaries. This module does not
//! tag anything: it compares two label sequences.

use crate::format::conll::Document;
use crate::ner::label::{EntityType, Label, chunks};
use crate::ner::model::{Domain, EntityTagger};
use std::fmt;

/// Counts for one entity type.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Chunks in the gold data.
    pub gold: usize,
    /// Chunks predicted.
    pub predicted: usize,
    /// Predicted chunks that match a gold chunk exactly.
    pub correct: usize,
}

impl Counts {
    /// Correct over predicted (0 when nothing was predicted).
    pub fn precision(&self) -> f64 {
        ratio(self.correct, self.predicted)
    }
    /// Correct over gold (0 when there is no gold chunk).
    pub fn recall(&self) -> f64 {
        ratio(self.correct, self.gold)
    }
    /// Harmonic mean of precision and recall.
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
    fn add(&mut self, o: Counts) {
        self.gold += o.gold;
        self.predicted += o.predicted;
        self.correct += o.correct;
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 0.0 } else { a as f64 / b as f64 }
}

/// Entity-level scores, per type and overall, plus token accuracy.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NerScore {
    /// Counts per type, indexed by `EntityType as usize`.
    pub per_type: [Counts; 4],
    /// Tokens whose predicted tag equals the gold tag.
    pub tokens_correct: usize,
    /// Tokens scored.
    pub tokens: usize,
}

impl NerScore {
    /// Adds one sentence. `gold` and `predicted` must have the same length; extra labels of
    /// the longer one are ignored.
    pub fn add(&mut self, gold: &[Label], predicted: &[Label]) {
        let n = gold.len().min(predicted.len());
        let (gold, predicted) = (&gold[..n], &predicted[..n]);
        self.tokens += n;
        self.tokens_correct += gold.iter().zip(predicted).filter(|(g, p)| g == p).count();
        let g = chunks(gold);
        let p = chunks(predicted);
        for (_, t) in &g {
            self.per_type[*t as usize].gold += 1;
        }
        for chunk in &p {
            let c = &mut self.per_type[chunk.1 as usize];
            c.predicted += 1;
            if g.contains(chunk) {
                c.correct += 1;
            }
        }
    }

    /// All types together.
    pub fn overall(&self) -> Counts {
        let mut c = Counts::default();
        for t in &self.per_type {
            c.add(*t);
        }
        c
    }

    /// Token accuracy.
    pub fn accuracy(&self) -> f64 {
        ratio(self.tokens_correct, self.tokens)
    }
}

impl fmt::Display for NerScore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{:<8} {:>9} {:>9} {:>7} {:>7} {:>7}",
            "type", "gold", "predicted", "P", "R", "F1"
        )?;
        let rows = EntityType::ALL
            .iter()
            .map(|t| (t.as_str(), self.per_type[*t as usize]))
            .chain(std::iter::once(("overall", self.overall())));
        for (name, c) in rows {
            if c.gold == 0 && c.predicted == 0 {
                continue;
            }
            writeln!(
                f,
                "{name:<8} {:>9} {:>9} {:>7.4} {:>7.4} {:>7.4}",
                c.gold,
                c.predicted,
                c.precision(),
                c.recall(),
                c.f1()
            )?;
        }
        write!(f, "tokens {} accuracy {:.4}", self.tokens, self.accuracy())
    }
}

/// Tags the words of gold documents with `tagger` and scores the result. When the gold data
/// never uses `MISC` it follows UNER's conventions: the tagger runs in [`Domain::Web`], and
/// predicted `MISC` chunks are dropped before scoring, since such files leave those names
/// unannotated (a `MISC` prediction is neither right nor wrong there).
pub fn score_documents(tagger: &EntityTagger, gold: &[Document]) -> NerScore {
    let has_misc = gold
        .iter()
        .flatten()
        .flat_map(|s| &s.labels)
        .any(|l| l.entity_type() == Some(EntityType::Misc));
    let mut score = NerScore::default();
    for doc in gold {
        let words: Vec<Vec<&str>> = doc
            .iter()
            .map(|s| s.words.iter().map(String::as_str).collect())
            .collect();
        let domain = if has_misc { Domain::News } else { Domain::Web };
        let predicted = tagger.tag_document_in(&words, domain);
        for (s, mut p) in doc.iter().zip(predicted) {
            if !has_misc {
                for l in &mut p {
                    if l.entity_type() == Some(EntityType::Misc) {
                        *l = Label::O;
                    }
                }
            }
            score.add(&s.labels, &p);
        }
    }
    score
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(s: &str) -> Vec<Label> {
        s.split_whitespace().map(Label::parse).collect()
    }

    #[test]
    fn scores_computed_by_hand() {
        // Sentence 1: gold PER(0..2), LOC(4..5); predicted PER(0..1) (boundary miss), LOC(4..5).
        // Sentence 2: gold ORG(0..3); predicted ORG(0..3), MISC(4..5) (spurious).
        let mut s = NerScore::default();
        s.add(
            &labels("B-PER I-PER O O B-LOC"),
            &labels("B-PER O O O B-LOC"),
        );
        s.add(
            &labels("B-ORG I-ORG I-ORG O O"),
            &labels("B-ORG I-ORG I-ORG O B-MISC"),
        );
        let o = s.overall();
        assert_eq!((o.gold, o.predicted, o.correct), (3, 4, 2));
        assert!((o.precision() - 0.5).abs() < 1e-12);
        assert!((o.recall() - 2.0 / 3.0).abs() < 1e-12);
        assert!((o.f1() - 4.0 / 7.0).abs() < 1e-12);
        let per = s.per_type[EntityType::Per as usize];
        assert_eq!((per.gold, per.predicted, per.correct), (1, 1, 0));
        assert_eq!(per.f1(), 0.0);
        let misc = s.per_type[EntityType::Misc as usize];
        assert_eq!((misc.gold, misc.predicted, misc.correct), (0, 1, 0));
        assert_eq!((s.tokens, s.tokens_correct), (10, 8));
    }
}
