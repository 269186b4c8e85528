"""Every policy a FAQ page states comes from a value: given by the merchant, or a default that
`helpgen faq new` printed and marked (`assumed:`); no two statements on a page contradict.

Each template is rendered under every combination of its booleans, its choices, its optional
values (given or left out) and its `none`-able values, through the same functions as the
command. STATEMENTS ties each policy sentence to the value it depends on; two statements on
one value contradict when no value of the schema's domain makes both true.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
import yaml

from helpgen.faq import assumed_defaults, check_values, load_topics, render_topic
from helpgen.faq.schema import NONE, Topic, Variable

OMITTED = object()
"""A value left out: the command uses the schema's default."""


@dataclass(frozen=True, eq=False)
class Statement:
    topic: str
    variable: str
    holds: Callable[[Any], bool]
    """Whether the sentence is true for the (checked) value."""
    when: str
    patterns: dict[str, str]
    """The sentence, per language (a regular expression)."""


def _is(wanted):
    return lambda value: value == wanted


def _truthy(value):
    return bool(value)


def _falsy(value):
    return not value


def _s(topic, variable, holds, en, id_, when=""):
    when = when or {_truthy: "set", _falsy: "not set"}.get(holds, "")
    return Statement(topic, variable, holds, when, {"en": en, "id": id_})


def _choice(topic, variable, value, en, id_):
    return _s(topic, variable, _is(value), en, id_, when=f"={value}")


