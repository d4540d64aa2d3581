//! Credit punishment on a case (信用惩戒): listing a debtor as dishonest (纳入失信名单) and removing the listing,
//! consumption restriction orders (限制消费令) and exit restrictions (限制出境) with their lifting, the debtor's
//! credit record, and the public lists (公开) the portal reads.
//!
//! Each decision is made by the pure domain (`credit::record::CreditRecord::decide_*`) against the debtor's
//! credit stream — one stream per debtor, whatever the case — and appended to it under its version, so two
//! officers deciding on the same debtor at once cannot both pass a check only one of them should.

use crate::control::{day, yuan};
use crate::{Actor, App, AppError};
use chrono::NaiveDate;
use serde::Deserialize;
use zhixing_core::cases::{CaseFiled, PartyRecord};
use zhixing_core::clock::china_date;
use zhixing_core::credit::disclosure::{self, PublicEntry};
use zhixing_core::credit::listing::{
    Behaviour, CorrectionGround, ListingApplication, RemovalTrigger, Requeries,
};
use zhixing_core::credit::officials::{self, OfficialNotice};
use zhixing_core::credit::record::{
    self as cr, ConsumptionPermitted, ConsumptionRestricted, ConsumptionRestrictionLifted, CreditRecord,
    ExitRestricted, ExitRestrictionLifted, PassportBound, ShixinCorrected, ShixinCorrectionDecided,
    ShixinCorrectionRequested, ShixinListed, ShixinRemovalDue, ShixinRemoved,
};
use zhixing_core::credit::{
    ConsumptionItem, ConsumptionOrderApplication, CoveredPerson, CoveredRole, CreditRejection, Debtor,
    ExitOrderApplication, InForce, Initiation, ItemSet, LiftGround, PermitKind, PermitRequest, PublicStatus,
    SubjectId,
};
use zhixing_core::event::{ExpectedVersion, NewEvent};
use zhixing_core::ids::case_number::CaseNumber;
use zhixing_core::ids::citizen_id::{CitizenId, MaskPattern};
use zhixing_core::limits;
use zhixing_core::money::Amount;
use zhixing_core::users as domain;
use zhixing_store::{AppendBatch, CaseRow};

/// What an officer decides in listing a debtor (失信规定 第一条, 第五条).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListingInput {
    /// The debtor's identifier (one of the case's debtors).
    pub debtor: String,
    /// The dishonest behaviours, each under its ground with its facts.
    pub behaviours: Vec<Behaviour>,
    /// The applicant who applied (失信规定 第五条: on application); absent, ex officio.
    #[serde(default)]
    pub applicant: Option<String>,
    /// The day the application was received (YYYY-MM-DD); with `applicant`.
    #[serde(default)]
    pub applied_on: Option<String>,
    #[serde(default)]
    pub extension_years: u8,
    /// Months of grace before publication (善意文明执行意见), 0–3.
    #[serde(default)]
    pub grace_months: u8,
    #[serde(default)]
    pub public_status: PublicStatus,
    /// How far the obligation is performed, in words; default "未履行".
    #[serde(default)]
    pub performance: Option<String>,
    /// What is unpaid, in yuan; default the case's principal, interest and costs as filed.
    #[serde(default)]
    pub unpaid: Option<String>,
}

/// A person an order covers besides the debtor (an organisation's representative, principal officer, …).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PersonInput {
    pub role: CoveredRole,
    pub name: String,
    pub id_number: String,
}

/// What an officer orders in restricting consumption (限消规定 第一条, 第三条) or exit (执行程序解释 第二十三条).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OrderInput {
    pub debtor: String,
    #[serde(default)]
    pub persons: Vec<PersonInput>,
    /// The consumption items restricted; default all nine (a consumption order only).
    #[serde(default)]
    pub items: Vec<ConsumptionItem>,
    /// The order's last day (YYYY-MM-DD); default until lifted (a consumption order only).
    #[serde(default)]
    pub until: Option<String>,
    #[serde(default)]
    pub applicant: Option<String>,
    #[serde(default)]
    pub applied_on: Option<String>,
}

/// What an officer records in lifting an order.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LiftInput {
    pub ground: LiftGround,
    /// For `representative_changed`: the replaced person's 公民身份号码.
    #[serde(default)]
    pub person: Option<String>,
}

