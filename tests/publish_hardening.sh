#!/bin/sh
# `sila publish` refuses what it must, and says where (issue 13 items 5-8,
# issue 16 "the report tells the truth"): tables and lookups only from the
# dataset's folder and the vocabularies folder; a NUL byte in a cell; CSVW
# structural problems (columns of the wrong type, a lookup table without
# its columns, ragged rows, duplicate headers) refused by publish but only
# warned about by `sila map`; a bad byte reported against the CSV's name
# with row and column; every error listed in the report; a missing
# dataset.json; a full disk.
set -u
SILA=${SILA_BIN:-../sila}
SRC=${SILA_SRCDIR:-..}
work=$(mktemp -d /tmp/sila-pubhard.XXXXXX)
trap 'rm -rf "$work"' EXIT
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { echo "FAIL: $*"; fail=$((fail + 1)); }
cp -r "$SRC/vocabularies" "$work/vocabularies" && chmod -R u+w "$work/vocabularies"
mkdir -p "$work/ds"
# A copy of the demo accommodation dataset, to break in one way.
fresh() { rm -rf "$work/ds/$1" && cp -r "$SRC/datasets/strutture-ricettive" "$work/ds/$1" && chmod -R u+w "$work/ds/$1"; }
META=strutture-ricettive.csv-metadata.json
CSV=strutture-ricettive.csv
# publish NAME: dry run; out/err in $work/out, $work/err; returns the status
publish() { "$SILA" publish --dry-run "$work/ds/$1" >"$work/out" 2>"$work/err"; }
refused() { # NAME PATTERN WHAT: refused, and the report holds PATTERN
  publish "$1"
  [ $? = 1 ] && ok || bad "$3 accepted: $(cat "$work/out")"
  grep -q "REFUSED" "$work/out" && ok || bad "$3: no REFUSED: $(cat "$work/out")"
  grep -q -- "$2" "$work/out" && ok || bad "$3: report lacks '$2': $(cat "$work/out" "$work/err")"
}

# The reference: the intact copy publishes cleanly.
fresh good
publish good && ok || bad "intact copy refused: $(cat "$work/out")"

# ---- 5. confinement -------------------------------------------------------
fresh passwd
sed -i 's|"url": "strutture-ricettive.csv"|"url": "/etc/passwd"|' "$work/ds/passwd/$META"
refused passwd "/etc/passwd: refused, a table or lookup may only be a file of the dataset's folder" "table url /etc/passwd"
grep -q "root:" "$work/out" "$work/err" && bad "/etc/passwd content echoed" || ok
fresh fileurl
sed -i 's|"url": "strutture-ricettive.csv"|"url": "file:///etc/passwd"|' "$work/ds/fileurl/$META"
refused fileurl "refused" "table url file:///etc/passwd"
mkdir -p "$work/outside" && cp "$SRC/datasets/strutture-ricettive/$CSV" "$work/outside/$CSV"
fresh dotdot
sed -i 's|"url": "strutture-ricettive.csv"|"url": "../../outside/strutture-ricettive.csv"|' "$work/ds/dotdot/$META"
refused dotdot "outside/strutture-ricettive.csv: refused" "table url escaping with .."
fresh symlink
rm "$work/ds/symlink/$CSV" && ln -s /etc/passwd "$work/ds/symlink/$CSV"
refused symlink "refused" "a symbolic link out of the folder"
fresh lookup
sed -i 's|"url": "../../vocabularies/comuni-calabria.csv"|"url": "/etc/passwd"|' "$work/ds/lookup/$META"
refused lookup "/etc/passwd: refused" "lookup url /etc/passwd"
# the metadata itself, named in dataset.json, cannot be outside either
fresh metaout
cp "$work/ds/metaout/$META" "$work/outside/x-metadata.json"
rm "$work/ds/metaout/$META"
sed -i 's|"slug"|"metadata": "../../outside/x-metadata.json", "slug"|' "$work/ds/metaout/dataset.json"
refused metaout "outside/x-metadata.json: refused" "metadata outside the folder"
# ... while the vocabularies folder is allowed, and found by name when the
# dataset folder moved away from it (--vocabularies)
mkdir -p "$work/elsewhere/deep/er" && cp -r "$SRC/datasets/strutture-ricettive" "$work/elsewhere/deep/er/moved"
"$SILA" publish --dry-run "$work/elsewhere/deep/er/moved" >"$work/out" 2>&1
[ $? = 1 ] && ok || bad "moved folder without vocabularies published"
"$SILA" publish --dry-run --vocabularies "$work/vocabularies" "$work/elsewhere/deep/er/moved" >"$work/out" 2>&1 &&
  ok || bad "moved folder with --vocabularies: $(cat "$work/out")"

