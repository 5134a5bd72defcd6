//! Scores of the feature groups that read one word, one word and its dependents on one
//! side, or the words of the stack top and its neighbour (the buffer front, or the item
//! under it), kept for a sentence so that beam search looks each group up once per word,
//! side or pair of words instead of once per configuration (see [`features::group`]).
//!
//! Scores are sums of integer weights, so a group's cached sums are exactly what looking its
//! features up again would give, and parses do not change.

use super::FxMap;
use super::features::{self, Atoms, Context, MAX_FEATURES, group};
use super::system::NONE;
use super::weights::{self, Weights};

/// The features of one group that have weights: their places in
/// [`features::extract_context`]'s output, those that score labels first.
#[derive(Debug, Clone, Default)]
pub(crate) struct Group {
    pub active: Vec<u8>,
    /// How many of `active` score labels.
    pub labels: usize,
}

impl Group {
    /// The features of group `g` (`groups` has the group of each place) among `active`
    /// (places that have weights), of which those before `label_features` score labels.
    pub fn new(groups: &[u16], active: &[u8], g: u16, label_features: usize) -> Group {
        let mut mine: Vec<u8> = active
            .iter()
            .copied()
            .filter(|&i| groups.get(usize::from(i)) == Some(&g))
            .collect();
        mine.sort_by_key(|&i| (usize::from(i) >= label_features, i));
        let labels = mine
            .iter()
            .filter(|&&i| usize::from(i) < label_features)
            .count();
        Group {
            active: mine,
            labels,
        }
    }
}

/// Most features a cached group may have.
pub(crate) const MAX_GROUP: usize = 24;

/// The groups cached, in the order of [`Entries`].
pub(crate) const CACHED: [u16; 8] = [
    group::S0_WORD,
    group::S0_LEFT,
    group::S0_RIGHT,
    group::S1_WORD,
    group::B0_WORD,
    group::B0_ITEM,
    group::S0_B0,
    group::S1_S0,
];

/// Longest sentence whose pair groups' entries are found in a table rather than a hash map
/// (the table has `(n + 2)^2` places a group).
const DENSE_PAIRS: usize = 200;

/// The cached entries a configuration uses: those of the item groups `S0_LEFT`, `S0_RIGHT`
/// and `B0_ITEM`, then of the pair groups, `S0_B0` with `B0_WORD` summed into it and
/// `S1_S0` with `S0_WORD` and `S1_WORD` (the words of a pair determine those of the word
/// groups), so that scoring a configuration adds five entries instead of eight.
pub(crate) type Entries = [u32; 5];

/// What an item group's features read: the word, its two outermost dependents on one side
/// with their labels (as in [`Context`]), how many it has there and the set of their labels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct Side {
    group: u8,
    word: u32,
    d1: u32,
    d2: u32,
    l1: u64,
    l2: u64,
    count: u8,
    set: u128,
}

/// One sentence's cached group scores: an entry is a group's three move scores and its
/// label scores (every class, left arcs then right arcs); a pair group's entry also holds the
/// scores of the word groups of its words (see [`Entries`]).
#[derive(Debug)]
pub(crate) struct Cache {
    /// Label classes (twice the labels), and the same rounded up to a multiple of 8 (an
    /// entry's stride in `sums`).
    classes: usize,
    stride: usize,
    moves: Vec<[i32; 3]>,
    /// Each entry's largest label score of a left arc and of a right arc.
    best: Vec<[i32; 2]>,
    sums: Vec<i32>,
    /// Entry of each word (the last place: no word) per group of [`CACHED`], [`NONE`] until
    /// computed; the item groups' entries here are for a word without dependents on that
    /// side.
    by_word: [Vec<u32>; 6],
    /// The item groups' entries of words with dependents.
    by_side: FxMap<Side, u32>,
    /// The entries of the groups that read two or three words, by group and words.
    by_words: FxMap<(usize, u32, u32), u32>,
    /// The same for sentences of at most [`DENSE_PAIRS`] words, as a table per group
    /// indexed by both words' places (the last place: no word), [`NONE`] until computed:
    /// two array reads instead of hashing.
    pairs: [Vec<u32>; 2],
    /// Places a word can have (words, the root and none) when `pairs` is in use, else 0.
    places: usize,
    /// Features of the group being looked up.
    feats: [u64; MAX_FEATURES],
    /// Label scores of the group being looked up, by class.
    acc: [i32; 256],
}

