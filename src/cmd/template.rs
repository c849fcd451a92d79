//! `plancheck template`: a starting file for new users.

use std::io::Write;

use anyhow::Context;

use crate::cli::TemplateArgs;
use crate::console::{CANNOT_WRITE, stdout};
use crate::pipeline::Outcome;
use crate::read::Encoding;
use crate::render;

pub fn run(args: &TemplateArgs) -> anyhow::Result<Outcome> {
    let mut out = render::encoded(stdout(), Encoding::Utf8, args.bom).context(CANNOT_WRITE)?;
    out.write_all(render::template(args.lang, args.layout).as_bytes())
        .and_then(|()| out.flush())
        .context(CANNOT_WRITE)?;
    Ok(Outcome::Success)
}
