"""`stance analyze CORPUS -o OUT.jsonl --engine ray`: the local engine's OUT, rejects and summary,
byte for byte; resume by shard; the refusals.

The in-process tests share one local Ray instance with 2 CPUs (module scope) and use the
MiniLM model on the onnx backend (the engine is under test, not the judge; no torch to import:
each actor starts in about a second) with lexical relevance (conftest's config), as
test_ray_engine.py does; the articles are those of test_analyze_corpus.py. The integration
tests run the real CLI on FNC-1 train bodies, each engine in a subprocess of its own.
"""

from __future__ import annotations

import contextlib
import csv
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

ray = pytest.importorskip("ray")

from conftest import write_jsonl  # noqa: E402
from test_analyze_corpus import BAD_ROWS, NO_CLAIMS, article  # noqa: E402
from typer.testing import CliRunner  # noqa: E402

from stance.cli.main import app  # noqa: E402
from stance.corpus import (  # noqa: E402
    ArticleRecord,
    ArticleSpec,
    CorpusOptions,
    CorpusPaths,
    CorpusSummary,
    run_corpus,
)
from stance.errors import StanceError, UsageError  # noqa: E402
from stance.io.pair_input import BadRow  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
FNC1_BODIES = REPO.parent / "shared" / "data" / "fnc-1" / "train_bodies.csv"
PER_UNIT = 3  # --articles-per-batch: rows per unit, so 16 rows make 6 units


def corpus_rows() -> list[dict]:
    """Articles with claims, one without, and the bad rows of test_analyze_corpus."""
    rows: list[dict] = [{"id": f"a{i}", "text": article(i)} for i in range(10)]
    rows.insert(4, {"id": "calm", "text": NO_CLAIMS})
    rows[7:7] = BAD_ROWS[1:2]  # missing text field
    rows.append(BAD_ROWS[3])  # text not a string
    rows.extend({"id": f"b{i}", "text": article(i + 20)} for i in range(3))
    return rows


def comparable_summary(path: Path) -> dict:
    """OUT.summary.json without what says who wrote it and how fast."""
    summary = json.loads(path.read_text(encoding="utf-8"))
    for key in ("written_by_last_run", "seconds_of_last_run", "output", "rejects_file"):
        summary.pop(key)
    return summary


# ----------------------------------------------------------------------- no Ray needed


def run_cli(*args: str):
    return CliRunner().invoke(app, ["analyze", *args])


def test_engine_ray_needs_a_corpus_and_an_output(tmp_path) -> None:
    text = tmp_path / "a.txt"
    text.write_text(article(0), encoding="utf-8")
    corpus = write_jsonl(tmp_path / "c.jsonl", corpus_rows()[:2])
    out = str(tmp_path / "o.jsonl")
    cases = [
        ([str(text), "--engine", "ray"], "--engine ray needs a corpus"),
        ([str(corpus), "--engine", "ray", "--json"], "--engine ray needs -o OUT.jsonl"),
        (
            [str(corpus), "--engine", "ray", "-o", out, "--html", str(tmp_path / "v")],
            "--html: not with --engine ray",
        ),
        ([str(corpus), "-o", out, "--workers", "2"], "--workers needs --engine ray"),
        ([str(corpus), "-o", out, "--address", "auto"], "--address needs --engine ray"),
        ([str(corpus), "-o", out, "--engine", "spark"], "--engine spark: choose local or ray"),
    ]
    for args, message in cases:
        result = run_cli(*args)
        assert result.exit_code == 2, (args, result.output)
        assert message in result.stderr, (args, result.stderr)
    assert not Path(out).exists()


def test_help_explains_the_ray_options() -> None:
    result = run_cli("--help")
    text = " ".join(result.stdout.replace("│", " ").split())
    for option in ("--engine", "--address", "--workers", "--cpus-per-worker"):
        assert option in text
    assert "pip install -e '.[ray]'" in text and "OUT.jsonl.shards/" in text


