//! Finding rubrics: the built-in ones, custom directories, and paths; and reading input files.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use crate::batch::read_limited;
use crate::core::answers::{self, Answers, AnswersFile, Syntax, Warning};
use crate::core::error::{Invalid, Problem};
use crate::core::rubric::{Rubric, parse_rubric};
use crate::exit::Failure;

/// The rubrics compiled into the binary, by id.
pub const BUILT_IN: [(&str, &str); 3] = [
    (
        "ic-to-manager",
        include_str!("../rubrics/ic-to-manager.toml"),
    ),
    (
        "manager-to-director",
        include_str!("../rubrics/manager-to-director.toml"),
    ),
    (
        "middle-to-senior",
        include_str!("../rubrics/middle-to-senior.toml"),
    ),
];

/// The environment variable naming extra rubric directories (a path list, like `PATH`).
pub const RUBRICS_DIR_ENV: &str = "PROMO_RUBRICS_DIR";

/// A rubric and where it came from.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The checked rubric.
    pub rubric: Rubric,
    /// `built-in` or the file's path.
    pub origin: String,
}

impl Loaded {
    /// Whether the rubric ships with promo.
    pub fn is_built_in(&self) -> bool {
        self.origin == "built-in"
    }
}

/// Where rubrics are looked for.
#[derive(Debug, Clone, Default)]
pub struct Catalog {
    dirs: Vec<PathBuf>,
}

impl Catalog {
    /// A catalog over `dirs` (from `--rubrics-dir`) and the directories in `PROMO_RUBRICS_DIR`.
    /// Directories in the environment that do not exist are skipped with a warning, so a stale
    /// setting never stops the built-in rubrics from working.
    pub fn new(mut dirs: Vec<PathBuf>) -> Self {
        if let Some(list) = std::env::var_os(RUBRICS_DIR_ENV) {
            for dir in std::env::split_paths(&list).filter(|p| !p.as_os_str().is_empty()) {
                if dir.is_dir() {
                    dirs.push(dir);
                } else {
                    crate::message::warn_all([format!(
                        "{RUBRICS_DIR_ENV} names {}, which is not a directory; skipping it",
                        dir.display()
                    )]);
                }
            }
        }
        Self { dirs }
    }

    /// The built-in rubrics. They are checked by the test suite, so failing here is a bug.
    pub fn built_in() -> Result<Vec<Loaded>> {
        BUILT_IN
            .iter()
            .map(|(id, source)| parse_built_in(id, source))
            .collect()
    }

    /// The `.toml` files in the custom directories, sorted by path within each directory.
    pub fn custom_files(&self) -> Result<Vec<PathBuf>> {
        let mut files = Vec::new();
        for dir in &self.dirs {
            let entries = match fs::read_dir(dir) {
                Ok(entries) => entries,
                Err(e) if e.kind() == io::ErrorKind::NotFound => {
                    return Err(Failure::usage(format!(
                        "--rubrics-dir {}: no such directory",
                        dir.display()
                    ))
                    .into());
                }
                Err(e) => {
                    return Err(e).with_context(|| {
                        format!("cannot read the rubrics directory {}", dir.display())
                    });
                }
            };
            let mut here: Vec<PathBuf> = entries
                .filter_map(|entry| entry.ok().map(|e| e.path()))
                .filter(|path| path.extension().is_some_and(|ext| ext == "toml") && path.is_file())
                .collect();
            here.sort();
            files.extend(here);
        }
        Ok(files)
    }

    /// Every rubric: custom ones first (they override built-ins of the same id), then
    /// built-ins. Custom files that fail to load are returned apart.
    pub fn all(&self) -> Result<(Vec<Loaded>, Vec<anyhow::Error>)> {
        let mut loaded: Vec<Loaded> = Vec::new();
        let mut broken = Vec::new();
        let mut skipped = 0_usize;
        for path in self.custom_files()? {
            match load_rubric_file(&path) {
                Ok(rubric) if loaded.iter().any(|l| l.rubric.id == rubric.rubric.id) => {
                    broken.push(anyhow::anyhow!(
                        "{}: rubric id \"{}\" is already used by {}; ids must be unique",
                        path.display(),
                        rubric.rubric.id,
                        loaded
                            .iter()
                            .find(|l| l.rubric.id == rubric.rubric.id)
                            .map_or("", |l| l.origin.as_str())
                    ));
                }
                Ok(rubric) => loaded.push(rubric),
                Err(_) if not_a_rubric(&path) => skipped += 1,
                Err(error) => broken.push(error),
            }
        }
        if skipped > 0 {
            broken.push(anyhow::anyhow!(
                "{skipped} file{} in the rubrics directories, which {} no `dimensions` (answers files, say): not rubrics",
                if skipped == 1 { "" } else { "s" },
                if skipped == 1 { "has" } else { "have" }
            ));
        }
        for built_in in Self::built_in()? {
            if !loaded.iter().any(|l| l.rubric.id == built_in.rubric.id) {
                loaded.push(built_in);
            }
        }
        Ok((loaded, broken))
    }

