//! Prints the tokens, tags and mentions of a text (development aid).
#![allow(clippy::print_stdout)]
use newsgraph::{Document, Pipeline};
fn main() {
    let text = std::env::args()
        .nth(1)
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
            .map(|i| format!("{}/{}", doc.word(i), doc.tokens[i].xpos))
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
