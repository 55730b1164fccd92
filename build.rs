//! Rebuilds the crate when a file of the embedded default theme or of the `init`/`new` scaffold
//! changes or is added.

fn main() {
    println!("cargo:rerun-if-changed=templates");
    println!("cargo:rerun-if-changed=static");
    println!("cargo:rerun-if-changed=scaffold");
}