/// What an officer records in removing a listing (失信规定 第十条).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RemovalInput {
    pub trigger: RemovalTrigger,
    /// For `applicant_request`: the applicant who asked.
    #[serde(default)]
    pub requested_by: Option<String>,
    /// For `empty_requeries`: how many re-queries found nothing.
    #[serde(default)]
    pub empty_requeries: u32,
}

/// A written correction request (失信规定 第十一条) as the officer records it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CorrectionInput {
    pub ground: CorrectionGround,
    pub reasons: String,
    /// The day it was received (YYYY-MM-DD); default today.
    #[serde(default)]
    pub received_on: Option<String>,
}

/// The review of a correction request (第十二条).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CorrectionReviewInput {
    pub upheld: bool,
}

/// An upheld correction carried out; for an inaccurate record, what was corrected.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CorrectedInput {
    #[serde(default)]
    pub note: Option<String>,
}

/// A request to consume despite an order (限消规定 第三条第二款, 第八条).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PermitInput {
    /// Who consumes: the debtor or a person the order covers (公民身份号码 or 统一社会信用代码).
    pub subject: String,
    pub item: ConsumptionItem,
    pub kind: PermitKind,
    pub purpose: String,
    /// First and last day (YYYY-MM-DD).
    pub from: String,
    pub until: String,
    /// The court verified the facts (审查属实).
    pub verified: bool,
}

/// A passport recorded as a person's.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PassportInput {
    pub passport: String,
    /// Where the court has it from.
    pub source: String,
}

/// A debtor's credit record as the officer reads it.
#[derive(Debug, Clone)]
pub struct CreditView {
    pub stream_id: String,
    pub record: CreditRecord,
    pub in_force: Vec<InForce>,
}

/// At most this many cases answer one public query.
pub const PUBLIC_CASES_MAX: u32 = 20;

/// A debtor's case as the public portal shows it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct PublicCase {
    pub name: String,
    /// Masked for a person.
    pub id_number: String,
    pub case_number: String,
    pub court_name: String,
    pub filed_on: String,
    /// 执行标的 (principal), yuan.
    pub principal: String,
    /// Closed as 终结本次执行程序.
    pub zhongben: bool,
    pub closed_on: Option<String>,
    pub open: bool,
}

/// What a party sees of their own case.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct CaseProgress {
    pub case_number: String,
    pub court_name: String,
    pub filed_on: String,
    pub status: String,
    pub officer: Option<String>,
    pub closing_mode: Option<String>,
    /// The nodes done, with the day each was done.
    pub nodes: Vec<(String, String)>,
}

/// The progress query code of a case (当事人查询码), printed on the acceptance notice: 8 characters derived
/// from the case's id (whose 74 random bits are never published), so it needs no storage.
pub fn progress_code(case_id: &str) -> String {
    use sha2::Digest;
    let digest =
        sha2::Sha256::new().chain_update(b"zhixing-progress\0").chain_update(case_id.as_bytes()).finalize();
    hex::encode(&digest[..4]).to_uppercase()
}

/// How the public asks (no login): by 案号, or by name and identifier together.
#[derive(Debug, Clone)]
pub enum PublicQuery {
    Case(String),
    Person { name: String, id_number: String },
}

impl App {
    /// 失信规定 第五条: lists a debtor of the case as dishonest, decided today.
    pub async fn list_shixin(
        &self,
        actor: &Actor,
        case_number: &str,
        input: &ListingInput,
    ) -> Result<ShixinListed, AppError> {
        let (case, filed) = self.credit_case(actor, case_number).await?;
        let today = self.today();
        let party = debtor_of(&filed, &input.debtor)?;
        let debtor = debtor_from(party, input.public_status.clone(), today)?;
        let unpaid = match input.unpaid.as_deref() {
            Some(text) => yuan("unpaid", text)?,
            None => filed.owed().unwrap_or(Amount::ZERO),
        };
        let app = ListingApplication {
            listing_id: uuid::Uuid::now_v7().to_string(),
            case_number: filed.case_number.clone(),
            filed_on: day("filed_on", &filed.filed_on)?,
            court: filed.court.clone(),
            basis_issuer: filed.basis.issuer.clone(),
            basis_number: filed.basis.document_number.clone(),
            obligation: obligation_of(&filed),
            performance: input.performance.clone().unwrap_or_else(|| "未履行".to_owned()),
            unpaid,
            obligation_unperformed: true,
            behaviours: input.behaviours.clone(),
            initiation: initiation(input.applicant.as_deref(), input.applied_on.as_deref(), today)?,
            extension_years: input.extension_years,
            grace_months: input.grace_months,
            decided_on: today,
            debtor,
        };
        let (record, version, stream) = self.load_credit(&app.debtor.id).await?;
        let (_, event) = record.decide_listing(&app).map_err(rejection)?;
        self.append_stream(
            actor,
            &case.court,
            &stream,
            version,
            vec![NewEvent::new(cr::SHIXIN_LISTED, 1, &event)],
        )
        .await?;
        Ok(event)
    }

