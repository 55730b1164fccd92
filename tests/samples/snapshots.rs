//! Snapshots of each target's output.
