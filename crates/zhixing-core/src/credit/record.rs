//! A debtor's credit record (stream `credit-<debtor>`): the events of its listings, consumption and exit
//! restrictions, corrections and grades; the [`CreditRecord`] they fold into; the deciders that check a
//! command against the record; and the record's answers — what is in force on a date, why and until when
//! ([`CreditRecord::in_force`]), what is due next ([`CreditRecord::due`]), and what screening must know
//! ([`CreditRecord::screening_entries`]).
//!
//! Payloads are JSON; dates are `YYYY-MM-DD`, amounts yuan strings, identifiers their normalized
//! 18-character form. Every event is version 1.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

use super::consumption::{
    ConsumptionItem, ConsumptionOrder, ConsumptionOrderApplication, CoveredPerson, CoveredRole, ItemSet,
    LiftGround, PermitKind, PermitRequest, xiaofei_art3_order, xiaofei_art3_private_consumption,
    xiaofei_art8_necessary_consumption, xiaofei_art9_lifting,
};
use super::exit::{ExitOrder, ExitOrderApplication, exit_art23_order, exit_art25_lifting};
use super::grading::{GradeReason, GradingFacts, GradingRules};
use super::listing::{
    Behaviour, CorrectionGround, ExtensionReason, GroundFacts, ListingApplication, ListingDecision,
    ListingTerm, ObstructionMeans, REMOVAL_WORKING_DAYS, RemovalDuty, RemovalTrigger, Requeries,
    ShixinGround, shixin_art5_decision, shixin_art10_relisting_bar, shixin_art10_removal,
    shixin_art12_fix_due, shixin_art12_review_due,
};
use super::measures::{Measure, MeasureSet, ScreeningEntry};
use super::officials::PublicStatus;
use super::screening::{IndexEntry, PassportBinding, SubjectKey, key_of_normalized, pack_passport};
use super::{CREDIT_TEXT_CHARS_MAX, CreditRejection, Duty, Initiation, REFERENCE_CHARS_MAX, SubjectId, text};
use crate::calendar::LegalCalendar;
use crate::ids::citizen_id::CitizenId;
use crate::ids::fold_full_width;
use crate::money::Amount;

pub const SHIXIN_LISTED: &str = "ShixinListed";
pub const SHIXIN_REMOVAL_DUE: &str = "ShixinRemovalDue";
pub const SHIXIN_REMOVED: &str = "ShixinRemoved";
pub const SHIXIN_CORRECTION_REQUESTED: &str = "ShixinCorrectionRequested";
pub const SHIXIN_CORRECTION_DECIDED: &str = "ShixinCorrectionDecided";
pub const SHIXIN_CORRECTED: &str = "ShixinCorrected";
pub const CONSUMPTION_RESTRICTED: &str = "ConsumptionRestricted";
pub const CONSUMPTION_PERMITTED: &str = "ConsumptionPermitted";
pub const CONSUMPTION_LIFTED: &str = "ConsumptionRestrictionLifted";
pub const EXIT_RESTRICTED: &str = "ExitRestricted";
pub const EXIT_LIFTED: &str = "ExitRestrictionLifted";
pub const DEBTOR_GRADED: &str = "DebtorGraded";
pub const PASSPORT_BOUND: &str = "PassportBound";

/// The prefix of every credit stream's id.
pub const STREAM_PREFIX: &str = "credit-";

/// The stream of a debtor's credit record: `credit-` and the normalized identifier.
pub fn stream_id(debtor: &SubjectId) -> String {
    format!("{STREAM_PREFIX}{}", debtor.as_str())
}

/// Which kind of identifier a record holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IdKind {
    /// 公民身份号码.
    Citizen,
    /// 统一社会信用代码.
    Uscc,
}

/// A debtor or a covered person as events record it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SubjectRecord {
    pub id_kind: IdKind,
    pub id_number: String,
    pub name: String,
}

/// A person an order covers, as events record it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PersonRecord {
    pub role: CoveredRole,
    pub name: String,
    pub id_number: String,
}

/// `ShixinListed` v1: the debtor is put on the dishonest debtor list by a decision (失信规定 第五条); the
/// fields of 第六条 are all here.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShixinListed {
    pub listing_id: String,
    pub case_number: String,
    pub court: String,
    pub filed_on: NaiveDate,
    pub basis_issuer: String,
    pub basis_number: String,
    pub debtor: SubjectRecord,
    /// An organisation's 法定代表人或者负责人.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub representative: Option<String>,
    pub public_status: PublicStatus,
    pub obligation: String,
    pub performance: String,
    pub unpaid: String,
    pub behaviours: Vec<Behaviour>,
    pub grounds: Vec<ShixinGround>,
    /// The applicant whose application it was; `None` ex officio.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub applicant: Option<String>,
    pub decided_on: NaiveDate,
    pub term: ListingTerm,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extension: Option<ExtensionReason>,
    pub published_from: NaiveDate,
}

/// `ShixinRemovalDue` v1: a removal trigger happened; the removal is due by `due_by` (mandatory), or the
/// court may remove early (`due_by` absent).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShixinRemovalDue {
    pub listing_id: String,
    pub trigger: RemovalTrigger,
    pub trigger_on: NaiveDate,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due_by: Option<NaiveDate>,
    /// For [`RemovalTrigger::ApplicantRequest`], the applicant who asked (the six-month bar follows them).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub requested_by: Option<String>,
}

/// `ShixinRemoved` v1: the listing is removed (删除): no longer published, no longer a basis of punishment;
/// the record stays.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShixinRemoved {
    pub listing_id: String,
    pub trigger: RemovalTrigger,
    pub removed_on: NaiveDate,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub requested_by: Option<String>,
}

/// `ShixinCorrectionRequested` v1: a written correction request (失信规定 第十一条) was received.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShixinCorrectionRequested {
    pub request_id: String,
    pub listing_id: String,
    pub ground: CorrectionGround,
    pub reasons: String,
    pub received_on: NaiveDate,
    pub review_due: NaiveDate,
}

