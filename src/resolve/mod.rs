//! Mentions to entities within one document.

use crate::document::Document;

/// Groups mentions that name the same entity.
#[derive(Debug, Default)]
pub struct Resolver;

impl Resolver {
    /// Fills `doc.entities` and each mention's entity.
    pub fn resolve(&self, doc: &mut Document) {
        let _ = doc;
    }
}
