//! Prints the tokens (word/tag/lemma), mentions and relations of a text (development aid).
//! The text is the first argument, or the file it names, or the sample article.
#![allow(clippy::print_stdout)]
use newsgraph::{Document, Pipeline};
fn main() {
    let text = std::env::args()
        .nth(1)
        .map(|a| std::fs::read_to_string(&a).unwrap_or(a))
        .unwrap_or_else(|| newsgraph::SAMPLE_ARTICLE.to_string());
    let mut doc = Document::new("debug", text);
    let engine = match std::env::var("NEWSGRAPH_ENGINE").as_deref() {
        Ok("rules") => newsgraph::Engine::Rules,
        _ => newsgraph::Engine::Models,
    };
    Pipeline::with_engine(engine).process(&mut doc);
    for s in &doc.sentences {
        let line: Vec<String> = s
            .tokens
            .clone()
            .map(|i| {
                let t = &doc.tokens[i];
                format!("{}/{}/{}", doc.word(i), t.xpos, t.lemma)
            })
            .collect();
        println!("{}", line.join(" "));
    }
    for m in &doc.mentions {
        println!(
            "  {:?} {:?} {:?} -> {:?}",
            doc.slice(m.span),
            m.form,
            m.kind,
            m.entity.map(|e| &doc.entities[e].name)
        );
    }
    for r in &doc.relations {
        println!(
            "  REL {:?} -[{}]-> {:?} {:?} {:?}",
            r.subject, r.predicate, r.object, r.kind, r.qualifiers
        );
    }
}
