//! Helpers of the sandbox's tests: a population with valid identifiers, a simulated clock, batches.

#![allow(dead_code, unreachable_pub, reason = "each test binary uses a part of the helpers")]

use chrono::{DateTime, TimeZone, Utc};
use std::sync::Arc;
use zhixing_core::clock::FixedClock;
use zhixing_core::ids::{citizen_id, uscc};
use zhixing_core::inquiry::protocol::{Batch, Op, Request, Subject};
use zhixing_sandbox::{Sandbox, SandboxConfig};

pub const COURT: &str = "浙0106";
pub const OTHER_COURT: &str = "浙0102";
pub const CUSTODY: &str = "330106-custody-001";

/// 10:00 in China on 1 March 2025.
pub fn start() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 3, 1, 2, 0, 0).unwrap()
}

const SURNAMES: [&str; 8] = ["王", "李", "张", "刘", "陈", "杨", "赵", "黄"];
const GIVEN: [&str; 8] = ["伟", "芳", "娜", "敏", "强", "磊", "静", "军"];

/// `n` subjects: persons with valid 公民身份号码 (every tenth an organization with a valid 统一社会信用代码).
pub fn population(n: usize) -> Vec<Subject> {
    (0..n)
        .map(|i| {
            if i % 10 == 9 {
                let body = format!("{:08}", 10_000_000 + i);
                let org = uscc::org_code_check_character(&body).unwrap();
                let first17 = format!("91330106{body}{org}");
                let check = uscc::check_character(&first17).unwrap();
                Subject {
                    id_number: format!("{first17}{check}"), name: format!("杭州{i}号商贸有限公司")
                }
            } else {
                let region = ["330106", "330102", "330381", "110105", "440305"][i % 5];
                let year = 1955 + (i / 28_000) % 45;
                let day = 1 + (i / 1_000) % 28;
                let first17 = format!("{region}{year}{:02}{day:02}{:03}", 1 + i % 12, i % 1_000);
                let check = citizen_id::check_character(&first17).unwrap();
                let name = format!("{}{}{}", SURNAMES[i % 8], GIVEN[(i / 8) % 8], GIVEN[(i / 64) % 8]);
                Subject { id_number: format!("{first17}{check}"), name }
            }
        })
        .collect()
}

pub fn sandbox_with(config: SandboxConfig, people: usize) -> (Arc<Sandbox>, Arc<FixedClock>) {
    let clock = Arc::new(FixedClock::new(start()));
    let sandbox = Sandbox::new(config, &population(people), clock.clone());
    (Arc::new(sandbox), clock)
}

pub fn quiet(people: usize) -> (Arc<Sandbox>, Arc<FixedClock>) {
    sandbox_with(SandboxConfig::quiet(7), people)
}

pub fn request(id: &str, subject: &Subject, op: Op) -> Request {
    Request {
        request_id: id.to_owned(),
        case_number: "（2025）浙0106执100号".to_owned(),
        subject: subject.clone(),
        op,
    }
}

pub fn batch(id: &str, court: &str, institution: &str, requests: Vec<Request>) -> Batch {
    Batch { batch_id: id.to_owned(), court: court.to_owned(), institution: institution.to_owned(), requests }
}

pub fn query(classes: &[&str]) -> Op {
    Op::Query { classes: classes.iter().map(|c| (*c).to_owned()).collect() }
}

pub fn freeze(holding: &str, amount: Option<&str>, from: &str, until: &str) -> Op {
    Op::Freeze {
        holding: holding.to_owned(),
        amount: amount.map(str::to_owned),
        from: from.to_owned(),
        until: until.to_owned(),
    }
}
