//! A rule-based tagger: closed-class lexicon, irregular verbs, suffixes, capitalisation and
//! a little left context. It is the fallback the trained tagger replaces; it aims at the
//! distinctions relation extraction needs (names, nouns, verb forms), not at full accuracy.

use super::{Upos, Xpos};
use crate::document::Document;
use crate::lexicon::lines;
use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

static CLOSED: LazyLock<HashMap<&'static str, Xpos>> = LazyLock::new(|| {
    lines(include_str!("../../data/lexicon/closed-class.txt"))
        .filter_map(|l| {
            let (w, t) = l.split_once(' ')?;
            Some((w, Xpos::parse(t.trim())?))
        })
        .collect()
});

/// Irregular verbs: form -> (base, tag).
static IRREGULAR: LazyLock<HashMap<&'static str, (&'static str, Xpos)>> = LazyLock::new(|| {
    let mut m = HashMap::new();
    for l in lines(include_str!("../../data/lexicon/irregular-verbs.txt")) {
        let mut f = l.split_whitespace();
        if let (Some(base), Some(past), Some(part)) = (f.next(), f.next(), f.next()) {
            m.insert(part, (base, Xpos::VBN));
            m.insert(past, (base, Xpos::VBD));
        }
    }
    m
});

/// The base of an irregular past or participle, also after a verb prefix ("upheld" ->
/// "uphold", "overtook" -> "overtake"), if `word` (lower case) is one.
pub fn irregular_base(word: &str) -> Option<String> {
    if let Some((base, _)) = IRREGULAR.get(word) {
        return Some((*base).to_string());
    }
    [
        "up", "with", "over", "under", "out", "mis", "re", "fore", "be",
    ]
    .iter()
    .find_map(|p| {
        let (base, _) = IRREGULAR.get(word.strip_prefix(p)?)?;
        Some(format!("{p}{base}"))
    })
}

static IRREGULAR_BASES: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    lines(include_str!("../../data/lexicon/irregular-verbs.txt"))
        .filter_map(|l| l.split_whitespace().next())
        .collect()
});

static VERBS: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    lines(include_str!("../../data/lexicon/verbs.txt"))
        .flat_map(str::split_whitespace)
        .collect()
});

pub(crate) fn is_verb_base(w: &str) -> bool {
    VERBS.contains(w) || IRREGULAR_BASES.contains(w)
}

/// Tags tokens from word lists and word shape.
#[derive(Debug, Default)]
pub struct Tagger;

impl Tagger {
    /// Fills each token's tags and lemma.
    pub fn tag(&self, doc: &mut Document) {
        for s in 0..doc.sentences.len() {
            let range = doc.sentences[s].tokens.clone();
            let mut prev = Xpos::X;
            let mut prev2 = Xpos::X;
            for i in range.clone() {
                let word = &doc.text[doc.tokens[i].span.range()];
                let next = doc
                    .tokens
                    .get(i + 1)
                    .filter(|_| i + 1 < range.end)
                    .map(|t| &doc.text[t.span.range()]);
                // A sentence's first word may follow opening quotes, brackets or a colon.
                let first = range.clone().take_while(|&k| k < i).all(|k| {
                    let w = &doc.text[doc.tokens[k].span.range()];
                    !w.chars().any(char::is_alphanumeric)
                });
                let xpos = tag_word(word, first, prev, prev2, next);
                let lemma = lemma(word, xpos);
                let t = &mut doc.tokens[i];
                t.xpos = xpos;
                t.upos = upos(xpos, &lemma);
                t.lemma = lemma.into();
                prev2 = prev;
                prev = xpos;
            }
        }
    }
}

