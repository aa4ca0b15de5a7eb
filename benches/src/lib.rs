//! Shared helpers for the newsdex benches.
