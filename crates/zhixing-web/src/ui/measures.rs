//! The case page's measures: 失信 listing and removal, consumption restriction (限消) and its lifting, deduction
//! from a frozen holding, and closing — with the 终本 checklist (终本规定(试行) 第一条) showing what is missing
//! before the officer tries. Each form calls the same use case of `zhixing-app` as the JSON API.

use super::workbench::back_to;
use super::{Posted, Session, UiError};
use crate::AppState;
use axum::Router;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::post;
use serde::Deserialize;
use serde_json::{Value, json};
use zhixing_app::{AppError, ControlInput, LiftInput, ListingInput, OrderInput, RemovalInput};
use zhixing_core::cases::case::{CaseCommand, CaseState, ClosingGrounds, Fact, ZhongbenFactsRecorded};
use zhixing_core::closing::{
    CancellationGround, ClosingMode, GroundInfo, NonEnforcementGround, RejectionGround, TerminationGround,
};
use zhixing_core::credit::consumption::LiftGround;
use zhixing_core::credit::listing::{
    AbilityFacts, Behaviour, EvasionMeans, GroundFacts, ObstructionMeans, RemovalTrigger, ReportBreach,
};
use zhixing_core::credit::officials::PublicStatus;
use zhixing_core::credit::record::InForceKind;

pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route("/cases/{case_number}/shixin", post(list_shixin))
        .route("/cases/{case_number}/shixin/remove", post(remove_shixin))
        .route("/cases/{case_number}/xiaofei", post(restrict_consumption))
        .route("/cases/{case_number}/xiaofei/lift", post(lift_consumption))
        .route("/cases/{case_number}/deduct", post(deduct))
        .route("/cases/{case_number}/zhongben", post(attest_zhongben))
        .route("/cases/{case_number}/close", post(close))
        .route("/cases/{case_number}/fact", post(record_fact))
}

/// The dishonest behaviours the listing form offers, as (value, the behaviour as the decision names it): grounds
/// (一)–(四) of 失信规定 第一条 with their means. Grounds (五) and (六) name an order or an agreement by its
/// id and date, which the JSON API takes.
const BEHAVIOURS: [(&str, &str); 12] = [
    ("able_but_refuses", "有履行能力而拒不履行"),
    ("obstructs:forged_evidence", "以伪造证据方法妨碍、抗拒执行"),
    ("obstructs:violence", "以暴力方法妨碍、抗拒执行"),
    ("obstructs:threat", "以威胁方法妨碍、抗拒执行"),
    ("obstructs:other", "以其他方法妨碍、抗拒执行"),
    ("evades:false_litigation", "以虚假诉讼规避执行"),
    ("evades:false_arbitration", "以虚假仲裁规避执行"),
    ("evades:concealing_property", "以隐匿财产方法规避执行"),
    ("evades:transferring_property", "以转移财产方法规避执行"),
    ("breaches_property_report:refused", "违反财产报告制度：拒绝报告"),
    ("breaches_property_report:false", "违反财产报告制度：虚假报告"),
    ("breaches_property_report:late", "违反财产报告制度：无正当理由逾期报告"),
];

/// The facts of a behaviour chosen on the form.
fn behaviour_facts(value: &str) -> Option<GroundFacts> {
    let (ground, means) = value.split_once(':').unwrap_or((value, ""));
    Some(match (ground, means) {
        ("able_but_refuses", "") => GroundFacts::AbleButRefuses(AbilityFacts::default()),
        ("obstructs", m) => GroundFacts::Obstructs {
            means: match m {
                "forged_evidence" => ObstructionMeans::ForgedEvidence,
                "violence" => ObstructionMeans::Violence,
                "threat" => ObstructionMeans::Threat,
                "other" => ObstructionMeans::Other,
                _ => return None,
            },
            serious: false,
        },
        ("evades", m) => GroundFacts::Evades {
            means: match m {
                "false_litigation" => EvasionMeans::FalseLitigation,
                "false_arbitration" => EvasionMeans::FalseArbitration,
                "concealing_property" => EvasionMeans::ConcealingProperty,
                "transferring_property" => EvasionMeans::TransferringProperty,
                _ => return None,
            },
        },
        ("breaches_property_report", m) => GroundFacts::BreachesPropertyReport {
            breach: match m {
                "refused" => ReportBreach::Refused,
                "false" => ReportBreach::False,
                "late" => ReportBreach::Late,
                _ => return None,
            },
        },
        _ => return None,
    })
}

