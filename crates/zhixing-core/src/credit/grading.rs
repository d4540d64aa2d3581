//! Graded punishment (分级惩戒): a level for a listed debtor, computed from facts, returned with the reasons
//! that produced it; the level decides which graded linkage measures apply.
//!
//! **Not in statute.** No text in LAW.md grades 失信 punishment: the seeds ask for it (seed 000: "细化信用惩戒
//! 分级机制，实现失信惩戒级别智能判别"). So the rules are data — a [`GradingTable`] a court can change, loaded
//! with serde and validated into [`GradingRules`] with errors naming the field — and never code branches.
//!
//! How a grade is computed ([`GradingRules::grade`]): a debtor not listed has level 0 and no graded
//! measure. A listed debtor has level 1 (the list itself, 失信规定 第一条) raised to the highest level of
//! every rule whose condition holds; every rule that held is returned as a reason, highest first. The level's
//! measures are the graded measures (the [`super::measures::Basis::Graded`] ones) the table gives it.
//!
//! A table can only add graded measures: the statutory measures of the list, of a consumption order and of
//! an exit restriction follow from the decisions themselves, whatever the grade, and a table that names one
//! is refused. Higher levels must carry every measure of the lower ones.
//!
//! The default table ([`GradingTable::default_table`]) is conservative: three levels; level 1 adds nothing
//! to the statute; level 2 adds 评先评优 only; level 3 adds 担任公职. A debtor reaches level 2 on one serious
//! fact (a large unpaid amount, several cases, obstruction or evasion, a breach of a restriction order, an
//! earlier listing) and level 3 only on an extreme one. The thresholds are zhixing's defaults, to be set by
//! each court; none comes from a text.

use serde::{Deserialize, Serialize};

use super::listing::ShixinGround;
use super::measures::{Basis, Measure, MeasureSet};
use crate::money::Amount;

/// Most levels a table may define.
pub const LEVELS_MAX: usize = 5;

/// Most rules a table may define.
pub const RULES_MAX: usize = 64;

/// Longest version, level name, rule id or reason in a table.
pub const TABLE_TEXT_CHARS_MAX: usize = 200;

/// A grading table as a court writes it (JSON): the levels and their graded measures, and the rules.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GradingTable {
    /// The version the grade records, so a grade can be traced to the table that made it.
    pub version: String,
    /// Levels 1, 2, … in order.
    pub levels: Vec<LevelSpec>,
    pub rules: Vec<RuleSpec>,
}

/// One level of a table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LevelSpec {
    pub level: u8,
    pub name_zh: String,
    /// The graded measures of this level (those of lower levels included).
    pub measures: Vec<Measure>,
}

/// One rule of a table: when `when` holds, the debtor is at least at `level`, for `reason_zh`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleSpec {
    pub id: String,
    pub level: u8,
    pub when: Condition,
    pub reason_zh: String,
}

/// The facts a rule can look at.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "fact", rename_all = "snake_case", deny_unknown_fields)]
pub enum Condition {
    /// The amount unpaid over all the debtor's cases is at least `yuan`.
    UnpaidAtLeast { yuan: String },
    /// The debtor is unperformed in at least `count` enforcement cases.
    CasesAtLeast { count: u32 },
    /// A listing in force rests on `ground`.
    Ground { ground: ShixinGround },
    /// Obstruction by violence or threat, serious (失信规定 第二条's ground of extension).
    SeriousViolence,
    /// At least `count` breaches of a consumption or exit restriction are recorded.
    ViolationsAtLeast { count: u32 },
    /// At least `count` earlier listings (removed or ended) — repeated dishonesty.
    PriorListingsAtLeast { count: u32 },
    /// The debtor is a public official or a public body.
    PublicStatus,
}

