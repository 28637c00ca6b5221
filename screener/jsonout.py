"""The compact JSON of a result, fast: the same bytes as
`json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), check_circular=False).encode(result)`.

Most of a result's text is the same from one household to the next: the office a programme sends
people to, the documents to bring, the time limits, whole referral results. The engine builds
those objects once and shares them between results (they are serialised, never mutated), and
registers each with `share()` or a `SharedCache`; its JSON text is then written once and reused.
The rest goes to the standard library's C encoder.
"""

from __future__ import annotations

import json
from json import encoder as _encoder

_COMPACT = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), check_circular=False)

_c_make = getattr(_encoder, "c_make_encoder", None)
_string = getattr(_encoder, "c_encode_basestring", None) or _encoder.py_encode_basestring
encode_string = _string     # a str as JSON text, e.g. "\"r000001\""
if _c_make is not None:
    # The arguments JSONEncoder.iterencode passes for _COMPACT's settings (markers None: no cycle check).
    _c = _c_make(None, _COMPACT.default, _string, None, ":", ",", False, False, True)

    def _plain(o) -> str:
        return "".join(_c(o, 0))
else:  # no C accelerator: the pure-Python encoder, same text
    _plain = _COMPACT.encode

# id → (object, text, UTF-8 bytes) of every shared part alive in a cache. The entry holds the object,
# so its id cannot be reused while it is here.
_SHARED: dict[int, tuple[object, str, bytes]] = {}


def _entry(o) -> tuple[object, str, bytes]:
    text = _plain(o)
    return (o, text, text.encode())


def share(o):
    """Mark `o` (a dict or list that will not change again and lives as long as the bundle) as shared
    between results; returns `o`."""
    _SHARED[id(o)] = _entry(o)
    return o


class SharedCache(dict):
    """A bounded cache (key → result part shared between results) that keeps each part's JSON text."""

    def __init__(self, limit: int):
        super().__init__()
        self.limit = limit
        self.also_clear: dict | None = None   # a cache of things that hold this one's parts

    def put(self, key, o):
        if len(self) >= self.limit:
            self.clear()
        self[key] = o
        _SHARED[id(o)] = _entry(o)
        return o

    def clear(self) -> None:
        for o in self.values():
            _SHARED.pop(id(o), None)
        super().clear()
        if self.also_clear is not None:
            self.also_clear.clear()


def clear() -> None:
    _SHARED.clear()


def _value(v) -> str:
    if type(v) is dict or type(v) is list:
        got = _SHARED.get(id(v))
        if got is not None and got[0] is v:
            return got[1]
    return _plain(v)


_MISSING = (object(), "", b"")   # what _SHARED.get gives for a part that is not shared
# The shape engine.evaluate builds; anything else goes to the C encoder whole. A programme's result
# that is not shared has too many small parts for walking it in Python to beat the C encoder.
_RESULT = ("jurisdiction", "date", "household_size", "income", "programs", "warnings", "recommendation")


def dumps(result) -> str:
    if type(result) is not dict or tuple(result) != _RESULT or type(result["programs"]) is not list:
        return _plain(result)
    shared = _SHARED.get
    programs = [got[1] if (got := shared(id(p), _MISSING))[0] is p else _plain(p) for p in result["programs"]]
    return (f'{{"jurisdiction":{_value(result["jurisdiction"])},"date":{_plain(result["date"])},'
            f'"household_size":{_plain(result["household_size"])},"income":{_plain(result["income"])},'
            f'"programs":[{",".join(programs)}],"warnings":{_plain(result["warnings"])},'
            f'"recommendation":{_plain(result["recommendation"])}}}')


def dumps_utf8(result) -> bytes:
    """`dumps(result).encode()`, without encoding the shared parts again (the batch writes bytes)."""
    if type(result) is not dict or tuple(result) != _RESULT or type(result["programs"]) is not list:
        return _plain(result).encode()
    shared = _SHARED.get
    programs = [got[2] if (got := shared(id(p), _MISSING))[0] is p else _plain(p).encode()
                for p in result["programs"]]
    return b"".join((
        b'{"jurisdiction":', _value_utf8(result["jurisdiction"]), b',"date":', _plain(result["date"]).encode(),
        b',"household_size":', _plain(result["household_size"]).encode(), b',"income":',
        _plain(result["income"]).encode(), b',"programs":[', b",".join(programs), b'],"warnings":',
        _plain(result["warnings"]).encode(), b',"recommendation":', _plain(result["recommendation"]).encode(), b"}"))


def _value_utf8(v) -> bytes:
    if type(v) is dict or type(v) is list:
        got = _SHARED.get(id(v))
        if got is not None and got[0] is v:
            return got[2]
    return _plain(v).encode()
