//! The parser's weight table: exact `u64` feature keys, found through an open-addressing
//! table of 16-byte slots. A slot holds a 32-bit fingerprint of the key, the feature's three
//! move weights (shift, left, right) inline, and the position of its run of `(label,
//! weight)` cells; so scoring the moves costs one cache line per feature, and label cells
//! are read only when the chosen move makes an arc. Only non-zero label weights are stored;
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

/// `fingerprint` 0 marks an empty slot; `start`/`len` locate the label cells.
#[derive(Debug, Clone, Copy, Default)]
#[repr(C, align(16))]
pub(crate) struct Slot {
    fingerprint: u32,
    start: u32,
    /// Weights of shift, left and right.
    pub moves: [i16; 3],
    len: u16,
}

/// Slot of a feature the table does not know: no weights, no cells.
pub(crate) const EMPTY: Slot = Slot {
    fingerprint: 0,
    start: 0,
    moves: [0; 3],
    len: 0,
};

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
    cells: Vec<Cell>,
    /// Keys in row order, and where each row's cells start (plus the end).
    keys: Vec<u64>,
    starts: Vec<u32>,
    moves: Vec<[i16; 3]>,
}

impl Default for Weights {
    fn default() -> Self {
        Weights::new(Vec::new())
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

/// Most cells a table may hold.
pub(crate) const MAX_CELLS: usize = 1 << 28;

impl Weights {
    /// Builds the table from rows; keys must be non-zero and distinct, and a row has at
    /// most 65,535 cells (more are dropped). Rows in [`spread`] order fill the table
    /// front to back, which is what makes loading fast.
    pub fn new(rows: Vec<Row>) -> Self {
        let mut keys = Vec::with_capacity(rows.len());
        let mut lens = Vec::with_capacity(rows.len());
        let mut moves = Vec::with_capacity(rows.len());
        let mut cells = Vec::new();
        for r in rows {
            let len = r.cells.len().min(usize::from(u16::MAX));
            keys.push(r.key);
            moves.push(r.moves);
            lens.push(len as u32);
            cells.extend_from_slice(&r.cells[..len]);
        }
        Weights::from_arrays(keys, moves, &lens, cells)
    }

    /// Builds the table from parallel arrays: row `i` has key `keys[i]`, move weights
    /// `moves[i]` and the next `lens[i]` (at most 65,535) cells. Keys must be distinct; rows
    /// beyond [`MAX_CELLS`] cells are dropped.
    pub fn from_arrays(
        mut keys: Vec<u64>,
        mut moves: Vec<[i16; 3]>,
        lens: &[u32],
        mut cells: Vec<Cell>,
    ) -> Self {
        let n = keys.len().min(moves.len()).min(lens.len());
        // At most half full: most lookups are of features the table lacks, and their
        // probes run to the end of a cluster.
        let size = (n * 2 + 1).next_power_of_two().max(16);
        let bits = size.trailing_zeros();
        let mask = size - 1;
        let shift = 64 - bits;
        let mut slots = vec![EMPTY; size];
        let mut starts = Vec::with_capacity(n + 1);
        let mut start = 0u32;
        let mut kept = 0;
        for i in 0..n {
            let len = lens[i].min(u32::from(u16::MAX));
            if start as usize + len as usize > MAX_CELLS.min(cells.len()) {
                break;
            }
            let h = spread(keys[i]);
            let mut p = (h >> shift) as usize;
            while slots[p].fingerprint != 0 {
                p = (p + 1) & mask;
            }
            slots[p] = Slot {
                fingerprint: fingerprint(h),
                start,
                moves: moves[i],
                len: len as u16,
            };
            starts.push(start);
            start += len;
            kept += 1;
        }
        starts.push(start);
        keys.truncate(kept);
        moves.truncate(kept);
        cells.truncate(start as usize);
        Weights {
            slots,
            shift,
            cells,
            keys,
            starts,
            moves,
        }
    }

    /// Number of features.
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    /// Number of label cells.
    pub fn cell_count(&self) -> usize {
        self.cells.len()
    }

    /// The slot of a feature ([`EMPTY`] when unknown).
    #[inline]
    pub fn find(&self, key: u64) -> &Slot {
        let mask = self.slots.len() - 1;
        let h = spread(key);
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

    /// The slots of many features at once. A first branch-free pass loads every
    /// feature's home slot, so that their cache misses overlap instead of each waiting
    /// behind the last probe's compare; the probes then mostly hit the cache.
    #[inline]
    pub fn find_all<'a>(&'a self, keys: &[u64], out: &mut [&'a Slot]) {
        let mask = self.slots.len() - 1;
        let mut touched = 0u32;
        for &k in keys {
            let i = (spread(k) >> self.shift) as usize;
            touched = touched.wrapping_add(self.slots[i & mask].fingerprint);
        }
        std::hint::black_box(touched);
        for (o, &k) in out.iter_mut().zip(keys) {
            *o = self.find(k);
        }
    }

    /// Loads the first label cell of every slot (see [`Weights::find_all`]).
    #[inline]
    pub fn touch_cells(&self, slots: &[&Slot]) {
        let mut touched = 0i16;
        for s in slots {
            if let Some(c) = self.cells.get(s.start as usize) {
                touched = touched.wrapping_add(c.weight);
            }
        }
        std::hint::black_box(touched);
    }

    /// The label cells of a slot [`Weights::find`] returned.
    #[inline]
    pub fn cells(&self, slot: &Slot) -> &[Cell] {
        let start = slot.start as usize;
        self.cells
            .get(start..start + usize::from(slot.len))
            .unwrap_or(&[])
    }

    /// Every row, in the order given at construction.
    pub fn rows(&self) -> impl Iterator<Item = (u64, [i16; 3], &[Cell])> {
        self.keys.iter().enumerate().map(|(i, &k)| {
            let (a, b) = (self.starts[i] as usize, self.starts[i + 1] as usize);
            (k, self.moves[i], &self.cells[a..b])
        })
    }
}
