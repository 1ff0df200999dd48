"""torchvision side of the Mask R-CNN benchmark: builds maskrcnn_resnet50_fpn(weights=None, num_classes=2) with seed 0,
writes its weights and the inputs (safetensors, argv[1]) and its detections on img0 (argv[1] + ".detections"), times
eval and one training step on the same inputs, and prints JSON with every timing and the BLAS library torch runs on.
Options: argv[2] min_size, argv[3] max_size, argv[4] repeats (after one warm-up each)."""
import json, os, re, sys, time, torch, torch.nn.functional as F
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from st import save
from torchvision.models.detection import maskrcnn_resnet50_fpn


def blas():
    """The BLAS torch was built against (torch.__config__.show()'s BLAS_INFO) and the one this process loaded."""
    info = ", ".join(re.findall(r"(?:BLAS_INFO|LAPACK_INFO)=[^,\s]*", torch.__config__.show())) or "BLAS_INFO=?"
    torch.mm(torch.ones(64, 64), torch.ones(64, 64))  # make sure the library is mapped
    libs = sorted({os.path.realpath(l.split()[-1]) for l in open("/proc/self/maps")
                   if len(l.split()) >= 6 and any(k in os.path.basename(l.split()[-1]) for k in ("blas", "mkl_rt", "mkl_core", "blis"))})
    kind = ("OpenBLAS" if any("openblas" in p for p in libs) else "MKL" if any("mkl" in p for p in libs)
            else "BLIS" if any("blis" in p for p in libs) else "reference BLAS (netlib)" if libs else "none found")
    return info, libs, kind


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


def timed(fn):
    fn()  # warm-up
    times = []
    for _ in range(reps):
        t = time.perf_counter(); fn(); times.append(time.perf_counter() - t)
    return times


model.eval()
with torch.no_grad():
    d = model([imgs[0]])[0]
save({"boxes": d["boxes"], "scores": d["scores"], "labels": d["labels"], "masks": d["masks"]}, path + ".detections")


def infer():
    with torch.no_grad():
        model([imgs[0]])


opt = torch.optim.SGD([p for p in model.parameters() if p.requires_grad], lr=0.001, momentum=0.9)


def step():
    opt.zero_grad()
    losses = model(imgs, targets)
    sum(losses.values()).backward()
    opt.step()


model.eval()
t_inf = timed(infer)
model.train()
t_step = timed(step)
info, libs, kind = blas()
print(json.dumps({"inference_s": t_inf, "train_step_s": t_step, "blas_info": info, "blas_libraries": libs, "blas": kind,
                  "torch": torch.__version__, "threads": torch.get_num_threads()}))
