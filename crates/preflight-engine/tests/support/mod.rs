//! Helpers shared by the engine's integration tests. Each test crate compiles this module on its
//! own and reads only some of the case fields, hence the allowance.
#![allow(dead_code)]

pub mod case;