/// `ShixinCorrectionDecided` v1: the review's outcome (第十二条): upheld, to be acted on by `fix_due`; or
/// rejected (驳回), open to reconsideration within 10 days of service.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShixinCorrectionDecided {
    pub request_id: String,
    pub upheld: bool,
    pub decided_on: NaiveDate,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fix_due: Option<NaiveDate>,
}

/// What an upheld correction does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CorrectionAction {
    /// 撤销: the listing should never have been made; it no longer counts as an earlier listing either.
    Revoked,
    /// 更正: the information is corrected; the listing stays.
    InfoCorrected,
    /// 删除: the listing is removed.
    Removed,
}

/// `ShixinCorrected` v1: an upheld correction was carried out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShixinCorrected {
    pub request_id: String,
    pub listing_id: String,
    pub action: CorrectionAction,
    pub corrected_on: NaiveDate,
    /// What was corrected, for [`CorrectionAction::InfoCorrected`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// `ConsumptionRestricted` v1: a consumption restriction order (限制消费令).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConsumptionRestricted {
    pub order_id: String,
    pub case_number: String,
    pub court: String,
    pub debtor: SubjectRecord,
    pub persons: Vec<PersonRecord>,
    pub items: Vec<ConsumptionItem>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub applicant: Option<String>,
    pub ordered_on: NaiveDate,
    /// 限消规定 第一条第二款: made because the debtor is listed.
    pub mandatory: bool,
}

/// `ConsumptionPermitted` v1: one consumption allowed despite an order (第三条第二款 or 第八条).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConsumptionPermitted {
    pub order_id: String,
    pub id_number: String,
    pub item: ConsumptionItem,
    pub kind: PermitKind,
    pub purpose: String,
    pub from: NaiveDate,
    pub until: NaiveDate,
}

/// `ConsumptionRestrictionLifted` v1: an order lifted (第九条), or one person's restriction under it
/// (善意文明执行意见 第17条) when `id_number` is given.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConsumptionRestrictionLifted {
    pub order_id: String,
    pub ground: LiftGround,
    pub lifted_on: NaiveDate,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id_number: Option<String>,
}

/// `ExitRestricted` v1: an exit restriction (限制出境).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExitRestricted {
    pub order_id: String,
    pub case_number: String,
    pub court: String,
    pub debtor: SubjectRecord,
    pub persons: Vec<PersonRecord>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub applicant: Option<String>,
    pub ordered_on: NaiveDate,
}

/// `ExitRestrictionLifted` v1 (执行程序解释 第二十五条).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExitRestrictionLifted {
    pub order_id: String,
    pub ground: LiftGround,
    pub lifted_on: NaiveDate,
}

/// `DebtorGraded` v1: the debtor's grade, with its reasons and the table version that made it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DebtorGraded {
    pub level: u8,
    pub name_zh: String,
    pub reasons: Vec<GradeReason>,
    pub measures: Vec<Measure>,
    pub version: String,
    pub graded_on: NaiveDate,
}

/// `PassportBound` v1: a passport (护照) number is recorded as a person's, on the person's own credit stream:
/// screening answers it as it answers the person's 公民身份号码.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PassportBound {
    pub id_number: String,
    /// Normalized: upper case, half-width.
    pub passport: String,
    /// Where the court has it from (出入境管理部门的答复, the debtor's property report, …).
    pub source: String,
    pub bound_on: NaiveDate,
}

/// A listing and what happened to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListingState {
    pub listed: ShixinListed,
    pub removal_due: Option<ShixinRemovalDue>,
    pub removed: Option<ShixinRemoved>,
    /// The day it was revoked (撤销) on a correction (失信规定 第十一条第(一)项).
    pub revoked_on: Option<NaiveDate>,
    /// The day it was removed on a correction (第十一条第(三)项: 失信信息应予删除).
    pub removed_on_correction: Option<NaiveDate>,
}

impl ListingState {
    /// The day the listing stopped by a removal, a revocation or a removal on correction, the earliest
    /// if several are recorded; `None` while none is.
    pub fn ended_on(&self) -> Option<NaiveDate> {
        [self.removed.as_ref().map(|r| r.removed_on), self.revoked_on, self.removed_on_correction]
            .into_iter()
            .flatten()
            .min()
    }
}

/// A consumption restriction order and what happened to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConsumptionState {
    pub order: ConsumptionRestricted,
    pub permits: Vec<ConsumptionPermitted>,
    pub lifted: Option<ConsumptionRestrictionLifted>,
    /// Persons whose restriction alone was lifted, by id number.
    pub persons_lifted: BTreeMap<String, NaiveDate>,
}

/// An exit restriction and its lifting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExitState {
    pub order: ExitRestricted,
    pub lifted: Option<ExitRestrictionLifted>,
}

/// A correction request and what became of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CorrectionState {
    pub requested: ShixinCorrectionRequested,
    pub decided: Option<ShixinCorrectionDecided>,
    pub corrected: Option<ShixinCorrected>,
}

/// What a debtor's credit events fold into.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CreditRecord {
    /// The debtor, as the latest decision names it.
    pub debtor: Option<SubjectRecord>,
    pub listings: BTreeMap<String, ListingState>,
    pub consumption: BTreeMap<String, ConsumptionState>,
    pub exit: BTreeMap<String, ExitState>,
    pub corrections: BTreeMap<String, CorrectionState>,
    pub grade: Option<DebtorGraded>,
    /// Passports bound to a person, by number, with the 公民身份号码 they are bound to.
    pub passports: BTreeMap<String, String>,
}

/// The kind of a measure in force.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum InForceKind {
    Listing,
    ConsumptionRestriction,
    ExitRestriction,
}

/// One measure in force on a date: what, in which case, why, since and until when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InForce {
    pub kind: InForceKind,
    /// The listing or order id.
    pub id: String,
    pub case_number: String,
    pub since: NaiveDate,
    /// The last day of a term or period; `None` until removed or lifted.
    pub until: Option<NaiveDate>,
    /// The grounds, each with its article.
    pub why: Vec<String>,
    /// For a listing: published (past its grace period). Orders are published when made.
    pub published: bool,
    /// A removal due, for a listing whose trigger has happened.
    pub removal_due_by: Option<NaiveDate>,
}

