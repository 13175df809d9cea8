"""Workspaces in the app: a link with ws=<token> shows the saved tables on every page."""

from __future__ import annotations

import json

import pytest

from analysis.ingest import workspace as ws
from tests.pages.conftest import open_exact, texts

T2016 = "KẾT QUẢ CHỈ SỐ CCHC NĂM 2016\nĐơn vị;Tổng điểm;Xếp hạng\nBa Vì;80,10;1\nMỹ Đức;79,00;2\n"
T2017 = "Năm;Đơn vị;Tổng điểm\n2017;Ba Vì;81,20\n2017;Mỹ Đức;78,30\n"


@pytest.fixture
def root(tmp_path, monkeypatch):
    folder = tmp_path / "workspaces"
    monkeypatch.setenv("PAR_WORKSPACES", str(folder))
    return folder


@pytest.fixture
def token(root) -> str:
    files = [("2016.csv", T2016.encode()), ("2017.csv", T2017.encode())]
    return ws.create(files).token


def test_a_workspace_link_opens_its_data_and_years(page_db, token):
    at = open_exact("rankings", ws=token)
    assert not at.exception
    assert at.session_state["dataset"] == "workspace"
    # The year range follows the workspace's years, not the default 2019-2024.
    assert tuple(at.session_state["years"]) == (2016, 2017)
    banner = [i.value for i in at.info if "Không gian làm việc" in i.value]
    # Labelled with the files it came from (escaped: file names are shown as text).
    assert banner and "2016" in banner[0] and "2017" in banner[0]
    assert at.query_params["ws"] == token and at.query_params["dataset"] == "workspace"
    table = next(d.value for d in at.dataframe if "history" in d.value.columns)
    assert set(table["unit"]) >= {"Ba Vì", "Mỹ Đức"}


@pytest.mark.parametrize("page", ["overview", "change", "profile", "data", "upload"])
def test_every_page_renders_a_workspace(page_db, token, page):
    at = open_exact(page, ws=token)
    assert not at.exception


def test_a_session_without_the_link_sees_nothing_of_it(page_db, token):
    at = open_exact("rankings")
    assert not at.exception
    assert "workspace" not in at.sidebar.radio[0].options
    assert "2016.csv" not in texts(at)


@pytest.mark.parametrize("bad", ["nonsense", "A" * 32, "../../etc/passwd", "<b>x</b>"])
def test_a_missing_or_malformed_token_says_so_and_shows_published(page_db, root, bad):
    at = open_exact("overview", ws=bad)
    assert not at.exception
    assert at.session_state["dataset"] == "published"
    assert "Không mở được không gian làm việc" in texts(at)
    assert "ws" not in at.query_params  # the bad token is not kept in the link


def test_an_expired_workspace_gets_a_message(page_db, token, root):
    ws.delete(token)
    at = open_exact("overview", ws=token)
    assert not at.exception
    shown = texts(at).replace("\\", "")
    # The reason is in Vietnamese too, not the store's English message inside a Vietnamese frame.
    assert "Không mở được không gian làm việc" in shown
    assert "không tồn tại hoặc đã hết hạn" in shown and "has expired" not in shown


def test_the_upload_page_shows_the_workspace_link_files_and_download(page_db, token):
    at = open_exact("upload", ws=token)
    assert not at.exception
    assert f"?ws={token}" in [c.value for c in at.code]
    files = next(d.value for d in at.dataframe if "Tệp" in d.value.columns)
    assert files["Tệp"].tolist() == ["2016.csv", "2017.csv"]
    assert any("ZIP" in b.label for b in at.get("download_button"))


def test_promotion_is_offered_only_with_an_administrator_key(page_db, token, monkeypatch):
    monkeypatch.delenv("PAR_ADMIN_KEY", raising=False)
    at = open_exact("upload", ws=token)
    assert not any(e.label.startswith("Quản trị") for e in at.expander)
    monkeypatch.setenv("PAR_ADMIN_KEY", "s3cret")
    at = open_exact("upload", ws=token)
    assert any(e.label.startswith("Quản trị") for e in at.expander)


@pytest.fixture
def commune_token(root) -> str:
    """A workspace holding the official 2025 appendix of the 126 phường and xã."""
    from tests.analysis.ingest.test_official_layouts import COMMUNES, appendix_grid, csv_bytes

    grid, _ = appendix_grid(COMMUNES, 2025, seed=7, prefix=False)
    return ws.create([("PL 2025.csv", csv_bytes(grid))]).token


@pytest.mark.parametrize("page", ["overview", "rankings", "components", "profile", "data"])
def test_a_workspace_of_2025_communes_opens_on_the_commune_level(page_db, commune_token, page):
    at = open_exact(page, ws=commune_token)
    assert not at.exception, at.exception
    assert at.session_state["dataset"] == "workspace"
    assert at.session_state["level"] == "commune"  # the latest year with data is 2025


def test_a_commune_workspace_ranks_within_the_chosen_block(page_db, commune_token):
    at = open_exact("rankings", ws=commune_token, types="xã")
    assert not at.exception
    table = next(d.value for d in at.dataframe if "history" in d.value.columns)
    assert len(table) == 75 and sorted(table["rank"].astype(int)) == list(range(1, 76))


def test_saving_a_file_twice_is_refused_in_vietnamese(page_db, root):
    at = open_exact("upload")
    uploader = at.file_uploader(key="up_file")
    uploader.upload("2016.csv", T2016.encode(), "text/csv").run()
    next(b for b in at.button if "Lưu" in b.label).click().run()
    assert at.session_state["dataset"] == "workspace"
    # The same table again, under another name: the store refuses it by its content.
    at.file_uploader(key="up_file").upload("again.csv", T2016.encode(), "text/csv").run()
    next(b for b in at.button if "Thêm" in b.label).click().run()
    assert not at.exception
    errors = " ".join(e.value for e in at.error).replace("\\", "")
    assert "Chưa lưu: again.csv đã có trong không gian làm việc (với tên 2016.csv)." in errors
    assert "already" not in errors


def test_a_workspace_profile_labels_its_figures_as_uploaded_in_its_charts(page_db, token):
    # The legend said "published" and the markers, labelled "bảng đã nhập", were not drawn.
    at = open_exact("profile", ws=token, unit="ba_vi")
    assert not at.exception
    domains = []
    for element in at.get("vega_lite_chart"):
        for layer in json.loads(element.proto.spec).get("layer", []):
            shape = layer.get("encoding", {}).get("shape", {})
            if shape.get("field") == "status":
                domains.append(shape["scale"]["domain"])
    assert len(domains) >= 2 and all(d == ["bảng đã nhập"] for d in domains), domains
