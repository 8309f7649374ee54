//! How a path is shown to people: one unambiguous, printable form for rows and messages.
//!
//! `Path::display` turns every byte that is not UTF-8 into U+FFFD, so two different file names
//! can print the same; a control character in a name could drive the terminal. Here, on Unix,
//! such bytes are written as `\xNN` and a backslash as `\\`, so every name shown traces back to
//! exactly one file, and printable UTF-8 names (the usual case) are shown unchanged.

use std::borrow::Cow;
use std::fmt;
use std::path::Path;

/// The path as shown in output and messages: UTF-8 text with `\` doubled, and every control
/// character or byte that is not UTF-8 written as `\xNN` (two lower-case hex digits).
pub fn path(path: &Path) -> Cow<'_, str> {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        bytes(path.as_os_str().as_bytes())
    }
    #[cfg(not(unix))]
    {
        path.to_string_lossy()
    }
}

/// A path that formats as [`path`] does, for `format!` and friends.
#[derive(Debug, Clone, Copy)]
pub struct Shown<'a>(pub &'a Path);

impl fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&path(self.0))
    }
}

/// The shown form of a path's bytes.
fn bytes(raw: &[u8]) -> Cow<'_, str> {
    if let Ok(text) = std::str::from_utf8(raw)
        && !text.chars().any(|c| c == '\\' || c.is_control())
    {
        return Cow::Borrowed(text);
    }
    let mut shown = String::with_capacity(raw.len() + 8);
    for chunk in raw.utf8_chunks() {
        for c in chunk.valid().chars() {
            match c {
                '\\' => shown.push_str("\\\\"),
                c if c.is_control() => {
                    let mut buffer = [0; 4];
                    for byte in c.encode_utf8(&mut buffer).bytes() {
                        hex(&mut shown, byte);
                    }
                }
                c => shown.push(c),
            }
        }
        for &byte in chunk.invalid() {
            hex(&mut shown, byte);
        }
    }
    Cow::Owned(shown)
}

fn hex(out: &mut String, byte: u8) {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    out.push('\\');
    out.push('x');
    out.push(char::from(DIGITS[usize::from(byte >> 4)]));
    out.push(char::from(DIGITS[usize::from(byte & 0xf)]));
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;

    fn shown(raw: &[u8]) -> String {
        path(Path::new(OsStr::from_bytes(raw))).into_owned()
    }

    #[test]
    fn printable_utf8_is_unchanged_and_borrowed() {
        assert!(matches!(
            path(Path::new("team/ana é.toml")),
            Cow::Borrowed("team/ana é.toml")
        ));
    }

    #[test]
    fn bytes_that_are_not_utf8_are_escaped() {
        assert_eq!(shown(b"./\xff.toml"), r"./\xff.toml");
        assert_eq!(shown(b"./\xfe.toml"), r"./\xfe.toml");
        assert_eq!(shown(b"caf\xc3.toml"), r"caf\xc3.toml");
    }

    #[test]
    fn control_characters_are_escaped() {
        assert_eq!(shown(b"a\nb\x1b[31m.toml"), r"a\x0ab\x1b[31m.toml");
        assert_eq!(shown("c\u{9b}.toml".as_bytes()), r"c\xc2\x9b.toml");
    }

    #[test]
    fn a_literal_backslash_cannot_pass_for_an_escape() {
        assert_eq!(shown(br"\xff.toml"), r"\\xff.toml");
        assert_ne!(shown(br"\xff.toml"), shown(b"\xff.toml"));
    }
}
