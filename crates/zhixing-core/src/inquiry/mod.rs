//! Network inquiry and control (网络查控): what the national (总对总) and local (点对点) networks reach, and the
//! protocol a court speaks with them.
//!
//! `classes` is the model of "16 classes / 25 items" of property and whereabouts and what can be done with
//! each; `protocol` is the wire format of batches, acknowledgements and answers, with the checks a receiver
//! applies to a batch. The gateway (zhixing-app) and the sandbox of the outside world (zhixing-sandbox) both
//! speak it.

pub mod agency;
pub mod classes;
pub mod directory;
pub mod protocol;
pub mod record;

pub use classes::{AssetClass, ITEMS, Item, Measures};
