//! Feature extraction for the POS tagger, shared by training and tagging.
//!
//! Each feature is a 64-bit hash of a template number and the strings or tags it looks at;
//! nothing is allocated per feature. Word-level hashes (form, lower case, suffixes up to five
//! characters, prefixes, the part after a hyphen, shape, distributional class) are computed
//! once per word ([`WordInfo`]), then combined per position with the tags already chosen to
//! the left and the tags guessed for the two words to the right. The [`templates`] are
//! grouped by what they look at, so the tagger can cache the groups that ignore tags; the
//! [`Extractor`] lists all of them at once for training. Curly quotes and PTB quote tokens
//! are folded into the treebank's straight forms here, so the model sees one spelling of each.
//!
//! The guessed tags come from the tag-independent features alone (the tag dictionary's tag
//! where it has one): a cheap look ahead, with the same weights, that needs no second model.

use crate::tag::Xpos;
use crate::tag::lemma::KeyMap;

/// Number of XPOS classes.
pub(crate) const NX: usize = Xpos::ALL.len();
/// Number of UPOS classes.
pub(crate) const NU: usize = crate::tag::Upos::ALL.len();
/// Score columns: XPOS then UPOS.
pub(crate) const NC: usize = NX + NU;
/// Features of the word itself ([`templates::own`]).
pub(crate) const NW: usize = 16;
/// Features per position that do not look at tags.
pub(crate) const NFIXED: usize = NW + 3 + 1 + 3 + 1 + 4 + 1;
/// Features per position.
pub(crate) const NF: usize = NFIXED + 3 + 3 + 4;

/// Previous-tag value before the sentence start.
pub(crate) const START: u64 = 200;
/// Previous-tag value two before the sentence start.
pub(crate) const START2: u64 = 201;
/// Guessed-tag value after the sentence end.
pub(crate) const END: u64 = 202;
/// Guessed-tag value two after the sentence end.
pub(crate) const END2: u64 = 203;

const K: u64 = 0x517c_c1b7_2722_0a95;

#[inline]
fn add(h: u64, x: u64) -> u64 {
    (h.rotate_left(5) ^ x).wrapping_mul(K)
}

/// Murmur3's finaliser: spreads the bits so the low bits index a table well.
#[inline]
pub(crate) fn finish(mut h: u64) -> u64 {
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^= h >> 33;
    h
}

fn hash_chars(seed: u64, chars: &[char]) -> u64 {
    chars.iter().fold(seed, |h, &c| add(h, u64::from(c)))
}

/// The character the model sees for `c`: curly quotes become straight ones.
#[inline]
pub(crate) fn fold_char(c: char) -> char {
    match c {
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{2032}' => '\'',
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{2033}' => '"',
        _ => c,
    }
}

/// The word as the treebank would spell it: PTB quote tokens become `"`.
#[inline]
pub(crate) fn fold_word(w: &str) -> &str {
    match w {
        "``" | "''" => "\"",
        _ => w,
    }
}

/// Word-level hashes of one word.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct WordInfo {
    pub(crate) lower: u64,
    pub(crate) form: u64,
    suf: [u64; NSUF],
    pre: [u64; 3],
    /// The lower-case part after the last hyphen, or 0.
    hyphen: u64,
    pub(crate) shape: u64,
    /// Distributional class: 0 when unknown, else fine class + 1 in the low 16 bits,
    /// coarse class + 1 in the next 16, capitalisation class above.
    cluster: u64,
}

/// Suffix lengths hashed: 1 to this many characters.
const NSUF: usize = 5;

impl WordInfo {
    /// The stand-in for the words before the sentence start (`k` = 0 just before, 1 two
    /// before) or after its end (`k` = 2 just after, 3 two after).
    pub(crate) fn pad(k: usize) -> WordInfo {
        let p = [PAD_BEFORE[0], PAD_BEFORE[1], PAD_AFTER[0], PAD_AFTER[1]][k.min(3)];
        WordInfo {
            lower: p,
            form: p,
            suf: [p; NSUF],
            pre: [p; 3],
            hyphen: p,
            shape: p,
            cluster: p,
        }
    }

    /// A word of capitalisation class `cap` and nothing else, for tables of the templates
    /// that look at that class alone.
    pub(crate) fn with_cap(cap: u64) -> WordInfo {
        WordInfo {
            cluster: cap << 32,
            ..WordInfo::default()
        }
    }