    /// 失信规定 第十条: a removal trigger recorded and the listing removed today (within the three working days
    /// the rule allows).
    pub async fn remove_shixin(
        &self,
        actor: &Actor,
        debtor: &str,
        listing_id: &str,
        input: &RemovalInput,
    ) -> Result<(ShixinRemovalDue, ShixinRemoved), AppError> {
        let today = self.today();
        let (record, version, stream) = self.load_credit(&subject(debtor, today, "debtor")?).await?;
        let listing =
            record.listings.get(listing_id).ok_or_else(|| AppError::NotFound { what: "listing".into() })?;
        let court = listing.listed.court.clone();
        domain::may_file_cases(self.courts, &actor.roles, &actor.court, &court)?;
        let requeries = Requeries { empty: input.empty_requeries, leads_given: false };
        let due = record
            .decide_removal(
                listing_id,
                input.trigger,
                today,
                requeries,
                input.requested_by.as_deref(),
                self.calendar,
            )
            .map_err(rejection)?;
        let mut after = record.clone();
        after.evolve(cr::SHIXIN_REMOVAL_DUE, &serde_json::to_string(&due).map_err(internal)?);
        let removed = after.decide_removed(listing_id, today).map_err(rejection)?;
        let events = vec![
            NewEvent::new(cr::SHIXIN_REMOVAL_DUE, 1, &due),
            NewEvent::new(cr::SHIXIN_REMOVED, 1, &removed),
        ];
        self.append_stream(actor, &court, &stream, version, events).await?;
        Ok((due, removed))
    }

    /// 限消规定 第一条, 第三条: a consumption restriction order on a debtor of the case, ordered today.
    pub async fn restrict_consumption(
        &self,
        actor: &Actor,
        case_number: &str,
        input: &OrderInput,
    ) -> Result<ConsumptionRestricted, AppError> {
        let (case, filed) = self.credit_case(actor, case_number).await?;
        let today = self.today();
        let debtor = debtor_from(debtor_of(&filed, &input.debtor)?, PublicStatus::Ordinary, today)?;
        let items = if input.items.is_empty() {
            ItemSet::ALL
        } else {
            input.items.iter().fold(ItemSet::EMPTY, |mut set, item| {
                set.insert(*item);
                set
            })
        };
        let app = ConsumptionOrderApplication {
            order_id: uuid::Uuid::now_v7().to_string(),
            case_number: filed.case_number.clone(),
            court: filed.court.clone(),
            persons: persons(&input.persons, today)?,
            items,
            until: input.until.as_deref().map(|d| day("until", d)).transpose()?,
            unperformed_after_notice: true,
            listed: false,
            initiation: initiation(input.applicant.as_deref(), input.applied_on.as_deref(), today)?,
            ordered_on: today,
            debtor,
        };
        let (record, version, stream) = self.load_credit(&app.debtor.id).await?;
        let (_, event) = record.decide_consumption_order(&app).map_err(rejection)?;
        self.append_stream(
            actor,
            &case.court,
            &stream,
            version,
            vec![NewEvent::new(cr::CONSUMPTION_RESTRICTED, 1, &event)],
        )
        .await?;
        Ok(event)
    }

