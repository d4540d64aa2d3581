//! Network inquiry and control on a case (网络查控): a one-click inquiry of the debtors at every institution of the
//! chosen classes, and freezes, renewals, releases and deductions of what it found. Each request is decided by
//! the domain (`inquiry::record`) and recorded as an event on the case; the projection puts it in the gateway's
//! queue in the same transaction, so a request is never lost between the officer's click and the network.

use crate::{Actor, App, AppError};
use chrono::NaiveDate;
use sha2::{Digest, Sha256};
use zhixing_core::cases::{self, CaseFiled};
use zhixing_core::clock::china_date;
use zhixing_core::event::{ExpectedVersion, NewEvent};
use zhixing_core::ids::case_number::CaseNumber;
use zhixing_core::inquiry::AssetClass;
use zhixing_core::inquiry::protocol::Subject;
use zhixing_core::inquiry::record::{
    self, CONTROL_REQUESTED, ControlRecord, ControlRejection, ControlRequested, INQUIRY_REQUESTED,
    InquiryRequested,
};
use zhixing_core::limits;
use zhixing_core::money::Amount;
use zhixing_core::users as domain;
use zhixing_store::{AppendBatch, CaseRow};

/// What an officer asks of a one-click inquiry.
#[derive(Debug, Clone, Default)]
pub struct InquiryInput {
    /// Class codes; empty = every class.
    pub classes: Vec<String>,
    /// Debtors' id numbers; empty = every debtor of the case.
    pub subjects: Vec<String>,
    pub urgent: bool,
}

/// What an officer asks of the network about one holding.
#[derive(Debug, Clone)]
pub enum ControlInput {
    Freeze {
        institution: String,
        holding: String,
        amount: Option<String>,
        from: Option<String>,
        until: String,
    },
    Renew {
        freeze: String,
        until: String,
    },
    Release {
        freeze: String,
    },
    Deduct {
        institution: String,
        holding: String,
        amount: String,
    },
}

/// A request as recorded, and whether it was made before under the same idempotency key (then nothing new was
/// recorded).
#[derive(Debug, Clone)]
pub struct Requested<T> {
    pub request: T,
    pub replayed: bool,
}

/// A case's control record with its row.
#[derive(Debug, Clone)]
pub struct CaseControl {
    pub case: CaseRow,
    pub record: ControlRecord,
}

/// The custody account (案款专户) a court's deductions are paid into: one per court.
pub fn custody_account(court: &str) -> String {
    format!("CUSTODY-{court}")
}

impl App {
    /// A case's inquiries, inventory and control requests with their answers.
    pub async fn case_control(&self, actor: &Actor, case_number: &str) -> Result<CaseControl, AppError> {
        let case = self.case_by_number(actor, case_number).await?;
        let (record, _, _) = self.load_control(&case.case_id).await?;
        Ok(CaseControl { case, record })
    }

    /// A one-click inquiry (一键查询) of a case's debtors.
    pub async fn request_inquiry(
        &self,
        actor: &Actor,
        case_number: &str,
        input: &InquiryInput,
    ) -> Result<InquiryRequested, AppError> {
        Ok(self.request_inquiry_once(actor, case_number, input, None).await?.request)
    }

    /// A one-click inquiry under the client's idempotency key: the same key again answers with the inquiry it
    /// first made.
    pub async fn request_inquiry_once(
        &self,
        actor: &Actor,
        case_number: &str,
        input: &InquiryInput,
        key: Option<&str>,
    ) -> Result<Requested<InquiryRequested>, AppError> {
        let case = self.case_by_number(actor, case_number).await?;
        domain::may_file_cases(self.courts, &actor.roles, &actor.court, &case.court)?;
        if let Some(key) = key {
            record::check_idempotency_key(key).map_err(rejection)?;
        }
        let classes = parse_classes(&input.classes)?;
        let (record, filed, version) = self.load_control(&case.case_id).await?;
        if let Some(done) = key.and_then(|key| record::replay_inquiry(&record, key)) {
            return Ok(Requested { request: done.clone(), replayed: true });
        }
        let filed = filed.ok_or_else(|| AppError::NotFound { what: "case".into() })?;
        let subjects = subjects_of(&filed, &input.subjects)?;
        let event = self.new_inquiry(&filed, &classes, subjects, input.urgent, key).ok_or_else(|| {
            AppError::Refused {
                code: "network_unavailable".into(),
                message: "no institution of the network answers these classes / 查控网络不可用".into(),
            }
        })?;
        let batch = AppendBatch::new(&actor.reference(), &case.court).stream(
            &cases::case_stream(&case.case_id),
            ExpectedVersion::Exact(version),
            vec![NewEvent::new(INQUIRY_REQUESTED, 1, &event)],
        );
        self.store.append(&batch).await?;
        Ok(Requested { request: event, replayed: false })
    }

