//! The command center's big screen (指挥中心大屏): a 1920×1080 dark page scaled to fit, its tiles drawn with
//! ECharts from one snapshot of the court's figures, pushed over SSE as it is recomputed, with the drill-down
//! along the court tree and the quality indicators with their definitions.

use super::{Frame, Session, UiError, render};
use crate::AppState;
use axum::Json;
use axum::Router;
use axum::extract::{Query, State};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde::Deserialize;
use serde_json::json;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use zhixing_app::{CommandSnapshot, INDICATORS};

/// A snapshot younger than this is served as it is; the SSE stream sends one this often.
pub(crate) const SNAPSHOT_TTL: Duration = Duration::from_secs(5);

pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route("/command", get(screen))
        .route("/command/data", get(data))
        .route("/command/events", get(events))
}

/// The last snapshot of each court's screen, shared by every viewer of it: a wall of screens watching the
/// province costs one computation per interval, not one per screen.
#[derive(Debug)]
pub(crate) struct Snapshots {
    by_court: Mutex<HashMap<String, (Instant, Arc<CommandSnapshot>)>>,
    /// One computation at a time: viewers arriving while one runs wait for it instead of starting their own.
    computing: tokio::sync::Mutex<()>,
    /// How long a snapshot is served as it is.
    ttl: Duration,
}

impl Snapshots {
    pub(crate) fn new(ttl: Duration) -> Snapshots {
        Snapshots { by_court: Mutex::default(), computing: tokio::sync::Mutex::default(), ttl }
    }

    fn fresh(&self, court: &str) -> Option<Arc<CommandSnapshot>> {
        let map = self.by_court.lock().unwrap_or_else(|e| e.into_inner());
        map.get(court).filter(|(at, _)| at.elapsed() < self.ttl).map(|(_, s)| s.clone())
    }

    /// The court's snapshot, recomputed when the last is older than the TTL ([`SNAPSHOT_TTL`] by default). The actor's right to
    /// the court is checked on every call, cached or not.
    pub(crate) async fn get(
        &self,
        state: &AppState,
        actor: &zhixing_app::Actor,
        court: &str,
    ) -> Result<Arc<CommandSnapshot>, UiError> {
        state.app.may_watch(actor, court)?;
        if let Some(snapshot) = self.fresh(court) {
            return Ok(snapshot);
        }
        let _turn = self.computing.lock().await;
        if let Some(snapshot) = self.fresh(court) {
            return Ok(snapshot);
        }
        let snapshot = Arc::new(state.app.command_snapshot(actor, court).await?);
        let mut map = self.by_court.lock().unwrap_or_else(|e| e.into_inner());
        map.insert(court.to_owned(), (Instant::now(), snapshot.clone()));
        Ok(snapshot)
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct CourtParam {
    court: Option<String>,
}

impl CourtParam {
    /// The court asked for, or the viewer's own.
    fn or_own(self, session: &Session) -> String {
        self.court.unwrap_or_else(|| session.actor.court.clone())
    }
}

async fn screen(
    State(state): State<AppState>,
    session: Session,
    Query(params): Query<CourtParam>,
) -> Result<Response, UiError> {
    let court = params.or_own(&session);
    let snapshot = state.snapshots.get(&state, &session.actor, &court).await?;
    let context = json!({
        "frame": Frame::of(&state, &session),
        "title": "指挥中心",
        "court": court,
        "snapshot": &*snapshot,
        "indicators": INDICATORS,
    });
    Ok(render("command.html", context))
}

/// The big screen's data: the court's snapshot as JSON.
pub(crate) async fn data(
    State(state): State<AppState>,
    session: Session,
    Query(params): Query<CourtParam>,
) -> Result<Response, UiError> {
    let court = params.or_own(&session);
    let snapshot = state.snapshots.get(&state, &session.actor, &court).await?;
    Ok(Json(&*snapshot).into_response())
}

/// The snapshot pushed as it is recomputed: one `snapshot` event at once, then one every interval. The stream
/// ends when the session does (the next check fails) or the viewer leaves.
async fn events(
    State(state): State<AppState>,
    session: Session,
    Query(params): Query<CourtParam>,
) -> Result<Response, UiError> {
    let court = params.or_own(&session);
    state.app.may_watch(&session.actor, &court)?;
    let stream = futures_util::stream::unfold(
        (state, session, court, true),
        |(state, session, court, first)| async move {
            if !first {
                tokio::time::sleep(SNAPSHOT_TTL).await;
            }
            // The session is checked again each time: a revoked token or a disabled user ends the stream.
            state.app.authenticate_token(session.token()).await.ok()?;
            let snapshot = state.snapshots.get(&state, &session.actor, &court).await.ok()?;
            let event = Event::default().event("snapshot").json_data(&*snapshot).ok()?;
            Some((Ok::<_, std::convert::Infallible>(event), (state, session, court, false)))
        },
    );
    Ok(Sse::new(stream).keep_alive(KeepAlive::default()).into_response())
}