    /// 限消规定 第九条: lifts a consumption restriction order (or one replaced representative's restriction).
    pub async fn lift_consumption(
        &self,
        actor: &Actor,
        debtor: &str,
        order_id: &str,
        input: &LiftInput,
    ) -> Result<ConsumptionRestrictionLifted, AppError> {
        let court_of = |record: &CreditRecord| order_court(record, order_id);
        self.decide_on(actor, debtor, cr::CONSUMPTION_LIFTED, court_of, |record, today| {
            let person = input
                .person
                .as_deref()
                .map(|id| {
                    CitizenId::parse(id, today)
                        .map_err(|e| AppError::invalid("person", e.code(), &e.to_string()))
                })
                .transpose()?;
            let (_, event) = record
                .decide_consumption_lifting(order_id, input.ground, today, person.as_ref())
                .map_err(rejection)?;
            Ok(event)
        })
        .await
    }

    /// 执行程序解释 第二十三条, 第二十四条: an exit restriction on a debtor of the case, ordered today.
    pub async fn restrict_exit(
        &self,
        actor: &Actor,
        case_number: &str,
        input: &OrderInput,
    ) -> Result<ExitRestricted, AppError> {
        let (case, filed) = self.credit_case(actor, case_number).await?;
        let today = self.today();
        let debtor = debtor_from(debtor_of(&filed, &input.debtor)?, PublicStatus::Ordinary, today)?;
        let app = ExitOrderApplication {
            order_id: uuid::Uuid::now_v7().to_string(),
            case_number: filed.case_number.clone(),
            court: filed.court.clone(),
            persons: persons(&input.persons, today)?,
            unperformed: true,
            initiation: initiation(input.applicant.as_deref(), input.applied_on.as_deref(), today)?,
            ordered_on: today,
            debtor,
        };
        let (record, version, stream) = self.load_credit(&app.debtor.id).await?;
        let (_, event) = record.decide_exit_order(&app).map_err(rejection)?;
        self.append_stream(
            actor,
            &case.court,
            &stream,
            version,
            vec![NewEvent::new(cr::EXIT_RESTRICTED, 1, &event)],
        )
        .await?;
        Ok(event)
    }

    /// 执行程序解释 第二十五条: lifts an exit restriction.
    pub async fn lift_exit(
        &self,
        actor: &Actor,
        debtor: &str,
        order_id: &str,
        input: &LiftInput,
    ) -> Result<ExitRestrictionLifted, AppError> {
        let court_of = |record: &CreditRecord| {
            record
                .exit
                .get(order_id)
                .map(|o| o.order.court.clone())
                .ok_or_else(|| AppError::NotFound { what: "order".into() })
        };
        self.decide_on(actor, debtor, cr::EXIT_LIFTED, court_of, |record, today| {
            let (_, event) = record.decide_exit_lifting(order_id, input.ground, today).map_err(rejection)?;
            Ok(event)
        })
        .await
    }

    /// 失信规定 第十一条, 第十二条: a written correction request on a listing recorded, with its review date.
    pub async fn request_correction(
        &self,
        actor: &Actor,
        debtor: &str,
        listing_id: &str,
        input: &CorrectionInput,
    ) -> Result<ShixinCorrectionRequested, AppError> {
        let court_of = |record: &CreditRecord| listing_court(record, listing_id);
        self.decide_on(actor, debtor, cr::SHIXIN_CORRECTION_REQUESTED, court_of, |record, today| {
            let received_on =
                input.received_on.as_deref().map(|d| day("received_on", d)).transpose()?.unwrap_or(today);
            if received_on > today {
                return Err(AppError::invalid("received_on", "in_future", "not after today / 不得晚于今日"));
            }
            let request_id = uuid::Uuid::now_v7().to_string();
            record
                .decide_correction_request(
                    &request_id,
                    listing_id,
                    input.ground,
                    &input.reasons,
                    received_on,
                    self.calendar,
                )
                .map_err(rejection)
        })
        .await
    }

    /// 失信规定 第十二条: the review of a correction request, decided today — upheld (to be carried out within
    /// three working days) or rejected.
    pub async fn review_correction(
        &self,
        actor: &Actor,
        debtor: &str,
        request_id: &str,
        input: &CorrectionReviewInput,
    ) -> Result<ShixinCorrectionDecided, AppError> {
        let court_of = |record: &CreditRecord| correction_court(record, request_id);
        self.decide_on(actor, debtor, cr::SHIXIN_CORRECTION_DECIDED, court_of, |record, today| {
            record.decide_correction(request_id, input.upheld, today, self.calendar).map_err(rejection)
        })
        .await
    }

