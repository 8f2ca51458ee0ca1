"""The LMSs' own files, as they come: bulk downloads in, class lists (exports) read.

Bulk downloads (SUBMISSIONS of `python -m grader batch`, a folder or the .zip itself):

- Canvas, Assignment → "Download Submissions": submissions.zip holds flat files named
  `lastfirst_userid_submissionid_filename`, `lastfirst_late_userid_submissionid_filename` for
  a late one; a file uploaded twice under one name gets `-1`, `-2` before its extension.
  `userid` is the `ID` column of Canvas's gradebook export.
- Moodle, Assignment → "Download all submissions": one folder per participant,
  `Full Name_participantid_assignsubmission_file_` (or, without "in folders", flat files
  `Full Name_participantid_assignsubmission_file_filename`). `participantid` is the
  assignment's own number (the grading worksheet's `Identifier`, "Participant 123"); Moodle's
  grades export does not carry it, so against that export a student is found by full name.

Each student becomes one entry of a staging folder (their files grouped, a lone .zip kept as
the entry), named `<name>_<id>`; `Bulk.keys` maps the entry to the LMS's id for the roster.
"""
import dataclasses
import os
import re
import shutil
import tempfile
import zipfile
from pathlib import Path

from grader.engine import rubric
from grader.engine.limits import SUBMISSION_MAX_BYTES as ZIP_MAX_BYTES  # one submission's budget (intake)

CANVAS_FILE = re.compile(r"^(?P<who>[^_]+)_(?:(?P<late>late)_)?(?P<user>\d+)_(?P<sub>\d+)_(?P<name>.+)$",
                         re.IGNORECASE)
MOODLE_ENTRY = re.compile(r"^(?P<who>.+?)_(?P<pid>\d+)_assignsubmission_(?P<plugin>[a-z]+)_(?P<name>.*)$")
REUPLOAD = re.compile(r"^(?P<stem>.+)-\d+(?P<suffix>\.[^.]+)$")
SKIP = {"__MACOSX", ".DS_Store"}


@dataclasses.dataclass
class Bulk:
    """A bulk download staged as one entry per student."""
    kind: str                    # "canvas" or "moodle"
    folder: Path                 # the staging folder (temporary: remove() it when done)
    keys: dict                   # entry name -> the LMS's id (Canvas user id, Moodle participant id)
    names: dict                  # entry name -> the student's name as the download spells it
    late: set                    # entry names Canvas marked late
    too_big: set = dataclasses.field(default_factory=set)   # entries with files left out (over the size cap)

    def remove(self):
        shutil.rmtree(self.folder, ignore_errors=True)

    def relabel(self, rows, source, lang):
        """Rows name what the instructor gave (submissions.zip, the entry inside), never the
        temporary staging folder; a late entry's row says it was late."""
        from grader.messages import say
        staging = str(self.folder)
        for row in rows:
            if Path(row.source).parent != self.folder:
                continue          # relabelled already
            given = Path(source) / row.student
            row.note = row.note.replace(str(Path(staging) / row.source.name), str(given)).replace(staging, str(source))
            row.source = given
            if row.result is not None:
                row.result = dataclasses.replace(row.result, folder=str(given))
            if row.student in self.late:
                late = say("lms.late", lang)
                row.note = f"{row.note}; {late}" if row.note else late


def _members(source):
    """The member names of a .zip, or a folder's own entries (a folder's name ends in "/")."""
    source = Path(source)
    if source.is_file():
        with zipfile.ZipFile(source) as archive:
            return [info.filename for info in archive.infolist() if not info.is_dir()]
    return [p.name + ("/" if p.is_dir() else "") for p in source.iterdir()]


def detect(source):
    """"canvas", "moodle" or None: what kind of bulk download `source` is (a folder or a .zip)."""
    try:
        names = _members(source)
    except (OSError, zipfile.BadZipFile):
        return None
    tops = {name.split("/")[0] + ("/" if "/" in name else "") for name in names}
    tops = {top for top in tops if top.rstrip("/") not in SKIP and not top.startswith(".")}
    if not tops:
        return None
    if all(MOODLE_ENTRY.match(top.rstrip("/")) for top in tops):
        return "moodle"
    if all(not top.endswith("/") and CANVAS_FILE.match(top) for top in tops):
        return "canvas"
    return None


