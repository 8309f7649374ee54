//! The terminal prompter: dialoguer's coloured prompts on standard error, Esc to go back, and a
//! Ctrl-C that always gives the terminal back in a usable state.
//!
//! Ctrl-C reaches a program in two ways. While a prompt reads keys the terminal is in raw mode,
//! so console sees the key itself, raises SIGINT and the prompt fails with
//! [`io::ErrorKind::Interrupted`]; between prompts the terminal sends SIGINT directly. A SIGINT
//! handler sets a flag that the current or next prompt turns into [`Reply::Interrupted`]; if no
//! prompt takes it up within a moment, the handler restores the terminal and exits with 130
//! itself. Drafts are saved after every answer, so stopping loses nothing.

use std::fmt;
use std::io;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use ::dialoguer::theme::{ColorfulTheme, Theme};
use ::dialoguer::{MultiSelect, Select};
use anyhow::{Context as _, Result};
use console::{Key, Term, measure_text_width};

use super::{Ask, Checklist, Prompter, Reply};
use crate::exit::INTERRUPTED;
use crate::export::escape::terminal;

/// Set by the SIGINT handler.
static STOP_REQUESTED: AtomicBool = AtomicBool::new(false);
/// Set once a prompt has turned a Ctrl-C into [`Reply::Interrupted`].
static STOP_TAKEN: AtomicBool = AtomicBool::new(false);
/// What the handler prints if it has to stop the program itself.
static STOP_MESSAGE: Mutex<String> = Mutex::new(String::new());
/// How long the handler waits for a prompt to take up a Ctrl-C.
const GRACE: Duration = Duration::from_secs(2);
/// Text never runs wider than this, however wide the terminal.
const MAX_WIDTH: usize = 100;

/// Asks on standard error with dialoguer's [`ColorfulTheme`].
///
/// The screen reads as a log of questions and answers. Going back erases the blocks of the
/// questions being revisited, so the question asked again is the last thing on screen.
pub struct DialoguerPrompter {
    term: Term,
    theme: Marked,
    /// The questions on screen, oldest first: their header and the lines printed for them.
    blocks: Vec<Block>,
    /// The last prompt ended with Esc.
    went_back: bool,
}

/// One question's lines on screen.
struct Block {
    header: String,
    lines: usize,
}

impl DialoguerPrompter {
    /// A prompter on standard error. Installs the Ctrl-C handler (once per process) and
    /// remembers the terminal's settings so the handler can restore them.
    pub fn new() -> Self {
        tty::save();
        // A second prompter in the same process keeps the first handler, which is the same.
        let _ = ctrlc::set_handler(on_sigint);
        Self {
            term: Term::stderr(),
            theme: Marked(ColorfulTheme::default()),
            blocks: Vec::new(),
            went_back: false,
        }
    }

    /// Sets what is printed if Ctrl-C has to stop the program outside a prompt.
    fn set_stop_message(message: &str) {
        if let Ok(mut guard) = STOP_MESSAGE.lock() {
            *guard = terminal(message).into_owned();
        }
    }

    /// The width to wrap text to.
    fn width(&self) -> usize {
        usize::from(self.term.size().1).clamp(20, MAX_WIDTH)
    }

    /// Screen lines that `text` takes when written with a line break after it.
    fn lines_of(&self, text: &str) -> usize {
        let columns = usize::from(self.term.size().1).max(1);
        text.lines()
            .map(|line| measure_text_width(line).div_ceil(columns).max(1))
            .sum::<usize>()
            .max(1)
    }

    /// Writes a line that belongs to the current question's block.
    fn write_counted(&mut self, text: &str) -> io::Result<()> {
        self.term.write_line(text)?;
        let lines = self.lines_of(text);
        if let Some(block) = self.blocks.last_mut() {
            block.lines += lines;
        }
        Ok(())
    }