    /// 失信规定 第十一条: an upheld correction carried out today — the listing revoked, its record corrected or
    /// the listing removed, as the request's ground says. A revoked or removed listing stops being public at once.
    pub async fn carry_out_correction(
        &self,
        actor: &Actor,
        debtor: &str,
        request_id: &str,
        input: &CorrectedInput,
    ) -> Result<ShixinCorrected, AppError> {
        let court_of = |record: &CreditRecord| correction_court(record, request_id);
        self.decide_on(actor, debtor, cr::SHIXIN_CORRECTED, court_of, |record, today| {
            record.decide_corrected(request_id, today, input.note.as_deref()).map_err(rejection)
        })
        .await
    }

    /// 限消规定 第三条第二款, 第八条: a consumption allowed despite an order in force, on the court's approval;
    /// screening answers "not restricted" for that item and person through the permit's days.
    pub async fn permit_consumption(
        &self,
        actor: &Actor,
        debtor: &str,
        order_id: &str,
        input: &PermitInput,
    ) -> Result<ConsumptionPermitted, AppError> {
        let court_of = |record: &CreditRecord| order_court(record, order_id);
        self.decide_on(actor, debtor, cr::CONSUMPTION_PERMITTED, court_of, |record, today| {
            let request = PermitRequest {
                subject: subject(&input.subject, today, "subject")?,
                item: input.item,
                kind: input.kind,
                purpose: input.purpose.clone(),
                from: day("from", &input.from)?,
                until: day("until", &input.until)?,
                verified: input.verified,
            };
            record.decide_permit(order_id, &request).map_err(rejection)
        })
        .await
    }

    /// 失信规定 第八条: the notice (通报) of a public official's or public body's listing to the unit and its
    /// supervising department, issued on the day of the listing; `None` for an ordinary debtor.
    pub async fn official_notice(
        &self,
        actor: &Actor,
        debtor: &str,
        listing_id: &str,
    ) -> Result<Option<OfficialNotice>, AppError> {
        let view = self.credit_record(actor, debtor).await?;
        let listing = view
            .record
            .listings
            .get(listing_id)
            .ok_or_else(|| AppError::NotFound { what: "listing".into() })?;
        Ok(officials::shixin_art8_official_notice(&listing.listed, listing.listed.decided_on))
    }

    /// The separate public list of public officials and public bodies (失信规定 第八条, zero tolerance): their
    /// listings as published today, newest first, `limit` from `offset`.
    pub async fn public_officials(&self, offset: u32, limit: u32) -> Result<Vec<PublicEntry>, AppError> {
        let today = self.today();
        let rows = self.store.public_official_entries(offset, limit).await?;
        let mut entries = Vec::with_capacity(rows.len());
        for row in rows {
            let listed: ShixinListed = serde_json::from_str(&row.fields).map_err(internal)?;
            let entry = disclosure::shixin_art6_published(&listed, today, MaskPattern::DEFAULT);
            if disclosure::is_public_on(entry.published_on, entry.ends_on, today) {
                entries.push(entry);
            }
        }
        Ok(entries)
    }

    /// Records a passport (护照) as a person's: screening answers it as it answers the person's 公民身份号码,
    /// from the next refresh. Officers, in their own court.
    pub async fn bind_passport(
        &self,
        actor: &Actor,
        person: &str,
        input: &PassportInput,
    ) -> Result<PassportBound, AppError> {
        domain::may_file_cases(self.courts, &actor.roles, &actor.court, &actor.court)?;
        let today = self.today();
        let id = CitizenId::parse(person.trim(), today)
            .map_err(|e| AppError::invalid("person", e.code(), &e.to_string()))?;
        let (record, version, stream) = self.load_credit(&SubjectId::Citizen(id.clone())).await?;
        let event = record.decide_passport(&id, &input.passport, &input.source, today).map_err(rejection)?;
        let events = vec![NewEvent::new(cr::PASSPORT_BOUND, 1, &event)];
        self.append_stream(actor, &actor.court, &stream, version, events).await?;
        Ok(event)
    }

