"""Results of pure functions kept by the value of their arguments (frames by content).

Pages rerun from the top on every widget change and ask for the same results again.
:func:`kept` gives a function its own process-wide LRU keyed on :func:`fingerprint` of its
arguments (every cached query and page section goes through it, as ``ui.queries.cached``);
:func:`memoised` does the same for small pure helpers in one shared LRU. Frames in results are
handed out as shallow copies (pandas copies on write), so a page that adds a column cannot
change what the next rerun gets; types that say they never change (``shared = True``, such as
a chart ``Spec``) go out as they are.
"""

from __future__ import annotations

import copy
import dataclasses
import functools
import hashlib
import json
import pickle
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any, TypeVar

import numpy as np
import pandas as pd

__all__ = ["fingerprint", "memoised", "kept", "clear", "Lru", "Ids"]

F = TypeVar("F", bound=Callable[..., Any])
_MAX_RESULTS = 256


class Ids(tuple):
    """A tuple of ids whose fingerprint is computed once, however often it is passed.

    The filters' unit ids go to every cached call of a rerun: ten thousand of them at
    national scale.
    """

    @property
    def digest(self) -> str:
        """A digest of the ids in order (unambiguous: a JSON list)."""
        kept = self.__dict__.get("_digest")
        if kept is None:
            text = json.dumps([str(u) for u in self], ensure_ascii=False)
            kept = hashlib.blake2b(
                text.encode("utf-8", "surrogatepass"), digest_size=20
            ).hexdigest()
            self.__dict__["_digest"] = kept
        return kept


class _Unhashable(Exception):  # noqa: N818 - internal signal
    """An argument the fingerprint does not know how to read."""


def _feed(h, value: Any) -> None:
    # Type names go into the hash so that 1, 1.0, "1" and True are different arguments.
    h.update(type(value).__name__.encode())
    if value is None or isinstance(value, bool | int | float | str | bytes):
        h.update(repr(value).encode("utf-8", "surrogatepass"))
    elif isinstance(value, Ids):
        h.update(value.digest.encode())
    elif isinstance(value, pd.DataFrame | pd.Series | np.ndarray):
        # A pickle is the whole object (values, dtypes, labels), so equal pickles mean equal
        # inputs; two equal frames that pickle differently only cost a cache miss. It is
        # ~20x faster than hashing object columns with pandas.
        try:
            h.update(pickle.dumps(value, protocol=5))
        except (pickle.PicklingError, TypeError, AttributeError) as exc:
            raise _Unhashable from exc
    elif isinstance(value, np.generic):
        _feed(h, value.item())
    elif isinstance(value, list | tuple) and all(type(v) is str and "\x1f" not in v for v in value):
        # Unit ids: ten thousand at national scale; one update instead of one per item.
        h.update(f"{len(value)}:".encode())
        h.update("\x1f".join(value).encode("utf-8", "surrogatepass"))
    elif isinstance(value, list | tuple):
        h.update(str(len(value)).encode())
        for item in value:
            _feed(h, item)
    elif isinstance(value, dict):
        h.update(str(len(value)).encode())
        for k, v in value.items():  # order kept: it can decide colour or legend order
            _feed(h, k)
            _feed(h, v)
    elif isinstance(value, set | frozenset):
        _feed(h, sorted(value, key=repr))
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        h.update(type(value).__qualname__.encode())
        _feed(h, [getattr(value, f.name) for f in dataclasses.fields(value)])
    else:
        raise _Unhashable(type(value).__name__)
    h.update(b"|")


def fingerprint(*args: Any, **kwargs: Any) -> str | None:
    """A digest of call arguments by value; None if one of them cannot be read.

    >>> a = fingerprint(pd.DataFrame({"x": [1, 2]}), title="t")
    >>> a == fingerprint(pd.DataFrame({"x": [1, 2]}), title="t")
    True
    >>> a == fingerprint(pd.DataFrame({"x": [1, 3]}), title="t")
    False
    >>> fingerprint(object()) is None
    True
    """
    h = hashlib.blake2b(digest_size=20)
    try:
        _feed(h, list(args))
        _feed(h, dict(sorted(kwargs.items())))
    except _Unhashable:
        return None
    return h.hexdigest()