/// What is due next on the record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DueKind {
    /// The removal of a listing whose trigger happened (失信规定 第十条: three working days).
    Removal,
    /// The last day of a listing's term.
    TermEnds,
    /// The removal after the term (third working day after its last day).
    RemovalAfterTerm,
    /// The review of a correction request (15 days).
    CorrectionReview,
    /// Acting on an upheld correction (three working days).
    CorrectionFix,
}

/// A due date.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Due {
    pub kind: DueKind,
    /// The listing or request id.
    pub id: String,
    pub due_on: NaiveDate,
    pub source: &'static str,
    /// The calendar does not cover the date's year: only weekends were skipped; recompute when it does.
    pub provisional: bool,
}

fn from_json<T: serde::de::DeserializeOwned>(payload: &str) -> Option<T> {
    serde_json::from_str(payload).ok()
}

impl CreditRecord {
    /// Folds one event; other types and unreadable payloads leave it unchanged.
    pub fn evolve(&mut self, event_type: &str, payload: &str) {
        match event_type {
            SHIXIN_LISTED => {
                if let Some(e) = from_json::<ShixinListed>(payload) {
                    self.debtor = Some(e.debtor.clone());
                    let state = ListingState {
                        listed: e,
                        removal_due: None,
                        removed: None,
                        revoked_on: None,
                        removed_on_correction: None,
                    };
                    self.listings.insert(state.listed.listing_id.clone(), state);
                }
            }
            SHIXIN_REMOVAL_DUE => {
                if let Some(e) = from_json::<ShixinRemovalDue>(payload)
                    && let Some(listing) = self.listings.get_mut(&e.listing_id)
                {
                    listing.removal_due = Some(e);
                }
            }
            SHIXIN_REMOVED => {
                if let Some(e) = from_json::<ShixinRemoved>(payload)
                    && let Some(listing) = self.listings.get_mut(&e.listing_id)
                {
                    listing.removed = Some(e);
                }
            }
            SHIXIN_CORRECTION_REQUESTED => {
                if let Some(e) = from_json::<ShixinCorrectionRequested>(payload) {
                    let state = CorrectionState { requested: e, decided: None, corrected: None };
                    self.corrections.insert(state.requested.request_id.clone(), state);
                }
            }
            SHIXIN_CORRECTION_DECIDED => {
                if let Some(e) = from_json::<ShixinCorrectionDecided>(payload)
                    && let Some(request) = self.corrections.get_mut(&e.request_id)
                {
                    request.decided = Some(e);
                }
            }
            SHIXIN_CORRECTED => {
                if let Some(e) = from_json::<ShixinCorrected>(payload) {
                    self.corrected(e);
                }
            }
            CONSUMPTION_RESTRICTED => {
                if let Some(e) = from_json::<ConsumptionRestricted>(payload) {
                    self.debtor = Some(e.debtor.clone());
                    let state = ConsumptionState {
                        order: e,
                        permits: Vec::new(),
                        lifted: None,
                        persons_lifted: BTreeMap::new(),
                    };
                    self.consumption.insert(state.order.order_id.clone(), state);
                }
            }
            CONSUMPTION_PERMITTED => {
                if let Some(e) = from_json::<ConsumptionPermitted>(payload)
                    && let Some(order) = self.consumption.get_mut(&e.order_id)
                {
                    order.permits.push(e);
                }
            }
            CONSUMPTION_LIFTED => {
                if let Some(e) = from_json::<ConsumptionRestrictionLifted>(payload)
                    && let Some(order) = self.consumption.get_mut(&e.order_id)
                {
                    match &e.id_number {
                        Some(id) => {
                            order.persons_lifted.insert(id.clone(), e.lifted_on);
                        }
                        None => order.lifted = Some(e),
                    }
                }
            }
            EXIT_RESTRICTED => {
                if let Some(e) = from_json::<ExitRestricted>(payload) {
                    self.debtor = Some(e.debtor.clone());
                    self.exit.insert(e.order_id.clone(), ExitState { order: e, lifted: None });
                }
            }
            EXIT_LIFTED => {
                if let Some(e) = from_json::<ExitRestrictionLifted>(payload)
                    && let Some(order) = self.exit.get_mut(&e.order_id)
                {
                    order.lifted = Some(e);
                }
            }
            DEBTOR_GRADED => {
                if let Some(e) = from_json::<DebtorGraded>(payload) {
                    self.grade = Some(e);
                }
            }
            PASSPORT_BOUND => {
                if let Some(e) = from_json::<PassportBound>(payload) {
                    self.passports.insert(e.passport, e.id_number);
                }
            }
            _ => {}
        }
    }

    fn corrected(&mut self, e: ShixinCorrected) {
        if let Some(listing) = self.listings.get_mut(&e.listing_id) {
            match e.action {
                CorrectionAction::Revoked => listing.revoked_on = Some(e.corrected_on),
                CorrectionAction::Removed => listing.removed_on_correction = Some(e.corrected_on),
                CorrectionAction::InfoCorrected => {}
            }
        }
        if let Some(request) = self.corrections.get_mut(&e.request_id) {
            request.corrected = Some(e);
        }
    }

