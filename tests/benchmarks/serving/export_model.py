"""Writes the same Mask R-CNN twice into argv[1]: for the peer (state.pt, torch.save of the state_dict) and as a model
folder for `stepwise serve` (model/model.safetensors + model/config.json). The network is torchvision's
maskrcnn_resnet50_fpn(weights=None, weights_backbone=None, num_classes=2) after torch.manual_seed(0), with the image
sizes given (argv[2], argv[3]) so both servers resize the same way. No downloads."""
import json, os, sys

import torch
from torchvision.models.detection import maskrcnn_resnet50_fpn

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "../../Stepwise.Vision.Tests/Reference"))
from st import save  # noqa: E402

out, min_size, max_size = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
torch.manual_seed(0)
model = maskrcnn_resnet50_fpn(weights=None, weights_backbone=None, num_classes=2, min_size=min_size, max_size=max_size)
state = model.state_dict()
torch.save(state, os.path.join(out, "state.pt"))
os.makedirs(os.path.join(out, "model"), exist_ok=True)
save({k: v for k, v in state.items() if not k.endswith("num_batches_tracked")}, os.path.join(out, "model", "model.safetensors"))
# Options not named keep MaskRCNNOptions' defaults, which are torchvision's.
config = {
    "format": "stepwise-maskrcnn/1",
    "weights_file": "model.safetensors",
    "classes": ["__background__", "pedestrian"],
    "options": {"num_classes": 2, "backbone": "resnet50", "frozen_batch_norm": False, "trainable_backbone_layers": 5,
                "min_size": min_size, "max_size": max_size},
}
with open(os.path.join(out, "model", "config.json"), "w") as f:
    json.dump(config, f, indent=2)
