//! newsgraph turns news articles into a knowledge graph of who is connected to whom.
//!
//! The pipeline reads one [`Document`] at a time through these stages, each a plain struct
//! with one verb, in the order of the folders:
//!
//! 1. [`ingest`]: sources (files, folders, JSON Lines, stdin) and boilerplate cleaning;
//! 2. [`text`]: sentences and tokens with byte offsets;
//! 3. [`tag`]: part-of-speech tags and lemmas;
//! 4. [`ner`]: named-entity mentions;
//! 5. [`resolve`]: mentions to entities within the document;
//! 6. [`relate`]: relations between entities, with evidence;
//! 7. [`graph`]: the knowledge graph, merged across documents;
//! 8. [`export`]: DOT, JSON-LD and node-link JSON.
//!
//! Beside them: [`parse`] (the dependency parser), [`train`] and [`eval`] (building and
//! scoring the embedded models), [`format`] (CoNLL-U and CoNLL-2003 columns), [`model`] (the
//! binary model format) and [`lexicon`] (embedded word lists).
//!
//! ```
//! use newsgraph::{Document, Pipeline, graph::KnowledgeGraph};
//!
//! let pipeline = Pipeline::new();
//! let mut doc = Document::new("example", "NPR's Carrie Johnson reported that the FBI Director James Comey was fired.");
//! pipeline.process(&mut doc);
//! let graph = KnowledgeGraph::from_document(&doc);
//! assert!(graph.node_count() >= 2);
//! ```

pub mod document;
pub mod error;
pub mod eval;
pub mod export;
pub mod format;
pub mod graph;
pub mod ingest;
pub mod lexicon;
pub mod model;
pub mod ner;
pub mod parse;
pub mod relate;
pub mod resolve;
pub mod tag;
pub mod text;
pub mod train;

pub use document::{Document, Span};
pub use error::{Error, Result};

/// The bundled sample article, used when no input is given.
pub const SAMPLE_ARTICLE: &str = include_str!("../data/sample-article.txt");

/// Which tagger and recogniser the pipeline runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Engine {
    /// The trained models embedded in the binary (`models/pos.bin`, `models/ner.bin`).
    #[default]
    Models,
    /// The rule-based tagger and recogniser (word lists and word shape), kept for comparison.
    Rules,
}

/// All stages, ready to run; build once and share across threads.
#[derive(Debug, Default)]
pub struct Pipeline {
    engine: Engine,
    parse: bool,
    cleaner: ingest::Cleaner,
    segmenter: text::Segmenter,
    recognizer: ner::Recognizer,
    resolver: resolve::Resolver,
    extractor: relate::Extractor,
}

impl Pipeline {
    /// The pipeline with the built-in models and word lists.
    pub fn new() -> Self {
        Self::default()
    }

    /// The pipeline running `engine` for tags and names.
    pub fn with_engine(engine: Engine) -> Self {
        Pipeline {
            engine,
            ..Self::default()
        }
    }

    /// Also runs the dependency parser ([`parse::Parser`]) after tagging, so each token's
    /// [`document::Token::dep`] holds its head and relation for the stages after it.
    pub fn with_parse(mut self, parse: bool) -> Self {
        self.parse = parse;
        self
    }

    /// Runs every stage over the document.
    pub fn process(&self, doc: &mut Document) {
        self.cleaner.clean(doc);
        self.segmenter.segment(doc);
        match self.engine {
            Engine::Models => {
                tag::pos::PosTagger::embedded().tag(doc);
                tag::rules::correct_prepositions(doc);
                self.recognizer
                    .recognize_with_model(doc, ner::model::EntityTagger::embedded());
            }
            Engine::Rules => {
                tag::rules::Tagger.tag(doc);
                self.recognizer.recognize(doc);
            }
        }
        if self.parse {
            parse::Parser::embedded().parse(doc);
        }
        self.resolver.resolve(doc);
        self.extractor.extract(doc);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// With parsing on, every token of every sentence gets a head, and each sentence is one
    /// tree: a single root, and every token reaches it without a cycle.
    #[test]
    fn parsed_documents_carry_trees() {
        let mut doc = Document::new("t", SAMPLE_ARTICLE);
        Pipeline::new().with_parse(true).process(&mut doc);
        for s in &doc.sentences {
            let deps: Vec<_> = doc.tokens[s.tokens.clone()]
                .iter()
                .map(|t| t.dep.expect("parsed"))
                .collect();
            assert_eq!(deps.iter().filter(|d| d.head.is_none()).count(), 1);
            for start in 0..deps.len() {
                let mut at = start;
                let mut steps = 0;
                while let Some(h) = deps[at].head {
                    at = h as usize;
                    steps += 1;
                    assert!(steps <= deps.len(), "cycle in {:?}", doc.slice(s.span));
                }
            }
        }
        let mut plain = Document::new("t", SAMPLE_ARTICLE);
        Pipeline::new().process(&mut plain);
        assert!(plain.tokens.iter().all(|t| t.dep.is_none()));
    }
}