def _clean_name(name):
    """Canvas's `-1` before the extension of a re-uploaded file, dropped when that names a module."""
    match = REUPLOAD.match(name)
    if match and match["stem"] + match["suffix"] in rubric.MODULES.values():
        return match["stem"] + match["suffix"]
    return name


def _place(read, root, target):
    """Write what `read()` gives at `target`, never outside `root` (the staging folder)."""
    if not target.resolve().is_relative_to(root.resolve()):
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(read())


def _items(source):
    """(relative path, size, read) of every file in a folder or a .zip, never outside it and
    never through a link; `read()` gives the bytes, so a file too big is never read."""
    source = Path(source)
    if source.is_file():
        with zipfile.ZipFile(source) as archive:
            for info in archive.infolist():
                parts = Path(info.filename).parts
                if info.is_dir() or Path(info.filename).is_absolute() or ".." in parts or not parts:
                    continue
                yield info.filename, info.file_size, (lambda info=info: archive.read(info))
        return
    for top, folders, names in os.walk(source):       # os.walk follows no link to a folder
        folders.sort()
        for name in sorted(names):
            path = Path(top) / name
            if path.is_symlink() or not path.is_file():
                continue
            yield path.relative_to(source).as_posix(), path.stat().st_size, path.read_bytes


def _entry(who, key):
    safe = re.sub(r'[\x00-\x1f\x7f/\\:*?"<>|]', "_", who).strip(" .") or "_"
    return f"{safe}_{key}"


def _skipped(relative):
    """Not a student's file: __MACOSX, .DS_Store and hidden files at the top."""
    top = relative.partition("/")[0]
    return top in SKIP or top.startswith(".") or Path(relative).name in SKIP


def _canvas_file(bulk, top, rest):
    """(entry, file name inside it) for a Canvas file `lastfirst[_late]_user_sub_name`, noting the
    student's id, name and lateness in `bulk`; None for anything else (Canvas's files are flat)."""
    match = CANVAS_FILE.match(top) if not rest else None
    if not match:
        return None
    entry = _entry(match["who"], match["user"])
    bulk.keys[entry], bulk.names[entry] = match["user"], match["who"]
    if match["late"]:
        bulk.late.add(entry)
    return entry, _clean_name(match["name"])


def _moodle_file(bulk, top, rest):
    """(entry, path inside it) for a file in (or named as) a Moodle participant's folder, noting
    the participant in `bulk` (and giving them an entry, files or not); None for the online text
    and anything else."""
    match = MOODLE_ENTRY.match(top)
    if not match:
        return None
    entry = _entry(match["who"], match["pid"])
    bulk.keys[entry], bulk.names[entry] = match["pid"], match["who"]
    (bulk.folder / entry).mkdir(exist_ok=True)
    if match["plugin"] != "file":
        return None             # the online text is not code
    inner = rest if rest else match["name"]
    return (entry, inner) if inner else None


def _lone_zips_as_entries(bulk):
    """A student who handed in one .zip and nothing else: the zip is the entry, as in a plain batch."""
    for entry in list(bulk.keys):
        path = bulk.folder / entry
        files = [p for p in path.rglob("*") if p.is_file()] if path.is_dir() else []
        if len(files) == 1 and files[0].suffix.lower() == ".zip" and files[0].parent == path:
            moved = bulk.folder / f"{entry}.zip"
            files[0].replace(moved)
            path.rmdir()


def stage(source, kind):
    """Group a bulk download by student into a temporary folder of entries; returns a Bulk."""
    folder = Path(tempfile.mkdtemp(prefix="chatkit-bulk-"))
    bulk = Bulk(kind, folder, {}, {}, set())
    place = _canvas_file if kind == "canvas" else _moodle_file
    staged: dict = {}
    for relative, size, read in _items(source):
        if _skipped(relative):
            continue
        top, _, rest = relative.partition("/")
        placed = place(bulk, top, rest)
        if placed is None:
            continue
        entry, inner = placed
        staged[entry] = staged.get(entry, 0) + size
        if staged[entry] > ZIP_MAX_BYTES:      # as for one student's zip: what is over is left out
            bulk.too_big.add(entry)
            continue
        _place(read, folder, folder / entry / inner)
    _lone_zips_as_entries(bulk)
    return bulk


def prepare(source):
    """The bulk download at `source` staged, or None when it is an ordinary folder of entries."""
    source = Path(source)
    if not source.exists():
        return None
    if source.is_file() and source.suffix.lower() != ".zip":
        return None
    kind = detect(source)
    return stage(source, kind) if kind else None
