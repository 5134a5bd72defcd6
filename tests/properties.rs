//! Property tests: no input makes the pipeline panic or break its span invariants.

mod common;

use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn can_process_anything(text in "\\PC{0,300}") {
        let doc = common::process("p", &text);
        common::check_invariants(&doc);
        let g = newsgraph::graph::KnowledgeGraph::from_document(&doc);
        for f in newsgraph::export::Format::ALL {
            f.write(&g, std::io::sink()).unwrap();
        }
    }

    #[test]
    fn can_process_news_like_text(words in prop::collection::vec(
        prop::sample::select(vec![
            "Trump", "'s", "Mr.", "U.S.", "said", "the", "former", "chief", "of", "staff", "Smith",
            ",", ".", "\"", "'", "-", "(", ")", "and", "is", "now", "his", "he", "told", "reporters",
            "Department", "Justice", "NPR", "that", "which", "to", "resign", "\n", "\n\n", "• Jo Bo",
            "More news:", "é", "’s", "n't", "S.", "…", "as", "one", "advisers", "firing",
        ]), 0..60)) {
        let text = words.join(" ");
        let doc = common::process("p", &text);
        common::check_invariants(&doc);
    }
}
