//! Scoring models against gold annotations.
//!
//! Each submodule compares a model's output with a gold corpus and returns plain counts with
//! a `Display` for the command line; reading the gold files is [`crate::format`]'s job.

pub mod ner;
pub mod parse;
pub mod pos;
