//! `zhixing sandbox`: the simulated outside world (banks, registries, platforms) as its own process,
//! speaking the 总对总 protocol over HTTP, its population the parties of the province the demo generates.

use anyhow::Context;
use std::collections::HashSet;
use std::sync::Arc;
use zhixing_core::inquiry::protocol::Subject;
use zhixing_sandbox::{Sandbox, SandboxConfig};
use zhixing_store::SystemClock;

use crate::cli::{SandboxArgs, SandboxProfile};
use crate::seed::{SeedParty, generate};

pub(crate) async fn run(args: SandboxArgs) -> anyhow::Result<()> {
    crate::telemetry::init();
    let population = population(args.cases, args.seed)?;
    let config = match args.profile {
        SandboxProfile::Realistic => SandboxConfig::realistic(args.seed),
        SandboxProfile::Quiet => SandboxConfig::quiet(args.seed),
    };
    let sandbox = Arc::new(Sandbox::new(config, &population, Arc::new(SystemClock)));
    let listener = tokio::net::TcpListener::bind(&args.listen)
        .await
        .with_context(|| format!("cannot listen on {}", args.listen))?;
    let address = listener.local_addr()?;
    println!(
        "{}",
        serde_json::json!({
            "sandbox": format!("http://{address}/zdz/v1/"),
            "profile": args.profile.as_str(),
            "seed": args.seed,
            "population": population.len(),
            "institutions": sandbox.institutions().len(),
            "hidden_patterns": sandbox.planted().len(),
        })
    );
    zhixing_sandbox::serve(listener, sandbox, crate::server::shutdown_signal())
        .await
        .context("the sandbox server failed")
}

/// The debtors and applicants of the demo's province (and the legal representatives of its companies),
/// each once, in the order the generator gives them.
pub(crate) fn population(cases: u64, seed: u64) -> anyhow::Result<Vec<Subject>> {
    let config = crate::province::seed_config(cases, seed);
    config.validate().map_err(|e| anyhow::anyhow!("seed configuration ({}): {e}", e.code()))?;
    let mut seen = HashSet::new();
    let mut subjects = Vec::new();
    let mut add = |id_number: &str, name: &str| {
        if seen.insert(id_number.to_owned()) {
            subjects.push(Subject { id_number: id_number.to_owned(), name: name.to_owned() });
        }
    };
    for case in generate(&config) {
        for party in case.debtors.iter().chain(&case.applicants) {
            match party {
                SeedParty::Person(p) => add(&p.id_number, &p.name),
                SeedParty::Company(c) => {
                    add(&c.uscc, &c.name);
                    add(&c.legal_representative.id_number, &c.legal_representative.name);
                }
            }
        }
    }
    Ok(subjects)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_population_is_the_generated_provinces_parties_once_each() {
        let a = population(300, 1).unwrap();
        assert_eq!(a, population(300, 1).unwrap(), "deterministic");
        assert!(a.len() >= 600, "debtors and applicants of 300 cases: {}", a.len());
        let ids: HashSet<_> = a.iter().map(|s| &s.id_number).collect();
        assert_eq!(ids.len(), a.len());
        let sandbox = Sandbox::new(
            SandboxConfig::quiet(1),
            &a,
            Arc::new(zhixing_core::clock::FixedClock::new(chrono::DateTime::UNIX_EPOCH)),
        );
        assert!(a.iter().any(|s| !sandbox.holdings_of(&s.id_number).is_empty()));
    }
}