/// The Chinese half of an "English / 中文" text.
fn zh(text: &str) -> &str {
    text.rsplit_once(" / ").map_or(text, |(_, zh)| zh)
}

/// What the case page shows of measures and closing: the credit measures of this case in force on each
/// debtor, the forms' choices, and the 终本 checklist on `today`.
pub(super) async fn case_measures(
    state: &AppState,
    session: &Session,
    case_state: &CaseState,
    case_number: &str,
) -> Result<Value, UiError> {
    let today = state.app.today();
    let Some(filed) = &case_state.filed else { return Ok(Value::Null) };
    let mut measures = Vec::new();
    for debtor in &filed.debtors {
        let view = match state.app.credit_record(&session.actor, &debtor.id_number).await {
            Ok(view) => view,
            Err(AppError::NotFound { .. }) => continue,
            Err(e) => return Err(e.into()),
        };
        for m in view.in_force.iter().filter(|m| m.case_number == case_number) {
            let kind = match m.kind {
                InForceKind::Listing => ("shixin", "失信被执行人名单"),
                InForceKind::ConsumptionRestriction => ("xiaofei", "限制消费令"),
                InForceKind::ExitRestriction => ("exit", "限制出境"),
            };
            measures.push(json!({
                "kind": kind.0,
                "kind_zh": kind.1,
                "id": m.id,
                "debtor": debtor.name,
                "debtor_id": debtor.id_number,
                "since": m.since.to_string(),
                "until": m.until.map(|d| d.to_string()),
                "published": m.published,
                "removal_due_by": m.removal_due_by.map(|d| d.to_string()),
            }));
        }
    }
    let checklist = case_state.zhongben_checklist(today).map(|c| {
        c.items()
            .iter()
            .map(|item| {
                json!({
                    "title": zh(item.title),
                    "satisfied": item.satisfied,
                    "missing": item.reason_if_missing.as_deref().map(zh),
                    "source": item.source,
                })
            })
            .collect::<Vec<_>>()
    });
    // The grounds of the modes that rest on one, grouped by mode.
    let group = |mode: ClosingMode, infos: Vec<GroundInfo>| {
        json!({
            "mode_zh": mode.name_zh(),
            "options": infos.iter().map(|g| json!({ "value": format!("{}:{}", mode.code(), g.code), "name": g.name_zh })).collect::<Vec<_>>(),
        })
    };
    let grounds = [
        group(ClosingMode::Terminated, TerminationGround::ALL.map(|g| g.info()).to_vec()),
        group(ClosingMode::Cancelled, CancellationGround::ALL.map(|g| g.info()).to_vec()),
        group(ClosingMode::NotEnforced, NonEnforcementGround::ALL.map(|g| g.info()).to_vec()),
        group(ClosingMode::Rejected, RejectionGround::ALL.map(|g| g.info()).to_vec()),
    ];
    Ok(json!({
        "debtors": filed.debtors.iter().map(|d| json!({ "name": d.name, "id_number": d.id_number })).collect::<Vec<_>>(),
        "in_force": measures,
        "behaviours": BEHAVIOURS.iter().map(|(value, name)| json!({ "value": value, "name": name })).collect::<Vec<_>>(),
        "removal_triggers": RemovalTrigger::ALL.iter().map(|t| json!({ "code": t.code(), "name": t.name_zh(), "source": t.source() })).collect::<Vec<_>>(),
        "lift_grounds": LiftGround::ALL.iter().take(3).map(|g| json!({ "code": g.code(), "name": g.name_zh() })).collect::<Vec<_>>(),
        "checklist": checklist,
        "attested": case_state.zhongben.as_ref().map(|z| z.recorded_on.clone()),
        "grounds": grounds,
        "facts": Fact::ALL.iter().map(|f| json!({ "code": f.code(), "name": f.name_zh() })).collect::<Vec<_>>(),
        "today": today.to_string(),
    }))
}

/// A form's optional text: trimmed, `None` when empty.
fn optional(text: &str) -> Option<String> {
    Some(text.trim().to_owned()).filter(|t| !t.is_empty())
}

#[derive(Debug, Deserialize)]
struct ListingForm {
    debtor: String,
    behaviour: String,
    conduct: String,
    #[serde(default)]
    grace_months: String,
}

