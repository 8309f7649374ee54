//! The prompts the questionnaire needs, as a small trait: one terminal implementation, and one
//! scripted for tests.

pub mod dialoguer;
#[cfg(test)]
pub mod scripted;

use anyhow::Result;

/// What a person did at a prompt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reply<T> {
    /// They answered.
    Value(T),
    /// They pressed Esc: go back one step.
    Back,
    /// They pressed Ctrl-C: stop now.
    Interrupted,
}

/// The text around one prompt.
#[derive(Debug, Clone, Copy, Default)]
pub struct Ask<'a> {
    /// Lines shown above the prompt, such as where you are and the question itself; may be empty.
    pub header: &'a str,
    /// The short line the answer goes next to.
    pub prompt: &'a str,
}

/// What a multiselect offers.
#[derive(Debug, Clone, Copy)]
pub struct Checklist<'a> {
    /// The items, one line each.
    pub items: &'a [String],
    /// Which items start ticked.
    pub checked: &'a [bool],
    /// An item ("not yet", say) that cannot be ticked together with others, and what to say
    /// when it is. A prompter that can asks again after saying it; others leave the check to
    /// the caller.
    pub alone: Option<(usize, &'a str)>,
}

/// Asks a person things. Every method returns [`Reply::Back`] for Esc and
/// [`Reply::Interrupted`] for Ctrl-C; errors are failures of the terminal itself.
pub trait Prompter {
    /// Picks one of `items`; `default` is highlighted first.
    fn select(&mut self, ask: &Ask<'_>, items: &[String], default: usize) -> Result<Reply<usize>>;

    /// Ticks any number of the list's items (possibly none).
    fn multiselect(&mut self, ask: &Ask<'_>, list: &Checklist<'_>) -> Result<Reply<Vec<usize>>>;

    /// One line of text, starting from `initial`; Enter on an empty line returns "".
    fn input(&mut self, ask: &Ask<'_>, initial: &str) -> Result<Reply<String>>;

    /// Tells the person something: an introduction, a hint, why a question is asked again.
    fn say(&mut self, text: &str) -> Result<()>;

    /// Shows a title, such as the rubric's, emphasised where the prompter can.
    fn title(&mut self, text: &str) -> Result<()> {
        self.say(text)
    }

    /// Shows a hint, such as the keys to use, subdued where the prompter can.
    fn hint(&mut self, text: &str) -> Result<()> {
        self.say(text)
    }

    /// Sets what is said if Ctrl-C stops the program outside a prompt: where the answers are
    /// and how to go on. Prompters that cannot be stopped that way ignore it.
    fn on_stop(&mut self, _message: &str) {}
}
