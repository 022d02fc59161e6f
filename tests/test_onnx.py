"""ONNX export and the onnx backend, on tiny random models built locally."""

from __future__ import annotations

import json
import shutil
import time
from collections import Counter
from pathlib import Path

import numpy as np
import pytest
from conftest import TINY_VOCAB, build_tiny_model, load_script, spread_weights
from typer.testing import CliRunner

from stance.errors import StanceError, UsageError
from stance.infer.backend import load_backend

# Varied lengths (several batches at batch_size=3, with padding), and repeats.
PAIRS = [
    ("the united states said it will cooperate with the coalition .", "they will cooperate ."),
    ("iran has no nuclear talks .", "iran has nuclear talks ."),
    ("we said no .", "yes"),
    ("the threat is not nuclear", "the threat is nuclear and it is in the states"),
    ("they have talks", "they have no talks"),
    ("iran has no nuclear talks .", "iran has nuclear talks ."),
    ("a coalition of states", "the coalition"),
    ("it is not a threat to the americans , they said .", "it is a threat ."),
    ("we said no .", "yes"),
    ("the americans will cooperate", "the americans will not cooperate with iran"),
]


def _op_types(path: Path) -> Counter:
    import onnx

    return Counter(node.op_type for node in onnx.load(str(path)).graph.node)


@pytest.fixture(scope="module")
def exported_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from stance.export import export_model

    path = spread_weights(build_tiny_model(tmp_path_factory.mktemp("onnx-model")))
    export_model(path)
    return path


@pytest.fixture
def fresh_model(tmp_path: Path) -> Path:
    return build_tiny_model(tmp_path / "model")


def test_export_writes_both_files_and_record(exported_dir: Path) -> None:
    onnx_dir = exported_dir / "onnx"
    assert (onnx_dir / "model.onnx").is_file()
    assert (onnx_dir / "model.int8.onnx").is_file()
    info = json.loads((onnx_dir / "export.json").read_text())
    assert info["max_abs_diff"] <= 1e-4
    assert info["fp32_path"] == "onnx/model.onnx"
    assert info["int8_scheme"] == "blockwise"
    ops = _op_types(onnx_dir / "model.int8.onnx")
    # 2 layers x (Q, K, V, attention out, FFN in, FFN out)
    assert ops["MatMulNBits"] == 2 * 6
    assert ops["MatMul"] == 2 * 2  # only the activation x activation attention matmuls stay fp32
    assert not [p for p in onnx_dir.iterdir() if p.name.endswith(".tmp")]


def test_rowwise_shares_one_quantization_among_q_k_v(exported_dir: Path, tmp_path: Path) -> None:
    from stance.int8 import quantize

    quantize(exported_dir / "onnx" / "model.onnx", tmp_path / "rowwise.onnx", "rowwise")
    ops = _op_types(tmp_path / "rowwise.onnx")
    assert ops["MatMulIntegerToFloat"] == 2 * 6
    # Q, K and V read the same activation and share its quantization: 4 per layer, not 6.
    assert ops["QuantizeLinear"] == 2 * 4


def test_exact_float16_weights_are_stored_as_float16(tmp_path: Path) -> None:
    """Weights that hold only float16 values are stored as float16 plus a Cast; others, and
    small tensors, stay float32; the outputs do not move by a single bit."""
    import onnx
    import onnxruntime as ort
    from onnx import TensorProto, helper, numpy_helper

    from stance.export import HALF_MIN_ELEMENTS, store_exact_halves

    rng = np.random.default_rng(0)
    k = 64
    n = HALF_MIN_ELEMENTS // k
    exact = rng.standard_normal((k, n)).astype(np.float16).astype(np.float32)
    inexact = rng.standard_normal((n, k)).astype(np.float32)
    small = exact[:4, :4].copy()
    graph = helper.make_graph(
        [
            helper.make_node("MatMul", ["x", "exact"], ["h"]),
            helper.make_node("MatMul", ["h", "inexact"], ["y0"]),
            helper.make_node("MatMul", ["y0", "small_pad"], ["y"]),
        ],
        "halves",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [None, k])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [None, 4])],
        initializer=[
            numpy_helper.from_array(exact, "exact"),
            numpy_helper.from_array(inexact, "inexact"),
            numpy_helper.from_array(np.vstack([small] * (k // 4)), "small_pad"),
        ],
    )
    path = tmp_path / "m.onnx"
    onnx.save(helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)]), str(path))
    x = rng.standard_normal((3, k)).astype(np.float32)

    def run() -> np.ndarray:
        sess = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
        return sess.run(None, {"x": x})[0]

    before, size_before = run(), path.stat().st_size
    assert store_exact_halves(path) == (1, 2)
    stored = {t.name: t.data_type for t in onnx.load(str(path)).graph.initializer}
    assert stored == {
        "exact_fp16": TensorProto.FLOAT16,
        "inexact": TensorProto.FLOAT,
        "small_pad": TensorProto.FLOAT,
    }
    np.testing.assert_array_equal(run(), before)
    assert path.stat().st_size < size_before - exact.nbytes // 3


