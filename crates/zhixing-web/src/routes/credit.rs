//! Credit punishment (信用惩戒, C5): listing a debtor as dishonest and removing the listing, consumption and exit
//! restrictions with their lifting, a debtor's credit record; screening checks for linkage units; the public
//! lists (no login).

use crate::AppState;
use crate::extract::{ApiJson, ApiQuery, Authenticated, JsonBytes, parse_json};
use crate::problem::ApiError;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use utoipa::{IntoParams, ToSchema};
use zhixing_app::{
    AppError, CorrectedInput, CorrectionInput, CorrectionReviewInput, CourtGrading, LiftInput, ListingInput,
    OrderInput, PassportInput, PermitInput, PublicQuery, RemovalInput,
};
use zhixing_core::credit::GradingTable;
use zhixing_core::credit::disclosure::PublicEntry;
use zhixing_core::credit::officials::OfficialNotice;
use zhixing_core::credit::record::{
    ConsumptionRestricted, ConsumptionRestrictionLifted, ExitRestricted, ExitRestrictionLifted, InForceKind,
    ShixinListed, ShixinRemoved,
};
use zhixing_core::credit::screening::{Answer, NameCheck, Query};

/// A decision as recorded: its id and the event's fields.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct DecisionDto {
    /// The listing's or the order's id.
    id: String,
    /// The recorded event.
    #[schema(value_type = Object)]
    record: serde_json::Value,
}

fn decision(id: &str, event: &impl Serialize) -> Result<(StatusCode, Json<DecisionDto>), ApiError> {
    let record = serde_json::to_value(event).map_err(|e| AppError::Internal(e.to_string()))?;
    Ok((StatusCode::CREATED, Json(DecisionDto { id: id.to_owned(), record })))
}

/// Lists a debtor of the case as dishonest (纳入失信被执行人名单, 失信规定 第一条, 第五条), decided today. The body
/// names the debtor and the behaviours, each under its ground (`able_but_refuses`, `obstructs`, `evades`,
/// `breaches_property_report`, `breaches_consumption_order`, `breaches_settlement`) with its facts; the term,
/// the bars of 第三条 and 第四条 and the re-listing bar of 第十条 are decided by the rules.
#[utoipa::path(post, path = "/api/v1/cases/{case_number}/shixin", tag = "credit", request_body = Object,
    security(("bearer" = [])), params(("case_number" = String, Path, description = "案号")),
    responses((status = 201, body = DecisionDto), (status = 400, body = crate::Problem), (status = 401, body = crate::Problem),
              (status = 403, body = crate::Problem), (status = 404, body = crate::Problem), (status = 409, body = crate::Problem),
              (status = 422, body = crate::Problem)))]
pub(crate) async fn list_shixin(
    State(state): State<AppState>,
    Authenticated(actor): Authenticated,
    Path(case_number): Path<String>,
    ApiJson(body): ApiJson<ListingInput>,
) -> Result<(StatusCode, Json<DecisionDto>), ApiError> {
    let listed: ShixinListed = state.app.list_shixin(&actor, &case_number, &body).await?;
    decision(&listed.listing_id, &listed)
}

/// Removes a listing (删除, 失信规定 第十条) on a trigger: `performed`, `settlement_performed`,
/// `applicant_request`, `empty_requeries`, `suspended_by_retrial_or_bankruptcy`, `not_enforced`, `terminated`.
/// The entry stops being public at once.
#[utoipa::path(post, path = "/api/v1/credit/{debtor}/listings/{listing}/remove", tag = "credit", request_body = Object,
    security(("bearer" = [])), params(("debtor" = String, Path, description = "the debtor's identifier"), ("listing" = String, Path)),
    responses((status = 201, body = DecisionDto), (status = 400, body = crate::Problem), (status = 401, body = crate::Problem),
              (status = 403, body = crate::Problem), (status = 404, body = crate::Problem), (status = 422, body = crate::Problem)))]
pub(crate) async fn remove_shixin(
    State(state): State<AppState>,
    Authenticated(actor): Authenticated,
    Path((debtor, listing)): Path<(String, String)>,
    ApiJson(body): ApiJson<RemovalInput>,
) -> Result<(StatusCode, Json<DecisionDto>), ApiError> {
    let (_, removed): (_, ShixinRemoved) = state.app.remove_shixin(&actor, &debtor, &listing, &body).await?;
    decision(&removed.listing_id, &removed)
}

