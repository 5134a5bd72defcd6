//! The parser's weight table: exact `u64` feature keys, found through an open-addressing
//! table of 16-byte slots. A slot holds a 32-bit fingerprint of the key, the feature's three
//! move weights (shift, left, right) inline, and the position of its run of `(label,
//! weight)` cells, left-arc labels first, then right-arc ones; so scoring the moves costs one
//! cache line per feature, and label cells are read only when the chosen move makes an arc,
//! and then only those of its direction. Only non-zero label weights are stored;
//! all weights are quantised to `i16` (the scale does not matter for an arg-max). The full
//! keys are kept apart, for writing and pruning.
//!
//! Two features whose keys share a fingerprint and a probe sequence would be confused; with
//! 32-bit fingerprints and a table at most half full this is vanishingly rare and
//! costs a slightly wrong score, never a panic.

/// One non-zero label weight. Label classes are `label` for a left arc and `labels +
/// label` for a right arc.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Cell {
    pub weight: i16,
    pub class: u8,
}

/// `fingerprint` 0 marks an empty slot; the label cells are `left` cells of left-arc classes
/// from `start`, then `right` cells of right-arc classes.
#[derive(Debug, Clone, Copy, Default)]
#[repr(C, align(16))]
pub(crate) struct Slot {
    fingerprint: u32,
    start: u32,
    /// Weights of shift, left and right.
    pub moves: [i16; 3],
    left: u8,
    right: u8,
}

/// Slot of a feature the table does not know: no weights, no cells.
pub(crate) const EMPTY: Slot = Slot {
    fingerprint: 0,
    start: 0,
    moves: [0; 3],
    left: 0,
    right: 0,
};

/// Largest number of label cells of one direction in a row: one per label.
const MAX_RUN: usize = u8::MAX as usize;

/// One feature's weights, as built by training and read back from a model file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Row {
    pub key: u64,
    pub moves: [i16; 3],
    pub cells: Vec<Cell>,
}

/// Feature key to weights.
#[derive(Debug, Clone)]
pub(crate) struct Weights {
    slots: Vec<Slot>,
    shift: u32,
    /// `2^FILTER_BITS` bits, one picked by bits 32 and up of a key's [`spread`], set for
    /// the keys of the table: most keys looked up are of features the table lacks, and
    /// this says so for most of them from 256 KB instead of a cache miss into the slots (about half of the simulated
    /// last-level misses of beam decoding). A key it rules out is not in the table, so
    /// lookups give what they gave without it, except that such a key can no longer take
    /// the weights of a present key with the same fingerprint on its probe path.
    filter: Vec<u64>,
    /// Bit `t` is set when some feature of template `t` (the key's top byte) has weights.
    templates: [u64; 4],
    cells: Vec<Cell>,
    /// At the first cell of each run of one direction's cells, the largest of the run's
    /// weights or 0 (zero elsewhere): a bound on what the run adds to any label's score,
    /// which lets beam search skip scoring the labels of arcs that cannot win.
    bounds: Vec<i16>,
    /// Keys in row order, and where each row's cells start (plus the end).
    keys: Vec<u64>,
    starts: Vec<u32>,
    moves: Vec<[i16; 3]>,
}

impl Default for Weights {
    fn default() -> Self {
        Weights::new(Vec::new(), 0)
    }
}

/// Mixes a key into the 64 bits whose top bits pick its home slot. A bijection, so that
/// rows sorted by it are sorted by home slot for every table size, and distinct keys stay
/// distinct.
#[inline]
pub(crate) fn spread(key: u64) -> u64 {
    let x = key ^ (key >> 31);
    x.wrapping_mul(0x9E37_79B9_7F4A_7C15)
}

#[inline]
fn fingerprint(h: u64) -> u32 {
    (h as u32) | 1
}

/// How many bits of a spread key (from bit 32 up) pick its filter bit.
const FILTER_BITS: u32 = 21;

