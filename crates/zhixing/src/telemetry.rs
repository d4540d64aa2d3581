//! Structured logs to stderr (see docs/LOGGING.md), installed by long-running commands only.

use std::io::IsTerminal;

pub(crate) fn init() {
    let filter = tracing_subscriber::EnvFilter::try_new(crate::config::log_filter())
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .try_init();
}
