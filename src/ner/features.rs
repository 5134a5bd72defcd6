//! Features of the entity tagger, shared by inference ([`super::model`]) and training
//! ([`crate::train::ner`]), so the two can never drift apart.
//!
//! Every feature is a `u64` hash of a template number and one to three "atoms" (hashes of a
//! word, its lowercase form, its shape, an affix, a word cluster, a gazetteer bit, or a
//! previous label). Nothing here allocates per token: a sentence's atoms go into reusable
//! buffers in [`Scratch`]. Labels are BILOU internally ([`NUM_LABELS`] of them) and IOB2
//! outside.

use crate::lexicon::gazetteer::{FOLD_SEED, MatchScratch, Matcher, fold_step};
use crate::ner::label::{Bio, EntityType, Label, chunks};
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// `O`, then B, I, L, U for each of the four types.
pub(crate) const NUM_LABELS: usize = 17;
/// The "label" before the first word of a sentence.
pub(crate) const START: u8 = NUM_LABELS as u8;

/// Model option bits, stored in the model file.
pub(crate) const USE_GAZETTEERS: u32 = 1;
pub(crate) const USE_CLUSTERS: u32 = 2;
pub(crate) const USE_HISTORY: u32 = 4;
/// The model has bundle rows: per known word, the summed weights of its word features.
pub(crate) const USE_BUNDLES: u32 = 8;
/// Organisation-word cue features.
pub(crate) const USE_ORG_CUES: u32 = 16;
/// The capitalisation rate of every word, not only the first.
pub(crate) const USE_CAP_RATE: u32 = 32;

/// The key of a word's bundle row.
#[inline]
pub(crate) fn bundle_key(word_hash: u64) -> u64 {
    mix(word_hash ^ 0x6275_6e64_6c65_7321)
}

/// Appends the web-domain copy of every feature: UNER-trained documents learn these on top
/// of the shared weights, so web conventions need not overwrite news ones.
#[inline]
pub(crate) fn add_web_copies(features: &mut Vec<u64>) {
    let n = features.len();
    for i in 0..n {
        let f = features[i];
        features.push(mix(f ^ 0x7765_625f_646f_6d61));
    }
}

/// The entity type index (0..4) of a label, `None` for `O` and [`START`].
#[inline]
pub(crate) fn label_type(l: u8) -> Option<u8> {
    (1..=16).contains(&l).then(|| (l - 1) / 4)
}

/// 0 B, 1 I, 2 L, 3 U.
#[inline]
fn label_pos(l: u8) -> u8 {
    (l - 1) % 4
}

/// Whether `l` leaves a name open (B or I), so the next word must continue it.
#[inline]
pub(crate) fn open(l: u8) -> bool {
    label_type(l).is_some() && label_pos(l) < 2
}

/// Whether BILOU allows `cur` after `prev`; `last` is true for a sentence's last word.
#[inline]
pub(crate) fn allowed(prev: u8, cur: u8, last: bool) -> bool {
    let open = label_type(prev).filter(|_| label_pos(prev) < 2);
    let cur_ok = match (open, label_type(cur)) {
        (Some(t), Some(u)) => t == u && matches!(label_pos(cur), 1 | 2),
        (Some(_), None) => false,
        (None, Some(_)) => matches!(label_pos(cur), 0 | 3),
        (None, None) => true,
    };
    cur_ok && !(last && label_type(cur).is_some() && label_pos(cur) < 2)
}

/// The IOB2 label of a BILOU label.
pub(crate) fn to_iob2(l: u8) -> Label {
    match label_type(l) {
        None => Label::O,
        Some(t) => {
            let bio = if matches!(label_pos(l), 0 | 3) {
                Bio::B
            } else {
                Bio::I
            };
            Label::Entity(bio, EntityType::ALL[usize::from(t)])
        }
    }
}

