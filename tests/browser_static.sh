#!/bin/sh
# browser_static.sh — what the browser pages rest on, over real HTTP with
# curl: /static/ files (types, caching, 304s, 404s and every path traversal
# attempt we know: "..", percent-encoded dots and slashes, absolute paths,
# symbolic links out of and inside the directory, hidden files, NUL), the
# query page /query with and without YASGUI, the redirect of browsers from
# /sparql, and results as an HTML table (format=html).
set -u
SILA=${SILA_BIN:-./sila}
SRC=${SILA_SRCDIR:-$(cd "$(dirname "$0")/.." && pwd)}
command -v curl >/dev/null 2>&1 || { echo "SKIP: curl not installed"; exit 77; }
SILA_TEST_NAME=static
C="curl -s --max-time 20 --path-as-is"
. "$SRC/tests/http_lib.sh"

# ---- an assets directory with a file of each type, and traps ----
A=$T/assets
mkdir -p "$A/sila" "$A/yasgui" "$A/leaflet/images" "$A/fonts" "$T/outside"
echo 'TOPSECRET' >"$T/outside/secret.txt"
echo 'console.log(1);' >"$A/sila/query.js"
echo '/* map */' >"$A/sila/map.js"
echo '/* yasgui */' >"$A/yasgui/yasgui.min.js"
echo '.y{}' >"$A/yasgui/yasgui.min.css"
echo '/* leaflet */' >"$A/leaflet/leaflet.js"
mkdir -p "$A/bootstrap-italia/css"
echo '/* bootstrap italia */' >"$A/bootstrap-italia/css/bootstrap-italia.min.css"
echo '/* sila */' >"$A/sila/sila.css"
gzip -n -c "$A/sila/sila.css" >"$A/sila/sila.css.gz"
gzip -n -c "$A/sila/query.js" >"$A/sila/query.js.gz"
touch -d '2000-01-01' "$A/sila/query.js.gz" # older than its file: not served
printf '\211PNG\r\n\032\n' >"$A/leaflet/images/marker-icon.png"
echo '<svg xmlns="http://www.w3.org/2000/svg"/>' >"$A/logo.svg"
printf 'wOF2' >"$A/fonts/f.woff2"
echo '{"version":3}' >"$A/sila/query.js.map"
echo '<p>hi</p>' >"$A/page.html"
echo 'TOPSECRET' >"$A/.secret"
: >"$A/empty.txt"
ln -s "$T/outside/secret.txt" "$A/out-link.txt"
ln -s "$T/outside" "$A/out-dir"
ln -s query.js "$A/sila/in-link.js"
ln -s / "$A/root"

"$SILA" init "$T/store" >/dev/null || { echo "cannot init store"; exit 1; }
"$SILA" load -q --store "$T/store" --graph https://dati.calabria.it/set/capoluoghi \
  "$SRC/datasets/sample/capoluoghi-calabria.ttl" >/dev/null 2>&1 || { echo "cannot load"; exit 1; }
cat >"$T/luogo.ttl" <<'TTL'
@prefix geo: <http://www.w3.org/2003/01/geo/wgs84_pos#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
<https://dati.calabria.it/id/luogo/1> rdfs:label "Piazza \"<prova>\""@it ;
  geo:lat "39.30" ; geo:long "16.25" ; foaf:depiction <https://example.org/foto.png> .
TTL
"$SILA" load -q --store "$T/store" --graph https://dati.calabria.it/set/luoghi "$T/luogo.ttl" \
  >/dev/null 2>&1 || { echo "cannot load luogo.ttl"; exit 1; }

start_server "$T/log1" --store "$T/store" --assets "$A"

