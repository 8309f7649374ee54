//! Writing answers back as a TOML answers document.

use super::{Answers, Response};
use crate::core::rubric::Rubric;

impl Answers {
    /// The answers as a TOML answers document, in rubric order.
    pub fn to_toml(&self, rubric: &Rubric) -> String {
        use toml::{Table, Value};
        let mut doc = Table::new();
        doc.insert("rubric".into(), Value::String(self.rubric.clone()));
        if let Some(version) = self.rubric_version {
            doc.insert("rubric_version".into(), Value::Integer(version));
        }
        doc.insert("rater".into(), Value::String(self.rater.as_str().into()));
        if let Some(subject) = &self.subject {
            doc.insert("subject".into(), Value::String(subject.clone()));
        }
        if let Some(date) = self.date {
            doc.insert("date".into(), Value::Datetime(date.to_toml()));
        }
        if let Some(note) = &self.note {
            doc.insert("note".into(), Value::String(note.clone()));
        }
        let mut answers = Table::new();
        let mut evidence = Table::new();
        for (at, question) in rubric.questions() {
            if let Some(response) = &self.responses[at.flat] {
                let value = match response {
                    Response::Choice(i) => Value::Integer(one_based(*i)),
                    Response::Multi(list) => {
                        Value::Array(list.iter().map(|i| Value::Integer(one_based(*i))).collect())
                    }
                    Response::Text(text) => Value::String(text.clone()),
                    Response::Na => Value::String("na".into()),
                };
                answers.insert(question.id.clone(), value);
            }
            if let Some(example) = &self.evidence[at.flat] {
                evidence.insert(question.id.clone(), Value::String(example.clone()));
            }
        }
        doc.insert("answers".into(), Value::Table(answers));
        if !evidence.is_empty() {
            doc.insert("evidence".into(), Value::Table(evidence));
        }
        doc.to_string()
    }
}

fn one_based(index: usize) -> i64 {
    i64::try_from(index).map_or(i64::MAX, |i| i + 1)
}