/// BILOU labels of an IOB2 sentence, through its conlleval chunks.
pub(crate) fn to_bilou(labels: &[Label]) -> Vec<u8> {
    let mut out = vec![0u8; labels.len()];
    for (range, t) in chunks(labels) {
        let base = 1 + 4 * t as u8;
        if range.len() == 1 {
            out[range.start] = base + 3;
        } else {
            out[range.start] = base;
            for o in &mut out[range.start + 1..range.end - 1] {
                *o = base + 1;
            }
            out[range.end - 1] = base + 2;
        }
    }
    out
}

/// A cheap hasher for `u64` keys (feature hashes, packed indices).
#[derive(Default, Clone, Copy)]
pub(crate) struct IdHasher(u64);
impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(FNV_PRIME);
        }
    }
    fn write_u64(&mut self, n: u64) {
        // hashbrown takes its control byte from the top bits: spread small keys there.
        self.0 = n.wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ (n >> 29);
    }
}
/// A map keyed by feature or word hashes.
pub(crate) type IdMap<V> = HashMap<u64, V, BuildHasherDefault<IdHasher>>;

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

#[inline]
fn fnv(h: u64, c: char) -> u64 {
    let c = c as u64;
    let h = (h ^ (c & 0xff)).wrapping_mul(FNV_PRIME);
    if c < 0x80 {
        h
    } else {
        (h ^ (c >> 8)).wrapping_mul(FNV_PRIME)
    }
}

/// The splitmix64 finaliser: spreads every input bit over the output.
#[inline]
pub(crate) fn mix(mut x: u64) -> u64 {
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

#[inline]
fn f1(t: u64, a: u64) -> u64 {
    mix(a ^ t.wrapping_mul(0x9e37_79b9_7f4a_7c15))
}
#[inline]
fn f2(t: u64, a: u64, b: u64) -> u64 {
    mix(a.rotate_left(21) ^ b ^ t.wrapping_mul(0x9e37_79b9_7f4a_7c15))
}
#[inline]
fn f3(t: u64, a: u64, b: u64, c: u64) -> u64 {
    mix(a.rotate_left(42) ^ b.rotate_left(21) ^ c ^ t.wrapping_mul(0x9e37_79b9_7f4a_7c15))
}

/// What the unlabelled text says about a lowercase word: its clusters at three
/// granularities (0 = none) and how often it is capitalised inside a sentence.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct WordInfo {
    pub clusters: [u16; 3],
    /// 0: <5%, 1: <50%, 2: <95%, 3: >=95% capitalised, 4: too rare to say.
    pub cap: u8,
}

/// An open-addressing table from word hashes ([`Atoms::lower`]) to [`WordInfo`].
#[derive(Debug, Clone, Default)]
pub(crate) struct WordTable {
    /// Key (0 = empty) next to its value, so a lookup touches one cache line: every word of
    /// every sentence is looked up, and the table is too big to stay in the cache.
    slots: Vec<(u64, WordInfo)>,
    mask: usize,
    /// Entries in insertion order, for writing.
    pub entries: Vec<(u64, WordInfo)>,
    /// Tells this table's entries in the per-thread atoms cache from other tables' (0: the
    /// empty default table).
    id: u64,
}

/// Ids of word tables, for [`WordTable::id`].
static NEXT_TABLE: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

impl WordTable {
    pub fn new(mut entries: Vec<(u64, WordInfo)>) -> WordTable {
        entries.sort_unstable_by_key(|e| e.0);
        entries.dedup_by_key(|e| e.0);
        let size = (entries.len() * 2).next_power_of_two().max(2);
        let mut slots = vec![(0u64, WordInfo::default()); size];
        let mask = size - 1;
        for &(k, v) in &entries {
            let k = k.max(1);
            let mut i = mix(k) as usize & mask;
            while slots[i].0 != 0 {
                i = (i + 1) & mask;
            }
            slots[i] = (k, v);
        }
        WordTable {
            slots,
            mask,
            entries,
            id: NEXT_TABLE.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
        }
    }
    #[inline]
    pub fn get(&self, k: u64) -> Option<WordInfo> {
        if self.slots.is_empty() {
            return None;
        }
        let k = k.max(1);
        let mut i = mix(k) as usize & self.mask;
        loop {
            let (key, value) = self.slots[i];
            if key == k {
                return Some(value);
            }
            if key == 0 {
                return None;
            }
            i = (i + 1) & self.mask;
        }
    }
}

