#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""coverage_report.py INFO [PREFIX]: line and branch coverage per source file, from an lcov
tracefile (lcov --capture --rc lcov_branch_coverage=1), one table with a total row.

Only files whose path holds PREFIX (default "/core/") are listed: the portable core is what
the unit tests are meant to cover; ports and the CLI are also exercised by other suites.
"""
import os
import sys


def parse(path, prefix):
    """{file: {"LF", "LH", "BRF", "BRH"}} from the DA and BRDA records (a file seen in several
    records is merged line by line and branch by branch)."""
    lines, branches = {}, {}
    name = None
    with open(path) as f:
        for rec in f:
            rec = rec.strip()
            if rec.startswith("SF:"):
                name = rec[3:] if prefix in rec[3:] else None
                if name is not None:
                    lines.setdefault(name, {})
                    branches.setdefault(name, {})
            elif rec == "end_of_record":
                name = None
            elif name is not None and rec.startswith("DA:"):
                ln, count = rec[3:].split(",")[:2]
                lines[name][ln] = lines[name].get(ln, False) or int(count) > 0
            elif name is not None and rec.startswith("BRDA:"):
                ln, block, br, taken = rec[5:].split(",")
                key = (ln, block, br)
                branches[name][key] = branches[name].get(key, False) or taken not in ("-", "0")
    return {n: {"LF": len(lines[n]), "LH": sum(lines[n].values()),
                "BRF": len(branches[n]), "BRH": sum(branches[n].values())} for n in lines}


def pct(hit, total):
    return "%5.1f%%" % (100.0 * hit / total) if total else "   -  "


def main():
    if len(sys.argv) < 2:
        sys.exit("usage: coverage_report.py INFO [PREFIX]")
    prefix = sys.argv[2] if len(sys.argv) > 2 else "/core/"
    files = parse(sys.argv[1], prefix)
    if not files:
        sys.exit("coverage_report: no file matching %r in %s" % (prefix, sys.argv[1]))
    print("%-18s %15s %7s %15s %7s" % ("module", "lines", "", "branches", ""))
    tot = {"LF": 0, "LH": 0, "BRF": 0, "BRH": 0}
    for name in sorted(files, key=os.path.basename):
        c = files[name]
        for k in tot:
            tot[k] += c[k]
        print("%-18s %7d / %5d %s %7d / %5d %s" % (os.path.basename(name), c["LH"], c["LF"],
              pct(c["LH"], c["LF"]), c["BRH"], c["BRF"], pct(c["BRH"], c["BRF"])))
    print("%-18s %7d / %5d %s %7d / %5d %s" % ("total", tot["LH"], tot["LF"],
          pct(tot["LH"], tot["LF"]), tot["BRH"], tot["BRF"], pct(tot["BRH"], tot["BRF"])))


main()
