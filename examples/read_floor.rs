//! The I/O floor for `promo score`: reads every file under the given directories on all cores
//! and parses nothing. Whatever promo does on top of this is the price of parsing and scoring.
//!
//! ```sh
//! cargo run --release --example read_floor -- DIR...
//! ```
//!
//! It lists the files first (no sorting), then reads each one into a buffer that each thread
//! reuses, with the very function promo reads with (`open`, `read` to the end, `close`), and
//! prints the file count and bytes.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use rayon::prelude::*;

fn list(dir: &Path, files: &mut Vec<PathBuf>) -> Result<()> {
    for entry in fs::read_dir(dir).with_context(|| format!("cannot list {}", dir.display()))? {
        let entry = entry?;
        if entry.file_type()?.is_dir() {
            list(&entry.path(), files)?;
        } else {
            files.push(entry.path());
        }
    }
    Ok(())
}

fn main() -> Result<()> {
    let mut files = Vec::new();
    for dir in std::env::args_os().skip(1) {
        list(Path::new(&dir), &mut files)?;
    }
    let bytes: usize = files
        .par_iter()
        .map_init(Vec::new, |buffer, path| -> Result<usize> {
            promo::batch::read_file(path, buffer)
                .with_context(|| format!("cannot read {}", path.display()))
        })
        .try_reduce(|| 0, |a, b| Ok(a + b))?;
    println!("{} files, {bytes} bytes", files.len());
    Ok(())
}
