//! Word lists embedded from `data/`.

pub mod gazetteer;
