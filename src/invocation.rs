//! How the person started promo, so every command promo prints can be pasted as it is.
//!
//! After `cargo run --release -- assess` a hint starting `promo …` fails with "command not
//! found": there is no `promo` on `PATH`, or it is another build. Hints name the program
//! `promo` only when that is what `PATH` finds; otherwise by the path of the running binary,
//! quoted for the shell.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The name under which the person can run this very promo again: `promo` when `PATH` finds
/// this executable under that name, else its path, quoted for the shell.
pub fn program() -> &'static str {
    static PROGRAM: OnceLock<String> = OnceLock::new();
    PROGRAM.get_or_init(|| {
        let Ok(exe) = std::env::current_exe() else {
            return "promo".to_owned();
        };
        let on_path = std::env::var_os("PATH")
            .and_then(|paths| found_on(&paths, "promo"))
            .is_some_and(|found| same_file(&found, &exe));
        if on_path {
            "promo".to_owned()
        } else {
            shell_words::quote(&exe.to_string_lossy()).into_owned()
        }
    })
}

/// A command line for the person to paste: the program as they can run it, then `rest`.
pub fn command(rest: &str) -> String {
    format!("{} {rest}", program())
}

/// The first executable file called `name` in a `PATH`-like list.
fn found_on(paths: &std::ffi::OsStr, name: &str) -> Option<PathBuf> {
    std::env::split_paths(paths)
        .filter(|dir| !dir.as_os_str().is_empty())
        .map(|dir| dir.join(name))
        .find(|candidate| is_executable(candidate))
}

#[cfg(unix)]
fn is_executable(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

#[cfg(not(unix))]
fn is_executable(path: &Path) -> bool {
    path.with_extension("exe").is_file() || path.is_file()
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_lookup_finds_executables_only() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("promo");
        std::fs::write(&file, "").unwrap();
        let paths = std::env::join_paths([dir.path()]).unwrap();
        #[cfg(unix)]
        {
            assert_eq!(found_on(&paths, "promo"), None, "not executable");
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o755)).unwrap();
        }
        assert_eq!(found_on(&paths, "promo"), Some(file.clone()));
        assert!(same_file(&file, &file));
    }

    #[test]
    fn the_program_is_pasteable() {
        // The test binary is not `promo` on PATH: its path is given, quoted when needed.
        let program = program();
        assert_eq!(shell_words::split(program).unwrap().len(), 1, "{program}");
    }
}
