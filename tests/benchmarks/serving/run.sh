#!/usr/bin/env bash
# Serving throughput at 4 concurrent clients: ours (`stepwise serve`, one process) vs the seed's stack (gunicorn + Flask +
# torchvision), the same Mask R-CNN weights (torchvision's maskrcnn_resnet50_fpn, seed 0, 2 classes) and the same image,
# measured in this run and printed as ratios. Needs Debian's python3-torchvision, python3-flask and gunicorn
# (sudo apt-get install python3-torchvision python3-flask gunicorn). Everything listens on 127.0.0.1 and stops at the end.
#
#   tests/benchmarks/serving/run.sh            # CLIENTS=4 REQUESTS=3 MIN_SIZE=320 MAX_SIZE=480 by default
#
# The peer runs twice: WORKERS=1 with 2 torch threads, and WORKERS=2 (the seed's serve script starts one worker per
# core) with 1 thread each, so it is never oversubscribed. The ratio is against the faster of the two.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../../.." && pwd)"
CLIENTS="${CLIENTS:-4}"
REQUESTS="${REQUESTS:-3}"
MIN_SIZE="${MIN_SIZE:-320}"
MAX_SIZE="${MAX_SIZE:-480}"
OURS_PORT="${OURS_PORT:-18080}"
PEER_PORT="${PEER_PORT:-18081}"
PY=/usr/bin/python3
work="$(mktemp -d)"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

wait_ping() { for _ in $(seq 1 600); do curl -fs "http://127.0.0.1:$1/ping" >/dev/null && return 0; sleep 0.5; done; echo "no /ping on $1" >&2; return 1; }
load() { $PY "$here/load.py" --url "http://127.0.0.1:$1" --image "$work/image.png" --clients "$CLIENTS" --requests "$REQUESTS" --label "$2"; }

echo "building and exporting the model (torchvision seed 0, min_size $MIN_SIZE, max_size $MAX_SIZE)" >&2
dotnet build -c Release "$repo/lib/Stepwise.Container" >/dev/null
bin="$repo/lib/Stepwise.Container/bin/Release/net10.0/linux-x64/Stepwise.Container.dll"
$PY "$here/export_model.py" "$work" "$MIN_SIZE" "$MAX_SIZE"
dotnet "$bin" make-dataset --out "$work/data" --count 1 --seed 7 --width 400 --height 300 >/dev/null
cp "$work/data/PNGImages/"*.png "$work/image.png"

STEPWISE_OPT_ML="$work" SAGEMAKER_BIND_TO_PORT="$OURS_PORT" dotnet "$bin" serve >"$work/ours.log" 2>&1 &
pids+=($!)
wait_ping "$OURS_PORT"
ours=$(load "$OURS_PORT" stepwise)
echo "$ours"
kill "${pids[0]}"; wait "${pids[0]}" 2>/dev/null || true; pids=()

peers=()
for config in "1 2" "2 1"; do
  set -- $config
  (cd "$here" && MODEL_STATE="$work/state.pt" MIN_SIZE="$MIN_SIZE" MAX_SIZE="$MAX_SIZE" TORCH_THREADS="$2" \
     exec $PY -m gunicorn.app.wsgiapp -w "$1" -b "127.0.0.1:$PEER_PORT" --timeout 600 torchvision_app:app) >"$work/peer.log" 2>&1 &
  pids+=($!)
  wait_ping "$PEER_PORT"
  peer=$(load "$PEER_PORT" "gunicorn-flask-torchvision workers=$1 threads=$2")
  echo "$peer"
  peers+=("$peer")
  kill "${pids[0]}"; wait "${pids[0]}" 2>/dev/null || true; pids=()
done

$PY - "$ours" "${peers[@]}" <<'PY'
import json, sys
o, peers = json.loads(sys.argv[1]), [json.loads(p) for p in sys.argv[2:]]
for r in [o, *peers]:
    if r["errors"]:
        sys.exit(f"{r['label']}: {r['errors']} failed requests")
best = max(peers, key=lambda p: p["requests_per_s"])
for p in peers:
    print(f"vs {p['label']}: {p['requests_per_s']} req/s (p50 {p['p50_s']} s) -> ratio {o['requests_per_s'] / p['requests_per_s']:.2f}x")
print(f"serving throughput at {o['clients']} clients: stepwise {o['requests_per_s']} req/s (p50 {o['p50_s']} s), "
      f"best peer {best['requests_per_s']} req/s, ratio {o['requests_per_s'] / best['requests_per_s']:.2f}x (higher is better)")
PY