def test_assemble_concatenates_the_shards_and_counts_them(tmp_path) -> None:
    from stance.ray_engine.corpus import assemble
    from stance.ray_engine.shards import OutputDir

    paths = CorpusPaths.of(tmp_path / "out.jsonl")
    work = OutputDir(paths.shards)
    work.mkdir()
    docs = [
        {"id": "x", "claims": [{}, {}], "pairs": [{"verdict": "contradict"}]},
        {"id": "y", "claims": [], "pairs": []},
        {"id": "z", "claims": [{}], "pairs": [{"verdict": "agree"}, {"verdict": "unrelated"}]},
    ]
    lines = [json.dumps(d).encode() + b"\n" for d in docs]
    # Names sort in input order; assemble takes the order it is given.
    work.write("part-00000-0000000002-aaaaaaaaaaaaaaaa.jsonl", lines[0] + lines[1])
    work.write("part-00000-0000000004-bbbbbbbbbbbbbbbb.jsonl", lines[2])
    work.write("_rejects.jsonl", b'{"file": "c.jsonl", "line": 3}\n')
    summary = CorpusSummary(paths.final)
    assemble(work, sorted(n for n in work.names() if n.startswith("part-")), paths, summary)
    assert paths.final.read_bytes() == b"".join(lines)
    assert (summary.articles, summary.claims, summary.pairs, summary.no_claims) == (3, 3, 3, 1)
    assert (summary.contradict, summary.agree, summary.rejects) == (1, 1, 1)
    assert paths.rejects.read_bytes() == work.read_bytes("_rejects.jsonl")
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temporary left


def test_the_local_engine_refuses_a_ray_jobs_shards(tmp_path, lexical_config) -> None:
    corpus = write_jsonl(tmp_path / "c.jsonl", corpus_rows()[:2])
    out = tmp_path / "out.jsonl"
    shards = tmp_path / "out.jsonl.shards"
    shards.mkdir()
    (shards / "_job.json").write_text("{}")
    common = ["--backend", "onnx", "--model", "minilm", "--config", str(lexical_config)]
    result = run_cli(str(corpus), "-o", str(out), *common)
    assert result.exit_code == 2 and "out.jsonl.shards: already exists" in result.stderr
    result = run_cli(str(corpus), "-o", str(out), "--resume", *common)
    assert result.exit_code == 1
    assert "interrupted --engine ray job; resume it with --engine ray" in result.stderr
    (shards / "notes.txt").write_text("mine")
    result = run_cli(str(corpus), "-o", str(out), "--force", *common)
    assert result.exit_code == 2 and "which stance did not write" in result.stderr
    (shards / "notes.txt").unlink()
    result = run_cli(str(corpus), "-o", str(out), "--force", *common)
    assert result.exit_code == 0, result.output
    assert not shards.exists() and len(out.read_text().splitlines()) == 2


# ------------------------------------------------------------------------ in-process Ray


@pytest.fixture(scope="module")
def ray_local():
    """One local Ray instance with 2 CPUs for the in-process tests."""
    import logging

    if ray.is_initialized():
        ray.shutdown()
    ray.init(
        address="local",
        num_cpus=2,
        include_dashboard=False,
        log_to_driver=False,
        logging_level=logging.ERROR,
    )
    yield ray
    ray.shutdown()


@pytest.fixture(scope="module")
def job(tmp_path_factory, lexical_config) -> dict:
    """The corpus, the model and settings, and the local engine's files for it (the onnx
    backend's scores do not depend on the thread count, so the actors' 1 thread and the local
    engine's default give the same bits)."""
    from stance.api import prepare_analysis
    from stance.model import ModelSettings
    from stance.settings import AnalyzeSettings

    root = tmp_path_factory.mktemp("ray-corpus")
    corpus = write_jsonl(root / "c.jsonl", corpus_rows())
    model = ModelSettings("minilm", backend="onnx")
    settings = AnalyzeSettings.load(lexical_config)
    local = root / "local.jsonl"
    run_corpus(
        corpus,
        local,
        lambda: prepare_analysis(model, settings),
        settings,
        CorpusOptions(skip_bad=True),
    )
    return {"corpus": corpus, "model": model, "settings": settings, "local": local, "root": root}


def options(**kw) -> CorpusOptions:
    return CorpusOptions(fields=ArticleSpec(), articles_per_batch=PER_UNIT, **kw)


def run_ray(job: dict, out: Path, **kw):
    from stance.ray_engine.corpus import run_ray_corpus
    from stance.ray_engine.options import RayOptions

    return run_ray_corpus(
        job["corpus"], out, job["model"], job["settings"], options(**kw), RayOptions(workers=2)
    )


def assert_same_as_local(job: dict, out: Path) -> None:
    local = job["local"]
    assert out.read_bytes() == local.read_bytes()
    assert Path(f"{out}.rejects.jsonl").read_bytes() == Path(f"{local}.rejects.jsonl").read_bytes()
    assert comparable_summary(Path(f"{out}.summary.json")) == comparable_summary(
        Path(f"{local}.summary.json")
    )
    assert not Path(f"{out}.shards").exists()


