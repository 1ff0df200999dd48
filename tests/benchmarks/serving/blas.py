"""Prints the BLAS this interpreter's torch runs on: torch.__config__.show()'s BLAS_INFO and the library actually loaded
(from /proc/self/maps); exits 3 on the reference BLAS, against which a ratio says nothing."""
import os, re, sys, torch

info = ", ".join(re.findall(r"(?:BLAS_INFO|LAPACK_INFO)=[^,\s]*", torch.__config__.show())) or "BLAS_INFO=?"
torch.mm(torch.ones(64, 64), torch.ones(64, 64))
libs = sorted({os.path.realpath(l.split()[-1]) for l in open("/proc/self/maps")
               if len(l.split()) >= 6 and any(k in os.path.basename(l.split()[-1]) for k in ("blas", "mkl_rt", "mkl_core", "blis"))})
kind = ("OpenBLAS" if any("openblas" in p for p in libs) else "MKL" if any("mkl" in p for p in libs)
        else "BLIS" if any("blis" in p for p in libs) else "reference BLAS (netlib)" if libs else "none found")
print(f"peer: torch {torch.__version__}, {info} (torch.__config__.show()), loaded BLAS: {kind} {libs}")
if kind not in ("OpenBLAS", "MKL", "BLIS"):
    sys.exit(f"the peer runs on {kind}: no ratio against an unoptimised BLAS. "
             "Install Debian's OpenBLAS: apt-get install -y libopenblas0-pthread")
