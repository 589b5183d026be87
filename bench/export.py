"""Export benchmark: the real form export against a bare xlsxwriter write of the same cells.

    /work/venv/bin/python bench/export.py            # 100,000 sign-ups × 20 fields
    /work/venv/bin/python bench/export.py -n 20000   # quicker

1. Makes N synthetic sign-ups of a 20-field form (text, long text, e-mail, numbers, dates,
   choices, yes/no, a multichoice, phone, CVR, postcode) with bookings in a temporary
   SQLite file, through the real models.
2. Export: `intake.exports.service.write_form_workbook`, i.e. rows streamed from SQLite in
   keyset batches, the rows function, formula protection and the streaming writer.
3. Bare: xlsxwriter in constant_memory mode writing the very same cells (produced by the
   same rows function beforehand, outside the timing) with write_string/write_number/
   write_datetime, one call per cell, and nothing else.

Each phase runs in a fresh interpreter, so its peak RSS (VmHWM) is its own. The phases
alternate (export, bare, export, bare, ...) `--repeat` times and the best run of each
counts, and the times are the process's CPU time (user + system): on a shared 2-core
machine, wall time mostly measures the neighbours. Wall times are printed as well. The
closing lines are `ratio export <export CPU s / bare CPU s>` and `peak_rss_mb <export peak>`.
"""

from __future__ import annotations

import argparse
import multiprocessing
import random
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SLUG = "benchmark"
START = datetime(2026, 1, 5, 8, 0, tzinfo=UTC)
WORDS = ("Hedensted", "erhverv", "netværk", "bæredygtig", "økonomi", "Åen", "iværksætter", "-punkt",
         "logistik", "handel", "samarbejde", "Rugekassen", "mål", "handling")


def synthetic_form():
    from intake.formdefs.schema import FieldDef, FormDef, Option, Text

    def field(key, kind, label, **extra):
        return FieldDef(key=key, type=kind, label=Text(label), **extra)

    options = tuple(Option(code=f"o{n}", label=Text(f"Mulighed {n}")) for n in range(1, 5))
    fields = (
        field("navn", "text", "Navn"),
        field("stilling", "text", "Stilling"),
        field("organisation", "text", "Organisation"),
        field("adresse", "text", "Adresse"),
        field("by", "text", "By"),
        field("hjemmeside", "text", "Hjemmeside"),
        field("motivation", "textarea", "Hvorfor vil du være med?"),
        field("email", "email", "E-mail"),
        field("ansatte", "integer", "Antal ansatte"),
        field("omsaetning", "integer", "Omsætning (mio. kr.)"),
        field("startdato", "date", "Startdato"),
        field("foedselsdato", "date", "Fødselsdato"),
        field("sektor", "choice", "Sektor", options=options[:3]),
        field("gruppe", "choice", "Gruppe", options=options),
        field("nyhedsbrev", "yesno", "Nyhedsbrev?"),
        field("interesser", "multichoice", "Interesser", options=options),
        field("telefon", "phone", "Telefon"),
        field("cvr", "cvr", "CVR-nummer"),
        field("postnummer", "postcode", "Postnummer"),
        field("bemaerkning", "text", "Bemærkning"),
    )
    return FormDef(
        slug=SLUG, version=1, kind="signup", title=Text("Benchmark"), intro=None, fields=fields
    )