    /// Finds a rubric by id (custom directories first, then built-ins) or by path.
    pub fn resolve(&self, spec: &str) -> Result<Loaded> {
        if looks_like_path(spec) {
            return load_rubric_file(Path::new(spec));
        }
        // Custom rubrics win. A file named after the id is tried first; any other file only
        // when that fails, so the usual lookup parses a single rubric.
        let custom = self.custom_files()?;
        let (named, others): (Vec<&PathBuf>, Vec<&PathBuf>) = custom
            .iter()
            .partition(|path| path.file_stem().is_some_and(|stem| stem == spec));
        for path in named {
            let loaded = load_rubric_file(path)?;
            if loaded.rubric.id == spec {
                return Ok(loaded);
            }
        }
        for path in others {
            if let Ok(loaded) = load_rubric_file(path)
                && loaded.rubric.id == spec
            {
                return Ok(loaded);
            }
        }
        if let Some((id, source)) = BUILT_IN.iter().find(|(id, _)| *id == spec) {
            return parse_built_in(id, source);
        }
        let known: Vec<String> = self.all()?.0.into_iter().map(|l| l.rubric.id).collect();
        let guess =
            nearest(spec, &known).map_or_else(String::new, |id| format!(" did you mean {id}?"));
        Err(Failure::usage(format!(
            "no rubric \"{spec}\";{guess} known rubrics: {}. Give a path to a .toml file, or add a directory with --rubrics-dir",
            known.join(", ")
        ))
        .into())
    }
}

/// Whether a file in a rubrics directory is clearly something else: TOML without
/// `dimensions` (an answers file, a config). Such files are skipped without a warning each.
fn not_a_rubric(path: &Path) -> bool {
    read_text(path)
        .ok()
        .and_then(|text| text.parse::<toml::Table>().ok())
        .is_some_and(|table| !table.contains_key("dimensions"))
}

/// The known rubric id closest to a mistyped `spec`, when one is close enough to be meant.
pub fn nearest<'k>(spec: &str, known: &'k [String]) -> Option<&'k str> {
    // Long input cannot be a typo of a short id; comparing it would only cost time.
    if spec.len() > 200 {
        return None;
    }
    known
        .iter()
        .map(|id| (strsim::jaro_winkler(spec, id), id.as_str()))
        .filter(|(score, _)| *score > 0.85)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, id)| id)
}

fn parse_built_in(id: &str, source: &str) -> Result<Loaded> {
    let rubric = parse_rubric(source, &format!("built-in:{id}"))
        .with_context(|| format!("the built-in rubric {id} is broken"))?;
    Ok(Loaded {
        rubric,
        origin: "built-in".to_owned(),
    })
}

fn looks_like_path(spec: &str) -> bool {
    spec.ends_with(".toml") || spec.contains(std::path::MAIN_SEPARATOR) || spec.contains('/')
}

/// Loads and checks a rubric file.
pub fn load_rubric_file(path: &Path) -> Result<Loaded> {
    let origin = crate::show::path(path).into_owned();
    let source = read_text(path)?;
    let rubric = parse_rubric(&source, &origin)?;
    Ok(Loaded { rubric, origin })
}

/// Reads a UTF-8 text file of at most [`limits::MAX_INPUT_BYTES`]; `-` reads standard input. A
/// missing file is a usage error (exit 2), a larger file or text that is not UTF-8 is invalid
/// input (exit 3), anything else an I/O failure (exit 1).
pub fn read_text(path: &Path) -> Result<String> {
    let origin = if path.as_os_str() == "-" {
        "<stdin>".to_owned()
    } else {
        crate::show::path(path).into_owned()
    };
    let read = if path.as_os_str() == "-" {
        read_limited(io::stdin().lock())
    } else {
        fs::File::open(path).and_then(read_limited)
    };
    let bytes = match read {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            return Err(Failure::usage(no_such_file(&origin)).into());
        }
        Err(_) if path.as_os_str() != "-" && path.is_dir() => {
            return Err(Failure::usage(format!(
                "{origin} is a directory; give a file (`promo score` takes directories)"
            ))
            .into());
        }
        Err(e) if e.kind() == io::ErrorKind::FileTooLarge => {
            return Err(Invalid::one("text", &origin, crate::core::error::too_big()).into());
        }
        Err(e) if path.as_os_str() == "-" => {
            return Err(e).context("cannot read standard input");
        }
        Err(e) => return Err(e).with_context(|| format!("cannot read {origin}")),
    };
    String::from_utf8(bytes)
        .map_err(|e| not_utf8(&origin, e.as_bytes(), e.utf8_error().valid_up_to()).into())
}