    /// After going back, erases everything from the earlier block of the question asked
    /// again, if it is all still on screen.
    fn erase_revisited(&mut self, header: &str) -> io::Result<()> {
        if !std::mem::take(&mut self.went_back) {
            return Ok(());
        }
        let Some(from) = self.blocks.iter().rposition(|b| b.header == header) else {
            return Ok(());
        };
        let lines: usize = self.blocks[from..].iter().map(|b| b.lines).sum();
        if lines < usize::from(self.term.size().0) {
            self.term.clear_last_lines(lines)?;
            self.blocks.truncate(from);
        }
        Ok(())
    }

    /// Prints a question's header: a blank line, where you are (dimmed), then the question.
    fn show_header(&mut self, header: &str) -> io::Result<()> {
        if header.is_empty() {
            return Ok(());
        }
        self.erase_revisited(header)?;
        self.blocks.push(Block {
            header: header.to_owned(),
            lines: 0,
        });
        let width = self.width() - 1;
        let options = textwrap::Options::new(width)
            .break_words(false)
            .word_splitter(textwrap::WordSplitter::NoHyphenation);
        self.write_counted("")?;
        for (n, line) in header.lines().enumerate() {
            for part in textwrap::wrap(line, &options) {
                let styled = if n == 0 {
                    console::style(part).for_stderr().cyan().to_string()
                } else {
                    console::style(part).for_stderr().bold().to_string()
                };
                self.write_counted(&styled)?;
            }
        }
        Ok(())
    }

    /// Erases the header just printed for a prompt the person left with Esc.
    fn clear_header(&mut self, header: &str) -> io::Result<()> {
        if !header.is_empty()
            && let Some(block) = self.blocks.pop()
        {
            self.term.clear_last_lines(block.lines)?;
        }
        Ok(())
    }

    /// Wraps option texts so each screen line is one counted line: dialoguer clears what it
    /// drew by counting lines, and a line the terminal wraps by itself would be left behind.
    fn wrap_items(&self, items: &[String], prefix: usize) -> Vec<String> {
        // Room for wide characters, which dialoguer counts in bytes.
        let width = self.width().saturating_sub(prefix + 8).max(16);
        let indent = " ".repeat(prefix);
        let options = textwrap::Options::new(width)
            .subsequent_indent(&indent)
            .word_splitter(textwrap::WordSplitter::NoHyphenation);
        items
            .iter()
            .map(|item| textwrap::wrap(item, &options).join("\n"))
            .collect()
    }

    /// How many options a page may show so that the question's header and the prompt line stay
    /// on screen (dialoguer's `max_length` counts items): as many whole items as fit.
    fn page_length(&self, wrapped: &[String]) -> usize {
        let rows = usize::from(self.term.size().0);
        let header = self.blocks.last().map_or(0, |b| b.lines);
        let tallest = wrapped
            .iter()
            .map(|item| item.lines().count().max(1))
            .max()
            .unwrap_or(1);
        // The prompt line, the page marker and a spare line for the cursor.
        let room = rows.saturating_sub(header + 3);
        (room / tallest).max(1)
    }

    /// The line that reports an answer, wrapped at spaces to the width questions use.
    fn wrap_report(&self, report: &str) -> String {
        let options = textwrap::Options::new(self.width() - 1)
            .break_words(false)
            .subsequent_indent("  ")
            .word_splitter(textwrap::WordSplitter::NoHyphenation);
        textwrap::wrap(report, options).join("\n")
    }

    /// Runs one prompt, turning Esc, Ctrl-C and a pending stop request into replies. The
    /// prompt returns its value and the line that reports the answer.
    fn guard<T>(
        &mut self,
        header: &str,
        prompt: impl FnOnce(&Self) -> io::Result<Option<(T, String)>>,
    ) -> Result<Reply<T>> {
        if STOP_REQUESTED.load(Ordering::SeqCst) {
            return self.stopped();
        }
        self.show_header(header)
            .context("cannot write to the terminal")?;
        match prompt(self) {
            Ok(Some((value, report))) => {
                let report = self.wrap_report(&report);
                self.write_counted(&report)
                    .context("cannot write to the terminal")?;
                Ok(Reply::Value(value))
            }
            Ok(None) => {
                self.clear_header(header)
                    .context("cannot write to the terminal")?;
                self.went_back = true;
                Ok(Reply::Back)
            }
            Err(error) if error.kind() == io::ErrorKind::Interrupted => self.stopped(),
            Err(error) => Err(error).context("the terminal stopped answering"),
        }
    }