def answers(n: int) -> dict:
    rnd = random.Random(n)
    words = lambda k: " ".join(rnd.choice(WORDS) for _ in range(k))  # noqa: E731
    return {
        "navn": f"Person {n} {rnd.choice(WORDS)}",
        "stilling": words(2),
        "organisation": f"Firma {n % 997} ApS",
        "adresse": f"{words(1)}vej {n % 200}",
        "by": rnd.choice(("Hedensted", "Juelsminde", "Tørring", "Hornsyld")),
        "hjemmeside": f"https://firma{n % 997}.dk",
        "motivation": words(rnd.randint(5, 40)),
        "email": f"person{n}@firma{n % 997}.dk",
        "ansatte": rnd.randint(1, 500),
        "omsaetning": rnd.randint(0, 9000),
        "startdato": f"20{rnd.randint(10, 25)}-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d}",
        "foedselsdato": (
            f"19{rnd.randint(50, 99)}-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d}"
        ),
        "sektor": f"o{rnd.randint(1, 3)}",
        "gruppe": f"o{rnd.randint(1, 4)}",
        "nyhedsbrev": rnd.choice(("ja", "nej")),
        "interesser": sorted({f"o{rnd.randint(1, 4)}" for _ in range(rnd.randint(0, 3))}),
        "telefon": f"+45{rnd.randint(20000000, 99999999)}",
        "cvr": f"{rnd.randint(0, 99999999):08d}",
        "postnummer": rnd.choice(("8722", "7160", "8781", "0800")),
        "bemaerkning": words(rnd.randint(0, 6)) or None,
    }


def signed_up_at(n: int) -> datetime:
    return START + timedelta(minutes=3 * n)


def make_app(workdir: Path):
    from intake import create_app

    forms = workdir / "forms"
    forms.mkdir(exist_ok=True)
    return create_app(
        {
            "SECRET_KEY": "benchmark-secret-key-0123456789",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{workdir / 'bench.sqlite3'}",
            "INSTANCE_PATH": str(workdir),
            "FORMS_DIR": str(forms),
            "PUBLIC_BASE_URL": "https://intake.example.dk",
            "MAIL_BACKEND": "file",
        }
    )


def generate(workdir: Path, count: int) -> None:
    import sqlalchemy as sa

    from intake.extensions import db
    from intake.signups.models import Booking, BookingStatus, Signup

    app = make_app(workdir)
    with app.app_context():
        db.create_all()
        batch = 5000
        for first in range(0, count, batch):
            ids = range(first + 1, min(first + batch, count) + 1)
            db.session.execute(
                sa.insert(Signup),
                [
                    {
                        "id": n,
                        "reference": f"HE-{n:06d}",
                        "form_slug": SLUG,
                        "form_version": 1,
                        "answers": answers(n),
                        "email": f"person{n}@firma{n % 997}.dk",
                        "locale": "da",
                        "submission_key": f"key{n}",
                        "source": "public",
                        "created_at": signed_up_at(n),
                        "cancelled_at": signed_up_at(n) + timedelta(days=2)
                        if n % 17 == 0
                        else None,
                    }
                    for n in ids
                ],
            )
            db.session.execute(sa.insert(Booking), [{
                "signup_id": n, "form_slug": SLUG, "bucket": "form", "seats": 1,
                "status": BookingStatus.WAITLISTED if n % 9 == 0 else BookingStatus.CONFIRMED,
                "is_over_capacity": False, "created_at": signed_up_at(n),
            } for n in ids])
            db.session.commit()


def peak_rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_export(workdir: str, queue) -> None:
    from intake.exports.service import write_form_workbook

    app = make_app(Path(workdir))
    with app.app_context():
        started, cpu = time.perf_counter(), time.process_time()
        written = write_form_workbook(synthetic_form(), str(Path(workdir) / "export.xlsx"))
        wall, cpu = time.perf_counter() - started, time.process_time() - cpu
    queue.put({"wall": wall, "cpu": cpu, "rows": written, "peak_rss_mb": peak_rss_mb()})