    /// A debtor's credit record with what is in force today. Officers, the command center and leaders read it.
    pub async fn credit_record(&self, actor: &Actor, debtor: &str) -> Result<CreditView, AppError> {
        if !actor
            .roles
            .iter()
            .any(|r| matches!(r, domain::Role::Officer | domain::Role::CommandCenter | domain::Role::Leader))
        {
            return Err(domain::Denied::MissingRole(domain::Role::Officer).into());
        }
        let today = self.today();
        let (record, version, stream_id) = self.load_credit(&subject(debtor, today, "debtor")?).await?;
        if version == 0 {
            return Err(AppError::NotFound { what: "credit record".into() });
        }
        let in_force = record.in_force(today);
        Ok(CreditView { stream_id, record, in_force })
    }

    /// The public entries (失信规定 第六条, numbers masked) matching a query, as public today. By identifier,
    /// the name must match too: a number alone or a name alone finds nothing.
    pub async fn public_entries(&self, query: &PublicQuery) -> Result<Vec<PublicEntry>, AppError> {
        let today = self.today();
        let (rows, name) = match query {
            PublicQuery::Case(text) => {
                let number = CaseNumber::parse(text)
                    .map_err(|e| AppError::invalid("case_number", e.code(), &e.to_string()))?;
                (self.store.public_entries_by_case(&number.canonical()).await?, None)
            }
            PublicQuery::Person { name, id_number } => {
                let name = name.trim();
                if name.is_empty() || name.chars().count() > limits::NAME_CHARS_MAX {
                    return Err(AppError::invalid("name", "required", "a name / 请输入姓名或名称"));
                }
                let id = subject(id_number, today, "id_number")?;
                (self.store.public_entries_by_id(id.as_str()).await?, Some(name.to_owned()))
            }
        };
        let mut entries = Vec::with_capacity(rows.len());
        for row in rows {
            let entry = match row.list.as_str() {
                "shixin" => {
                    let listed: ShixinListed = serde_json::from_str(&row.fields).map_err(internal)?;
                    disclosure::shixin_art6_published(&listed, today, MaskPattern::DEFAULT)
                }
                _ => {
                    let order: ConsumptionRestricted = serde_json::from_str(&row.fields).map_err(internal)?;
                    disclosure::xiaofei_art10_published(&order, today, MaskPattern::DEFAULT)
                }
            };
            if !disclosure::is_public_on(entry.published_on, entry.ends_on, today) {
                continue;
            }
            if name.as_deref().is_some_and(|name| name != entry.name) {
                continue;
            }
            entries.push(entry);
        }
        Ok(entries)
    }

    /// A debtor's credit record, its stream version and its stream id.
    pub(crate) async fn load_credit(&self, id: &SubjectId) -> Result<(CreditRecord, u64, String), AppError> {
        let stream = cr::stream_id(id);
        let (record, version) = self.load_credit_stream(&stream).await?;
        Ok((record, version, stream))
    }

    /// A credit stream replayed.
    pub(crate) async fn load_credit_stream(&self, stream: &str) -> Result<(CreditRecord, u64), AppError> {
        let mut record = CreditRecord::default();
        let mut version = 0;
        loop {
            let page = self.store.read_stream(stream, version + 1, limits::REPLAY_PAGE_EVENTS).await?;
            let Some(last) = page.last() else { break };
            version = last.stream_version;
            for event in &page {
                record.evolve(&event.event_type, &event.payload);
            }
        }
        Ok((record, version))
    }

    /// One decision on a debtor's record: the record loaded, the court that decides on it found by `court_of`,
    /// the actor's right to act for that court checked, the event decided today by `decide` and appended under
    /// the stream's version (a decision made meanwhile by someone else makes this one a conflict).
    async fn decide_on<E: serde::Serialize>(
        &self,
        actor: &Actor,
        debtor: &str,
        event_type: &str,
        court_of: impl FnOnce(&CreditRecord) -> Result<String, AppError>,
        decide: impl FnOnce(&CreditRecord, NaiveDate) -> Result<E, AppError>,
    ) -> Result<E, AppError> {
        let today = self.today();
        let (record, version, stream) = self.load_credit(&subject(debtor, today, "debtor")?).await?;
        let court = court_of(&record)?;
        domain::may_file_cases(self.courts, &actor.roles, &actor.court, &court)?;
        let event = decide(&record, today)?;
        self.append_stream(actor, &court, &stream, version, vec![NewEvent::new(event_type, 1, &event)])
            .await?;
        Ok(event)
    }