/// A consumption restriction order (限制消费令, 限消规定 第一条, 第三条) on a debtor of the case, and for an
/// organisation on the persons named (`legal_representative`, `principal_officer`, `directly_responsible`,
/// `actual_controller`); all nine items unless `items` says otherwise.
#[utoipa::path(post, path = "/api/v1/cases/{case_number}/consumption-orders", tag = "credit", request_body = Object,
    security(("bearer" = [])), params(("case_number" = String, Path, description = "案号")),
    responses((status = 201, body = DecisionDto), (status = 400, body = crate::Problem), (status = 401, body = crate::Problem),
              (status = 403, body = crate::Problem), (status = 404, body = crate::Problem), (status = 422, body = crate::Problem)))]
pub(crate) async fn restrict_consumption(
    State(state): State<AppState>,
    Authenticated(actor): Authenticated,
    Path(case_number): Path<String>,
    ApiJson(body): ApiJson<OrderInput>,
) -> Result<(StatusCode, Json<DecisionDto>), ApiError> {
    let order: ConsumptionRestricted = state.app.restrict_consumption(&actor, &case_number, &body).await?;
    decision(&order.order_id, &order)
}

/// Lifts a consumption restriction order (限消规定 第九条): `security`, `applicant_consent`, `performed`, or
/// `representative_changed` for one replaced person (善意文明执行意见 第17条).
#[utoipa::path(post, path = "/api/v1/credit/{debtor}/consumption-orders/{order}/lift", tag = "credit", request_body = Object,
    security(("bearer" = [])), params(("debtor" = String, Path), ("order" = String, Path)),
    responses((status = 201, body = DecisionDto), (status = 400, body = crate::Problem), (status = 401, body = crate::Problem),
              (status = 403, body = crate::Problem), (status = 404, body = crate::Problem), (status = 422, body = crate::Problem)))]
pub(crate) async fn lift_consumption(
    State(state): State<AppState>,
    Authenticated(actor): Authenticated,
    Path((debtor, order)): Path<(String, String)>,
    ApiJson(body): ApiJson<LiftInput>,
) -> Result<(StatusCode, Json<DecisionDto>), ApiError> {
    let lifted: ConsumptionRestrictionLifted =
        state.app.lift_consumption(&actor, &debtor, &order, &body).await?;
    decision(&lifted.order_id, &lifted)
}

/// An exit restriction (限制出境, 执行程序解释 第二十三条, 第二十四条) on a debtor of the case.
#[utoipa::path(post, path = "/api/v1/cases/{case_number}/exit-orders", tag = "credit", request_body = Object,
    security(("bearer" = [])), params(("case_number" = String, Path, description = "案号")),
    responses((status = 201, body = DecisionDto), (status = 400, body = crate::Problem), (status = 401, body = crate::Problem),
              (status = 403, body = crate::Problem), (status = 404, body = crate::Problem), (status = 422, body = crate::Problem)))]
pub(crate) async fn restrict_exit(
    State(state): State<AppState>,
    Authenticated(actor): Authenticated,
    Path(case_number): Path<String>,
    ApiJson(body): ApiJson<OrderInput>,
) -> Result<(StatusCode, Json<DecisionDto>), ApiError> {
    let order: ExitRestricted = state.app.restrict_exit(&actor, &case_number, &body).await?;
    decision(&order.order_id, &order)
}

/// Lifts an exit restriction (执行程序解释 第二十五条).
#[utoipa::path(post, path = "/api/v1/credit/{debtor}/exit-orders/{order}/lift", tag = "credit", request_body = Object,
    security(("bearer" = [])), params(("debtor" = String, Path), ("order" = String, Path)),
    responses((status = 201, body = DecisionDto), (status = 400, body = crate::Problem), (status = 401, body = crate::Problem),
              (status = 403, body = crate::Problem), (status = 404, body = crate::Problem), (status = 422, body = crate::Problem)))]
pub(crate) async fn lift_exit(
    State(state): State<AppState>,
    Authenticated(actor): Authenticated,
    Path((debtor, order)): Path<(String, String)>,
    ApiJson(body): ApiJson<LiftInput>,
) -> Result<(StatusCode, Json<DecisionDto>), ApiError> {
    let lifted: ExitRestrictionLifted = state.app.lift_exit(&actor, &debtor, &order, &body).await?;
    decision(&lifted.order_id, &lifted)
}