# ---- 6. a NUL byte in a cell ----------------------------------------------
fresh nul
printf 'CS-0009;Hotel Cen\000trale;Albergo;3;Cosenza;Via Roma 1;39,1;16,2;10;20;50,00;\n' >>"$work/ds/nul/$CSV"
refused nul "$CSV:10:2: error: a NUL byte in the cell" "a NUL byte"
"$SILA" map --extensions "$work/ds/nul/$META" >/dev/null 2>"$work/err"
[ $? = 1 ] && grep -q "$CSV:10:2: a NUL byte" "$work/err" && ok || bad "sila map and a NUL byte: $(cat "$work/err")"

# ---- 7. structural problems: refused by publish, warnings for map ----------
fresh cols42
python3 - "$work/ds/cols42/$META" <<'PY' || sed -i 's|"columns": \[|"columns": 42, "x": [|' "$work/ds/cols42/$META"
import json, sys
p = sys.argv[1]
j = json.load(open(p))
j["tableSchema"]["columns"] = 42
json.dump(j, open(p, "w"))
PY
refused cols42 'metadata.json: error: columns must be an array' '"columns": 42'
"$SILA" map --extensions "$work/ds/cols42/$META" >/dev/null 2>"$work/err" && ok || bad "sila map refused columns 42: $(cat "$work/err")"
grep -q 'metadata.json: warning: columns must be an array' "$work/err" && ok || bad "sila map: no warning for columns 42: $(cat "$work/err")"
fresh lkcols
sed -i 's|"key": "denominazione", "value": "codice_nazionale"|"key": "nome", "value": "codice"|' "$work/ds/lkcols/$META"
refused lkcols 'error: lookup table .*comuni-calabria.csv has no column "nome" or "codice"' "a lookup table without usable columns"
fresh ragged
sed -i 's/^CS-0002;\(.*\)$/CS-0002;\1;extra/; s/^CZ-0001;.*$/CZ-0001;Hotel dei Due Mari;Albergo/' "$work/ds/ragged/$CSV"
refused ragged "$CSV:3:13: error: row has 13 cells, more than the 12 columns" "a row too long"
grep -q "$CSV:4:3: error: row has 3 cells, fewer than the 12 columns" "$work/out" && ok || bad "a row too short: $(cat "$work/out")"
"$SILA" map --extensions "$work/ds/ragged/$META" >/dev/null 2>"$work/err" && ok || bad "sila map refused ragged rows"
fresh duphdr
sed -i '1s/;tipologia;/;denominazione;/' "$work/ds/duphdr/$CSV"
refused duphdr "$CSV:1:3: error: duplicate header \"denominazione\" (also column 2)" "duplicate headers"
# a header problem is at row 1, column 3 (not "line 3")
grep -q "$CSV:1:3: error: column title \"denominazione\" is not compatible" "$work/out" && ok || bad "header position: $(cat "$work/out")"
fresh semicolon
sed -i 's/"delimiter": ";"/"delimiter": ","/' "$work/ds/semicolon/$META"
refused semicolon "$CSV:1: error: the CSV has 1 columns but the metadata describes 12 (is the separator right? the dialect says \",\")" "the wrong separator"

