//! The global allocator of postlint's binaries (the `postlint` command and
//! the read+parse ceiling it is measured against): jemalloc where it builds,
//! the system allocator otherwise or without the `jemalloc` feature.
//!
//! A whole-site run makes millions of short-lived allocations on every
//! core (pulldown-cmark's events, front matter values, each file's
//! findings); with glibc's malloc they were a sixth of the instructions.

#[cfg(all(feature = "jemalloc", not(target_env = "msvc")))]
#[global_allocator]
static GLOBAL: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

/// jemalloc's options, read when it starts. One arena per CPU instead of
/// four: with a thread cache per thread the arenas are rarely contended,
/// and each arena holds its own partly used pages, so fewer of them keep
/// the peak resident memory where glibc's was. Linux only: elsewhere
/// jemalloc has no `sched_getcpu` and would complain on every run.
#[cfg(all(feature = "jemalloc", target_os = "linux"))]
#[allow(non_upper_case_globals)]
#[unsafe(export_name = "_rjem_malloc_conf")]
pub static malloc_conf: &[u8] = b"percpu_arena:percpu\0";
