//! A court's own flow settings (本院流程节点期限): its local limits, stricter than the statutory ones, and
//! its warning window. Recorded as `CourtLimitsSet` on the court's stream; the latest record is what the
//! court's cases run on from then (seed 002's county court, for one, works to 5 / 10–20 / 5 days and closes
//! simple cases within 3 months).

use serde::{Deserialize, Serialize};

use super::limits::{Limit, LimitRules, LocalLimit, Track, Unit, WarningPolicy};
use super::{FlowError, Node};

pub const COURT_LIMITS_SET: &str = "CourtLimitsSet";

/// The job that recomputes the open deadlines of a court's open cases after its limits change.
pub const RECOMPUTE_JOB: &str = "recompute_deadlines";

/// The payload of a [`RECOMPUTE_JOB`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecomputeJob {
    pub court: String,
}

/// The stream of a court's flow settings.
pub fn court_limits_stream(court: &str) -> String {
    format!("court-limits-{court}")
}

/// `CourtLimitsSet` v1: the court's local limits and warning window, replacing the earlier setting whole.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CourtLimitsSet {
    pub court: String,
    pub local: Vec<LocalLimitRecord>,
    /// Warn this many working days before a deadline (default 3, at most 20).
    pub warning_working_days: u32,
}

/// One local limit as recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LocalLimitRecord {
    /// A node code (e.g. `notice`).
    pub node: String,
    pub amount: u32,
    /// calendar_days | working_days | months
    pub unit: String,
    /// all | simple | complex (the 繁简分流 track).
    pub applies_to: String,
    /// The court's document and the words it uses.
    pub source: String,
}

/// Why a setting cannot be applied: the field (`local[2].amount`), a stable code and the message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SettingsError {
    pub field: String,
    pub code: &'static str,
    pub message: String,
}

impl CourtLimitsSet {
    /// The rules the setting makes: the statutory limits with these local ones (each no longer than the
    /// statutory limit of its node, each naming its source, one per node and track) and the warning window.
    /// The first field that does not hold is named.
    pub fn rules(&self) -> Result<LimitRules, SettingsError> {
        let mut rules = LimitRules::statutory();
        for (i, record) in self.local.iter().enumerate() {
            let at = |name: &str, error: FlowError| SettingsError {
                field: format!("local[{i}].{name}"),
                code: error.code(),
                message: error.to_string(),
            };
            let node = Node::parse(&record.node).map_err(|e| at("node", e))?;
            let unit = Unit::parse(&record.unit).ok_or_else(|| SettingsError {
                field: format!("local[{i}].unit"),
                code: "unknown_unit",
                message: "calendar_days, working_days or months / 应为日、工作日或月".into(),
            })?;
            let applies_to = Track::parse(&record.applies_to).ok_or_else(|| SettingsError {
                field: format!("local[{i}].applies_to"),
                code: "unknown_track",
                message: "all, simple or complex / 应为全部、简案或繁案".into(),
            })?;
            let limit = Limit::new(record.amount, unit).map_err(|e| at("amount", e))?;
            let local = LocalLimit { node, limit, applies_to, source: record.source.trim().to_owned() };
            rules.add_local(local).map_err(|e| {
                let field = match e {
                    FlowError::LocalLimitWithoutSource { .. } | FlowError::TextTooLong { .. } => "source",
                    FlowError::DuplicateLocalLimit { .. } => "applies_to",
                    FlowError::TooManyFacts { .. } => {
                        return SettingsError {
                            field: "local".into(),
                            code: e.code(),
                            message: e.to_string(),
                        };
                    }
                    _ => "amount",
                };
                at(field, e)
            })?;
        }
        let warning = WarningPolicy::new(self.warning_working_days).map_err(|e| SettingsError {
            field: "warning_working_days".into(),
            code: e.code(),
            message: e.to_string(),
        })?;
        Ok(rules.with_warning(warning))
    }

    /// The setting that gives these rules (the record of [`LimitRules::local_limits`]).
    pub fn of(court: &str, rules: &LimitRules) -> CourtLimitsSet {
        CourtLimitsSet {
            court: court.to_owned(),
            local: rules
                .local_limits()
                .iter()
                .map(|l| LocalLimitRecord {
                    node: l.node.code().to_owned(),
                    amount: l.limit.amount(),
                    unit: l.limit.unit().code().to_owned(),
                    applies_to: l.applies_to.code().to_owned(),
                    source: l.source.clone(),
                })
                .collect(),
            warning_working_days: rules.warning().working_days_before(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::flow::LocalProfile;

    fn record(node: &str, amount: u32, unit: &str, applies_to: &str) -> LocalLimitRecord {
        LocalLimitRecord {
            node: node.into(),
            amount,
            unit: unit.into(),
            applies_to: applies_to.into(),
            source: "本院执行流程节点管理办法 第三条".into(),
        }
    }

    fn setting(local: Vec<LocalLimitRecord>) -> CourtLimitsSet {
        CourtLimitsSet { court: "浙0106".into(), local, warning_working_days: 3 }
    }

    #[test]
    fn seed_002_county_profile_round_trips_as_a_setting() {
        let rules = LocalProfile::seed_002_county().rules().unwrap();
        let recorded = CourtLimitsSet::of("冀0930", &rules);
        assert_eq!(recorded.local.len(), 5);
        assert_eq!(recorded.rules().unwrap(), rules);
        let json = serde_json::to_string(&recorded).unwrap();
        assert_eq!(serde_json::from_str::<CourtLimitsSet>(&json).unwrap(), recorded);
    }

    #[test]
    fn local_limits_stricter_only_enforcement_periods_provisions_article_2() {
        // Notice in 5 days (statutory 10): taken. Notice in 15: longer than the law allows, refused on the field.
        assert!(setting(vec![record("notice", 5, "calendar_days", "all")]).rules().is_ok());
        let longer = setting(vec![
            record("leads_check", 3, "working_days", "all"),
            record("notice", 15, "calendar_days", "all"),
        ]);
        let error = longer.rules().unwrap_err();
        assert_eq!((error.field.as_str(), error.code), ("local[1].amount", "local_limit_longer"));
    }

    #[test]
    fn malformed_settings_name_the_field() {
        let cases = [
            (record("dance", 5, "calendar_days", "all"), "local[0].node", "unknown_node"),
            (record("notice", 5, "fortnights", "all"), "local[0].unit", "unknown_unit"),
            (record("notice", 5, "calendar_days", "some"), "local[0].applies_to", "unknown_track"),
            (record("notice", 0, "calendar_days", "all"), "local[0].amount", "limit_out_of_range"),
            (
                LocalLimitRecord { source: "  ".into(), ..record("notice", 5, "calendar_days", "all") },
                "local[0].source",
                "local_limit_without_source",
            ),
        ];
        for (bad, field, code) in cases {
            let error = setting(vec![bad]).rules().unwrap_err();
            assert_eq!((error.field.as_str(), error.code), (field, code));
        }
        let twice = setting(vec![
            record("notice", 5, "calendar_days", "all"),
            record("notice", 4, "calendar_days", "all"),
        ]);
        assert_eq!(twice.rules().unwrap_err().field, "local[1].applies_to");
        let warning = CourtLimitsSet { warning_working_days: 21, ..setting(vec![]) };
        assert_eq!(warning.rules().unwrap_err().field, "warning_working_days");
    }
}
