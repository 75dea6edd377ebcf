"""Every fenced code block of README.md and docs/**/*.md runs as written (one test per block).

- ```python blocks are executed in this interpreter, in a temporary folder holding the bundled
  demo config (``eventscout.toml``), its profile (``profile.toml``) and a copy of ``examples/``.
  The blocks of one page share that folder and one namespace, in order, as a reader pasting
  them into one session would; a block defining ``test_*`` functions has them called.
- ```toml blocks go through the real readers: a config (or a fragment of one: a ``[profile]``
  table, one ``[[sources]]`` entry...) through :func:`parse_config`, each source through
  :func:`create_source`, ``[[feeds]]`` through :func:`parse_feeds`, ``[sources.fetch]`` through
  :class:`FetchSettings`; a bare profile through :meth:`Profile.from_mapping`; a contacts file
  through :func:`load_contacts`; entry points against the example package.
- ```sh / ```console / ```bash lines starting with ``eventscout`` run through
  :func:`eventscout.cli.main` in a fresh folder holding the demo config (``init``, which writes
  the config, in an empty one); ``serve`` runs in a subprocess on a free port until it answers.
  ``python examples/...`` lines run the script. Other lines (``make``, benchmarks) are not run.
- Blocks of other languages (output samples) are not run.

No block reaches the network: connections other than to this machine fail. A block that cannot
run as written is preceded by ``<!-- docs-test: skip because <reason> -->``; a marker without a
reason fails. ``<!-- docs-test: file PATH -->`` runs a python block as the file PATH (relative to
the temporary folder), for blocks that use ``__file__``.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import runpy
import shlex
import shutil
import socket
import subprocess
import sys
import time
import tomllib
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from attrs import frozen

from eventscout.samples import demo_config_path

PROJECT = Path(__file__).parent.parent
PAGES = [PROJECT / "README.md", *sorted((PROJECT / "docs").rglob("*.md"))]
_FENCE = re.compile(r"^(\s*)(```+|~~~+)\s*([\w+-]*)")
_MARKER = re.compile(r"^\s*<!--\s*docs-test:\s*(.*?)\s*-->\s*$")
_CONFIG_KEYS = {"profile", "sources", "fetch", "output", "feeds", "plan"}
_SHELLS = {"sh", "bash", "console", "shell"}


@frozen
class Block:
    """One fenced block: its page (relative), number on the page, language, text, markers."""

    page: str
    number: int
    lang: str
    text: str
    line: int
    markers: tuple[str, ...]

    @property
    def id(self) -> str:
        return f"{self.page}-{self.number}"

    def marker(self, word: str) -> str | None:
        for marker in self.markers:
            if marker.split(maxsplit=1)[0:1] == [word]:
                return marker[len(word):].strip()
        return None


def collect_blocks(text: str, page: str) -> list[Block]:
    """The fenced blocks of a Markdown page, with the docs-test markers just above each."""
    blocks: list[Block] = []
    lines = text.splitlines()
    index = 0
    while index < len(lines):
        opening = _FENCE.match(lines[index])
        if not opening:
            index += 1
            continue
        fence, lang, start = opening.group(2), opening.group(3).lower(), index
        body: list[str] = []
        index += 1
        while index < len(lines) and not lines[index].strip().startswith(fence):
            body.append(lines[index])
            index += 1
        markers: list[str] = []
        above = start - 1
        while above >= 0 and (not lines[above].strip() or _MARKER.match(lines[above])):
            found = _MARKER.match(lines[above])
            if found:
                markers.append(found.group(1))
            above -= 1
        blocks.append(Block(page=page, number=len(blocks) + 1, lang=lang, text="\n".join(body) + "\n",
                            line=start + 1, markers=tuple(markers)))
        index += 1
    return blocks


BLOCKS = [block for page in PAGES
          for block in collect_blocks(page.read_text(encoding="utf-8"), page.relative_to(PROJECT).as_posix())]


def skip_reason(block: Block) -> str | None:
    """The reason a block is not run, or None; a skip marker without a reason fails."""
    for marker in block.markers:
        if marker.split(maxsplit=1)[0:1] == ["skip"]:
            found = re.fullmatch(r"skip because\s+(\S.*)", marker)
            if not found:
                pytest.fail(f"{block.id} (line {block.line}): the marker {marker!r} gives no "
                            "reason; write <!-- docs-test: skip because <reason> -->")
            return found.group(1)
    return None


# -- the folder a block runs in -------------------------------------------------------------------


def _demo_folder(folder: Path, *, config: bool = True) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    if config:
        demo = tomllib.loads(demo_config_path().read_text(encoding="utf-8"))
        # sample sources name files of the installed package: the copy is valid anywhere
        shutil.copy(demo_config_path(), folder / "eventscout.toml")
        profile = demo["profile"]
        (folder / "profile.toml").write_text(_profile_toml(profile), encoding="utf-8")
    return folder


def _profile_toml(profile: dict[str, Any]) -> str:
    import json

    lines = []
    tables = []
    for key, value in profile.items():
        if isinstance(value, dict) and key in ("interests", "goals"):
            tables.append(f"[{key}]\n" + "".join(f"{json.dumps(k)} = {v}\n" for k, v in value.items()))
        elif isinstance(value, dict):
            inner = ", ".join(f"{k} = {json.dumps(v)}" for k, v in value.items())
            lines.append(f"{key} = {{ {inner} }}")
        else:
            lines.append(f"{key} = {json.dumps(value)}")
    return "\n".join(lines) + "\n\n" + "\n".join(tables)


@pytest.fixture(autouse=True)
def _offline(monkeypatch: pytest.MonkeyPatch) -> None:
    """Connections to anything but this machine fail, so a block going online fails loudly."""
    real_connect = socket.socket.connect
    real_getaddrinfo = socket.getaddrinfo

    def local(host: object) -> bool:
        return str(host) in {"127.0.0.1", "::1", "localhost", "0.0.0.0", ""}

    def connect(self: socket.socket, address: Any) -> None:
        host = address[0] if isinstance(address, tuple) else address
        if self.family in (socket.AF_INET, socket.AF_INET6) and not local(host):
            raise OSError(f"docs test: no network (tried {address!r})")
        real_connect(self, address)

    def getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        if not local(host):
            raise socket.gaierror(f"docs test: no network (looked up {host!r})")
        return real_getaddrinfo(host, *args, **kwargs)

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)


class _Page:
    """One page's shared state for its python blocks: a folder, a namespace, what has run."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.namespace: dict[str, Any] = {"__name__": "docs_block"}
        self.done: set[int] = set()


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, _Page]:
    return {}


