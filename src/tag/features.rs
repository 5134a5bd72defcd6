//! Feature extraction for the POS tagger, shared by training and tagging.
//!
//! Each feature is a 64-bit hash of a template number and the strings or tags it looks at;
//! nothing is allocated per feature. Word-level hashes (form, lower case, affixes, shape) are
//! computed once per word of a sentence into [`Extractor`], then combined per position with the
//! tags already chosen to the left. Curly quotes and PTB quote tokens are folded into the
//! treebank's straight forms here, so the model sees one spelling of each.

use crate::tag::Xpos;
use crate::tag::lemma::KeyMap;

/// Number of XPOS classes.
pub(crate) const NX: usize = Xpos::ALL.len();
/// Number of UPOS classes.
pub(crate) const NU: usize = crate::tag::Upos::ALL.len();
/// Score columns: XPOS then UPOS.
pub(crate) const NC: usize = NX + NU;
/// Word-only features per position.
pub(crate) const NW: usize = 14;
/// Context features per position.
pub(crate) const NCTX: usize = 19;
/// Features per position.
pub(crate) const NF: usize = NW + NCTX;

/// Previous-tag value before the sentence start.
const START: u64 = 200;
/// Previous-tag value two before the sentence start.
const START2: u64 = 201;

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
struct WordInfo {
    lower: u64,
    form: u64,
    suf: [u64; 4],
    pre: [u64; 3],
    shape: u64,
    /// Distributional class: 0 when unknown, else fine class + 1 in the low 16 bits,
    /// coarse class + 1 in the next 16, capitalisation class above.
    cluster: u64,
}

#[inline]
fn feature(t: u64, a: u64, b: u64) -> u64 {
    finish(add(add(t.wrapping_mul(0x9e37_79b9), a), b))
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
            let mut info = self.word_info(fold_word(w));
            if let Some(&c) = clusters.get(&finish(info.lower)) {
                info.cluster = (u64::from(c & 0xff) + 1)
                    | ((u64::from((c >> 8) & 31) + 1) << 16)
                    | (u64::from(c >> 13) << 32);
            }
            self.words.push(info);
        }
    }

    /// The key of word `i` in the cluster map: a hash of its folded lower-case form.
    pub(crate) fn lower_key(&self, i: usize) -> u64 {
        finish(self.words[i].lower)
    }

    /// The tag-dictionary key of word `i`: a hash of its folded form.
    pub(crate) fn form_key(&self, i: usize) -> u64 {
        finish(self.words[i].form)
    }

    /// Number of words prepared.
    pub(crate) fn len(&self) -> usize {
        self.words.len()
    }

    fn word_info(&mut self, w: &str) -> WordInfo {
        self.chars.clear();
        let mut form = 0x0123_4567_89ab_cdef_u64;
        let mut shape = 0x0fed_cba9_8765_4321_u64;
        let mut last_class = '\0';
        let mut run = 0;
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
            if c.is_ascii_digit() {
                self.chars.push('0');
            } else if c.is_ascii() {
                self.chars.push(c.to_ascii_lowercase());
            } else {
                self.chars.extend(c.to_lowercase());
            }
        }
        let chars = &self.chars[..];
        let n = chars.len();
        let lower = hash_chars(0x2545_f491_4f6c_dd1d, chars);
        let mut suf = [0; 4];
        for (k, s) in suf.iter_mut().enumerate() {
            *s = hash_chars(0x3000 + k as u64, &chars[n.saturating_sub(k + 1)..]);
        }
        let mut pre = [0; 3];
        for (k, p) in pre.iter_mut().enumerate() {
            *p = hash_chars(0x4000 + k as u64, &chars[..(k + 1).min(n)]);
        }
        WordInfo {
            lower,
            form,
            suf,
            pre,
            shape,
            cluster: 0,
        }
    }

    fn at(&self, i: isize) -> WordInfo {
        let n = self.words.len() as isize;
        if i < 0 {
            let p = PAD_BEFORE[(-i - 1).min(1) as usize];
            WordInfo {
                lower: p,
                form: p,
                suf: [p; 4],
                pre: [p; 3],
                shape: p,
                cluster: p,
            }
        } else if i >= n {
            let p = PAD_AFTER[(i - n).min(1) as usize];
            WordInfo {
                lower: p,
                form: p,
                suf: [p; 4],
                pre: [p; 3],
                shape: p,
                cluster: p,
            }
        } else {
            self.words[i as usize]
        }
    }

    /// The features of word `i` that depend on the word alone (so a tagger may cache their
    /// scores per word form).
    #[inline]
    pub(crate) fn word_features(&self, i: usize, out: &mut [u64; NW]) {
        let w = self.at(i as isize);
        *out = [
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
        ];
    }

    /// The features of word `i` that look at its neighbours or at the tags of the two words
    /// before it.
    #[inline]
    pub(crate) fn context_features(
        &self,
        i: usize,
        p1: Option<u8>,
        p2: Option<u8>,
        out: &mut [u64; NCTX],
    ) {
        let t1 = p1.map_or(START, u64::from);
        let t2 = p2.map_or(if p1.is_none() { START2 } else { START }, u64::from);
        let ii = i as isize;
        let w = self.at(ii);
        let wm1 = self.at(ii - 1);
        let wm2 = self.at(ii - 2);
        let wp1 = self.at(ii + 1);
        let wp2 = self.at(ii + 2);
        let f = feature;
        *out = [
            f(11, t1, 0),
            f(12, t2, 0),
            f(13, t1, t2),
            f(14, t1, w.lower),
            f(15, wm1.lower, 0),
            f(16, wm1.suf[2], 0),
            f(17, wm2.lower, 0),
            f(18, wp1.lower, 0),
            f(19, wp1.suf[2], 0),
            f(20, wp2.lower, 0),
            f(21, wm1.lower, w.lower),
            f(22, w.lower, wp1.lower),
            f(23, wm1.shape, w.shape),
            f(24, w.shape, wp1.shape),
            f(25, u64::from(i == 0), w.shape),
            f(26, t1, wp1.lower),
            f(29, wm1.cluster & 0xffff, 0),
            f(30, wp1.cluster & 0xffff, 0),
            f(32, w.cluster >> 32, add(u64::from(i == 0), t1)),
        ];
    }

    /// All features of word `i` given the tags of the two words before it.
    pub(crate) fn features(&self, i: usize, p1: Option<u8>, p2: Option<u8>, out: &mut [u64; NF]) {
        let (mut a, mut b) = ([0; NW], [0; NCTX]);
        self.word_features(i, &mut a);
        self.context_features(i, p1, p2, &mut b);
        out[..NW].copy_from_slice(&a);
        out[NW..].copy_from_slice(&b);
    }
}
