//! Filing (立案): an application is submitted, checked and screened for duplicates, then accepted
//! (a case numbered with the next 案号 of its court, type and year) or refused, within 7 days.

use crate::users::uuid_timestamp;
use crate::{Actor, App, AppError, FieldError};
use chrono::{Datelike, NaiveDate};
use zhixing_core::cases::application::{
    self as appl, ApplicationAccepted, ApplicationRefused, ApplicationState, ApplicationSubmitted,
    DuplicateFlag,
};
use zhixing_core::cases::filing::{self, ApplicationInput, Duplicates, FiledCase};
use zhixing_core::cases::{self, CaseFiled, PartyRecord};
use zhixing_core::clock::china_date;
use zhixing_core::control;
use zhixing_core::event::{ExpectedVersion, NewEvent};
use zhixing_core::ids::case_number::{CaseNumber, CaseType};
use zhixing_core::money::Amount;
use zhixing_core::users as domain;
use zhixing_store::{AppendBatch, CaseRow, StoreError};

/// Candidate cases read for duplicate detection: enough for a debtor with many cases.
const DUPLICATE_CANDIDATES_MAX: u32 = 200;

/// What a submission stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Submitted {
    pub application_id: String,
    pub review_due: NaiveDate,
    pub flags: Vec<DuplicateFlag>,
}

/// The case an accepted application became.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Accepted {
    pub case_id: String,
    pub case_number: String,
}

impl App {
    /// Submits an application to `court`. Every bad field is reported at once and nothing is stored;
    /// an exact duplicate of a filed case is refused with that case's 案号; near-duplicates are kept
    /// as flags for the reviewer.
    pub async fn submit_application(
        &self,
        actor: &Actor,
        court: &str,
        input: &ApplicationInput,
    ) -> Result<Submitted, AppError> {
        if self.courts.get(court).is_none() {
            return Err(AppError::invalid(
                "court",
                "unknown_court",
                "no court with this code / 法院代字不存在",
            ));
        }
        domain::may_file_cases(self.courts, &actor.roles, &actor.court, court)?;
        let today = china_date(self.clock().now());
        let application = filing::check_application(input, today).map_err(|issues| {
            AppError::Invalid(
                issues
                    .into_iter()
                    .map(|i| FieldError { field: i.field, code: i.code, message: i.message })
                    .collect(),
            )
        })?;
        let flags = match self.duplicates(&application).await? {
            Duplicates::Exact { case_number } => return Err(duplicate(&case_number)),
            Duplicates::Near { matches } => matches
                .into_iter()
                .map(|m| DuplicateFlag {
                    case_number: m.case_number,
                    reasons: m.reasons.into_iter().map(str::to_owned).collect(),
                })
                .collect(),
            Duplicates::None => Vec::new(),
        };
        let review_due =
            filing::review_due(today, self.calendar).map_err(|e| AppError::Internal(e.to_string()))?;
        let application_id = uuid::Uuid::new_v7(uuid_timestamp(self.clock().now())).to_string();
        let submitted = ApplicationSubmitted {
            application_id: application_id.clone(),
            court: court.to_owned(),
            received_on: today.to_string(),
            review_due: review_due.to_string(),
            applicants: application.applicants,
            debtors: application.debtors,
            basis: application.basis,
            principal_fen: application.principal.fen(),
            interest_fen: application.interest.fen(),
            costs_fen: application.costs.fen(),
            interest_terms: application.interest_terms,
            non_money: application.non_money,
            source_case_number: application.source_case_number,
            preservation_case_number: application.preservation_case_number,
            flags: flags.clone(),
        };
        let batch = AppendBatch::new(&actor.reference(), court).stream(
            &appl::application_stream(&application_id),
            ExpectedVersion::NoStream,
            vec![NewEvent::new(appl::APPLICATION_SUBMITTED, 1, &submitted)],
        );
        self.store.append(&batch).await?;
        Ok(Submitted { application_id, review_due, flags })
    }

    /// An application's state, for actors who may file in its court (others are told it does not exist).
    pub async fn application(
        &self,
        actor: &Actor,
        application_id: &str,
    ) -> Result<ApplicationState, AppError> {
        let (state, _) = self.load_application(application_id).await?;
        let court = state.submitted().map(|s| s.court.clone()).ok_or_else(|| not_found(application_id))?;
        domain::may_file_cases(self.courts, &actor.roles, &actor.court, &court)
            .map_err(|_| not_found(application_id))?;
        Ok(state)
    }

