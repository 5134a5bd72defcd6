//! Relations between entities.

use crate::document::Document;

/// Extracts verb, role, affiliation and attribution relations.
#[derive(Debug, Default)]
pub struct Extractor;

impl Extractor {
    /// Fills `doc.relations`.
    pub fn extract(&self, doc: &mut Document) {
        let _ = doc;
    }
}
