"""The command line: ``python -m analysis build|validate|trend|corr|yoy|export|report|import|workspace|disagree``."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import duckdb

from analysis.paths import DEFAULT_DB, SEEDS_DIR, default_db_path
from analysis.warehouse.publish import STATIC_DATA_DIR, write_files
from analysis.warehouse.seeds import SeedProblems

__all__ = ["main"]


def _open_store(args: argparse.Namespace):
    from analysis.warehouse.store import Store

    path = Path(args.db) if args.db else default_db_path()
    if not path.exists():
        raise SystemExit(f"error: no database at {path}; run `python -m analysis build` first")
    try:
        store = Store(path)
        store.build_info()
        return store
    except duckdb.Error as exc:
        raise SystemExit(
            f"error: the database {path} cannot be read ({str(exc).splitlines()[0][:200]}); "
            "rebuild it with `python -m analysis build`"
        ) from None


def _periods(store):
    from analysis.stats.periods import periods_from_frame

    return periods_from_frame(store.method_periods())


def _check_dataset(store, dataset: str) -> None:
    if dataset not in store.datasets:
        raise SystemExit(
            f"error: unknown dataset '{dataset}' (choose from {', '.join(store.datasets)})"
        )


def _emit(frame, args: argparse.Namespace, title: str, dataset: str, why: str | None = None) -> int:
    from analysis.reports.json_table import dump_table
    from analysis.reports.tables import format_table, nothing_computed

    # Every command says why nothing was computed instead of printing an empty table.
    why = why or nothing_computed(frame)
    if args.json:
        # dump_table writes what json.dump(indent=1) would, without one Python call per cell.
        header = {"title": title, "dataset": dataset, "simulated": dataset == "demo"}
        if getattr(args, "level", None):
            header["level"] = args.level
            header["block"] = args.block if args.level == "commune" else "district"
        if why:
            header["nothing_computed"] = why
        dump_table(header, frame, sys.stdout)
        sys.stdout.write("\n")
    else:
        banner = "  [SIMULATED demo panel: not published figures]" if dataset == "demo" else ""
        print(f"{title}{banner}")
        if why:
            print(f"Nothing was computed: {why}.")
        if len(frame):
            print(format_table(frame))
    return 0


# The district-level units were scored up to 2024, the phường and xã from 2025 (1 July 2025).
_LEVEL_YEARS = {"district": (0, 2024), "commune": (2025, 9999)}
_DEFAULT_YEARS = {
    "trend": {"district": (2019, 2024), "commune": (2025, 2026)},
    "yoy": {"district": (2022, 2023), "commune": (2025, 2026)},
    "corr": {"district": 2023, "commune": 2025},
}


def _scope(store, args: argparse.Namespace, years: tuple[int, int]) -> tuple[list[str] | None, str]:
    """The units compared (None: the whole district level) and how a title names them.

    Communes are ranked and tested within their block, so ``--level commune`` needs
    ``--block``; no command mixes the levels (the units and the method changed in 2025).
    """
    lo, hi = _LEVEL_YEARS[args.level]
    if min(years) < lo or max(years) > hi:
        raise SystemExit(
            f"error: the {'phường and xã' if args.level == 'commune' else 'district-level units'}"
            f" were scored {'from 2025' if args.level == 'commune' else 'up to 2024'}; "
            f"{'-'.join(map(str, sorted(set(years))))} is outside that (no command compares "
            "2024 with 2025: the units and the method changed)"
        )
    if args.level == "district":
        if args.block:
            raise SystemExit("error: --block is for --level commune (phường or xã)")
        return None, ""
    if not args.block:
        raise SystemExit(
            "error: --level commune needs --block phường or --block xã: communes are ranked "
            "and tested within their block"
        )
    units = store.units("commune", years=(min(years), max(years)))
    return units.loc[units["block"] == args.block, "unit_id"].tolist(), f", {args.block}"


def _years(args: argparse.Namespace, command: str) -> tuple[int, int]:
    default = _DEFAULT_YEARS[command][args.level]
    return (
        args.year_from if args.year_from is not None else default[0],
        args.year_to if args.year_to is not None else default[1],
    )


def _no_values(panel, dataset: str, span: str) -> str | None:
    """The reason when the dataset holds no value in the chosen years, else None."""
    if panel["value"].notna().any():
        return None
    return f"the dataset '{dataset}' holds no values in {span}"


def _recover(args: argparse.Namespace) -> None:
    """Complete or roll back a seed import that was killed, and say so."""
    from analysis.warehouse.journal import clean_leftovers, recover

    done = recover(Path(args.seeds))
    if done in ("completed", "rolled-back"):
        print(f"an interrupted seed import was {done.replace('-', ' ')}", file=sys.stderr)
    clean_leftovers(Path(args.db) if args.db else default_db_path())


def _cmd_build(args: argparse.Namespace) -> int:
    from analysis.warehouse.build import build

    _recover(args)
    start = time.perf_counter()
    static = Path(args.static_dir) if args.static_dir else None
    path = build(Path(args.db) if args.db else None, Path(args.seeds), static)
    print(f"built {path} in {time.perf_counter() - start:.2f} s")
    if static is None and path.resolve() == DEFAULT_DB.resolve():
        static = STATIC_DATA_DIR
    if static is not None and static.is_dir():
        from analysis.reports.codebook import codebook_files
        from analysis.warehouse.store import Store

        store = Store(path)
        try:
            write_files(static, codebook_files(store))
        finally:
            store.close()
        print(f"wrote the public views and the codebook into {static}")
    return 0


def _cmd_validate(args: argparse.Namespace) -> int:
    from analysis.warehouse.build import validate

    _recover(args)
    seed = validate(Path(args.seeds))
    counts = ", ".join(f"{name}: {len(rows)}" for name, rows in seed.tables.items())
    print(f"seeds are valid ({counts})")
    return 0


def _cmd_trend(args: argparse.Namespace) -> int:
    from analysis.reports.tables import trend_report

    first, last = _years(args, "trend")
    if first > last:
        raise SystemExit(f"error: --from {first} is after --to {last}; give the earlier year first")
    store = _open_store(args)
    _check_dataset(store, args.dataset)
    unit_ids, block = _scope(store, args, (first, last))
    # The trend is of the total only: reading the components too would read nine times the
    # rows (and validate them) for nothing.
    indicator = "total"
    panel = store.panel(
        args.dataset,
        years=(first, last),
        indicator_ids=[indicator],
        unit_ids=unit_ids,
        level=args.level,
    )
    frame = trend_report(panel, first, last, _periods(store), indicator)
    span = f"{first}–{last}"
    return _emit(
        frame,
        args,
        f"Trends {span}{block} ({args.dataset})",
        args.dataset,
        _no_values(panel, args.dataset, span),
    )


def _cmd_corr(args: argparse.Namespace) -> int:
    from analysis.reports.tables import corr_report

    year = args.year if args.year is not None else _DEFAULT_YEARS["corr"][args.level]
    store = _open_store(args)
    _check_dataset(store, args.dataset)
    unit_ids, block = _scope(store, args, (year, year))
    panel = store.panel(args.dataset, years=(year, year), unit_ids=unit_ids, level=args.level)
    frame = corr_report(panel, year, args.method)
    return _emit(
        frame,
        args,
        f"Component correlations {year}{block}, {args.method} ({args.dataset})",
        args.dataset,
        _no_values(panel, args.dataset, str(year)),
    )


def _cmd_yoy(args: argparse.Namespace) -> int:
    from analysis.reports.tables import yoy_report

    start, end = _years(args, "yoy")
    if start == end:
        raise SystemExit(
            f"error: --from and --to are the same year ({start}); "
            "a change needs two different years"
        )
    store = _open_store(args)
    _check_dataset(store, args.dataset)
    unit_ids, block = _scope(store, args, (start, end))
    panel = store.panel(
        args.dataset,
        years=(min(start, end), max(start, end)),
        unit_ids=unit_ids,
        level=args.level,
    )
    frame = yoy_report(panel, start, end, _periods(store))
    return _emit(
        frame,
        args,
        f"Change {start}→{end}{block} ({args.dataset})",
        args.dataset,
        _no_values(panel, args.dataset, f"{start} and {end}"),
    )


def _cmd_export(args: argparse.Namespace) -> int:
    from analysis.warehouse.export import (
        export_filename,
        label_dataset,
        to_csv_bytes,
        to_excel_bytes,
        to_parquet_bytes,
    )

    store = _open_store(args)
    _check_dataset(store, args.dataset)
    frame = label_dataset(store.observations(args.dataset), args.dataset)
    writers = {"csv": to_csv_bytes, "xlsx": to_excel_bytes, "parquet": to_parquet_bytes}
    data = writers[args.format](frame)
    out = (
        Path(args.out)
        if args.out
        else Path(export_filename(args.dataset, "observations", None, args.format))
    )
    out.write_bytes(data)
    print(f"wrote {len(frame)} rows to {out}", file=sys.stderr)
    return 0


def _write_atomically(out: Path, data: bytes) -> None:
    """Write beside the target and rename over it, so a failure leaves the old file whole."""
    import os
    import tempfile

    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, 0o644)  # mkstemp makes it private; a report is meant to be handed on
        os.replace(tmp, out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _cmd_report(args: argparse.Namespace) -> int:
    from analysis.reports.pdf import ReportError, resolve_unit, unit_report_pdf
    from analysis.warehouse.export import safe_filename

    store = _open_store(args)
    _check_dataset(store, args.dataset)
    try:
        unit_id = resolve_unit(store.units(None), args.unit)
        data = unit_report_pdf(store, unit_id, args.year, args.dataset, args.lang)
    except ReportError as exc:
        raise SystemExit(f"error: {exc}") from None
    label = "_SIMULATED" if args.dataset == "demo" else ""
    out = (
        Path(args.out)
        if args.out
        else Path(
            safe_filename(f"bao-cao-mot-trang_{unit_id}_{args.year}{label}_{args.lang}") + ".pdf"
        )
    )
    _write_atomically(out, data)
    print(
        f"wrote the one-page report of {unit_id} {args.year} ({args.dataset}) to {out}",
        file=sys.stderr,
    )
    return 0


def _cmd_import(argv: list[str]) -> int:
    from analysis.ingest.importer import cli_import

    return cli_import(argv)


def _cmd_disagree(args: argparse.Namespace) -> int:
    from analysis.ingest.disagree import sources_disagree
    from analysis.ingest.importer import published_from_seeds

    frame = sources_disagree(published_from_seeds(Path(args.seeds)))
    return _emit(frame, args, "Sources disagree: official tables beside reports", "published")


def _cmd_workspace(args: argparse.Namespace) -> int:
    import json

    from analysis.ingest import workspace as ws

    root = Path(args.root) if args.root else None
    try:
        if args.action == "create":
            files = []
            for name in args.files:
                path = Path(name)
                if not path.is_file():
                    print(f"error: {name}: no such file", file=sys.stderr)
                    return 2
                files.append((path.name, path.read_bytes()))
            created = ws.create(files, year=args.year, root=root, seeds_dir=Path(args.seeds))
            if args.json:
                print(json.dumps(created.summary(), ensure_ascii=False, indent=1))
            else:
                print(f"workspace {created.token}")
                print(f"open it at {created.url_path}")
                years = ", ".join(map(str, created.years))
                print(f"{len(created.observations)} figures for {years} from {len(files)} file(s)")
            return 0
        if args.action == "list":
            frame = ws.list_workspaces(root)
            if args.json:
                print(frame.to_json(orient="records", force_ascii=False, indent=1))
            else:
                from analysis.reports.tables import format_table

                print(format_table(frame) if len(frame) else "no workspaces")
            return 0
        if args.action == "delete":
            ws.delete(args.token, root=root)
            print(f"deleted workspace {args.token}")
            return 0
        gone = ws.expire(args.days, root=root)
        print(f"expired {len(gone)} workspace(s) unused for {args.days or ws.expiry_days()} days")
        return 0
    except ws.WorkspaceRejected as exc:
        if getattr(args, "json", False):
            from analysis.ingest.importer import cli_json

            out = {**cli_json(exc.reports), "ok": False, "message": exc.message}
            print(json.dumps(out, ensure_ascii=False, indent=1, default=str))
        else:
            print(f"error: {exc.message}", file=sys.stderr)
            for report in exc.reports:
                for p in report.errors:
                    print(f"  {report.filename}: {p.message}", file=sys.stderr)
        return 2 if any(r.unreadable for r in exc.reports) else 1
    except ws.WorkspaceError as exc:
        print(f"error: {exc.message}", file=sys.stderr)
        return 1


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m analysis", description=__doc__)
    sub = p.add_subparsers(dest="command", required=True)

    def common(sp, seeds=False):
        sp.add_argument("--db", help="database file (default: data/par_index.duckdb or $PAR_DB)")
        if seeds:
            sp.add_argument(
                "--seeds", default=str(SEEDS_DIR), help="seeds folder (default: seeds/)"
            )

    sp = sub.add_parser("build", help="build the database from seeds/ (atomically)")
    common(sp, seeds=True)
    sp.add_argument(
        "--static-dir",
        help="also write the public views (CSV, Parquet) and the codebook here (default: "
        "static/data when building data/par_index.duckdb, else nowhere)",
    )
    common(sub.add_parser("validate", help="check the seeds without building"), seeds=True)

    def dataset(sp):
        sp.add_argument("--dataset", default="demo", help="published or demo (default demo)")
        sp.add_argument("--json", action="store_true", help="print JSON in the shared vocabulary")
        sp.add_argument(
            "--level",
            choices=["district", "commune"],
            default="district",
            help="district: the 30 district-level units up to 2024 (default); commune: the "
            "phường and xã from 2025, one --block at a time",
        )
        sp.add_argument(
            "--block",
            choices=["phường", "xã"],
            help="with --level commune: the block compared (units are ranked within it)",
        )

    sp = sub.add_parser("trend", help="per-unit and city-wide trends")
    common(sp)
    dataset(sp)
    sp.add_argument("--from", dest="year_from", type=int, help="default 2019 (commune: 2025)")
    sp.add_argument("--to", dest="year_to", type=int, help="default 2024 (commune: 2026)")

    sp = sub.add_parser("corr", help="correlations between component indices")
    common(sp)
    dataset(sp)
    sp.add_argument("--year", type=int, help="default 2023 (commune: 2025)")
    sp.add_argument("--method", choices=["spearman", "pearson"], default="spearman")

    sp = sub.add_parser("yoy", help="significance of year-over-year change")
    common(sp)
    dataset(sp)
    sp.add_argument("--from", dest="year_from", type=int, help="default 2022 (commune: 2025)")
    sp.add_argument("--to", dest="year_to", type=int, help="default 2023 (commune: 2026)")

    sp = sub.add_parser("export", help="the observations as a tidy long table")
    common(sp)
    sp.add_argument("--dataset", default="published")
    sp.add_argument("--format", choices=["csv", "xlsx", "parquet"], default="csv")
    sp.add_argument("--out", help="output file (default: a name saying dataset and content)")

    sp = sub.add_parser("report", help="the one-page PDF report of a unit and year")
    common(sp)
    sp.add_argument("unit", help="unit id or Vietnamese name, e.g. bac_tu_liem or 'Bắc Từ Liêm'")
    sp.add_argument("--year", type=int, required=True)
    sp.add_argument(
        "--dataset", default="published", help="published (default) or demo (SIMULATED)"
    )
    sp.add_argument("--lang", choices=["vi", "en"], default="vi")
    sp.add_argument("--out", help="PDF file to write (default: a name saying unit, year, data)")

    sp = sub.add_parser(
        "disagree", help="figures where an imported official table differs from a report"
    )
    common(sp, seeds=True)
    sp.add_argument("--json", action="store_true", help="print JSON in the shared vocabulary")

    sp = sub.add_parser("workspace", help="workspaces: create, list, delete or expire")
    wsub = sp.add_subparsers(dest="action", required=True)
    root_help = "workspaces folder (default: data/workspaces or $PAR_WORKSPACES)"
    wc = wsub.add_parser("create", help="check files and save them as a new workspace")
    wc.add_argument("files", nargs="+", metavar="FILE")
    wc.add_argument("--year", type=int, default=None, help="year (default: read from the files)")
    wc.add_argument("--json", action="store_true", help="print the workspace as JSON")
    wc.add_argument("--seeds", default=str(SEEDS_DIR), help="seeds folder (default: seeds/)")
    wl = wsub.add_parser("list", help="list the workspaces")
    wl.add_argument("--json", action="store_true")
    wd = wsub.add_parser("delete", help="delete a workspace")
    wd.add_argument("token", help="the token of the link (write -- TOKEN for one starting with -)")
    we = wsub.add_parser("expire", help="delete workspaces not opened for N days")
    we.add_argument("--days", type=int, default=None, help="default $PAR_WORKSPACE_DAYS or 90")
    for w in (wc, wl, wd, we):
        w.add_argument("--root", default=None, help=root_help)

    sub.add_parser(
        "import",
        help="import an official table: see `python -m analysis import -h`",
        add_help=False,
    )
    return p


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] == "import":
        return _cmd_import(argv[1:])
    args = _parser().parse_args(argv)
    handlers = {
        "build": _cmd_build,
        "validate": _cmd_validate,
        "trend": _cmd_trend,
        "corr": _cmd_corr,
        "yoy": _cmd_yoy,
        "export": _cmd_export,
        "report": _cmd_report,
        "workspace": _cmd_workspace,
        "disagree": _cmd_disagree,
    }
    try:
        return handlers[args.command](args)
    except BrokenPipeError:
        # Output piped into `head` and closed early: not an error of ours.
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except SeedProblems as exc:
        print(f"error: the seeds have {len(exc.errors)} problem(s):\n{exc}", file=sys.stderr)
        return 1
    except duckdb.Error as exc:
        db = getattr(args, "db", None) or default_db_path()
        print(
            f"error: the database {db} cannot be read ({str(exc).splitlines()[0][:200]}); "
            "rebuild it with `python -m analysis build`",
            file=sys.stderr,
        )
        return 2
    except SystemExit as exc:
        if isinstance(exc.code, str):
            print(exc.code, file=sys.stderr)
            return 2
        raise
