//! Readers and writers for the annotated-corpus formats that training and evaluation use.
//!
//! Only line formats of treebanks and tagged corpora live here; article input is in
//! [`crate::ingest`] and graph output in [`crate::export`].

pub mod conllu;
