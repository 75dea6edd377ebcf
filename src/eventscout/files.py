"""Writing a file so that readers see the old content or the new, never half of either.

Every file eventscout writes for people or other programs (calendars, configs, talks, contacts,
caches) goes through :func:`write_atomically`: the bytes go to a temporary file in the same folder,
are flushed to disk, get the permissions a new file would get, and replace the target in one
rename. A process killed midway leaves the old file and no temporary one.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

__all__ = ["write_atomically"]


def write_atomically(path: str | Path, data: bytes | str) -> Path:
    """Replace ``path`` with ``data`` (text is written as UTF-8 with ``\\n`` line ends)."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(payload)
            file.flush()
            os.fsync(file.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return target