    /// One-click inquiries of many cases at once (批量查询): every debtor of each case, each inquiry recorded on
    /// its own case. The list is checked whole first (each 案号 well formed, none twice, at most
    /// [`record::INQUIRY_BATCH_CASES_MAX`]): a bad list is refused and nothing is recorded. Then each case is
    /// answered on its own — a case out of the actor's scope is refused without stopping the others. Under an
    /// idempotency key, each case gets a key of its own derived from it, so the batch sent again is answered
    /// with the inquiries it first made.
    pub async fn request_inquiries(
        &self,
        actor: &Actor,
        case_numbers: &[String],
        classes: &[String],
        urgent: bool,
        key: Option<&str>,
    ) -> Result<Vec<(String, Result<Requested<InquiryRequested>, AppError>)>, AppError> {
        if case_numbers.is_empty() {
            return Err(AppError::invalid("cases", "empty", "at least one 案号 / 至少一个案号"));
        }
        if case_numbers.len() > record::INQUIRY_BATCH_CASES_MAX {
            return Err(AppError::invalid("cases", "too_many", "at most 200 cases / 案件过多"));
        }
        if let Some(key) = key {
            record::check_idempotency_key(key).map_err(rejection)?;
        }
        let mut canonical = Vec::with_capacity(case_numbers.len());
        for (i, text) in case_numbers.iter().enumerate() {
            let field = format!("cases[{i}]");
            let number =
                CaseNumber::parse(text).map_err(|e| AppError::invalid(&field, e.code(), &e.to_string()))?;
            let number = number.canonical();
            if canonical.contains(&number) {
                return Err(AppError::invalid(&field, "duplicate", "this 案号 is listed twice / 案号重复"));
            }
            canonical.push(number);
        }
        parse_classes(classes)?;
        let input = InquiryInput { classes: classes.to_vec(), subjects: Vec::new(), urgent };
        let mut results = Vec::with_capacity(canonical.len());
        for number in canonical {
            let case_key = key.map(|key| {
                let digest = Sha256::digest(format!("{key}\n{number}").as_bytes());
                format!("batch-{}", hex::encode(&digest[..16]))
            });
            let result = self.request_inquiry_once(actor, &number, &input, case_key.as_deref()).await;
            results.push((number, result));
        }
        Ok(results)
    }

    /// A freeze, renewal, release or deduction through the network, decided against the case's record and the
    /// statutory terms, recorded under a new request id.
    pub async fn request_control(
        &self,
        actor: &Actor,
        case_number: &str,
        input: &ControlInput,
        urgent: bool,
    ) -> Result<ControlRequested, AppError> {
        Ok(self.request_control_once(actor, case_number, input, urgent, None).await?.request)
    }

