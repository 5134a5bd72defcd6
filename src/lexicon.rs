//! Word lists embedded from `data/`.
