//! Reading cases, within the actor's court scope.

use crate::{Actor, App, AppError};
use zhixing_core::courts::CourtLevel;
use zhixing_core::ids::case_number::CaseNumber;
use zhixing_core::users as domain;
use zhixing_store::CaseRow;

/// Related cases shown with a case.
const RELATED_CASES_MAX: u32 = 50;

/// Deepest page a listing may reach (offset + limit): further back, narrow the court instead.
const LIST_DEPTH_MAX: u32 = 100_000;

impl App {
    /// Cases of a court and the courts below it, newest first.
    pub async fn list_cases(
        &self,
        actor: &Actor,
        court: &str,
        limit: u32,
        offset: u32,
    ) -> Result<Vec<CaseRow>, AppError> {
        if self.courts.get(court).is_none() {
            return Err(AppError::invalid(
                "court",
                "unknown_court",
                "no court with this code / 法院代字不存在",
            ));
        }
        if offset.saturating_add(limit) > LIST_DEPTH_MAX {
            return Err(AppError::invalid(
                "offset",
                "out_of_range",
                "offset + limit must not exceed 100000 / 翻页过深",
            ));
        }
        domain::may_read_cases(self.courts, &actor.roles, &actor.court, court)?;
        let mut courts = vec![court];
        courts.extend(self.courts.descendants(court).iter().map(|c| c.code));
        Ok(self.store.cases_in_courts(&courts, limit, offset).await?)
    }

    /// Other open cases against the same debtors anywhere in the case's province (关联案件): shown to
    /// the officer of the case whatever their court, as 案号, court and status only.
    pub async fn related_cases(&self, case: &CaseRow) -> Result<Vec<CaseRow>, AppError> {
        let debtors: Vec<&str> =
            case.parties.iter().filter(|p| p.role == "debtor").map(|p| p.id_number.as_str()).collect();
        let province =
            self.courts.ancestors(&case.court).find(|c| c.level == CourtLevel::High).map(|c| c.code);
        let related = self.store.cases_against(&debtors, &case.case_id, RELATED_CASES_MAX).await?;
        Ok(related
            .into_iter()
            .filter(|r| province.is_none_or(|p| self.courts.is_within(&r.court, p)))
            .collect())
    }

    /// One case by its 案号 (any accepted spelling), with its parties.
    pub async fn case_by_number(&self, actor: &Actor, text: &str) -> Result<CaseRow, AppError> {
        let number = CaseNumber::parse(text)
            .map_err(|e| AppError::invalid("case_number", e.code(), &e.to_string()))?;
        let case = self
            .store
            .case_by_number(&number.canonical())
            .await?
            .ok_or_else(|| AppError::NotFound { what: format!("case {}", number.canonical()) })?;
        // Out of scope answers the same as absent, so case numbers of other courts cannot be probed.
        domain::may_read_cases(self.courts, &actor.roles, &actor.court, &case.court)
            .map_err(|_| AppError::NotFound { what: format!("case {}", number.canonical()) })?;
        Ok(case)
    }

    /// The latest `limit` events of a case's stream, oldest first: the history the case page shows.
    pub async fn case_history(
        &self,
        actor: &Actor,
        case_number: &str,
        limit: u32,
    ) -> Result<Vec<zhixing_core::event::RecordedEvent>, AppError> {
        let case = self.case_by_number(actor, case_number).await?;
        let stream = format!("case-{}", case.case_id);
        let version = self.store.stream_version(&stream).await?;
        let from = version.saturating_sub(u64::from(limit).saturating_sub(1)).max(1);
        Ok(self.store.read_stream(&stream, from, limit).await?)
    }

    /// Cases of a court and the courts below it with a party of this name or identifier (身份证号码 /
    /// 统一社会信用代码), newest first, at most `limit`: the officer's search.
    pub async fn search_cases(
        &self,
        actor: &Actor,
        court: &str,
        text: &str,
        limit: u32,
    ) -> Result<Vec<CaseRow>, AppError> {
        let text = text.trim();
        if text.is_empty() || text.chars().count() > zhixing_core::limits::NAME_CHARS_MAX {
            return Err(AppError::invalid(
                "q",
                "out_of_range",
                "a name or an identifier / 请输入姓名、名称或证件号码",
            ));
        }
        self.known_court(court)?;
        domain::may_read_cases(self.courts, &actor.roles, &actor.court, court)?;
        let mut courts = vec![court];
        courts.extend(self.courts.descendants(court).iter().map(|c| c.code));
        // Identifiers are stored upper-case (a 身份证号码's check character X, a 统一社会信用代码's letters).
        let key = text.to_uppercase();
        Ok(self.store.cases_with_party(&courts, text, &key, limit).await?)
    }
}