impl Default for Cache {
    fn default() -> Self {
        Cache {
            classes: 0,
            stride: 0,
            moves: Vec::new(),
            best: Vec::new(),
            sums: Vec::new(),
            by_word: Default::default(),
            by_side: FxMap::default(),
            by_words: FxMap::default(),
            pairs: Default::default(),
            places: 0,
            feats: [0; MAX_FEATURES],
            acc: [0; 256],
        }
    }
}

impl Cache {
    /// Empties the cache for a sentence of `n` words and a model of `labels` labels.
    pub fn start(&mut self, n: usize, labels: usize) {
        self.classes = 2 * labels;
        self.stride = self.classes.next_multiple_of(8);
        self.moves.clear();
        self.best.clear();
        self.sums.clear();
        self.by_side.clear();
        self.by_words.clear();
        self.places = if n <= DENSE_PAIRS { n + 2 } else { 0 };
        for v in &mut self.pairs {
            v.clear();
            v.resize(self.places * self.places, NONE);
        }
        for v in &mut self.by_word {
            v.clear();
            v.resize(n + 2, NONE);
        }
    }

    /// The entries of the configuration with context `c`, computing those not cached yet.
    pub fn entries(
        &mut self,
        c: &Context,
        atoms: &Atoms,
        weights: &Weights,
        groups: &[Group; 8],
    ) -> Entries {
        let last = self.by_word[0].len() - 1;
        let at = |p: u32| if p == NONE { last } else { p as usize };
        let (s0, s1, b0) = (at(c.s0), at(c.s1), at(c.b0));
        let mut e = [0; 5];
        // The item groups: the word alone (without dependents on that side, whatever else
        // `c` has) by word, else by what they read of the item's side.
        for (o, (k, p, side)) in e.iter_mut().zip([
            (
                1,
                s0,
                (c.s0, c.s0l, c.s0l2, c.ls0l, c.ls0l2, c.s0nl, c.s0lset),
            ),
            (
                2,
                s0,
                (c.s0, c.s0r, c.s0r2, c.ls0r, c.ls0r2, c.s0nr, c.s0rset),
            ),
            (
                5,
                b0,
                (c.b0, c.b0l, c.b0l2, c.lb0l, c.lb0l2, c.b0nl, c.b0lset),
            ),
        ]) {
            let (word, d1, d2, l1, l2, count, set) = side;
            *o = if d1 == NONE {
                self.word_entry(k, p, c, atoms, weights, groups)
            } else {
                let side = Side {
                    group: k as u8,
                    word,
                    d1,
                    d2,
                    l1,
                    l2,
                    count,
                    set,
                };
                match self.by_side.get(&side) {
                    Some(&i) => i,
                    None => {
                        let i = self.compute(k, c, atoms, weights, &groups[k], &[]);
                        self.by_side.insert(side, i);
                        i
                    }
                }
            };
        }
        // The pair groups, each with the word groups its words determine.
        for (o, (k, (a, b), words)) in e[3..]
            .iter_mut()
            .zip([(6, (s0, b0), (c.s0, c.b0)), (7, (s1, s0), (c.s1, c.s0))])
        {
            let place = a * self.places + b;
            let known = if self.places > 0 {
                self.pairs[k - 6][place]
            } else {
                self.by_words
                    .get(&(k, words.0, words.1))
                    .copied()
                    .unwrap_or(NONE)
            };
            *o = match known {
                NONE => {
                    let with = if k == 6 {
                        [self.word_entry(4, b0, c, atoms, weights, groups), NONE]
                    } else {
                        [
                            self.word_entry(0, s0, c, atoms, weights, groups),
                            self.word_entry(3, s1, c, atoms, weights, groups),
                        ]
                    };
                    let i = self.compute(k, c, atoms, weights, &groups[k], &with);
                    if self.places > 0 {
                        self.pairs[k - 6][place] = i;
                    } else {
                        self.by_words.insert((k, words.0, words.1), i);
                    }
                    i
                }
                i => i,
            };
        }
        e
    }