/// 失信规定 第一条, 第五条: lists a debtor of the case, ex officio, on one behaviour.
async fn list_shixin(
    State(state): State<AppState>,
    Path(case_number): Path<String>,
    Posted { session, form }: Posted<ListingForm>,
) -> Result<Response, UiError> {
    let facts = behaviour_facts(&form.behaviour)
        .ok_or_else(|| UiError::App(AppError::invalid("behaviour", "unknown", "未知的失信情形")))?;
    let grace_months = match form.grace_months.trim() {
        "" => 0,
        text => text.parse::<u8>().map_err(|_| {
            UiError::App(AppError::invalid("grace_months", "not_a_number", "宽限期应为0至3个月"))
        })?,
    };
    let input = ListingInput {
        debtor: form.debtor.trim().to_owned(),
        behaviours: vec![Behaviour { facts, conduct: form.conduct.trim().to_owned() }],
        applicant: None,
        applied_on: None,
        extension_years: 0,
        grace_months,
        public_status: PublicStatus::default(),
        performance: None,
        unpaid: None,
    };
    state.app.list_shixin(&session.actor, &case_number, &input).await?;
    Ok(back_to(&case_number))
}

#[derive(Debug, Deserialize)]
struct RemovalForm {
    debtor: String,
    listing_id: String,
    trigger: String,
    #[serde(default)]
    requested_by: String,
    #[serde(default)]
    empty_requeries: String,
}

/// 失信规定 第十条: removes a listing on a trigger, today.
async fn remove_shixin(
    State(state): State<AppState>,
    Path(case_number): Path<String>,
    Posted { session, form }: Posted<RemovalForm>,
) -> Result<Response, UiError> {
    let trigger = RemovalTrigger::parse(form.trigger.trim())
        .ok_or_else(|| UiError::App(AppError::invalid("trigger", "unknown", "未知的删除事由")))?;
    let empty_requeries = match form.empty_requeries.trim() {
        "" => 0,
        text => text.parse::<u32>().map_err(|_| {
            UiError::App(AppError::invalid("empty_requeries", "not_a_number", "查询次数应为整数"))
        })?,
    };
    let input = RemovalInput { trigger, requested_by: optional(&form.requested_by), empty_requeries };
    state.app.remove_shixin(&session.actor, form.debtor.trim(), form.listing_id.trim(), &input).await?;
    Ok(back_to(&case_number))
}

#[derive(Debug, Deserialize)]
struct OrderForm {
    debtor: String,
    #[serde(default)]
    until: String,
}

/// 限消规定 第一条, 第三条: restricts the debtor's consumption (every item of 第三条), today.
async fn restrict_consumption(
    State(state): State<AppState>,
    Path(case_number): Path<String>,
    Posted { session, form }: Posted<OrderForm>,
) -> Result<Response, UiError> {
    let input = OrderInput {
        debtor: form.debtor.trim().to_owned(),
        persons: Vec::new(),
        items: Vec::new(),
        until: optional(&form.until),
        applicant: None,
        applied_on: None,
    };
    state.app.restrict_consumption(&session.actor, &case_number, &input).await?;
    Ok(back_to(&case_number))
}

#[derive(Debug, Deserialize)]
struct LiftForm {
    debtor: String,
    order_id: String,
    ground: String,
}

/// 限消规定 第九条: lifts an order on a ground, today.
async fn lift_consumption(
    State(state): State<AppState>,
    Path(case_number): Path<String>,
    Posted { session, form }: Posted<LiftForm>,
) -> Result<Response, UiError> {
    let ground = LiftGround::parse(form.ground.trim())
        .ok_or_else(|| UiError::App(AppError::invalid("ground", "unknown", "未知的解除事由")))?;
    let input = LiftInput { ground, person: None };
    state.app.lift_consumption(&session.actor, form.debtor.trim(), form.order_id.trim(), &input).await?;
    Ok(back_to(&case_number))
}

#[derive(Debug, Deserialize)]
struct DeductForm {
    institution: String,
    holding: String,
    amount: String,
}

/// 扣划: moves an amount from a holding to the court's custody account (案款专户).
async fn deduct(
    State(state): State<AppState>,
    Path(case_number): Path<String>,
    Posted { session, form }: Posted<DeductForm>,
) -> Result<Response, UiError> {
    let input = ControlInput::Deduct {
        institution: form.institution,
        holding: form.holding,
        amount: form.amount.trim().to_owned(),
    };
    state.app.request_control(&session.actor, &case_number, &input, false).await?;
    Ok(back_to(&case_number))
}

