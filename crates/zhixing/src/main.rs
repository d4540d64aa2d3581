//! The `zhixing` binary: parses the command line and dispatches. Nothing else lives here.

mod bench;
mod bench_inquiry;
mod bench_screening;
mod bench_web;
mod cli;
mod config;
mod drill;
mod import;
mod law_cli;
mod province;
mod sandbox_cmd;
mod screening_cli;
mod seed;
mod server;
mod telemetry;

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    match cli.command {
        cli::Command::Check(cmd) => law_cli::check(cmd),
        cli::Command::Calc(cmd) => law_cli::calc(cmd),
        cli::Command::Calendar(cmd) => law_cli::calendar(cmd),
        command => run_async(command),
    }
}

fn run_async(command: cli::Command) -> ExitCode {
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("error: cannot start the runtime: {error}");
            return ExitCode::FAILURE;
        }
    };
    let result = runtime.block_on(async move {
        match command {
            cli::Command::Serve(args) => server::serve(args).await,
            cli::Command::Demo(args) => server::demo(args).await,
            cli::Command::Seed(args) => server::seed(args).await,
            cli::Command::Sandbox(args) => sandbox_cmd::run(args).await,
            cli::Command::Rebuild(args) => server::rebuild(args).await,
            cli::Command::Verify(args) => server::verify(args).await,
            cli::Command::RecomputeDeadlines(args) => server::recompute_deadlines(args).await,
            cli::Command::User(cmd) => server::user(cmd).await,
            cli::Command::Import(cli::ImportCommand::Cases { file, store }) => {
                if import::cases(&file, &store).await? {
                    Ok(())
                } else {
                    Err(anyhow::anyhow!("some rows were refused (see the report)"))
                }
            }
            cli::Command::Screening(cmd) => screening_cli::run(cmd).await,
            cli::Command::Bench(cmd) => bench::run(cmd).await,
            cli::Command::Drill(cli::DrillCommand::Crash(args)) => drill::crash(args).await,
            cli::Command::Check(_) | cli::Command::Calc(_) | cli::Command::Calendar(_) => Ok(()),
        }
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    #[test]
    fn verify_cli() {
        super::cli::Cli::command().debug_assert();
    }
}
