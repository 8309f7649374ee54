//! The JSON report: the contract scripts read.

use super::Exporter;
use crate::core::report::Report;

/// Pretty-printed JSON with full-precision numbers.
#[derive(Debug, Clone, Copy, Default)]
pub struct Json;

impl Exporter for Json {
    fn render(&self, report: &Report) -> Vec<u8> {
        let mut bytes = serde_json::to_vec_pretty(report).unwrap_or_default();
        bytes.push(b'\n');
        bytes
    }
}