/// Prepositions with no verb reading that a trained tagger may still take for verbs when it
/// has rarely seen them ("atop"): such a word tagged as a verb becomes `IN`/`ADP` again.
pub fn correct_prepositions(doc: &mut Document) {
    const ALSO_VERBS: &[&str] = &["like", "till", "near", "while", "past", "that", "as"];
    for i in 0..doc.tokens.len() {
        if !doc.tokens[i].xpos.is_verb() {
            continue;
        }
        let lower = doc.word(i).to_lowercase();
        if CLOSED.get(lower.as_str()) == Some(&Xpos::IN) && !ALSO_VERBS.contains(&lower.as_str()) {
            let t = &mut doc.tokens[i];
            t.xpos = Xpos::IN;
            t.upos = Upos::ADP;
            t.lemma = lower.into();
        }
    }
}

/// UPOS from the PTB tag, with auxiliaries decided by the lemma.
pub fn upos(xpos: Xpos, lemma: &str) -> Upos {
    match xpos {
        x if x.is_verb() && matches!(lemma, "be" | "have" | "do") => Upos::AUX,
        x => x.to_upos(),
    }
}

/// Whether a word is a currency sign, tagged `$` (a symbol) in the treebank.
pub(crate) fn is_currency(word: &str) -> bool {
    matches!(word, "$" | "£" | "€" | "¥")
}

fn punct_tag(word: &str) -> Option<Xpos> {
    Some(match word {
        "." | "!" | "?" | "..." | "…" | "?!" => Xpos::Period,
        "," => Xpos::Comma,
        ":" | ";" | "-" | "--" | "—" | "–" => Xpos::Colon,
        "\"" | "“" | "``" | "‘" => Xpos::OpenQuote,
        "”" | "''" => Xpos::CloseQuote,
        "(" | "[" | "{" => Xpos::LRB,
        ")" | "]" | "}" => Xpos::RRB,
        w if is_currency(w) => Xpos::Dollar,
        "#" => Xpos::Hash,
        "%" | "&" | "+" | "=" | "/" | "*" | "•" | "·" => Xpos::SYM,
        _ => return None,
    })
}

fn is_number(word: &str) -> bool {
    let digits = word.chars().filter(char::is_ascii_digit).count();
    digits > 0
        && word
            .chars()
            .all(|c| c.is_ascii_digit() || ",.-/:".contains(c) || c.is_alphabetic())
        && word.starts_with(|c: char| c.is_ascii_digit())
        && !word.contains('-')
}

