"""torchvision 0.14 maskrcnn_resnet50_fpn(weights=None, weights_backbone=None, num_classes=2) after manual_seed(0), eval,
on two fixed images; writes state_dict ("sd.*"), images, per-module intermediates and detections to safetensors (argv[1]).
Small sizes (min_size 240, max_size 320) and box_score_thresh 0 keep it fast and non-empty with random weights.
With "float64" as argv[2] the same weights and images run in double precision: what differs then is the algorithm,
not float32 rounding (random weights give mask logits of ~750, where float32 noise moves the sigmoid by ~1e-2)."""
import sys, torch, torch.nn.functional as F
from torchvision.models.detection import maskrcnn_resnet50_fpn
from st import save

torch.set_num_threads(1)
torch.manual_seed(0)
model = maskrcnn_resnet50_fpn(weights=None, weights_backbone=None, num_classes=2, min_size=240, max_size=320, box_score_thresh=0.0)
model.eval()
dtype = torch.float64 if sys.argv[2:] == ["float64"] else torch.float32
model.to(dtype)
out = {f"sd.{k}": v for k, v in model.state_dict().items()}

g = torch.Generator().manual_seed(1)
img0 = F.interpolate(torch.rand(1, 3, 30, 40, generator=g), size=(240, 320), mode="bilinear", align_corners=False)[0]
img1 = F.interpolate(torch.rand(1, 3, 25, 30, generator=g), size=(200, 300), mode="bilinear", align_corners=False)[0]
img0, img1 = img0.to(dtype), img1.to(dtype)
out["img0"], out["img1"] = img0, img1

captured = {}
model.backbone.register_forward_hook(lambda m, i, o: captured.__setitem__("features", o))
model.rpn.register_forward_hook(lambda m, i, o: captured.__setitem__("proposals", o[0]))
model.roi_heads.box_roi_pool.register_forward_hook(lambda m, i, o: captured.__setitem__("box_roi", o))
model.roi_heads.mask_roi_pool.register_forward_hook(lambda m, i, o: captured.__setitem__("mask_roi", o))
model.roi_heads.mask_predictor.register_forward_hook(lambda m, i, o: captured.__setitem__("mask_logits", o))
model.roi_heads.register_forward_hook(lambda m, i, o: captured.__setitem__("raw", [{k: v.clone() for k, v in r.items()} for r in o[0]]))
with torch.no_grad():
    images, _ = model.transform([img0, img1])
    dets = model([img0, img1])
out["batch"] = images.tensors
for k, v in captured["features"].items():
    out[f"feat.{k}"] = v
for i, p in enumerate(captured["proposals"]):
    out[f"proposals{i}"] = p
out["box_roi"] = captured["box_roi"]
out["mask_roi"], out["mask_logits"] = captured["mask_roi"], captured["mask_logits"]
for i, (r, d) in enumerate(zip(captured["raw"], dets)):
    for k in ("boxes", "labels", "scores", "masks"):
        out[f"raw{i}.{k}"] = r[k]
        out[f"det{i}.{k}"] = d[k]
save(out, sys.argv[1])