STATEMENTS = [
    # returns: who pays, fees, exchanges, what may be returned, how the money comes back
    _choice(
        "returns",
        "return_shipping",
        "store",
        r"return shipping is free",
        r"Ongkos kirim retur gratis",
    ),
    _choice(
        "returns",
        "return_shipping",
        "store",
        r"Print the prepaid return label",
        r"Cetak label retur prabayar",
    ),
    _choice(
        "returns",
        "return_shipping",
        "customer",
        r"return shipping is at your own cost",
        r"Ongkos kirim retur ditanggung oleh Anda",
    ),
    _choice(
        "returns", "return_shipping", "customer", r"proof of postage", r"simpan bukti pengirimannya"
    ),
    _s("returns", "restocking_fee", _truthy, r"restocking fee of", r"biaya restocking sebesar"),
    _s(
        "returns",
        "restocking_fee",
        _falsy,
        r"don't charge a restocking fee",
        r"tidak mengenakan biaya restocking",
    ),
    _s(
        "returns",
        "return_label_cost",
        _truthy,
        r"prepaid return label for",
        r"label retur prabayar dari kami seharga",
    ),
    _choice("returns", "exchanges_offered", True, r'Choose "exchange"', r'Pilih opsi "tukar"'),
    _choice(
        "returns",
        "exchanges_offered",
        False,
        r"We don't offer direct exchanges",
        r"tidak melayani penukaran langsung",
    ),
    _s(
        "returns",
        "non_returnable_items",
        _truthy,
        r"cannot accept returns of|return most items",
        r"tidak dapat dikembalikan:|Sebagian besar produk",
    ),
    _s(
        "returns",
        "non_returnable_items",
        _falsy,
        r"Every item can be returned|return anything",
        r"Semua produk dapat dikembalikan|Semua produk \S",
    ),
    _choice(
        "returns",
        "refund_method",
        "store_credit",
        r"Refunds are issued as store credit",
        r"Refund diberikan dalam bentuk saldo belanja",
    ),
    _choice(
        "returns",
        "refund_method",
        "customer_choice",
        r"You choose when you register the return",
        r"Anda dapat memilih saat mengajukan retur",
    ),
    _choice(
        "returns",
        "refund_method",
        "original_payment",
        r"We refund you to the original payment method",
        r"Dana dikembalikan ke metode pembayaran yang Anda gunakan",
    ),
    # shipping
    _s(
        "shipping",
        "free_shipping_threshold",
        _truthy,
        r"Standard shipping is free",
        r"Gratis ongkir untuk",
    ),
    _s(
        "shipping",
        "free_shipping_threshold",
        _falsy,
        r"Do you offer free shipping\?\n\nNo\.",
        r"gratis ongkir\?\n\nTidak\.",
    ),
    _choice(
        "shipping",
        "ships_internationally",
        True,
        r"Yes, we ship abroad",
        r"Negara tujuan dan ongkos",
    ),
    _choice(
        "shipping",
        "ships_internationally",
        False,
        r"only deliver within our home country",
        r"hanya melayani pengiriman dalam negeri",
    ),
    _choice(
        "shipping",
        "duties_included",
        True,
        r"Prices include customs duties",
        r"Harga sudah termasuk bea masuk",
    ),
    _choice(
        "shipping",
        "duties_included",
        False,
        r"not included in our prices",
        r"belum termasuk dalam harga",
    ),
    # payments
    _s("payments", "currencies", _falsy, r"single currency", r"satu mata uang"),
    _s("payments", "currencies", _truthy, r"You can pay in", r"Anda dapat membayar dalam"),
    _choice("payments", "guest_checkout", True, r"check out as a guest", r"checkout sebagai tamu"),
    _choice(
        "payments", "guest_checkout", False, r"You need an account", r"Anda perlu membuat akun"
    ),
    _s(
        "payments",
        "pay_later_provider",
        _truthy,
        r"instalments\?\n\nYes, with",
        r"dicicil\?\n\nBisa, melalui",
    ),
    _s(
        "payments",
        "pay_later_provider",
        _falsy,
        r"instalments\?\n\nNo\.",
        r"dicicil\?\n\nTidak\.",
    ),
    _choice("payments", "cod_available", True, r"Choose cash on delivery", r"Pilih COD"),
    _choice(
        "payments", "cod_available", False, r"don't offer cash on delivery", r"tidak melayani COD"
    ),
    _choice(
        "payments", "prices_include_tax", True, r"All prices include VAT", r"sudah termasuk pajak"
    ),
    _choice(
        "payments",
        "charge_timing",
        "at_shipping",
        r"take the payment when your order ships",
        r"Pembayaran baru ditarik ketika pesanan dikirim",
    ),
    _choice(
        "payments",
        "charge_timing",
        "at_order",
        r"taken as soon as you place your order",
        r"Pembayaran ditarik saat pesanan dibuat",
    ),
    # gift returns
    _choice(
        "gift-returns",
        "exchanges_offered",
        True,
        r"exchanged|exchange the item|exchange or|an exchange",
        r"ditukar\.|menukar|enukaran barang",
    ),
    _choice(
        "gift-returns",
        "gift_receipt",
        True,
        r"add a gift receipt|or gift receipt",
        r"kami sertakan struk hadiah|atau struk hadiah",
    ),
    _choice(
        "gift-returns",
        "gift_receipt",
        False,
        r"don't offer gift receipts",
        r"tidak menyediakan struk hadiah",
    ),
    _choice("gift-returns", "gift_refund_method", "gift_card", r"e-gift card", r"e-gift card"),
    _choice(
        "gift-returns",
        "gift_refund_method",
        "store_credit",
        r"You receive store credit",
        r"Anda akan menerima saldo belanja",
    ),
    _choice(
        "gift-returns",
        "gift_refund_method",
        "original_payment",
        r"which belongs to the buyer|they will see",
        r"milik pembeli",
    ),
    _s(
        "gift-returns",
        "gift_refund_method",
        lambda v: v != "original_payment",
        r"find out\?\n\nNo\.",
        r"hadiahnya\?\n\nTidak\.",
        when="!=original_payment",
    ),
    # subscriptions, pre-orders, sizing, warranty, loyalty, holiday, contact, damaged items,
    # marketplaces
    _s("subscriptions", "min_deliveries", _truthy, r"After your first", r"kali pengiriman pertama"),
    _s(
        "subscriptions",
        "min_deliveries",
        _falsy,
        r"There is no minimum term",
        r"tanpa masa kontrak minimum",
    ),
    _choice(
        "subscriptions",
        "skip_and_pause",
        True,
        r"You can skip a delivery or pause",
        r"Anda dapat melewati satu pengiriman",
    ),
    _choice(
        "subscriptions",
        "skip_and_pause",
        False,
        r"Deliveries follow the frequency you chose",
        r"Pengiriman mengikuti frekuensi yang Anda pilih",
    ),
    _choice(
        "preorders",
        "ships_separately",
        True,
        r"ship the items in stock right away",
        r"Barang ready stock langsung kami kirim",
    ),
    _choice(
        "preorders",
        "ships_separately",
        False,
        r"Your whole order ships together",
        r"Seluruh pesanan akan dikirim bersamaan",
    ),
    _choice(
        "preorders",
        "preorder_cancellable",
        True,
        r"cancel it for a full refund",
        r"membatalkan pesanan dengan refund penuh",
    ),
    _choice(
        "preorders", "preorder_cancellable", False, r"can't be cancelled", r"tidak dapat dibatalkan"
    ),
    _choice("preorders", "restock_alerts", True, r"Notify me", r"Kabari saya"),
    _choice(
        "preorders",
        "preorder_charge",
        "at_shipping",
        r"Not until the item ships",
        r"baru ditarik saat barang",
    ),
    _choice(
        "preorders",
        "preorder_charge",
        "at_order",
        r"When you place your order, just like",
        r"dilakukan saat memesan",
    ),
    _choice(
        "sizing",
        "free_exchanges",
        True,
        r"Exchanging for another size is free",
        r"Penukaran ukuran gratis",
    ),
    _choice(
        "sizing",
        "free_exchanges",
        False,
        r"Size exchanges are not free",
        r"Penukaran ukuran tidak gratis",
    ),
    _choice(
        "sizing",
        "between_sizes",
        "size_down",
        r"Choose the smaller size",
        r"Pilih ukuran yang lebih kecil",
    ),
    _choice(
        "sizing",
        "between_sizes",
        "size_up",
        r"Choose the larger size",
        r"Pilih ukuran yang lebih besar",
    ),
    _choice("warranty", "repairs_offered", True, r"we repair it", r"akan kami perbaiki"),
    _choice(
        "warranty",
        "repairs_offered",
        False,
        r"We replace the item with the same",
        r"Barang akan kami ganti dengan produk yang sama",
    ),
    _s(
        "loyalty", "points_expiry_months", _truthy, r"Points expire after", r"Poin akan hangus jika"
    ),
    _s("loyalty", "points_expiry_months", _falsy, r"never expire", r"tidak akan hangus"),
    _s("loyalty", "tiers", _truthy, r"Yes, there are these levels", r"\*\*\S"),
    _s(
        "loyalty",
        "tiers",
        _falsy,
        r"every member gets the same benefits",
        r"Semua member mendapatkan",
    ),
    _s("loyalty", "join_url", _truthy, r"Sign up at \[", r"Daftar di \["),
    _s("loyalty", "join_url", _falsy, r"automatically a member", r"otomatis menjadi member"),
    _choice(
        "loyalty",
        "points_credited",
        "at_shipping",
        r"once your order has shipped",
        r"setelah pesanan dikirim",
    ),
    _choice(
        "loyalty",
        "points_credited",
        "at_delivery",
        r"once your order has been delivered",
        r"setelah pesanan diterima",
    ),
    _choice(
        "loyalty",
        "points_credited",
        "after_return_window",
        r"return window of your order has passed",
        r"setelah masa retur pesanan berakhir",
    ),
    _s("holiday", "closed_dates", _truthy, r"are closed on", r"libur pada"),
    _s("holiday", "closed_dates", _falsy, r"keep their usual working days", r"tetap beroperasi"),
    _s(
        "holiday",
        "extended_return_until",
        _truthy,
        r"can be returned until",
        r"dapat dikembalikan hingga",
    ),
    _s("contact", "business_address", _truthy, r"registered address", r"Alamat terdaftar"),
    _choice(
        "damaged-items",
        "remedy",
        "replacement",
        r"We send you a replacement|send you a replacement",
        r"barang pengganti tanpa biaya tambahan|kami kirimkan pengganti\b(?! atau)",
    ),
    _choice(
        "damaged-items",
        "remedy",
        "refund",
        r"We refund the item in full\.|, refund you,",
        r"Kami akan mengembalikan dana|kami kembalikan dana Anda\.",
    ),
    _choice(
        "damaged-items",
        "remedy",
        "customer_choice",
        r"Your choice|as you prefer",
        r"Anda bisa memilih|pilihan Anda",
    ),
    _s("damaged-items", "warranty_years", _truthy, r"-year warranty", r"bergaransi"),
    _s("marketplace-orders", "warranty_years", _truthy, r"-year warranty", r"Garansi \d"),
    _s("order-tracking", "lost_after_days", _truthy, r"treat the parcel as lost", r"anggap hilang"),
]