#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct InForceDto {
    /// shixin | consumption | exit
    kind: &'static str,
    id: String,
    case_number: String,
    since: String,
    /// The last day of a term or period; absent until removed or lifted.
    #[serde(skip_serializing_if = "Option::is_none")]
    until: Option<String>,
    /// The grounds, each with its article.
    why: Vec<String>,
    /// For a listing: past its grace period, public.
    published: bool,
    /// A removal due (失信规定 第十条: within three working days of its trigger).
    #[serde(skip_serializing_if = "Option::is_none")]
    removal_due_by: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct CreditDto {
    debtor: String,
    name: String,
    /// The measures in force today, with their case and court.
    in_force: Vec<InForceDto>,
    listings: usize,
    consumption_orders: usize,
    exit_orders: usize,
}

/// A debtor's credit record: what is in force today (listings, consumption and exit restrictions), and how many
/// of each were ever decided.
#[utoipa::path(get, path = "/api/v1/credit/{debtor}", tag = "credit", security(("bearer" = [])),
    params(("debtor" = String, Path, description = "the debtor's identifier")),
    responses((status = 200, body = CreditDto), (status = 401, body = crate::Problem), (status = 403, body = crate::Problem),
              (status = 404, body = crate::Problem), (status = 422, body = crate::Problem)))]
pub(crate) async fn record(
    State(state): State<AppState>,
    Authenticated(actor): Authenticated,
    Path(debtor): Path<String>,
) -> Result<Json<CreditDto>, ApiError> {
    let view = state.app.credit_record(&actor, &debtor).await?;
    let subject =
        view.record.debtor.clone().ok_or_else(|| AppError::NotFound { what: "credit record".into() })?;
    let in_force = view
        .in_force
        .iter()
        .map(|f| InForceDto {
            kind: match f.kind {
                InForceKind::Listing => "shixin",
                InForceKind::ConsumptionRestriction => "consumption",
                InForceKind::ExitRestriction => "exit",
            },
            id: f.id.clone(),
            case_number: f.case_number.clone(),
            since: f.since.to_string(),
            until: f.until.map(|d| d.to_string()),
            why: f.why.clone(),
            published: f.published,
            removal_due_by: f.removal_due_by.map(|d| d.to_string()),
        })
        .collect();
    Ok(Json(CreditDto {
        debtor: subject.id_number,
        name: subject.name,
        in_force,
        listings: view.record.listings.len(),
        consumption_orders: view.record.consumption.len(),
        exit_orders: view.record.exit.len(),
    }))
}

/// Records a written correction request on a listing (纠正申请, 失信规定 第十一条): `wrongly_listed`,
/// `inaccurate` or `should_be_removed`, with the reasons; the review is due within 15 days (第十二条).
#[utoipa::path(post, path = "/api/v1/credit/{debtor}/listings/{listing}/corrections", tag = "credit", request_body = Object,
    security(("bearer" = [])), params(("debtor" = String, Path), ("listing" = String, Path)),
    responses((status = 201, body = DecisionDto), (status = 400, body = crate::Problem), (status = 401, body = crate::Problem),
              (status = 403, body = crate::Problem), (status = 404, body = crate::Problem), (status = 422, body = crate::Problem)))]
pub(crate) async fn request_correction(
    State(state): State<AppState>,
    Authenticated(actor): Authenticated,
    Path((debtor, listing)): Path<(String, String)>,
    ApiJson(body): ApiJson<CorrectionInput>,
) -> Result<(StatusCode, Json<DecisionDto>), ApiError> {
    let requested = state.app.request_correction(&actor, &debtor, &listing, &body).await?;
    decision(&requested.request_id, &requested)
}

/// The review of a correction request (第十二条): `{upheld: true}` — to be carried out within three working
/// days — or `{upheld: false}` (驳回, open to reconsideration within 10 days).
#[utoipa::path(post, path = "/api/v1/credit/{debtor}/corrections/{request}/review", tag = "credit", request_body = Object,
    security(("bearer" = [])), params(("debtor" = String, Path), ("request" = String, Path)),
    responses((status = 201, body = DecisionDto), (status = 400, body = crate::Problem), (status = 401, body = crate::Problem),
              (status = 403, body = crate::Problem), (status = 404, body = crate::Problem), (status = 422, body = crate::Problem)))]