/// The facts of one debtor that grading looks at.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct GradingFacts {
    /// A listing is in force.
    pub listed: bool,
    pub unpaid: Amount,
    pub cases: u32,
    /// The grounds of the listings in force.
    pub grounds: Vec<ShixinGround>,
    pub serious_violence: bool,
    pub violations: u32,
    pub prior_listings: u32,
    pub public_status: bool,
}

/// A validated grading table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GradingRules {
    version: String,
    levels: Vec<Level>,
    rules: Vec<Rule>,
}

/// A debtor's grade, with the reasons that produced it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grade {
    /// 0 when not listed; otherwise 1 ..= the table's highest level.
    pub level: u8,
    pub name_zh: String,
    /// Every rule that held, highest level first (ties in table order); the first ones decide the level.
    /// A listed debtor with no rule holding has the one reason "listed".
    pub reasons: Vec<GradeReason>,
    /// The graded measures of the level.
    pub measures: MeasureSet,
    /// The table's version.
    pub version: String,
}

/// One reason of a grade.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GradeReason {
    pub rule: String,
    pub level: u8,
    pub reason_zh: String,
}

/// Why a table is refused: the field (a path such as `rules[2].when.yuan`) and the problem.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {problem} / 分级规则无效")]
pub struct GradingError {
    pub field: String,
    pub problem: GradingProblem,
}

/// What is wrong with a table.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GradingProblem {
    #[error("not a valid table: {0}")]
    Malformed(String),
    #[error("required, at most {TABLE_TEXT_CHARS_MAX} characters")]
    Text,
    #[error("between 1 and {max} entries")]
    Count { max: usize },
    #[error("levels must be numbered 1, 2, … in order")]
    LevelOrder,
    #[error("no such level in the table")]
    UnknownLevel,
    #[error("a statutory measure follows from the decisions, not from the grade")]
    StatutoryMeasure,
    #[error("listed twice")]
    Duplicate,
    #[error("a level must carry every measure of the level below")]
    NotMonotonic,
    #[error("an amount in yuan above zero, at most two decimals")]
    Amount,
    #[error("a count of at least 1")]
    ZeroCount,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Level {
    name_zh: String,
    measures: MeasureSet,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Rule {
    id: String,
    level: u8,
    when: Check,
    reason_zh: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Check {
    UnpaidAtLeast(Amount),
    CasesAtLeast(u32),
    Ground(ShixinGround),
    SeriousViolence,
    ViolationsAtLeast(u32),
    PriorListingsAtLeast(u32),
    PublicStatus,
}

impl GradingProblem {
    /// A stable code.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Malformed(_) => "malformed",
            Self::Text => "text_required",
            Self::Count { .. } => "count",
            Self::LevelOrder => "level_order",
            Self::UnknownLevel => "unknown_level",
            Self::StatutoryMeasure => "statutory_measure",
            Self::Duplicate => "duplicate",
            Self::NotMonotonic => "not_monotonic",
            Self::Amount => "amount",
            Self::ZeroCount => "zero_count",
        }
    }
}

impl GradingError {
    pub fn code(&self) -> &'static str {
        self.problem.code()
    }

    pub fn field(&self) -> &str {
        &self.field
    }

    fn at(field: impl Into<String>, problem: GradingProblem) -> GradingError {
        GradingError { field: field.into(), problem }
    }
}

