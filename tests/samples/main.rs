//! Request samples: snapshots of each target, escaping checks, and execution of every target whose
//! toolchain is on the machine against a capture server.

mod capture;
mod cases;
mod check;
mod execute;
mod parse_back;
mod snapshots;