pub(crate) async fn review_correction(
    State(state): State<AppState>,
    Authenticated(actor): Authenticated,
    Path((debtor, request)): Path<(String, String)>,
    ApiJson(body): ApiJson<CorrectionReviewInput>,
) -> Result<(StatusCode, Json<DecisionDto>), ApiError> {
    let decided = state.app.review_correction(&actor, &debtor, &request, &body).await?;
    decision(&decided.request_id, &decided)
}

/// Carries out an upheld correction (第十一条): the listing revoked (撤销), its record corrected (更正, with a
/// `note`) or removed (删除), as the request's ground says. A revoked or removed entry stops being public at once.
#[utoipa::path(post, path = "/api/v1/credit/{debtor}/corrections/{request}/carry-out", tag = "credit", request_body = Object,
    security(("bearer" = [])), params(("debtor" = String, Path), ("request" = String, Path)),
    responses((status = 201, body = DecisionDto), (status = 400, body = crate::Problem), (status = 401, body = crate::Problem),
              (status = 403, body = crate::Problem), (status = 404, body = crate::Problem), (status = 422, body = crate::Problem)))]
pub(crate) async fn carry_out_correction(
    State(state): State<AppState>,
    Authenticated(actor): Authenticated,
    Path((debtor, request)): Path<(String, String)>,
    ApiJson(body): ApiJson<CorrectedInput>,
) -> Result<(StatusCode, Json<DecisionDto>), ApiError> {
    let corrected = state.app.carry_out_correction(&actor, &debtor, &request, &body).await?;
    decision(&corrected.request_id, &corrected)
}

/// Allows a consumption despite an order in force (限消规定 第三条第二款 `private_funds`, 第八条 `necessary`),
/// verified by the court: screening answers "not restricted" for that item and person through its days.
#[utoipa::path(post, path = "/api/v1/credit/{debtor}/consumption-orders/{order}/permits", tag = "credit", request_body = Object,
    security(("bearer" = [])), params(("debtor" = String, Path), ("order" = String, Path)),
    responses((status = 201, body = DecisionDto), (status = 400, body = crate::Problem), (status = 401, body = crate::Problem),
              (status = 403, body = crate::Problem), (status = 404, body = crate::Problem), (status = 422, body = crate::Problem)))]
pub(crate) async fn permit_consumption(
    State(state): State<AppState>,
    Authenticated(actor): Authenticated,
    Path((debtor, order)): Path<(String, String)>,
    ApiJson(body): ApiJson<PermitInput>,
) -> Result<(StatusCode, Json<DecisionDto>), ApiError> {
    let permitted = state.app.permit_consumption(&actor, &debtor, &order, &body).await?;
    decision(&permitted.order_id, &permitted)
}

/// The notice (通报) of a public official's or public body's listing to the unit and its supervising department
/// (失信规定 第八条; zero tolerance); 404 for an ordinary debtor's listing.
#[utoipa::path(get, path = "/api/v1/credit/{debtor}/listings/{listing}/notice", tag = "credit",
    security(("bearer" = [])), params(("debtor" = String, Path), ("listing" = String, Path)),
    responses((status = 200, body = Object), (status = 401, body = crate::Problem), (status = 403, body = crate::Problem),
              (status = 404, body = crate::Problem)))]
pub(crate) async fn official_notice(
    State(state): State<AppState>,
    Authenticated(actor): Authenticated,
    Path((debtor, listing)): Path<(String, String)>,
) -> Result<Json<OfficialNotice>, ApiError> {
    let notice = state.app.official_notice(&actor, &debtor, &listing).await?;
    Ok(Json(
        notice.ok_or_else(|| AppError::NotFound { what: "notice (not a public official or body)".into() })?,
    ))
}

/// Records a passport (护照) as a person's (from the exit-entry administration's answer, the debtor's property
/// report, …): screening answers the passport as it answers the person, from the next refresh.
#[utoipa::path(post, path = "/api/v1/credit/{debtor}/passports", tag = "credit", request_body = Object,
    security(("bearer" = [])), params(("debtor" = String, Path, description = "the person's 公民身份号码")),
    responses((status = 201, body = DecisionDto), (status = 400, body = crate::Problem), (status = 401, body = crate::Problem),
              (status = 403, body = crate::Problem), (status = 409, body = crate::Problem), (status = 422, body = crate::Problem)))]
