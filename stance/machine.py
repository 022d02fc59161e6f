"""Which CPU this is: its model name and the instruction-set flags that decide int8 speed.

Benchmarks record it beside their figures, and ``stance info`` prints it, because the same int8
file runs on different kernels: with AVX-512 VNNI or AVX-VNNI every u8 x s8 product is summed
in int32; with only AVX2, ORT adds pairs of products in int16 first (``stance.int8`` explains
why the shipped files give the same answer on both).
"""

from __future__ import annotations

import platform
from dataclasses import asdict, dataclass
from pathlib import Path

from stance.infer.loading import available_cores

# The flags that change which int8/bf16 kernels ORT and torch pick, as /proc/cpuinfo names them.
RELEVANT_FLAGS = (
    "avx2",
    "avx512f",
    "avx512bw",
    "avx512_vnni",
    "avx_vnni",
    "avx512_bf16",
    "amx_tile",
    "amx_int8",
    "amx_bf16",
)
_VNNI = ("avx512_vnni", "avx_vnni")


@dataclass(frozen=True)
class CpuInfo:
    model: str
    flags: tuple[str, ...]  # the RELEVANT_FLAGS this CPU has, in that order
    cores: int  # cores this process may run on

    @property
    def int8_kernel(self) -> str:
        """The integer dot product ORT's x86 kernels use here."""
        if any(f in self.flags for f in _VNNI):
            return "vnni"  # vpdpbusd: every product summed in int32
        if "avx2" in self.flags:
            return "avx2"  # vpmaddubsw: pairs of products summed in a saturating int16
        return "other"

    def to_dict(self) -> dict[str, object]:
        return {**asdict(self), "flags": list(self.flags), "int8_kernel": self.int8_kernel}

    def line(self) -> str:
        flags = " ".join(self.flags) or "none of " + ", ".join(RELEVANT_FLAGS[:3])
        return f"{self.model} ({self.cores} cores; {flags}; int8 kernel: {self.int8_kernel})"


def parse_cpuinfo(text: str, cores: int) -> CpuInfo:
    """A ``CpuInfo`` from the text of /proc/cpuinfo (its first processor's block)."""
    fields: dict[str, str] = {}
    for line in text.splitlines():
        if not line.strip():
            if fields:
                break
            continue
        key, _, value = line.partition(":")
        fields.setdefault(key.strip(), value.strip())
    present = set(fields.get("flags", "").split())
    model = fields.get("model name") or fields.get("Processor") or "unknown CPU"
    return CpuInfo(model=model, flags=tuple(f for f in RELEVANT_FLAGS if f in present), cores=cores)


def cpu_info(cpuinfo: Path = Path("/proc/cpuinfo")) -> CpuInfo:
    """This machine's CPU. Where /proc/cpuinfo is missing (not Linux) the flags are unknown."""
    try:
        return parse_cpuinfo(
            cpuinfo.read_text(encoding="utf-8", errors="replace"), available_cores()
        )
    except OSError:
        return CpuInfo(
            model=platform.processor() or platform.machine() or "unknown CPU",
            flags=(),
            cores=available_cores(),
        )
