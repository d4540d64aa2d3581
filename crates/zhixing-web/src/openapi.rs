//! The OpenAPI document, generated from the handlers' annotations (utoipa) and served as JSON.

use crate::routes::{applications, auth, cases, control, courts, credit, flow, system, users};
use std::sync::OnceLock;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

#[derive(OpenApi)]
#[openapi(
    info(title = "zhixing 执行", description = "Digital enforcement platform for the people's courts — JSON API. Errors are application/problem+json naming the field."),
    paths(system::healthz, system::metrics, system::openapi, courts::list, courts::show, courts::limits, courts::set_limits, auth::create_token, auth::me, users::create, users::list, cases::list, cases::show,
        applications::submit, applications::show, applications::accept, applications::refuse,
        flow::act, flow::show, flow::due, flow::resume, flow::library,
        control::inquire, control::inquire_batch, control::assets, control::freeze, control::renew, control::release, control::deduct,
        credit::list_shixin, credit::remove_shixin, credit::restrict_consumption, credit::lift_consumption, credit::restrict_exit, credit::lift_exit, credit::record, credit::check, credit::feed, credit::ack, credit::units, credit::public,
        credit::request_correction, credit::review_correction, credit::carry_out_correction, credit::permit_consumption,
        credit::official_notice, credit::grade, credit::bind_passport, credit::grading, credit::set_grading, credit::public_officials),
    components(schemas(crate::Problem, crate::problem::ProblemField)),
    modifiers(&BearerAuth),
    tags((name = "system"), (name = "courts", description = "法院 court tree"), (name = "auth", description = "登录 sign-in"), (name = "users", description = "用户 users"), (name = "cases", description = "案件 cases"), (name = "filing", description = "立案 filing"), (name = "flow", description = "流程节点 flow and deadlines"), (name = "control", description = "网络查控 inquiry and control"), (name = "credit", description = "信用惩戒 credit punishment"), (name = "screening", description = "联动单位筛查 screening for linkage units"), (name = "public", description = "公开 public lists"))
)]
struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        if let Some(components) = openapi.components.as_mut() {
            components.add_security_scheme(
                "bearer",
                SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
            );
        }
    }
}

/// The document, rendered once.
pub(crate) fn document() -> String {
    static DOC: OnceLock<String> = OnceLock::new();
    DOC.get_or_init(|| ApiDoc::openapi().to_json().unwrap_or_else(|_| "{}".to_owned())).clone()
}
