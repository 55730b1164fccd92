//! Request samples: from one [`Request`] (data) to the code a reader copies, in every language.
//!
//! Each target emits [`Line`]s of classed tokens while it writes the code, so highlighting is exact
//! and needs no second parse, and each line says which part of the request it carries ([`Part`]), so an
//! incorrect/correct pair can mark the lines that differ in every language. This module owns the
//! generators only: it reads no files and renders no HTML.
//!
//! The shared work is split by concern, one module each, so that each behaviour has one
//! implementation:
//! - `lines`: the generated [`Lines`], the [`Part`] each line carries, highlighting [`Class`]es;
//! - `code`: the writer every generator writes with, into lines or a [`Sink`];
//! - `lang`: the target [`Lang`]uages;
//! - `piece`: `${NAME}` placeholders as [`Piece`]s, substituted, faked and listed;
//! - `prepared`: what every language needs of a request, worked out once ([`Prepared`]);
//! - `url`: percent-encoding and the one builder of queries and form bodies;
//! - `wire`: the header fields and body as sent;
//! - `escape`: the one configurable string-literal escaper;
//! - `json`: a JSON value as a literal; `shell`: POSIX shell words.
//!
//! Each language has a module of its own that writes its code with these.

mod code;
mod escape;
mod json;
mod lang;
mod lines;
mod piece;
mod prepared;
mod shell;
mod url;
mod wire;

mod csharp;
mod curl;
mod go;
mod http;
mod httpie;
mod java;
mod javascript;
mod php;
mod powershell;
mod python;
mod ruby;
mod rust;

pub use code::Sink;
pub use lang::Lang;
pub use lines::{Class, Iter, Line, Lines, Part, to_text};
pub use piece::{
    Piece, fake_value, pieces, placeholder_names, resolve, substitute, with_fake_values,
};
pub use prepared::Prepared;
pub use url::{encode_component, full_url};
pub use wire::{multipart_boundary, part_headers, shown_content, wire_body, wire_headers};

use crate::catalog::model::Request;
use code::{Code, NoSink};

/// Generates the code for `request` in `lang`.
#[must_use]
pub fn generate(request: &Request, lang: Lang) -> Lines {
    let mut lines = Lines::default();
    generate_into(&mut lines, request, lang);
    lines
}

/// Generates the code for `request` in `lang` into `lines`, replacing what it held and reusing its
/// buffers.
pub fn generate_into(lines: &mut Lines, request: &Request, lang: Lang) {
    generate_prepared(lines, &Prepared::new(request), lang);
}

/// Generates the code for a prepared request in `lang` into `lines`, replacing what it held and
/// reusing its buffers.
pub fn generate_prepared(lines: &mut Lines, prep: &Prepared<'_>, lang: Lang) {
    lines.clear();
    write(&mut Code::<NoSink>::new(lines, None), prep, lang);
}

/// Generates the code for a prepared request in `lang` into `sink`, line by line and run by run.
/// `scratch` keeps the parts lines carry; its lines are cleared and stay empty.
pub fn generate_to_sink(
    scratch: &mut Lines,
    prep: &Prepared<'_>,
    lang: Lang,
    sink: &mut impl Sink,
) {
    scratch.clear();
    write(&mut Code::new(scratch, Some(sink)), prep, lang);
}

/// Hands the request to the generator of `lang`.
fn write(code: &mut Code<'_, impl Sink>, prep: &Prepared<'_>, lang: Lang) {
    match lang {
        Lang::Http => http::generate(code, prep),
        Lang::Curl => curl::generate(code, prep),
        Lang::Httpie => httpie::generate(code, prep),
        Lang::JavaScript => javascript::generate(code, prep),
        Lang::Python => python::generate(code, prep),
        Lang::Go => go::generate(code, prep),
        Lang::Java => java::generate(code, prep),
        Lang::CSharp => csharp::generate(code, prep),
        Lang::Rust => rust::generate(code, prep),
        Lang::Php => php::generate(code, prep),
        Lang::Ruby => ruby::generate(code, prep),
        Lang::PowerShell => powershell::generate(code, prep),
    }
}
