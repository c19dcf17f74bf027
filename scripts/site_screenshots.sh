#!/usr/bin/env bash
# Screenshots of the site for the README: the home page (its chart drawn by
# the page's script), GPT-3's page and the trends page, taken by headless
# Chromium (Debian: `apt-get install chromium`) from the site of the shipped
# records.
#
#   bash scripts/site_screenshots.sh
set -euo pipefail
cd "$(dirname "$0")/.."
site="$(mktemp -d)/site"
cargo run --quiet --release -- site --out "$site"
shoot() {
  # The virtual time lets the script draw the chart before the shot.
  chromium --headless --no-sandbox --disable-gpu --hide-scrollbars \
    --virtual-time-budget=10000 \
    --window-size="$2" --screenshot="$3" "file://$site/$1" 2>/dev/null
}
shoot index.html 1280,1000 docs/site-home.png
shoot models/gpt-3-175b-davinci.html 1280,900 docs/site-model.png
shoot trends.html 1280,900 docs/site-trends.png
echo "wrote docs/site-home.png, docs/site-model.png, docs/site-trends.png"
