#!/usr/bin/env python3
"""store_pages.py — where a Sila store's bytes go, per LMDB named database.

    bench/store_pages.py STORE_DIR [QUADS]

mdb_stat counts a DUPSORT database's main tree only; Sila's seven indexes
(nine in a store of format 4) keep almost everything in their duplicate sub-trees (MDB_DUPSORT|MDB_DUPFIXED: one
key, then the other IDs as fixed-size values).  This walks data.mdb's pages
read-only (LMDB's on-disk layout: meta pages 0/1, the main tree of named
databases, each database's tree, each key's sub-page or sub-tree) and prints
per database: pages (branch, leaf, sub-tree, overflow), bytes, the share of
the page bytes that hold data (fill), entries and bytes per entry; with QUADS,
bytes per quad.  Do not run it on a store that is being written (it reads the
last committed meta page, not a snapshot).
"""
import mmap
import os
import struct
import sys

P_BRANCH, P_LEAF, P_OVERFLOW, P_META, P_LEAF2, P_SUBP = 0x01, 0x02, 0x04, 0x08, 0x20, 0x40
F_BIGDATA, F_SUBDATA, F_DUPDATA = 0x01, 0x02, 0x04
PAGEHDR = 16
DB = struct.Struct("<IHHQQQQQ")  # pad, flags, depth, branch, leaf, overflow, entries, root


def main():
    if len(sys.argv) < 2:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        sys.exit(2)
    path = os.path.join(sys.argv[1], "data.mdb")
    quads = int(sys.argv[2]) if len(sys.argv) > 2 else 0
    with open(path, "rb") as f:
        m = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
    # the two meta pages: the newer committed one wins
    metas = []
    for pg in (0, 1):
        # meta page size is not known yet: meta 1 is at the page size; try 4096
        off = pg * 4096 + PAGEHDR
        magic, version = struct.unpack_from("<II", m, off)
        free_db = DB.unpack_from(m, off + 24)
        main_db = DB.unpack_from(m, off + 24 + 48)
        last_pg, txnid = struct.unpack_from("<QQ", m, off + 24 + 96)
        metas.append((txnid, free_db, main_db, last_pg))
    txnid, free_db, main_db, last_pg = max(metas)
    psize = free_db[0] or 4096

    def page(pgno):
        off = pgno * psize
        flags, lower, upper = struct.unpack_from("<HHH", m, off + 10)
        return off, flags, lower, upper

    def node(off, base=0):
        lo, hi, flags, ksize = struct.unpack_from("<HHHH", m, off)
        return lo | (hi << 16), flags, ksize, off + 8

    stats = {}

    def add(name, kind, pages, used):
        s = stats.setdefault(name, {"branch": 0, "leaf": 0, "sub": 0, "overflow": 0, "used": 0, "entries": 0})
        s[kind] += pages
        s["used"] += used

    def walk(name, root, kind_leaf="leaf", kind_branch="branch", dupfixed_ksize=0):
        """Walks a tree from root; counts its pages into stats[name]."""
        stack = [root]
        while stack:
            pgno = stack.pop()
            off, flags, lower, upper = page(pgno)
            n = (lower - PAGEHDR) // 2
            if flags & P_LEAF2:  # DUPFIXED leaf: keys packed, no node headers
                add(name, kind_leaf, 1, PAGEHDR + n * dupfixed_ksize)
                continue
            used = PAGEHDR + 2 * n + (psize - upper)
            if flags & P_BRANCH:
                add(name, kind_branch, 1, used)
                for i in range(n):
                    noff = off + struct.unpack_from("<H", m, off + PAGEHDR + 2 * i)[0]
                    lo, hi, fl = struct.unpack_from("<HHH", m, noff)
                    stack.append(lo | (hi << 16) | (fl << 32))
                continue
            add(name, kind_leaf, 1, used)
            for i in range(n):
                noff = off + struct.unpack_from("<H", m, off + PAGEHDR + 2 * i)[0]
                dsize, nflags, ksize, koff = node(noff)
                doff = koff + ksize
                if nflags & F_BIGDATA:
                    ovpg = struct.unpack_from("<Q", m, doff)[0]
                    npages = struct.unpack_from("<I", m, ovpg * psize + 12)[0]
                    add(name, "overflow", npages, dsize)
                elif nflags & F_DUPDATA and nflags & F_SUBDATA:
                    sub = DB.unpack_from(m, doff)
                    walk(name, sub[7], "sub", "sub", sub[0])

    # the named databases: leaf nodes of the main tree with F_SUBDATA
    names = []
    stack = [main_db[7]] if main_db[7] != 0xFFFFFFFFFFFFFFFF else []
    while stack:
        pgno = stack.pop()
        off, flags, lower, upper = page(pgno)
        n = (lower - PAGEHDR) // 2
        for i in range(n):
            noff = off + struct.unpack_from("<H", m, off + PAGEHDR + 2 * i)[0]
            if flags & P_BRANCH:
                lo, hi, fl = struct.unpack_from("<HHH", m, noff)
                stack.append(lo | (hi << 16) | (fl << 32))
                continue
            dsize, nflags, ksize, koff = node(noff)
            if nflags & F_SUBDATA:
                name = bytes(m[koff:koff + ksize]).decode("utf-8", "replace")
                names.append((name, DB.unpack_from(m, koff + ksize)))
    total_pages = 0
    for name, db in sorted(names):
        if db[7] == 0xFFFFFFFFFFFFFFFF:
            continue
        walk(name, db[7])
        stats[name]["entries"] = db[6]
    file_bytes = os.path.getsize(path)
    print(f"{path}: page size {psize}, last page {last_pg}, file {file_bytes / 1e6:.1f} MB"
          + (f", {file_bytes / quads:.1f} B/quad" if quads else ""))
    hdr = f"{'database':12} {'pages':>9} {'branch':>7} {'leaf':>8} {'dup-tree':>9} {'overflow':>8} {'MB':>8} {'fill':>5} {'entries':>10} {'B/entry':>8}"
    if quads:
        hdr += f" {'B/quad':>7}"
    print(hdr)
    tot = 0
    for name, s in sorted(stats.items(), key=lambda kv: -(kv[1]["branch"] + kv[1]["leaf"] + kv[1]["sub"] + kv[1]["overflow"])):
        pages = s["branch"] + s["leaf"] + s["sub"] + s["overflow"]
        if not pages:
            continue
        tot += pages
        b = pages * psize
        line = (f"{name:12} {pages:9d} {s['branch']:7d} {s['leaf']:8d} {s['sub']:9d} {s['overflow']:8d} "
                f"{b / 1e6:8.1f} {100 * s['used'] / b:4.0f}% {s['entries']:10d} {b / max(1, s['entries']):8.1f}")
        if quads:
            line += f" {b / quads:7.1f}"
        print(line)
    other = (last_pg + 1) - tot
    print(f"{'(free+meta)':12} {other:9d} {'':7} {'':8} {'':9} {'':8} {other * psize / 1e6:8.1f}"
          + (f" {'':5} {'':10} {'':8} {other * psize / quads:7.1f}" if quads else ""))


if __name__ == "__main__":
    main()