def run_bare(workdir: str, count: int, queue) -> None:
    """The same cells, computed beforehand in chunks (not timed), written with bare calls."""
    import xlsxwriter

    from intake.exports import signups
    from intake.exports.source import BookingRecord, SignupRecord
    from intake.signups.models import BookingStatus

    export = signups.layout(synthetic_form())
    book = xlsxwriter.Workbook(str(Path(workdir) / "bare.xlsx"), {
        "constant_memory": True, "strings_to_formulas": False, "strings_to_urls": False,
        "strings_to_numbers": False,
    })
    date_format = book.add_format({"num_format": "dd-mm-yyyy"})
    datetime_format = book.add_format({"num_format": "dd-mm-yyyy hh:mm"})
    wall = cpu = 0.0
    started, cpu_started = time.perf_counter(), time.process_time()
    ws = book.add_worksheet("Tilmeldinger")
    for col, column in enumerate(export.main.columns):
        ws.write_string(0, col, column.header)
    wall, cpu = wall + time.perf_counter() - started, cpu + time.process_time() - cpu_started
    row_number = 1
    for first in range(1, count + 1, 1000):
        records = [
            SignupRecord(
                n,
                f"HE-{n:06d}",
                signed_up_at(n),
                signed_up_at(n) + timedelta(days=2) if n % 17 == 0 else None,
                answers(n),
                [
                    BookingRecord(
                        BookingStatus.WAITLISTED if n % 9 == 0 else BookingStatus.CONFIRMED,
                        None,
                        "form",
                    )
                ],
            )
            for n in range(first, min(first + 1000, count + 1))
        ]
        chunk = [row for _, row in signups.rows(export, records)]
        started, cpu_started = time.perf_counter(), time.process_time()
        for row in chunk:
            for col, value in enumerate(row):
                if value is None:
                    continue
                kind = type(value)
                if kind is str:
                    ws.write_string(row_number, col, value)
                elif kind is int or kind is float:
                    ws.write_number(row_number, col, value)
                elif kind is datetime:
                    ws.write_datetime(row_number, col, value, datetime_format)
                else:
                    ws.write_datetime(row_number, col, value, date_format)
            row_number += 1
        wall, cpu = wall + time.perf_counter() - started, cpu + time.process_time() - cpu_started
    started, cpu_started = time.perf_counter(), time.process_time()
    book.close()
    wall, cpu = wall + time.perf_counter() - started, cpu + time.process_time() - cpu_started
    queue.put({"wall": wall, "cpu": cpu, "rows": row_number - 1, "peak_rss_mb": peak_rss_mb()})


def in_child(target, *args) -> dict:
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    process = context.Process(target=target, args=(*args, queue))
    process.start()
    result = queue.get()
    process.join()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", "--signups", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=2, help="runs of each phase; the best counts")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="intake-export-bench-") as tmp:
        workdir = Path(tmp)
        started = time.perf_counter()
        generate(workdir, options.signups)
        print(
            f"{options.signups:,} sign-ups × {len(synthetic_form().fields)} fields made in "
            f"{time.perf_counter() - started:.1f} s "
            f"({(workdir / 'bench.sqlite3').stat().st_size / 1e6:.0f} MB SQLite)"
        )
        exports, bares = [], []
        for run in range(1, options.repeat + 1):
            exports.append(in_child(run_export, str(workdir)))
            bares.append(in_child(run_bare, str(workdir), options.signups))
            print(
                f"run {run}: export {exports[-1]['cpu']:.2f} s CPU "
                f"({exports[-1]['wall']:.2f} s wall), "
                f"bare {bares[-1]['cpu']:.2f} s CPU ({bares[-1]['wall']:.2f} s wall)"
            )
        export, bare = min(exports, key=lambda r: r["cpu"]), min(bares, key=lambda r: r["cpu"])
        assert export["rows"] == bare["rows"] == options.signups, (export, bare)
        size = lambda name: (workdir / name).stat().st_size / 1e6  # noqa: E731
        peak = max(r["peak_rss_mb"] for r in exports)
        print(
            f"export: {export['cpu']:.2f} s CPU, {export['wall']:.2f} s wall, "
            f"{size('export.xlsx'):.1f} MB, "
            f"peak RSS {peak:.0f} MB"
        )
        print(
            f"bare:   {bare['cpu']:.2f} s CPU, {bare['wall']:.2f} s wall, "
            f"{size('bare.xlsx'):.1f} MB, "
            f"peak RSS {max(r['peak_rss_mb'] for r in bares):.0f} MB"
        )
        print(f"ratio export {export['cpu'] / bare['cpu']:.2f}")
        print(f"peak_rss_mb {peak:.0f}")


if __name__ == "__main__":
    main()
