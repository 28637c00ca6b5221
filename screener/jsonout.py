"""The compact JSON of a result, fast: the same bytes as
`json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), check_circular=False).encode(result)`.

Most of a result's text is the same from one household to the next: the office a programme sends
people to, the documents to bring, the time limits, whole referral results. The engine builds
those objects once and shares them between results (they are serialised, never mutated), and
registers each with a `Shared` registry (one per bundle, screener/sharing.py); its JSON text is then
written once and reused. The rest goes to the standard library's C encoder.
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

_MISSING = (object(), "", b"")   # what a registry gives for a part that is not shared
# The shape engine.evaluate builds; anything else goes to the C encoder whole. A programme's result
# that is not shared has too many small parts for walking it in Python to beat the C encoder.
_RESULT = ("jurisdiction", "date", "household_size", "income", "programs", "warnings", "recommendation")


def _entry(o) -> tuple[object, str, bytes]:
    text = _plain(o)
    return (o, text, text.encode())


class Shared:
    """The JSON text of the parts one bundle's results share (screener/sharing.py owns one per bundle).

    id → (object, text, UTF-8 bytes). The entry holds the object, so its id cannot be reused while it is
    here; a part is looked up by id and then checked to be that very object."""

    def __init__(self):
        self._parts: dict[int, tuple[object, str, bytes]] = {}

    def share(self, o):
        """Mark `o` (a dict or list that will not change again and lives as long as the bundle) as shared
        between results; returns `o`."""
        self._parts[id(o)] = _entry(o)
        return o

    def cache(self, limit: int) -> "SharedCache":
        return SharedCache(self, limit)

    def _value(self, v) -> str:
        if type(v) is dict or type(v) is list:
            got = self._parts.get(id(v))
            if got is not None and got[0] is v:
                return got[1]
        return _plain(v)

    def _value_utf8(self, v) -> bytes:
        if type(v) is dict or type(v) is list:
            got = self._parts.get(id(v))
            if got is not None and got[0] is v:
                return got[2]
        return _plain(v).encode()

    def dumps(self, result) -> str:
        if type(result) is not dict or tuple(result) != _RESULT or type(result["programs"]) is not list:
            return _plain(result)
        shared = self._parts.get
        programs = [got[1] if (got := shared(id(p), _MISSING))[0] is p else _plain(p) for p in result["programs"]]
        return (f'{{"jurisdiction":{self._value(result["jurisdiction"])},"date":{_plain(result["date"])},'
                f'"household_size":{_plain(result["household_size"])},"income":{_plain(result["income"])},'
                f'"programs":[{",".join(programs)}],"warnings":{_plain(result["warnings"])},'
                f'"recommendation":{_plain(result["recommendation"])}}}')

    def dumps_utf8(self, result) -> bytes:
        """`dumps(result).encode()`, without encoding the shared parts again (the batch writes bytes)."""
        if type(result) is not dict or tuple(result) != _RESULT or type(result["programs"]) is not list:
            return _plain(result).encode()
        shared = self._parts.get
        programs = [got[2] if (got := shared(id(p), _MISSING))[0] is p else _plain(p).encode()
                    for p in result["programs"]]
        date, size = result["date"], result["household_size"]
        # The two scalars are written directly: the same text as the encoder's, without a call into it.
        return b"".join((
            b'{"jurisdiction":', self._value_utf8(result["jurisdiction"]), b',"date":',
            (_string(date) if type(date) is str else _plain(date)).encode(), b',"household_size":',
            (str(size) if type(size) is int else _plain(size)).encode(),
            b',"income":', _plain(result["income"]).encode(), b',"programs":[', b",".join(programs),
            b'],"warnings":', _plain(result["warnings"]).encode(), b',"recommendation":',
            _plain(result["recommendation"]).encode(), b"}"))


_NOTHING_SHARED = Shared()


def dumps(result, shared: Shared | None = None) -> str:
    """A result's compact JSON, reusing the text of the parts `shared` knows (none: the plain encoding)."""
    return (shared or _NOTHING_SHARED).dumps(result)


class SharedCache(dict):
    """A bounded cache (key → result part shared between results) whose parts' JSON text `shared` keeps."""

    def __init__(self, shared: Shared, limit: int):
        super().__init__()
        self.shared, self.limit = shared, limit
        self.also_clear: dict | None = None   # a cache of things that hold this one's parts

    def put(self, key, o):
        if len(self) >= self.limit:
            self.clear()
        self[key] = o
        self.shared.share(o)
        return o

    def clear(self) -> None:
        for o in self.values():
            self.shared._parts.pop(id(o), None)
        super().clear()
        if self.also_clear is not None:
            self.also_clear.clear()
