//! The heading ids postlint computes for content files, as the generator
//! would make them: what `scripts/heading-ids-oracle.py` compares with the
//! ids of a site built by the real Hugo or Jekyll.
//!
//!   cargo run --release --example heading_ids -- FILE...
//!
//! Prints one line per id, tab-separated: the file as given, the heading's
//! line (1-based), the id, its kind (`heading`, `html`, `term`) and `exact`
//! or `guess` (the text holds a template call postlint does not render).
//! Each file is read in the site found around it.

use std::path::Path;
use std::process::ExitCode;

use postlint::document::{Document, IdKind, heading_ids};
use postlint::site::Site;
use postlint::text::Source;

fn main() -> ExitCode {
    let mut status = ExitCode::SUCCESS;
    for arg in std::env::args().skip(1) {
        if let Err(err) = print_ids(Path::new(&arg), &arg) {
            eprintln!("heading_ids: {arg}: {err}");
            status = ExitCode::FAILURE;
        }
    }
    status
}

fn print_ids(path: &Path, shown: &str) -> Result<(), String> {
    let site = Site::discover(path)
        .map_err(|err| err.to_string())?
        .ok_or("no Hugo or Jekyll site around it")?;
    let text = std::fs::read_to_string(path).map_err(|err| err.to_string())?;
    let source = Source::from_text(text);
    let doc = Document::parse_as(source, site.flavor, site.markup(path));
    for id in heading_ids(&doc, site.heading_id_rules(None)) {
        let line = doc.source.line_col(id.span.start).line;
        let kind = match id.kind {
            IdKind::Heading => "heading",
            IdKind::HtmlHeading => "html",
            IdKind::Term => "term",
        };
        let exact = if id.exact { "exact" } else { "guess" };
        println!("{shown}\t{line}\t{}\t{kind}\t{exact}", id.id);
    }
    Ok(())
}