fn tag_word(word: &str, first: bool, prev: Xpos, prev2: Xpos, next: Option<&str>) -> Xpos {
    if let Some(t) = punct_tag(word) {
        return t;
    }
    if word == "'" || word == "’" {
        return if prev.is_noun() {
            Xpos::POS
        } else {
            Xpos::CloseQuote
        };
    }
    if matches!(word, "'s" | "’s") {
        return if prev.is_noun() || prev == Xpos::CloseQuote {
            Xpos::POS
        } else {
            Xpos::VBZ
        };
    }
    if is_number(word) {
        return Xpos::CD;
    }
    if word == "I" {
        return Xpos::PRP;
    }
    let lower = word.to_lowercase();
    let capitalised = word.starts_with(char::is_uppercase);
    let after_have_or_be = matches!(
        prev,
        Xpos::VBZ | Xpos::VBD | Xpos::VBP | Xpos::VBN | Xpos::VB
    ) || (prev.is_adverb()
        && matches!(
            prev2,
            Xpos::VBZ | Xpos::VBD | Xpos::VBP | Xpos::VBN | Xpos::VB
        ));
    let wants_base = matches!(prev, Xpos::TO | Xpos::MD)
        || (prev.is_adverb() && matches!(prev2, Xpos::MD | Xpos::TO))
        || (prev == Xpos::RB && matches!(prev2, Xpos::VBZ | Xpos::VBD | Xpos::VBP));
    let lexical = !capitalised || first;
    if lexical {
        if let Some(&t) = CLOSED.get(lower.as_str()) {
            if t == Xpos::IN
                && lower == "that"
                && next.is_some_and(|n| n.starts_with(char::is_lowercase))
            {
                return if prev.is_verb() || prev == Xpos::Comma {
                    Xpos::IN
                } else {
                    Xpos::DT
                };
            }
            if t == Xpos::PRPS
                && lower == "her"
                && next.is_none_or(|n| !n.starts_with(char::is_alphabetic))
            {
                return Xpos::PRP;
            }
            if (t == Xpos::VBP || t == Xpos::VB) && matches!(prev, Xpos::MD | Xpos::TO) {
                return Xpos::VB;
            }
            return t;
        }
        if IRREGULAR.contains_key(lower.as_str()) {
            // Past and participle forms differ in context, not in spelling ("met", "had met").
            return if after_have_or_be {
                Xpos::VBN
            } else {
                Xpos::VBD
            };
        }
    }
    if capitalised && !first {
        return Xpos::NNP;
    }
    if capitalised && first && !is_verb_base(&lower) && !CLOSED.contains_key(lower.as_str()) {
        // A capitalised first word that is not a known common word is most likely a name.
        const COMMON: &[&str] = &[
            "ly", "ing", "ible", "able", "ous", "ive", "tion", "sion", "ment", "ness", "ity", "ful",
        ];
        if !COMMON.iter().any(|s| lower.ends_with(s)) {
            return Xpos::NNP;
        }
    }
    if wants_base && is_verb_base(&lower) {
        return Xpos::VB;
    }
    if lower.contains('-') && (lower.ends_with("ing") || lower.ends_with("ed")) {
        return Xpos::JJ;
    }
    if let Some(stem) = lower.strip_suffix("ing") {
        if stem.len() > 1 {
            return if prev.is_adjective()
                || prev == Xpos::DT && !next.is_some_and(|n| n.starts_with(char::is_lowercase))
            {
                Xpos::NN
            } else {
                Xpos::VBG
            };
        }
    }
    if lower.ends_with("ed") && lower.len() > 4 {
        if prev == Xpos::DT || prev.is_adverb() && prev2 == Xpos::DT {
            return Xpos::JJ;
        }
        return if after_have_or_be {
            Xpos::VBN
        } else {
            Xpos::VBD
        };
    }
    if lower.ends_with("ly") && lower.len() > 4 {
        return Xpos::RB;
    }
    const ADJ: &[&str] = &[
        "al", "ous", "ive", "ful", "less", "able", "ible", "ic", "ary", "ian", "ish", "ent", "ant",
    ];
    const NOUN: &[&str] = &[
        "tion", "sion", "ment", "ness", "ity", "ism", "ship", "ance", "ence", "er", "or", "ist",
        "ee", "cy", "age", "dom", "hood", "ure",
    ];
    if lower.ends_with('s') && !lower.ends_with("ss") && !lower.ends_with("us") && lower.len() > 3 {
        let stem = &lower[..lower.len() - 1];
        let subject_before = matches!(
            prev,
            Xpos::NN | Xpos::NNP | Xpos::PRP | Xpos::NNS | Xpos::WDT | Xpos::WP
        ) || prev.is_adverb()
            && matches!(prev2, Xpos::NN | Xpos::NNP | Xpos::PRP | Xpos::CC)
            || prev == Xpos::CC && prev2.is_verb();
        let verb_like = is_verb_base(stem)
            || is_verb_base(lower.trim_end_matches("es"))
            || lower.ends_with("ies") && is_verb_base(&format!("{}y", &lower[..lower.len() - 3]));
        return if subject_before && verb_like {
            Xpos::VBZ
        } else {
            Xpos::NNS
        };
    }
    if NOUN.iter().any(|s| lower.ends_with(s)) && lower.len() > 4 {
        return Xpos::NN;
    }
    if ADJ.iter().any(|s| lower.ends_with(s)) && lower.len() > 4 {
        return Xpos::JJ;
    }
    if is_verb_base(&lower) && matches!(prev, Xpos::PRP | Xpos::NNS | Xpos::WDT | Xpos::WP) {
        return Xpos::VBP;
    }
    Xpos::NN
}

