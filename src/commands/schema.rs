//! `promo schema`: the JSON Schema (draft-07) of rubric, answers, journal and plan files, for editors.

use anyhow::{Context as _, Result};
use schemars::JsonSchema;
use schemars::generate::SchemaSettings;

use crate::cli::{SchemaArgs, SchemaKind};
use crate::core::answers::AnswersFile;
use crate::core::journal::EntryFile;
use crate::core::plan::ItemFile;
use crate::core::rubric::RubricFile;
use crate::exit::OK;
use crate::writer::write_stdout;

/// The schema of one kind of file, pretty-printed JSON ending in a newline.
///
/// This is exactly what the copies under `rubrics/schema/` hold.
pub fn render(kind: SchemaKind) -> Result<String> {
    let schema = match kind {
        SchemaKind::Rubric => draft07::<RubricFile>(),
        SchemaKind::Answers => draft07::<AnswersFile>(),
        SchemaKind::Journal => draft07::<EntryFile>(),
        SchemaKind::Plan => draft07::<ItemFile>(),
    };
    let mut text =
        serde_json::to_string_pretty(&schema).context("cannot serialise the JSON Schema")?;
    text.push('\n');
    Ok(text)
}

fn draft07<T: JsonSchema>() -> schemars::Schema {
    SchemaSettings::draft07()
        .into_generator()
        .into_root_schema_for::<T>()
}

/// Prints the schema on standard output.
pub fn run(args: &SchemaArgs) -> Result<u8> {
    write_stdout(render(args.kind)?.as_bytes())?;
    Ok(OK)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn committed(name: &str) -> String {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("rubrics/schema")
            .join(name);
        std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
    }

    #[test]
    fn committed_schemas_match_the_types() {
        for (kind, word) in [
            (SchemaKind::Rubric, "rubric"),
            (SchemaKind::Answers, "answers"),
            (SchemaKind::Journal, "journal"),
            (SchemaKind::Plan, "plan"),
        ] {
            let file = format!("{word}.schema.json");
            assert!(
                committed(&file) == render(kind).unwrap(),
                "rubrics/schema/{file} is out of date with the {word} types; regenerate it with\n    cargo run -- schema {word} > rubrics/schema/{file}\nand commit the result"
            );
        }
    }

    #[test]
    fn schemas_are_draft_07_and_strict() {
        let rubric: serde_json::Value =
            serde_json::from_str(&render(SchemaKind::Rubric).unwrap()).unwrap();
        assert_eq!(rubric["$schema"], "http://json-schema.org/draft-07/schema#");
        assert_eq!(rubric["additionalProperties"], false);
        assert_eq!(rubric["properties"]["id"]["type"], "string");
        assert!(rubric["definitions"]["QuestionFile"].is_object());
        let answers: serde_json::Value =
            serde_json::from_str(&render(SchemaKind::Answers).unwrap()).unwrap();
        assert_eq!(answers["required"], serde_json::json!(["rubric"]));
    }
}
