//! Helpers shared by the integration tests.
#![allow(dead_code, clippy::print_stderr)]

use newsgraph::document::Arg;
use newsgraph::{Document, Pipeline};
use std::fmt::Write;
use std::path::PathBuf;

/// The shared data folder beside the crate, when it is there.
pub fn shared_data() -> Option<PathBuf> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/data");
    p.is_dir().then_some(p)
}

/// Reports a skipped check; under CI=true a skip is a failure.
pub fn skip(why: &str) {
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!("required check could not run under CI: {why}");
    }
    // Straight to stderr, past the test harness's capture, so the note is seen.
    use std::io::Write;
    let _ = writeln!(std::io::stderr(), "skipped: {why}");
}

/// Runs the pipeline over a text.
pub fn process(id: &str, text: &str) -> Document {
    let mut doc = Document::new(id, text);
    Pipeline::new().process(&mut doc);
    doc
}

/// Asserts every span of the document is sorted, inside the text and on char boundaries.
pub fn check_invariants(doc: &Document) {
    let text = &doc.text;
    let ok = |s: newsgraph::Span| {
        s.start <= s.end
            && s.end <= text.len()
            && text.is_char_boundary(s.start)
            && text.is_char_boundary(s.end)
    };
    let mut last = 0;
    for t in &doc.tokens {
        assert!(ok(t.span) && !t.span.is_empty(), "token span {:?}", t.span);
        assert!(t.span.start >= last, "tokens out of order at {:?}", t.span);
        last = t.span.end;
    }
    let mut next_token = 0;
    for s in &doc.sentences {
        assert!(ok(s.span));
        assert_eq!(
            s.tokens.start, next_token,
            "sentences must cover tokens in order"
        );
        assert!(!s.tokens.is_empty());
        assert_eq!(s.span.start, doc.tokens[s.tokens.start].span.start);
        assert_eq!(s.span.end, doc.tokens[s.tokens.end - 1].span.end);
        next_token = s.tokens.end;
    }
    assert_eq!(next_token, doc.tokens.len());
    for w in doc.mentions.windows(2) {
        assert!(w[0].span.start <= w[1].span.start, "mentions out of order");
    }
    for m in &doc.mentions {
        assert!(ok(m.span));
        assert!(m.tokens.end <= doc.tokens.len() && !m.tokens.is_empty());
        assert!(
            m.entity.is_some_and(|e| e < doc.entities.len()),
            "unresolved mention"
        );
    }
    for r in &doc.relations {
        assert!(ok(r.span));
        assert!(r.sentence < doc.sentences.len());
        let s = doc.sentences[r.sentence].span;
        assert!(
            s.start <= r.span.start && r.span.end <= s.end,
            "relation outside its sentence"
        );
        assert!((0.0..=1.0).contains(&r.confidence));
        for a in [&r.subject, &r.object] {
            if let Arg::Entity(e) = a {
                assert!(*e < doc.entities.len());
            }
        }
    }
}

/// A readable listing of what the pipeline found, for golden snapshots.
pub fn describe(doc: &Document) -> String {
    let mut out = String::new();
    let name = |a: &Arg| match a {
        Arg::Entity(e) => format!(
            "{} ({})",
            doc.entities[*e].name,
            doc.entities[*e].kind.as_str()
        ),
        Arg::Concept(c) => format!("<{c}>"),
    };
    writeln!(out, "# entities").unwrap();
    for e in &doc.entities {
        writeln!(
            out,
            "{} | {} | {}",
            e.name,
            e.kind.as_str(),
            e.aliases.join(", ")
        )
        .unwrap();
    }
    writeln!(out, "\n# relations").unwrap();
    for r in &doc.relations {
        let mut q = Vec::new();
        if let Some(t) = r.qualifiers.tense {
            q.push(format!("{t:?}").to_lowercase());
        }
        if r.qualifiers.negated {
            q.push("negated".into());
        }
        if let Some(by) = r.qualifiers.reported_by {
            q.push(format!("reported by {}", doc.entities[by].name));
        }
        writeln!(
            out,
            "{} -[{}]-> {} | {} {:.2}{} | {:?}",
            name(&r.subject),
            r.predicate,
            name(&r.object),
            r.kind.as_str(),
            r.confidence,
            if q.is_empty() {
                String::new()
            } else {
                format!(" ({})", q.join(", "))
            },
            doc.slice(r.span)
        )
        .unwrap();
    }
    out
}
