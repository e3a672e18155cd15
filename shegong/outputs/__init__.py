"""Outputs: images (render), data files (datafiles) and the Word pack (report).

`export` is the one entry point that the download buttons, `python -m shegong export` and the report share.
"""
from __future__ import annotations

from shegong.outputs.datafiles import DATA_FORMATS, to_csv, to_xlsx, to_zip
from shegong.outputs.render import IMAGE_FORMATS, PRINT_SCALE, ExportBusy, ExportError, image

__all__ = ["DATA_FORMATS", "IMAGE_FORMATS", "MIME", "PRINT_SCALE", "ExportBusy", "ExportError", "export",
           "file_name", "parse_params"]
MIME = {"png": "image/png", "svg": "image/svg+xml", "pdf": "application/pdf", "csv": "text/csv",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "zip": "application/zip",
        "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}


def export(exhibit, fmt_: str, full: bool = False, scale: float = PRINT_SCALE) -> bytes:
    """The bytes of one export; `full` picks the whole series for csv/xlsx (a zip is always the full data)."""
    if fmt_ in IMAGE_FORMATS:
        return image(exhibit, fmt_, scale)
    if fmt_ == "csv":
        return to_csv(exhibit.full if full else exhibit.displayed)
    if fmt_ == "xlsx":
        return to_xlsx(exhibit, full)
    if fmt_ == "zip":
        return to_zip(exhibit)
    raise ValueError(f"format must be one of {', '.join(IMAGE_FORMATS + DATA_FORMATS)}, not {fmt_!r}")


def file_name(exhibit, fmt_: str, full: bool = False) -> str:
    suffix = "_full" if full and fmt_ in ("csv", "xlsx", "zip") else ""
    return f"{exhibit.file_stem}{suffix}.{fmt_}"


def parse_params(pairs: list[str]) -> dict[str, str]:
    params = {}
    for p in pairs:
        key, sep, value = p.partition("=")
        if not sep or not key.strip():
            raise ValueError(f"--param {p!r}: expected KEY=VALUE")
        params[key.strip()] = value.strip()
    return params


