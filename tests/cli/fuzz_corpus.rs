//! Replays the committed fuzz corpus, and any crash files a local fuzz run left behind, through
//! the same code the fuzz targets run. CI does not fuzz; this keeps every input found so far
//! passing.

use std::fs;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

use promo::fuzzing::TARGETS;

fn files_in(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    files
}

#[test]
fn every_corpus_and_crash_file_passes_its_target() {
    let fuzz = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let mut replayed = 0;
    let mut failures = Vec::new();
    for (name, target) in TARGETS {
        let corpus = files_in(&fuzz.join("corpus").join(name));
        assert!(
            !corpus.is_empty(),
            "fuzz/corpus/{name}/ has no seed files; every target needs a committed corpus"
        );
        let crashes = files_in(&fuzz.join("artifacts").join(name));
        for path in corpus.iter().chain(&crashes) {
            let data = fs::read(path).unwrap();
            if catch_unwind(AssertUnwindSafe(|| target(&data))).is_err() {
                failures.push(format!("{name}: {}", path.display()));
            }
            replayed += 1;
        }
    }
    assert!(
        failures.is_empty(),
        "these inputs fail their fuzz target (rerun one with `cargo fuzz run -s none TARGET FILE`):\n{}",
        failures.join("\n")
    );
    assert!(replayed >= TARGETS.len());
}

#[test]
fn every_fuzz_target_has_a_binary() {
    let targets = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/fuzz_targets");
    let manifest = fs::read_to_string(targets.with_file_name("Cargo.toml")).unwrap();
    for (name, _) in TARGETS {
        let source = fs::read_to_string(targets.join(format!("{name}.rs")))
            .unwrap_or_else(|e| panic!("fuzz/fuzz_targets/{name}.rs: {e}"));
        assert!(
            source.contains(&format!("promo::fuzzing::{name}(data)")),
            "fuzz/fuzz_targets/{name}.rs must call promo::fuzzing::{name}"
        );
        assert!(
            manifest.contains(&format!("name = \"{name}\"")),
            "fuzz/Cargo.toml has no [[bin]] named {name}"
        );
    }
}