    /// The hashes tagging reads after the word's own scores are cached (the lower-case form,
    /// the shape and the class): what the word score cache keeps of a word.
    pub(crate) fn tagging_hashes(&self) -> [u64; 3] {
        [self.lower, self.shape, self.cluster]
    }

    /// A word with only the hashes of [`WordInfo::tagging_hashes`], for the templates that
    /// look at nothing else ([`templates::pairs`], [`templates::start`],
    /// [`templates::tagged`], [`templates::ahead`]).
    pub(crate) fn from_tagging_hashes([lower, shape, cluster]: [u64; 3]) -> WordInfo {
        WordInfo {
            lower,
            shape,
            cluster,
            ..WordInfo::default()
        }
    }

    /// The capitalisation class (below 8 for a word, 0 when it has no distributional class).
    pub(crate) fn cap(&self) -> u64 {
        self.cluster >> 32
    }

    /// The key of the word in the tag dictionary.
    pub(crate) fn form_key(&self) -> u64 {
        finish(self.form)
    }
}

#[inline]
fn feature(t: u64, a: u64, b: u64) -> u64 {
    finish(add(add(t.wrapping_mul(0x9e37_79b9), a), b))
}

/// Tag value of the previous tags `p1`, `p2` (the sentence start has values of its own).
#[inline]
pub(crate) fn tag_values(p1: Option<u8>, p2: Option<u8>) -> (u64, u64) {
    let t1 = p1.map_or(START, u64::from);
    let t2 = p2.map_or(if p1.is_none() { START2 } else { START }, u64::from);
    (t1, t2)
}

/// The templates, grouped by what they look at, so the tagger can sum the groups that do not
/// depend on tags once per word type and cache them. Training uses all of them together.
pub(crate) mod templates {
    use super::{NW, WordInfo, add, feature};

    /// Features of the word itself.
    #[inline]
    pub(crate) fn own(w: &WordInfo) -> [u64; NW] {
        [
            feature(0, 0, 0),
            feature(1, w.lower, 0),
            feature(2, w.form, 0),
            feature(3, w.suf[0], 0),
            feature(4, w.suf[1], 0),
            feature(5, w.suf[2], 0),
            feature(6, w.suf[3], 0),
            feature(7, w.pre[0], 0),
            feature(8, w.pre[1], 0),
            feature(9, w.pre[2], 0),
            feature(10, w.shape, 0),
            feature(27, w.cluster & 0xffff, 0),
            feature(28, (w.cluster >> 16) & 0xffff, 0),
            feature(31, w.cluster >> 32, w.shape),
            feature(33, w.suf[4], 0),
            feature(34, w.hyphen, 0),
        ]
    }

    /// Features of the word as its right neighbour's left neighbour (offset -1).
    #[inline]
    pub(crate) fn left1(w: &WordInfo) -> [u64; 3] {
        [
            feature(15, w.lower, 0),
            feature(16, w.suf[2], 0),
            feature(29, w.cluster & 0xffff, 0),
        ]
    }

    /// Features of the word two to the left (offset -2).
    #[inline]
    pub(crate) fn left2(w: &WordInfo) -> [u64; 1] {
        [feature(17, w.lower, 0)]
    }

    /// Features of the word as its left neighbour's right neighbour (offset +1).
    #[inline]
    pub(crate) fn right1(w: &WordInfo) -> [u64; 3] {
        [
            feature(18, w.lower, 0),
            feature(19, w.suf[2], 0),
            feature(30, w.cluster & 0xffff, 0),
        ]
    }

    /// Features of the word two to the right (offset +2).
    #[inline]
    pub(crate) fn right2(w: &WordInfo) -> [u64; 1] {
        [feature(20, w.lower, 0)]
    }

    /// Features of word pairs around the word; they do not look at tags.
    #[inline]
    pub(crate) fn pairs(wm1: &WordInfo, w: &WordInfo, wp1: &WordInfo) -> [u64; 4] {
        [
            feature(21, wm1.lower, w.lower),
            feature(22, w.lower, wp1.lower),
            feature(23, wm1.shape, w.shape),
            feature(24, w.shape, wp1.shape),
        ]
    }

