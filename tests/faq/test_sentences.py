"""No FAQ template sentence states a policy that no value backs.

Every sentence of every template (each language) that reads like a store policy (a time, an
amount, "free", a refund, points, "we will", "always"...) or like a sales claim ("fast",
"simple", "hassle-free") must either print a value the merchant gives (`{{ variable }}`), or
sit inside an `{% if %}` / `{% for %}` on such a value (so that it follows what was given,
or a default the command prints and marks as `assumed:`). The few neutral sentences that
match a policy word but commit the store to nothing are listed in ALLOWED with the reason.

Names that only identify the store (its name, its email...) back nothing: "email us at
{{ support_email }} and we will open an investigation" still promises an investigation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2] / "faq_templates"
SCHEMA = yaml.safe_load((ROOT / "schema.yml").read_text(encoding="utf-8"))["topics"]
LANGS = ("en", "id")

IDENTITY = {"store_name", "support_email", "support_phone", "program_name", "sale_name"}
"""Values that name the store or a channel: they state no policy."""

POLICY = {
    "en": r"""
        \d | \bfree\b | \bwithin\b | \b(day|hour|week|month|year|minute)s?\b | refund |
        \bpoints\b | \bwe\b | \bour\s+team\b | \byou\s+(will\s+)?(get|receive)\b |
        \balways\b | \bnever\b | guarantee | \bwarranty\b | \bcharge | \bfees?\b | \bcosts?\b |
        \bimmediate | \bright\s+away | \bautomatic | \bany\s+time\b | \bno\s+surprises |
        \bmost\b | \bregularly\b | \busually\b
    """,
    "id": r"""
        \d | \bgratis\b | \b(hari|jam|minggu|bulan|tahun|menit)\b | refund | \bdana\b |
        \bpoin\b | \bkami\b(?<!hubungi\skami)(?<!kepada\skami)(?<!dari\skami) |
        \banda\s+(akan\s+)?(mendapat|menerima) |
        \bselalu\b | \btidak\s+pernah\b | \bjamin | \bgaransi\b | \bbiaya\b | \bditagih |
        \blangsung\b | \bsegera\b | \botomatis | \bkapan\s+saja\b | \bsebagian\s+besar\b |
        \brutin\b | \bbiasanya\b
    """,
}
"""Words and phrases of a store policy (a time, an amount, a promise), per language."""

CLAIMS = {
    "en": r"""
        \bfast | \bquick | \binstant | \bstraight\s+away | \bsimpl[ey]\b | \bfair\b | hassle |
        \bpersonal | \beas(y|ily)\b | \bbest\b | \bhappy\s+to\b | \blove\b | \bsafe\b |
        \bencrypt | \bcertified\b | \bno\s+problem\b | \bdon't\s+wait | \bhas\s+you\s+covered |
        \bto\s+last\b | \bfirst\s+in\s+line\b | \bmakes\s+all\s+the\s+difference
    """,
    "id": r"""
        \b(paling|semakin)\s+cepat\b | \bcepat\s+(dan|habis)\b | \btercepat\b | \binstan |
        \bsederhana\b | \badil\b | \bmudah | \bpraktis\b | \bsiap\s+(membantu|melindungi) |
        \btenang\s+saja\b | (?<!dengan\s)\baman\b | \bbersertifikat\b |
        \bterbaik\b | \bjangan\s+sampai\b | \btahan\s+lama\b | \blebih\s+dulu\b |
        \bdengan\s+senang\s+hati\b
    """,
}
"""Sales claims nobody gave: wrong in any sentence, backed by a value or not."""

_BANK = "the bank's timing, not the store's: it commits the store to nothing"
_CARRIERS = "how carriers work in general; the store promises nothing"
_DECLINED = "why banks decline cards in general; states nothing about the store"
_LAW = (
    "consumer law, not a store policy: a seller's warranty cannot take away statutory rights "
    "(EU Directive 2019/771 art. 17; Indonesia UU 8/1999 art. 18)"
)
ALLOWED: dict[tuple[str, str], dict[str, str]] = {
    ("shipping", "en"): {
        "Here is how {{ store_name }} gets your order to you: when it leaves our warehouse, "
        "which delivery options you can choose, what they cost and how to follow your parcel.": (
            "the page's contents, stated by the answers below"
        ),
    },
    ("returns", "en"): {
        "If an item doesn't meet these conditions, we may not be able to accept the return.": (
            "what condition_rules means; promises nothing"
        ),
        "Depending on your bank or payment provider, it can take a few more days to appear "
        "on your statement.": _BANK,
    },
    ("returns", "id"): {
        "Setelah pengajuan retur dibuat, mohon segera kirimkan barangnya kembali kepada kami.": (
            "a request to the shopper (as the English 'Please send the item back soon')"
        ),
        "Jika barang tidak memenuhi syarat tersebut, retur mungkin tidak dapat kami terima.": (
            "what condition_rules means; promises nothing"
        ),
        "Tergantung bank atau penyedia pembayaran Anda, dana mungkin baru terlihat di rekening "
        "beberapa hari kemudian.": _BANK,
        "Jika setelah itu dana belum juga masuk, hubungi kami di {{ support_email }}.": (
            "where to ask; promises nothing"
        ),
    },
    ("order-tracking", "en"): {
        "Carriers can take a while to scan a new parcel for the first time, and in busy periods "
        "parcels are not always scanned at every stop, so the status can stay the same while "
        "your parcel is still moving.": _CARRIERS,
    },
    ("order-tracking", "id"): {
        "Kurir bisa memerlukan waktu sebelum memindai paket baru untuk pertama kalinya, dan saat "
        "musim ramai paket tidak selalu dipindai di setiap titik transit, sehingga statusnya "
        "bisa tidak berubah meskipun paket tetap dalam perjalanan.": _CARRIERS,
    },
    ("order-changes", "id"): {
        "Jika pembayaran Anda baru diotorisasi dan belum ditarik, bank Anda akan melepaskan "
        "dana yang tertahan; lamanya tergantung bank Anda.": _BANK,
    },
    ("payments", "en"): {
        "The most common reasons are a mistyped card number or security code, a billing address "
        "that doesn't match your card, an online spending limit, or a 3-D Secure check that "
        "wasn't completed.": _DECLINED,
    },
    ("payments", "id"): {
        "Penyebab yang paling sering adalah salah memasukkan nomor kartu atau kode keamanan, "
        "alamat penagihan yang tidak sesuai, batas transaksi online, atau verifikasi "
        "OTP/3-D Secure yang belum diselesaikan.": _DECLINED,
    },
    ("holiday", "en"): {
        "They can: carriers handle more parcels than usual at this time of year.": _CARRIERS,
    },
    ("holiday", "id"): {
        "Bisa jadi: volume paket di kurir lebih tinggi dari biasanya pada musim ini.": _CARRIERS,
    },
    ("warranty", "en"): {
        "Our warranty comes on top of your statutory rights as a consumer, which stay fully in "
        "place.": _LAW,
    },
    ("warranty", "id"): {
        "Jika Anda tidak membeli langsung dari kami, kirimkan foto nota atau bukti pembeliannya "
        "ke {{ support_email }}.": "what to send with a claim ('langsung' is 'directly' here)",
        "Garansi kami merupakan tambahan dan tidak mengurangi hak-hak Anda sebagai konsumen "
        "menurut hukum yang berlaku.": _LAW,
    },
    ("loyalty", "en"): {
        "Here is how {{ program_name }}, the rewards programme of {{ store_name }}, works: "
        "joining, earning points and using them.": "the page's contents",
    },
    ("loyalty", "id"): {
        "Berikut cara kerja {{ program_name }}, program reward dari {{ store_name }}: cara "
        "bergabung, mengumpulkan poin, dan menukarkannya.": "the page's contents",
    },
}
"""(topic, lang) -> {sentence: why it states no policy}, reviewed. Sentences as the test reads
them: template text with its `{{ expressions }}`, the `{% tags %}` and list markers taken out."""


@dataclass(frozen=True)
class Sentence:
    text: str
    backed: bool


_TAG = re.compile(r"({%-?.*?-?%}|{{-?.*?-?}}|{#.*?#})", re.S)
_NAME = re.compile(r"[A-Za-z_]\w*")
_STRING = re.compile(r"\"[^\"]*\"|'[^']*'")
_LIST = re.compile(r"^(\d+\.|-)\s+")
"""A list item's marker, which is no number of the policy's."""
_END = re.compile(r"(?<=[.!?])(?<!\n\d\.)\s+|\n+")
"""A sentence ends at . ! or ? and a space (not the "1. " of a numbered list), or a line."""


def _names(expr: str) -> set[str]:
    return set(_NAME.findall(_STRING.sub("", expr)))


def _body(source: str) -> str:
    """The template after its front matter (holiday's macro comes before it)."""
    start = source.index("---\ntitle:")
    return source[start + 4 :].split("\n---\n", 1)[1]


def sentences(topic: str, lang: str) -> list[Sentence]:
    """The template's sentences; `backed` when one prints, or depends on, a policy value."""
    source = (ROOT / lang / f"{topic}.md.j2").read_text(encoding="utf-8")
    backers = set(SCHEMA[topic]["variables"]) - IDENTITY
    chars: list[tuple[str, bool]] = []
    stack: list[bool] = []
    for piece in _TAG.split(_body(source)):
        if piece.startswith("{%"):
            words = piece.strip("{%-} \n").split(None, 1) or [""]
            keyword, rest = words[0], words[1] if len(words) > 1 else ""
            if keyword == "if":
                stack.append(bool(_names(rest) & backers))
            elif keyword == "elif":
                stack[-1] = stack[-1] or bool(_names(rest) & backers)
            elif keyword == "for":
                target, _, iterable = rest.partition(" in ")
                backed = bool(_names(iterable) & backers)
                stack.append(backed)
                backers |= _names(target) if backed else set()
            elif keyword == "set":
                target, _, value = rest.partition("=")
                backers |= _names(target) if _names(value) & backers else set()
            elif keyword in ("endif", "endfor"):
                stack.pop()
        elif piece.startswith("{{"):
            expr = piece.strip("{-} \n")
            chars += [(c, bool(_names(expr) & backers)) for c in "{{ " + expr + " }}"]
        elif not piece.startswith("{#"):
            chars += [(c, any(stack)) for c in piece]
    return _split("".join(c for c, _ in chars), [b for _, b in chars])


def _split(text: str, backed: list[bool]) -> list[Sentence]:
    out, start = [], 0
    for end in [*(m.start() for m in _END.finditer(text)), len(text)]:
        raw = text[start:end]
        stripped = raw.strip()
        if stripped and not stripped.startswith("#"):
            out.append(Sentence(_LIST.sub("", stripped), any(backed[start:end])))
        match = _END.match(text, end)
        start = match.end() if match else end
    return out


def unbacked(topic: str, lang: str) -> list[str]:
    """Sentences stating a policy that no value backs (questions aside), or a sales claim."""
    policy = re.compile(POLICY[lang], re.I | re.X)
    claim = re.compile(CLAIMS[lang], re.I | re.X)
    return [
        s.text
        for s in sentences(topic, lang)
        if claim.search(s.text)
        or (not s.backed and not s.text.endswith("?") and policy.search(s.text))
    ]


CASES = [(topic, lang) for topic in SCHEMA for lang in LANGS]


@pytest.mark.parametrize("topic,lang", CASES)
def test_every_policy_sentence_is_backed_by_a_value(topic, lang):
    allowed = ALLOWED.get((topic, lang), {})
    bad = [text for text in unbacked(topic, lang) if text not in allowed]
    assert bad == [], f"{lang}/{topic}: policy sentences no value backs:\n" + "\n".join(bad)


def test_the_allow_list_is_current_and_says_why():
    """An allowed sentence that a template no longer has is stale: it would let a policy
    sentence with the same words back in unreviewed."""
    for (topic, lang), allowed in ALLOWED.items():
        texts = {s.text for s in sentences(topic, lang)}
        for text, reason in allowed.items():
            assert text in texts, f"{lang}/{topic}: stale allowed sentence: {text}"
            assert reason.strip(), f"{lang}/{topic}: no reason for: {text}"


def test_the_reader_sees_what_backs_a_sentence():
    """The reader itself: a value printed, an `if` on a value and a loop over one back a
    sentence; the store's name and email don't."""
    found = {s.text: s.backed for s in sentences("returns", "en")}
    assert (
        found[
            "You have {{ return_window_days }} days from the day your order was delivered "
            "to start a return."
        ]
        is True
    )
    assert found["We don't charge a restocking fee."] is True  # in the else of restocking_fee
    assert found["{{ item }}"] is True  # a loop over non_returnable_items
    assert found["Still nothing after that?"] is False
    assert found["Email us at {{ support_email }}."] is False