    /// A debtor's cases as the public may see them (被执行人信息, and 终本 cases among them): by 案号, or by name and
    /// identifier together (a number alone or a name alone finds nothing), identifiers masked. At most
    /// [`PUBLIC_CASES_MAX`]: no bulk reading.
    pub async fn public_cases(&self, query: &PublicQuery) -> Result<Vec<PublicCase>, AppError> {
        let today = self.today();
        let (rows, name) = match query {
            PublicQuery::Case(text) => {
                let number = CaseNumber::parse(text)
                    .map_err(|e| AppError::invalid("case_number", e.code(), &e.to_string()))?;
                let canonical = number.canonical();
                let by = zhixing_store::DebtorCasesBy::CaseNumber(&canonical);
                (self.store.debtor_cases(by, PUBLIC_CASES_MAX).await?, None)
            }
            PublicQuery::Person { name, id_number } => {
                let name = name.trim();
                if name.is_empty() || name.chars().count() > limits::NAME_CHARS_MAX {
                    return Err(AppError::invalid("name", "required", "a name / 请输入姓名或名称"));
                }
                let id = subject(id_number, today, "id_number")?;
                let by = zhixing_store::DebtorCasesBy::IdNumber(id.as_str());
                (self.store.debtor_cases(by, PUBLIC_CASES_MAX).await?, Some(name.to_owned()))
            }
        };
        Ok(rows
            .into_iter()
            .filter(|r| name.as_deref().is_none_or(|n| n == r.name))
            .map(|r| PublicCase {
                id_number: disclosure::published_identifier(&r.kind, &r.id_number, MaskPattern::DEFAULT),
                name: r.name,
                court_name: self.court_name(&r.court),
                case_number: r.case_number,
                filed_on: r.filed_on,
                principal: Amount::from_fen(r.principal_fen).map(|a| a.to_string()).unwrap_or_default(),
                zhongben: r.closing_mode == "zhongben",
                closed_on: Some(r.closed_on).filter(|d| !d.is_empty()),
                open: r.status != "closed",
            })
            .collect())
    }

    /// A party's progress query (当事人查询): the case by 案号 and the code printed on the acceptance notice.
    /// A wrong code answers as an unknown case does.
    pub async fn case_progress(&self, case_number: &str, code: &str) -> Result<CaseProgress, AppError> {
        let number = CaseNumber::parse(case_number)
            .map_err(|e| AppError::invalid("case_number", e.code(), &e.to_string()))?;
        let not_found = || AppError::NotFound { what: format!("case {}", number.canonical()) };
        let case = self.store.case_by_number(&number.canonical()).await?.ok_or_else(not_found)?;
        let expected = progress_code(&case.case_id);
        if !code.trim().eq_ignore_ascii_case(&expected) {
            return Err(not_found());
        }
        let flow = self.flow_of(case).await?;
        let (case, state) = (&flow.case, &flow.state);
        Ok(CaseProgress {
            court_name: self.court_name(&case.court),
            case_number: case.case_number.clone(),
            filed_on: case.filed_on.clone(),
            status: case.status.clone(),
            officer: state.officer.as_ref().map(|o| o.officer_name.clone()),
            closing_mode: state.closed.as_ref().map(|c| c.mode.clone()),
            nodes: flow
                .timeline
                .iter()
                .filter_map(|r| r.actual_on.map(|on| (r.node.name_zh().to_owned(), on.to_string())))
                .collect(),
        })
    }

    /// Today in China (UTC+8), by the application's clock.
    pub fn today(&self) -> NaiveDate {
        china_date(self.clock().now())
    }

    /// A case the actor may act on, with its filing.
    async fn credit_case(&self, actor: &Actor, case_number: &str) -> Result<(CaseRow, CaseFiled), AppError> {
        let case = self.case_by_number(actor, case_number).await?;
        domain::may_file_cases(self.courts, &actor.roles, &actor.court, &case.court)?;
        let (_, filed, _) = self.load_control(&case.case_id).await?;
        let filed = filed.ok_or_else(|| AppError::NotFound { what: "case".into() })?;
        Ok((case, filed))
    }