/// The hashes of one word that features are built from.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Atoms {
    pub word: u64,
    /// Lowercase, curly quotes straightened, digits as `0`.
    pub lower: u64,
    shape: u64,
    short: u64,
    prefix: [u64; 4],
    suffix: [u64; 4],
    pub cap: bool,
    /// No uppercase letter and no digit: lowercase words and punctuation, which in news
    /// text do not start a name.
    pub plain: bool,
    /// Letters, and lowercase letters, in the word (for the all-caps headline test).
    letters: u16,
    lower_letters: u16,
    info: Option<WordInfo>,
    /// The gazetteer matcher's hash of the word ([`crate::lexicon::gazetteer::fold_hash`]).
    fold: u64,
    gaz: u16,
    /// Distance to the nearest organisation word ([`crate::lexicon::ORG_WORDS`]) 1 to 4
    /// words on that may end a name running through this word or starting just after it
    /// (0: none); and to one 1 to 4 words back that may head it ("University of ...").
    org_right: u8,
    org_left: u8,
}

/// Lowercase hashes of the organisation words.
static ORG_WORDS: std::sync::LazyLock<IdMap<()>> = std::sync::LazyLock::new(|| {
    crate::lexicon::ORG_WORDS
        .iter()
        .map(|w| (atoms(w).lower, ()))
        .collect()
});

/// Lowercase hashes of the words that may join the parts of a name ("of", "and", "&", "for",
/// "the", "-").
static JOINERS: std::sync::LazyLock<[u64; 6]> =
    std::sync::LazyLock::new(|| ["of", "and", "&", "for", "the", "-"].map(|w| atoms(w).lower));

/// Hashes of the padding "words" around a sentence.
fn boundary(t: u64) -> Atoms {
    Atoms {
        word: t,
        lower: t,
        shape: t,
        short: t,
        prefix: [t; 4],
        suffix: [t; 4],
        cap: false,
        plain: false,
        letters: 0,
        lower_letters: 0,
        info: None,
        fold: t,
        gaz: 0,
        org_right: 0,
        org_left: 0,
    }
}

fn shape_char(c: char) -> char {
    if c.is_uppercase() {
        'X'
    } else if c.is_lowercase() {
        'x'
    } else if c.is_numeric() {
        'd'
    } else {
        c
    }
}

/// The atoms of one word (without clusters and gazetteer bits).
pub(crate) fn atoms(word: &str) -> Atoms {
    let (mut h_word, mut h_lower, mut h_shape, mut h_short) =
        (FNV_OFFSET, FNV_OFFSET, FNV_OFFSET, FNV_OFFSET);
    let mut h_fold = FOLD_SEED;
    let mut prefix = [0u64; 4];
    let mut last = ['\0'; 4];
    let (mut n, mut run, mut prev_shape) = (0usize, 0usize, '\0');
    let mut cap = false;
    let (mut letters, mut lower_letters, mut upper_or_digit) = (0u16, 0u16, false);
    for c in word.chars() {
        let c = match c {
            '\u{2018}' | '\u{2019}' | '`' => '\'',
            '\u{201C}' | '\u{201D}' => '"',
            c => c,
        };
        h_word = fnv(h_word, c);
        h_fold = fold_step(h_fold, c);
        let lc = if c.is_ascii() {
            c.to_ascii_lowercase()
        } else {
            c.to_lowercase().next().unwrap_or(c)
        };
        let lc = if lc.is_ascii_digit() { '0' } else { lc };
        h_lower = fnv(h_lower, lc);
        if n < 4 {
            prefix[n] = h_lower;
        }
        last = [last[1], last[2], last[3], lc];
        let s = shape_char(c);
        if n == 0 {
            cap = s == 'X';
        }
        if c.is_alphabetic() {
            letters = letters.saturating_add(1);
            lower_letters = lower_letters.saturating_add(u16::from(s == 'x'));
        }
        upper_or_digit |= matches!(s, 'X' | 'd');
        if s == prev_shape {
            run += 1;
        } else {
            run = 1;
            h_short = fnv(h_short, s);
        }
        if run <= 3 {
            h_shape = fnv(h_shape, s);
        }
        prev_shape = s;
        n += 1;
    }
    for p in prefix.iter_mut().skip(n.min(4)) {
        *p = h_lower ^ 0x5555;
    }
    let mut suffix = [0u64; 4];
    let mut h = FNV_OFFSET;
    for (k, s) in suffix.iter_mut().enumerate() {
        if k < n {
            h = fnv(h, last[3 - k]);
            *s = h;
        } else {
            *s = h ^ 0xaaaa;
        }
    }
    Atoms {
        word: h_word,
        lower: h_lower,
        shape: h_shape,
        short: h_short,
        prefix,
        suffix,
        cap,
        plain: n > 0 && !upper_or_digit,
        letters,
        lower_letters,
        info: None,
        fold: h_fold,
        gaz: 0,
        org_right: 0,
        org_left: 0,
    }
}

