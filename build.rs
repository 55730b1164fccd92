//! Rebuilds the crate when a file of the embedded default theme changes or is added.

fn main() {
    println!("cargo:rerun-if-changed=templates");
    println!("cargo:rerun-if-changed=static");
}