def test_export_records_float16_storage(exported_dir: Path) -> None:
    # The tiny random model's weights are ordinary float32 numbers: nothing may be halved.
    info = json.loads((exported_dir / "onnx" / "export.json").read_text())
    assert info["fp32_storage"].startswith("0 of ")


def test_quantize_leaves_logging_alone(
    exported_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """ORT's quantizer calls logging.warning(), which would give the root logger a handler."""
    import logging

    from stance.int8 import quantize

    root = logging.getLogger()
    monkeypatch.setattr(root, "handlers", [])
    quantize(exported_dir / "onnx" / "model.onnx", tmp_path / "q.onnx", "dynamic")
    assert (tmp_path / "q.onnx").is_file()
    assert root.handlers == []


def test_fp32_onnx_matches_torch_backend(exported_dir: Path) -> None:
    torch_be = load_backend(exported_dir, backend="torch", threads=1)
    onnx_be = load_backend(exported_dir, backend="onnx", quantized=False, threads=1)
    ref = torch_be.predict(PAIRS, batch_size=3)
    got = onnx_be.predict(PAIRS, batch_size=3)
    assert got.shape == (len(PAIRS), 3)
    np.testing.assert_allclose(got, ref, atol=1e-4)
    assert onnx_be.info.labels == torch_be.info.labels == ["entailment", "neutral", "contradiction"]
    assert onnx_be.info.backend == "onnx"
    assert onnx_be.count_tokens(PAIRS) == torch_be.count_tokens(PAIRS)
    # The model's probabilities are not flat, so the comparison above had something to compare.
    assert float(np.ptp(ref, axis=0).max()) > 0.2


def test_int8_close_to_torch(exported_dir: Path) -> None:
    ref = load_backend(exported_dir, backend="torch", threads=1).predict(PAIRS)
    got = load_backend(exported_dir, backend="onnx", threads=1).predict(PAIRS)
    assert np.allclose(got.sum(axis=1), 1.0, atol=1e-5)
    assert float(np.abs(got - ref).max()) < 0.1
    # The random tiny model has near-ties (0.49 against 0.51) that any rounding may flip; where
    # torch's top two are 0.06 or more apart, int8 must give the same label.
    top2 = np.sort(ref, axis=1)[:, -2:]
    clear = top2[:, 1] - top2[:, 0] >= 0.06
    assert clear.sum() >= 5
    np.testing.assert_array_equal(got.argmax(1)[clear], ref.argmax(1)[clear])


@pytest.mark.parametrize("quantized", [False, True])
def test_dedupe_and_order_restore(
    exported_dir: Path, monkeypatch: pytest.MonkeyPatch, quantized: bool
) -> None:
    backend = load_backend(exported_dir, backend="onnx", threads=1, quantized=quantized)
    one_by_one = np.vstack([backend.predict([pair]) for pair in PAIRS])

    rows_scored: list[int] = []
    real_run = backend.session.run

    def counting_run(names, feeds):
        rows_scored.append(len(feeds["input_ids"]))
        return real_run(names, feeds)

    monkeypatch.setattr(backend.session, "run", counting_run)
    together = backend.predict(PAIRS, batch_size=3)
    assert sum(rows_scored) == len(set(PAIRS))  # repeats judged once
    assert rows_scored == [3, 3, 2]
    np.testing.assert_array_equal(together[1], together[5])
    np.testing.assert_array_equal(together[2], together[8])
    # Same batches, same numbers: a rerun on the same input is reproducible.
    np.testing.assert_array_equal(backend.predict(PAIRS, batch_size=3), together)
    # Input order restored. The blockwise int8 scheme scales each token row on its own, so batch
    # mates do not move a pair's numbers.
    np.testing.assert_allclose(together, one_by_one, atol=1e-5)
    assert backend.predict([]).shape == (0, 3)


def test_missing_onnx_file_says_how_to_make_it(fresh_model: Path) -> None:
    with pytest.raises(StanceError, match=r"int8\.onnx: ONNX model not found.*stance export"):
        load_backend(fresh_model, backend="onnx")


def test_only_fp32_present_points_at_int8(exported_dir: Path, tmp_path: Path) -> None:
    copy = shutil.copytree(exported_dir, tmp_path / "m")
    (copy / "onnx" / "model.int8.onnx").unlink()
    with pytest.raises(StanceError, match="only the fp32 export exists"):
        load_backend(copy, backend="onnx")
    load_backend(copy, backend="onnx", quantized=False)  # the fp32 file still loads


def test_corrupt_onnx_file(exported_dir: Path, tmp_path: Path) -> None:
    copy = shutil.copytree(exported_dir, tmp_path / "m")
    target = copy / "onnx" / "model.int8.onnx"
    target.write_bytes(target.read_bytes()[:500])  # a truncated download
    with pytest.raises(StanceError, match=r"cannot load ONNX model \(corrupt"):
        load_backend(copy, backend="onnx")


def test_threads_zero_is_an_error(exported_dir: Path) -> None:
    from stance.infer.onnx_backend import OnnxBackend

    with pytest.raises(StanceError, match="--threads must be at least 1"):
        load_backend(exported_dir, backend="onnx", threads=0)
    with pytest.raises(StanceError, match="--threads must be at least 1"):
        OnnxBackend(str(exported_dir), threads=0)


def test_threads_default_and_explicit(exported_dir: Path) -> None:
    from stance.infer.loading import available_cores

    assert load_backend(exported_dir, backend="onnx").threads == available_cores()
    assert load_backend(exported_dir, backend="onnx", threads=1).threads == 1


def test_threads_run_batches_side_by_side(
    exported_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With --threads 2, each run gets one thread and two runs go at once; the numbers are
    those of --threads 1, because blockwise int8 ignores batch mates."""
    import itertools
    import threading

    one = load_backend(exported_dir, backend="onnx", threads=1)
    two = load_backend(exported_dir, backend="onnx", threads=2)
    assert two.session.get_session_options().intra_op_num_threads == 1
    callers: set[str] = set()
    real_run = two.session.run
    calls = itertools.count()
    # The first two runs wait for each other: a pool that ran them one after the other would
    # time out here. Without it the test depended on timing (a fast first run let the pool
    # reuse its one thread for the second).
    first_two = threading.Barrier(2, timeout=30)

    def recording_run(names, feeds):
        callers.add(threading.current_thread().name)
        if next(calls) < 2:
            first_two.wait()
        return real_run(names, feeds)

    monkeypatch.setattr(two.session, "run", recording_run)
    np.testing.assert_allclose(
        two.predict(PAIRS, batch_size=4), one.predict(PAIRS, batch_size=4), atol=1e-5
    )
    assert len(callers) == 2


def test_hub_id_is_refused(exported_dir: Path) -> None:
    with pytest.raises(StanceError, match="needs a local model folder"):
        load_backend("someorg/some-nli-model", backend="onnx")


def test_export_refuses_to_overwrite_without_force(exported_dir: Path) -> None:
    from stance.export import export_model

    with pytest.raises(StanceError, match="already exists; pass --force"):
        export_model(exported_dir)


def test_export_of_model_without_onnx_support(tmp_path: Path) -> None:
    """FNet mixes tokens with an FFT, which the ONNX exporter has no operator for."""
    from transformers import BertTokenizerFast, FNetConfig, FNetForSequenceClassification

    from stance.export import export_model

    path = tmp_path / "fnet"
    path.mkdir()
    (path / "vocab.txt").write_text("\n".join(TINY_VOCAB) + "\n", encoding="utf-8")
    BertTokenizerFast(vocab_file=str(path / "vocab.txt")).save_pretrained(path)
    cfg = FNetConfig(
        vocab_size=len(TINY_VOCAB),
        hidden_size=32,
        num_hidden_layers=1,
        intermediate_size=64,
        max_position_embeddings=64,
        id2label={0: "entailment", 1: "neutral", 2: "contradiction"},
        label2id={"entailment": 0, "neutral": 1, "contradiction": 2},
    )
    FNetForSequenceClassification(cfg).save_pretrained(path)
    with pytest.raises(StanceError, match=r"model type 'fnet' .* cannot be exported to ONNX"):
        export_model(path)
    onnx_dir = path / "onnx"
    assert not onnx_dir.exists() or not list(onnx_dir.iterdir())  # nothing half-written


def test_export_of_non_model_folder(tmp_path: Path) -> None:
    from stance.export import export_model

    with pytest.raises(StanceError, match="model directory not found"):
        export_model(tmp_path / "nope")


def test_bad_opset() -> None:
    from stance.export import check_opset

    with pytest.raises(UsageError, match="--opset"):
        check_opset(9)


def test_cli_export(fresh_model: Path) -> None:
    from stance.cli.main import app

    runner = CliRunner()
    result = runner.invoke(app, ["export", str(fresh_model), "--no-quantize"])
    assert result.exit_code == 0, result.output
    assert "model.onnx" in result.output
    assert (fresh_model / "onnx" / "model.onnx").is_file()
    assert not (fresh_model / "onnx" / "model.int8.onnx").exists()

    again = runner.invoke(app, ["export", str(fresh_model)])
    assert again.exit_code == 1
    assert "--force" in again.output

    forced = runner.invoke(app, ["export", str(fresh_model), "--force", "--int8", "dynamic"])
    assert forced.exit_code == 0, forced.output
    int8_file = fresh_model / "onnx" / "model.int8.onnx"
    assert _op_types(int8_file)["MatMulInteger"] >= 12  # per-channel quantize_dynamic
    assert load_backend(fresh_model, backend="onnx").predict(PAIRS[:3]).shape == (3, 3)

    for bad_args in (["--opset", "99"], ["--int8", "int4"]):
        bad = runner.invoke(app, ["export", str(fresh_model), "--force", *bad_args])
        assert bad.exit_code == 2, bad_args


@pytest.mark.parametrize("scheme", ["rowwise", "blockwise"])
def test_per_row_schemes_ignore_batch_mates(
    exported_dir: Path, tmp_path: Path, scheme: str
) -> None:
    """A pair scores the same alone and beside a pair with much larger activations.

    ``dynamic`` fails this by design (one scale per batch), which the last assertion shows, so
    the comparison can tell the schemes apart.
    """
    from stance.int8 import quantize

    def backend_for(name: str):
        folder = tmp_path / name
        shutil.copytree(exported_dir, folder)
        quantize(exported_dir / "onnx" / "model.onnx", folder / "onnx" / "model.int8.onnx", name)
        return load_backend(folder, backend="onnx", threads=1)

    loud = (" ".join(["coalition"] * 40), "states states states states")
    quiet = PAIRS[0]
    backend = backend_for(scheme)
    alone = backend.predict([quiet])
    beside = backend.predict([quiet, loud], batch_size=2)[:1]
    np.testing.assert_allclose(beside, alone, atol=1e-5)
    dynamic = backend_for("dynamic")
    moved = np.abs(dynamic.predict([quiet, loud], batch_size=2)[:1] - dynamic.predict([quiet]))
    assert float(moved.max()) > 1e-4


def test_column_quantize_round_trip() -> None:
    from stance.int8 import column_quantize

    rng = np.random.default_rng(0)
    weight = rng.normal(size=(70, 5)).astype(np.float32)
    weight[3, 2] = 40.0  # an outlier coarsens its own column only
    q, scales = column_quantize(weight)
    assert q.dtype == np.int8 and q.shape == weight.shape and scales.shape == (5,)
    assert int(np.abs(q).max()) == 63  # 7 bits: two u8 x s8 products fit an int16
    assert np.all(np.abs(q.astype(np.float32) * scales - weight) <= scales / 2 + 1e-6)
    assert scales[2] == pytest.approx(40 / 63)
    assert scales[0] < 0.05
    zero_q, zero_scales = column_quantize(np.zeros((4, 2), np.float32))
    assert np.all(zero_q == 0) and np.all(zero_scales > 0)


def test_block_quantize_round_trip() -> None:
    from stance.int8 import block_quantize

    rng = np.random.default_rng(0)
    weight = rng.normal(size=(70, 5)).astype(np.float32)  # K not a multiple of the block
    weight[3, 2] = 40.0  # an outlier only coarsens its own block
    packed, scales = block_quantize(weight, block_size=32)
    assert packed.shape == (5, 3, 32) and packed.dtype == np.uint8
    assert scales.shape == (5, 3)
    assert int(packed.min()) >= 1 and int(packed.max()) <= 127  # q + 64, |q| <= 63
    restored = ((packed.astype(np.float32) - 64) * scales[..., None]).reshape(5, 96).T[:70]
    step = np.abs(scales).repeat(32, axis=1).T[:70]
    assert np.all(np.abs(restored - weight) <= step / 2 + 1e-6)
    assert scales[2, 0] == pytest.approx(40 / 63)
    assert scales[2, 1] < 0.05  # the next block of the same column keeps a fine scale
    assert np.all(packed[:, 2, 70 - 64 :] == 64)  # padding is exact zero


# ---------------------------------------------------------------- benchmarks/throughput.py


def _bench_module(name: str = "throughput"):
    """A script of benchmarks/ loaded as a module (conftest.load_script)."""
    return load_script(f"benchmarks/{name}.py", f"{name}_bench")


def test_bench_flops_and_padding() -> None:
    bench = _bench_module()
    config = {
        "num_hidden_layers": 2,
        "hidden_size": 4,
        "intermediate_size": 8,
        "id2label": {0: "a", 1: "b", 2: "c"},
    }
    # per token 2*2*(4*16 + 2*4*8) = 512; attention 4*2*4*s^2 = 32 s^2; head 2*(16 + 12) = 56
    assert bench.model_flops(config, [3]) == 512 * 3 + 32 * 9 + 56
    assert bench.model_flops(config, [1, 2]) == (512 + 32 + 56) + (1024 + 128 + 56)
    # lengths 1, 3, 2, 4 in batches of 2: sorted [1,2][3,4] feeds 4+8=12 of which 10 real
    assert bench.padding_share([1, 3, 2, 4], 2, sort=True) == pytest.approx(1 - 10 / 12)
    assert bench.padding_share([1, 3, 2, 4], 2, sort=False) == pytest.approx(1 - 10 / 14)


def test_bench_pairs_fixed_distinct_mix() -> None:
    bench = _bench_module()
    if not (bench.DEFAULT_DATA / "sick" / "SICK.txt").is_file():
        pytest.skip("shared data not present")
    pairs = bench.select_pairs(bench.DEFAULT_DATA, 200)
    assert len(pairs) == 200 == len(set(pairs))
    assert pairs == bench.select_pairs(bench.DEFAULT_DATA, 200)
    words = sorted(len(p.split()) + len(h.split()) for p, h in pairs)
    assert words[20] < 15 < 40 < words[-20]  # both short and long pairs are in the mix


def test_bench_limit_is_the_best_matmul_rate_seen() -> None:
    bench = _bench_module()
    first, last = {"fp32": 140.0, "int8": 860.0}, {"fp32": 200.0, "int8": 670.0}
    best = bench.best_matmul([first, last])
    assert (best["fp32"], best["int8"]) == (200.0, 860.0)
    assert best["measured"] == [first, last]
    assert bench.best_matmul([]) == {}
    config = {"num_hidden_layers": 1, "hidden_size": 2, "intermediate_size": 4}
    raw = {"stance_onnx": {"seconds": 1.0, "labels": ["neutral"], "tokens": [4]}, "matmul": best}
    report = bench.summarize(1, raw, {"stance_onnx": 1.0}, config, 32)
    assert report["matmul_gflops"] == {"fp32": 200.0, "int8": 860.0}
    flops = bench.model_flops(config, [4])
    assert report["limit_share"]["stance_onnx"] == pytest.approx(flops / 860e9)


def test_profile_sums_kernel_time_by_operator() -> None:
    module = _bench_module("profile_onnx")
    events = [
        {"cat": "Node", "name": "a_kernel_time", "dur": 30, "args": {"op_name": "Add"}},
        {"cat": "Node", "name": "b_kernel_time", "dur": 12, "args": {"op_name": "Add"}},
        {"cat": "Node", "name": "b_fence_before", "dur": 99, "args": {"op_name": "Add"}},
        {"cat": "Session", "name": "model_run", "dur": 500},
        {
            "cat": "Node",
            "name": "m_kernel_time",
            "dur": 50,
            "args": {"op_name": "MatMulIntegerToFloat"},
        },
    ]
    assert module.kernel_time(events) == {"Add": 42, "MatMulIntegerToFloat": 50}
    assert module.GROUPS["MatMulIntegerToFloat"] == "int8 matmuls"


def test_bench_rejects_zero_threads() -> None:
    bench = _bench_module()
    with pytest.raises(SystemExit):
        bench.parse_args(["--threads", "0"])


def test_bench_repeat_and_its_fastest_call() -> None:
    bench = _bench_module()
    with pytest.raises(SystemExit):
        bench.parse_args(["--repeat", "0"])
    assert bench.parse_args([]).repeat == 3
    calls = []
    delays = iter([0.0, 0.03, 0.0, 0.01])  # the warm-up, then three timed calls

    def fn(batch):
        calls.append(len(batch))
        time.sleep(next(delays))
        return len(calls)

    pairs = [("p", "h")] * (bench.WARMUP + 4)
    out, best, times = bench._timed(fn, pairs, repeat=3)
    assert calls == [bench.WARMUP] + [len(pairs)] * 3
    assert out == 4  # the last call's output
    assert len(times) == 3 and best == min(times) and max(times) >= 0.03 > best


@pytest.mark.parametrize("opset", [14, 20])
def test_rowwise_export_at_both_ends_of_the_opset_range(tmp_path: Path, opset: int) -> None:
    """Reduce ops took their axes as an attribute before opset 18 and as an input since, and
    Shape's start/end only exist from 15: the rewrite must load at every opset export allows."""
    from stance.export import export_model

    model = spread_weights(build_tiny_model(tmp_path / "model"))
    result = export_model(model, opset=opset, int8_scheme="rowwise")
    assert result.int8_scheme == "rowwise"
    ref = load_backend(model, backend="torch", threads=1).predict(PAIRS)
    got = load_backend(model, backend="onnx", threads=1).predict(PAIRS)
    assert float(np.abs(got - ref).max()) < 0.1


@pytest.mark.parametrize("scheme", ["rowwise", "blockwise"])
def test_quantize_unnamed_matmuls_sharing_a_weight(tmp_path: Path, scheme: str) -> None:
    """Other exporters leave nodes unnamed and may reuse one weight: the names the rewrite
    gives must stay unique, and each matmul must still compute x @ W."""
    import onnx
    import onnxruntime as ort
    from onnx import TensorProto, helper, numpy_helper

    from stance.int8 import quantize

    rng = np.random.default_rng(0)
    weight = rng.normal(size=(64, 64)).astype(np.float32)
    graph = helper.make_graph(
        [
            helper.make_node("MatMul", ["x", "W"], ["h"]),
            helper.make_node("MatMul", ["h", "W"], ["y"]),
        ],
        "two_matmuls",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["rows", 64])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, ["rows", 64])],
        initializer=[numpy_helper.from_array(weight, "W")],
    )
    onnx.save(
        helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)]),
        tmp_path / "fp32.onnx",
    )
    quantize(tmp_path / "fp32.onnx", tmp_path / "int8.onnx", scheme)
    x = rng.normal(size=(5, 64)).astype(np.float32)
    session = ort.InferenceSession(str(tmp_path / "int8.onnx"), providers=["CPUExecutionProvider"])
    got = session.run(None, {"x": x})[0]
    ref = x @ weight @ weight
    assert float(np.abs(got - ref).max() / np.abs(ref).max()) < 0.05
