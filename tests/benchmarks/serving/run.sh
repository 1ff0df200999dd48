#!/usr/bin/env bash
# Serving throughput at 4 concurrent clients: ours (stepwise serve) vs the seed's stack (gunicorn + Flask + torchvision),
# same image, printed as one ratio. Needs a model folder written by `train` (MODEL_DIR) and, for the peer,
# Debian's python3-torchvision, python3-flask and gunicorn. Everything listens on 127.0.0.1 and stops at the end.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../../.." && pwd)"
MODEL_DIR="${MODEL_DIR:?set MODEL_DIR to a model folder written by train}"
IMAGE="${IMAGE:?set IMAGE to a PNG or JPEG}"
CLIENTS="${CLIENTS:-4}"
REQUESTS="${REQUESTS:-5}"
OURS_PORT="${OURS_PORT:-18080}"
PEER_PORT="${PEER_PORT:-18081}"
WORKERS="${WORKERS:-1}"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

wait_ping() { for _ in $(seq 1 600); do curl -fs "http://127.0.0.1:$1/ping" >/dev/null && return 0; sleep 0.5; done; echo "no /ping on $1" >&2; return 1; }

dotnet build -c Release "$repo/lib/Stepwise.Container" >/dev/null
STEPWISE_OPT_ML="$(dirname "$MODEL_DIR")" SAGEMAKER_BIND_TO_PORT="$OURS_PORT" \
  dotnet "$repo/lib/Stepwise.Container/bin/Release/net10.0/linux-x64/Stepwise.Container.dll" serve &
pids+=($!)
wait_ping "$OURS_PORT"
ours=$(/usr/bin/python3 "$here/load.py" --url "http://127.0.0.1:$OURS_PORT" --image "$IMAGE" --clients "$CLIENTS" --requests "$REQUESTS" --label stepwise)
echo "$ours"
kill "${pids[0]}"; pids=()

(cd "$here" && exec /usr/bin/python3 -m gunicorn.app.wsgiapp -w "$WORKERS" -b "127.0.0.1:$PEER_PORT" --timeout 600 torchvision_app:app) &
pids+=($!)
wait_ping "$PEER_PORT"
peer=$(/usr/bin/python3 "$here/load.py" --url "http://127.0.0.1:$PEER_PORT" --image "$IMAGE" --clients "$CLIENTS" --requests "$REQUESTS" --label gunicorn-flask-torchvision)
echo "$peer"
/usr/bin/python3 - "$ours" "$peer" <<'PY'
import json, sys
o, p = json.loads(sys.argv[1]), json.loads(sys.argv[2])
print(f"serving throughput at {o['clients']} clients: stepwise {o['requests_per_s']} req/s, peer {p['requests_per_s']} req/s, ratio {o['requests_per_s'] / p['requests_per_s']:.2f}x")
PY