    fn stopped<T>(&self) -> Result<Reply<T>> {
        STOP_TAKEN.store(true, Ordering::SeqCst);
        let _ = self.term.show_cursor();
        let _ = self.term.write_line("");
        Ok(Reply::Interrupted)
    }

    /// A multiselect; with `alone`, ticking that item together with others reports `refusal`
    /// instead of the answer, and marks the reply as refused so the caller asks again.
    fn multi(
        &mut self,
        ask: &Ask<'_>,
        items: &[String],
        checked: &[bool],
        alone: Option<(usize, &str, &std::cell::Cell<bool>)>,
    ) -> Result<Reply<Vec<usize>>> {
        let shown = Escaped::new(ask, items);
        let (ask, items) = (&shown.ask(), shown.items.as_slice());
        self.guard(ask.header, |this| {
            let wrapped = this.wrap_items(items, 4);
            let ticked = MultiSelect::with_theme(&this.theme)
                .with_prompt(ask.prompt)
                .items(&wrapped)
                .max_length(this.page_length(&wrapped))
                .defaults(checked)
                .report(false)
                .interact_on_opt(&this.term)
                .map_err(io_error)?;
            Ok(ticked.map(|ticked| {
                if let Some((alone, refusal, refused)) = alone
                    && ticked.contains(&alone)
                    && ticked.len() > 1
                {
                    refused.set(true);
                    let line = console::style(terminal(refusal))
                        .for_stderr()
                        .yellow()
                        .to_string();
                    return (ticked, line);
                }
                // One behaviour after another, each without its closing full stop, so the
                // line does not read "…involved., I kept going…".
                let chosen: Vec<&str> = ticked
                    .iter()
                    .filter_map(|&i| items.get(i).map(|s| s.trim().trim_end_matches('.')))
                    .collect();
                let joined = if chosen.is_empty() {
                    "none of these".to_owned()
                } else {
                    chosen.join("; ")
                };
                let mut line = String::new();
                let _ = this.theme.format_multi_select_prompt_selection(
                    &mut line,
                    ask.prompt,
                    &[joined.as_str()],
                );
                (ticked, line)
            }))
        })
    }

    /// A one-line input that, unlike dialoguer's, lets Esc go back. Drawn with the theme so it
    /// looks like the other prompts; text is added and removed at the end.
    fn read_line(&self, prompt: &str, initial: &str) -> io::Result<Option<(String, String)>> {
        let mut text: Vec<char> = initial.chars().collect();
        let mut drawn = 0;
        loop {
            drawn = self.draw_input(prompt, &text, drawn)?;
            match self.term.read_key()? {
                Key::Enter => break,
                Key::Escape => {
                    self.clear_drawn(drawn)?;
                    return Ok(None);
                }
                Key::Backspace => {
                    text.pop();
                }
                Key::Char(c) if !c.is_control() => text.push(c),
                _ => {}
            }
        }
        self.clear_drawn(drawn)?;
        let text: String = text.into_iter().collect();
        let shown = if text.trim().is_empty() {
            "skipped"
        } else {
            text.as_str()
        };
        let mut line = String::new();
        let _ = self
            .theme
            .format_input_prompt_selection(&mut line, prompt, shown);
        Ok(Some((text, line)))
    }

    /// Draws the input line after clearing the previous drawing; returns the lines it takes.
    fn draw_input(&self, prompt: &str, text: &[char], drawn: usize) -> io::Result<usize> {
        self.clear_drawn(drawn)?;
        let mut line = String::new();
        let _ = self.theme.format_input_prompt(&mut line, prompt, None);
        line.extend(text);
        self.term.write_str(&line)?;
        self.term.flush()?;
        let columns = usize::from(self.term.size().1).max(1);
        Ok(measure_text_width(&line).div_ceil(columns).max(1))
    }

