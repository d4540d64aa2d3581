//! The case flow over HTTP: actions on a case, its deadlines and node timeline, and the deadline
//! lists (overdue, due soon) of a court.

use crate::AppState;
use crate::extract::{ApiJson, ApiQuery, Authenticated, parse_nested};
use crate::problem::ApiError;
use axum::Json;
use axum::extract::{Path, State};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use zhixing_app::{AppError, CaseFlow};
use zhixing_core::cases::case::{CaseCommand, ClosingGrounds, Fact, ZhongbenFactsRecorded};
use zhixing_core::closing::{ClosingMode, Owed};
use zhixing_core::control::PropertyClass;
use zhixing_core::flow::{DeadlineStatus, Node, SuspensionKind};
use zhixing_core::money::Amount;

/// One action on a case, named by `action`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(tag = "action", rename_all = "snake_case", deny_unknown_fields)]
pub(crate) enum ActionBody {
    /// 确定承办人 and team.
    Assign {
        officer_id: String,
        officer_name: String,
        #[serde(default)]
        assistant: Option<String>,
        #[serde(default)]
        clerk: Option<String>,
        #[schema(value_type = String, format = Date)]
        on: NaiveDate,
    },
    /// A dated fact of the flow: notice_issued, leads_received, leads_checked, investigation_done,
    /// property_found, seizure, seizure_for_sale, triaged, reference_price_started, reference_price_fixed,
    /// disposal_started, funds_received, paid_out.
    RecordFact {
        fact: String,
        #[schema(value_type = String, format = Date)]
        on: NaiveDate,
        /// For `triaged`: the simple track (简案).
        #[serde(default)]
        simple: Option<bool>,
        #[serde(default)]
        note: Option<String>,
    },
    /// 中止 (zhongzhi) or 暂缓 (zanhuan): every clock stops.
    Suspend {
        kind: String,
        #[schema(value_type = String, format = Date)]
        from: NaiveDate,
        reason: String,
    },
    /// The clocks run again, the days already used kept.
    Resume {
        #[schema(value_type = String, format = Date)]
        on: NaiveDate,
    },
    /// An approved extension of one node's limit.
    Extend {
        node: String,
        days: u32,
        approver: String,
        #[schema(value_type = String, format = Date)]
        on: NaiveDate,
    },
    /// A seizure, distraint or freeze (查封、扣押、冻结) in force: its term at most 1 year for bank deposits,
    /// 2 for movables, 3 for real estate and other property rights (民诉法解释 第485条).
    RecordSeizure {
        /// bank_deposit | movable | real_estate | other_right
        class: String,
        /// What is seized: the account, the vehicle, the certificate …
        property: String,
        /// The amount frozen, in yuan.
        #[serde(default)]
        amount: Option<String>,
        #[schema(value_type = String, format = Date)]
        effective_on: NaiveDate,
        #[schema(value_type = String, format = Date)]
        expires_on: NaiveDate,
    },
    /// The officer's attestations before 终本 (终结本次执行程序): the steps taken, the 约谈 with the
    /// applicant, the approval. Closing with mode `zhongben` checks them with the case's own facts.
    AttestZhongben {
        /// awaited | reported | reported_verified | violated_sanctioned | violated_unsanctioned
        report: String,
        consumption_ban_issued: bool,
        /// listed | not_listable | undecided
        shixin: String,
        network_inquiry_done: bool,
        /// not_needed | done | outstanding
        field_investigation: String,
        search: String,
        audit_or_reward: String,
        /// none_found | found_not_disposable | found_disposable
        finding: String,
        /// known | unknown_searched | unknown_not_searched
        whereabouts: String,
        /// none | punished | unpunished | crime_not_referred
        obstruction: String,
        /// not_held | recorded | consent_signed
        interview: String,
        #[serde(default)]
        applicant_signed: bool,
        #[serde(default)]
        panel_reviewed: bool,
        #[serde(default)]
        president_approved: bool,
        #[schema(value_type = String, format = Date)]
        on: NaiveDate,
    },
    /// 结案: 执行完毕 (completed), 终结本次执行程序, 终结执行, 销案, 不予执行, 驳回申请 — by mode code.
    Close {
        mode: String,
        #[schema(value_type = String, format = Date)]
        on: NaiveDate,
        /// What a closing other than 终本 rests on: the ground's code and its evidence (终结执行, 销案,
        /// 不予执行, 驳回申请), or what was paid and performed (执行完毕).
        #[serde(default)]
        #[schema(value_type = Option<GroundsBody>)]
        grounds: serde_json::Value,
    },
}