    /// Folds a sequence of (event type, payload).
    pub fn replay<'a>(events: impl IntoIterator<Item = (&'a str, &'a str)>) -> CreditRecord {
        let mut record = CreditRecord::default();
        for (event_type, payload) in events {
            record.evolve(event_type, payload);
        }
        record
    }

    // ----- answers -----

    /// Whether a listing is in force on `on`: decided on or before, not removed or revoked by then, and
    /// within its term. A listing whose term has ended is no longer a basis of punishment even before its
    /// removal is recorded (a choice of zhixing: the term is what the decision set).
    pub fn listing_in_force(listing: &ListingState, on: NaiveDate) -> bool {
        let l = &listing.listed;
        l.decided_on <= on
            && listing.ended_on().is_none_or(|end| on < end)
            && l.term.ends_on().is_none_or(|end| on <= end)
    }

    /// Whether a consumption order is in force on `on` (for the debtor).
    pub fn order_in_force(order: &ConsumptionState, on: NaiveDate) -> bool {
        order.order.ordered_on <= on
            && order.order.until.is_none_or(|until| on <= until)
            && order.lifted.as_ref().is_none_or(|l| on < l.lifted_on)
    }

    /// Whether an exit restriction is in force on `on`.
    pub fn exit_in_force(order: &ExitState, on: NaiveDate) -> bool {
        order.order.ordered_on <= on && order.lifted.as_ref().is_none_or(|l| on < l.lifted_on)
    }

    /// What is in force for the debtor on `on`: each listing and order, why, since and until when.
    pub fn in_force(&self, on: NaiveDate) -> Vec<InForce> {
        let mut out = Vec::new();
        for listing in self.listings.values().filter(|l| Self::listing_in_force(l, on)) {
            let l = &listing.listed;
            let mut why: Vec<String> =
                l.grounds.iter().map(|g| format!("{} ({})", g.name_zh(), g.source())).collect();
            if let Some(extension) = l.extension {
                why.push(match extension {
                    ExtensionReason::SeriousViolentObstruction => {
                        "期限延长：以暴力、威胁方法妨碍、抗拒执行情节严重 (失信规定 第二条)".to_owned()
                    }
                    ExtensionReason::SeveralBehaviours => {
                        "期限延长：具有多项失信行为 (失信规定 第二条)".to_owned()
                    }
                });
            }
            out.push(InForce {
                kind: InForceKind::Listing,
                id: l.listing_id.clone(),
                case_number: l.case_number.clone(),
                since: l.decided_on,
                until: l.term.ends_on(),
                why,
                published: on >= l.published_from,
                removal_due_by: listing.removal_due.as_ref().and_then(|d| d.due_by),
            });
        }
        for order in self.consumption.values().filter(|o| Self::order_in_force(o, on)) {
            let o = &order.order;
            let basis = if o.mandatory {
                "限消规定 第一条第二款 (已纳入失信名单)"
            } else {
                "限消规定 第一条第一款"
            };
            let mut why = vec![format!("限制消费令 ({basis})")];
            why.extend(o.items.iter().map(|i| format!("{} ({})", i.name_zh(), i.source())));
            out.push(InForce {
                kind: InForceKind::ConsumptionRestriction,
                id: o.order_id.clone(),
                case_number: o.case_number.clone(),
                since: o.ordered_on,
                until: o.until,
                why,
                published: true,
                removal_due_by: None,
            });
        }
        for order in self.exit.values().filter(|o| Self::exit_in_force(o, on)) {
            let o = &order.order;
            out.push(InForce {
                kind: InForceKind::ExitRestriction,
                id: o.order_id.clone(),
                case_number: o.case_number.clone(),
                since: o.ordered_on,
                until: None,
                why: vec!["限制出境 (2023民诉法 第266条; 执行程序解释 第二十三条)".to_owned()],
                published: true,
                removal_due_by: None,
            });
        }
        out
    }

    /// What is outstanding, soonest first: removals due, ends of terms and the removals after them, reviews
    /// of correction requests and upheld corrections to carry out. Dates already past stay in the list
    /// (overdue) until the record shows them done. A removal after the term in a year the calendar does not
    /// cover is computed over weekends only and marked provisional.
    pub fn due(&self, calendar: &LegalCalendar) -> Vec<Due> {
        let mut out = Vec::new();
        for listing in self.listings.values() {
            if listing.ended_on().is_some() {
                continue;
            }
            let id = &listing.listed.listing_id;
            if let Some(due_by) = listing.removal_due.as_ref().and_then(|d| d.due_by) {
                out.push(due(DueKind::Removal, id, due_by, "失信规定 第十条第一款", false));
            }
            if let ListingTerm::Fixed { ends_on, .. } = listing.listed.term {
                out.push(due(DueKind::TermEnds, id, ends_on, "失信规定 第二条", false));
                let (date, provisional) = match calendar.add_working_days(ends_on, REMOVAL_WORKING_DAYS) {
                    Ok(date) => (date, false),
                    Err(_) => (weekdays_after(ends_on, REMOVAL_WORKING_DAYS), true),
                };
                out.push(due(DueKind::RemovalAfterTerm, id, date, "失信规定 第十条第二款", provisional));
            }
        }
        for request in self.corrections.values() {
            let id = &request.requested.request_id;
            match (&request.decided, &request.corrected) {
                (None, _) => out.push(due(
                    DueKind::CorrectionReview,
                    id,
                    request.requested.review_due,
                    "失信规定 第十二条",
                    false,
                )),
                (Some(ShixinCorrectionDecided { upheld: true, fix_due: Some(fix_due), .. }), None) => {
                    out.push(due(DueKind::CorrectionFix, id, *fix_due, "失信规定 第十二条", false));
                }
                _ => {}
            }
        }
        out.sort_by(|a, b| (a.due_on, a.kind, &a.id).cmp(&(b.due_on, b.kind, &b.id)));
        out
    }

    /// The facts of grading the record knows (listing, grounds, serious violence, breaches of a consumption
    /// order recorded as ground 5, earlier listings, public status); the unpaid total and the number of cases
    /// come from the cases and are passed in.
    pub fn grading_facts(&self, on: NaiveDate, unpaid: Amount, cases: u32) -> GradingFacts {
        let in_force: Vec<&ListingState> =
            self.listings.values().filter(|l| Self::listing_in_force(l, on)).collect();
        let mut grounds: Vec<ShixinGround> =
            in_force.iter().flat_map(|l| l.listed.grounds.iter().copied()).collect();
        grounds.sort();
        grounds.dedup();
        let behaviours = || {
            self.listings
                .values()
                .filter(|l| l.revoked_on.is_none() && l.listed.decided_on <= on)
                .flat_map(|l| &l.listed.behaviours)
        };
        let serious_violence = in_force.iter().flat_map(|l| &l.listed.behaviours).any(|b| {
            matches!(
                b.facts,
                GroundFacts::Obstructs {
                    means: ObstructionMeans::Violence | ObstructionMeans::Threat,
                    serious: true
                }
            )
        });
        let violations =
            behaviours().filter(|b| matches!(b.facts, GroundFacts::BreachesConsumptionOrder { .. })).count();
        let prior_listings = self
            .listings
            .values()
            .filter(|l| l.revoked_on.is_none() && l.listed.decided_on <= on && !Self::listing_in_force(l, on))
            .count();
        GradingFacts {
            listed: !in_force.is_empty(),
            unpaid,
            cases,
            grounds,
            serious_violence,
            violations: u32::try_from(violations).unwrap_or(u32::MAX),
            prior_listings: u32::try_from(prior_listings).unwrap_or(u32::MAX),
            public_status: in_force.iter().any(|l| l.listed.public_status.is_public()),
        }
    }

    /// What screening must hold for the debtor and the persons its orders cover on `on`: one entry per
    /// identifier with a restricted measure (see [`super::measures::restricted`]). A listing counts once
    /// published; the grade's measures count only while a listing does.
    pub fn screening_entries(&self, on: NaiveDate) -> Vec<IndexEntry> {
        let mut subjects: BTreeMap<(IdKind, String), (String, ScreeningEntry)> = BTreeMap::new();
        let Some(debtor) = &self.debtor else { return Vec::new() };
        let debtor_key = (debtor.id_kind, debtor.id_number.clone());
        let mut debtor_entry = ScreeningEntry {
            listed: self
                .listings
                .values()
                .any(|l| Self::listing_in_force(l, on) && on >= l.listed.published_from),
            ..ScreeningEntry::default()
        };
        if debtor_entry.listed {
            debtor_entry.graded =
                self.grade.as_ref().map_or(MeasureSet::EMPTY, |g| g.measures.iter().copied().collect());
        }
        subjects.insert(debtor_key.clone(), (debtor.name.clone(), debtor_entry));
        for order in self.consumption.values().filter(|o| Self::order_in_force(o, on)) {
            let items: ItemSet = order.order.items.iter().copied().collect();
            // A permit lifts its item under its own order only (another court's order still binds), and the
            // restriction a listing entails, which is that of the mandatory order (限消规定 第一条第二款).
            let permitted = |id: &str| -> ItemSet {
                order
                    .permits
                    .iter()
                    .filter(|p| p.id_number == id && p.from <= on && on <= p.until)
                    .map(|p| p.item)
                    .collect()
            };
            let mut covered: Vec<((IdKind, String), &str)> = vec![(debtor_key.clone(), debtor.name.as_str())];
            for person in &order.order.persons {
                let lifted = order.persons_lifted.get(&person.id_number).is_some_and(|lifted| *lifted <= on);
                if !lifted {
                    covered.push(((IdKind::Citizen, person.id_number.clone()), person.name.as_str()));
                }
            }
            for (key, name) in covered {
                let allowed = permitted(&key.1);
                let (_, entry) =
                    subjects.entry(key).or_insert_with(|| (name.to_owned(), ScreeningEntry::default()));
                entry.consumption = entry.consumption.union(items.difference(allowed));
                entry.permitted = entry.permitted.union(allowed);
            }
        }
        for order in self.exit.values().filter(|o| Self::exit_in_force(o, on)) {
            if order.order.persons.is_empty()
                && let Some((_, entry)) = subjects.get_mut(&debtor_key)
            {
                entry.exit = true;
            }
            for person in &order.order.persons {
                let (_, entry) = subjects
                    .entry((IdKind::Citizen, person.id_number.clone()))
                    .or_insert_with(|| (person.name.clone(), ScreeningEntry::default()));
                entry.exit = true;
            }
        }
        subjects
            .into_iter()
            .filter_map(|((kind, id), (name, entry))| {
                let measures = entry.measures();
                let key = key_of_normalized(kind == IdKind::Citizen, &id)?;
                (!measures.is_empty()).then_some(IndexEntry { key, name, measures })
            })
            .collect()
    }

    // ----- deciders -----

    /// 失信规定 第五条 with the record: the decision ([`shixin_art5_decision`]) and its event, refused also
    /// when the record is another debtor's, the listing id is taken, a listing in the same case is in force,
    /// or 第十条第四款 bars the applicant (six months after a removal the applicant asked for).
    pub fn decide_listing(
        &self,
        app: &ListingApplication,
    ) -> Result<(ListingDecision, ShixinListed), CreditRejection> {
        let decision = shixin_art5_decision(app)?;
        self.same_debtor(&decision.debtor_id)?;
        if self.listings.contains_key(&decision.listing_id) {
            return Err(CreditRejection::Duplicate { field: "listing_id" });
        }
        let same_case = self.listings.values().find(|l| {
            l.listed.case_number == decision.case_number && Self::listing_in_force(l, decision.decided_on)
        });
        if let Some(listing) = same_case {
            return Err(CreditRejection::AlreadyListed { listing_id: listing.listed.listing_id.clone() });
        }
        for listing in self.listings.values() {
            let Some(removed) = &listing.removed else { continue };
            let bar = shixin_art10_relisting_bar(
                removed.trigger,
                removed.removed_on,
                removed.requested_by.as_deref(),
                &decision.initiation,
            );
            if let Some(barred_through) = bar {
                return Err(CreditRejection::RelistingBarred {
                    removed_on: removed.removed_on,
                    barred_through,
                });
            }
        }
        let event = ShixinListed::from(&decision);
        Ok((decision, event))
    }

    /// 失信规定 第十条: a removal trigger on a listing in force, with the duty it creates
    /// ([`shixin_art10_removal`]). Trigger (三) names the applicant who asked.
    pub fn decide_removal(
        &self,
        listing_id: &str,
        trigger: RemovalTrigger,
        trigger_on: NaiveDate,
        requeries: Requeries,
        requested_by: Option<&str>,
        calendar: &LegalCalendar,
    ) -> Result<ShixinRemovalDue, CreditRejection> {
        let listing = self.live_listing(listing_id)?;
        if trigger_on < listing.listed.decided_on {
            return Err(CreditRejection::DateOrder { field: "trigger_on" });
        }
        let requested_by = match trigger {
            RemovalTrigger::ApplicantRequest => {
                Some(text("requested_by", requested_by.unwrap_or(""), crate::limits::NAME_CHARS_MAX)?)
            }
            _ => None,
        };
        let duty = shixin_art10_removal(listing.listed.term, trigger, trigger_on, requeries, calendar)?;
        Ok(ShixinRemovalDue {
            listing_id: listing_id.to_owned(),
            trigger,
            trigger_on,
            due_by: match duty {
                RemovalDuty::Mandatory { due_by } => Some(due_by),
                RemovalDuty::Discretionary => None,
            },
            requested_by,
        })
    }

    /// The removal carried out on `removed_on`, for the trigger recorded by [`Self::decide_removal`].
    pub fn decide_removed(
        &self,
        listing_id: &str,
        removed_on: NaiveDate,
    ) -> Result<ShixinRemoved, CreditRejection> {
        let listing = self.live_listing(listing_id)?;
        let due =
            listing.removal_due.as_ref().ok_or(CreditRejection::NotAvailable { field: "listing_id" })?;
        if removed_on < due.trigger_on {
            return Err(CreditRejection::DateOrder { field: "removed_on" });
        }
        Ok(ShixinRemoved {
            listing_id: listing_id.to_owned(),
            trigger: due.trigger,
            removed_on,
            requested_by: due.requested_by.clone(),
        })
    }

    /// 失信规定 第十一条, 第十二条: a correction request received on `received_on`, with its review date. A
    /// request may concern a listing that is removed only on ground (一) (a wrong listing is revoked even
    /// after removal, so it stops counting as an earlier listing).
    pub fn decide_correction_request(
        &self,
        request_id: &str,
        listing_id: &str,
        ground: CorrectionGround,
        reasons: &str,
        received_on: NaiveDate,
        calendar: &LegalCalendar,
    ) -> Result<ShixinCorrectionRequested, CreditRejection> {
        let request_id = text("request_id", request_id, REFERENCE_CHARS_MAX)?;
        if self.corrections.contains_key(&request_id) {
            return Err(CreditRejection::Duplicate { field: "request_id" });
        }
        let listing =
            self.listings.get(listing_id).ok_or(CreditRejection::Unknown { field: "listing_id" })?;
        let ended = listing.ended_on().is_some();
        if listing.revoked_on.is_some() || (ended && ground != CorrectionGround::WronglyListed) {
            return Err(CreditRejection::NoLongerInForce { field: "listing_id" });
        }
        if received_on < listing.listed.decided_on {
            return Err(CreditRejection::DateOrder { field: "received_on" });
        }
        Ok(ShixinCorrectionRequested {
            request_id,
            listing_id: listing_id.to_owned(),
            ground,
            reasons: text("reasons", reasons, CREDIT_TEXT_CHARS_MAX)?,
            received_on,
            review_due: shixin_art12_review_due(received_on, calendar)?,
        })
    }

    /// 失信规定 第十二条: the review's outcome — upheld (to be acted on within three working days) or rejected.
    pub fn decide_correction(
        &self,
        request_id: &str,
        upheld: bool,
        decided_on: NaiveDate,
        calendar: &LegalCalendar,
    ) -> Result<ShixinCorrectionDecided, CreditRejection> {
        let request =
            self.corrections.get(request_id).ok_or(CreditRejection::Unknown { field: "request_id" })?;
        if request.decided.is_some() {
            return Err(CreditRejection::Duplicate { field: "request_id" });
        }
        if decided_on < request.requested.received_on {
            return Err(CreditRejection::DateOrder { field: "decided_on" });
        }
        let fix_due = if upheld { Some(shixin_art12_fix_due(decided_on, calendar)?) } else { None };
        Ok(ShixinCorrectionDecided { request_id: request_id.to_owned(), upheld, decided_on, fix_due })
    }

    /// An upheld correction carried out: the action follows the ground of the request (第十一条: (一) revoke,
    /// (二) correct, (三) remove).
    pub fn decide_corrected(
        &self,
        request_id: &str,
        corrected_on: NaiveDate,
        note: Option<&str>,
    ) -> Result<ShixinCorrected, CreditRejection> {
        let request =
            self.corrections.get(request_id).ok_or(CreditRejection::Unknown { field: "request_id" })?;
        let Some(decided) = request.decided.as_ref().filter(|d| d.upheld) else {
            return Err(CreditRejection::NotAvailable { field: "request_id" });
        };
        if request.corrected.is_some() {
            return Err(CreditRejection::Duplicate { field: "request_id" });
        }
        if corrected_on < decided.decided_on {
            return Err(CreditRejection::DateOrder { field: "corrected_on" });
        }
        let action = match request.requested.ground {
            CorrectionGround::WronglyListed => CorrectionAction::Revoked,
            CorrectionGround::Inaccurate => CorrectionAction::InfoCorrected,
            CorrectionGround::ShouldBeRemoved => CorrectionAction::Removed,
        };
        let note = match (action, note) {
            (CorrectionAction::InfoCorrected, note) => {
                Some(text("note", note.unwrap_or(""), CREDIT_TEXT_CHARS_MAX)?)
            }
            _ => None,
        };
        Ok(ShixinCorrected {
            request_id: request_id.to_owned(),
            listing_id: request.requested.listing_id.clone(),
            action,
            corrected_on,
            note,
        })
    }

    /// 限消规定 第一条, 第三条: a consumption restriction order ([`xiaofei_art3_order`]) and its event. A
    /// listing in force on the day of the order makes it mandatory (第一条第二款) whatever the application says.
    pub fn decide_consumption_order(
        &self,
        app: &ConsumptionOrderApplication,
    ) -> Result<(ConsumptionOrder, ConsumptionRestricted), CreditRejection> {
        let listed = app.listed || self.listings.values().any(|l| Self::listing_in_force(l, app.ordered_on));
        let order = xiaofei_art3_order(&ConsumptionOrderApplication { listed, ..app.clone() })?;
        self.same_debtor(&order.debtor_id)?;
        if self.consumption.contains_key(&order.order_id) {
            return Err(CreditRejection::Duplicate { field: "order_id" });
        }
        let event = ConsumptionRestricted {
            order_id: order.order_id.clone(),
            case_number: order.case_number.clone(),
            court: order.court.clone(),
            debtor: subject_record(&order.debtor_id, &order.debtor_name),
            persons: order.persons.iter().map(person_record).collect(),
            items: order.items.iter().collect(),
            until: order.until,
            applicant: applicant(&order.initiation),
            ordered_on: order.ordered_on,
            mandatory: order.duty == Duty::Mandatory,
        };
        Ok((order, event))
    }

    /// 限消规定 第三条第二款 (private consumption with personal property; must be allowed when verified) or
    /// 第八条 (necessary consumption; the court's approval): a permit under an order in force.
    pub fn decide_permit(
        &self,
        order_id: &str,
        request: &PermitRequest,
    ) -> Result<ConsumptionPermitted, CreditRejection> {
        let state = self.consumption.get(order_id).ok_or(CreditRejection::Unknown { field: "order_id" })?;
        if !Self::order_in_force(state, request.from) {
            return Err(CreditRejection::NoLongerInForce { field: "order_id" });
        }
        let order = consumption_order_of(state)?;
        let (duty, permit) = match request.kind {
            PermitKind::PrivateFunds => xiaofei_art3_private_consumption(&order, request)?,
            PermitKind::Necessary => xiaofei_art8_necessary_consumption(&order, request)?,
        };
        if duty == Duty::NotAvailable {
            return Err(CreditRejection::NotAvailable { field: "verified" });
        }
        Ok(ConsumptionPermitted {
            order_id: order_id.to_owned(),
            id_number: permit.subject.as_str().to_owned(),
            item: permit.item,
            kind: permit.kind,
            purpose: permit.purpose,
            from: permit.from,
            until: permit.until,
        })
    }

    /// 限消规定 第九条: lifting an order in force on `ground`; with 善意文明执行意见 第17条, lifting one
    /// replaced legal representative's or principal officer's restriction (`person`). Returns the event and
    /// whether the court must ([`Duty::Mandatory`]) or may lift.
    pub fn decide_consumption_lifting(
        &self,
        order_id: &str,
        ground: LiftGround,
        lifted_on: NaiveDate,
        person: Option<&CitizenId>,
    ) -> Result<(Duty, ConsumptionRestrictionLifted), CreditRejection> {
        let state = self.consumption.get(order_id).ok_or(CreditRejection::Unknown { field: "order_id" })?;
        if !Self::order_in_force(state, lifted_on) {
            return Err(CreditRejection::NoLongerInForce { field: "order_id" });
        }
        let id_number = match (ground, person) {
            (LiftGround::RepresentativeChanged, Some(person)) => {
                let named = state.order.persons.iter().find(|p| p.id_number == person.as_str());
                let replaceable = named.is_some_and(|p| {
                    matches!(p.role, CoveredRole::LegalRepresentative | CoveredRole::PrincipalOfficer)
                });
                if !replaceable {
                    return Err(CreditRejection::NotCovered { field: "person" });
                }
                Some(person.as_str().to_owned())
            }
            (LiftGround::RepresentativeChanged, None) => {
                return Err(CreditRejection::Required { field: "person" });
            }
            (_, Some(_)) => return Err(CreditRejection::NotAvailable { field: "person" }),
            (_, None) => None,
        };
        let event =
            ConsumptionRestrictionLifted { order_id: order_id.to_owned(), ground, lifted_on, id_number };
        Ok((xiaofei_art9_lifting(ground), event))
    }

    /// 执行程序解释 第二十三条, 第二十四条: an exit restriction ([`exit_art23_order`]) and its event.
    pub fn decide_exit_order(
        &self,
        app: &ExitOrderApplication,
    ) -> Result<(ExitOrder, ExitRestricted), CreditRejection> {
        let order = exit_art23_order(app)?;
        self.same_debtor(&order.debtor_id)?;
        if self.exit.contains_key(&order.order_id) {
            return Err(CreditRejection::Duplicate { field: "order_id" });
        }
        let event = ExitRestricted {
            order_id: order.order_id.clone(),
            case_number: order.case_number.clone(),
            court: order.court.clone(),
            debtor: subject_record(&order.debtor_id, &order.debtor_name),
            persons: order.persons.iter().map(person_record).collect(),
            applicant: applicant(&order.initiation),
            ordered_on: order.ordered_on,
        };
        Ok((order, event))
    }

    /// 执行程序解释 第二十五条: lifting an exit restriction in force, with whether the court must or may.
    pub fn decide_exit_lifting(
        &self,
        order_id: &str,
        ground: LiftGround,
        lifted_on: NaiveDate,
    ) -> Result<(Duty, ExitRestrictionLifted), CreditRejection> {
        let state = self.exit.get(order_id).ok_or(CreditRejection::Unknown { field: "order_id" })?;
        if !Self::exit_in_force(state, lifted_on) {
            return Err(CreditRejection::NoLongerInForce { field: "order_id" });
        }
        let duty = exit_art25_lifting(ground);
        if duty == Duty::NotAvailable {
            return Err(CreditRejection::NotAvailable { field: "ground" });
        }
        Ok((duty, ExitRestrictionLifted { order_id: order_id.to_owned(), ground, lifted_on }))
    }

    /// The grade of the debtor on `graded_on` under `rules` ([`GradingRules::grade`]) as an event, from the
    /// record's facts and the unpaid total and case count the cases give.
    pub fn decide_grade(
        &self,
        rules: &GradingRules,
        graded_on: NaiveDate,
        unpaid: Amount,
        cases: u32,
    ) -> DebtorGraded {
        let grade = rules.grade(&self.grading_facts(graded_on, unpaid, cases));
        DebtorGraded {
            level: grade.level,
            name_zh: grade.name_zh,
            reasons: grade.reasons,
            measures: grade.measures.iter().collect(),
            version: grade.version,
            graded_on,
        }
    }

    /// A passport number recorded as `person`'s on `bound_on`, from `source`: refused when it is not of a
    /// passport's form ([`pack_passport`]), when the record is another person's, or when it is recorded already.
    pub fn decide_passport(
        &self,
        person: &CitizenId,
        passport: &str,
        source: &str,
        bound_on: NaiveDate,
    ) -> Result<PassportBound, CreditRejection> {
        if pack_passport(passport).is_none() {
            return Err(CreditRejection::InvalidIdentifier { field: "passport", code: "not_a_passport" });
        }
        self.same_debtor(&SubjectId::Citizen(person.clone()))?;
        let passport = fold_full_width(passport.trim()).to_ascii_uppercase();
        if self.passports.contains_key(&passport) {
            return Err(CreditRejection::Duplicate { field: "passport" });
        }
        Ok(PassportBound {
            id_number: person.as_str().to_owned(),
            passport,
            source: text("source", source, CREDIT_TEXT_CHARS_MAX)?,
            bound_on,
        })
    }

    /// The passports bound to persons in this record, packed for the screening index.
    pub fn passport_bindings(&self) -> Vec<PassportBinding> {
        self.passports
            .iter()
            .filter_map(|(passport, id)| {
                let person = match key_of_normalized(true, id)? {
                    SubjectKey::Person(key) => key,
                    SubjectKey::Organisation(_) => return None,
                };
                Some(PassportBinding { passport: pack_passport(passport)?, person })
            })
            .collect()
    }

    fn live_listing(&self, listing_id: &str) -> Result<&ListingState, CreditRejection> {
        let listing =
            self.listings.get(listing_id).ok_or(CreditRejection::Unknown { field: "listing_id" })?;
        if listing.ended_on().is_some() {
            return Err(CreditRejection::NoLongerInForce { field: "listing_id" });
        }
        Ok(listing)
    }

    fn same_debtor(&self, id: &SubjectId) -> Result<(), CreditRejection> {
        match &self.debtor {
            Some(debtor) if debtor.id_number != id.as_str() => {
                Err(CreditRejection::NotCovered { field: "debtor.id" })
            }
            _ => Ok(()),
        }
    }
}