pub(crate) async fn bind_passport(
    State(state): State<AppState>,
    Authenticated(actor): Authenticated,
    Path(person): Path<String>,
    ApiJson(body): ApiJson<PassportInput>,
) -> Result<(StatusCode, Json<DecisionDto>), ApiError> {
    let bound = state.app.bind_passport(&actor, &person, &body).await?;
    decision(&bound.passport, &bound)
}

/// Grades the debtor today (分级惩戒) with the grading table of the officer's court: the level, the reasons
/// that produced it and the linkage measures it adds, recorded on the debtor's credit record; screening
/// applies them from its next refresh.
#[utoipa::path(post, path = "/api/v1/credit/{debtor}/grade", tag = "credit",
    security(("bearer" = [])), params(("debtor" = String, Path)),
    responses((status = 201, body = DecisionDto), (status = 401, body = crate::Problem), (status = 403, body = crate::Problem),
              (status = 404, body = crate::Problem)))]
pub(crate) async fn grade(
    State(state): State<AppState>,
    Authenticated(actor): Authenticated,
    Path(debtor): Path<String>,
) -> Result<(StatusCode, Json<DecisionDto>), ApiError> {
    let graded = state.app.grade_debtor(&actor, &debtor).await?;
    decision(&graded.level.to_string(), &graded)
}

#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct GradingDto {
    court: String,
    /// The court whose table applies (this court or one above); absent for the default table.
    #[serde(skip_serializing_if = "Option::is_none")]
    set_by: Option<String>,
    #[schema(value_type = Object)]
    table: GradingTable,
    /// Version of this court's own setting (0 while it has none): send it back to change the table.
    version: u64,
}

fn grading_dto(g: CourtGrading) -> GradingDto {
    GradingDto { court: g.court, set_by: g.set_by, table: g.table, version: g.version }
}

/// The grading table a court works to (分级惩戒规则): levels with their linkage measures, and rules that raise
/// a debtor to a level when their condition holds.
#[utoipa::path(get, path = "/api/v1/courts/{code}/grading", tag = "courts",
    security(("bearer" = [])), params(("code" = String, Path, description = "法院代字")),
    responses((status = 200, body = GradingDto), (status = 401, body = crate::Problem), (status = 403, body = crate::Problem),
              (status = 422, body = crate::Problem)))]
pub(crate) async fn grading(
    State(state): State<AppState>,
    Authenticated(actor): Authenticated,
    Path(code): Path<String>,
) -> Result<Json<GradingDto>, ApiError> {
    Ok(Json(grading_dto(state.app.court_grading(&actor, &code).await?)))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct SetGradingBody {
    #[schema(value_type = Object)]
    table: GradingTable,
    /// The version read (0 for a court without a setting of its own); absent, the latest.
    #[serde(default)]
    version: Option<u64>,
}

/// Sets a court's grading table, replacing its earlier one whole; refused naming the field when it does not
/// hold (levels in order, graded measures only, each level carrying the lower ones', …). Admins and the
/// command center of the court or a court above it.
#[utoipa::path(put, path = "/api/v1/courts/{code}/grading", tag = "courts", request_body = SetGradingBody,
    security(("bearer" = [])), params(("code" = String, Path, description = "法院代字")),
    responses((status = 200, body = GradingDto), (status = 400, body = crate::Problem), (status = 401, body = crate::Problem),
              (status = 403, body = crate::Problem), (status = 409, body = crate::Problem), (status = 422, body = crate::Problem)))]
pub(crate) async fn set_grading(
    State(state): State<AppState>,
    Authenticated(actor): Authenticated,
    Path(code): Path<String>,
    ApiJson(body): ApiJson<SetGradingBody>,
) -> Result<Json<GradingDto>, ApiError> {
    Ok(Json(grading_dto(state.app.set_court_grading(&actor, &code, &body.table, body.version).await?)))
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub(crate) struct OfficialsParams {
    /// Entries skipped (default 0).
    #[serde(default)]
    offset: u32,
    /// Entries per page, 1 to 100 (default 50).
    limit: Option<u32>,
}

/// The separate public list of public officials and public bodies listed as dishonest (公职人员失信名单,
/// 失信规定 第八条; zero tolerance), newest first, with the fields of 第六条 (no login).
#[utoipa::path(get, path = "/api/v1/public/credit/officials", tag = "public", params(OfficialsParams),
    responses((status = 200, body = [Object]), (status = 400, body = crate::Problem), (status = 422, body = crate::Problem)))]