/// The lemma of a word with its tag: irregular forms from the list, regular inflections by
/// suffix rules, proper nouns as written.
pub fn lemma(word: &str, xpos: Xpos) -> String {
    if xpos.is_proper() {
        return word.to_string();
    }
    let lower = word.to_lowercase();
    match lower.as_str() {
        "is" | "are" | "am" | "was" | "were" | "been" | "being" | "'m" | "'re" => {
            return "be".into();
        }
        "has" | "had" | "having" | "'ve" => return "have".into(),
        "does" | "did" | "done" | "doing" => return "do".into(),
        "n't" => return "not".into(),
        "ca" => return "can".into(),
        "wo" | "'ll" => return "will".into(),
        "'d" => return "would".into(),
        _ => {}
    }
    if xpos.is_verb() {
        if let Some(&(base, _)) = IRREGULAR.get(lower.as_str()) {
            return base.to_string();
        }
        return match xpos {
            Xpos::VBZ => noun_or_verb_singular(&lower),
            Xpos::VBD | Xpos::VBN => strip_suffix_restoring(&lower, "ed"),
            Xpos::VBG => strip_suffix_restoring(&lower, "ing"),
            _ => lower,
        };
    }
    if matches!(xpos, Xpos::NNS) {
        return noun_or_verb_singular(&lower);
    }
    lower
}

/// "investigations" -> "investigation", "cities" -> "city", "boxes" -> "box", "seeks" -> "seek".
pub fn noun_or_verb_singular(w: &str) -> String {
    const INVARIANT: &[&str] = &[
        "news",
        "series",
        "species",
        "politics",
        "economics",
        "means",
        "headquarters",
        "us",
        "has",
        "was",
        "this",
        "is",
        "its",
    ];
    const IRREGULAR_PLURALS: &[(&str, &str)] = &[
        ("people", "person"),
        ("men", "man"),
        ("women", "woman"),
        ("children", "child"),
        ("police", "police"),
    ];
    if INVARIANT.contains(&w) || w.ends_with("ss") || w.ends_with("us") || w.ends_with("is") {
        return w.to_string();
    }
    if let Some(&(_, s)) = IRREGULAR_PLURALS.iter().find(|(p, _)| *p == w) {
        return s.to_string();
    }
    if let Some(stem) = w.strip_suffix("ies") {
        if stem.len() > 1 {
            return format!("{stem}y");
        }
    }
    for end in ["ches", "shes", "xes", "sses", "zzes", "oes"] {
        if let Some(stem) = w.strip_suffix(end) {
            return format!("{stem}{}", &end[..end.len() - 2]);
        }
    }
    w.strip_suffix('s')
        .filter(|s| s.len() > 1)
        .unwrap_or(w)
        .to_string()
}