CASES = [(topic, lang) for topic in load_topics() for lang in load_topics()[topic].languages]


def _domain(var: Variable) -> list:
    """The values a merchant can give (or not): what the combinations run through."""
    if var.type == "boolean":
        return [True, False] + ([] if var.required else [OMITTED])
    if var.choices:
        return list(var.choices) + ([] if var.required else [OMITTED])
    if var.type == "fee":
        return [NONE, "€5"]
    if var.may_be_none:
        return [var.example, NONE]
    return [var.example] if var.required else [var.example, OMITTED]


def _checked(topic: Topic, var: Variable, value) -> Any:
    """What the template receives for `value` of the domain, as the command converts it."""
    if value is OMITTED:
        return var.default
    required = {v.name: v.example for v in topic.variables.values() if v.required}
    return check_values(topic, {**required, var.name: value})[var.name]


def _combinations(topic_id: str):
    variables = list(load_topics()[topic_id].variables.values())
    for combo in itertools.product(*(_domain(var) for var in variables)):
        yield {
            var.name: value
            for var, value in zip(variables, combo, strict=True)
            if value is not OMITTED
        }


def _contradicting_pairs(topic_id: str) -> list[tuple[Statement, Statement]]:
    """Statements on one value that no value of its domain makes both true."""
    topic = load_topics()[topic_id]
    mine = [s for s in STATEMENTS if s.topic == topic_id]
    return [
        (a, b)
        for a, b in itertools.combinations(mine, 2)
        if a.variable == b.variable
        and not any(
            a.holds(v) and b.holds(v) for v in _values_of(topic, topic.variables[a.variable])
        )
    ]


