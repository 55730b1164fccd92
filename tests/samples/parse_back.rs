//! Structural checks for targets that cannot run here.
