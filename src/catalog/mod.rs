//! The catalog: the model (plain data), loading it from `content/`, and resolving it into one
//! consistent whole.

pub mod cache;
mod fields;
pub mod guard;
mod keys;
pub mod kind;
pub mod load;
pub mod model;
pub mod placeholder;
pub mod reason;
pub mod resolve;

pub use kind::{Item, Kind};
pub use load::{
    Loaded, Parsed, RawCatalog, RawFile, Source, load_catalog, parse_content, parse_source,
    read_content,
};
pub use resolve::{Catalog, Link, resolve};
