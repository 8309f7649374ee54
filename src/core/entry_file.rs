//! The small TOML files the journal and the plan keep, one per entry: reading one with errors
//! that name the file and line, and writing one as a comment line and plain TOML. Pure.

use serde::de::DeserializeOwned;

use super::date::Date;
use super::error::{Invalid, Problem, from_toml_error};

/// A kind of entry file: what one is called and which `promo schema` prints its schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Kind {
    /// What one is called in messages: `journal entry`, `plan item`.
    pub noun: &'static str,
    /// The argument of `promo schema` that prints its schema.
    pub schema: &'static str,
}

impl Kind {
    /// Reads a file's TOML as `F`; errors name the file and line.
    pub fn read<F: DeserializeOwned>(self, source: &str, origin: &str) -> Result<F, Invalid> {
        toml::from_str(source)
            .map_err(|e| Invalid::one(self.noun, origin, from_toml_error(source, &e)))
    }

    /// A file that reads as TOML but holds something promo cannot keep.
    pub fn invalid(self, origin: &str, message: impl Into<String>) -> Invalid {
        Invalid::one(self.noun, origin, Problem::new(message))
    }

    /// The file text: a comment saying what the file is, then `fields` as plain TOML.
    pub fn write(self, fields: &Fields) -> String {
        format!(
            "# promo {} (`promo schema {}` prints its schema)\n{}",
            self.noun,
            self.schema,
            toml::to_string(&fields.0).unwrap_or_default()
        )
    }
}

/// An entry file's fields, written in the order they are added; absent optional ones are left
/// out.
#[derive(Debug, Default)]
pub struct Fields(toml::Table);

impl Fields {
    /// Adds a string.
    #[must_use]
    pub fn text(mut self, key: &str, value: &str) -> Self {
        self.0.insert(key.into(), value.into());
        self
    }

    /// Adds a date.
    #[must_use]
    pub fn date(mut self, key: &str, value: Date) -> Self {
        self.0
            .insert(key.into(), toml::Value::Datetime(value.to_toml()));
        self
    }

    /// Adds a list of strings.
    #[must_use]
    pub fn list(mut self, key: &str, values: &[String]) -> Self {
        let values = values.iter().map(|v| v.as_str().into()).collect();
        self.0.insert(key.into(), toml::Value::Array(values));
        self
    }

    /// Adds a string when there is one.
    #[must_use]
    pub fn text_if(self, key: &str, value: Option<&str>) -> Self {
        match value {
            Some(value) => self.text(key, value),
            None => self,
        }
    }

    /// Adds a date when there is one.
    #[must_use]
    pub fn date_if(self, key: &str, value: Option<Date>) -> Self {
        match value {
            Some(value) => self.date(key, value),
            None => self,
        }
    }
}
