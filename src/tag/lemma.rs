//! Lemmas from the word and its PTB tag: learnt suffix rules plus learnt exceptions.
//!
//! Both parts are derived from a treebank by [`Lemmatizer::train`] and stored in the POS model
//! file. A word is looked up first among the exceptions (the treebank words whose lemma the
//! rules get wrong, such as `went` → `go`), then by the longest matching suffix rule for its
//! tag (`-ies` → `-y` for `NNS`). Proper nouns and other capitalised words keep or drop their
//! capitals as the treebank does for that tag. This module does not guess tags; give it the
//! tagger's.

use crate::error::Result;
use crate::model::{ModelReader, ModelWriter};
use crate::tag::Xpos;
use crate::tag::features::{NX, fold_char, fold_word};
use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};
use std::hash::{BuildHasherDefault, Hasher};
use std::io::{self, Read, Write};

/// Longest suffix a rule looks at, in characters.
const MAX_SUFFIX: usize = 5;

thread_local! {
    /// The folded form, its lower case and its characters, reused from word to word.
    static BUFFERS: RefCell<(String, String, Vec<char>)> = const {
        RefCell::new((String::new(), String::new(), Vec::new()))
    };
}

/// Hasher for keys that are already well-mixed 64-bit hashes.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(8) ^ u64::from(b)).wrapping_mul(0x517c_c1b7_2722_0a95);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// A `HashMap` over pre-hashed `u64` keys.
pub(crate) type KeyMap<V> = HashMap<u64, V, BuildHasherDefault<KeyHasher>>;

fn key(seed: u64, s: impl Iterator<Item = char>) -> u64 {
    crate::tag::features::finish(s.fold(seed, |h, c| {
        (h.rotate_left(5) ^ u64::from(c)).wrapping_mul(0x517c_c1b7_2722_0a95)
    }))
}

fn folded(word: &str) -> impl Iterator<Item = char> + '_ {
    fold_word(word).chars().map(fold_char)
}

fn lower(word: &str) -> String {
    folded(word).flat_map(char::to_lowercase).collect()
}

/// Mends the spelling of a verb lemma that a suffix rule made from a past tense, participle
/// or gerund, where the rule's suffix was too short to see what English spelling says.
/// `stripped` is true when the rule cut just the ending ("-ed", "-ing") and added nothing.
///
/// - No silent `e` after a two-letter vowel and one consonant: "chaired" is "chair", not
///   "chaire" ("-ired" -> "-ire" was learnt from "fired", "hired"). Before `s`, `v`, `c`, `z`
///   or `g` the `e` stays ("raise", "leave", "voice"), and so it does in "-eate" ("create").
/// - A silent `e` after consonant + `l` and after a final `v`: "toppled" is "topple".
/// - No doubled final `b d g m n p` in a word of five letters or more: "prodded" is "prod"
///   (shorter words such as "add" and "ebb" keep theirs; "boycott" keeps its `tt`), nor
///   a doubled `l` after `e` or `o` in more than one syllable: "patrolled" is "patrol".
/// - No `e` after `x`: "fixed" is "fix" ("axe" is too short to change).
/// - One syllable of one vowel and one consonant, with its ending cut, had a silent `e`:
///   "poked" is "poke", since "pok" would have doubled its `k` ("pokked").
fn respell_verb(lemma: &mut String, stripped: bool) {
    if !lemma.is_ascii() {
        return;
    }
    let b = lemma.as_bytes();
    let n = b.len();
    let vowel = |c: u8| matches!(c, b'a' | b'e' | b'i' | b'o' | b'u');
    let ends_in_e = n >= 5 && b[n - 1] == b'e';
    let digraph = |i: usize| {
        matches!(
            &[b[i], b[i + 1]],
            b"ai" | b"ea" | b"ee" | b"ei" | b"oa" | b"oo" | b"ou" | b"au" | b"oi"
        )
    };
    let after_digraph = ends_in_e
        && (digraph(n - 4) && b"rlkpmtdnbf".contains(&b[n - 2]) && &b[n - 4..n - 1] != b"eat"
            || n >= 6
                && digraph(n - 5)
                && matches!(
                    &b[n - 3..n - 1],
                    b"st" | b"nt" | b"nd" | b"rd" | b"rn" | b"rt" | b"rm" | b"rk" | b"lt" | b"ld"
                ));
    let wants_e =
        n >= 4 && (b[n - 1] == b'v' || b[n - 1] == b'l' && b"bcdfgkpstz".contains(&b[n - 2]));
    let groups = |b: &[u8]| {
        // Vowel groups, "qu" counting as a consonant.
        let v = |i: usize| vowel(b[i]) && !(b[i] == b'u' && i > 0 && b[i - 1] == b'q');
        (0..b.len())
            .filter(|&i| v(i) && (i == 0 || !v(i - 1)))
            .count()
    };
    let doubled = n >= 5 && b[n - 1] == b[n - 2] && b"bdgmnp".contains(&b[n - 1])
        || n >= 5 && matches!(&b[n - 3..], b"ell" | b"oll") && groups(b) > 1;
    let after_x = n >= 4 && b[n - 2] == b'x' && b[n - 1] == b'e';
    // One syllable, one vowel, one consonant, and just the ending cut.
    let lost_e = stripped
        && n >= 3
        && groups(b) == 1
        && vowel(b[n - 2])
        && !vowel(b[n - 3])
        && !b"aeiouwxy".contains(&b[n - 1]);
    if after_digraph || doubled || after_x {
        lemma.pop();
    } else if wants_e || lost_e {
        lemma.push('e');
    }
}