    /// Accepts an application: the case gets the next 案号 of its court for 执 in the current year, in
    /// the same transaction as its `CaseFiled` event, so numbers have neither gaps nor duplicates.
    pub async fn accept_application(
        &self,
        actor: &Actor,
        application_id: &str,
        flags_acknowledged: bool,
    ) -> Result<Accepted, AppError> {
        let (state, version) = self.load_application(application_id).await?;
        let court = state.submitted().map(|s| s.court.clone()).ok_or_else(|| not_found(application_id))?;
        domain::may_file_cases(self.courts, &actor.roles, &actor.court, &court)
            .map_err(|_| not_found(application_id))?;
        let submitted = appl::decide_accept(&state, flags_acknowledged).map_err(refused)?.clone();
        // Another case may have been filed since the submission: check exact duplicates again.
        let application = application_of(&submitted);
        if let Some(case_number) = self.exact_duplicate(&application).await? {
            return Err(duplicate(&case_number));
        }
        let now = self.clock().now();
        let today = china_date(now);
        let carried = match &submitted.preservation_case_number {
            Some(number) => self.preservation_carried_over(&submitted.debtors, number, today).await?,
            None => Vec::new(),
        };
        let year = u16::try_from(today.year()).map_err(|e| AppError::Internal(e.to_string()))?;
        let case_id = uuid::Uuid::new_v7(uuid_timestamp(now)).to_string();
        let counter = format!("case_number/{court}/{}/{year}", CaseType::Zhi.code());
        let actor_ref = actor.reference();
        let (seq, _) = self
            .store
            .append_numbered(&counter, |seq| {
                let number = CaseNumber::new(year, &court, CaseType::Zhi, seq as u32)
                    .map_err(|e| StoreError::InvalidJob(format!("case number: {e}")))?;
                let filed = case_filed(&submitted, &case_id, &number, today);
                let accepted = ApplicationAccepted {
                    application_id: application_id.to_owned(),
                    case_id: case_id.clone(),
                    case_number: number.canonical(),
                    accepted_on: today.to_string(),
                    flags_acknowledged,
                };
                Ok(AppendBatch::new(&actor_ref, &court)
                    .stream(
                        &appl::application_stream(application_id),
                        ExpectedVersion::Exact(version),
                        vec![NewEvent::new(appl::APPLICATION_ACCEPTED, 1, &accepted)],
                    )
                    .stream(
                        &cases::case_stream(&case_id),
                        ExpectedVersion::NoStream,
                        std::iter::once(NewEvent::new(cases::CASE_FILED, 1, &filed))
                            .chain(carried.iter().map(|s| NewEvent::new(control::SEIZURE_RECORDED, 1, s)))
                            .collect(),
                    ))
            })
            .await?;
        let number = CaseNumber::new(year, &court, CaseType::Zhi, seq as u32)
            .map_err(|e| AppError::Internal(format!("case number: {e}")))?;
        Ok(Accepted { case_id, case_number: number.canonical() })
    }

    /// The seizures of the 执保 case `number` that carry over into a case filed on `today` against
    /// `debtors` (民诉法解释 第168条). The preservation case must exist and be against one of the debtors.
    async fn preservation_carried_over(
        &self,
        debtors: &[PartyRecord],
        number: &str,
        today: NaiveDate,
    ) -> Result<Vec<control::SeizureRecorded>, AppError> {
        const FIELD: &str = "preservation_case_number";
        let Some(row) = self.store.case_by_number(number).await? else {
            return Err(AppError::invalid(
                FIELD,
                "preservation_case_not_found",
                "no 执保 case with this 案号 / 未找到该保全案件",
            ));
        };
        let (preservation, _) = self.load_case(&row.case_id).await?;
        let shares_a_debtor = preservation.filed.as_ref().is_some_and(|p| {
            p.debtors.iter().any(|held| debtors.iter().any(|d| d.id_number == held.id_number))
        });
        if !shares_a_debtor {
            return Err(AppError::invalid(
                FIELD,
                "preservation_parties_differ",
                "the 执保 case is against none of the debtors / 保全案件的被申请人与本案被执行人不一致",
            ));
        }
        Ok(control::carried_over(number, &preservation.seizures, today))
    }

    /// Refuses an application with reasons (裁定不予受理).
    pub async fn refuse_application(
        &self,
        actor: &Actor,
        application_id: &str,
        reasons: &str,
    ) -> Result<(), AppError> {
        let (state, version) = self.load_application(application_id).await?;
        let court = state.submitted().map(|s| s.court.clone()).ok_or_else(|| not_found(application_id))?;
        domain::may_file_cases(self.courts, &actor.roles, &actor.court, &court)
            .map_err(|_| not_found(application_id))?;
        appl::decide_refuse(&state, reasons).map_err(|e| match e {
            appl::ReviewRejection::ReasonsRequired => AppError::invalid("reasons", e.code(), &e.to_string()),
            e => refused(e),
        })?;
        let refused_event = ApplicationRefused {
            application_id: application_id.to_owned(),
            refused_on: china_date(self.clock().now()).to_string(),
            reasons: reasons.trim().to_owned(),
        };
        let batch = AppendBatch::new(&actor.reference(), &court).stream(
            &appl::application_stream(application_id),
            ExpectedVersion::Exact(version),
            vec![NewEvent::new(appl::APPLICATION_REFUSED, 1, &refused_event)],
        );
        self.store.append(&batch).await?;
        Ok(())
    }