impl From<&ListingDecision> for ShixinListed {
    fn from(d: &ListingDecision) -> Self {
        let (name, representative) = match &d.debtor {
            super::DebtorParticulars::Person { name, .. } => (name.clone(), None),
            super::DebtorParticulars::Organisation { name, representative, .. } => {
                (name.clone(), Some(representative.clone()))
            }
        };
        ShixinListed {
            listing_id: d.listing_id.clone(),
            case_number: d.case_number.clone(),
            court: d.court.clone(),
            filed_on: d.filed_on,
            basis_issuer: d.basis_issuer.clone(),
            basis_number: d.basis_number.clone(),
            debtor: subject_record(&d.debtor_id, &name),
            representative,
            public_status: d.public_status.clone(),
            obligation: d.obligation.clone(),
            performance: d.performance.clone(),
            unpaid: d.unpaid.to_string(),
            behaviours: d.behaviours.clone(),
            grounds: d.grounds.clone(),
            applicant: applicant(&d.initiation),
            decided_on: d.decided_on,
            term: d.term,
            extension: d.extension,
            published_from: d.published_from,
        }
    }
}

fn due(kind: DueKind, id: &str, due_on: NaiveDate, source: &'static str, provisional: bool) -> Due {
    Due { kind, id: id.to_owned(), due_on, source, provisional }
}