/// How to turn a word into its lemma: drop `strip` characters, then append `append`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
struct Rule {
    strip: u8,
    append: String,
}

impl Rule {
    fn between(word: &str, lemma: &str) -> Rule {
        let common = word
            .chars()
            .zip(lemma.chars())
            .take_while(|(a, b)| a == b)
            .count();
        Rule {
            strip: u8::try_from(word.chars().count() - common).unwrap_or(u8::MAX),
            append: lemma.chars().skip(common).collect(),
        }
    }
}

/// Suffix rules and exceptions learnt from a treebank.
#[derive(Debug, Clone, PartialEq)]
pub struct Lemmatizer {
    /// `(tag, suffix)` key → rule.
    rules: KeyMap<Rule>,
    /// `(tag, exact folded form)` key → (form, lemma); the form guards against collisions.
    exceptions: KeyMap<(Box<str>, Box<str>)>,
    /// Whether a capitalised word of this tag keeps its capitals in the lemma.
    keep_case: [bool; NX],
}

impl Default for Lemmatizer {
    fn default() -> Self {
        Lemmatizer {
            rules: KeyMap::default(),
            exceptions: KeyMap::default(),
            keep_case: [false; NX],
        }
    }
}

fn rule_key(tag: Xpos, suffix: &[char]) -> u64 {
    key(0xabcd_0000 + tag as u64, suffix.iter().copied())
}

fn exception_key(tag: Xpos, form: &str) -> u64 {
    key(0xef01_0000 + tag as u64, form.chars())
}

impl Lemmatizer {
    /// The lemma of `word` tagged `tag`.
    pub fn lemma(&self, word: &str, tag: Xpos) -> String {
        let mut out = String::new();
        self.lemma_into(word, tag, &mut out);
        out
    }

    /// Writes the lemma of `word` tagged `tag` into `out` (cleared first).
    pub fn lemma_into(&self, word: &str, tag: Xpos, out: &mut String) {
        BUFFERS.with_borrow_mut(|(form, low, chars)| {
            self.lemma_with(word, tag, out, form, low, chars);
        });
    }