    /// The entry of group `CACHED[k]` for the word at place `p` (the item groups: without
    /// dependents on that side), computing it if needed.
    fn word_entry(
        &mut self,
        k: usize,
        p: usize,
        c: &Context,
        atoms: &Atoms,
        weights: &Weights,
        groups: &[Group; 8],
    ) -> u32 {
        match self.by_word[k][p] {
            NONE => {
                let i = self.compute(k, c, atoms, weights, &groups[k], &[]);
                self.by_word[k][p] = i;
                i
            }
            i => i,
        }
    }

    /// Looks up group `CACHED[k]`'s features of context `c` and adds an entry of their sums
    /// plus those of entries `with` ([`NONE`]: none).
    fn compute(
        &mut self,
        k: usize,
        c: &Context,
        atoms: &Atoms,
        weights: &Weights,
        group: &Group,
        with: &[u32],
    ) -> u32 {
        features::extract_group(CACHED[k], c, atoms, &mut self.feats);
        let mut slots = [&weights::EMPTY; MAX_GROUP];
        let mut moves = weights.find_moves(&self.feats[..], &group.active, &mut slots);
        // Summed in a whole array indexed by the `u8` class, which needs no bounds checks;
        // classes from `stride` on (none in a valid model) are left out, as before.
        let stride = self.stride;
        let acc = &mut self.acc;
        acc[..stride].fill(0);
        for s in &slots[..group.labels] {
            for cell in weights.all_cells(s) {
                acc[usize::from(cell.class)] += i32::from(cell.weight);
            }
        }
        for &i in with.iter().filter(|&&i| i != NONE) {
            let i = i as usize;
            let row = &self.sums[i * stride..(i + 1) * stride];
            for (a, x) in acc[..stride].iter_mut().zip(row) {
                *a += x;
            }
            let m = self.moves[i];
            moves = [moves[0] + m[0], moves[1] + m[1], moves[2] + m[2]];
        }
        let sums = &acc[..stride];
        self.sums.extend_from_slice(sums);
        // The word groups' entries are only ever summed into pair entries (see [`Entries`]),
        // so their best labels would never be read.
        if matches!(CACHED[k], group::S0_WORD | group::S1_WORD | group::B0_WORD) {
            self.best.push([0; 2]);
        } else {
            let half = self.classes / 2;
            let best = |r: &[i32]| r.iter().fold(i32::MIN, |m, &x| m.max(x));
            self.best
                .push([best(&sums[..half]), best(&sums[half..self.classes])]);
        }
        self.moves.push(moves);
        (self.moves.len() - 1) as u32
    }

    /// The best label scores of entries `e` for an arc in direction `right`, summed: a
    /// bound on their sum's best.
    pub fn best(&self, e: &Entries, right: bool) -> i32 {
        e.iter()
            .map(|&i| self.best[i as usize][usize::from(right)])
            .sum()
    }

    /// The move scores of entries `e`, summed.
    pub fn moves(&self, e: &Entries) -> [i32; 3] {
        let mut m = [0; 3];
        for &i in e {
            let x = self.moves[i as usize];
            m[0] += x[0];
            m[1] += x[1];
            m[2] += x[2];
        }
        m
    }

    /// Writes the sums of entries `e`'s label scores of classes `range` into `out[range]`.
    pub fn label_sums(&self, e: &Entries, range: std::ops::Range<usize>, out: &mut [i32; 256]) {
        let row = |i: u32| {
            let start = i as usize * self.stride;
            &self.sums[start + range.start..start + range.end]
        };
        let out = &mut out[range.clone()];
        out.copy_from_slice(row(e[0]));
        for &i in &e[1..] {
            for (o, x) in out.iter_mut().zip(row(i)) {
                *o += x;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cached_groups_fit() {
        let groups = features::feature_groups();
        for g in CACHED {
            let n = groups.iter().filter(|&&x| x == g).count();
            assert!(n > 0 && n <= MAX_GROUP, "group {g}: {n} features");
        }
    }
}
