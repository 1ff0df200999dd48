#!/usr/bin/env bash
# Serving throughput at 4 concurrent clients: ours (`stepwise serve`, one process) vs the seed's stack (gunicorn + Flask +
# torchvision), the same Mask R-CNN weights (torchvision's maskrcnn_resnet50_fpn, seed 0, 2 classes) and the same image,
# measured in this run and printed as ratios. Needs Debian's python3-torchvision, python3-flask and gunicorn
# (apt-get install -y python3-torchvision python3-flask gunicorn) and an optimised BLAS under Debian's torch
# (apt-get install -y libopenblas0-pthread: the reference BLAS is refused). Everything listens on 127.0.0.1 and stops
# at the end. Both servers' answers to the same image are compared (same detections) before any ratio is printed.
#
#   tests/benchmarks/serving/run.sh            # CLIENTS=4 REQUESTS=3 ROUNDS=2 MIN_SIZE=320 MAX_SIZE=480 by default
#
# The peer runs twice: WORKERS=1 with 2 torch threads, and WORKERS=2 (the seed's serve script starts one worker per
# core) with 1 thread each (OpenBLAS's threads too), so it is never oversubscribed. The ratio is against the faster of
# the two. Ours runs with its defaults: one prediction per core at once (SAGEMAKER_MODEL_SERVER_WORKERS), 1 thread each.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../../.." && pwd)"
CLIENTS="${CLIENTS:-4}"
REQUESTS="${REQUESTS:-3}"
ROUNDS="${ROUNDS:-2}"
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
load() { $PY "$here/load.py" --url "http://127.0.0.1:$1" --image "$work/image.png" --clients "$CLIENTS" --requests "$REQUESTS" --label "$2" --save "$3"; }

$PY "$here/blas.py"

echo "building and exporting the model (torchvision seed 0, min_size $MIN_SIZE, max_size $MAX_SIZE)" >&2
dotnet build -c Release "$repo/lib/Stepwise.Container" >/dev/null
bin="$repo/lib/Stepwise.Container/bin/Release/net10.0/linux-x64/Stepwise.Container.dll"
$PY "$here/export_model.py" "$work" "$MIN_SIZE" "$MAX_SIZE"
dotnet "$bin" make-dataset --out "$work/data" --count 1 --seed 7 --width 400 --height 300 >/dev/null
cp "$work/data/PNGImages/"*.png "$work/image.png"

# All three servers up at once (idle ones cost no CPU), then ROUNDS rounds of load on each in turn: the machine's other
# load falls on all of them alike. Medians of requests/s over the rounds.
STEPWISE_OPT_ML="$work" SAGEMAKER_BIND_TO_PORT="$OURS_PORT" dotnet "$bin" serve >"$work/ours.log" 2>&1 &
pids+=($!)
labels=(stepwise "gunicorn-flask-torchvision workers=1 threads=2" "gunicorn-flask-torchvision workers=2 threads=1")
ports=("$OURS_PORT" "$PEER_PORT" "$((PEER_PORT + 1))")
for config in "1 2 $PEER_PORT" "2 1 $((PEER_PORT + 1))"; do
  set -- $config
  (cd "$here" && MODEL_STATE="$work/state.pt" MIN_SIZE="$MIN_SIZE" MAX_SIZE="$MAX_SIZE" TORCH_THREADS="$2" OPENBLAS_NUM_THREADS="$2" \
     exec $PY -m gunicorn.app.wsgiapp -w "$1" -b "127.0.0.1:$3" --timeout 600 torchvision_app:app) >"$work/peer-$1.log" 2>&1 &
  pids+=($!)
done
for port in "${ports[@]}"; do wait_ping "$port"; done
head -1 "$work/ours.log" >&2
results=()
for round in $(seq 1 "$ROUNDS"); do
  for i in 0 1 2; do
    r=$(load "${ports[$i]}" "${labels[$i]}" "$work/answer-$i.json")
    echo "round $round: $r" >&2
    results+=("$r")
  done
done

# Peak resident memory of each server (the process and its workers), as the rounds left it.
peak_mb() { local total=0 p; for p in "$1" $(pgrep -P "$1" || true); do
  total=$((total + $(awk '/^VmHWM/ {print $2}' "/proc/$p/status" 2>/dev/null || echo 0))); done; echo $((total / 1024)); }
for i in 0 1 2; do echo "peak resident memory, ${labels[$i]}: $(peak_mb "${pids[$i]}") MB" >&2; done

$PY - "$work/answer-0.json" "$work/answer-2.json" "${results[@]}" <<'PY'
import json, statistics, sys
a, b = (json.load(open(f)) for f in sys.argv[1:3])
def rows(d):
    return sorted(zip(d["scores"], d["labels"], d["boxes"]), reverse=True)
ra, rb = rows(a), rows(b)
if len(ra) != len(rb):
    sys.exit(f"the servers disagree: stepwise {len(ra)} detections, peer {len(rb)}; no ratio")
worst_box = max((max(abs(p - q) for p, q in zip(x[2], y[2])) for x, y in zip(ra, rb)), default=0.0)
worst_score = max((abs(x[0] - y[0]) for x, y in zip(ra, rb)), default=0.0)
print(f"same image, both servers: {len(ra)} detections each above the threshold, max box diff {worst_box:.3g} px, max score diff {worst_score:.2g}")
if any(x[1] != y[1] for x, y in zip(ra, rb)) or worst_box > 1.0 or worst_score > 1e-3:
    sys.exit("the servers' detections differ; no ratio")
runs = [json.loads(r) for r in sys.argv[3:]]
for r in runs:
    if r["errors"]:
        sys.exit(f"{r['label']}: {r['errors']} failed requests")
by = {}
for r in runs:
    by.setdefault(r["label"], []).append(r)
med = {k: statistics.median(x["requests_per_s"] for x in v) for k, v in by.items()}
p50 = {k: statistics.median(x["p50_s"] for x in v) for k, v in by.items()}
o = med.pop("stepwise")
best = max(med, key=med.get)
for k, v in med.items():
    print(f"vs {k}: {v:.3f} req/s (p50 {p50[k]:.2f} s) -> ratio {o / v:.2f}x")
print(f"serving throughput at {runs[0]['clients']} clients, median of {len(by['stepwise'])} interleaved rounds: stepwise {o:.3f} req/s "
      f"(p50 {p50['stepwise']:.2f} s), best peer {best} {med[best]:.3f} req/s, ratio {o / med[best]:.2f}x (higher is better)")
PY
