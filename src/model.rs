//! The compact binary model format shared by every trained model.
//!
//! A model file starts with one header line, `newsgraph-<name> <version>\n`, then
//! little-endian fields written with [`ModelWriter`] and read back with [`ModelReader`] in the
//! same order. No serde: the layout is explicit, the reader checks the header and every length,
//! and a damaged or foreign file is an [`Error::Model`], never a panic.

use crate::error::{Error, Result};
use std::io::{self, Read, Write};

/// Writes model fields after the header.
#[derive(Debug)]
pub struct ModelWriter<W: Write> {
    w: W,
}

impl<W: Write> ModelWriter<W> {
    /// Starts a model file named `name` at `version`.
    ///
    /// # Errors
    /// Whatever the writer returns.
    pub fn new(mut w: W, name: &str, version: u32) -> io::Result<Self> {
        writeln!(w, "newsgraph-{name} {version}")?;
        Ok(ModelWriter { w })
    }
    /// One byte.
    ///
    /// # Errors
    /// Whatever the writer returns.
    pub fn u8(&mut self, v: u8) -> io::Result<()> {
        self.w.write_all(&[v])
    }
    /// A `u32`.
    ///
    /// # Errors
    /// Whatever the writer returns.
    pub fn u32(&mut self, v: u32) -> io::Result<()> {
        self.w.write_all(&v.to_le_bytes())
    }
    /// A `u64`.
    ///
    /// # Errors
    /// Whatever the writer returns.
    pub fn u64(&mut self, v: u64) -> io::Result<()> {
        self.w.write_all(&v.to_le_bytes())
    }
    /// An `f32`.
    ///
    /// # Errors
    /// Whatever the writer returns.
    pub fn f32(&mut self, v: f32) -> io::Result<()> {
        self.w.write_all(&v.to_le_bytes())
    }
    /// A length-prefixed byte string.
    ///
    /// # Errors
    /// Whatever the writer returns.
    pub fn bytes(&mut self, v: &[u8]) -> io::Result<()> {
        let n = u32::try_from(v.len()).map_err(|_| io::Error::other("field too long"))?;
        self.u32(n)?;
        self.w.write_all(v)
    }
    /// A length-prefixed UTF-8 string.
    ///
    /// # Errors
    /// Whatever the writer returns.
    pub fn str(&mut self, v: &str) -> io::Result<()> {
        self.bytes(v.as_bytes())
    }
    /// The underlying writer.
    pub fn into_inner(self) -> W {
        self.w
    }
}

/// Reads model fields after checking the header.
#[derive(Debug)]
pub struct ModelReader<R: Read> {
    r: R,
}

fn damaged(what: &str) -> Error {
    Error::Model(format!("damaged model file: {what}"))
}

impl<R: Read> ModelReader<R> {
    /// Checks that the file is a `name` model of exactly `version`.
    ///
    /// # Errors
    /// [`Error::Model`] when the header is missing, names another model or another version.
    pub fn new(mut r: R, name: &str, version: u32) -> Result<Self> {
        let expected = format!("newsgraph-{name} {version}\n");
        let mut header = vec![0u8; expected.len()];
        r.read_exact(&mut header)
            .map_err(|_| damaged("no header"))?;
        if header != expected.as_bytes() {
            return Err(Error::Model(format!(
                "expected a `{}` model file, found {:?}",
                expected.trim_end(),
                String::from_utf8_lossy(&header).trim_end()
            )));
        }
        Ok(ModelReader { r })
    }
    fn array<const N: usize>(&mut self) -> Result<[u8; N]> {
        let mut b = [0u8; N];
        self.r
            .read_exact(&mut b)
            .map_err(|_| damaged("truncated"))?;
        Ok(b)
    }
    /// One byte.
    ///
    /// # Errors
    /// [`Error::Model`] when the file ends early.
    pub fn u8(&mut self) -> Result<u8> {
        Ok(self.array::<1>()?[0])
    }
    /// A `u32`.
    ///
    /// # Errors
    /// [`Error::Model`] when the file ends early.
    pub fn u32(&mut self) -> Result<u32> {
        Ok(u32::from_le_bytes(self.array()?))
    }
    /// A `u64`.
    ///
    /// # Errors
    /// [`Error::Model`] when the file ends early.
    pub fn u64(&mut self) -> Result<u64> {
        Ok(u64::from_le_bytes(self.array()?))
    }
    /// An `f32`.
    ///
    /// # Errors
    /// [`Error::Model`] when the file ends early.
    pub fn f32(&mut self) -> Result<f32> {
        Ok(f32::from_le_bytes(self.array()?))
    }
    /// A length-prefixed byte string of at most `max` bytes.
    ///
    /// # Errors
    /// [`Error::Model`] when the file ends early or the length is implausible.
    pub fn bytes(&mut self, max: usize) -> Result<Vec<u8>> {
        let n = self.u32()? as usize;
        if n > max {
            return Err(damaged("field longer than allowed"));
        }
        let mut v = vec![0u8; n];
        self.r
            .read_exact(&mut v)
            .map_err(|_| damaged("truncated"))?;
        Ok(v)
    }
    /// A length-prefixed UTF-8 string of at most `max` bytes.
    ///
    /// # Errors
    /// [`Error::Model`] when the file ends early or the string is not UTF-8.
    pub fn str(&mut self, max: usize) -> Result<String> {
        String::from_utf8(self.bytes(max)?).map_err(|_| damaged("string not UTF-8"))
    }
    /// Checks that nothing follows the last field.
    ///
    /// # Errors
    /// [`Error::Model`] when bytes remain.
    pub fn finish(mut self) -> Result<()> {
        let mut b = [0u8; 1];
        match self.r.read(&mut b) {
            Ok(0) => Ok(()),
            _ => Err(damaged("trailing bytes")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_round_trip() {
        let mut w = ModelWriter::new(Vec::new(), "test", 3).unwrap();
        w.u8(7).unwrap();
        w.u32(70_000).unwrap();
        w.u64(1 << 40).unwrap();
        w.f32(-1.5).unwrap();
        w.str("héllo").unwrap();
        let bytes = w.into_inner();
        let mut r = ModelReader::new(&bytes[..], "test", 3).unwrap();
        assert_eq!(r.u8().unwrap(), 7);
        assert_eq!(r.u32().unwrap(), 70_000);
        assert_eq!(r.u64().unwrap(), 1 << 40);
        assert_eq!(r.f32().unwrap(), -1.5);
        assert_eq!(r.str(100).unwrap(), "héllo");
        r.finish().unwrap();
    }

    #[test]
    fn wrong_header_is_an_error() {
        let bytes = ModelWriter::new(Vec::new(), "pos", 1).unwrap().into_inner();
        for (name, version) in [("pos", 2), ("ner", 1)] {
            assert!(matches!(
                ModelReader::new(&bytes[..], name, version),
                Err(Error::Model(_))
            ));
        }
        assert!(ModelReader::new(&b""[..], "pos", 1).is_err());
    }

    #[test]
    fn truncated_field_is_an_error() {
        let mut w = ModelWriter::new(Vec::new(), "t", 1).unwrap();
        w.str("abcdef").unwrap();
        let bytes = w.into_inner();
        let mut r = ModelReader::new(&bytes[..bytes.len() - 2], "t", 1).unwrap();
        assert!(r.str(100).is_err());
    }
}