impl GradingTable {
    /// The conservative default (see the module documentation).
    pub fn default_table() -> GradingTable {
        let level = |level: u8, name: &str, measures: &[Measure]| LevelSpec {
            level,
            name_zh: name.to_owned(),
            measures: measures.to_vec(),
        };
        let rule = |id: &str, level: u8, when: Condition, reason: &str| RuleSpec {
            id: id.to_owned(),
            level,
            when,
            reason_zh: reason.to_owned(),
        };
        GradingTable {
            version: "default-1".to_owned(),
            levels: vec![
                level(1, "一般失信", &[]),
                level(2, "较重失信", &[Measure::HonoursAndAwards]),
                level(3, "严重失信", &[Measure::HonoursAndAwards, Measure::PublicOffice]),
            ],
            rules: vec![
                rule(
                    "unpaid_1m",
                    2,
                    Condition::UnpaidAtLeast { yuan: "1000000".into() },
                    "未履行金额在100万元以上",
                ),
                rule(
                    "unpaid_10m",
                    3,
                    Condition::UnpaidAtLeast { yuan: "10000000".into() },
                    "未履行金额在1000万元以上",
                ),
                rule("cases_3", 2, Condition::CasesAtLeast { count: 3 }, "在3件以上执行案件中未履行"),
                rule("cases_10", 3, Condition::CasesAtLeast { count: 10 }, "在10件以上执行案件中未履行"),
                rule(
                    "obstruction",
                    2,
                    Condition::Ground { ground: ShixinGround::Obstructs },
                    "以伪造证据、暴力、威胁等方法妨碍、抗拒执行",
                ),
                rule(
                    "serious_violence",
                    3,
                    Condition::SeriousViolence,
                    "以暴力、威胁方法妨碍、抗拒执行情节严重",
                ),
                rule(
                    "evasion",
                    2,
                    Condition::Ground { ground: ShixinGround::Evades },
                    "以虚假诉讼、虚假仲裁或者隐匿、转移财产等方法规避执行",
                ),
                rule(
                    "violation",
                    2,
                    Condition::ViolationsAtLeast { count: 1 },
                    "违反限制消费令或限制出境措施",
                ),
                rule("violations_3", 3, Condition::ViolationsAtLeast { count: 3 }, "3次以上违反限制措施"),
                rule("repeat", 2, Condition::PriorListingsAtLeast { count: 1 }, "曾被纳入失信名单"),
                rule("repeat_2", 3, Condition::PriorListingsAtLeast { count: 2 }, "2次以上曾被纳入失信名单"),
            ],
        }
    }
}

impl Default for GradingRules {
    fn default() -> Self {
        // The default table is checked by a test; failing here is a bug in `default_table`, not bad input.
        GradingRules::from_table(&GradingTable::default_table()).expect("the default grading table is valid")
    }
}

impl GradingRules {
    /// Parses and validates a table written as JSON.
    pub fn from_json(json: &str) -> Result<GradingRules, GradingError> {
        let table: GradingTable = serde_json::from_str(json)
            .map_err(|e| GradingError::at("table", GradingProblem::Malformed(e.to_string())))?;
        GradingRules::from_table(&table)
    }

    /// Validates a table: texts present and bounded; 1–[`LEVELS_MAX`] levels numbered 1, 2, … with graded
    /// measures only, each once, each level carrying the measures of the one below; 1–[`RULES_MAX`] rules
    /// with unique ids, an existing level, an amount above zero and counts of at least 1.
    pub fn from_table(table: &GradingTable) -> Result<GradingRules, GradingError> {
        let version = table_text("version", &table.version)?;
        if table.levels.is_empty() || table.levels.len() > LEVELS_MAX {
            return Err(GradingError::at("levels", GradingProblem::Count { max: LEVELS_MAX }));
        }
        let mut levels: Vec<Level> = Vec::with_capacity(table.levels.len());
        for (i, spec) in table.levels.iter().enumerate() {
            if usize::from(spec.level) != i + 1 {
                return Err(GradingError::at(format!("levels[{i}].level"), GradingProblem::LevelOrder));
            }
            let name_zh = table_text(&format!("levels[{i}].name_zh"), &spec.name_zh)?;
            let mut measures = MeasureSet::EMPTY;
            for (j, measure) in spec.measures.iter().enumerate() {
                let field = || format!("levels[{i}].measures[{j}]");
                if measure.basis() != Basis::Graded {
                    return Err(GradingError::at(field(), GradingProblem::StatutoryMeasure));
                }
                if measures.contains(*measure) {
                    return Err(GradingError::at(field(), GradingProblem::Duplicate));
                }
                measures.insert(*measure);
            }
            if levels.last().is_some_and(|below| !below.measures.is_subset(measures)) {
                return Err(GradingError::at(format!("levels[{i}].measures"), GradingProblem::NotMonotonic));
            }
            levels.push(Level { name_zh, measures });
        }
        if table.rules.is_empty() || table.rules.len() > RULES_MAX {
            return Err(GradingError::at("rules", GradingProblem::Count { max: RULES_MAX }));
        }
        let mut rules: Vec<Rule> = Vec::with_capacity(table.rules.len());
        for (i, spec) in table.rules.iter().enumerate() {
            let id = table_text(&format!("rules[{i}].id"), &spec.id)?;
            if rules.iter().any(|r| r.id == id) {
                return Err(GradingError::at(format!("rules[{i}].id"), GradingProblem::Duplicate));
            }
            if spec.level == 0 || usize::from(spec.level) > levels.len() {
                return Err(GradingError::at(format!("rules[{i}].level"), GradingProblem::UnknownLevel));
            }
            let when = check(&spec.when, i)?;
            let reason_zh = table_text(&format!("rules[{i}].reason_zh"), &spec.reason_zh)?;
            rules.push(Rule { id, level: spec.level, when, reason_zh });
        }
        Ok(GradingRules { version, levels, rules })
    }

