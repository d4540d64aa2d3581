//! Graded punishment (分级惩戒): a court's grading table — data the court changes, never code — and grading a
//! debtor with it. The grade is recorded on the debtor's credit stream (`DebtorGraded`), and its level's
//! measures reach the screening index at the next refresh.

use crate::{Actor, App, AppError};
use zhixing_core::clock::china_date;
use zhixing_core::credit::grading::{GRADING_TABLE_SET, GradingTableSet, grading_stream};
use zhixing_core::credit::record::{self as cr, DebtorGraded};
use zhixing_core::credit::{GradingRules, GradingTable};
use zhixing_core::event::{ExpectedVersion, NewEvent};
use zhixing_core::limits;
use zhixing_core::money::Amount;
use zhixing_core::users as domain;
use zhixing_store::AppendBatch;

/// The table a court grades with, and where it comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CourtGrading {
    /// The court asked about.
    pub court: String,
    /// The court whose setting applies (this court or one above it); `None` for the default table.
    pub set_by: Option<String>,
    pub table: GradingTable,
    /// Version of this court's own grading stream (0 while it has no setting of its own).
    pub version: u64,
}

impl App {
    /// The grading table `court` works to. Officers, the command center, leaders and admins of the court or a
    /// court above read it.
    pub async fn court_grading(&self, actor: &Actor, court: &str) -> Result<CourtGrading, AppError> {
        self.may_read_court_setting(actor, court)?;
        self.grading_of(court).await
    }

    /// Sets a court's grading table (replacing its earlier one whole). The table is validated first: a table
    /// that does not hold is refused naming its field, and nothing is stored. `expected_version` guards against
    /// overwriting a setting changed meanwhile.
    pub async fn set_court_grading(
        &self,
        actor: &Actor,
        court: &str,
        table: &GradingTable,
        expected_version: Option<u64>,
    ) -> Result<CourtGrading, AppError> {
        self.known_court(court)?;
        domain::may_configure_court(self.courts, &actor.roles, &actor.court, court)?;
        GradingRules::from_table(table)
            .map_err(|e| AppError::invalid(&format!("table.{}", e.field), e.code(), &e.to_string()))?;
        let stream = grading_stream(court);
        let expected = match expected_version {
            Some(version) => version,
            None => self.store.stream_version(&stream).await?,
        };
        let set = GradingTableSet { court: court.to_owned(), table: table.clone() };
        let batch = AppendBatch::new(&actor.reference(), court).stream(
            &stream,
            if expected == 0 { ExpectedVersion::NoStream } else { ExpectedVersion::Exact(expected) },
            vec![NewEvent::new(GRADING_TABLE_SET, 1, &set)],
        );
        self.store.append(&batch).await?;
        self.grading_of(court).await
    }

    /// Grades a debtor today with the table of the actor's court, from the debtor's credit record, the
    /// principal of the open cases against the debtor and their number; records the grade on the credit
    /// stream. The level's measures apply from the next screening refresh. The cases counted are the first
    /// [`limits::PAGE_SIZE_MAX`] (500): far above any rule's count, so a grade is the same beyond them.
    pub async fn grade_debtor(&self, actor: &Actor, debtor: &str) -> Result<DebtorGraded, AppError> {
        domain::may_file_cases(self.courts, &actor.roles, &actor.court, &actor.court)?;
        let today = china_date(self.clock().now());
        let id = crate::credit::subject(debtor, today, "debtor")?;
        let (record, version, stream) = self.load_credit(&id).await?;
        if version == 0 {
            return Err(AppError::NotFound { what: "credit record".into() });
        }
        let grading = self.grading_of(&actor.court).await?;
        let rules = GradingRules::from_table(&grading.table)
            .map_err(|e| AppError::Internal(format!("the grading table of {}: {e}", actor.court)))?;
        let cases = self.store.cases_against(&[id.as_str()], "", limits::PAGE_SIZE_MAX).await?;
        let unpaid_fen: i64 = cases.iter().map(|c| c.principal_fen.max(0)).sum();
        let unpaid = Amount::from_fen(unpaid_fen).map_err(|e| AppError::Internal(e.to_string()))?;
        let count = u32::try_from(cases.len()).unwrap_or(u32::MAX);
        let event = record.decide_grade(&rules, today, unpaid, count);
        let batch = AppendBatch::new(&actor.reference(), &actor.court).stream(
            &stream,
            ExpectedVersion::Exact(version),
            vec![NewEvent::new(cr::DEBTOR_GRADED, 1, &event)],
        );
        self.store.append(&batch).await?;
        Ok(event)
    }

    /// The table `court` works to: its own latest setting, else the nearest court's above, else the default.
    async fn grading_of(&self, court: &str) -> Result<CourtGrading, AppError> {
        let own_version = self.store.stream_version(&grading_stream(court)).await?;
        let chain = std::iter::once(court).chain(self.courts.ancestors(court).map(|c| c.code));
        for code in chain {
            if let Some(table) = self.latest_grading(code).await? {
                return Ok(CourtGrading {
                    court: court.to_owned(),
                    set_by: Some(code.to_owned()),
                    table,
                    version: own_version,
                });
            }
        }
        Ok(CourtGrading {
            court: court.to_owned(),
            set_by: None,
            table: GradingTable::default_table(),
            version: own_version,
        })
    }

    /// A court's own latest grading table, if it set one.
    async fn latest_grading(&self, court: &str) -> Result<Option<GradingTable>, AppError> {
        let (latest, _) = self.latest_setting(&grading_stream(court), GRADING_TABLE_SET).await?;
        latest
            .map(|payload| serde_json::from_str::<GradingTableSet>(&payload).map(|s| s.table))
            .transpose()
            .map_err(|e| AppError::Internal(format!("the grading table of {court}: {e}")))
    }
}
