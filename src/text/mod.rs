//! Sentences and tokens with byte offsets.

use crate::document::Document;

/// Splits the document's body into sentences and tokens.
#[derive(Debug, Default)]
pub struct Segmenter;

impl Segmenter {
    /// Fills `doc.sentences` and `doc.tokens`.
    pub fn segment(&self, doc: &mut Document) {
        let _ = doc;
    }
}