    pub fn version(&self) -> &str {
        &self.version
    }

    /// The highest level of the table.
    pub fn levels(&self) -> u8 {
        u8::try_from(self.levels.len()).unwrap_or(u8::MAX)
    }

    /// The graded measures of `level` (none for level 0 or a level beyond the table).
    pub fn measures_of(&self, level: u8) -> MeasureSet {
        usize::from(level)
            .checked_sub(1)
            .and_then(|i| self.levels.get(i))
            .map_or(MeasureSet::EMPTY, |l| l.measures)
    }

    /// The grade of a debtor with `facts` (see the module documentation).
    pub fn grade(&self, facts: &GradingFacts) -> Grade {
        if !facts.listed {
            return Grade {
                level: 0,
                name_zh: "未纳入失信名单".to_owned(),
                reasons: Vec::new(),
                measures: MeasureSet::EMPTY,
                version: self.version.clone(),
            };
        }
        let mut reasons: Vec<GradeReason> = self
            .rules
            .iter()
            .filter(|rule| holds(rule.when, facts))
            .map(|rule| GradeReason {
                rule: rule.id.clone(),
                level: rule.level,
                reason_zh: rule.reason_zh.clone(),
            })
            .collect();
        reasons.sort_by_key(|r| std::cmp::Reverse(r.level));
        if reasons.is_empty() {
            reasons.push(GradeReason {
                rule: "listed".to_owned(),
                level: 1,
                reason_zh: "被纳入失信被执行人名单 (失信规定 第一条)".to_owned(),
            });
        }
        let level = reasons.first().map_or(1, |r| r.level).max(1);
        Grade {
            level,
            name_zh: self.levels.get(usize::from(level) - 1).map(|l| l.name_zh.clone()).unwrap_or_default(),
            reasons,
            measures: self.measures_of(level),
            version: self.version.clone(),
        }
    }
}

fn holds(check: Check, facts: &GradingFacts) -> bool {
    match check {
        Check::UnpaidAtLeast(amount) => facts.unpaid >= amount,
        Check::CasesAtLeast(count) => facts.cases >= count,
        Check::Ground(ground) => facts.grounds.contains(&ground),
        Check::SeriousViolence => facts.serious_violence,
        Check::ViolationsAtLeast(count) => facts.violations >= count,
        Check::PriorListingsAtLeast(count) => facts.prior_listings >= count,
        Check::PublicStatus => facts.public_status,
    }
}

