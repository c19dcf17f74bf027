#!/usr/bin/env bash
# Screenshots of the site for the README, at 1,400 and 375 px wide: the home
# page (its chart drawn by the page's script), Grok 4's page, DeepSeek's
# page (its chart is the embed view) and the trends page, taken by headless
# Chromium (Debian: `apt-get install chromium`) from the site of the shipped
# records.
#
#   bash scripts/site_screenshots.sh
set -euo pipefail
cd "$(dirname "$0")/.."
site="$(mktemp -d)/site"
cargo run --quiet --release -- site --out "$site"
shoot() {
  # The virtual time lets the scripts draw the charts before the shot.
  chromium --headless --no-sandbox --disable-gpu --hide-scrollbars \
    --virtual-time-budget=10000 \
    --window-size="$2" --screenshot="$3" "file://$site/$1" 2>/dev/null
}
for width in 1400 375; do
  if [ "$width" = 1400 ]; then tall=1100; else tall=1500; fi
  shoot index.html "$width,$tall" "docs/site-home-$width.png"
  shoot models/grok-4.html "$width,$tall" "docs/site-model-$width.png"
  shoot organizations/deepseek.html "$width,$tall" "docs/site-organization-$width.png"
done
shoot trends.html 1280,900 docs/site-trends.png
echo "wrote docs/site-{home,model,organization}-{1400,375}.png and docs/site-trends.png"