    async fn load_application(&self, application_id: &str) -> Result<(ApplicationState, u64), AppError> {
        if uuid::Uuid::parse_str(application_id).is_err() {
            return Err(not_found(application_id));
        }
        let events = self.store.read_stream(&appl::application_stream(application_id), 1, 100).await?;
        let version = events.last().map_or(0, |e| e.stream_version);
        let state =
            events.iter().fold(ApplicationState::None, |s, e| appl::evolve(s, &e.event_type, &e.payload));
        if matches!(state, ApplicationState::None) {
            return Err(not_found(application_id));
        }
        Ok((state, version))
    }

    async fn duplicates(&self, application: &filing::Application) -> Result<Duplicates, AppError> {
        // Every match `find_duplicates` can report shares the 执行依据's document number, or shares both a
        // debtor and an applicant: the candidates are looked up that way, so a repeat lender (a bank with
        // thousands of cases) or a repeat debtor costs no read of its other cases on every filing, and
        // neither crowds the cases of the same applicant and debtor out of the candidate limit.
        let candidates = self
            .store
            .duplicate_candidates(
                &application.basis.document_number,
                &id_numbers(&application.applicants),
                &id_numbers(&application.debtors),
                DUPLICATE_CANDIDATES_MAX,
            )
            .await?;
        Ok(filing::find_duplicates(application, &candidates.into_iter().map(filed_case).collect::<Vec<_>>()))
    }

    /// The 案号 of a filed case that exactly duplicates `application` (same document number, applicant
    /// and debtor), if any: only cases under the same document number can, so only those are read.
    async fn exact_duplicate(&self, application: &filing::Application) -> Result<Option<String>, AppError> {
        let candidates = self
            .store
            .duplicate_candidates(&application.basis.document_number, &[], &[], DUPLICATE_CANDIDATES_MAX)
            .await?;
        let filed = candidates.into_iter().map(filed_case).collect::<Vec<_>>();
        Ok(match filing::find_duplicates(application, &filed) {
            Duplicates::Exact { case_number } => Some(case_number),
            Duplicates::Near { .. } | Duplicates::None => None,
        })
    }
}

fn id_numbers(parties: &[PartyRecord]) -> Vec<&str> {
    parties.iter().map(|p| p.id_number.as_str()).collect()
}

fn filed_case(row: CaseRow) -> FiledCase {
    let party = |p: &zhixing_store::CasePartyRow| PartyRecord {
        kind: p.kind.clone(),
        name: p.name.clone(),
        id_number: p.id_number.clone(),
        legal_representative: None,
        phone: None,
        address: None,
    };
    FiledCase {
        applicants: row.parties.iter().filter(|p| p.role == "applicant").map(party).collect(),
        debtors: row.parties.iter().filter(|p| p.role == "debtor").map(party).collect(),
        case_number: row.case_number,
        basis_document_number: row.basis_number,
        principal: Amount::from_fen(row.principal_fen).unwrap_or(Amount::ZERO),
    }
}

fn application_of(s: &ApplicationSubmitted) -> filing::Application {
    filing::Application {
        applicants: s.applicants.clone(),
        debtors: s.debtors.clone(),
        basis: s.basis.clone(),
        principal: Amount::from_fen(s.principal_fen).unwrap_or(Amount::ZERO),
        interest: Amount::from_fen(s.interest_fen).unwrap_or(Amount::ZERO),
        costs: Amount::from_fen(s.costs_fen).unwrap_or(Amount::ZERO),
        interest_terms: s.interest_terms.clone(),
        non_money: s.non_money.clone(),
        source_case_number: s.source_case_number.clone(),
        preservation_case_number: s.preservation_case_number.clone(),
    }
}