#[derive(Debug, Deserialize)]
struct AttestForm {
    report: String,
    #[serde(default)]
    consumption_ban_issued: Option<String>,
    shixin: String,
    #[serde(default)]
    network_inquiry_done: Option<String>,
    field_investigation: String,
    search: String,
    audit_or_reward: String,
    finding: String,
    whereabouts: String,
    obstruction: String,
    interview: String,
    #[serde(default)]
    applicant_signed: Option<String>,
    #[serde(default)]
    panel_reviewed: Option<String>,
    #[serde(default)]
    president_approved: Option<String>,
}

/// The officer's 终本 attestations (the 约谈 among them), recorded today; the checklist then shows what is
/// still missing.
async fn attest_zhongben(
    State(state): State<AppState>,
    Path(case_number): Path<String>,
    Posted { session, form }: Posted<AttestForm>,
) -> Result<Response, UiError> {
    let facts = ZhongbenFactsRecorded {
        report: form.report,
        consumption_ban_issued: form.consumption_ban_issued.is_some(),
        shixin: form.shixin,
        network_inquiry_done: form.network_inquiry_done.is_some(),
        field_investigation: form.field_investigation,
        search: form.search,
        audit_or_reward: form.audit_or_reward,
        finding: form.finding,
        whereabouts: form.whereabouts,
        obstruction: form.obstruction,
        interview: form.interview,
        applicant_signed: form.applicant_signed.is_some(),
        panel_reviewed: form.panel_reviewed.is_some(),
        president_approved: form.president_approved.is_some(),
        recorded_on: state.app.today().to_string(),
    };
    let command = CaseCommand::AttestZhongben { facts: Box::new(facts) };
    state.app.case_command(&session.actor, &case_number, &command).await?;
    Ok(back_to(&case_number))
}

#[derive(Debug, Deserialize)]
struct CloseForm {
    mode: String,
    /// `mode:ground` for the modes that rest on a ground.
    #[serde(default)]
    ground: String,
    #[serde(default)]
    evidence_on_file: Option<String>,
    #[serde(default)]
    paid: String,
    #[serde(default)]
    settlement: String,
}

/// 结案 today in one of the six modes; a condition that does not hold is refused with what to do.
async fn close(
    State(state): State<AppState>,
    Path(case_number): Path<String>,
    Posted { session, form }: Posted<CloseForm>,
) -> Result<Response, UiError> {
    let mode = ClosingMode::parse(form.mode.trim())
        .ok_or_else(|| UiError::App(AppError::invalid("mode", "unknown", "未知的结案方式")))?;
    let ground = match form.ground.trim().split_once(':') {
        Some((ground_mode, code)) if ground_mode == mode.code() => Some(code.to_owned()),
        Some(_) => {
            return Err(UiError::App(AppError::invalid(
                "ground",
                "mode_mismatch",
                "所选事由不属于该结案方式",
            )));
        }
        None => None,
    };
    let grounds = ClosingGrounds {
        ground,
        evidence_on_file: form.evidence_on_file.is_some(),
        paid: optional(&form.paid),
        settlement: optional(&form.settlement),
        ..ClosingGrounds::default()
    };
    let command = CaseCommand::Close { mode, on: state.app.today(), grounds };
    state.app.case_command(&session.actor, &case_number, &command).await?;
    Ok(back_to(&case_number))
}

#[derive(Debug, Deserialize)]
struct FactForm {
    fact: String,
    on: String,
    /// For 繁简分流: the simple track.
    #[serde(default)]
    simple: Option<String>,
    #[serde(default)]
    note: String,
}

/// A node of the flow done on a day (the notice, the investigation, a seizure …): the timeline and the
/// deadlines follow from it.
async fn record_fact(
    State(state): State<AppState>,
    Path(case_number): Path<String>,
    Posted { session, form }: Posted<FactForm>,
) -> Result<Response, UiError> {
    let fact = Fact::parse(form.fact.trim())
        .ok_or_else(|| UiError::App(AppError::invalid("fact", "unknown_fact", "未知的办案节点")))?;
    let on = chrono::NaiveDate::parse_from_str(form.on.trim(), "%Y-%m-%d")
        .map_err(|_| UiError::App(AppError::invalid("on", "invalid_date", "日期应为YYYY-MM-DD")))?;
    let simple = (fact == Fact::Triaged).then_some(form.simple.is_some());
    let command = CaseCommand::RecordFact { fact, on, simple, note: optional(&form.note) };
    state.app.case_command(&session.actor, &case_number, &command).await?;
    Ok(back_to(&case_number))
}