/// The filter bit of a spread key: its word and the bit in it.
#[inline]
fn filter_bit(h: u64) -> (usize, u64) {
    let b = (h >> 32) as usize & ((1 << FILTER_BITS) - 1);
    (b / 64, 1 << (b % 64))
}

/// Most cells a table may hold.
pub(crate) const MAX_CELLS: usize = 1 << 28;

impl Weights {
    /// Builds the table from rows for a model of `labels` labels (classes below it are
    /// left arcs); keys must be non-zero and distinct, and a row has at most one cell a
    /// class. Rows in [`spread`] order fill the table front to back, which is what makes
    /// loading fast.
    pub fn new(rows: Vec<Row>, labels: usize) -> Self {
        let mut keys = Vec::with_capacity(rows.len());
        let mut lens = Vec::with_capacity(rows.len());
        let mut moves = Vec::with_capacity(rows.len());
        let mut cells = Vec::new();
        for r in rows {
            keys.push(r.key);
            moves.push(r.moves);
            lens.push(r.cells.len() as u32);
            cells.extend_from_slice(&r.cells);
        }
        Weights::from_arrays(keys, moves, &lens, cells, labels)
    }

    /// Builds the table from parallel arrays: row `i` has key `keys[i]`, move weights
    /// `moves[i]` and the next `lens[i]` cells, classes below `labels` being left arcs.
    /// Keys must be distinct; a row's cells are put in class order, and cells beyond 255
    /// of one direction in a row, or rows beyond [`MAX_CELLS`] cells, are dropped.
    pub fn from_arrays(
        mut keys: Vec<u64>,
        mut moves: Vec<[i16; 3]>,
        lens: &[u32],
        cells: Vec<Cell>,
        labels: usize,
    ) -> Self {
        let labels = labels.min(usize::from(u8::MAX)) as u8;
        let n = keys.len().min(moves.len()).min(lens.len());
        // At most half full: most lookups are of features the table lacks, and their
        // probes run to the end of a cluster.
        let size = (n * 2 + 1).next_power_of_two().max(16);
        let bits = size.trailing_zeros();
        let mask = size - 1;
        let shift = 64 - bits;
        let mut slots = vec![EMPTY; size];
        let mut filter = vec![0u64; (1 << FILTER_BITS) / 64];
        let mut starts = Vec::with_capacity(n + 1);
        let mut kept_cells: Vec<Cell> = Vec::with_capacity(cells.len().min(MAX_CELLS));
        let mut bounds: Vec<i16> = Vec::with_capacity(kept_cells.capacity());
        let mut templates = [0u64; 4];
        let mut from = 0usize;
        let mut kept = 0;
        let mut row = Vec::new();
        for i in 0..n {
            let len = lens[i] as usize;
            let Some(cells) = cells.get(from..from + len) else {
                break;
            };
            from += len;
            let start = kept_cells.len();
            // Rows come in class order from training and model files; others are sorted.
            let row: &[Cell] = if cells.is_sorted_by_key(|c| c.class) {
                cells
            } else {
                row.clear();
                row.extend_from_slice(cells);
                row.sort_by_key(|c| c.class);
                &row
            };
            let left = row.partition_point(|c| c.class < labels);
            let (l, r) = row.split_at(left);
            let (l, r) = (&l[..l.len().min(MAX_RUN)], &r[..r.len().min(MAX_RUN)]);
            if start + l.len() + r.len() > MAX_CELLS {
                break;
            }
            kept_cells.extend_from_slice(l);
            kept_cells.extend_from_slice(r);
            bounds.resize(kept_cells.len(), 0);
            for (at, run) in [(start, l), (start + l.len(), r)] {
                if let Some(max) = run.iter().map(|c| c.weight).max() {
                    bounds[at] = max.max(0);
                }
            }
            let h = spread(keys[i]);
            let (word, bit) = filter_bit(h);
            filter[word] |= bit;
            let mut p = (h >> shift) as usize;
            while slots[p].fingerprint != 0 {
                p = (p + 1) & mask;
            }
            slots[p] = Slot {
                fingerprint: fingerprint(h),
                start: start as u32,
                moves: moves[i],
                left: l.len() as u8,
                right: r.len() as u8,
            };
            let t = (keys[i] >> 56) as usize;
            templates[t / 64] |= 1 << (t % 64);
            starts.push(start as u32);
            kept += 1;
        }
        starts.push(kept_cells.len() as u32);
        keys.truncate(kept);
        moves.truncate(kept);
        Weights {
            slots,
            shift,
            filter,
            templates,
            cells: kept_cells,
            bounds,
            keys,
            starts,
            moves,
        }
    }