/// The message for a file that is not there.
pub fn no_such_file(origin: &str) -> String {
    format!("{origin}: no such file")
}

/// The mistake of a file that is not UTF-8 text: `bytes` are valid up to `valid_up_to`.
pub fn not_utf8(origin: &str, bytes: &[u8], valid_up_to: usize) -> Invalid {
    let text = String::from_utf8_lossy(bytes);
    Invalid::one(
        "text",
        origin,
        Problem::new("this is not UTF-8 text; save it as UTF-8").at_offset(&text, valid_up_to),
    )
}

/// Why an answers file's `rubric` field is refused, if it is: the field names an id, never a
/// path, so that an answers file cannot make promo read other files.
pub fn not_a_rubric_id(id: &str) -> Option<String> {
    (!crate::core::rubric::is_valid_id(id)).then(|| {
        format!(
            "\"{id}\" is not a rubric id; ids use lower-case letters, digits and dashes (pass a rubric file with --rubric)"
        )
    })
}

/// An answers file read from disk or standard input, not yet checked against a rubric.
#[derive(Debug)]
pub struct AnswersSource {
    /// The path, or `-`.
    pub origin: String,
    /// Its text.
    pub text: String,
    /// The parsed document.
    pub file: AnswersFile,
}

/// Reads and parses an answers file (`-` is standard input; JSON is told by `.json` or a leading `{`).
pub fn read_answers(path: &Path) -> Result<AnswersSource> {
    let origin = if path.as_os_str() == "-" {
        "<stdin>".to_owned()
    } else {
        crate::show::path(path).into_owned()
    };
    let text = read_text(path)?;
    let syntax = if path.as_os_str() == "-" {
        Syntax::sniff(&text)
    } else {
        Syntax::for_path(&origin)
    };
    let file = answers::parse_answers(&text, syntax, &origin)?;
    Ok(AnswersSource { origin, text, file })
}

impl AnswersSource {
    /// Checks the answers against the rubric they name, or against `rubric` when given.
    pub fn check(
        self,
        catalog: &Catalog,
        rubric: Option<&str>,
    ) -> Result<(Loaded, Answers, Vec<Warning>)> {
        if rubric.is_none()
            && let Some(refusal) = not_a_rubric_id(&self.file.rubric)
        {
            return Err(Invalid::one(
                "answers",
                &self.origin,
                Problem::new(refusal).about("rubric"),
            )
            .into());
        }
        let loaded = match rubric {
            Some(spec) => catalog.resolve(spec)?,
            None => catalog.resolve(&self.file.rubric).map_err(|error| {
                if crate::exit::code_of(&error) == crate::exit::USAGE {
                    anyhow::Error::new(Invalid::one(
                        "answers",
                        &self.origin,
                        Problem::new(format!("{error}")).about("rubric"),
                    ))
                } else {
                    error
                }
            })?,
        };
        let (answers, warnings) =
            answers::check_answers(self.file, &loaded.rubric, &self.origin, &self.text)?;
        Ok((loaded, answers, warnings))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_built_in_rubric_loads() {
        let all = Catalog::built_in().unwrap();
        assert_eq!(all.len(), BUILT_IN.len());
        for (loaded, (id, _)) in all.iter().zip(BUILT_IN) {
            assert_eq!(loaded.rubric.id, id);
        }
    }

    #[test]
    fn custom_rubrics_are_found_by_id_and_path() {
        let dir = tempfile::tempdir().unwrap();
        let source = BUILT_IN[0]
            .1
            .replace("id = \"ic-to-manager\"", "id = \"mine\"");
        fs::write(dir.path().join("mine.toml"), &source).unwrap();
        let catalog = Catalog {
            dirs: vec![dir.path().to_owned()],
        };
        assert_eq!(catalog.resolve("mine").unwrap().rubric.id, "mine");
        let path = dir.path().join("mine.toml");
        assert_eq!(
            catalog.resolve(path.to_str().unwrap()).unwrap().rubric.id,
            "mine"
        );
        assert_eq!(catalog.all().unwrap().0.len(), 4);
        let missing = catalog.resolve("nope").unwrap_err();
        assert_eq!(crate::exit::code_of(&missing), crate::exit::USAGE);
        assert!(missing.to_string().contains("mine"), "{missing}");
    }

    #[test]
    fn non_utf8_is_invalid_input() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("bad.toml");
        fs::write(&path, b"id = \"a\"\n\xff\xfe").unwrap();
        let error = read_text(&path).unwrap_err();
        assert_eq!(crate::exit::code_of(&error), crate::exit::INVALID);
        assert!(error.to_string().contains("bad.toml"));
    }
}