def test_ray_gives_the_local_engines_files(tmp_path, job, ray_local) -> None:
    out = tmp_path / "out.jsonl"
    summary = run_ray(job, out, skip_bad=True)
    assert_same_as_local(job, out)
    assert (summary.articles, summary.written, summary.rejects) == (14, 14, 2)
    assert summary.shards == 6 and len({pid for _, pid in summary.actors}) == 2
    ids = [json.loads(line)["id"] for line in out.read_text().splitlines()]
    assert ids[:5] == ["a0", "a1", "a2", "a3", "calm"] and ids[-1] == "b2"  # input order
    rejects = [json.loads(line) for line in Path(f"{out}.rejects.jsonl").read_text().splitlines()]
    assert [(r["file"], r["line"], r["field"]) for r in rejects] == [
        ("c.jsonl", 8, "text"),
        ("c.jsonl", 13, "text"),
    ]
    # A finished OUT resumes to nothing; without --resume or --force it is refused.
    again = run_ray(job, out, skip_bad=True, resume=True)
    assert again.finished_before and again.already_done == 14 and again.written == 0
    with pytest.raises(UsageError, match="already exists"):
        run_ray(job, out, skip_bad=True)


def test_without_skip_bad_the_first_bad_row_stops_before_any_output(tmp_path, job, ray_local):
    out = tmp_path / "out.jsonl"
    with pytest.raises(BadRow, match=r"^c\.jsonl:8: field 'text': missing field$"):
        run_ray(job, out)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.jsonl.lock"]


@pytest.mark.slow
def test_a_run_interrupted_after_some_shards_resumes_by_shard(
    tmp_path, job, ray_local, monkeypatch
) -> None:
    """A killed job leaves whole shards and no OUT. Here a run is stopped before its assembly
    (every shard and the manifest written): --resume only assembles. Then, from the same
    shards, two deleted (never written) and the manifest with them: --resume analyzes exactly
    those two units. Both times OUT is the uninterrupted run's."""
    import shutil

    import stance.ray_engine.corpus as ray_corpus

    def killed(*args, **kwargs):
        raise StanceError("killed before the assembly")

    out = tmp_path / "out.jsonl"
    shards = Path(f"{out}.shards")
    with monkeypatch.context() as patch:
        patch.setattr(ray_corpus, "assemble", killed)
        with pytest.raises(StanceError, match="killed"):
            run_ray(job, out, skip_bad=True)
    assert not out.exists() and (shards / "_manifest.json").is_file()
    shutil.copytree(shards, tmp_path / "kept")

    summary = run_ray(job, out, skip_bad=True, resume=True)
    assert (summary.written, summary.already_done, summary.actors) == (0, 14, set())
    assert_same_as_local(job, out)

    for path in (out, Path(f"{out}.summary.json"), Path(f"{out}.rejects.jsonl")):
        path.unlink()
    (tmp_path / "kept").rename(shards)
    parts = sorted(shards.glob("part-*.jsonl"))
    assert len(parts) == 6
    lost = parts[1].read_text().count("\n") + parts[4].read_text().count("\n")
    for part in (parts[1], parts[4], shards / "_manifest.json"):
        part.unlink()
    # The job file holds what decides the units: other options are refused, nothing changes.
    with pytest.raises(StanceError, match="articles_per_batch 3, not 4"):
        from stance.ray_engine.corpus import run_ray_corpus
        from stance.ray_engine.options import RayOptions

        run_ray_corpus(
            job["corpus"],
            out,
            job["model"],
            job["settings"],
            CorpusOptions(skip_bad=True, resume=True, articles_per_batch=4),
            RayOptions(workers=2),
        )
    assert len(list(shards.glob("part-*"))) == 4

    summary = run_ray(job, out, skip_bad=True, resume=True)
    assert (summary.written, summary.already_done) == (lost, 14 - lost)
    assert_same_as_local(job, out)


