//! The catalog: the model (plain data), loading it from `content/`, and resolving it into one
//! consistent whole.

pub mod load;
pub mod model;
pub mod placeholder;
pub mod reason;
pub mod resolve;

pub use load::{Loaded, RawCatalog, Source, load_catalog};
pub use resolve::{Catalog, Link, resolve};