    /// Whether some feature of template `t` has weights: lookups of the others can be
    /// skipped.
    pub fn has_template(&self, t: u8) -> bool {
        self.templates[usize::from(t) / 64] & (1 << (t % 64)) != 0
    }

    /// Number of features.
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    /// Number of label cells.
    pub fn cell_count(&self) -> usize {
        self.cells.len()
    }

    /// The slot of a feature whose key [`spread`] to `h` ([`EMPTY`] when unknown), probed
    /// without asking the filter.
    #[inline]
    fn find_spread(&self, h: u64) -> &Slot {
        let mask = self.slots.len() - 1;
        let fp = fingerprint(h);
        let mut i = (h >> self.shift) as usize;
        loop {
            let s = &self.slots[i];
            if s.fingerprint == fp {
                return s;
            }
            if s.fingerprint == 0 {
                return &EMPTY;
            }
            i = (i + 1) & mask;
        }
    }

    /// Whether the table may have the feature whose key spread to `h` (false: it has not).
    #[inline]
    fn may_have(&self, h: u64) -> bool {
        let (word, bit) = filter_bit(h);
        self.filter.get(word).is_some_and(|w| w & bit != 0)
    }

    /// The slots of the features at positions `active` of `feats` into `out` (in that
    /// order), and the sums of their move weights; every position must be one of `feats`.
    /// For each run of up to 16 features, a first branch-free pass hashes every key and
    /// loads its home slot (keys the filter rules out load the first slot instead), so
    /// that their cache misses overlap instead of each waiting behind the last probe's
    /// compare; the probes then mostly hit the cache.
    #[inline]
    pub fn find_moves<'a>(
        &'a self,
        feats: &[u64],
        active: &[u8],
        out: &mut [&'a Slot],
    ) -> [i32; 3] {
        const RUN: usize = 16;
        let mask = self.slots.len() - 1;
        let mut moves = [0i32; 3];
        for (active, out) in active.chunks(RUN).zip(out.chunks_mut(RUN)) {
            let mut hashes = [0u64; RUN];
            let mut touched = 0u32;
            // A spread key is 0 only for key 0, which no feature has: 0 marks the keys the
            // filter rules out.
            for (h, &i) in hashes.iter_mut().zip(active) {
                let spread = spread(feats[usize::from(i)]);
                *h = if self.may_have(spread) { spread } else { 0 };
                touched = touched
                    .wrapping_add(self.slots[(*h >> self.shift) as usize & mask].fingerprint);
            }
            std::hint::black_box(touched);
            for (o, &h) in out.iter_mut().zip(&hashes[..active.len()]) {
                let s = if h == 0 { &EMPTY } else { self.find_spread(h) };
                moves[0] += i32::from(s.moves[0]);
                moves[1] += i32::from(s.moves[1]);
                moves[2] += i32::from(s.moves[2]);
                *o = s;
            }
        }
        moves
    }

    /// Loads the first label cell of direction `right` of every slot (see
    /// [`Weights::find_moves`]).
    #[inline]
    pub fn touch_cells(&self, slots: &[&Slot], right: bool) {
        let mut touched = 0i16;
        for s in slots {
            let at = s.start as usize + if right { usize::from(s.left) } else { 0 };
            if let Some(c) = self.cells.get(at) {
                touched = touched.wrapping_add(c.weight);
            }
        }
        std::hint::black_box(touched);
    }

