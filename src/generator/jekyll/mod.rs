//! Jekyll: its config, front matter fields and dates, and how it names
//! documents and gives them URLs.

pub mod config;
pub mod dates;
pub mod fields;
pub mod heading_ids;
pub mod names;
pub mod tags;
pub mod urls;

pub use config::Config;
