//! Prints every resolved gendered pronoun of a JSON Lines corpus (measurement aid).
#![allow(clippy::print_stdout)]
use newsgraph::Pipeline;
use newsgraph::document::MentionForm;
use newsgraph::ingest::source::{Input, read};
fn main() {
    let path = std::env::args().nth(1).expect("corpus");
    let pipeline = Pipeline::new();
    for item in read(&Input::File(path.into())) {
        let Ok(loaded) = item else { continue };
        let mut doc = loaded.document;
        pipeline.process(&mut doc);
        for m in doc
            .mentions
            .iter()
            .filter(|m| m.form == MentionForm::Pronoun)
        {
            let s = doc
                .sentences
                .iter()
                .position(|s| s.tokens.contains(&m.tokens.start))
                .unwrap_or(0);
            let sent = doc.slice(doc.tokens_span(doc.sentences[s].tokens.clone()));
            println!(
                "{}\t{}\t{}@{}\t{}\t{}",
                doc.id,
                s,
                doc.slice(m.span),
                m.tokens.start,
                m.entity.map_or("-", |e| doc.entities[e].name.as_str()),
                sent.replace('\n', " ")
            );
        }
    }
}
