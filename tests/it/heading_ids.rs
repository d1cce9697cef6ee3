//! Heading ids against the real generators' answers, frozen by
//! `scripts/heading-ids-oracle.py --write tests/data/heading-ids` from the
//! corpus built with Hugo 0.168 and Jekyll 4.3.1: for each file of each
//! corpus, the ids the built page's headings carry, in order, at the line
//! postlint finds each heading. CI has no Hugo or Jekyll; this keeps the
//! proof running there.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use postlint::document::{Document, heading_ids};
use postlint::site::Site;
use postlint::text::Source;

use crate::common::{corpus_root, repo_root};

/// `(line, id)` of every heading of `file`, as postlint computes them.
fn postlint_ids(site: &Site, file: &Path) -> Vec<(usize, String)> {
    let text = fs::read_to_string(file).expect("a corpus file reads");
    let doc = Document::parse_as(Source::from_text(text), site.flavor, site.markup(file));
    heading_ids(&doc, site.heading_id_rules(None))
        .into_iter()
        .map(|id| (doc.source.line_col(id.span.start).line, id.id))
        .collect()
}

#[test]
fn heading_ids_are_the_generators_on_every_corpus() {
    let Some(root) = corpus_root() else {
        return;
    };
    let data = repo_root().join("tests/data/heading-ids");
    let mut compared = 0;
    let mut wrong = Vec::new();
    for table in fs::read_dir(&data).expect("tests/data/heading-ids reads") {
        let table = table.expect("a data file").path();
        let name = table.file_stem().and_then(|s| s.to_str()).expect("a name");
        let corpus = root.join(name);
        let mut expected: BTreeMap<String, Vec<(usize, String)>> = BTreeMap::new();
        let text = fs::read_to_string(&table).expect("the table reads");
        for line in text
            .lines()
            .filter(|l| !l.starts_with('#') && !l.is_empty())
        {
            let mut cells = line.splitn(3, '\t');
            let (Some(file), Some(lineno), Some(id)) = (cells.next(), cells.next(), cells.next())
            else {
                panic!("{}: a row is file, line, id: {line:?}", table.display());
            };
            let lineno = lineno.parse().expect("a line number");
            expected
                .entry(file.to_string())
                .or_default()
                .push((lineno, id.to_string()));
        }
        for (file, ids) in expected {
            let path = corpus.join(&file);
            let site = Site::discover(&path)
                .expect("the site reads")
                .expect("a site around the corpus file");
            compared += ids.len();
            let ours = postlint_ids(&site, &path);
            if ours != ids {
                wrong.push(format!(
                    "{name}/{file}:\n  generator {ids:?}\n  postlint  {ours:?}"
                ));
            }
        }
    }
    assert!(compared > 0, "no ids compared");
    assert!(
        wrong.is_empty(),
        "{} files differ:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}
