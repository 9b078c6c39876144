"""The corpora the project knows, from ``corpora/manifest.toml``; names resolve to folders.

Examples
--------
>>> from lexoverlap.corpora import resolve_paths
>>> resolve_paths(["some/file.txt"])
[PosixPath('some/file.txt')]
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from .errors import UsageError


@dataclass(frozen=True, slots=True)
class Corpus:
    """One entry of the manifest."""

    name: str
    path: Path
    languages: tuple[str, ...]
    description: str
    #: Metadata the project gives for some files of the corpus (relative path → fields, as a
    #: sidecar would): facts a read-only corpus cannot carry, each with its reason ("why").
    metadata: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def available(self) -> bool:
        """Whether the folder is there (``../shared`` is absent outside the project machines)."""
        return self.path.is_dir()


def find_manifest(start: Path | None = None) -> Path:
    """Find ``corpora/manifest.toml`` above ``start`` (the working directory) or the package."""
    here = Path(__file__).resolve()
    for base in [(start or Path.cwd()).resolve(), *here.parents]:
        for folder in (base, *base.parents):
            candidate = folder / "corpora" / "manifest.toml"
            if candidate.is_file():
                return candidate
    raise UsageError(
        "corpora/manifest.toml not found; run from the lexoverlap checkout or pass paths"
    )


def corpora(manifest: Path | None = None) -> dict[str, Corpus]:
    """All corpora of the manifest, by name."""
    path = manifest or find_manifest()
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return {
        name: Corpus(
            name=name,
            path=(path.parent / entry["path"]).resolve(),
            languages=tuple(entry.get("languages", ())),
            description=entry.get("description", ""),
            metadata=dict(entry.get("metadata", {})),
        )
        for name, entry in data.items()
    }


@cache
def _known() -> tuple[Corpus, ...]:
    try:
        return tuple(c for c in corpora().values() if c.metadata)
    except (UsageError, OSError, ValueError):
        return ()  # not run from a checkout: no project manifest, nothing to add


def corpus_metadata(path: Path) -> tuple[dict[str, Any], Path] | None:
    """The metadata ``corpora/manifest.toml`` gives for ``path`` (without its "why"), and the
    manifest's path; None when the file is in no known corpus or has no entry.

    Why: vn-laws-vlc is read-only and two of its laws lapsed by acts that are not in it (the
    1990 Company Law, the 2003 State Enterprise Law): without their expiry dates their
    differences from later laws were reported as live conflicts (review 7: 9 false pairs).
    """
    resolved = path.resolve()
    for corpus in _known():
        try:
            relative = resolved.relative_to(corpus.path).as_posix()
        except ValueError:
            continue
        entry = corpus.metadata.get(relative)
        if entry is not None:
            return {k: v for k, v in entry.items() if k != "why"}, find_manifest()
    return None


def resolve_paths(paths: list[str]) -> list[Path]:
    """Turn ``@name`` items into the corpus folder; other items are paths as given.

    Raises
    ------
    UsageError
        For an unknown corpus name, or a known one whose folder is absent.
    """
    out: list[Path] = []
    known: dict[str, Corpus] | None = None
    for item in paths:
        if not item.startswith("@"):
            out.append(Path(item))
            continue
        known = known or corpora()
        corpus = known.get(item[1:])
        if corpus is None:
            raise UsageError(f"unknown corpus {item!r}; known: {', '.join(sorted(known))}")
        if not corpus.available:
            raise UsageError(f"corpus {item!r} is not on this machine (looked in {corpus.path})")
        out.append(corpus.path)
    return out
