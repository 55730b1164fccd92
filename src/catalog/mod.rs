//! The catalog: the model (plain data), loading it from `content/`, and resolving it into one
//! consistent whole.

pub mod model;
