"""An import as a clerk makes it since every import waits for review (issue 24): entered `--as` one person, then
approved by another, each a `python -m shegong` command run in this process."""
from __future__ import annotations

CLERK, REVIEWER = "clerk@example.org", "reviewer@example.org"


def import_reviewed(capsys, table: str, file, db) -> tuple[int, list[str], str]:
    """`import TABLE FILE --as CLERK`, then `review approve N --as REVIEWER` when a change was entered: the exit
    status of the last step, the stdout lines of both (the import's summary last) and their stderr."""
    from shegong.__main__ import main as cli

    rc = cli(["import", table, str(file), "--db", str(db), "--as", CLERK])
    first = capsys.readouterr()
    lines = first.out.strip().splitlines()
    if rc != 0 or not lines or not lines[-1].startswith("change "):
        return rc, lines, first.err
    rc = cli(["review", "approve", lines[-1].split()[1], "--as", REVIEWER, "--db", str(db)])
    second = capsys.readouterr()
    return rc, lines + second.out.strip().splitlines(), first.err + second.err
