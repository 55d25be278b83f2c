#!/usr/bin/env bash
# Publishes Parley (Release), builds the bench (Release) and runs it, in one go.
# Extra arguments go to Parley.Bench, e.g.  bench/run.sh --duration 5 --env DOTNET_TieredPGO=0
# Parts alone:  bench/run.sh --only engine   (no publish, no Parley process)   bench/run.sh --only ask
#               bench/run.sh --only search   (no publish; Lucene.NET vs SQLite FTS5 vs Whoosh on a 100k corpus; installs python3-whoosh if missing)
#               bench/run.sh --only chat     bench/run.sh --only connections
#               bench/run.sh --only autoreply   (in-process: auto-reply evaluator and dispatcher, no publish)
#               bench/run.sh --only answer      (in-process: the chatbot's matching over the demo knowledge base, no publish)
# The report is printed and also saved to bench/results/<UTC time>.txt (git-ignored).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
publish="$here/bin/parley"          # git-ignored (bin/)

# Only the in-process engine part (--only engine) needs no published Parley.
only="" prev=""
for arg in "$@"; do
  if [[ "$prev" == "--only" ]]; then only="$only,$arg"; fi
  prev="$arg"
done
parley_args=()
if [[ -n "$only" && -z "$(tr ',' '\n' <<<"${only#,}" | grep -viE '^(engine|poster|search|autoreply|answer)$' || true)" ]]; then
  echo "[run.sh] --only ${only#,}: in-process parts, no publish" >&2
else
  echo "[run.sh] dotnet publish src/Parley -c Release -r linux-x64 -p:PublishReadyToRun=true -> $publish" >&2
  rm -rf "$publish"
  # Published the way the README tells operators to: ReadyToRun, so start-up does not wait for the JIT.
  dotnet publish "$root/src/Parley/Parley.csproj" -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true -o "$publish" --nologo -v quiet
  parley_args=(--parley "$publish/Parley.dll")
fi

# The bench references src/Parley (BuiltinLanguageEngine), so this also builds Parley (Release) into src/Parley/bin.
echo "[run.sh] dotnet build bench/Parley.Bench -c Release" >&2
dotnet build "$here/Parley.Bench/Parley.Bench.csproj" -c Release --nologo -v quiet

if [[ -z "$only" || ",$only," == *",search,"* ]] && ! /usr/bin/python3 -c "import whoosh" 2>/dev/null; then
  echo "[run.sh] installing python3-whoosh (the search part compares against Whoosh 2.7.4)" >&2
  apt-get install -y -qq python3-whoosh >/dev/null || echo "[run.sh] could not install python3-whoosh; the Whoosh rows will be skipped" >&2
fi
# The connections part holds ~10,000 sockets open in the bench and in Parley (each inherits this limit).
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

mkdir -p "$here/results"
exec dotnet "$here/Parley.Bench/bin/Release/net10.0/Parley.Bench.dll" \
  "${parley_args[@]}" \
  --repo "$root" \
  --out "$here/results/$(date -u +%Y%m%dT%H%M%SZ).txt" \
  "$@"