    /// A control request under the client's idempotency key: sent again with the same key (its response was
    /// lost), it is answered with the request first made, and nothing is asked of the network a second time.
    pub async fn request_control_once(
        &self,
        actor: &Actor,
        case_number: &str,
        input: &ControlInput,
        urgent: bool,
        key: Option<&str>,
    ) -> Result<Requested<ControlRequested>, AppError> {
        let case = self.case_by_number(actor, case_number).await?;
        domain::may_file_cases(self.courts, &actor.roles, &actor.court, &case.court)?;
        if let Some(key) = key {
            record::check_idempotency_key(key).map_err(rejection)?;
        }
        let (record, filed, version) = self.load_control(&case.case_id).await?;
        if let Some(key) = key {
            let (kind, target) = match input {
                ControlInput::Freeze { holding, .. } => ("freeze", holding),
                ControlInput::Renew { freeze, .. } => ("renew", freeze),
                ControlInput::Release { freeze } => ("unfreeze", freeze),
                ControlInput::Deduct { holding, .. } => ("deduct", holding),
            };
            if let Some(done) = record::replay_control(&record, key, kind, target).map_err(rejection)? {
                return Ok(Requested { request: done.clone(), replayed: true });
            }
        }
        let filed = filed.ok_or_else(|| AppError::NotFound { what: "case".into() })?;
        let today = china_date(self.clock().now());
        let (institution, holding, op) = match input {
            ControlInput::Freeze { institution, holding, amount, from, until } => {
                let amount = amount.as_deref().map(|a| yuan("amount", a)).transpose()?;
                let from = from.as_deref().map(|d| day("from", d)).transpose()?.unwrap_or(today);
                let until = day("until", until)?;
                let op = record::decide_freeze(&record, institution, holding, amount, from, until, today)
                    .map_err(rejection)?;
                (institution.clone(), holding.clone(), op)
            }
            ControlInput::Renew { freeze, until } => {
                let (f, op) = record::decide_renewal(&record, freeze, day("until", until)?, today)
                    .map_err(rejection)?;
                (f.institution, f.holding, op)
            }
            ControlInput::Release { freeze } => {
                let (f, op) = record::decide_release(&record, freeze).map_err(rejection)?;
                (f.institution, f.holding, op)
            }
            ControlInput::Deduct { institution, holding, amount } => {
                let amount = yuan("amount", amount)?;
                if amount == Amount::ZERO {
                    return Err(AppError::invalid("amount", "zero", "more than zero / 金额须大于零"));
                }
                let op = record::decide_deduction(
                    &record,
                    institution,
                    holding,
                    amount,
                    &custody_account(&case.court),
                )
                .map_err(rejection)?;
                (institution.clone(), holding.clone(), op)
            }
        };
        let subject_id = record
            .inventory
            .get(&(institution.clone(), holding.clone()))
            .map(|e| e.subject.clone())
            .ok_or_else(|| rejection(ControlRejection::UnknownHolding))?;
        let subject = filed
            .debtors
            .iter()
            .find(|d| d.id_number == subject_id)
            .map(|d| Subject { id_number: d.id_number.clone(), name: d.name.clone() })
            .unwrap_or(Subject { id_number: subject_id.clone(), name: subject_id });
        if record.requests.len() >= record::CONTROL_REQUESTS_MAX {
            return Err(AppError::Refused {
                code: "too_many_requests".into(),
                message: "this case has reached the most control requests / 控制请求过多".into(),
            });
        }
        let event = ControlRequested {
            request_id: uuid::Uuid::now_v7().to_string(),
            case_number: case.case_number.clone(),
            institution,
            subject,
            op,
            urgent,
            requested_on: today.to_string(),
            idempotency_key: key.map(str::to_owned),
        };
        let batch = AppendBatch::new(&actor.reference(), &case.court).stream(
            &cases::case_stream(&case.case_id),
            ExpectedVersion::Exact(version),
            vec![NewEvent::new(CONTROL_REQUESTED, 1, &event)],
        );
        self.store.append(&batch).await?;
        Ok(Requested { request: event, replayed: false })
    }

    /// The network inquiry of a 终本 case's re-query round (终本规定 第九条: the court re-queries the debtor's
    /// property through the network every six months): every debtor (up to the inquiry's limit) at every
    /// institution of every class, keyed `requery-<round>` so the round asks once. `None` without a network.
    pub(crate) fn requery_inquiry(&self, filed: &CaseFiled, round: u32) -> Option<InquiryRequested> {
        let subjects = subjects_of(filed, &[]).ok()?;
        self.new_inquiry(filed, &AssetClass::ALL, subjects, false, Some(&format!("requery-{round}")))
    }

