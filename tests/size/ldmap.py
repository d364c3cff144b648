# SPDX-License-Identifier: MIT
"""Input sections a GNU ld link kept, read from its map (-Wl,-Map): shared by the size reports
(size_link.py, firmware_size.py, size_components.py)."""
import re
import sys

# " .text.foo  0xADDR  0xSIZE  path.o", or the name alone with the numbers on the next line.
SEC = re.compile(r'^ (\.[\w.$]+|COMMON)(?:\s+(0x[0-9a-f]+)\s+(0x[0-9a-f]+)\s+(\S+))?\s*$')
CONT = re.compile(r'^\s+(0x[0-9a-f]+)\s+(0x[0-9a-f]+)\s+(\S+)\s*$')


def input_sections(path):
    """Yield (section, size, input) for each input section in the map's memory map: section
    as named there (COMMON included), size in bytes, input the object or "lib.a(member.o)"."""
    with open(path) as f:
        lines = f.read().split('\n')
    try:
        start = lines.index('Linker script and memory map')
    except ValueError:
        sys.exit(f'{path}: not a GNU ld map')
    pending = None
    for line in lines[start:]:
        m = SEC.match(line)
        if m:
            if m.group(2):
                yield m.group(1), int(m.group(3), 16), m.group(4)
                pending = None
            else:
                pending = m.group(1)
            continue
        if pending:
            c = CONT.match(line)
            if c:
                yield pending, int(c.group(2), 16), c.group(3)
            pending = None
