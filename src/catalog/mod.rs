//! The catalog: the model (plain data), loading it from `content/`, and resolving it into one
//! consistent whole.

pub mod guard;
pub mod load;
pub mod model;
pub mod placeholder;
pub mod reason;
pub mod resolve;

pub use load::{Loaded, Parsed, RawCatalog, Source, load_catalog, parse_source};
pub use resolve::{Catalog, Link, resolve};
