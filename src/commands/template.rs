//! `promo template`: a fillable answers file.

use anyhow::Result;

use super::Context;
use crate::cli::TemplateArgs;
use crate::core::template;
use crate::datadir::DataDir;
use crate::exit::{Failure, OK};
use crate::invocation::command;
use crate::profile::Profile;
use crate::show::Shown;
use crate::writer;

/// Prints or writes the template.
pub fn run(context: &Context, args: &TemplateArgs) -> Result<u8> {
    let target = args.output.as_deref().filter(|p| p.as_os_str() != "-");
    if let Some(path) = target
        && !args.force
        && std::fs::metadata(path).is_ok_and(|m| m.is_file())
    {
        return Err(Failure::usage(format!(
            "{} already exists and may hold your answers; add --force to replace it, or choose another file",
            Shown(path)
        ))
        .into());
    }
    let loaded = context.catalog.resolve(&args.rubric)?;
    let today = jiff::Zoned::now().date().to_string();
    // Your own name, when promo knows it (a data directory that cannot be found has none).
    let name = DataDir::resolve(context.data_dir.as_deref())
        .ok()
        .and_then(|data| Profile::new(&data).name().known().map(str::to_owned));
    let text = template::render(&loaded.rubric, &today, name.as_deref());
    writer::emit(args.output.as_deref(), text.as_bytes())?;
    if let Some(path) = target {
        super::print_note(&format_args!(
            "Wrote {}. Fill it in, then: {}",
            Shown(path),
            command(&format!(
                "report {}{}",
                shell_words::quote(&path.to_string_lossy()),
                rubric_flag(&loaded)
            ))
        ));
    }
    Ok(OK)
}

/// `--rubric FILE` for a rubric that is not built in: the answers name its id, which only
/// the built-in ones answer to everywhere.
fn rubric_flag(loaded: &crate::catalog::Loaded) -> String {
    if loaded.is_built_in() {
        return String::new();
    }
    let path = std::path::absolute(&loaded.origin)
        .map_or_else(|_| loaded.origin.clone(), |p| p.display().to_string());
    format!(" --rubric {}", shell_words::quote(&path))
}