/// The feature of the previous two labels.
#[inline]
pub(crate) fn label_pair_feature(prev2: u8, prev: u8) -> u64 {
    f2(61, u64::from(prev2), u64::from(prev))
}

/// Per-document memory of the types given to capitalised words, for the history features.
pub(crate) type History = IdMap<[u16; 5]>;

/// Slots of the per-thread atoms cache: about 600 KB, the frequent words of news text.
const ATOM_SLOTS: usize = 4096;

/// A cache key for `word`'s atoms looked up in the word table `table` (or not, `clusters`
/// false): a hash of its bytes, 8 at a time, far cheaper than the atoms' pass over its
/// characters. Never 0, the empty slot.
#[inline]
fn atoms_key(word: &str, table: u64, clusters: bool) -> u64 {
    let bytes = word.as_bytes();
    let mut h = (bytes.len() as u64 ^ table.rotate_left(32) ^ u64::from(clusters) << 63)
        .wrapping_mul(0x9e37_79b9_7f4a_7c15);
    for chunk in bytes.chunks(8) {
        let mut b = [0u8; 8];
        b[..chunk.len()].copy_from_slice(chunk);
        h = (h.rotate_left(23) ^ u64::from_le_bytes(b)).wrapping_mul(0xff51_afd7_ed55_8ccd);
    }
    mix(h).max(1)
}

/// Reusable buffers for one sentence.
#[derive(Debug, Default)]
pub(crate) struct Scratch {
    /// Atoms with two padding entries on each side.
    atoms: Vec<Atoms>,
    /// Atoms of recent words with their word-table entries ([`atoms_key`], atoms), direct
    /// mapped: a word's atoms are a pure function of it and the table, and most words of a
    /// text are frequent ones.
    cache: Vec<(u64, Atoms)>,
    gaz: Vec<u16>,
    gaz_scratch: MatchScratch,
    folds: Vec<u64>,
    all_caps: bool,
    pub features: Vec<u64>,
    pub history: History,
    /// Positions of organisation words in the sentence.
    org_at: Vec<usize>,
    /// The model's option bits.
    config: u32,
}

const T_BOS: u64 = 0x0b05;
const T_EOS: u64 = 0x0e05;

impl Scratch {
    /// Computes the atoms of a sentence.
    pub fn prepare(&mut self, words: &[&str], config: u32, table: &WordTable) {
        self.config = config;
        self.atoms.clear();
        self.atoms.push(boundary(T_BOS));
        self.atoms.push(boundary(T_BOS ^ 1));
        let (mut letters, mut lower) = (0usize, 0usize);
        if self.cache.len() != ATOM_SLOTS {
            self.cache = vec![(0, Atoms::default()); ATOM_SLOTS];
        }
        let clusters = config & USE_CLUSTERS != 0;
        for w in words {
            let key = atoms_key(w, table.id, clusters);
            let slot = &mut self.cache[key as usize & (ATOM_SLOTS - 1)];
            if slot.0 != key {
                let mut a = atoms(w);
                if clusters {
                    a.info = table.get(a.lower);
                }
                *slot = (key, a);
            }
            let a = slot.1;
            letters += usize::from(a.letters);
            lower += usize::from(a.lower_letters);
            self.atoms.push(a);
        }
        if config & USE_GAZETTEERS != 0 {
            self.folds.clear();
            self.folds.extend(self.atoms[2..].iter().map(|a| a.fold));
            Matcher::embedded().mark_hashes(
                words,
                &self.folds,
                &mut self.gaz_scratch,
                &mut self.gaz,
            );
            for (a, &g) in self.atoms[2..].iter_mut().zip(&self.gaz) {
                a.gaz = g;
            }
        }
        self.atoms.push(boundary(T_EOS));
        self.atoms.push(boundary(T_EOS ^ 1));
        self.all_caps = letters >= 6 && lower == 0;
        if config & USE_ORG_CUES != 0 {
            self.mark_org_cues();
        }
    }

