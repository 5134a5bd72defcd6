//! Scoring the trained models against gold data.

pub mod parse;