pub(crate) async fn public_officials(
    State(state): State<AppState>,
    ApiQuery(params): ApiQuery<OfficialsParams>,
) -> Result<Json<Vec<PublicEntry>>, ApiError> {
    let limit = params.limit.unwrap_or(50);
    if !(1..=100).contains(&limit) {
        return Err(AppError::invalid("limit", "out_of_range", "1 to 100 / 每页 1 至 100 条").into());
    }
    Ok(Json(state.app.public_officials(params.offset, limit).await?))
}

/// One item of a batch. The texts are borrowed from the request body where they need no unescaping (nearly
/// always): a batch of 10,000 items is read without allocating a string per item.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct CheckItem<'a> {
    /// 公民身份号码 or 统一社会信用代码 (full-width forms accepted).
    #[serde(default, borrow)]
    #[schema(value_type = Option<String>)]
    identifier: Option<Cow<'a, str>>,
    /// The name on record, to confirm the identifier; a name alone is never matched.
    #[serde(default, borrow)]
    #[schema(value_type = Option<String>)]
    name: Option<Cow<'a, str>>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct CheckBody<'a> {
    /// The measure asked about: flight, g_train, train_soft_sleeper, star_hotel, real_estate_purchase, …
    #[serde(borrow)]
    #[schema(value_type = String)]
    measure: Cow<'a, str>,
    /// 1 to 10,000 items.
    #[serde(borrow)]
    items: Vec<CheckItem<'a>>,
}

/// The schema of an answer's result (the handler writes it directly, see [`check_answer`]; a test holds the
/// two equal).
#[cfg_attr(not(test), allow(dead_code))]
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct CheckResult {
    /// restricted | not_restricted | identifier_required | invalid
    status: &'static str,
    /// For a restricted item: confirmed | not_given | mismatch (verify the identifier before refusing).
    #[serde(skip_serializing_if = "Option::is_none")]
    name_check: Option<&'static str>,
    /// For an invalid item: the field and the reason.
    #[serde(skip_serializing_if = "Option::is_none")]
    field: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    code: Option<&'static str>,
}

#[cfg_attr(not(test), allow(dead_code))]
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct CheckDto {
    /// The list version that answered.
    version: u64,
    results: Vec<CheckResult>,
}

/// Screening for linkage units (联动单位): whether each identifier is restricted for the measure asked about.
/// Exact match on the identifier, the name confirming; the answer never tells the case, the court or the list
/// behind it. Each request is counted for the unit (how many items, how many hits); the people checked are
/// not stored.
#[utoipa::path(post, path = "/api/v1/screening/check", tag = "screening", request_body = CheckBody,
    security(("bearer" = [])),
    responses((status = 200, body = CheckDto), (status = 400, body = crate::Problem), (status = 401, body = crate::Problem),
              (status = 403, body = crate::Problem), (status = 413, body = crate::Problem), (status = 422, body = crate::Problem)))]
pub(crate) async fn check(
    State(state): State<AppState>,
    Authenticated(actor): Authenticated,
    JsonBytes(bytes): JsonBytes,
) -> Result<Response, ApiError> {
    let body: CheckBody<'_> = parse_json(&bytes)?;
    let items: Vec<Query<'_>> = body
        .items
        .iter()
        .map(|i| Query { identifier: i.identifier.as_deref(), name: i.name.as_deref() })
        .collect();
    let checked = state.app.screening_check(&actor, &body.measure, &items)?;
    let answer = check_answer(checked.version, &checked.answers);
    Ok(([(header::CONTENT_TYPE, "application/json")], answer).into_response())
}