# ---- files, types, caching ----
type_of() { status "$U/static/$1" >/dev/null; header Content-Type; }
check js-status 200 "$(status "$U/static/sila/query.js")"
check js-body 'console.log(1);' "$(cat "$T/body")"
check js-type 'text/javascript; charset=utf-8' "$(header Content-Type)"
check cache-control 'public, max-age=86400' "$(header Cache-Control)"
check nosniff nosniff "$(header X-Content-Type-Options)"
etag=$(header ETag)
lm=$(header Last-Modified)
case $etag in \"*\") ok ;; *) bad "etag quoted: $etag" ;; esac
case $lm in *GMT) ok ;; *) bad "last-modified: $lm" ;; esac
check css 'text/css; charset=utf-8' "$(type_of yasgui/yasgui.min.css)"
check png image/png "$(type_of leaflet/images/marker-icon.png)"
check svg image/svg+xml "$(type_of logo.svg)"
check woff2 font/woff2 "$(type_of fonts/f.woff2)"
check map application/json "$(type_of sila/query.js.map)"
check html 'text/html; charset=utf-8' "$(type_of page.html)"
check empty-file 200 "$(status "$U/static/empty.txt")"
check empty-length 0 "$(header Content-Length)"
check etag-304 304 "$(status -H "If-None-Match: $etag" "$U/static/sila/query.js")"
check etag-304-body 0 "$(wc -c <"$T/body" | tr -d ' ')"
check etag-list-304 304 "$(status -H "If-None-Match: \"x\", $etag" "$U/static/sila/query.js")"
check etag-other 200 "$(status -H 'If-None-Match: "other"' "$U/static/sila/query.js")"
check ims-304 304 "$(status -H "If-Modified-Since: $lm" "$U/static/sila/query.js")"
check ims-old 200 "$(status -H 'If-Modified-Since: Thu, 01 Jan 1970 00:00:00 GMT' \
  "$U/static/sila/query.js")"
check head 200 "$(status -I "$U/static/sila/query.js")"
hasnt head-no-body 'console.log' "$T/body"
# a gzip copy beside a file goes to clients that take gzip, the file to others
check gz-plain 200 "$(status "$U/static/sila/sila.css")"
check gz-plain-encoding '' "$(header Content-Encoding)"
check gz-plain-vary 'Accept-Encoding' "$(header Vary)"
has gz-plain-body 'sila' "$T/body"
check gz 200 "$(status -H 'Accept-Encoding: gzip' "$U/static/sila/sila.css")"
check gz-encoding gzip "$(header Content-Encoding)"
check gz-decodes '/* sila */' "$(gzip -dc <"$T/body")"
check gz-refused 200 "$(status -H 'Accept-Encoding: gzip;q=0' "$U/static/sila/sila.css")"
check gz-refused-encoding '' "$(header Content-Encoding)"
check gz-stale 200 "$(status -H 'Accept-Encoding: gzip' "$U/static/sila/query.js")"
check gz-stale-encoding '' "$(header Content-Encoding)"
check post-405 405 "$(status -X POST --data x "$U/static/sila/query.js")"
check missing 404 "$(status "$U/static/sila/nope.js")"
check dir-itself 404 "$(status "$U/static/sila")"
check dir-slash 404 "$(status "$U/static/sila/")"
check static-root 404 "$(status "$U/static/")"

# ---- traversal: every one must be a 404 and never show the secret ----
n=0
for p in \
  '../../../../etc/passwd' 'sila/../../outside/secret.txt' '..' '../' 'sila/..' \
  '%2e%2e/%2e%2e/etc/passwd' '%2E%2E/outside/secret.txt' '.%2e/outside/secret.txt' \
  '%252e%252e/outside/secret.txt' '..%2foutside%2fsecret.txt' '..%2Foutside/secret.txt' \
  '/etc/passwd' '//etc/passwd' '%2fetc%2fpasswd' 'root/etc/passwd' \
  'out-link.txt' 'out-dir/secret.txt' 'sila/in-link.js' '.secret' 'sila/./query.js' \
  'sila//query.js' '..%5c..%5cetc%5cpasswd' '..\..\etc\passwd' 'sila/query.js%00.png' \
  'sila/query.js%00' 'sila/query.js/' '~/x' 'sila/%2e/query.js'; do
  n=$((n + 1))
  st=$(status "$U/static/$p")
  if [ "$st" = 404 ] || [ "$st" = 400 ]; then ok; else bad "traversal $p: status $st"; fi
  hasnt "traversal $p: body" 'TOPSECRET\|root:' "$T/body"
done
# libmicrohttpd decodes the path once: an encoded slash is a slash, and
# the decoded path then passes the same checks; a query string is ignored
check encoded-slash 200 "$(status "$U/static/sila%2fquery.js")"
check query-string-ok 200 "$(status "$U/static/sila/query.js?v=1")"

