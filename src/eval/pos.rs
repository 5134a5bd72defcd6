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
    for sentence in gold {
        let words: Vec<&str> = sentence.words().map(|r| r.form()).collect();
        tagger.tag_words(&words, &mut tags);
        for (row, &(x, u)) in sentence.words().zip(&tags) {
            s.tokens += 1;
            s.upos += usize::from(u.as_str() == row.cols[col::UPOS]);
            s.xpos += usize::from(x.as_str() == row.cols[col::XPOS]);
            let gold_lemma = &row.cols[col::LEMMA];
            // The tagger's lemma, as documents get it (the lemmatiser's, with the final-e check).
            let lemma = tagger.lemma(row.form(), x);
            s.lemma += usize::from(&lemma == gold_lemma);
            let gx = Xpos::parse(&row.cols[col::XPOS]).unwrap_or_default();
            let lemma = tagger.lemma(row.form(), gx);
            s.lemma_gold_tags += usize::from(&lemma == gold_lemma);
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::conllu::read_all;

    const GOLD: &str = "# text = The tweets didn't help.\n\
1\tThe\tthe\tDET\tDT\t_\t2\tdet\t_\t_\n\
2\ttweets\ttweet\tNOUN\tNNS\t_\t5\tnsubj\t_\t_\n\
3-4\tdidn't\t_\t_\t_\t_\t_\t_\t_\t_\n\
3\tdid\tdo\tAUX\tVBD\t_\t5\taux\t_\t_\n\
4\tn't\tnot\tPART\tRB\t_\t5\tadvmod\t_\t_\n\
5\thelp\thelp\tVERB\tVB\t_\t0\troot\t_\t_\n\
6\t.\t.\tPUNCT\t.\t_\t5\tpunct\t_\t_\n\n";

    #[test]
    fn counts_words_not_multiword_tokens() {
        let gold = read_all(GOLD.as_bytes(), "gold").unwrap();
        let s = evaluate(PosTagger::embedded(), &gold);
        assert_eq!(s.tokens, 6);
        assert_eq!((s.xpos, s.upos, s.lemma), (6, 6, 6), "{s}");
    }

    #[test]
    fn wrong_gold_tags_count_as_errors() {
        let wrong = GOLD
            .replace("NOUN\tNNS", "VERB\tVBZ")
            .replace("\thelp\thelp", "\thelp\thelped");
        let gold = read_all(wrong.as_bytes(), "gold").unwrap();
        let s = evaluate(PosTagger::embedded(), &gold);
        assert_eq!((s.tokens, s.xpos, s.upos, s.lemma), (6, 5, 5, 5), "{s}");
        assert!(
            s.to_string()
                .starts_with("UPOS 83.33% (5/6), XPOS 83.33% (5/6)")
        );
    }
}
