//! The command center's picture of a court and the courts below it (C9): what the big screen shows — cases
//! received and closed, cases by node, overdue nodes per court, the network's traffic, public credit entries,
//! the 终本 library — and the quality indicators per court, each with its definition.

use crate::{Actor, App, AppError};
use chrono::{DateTime, Datelike, Utc};
use serde::Serialize;
use std::collections::BTreeMap;
use zhixing_core::flow::Node;
use zhixing_core::users as domain;
use zhixing_store::{CreditCounts, FreezeCounts, LibraryCourtRow, YearCounts};

/// One quality indicator: its name, how it is computed, and its value per court.
#[derive(Debug, Clone, Serialize)]
pub struct IndicatorDefinition {
    pub code: &'static str,
    pub name: &'static str,
    pub definition: &'static str,
}

/// The indicators, in the order the page shows them. The two money indicators read what the case record holds
/// until the case account (C7) does: receipts and payouts as the officer records them, deductions confirmed by
/// the network, the amount recorded at 执行完毕 — each definition says so.
pub const INDICATORS: [IndicatorDefinition; 7] = [
    IndicatorDefinition {
        code: "performed_rate",
        name: "执行完毕率",
        definition: "本年以执行完毕方式结案的案件数 ÷ 本年结案数",
    },
    IndicatorDefinition {
        code: "recovery_rate",
        name: "执行到位率",
        definition: "本年结案案件的到位金额之和 ÷ 其申请执行标的（本金、利息、费用）之和；到位金额以执行完毕结案时登记的到位金额与网络扣划到账金额中较大者计（案款账户接入后以账户到账为准）",
    },
    IndicatorDefinition {
        code: "closing_rate", name: "结案率", definition: "本年结案数 ÷ 本年收案数"
    },
    IndicatorDefinition {
        code: "zhongben_rate",
        name: "终本率",
        definition: "本年以终结本次执行程序方式结案的案件数 ÷ 本年结案数",
    },
    IndicatorDefinition {
        code: "first_days",
        name: "首执案件平均用时",
        definition: "本年结案的首次执行案件（“执”字号）自立案至结案的自然日之和 ÷ 其件数（天）",
    },
    IndicatorDefinition {
        code: "payout_timely_rate",
        name: "案款发放及时率",
        definition: "本年发放期限届满（到账之日起30日）的案款笔数中，在期限内发放的笔数所占比例；到账与发放以办案节点“收到执行款”“发放执行款”登记的日期计",
    },
    IndicatorDefinition {
        code: "overdue_nodes",
        name: "超期节点数",
        definition: "截至今日已过期限仍未完成的流程节点数（中止、暂缓期间不计）",
    },
];

/// A court's line on the screen: its own figures summed over the courts below it.
#[derive(Debug, Clone, Default, Serialize)]
pub struct CourtLine {
    pub court: String,
    pub name: String,
    /// Whether it has courts below it (a drill-down target).
    pub has_children: bool,
    #[serde(flatten)]
    pub counts: YearCounts,
    pub overdue_nodes: i64,
    /// Indicator values by code; `None` where the data is missing or the denominator is zero.
    pub indicators: BTreeMap<&'static str, Option<f64>>,
}

/// The whole picture of a court, as computed at `computed_at`.
#[derive(Debug, Clone, Serialize)]
pub struct CommandSnapshot {
    pub court: String,
    pub court_name: String,
    /// The court above, for the way back up.
    pub parent: Option<String>,
    pub computed_at: DateTime<Utc>,
    pub today: String,
    pub total: CourtLine,
    /// The courts directly below, each with its subtree summed (the drill-down).
    pub courts: Vec<CourtLine>,
    /// Open cases by the node they are at (the node's name as the courts write it).
    pub by_node: Vec<(String, i64)>,
    pub credit: CreditCounts,
    /// The 终本 library of the court and the courts below it.
    pub library: LibraryCourtRow,
    /// Freezes in force and those whose term ends soon: renew or lose them (民诉法解释 第485条).
    pub freezes: FreezeCounts,
    pub network: Vec<(String, i64)>,
    /// Today's sub-requests per institution against its daily quota, the most used first (at most
    /// [`QUOTA_LINES`]), and the total sent today.
    pub quota: Vec<QuotaLine>,
    pub sent_today: i64,
    pub indicators: Vec<IndicatorDefinition>,
}

/// Lines of the quota tile.
pub const QUOTA_LINES: usize = 8;

/// One institution's use of its daily quota today.
#[derive(Debug, Clone, Serialize)]
pub struct QuotaLine {
    pub institution: String,
    pub name: String,
    pub used: i64,
    /// The published daily quota; `None` when it publishes none.
    pub quota: Option<u64>,
}

impl App {
    /// May the actor watch this court's screen? See [`domain::may_watch_court`].
    pub fn may_watch(&self, actor: &Actor, court: &str) -> Result<(), AppError> {
        self.known_court(court)?;
        Ok(domain::may_watch_court(self.courts, &actor.roles, &actor.court, court)?)
    }