# ---- the query page, with (fake) YASGUI present ----
check query-page 200 "$(status "$U/query")"
check query-page-type 'text/html; charset=utf-8' "$(header Content-Type)"
has query-yasgui-js '<script src="/static/yasgui/yasgui.min.js">' "$T/body"
has query-yasgui-css 'href="/static/yasgui/yasgui.min.css"' "$T/body"
has query-config '<script type="application/json" id="sila-query-config">' "$T/body"
has query-prefix-clv '"clv":"https://w3id.org/italia/onto/CLV/"' "$T/body"
has query-prefix-cis '"cis":"http://dati.beniculturali.it/cis/"' "$T/body"
has query-prefix-regional '"calabria":"https://dati.calabria.it/onto/"' "$T/body"
has query-form '<form action="/sparql" method="post">' "$T/body"
has query-default 'PREFIX clv: &lt;https://w3id.org/italia/onto/CLV/&gt;' "$T/body"
check query-lang 1 "$(grep -c '<html lang="it">' "$T/body")"
# a prefilled query is escaped in the textarea and in the JSON
check query-prefill 200 "$(status "$U/query?query=%3C%2Fscript%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E%22")"
hasnt query-prefill-raw '</script><script>alert' "$T/body"
has query-prefill-json '\\u003c/script\\u003e\\u003cscript\\u003ealert(1)\\u003c/script\\u003e\\"' "$T/body"
has query-prefill-textarea '&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;&quot;</textarea>' "$T/body"
check query-post-405 405 "$(status -X POST --data x "$U/query")"
check query-bad-utf8 400 "$(status "$U/query?query=%ff")"

# ---- browsers on /sparql get the query page; programs keep the description ----
check sparql-browser 303 "$(status -H 'Accept: text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' "$U/sparql")"
check sparql-browser-location /query "$(header Location)"
check sparql-sd-turtle 200 "$(status "$U/sparql")"
has sparql-sd-type 'Content-Type: text/turtle' "$T/head"
check sparql-sd-star 200 "$(status -H 'Accept: */*' "$U/sparql")"