/// What a closing other than 终本 rests on (checked against the conditions of the mode).
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct GroundsBody {
    /// 终结执行, 销案, 不予执行, 驳回申请: the ground's code, e.g. `applicant_withdrew`,
    /// `filed_earlier_elsewhere`, `award_forged_evidence`, `not_within_jurisdiction`.
    ground: Option<String>,
    /// The ground's evidence is in the file.
    #[serde(default)]
    evidence_on_file: bool,
    /// 不予执行: the debtor applied and brought evidence of the defect.
    #[serde(default)]
    debtor_applied: bool,
    /// 不予执行: a collegial panel (合议庭) reviewed the defect.
    #[serde(default)]
    panel_reviewed: bool,
    /// 执行完毕: everything received and credited to the applicant, in yuan.
    #[schema(example = "10000.00")]
    paid: Option<String>,
    /// 执行完毕: obligations other than money still to perform.
    #[serde(default)]
    acts_outstanding: u32,
    /// none | agreed | performed (执行和解).
    settlement: Option<String>,
    /// loan | maintenance | other_money | specific_object | act.
    claim: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct DeadlineDto {
    node: &'static str,
    node_name: &'static str,
    starts_on: String,
    due_on: String,
    done_on: Option<String>,
    /// pending | due_soon | overdue | met_on_time | met_late | suspended
    status: &'static str,
    warn_from: String,
    days_suspended: u32,
    days_extended: u32,
}

#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct TimelineDto {
    node: &'static str,
    node_name: &'static str,
    planned_on: Option<String>,
    actual_on: Option<String>,
    status: Option<&'static str>,
    late_days: u32,
}

#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct FlowDto {
    case_number: String,
    status: String,
    officer: Option<String>,
    closing_mode: Option<String>,
    deadlines: Vec<DeadlineDto>,
    timeline: Vec<TimelineDto>,
    seizures: Vec<SeizureDto>,
    /// A 终本 case's re-query results (终本规定 第九条): what each found, who was told and the notice they read,
    /// and the recommendation (`continue_schedule` or `resume_enforcement`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[schema(value_type = Vec<Object>)]
    requeries: Vec<zhixing_core::cases::case::RequeryAnswered>,
}

#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct SeizureDto {
    seizure_id: String,
    /// bank_deposit | movable | real_estate | other_right
    class: String,
    property: String,
    amount: Option<String>,
    effective_on: String,
    expires_on: String,
    /// The 执保 case it carried over from, its term running on (民诉法解释 第168条).
    carried_from: Option<String>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub(crate) struct DeadlineParams {
    /// 法院代字; defaults to the signed-in user's court (with the courts below it).
    court: Option<String>,
    /// overdue (default) | due_soon
    kind: Option<String>,
    /// 1–500, default 100.
    limit: Option<u32>,
}

#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct DueDto {
    case_number: String,
    court: String,
    node: String,
    due_on: String,
    warn_from: String,
    officer: String,
}

fn status(status: DeadlineStatus) -> &'static str {
    match status {
        DeadlineStatus::Pending => "pending",
        DeadlineStatus::DueSoon => "due_soon",
        DeadlineStatus::Overdue => "overdue",
        DeadlineStatus::MetOnTime => "met_on_time",
        DeadlineStatus::MetLate => "met_late",
        DeadlineStatus::Suspended => "suspended",
    }
}