def _page(pages: dict[str, _Page], block: Block, tmp_path_factory: pytest.TempPathFactory) -> _Page:
    if block.page not in pages:
        folder = _demo_folder(tmp_path_factory.mktemp("page"))
        shutil.copytree(PROJECT / "examples", folder / "examples",
                        ignore=shutil.ignore_patterns("__pycache__", "*.egg-info", "build"))
        pages[block.page] = _Page(folder)
    return pages[block.page]


# -- python ---------------------------------------------------------------------------------------


def _run_python(block: Block, page: _Page, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(page.folder)
    as_file = block.marker("file")
    namespace = page.namespace
    namespace["__file__"] = str(page.folder / (as_file or "docs_block.py"))
    before = set(namespace)
    code = compile(block.text, f"{block.id} (line {block.line})", "exec")
    with contextlib.redirect_stdout(io.StringIO()):
        exec(code, namespace)
        for name in sorted(set(namespace) - before):
            if name.startswith("test_") and callable(namespace[name]):
                namespace[name]()
    page.done.add(block.number)


# -- toml -----------------------------------------------------------------------------------------


def _check_config(data: dict[str, Any], folder: Path) -> None:
    from eventscout.config import parse_config
    from eventscout.feeds.definition import parse_feeds
    from eventscout.fetch import FetchSettings
    from eventscout.sources.registry import create_source

    if "profile" not in data:  # a fragment: the demo's profile stands in for the reader's
        data = {**data, "profile": "profile.toml"}
    path = folder / "eventscout.toml"
    config = parse_config(data, path=path)
    base = config.fetch_settings()
    for source in config.sources:
        create_source(source.type, name=source.name, options=source.options, config_path=str(path))
        FetchSettings.from_mapping(source.fetch, path=str(path), base=base, source=source.name)
    if config.feeds:
        parse_feeds(list(config.feeds), path=path)


def _check_entry_points(data: dict[str, Any]) -> None:
    """Entry points of a plugin's pyproject: each must be one an example package declares."""
    import importlib

    group = data["project"]["entry-points"]["eventscout.sources"]
    declared: dict[str, str] = {}
    for pyproject in (PROJECT / "examples").glob("*/pyproject.toml"):
        example = tomllib.loads(pyproject.read_text(encoding="utf-8"))
        declared.update(example["project"]["entry-points"]["eventscout.sources"])
        sys.path.insert(0, str(pyproject.parent / "src"))
    try:
        for name, value in group.items():
            assert declared.get(name) == value, f"{name} = {value!r} is in no example package"
            module, _, attribute = value.partition(":")
            assert callable(getattr(importlib.import_module(module), attribute))
    finally:
        del sys.path[:len(list((PROJECT / "examples").glob("*/pyproject.toml")))]


def _run_toml(block: Block, folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from eventscout.people import load_contacts
    from eventscout.profile import Profile

    data = tomllib.loads(block.text)
    monkeypatch.chdir(folder)
    if "project" in data:
        _check_entry_points(data)
    elif set(data) & {"contact", "meeting"}:
        contacts = folder / "contacts.toml"
        contacts.write_text(block.text, encoding="utf-8")
        load_contacts(contacts)
    elif set(data) & _CONFIG_KEYS:
        if "sources" in data and _uses_example_adapter(data):
            _with_example_package(monkeypatch, folder)
        _check_config(data, folder)
    else:
        Profile.from_mapping(data, path=block.id)


def _uses_example_adapter(data: dict[str, Any]) -> bool:
    return any(source.get("type") == "community-csv" for source in data.get("sources", []))


def _with_example_package(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    """Make the example plugin findable as if pip-installed: its source and a dist-info."""
    example = PROJECT / "examples" / "eventscout-example-source"
    project = tomllib.loads((example / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    site = folder / "site-packages"
    info = site / f"{project['name'].replace('-', '_')}-{project['version']}.dist-info"
    info.mkdir(parents=True, exist_ok=True)
    (info / "METADATA").write_text(
        f"Metadata-Version: 2.1\nName: {project['name']}\nVersion: {project['version']}\n",
        encoding="utf-8")
    points = project["entry-points"]["eventscout.sources"]
    (info / "entry_points.txt").write_text(
        "[eventscout.sources]\n" + "".join(f"{k} = {v}\n" for k, v in points.items()),
        encoding="utf-8")
    monkeypatch.syspath_prepend(str(site))
    monkeypatch.syspath_prepend(str(example / "src"))


# -- shell ----------------------------------------------------------------------------------------


def shell_commands(text: str) -> list[list[str]]:
    """The command lines of a shell block (prompts, comments and continuations handled)."""
    joined = text.replace("\\\n", " ")
    commands = []
    for line in joined.splitlines():
        line = re.sub(r"^\s*\$\s+", "", line)
        words = shlex.split(line, comments=True)
        if words:
            commands.append(words)
    return commands


def runnable(words: list[str]) -> bool:
    return words[0] == "eventscout" or (
        words[0] in ("python", "python3") and len(words) > 1 and words[1].startswith("examples/"))


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _serve(words: list[str], folder: Path) -> None:
    """Run ``eventscout serve ...`` on a free port until it answers, then stop it."""
    port = _free_port()
    args = list(words[1:])
    if "--port" in args:
        args[args.index("--port") + 1] = str(port)
    else:
        args += ["--port", str(port)]
    env = {**os.environ, "PYTHONPATH": str(PROJECT / "src")}
    process = subprocess.Popen(
        [sys.executable, "-c", "from eventscout.cli import main; raise SystemExit(main())", *args],
        cwd=folder, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + 120
        while True:
            if process.poll() is not None:
                pytest.fail(f"`{shlex.join(words)}` stopped: {process.communicate()[0]}")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as response:
                    assert response.status == 200
                    return
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
    finally:
        process.terminate()
        process.communicate(timeout=30)


def _run_command(words: list[str], folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from eventscout.cli import main

    monkeypatch.chdir(folder)
    if words[0] != "eventscout":
        monkeypatch.setattr(sys, "argv", words[1:])
        with contextlib.redirect_stdout(io.StringIO()):
            runpy.run_path(str(folder / words[1]), run_name="__main__")
        return
    if words[1:2] == ["serve"]:
        _serve(words, folder)
        return
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        status = main(words[1:])
    assert status == 0, f"`{shlex.join(words)}` exited {status}:\n{out.getvalue()}"


def _run_shell(block: Block, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    commands = [words for words in shell_commands(block.text) if runnable(words)]
    if not commands:
        pytest.skip("no eventscout or examples/ lines (make and benchmark commands are not run)")
    for number, words in enumerate(commands):
        init = words[1:2] == ["init"]
        folder = _demo_folder(tmp_path / f"command-{number}", config=not init)
        if words[0] != "eventscout":
            shutil.copytree(PROJECT / "examples", folder / "examples",
                            ignore=shutil.ignore_patterns("__pycache__"))
        _run_command(words, folder, monkeypatch)


# -- the tests ------------------------------------------------------------------------------------


def test_every_page_is_collected() -> None:
    pages = {block.page for block in BLOCKS}
    assert "README.md" in pages and "docs/how-to/write-a-source.md" in pages
    assert {block.lang for block in BLOCKS} >= {"python", "toml", "sh"}


def test_a_skip_marker_needs_a_reason() -> None:
    page = "Text\n\n<!-- docs-test: skip -->\n```python\nraise SystemExit\n```\n"
    (block,) = collect_blocks(page, "page.md")
    with pytest.raises(pytest.fail.Exception, match="gives no reason"):
        skip_reason(block)
    reasoned = collect_blocks(page.replace("skip", "skip because it never ends"), "page.md")
    assert skip_reason(reasoned[0]) == "it never ends"


def test_shell_lines_are_split_as_a_shell_would() -> None:
    text = "$ eventscout run --top 3   # a comment\nmake demo\neventscout build \\\n  --out 'my site'\n"
    assert shell_commands(text) == [["eventscout", "run", "--top", "3"], ["make", "demo"],
                                    ["eventscout", "build", "--out", "my site"]]
    assert [runnable(words) for words in shell_commands(text)] == [True, False, True]


@pytest.mark.parametrize("block", BLOCKS, ids=lambda block: block.id)
def test_block_runs(block: Block, pages: dict[str, _Page], tmp_path: Path,
                    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    reason = skip_reason(block)
    if reason is not None:
        pytest.skip(reason)
    if block.lang == "python":
        page = _page(pages, block, tmp_path_factory)
        for earlier in BLOCKS:  # a block selected alone gets its page's earlier blocks first
            if (earlier.page == block.page and earlier.number < block.number
                    and earlier.lang == "python" and earlier.number not in page.done
                    and skip_reason(earlier) is None):
                _run_python(earlier, page, monkeypatch)
        _run_python(block, page, monkeypatch)
    elif block.lang == "toml":
        _run_toml(block, _demo_folder(tmp_path / "toml"), monkeypatch)
    elif block.lang in _SHELLS:
        _run_shell(block, tmp_path, monkeypatch)
    else:
        pytest.skip(f"a {block.lang or 'plain'} block is an output sample, not run")
