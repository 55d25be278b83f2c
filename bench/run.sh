#!/usr/bin/env bash
# Publishes Parley (Release), builds the bench (Release) and runs it, in one go.
# Extra arguments go to Parley.Bench, e.g.  bench/run.sh --duration 5 --env DOTNET_TieredPGO=0
# The report is printed and also saved to bench/results/<UTC time>.txt (git-ignored).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
publish="$here/bin/parley"          # git-ignored (bin/)

echo "[run.sh] dotnet publish src/Parley -c Release -> $publish" >&2
rm -rf "$publish"
dotnet publish "$root/src/Parley/Parley.csproj" -c Release -o "$publish" --nologo -v quiet

echo "[run.sh] dotnet build bench/Parley.Bench -c Release" >&2
dotnet build "$here/Parley.Bench/Parley.Bench.csproj" -c Release --nologo -v quiet

mkdir -p "$here/results"
exec dotnet "$here/Parley.Bench/bin/Release/net10.0/Parley.Bench.dll" \
  --parley "$publish/Parley.dll" \
  --out "$here/results/$(date -u +%Y%m%dT%H%M%SZ).txt" \
  "$@"