    /// Sets [`Atoms::org_right`] and [`Atoms::org_left`]: a name runs over capitalised words
    /// and joiners; an organisation word may end it or head it.
    fn mark_org_cues(&mut self) {
        let n = self.atoms.len() - 4;
        let words = &mut self.atoms[2..2 + n];
        self.org_at.clear();
        self.org_at.extend(
            words
                .iter()
                .enumerate()
                .filter(|(_, a)| ORG_WORDS.contains_key(&a.lower))
                .map(|(k, _)| k),
        );
        let link = |a: &Atoms| a.cap || JOINERS.contains(&a.lower);
        for &k in &self.org_at {
            for d in 1..=4usize {
                let Some(i) = k.checked_sub(d) else { break };
                let a = &mut words[i];
                if a.org_right == 0 {
                    a.org_right = d as u8;
                }
                if !link(a) {
                    break;
                }
            }
            for d in 1..=4usize {
                let i = k + d;
                let Some(a) = words.get_mut(i) else { break };
                if a.org_left == 0 {
                    a.org_left = d as u8;
                }
                if !link(a) {
                    break;
                }
            }
        }
    }

    /// Appends the features of word `i` that do not depend on labels.
    pub fn static_features(&self, i: usize, out: &mut Vec<u64>) {
        self.word_features(i, out);
        self.context_features(i, out);
    }

    /// Whether word `i` is [`Atoms::plain`]: no uppercase letter, no digit.
    #[inline]
    pub fn plain(&self, i: usize) -> bool {
        self.atoms[i + 2].plain
    }

    /// The exact-word hash of word `i`, the key of its feature bundle.
    pub fn word_hash(&self, i: usize) -> u64 {
        self.atoms[i + 2].word
    }

    /// Appends the features of word `i` that depend on the word alone (not its position or
    /// neighbours): for a known word their weights are summed ahead in one bundle row.
    pub fn word_features(&self, i: usize, out: &mut Vec<u64>) {
        let w = &self.atoms[i + 2];
        out.extend_from_slice(&[
            f1(1, 0),
            f1(2, w.word),
            f1(3, w.lower),
            f1(4, w.shape),
            f1(5, w.short),
            f1(6, w.prefix[0]),
            f1(7, w.prefix[1]),
            f1(8, w.prefix[2]),
            f1(9, w.prefix[3]),
            f1(10, w.suffix[0]),
            f1(11, w.suffix[1]),
            f1(12, w.suffix[2]),
            f1(13, w.suffix[3]),
        ]);
        if let Some(info) = w.info {
            let [c0, c1, c2] = info.clusters;
            out.push(f1(40, u64::from(c0)));
            out.push(f1(41, u64::from(c1)));
            out.push(f1(42, u64::from(c2)));
            out.push(f2(43, u64::from(c1), w.short));
            if self.config & USE_CAP_RATE != 0 {
                // How often the word is capitalised elsewhere, against how it is written
                // here: a lowercase "google" in web text is still a name.
                out.push(f2(47, u64::from(info.cap), u64::from(w.cap)));
            }
        } else {
            out.push(f1(44, w.short));
        }
    }

