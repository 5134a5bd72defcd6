//! The parser's weight table: exact `u64` feature keys in an open-addressing table, each
//! pointing at a short run of `(class, weight)` cells. Only non-zero weights are stored,
//! quantised to `i16` (the scale does not matter for an arg-max).

/// One non-zero weight.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Cell {
    pub weight: i16,
    pub class: u8,
}

#[derive(Debug, Clone, Copy, Default)]
struct Slot {
    key: u64,
    start: u32,
    len: u32,
}

/// Feature key to weights.
#[derive(Debug, Clone)]
pub(crate) struct Weights {
    slots: Vec<Slot>,
    shift: u32,
    cells: Vec<Cell>,
    features: usize,
}

#[inline]
fn spread(key: u64) -> u64 {
    let x = key ^ (key >> 31);
    x.wrapping_mul(0x9E37_79B9_7F4A_7C15)
}

impl Default for Weights {
    fn default() -> Self {
        Weights::new(std::iter::empty::<(u64, Vec<Cell>)>())
    }
}

impl Weights {
    /// Builds the table from `(key, cells)` rows; keys must be non-zero and distinct.
    pub fn new(rows: impl ExactSizeIterator<Item = (u64, Vec<Cell>)>) -> Self {
        let mut keys = Vec::with_capacity(rows.len());
        let mut lens = Vec::with_capacity(rows.len());
        let mut cells = Vec::new();
        for (k, row) in rows {
            keys.push(k);
            lens.push(row.len() as u32);
            cells.extend_from_slice(&row);
        }
        Weights::from_arrays(&keys, &lens, cells)
    }

    /// Builds the table from parallel arrays: row `i` has key `keys[i]` and the next
    /// `lens[i]` cells. Keys must be non-zero and distinct, the lengths must add up.
    pub fn from_arrays(keys: &[u64], lens: &[u32], cells: Vec<Cell>) -> Self {
        let n = keys.len();
        let size = (n * 2).next_power_of_two().max(16);
        let bits = size.trailing_zeros();
        let mut w = Weights {
            slots: vec![Slot::default(); size],
            shift: 64 - bits,
            cells,
            features: n,
        };
        let mask = size - 1;
        let mut start = 0u32;
        for (&key, &len) in keys.iter().zip(lens) {
            let mut i = (spread(key) >> w.shift) as usize;
            while w.slots[i].key != 0 {
                i = (i + 1) & mask;
            }
            w.slots[i] = Slot { key, start, len };
            start += len;
        }
        w
    }

    /// Number of features.
    pub fn len(&self) -> usize {
        self.features
    }

    /// The weights of a feature (empty when unknown).
    #[inline]
    pub fn get(&self, key: u64) -> &[Cell] {
        let mask = self.slots.len() - 1;
        let mut i = (spread(key) >> self.shift) as usize;
        loop {
            let s = self.slots[i];
            if s.key == key {
                let start = s.start as usize;
                return &self.cells[start..start + s.len as usize];
            }
            if s.key == 0 {
                return &[];
            }
            i = (i + 1) & mask;
        }
    }

    /// Every row, in table order.
    pub fn rows(&self) -> impl Iterator<Item = (u64, &[Cell])> {
        self.slots.iter().filter(|s| s.key != 0).map(|s| {
            let start = s.start as usize;
            (s.key, &self.cells[start..start + s.len as usize])
        })
    }
}
