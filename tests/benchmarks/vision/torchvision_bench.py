"""torchvision side of the Mask R-CNN benchmark: builds maskrcnn_resnet50_fpn(weights=None, num_classes=2) with seed 0,
writes its weights and the inputs (safetensors, argv[1]), then times eval and one training step on the same inputs and
prints JSON. Options: argv[2] min_size, argv[3] max_size, argv[4] repeats."""
import json, os, sys, time, torch, torch.nn.functional as F
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from st import save
from torchvision.models.detection import maskrcnn_resnet50_fpn

path, min_size, max_size, reps = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
torch.set_num_threads(int(os.environ.get("BENCH_THREADS", "2")))
torch.manual_seed(0)
model = maskrcnn_resnet50_fpn(weights=None, weights_backbone=None, num_classes=2, min_size=min_size, max_size=max_size)
g = torch.Generator().manual_seed(1)
imgs = [F.interpolate(torch.rand(1, 3, 40, 60, generator=g), size=(min_size, max_size), mode="bilinear")[0] for _ in range(2)]
targets = []
for i in range(2):
    m = torch.zeros(2, min_size, max_size, dtype=torch.uint8)
    m[0, 20:120, 30:150] = 1
    m[1, 100 + 10 * i:200, 200:300] = 1
    targets.append({"boxes": torch.tensor([[30.0, 20.0, 150.0, 120.0], [200.0, 100.0 + 10 * i, 300.0, 200.0]]),
                    "labels": torch.tensor([1, 1]), "masks": m})
save({**{f"sd.{k}": v for k, v in model.state_dict().items()}, "img0": imgs[0], "img1": imgs[1],
      "t0.boxes": targets[0]["boxes"], "t0.masks": targets[0]["masks"], "t1.boxes": targets[1]["boxes"], "t1.masks": targets[1]["masks"]}, path)

def best(fn):
    fn()  # warm-up
    times = []
    for _ in range(reps):
        t = time.perf_counter(); fn(); times.append(time.perf_counter() - t)
    return min(times)

model.eval()
def infer():
    with torch.no_grad():
        model([imgs[0]])
model.train()
opt = torch.optim.SGD([p for p in model.parameters() if p.requires_grad], lr=0.001, momentum=0.9)
def step():
    opt.zero_grad()
    losses = model(imgs, targets)
    sum(losses.values()).backward()
    opt.step()
model.eval()
t_inf = best(infer)
model.train()
t_step = best(step)
print(json.dumps({"inference_s": t_inf, "train_step_s": t_step}))