    /// Appends the features of word `i` that depend on its neighbours, position, sentence
    /// or gazetteer matches.
    pub fn context_features(&self, i: usize, out: &mut Vec<u64>) {
        let a = &self.atoms;
        let j = i + 2;
        let (m2, m1, w, p1, p2) = (&a[j - 2], &a[j - 1], &a[j], &a[j + 1], &a[j + 2]);
        out.extend_from_slice(&[
            f1(14, m1.lower),
            f1(15, m2.lower),
            f1(16, p1.lower),
            f1(17, p2.lower),
            f1(18, m1.short),
            f1(19, p1.short),
            f1(20, m2.short),
            f1(21, p2.short),
            f2(22, m1.lower, w.lower),
            f2(23, w.lower, p1.lower),
            f3(24, m1.short, w.short, p1.short),
            f2(25, m1.lower, w.short),
            f2(26, w.short, p1.lower),
            f2(27, m1.shape, w.shape),
        ]);
        if i == 0 {
            out.push(f1(30, w.short));
            out.push(f1(31, w.info.map_or(5, |x| u64::from(x.cap))));
        }
        if self.all_caps {
            out.push(f1(32, w.lower));
            out.push(f1(33, w.short));
        }
        for (t, x) in [(45, m1), (46, p1)] {
            if let Some(info) = x.info {
                out.push(f1(t, u64::from(info.clusters[1])));
            }
        }
        if w.org_right != 0 {
            out.push(f1(70, u64::from(w.org_right)));
            out.push(f2(71, u64::from(w.org_right), w.short));
        }
        if w.org_left != 0 {
            out.push(f1(72, u64::from(w.org_left)));
            out.push(f2(73, u64::from(w.org_left), w.short));
        }
        let mut g = w.gaz;
        while g != 0 {
            let bit = u64::from(g.trailing_zeros());
            g &= g - 1;
            out.push(f1(50, bit));
            out.push(f2(51, bit, w.short));
        }
        for (t, x) in [(52, m1), (53, p1)] {
            let mut g = x.gaz;
            while g != 0 {
                let bit = u64::from(g.trailing_zeros());
                g &= g - 1;
                out.push(f1(t, bit));
            }
        }
    }

    /// The lowercase hash and capitalisation of word `i`, for the history.
    pub fn word_key(&self, i: usize) -> (u64, bool) {
        let a = &self.atoms[i + 2];
        (a.lower, a.cap)
    }

    /// Appends the features of word `i` that depend on the labels chosen before it.
    pub fn dynamic_features(&self, i: usize, prev: u8, prev2: u8, config: u32, out: &mut Vec<u64>) {
        self.label_features(i, prev, out);
        out.push(label_pair_feature(prev2, prev));
        self.history_features(i, config, out);
    }

    /// The features of word `i` that depend on the previous label alone.
    #[inline]
    pub fn label_features(&self, i: usize, prev: u8, out: &mut Vec<u64>) {
        let w = &self.atoms[i + 2];
        let p = u64::from(prev);
        out.push(f1(60, p));
        out.push(f2(62, p, w.lower));
        out.push(f2(63, p, w.short));
    }

    /// The features of word `i` from the types given to it earlier in the document.
    #[inline]
    pub fn history_features(&self, i: usize, config: u32, out: &mut Vec<u64>) {
        let w = &self.atoms[i + 2];
        if config & USE_HISTORY != 0 && w.cap {
            if let Some(counts) = self.history.get(&w.lower) {
                let (best, n) = counts
                    .iter()
                    .enumerate()
                    .fold((0, 0), |b, (k, &n)| if n > b.1 { (k, n) } else { b });
                if n > 0 {
                    out.push(f1(64, best as u64));
                    out.push(f2(65, best as u64, u64::from(i == 0)));
                }
            }
        }
    }

