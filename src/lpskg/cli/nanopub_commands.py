"""``lpskg nanopub``: export the graph's statements as nanopublications, import and list those of others."""
from __future__ import annotations

import json
from pathlib import Path

import click

from ..exchange.nanopub import KINDS, SUFFIXES, NanopubError, export, import_nanopubs, imported, read_private_key
from .context import fail, progress


@click.group()
def nanopub() -> None:
    """Nanopublications: export what the graph states, import what others publish (docs/nanopublications.md)."""


@nanopub.command("export")
@click.argument("directory", type=click.Path(path_type=Path, file_okay=False))
@click.option("--what", type=click.Choice([*KINDS, "all"]), default="all", show_default=True,
              help="Stated links and interpretations, the paper's claims, or submitted cases' evidence and diagnoses.")
@click.option("--sign", "key_file", type=click.Path(path_type=Path, dir_okay=False, exists=True), default=None,
              help="Your RSA private key (PKCS#8, as the nanopub tools make it): sign each nanopublication.")
@click.option("--signer", default=None, help="Your ORCID IRI, stated as the signer (npx:signedBy).")
@click.pass_obj
def nanopub_export(obj, directory: Path, what: str, key_file: Path | None, signer: str | None) -> None:
    """Write one nanopublication per statement to DIRECTORY (CODE.trig and index.tsv), each with its trusty URI."""
    try:
        key = read_private_key(key_file) if key_file else None
        found = export(obj.graphs, directory, KINDS if what == "all" else (what,), key, signer)
    except NanopubError as error:
        fail(str(error), 2 if "key" in str(error) else 1)
    signed = " signed," if key_file else ""
    click.echo(f"exported {len(found)}{signed} trusty nanopublications to {directory} (index: {directory / 'index.tsv'})")


def _files(path: Path) -> list[Path]:
    if path.is_dir():
        return sorted(p for p in path.iterdir() if p.suffix in SUFFIXES)
    return [path]


@nanopub.command("import")
@click.argument("path", type=click.Path(path_type=Path, exists=True))
@click.option("--dry-run", is_flag=True, help="Check every nanopublication; store nothing.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@click.pass_obj
def nanopub_import(obj, path: Path, dry_run: bool, fmt: str) -> None:
    """Check and store the nanopublications of FILE or of every file in DIR (.trig, .nq, .jsonld, .xml TriX).

    All are checked first (structure, trusty hash, RSA signature); if any file is rejected, nothing is
    stored and the exit code is 1.
    """
    files = _files(path)
    if not files:
        fail(f"{path} holds no nanopublication file ({', '.join(sorted(SUFFIXES))})", 2)
    if not dry_run:
        obj.require_writable()
    report, rejected = [], 0
    checked = []
    for file in files:
        suffix_format = SUFFIXES.get(file.suffix)
        data = file.read_bytes()
        if len(data) > obj.settings.max_body:
            rejected += 1
            report.append({"file": file.name, "rejected": f"{len(data)} bytes; at most {obj.settings.max_body} "
                                                            "(LPSKG_MAX_BODY)"})
            continue
        try:
            results = import_nanopubs(obj.graphs, data, suffix_format or "", file.name, dry_run=True)
            checked.append((file, data, suffix_format))
            report.append({"file": file.name, "nanopubs": [r.as_json() for r in results]})
        except NanopubError as error:
            rejected += 1
            report.append({"file": file.name, "rejected": str(error)})
    if not rejected and not dry_run:
        report = []
        for file, data, suffix_format in checked:
            results = import_nanopubs(obj.graphs, data, suffix_format or "", file.name)
            report.append({"file": file.name, "nanopubs": [r.as_json() for r in results]})
    _print(report, fmt, rejected, dry_run)
    if rejected:
        raise SystemExit(1)


def _print(report: list[dict], fmt: str, rejected: int, dry_run: bool) -> None:
    if fmt == "json":
        click.echo(json.dumps({"rejected": rejected, "dry_run": dry_run, "files": report}, indent=1))
        return
    for entry in report:
        if "rejected" in entry:
            click.echo(f"{entry['file']}: rejected: {entry['rejected'].removeprefix(entry['file'] + ': ')}")
            continue
        for item in entry["nanopubs"]:
            facts = ", ".join(f for f, on in (("trusty", item["trusty"]), ("signed", item["signed"])) if on) or "plain"
            click.echo(f"{entry['file']}: {item['status']}: <{item['nanopub']}> ({facts}, {item['triples']} triples)")
    if rejected:
        progress(f"{rejected} of {len(report)} file(s) rejected; nothing stored")


@nanopub.command("list")
@click.pass_obj
def nanopub_list(obj) -> None:
    """The nanopublications imported into the store, with their creator and date."""
    for row in imported(obj.store):
        click.echo("\t".join(str(row.get(k) or "") for k in ("np", "creator", "created")))
