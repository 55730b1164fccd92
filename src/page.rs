//! A file of the output in memory, and the content hash that names fingerprinted files. Made by
//! `render` and the search index, written by `site`, served by `serve`: it sits below all of them.

/// A file of the output, by its path relative to the output folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    /// Relative path with forward slashes, e.g. `401/expired-token/index.html`.
    pub path: String,
    /// The file's bytes.
    pub bytes: Vec<u8>,
}

/// A stable 64-bit FNV-1a hash, as hex: enough to tell file versions apart in a name.
#[must_use]
pub fn hash_hex(bytes: &[u8]) -> String {
    let mut hash = Fnv::default();
    hash.update(bytes);
    hash.hex()
}

/// [`hash_hex`] of bytes given in parts, one after the other, without joining them first.
#[derive(Debug, Clone, Copy)]
pub struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Self(0xcbf2_9ce4_8422_2325)
    }
}

impl Fnv {
    /// Adds the next part.
    pub fn update(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 ^= u64::from(*b);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }

    /// The hash of every part so far, as [`hash_hex`] gives it.
    #[must_use]
    pub fn hex(self) -> String {
        format!("{:016x}", self.0)
    }
}