/// The Nth Monday-to-Friday after `date`, for a year the calendar does not cover.
fn weekdays_after(date: NaiveDate, n: u32) -> NaiveDate {
    let mut day = date;
    let mut left = n;
    while left > 0 {
        day = day.succ_opt().unwrap_or(day);
        if !matches!(day.weekday(), Weekday::Sat | Weekday::Sun) {
            left -= 1;
        }
    }
    day
}

fn applicant(initiation: &Initiation) -> Option<String> {
    match initiation {
        Initiation::OnApplication { applicant, .. } => Some(applicant.trim().to_owned()),
        Initiation::ExOfficio => None,
    }
}

fn subject_record(id: &SubjectId, name: &str) -> SubjectRecord {
    SubjectRecord {
        id_kind: match id {
            SubjectId::Citizen(_) => IdKind::Citizen,
            SubjectId::Uscc(_) => IdKind::Uscc,
        },
        id_number: id.as_str().to_owned(),
        name: name.to_owned(),
    }
}

fn person_record(person: &CoveredPerson) -> PersonRecord {
    PersonRecord { role: person.role, name: person.name.clone(), id_number: person.id.as_str().to_owned() }
}

/// The order an event recorded, rebuilt for the permit rules (identifiers re-parsed from their normalized
/// form; the birth-date bound is the order's day, on which they were valid).
fn consumption_order_of(state: &ConsumptionState) -> Result<ConsumptionOrder, CreditRejection> {
    let o = &state.order;
    let on = o.ordered_on;
    let debtor_id =
        SubjectId::parse_as(o.debtor.id_kind == IdKind::Citizen, &o.debtor.id_number, on, "order_id")?;
    let persons = o
        .persons
        .iter()
        .map(|p| {
            CitizenId::parse(&p.id_number, on)
                .map(|id| CoveredPerson { role: p.role, name: p.name.clone(), id })
                .map_err(|e| super::citizen_error("order_id", &e))
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(ConsumptionOrder {
        order_id: o.order_id.clone(),
        case_number: o.case_number.clone(),
        court: o.court.clone(),
        debtor_name: o.debtor.name.clone(),
        debtor_id,
        persons,
        items: o.items.iter().copied().collect(),
        until: o.until,
        initiation: match &o.applicant {
            Some(applicant) => Initiation::OnApplication { applicant: applicant.clone(), applied_on: on },
            None => Initiation::ExOfficio,
        },
        ordered_on: on,
        duty: if o.mandatory { Duty::Mandatory } else { Duty::Discretionary },
        legal_consequences: "",
        signed_by: "院长",
        legal_basis: Vec::new(),
    })
}

#[cfg(test)]
mod tests;
