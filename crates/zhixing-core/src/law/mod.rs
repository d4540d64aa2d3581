//! Rules of law as plain functions, each naming its article.

pub mod delay_interest;
pub mod fee;