fn flow_dto(flow: CaseFlow) -> FlowDto {
    FlowDto {
        status: if flow.state.closed.is_some() {
            "closed".into()
        } else if flow.state.timeline.as_ref().is_some_and(|t| t.suspensions.iter().any(|s| s.to.is_none())) {
            "suspended".into()
        } else {
            "filed".into()
        },
        case_number: flow.case.case_number,
        officer: flow.state.officer.map(|o| o.officer_name),
        closing_mode: flow.state.closed.map(|c| c.mode),
        requeries: flow.state.requery_answers,
        seizures: flow
            .state
            .seizures
            .into_iter()
            .map(|s| SeizureDto {
                seizure_id: s.seizure_id,
                class: s.class,
                property: s.property,
                amount: s.amount,
                effective_on: s.effective_on,
                expires_on: s.expires_on,
                carried_from: s.carried_from,
            })
            .collect(),
        deadlines: flow
            .deadlines
            .iter()
            .map(|d| DeadlineDto {
                node: d.node.code(),
                node_name: d.node.name_zh(),
                starts_on: d.starts_on.to_string(),
                due_on: d.due_on.to_string(),
                done_on: d.done_on.map(|x| x.to_string()),
                status: status(d.status),
                warn_from: d.warn_from.to_string(),
                days_suspended: d.days_suspended,
                days_extended: d.days_extended,
            })
            .collect(),
        timeline: flow
            .timeline
            .iter()
            .map(|r| TimelineDto {
                node: r.node.code(),
                node_name: r.node.name_zh(),
                planned_on: r.planned_on.map(|x| x.to_string()),
                actual_on: r.actual_on.map(|x| x.to_string()),
                status: r.status.map(status),
                late_days: r.late_days,
            })
            .collect(),
    }
}

fn command(body: ActionBody) -> Result<CaseCommand, ApiError> {
    Ok(match body {
        ActionBody::Assign { officer_id, officer_name, assistant, clerk, on } => {
            CaseCommand::Assign { officer_id, officer_name, assistant, clerk, on }
        }
        ActionBody::RecordFact { fact, on, simple, note } => CaseCommand::RecordFact {
            fact: Fact::parse(&fact)
                .ok_or_else(|| AppError::invalid("fact", "unknown_fact", "no such fact / 未知节点事实"))?,
            on,
            simple,
            note,
        },
        ActionBody::Suspend { kind, from, reason } => CaseCommand::Suspend {
            kind: match kind.as_str() {
                "zhongzhi" => SuspensionKind::Zhongzhi,
                "zanhuan" => SuspensionKind::Zanhuan,
                _ => {
                    return Err(AppError::invalid(
                        "kind",
                        "unknown_kind",
                        "zhongzhi or zanhuan / 应为中止或暂缓",
                    )
                    .into());
                }
            },
            from,
            reason,
        },
        ActionBody::Resume { on } => CaseCommand::Resume { on },
        ActionBody::Extend { node, days, approver, on } => CaseCommand::Extend {
            node: Node::parse(&node).map_err(|e| AppError::invalid("node", e.code(), &e.to_string()))?,
            days,
            approver,
            on,
        },
        ActionBody::AttestZhongben {
            report,
            consumption_ban_issued,
            shixin,
            network_inquiry_done,
            field_investigation,
            search,
            audit_or_reward,
            finding,
            whereabouts,
            obstruction,
            interview,
            applicant_signed,
            panel_reviewed,
            president_approved,
            on,
        } => CaseCommand::AttestZhongben {
            facts: Box::new(ZhongbenFactsRecorded {
                report,
                consumption_ban_issued,
                shixin,
                network_inquiry_done,
                field_investigation,
                search,
                audit_or_reward,
                finding,
                whereabouts,
                obstruction,
                interview,
                applicant_signed,
                panel_reviewed,
                president_approved,
                recorded_on: on.to_string(),
            }),
        },
        ActionBody::RecordSeizure { class, property, amount, effective_on, expires_on } => {
            CaseCommand::RecordSeizure {
                class: PropertyClass::parse(&class).ok_or_else(|| {
                    AppError::invalid(
                        "class",
                        "unknown_class",
                        "bank_deposit, movable, real_estate or other_right / 财产类别有误",
                    )
                })?,
                property,
                amount: amount
                    .map(|a| {
                        Amount::parse_yuan(&a)
                            .map_err(|e| AppError::invalid("amount", e.code(), &e.to_string()))
                    })
                    .transpose()?,
                effective_on,
                expires_on,
            }
        }
        ActionBody::Close { mode, on, grounds } => {
            let grounds: GroundsBody =
                if grounds.is_null() { GroundsBody::default() } else { parse_nested("grounds", grounds)? };
            CaseCommand::Close {
                mode: ClosingMode::parse(&mode).ok_or_else(|| {
                    AppError::invalid("mode", "unknown_mode", "no such closing mode / 未知结案方式")
                })?,
                on,
                grounds: ClosingGrounds {
                    ground: grounds.ground,
                    evidence_on_file: grounds.evidence_on_file,
                    debtor_applied: grounds.debtor_applied,
                    panel_reviewed: grounds.panel_reviewed,
                    paid: grounds.paid,
                    acts_outstanding: grounds.acts_outstanding,
                    settlement: grounds.settlement,
                    claim: grounds.claim,
                },
            }
        }
    })
}

