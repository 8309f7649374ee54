//! A prompter that plays back a script of key presses and records what it was asked, for tests.

use std::collections::VecDeque;

use anyhow::{Result, bail};

use super::{Ask, Checklist, Prompter, Reply};

/// One thing the person does at a prompt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Key {
    /// Picks item `n` (0-based) of a select.
    Choose(usize),
    /// Ticks exactly these items (0-based) of a multiselect.
    Tick(Vec<usize>),
    /// Types this text into an input, replacing what was there.
    Type(String),
    /// Presses Enter at once: keeps the default, the ticks or the text already there.
    Enter,
    /// Presses Esc.
    Esc,
    /// Presses Ctrl-C.
    CtrlC,
}

/// The kind of prompt that was shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// [`Prompter::select`].
    Select,
    /// [`Prompter::multiselect`].
    Multi,
    /// [`Prompter::input`].
    Input,
}

/// What was preset when a prompt was shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Preset {
    /// The highlighted item of a select.
    Index(usize),
    /// The ticked items of a multiselect.
    Checked(Vec<bool>),
    /// The text already in an input.
    Text(String),
}

/// One prompt as it was shown.
#[derive(Debug, Clone, PartialEq)]
pub struct Call {
    /// Which prompt.
    pub kind: Kind,
    /// Its header.
    pub header: String,
    /// Its prompt line.
    pub prompt: String,
    /// Its items (empty for an input).
    pub items: Vec<String>,
    /// What was preset.
    pub preset: Preset,
}

/// Plays back [`Key`]s in order. Running out of keys, or a key that does not fit the prompt
/// (ticks at a select, say), is an error, so a test cannot pass by accident.
#[derive(Debug, Default)]
pub struct Scripted {
    keys: VecDeque<Key>,
    /// Every prompt shown, in order.
    pub calls: Vec<Call>,
    /// Everything said with [`Prompter::say`], in order.
    pub said: Vec<String>,
}

impl Scripted {
    /// A prompter that will press `keys`, in order.
    pub fn new(keys: impl IntoIterator<Item = Key>) -> Self {
        Self {
            keys: keys.into_iter().collect(),
            calls: Vec::new(),
            said: Vec::new(),
        }
    }

    /// The keys not pressed yet.
    pub fn remaining(&self) -> usize {
        self.keys.len()
    }

    fn next(&mut self, call: Call) -> Result<Key> {
        let shown = format!("{:?} \"{}\" {}", call.kind, call.prompt, call.header);
        self.calls.push(call);
        match self.keys.pop_front() {
            Some(key) => Ok(key),
            None => bail!("the script ran out of keys at {shown}"),
        }
    }
}

fn unexpected<T>(key: &Key, kind: Kind) -> Result<Reply<T>> {
    bail!("the script pressed {key:?} at a {kind:?} prompt")
}

impl Prompter for Scripted {
    fn select(&mut self, ask: &Ask<'_>, items: &[String], default: usize) -> Result<Reply<usize>> {
        let key = self.next(Call {
            kind: Kind::Select,
            header: ask.header.to_owned(),
            prompt: ask.prompt.to_owned(),
            items: items.to_vec(),
            preset: Preset::Index(default),
        })?;
        match key {
            Key::Choose(n) if n < items.len() => Ok(Reply::Value(n)),
            Key::Enter => Ok(Reply::Value(default)),
            Key::Esc => Ok(Reply::Back),
            Key::CtrlC => Ok(Reply::Interrupted),
            other => unexpected(&other, Kind::Select),
        }
    }

    fn multiselect(&mut self, ask: &Ask<'_>, list: &Checklist<'_>) -> Result<Reply<Vec<usize>>> {
        let Checklist { items, checked, .. } = *list;
        let key = self.next(Call {
            kind: Kind::Multi,
            header: ask.header.to_owned(),
            prompt: ask.prompt.to_owned(),
            items: items.to_vec(),
            preset: Preset::Checked(checked.to_vec()),
        })?;
        match key {
            Key::Tick(ticks) if ticks.iter().all(|&n| n < items.len()) => Ok(Reply::Value(ticks)),
            Key::Enter => Ok(Reply::Value(
                (0..items.len())
                    .filter(|&i| checked.get(i).copied().unwrap_or(false))
                    .collect(),
            )),
            Key::Esc => Ok(Reply::Back),
            Key::CtrlC => Ok(Reply::Interrupted),
            other => unexpected(&other, Kind::Multi),
        }
    }

    fn input(&mut self, ask: &Ask<'_>, initial: &str) -> Result<Reply<String>> {
        let key = self.next(Call {
            kind: Kind::Input,
            header: ask.header.to_owned(),
            prompt: ask.prompt.to_owned(),
            items: Vec::new(),
            preset: Preset::Text(initial.to_owned()),
        })?;
        match key {
            Key::Type(text) => Ok(Reply::Value(text)),
            Key::Enter => Ok(Reply::Value(initial.to_owned())),
            Key::Esc => Ok(Reply::Back),
            Key::CtrlC => Ok(Reply::Interrupted),
            other => unexpected(&other, Kind::Input),
        }
    }

    fn say(&mut self, text: &str) -> Result<()> {
        self.said.push(text.to_owned());
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn items(n: usize) -> Vec<String> {
        (0..n).map(|i| format!("item {i}")).collect()
    }

    #[test]
    fn plays_keys_in_order_and_records_the_prompts() {
        let mut p = Scripted::new([
            Key::Enter,
            Key::Tick(vec![0, 2]),
            Key::Type("hi".into()),
            Key::Esc,
        ]);
        let ask = Ask {
            header: "h",
            prompt: "p",
        };
        assert_eq!(p.select(&ask, &items(3), 1).unwrap(), Reply::Value(1));
        let list = Checklist {
            items: &items(3),
            checked: &[false; 3],
            alone: None,
        };
        assert_eq!(
            p.multiselect(&ask, &list).unwrap(),
            Reply::Value(vec![0, 2])
        );
        assert_eq!(p.input(&ask, "").unwrap(), Reply::Value("hi".into()));
        assert_eq!(p.input(&ask, "x").unwrap(), Reply::Back);
        assert_eq!(p.calls.len(), 4);
        assert_eq!(p.calls[3].preset, Preset::Text("x".into()));
    }

    #[test]
    fn a_wrong_or_missing_key_is_an_error() {
        let ask = Ask::default();
        let mut p = Scripted::new([Key::Tick(vec![0]), Key::Choose(5)]);
        assert!(p.select(&ask, &items(2), 0).is_err());
        assert!(p.select(&ask, &items(2), 0).is_err());
        assert!(p.select(&ask, &items(2), 0).is_err());
    }
}