# ---- results as an HTML table ----
Q() { printf '%s' "$1" | od -An -tx1 | tr -d ' \n' | sed 's/\(..\)/%\1/g'; }
SEL=$(Q 'PREFIX l0: <https://w3id.org/italia/onto/l0/> PREFIX clv: <https://w3id.org/italia/onto/CLV/>
SELECT ?c ?nome WHERE { ?c a clv:City ; l0:name ?nome } ORDER BY ?nome')
check html-status 200 "$(status "$U/sparql?query=$SEL&format=html")"
check html-type 'text/html; charset=utf-8' "$(header Content-Type)"
check html-rows 5 "$(grep -c '^<tr><td>' "$T/body")"
has html-local-link '<a href="/doc/comune/078045">https://dati.calabria.it/id/comune/078045</a>' "$T/body"
has html-literal '<span lang="it">Cosenza</span> <small>@it</small>' "$T/body"
has html-count '5 risultati' "$T/body"
ESC=$(Q 'SELECT ?x WHERE { BIND("<b>&amp;\"" AS ?x) }')
check html-escape-status 200 "$(status "$U/sparql?query=$ESC&format=html")"
has html-escaped '<td>&lt;b&gt;&amp;amp;&quot;</td>' "$T/body"
hasnt html-not-raw '<b>&amp;' "$T/body"
check html-form-post 200 "$(status --data-urlencode "query=ASK { ?s ?p ?o }" --data format=html "$U/sparql")"
has html-ask '(ASK: true)' "$T/body"
CON=$(Q 'CONSTRUCT WHERE { <https://dati.calabria.it/id/comune/078045> ?p ?o }')
check html-construct 200 "$(status "$U/sparql?query=$CON&format=html")"
check html-construct-type 'text/plain; charset=utf-8' "$(header Content-Type)"
has html-construct-turtle '<https://dati.calabria.it/id/comune/078045>' "$T/body"
# the example links of the home page run in html and open in the query page
check home 200 "$(status "$U/")"
has home-run-link '&amp;format=html">Esegui la query</a>' "$T/body"
has home-open-link 'href="/query?query=' "$T/body"
has home-nav '<a href="/query">Query SPARQL</a>' "$T/body"
has home-skip-link 'href="#main">Vai al contenuto</a>' "$T/body"
has home-breadcrumb-none-on-home '<h1 class="mt-4">Dati aperti della Regione Calabria</h1>' "$T/body"
has home-legal '<a href="/accessibilita">Dichiarazione di accessibilità</a>' "$T/body"
for p in note-legali privacy accessibilita; do
  check "site-page-$p" 200 "$(status "$U/$p")"
  has "site-page-$p-shell" 'bootstrap-italia.min.css' "$T/body"
done

# ---- resource pages: a Leaflet map when the assets have it, always the link ----
H='Accept: text/html'
check map-page 200 "$(status -H "$H" "$U/doc/luogo/1")"
has map-div '<div id="mappa" class="mappa" role="region" aria-label="Mappa" data-lat="39.30" data-lon="16.25" data-tiles="https://tile.openstreetmap.org/{z}/{x}/{y}.png" data-attribution="&amp;copy; &lt;a href=&quot;https://www.openstreetmap.org/copyright&quot;&gt;contributori di OpenStreetMap&lt;/a&gt;" data-label="Piazza &quot;&lt;prova&gt;&quot;"></div>' "$T/body"
has map-leaflet '<script src="/static/leaflet/leaflet.js" defer>' "$T/body"
has map-glue '<script src="/static/sila/map.js" defer>' "$T/body"
has map-link 'href="https://www.openstreetmap.org/?mlat=39.30&amp;mlon=16.25#map=16/39.30/16.25"' "$T/body"
has map-img '<img src="https://example.org/foto.png" alt="Immagine: Piazza &quot;&lt;prova&gt;&quot;"' "$T/body"
check no-coords-page 200 "$(status -H "$H" "$U/doc/comune/078045")"
hasnt no-coords-map 'id="mappa"' "$T/body"

# ---- a server without assets: no /static/, the plain query page ----
start_server "$T/log2" --store "$T/store" --assets ''
check none-static 404 "$(status "$U/static/sila/query.js")"
check none-query 200 "$(status "$U/query")"
check none-query-gz 200 "$(status -H 'Accept-Encoding: gzip' "$U/query")"
check none-query-gz-encoding gzip "$(header Content-Encoding)"
gzip -dc <"$T/body" >"$T/body.html"
has none-query-gz-decodes '<h1>Interroga i dati in SPARQL</h1>' "$T/body.html"
check none-query 200 "$(status "$U/query")"
hasnt none-yasgui 'yasgui' "$T/body"
has none-form '<textarea id="query" name="query"' "$T/body"
check none-map-page 200 "$(status -H "$H" "$U/doc/luogo/1")"
hasnt none-map-div 'id="mappa"' "$T/body"
hasnt none-leaflet 'leaflet' "$T/body"
has none-map-link 'href="https://www.openstreetmap.org/?mlat=39.30' "$T/body"

# ---- the map tiles are a setting (configuration file), credited on the map ----
cat >"$T/tiles.conf" <<'CONF'
tiles = https://tiles.example.org/{z}/{x}/{y}.png
tiles_attribution = Carta: <a href="https://example.org/">Esempio</a>
CONF
start_server "$T/log4" --store "$T/store" --assets "$A" --config "$T/tiles.conf"
check tiles-page 200 "$(status -H "$H" "$U/doc/luogo/1")"
has tiles-url 'data-tiles="https://tiles.example.org/{z}/{x}/{y}.png"' "$T/body"
has tiles-credit 'data-attribution="Carta: &lt;a href=&quot;https://example.org/&quot;&gt;Esempio&lt;/a&gt;"' "$T/body"
hasnt tiles-no-osm 'tile.openstreetmap.org' "$T/body"

# ---- a missing assets directory is an error at start ----
"$SILA" serve --store "$T/store" --port 0 --assets "$T/nope" 2>"$T/log3" &
bp=$!
i=0
while kill -0 $bp 2>/dev/null && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
if kill -0 $bp 2>/dev/null; then
  kill $bp
  bad "serve with a missing assets directory kept running"
else
  wait $bp
  check bad-assets-exit 1 "$?"
  has bad-assets-msg 'cannot open the assets directory' "$T/log3"
fi

# every server exits 0 with a clean log (under ASan a leak or an error at
# shutdown makes that fail)
stop_servers
echo "$pass passed, $fail failed"
[ $fail = 0 ]
