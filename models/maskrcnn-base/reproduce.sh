#!/usr/bin/env bash
# Trains the base Mask R-CNN of models/maskrcnn-base with the container's own `train`, from CNTK's ImageNet ResNet-18
# (NuGet: Microsoft.ML.DnnImageFeaturizer.ResNet18 0.23.1, restored by the build), on a synthetic set that the
# walkthrough and the tests never use (seed 1000, four kinds as four classes, up to 6 instances per image).
# Usage: models/maskrcnn-base/reproduce.sh [work-dir]   (writes config.json and model.safetensors here when done)
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
work=${1:-$(mktemp -d)}
dotnet build "$repo/lib/Stepwise.Container" -c Debug -v quiet
container="$repo/lib/Stepwise.Container/bin/Debug/net10.0/linux-x64/Stepwise.Container.dll"
opt="$work/opt"
rm -rf "$opt"
mkdir -p "$opt/input/config"
dotnet "$container" make-dataset --out "$opt/input/data/training" --count 720 --seed 1000 --max-instances 6 --label-by-kind
echo '{"training": {"TrainingInputMode": "File"}}' > "$opt/input/config/inputdataconfig.json"
cat > "$opt/input/config/hyperparameters.json" <<'JSON'
{"num_classes": "5", "class_names": "ellipse,rectangle,polygon,person", "pretrained": "imagenet", "num_epochs": "1",
 "max_iterations": "160", "log_every": "10", "held_out_fraction": "0.03", "seed": "1000", "save_float16": "true"}
JSON
# Low priority and one libtorch thread: the machine is shared.
STEPWISE_OPT_ML="$opt" OMP_NUM_THREADS=1 nice -n 19 dotnet "$container" train | tee "$work/train.log"
cp "$opt/model/config.json" "$opt/model/model.safetensors" "$(dirname "$0")/"
