//! Imports: catalog files made from another tool's document. Each reads the document's text and
//! plans new files ([`crate::scaffold::NewFile`]) from the same skeletons `errdocs new` writes, so
//! what only a person can write stays a placeholder that `errdocs check` lists. Nothing here reads
//! or writes files (`cmd::import` does, and never replaces one).

pub mod openapi;