fn check(condition: &Condition, i: usize) -> Result<Check, GradingError> {
    let count = |count: u32| {
        if count == 0 {
            Err(GradingError::at(format!("rules[{i}].when.count"), GradingProblem::ZeroCount))
        } else {
            Ok(count)
        }
    };
    Ok(match condition {
        Condition::UnpaidAtLeast { yuan } => {
            let amount = Amount::parse_yuan(yuan)
                .ok()
                .filter(|a| *a > Amount::ZERO)
                .ok_or_else(|| GradingError::at(format!("rules[{i}].when.yuan"), GradingProblem::Amount))?;
            Check::UnpaidAtLeast(amount)
        }
        Condition::CasesAtLeast { count: n } => Check::CasesAtLeast(count(*n)?),
        Condition::Ground { ground } => Check::Ground(*ground),
        Condition::SeriousViolence => Check::SeriousViolence,
        Condition::ViolationsAtLeast { count: n } => Check::ViolationsAtLeast(count(*n)?),
        Condition::PriorListingsAtLeast { count: n } => Check::PriorListingsAtLeast(count(*n)?),
        Condition::PublicStatus => Check::PublicStatus,
    })
}

fn table_text(field: &str, value: &str) -> Result<String, GradingError> {
    let trimmed = value.trim();
    if trimmed.is_empty() || trimmed.chars().count() > TABLE_TEXT_CHARS_MAX {
        return Err(GradingError::at(field, GradingProblem::Text));
    }
    Ok(trimmed.to_owned())
}

/// `GradingTableSet` v1: a court's grading table, replacing its earlier one whole. A court without one grades
/// with the nearest court above it that has one, else with [`GradingTable::default_table`].
pub const GRADING_TABLE_SET: &str = "GradingTableSet";

/// The stream of a court's grading table.
pub fn grading_stream(court: &str) -> String {
    format!("grading-{court}")
}

