//! zhixing-app: the application layer. Commands in, queries out.
//!
//! A use case authorizes its actor (role × court scope, decided by the pure domain), validates its
//! input, decides the events with the domain, and appends them in one transaction. Handlers in the
//! web crate and subcommands of the binary call these functions and nothing below them.

mod cases;
mod command;
mod control;
mod credit;
mod error;
mod filing;
mod flow;
mod gateway;
mod grading;
mod import;
mod screening;
mod settings;
mod users;
mod worker;

pub use command::{CommandSnapshot, CourtLine, INDICATORS, IndicatorDefinition, QUOTA_LINES, QuotaLine};
pub use control::{CaseControl, ControlInput, InquiryInput, Requested, custody_account};
pub use credit::{
    CaseProgress, CorrectedInput, CorrectionInput, CorrectionReviewInput, CreditView, LiftInput,
    ListingInput, OrderInput, PUBLIC_CASES_MAX, PassportInput, PermitInput, PersonInput, PublicCase,
    PublicQuery, RemovalInput, progress_code,
};
pub use error::{AppError, FieldError};
pub use filing::{Accepted, Submitted};
pub use flow::{CaseFlow, ScanReport, requery_answer_job, requery_job};
pub use gateway::{Gateway, GatewayConfig, PumpReport};
pub use grading::CourtGrading;
pub use import::ImportRow;
pub use screening::{Checked, FEED_PAGE_MAX, FeedPage, Refreshed, Screening, UNIT_LATE_AFTER_HOURS, UnitLag};
pub use settings::{CourtLimits, RecomputeReport};
pub use users::{Actor, CreateUser, IssuedToken, TOKEN_CACHE_TTL, TokenCache};
pub use worker::Handlers;

use std::sync::Arc;
use zhixing_core::calendar::LegalCalendar;
use zhixing_core::clock::Clock;
use zhixing_core::courts::CourtTree;
use zhixing_core::inquiry::directory::Directory;
use zhixing_store::Store;

/// Everything a use case needs: the store (with its clock) and the reference data.
#[derive(Debug, Clone)]
pub struct App {
    pub store: Store,
    pub courts: &'static CourtTree,
    pub calendar: &'static LegalCalendar,
    /// The inquiry network's institutions (empty until a network is connected).
    pub directory: Arc<Directory>,
    /// The screening index linkage units check against, shared by every clone.
    pub screening: Arc<Screening>,
    /// API tokens' owners read lately, shared by every clone.
    pub tokens: Arc<TokenCache>,
}

impl App {
    pub fn new(store: Store) -> Self {
        Self {
            store,
            courts: CourtTree::builtin(),
            calendar: LegalCalendar::official(),
            directory: Arc::new(Directory::default()),
            screening: Arc::new(Screening::default()),
            tokens: Arc::new(TokenCache::default()),
        }
    }

    /// The same, with the institutions of a connected inquiry network.
    pub fn with_directory(mut self, directory: Directory) -> Self {
        self.directory = Arc::new(directory);
        self
    }

    pub fn clock(&self) -> &Arc<dyn Clock> {
        self.store.clock()
    }
}