    fn clear_drawn(&self, drawn: usize) -> io::Result<()> {
        if drawn > 0 {
            self.term.clear_line()?;
            self.term.clear_last_lines(drawn - 1)?;
        }
        Ok(())
    }
}

impl Default for DialoguerPrompter {
    fn default() -> Self {
        Self::new()
    }
}

/// [`ColorfulTheme`], with the multiselect's current row marked by `❯` as well as by colour,
/// so it can be found without colour (`NO_COLOR`, a monochrome terminal).
struct Marked(ColorfulTheme);

impl Theme for Marked {
    fn format_prompt(&self, f: &mut dyn fmt::Write, prompt: &str) -> fmt::Result {
        self.0.format_prompt(f, prompt)
    }

    fn format_error(&self, f: &mut dyn fmt::Write, err: &str) -> fmt::Result {
        self.0.format_error(f, err)
    }

    fn format_input_prompt(
        &self,
        f: &mut dyn fmt::Write,
        prompt: &str,
        default: Option<&str>,
    ) -> fmt::Result {
        self.0.format_input_prompt(f, prompt, default)
    }

    fn format_input_prompt_selection(
        &self,
        f: &mut dyn fmt::Write,
        prompt: &str,
        sel: &str,
    ) -> fmt::Result {
        self.0.format_input_prompt_selection(f, prompt, sel)
    }

    fn format_select_prompt(&self, f: &mut dyn fmt::Write, prompt: &str) -> fmt::Result {
        self.0.format_select_prompt(f, prompt)
    }

    fn format_select_prompt_selection(
        &self,
        f: &mut dyn fmt::Write,
        prompt: &str,
        sel: &str,
    ) -> fmt::Result {
        self.0.format_select_prompt_selection(f, prompt, sel)
    }

    fn format_select_prompt_item(
        &self,
        f: &mut dyn fmt::Write,
        text: &str,
        active: bool,
    ) -> fmt::Result {
        self.0.format_select_prompt_item(f, text, active)
    }

    fn format_multi_select_prompt(&self, f: &mut dyn fmt::Write, prompt: &str) -> fmt::Result {
        self.0.format_multi_select_prompt(f, prompt)
    }

    fn format_multi_select_prompt_selection(
        &self,
        f: &mut dyn fmt::Write,
        prompt: &str,
        selections: &[&str],
    ) -> fmt::Result {
        self.0
            .format_multi_select_prompt_selection(f, prompt, selections)
    }

    fn format_multi_select_prompt_item(
        &self,
        f: &mut dyn fmt::Write,
        text: &str,
        checked: bool,
        active: bool,
    ) -> fmt::Result {
        let marker = if active {
            &self.0.active_item_prefix
        } else {
            &self.0.inactive_item_prefix
        };
        write!(f, "{marker} ")?;
        self.0
            .format_multi_select_prompt_item(f, text, checked, active)
    }
}

fn io_error(error: ::dialoguer::Error) -> io::Error {
    error.into()
}

/// A question and its items with every text passed through the terminal escaper: the prompts
/// quote rubric titles, dimensions, questions, options and earlier answers, which come from files.
struct Escaped {
    header: String,
    prompt: String,
    items: Vec<String>,
}

impl Escaped {
    fn new(ask: &Ask<'_>, items: &[String]) -> Self {
        Self {
            header: terminal(ask.header).into_owned(),
            prompt: terminal(ask.prompt).into_owned(),
            items: items
                .iter()
                .map(|item| terminal(item).into_owned())
                .collect(),
        }
    }

    fn ask(&self) -> Ask<'_> {
        Ask {
            header: &self.header,
            prompt: &self.prompt,
        }
    }
}

impl Prompter for DialoguerPrompter {
    fn on_stop(&mut self, message: &str) {
        Self::set_stop_message(message);
    }

