//! File names from what they hold: a content hash, and subjects and ids cut to short slugs.
//! Shared by the stores that name files (drafts, history), so neither needs the other.

use sha2::{Digest as _, Sha256};

/// How many hex digits a content hash has.
pub const HASH_LEN: usize = 32;
/// How many characters of a rubric id or a subject go into a file name.
pub const NAME_PART_CHARS: usize = 40;
/// And at most this many bytes of each.
pub const NAME_PART_BYTES: usize = 80;

/// A 128-bit hash of `bytes` as 32 hex digits: the first half of its SHA-256. Long enough
/// that two different assessments never share it in practice; not a security measure.
pub fn content_hash(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut out = String::with_capacity(HASH_LEN);
    for byte in digest.iter().take(HASH_LEN / 2) {
        out.push_str(&format!("{byte:02x}"));
    }
    out
}

/// A subject as it appears in file names: lower-case letters, digits and `-`, cut short.
pub fn subject_slug(subject: &str) -> String {
    cut(&slug(subject))
}

/// Lower-case letters and digits, runs of anything else as one `-`.
pub fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars().flat_map(char::to_lowercase) {
        if out.len() > NAME_PART_BYTES * 2 {
            break;
        }
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_owned()
}

/// At most [`NAME_PART_CHARS`] characters and [`NAME_PART_BYTES`] bytes, never ending in `-`.
pub fn cut(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars().take(NAME_PART_CHARS) {
        if out.len() + c.len_utf8() > NAME_PART_BYTES {
            break;
        }
        out.push(c);
    }
    out.trim_end_matches('-').to_owned()
}
