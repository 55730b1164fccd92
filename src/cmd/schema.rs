//! `errdocs schema`: prints the JSON Schemas, or writes them into a folder.

use anyhow::Context as _;

use crate::cli::SchemaArgs;
use crate::schema::SchemaKind;

/// Prints one schema (`schema entry`), every schema as one JSON object keyed by kind (`schema`), or
/// writes `<kind>.schema.json` files (`schema --out DIR`); returns the exit code.
///
/// # Errors
/// When the folder cannot be written.
pub fn run(args: &SchemaArgs) -> anyhow::Result<i32> {
    let kinds: Vec<SchemaKind> = match &args.kind {
        Some(name) => vec![SchemaKind::from_name(name).context("unknown kind")?],
        None => SchemaKind::ALL.to_vec(),
    };
    match (&args.out, args.kind.is_some()) {
        (Some(dir), _) => {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("cannot create {}", dir.display()))?;
            for kind in kinds {
                let path = dir.join(kind.file_name());
                // Only a schema errdocs wrote is replaced.
                if let Ok(old) = std::fs::read_to_string(&path)
                    && !is_errdocs_schema(&old)
                {
                    anyhow::bail!(
                        "{} exists and is not a schema errdocs wrote; it was left as it is",
                        path.display()
                    );
                }
                std::fs::write(&path, kind.schema_text())
                    .with_context(|| format!("cannot write {}", path.display()))?;
                eprintln!("wrote {}", path.display());
            }
        }
        (None, true) => print!("{}", kinds[0].schema_text()),
        (None, false) => {
            let all: serde_json::Map<String, serde_json::Value> = kinds
                .iter()
                .map(|k| (k.name().to_owned(), k.schema()))
                .collect();
            println!("{}", serde_json::to_string_pretty(&all)?);
        }
    }
    Ok(0)
}

/// Whether `text` is a schema `errdocs schema` wrote (its title is one errdocs gives).
fn is_errdocs_schema(text: &str) -> bool {
    serde_json::from_str::<serde_json::Value>(text).is_ok_and(|v| {
        SchemaKind::ALL
            .iter()
            .any(|k| v.get("title").is_some() && v.get("title") == k.schema().get("title"))
    })
}
