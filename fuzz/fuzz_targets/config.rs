//! The configuration readers over arbitrary bytes: `postlint.toml`, a
//! site config (TOML, YAML, JSON) read as Hugo's and as Jekyll's, and what
//! Hugo's modules read (`go.mod`, `go.work`, `_vendor/modules.txt`). Asserts
//! `config_ok` of `tests/it/common/invariants.rs`: a bad config is an
//! error, never a panic.

#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../../tests/it/common/invariants.rs"]
mod invariants;

fuzz_target!(|data: &[u8]| {
    invariants::config_ok(data);
});