def test_a_folder_and_a_saved_dataset_split_match_the_local_engine(tmp_path, job, ray_local):
    """Units never span files (keys by file position), and a dataset named with --hf-dataset
    and --split is read through Ray Data with the local engine's row numbers."""
    import datasets

    from stance.api import prepare_analysis
    from stance.io.pair_input import hf_dataset_source
    from stance.ray_engine.corpus import run_ray_corpus
    from stance.ray_engine.options import RayOptions

    rows = [{"id": f"r{i}", "text": article(i), "n": i} for i in range(7)]
    folder = tmp_path / "in"
    folder.mkdir()
    write_jsonl(folder / "a.jsonl", rows[:4])
    write_jsonl(folder / "b.jsonl", rows[4:])
    saved = tmp_path / "saved"
    datasets.DatasetDict(
        {
            "train": datasets.Dataset.from_list(rows[2:]),
            "test": datasets.Dataset.from_list(rows[:1]),
        }
    ).save_to_disk(str(saved))
    model, settings = job["model"], job["settings"]
    for name, source in (("folder", folder), ("hf", hf_dataset_source(str(saved), "train"))):
        local, out = tmp_path / f"{name}-local.jsonl", tmp_path / f"{name}-ray.jsonl"
        run_corpus(
            source, local, lambda: prepare_analysis(model, settings), settings, CorpusOptions()
        )
        run_ray_corpus(source, out, model, settings, options(), RayOptions(workers=1))
        assert out.read_bytes() == local.read_bytes(), name
    sources = [json.loads(line)["source"] for line in out.read_text().splitlines()]
    assert sources[0] == "saved:train:1" and len(sources) == 5


def test_an_html_column_gives_the_local_engines_files(tmp_path, ray_local, lexical_config):
    """--text-html: the census extracts each page's text and metadata, the units carry them
    (not the markup) to the actors, and a page without text is a reject, as locally."""
    from test_html_corpus import BAD_ROWS as PAGE_ROWS

    from stance.api import prepare_analysis
    from stance.model import ModelSettings
    from stance.ray_engine.corpus import run_ray_corpus
    from stance.ray_engine.options import RayOptions
    from stance.settings import AnalyzeSettings

    corpus = write_jsonl(tmp_path / "pages.jsonl", PAGE_ROWS)
    model = ModelSettings("minilm", backend="onnx")
    settings = AnalyzeSettings.load(lexical_config)
    opts = CorpusOptions(
        fields=ArticleSpec(text="html", html=True), skip_bad=True, articles_per_batch=2
    )
    local, out = tmp_path / "local.jsonl", tmp_path / "ray.jsonl"
    run_corpus(corpus, local, lambda: prepare_analysis(model, settings), settings, opts)
    run_ray_corpus(corpus, out, model, settings, opts, RayOptions(workers=1))
    assert out.read_bytes() == local.read_bytes()
    assert Path(f"{out}.rejects.jsonl").read_bytes() == Path(f"{local}.rejects.jsonl").read_bytes()
    docs = [json.loads(line) for line in out.read_text().splitlines()]
    assert [(d["id"], d["source_format"]) for d in docs] == [
        ("day-0", "html"),
        ("day-1", "html"),
        ("day-2", "html"),
    ]
    assert "PAYLOAD" not in out.read_text()


def test_the_job_file_names_text_html_only_when_given() -> None:
    """A job without --text-html keeps the job file and unit records it had before the option
    existed (its shards resume); with it, both say so (a resume compares the fields whole, so
    the other choice is refused)."""
    from stance.ray_engine.articles import ARTICLES
    from stance.ray_engine.corpus import _fields

    assert _fields(options()) == {"text": "text", "id": None}
    assert _fields(CorpusOptions(fields=ArticleSpec(html=True))) == {
        "text": "text",
        "id": None,
        "html": True,
    }
    plain = ArticleRecord("a", "text", "c.jsonl", 3)
    page = ArticleRecord("b", "text", "c.jsonl", 4, "html", {"title": "T"})
    assert ARTICLES.encode(plain) == ["a", "text", 3]
    for record in (plain, page):
        values = json.loads(json.dumps(ARTICLES.encode(record)))
        assert ARTICLES.decode(values, "c.jsonl") == record


def test_cross_engine_resume_is_refused(tmp_path, job) -> None:
    """A local job's partial OUT cannot be continued by the ray engine (nor the other way:
    test_the_local_engine_refuses_a_ray_jobs_shards)."""
    out = tmp_path / "out.jsonl"
    out.write_bytes(job["local"].read_bytes().splitlines(keepends=True)[0])
    with pytest.raises(StanceError, match="interrupted --engine local job"):
        run_ray(job, out, skip_bad=True, resume=True)


# --------------------------------------------------------------------- integration: CLI


def first_bodies(n: int, path: Path) -> Path:
    """The first ``n`` FNC-1 train bodies as a CSV of their own."""
    with FNC1_BODIES.open(encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh)
        rows = [next(reader)] + [row for _, row in zip(range(n), reader, strict=False)]
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)
    return path


