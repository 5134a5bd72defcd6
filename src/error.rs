//! The library's one error type.

use std::path::PathBuf;

/// Everything that can go wrong inside the library.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Reading or writing a file failed.
    #[error("{path}: {source}")]
    Io {
        /// The file involved.
        path: PathBuf,
        /// What the operating system said.
        source: std::io::Error,
    },
    /// An input record could not be understood; the rest of the input is still read.
    #[error("{source_name}:{line}: {message}")]
    Input {
        /// The file (or `<stdin>`) the record came from.
        source_name: String,
        /// 1-based line number.
        line: usize,
        /// What was wrong with it.
        message: String,
    },
    /// A model file is damaged, of another version, or not a model at all.
    #[error("model: {0}")]
    Model(String),
    /// A graph file could not be read back.
    #[error("graph: {0}")]
    Graph(String),
}

/// The library's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;
