"""Expected values of torchvision 0.14's detection ops for fixed inputs -> safetensors (argv[1])."""
import math, sys, torch
from torchvision.ops import roi_align, nms, batched_nms, box_iou, MultiScaleRoIAlign
from torchvision.models.detection._utils import BoxCoder, Matcher
from torchvision.models.detection.roi_heads import paste_masks_in_image
from st import save

torch.manual_seed(0)
out = {}

# roi_align forward + gradient, aligned=False, sampling_ratio 2 and adaptive (-1)
x = torch.randn(2, 3, 10, 12, dtype=torch.float32)
rois = torch.tensor([[0, 1.0, 1.0, 9.0, 7.0], [1, -3.0, -2.0, 5.0, 4.0], [0, 10.0, 8.0, 30.0, 25.0],
                     [1, 2.2, 3.3, 2.4, 3.5], [0, 0.0, 0.0, 23.0, 19.0], [1, 15.0, 2.0, 26.0, 21.5]])
out["roi.input"], out["roi.rois"] = x, rois
for sr in (2, -1):
    xi = x.clone().requires_grad_(True)
    y = roi_align(xi, rois, (5, 4), spatial_scale=0.5, sampling_ratio=sr, aligned=False)
    w = torch.linspace(-1, 1, y.numel()).reshape(y.shape)
    (y * w).sum().backward()
    out[f"roi.sr{sr}.out"], out[f"roi.sr{sr}.grad"] = y, xi.grad

# MultiScaleRoIAlign over 4 FPN levels of a 64x96 image (padded batch 64x96), two images
feats = {str(i): torch.randn(2, 4, 64 // 2 ** (i + 2), 96 // 2 ** (i + 2)) for i in range(4)}
boxes = [torch.tensor([[0.0, 0.0, 10.0, 12.0], [5.0, 5.0, 60.0, 50.0], [20.0, 3.0, 95.0, 63.0]]),
         torch.tensor([[1.0, 2.0, 30.0, 33.0], [40.0, 10.0, 44.0, 15.0]])]
pool = MultiScaleRoIAlign(["0", "1", "2", "3"], 7, 2)
ms = pool(feats, boxes, [(64, 96), (60, 90)])
for k, v in feats.items():
    out[f"ms.feat{k}"] = v
out["ms.boxes0"], out["ms.boxes1"], out["ms.out"] = boxes[0], boxes[1], ms

# NMS / batched NMS on 300 random boxes
xy = torch.rand(300, 2) * 100
wh = torch.rand(300, 2) * 40 + 1
b = torch.cat([xy, xy + wh], 1)
s = torch.rand(300)
c = torch.randint(0, 3, (300,))
out["nms.boxes"], out["nms.scores"], out["nms.classes"] = b, s, c
out["nms.keep"] = nms(b, s, 0.5)
out["nms.batched_keep"] = batched_nms(b, s, c, 0.7)

# Box coder (10,10,5,5): encode and decode with a clipped dw
coder = BoxCoder((10.0, 10.0, 5.0, 5.0))
prop = torch.tensor([[0.0, 0.0, 10.0, 20.0], [5.0, 5.0, 50.0, 30.0], [1.0, 2.0, 3.0, 4.0]])
gt = torch.tensor([[1.0, 2.0, 12.0, 18.0], [0.0, 10.0, 40.0, 35.0], [1.5, 1.0, 3.5, 6.0]])
out["coder.prop"], out["coder.gt"] = prop, gt
out["coder.encoded"] = coder.encode_single(gt, prop)
codes = torch.randn(3, 8) * 3
codes[0, 2] = 50.0
out["coder.codes"] = codes
out["coder.decoded"] = coder.decode(codes, [prop])

# Matcher with low-quality matches
m_gt = torch.tensor([[0.0, 0.0, 10.0, 10.0], [20.0, 20.0, 40.0, 45.0]])
preds = torch.cat([torch.rand(40, 2) * 40, torch.rand(40, 2) * 40 + 3], 1)
preds[:, 2:] = preds[:, :2] + preds[:, 2:] / 2 + 1
iou = box_iou(m_gt, preds)
out["match.iou"] = iou
out["match.low"] = Matcher(0.7, 0.3, allow_low_quality_matches=True)(iou)
out["match.plain"] = Matcher(0.5, 0.5, allow_low_quality_matches=False)(iou)

# paste_masks_in_image
masks = torch.rand(3, 1, 28, 28)
pboxes = torch.tensor([[3.2, 4.7, 30.9, 40.1], [-5.0, 10.0, 20.0, 70.0], [40.0, 30.0, 59.5, 49.0]])
out["paste.masks"], out["paste.boxes"] = masks, pboxes
out["paste.out"] = paste_masks_in_image(masks, pboxes, (50, 60))

save(out, sys.argv[1])