    /// An inquiry of `subjects` at every institution of `classes` the case's court reaches; `None` when none.
    fn new_inquiry(
        &self,
        filed: &CaseFiled,
        classes: &[AssetClass],
        subjects: Vec<Subject>,
        urgent: bool,
        key: Option<&str>,
    ) -> Option<InquiryRequested> {
        let institutions = self.inquiry_targets(&filed.court, classes).len();
        (institutions > 0).then(|| InquiryRequested {
            inquiry_id: uuid::Uuid::now_v7().to_string(),
            case_number: filed.case_number.clone(),
            subjects,
            classes: classes.iter().map(|c| c.code().to_owned()).collect(),
            institutions: u32::try_from(institutions).unwrap_or(u32::MAX),
            urgent,
            requested_on: china_date(self.clock().now()).to_string(),
            idempotency_key: key.map(str::to_owned),
        })
    }

    /// The institutions (by directory index) a court's inquiry of `classes` goes to: the national ones and the
    /// local agencies of the court's province.
    pub(crate) fn inquiry_targets(&self, court: &str, classes: &[AssetClass]) -> Vec<usize> {
        let province = self.courts.get(court).and_then(|c| c.region_code).and_then(|r| r.get(..2));
        self.directory.targets(classes, province)
    }

    /// A case's control record, its filing and its stream version.
    pub(crate) async fn load_control(
        &self,
        case_id: &str,
    ) -> Result<(ControlRecord, Option<CaseFiled>, u64), AppError> {
        let stream = cases::case_stream(case_id);
        let mut record = ControlRecord::default();
        let mut filed = None;
        let mut version = 0;
        loop {
            let page = self.store.read_stream(&stream, version + 1, limits::REPLAY_PAGE_EVENTS).await?;
            let Some(last) = page.last() else { break };
            version = last.stream_version;
            for event in &page {
                if event.event_type == cases::CASE_FILED {
                    filed = serde_json::from_str(&event.payload).ok();
                } else {
                    record.evolve(&event.event_type, &event.payload);
                }
            }
        }
        Ok((record, filed, version))
    }
}

/// Asset class codes, each once; none = every class.
fn parse_classes(codes: &[String]) -> Result<Vec<AssetClass>, AppError> {
    if codes.is_empty() {
        return Ok(AssetClass::ALL.to_vec());
    }
    let mut parsed = Vec::with_capacity(codes.len());
    for (i, code) in codes.iter().enumerate() {
        let class = AssetClass::parse(code).ok_or_else(|| {
            AppError::invalid(&format!("classes[{i}]"), "unknown_class", "an asset class code / 财产类别代码")
        })?;
        if !parsed.contains(&class) {
            parsed.push(class);
        }
    }
    Ok(parsed)
}

/// The debtors an inquiry is about: all of them, or the ones named (each must be a debtor of the case).
fn subjects_of(filed: &CaseFiled, wanted: &[String]) -> Result<Vec<Subject>, AppError> {
    let subject = |d: &cases::PartyRecord| Subject { id_number: d.id_number.clone(), name: d.name.clone() };
    if wanted.is_empty() {
        if filed.debtors.is_empty() {
            return Err(AppError::invalid(
                "subjects",
                "no_debtor",
                "the case names no debtor / 本案无被执行人",
            ));
        }
        return Ok(filed.debtors.iter().take(record::INQUIRY_SUBJECTS_MAX).map(subject).collect());
    }
    if wanted.len() > record::INQUIRY_SUBJECTS_MAX {
        return Err(AppError::invalid("subjects", "too_many", "at most 50 subjects / 被查询人过多"));
    }
    wanted
        .iter()
        .enumerate()
        .map(|(i, id)| {
            filed.debtors.iter().find(|d| d.id_number == *id).map(subject).ok_or_else(|| {
                AppError::invalid(
                    &format!("subjects[{i}]"),
                    "not_a_debtor",
                    "not a debtor of this case / 非本案被执行人",
                )
            })
        })
        .collect()
}

pub(crate) fn day(field: &str, text: &str) -> Result<NaiveDate, AppError> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|_| AppError::invalid(field, "invalid_date", "a date YYYY-MM-DD / 日期格式应为YYYY-MM-DD"))
}

pub(crate) fn yuan(field: &str, text: &str) -> Result<Amount, AppError> {
    Amount::parse_yuan(text).map_err(|e| AppError::invalid(field, e.code(), &e.to_string()))
}

fn rejection(rejection: ControlRejection) -> AppError {
    AppError::invalid(rejection.field(), rejection.code(), &rejection.to_string())
}
