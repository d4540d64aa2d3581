//! Configuration: defaults that make `demo` work, overridden by `ZHIXING_*` environment variables,
//! overridden by flags. The only module that reads the environment.

use crate::cli::StoreArgs;
use chrono::NaiveDate;
use std::path::PathBuf;
use zhixing_core::clock::Clock;
use zhixing_store::SystemClock;

/// Where `demo` and `serve` listen unless told otherwise: loopback only.
pub(crate) const LISTEN_DEFAULT: &str = "127.0.0.1:8080";

/// Where the embedded database lives unless told otherwise.
pub(crate) const DATA_DIR_DEFAULT: &str = "./zhixing-data";

/// Where the store is: a PostgreSQL URL, or the SQLite file in the data directory.
#[derive(Debug, Clone)]
pub(crate) enum StoreLocation {
    Postgres(String),
    DataDir(PathBuf),
}

impl StoreLocation {
    pub(crate) fn describe(&self) -> String {
        match self {
            // Never print credentials.
            StoreLocation::Postgres(url) => redact(url),
            StoreLocation::DataDir(dir) => format!("sqlite:{}", dir.join("zhixing.db").display()),
        }
    }
}

pub(crate) fn store_location(args: &StoreArgs) -> StoreLocation {
    if let Some(url) = args.database_url.clone().or_else(|| env("ZHIXING_DATABASE_URL")) {
        return StoreLocation::Postgres(url);
    }
    StoreLocation::DataDir(data_dir(args.data_dir.clone()))
}

pub(crate) fn data_dir(flag: Option<PathBuf>) -> PathBuf {
    flag.or_else(|| env("ZHIXING_DATA_DIR").map(PathBuf::from))
        .unwrap_or_else(|| PathBuf::from(DATA_DIR_DEFAULT))
}

pub(crate) fn listen(flag: Option<String>) -> String {
    flag.or_else(|| env("ZHIXING_LISTEN")).unwrap_or_else(|| LISTEN_DEFAULT.to_owned())
}

pub(crate) fn network(flag: Option<String>) -> Option<String> {
    flag.or_else(|| env("ZHIXING_NETWORK"))
}

pub(crate) fn log_filter() -> String {
    env("ZHIXING_LOG").unwrap_or_else(|| "info,sqlx=warn,tower_http=info".to_owned())
}

pub(crate) fn new_password(flag: Option<String>) -> Option<String> {
    flag.or_else(|| env("ZHIXING_NEW_PASSWORD"))
}

/// Today's date in China, for rules that need it (an ID number's birth date may not be in the future).
pub(crate) fn today() -> NaiveDate {
    zhixing_core::clock::china_date(SystemClock.now())
}

#[expect(clippy::disallowed_methods, reason = "configuration is read here and only here")]
fn env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.is_empty())
}

fn redact(url: &str) -> String {
    match (url.find("://"), url.find('@')) {
        (Some(scheme), Some(at)) if at > scheme => format!("{}***{}", &url[..scheme + 3], &url[at..]),
        _ => url.to_owned(),
    }
}