def _values_of(topic: Topic, var: Variable) -> list:
    return [_checked(topic, var, value) for value in _domain(var)]


def _split(text: str) -> tuple[dict, str]:
    head, _, body = text[4:].partition("\n---\n")
    return yaml.safe_load(head), body


def test_every_statement_names_a_variable_of_its_topic():
    topics = load_topics()
    for s in STATEMENTS:
        assert s.variable in topics[s.topic].variables, (s.topic, s.variable)


def test_contradiction_pairs_come_from_the_schema():
    """The pairs the page test checks exist, e.g. free returns vs the shopper pays."""
    pairs = {(a.patterns["en"], b.patterns["en"]) for a, b in _contradicting_pairs("returns")}
    assert ("return shipping is free", "return shipping is at your own cost") in pairs
    assert (r'Choose "exchange"', r"We don't offer direct exchanges") in pairs
    assert (
        r"cannot accept returns of|return most items",
        r"Every item can be returned|return anything",
    ) in pairs


@pytest.mark.parametrize("topic_id,lang", CASES)
def test_statements_follow_given_or_printed_values_and_never_contradict(topic_id, lang):
    topic = load_topics()[topic_id]
    mine = [s for s in STATEMENTS if s.topic == topic_id]
    pairs = _contradicting_pairs(topic_id)
    seen = set()
    for given in _combinations(topic_id):
        values = check_values(topic, given)
        assumed = assumed_defaults(topic, given)
        front, body = _split(render_topic(topic, lang, values, assumed))
        assert list(front.get("assumed", {})) == [var.name for var in assumed], given
        found = [s for s in mine if re.search(s.patterns[lang], body)]
        for s in found:
            where = (
                f"{topic_id}/{lang}: '{s.patterns[lang]}' needs {s.variable} {s.when}, "
                f"given {given}"
            )
            assert s.holds(values[s.variable]), where
            marked = front.get("assumed", {})
            assert s.variable in given or s.variable in marked, (
                "neither given nor assumed: " + where
            )
        for a, b in pairs:
            assert not (a in found and b in found), (a.patterns[lang], b.patterns[lang], given)
        seen.update(found)
    never = [s.patterns[lang] for s in mine if s not in seen]
    assert never == [], "statements that never appear: stale table"
