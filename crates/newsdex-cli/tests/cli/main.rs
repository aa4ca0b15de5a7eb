//! The `search` binary end to end, in temporary folders, one module per concern.

// Helpers outside #[test] functions unwrap too: a failure there is a test failure.
#![allow(clippy::unwrap_used)]

mod commands;
mod formats;
mod hostile;
mod kill;
mod regression;

use assert_cmd::Command;
use serde_json::Value;

pub struct Env {
    pub dir: tempfile::TempDir,
}

impl Env {
    /// A folder of articles and an index built from it.
    pub fn with_index() -> Env {
        let dir = tempfile::tempdir().unwrap();
        let articles = dir.path().join("articles");
        std::fs::create_dir(&articles).unwrap();
        let write = |name: &str, text: &str| std::fs::write(articles.join(name), text).unwrap();
        write(
            "treaty.txt",
            "Talks reach the point of no return\n\n4 March 2025 10:00\n\nNegotiators in Vienna said the \
             water treaty had reached the point of no return. Foreign Minister Lena Varga welcomed it.",
        );
        write(
            "strike.txt",
            "Harbour strike enters second week\n\n2 April 2025 08:30\n\nThere is no sign of a return to \
             work, union leader Pieter Jansen said in Rotterdam. Workers made their point.",
        );
        write(
            "bank.jsonl",
            "{\"id\": \"bank-1\", \"title\": \"Central bank holds rates\", \"body\": \"Christine Lagarde \
             spoke in Frankfurt.\", \"published\": \"2024-11-14\"}\n",
        );
        let env = Env { dir };
        env.cmd().args(["index"]).arg(&articles).assert().success();
        env
    }

    pub fn index(&self) -> std::path::PathBuf {
        self.dir.path().join("index")
    }

    pub fn cmd(&self) -> Command {
        let mut cmd = Command::cargo_bin("search").unwrap();
        cmd.env("NEWSDEX_INDEX", self.index())
            .env_remove("NO_COLOR");
        cmd
    }

    pub fn json(&self, args: &[&str]) -> Value {
        let out = self.cmd().args(args).arg("--json").output().unwrap();
        serde_json::from_slice(&out.stdout).unwrap()
    }
}
