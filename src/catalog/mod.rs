//! The catalog: the model (plain data), loading it from `content/`, and resolving it into one
//! consistent whole.

pub mod load;
pub mod model;
pub mod reason;
pub mod resolve;

pub use load::{Loaded, RawCatalog, RawFile, Source, load_catalog, parse_content, read_content};
pub use resolve::{Catalog, Link, resolve};
