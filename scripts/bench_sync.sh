#!/usr/bin/env bash
# Benchmark of the upstream loop: the 3,237-row all-models export of
# 2026-03-30 served from 127.0.0.1, downloaded and synced by `flopdb sync`
# over a copy of the shipped records (release build). Prints wall time and
# peak memory of each run. Usage: scripts/bench_sync.sh [RUNS]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
runs="${1:-3}"
data="$root/../shared/data/epoch"
cargo build --release --quiet --manifest-path "$root/Cargo.toml"
serve="$(mktemp -d)"
cp "$data/all_ai_models_2026-03-30.csv" "$serve/all_ai_models.csv"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
python3 -m http.server "$port" --bind 127.0.0.1 --directory "$serve" >/dev/null 2>&1 &
server=$!
trap 'kill $server; rm -rf "$serve"' EXIT
sleep 1
for run in $(seq "$runs"); do
  tree="$(mktemp -d)"
  cp -r "$root/records" "$tree/records"
  rm -f "$tree/records/upstream.toml"
  /usr/bin/time -f "run $run: %e s, %M KB peak" "$root/target/release/flopdb" --root "$tree" \
    sync all --url "http://127.0.0.1:$port/all_ai_models.csv" 2>&1 | grep -E "^(run|all:)" || true
  rm -rf "$tree"
done
