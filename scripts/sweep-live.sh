#!/usr/bin/env bash
# make sweep-live: removes from the Sendblue account every webhook that a live
# run (make testacc-live) left under its URL prefix, this run's or any earlier
# one's, naming each before deleting it; nothing else. Same credentials as
# make testacc-live. The work is done by scripts/live (Go).
set -euo pipefail
cd "$(dirname "$0")/.."
go build -o bin/sendblue-live ./scripts/live
exec bin/sendblue-live sweep