/// Applies one action to a case; answers the case's flow after it.
#[utoipa::path(post, path = "/api/v1/cases/{case_number}/actions", tag = "flow", request_body = ActionBody,
    security(("bearer" = [])), params(("case_number" = String, Path, description = "案号")),
    responses((status = 200, body = FlowDto), (status = 400, body = crate::Problem), (status = 401, body = crate::Problem),
              (status = 403, body = crate::Problem), (status = 404, body = crate::Problem), (status = 409, body = crate::Problem),
              (status = 422, body = crate::Problem)))]
pub(crate) async fn act(
    State(state): State<AppState>,
    Authenticated(actor): Authenticated,
    Path(case_number): Path<String>,
    ApiJson(body): ApiJson<ActionBody>,
) -> Result<Json<FlowDto>, ApiError> {
    let command = command(body)?;
    Ok(Json(flow_dto(state.app.case_command(&actor, &case_number, &command).await?)))
}

/// A case's deadlines and node timeline today.
#[utoipa::path(get, path = "/api/v1/cases/{case_number}/flow", tag = "flow", security(("bearer" = [])),
    params(("case_number" = String, Path, description = "案号")),
    responses((status = 200, body = FlowDto), (status = 401, body = crate::Problem), (status = 404, body = crate::Problem)))]
pub(crate) async fn show(
    State(state): State<AppState>,
    Authenticated(actor): Authenticated,
    Path(case_number): Path<String>,
) -> Result<Json<FlowDto>, ApiError> {
    Ok(Json(flow_dto(state.app.case_flow(&actor, &case_number).await?)))
}

/// Overdue or due-soon deadlines of a court and the courts below it, soonest first.
#[utoipa::path(get, path = "/api/v1/deadlines", tag = "flow", params(DeadlineParams), security(("bearer" = [])),
    responses((status = 200, body = [DueDto]), (status = 401, body = crate::Problem), (status = 403, body = crate::Problem),
              (status = 422, body = crate::Problem)))]
pub(crate) async fn due(
    State(state): State<AppState>,
    Authenticated(actor): Authenticated,
    ApiQuery(params): ApiQuery<DeadlineParams>,
) -> Result<Json<Vec<DueDto>>, ApiError> {
    let overdue = match params.kind.as_deref() {
        None | Some("overdue") => true,
        Some("due_soon") => false,
        Some(_) => {
            return Err(AppError::invalid(
                "kind",
                "unknown_kind",
                "overdue or due_soon / 应为overdue或due_soon",
            )
            .into());
        }
    };
    let limit = params.limit.unwrap_or(100);
    if !(1..=zhixing_core::limits::PAGE_SIZE_MAX).contains(&limit) {
        return Err(AppError::invalid(
            "limit",
            "out_of_range",
            "limit must be 1 to 500 / 每页条数应为1至500",
        )
        .into());
    }
    let court = params.court.unwrap_or_else(|| actor.court.clone());
    let rows = state.app.deadlines_due(&actor, &court, overdue, limit).await?;
    Ok(Json(
        rows.into_iter()
            .map(|r| DueDto {
                case_number: r.case_number,
                court: r.court,
                node: r.node,
                due_on: r.due_on,
                warn_from: r.warn_from,
                officer: r.officer,
            })
            .collect(),
    ))
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub(crate) struct LibraryParams {
    /// 法院代字; defaults to the signed-in user's court (with the courts below it).
    court: Option<String>,
}

/// One court's line of the 终本 library report.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct LibraryCourtDto {
    court: String,
    /// Cases in the library (closed as 终本, not resumed).
    in_library: i64,
    /// Cases that left it by 恢复执行 (a linked 执恢 case).
    resumed: i64,
    /// Re-query rounds fallen due.
    rounds_due: i64,
    rounds_answered: i64,
    /// Rounds whose answer found property.
    rounds_found: i64,
    /// Cases still in the library whose re-queries found property: waiting for the officer.
    found_not_resumed: i64,
    /// Cases whose five years of re-queries are over.
    schedule_complete: i64,
}

