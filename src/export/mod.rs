//! Writers that turn a [`KnowledgeGraph`](crate::graph::KnowledgeGraph) into files other
//! programs read. One file per format; each is `write(graph, w) -> io::Result<()>`.
//!
//! Not here: choosing file names or writing atomically (the binary does that).

pub mod dot;
pub mod json;
pub mod jsonld;

use crate::graph::KnowledgeGraph;
use std::io;

/// An export format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, clap::ValueEnum)]
#[non_exhaustive]
pub enum Format {
    /// Graphviz DOT.
    Dot,
    /// JSON-LD with an inline schema.org context.
    Jsonld,
    /// Node-link JSON as networkx reads it; also the file later commands read back.
    Json,
}

impl Format {
    /// Every format, in the order they are written.
    pub const ALL: &'static [Format] = &[Format::Dot, Format::Jsonld, Format::Json];

    /// File extension without the dot.
    pub fn file_extension(self) -> &'static str {
        match self {
            Format::Dot => "dot",
            Format::Jsonld => "jsonld",
            Format::Json => "json",
        }
    }

    /// IANA media type.
    pub fn media_type(self) -> &'static str {
        match self {
            Format::Dot => "text/vnd.graphviz",
            Format::Jsonld => "application/ld+json",
            Format::Json => "application/json",
        }
    }

    /// Writes `graph` in this format.
    ///
    /// # Errors
    /// Whatever the writer returns.
    pub fn write<W: io::Write>(self, graph: &KnowledgeGraph, w: W) -> io::Result<()> {
        match self {
            Format::Dot => dot::write(graph, w),
            Format::Jsonld => jsonld::write(graph, w),
            Format::Json => json::write(graph, w),
        }
    }
}
