//! Column formats of the training and evaluation corpora.

pub mod conll;