fn case_filed(s: &ApplicationSubmitted, case_id: &str, number: &CaseNumber, today: NaiveDate) -> CaseFiled {
    CaseFiled {
        case_id: case_id.to_owned(),
        case_number: number.canonical(),
        court: s.court.clone(),
        year: i32::from(number.year()),
        seq: number.seq(),
        case_type: number.case_type().code().to_owned(),
        filed_on: today.to_string(),
        applicants: s.applicants.clone(),
        debtors: s.debtors.clone(),
        basis: s.basis.clone(),
        principal_fen: s.principal_fen,
        interest_fen: s.interest_fen,
        costs_fen: s.costs_fen,
        application_id: Some(s.application_id.clone()),
        interest_terms: s.interest_terms.clone(),
        non_money: s.non_money.clone(),
        source_case_number: s.source_case_number.clone(),
        preservation_case_number: s.preservation_case_number.clone(),
    }
}

fn duplicate(case_number: &str) -> AppError {
    AppError::Refused {
        code: "duplicate_case".into(),
        message: format!(
            "the same 执行依据, applicant and debtor are already filed as {case_number} / 重复申请：已立案 {case_number}"
        ),
    }
}

fn refused(rejection: appl::ReviewRejection) -> AppError {
    match rejection {
        appl::ReviewRejection::NotFound => AppError::NotFound { what: "application".into() },
        e => AppError::Refused { code: e.code().into(), message: e.to_string() },
    }
}

fn not_found(application_id: &str) -> AppError {
    AppError::NotFound { what: format!("application {application_id}") }
}

#[cfg(test)]
mod tests {
    use crate::{Actor, App};
    use chrono::{NaiveDate, TimeZone, Utc};
    use std::sync::Arc;
    use zhixing_core::cases::filing::{ApplicationInput, BasisInput, PartyInput};
    use zhixing_core::clock::FixedClock;
    use zhixing_core::ids::citizen_id::check_character;
    use zhixing_core::users::Role;
    use zhixing_store::Store;

    fn person(name: &str, n: u32) -> PartyInput {
        let first17 = format!("330106198001{:02}{:03}", 1 + n % 28, n % 1000);
        let first17 = &first17[..17];
        PartyInput {
            kind: "person".into(),
            name: name.into(),
            id_number: format!("{first17}{}", check_character(first17).expect("check character")),
            legal_representative: None,
            phone: None,
            address: None,
        }
    }

    /// A case of the repeat lender 张三 against `debtor` under the judgment numbered `document`.
    fn application(document: u32, debtor: u32) -> ApplicationInput {
        ApplicationInput {
            applicants: vec![person("张三", 1)],
            debtors: vec![person(&format!("债务人{debtor}"), debtor)],
            basis: BasisInput {
                kind: "judgment".into(),
                issuer: "杭州市西湖区人民法院".into(),
                document_number: format!("（2024）浙0106民初{document}号"),
                effective_on: NaiveDate::from_ymd_opt(2024, 3, 1).expect("date"),
                due_on: NaiveDate::from_ymd_opt(2024, 3, 11).expect("date"),
            },
            principal: "10000.00".into(),
            interest: "0".into(),
            costs: "0".into(),
            interest_terms: None,
            non_money: vec![],
            source_case_number: None,
            preservation_case_number: None,
        }
    }

    /// A lender with more cases than the candidate limit does not hide the earlier case against the
    /// same debtor: the same parties and amount under another document are still flagged.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_repeat_lender_does_not_crowd_out_the_same_debtor() {
        let dir = std::env::temp_dir().join(format!("zhixing-filing-{}", uuid::Uuid::now_v7().simple()));
        let clock =
            Arc::new(FixedClock::new(Utc.with_ymd_and_hms(2024, 9, 29, 2, 0, 0).single().expect("instant")));
        let app = App::new(Store::open_data_dir(&dir, clock.clone()).await.expect("sqlite"));
        let actor = Actor {
            user_id: "officer-浙0106".into(),
            login: "officer".into(),
            name: "执行员".into(),
            court: "浙0106".into(),
            roles: vec![Role::Officer],
        };
        let file = |document: u32, debtor: u32| {
            let (app, actor) = (app.clone(), actor.clone());
            async move {
                let submitted = app
                    .submit_application(&actor, "浙0106", &application(document, debtor))
                    .await
                    .expect("submit");
                let flagged = !submitted.flags.is_empty();
                app.accept_application(&actor, &submitted.application_id, flagged).await.expect("accept")
            }
        };
        let first = file(1, 500).await;
        // The lender's later cases, filed since: the newest candidates, enough to fill the limit.
        clock.advance(chrono::Duration::days(1));
        for n in 2..=(super::DUPLICATE_CANDIDATES_MAX + 1) {
            file(n, 500 + n).await;
        }
        let again = app.submit_application(&actor, "浙0106", &application(9_999, 500)).await.expect("submit");
        assert_eq!(again.flags.len(), 1, "{:?}", again.flags);
        assert_eq!(again.flags[0].case_number, first.case_number);
        drop(app);
        let _ = std::fs::remove_dir_all(dir);
    }
}