    /// Records the label chosen for word `i` in the document history.
    pub fn remember(&mut self, i: usize, label: u8, config: u32) {
        if config & USE_HISTORY == 0 {
            return;
        }
        let (key, cap) = self.word_key(i);
        if cap {
            let k = label_type(label).map_or(0, |t| usize::from(t) + 1);
            let e = self.history.entry(key).or_insert([0; 5]);
            e[k] = e[k].saturating_add(1);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atoms_carry_the_gazetteer_hash() {
        // The matcher files entries under `fold_hash`; the atoms compute it in their own pass.
        for w in [
            "",
            "Paris",
            "NEW",
            "d\u{2019}Ivoire",
            "`Côte",
            "İstanbul",
            "1.13bn",
            "\u{201C}",
        ] {
            assert_eq!(
                atoms(w).fold,
                crate::lexicon::gazetteer::fold_hash(w),
                "{w}"
            );
        }
    }

    #[test]
    fn bilou_round_trips_through_iob2() {
        let cases = [
            "B-PER I-PER O B-LOC",
            "O B-ORG I-ORG I-ORG B-ORG",
            "B-MISC O O",
            "O",
        ];
        for case in cases {
            let labels: Vec<Label> = case.split(' ').map(Label::parse).collect();
            let bilou = to_bilou(&labels);
            let back: Vec<Label> = bilou.iter().map(|&l| to_iob2(l)).collect();
            assert_eq!(back, labels, "{case}");
            let mut prev = START;
            for (i, &l) in bilou.iter().enumerate() {
                assert!(allowed(prev, l, i + 1 == bilou.len()), "{case} at {i}");
                prev = l;
            }
        }
    }

    #[test]
    fn transitions() {
        // B-PER = 1, I-PER = 2, L-PER = 3, U-PER = 4, B-ORG = 5.
        let cases = [
            (START, 0, false, true),
            (START, 1, false, true),
            (START, 2, false, false),
            (1, 2, false, true),
            (1, 3, true, true),
            (1, 0, false, false),
            (1, 5, false, false),
            (3, 5, false, true),
            (4, 0, false, true),
            (START, 1, true, false),
            (START, 4, true, true),
        ];
        for (prev, cur, last, expected) in cases {
            assert_eq!(allowed(prev, cur, last), expected, "{prev} {cur} {last}");
        }
    }

    #[test]
    fn atoms_normalise_quotes_digits_and_case() {
        assert_eq!(atoms("Don\u{2019}t").word, atoms("Don't").word);
        assert_eq!(atoms("MOSCOW").lower, atoms("moscow").lower);
        assert_eq!(atoms("1996").lower, atoms("2024").lower);
        assert_ne!(atoms("1996").word, atoms("2024").word);
        assert_eq!(atoms("Moscow").shape, atoms("Berlin").shape);
        assert_eq!(atoms("Moscow").short, atoms("Paris").short);
        assert!(atoms("Moscow").cap && !atoms("moscow").cap);
        let _ = atoms("");
    }

    #[test]
    fn plain_words() {
        let cases = [
            ("the", true),
            (",", true),
            ("co-operation", true),
            ("", false),
            ("Moscow", false),
            ("eBay", false),
            ("1996", false),
            ("ÉÉÉ", false),
        ];
        for (word, expected) in cases {
            assert_eq!(atoms(word).plain, expected, "{word}");
        }
    }

    #[test]
    fn org_cues() {
        // (sentence, org_right per word, org_left per word)
        let cases: &[(&str, &[u8], &[u8])] = &[
            (
                "he joined Acme Widgets Corp in 1990",
                &[0, 3, 2, 1, 0, 0, 0],
                &[0, 0, 0, 0, 0, 1, 0],
            ),
            (
                "the University of Texas said",
                &[1, 0, 0, 0, 0],
                &[0, 0, 1, 2, 3],
            ),
            ("nothing here", &[0, 0], &[0, 0]),
        ];
        let mut s = Scratch::default();
        for (sentence, right, left) in cases {
            let words: Vec<&str> = sentence.split(' ').collect();
            s.prepare(&words, USE_ORG_CUES, &WordTable::default());
            let got_right: Vec<u8> = s.atoms[2..2 + words.len()]
                .iter()
                .map(|a| a.org_right)
                .collect();
            let got_left: Vec<u8> = s.atoms[2..2 + words.len()]
                .iter()
                .map(|a| a.org_left)
                .collect();
            assert_eq!(
                (&got_right[..], &got_left[..]),
                (*right, *left),
                "{sentence}"
            );
        }
    }
}
