//! zhixing-core: the pure domain of the enforcement platform (执行).
//!
//! Identifiers, money, the legal calendar, rules of law, the court tree, users and roles,
//! and the event envelope. This crate does no I/O and never reads the clock: time and ids
//! come in as arguments. It never imports tokio, sqlx or axum (a tidy test checks this).

pub mod calendar;
pub mod cases;
pub mod clock;
pub mod closing;
pub mod control;
pub mod courts;
pub mod credit;
pub mod event;
pub mod flow;
pub mod ids;
pub mod inquiry;
pub mod law;
pub mod limits;
pub mod money;
pub mod users;