/// The answer to a check as [`CheckDto`] serializes it, written directly: every piece of it is one of a few
/// fixed texts, and a batch of 10,000 is written in one pass into one buffer.
fn check_answer(version: u64, answers: &[Answer]) -> Vec<u8> {
    let mut out = Vec::with_capacity(32 + answers.len() * 48);
    out.extend_from_slice(b"{\"version\":");
    out.extend_from_slice(version.to_string().as_bytes());
    out.extend_from_slice(b",\"results\":[");
    for (i, answer) in answers.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        match *answer {
            Answer::NotRestricted => out.extend_from_slice(br#"{"status":"not_restricted"}"#),
            Answer::Restricted { name: NameCheck::Confirmed } => {
                out.extend_from_slice(br#"{"status":"restricted","name_check":"confirmed"}"#)
            }
            Answer::Restricted { name: NameCheck::NotGiven } => {
                out.extend_from_slice(br#"{"status":"restricted","name_check":"not_given"}"#)
            }
            Answer::Restricted { name: NameCheck::Mismatch } => {
                out.extend_from_slice(br#"{"status":"restricted","name_check":"mismatch"}"#)
            }
            Answer::IdentifierRequired => out.extend_from_slice(br#"{"status":"identifier_required"}"#),
            Answer::Invalid { field, code } => {
                // The field and the code are identifiers of the core (letters and underscores); serde writes
                // them, escaping whatever would need it.
                out.extend_from_slice(br#"{"status":"invalid","field":"#);
                serde_json::to_writer(&mut out, field).ok();
                out.extend_from_slice(br#","code":"#);
                serde_json::to_writer(&mut out, code).ok();
                out.push(b'}');
            }
        }
    }
    out.extend_from_slice(b"]}");
    out
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub(crate) struct PublicParams {
    /// 案号.
    case_number: Option<String>,
    /// 姓名 or 名称, with `id_number`.
    name: Option<String>,
    /// 身份证号码 or 统一社会信用代码, with `name`.
    id_number: Option<String>,
}

/// The public 失信 and 限消 lists (公开, no login): by 案号, or by name and identifier together. The fields of
/// 失信规定 第六条, the 身份证号码 masked; an entry removed or lifted is no longer shown.
#[utoipa::path(get, path = "/api/v1/public/credit", tag = "public", params(PublicParams),
    responses((status = 200, body = [Object]), (status = 400, body = crate::Problem), (status = 422, body = crate::Problem)))]
pub(crate) async fn public(
    State(state): State<AppState>,
    ApiQuery(params): ApiQuery<PublicParams>,
) -> Result<Json<Vec<PublicEntry>>, ApiError> {
    let query = match (params.case_number, params.name, params.id_number) {
        (Some(case), None, None) => PublicQuery::Case(case),
        (None, Some(name), Some(id_number)) => PublicQuery::Person { name, id_number },
        (None, Some(_), None) => {
            return Err(AppError::invalid(
                "id_number",
                "required",
                "a name needs its 身份证号码 / 请输入证件号码",
            )
            .into());
        }
        _ => {
            return Err(AppError::invalid(
                "case_number",
                "required",
                "a 案号, or a name with its 身份证号码 / 请输入案号或姓名与证件号码",
            )
            .into());
        }
    };
    Ok(Json(state.app.public_entries(&query).await?))
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub(crate) struct FeedParams {
    /// The last version the unit applied (0 for the beginning).
    #[serde(default)]
    after: u64,
    /// Versions per page, 1 to 100 (default 100).
    limit: Option<u32>,
}

#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct FeedDto {
    /// The newest version published.
    head: u64,
    /// The list's Ed25519 public key (hex) and its id: each batch's signature verifies under it.
    public_key: String,
    key_id: String,
    /// Signed batches after the cursor, in order: `{batch: {version, previous_digest, published_at, changes},
    /// key_id, signature}`; each change `{op: added|changed|removed, kind, identifier, name, measures}`.
    #[schema(value_type = Vec<Object>)]
    batches: Vec<zhixing_core::credit::feed::SignedBatch>,
}

/// The change feed for linkage units (变更推送): additions, changes and removals of the list in order, in batches
/// signed with Ed25519 and chained by digest, so a unit can prove which version it applied. Page with `after` =
/// the last version received.
#[utoipa::path(get, path = "/api/v1/screening/feed", tag = "screening", params(FeedParams), security(("bearer" = [])),
    responses((status = 200, body = FeedDto), (status = 401, body = crate::Problem), (status = 403, body = crate::Problem),
              (status = 422, body = crate::Problem)))]
pub(crate) async fn feed(
    State(state): State<AppState>,
    Authenticated(actor): Authenticated,
    ApiQuery(params): ApiQuery<FeedParams>,
) -> Result<Json<FeedDto>, ApiError> {
    let limit = params.limit.unwrap_or(zhixing_app::FEED_PAGE_MAX);
    let page = state.app.screening_feed(&actor, params.after, limit).await?;
    Ok(Json(FeedDto {
        head: page.head,
        public_key: page.public_key,
        key_id: page.key_id,
        batches: page.batches,
    }))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct AckBody {
    /// The last version applied (every version up to it).
    version: u64,
}

#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct AckDto {
    acked: u64,
    head: u64,
}

/// A linkage unit acknowledges the versions it applied; the command center sees each unit's lag.
#[utoipa::path(post, path = "/api/v1/screening/feed/ack", tag = "screening", request_body = AckBody, security(("bearer" = [])),
    responses((status = 200, body = AckDto), (status = 401, body = crate::Problem), (status = 403, body = crate::Problem),
              (status = 422, body = crate::Problem)))]
pub(crate) async fn ack(
    State(state): State<AppState>,
    Authenticated(actor): Authenticated,
    ApiJson(body): ApiJson<AckBody>,
) -> Result<Json<AckDto>, ApiError> {
    let head = state.app.screening_ack(&actor, body.version).await?;
    Ok(Json(AckDto { acked: body.version, head }))
}

#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct UnitDto {
    login: String,
    name: String,
    /// The last version acknowledged (0: none yet) and when.
    acked: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    acked_at: Option<String>,
    /// Versions behind the head.
    behind: u64,
    /// A version it has not applied was published more than 24 hours ago (联而不动).
    late: bool,
}

