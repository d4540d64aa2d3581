//! Routes, one module per resource.

pub(crate) mod applications;
pub(crate) mod auth;
pub(crate) mod cases;
pub(crate) mod control;
pub(crate) mod courts;
pub(crate) mod credit;
pub(crate) mod flow;
pub(crate) mod system;
pub(crate) mod users;

use crate::AppState;
use axum::Router;
use axum::routing::{get, post};

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/healthz", get(system::healthz))
        .route("/metrics", get(system::metrics))
        .route("/api/v1/openapi.json", get(system::openapi))
        .route("/api/v1/courts", get(courts::list))
        .route("/api/v1/courts/{code}", get(courts::show))
        .route("/api/v1/courts/{code}/limits", get(courts::limits).put(courts::set_limits))
        .route("/api/v1/tokens", post(auth::create_token))
        .route("/api/v1/me", get(auth::me))
        .route("/api/v1/users", get(users::list).post(users::create))
        .route("/api/v1/applications", post(applications::submit))
        .route("/api/v1/applications/{id}", get(applications::show))
        .route("/api/v1/applications/{id}/accept", post(applications::accept))
        .route("/api/v1/applications/{id}/refuse", post(applications::refuse))
        .route("/api/v1/cases", get(cases::list))
        .route("/api/v1/cases/{case_number}", get(cases::show))
        .route("/api/v1/cases/{case_number}/actions", post(flow::act))
        .route("/api/v1/cases/{case_number}/flow", get(flow::show))
        .route("/api/v1/cases/{case_number}/resume", post(flow::resume))
        .route("/api/v1/inquiries", post(control::inquire_batch))
        .route("/api/v1/cases/{case_number}/inquiries", post(control::inquire))
        .route("/api/v1/cases/{case_number}/assets", get(control::assets))
        .route("/api/v1/cases/{case_number}/freezes", post(control::freeze))
        .route("/api/v1/cases/{case_number}/freezes/{freeze}/renew", post(control::renew))
        .route("/api/v1/cases/{case_number}/freezes/{freeze}/release", post(control::release))
        .route("/api/v1/cases/{case_number}/deductions", post(control::deduct))
        .route("/api/v1/deadlines", get(flow::due))
        .route("/api/v1/zhongben/library", get(flow::library))
        .route("/api/v1/cases/{case_number}/shixin", post(credit::list_shixin))
        .route("/api/v1/cases/{case_number}/consumption-orders", post(credit::restrict_consumption))
        .route("/api/v1/cases/{case_number}/exit-orders", post(credit::restrict_exit))
        .route("/api/v1/credit/{debtor}", get(credit::record))
        .route("/api/v1/credit/{debtor}/listings/{listing}/remove", post(credit::remove_shixin))
        .route("/api/v1/credit/{debtor}/consumption-orders/{order}/lift", post(credit::lift_consumption))
        .route("/api/v1/credit/{debtor}/exit-orders/{order}/lift", post(credit::lift_exit))
        .route("/api/v1/credit/{debtor}/listings/{listing}/corrections", post(credit::request_correction))
        .route("/api/v1/credit/{debtor}/corrections/{request}/review", post(credit::review_correction))
        .route("/api/v1/credit/{debtor}/corrections/{request}/carry-out", post(credit::carry_out_correction))
        .route("/api/v1/credit/{debtor}/consumption-orders/{order}/permits", post(credit::permit_consumption))
        .route("/api/v1/credit/{debtor}/listings/{listing}/notice", get(credit::official_notice))
        .route("/api/v1/credit/{debtor}/grade", post(credit::grade))
        .route("/api/v1/credit/{debtor}/passports", post(credit::bind_passport))
        .route("/api/v1/courts/{code}/grading", get(credit::grading).put(credit::set_grading))
        .route("/api/v1/screening/check", post(credit::check))
        .route("/api/v1/screening/feed", get(credit::feed))
        .route("/api/v1/screening/feed/ack", post(credit::ack))
        .route("/api/v1/screening/units", get(credit::units))
        .route("/api/v1/public/credit", get(credit::public))
        .route("/api/v1/public/credit/officials", get(credit::public_officials))
}