    /// Whether the word starts the sentence, with its shape.
    #[inline]
    pub(crate) fn start(first: bool, w: &WordInfo) -> u64 {
        feature(25, u64::from(first), w.shape)
    }

    /// The previous two tags alone.
    #[inline]
    pub(crate) fn tags(t1: u64, t2: u64) -> [u64; 3] {
        [feature(11, t1, 0), feature(12, t2, 0), feature(13, t1, t2)]
    }

    /// The tags guessed for the next two words (`g1`, `g2`) from their tag-independent
    /// scores alone, with the previous tag and with the word.
    #[inline]
    pub(crate) fn ahead(w: &WordInfo, t1: u64, g1: u64, g2: u64) -> [u64; 4] {
        [
            feature(40, g1, 0),
            feature(41, g1, g2),
            feature(42, t1, g1),
            feature(43, w.lower, g1),
        ]
    }

    /// The previous tag with words.
    #[inline]
    pub(crate) fn tagged(first: bool, t1: u64, w: &WordInfo, wp1: &WordInfo) -> [u64; 3] {
        [
            feature(14, t1, w.lower),
            feature(26, t1, wp1.lower),
            feature(32, w.cluster >> 32, add(u64::from(first), t1)),
        ]
    }
}

/// Per-sentence feature extractor; reuse one across sentences to keep its buffers.
#[derive(Debug, Default)]
pub(crate) struct Extractor {
    words: Vec<WordInfo>,
    chars: Vec<char>,
}

const PAD_BEFORE: [u64; 2] = [0x1111_2222_3333_4444, 0x5555_6666_7777_8888];
const PAD_AFTER: [u64; 2] = [0x9999_aaaa_bbbb_cccc, 0xdddd_eeee_ffff_0001];

impl Extractor {
    /// Computes the word-level hashes of a sentence.
    pub(crate) fn prepare<'a>(
        &mut self,
        words: impl IntoIterator<Item = &'a str>,
        clusters: &KeyMap<u16>,
    ) {
        self.words.clear();
        for w in words {
            let info = word_info(&mut self.chars, w, clusters);
            self.words.push(info);
        }
    }

    /// The key of word `i` in the cluster map: a hash of its folded lower-case form.
    pub(crate) fn lower_key(&self, i: usize) -> u64 {
        finish(self.words[i].lower)
    }

    /// The tag-dictionary key of word `i`: a hash of its folded form.
    pub(crate) fn form_key(&self, i: usize) -> u64 {
        self.words[i].form_key()
    }

    /// Number of words prepared.
    pub(crate) fn len(&self) -> usize {
        self.words.len()
    }

    fn at(&self, i: isize) -> WordInfo {
        let n = self.words.len() as isize;
        if i < 0 {
            WordInfo::pad((-i - 1).min(1) as usize)
        } else if i >= n {
            WordInfo::pad(2 + (i - n).min(1) as usize)
        } else {
            self.words[i as usize]
        }
    }

    /// The features of word `i` that do not look at tags.
    pub(crate) fn fixed_features(&self, i: usize, out: &mut [u64; NFIXED]) {
        use templates as t;
        let ii = i as isize;
        let w = self.at(ii);
        let wm1 = self.at(ii - 1);
        let wp1 = self.at(ii + 1);
        let mut k = 0;
        let mut put = |fs: &[u64]| {
            out[k..k + fs.len()].copy_from_slice(fs);
            k += fs.len();
        };
        put(&t::own(&w));
        put(&t::left1(&wm1));
        put(&t::left2(&self.at(ii - 2)));
        put(&t::right1(&wp1));
        put(&t::right2(&self.at(ii + 2)));
        put(&t::pairs(&wm1, &w, &wp1));
        put(&[t::start(i == 0, &w)]);
        debug_assert_eq!(k, NFIXED);
    }

    /// All features of word `i` given the tags of the two words before it and the tags
    /// guessed for the two after it (see [`templates::ahead`]).
    pub(crate) fn features(
        &self,
        i: usize,
        (p1, p2): (Option<u8>, Option<u8>),
        (g1, g2): (u64, u64),
        out: &mut [u64; NF],
    ) {
        use templates as t;
        let (t1, t2) = tag_values(p1, p2);
        let ii = i as isize;
        let w = self.at(ii);
        let wp1 = self.at(ii + 1);
        let mut fixed = [0; NFIXED];
        self.fixed_features(i, &mut fixed);
        out[..NFIXED].copy_from_slice(&fixed);
        let mut k = NFIXED;
        let mut put = |fs: &[u64]| {
            out[k..k + fs.len()].copy_from_slice(fs);
            k += fs.len();
        };
        put(&t::tags(t1, t2));
        put(&t::tagged(i == 0, t1, &w, &wp1));
        put(&t::ahead(&w, t1, g1, g2));
        debug_assert_eq!(k, NF);
    }
}

