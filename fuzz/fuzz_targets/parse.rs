//! The Document parser over arbitrary bytes: front matter split and parse
//! (YAML, TOML, JSON), the shortcode and Liquid lexers, the Markdown pass
//! and image extraction, in both flavors. Asserts the span and line/column
//! invariants of `tests/it/common/invariants.rs`, not just "no panic".

#![no_main]

use libfuzzer_sys::fuzz_target;
use postlint::document::Document;
use postlint::text::Source;
use postlint::generator::Flavor;

#[path = "../../tests/it/common/invariants.rs"]
mod invariants;

fuzz_target!(|data: &[u8]| {
    for flavor in [Flavor::Hugo, Flavor::Jekyll] {
        let doc = Document::parse(Source::from_bytes(data.to_vec()), flavor);
        invariants::document_ok(&doc);
    }
});