/// The 终本 library report: the courts' lines and their sum.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct LibraryReportDto {
    court: String,
    total: LibraryCourtDto,
    courts: Vec<LibraryCourtDto>,
}

/// The 终本 library of a court and the courts below it (终本规定 第九条): cases in the library and resumed, and
/// the re-query rounds due, answered and answered with property, per court.
#[utoipa::path(get, path = "/api/v1/zhongben/library", tag = "flow", params(LibraryParams), security(("bearer" = [])),
    responses((status = 200, body = LibraryReportDto), (status = 401, body = crate::Problem), (status = 403, body = crate::Problem),
              (status = 422, body = crate::Problem)))]
pub(crate) async fn library(
    State(state): State<AppState>,
    Authenticated(actor): Authenticated,
    ApiQuery(params): ApiQuery<LibraryParams>,
) -> Result<Json<LibraryReportDto>, ApiError> {
    let court = params.court.unwrap_or_else(|| actor.court.clone());
    let rows = state.app.zhongben_library_report(&actor, &court).await?;
    let line = |r: zhixing_store::LibraryCourtRow| LibraryCourtDto {
        court: r.court,
        in_library: r.in_library,
        resumed: r.resumed,
        rounds_due: r.rounds_due,
        rounds_answered: r.rounds_answered,
        rounds_found: r.rounds_found,
        found_not_resumed: r.found_not_resumed,
        schedule_complete: r.schedule_complete,
    };
    let total = zhixing_store::LibraryCourtRow::total(&court, &rows);
    Ok(Json(LibraryReportDto { court, total: line(total), courts: rows.into_iter().map(line).collect() }))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct ResumeBody {
    /// Amounts still owed, yuan; all three or none (none: the original amounts).
    #[serde(default)]
    principal: Option<String>,
    #[serde(default)]
    interest: Option<String>,
    #[serde(default)]
    costs: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct ResumedDto {
    case_id: String,
    /// The new 执恢 案号.
    case_number: String,
}

/// 恢复执行: files a 终本 case again as a linked 执恢 case.
#[utoipa::path(post, path = "/api/v1/cases/{case_number}/resume", tag = "flow", request_body = ResumeBody,
    security(("bearer" = [])), params(("case_number" = String, Path, description = "案号 of the 终本 case")),
    responses((status = 201, body = ResumedDto), (status = 401, body = crate::Problem), (status = 404, body = crate::Problem),
              (status = 409, body = crate::Problem), (status = 422, body = crate::Problem)))]
pub(crate) async fn resume(
    State(state): State<AppState>,
    Authenticated(actor): Authenticated,
    Path(case_number): Path<String>,
    ApiJson(body): ApiJson<ResumeBody>,
) -> Result<(axum::http::StatusCode, Json<ResumedDto>), ApiError> {
    let owed = match (body.principal, body.interest, body.costs) {
        (None, None, None) => None,
        (Some(p), Some(i), Some(c)) => {
            let amount = |field: &str, text: &str| {
                Amount::parse_yuan(text).map_err(|e| AppError::invalid(field, e.code(), &e.to_string()))
            };
            Some(Owed {
                principal: amount("principal", &p)?,
                interest: amount("interest", &i)?,
                costs: amount("costs", &c)?,
            })
        }
        _ => {
            return Err(AppError::invalid(
                "principal",
                "all_or_none",
                "give principal, interest and costs, or none / 本金、利息、费用应同时提供",
            )
            .into());
        }
    };
    let resumed = state.app.resume_case(&actor, &case_number, owed).await?;
    Ok((
        axum::http::StatusCode::CREATED,
        Json(ResumedDto { case_id: resumed.case_id, case_number: resumed.case_number }),
    ))
}