/// Strips "ed" or "ing", undoubling a final consonant and restoring a silent "e".
fn strip_suffix_restoring(w: &str, suffix: &str) -> String {
    let Some(stem) = w.strip_suffix(suffix) else {
        return w.to_string();
    };
    if stem.len() < 2 {
        return w.to_string();
    }
    if suffix == "ed" {
        if let Some(s) = stem.strip_suffix('i') {
            return format!("{s}y");
        }
    }
    if is_verb_base(stem) {
        return stem.to_string();
    }
    let with_e = format!("{stem}e");
    if is_verb_base(&with_e) {
        return with_e;
    }
    let b = stem.as_bytes();
    let n = b.len();
    let vowel = |c: u8| b"aeiou".contains(&c);
    if n >= 3 && b[n - 1] == b[n - 2] && !b"lsz".contains(&b[n - 1]) && !vowel(b[n - 1]) {
        return stem[..n - 1].to_string();
    }
    // Endings that need a silent e: "recus-e", "endors-e", "solv-e", "financ-e", "chang-e".
    let needs_e = matches!(b[n - 1], b'v' | b'z' | b'c')
        || (b[n - 1] == b's' && !vowel(b[n - 2]) && b[n - 2] != b's')
        || (b[n - 1] == b's' && vowel(b[n - 2]) && n >= 3 && !vowel(b[n - 3]))
        || (b[n - 1] == b'g' && b[n - 2] == b'n' && n >= 4 && b[n - 3] == b'a')
        || (n >= 3
            && !vowel(b[n - 1])
            && vowel(b[n - 2])
            && !vowel(b[n - 3])
            && b"tkdp".contains(&b[n - 1])
            && b[n - 2] != b'e'
            && n <= 4);
    if needs_e { with_e } else { stem.to_string() }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::Segmenter;

    #[test]
    fn prepositions_are_not_verbs() {
        let mut doc = Document::new("t", "He sat atop the list and would like it.");
        Segmenter.segment(&mut doc);
        Tagger.tag(&mut doc);
        // As a trained tagger might: "atop" and "like" both read as verbs.
        for i in [2, 7] {
            doc.tokens[i].xpos = Xpos::VB;
        }
        correct_prepositions(&mut doc);
        assert_eq!(doc.tokens[2].xpos, Xpos::IN);
        assert_eq!(doc.tokens[2].upos, Upos::ADP);
        assert_eq!(doc.tokens[7].xpos, Xpos::VB, "\"like\" may be a verb");
    }

    fn tags(text: &str) -> Vec<String> {
        let mut doc = Document::new("t", text);
        Segmenter.segment(&mut doc);
        Tagger.tag(&mut doc);
        doc.tokens
            .iter()
            .map(|t| format!("{}/{}", &text[t.span.range()], t.xpos))
            .collect()
    }

    #[test]
    fn tags_news_sentences() {
        #[rustfmt::skip]
        let cases: &[(&str, &str)] = &[
            ("The White House has defended tweets by US President Donald Trump.", "The/DT White/NNP House/NNP has/VBZ defended/VBN tweets/NNS by/IN US/NNP President/NNP Donald/NNP Trump/NNP ./."),
            ("Sessions chose to recuse himself from any investigations.", "Sessions/NNP chose/VBD to/TO recuse/VB himself/PRP from/IN any/DT investigations/NNS ./."),
            ("Sessions does not want to resign and instead seeks the freedom.", "Sessions/NNP does/VBZ not/RB want/VB to/TO resign/VB and/CC instead/RB seeks/VBZ the/DT freedom/NN ./."),
            ("NPR's Carrie Johnson", "NPR/NNP 's/POS Carrie/NNP Johnson/NNP"),
        ];
        for (text, expected) in cases {
            assert_eq!(tags(text).join(" "), *expected);
        }
    }

    #[test]
    fn lemmas() {
        #[rustfmt::skip]
        let cases: &[(&str, Xpos, &str)] = &[
            ("recused", Xpos::VBD, "recuse"), ("endorsed", Xpos::VBD, "endorse"), ("defended", Xpos::VBN, "defend"),
            ("chose", Xpos::VBD, "choose"), ("told", Xpos::VBD, "tell"), ("met", Xpos::VBD, "meet"),
            ("assigning", Xpos::VBG, "assign"), ("firing", Xpos::VBG, "fire"), ("stopped", Xpos::VBD, "stop"),
            ("investigations", Xpos::NNS, "investigation"), ("cities", Xpos::NNS, "city"), ("tweets", Xpos::NNS, "tweet"),
            ("seeks", Xpos::VBZ, "seek"), ("is", Xpos::VBZ, "be"), ("Sessions", Xpos::NNP, "Sessions"),
            ("reported", Xpos::VBD, "report"), ("offered", Xpos::VBD, "offer"), ("announced", Xpos::VBD, "announce"),
            ("hoped", Xpos::VBD, "hope"), ("evolved", Xpos::VBN, "evolve"), ("colluded", Xpos::VBD, "collude"),
        ];
        for &(w, t, l) in cases {
            assert_eq!(lemma(w, t), l, "{w}/{t}");
        }
    }
}