    fn select(&mut self, ask: &Ask<'_>, items: &[String], default: usize) -> Result<Reply<usize>> {
        let shown = Escaped::new(ask, items);
        let (ask, items) = (&shown.ask(), shown.items.as_slice());
        self.guard(ask.header, |this| {
            let wrapped = this.wrap_items(items, 2);
            let chosen = Select::with_theme(&this.theme)
                .with_prompt(ask.prompt)
                .items(&wrapped)
                .max_length(this.page_length(&wrapped))
                .default(default.min(items.len().saturating_sub(1)))
                .report(false)
                .interact_on_opt(&this.term)
                .map_err(io_error)?;
            Ok(chosen.map(|index| {
                let mut line = String::new();
                let _ = this.theme.format_select_prompt_selection(
                    &mut line,
                    ask.prompt,
                    items.get(index).map_or("", String::as_str),
                );
                (index, line)
            }))
        })
    }

    fn multiselect(&mut self, ask: &Ask<'_>, list: &Checklist<'_>) -> Result<Reply<Vec<usize>>> {
        let Some((alone, refusal)) = list.alone else {
            return self.multi(ask, list.items, list.checked, None);
        };
        let mut checked = list.checked.to_vec();
        loop {
            let refused = std::cell::Cell::new(false);
            let reply = self.multi(ask, list.items, &checked, Some((alone, refusal, &refused)))?;
            match reply {
                Reply::Value(ticks) if refused.get() => {
                    checked = (0..list.items.len()).map(|k| ticks.contains(&k)).collect();
                }
                other => return Ok(other),
            }
        }
    }

    fn input(&mut self, ask: &Ask<'_>, initial: &str) -> Result<Reply<String>> {
        let (header, prompt, initial) = (
            terminal(ask.header),
            terminal(ask.prompt),
            terminal(initial),
        );
        self.guard(&header, |this| this.read_line(&prompt, &initial))
    }

    fn say(&mut self, text: &str) -> Result<()> {
        self.write_counted(&terminal(text))
            .context("cannot write to the terminal")
    }

    fn title(&mut self, text: &str) -> Result<()> {
        let styled = console::style(terminal(text))
            .for_stderr()
            .bold()
            .to_string();
        self.write_counted(&styled)
            .context("cannot write to the terminal")
    }

    fn hint(&mut self, text: &str) -> Result<()> {
        let styled = console::style(terminal(text))
            .for_stderr()
            .dim()
            .to_string();
        self.write_counted(&styled)
            .context("cannot write to the terminal")
    }
}

/// The SIGINT handler: ask the prompts to stop, and stop the program if none does in time.
fn on_sigint() {
    STOP_REQUESTED.store(true, Ordering::SeqCst);
    let deadline = Instant::now() + GRACE;
    while Instant::now() < deadline {
        if STOP_TAKEN.load(Ordering::SeqCst) {
            return;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    tty::restore();
    crate::writer::remove_temp_files();
    let term = Term::stderr();
    let _ = term.show_cursor();
    let message = STOP_MESSAGE.lock().map(|m| m.clone()).unwrap_or_default();
    if !message.is_empty() {
        let _ = term.write_line("");
        let _ = term.write_line(&message);
    }
    std::process::exit(i32::from(INTERRUPTED));
}

/// Saving and restoring the terminal's settings, for a stop outside a prompt.
#[cfg(unix)]
mod tty {
    use std::sync::Mutex;

    use nix::sys::termios::{SetArg, Termios, tcgetattr, tcsetattr};

    static SAVED: Mutex<Option<Termios>> = Mutex::new(None);

    /// Remembers standard input's terminal settings.
    pub fn save() {
        if let Ok(settings) = tcgetattr(std::io::stdin())
            && let Ok(mut saved) = SAVED.lock()
        {
            *saved = Some(settings);
        }
    }

    /// Puts back the remembered settings (raw mode off, echo on).
    pub fn restore() {
        if let Ok(saved) = SAVED.lock()
            && let Some(settings) = saved.as_ref()
        {
            let _ = tcsetattr(std::io::stdin(), SetArg::TCSANOW, settings);
        }
    }
}

#[cfg(not(unix))]
mod tty {
    /// Nothing to remember off Unix.
    pub fn save() {}
    /// Nothing to restore off Unix.
    pub fn restore() {}
}
