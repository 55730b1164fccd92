//! The `errdocs` command line.

fn main() {}
