#!/usr/bin/env python3
"""Writes the roff man page of one TransferPipeline executable from its own --help texts.

Usage: manpage.py EXECUTABLE NAME VERSION DATE > NAME.1
Runs `EXECUTABLE --help`, then `EXECUTABLE COMMAND... --help` for every command the help lists, depth first, and turns
each help text (System.CommandLine's Description/Usage/Arguments/Options/Commands sections) into a subsection, so the
man page says exactly what the installed executable says.
"""
import re
import subprocess
import sys

ENTRY = re.compile(r"^  (\S.*?)(?:\s{2,}(\S.*))?$")
CONTINUATION = re.compile(r"^\s{3,}(\S.*)$")


def roff_text(text):
    text = text.replace("\\", "\\e")
    return "\\&" + text if text.startswith((".", "'")) else text


def roff_term(text):
    return roff_text(text).replace("-", "\\-")


def help_sections(executable, path):
    result = subprocess.run([executable, *path, "--help"], capture_output=True, text=True, check=True,
                            env={"PATH": "/usr/bin:/bin", "COLUMNS": "500", "LANG": "C.UTF-8"})
    sections, current = {}, None
    for line in result.stdout.splitlines():
        if not line.strip():
            continue
        if not line.startswith(" "):
            current = sections.setdefault(line.rstrip(":"), [])
            continue
        if current is None:
            continue
        if current is sections.get("Description") or current is sections.get("Usage"):
            current.append(line.strip())
            continue
        entry, continued = ENTRY.match(line), CONTINUATION.match(line)
        if continued and current:
            current[-1] = (current[-1][0], (current[-1][1] + " " + continued.group(1)).strip())
        elif entry:
            current.append((entry.group(1).strip(), (entry.group(2) or "").strip()))
    return sections


def entries(out, items):
    for term, description in items:
        out.append(".TP")
        out.append(".B " + roff_term(term))
        out.append(roff_text(description))


def walk(executable, path, out, inherited=frozenset()):
    sections = help_sections(executable, path)
    if not path:
        # --help and the data directory option repeat on every command: the OPTIONS section states them once.
        inherited = frozenset(term for term, _ in sections.get("Options", []))
    else:
        sections["Options"] = [entry for entry in sections.get("Options", []) if entry[0] not in inherited]
        out.append(".SS " + roff_term(" ".join(sections.get("Usage", [" ".join(path)]))))
        out.extend(roff_text(line) for line in sections.get("Description", []))
        for name in ("Arguments", "Options"):
            if sections.get(name):
                out.append(".PP")
                out.append(name + ":")
                entries(out, sections[name])
    for term, _ in sections.get("Commands", []):
        walk(executable, [*path, term.split()[0]], out, inherited)
    return sections


def main():
    executable, name, version, date = sys.argv[1:5]
    commands = []
    root = walk(executable, [], commands)
    description = " ".join(root.get("Description", [name]))
    summary = description.split(": ", 1)[1] if description.startswith(name + ": ") else description
    out = [
        f'.TH {name.upper()} 1 "{date}" "TransferPipeline {version}" "TransferPipeline"',
        ".SH NAME",
        f"{name} \\- {roff_text(summary)}",
        ".SH SYNOPSIS",
        *(roff_term(line) for line in root.get("Usage", [name])),
        ".SH DESCRIPTION",
        roff_text(description),
        ".PP",
        "Every command below prints the same text with \\fB\\-\\-help\\fR. Exit codes: 0 done, 1 refused or failed "
        "(the reason on standard error), 2 usage error.",
        ".SH OPTIONS",
    ]
    entries(out, root.get("Options", []))
    out.append(".SH COMMANDS")
    out.extend(commands)
    out.extend([
        ".SH FILES",
        ".TP",
        f".B /var/lib/transferpipeline/{name}",
        "The data directory the packaged systemd unit runs the daemon on.",
        ".TP",
        f".B /etc/transferpipeline/{name}.json",
        f"A sample configuration: \\fB{name} init\\fR writes the data directory's own {name}.json.",
        ".TP",
        f".B /usr/share/doc/transferpipeline-{name}",
        "The operator's guide and the other documents.",
        ".SH SEE ALSO",
        "\\fBhighside\\fR(1), \\fBlowside\\fR(1), \\fBpar2\\fR(1)",
    ])
    sys.stdout.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