_MISSING = object()


class Lru:
    """A small thread-safe map that forgets its least recently used entries beyond ``max_items``."""

    def __init__(self, max_items: int) -> None:
        self.max_items = max_items
        self._items: OrderedDict[Any, Any] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Any, default: Any = None) -> Any:
        """The value for ``key`` (now the most recently used), else ``default``."""
        with self._lock:
            value = self._items.get(key, _MISSING)
            if value is _MISSING:
                return default
            self._items.move_to_end(key)
            return value

    def put(self, key: Any, value: Any) -> None:
        """Keep ``value`` under ``key``, dropping the oldest entries beyond the limit."""
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self.max_items:
                self._items.popitem(last=False)

    def clear(self) -> None:
        """Forget everything."""
        with self._lock:
            self._items.clear()

    def __len__(self) -> int:
        return len(self._items)


_RESULTS = Lru(_MAX_RESULTS)
_KEPT: list[Lru] = []  # the stores of every @kept function


def clear() -> None:
    """Forget every kept result (tests use it)."""
    _RESULTS.clear()
    for store in _KEPT:
        store.clear()


def _fresh(value: Any) -> Any:
    # Results are shared between sessions; hand out copies of anything a page could change.
    # Types that say they are never changed (class attribute ``shared``) go out as they are.
    if getattr(type(value), "shared", False) is True:
        return value
    if isinstance(value, pd.DataFrame | pd.Series):
        # pandas 3 copies on write: a shallow copy shares the data until either side writes,
        # and a write never reaches the other (tests/ui/test_memo.py). A deep copy of a
        # national panel per rerun would cost more than the query it saves.
        return value.copy(deep=False)
    if isinstance(value, list | dict | np.ndarray):
        return copy.deepcopy(value)
    if isinstance(value, Ids):  # ids are strings: nothing in them can change
        return value
    if isinstance(value, tuple):
        return tuple(_fresh(v) for v in value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fresh = {
            f.name: _fresh(getattr(value, f.name)) for f in dataclasses.fields(value) if f.init
        }
        return dataclasses.replace(value, **fresh)
    return value


def _wrap(fn: F, store: Lru, strict: bool) -> F:
    name = f"{fn.__module__}.{fn.__qualname__}"

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        key = fingerprint(*args, **kwargs)
        if key is None and strict:
            raise TypeError(f"{name}: an argument cannot be used as a cache key")
        if key is not None:
            hit = store.get((name, key), _MISSING)
            if hit is not _MISSING:
                return _fresh(hit)
        result = fn(*args, **kwargs)
        if key is not None:
            store.put((name, key), _fresh(result))
        return result

    wrapper.clear = store.clear  # type: ignore[attr-defined]
    return wrapper  # type: ignore[return-value]


def memoised(fn: F) -> F:
    """Wrap a pure function: equal arguments (by value) give the kept result, copied.

    The function must depend on its arguments only. Arguments that cannot be fingerprinted
    are not kept: the function just runs. Results share one LRU of 256 entries.

    >>> calls = []
    >>> @memoised
    ... def total(frame):
    ...     calls.append(1)
    ...     return float(frame["x"].sum())
    >>> total(pd.DataFrame({"x": [1, 2]})), total(pd.DataFrame({"x": [1, 2]})), len(calls)
    (3.0, 3.0, 1)
    """
    return _wrap(fn, _RESULTS, strict=False)


def kept(max_items: int) -> Callable[[F], F]:
    """A decorator keeping a function's last ``max_items`` results (its own LRU), copied out.

    As :func:`memoised`, but every argument must be fingerprintable (a ``TypeError``
    otherwise: a query that silently ran on every rerun would be a slow page, not an error
    anyone sees). ``fn.clear()`` forgets its results; :func:`clear` forgets all.

    >>> @kept(2)
    ... def ids(n):
    ...     return list(range(n))
    >>> a = ids(3); a.append(99); ids(3)
    [0, 1, 2]
    """

    def wrap(fn: F) -> F:
        store = Lru(max_items)
        _KEPT.append(store)
        return _wrap(fn, store, strict=True)

    return wrap