def cli_env() -> dict[str, str]:
    env = {**os.environ, "OMP_WAIT_POLICY": "PASSIVE", "HF_HUB_OFFLINE": "1"}
    env.pop("RAY_ADDRESS", None)
    return env


def analyze_cmd(corpus: Path, out: Path, *extra: str) -> list[str]:
    return [
        sys.executable,
        "-m",
        "stance",
        "analyze",
        str(corpus),
        "--text-field",
        "articleBody",
        "--id-field",
        "Body ID",
        "-o",
        str(out),
        "--backend",
        "onnx",
        "--model",
        "minilm",
        *extra,
    ]


RAY_ARGS = ("--engine", "ray", "--workers", "2", "--articles-per-batch", "2")
needs_fnc1 = pytest.mark.skipif(
    not FNC1_BODIES.is_file(), reason="../shared/data/fnc-1 not beside the clone"
)


@pytest.fixture(scope="module")
def fnc1_local(tmp_path_factory) -> Path:
    """The local engine's OUT for the first 20 FNC-1 train bodies."""
    root = tmp_path_factory.mktemp("fnc1")
    corpus = first_bodies(20, root / "bodies.csv")
    out = root / "local.jsonl"
    res = subprocess.run(
        analyze_cmd(corpus, out),
        cwd=REPO,
        env=cli_env(),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert res.returncode == 0, res.stderr
    return out


@pytest.mark.integration
@needs_fnc1
def test_parity_with_the_local_engine_on_20_fnc1_bodies(tmp_path, fnc1_local) -> None:
    """benchmarks/corpus.py checks the same on 200 and all 1,683 bodies (docs/analyze.md)."""
    out = tmp_path / "ray.jsonl"
    res = subprocess.run(
        analyze_cmd(fnc1_local.with_name("bodies.csv"), out, *RAY_ARGS),
        cwd=REPO,
        env=cli_env(),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert res.returncode == 0, res.stderr
    assert out.read_bytes() == fnc1_local.read_bytes()
    assert comparable_summary(Path(f"{out}.summary.json")) == comparable_summary(
        Path(f"{fnc1_local}.summary.json")
    )
    # The summary line is the local engine's.
    local_line = json.loads(Path(f"{fnc1_local}.summary.json").read_text())
    assert res.stderr.strip().splitlines()[-1].startswith(f"{local_line['articles']} articles, ")


def session_members(session: int) -> list[int]:
    """Live processes of a session (a driver started with start_new_session and its Ray)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError, ValueError, IndexError):
                stat = (entry / "stat").read_text()
                fields = stat[stat.rindex(")") + 2 :].split()
                if fields[0] != "Z" and int(fields[3]) == session:
                    found.append(int(entry.name))
    return found


@pytest.mark.integration
@needs_fnc1
def test_sigkill_then_resume_gives_the_local_engines_file(tmp_path, fnc1_local) -> None:
    out = tmp_path / "ray.jsonl"
    shards = Path(f"{out}.shards")
    cmd = analyze_cmd(fnc1_local.with_name("bodies.csv"), out, *RAY_ARGS)
    proc = subprocess.Popen(
        cmd,
        cwd=REPO,
        env=cli_env(),
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 180
        while (len(list(shards.glob("part-*"))) if shards.is_dir() else 0) < 2:
            assert proc.poll() is None, proc.stderr.read().decode()
            assert time.monotonic() < deadline, "no shard written"
            time.sleep(0.05)
        os.kill(proc.pid, signal.SIGKILL)  # the driver only
        proc.wait()
    finally:
        # Then what it left running (its local Ray), by pid, as a crashed machine would.
        for _ in range(50):
            left = session_members(proc.pid)
            if not left:
                break
            for pid in left:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
            time.sleep(0.1)
        proc.stderr.close()
        for log in Path(tempfile.gettempdir()).glob(f"stance-ray-{proc.pid}-*.log"):
            log.unlink()
    done = len(list(shards.glob("part-*")))
    assert 2 <= done < 10 and not out.exists()
    res = subprocess.run(
        [*cmd, "--resume"], cwd=REPO, env=cli_env(), capture_output=True, text=True, timeout=300
    )
    assert res.returncode == 0, res.stderr
    assert f"({2 * done} already there)" in res.stderr
    assert out.read_bytes() == fnc1_local.read_bytes()
    assert not shards.exists()
