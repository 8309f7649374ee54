//! The JSON report: the contract scripts read.

use super::{Exporter, pretty_json};
use crate::core::report::Report;

/// Pretty-printed JSON with full-precision numbers.
#[derive(Debug, Clone, Copy, Default)]
pub struct Json;

impl Exporter<Report> for Json {
    fn render(&self, report: &Report) -> Vec<u8> {
        pretty_json(report)
    }
}
