//! `promo template`: a fillable answers file.

use anyhow::Result;

use super::Context;
use crate::cli::TemplateArgs;
use crate::core::template;
use crate::exit::OK;
use crate::writer;

/// Prints or writes the template.
pub fn run(context: &Context, args: &TemplateArgs) -> Result<u8> {
    let loaded = context.catalog.resolve(&args.rubric)?;
    let today = jiff::Zoned::now().date().to_string();
    let text = template::render(&loaded.rubric, &today);
    writer::emit(args.output.as_deref(), text.as_bytes())?;
    if let Some(path) = args.output.as_deref().filter(|p| p.as_os_str() != "-") {
        super::print_note(&format_args!(
            "Wrote {}. Fill it in, then: promo report {}",
            path.display(),
            path.display()
        ));
    }
    Ok(OK)
}
