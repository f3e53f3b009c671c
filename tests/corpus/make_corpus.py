"""Write the corpus of bad inputs in tests/corpus/ (run once; the files are committed).

    python tests/corpus/make_corpus.py

Each case is a ledger (with its journal file when it has one) or a workbook made
from a small valid ledger by one kind of damage: truncation, wrong types, bad
UTF-8, byte-order marks, NUL bytes, huge numbers, NaN, deep nesting, YAML alias
bombs and tags, huge lines, path escapes, repeated keys, malicious workbooks.
``expected.json`` says, for each case, the command that reads it, the exit code
and the rule codes it must give; tests/test_fault_corpus.py holds the code to it.
The expectations are written here by hand, not recorded from a run.
"""

from __future__ import annotations

import io
import json
import struct
import sys
import zipfile
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
LEDGER = ["check", "{file}", "--as-of", "2026-06-15", "--format", "json"]
IMPORT = ["import", "{file}", "--into", "{here}/_base.yaml", "--dry-run", "--format", "json"]

CASES: list[dict[str, Any]] = []


def case(
    name: str, data: bytes, exit: int, codes: list[str], command: list[str] = LEDGER, **more: bytes
) -> None:
    """A corpus file, its companions (``journal=b"..."``: NAME.journal.jsonl), what it must give."""
    (HERE / name).write_bytes(data)
    files = [name]
    for suffix, content in more.items():
        companion = f"{Path(name).stem}.{suffix}.jsonl"
        (HERE / companion).write_bytes(content)
        files.append(companion)
    CASES.append({"file": name, "files": files, "command": command, "exit": exit, "codes": codes})


def base_yaml() -> str:
    import civledger
    from civledger import testing

    return civledger.dumps(testing.small_ledger())


def base_doc() -> dict[str, Any]:
    import civledger
    from civledger import testing

    return json.loads(civledger.dumps(testing.small_ledger(), format="json"))


def split_yaml(name: str) -> str:
    """The base ledger with its journal in ``NAME.journal.jsonl``."""
    text = base_yaml()
    head = text[: text.index("journal:")]
    return head + f"journal: {Path(name).stem}.journal.jsonl\n"


GOOD_LINES = (
    b'{"at":"2026-04-01T09:00:00+08:00","task":"T-001","action":"assign","by":"p-zhao"}\n'
    b'{"at":"2026-04-02T10:00:00+08:00","task":"P-001","action":"assign","by":"p-zhao"}\n'
)
CLAIM = b'{"at":"2026-04-03T09:00:00+08:00","task":"T-001","action":"claim","by":"p-qian"}'


def journal_case(name: str, lines: bytes, exit: int, codes: list[str]) -> None:
    case(name, split_yaml(name).encode(), exit, codes, journal=lines)


