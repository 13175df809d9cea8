"""The data page's codebook callables (without Streamlit's server)."""

from __future__ import annotations

import io

import pandas as pd
import pytest

from ui.data.codebook import FILES, maker


@pytest.mark.parametrize("fmt", list(FILES))
def test_each_button_makes_its_format(store, fmt):
    data = maker(store, fmt)()
    if fmt == "xlsx":
        assert data[:2] == b"PK"
        sheets = pd.read_excel(io.BytesIO(data), sheet_name=None)
        assert "columns" in sheets and len(sheets["columns"]) > 50
    elif fmt == "md":
        assert data.decode("utf-8").startswith("# Codebook")
    else:
        assert data.startswith(b"\xef\xbb\xbf")
        assert "observations.value" in data.decode("utf-8-sig")