    fn lemma_with(
        &self,
        word: &str,
        tag: Xpos,
        out: &mut String,
        form: &mut String,
        low: &mut String,
        chars: &mut Vec<char>,
    ) {
        out.clear();
        form.clear();
        form.extend(folded(word));
        if let Some(l) = self.exception(form, tag) {
            out.push_str(l);
            return;
        }
        low.clear();
        chars.clear();
        for c in form.chars().flat_map(char::to_lowercase) {
            low.push(c);
            chars.push(c);
        }
        if low != form {
            if let Some(l) = self.exception(low, tag) {
                out.push_str(l);
                return;
            }
        }
        // "co-written", "re-focused": the last part carries the inflection, and its own
        // exceptions and rules know it better than the whole word's suffix does.
        if let Some((head, tail)) = low.rsplit_once('-') {
            if !self.keep_case[tag as usize]
                && !head.is_empty()
                && tail.len() > 2
                && tail.chars().all(char::is_alphabetic)
            {
                let (mut f, mut l, mut c) = (String::new(), String::new(), Vec::new());
                let mut tail_lemma = String::new();
                self.lemma_with(tail, tag, &mut tail_lemma, &mut f, &mut l, &mut c);
                out.push_str(head);
                out.push('-');
                out.push_str(&tail_lemma);
                return;
            }
        }
        let base = if self.keep_case[tag as usize] {
            &form
        } else {
            &low
        };
        let rule = (0..=MAX_SUFFIX.min(chars.len()))
            .rev()
            .find_map(|k| self.rules.get(&rule_key(tag, &chars[chars.len() - k..])));
        match rule {
            Some(r) if usize::from(r.strip) <= chars.len() => {
                let keep = chars.len() - usize::from(r.strip);
                out.extend(base.chars().take(keep));
                out.push_str(&r.append);
                if matches!(tag, Xpos::VBD | Xpos::VBN | Xpos::VBG) {
                    let ending = if tag == Xpos::VBG { 3 } else { 2 };
                    respell_verb(out, r.strip == ending && r.append.is_empty());
                }
            }
            _ => out.push_str(base),
        }
    }

    /// The learnt lemma of `form` with `tag`; a past tense or participle seen only as the
    /// other one ("won" seen as `VBD` read as `VBN`) takes that one's lemma, since irregular
    /// forms share it far more often than the suffix rules get them right.
    fn exception(&self, form: &str, tag: Xpos) -> Option<&str> {
        let get = |tag| {
            self.exceptions
                .get(&exception_key(tag, form))
                .filter(|(f, _)| &**f == form)
                .map(|(_, l)| &**l)
        };
        get(tag).or_else(|| match tag {
            Xpos::VBD => get(Xpos::VBN),
            Xpos::VBN => get(Xpos::VBD),
            _ => None,
        })
    }