    /// The label cells of one direction (left arcs, or right arcs when `right`) of a slot
    /// [`Weights::find_moves`] returned.
    #[inline]
    pub fn cells(&self, slot: &Slot, right: bool) -> &[Cell] {
        let (l, r) = (usize::from(slot.left), usize::from(slot.right));
        let start = slot.start as usize;
        let range = if right {
            start + l..start + l + r
        } else {
            start..start + l
        };
        self.cells.get(range).unwrap_or(&[])
    }

    /// All the label cells of a slot [`Weights::find_moves`] returned (left-arc classes,
    /// then right-arc ones).
    #[inline]
    pub fn all_cells(&self, slot: &Slot) -> &[Cell] {
        let start = slot.start as usize;
        let end = start + usize::from(slot.left) + usize::from(slot.right);
        self.cells.get(start..end).unwrap_or(&[])
    }

    /// An upper bound on what the label cells of one direction of a slot add to the score
    /// of any label (cells absent count 0): their largest weight, or 0.
    #[inline]
    pub fn bound(&self, slot: &Slot, right: bool) -> i32 {
        let (n, at) = if right {
            (slot.right, slot.start as usize + usize::from(slot.left))
        } else {
            (slot.left, slot.start as usize)
        };
        if n == 0 {
            0
        } else {
            self.bounds.get(at).map_or(0, |&b| i32::from(b))
        }
    }

    /// Every row, in the order given at construction.
    pub fn rows(&self) -> impl Iterator<Item = (u64, [i16; 3], &[Cell])> {
        self.keys.iter().enumerate().map(|(i, &k)| {
            let (a, b) = (self.starts[i] as usize, self.starts[i + 1] as usize);
            (k, self.moves[i], &self.cells[a..b])
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cell(class: u8, weight: i16) -> Cell {
        Cell { weight, class }
    }

    /// A key, its cells as given, and the left and the right cells expected back.
    type Case = (u64, Vec<Cell>, Vec<Cell>, Vec<Cell>);

    #[test]
    fn label_cells_split_by_direction() {
        // Two labels: classes 0-1 are left arcs, 2-3 right arcs.
        let cases: &[Case] = &[
            (1 << 56 | 5, vec![], vec![], vec![]),
            (
                1 << 56 | 6,
                vec![cell(0, 3), cell(3, -2)],
                vec![cell(0, 3)],
                vec![cell(3, -2)],
            ),
            (
                2 << 56 | 7,
                vec![cell(3, 1), cell(1, 4), cell(2, 9)],
                vec![cell(1, 4)],
                vec![cell(2, 9), cell(3, 1)],
            ),
            (2 << 56 | 8, vec![cell(2, 1)], vec![], vec![cell(2, 1)]),
        ];
        let rows = cases
            .iter()
            .map(|(key, cells, _, _)| Row {
                key: *key,
                moves: [1, 2, 3],
                cells: cells.clone(),
            })
            .collect();
        let w = Weights::new(rows, 2);
        let keys: Vec<u64> = cases.iter().map(|c| c.0).chain([9 << 56]).collect();
        let mut slots = vec![&EMPTY; keys.len()];
        let all: Vec<u8> = (0..keys.len() as u8).collect();
        w.find_moves(&keys, &all, &mut slots);
        for ((key, _, left, right), slot) in cases.iter().zip(&slots) {
            assert_eq!(slot.moves, [1, 2, 3], "{key:x}");
            assert_eq!(w.cells(slot, false), &left[..], "{key:x}");
            assert_eq!(w.cells(slot, true), &right[..], "{key:x}");
        }
        // An unknown key has no weights.
        assert_eq!(slots[4].moves, [0; 3]);
        assert!(w.cells(slots[4], false).is_empty() && w.cells(slots[4], true).is_empty());
        let templates: Vec<bool> = (0..4).map(|t| w.has_template(t)).collect();
        assert_eq!(templates, [false, true, true, false]);
    }
}