def ledgers() -> None:
    yaml_text = base_yaml()
    yaml_bytes = yaml_text.encode()
    layout = (
        __import__("civledger")
        .dumps(__import__("civledger").testing.small_ledger(), format="json")
        .encode()
    )
    hand = json.dumps(base_doc(), ensure_ascii=False, indent=2).encode()

    # -- truncated ----------------------------------------------------------------------------
    case("trunc-layout-half.json", layout[: len(layout) // 2], 2, [])
    case("trunc-layout-mid-entry.json", layout[: layout.index(b'"units"') + 40], 2, [])
    case("trunc-hand.json", hand[: len(hand) * 2 // 3], 2, [])
    case("trunc-yaml-flow.yaml", yaml_bytes[: yaml_bytes.index(b"- {id: zc-ly,") + 20], 2, [])
    case(
        "trunc-yaml-half.yaml", yaml_bytes[: yaml_bytes.index(b"tasks:")], 1, ["OWN006"]
    )  # whole lines
    journal_case("trunc-journal-tail.yaml", GOOD_LINES + CLAIM[:30], 1, ["LDG015"])
    journal_case("trunc-journal-only.yaml", CLAIM[:45], 1, ["LDG015"])
    case("trunc-empty.yaml", b"", 2, [])
    case("trunc-blank.json", b"  \n\t\n", 2, [])

    # -- wrong types --------------------------------------------------------------------------
    case(
        "type-units-mapping.yaml",
        yaml_text.replace("units:\n- {id: zc,", "units:\n  zc: {id: zc,", 1)
        .replace("\n- {id: zc-ly,", "\n  x: {id: zc-ly,", 1)
        .encode(),
        2,
        [],
    )
    doc = base_doc()
    doc["tasks"] = "T-001"
    case("type-tasks-text.json", json.dumps(doc).encode(), 1, ["LDG002", "OWN006", "SGN007"])
    doc = base_doc()
    doc["units"][4]["id"] = 4114
    case("type-id-number.json", json.dumps(doc).encode(), 1, ["LDG002", "LDG008", "SCR004"][:2])
    doc = base_doc()
    doc["campaign"] = ["zc-2026", "柘城县"]
    case("type-campaign-list.json", json.dumps(doc, ensure_ascii=False).encode(), 1, ["LDG002"])
    case("type-top-list.json", b'[{"civledger": 1}]', 2, [])
    case("type-top-scalar.yaml", "只是一句话\n".encode(), 2, [])
    case(
        "type-version-text.json", b'{"civledger": "1", "campaign": {"id": "c", "name": "c"}}', 2, []
    )
    case("type-version-2.yaml", b"civledger: 2\ncampaign: {id: c, name: c}\n", 2, [])
    case("type-version-missing.yaml", b"campaign: {id: c, name: c}\n", 2, [])
    journal_case("type-journal-list-line.yaml", GOOD_LINES + b'["claim", "T-001"]\n', 1, ["LDG014"])
    journal_case(
        "type-journal-percent-text.yaml",
        GOOD_LINES
        + CLAIM.replace(b'"claim"', b'"progress"')[:-1]
        + b',"percent":"\xe4\xba\x94\xe5\x8d\x81"}\n',
        1,
        ["LDG002", "SGN013"],
    )

    # -- UTF-8 --------------------------------------------------------------------------------
    case("utf8-gbk.yaml", yaml_text.encode("gbk"), 2, [])
    case("utf8-bad-byte.json", layout.replace("龙源街道".encode(), b"\xff\xfe"), 2, [])
    case("utf8-overlong.json", hand.replace(b'"zc-ly"', b'"zc\xc0\xafly"', 1), 2, [])
    case("utf8-surrogate.yaml", yaml_bytes.replace("赵某".encode(), b"\xed\xa0\x80"), 2, [])
    journal_case(
        "utf8-journal-bad-byte.yaml",
        GOOD_LINES + CLAIM.replace(b"p-qian", b"p-q\xffan") + b"\n",
        1,
        ["LDG014"],
    )

    # -- byte-order marks ---------------------------------------------------------------------
    case("bom-utf8.yaml", b"\xef\xbb\xbf" + yaml_bytes, 0, [])
    case("bom-utf8.json", b"\xef\xbb\xbf" + layout, 0, [])
    case("bom-utf16le.yaml", b"\xff\xfe" + yaml_text.encode("utf-16-le"), 2, [])
    case("bom-utf16be.json", b"\xfe\xff" + layout.decode().encode("utf-16-be"), 2, [])
    journal_case("bom-journal.yaml", b"\xef\xbb\xbf" + GOOD_LINES, 0, [])

    # -- NUL bytes ----------------------------------------------------------------------------
    case("nul-yaml-raw.yaml", yaml_bytes.replace("赵某".encode(), b"\x00"), 2, [])
    case("nul-json-raw.json", hand.replace("赵某".encode(), b"\x00"), 2, [])
    case("nul-json-escaped.json", hand.replace("赵某".encode(), b"\\u0000"), 0, [])
    journal_case(
        "nul-journal-line.yaml",
        GOOD_LINES + CLAIM.replace(b"p-qian", b"p-\x00qian") + b"\n",
        1,
        ["LDG014"],
    )
    case(
        "nul-journal-name.yaml",
        (split_yaml("x")[: split_yaml("x").index("journal:")] + 'journal: "j\\0.jsonl"\n').encode(),
        1,
        ["LDG016"],
    )

    # -- huge numbers, NaN --------------------------------------------------------------------
    case(
        "num-huge-int.json",
        hand.replace(b'"name": "\xe8\xb5\xb5\xe6\x9f\x90"', b'"name": ' + b"9" * 5000, 1),
        2,
        [],
    )
    case("num-huge-float.json", hand.replace(b'"due": "2026-06-30"', b'"due": 1e999', 1), 2, [])
    case(
        "num-huge-yaml.yaml",
        (
            yaml_text
            + "- {at: '2026-04-03T09:00:00+08:00', task: T-001, action: progress, by: p-qian,"
            + " percent: 1e999}\n"
        ).encode(),
        1,
        ["LDG002", "SGN013"],
    )
    case(
        "num-huge-int-yaml.yaml",
        yaml_text.replace("title: 背街小巷环境整治", "title: " + "9" * 4000).encode(),
        1,
        ["LDG002"],
    )
    case("num-nan-json.json", hand.replace(b'"due": "2026-06-30"', b'"due": NaN', 1), 2, [])
    case(
        "num-nan-yaml.yaml",
        (
            yaml_text.replace(
                "  due: 2026-06-30\n",
                "  due: 2026-06-30\n  target: {quantity: .nan, unit: 条}\n",
                1,
            )
        ).encode(),
        1,
        ["LDG002"],
    )
    case(
        "num-inf-yaml.yaml",
        (
            yaml_text.replace(
                "  due: 2026-06-30\n",
                "  due: 2026-06-30\n  target: {quantity: -.inf, unit: 条}\n",
                1,
            )
        ).encode(),
        1,
        ["LDG002"],
    )
    journal_case(
        "num-nan-journal.yaml",
        GOOD_LINES + CLAIM.replace(b'"claim"', b'"progress"')[:-1] + b',"percent":NaN}\n',
        1,
        ["LDG014"],
    )
    journal_case(
        "num-huge-journal.yaml",
        GOOD_LINES + CLAIM.replace(b'"claim"', b'"progress"')[:-1] + b',"percent":1e999}\n',
        1,
        ["LDG014"],
    )

    # -- deep nesting -------------------------------------------------------------------------
    case(
        "deep-json.json",
        b'{"civledger": 1, "campaign": ' + b"[" * 20_000 + b"]" * 20_000 + b"}",
        2,
        [],
    )
    case(
        "deep-yaml-flow.yaml",
        b"civledger: 1\ncampaign: " + b"[" * 20_000 + b"]" * 20_000 + b"\n",
        2,
        [],
    )
    case("deep-yaml-block.yaml", b"civledger: 1\ncampaign:\n" + b"- " * 5000 + b"x\n", 2, [])
    journal_case(
        "deep-journal.yaml",
        GOOD_LINES + b'{"note": ' + b"[" * 5000 + b"]" * 5000 + b"}\n",
        1,
        ["LDG014"],
    )
    note = json.dumps({"a": [[[[[[["deep"]]]]]]]})
    case(
        "deep-note.yaml",
        yaml_text.replace("title: 占道经营", "title: 占道经营\n  note: " + note).encode(),
        1,
        ["LDG002"],
    )

    # -- YAML alias bombs and tags ------------------------------------------------------------
    bomb = "civledger: 1\ncampaign: {id: c, name: c}\n" + "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
    bomb += "".join(f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]\n" for i in range(1, 9))
    case("alias-bomb.yaml", bomb.encode(), 2, [])
    case(
        "alias-recursive.yaml", b"civledger: 1\ncampaign: &c {id: c, name: c, parent: *c}\n", 2, []
    )
    case(
        "alias-small.yaml",
        yaml_text.replace("people:", "x-anchor: &who p-zhao\npeople:").encode(),
        1,
        ["LDG001"],
    )
    case(
        "tag-python-object.yaml",
        b"civledger: 1\ncampaign: !!python/object/apply:os.system ['echo pwned']\n",
        2,
        [],
    )
    case("tag-python-name.yaml", b"civledger: 1\ncampaign: !!python/name:os.system\n", 2, [])
    case("tag-custom.yaml", b"civledger: 1\ncampaign: !ledger {id: c, name: c}\n", 2, [])
    case(
        "tag-binary.yaml",
        yaml_text.replace("name: 赵某", "name: !!binary aGVsbG8=").encode(),
        1,
        ["LDG002"],
    )
    case(
        "tag-set.yaml",
        yaml_text.replace("cooperating: [zc-cg]", "cooperating: !!set {zc-cg}").encode(),
        1,
        ["LDG002"],
    )

    # -- huge lines, control characters ---------------------------------------------------------
    garbage = bytes((i * 7919) % 251 + 1 for i in range(100_000)).replace(b"\n", b" ")
    journal_case("huge-journal-line.yaml", GOOD_LINES + garbage + b"\n", 1, ["LDG014"])
    case(
        "huge-name.yaml", yaml_text.replace("name: 赵某", "name: " + "赵" * 50_000).encode(), 0, []
    )
    doc = base_doc()
    doc["units"][0]["x" * 50_000] = 1
    case("huge-key.json", json.dumps(doc).encode(), 1, ["LDG001"])
    journal_case(
        "control-journal.yaml",
        GOOD_LINES + b'{"at": "\x1b[2J\x1b]0;owned\x07", "task": "T-001"}\n',
        1,
        ["LDG014"],
    )
    case(
        "control-chars.yaml",
        yaml_text.replace("name: 钱某", 'name: "\\e[2J\\e]0;owned\\a钱某"').encode(),
        0,
        [],
    )

    # -- paths that lead out of the ledger's folder ---------------------------------------------
    for label, name in [
        ("dotdot", "../../etc/passwd"),
        ("absolute", "/etc/passwd"),
        ("windows", "C:\\Windows\\win.ini"),
        ("backslash", "..\\..\\secret.jsonl"),
        ("unc", "\\\\server\\share\\j.jsonl"),
        ("deep-dotdot", "logs/../../../etc/shadow"),
    ]:
        head = base_yaml()[: base_yaml().index("journal:")]
        case(
            f"path-{label}.yaml", (head + f"journal: {json.dumps(name)}\n").encode(), 1, ["LDG016"]
        )
    head = base_yaml()[: base_yaml().index("journal:")]
    case("path-folder.yaml", (head + "journal: .\n").encode(), 2, [])

    # -- repeated keys --------------------------------------------------------------------------
    case(
        "dup-key.json",
        hand.replace(b'"lead": "zc-ly",', b'"lead": "zc-cg", "lead": "zc-ly",', 1),
        1,
        ["LDG017"],
    )
    journal_case(
        "dup-key-journal.yaml",
        GOOD_LINES + CLAIM[:-1] + b',"by":"p-sun"}\n',
        1,
        ["LDG017", "SGN002"][:1],
    )
    case(
        "dup-key.yaml",
        yaml_text.replace("lead: zc-ly", "lead: zc-ly\n  lead: zc-cg", 1).encode(),
        2,
        [],
    )


# -- workbooks ------------------------------------------------------------------------------------


def _workbook(rows: list[list[Any]]) -> bytes:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "工作台账"
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


EXTERNAL_LINK = (
    b'<?xml version="1.0"?><externalLink '
    b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><externalBook r:id="rId1" '
    b'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"/></externalLink>'
)
ROWS = [
    ["序号", "工作任务", "牵头单位", "完成时限"],
    [1, "背街小巷环境整治", "龙源街道", "6月30日前"],
]


def _rezip(
    data: bytes, change: dict[str, bytes | None], add: dict[str, bytes] | None = None
) -> bytes:
    """The workbook ``data`` with parts replaced (``None``: removed) or added."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            if info.filename in change:
                if change[info.filename] is not None:
                    target.writestr(info.filename, change[info.filename])
                continue
            target.writestr(info, source.read(info.filename))
        for name, content in (add or {}).items():
            target.writestr(name, content)
    return out.getvalue()


def _declared_huge(data: bytes) -> bytes:
    """A zip whose central directory claims a part unzips to 4 GiB (a zip bomb's signature)."""
    raw = bytearray(data)
    at = raw.find(b"PK\x01\x02")
    while at != -1:
        struct.pack_into("<I", raw, at + 24, 0xFFFFFFF0)  # uncompressed size
        at = raw.find(b"PK\x01\x02", at + 4)
    return bytes(raw)


def workbooks() -> None:
    import civledger
    from civledger import testing

    civledger.dump(testing.small_ledger(), HERE / "_base.yaml")
    good = _workbook(ROWS)
    case("xlsx-good.xlsx", good, 0, [], IMPORT)
    case("xlsx-zip-bomb.xlsx", _declared_huge(good), 2, [], IMPORT)
    case("xlsx-ole.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4096), 2, [], IMPORT)
    case("xlsx-csv.xlsx", "序号,工作任务\n1,整治\n".encode(), 2, [], IMPORT)
    case("xlsx-html.xlsx", b"<html><table><tr><td>1</td></tr></table></html>", 2, [], IMPORT)
    case("xlsx-no-workbook.xlsx", _rezip(good, {"xl/workbook.xml": None}), 2, [], IMPORT)
    case("xlsx-truncated.xlsx", good[: len(good) // 2], 2, [], IMPORT)
    case("xlsx-empty.xlsx", b"", 2, [], IMPORT)
    sheet = zipfile.ZipFile(io.BytesIO(good)).read("xl/worksheets/sheet1.xml")
    xxe = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>' + sheet[
        sheet.index(b"<worksheet") :
    ].replace(
        b"<sheetData>",
        b'<sheetData><row r="9"><c r="A9" t="inlineStr"><is><t>&e;</t></is></c></row>',
        1,
    )
    case("xlsx-xxe.xlsx", _rezip(good, {"xl/worksheets/sheet1.xml": xxe}), 2, [], IMPORT)
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">'
        + b"".join(
            b'<!ENTITY %s "%s">'
            % (f"b{i}".encode(), (f"&{'a' if i == 0 else f'b{i - 1}'};" * 10).encode())
            for i in range(9)
        )
        + b"]>"
        + sheet[sheet.index(b"<worksheet") :].replace(
            b"<sheetData>",
            b'<sheetData><row r="9"><c r="A9" t="inlineStr"><is><t>&b8;</t></is></c></row>',
            1,
        )
    )
    case(
        "xlsx-billion-laughs.xlsx",
        _rezip(good, {"xl/worksheets/sheet1.xml": laughs}),
        2,
        [],
        IMPORT,
    )
    formulas = [
        ROWS[0],
        [1, "=cmd|' /C calc'!A0", "龙源街道", "6月30日前"],
        [2, '=HYPERLINK("http://evil/","点我")', "龙源街道", "6月30日前"],
    ]
    case("xlsx-formulas.xlsx", _workbook(formulas), 1, ["XLS003", "XLS008"], IMPORT)
    case(
        "xlsx-zip-slip.xlsx",
        _rezip(good, {}, {"../../evil.txt": b"pwned", "/abs/evil.txt": b"pwned"}),
        0,
        [],
        IMPORT,
    )
    case(
        "xlsx-external-link.xlsx",
        _rezip(
            good,
            {},
            {"xl/externalLinks/externalLink1.xml": EXTERNAL_LINK},
        ),
        0,
        [],
        IMPORT,
    )
    huge_dim = sheet.replace(b'<dimension ref="A1:D2"/>', b'<dimension ref="A1:XFD1048576"/>')
    case(
        "xlsx-huge-dimension.xlsx",
        _rezip(good, {"xl/worksheets/sheet1.xml": huge_dim}),
        0,
        [],
        IMPORT,
    )
    case(
        "xlsx-wide.xlsx",
        _workbook([ROWS[0], ROWS[1] + [None] * 300 + ["远处的值"]]),
        1,
        ["XLS002"],
        IMPORT,
    )
    case(
        "xlsx-bad-cells.xlsx",
        _workbook([ROWS[0], [1, "整治", "不存在的单位", "某天"]]),
        1,
        ["XLS004", "XLS006"],
        IMPORT,
    )


def main() -> None:
    sys.path.insert(0, str(HERE.parent.parent / "src"))
    for old in HERE.iterdir():
        if old.name not in ("make_corpus.py", "README.md"):
            old.unlink()
    ledgers()
    workbooks()
    manifest = {c["file"]: {k: v for k, v in c.items() if k != "file"} for c in CASES}
    (HERE / "expected.json").write_text(
        json.dumps(manifest, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    print(f"{len(CASES)} cases, {sum(len(c['files']) for c in CASES)} files")


if __name__ == "__main__":
    main()
