"""The CPU as stance reports it (benchmarks, `stance info`), from /proc/cpuinfo text."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from stance.cli.main import app
from stance.machine import cpu_info, parse_cpuinfo

EPYC_AVX2 = """processor\t: 0
vendor_id\t: AuthenticAMD
model name\t: AMD EPYC 7B12
flags\t\t: fpu sse sse2 avx avx2 fma bmi2 sha_ni

processor\t: 1
model name\t: something else
flags\t\t: avx512f avx512_vnni
"""
SAPPHIRE = """processor : 0
model name : Intel(R) Xeon(R) Platinum 8481C
flags : avx2 avx512f avx512bw avx512_vnni avx512_bf16 amx_bf16 amx_tile amx_int8 avx_vnni
"""


def test_avx2_only_cpu_has_the_pair_sum_kernel() -> None:
    cpu = parse_cpuinfo(EPYC_AVX2, cores=2)
    assert cpu.model == "AMD EPYC 7B12"
    assert cpu.flags == ("avx2",)  # only the first processor's block is read
    assert cpu.int8_kernel == "avx2"
    assert "int8 kernel: avx2" in cpu.line()


def test_vnni_cpu_lists_its_flags_in_a_fixed_order() -> None:
    cpu = parse_cpuinfo(SAPPHIRE, cores=4)
    assert cpu.flags == (
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
    assert cpu.int8_kernel == "vnni"
    assert cpu.to_dict()["int8_kernel"] == "vnni"


def test_missing_cpuinfo_still_answers(tmp_path: Path) -> None:
    cpu = cpu_info(tmp_path / "absent")
    assert cpu.flags == () and cpu.int8_kernel == "other" and cpu.cores >= 1


def test_stance_info_names_versions_cpu_and_default_backend() -> None:
    result = CliRunner().invoke(app, ["info", "--json"])
    assert result.exit_code == 0, result.output
    info = json.loads(result.output)
    assert set(info["packages"]) >= {"onnxruntime", "torch"}
    assert info["cpu"]["int8_kernel"] in {"vnni", "avx2", "other"}
    assert info["default_backend"] == "onnx"
    assert info["int8_scheme"] == "blockwise"
    assert info["nli_file"].endswith("model.int8.onnx")
    text = CliRunner().invoke(app, ["info"])
    assert text.exit_code == 0
    assert "cpu flags:" in text.output and "default backend: onnx" in text.output
