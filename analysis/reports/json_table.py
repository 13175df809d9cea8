"""A report table as indented JSON, written column by column.

``json.dump(..., indent=1)`` encodes in pure Python (the C encoder does not indent), one
call per value: about 0.5 s for the 10 000 unit rows of a national trend report, more than
the statistics. :func:`dump_table` writes the same text (byte for byte, checked by
``tests/analysis/test_json_table.py``) by encoding each column at once.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from typing import Any, TextIO

import numpy as np
import pandas as pd

from analysis.reports.tables import to_json_records

__all__ = ["dump_table"]

_encode_str = json.encoder.encode_basestring  # the encoder json uses with ensure_ascii=False


def _float_text(x: float) -> str:
    # As json's floatstr, after to_json_records has turned NaN into None.
    if math.isnan(x):
        return "null"
    if math.isinf(x):
        return "Infinity" if x > 0 else "-Infinity"
    return float.__repr__(x)


def _value_text(value: Any) -> str:
    # As to_json_records (its _plain) and then json.dumps for one cell of any type.
    if value is None or value is pd.NA or value is pd.NaT:
        return "null"
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, str):
        return _encode_str(value)
    if isinstance(value, float):
        return _float_text(value)
    return json.dumps(value, ensure_ascii=False)


def _column_texts(column: pd.Series) -> list[str]:
    # Plain NumPy columns hold no missing markers but NaN; anything else goes cell by cell.
    kind = column.dtype.kind if isinstance(column.dtype, np.dtype) else "O"
    if kind == "b":
        return ["true" if v else "false" for v in column.tolist()]
    if kind in "iu":
        return [str(v) for v in column.tolist()]
    if kind == "f":
        return [_float_text(v) for v in column.tolist()]
    return [_value_text(v) for v in column.astype(object).tolist()]


def dump_table(header: Mapping[str, Any], frame: pd.DataFrame, stream: TextIO) -> None:
    """Write ``{**header, "results": to_json_records(frame)}`` as ``json.dump`` would.

    The same text as ``json.dump(obj, stream, ensure_ascii=False, indent=1)``: NaN and
    missing values as null, numpy scalars as plain numbers. No trailing newline.

    Parameters
    ----------
    header : mapping
        Keys written before "results" (JSON-serialisable values).
    frame : pandas.DataFrame
        The table; one object per row under "results".
    stream : text file

    Examples
    --------
    >>> import io
    >>> out = io.StringIO()
    >>> dump_table({"title": "t"}, pd.DataFrame({"n": [3], "p": [float("nan")]}), out)
    >>> print(out.getvalue())
    {
     "title": "t",
     "results": [
      {
       "n": 3,
       "p": null
      }
     ]
    }
    """
    head = json.dumps({**header, "results": None}, ensure_ascii=False, indent=1)
    if not head.endswith('"results": null\n}') or frame.columns.duplicated().any():
        # A header that is not a plain mapping, or duplicate column names: the slow way.
        json.dump(
            {**header, "results": to_json_records(frame)}, stream, ensure_ascii=False, indent=1
        )
        return
    stream.write(head[: -len("null\n}")])
    if len(frame) == 0:
        stream.write("[]\n}")
        return
    if len(frame.columns) == 0:
        stream.write("[\n" + ",\n".join(["  {}"] * len(frame)) + "\n ]\n}")
        return
    cells = []
    for name in frame.columns:
        key = f"   {_encode_str(str(name))}: "
        cells.append([key + text for text in _column_texts(frame[name])])
    rows = ["  {\n" + ",\n".join(row) + "\n  }" for row in zip(*cells, strict=True)]
    stream.write("[\n" + ",\n".join(rows) + "\n ]\n}")