    /// Computes the picture of `court` and the courts below it now.
    pub async fn command_snapshot(&self, actor: &Actor, court: &str) -> Result<CommandSnapshot, AppError> {
        self.may_watch(actor, court)?;
        let now = self.clock().now();
        let today = self.today();
        let year_start = today.with_ordinal(1).unwrap_or(today).to_string();
        let today_text = today.to_string();
        let mut scope = vec![court];
        scope.extend(self.courts.descendants(court).iter().map(|c| c.code));
        // The reads are independent: run side by side, each on its own pooled connection.
        let store = &self.store;
        let (years, overdue, by_node, credit, library, freezes, used, network) = tokio::try_join!(
            store.court_year(&scope, &year_start, &today_text),
            store.overdue_counts(&today_text),
            store.cases_by_node(&scope),
            store.credit_counts(&scope, &year_start),
            store.zhongben_library_report(&scope),
            store.freeze_counts(&scope, today),
            store.quota_used(&today_text),
            store.gateway_counts(),
        )?;
        let overdue: BTreeMap<String, i64> = overdue.into_iter().collect();
        let by_node = by_node
            .into_iter()
            .map(|(code, n)| (Node::parse(&code).map_or(code, |node| node.name_zh().to_owned()), n))
            .collect();
        let sent_today = used.iter().map(|(_, n)| n).sum();
        let quota = quota_lines(&self.directory, used);
        let network = network.into_iter().map(|(key, n)| (network_label(&key).to_owned(), n)).collect();

        // A line for a court sums its own row and every court below it.
        let line_of = |code: &str| {
            let mut line = CourtLine {
                court: code.to_owned(),
                name: self.court_name(code),
                has_children: !self.courts.descendants(code).is_empty(),
                ..Default::default()
            };
            let members = std::iter::once(code).chain(self.courts.descendants(code).iter().map(|c| c.code));
            for member in members {
                if let Some(counts) = years.get(member) {
                    line.counts.add(counts);
                }
                line.overdue_nodes += overdue.get(member).copied().unwrap_or(0);
            }
            line.indicators = indicators(&line);
            line
        };
        let total = line_of(court);
        let courts = self.courts.children(court).map(|c| line_of(c.code)).collect();
        Ok(CommandSnapshot {
            court: court.to_owned(),
            court_name: self.court_name(court),
            parent: self.courts.get(court).and_then(|c| c.parent).map(str::to_owned),
            computed_at: now,
            today: today_text,
            total,
            courts,
            by_node,
            credit,
            library: LibraryCourtRow::total(court, &library),
            freezes,
            quota,
            sent_today,
            network,
            indicators: INDICATORS.to_vec(),
        })
    }
}

/// The institutions most used today against their quota (the share of the quota used; those without a
/// quota by their count), at most [`QUOTA_LINES`].
fn quota_lines(
    directory: &zhixing_core::inquiry::directory::Directory,
    used: Vec<(String, i64)>,
) -> Vec<QuotaLine> {
    let mut lines: Vec<QuotaLine> = used
        .into_iter()
        .map(|(institution, used)| {
            let known = directory.get(&institution);
            QuotaLine {
                name: known.map_or_else(|| institution.clone(), |i| i.name.clone()),
                quota: known.and_then(|i| i.daily_quota),
                institution,
                used,
            }
        })
        .collect();
    let share = |l: &QuotaLine| match l.quota {
        Some(q) if q > 0 => l.used as f64 / q as f64,
        _ => 0.0,
    };
    lines.sort_by(|a, b| share(b).total_cmp(&share(a)).then(b.used.cmp(&a.used)));
    lines.truncate(QUOTA_LINES);
    lines
}

/// The network tile's label of a gateway count.
fn network_label(key: &str) -> &str {
    match key {
        "batches_sent" => "在途批次",
        "batches_answered" => "已答复批次",
        "batches_failed" => "失败批次",
        "batches_queued" => "待发批次",
        "inquiries_open" => "未完成查询",
        "controls_unanswered" => "待答复控制",
        other => other,
    }
}

/// The indicators of a line, by their definitions in [`INDICATORS`].
pub(crate) fn indicators(line: &CourtLine) -> BTreeMap<&'static str, Option<f64>> {
    let ratio = |a: i64, b: i64| (b > 0).then(|| a as f64 / b as f64);
    let c = &line.counts;
    BTreeMap::from([
        ("performed_rate", ratio(c.completed_year, c.closed_year)),
        ("recovery_rate", ratio(c.recovered_fen_year, c.claim_fen_year)),
        ("closing_rate", ratio(c.closed_year, c.received_year)),
        ("zhongben_rate", ratio(c.zhongben_year, c.closed_year)),
        ("first_days", ratio(c.first_days_sum, c.first_closed_year)),
        ("payout_timely_rate", ratio(c.payouts_timely_year, c.payouts_due_year)),
        ("overdue_nodes", Some(line.overdue_nodes as f64)),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indicators_follow_their_definitions() {
        let counts = YearCounts {
            received_year: 200,
            closed_year: 100,
            completed_year: 40,
            zhongben_year: 50,
            first_closed_year: 80,
            first_days_sum: 80 * 95,
            claim_fen_year: 1_000_000,
            recovered_fen_year: 250_000,
            payouts_due_year: 8,
            payouts_timely_year: 6,
            ..Default::default()
        };
        let line = CourtLine { counts, overdue_nodes: 7, ..Default::default() };
        let values = indicators(&line);
        assert_eq!(values["performed_rate"], Some(0.4));
        assert_eq!(values["closing_rate"], Some(0.5));
        assert_eq!(values["zhongben_rate"], Some(0.5));
        assert_eq!(values["first_days"], Some(95.0));
        assert_eq!(values["overdue_nodes"], Some(7.0));
        assert_eq!(values["recovery_rate"], Some(0.25));
        assert_eq!(values["payout_timely_rate"], Some(0.75));
        let empty = indicators(&CourtLine::default());
        assert_eq!(empty["closing_rate"], None, "no cases: no rate, not zero");
        assert_eq!(empty["payout_timely_rate"], None, "no payout due: no rate");
        assert_eq!(INDICATORS.len(), values.len());
    }
}