# A link to a municipality IRI the national vocabulary does not hold (here:
# the lookup left out, so the IRI is made of the name) is an error, and is
# not counted as a link.
fresh invented
python3 - "$work/ds/invented/$META" <<'PY'
import json, sys
p = sys.argv[1]
j = json.load(open(p))
for c in j["tableSchema"]["columns"]:
    c.pop("https://dati.calabria.it/ns/csvw#lookup", None)
json.dump(j, open(p, "w"))
PY
refused invented "error: <https://w3id.org/italia/controlled-vocabulary/territorial-classifications/cities/Cosenza> is not in the national vocabulary of municipalities" "links to invented municipality IRIs"
grep -q "links         0 to IRIs outside the portal" "$work/out" && ok || bad "invented IRIs counted as links: $(cat "$work/out")"

# ---- 8. messages ------------------------------------------------------------
fresh cp1252
printf 'CS-0009;Hotel Citt\340;Albergo;3;Cosenza;Via Roma 1;39,1;16,2;10;20;50,00;\n' >>"$work/ds/cp1252/$CSV"
refused cp1252 "$CSV:10:2: error: invalid UTF-8" "a windows-1252 byte"
grep -q "reason        $work/ds/cp1252/$CSV:10:2:" "$work/out" && ok || bad "bad byte blamed on another file: $(cat "$work/out")"
grep -q 'the file looks like windows-1252 (libuchardet: .*): write "encoding": "windows-1252" in the metadata' "$work/out" && ok || bad "encoding hint: $(cat "$work/out")"
"$SILA" map --extensions "$work/ds/cp1252/$META" >/dev/null 2>"$work/err"
grep -q "^$work/ds/cp1252/$CSV:10:2: invalid UTF-8" "$work/err" && ok || bad "sila map: bad byte position: $(cat "$work/err")"
# every error is listed, not only the first
fresh many
sed -i '2,$s/^\([^;]*\);[^;]*;/\1;;/' "$work/ds/many/$CSV"
refused many "errors        8$" "eight empty required cells"
[ "$(grep -c 'error: required column "denominazione" has no value' "$work/out")" = 8 ] && ok || bad "not every error listed: $(cat "$work/out")"
# no dataset.json: said so, not "errors 0 ... all present"
fresh nodesc
rm "$work/ds/nodesc/dataset.json"
refused nodesc "mandatory: dataset.json" "a folder without dataset.json"
grep -q "errors        1$" "$work/out" && ok || bad "missing dataset.json not counted: $(cat "$work/out")"
grep -q "reason        $work/ds/nodesc/dataset.json: unable to open" "$work/out" && ok || bad "missing dataset.json reason: $(cat "$work/out")"

# A full disk: a 2 MiB file system in a private mount namespace (skipped
# where user namespaces are not allowed).
if unshare -Urm true 2>/dev/null; then
  fresh big
  head -1 "$SRC/datasets/strutture-ricettive/$CSV" >"$work/ds/big/$CSV"
  i=0
  while [ $i -lt 3000 ]; do
    printf 'CS-%04d;Hotel numero %d con un nome lungo per riempire il disco;Albergo;3;Cosenza;Via Roma %d;39,1;16,2;10;20;50,00;https://example.org/%d\n' $i $i $i $i
    i=$((i + 1))
  done >>"$work/ds/big/$CSV"
  mkdir -p "$work/small"
  unshare -Urm sh -c "mount -t tmpfs -o size=2m tmpfs '$work/small' && '$SILA' init '$work/small/s' >/dev/null 2>&1 &&
    '$SILA' publish --store '$work/small/s' '$work/ds/big'" >"$work/out" 2>"$work/err"
  [ $? = 1 ] && ok || bad "publish on a full disk: $(cat "$work/out" "$work/err")"
  grep -q "no space left on the device holding the store" "$work/err" && ok || bad "full disk message: $(cat "$work/err")"
  grep -q "reason        .*no space left on the device holding the store" "$work/out" && ok || bad "full disk reason: $(cat "$work/out")"
else
  echo "SKIP: full-disk check (no user namespaces here)"
fi

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