/// The guessed-tag values of the two words after word `i` of `guesses`.
#[inline]
pub(crate) fn ahead_values(guesses: &[u8], i: usize) -> (u64, u64) {
    let g = |j: usize| guesses.get(j).map(|&x| u64::from(x));
    (
        g(i + 1).unwrap_or(END),
        g(i + 2).unwrap_or(if i + 1 < guesses.len() { END } else { END2 }),
    )
}

/// The tag-dictionary key of `w`, as [`WordInfo::form_key`] computes it, but cheaper.
#[inline]
pub(crate) fn form_key(w: &str) -> u64 {
    finish(
        fold_word(w)
            .chars()
            .fold(0x0123_4567_89ab_cdef_u64, |h, c| {
                add(h, u64::from(fold_char(c)))
            }),
    )
}

/// Seed of the hash of a word's lower-case form, the key of its distributional classes.
const LOWER_SEED: u64 = 0x2545_f491_4f6c_dd1d;

/// Appends the character the lower-case form has for `c` (already folded): digits become
/// `0`, letters lower case.
fn push_lower(chars: &mut Vec<char>, c: char) {
    if c.is_ascii_digit() {
        chars.push('0');
    } else if c.is_ascii() {
        chars.push(c.to_ascii_lowercase());
    } else {
        chars.extend(c.to_lowercase());
    }
}

/// The key of `w`'s lower-case form in the distributional classes, as [`word_info`] computes
/// it.
pub(crate) fn lower_key(w: &str) -> u64 {
    let mut chars = Vec::new();
    for c in fold_word(w).chars() {
        push_lower(&mut chars, fold_char(c));
    }
    finish(hash_chars(LOWER_SEED, &chars))
}

/// Computes the word-level hashes of `w`; `chars` is a reusable buffer.
pub(crate) fn word_info(chars: &mut Vec<char>, w: &str, clusters: &KeyMap<u16>) -> WordInfo {
    let w = fold_word(w);
    chars.clear();
    let mut form = 0x0123_4567_89ab_cdef_u64;
    let mut shape = 0x0fed_cba9_8765_4321_u64;
    let mut last_class = '\0';
    let mut run = 0;
    let mut hyphen_at = None;
    for c in w.chars() {
        let c = fold_char(c);
        form = add(form, u64::from(c));
        let class = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_ascii_digit() {
            'd'
        } else {
            c
        };
        if class == last_class {
            run += 1;
        } else {
            run = 1;
            last_class = class;
        }
        if run <= 2 {
            shape = add(shape, u64::from(class));
        }
        push_lower(chars, c);
        if c == '-' {
            hyphen_at = Some(chars.len());
        }
    }
    let chars = &chars[..];
    let n = chars.len();
    let lower = hash_chars(LOWER_SEED, chars);
    let mut suf = [0; NSUF];
    for (k, s) in suf.iter_mut().enumerate() {
        *s = hash_chars(0x3000 + k as u64, &chars[n.saturating_sub(k + 1)..]);
    }
    let mut pre = [0; 3];
    for (k, p) in pre.iter_mut().enumerate() {
        *p = hash_chars(0x4000 + k as u64, &chars[..(k + 1).min(n)]);
    }
    let hyphen = hyphen_at
        .filter(|&h| h > 1 && h < n)
        .map_or(0, |h| hash_chars(0x5000, &chars[h..]));
    let mut info = WordInfo {
        lower,
        form,
        suf,
        pre,
        hyphen,
        shape,
        cluster: 0,
    };
    if let Some(&c) = clusters.get(&finish(lower)) {
        info.cluster = (u64::from(c & 0xff) + 1)
            | ((u64::from((c >> 8) & 31) + 1) << 16)
            | (u64::from(c >> 13) << 32);
    }
    info
}