    /// Learns rules and exceptions from `(form, tag, lemma)` triples of a treebank.
    pub fn train<'a>(words: impl IntoIterator<Item = (&'a str, Xpos, &'a str)>) -> Lemmatizer {
        // Majority lemma per (tag, folded form); BTreeMaps keep training deterministic.
        let mut seen: BTreeMap<(Xpos, String), BTreeMap<String, usize>> = BTreeMap::new();
        let mut case_votes = [[0usize; 2]; NX];
        for (form, tag, lemma) in words {
            let form: String = folded(form).collect();
            let lemma: String = folded(lemma).collect();
            if form.chars().any(char::is_uppercase) {
                let keeps = lemma.chars().any(char::is_uppercase);
                case_votes[tag as usize][usize::from(keeps)] += 1;
            }
            *seen
                .entry((tag, form))
                .or_default()
                .entry(lemma)
                .or_default() += 1;
        }
        let majority = |m: &BTreeMap<String, usize>| -> String {
            let mut best: Option<(&String, usize)> = None;
            for (l, &n) in m {
                if best.is_none_or(|(_, b)| n > b) {
                    best = Some((l, n));
                }
            }
            best.map(|(l, _)| l.clone()).unwrap_or_default()
        };
        let mut keep_case = [false; NX];
        for (k, v) in keep_case.iter_mut().zip(case_votes) {
            *k = v[1] > v[0];
        }
        // Suffix rules from word types (lower case), so regular patterns outvote frequent
        // irregular words.
        let mut types: BTreeMap<(Xpos, String), BTreeMap<String, usize>> = BTreeMap::new();
        for ((tag, form), lemmas) in &seen {
            let l = majority(lemmas).to_lowercase();
            *types
                .entry((*tag, lower(form)))
                .or_default()
                .entry(l)
                .or_default() += 1;
        }
        // Past tenses and past participles share their regular endings, so each learns from
        // the other's words too: with `VBD` alone, the one `-amed` past tense in EWT
        // ("tamed") was too few to outvote `-med` -> `-m`, and "blamed" lost its `e`.
        let mut counts: BTreeMap<(Xpos, Vec<char>), BTreeMap<Rule, usize>> = BTreeMap::new();
        for ((tag, low), lemmas) in &types {
            let rule = Rule::between(low, &majority(lemmas));
            let chars: Vec<char> = low.chars().collect();
            let tags: &[Xpos] = match tag {
                Xpos::VBD | Xpos::VBN => &[Xpos::VBD, Xpos::VBN],
                _ => std::slice::from_ref(tag),
            };
            // A rule speaks only for suffixes at least as long as what it strips: "gotten"
            // -> "get" strips five letters and says nothing about "-ten" ("beaten" -> "bet").
            for &t in tags {
                for k in usize::from(rule.strip)..=MAX_SUFFIX.min(chars.len()) {
                    *counts
                        .entry((t, chars[chars.len() - k..].to_vec()))
                        .or_default()
                        .entry(rule.clone())
                        .or_default() += 1;
                }
            }
        }
        let best: BTreeMap<(Xpos, Vec<char>), (Rule, usize)> = counts
            .into_iter()
            .filter_map(|(k, rules)| {
                let mut top: Option<(Rule, usize)> = None;
                for (r, n) in rules {
                    if top.as_ref().is_none_or(|(_, b)| n > *b) {
                        top = Some((r, n));
                    }
                }
                top.map(|t| (k, t))
            })
            .collect();
        let mut lem = Lemmatizer {
            keep_case,
            ..Lemmatizer::default()
        };
        for ((tag, suffix), (rule, n)) in &best {
            let parent = (!suffix.is_empty())
                .then(|| best.get(&(*tag, suffix[1..].to_vec())))
                .flatten();
            let needed = match parent {
                None => true,
                Some((p, _)) => p != rule && *n >= 2,
            };
            if needed {
                lem.rules.insert(rule_key(*tag, suffix), rule.clone());
            }
        }
        for ((tag, form), lemmas) in &seen {
            let gold = majority(lemmas);
            if lem.lemma(form, *tag) != gold {
                lem.exceptions.insert(
                    exception_key(*tag, form),
                    (form.as_str().into(), gold.into()),
                );
            }
        }
        lem
    }

    /// Number of exceptions and rules, for reports.
    pub fn sizes(&self) -> (usize, usize) {
        (self.exceptions.len(), self.rules.len())
    }

    pub(crate) fn write<W: Write>(&self, w: &mut ModelWriter<W>) -> io::Result<()> {
        for &k in &self.keep_case {
            w.u8(u8::from(k))?;
        }
        let mut rules: Vec<_> = self.rules.iter().collect();
        rules.sort_by_key(|(k, _)| **k);
        w.u32(u32::try_from(rules.len()).map_err(io::Error::other)?)?;
        for (k, r) in rules {
            w.u64(*k)?;
            w.u8(r.strip)?;
            w.str(&r.append)?;
        }
        let mut exc: Vec<_> = self.exceptions.iter().collect();
        exc.sort_by_key(|(k, _)| **k);
        w.u32(u32::try_from(exc.len()).map_err(io::Error::other)?)?;
        for (k, (f, l)) in exc {
            w.u64(*k)?;
            w.str(f)?;
            w.str(l)?;
        }
        Ok(())
    }

    pub(crate) fn read<R: Read>(r: &mut ModelReader<R>) -> Result<Self> {
        let mut lem = Lemmatizer::default();
        for k in &mut lem.keep_case {
            *k = r.u8()? != 0;
        }
        let n = r.u32()?;
        lem.rules.reserve(n.min(1 << 20) as usize);
        for _ in 0..n {
            let k = r.u64()?;
            let strip = r.u8()?;
            let append = r.str(256)?;
            lem.rules.insert(k, Rule { strip, append });
        }
        let n = r.u32()?;
        lem.exceptions.reserve(n.min(1 << 20) as usize);
        for _ in 0..n {
            let k = r.u64()?;
            let f = r.str(1024)?;
            let l = r.str(1024)?;
            lem.exceptions.insert(k, (f.into(), l.into()));
        }
        Ok(lem)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Xpos::*;

    fn trained() -> Lemmatizer {
        let words = [
            ("walks", VBZ, "walk"),
            ("talks", VBZ, "talk"),
            ("goes", VBZ, "go"),
            ("parties", NNS, "party"),
            ("cities", NNS, "city"),
            ("cats", NNS, "cat"),
            ("dogs", NNS, "dog"),
            ("went", VBD, "go"),
            ("walked", VBD, "walk"),
            ("talked", VBD, "talk"),
            ("seemed", VBD, "seem"),
            ("formed", VBD, "form"),
            ("claimed", VBD, "claim"),
            ("named", VBN, "name"),
            ("framed", VBN, "frame"),
            ("fired", VBD, "fire"),
            ("hired", VBD, "hire"),
            ("retired", VBN, "retire"),
            ("played", VBD, "play"),
            ("wanted", VBD, "want"),
            ("firing", VBG, "fire"),
            ("hiring", VBG, "hire"),
            ("walking", VBG, "walk"),
            ("gotten", VBN, "get"),
            ("forgotten", VBN, "forget"),
            ("eaten", VBN, "eat"),
            ("Americans", NNPS, "American"),
            ("Democrats", NNPS, "Democrat"),
            ("Comey", NNP, "Comey"),
            ("The", DT, "the"),
            ("’s", VBZ, "be"),
            ("is", VBZ, "be"),
        ];
        Lemmatizer::train(words)
    }

    #[test]
    fn lemmas() {
        let lem = trained();
        let cases = [
            ("walks", VBZ, "walk"),
            ("jumps", VBZ, "jump"),
            ("went", VBD, "go"),
            ("Went", VBD, "go"),
            ("went", VBN, "go"),
            ("jumped", VBD, "jump"),
            ("jumped", VBN, "jump"),
            // `-amed` seen only as participles, learnt for past tenses too.
            ("blamed", VBD, "blame"),
            ("blamed", VBN, "blame"),
            // "gotten" and "forgotten" strip five letters: no rule for all of "-ten".
            ("beaten", VBN, "beat"),
            ("puppies", NNS, "puppy"),
            ("hats", NNS, "hat"),
            ("Republicans", NNPS, "Republican"),
            ("Sessions", NNP, "Sessions"),
            // A hyphenated word's last part is lemmatised on its own.
            ("co-went", VBD, "co-go"),
            ("re-framed", VBN, "re-frame"),
            ("mini-parties", NNS, "mini-party"),
            ("Anglo-Americans", NNPS, "Anglo-American"),
            ("'s", VBZ, "be"),
            ("’s", VBZ, "be"),
            ("", NN, ""),
            // Spelling mends of verb lemmas the suffix rules make: "-ired" -> "-ire" was
            // learnt from "fired" and "hired", yet "chaired" has no silent `e`; "poked",
            // "toppled" and "prodded" go through the plain "-ed" rule.
            ("chaired", VBD, "chair"),
            ("chairing", VBG, "chair"),
            ("poked", VBD, "poke"),
            ("toppled", VBN, "topple"),
            ("prodded", VBD, "prod"),
            ("patrolled", VBD, "patrol"),
            ("added", VBD, "add"),
            ("rolled", VBD, "roll"),
            ("opened", VBD, "open"),
            ("coasted", VBD, "coast"),
        ];
        for (word, tag, lemma) in cases {
            assert_eq!(lem.lemma(word, tag), lemma, "{word} {tag}");
        }
    }

    #[test]
    fn round_trips_through_the_model_format() {
        let lem = trained();
        let mut w = ModelWriter::new(Vec::new(), "lemma-test", 1).unwrap();
        lem.write(&mut w).unwrap();
        let bytes = w.into_inner();
        let mut r = ModelReader::new(&bytes[..], "lemma-test", 1).unwrap();
        assert_eq!(Lemmatizer::read(&mut r).unwrap(), lem);
        r.finish().unwrap();
    }
}