#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct UnitsDto {
    head: u64,
    units: Vec<UnitDto>,
}

/// Each linkage unit's position in the feed, the late ones marked: for the command center.
#[utoipa::path(get, path = "/api/v1/screening/units", tag = "screening", security(("bearer" = [])),
    responses((status = 200, body = UnitsDto), (status = 401, body = crate::Problem), (status = 403, body = crate::Problem)))]
pub(crate) async fn units(
    State(state): State<AppState>,
    Authenticated(actor): Authenticated,
) -> Result<Json<UnitsDto>, ApiError> {
    let (head, units) = state.app.screening_units(&actor).await?;
    let units = units
        .into_iter()
        .map(|u| UnitDto {
            login: u.login,
            name: u.name,
            acked: u.acked,
            acked_at: u.acked_at.map(|t| t.to_rfc3339()),
            behind: u.behind,
            late: u.late,
        })
        .collect();
    Ok(Json(UnitsDto { head, units }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_result(answer: Answer) -> CheckResult {
        let plain = |status| CheckResult { status, name_check: None, field: None, code: None };
        match answer {
            Answer::Restricted { name } => CheckResult {
                name_check: Some(match name {
                    NameCheck::Confirmed => "confirmed",
                    NameCheck::NotGiven => "not_given",
                    NameCheck::Mismatch => "mismatch",
                }),
                ..plain("restricted")
            },
            Answer::NotRestricted => plain("not_restricted"),
            Answer::IdentifierRequired => plain("identifier_required"),
            Answer::Invalid { field, code } => {
                CheckResult { field: Some(field), code: Some(code), ..plain("invalid") }
            }
        }
    }

    #[test]
    fn the_written_answer_is_what_serde_writes_for_the_schema() {
        let answers = [
            Answer::NotRestricted,
            Answer::Restricted { name: NameCheck::Confirmed },
            Answer::Restricted { name: NameCheck::NotGiven },
            Answer::Restricted { name: NameCheck::Mismatch },
            Answer::IdentifierRequired,
            Answer::Invalid { field: "identifier", code: "bad_check_digit" },
            Answer::Invalid { field: "name", code: "name_too_long" },
        ];
        for version in [0, 7, u64::MAX] {
            for n in [0, 1, answers.len()] {
                let dto =
                    CheckDto { version, results: answers[..n].iter().copied().map(check_result).collect() };
                let written = check_answer(version, &answers[..n]);
                assert_eq!(String::from_utf8(written).unwrap(), serde_json::to_string(&dto).unwrap());
            }
        }
    }
}
