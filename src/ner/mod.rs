//! Named-entity mentions.

pub(crate) mod features;
pub mod label;
pub mod model;

use crate::document::Document;

/// Finds names of people, organisations and places.
#[derive(Debug, Default)]
pub struct Recognizer;

impl Recognizer {
    /// Fills `doc.mentions`.
    pub fn recognize(&self, doc: &mut Document) {
        let _ = doc;
    }
}
