#!/usr/bin/env bash
# Syncs every models export of shared/data/epoch, in date order, into an
# empty tree, and prints what each sync did (renames followed, pairs for a
# person, conflicts) and what `check` then finds of duplicates (W117) and
# unreferenced organizations (W118).
# Usage: scripts/replay_syncs.sh [DATA_DIR] [TREE]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
data="${1:-$root/../shared/data/epoch}"
tree="${2:-$(mktemp -d)}"
flopdb="$root/target/release/flopdb"
[ -x "$flopdb" ] || cargo build --release --quiet --manifest-path "$root/Cargo.toml"
mkdir -p "$tree/records"
for export in notable_ml_systems_2022-09-01 all_ml_systems_2025-08-07 all_ai_models_2026-03-30 notable_ai_models_2026-08-19; do
  echo "== $export"
  "$flopdb" --root "$tree" import epoch "$data/$export.csv" > "$tree/$export.log" 2>&1 || true
  grep -E "^sync" "$tree/$export.log"
  grep -oE "(warning|error)\[(W20[6-9]|W21[0-9]|E21[0-9])\]" "$tree/$export.log" | sort | uniq -c || true
done
echo "== check"
"$flopdb" --root "$tree" check 2>&1 | grep -oE "warning\[W11[78]\]" | sort | uniq -c || true
echo "tree: $tree"
