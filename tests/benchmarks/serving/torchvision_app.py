"""The seed's serving stack for comparison: Flask behind gunicorn, torchvision's Mask R-CNN, same routes and JSON shape.

Model: maskrcnn_resnet50_fpn(weights=None, weights_backbone=None, num_classes=2, min_size=$MIN_SIZE, max_size=$MAX_SIZE)
after torch.manual_seed(0), or the state_dict in $MODEL_STATE (torch.save of a state_dict). RLE is pycocotools' compressed counts (implemented here:
pycocotools is not packaged for Debian 12).
"""
import io, json, os

import numpy as np
import torch
import torchvision
from flask import Flask, Response, request
from PIL import Image

torch.set_num_threads(int(os.environ.get("TORCH_THREADS", "2")))
torch.manual_seed(0)
model = torchvision.models.detection.maskrcnn_resnet50_fpn(
    weights=None, weights_backbone=None, num_classes=2,
    min_size=int(os.environ.get("MIN_SIZE", "800")), max_size=int(os.environ.get("MAX_SIZE", "1333")))
if os.environ.get("MODEL_STATE"):
    model.load_state_dict(torch.load(os.environ["MODEL_STATE"]))
model.eval()
app = Flask(__name__)


def rle_string(mask):
    flat = mask.T.reshape(-1).astype(np.int8)  # column-major, as pycocotools
    change = np.flatnonzero(np.diff(flat)) + 1
    counts = np.diff(np.concatenate([[0], change, [flat.size]])).tolist()
    if flat.size and flat[0] == 1:
        counts = [0] + counts
    out = []
    for i, x in enumerate(counts):
        if i > 2:
            x -= counts[i - 2]
        more = True
        while more:
            c = x & 0x1F
            x >>= 5
            more = (x != -1) if (c & 0x10) else (x != 0)
            if more:
                c |= 0x20
            out.append(chr(c + 48))
    return "".join(out)


@app.route("/ping")
def ping():
    return Response("ok\n", status=200)


@app.route("/invocations", methods=["POST"])
def invocations():
    threshold = float(request.args.get("score_threshold", 0.5))
    try:
        img = Image.open(io.BytesIO(request.get_data())).convert("RGB")
    except Exception as e:  # noqa: BLE001
        return Response(f"bad image: {e}\n", status=400)
    x = torch.from_numpy(np.asarray(img).copy()).permute(2, 0, 1).float() / 255
    with torch.no_grad():
        out = model([x])[0]
    keep = out["scores"] >= threshold
    masks = (out["masks"][keep, 0] > 0.5).numpy()
    h, w = masks.shape[1:] if len(masks) else (img.height, img.width)
    body = {
        "boxes": out["boxes"][keep].tolist(), "labels": out["labels"][keep].tolist(), "scores": out["scores"][keep].tolist(),
        "masks": [{"size": [int(h), int(w)], "counts": rle_string(m)} for m in masks],
    }
    return Response(json.dumps(body), mimetype="application/json")
