//! The I/O floor for `promo score`: reads every file under the given directories on all cores
//! and parses nothing. Whatever promo does on top of this is the price of parsing and scoring.
//!
//! ```sh
//! cargo run --release --example read_floor -- DIR...
//! ```
//!
//! It lists the files first (no sorting), then reads each one with `open` + `read` into a buffer
//! that every thread reuses, the same way promo reads, and prints the file count and bytes.

use std::fs::{self, File};
use std::io::Read;
use std::path::PathBuf;

use anyhow::{Context, Result};
use rayon::prelude::*;

fn list(dir: PathBuf, files: &mut Vec<PathBuf>) -> Result<()> {
    for entry in fs::read_dir(&dir).with_context(|| format!("cannot list {}", dir.display()))? {
        let entry = entry?;
        if entry.file_type()?.is_dir() {
            list(entry.path(), files)?;
        } else {
            files.push(entry.path());
        }
    }
    Ok(())
}

fn main() -> Result<()> {
    let mut files = Vec::new();
    for dir in std::env::args_os().skip(1) {
        list(PathBuf::from(dir), &mut files)?;
    }
    let bytes: usize = files
        .par_iter()
        .map_init(
            || Vec::with_capacity(16 * 1024),
            |buffer, path| -> Result<usize> {
                buffer.clear();
                File::open(path)
                    .and_then(|mut file| file.read_to_end(buffer))
                    .with_context(|| format!("cannot read {}", path.display()))
            },
        )
        .try_reduce(|| 0, |a, b| Ok(a + b))?;
    println!("{} files, {bytes} bytes", files.len());
    Ok(())
}
