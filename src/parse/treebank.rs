//! Treebank sentences as the parser sees them: words, tags, heads and relations, read from
//! CoNLL-U through [`crate::format::conllu`].
//!
//! Multiword-token lines and empty nodes are not words and are left out; this does not check
//! that the heads form a tree (training makes them projective, scoring only compares them).

use crate::error::Result;
use crate::format::conllu::{self, col};
use crate::tag::{Upos, Xpos};

/// One treebank sentence.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sentence {
    /// Word forms.
    pub words: Vec<String>,
    /// Tags (`Xpos::X` / `Upos::X` where the file has none or unknown ones).
    pub tags: Vec<(Xpos, Upos)>,
    /// Heads, 1-based; 0 is the root.
    pub heads: Vec<u32>,
    /// Relations.
    pub labels: Vec<String>,
}

impl Sentence {
    /// The words of a CoNLL-U sentence; a missing or unreadable HEAD becomes 0, a HEAD
    /// beyond the sentence too.
    pub fn from_conllu(s: &conllu::Sentence) -> Sentence {
        let mut out = Sentence::default();
        for row in s.words() {
            out.words.push(row.form().to_owned());
            out.tags.push((
                Xpos::parse(&row.cols[col::XPOS]).unwrap_or(Xpos::X),
                Upos::parse(&row.cols[col::UPOS]).unwrap_or(Upos::X),
            ));
            out.heads.push(row.cols[col::HEAD].parse().unwrap_or(0));
            out.labels.push(row.cols[col::DEPREL].clone());
        }
        let n = out.words.len() as u32;
        for h in &mut out.heads {
            if *h > n {
                *h = 0;
            }
        }
        out
    }

    /// The words, borrowed.
    pub fn word_strs(&self) -> Vec<&str> {
        self.words.iter().map(String::as_str).collect()
    }
}

/// Reads every sentence of a CoNLL-U file.
///
/// # Errors
/// As [`conllu::read_file`].
pub fn read_file(path: &std::path::Path) -> Result<Vec<Sentence>> {
    Ok(conllu::read_file(path)?
        .iter()
        .map(Sentence::from_conllu)
        .collect())
}

/// Reads every sentence of a CoNLL-U text.
///
/// # Errors
/// As [`conllu::read_all`].
pub fn read_all(text: &str, source_name: &str) -> Result<Vec<Sentence>> {
    Ok(conllu::read_all(text.as_bytes(), source_name)?
        .iter()
        .map(Sentence::from_conllu)
        .collect())
}