/// The payload of [`GRADING_TABLE_SET`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GradingTableSet {
    pub court: String,
    pub table: GradingTable,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn yuan(s: &str) -> Amount {
        Amount::parse_yuan(s).unwrap()
    }

    fn listed() -> GradingFacts {
        GradingFacts { listed: true, unpaid: yuan("50000"), cases: 1, ..GradingFacts::default() }
    }

    fn rules_of(grade: &Grade) -> Vec<&str> {
        grade.reasons.iter().map(|r| r.rule.as_str()).collect()
    }

    #[test]
    fn default_table_is_valid_and_conservative() {
        let rules = GradingRules::default();
        assert_eq!(rules.levels(), 3);
        assert_eq!(rules.measures_of(1), MeasureSet::EMPTY, "level 1 adds nothing to the statute");
        assert_eq!(rules.measures_of(2).iter().collect::<Vec<_>>(), vec![Measure::HonoursAndAwards]);
        assert!(rules.measures_of(3).contains(Measure::PublicOffice));
        assert_eq!(rules.measures_of(0), MeasureSet::EMPTY);
        assert_eq!(rules.measures_of(9), MeasureSet::EMPTY);
    }

    #[test]
    fn grading_not_listed_is_level_zero() {
        let grade = GradingRules::default().grade(&GradingFacts {
            listed: false,
            unpaid: yuan("99999999"),
            ..GradingFacts::default()
        });
        assert_eq!(grade.level, 0);
        assert!(grade.reasons.is_empty());
        assert!(grade.measures.is_empty());
    }

    #[test]
    fn grading_listed_alone_is_level_one_with_its_reason() {
        let grade = GradingRules::default().grade(&listed());
        assert_eq!(grade.level, 1);
        assert_eq!(grade.name_zh, "一般失信");
        assert_eq!(rules_of(&grade), ["listed"]);
        assert_eq!(grade.version, "default-1");
    }

    #[test]
    fn grading_level_is_the_highest_rule_and_every_rule_is_a_reason() {
        let rules = GradingRules::default();
        let facts = GradingFacts {
            unpaid: yuan("2000000"),
            cases: 12,
            grounds: vec![ShixinGround::Evades],
            ..listed()
        };
        let grade = rules.grade(&facts);
        assert_eq!(grade.level, 3);
        assert_eq!(rules_of(&grade), ["cases_10", "unpaid_1m", "cases_3", "evasion"]);
        assert!(grade.measures.contains(Measure::PublicOffice));

        let at_threshold = rules.grade(&GradingFacts { unpaid: yuan("1000000"), ..listed() });
        assert_eq!((at_threshold.level, rules_of(&at_threshold)), (2, vec!["unpaid_1m"]));
        let below = rules.grade(&GradingFacts { unpaid: yuan("999999.99"), ..listed() });
        assert_eq!(below.level, 1);

        let repeated = rules.grade(&GradingFacts { prior_listings: 2, violations: 1, ..listed() });
        assert_eq!(repeated.level, 3);
        assert_eq!(rules_of(&repeated), ["repeat_2", "violation", "repeat"]);
        let violent = rules.grade(&GradingFacts {
            serious_violence: true,
            grounds: vec![ShixinGround::Obstructs],
            ..listed()
        });
        assert_eq!(rules_of(&violent), ["serious_violence", "obstruction"]);
    }

    #[test]
    fn grading_table_round_trips_as_json_and_a_court_can_change_it() {
        let json = serde_json::to_string(&GradingTable::default_table()).unwrap();
        assert_eq!(GradingRules::from_json(&json).unwrap(), GradingRules::default());

        let strict = r#"{
            "version": "court-A-2025",
            "levels": [
                {"level": 1, "name_zh": "一级", "measures": []},
                {"level": 2, "name_zh": "二级", "measures": ["public_office"]}
            ],
            "rules": [
                {"id": "officials", "level": 2, "when": {"fact": "public_status"}, "reason_zh": "公职人员失信"}
            ]
        }"#;
        let rules = GradingRules::from_json(strict).unwrap();
        let grade = rules.grade(&GradingFacts { public_status: true, ..listed() });
        assert_eq!((grade.level, grade.version.as_str()), (2, "court-A-2025"));
        assert!(grade.measures.contains(Measure::PublicOffice));
    }

    #[test]
    fn grading_table_errors_name_the_field() {
        let refused = |edit: fn(&mut GradingTable)| {
            let mut table = GradingTable::default_table();
            edit(&mut table);
            let e = GradingRules::from_table(&table).unwrap_err();
            (e.field().to_owned(), e.code())
        };
        assert_eq!(refused(|t| t.version = " ".into()), ("version".into(), "text_required"));
        assert_eq!(refused(|t| t.levels.clear()), ("levels".into(), "count"));
        assert_eq!(refused(|t| t.levels[1].level = 3), ("levels[1].level".into(), "level_order"));
        assert_eq!(
            refused(|t| t.levels[2].measures.push(Measure::Flight)),
            ("levels[2].measures[2]".into(), "statutory_measure")
        );
        assert_eq!(
            refused(|t| t.levels[2].measures.push(Measure::PublicOffice)),
            ("levels[2].measures[2]".into(), "duplicate")
        );
        assert_eq!(refused(|t| t.levels[2].measures.clear()), ("levels[2].measures".into(), "not_monotonic"));
        assert_eq!(refused(|t| t.rules[3].level = 4), ("rules[3].level".into(), "unknown_level"));
        assert_eq!(refused(|t| t.rules[4].id = "cases_3".into()), ("rules[4].id".into(), "duplicate"));
        assert_eq!(
            refused(|t| t.rules[0].when = Condition::UnpaidAtLeast { yuan: "0".into() }),
            ("rules[0].when.yuan".into(), "amount")
        );
        assert_eq!(
            refused(|t| t.rules[2].when = Condition::CasesAtLeast { count: 0 }),
            ("rules[2].when.count".into(), "zero_count")
        );
        let e = GradingRules::from_json(r#"{"version":"x","levels":[],"rules":[],"extra":1}"#).unwrap_err();
        assert_eq!((e.field(), e.code()), ("table", "malformed"));
    }
}