    async fn append_stream(
        &self,
        actor: &Actor,
        court: &str,
        stream: &str,
        version: u64,
        events: Vec<NewEvent>,
    ) -> Result<(), AppError> {
        let batch = AppendBatch::new(&actor.reference(), court).stream(
            stream,
            ExpectedVersion::Exact(version),
            events,
        );
        self.store.append(&batch).await?;
        Ok(())
    }
}

/// The court of a listing, which decides on it.
fn listing_court(record: &CreditRecord, listing_id: &str) -> Result<String, AppError> {
    record
        .listings
        .get(listing_id)
        .map(|l| l.listed.court.clone())
        .ok_or_else(|| AppError::NotFound { what: "listing".into() })
}

/// The court of a consumption restriction order, which decides on it.
fn order_court(record: &CreditRecord, order_id: &str) -> Result<String, AppError> {
    record
        .consumption
        .get(order_id)
        .map(|o| o.order.court.clone())
        .ok_or_else(|| AppError::NotFound { what: "order".into() })
}

/// The court of the listing a correction request concerns.
fn correction_court(record: &CreditRecord, request_id: &str) -> Result<String, AppError> {
    let request = record
        .corrections
        .get(request_id)
        .ok_or_else(|| AppError::NotFound { what: "correction request".into() })?;
    listing_court(record, &request.requested.listing_id)
}

fn debtor_of<'a>(filed: &'a CaseFiled, id: &str) -> Result<&'a PartyRecord, AppError> {
    let id = id.trim().to_uppercase();
    filed.debtors.iter().find(|d| d.id_number == id).ok_or_else(|| {
        AppError::invalid("debtor", "not_a_debtor", "not a debtor of this case / 非本案被执行人")
    })
}

fn debtor_from(
    party: &PartyRecord,
    public_status: PublicStatus,
    today: NaiveDate,
) -> Result<Debtor, AppError> {
    let id =
        SubjectId::parse_as(party.kind == "person", &party.id_number, today, "debtor").map_err(rejection)?;
    Ok(Debtor {
        name: party.name.clone(),
        id,
        representative: party.legal_representative.clone(),
        public_status,
    })
}

/// An identifier as given: a 公民身份号码 when its first 17 characters are digits, else a 统一社会信用代码.
pub(crate) fn subject(text: &str, today: NaiveDate, field: &'static str) -> Result<SubjectId, AppError> {
    let id = text.trim().to_uppercase();
    let person = id.len() == 18 && id[..17].bytes().all(|b| b.is_ascii_digit());
    SubjectId::parse_as(person, &id, today, field).map_err(rejection)
}

fn persons(input: &[PersonInput], today: NaiveDate) -> Result<Vec<CoveredPerson>, AppError> {
    input
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let id = CitizenId::parse(&p.id_number, today).map_err(|e| {
                AppError::invalid(&format!("persons[{i}].id_number"), e.code(), &e.to_string())
            })?;
            Ok(CoveredPerson { role: p.role, name: p.name.trim().to_owned(), id })
        })
        .collect()
}

fn initiation(
    applicant: Option<&str>,
    applied_on: Option<&str>,
    today: NaiveDate,
) -> Result<Initiation, AppError> {
    match applicant.map(str::trim).filter(|a| !a.is_empty()) {
        None => Ok(Initiation::ExOfficio),
        Some(applicant) => Ok(Initiation::OnApplication {
            applicant: applicant.to_owned(),
            applied_on: applied_on.map(|d| day("applied_on", d)).transpose()?.unwrap_or(today),
        }),
    }
}

/// The obligation of the basis in words (生效法律文书确定的义务).
fn obligation_of(filed: &CaseFiled) -> String {
    let mut words = format!("支付{}元", filed.owed().unwrap_or(Amount::ZERO));
    if let Some(terms) = &filed.interest_terms {
        words.push_str(&format!("（{terms}）"));
    }
    for item in &filed.non_money {
        words.push('；');
        words.push_str(item);
    }
    words
}

fn rejection(rejection: CreditRejection) -> AppError {
    AppError::invalid(rejection.field().unwrap_or("body"), rejection.code(), &rejection.to_string())
}

fn internal(e: impl std::fmt::Display) -> AppError {
    AppError::Internal(e.to_string())
}
