//! `zhixing screening export|lookup`: a linkage unit's snapshot of the list (keyed hashes under the unit's own
//! key, signed with the list's key), and the lookup a unit runs against it in its own systems.

use crate::cli::ScreeningCommand;
use crate::config;
use anyhow::{Context, bail};
use zhixing_core::clock::china_date;
use zhixing_core::credit::feed::{self, Snapshot};
use zhixing_store::SystemClock;

pub(crate) async fn run(command: ScreeningCommand) -> anyhow::Result<()> {
    match command {
        ScreeningCommand::Export { unit, out, store } => {
            let app = crate::server::open(&config::store_location(&store)).await?;
            let (snapshot, unit_key) =
                app.screening_snapshot(&unit).await.map_err(|e| anyhow::anyhow!("{e}"))?;
            let (public_key, key_id) =
                app.screening_public_key().await.map_err(|e| anyhow::anyhow!("{e}"))?;
            let out = out.unwrap_or_else(|| format!("screening-{unit}.json").into());
            std::fs::write(&out, snapshot.to_json())
                .with_context(|| format!("cannot write {}", out.display()))?;
            println!(
                "snapshot:   {} (version {}, {} entries)",
                out.display(),
                snapshot.version(),
                snapshot.len()
            );
            println!("unit key:   {unit_key}  (give it to {unit} only)");
            println!("public key: {}  (key id {key_id})", hex::encode(public_key.as_bytes()));
            Ok(())
        }
        ScreeningCommand::Lookup { snapshot, unit_key, public_key, identifier } => {
            let json = std::fs::read_to_string(&snapshot)
                .with_context(|| format!("cannot read {}", snapshot.display()))?;
            let snapshot = Snapshot::from_json(&json).map_err(|e| anyhow::anyhow!("{}: {e}", e.field()))?;
            let key =
                feed::verifying_key_from_hex(&public_key).map_err(|e| anyhow::anyhow!("public key: {e}"))?;
            snapshot
                .verify(&key)
                .map_err(|e| anyhow::anyhow!("the snapshot's signature does not verify: {e}"))?;
            let Some(unit_key) = hex::decode(unit_key.trim()).ok().and_then(|b| <[u8; 32]>::try_from(b).ok())
            else {
                bail!("unit key: 64 hex characters");
            };
            let today = china_date(zhixing_core::clock::Clock::now(&SystemClock));
            match snapshot
                .lookup(&unit_key, &identifier, today)
                .map_err(|e| anyhow::anyhow!("{}: {e}", e.field()))?
            {
                Some(measures) => {
                    let codes: Vec<&str> = measures.iter().map(|m| m.code()).collect();
                    println!("restricted (version {}): {}", snapshot.version(), codes.join(", "));
                }
                None => println!("not restricted (version {})", snapshot.version()),
            }
            Ok(())
        }
    }
}
