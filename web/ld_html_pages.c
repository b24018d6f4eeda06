/* ld_html_pages.c — helpers the catalogue pages share (themes, best
 * literal, example queries), the search page, the 404 page and the query
 * page.  The dataset page is ld_html_dataset.c, the home page ld_html_home.c. */
#define _GNU_SOURCE /* asprintf */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ld_html.h"
#include "sila_dump.h"

static const LdTheme themes[] = {
    {"AGRI", "Agricoltura, pesca, silvicoltura e prodotti alimentari"},
    {"ECON", "Economia e finanze"},
    {"EDUC", "Istruzione, cultura e sport"},
    {"ENER", "Energia"},
    {"ENVI", "Ambiente"},
    {"GOVE", "Governo e settore pubblico"},
    {"HEAL", "Salute"},
    {"INTR", "Tematiche internazionali"},
    {"JUST", "Giustizia, sistema giuridico e sicurezza pubblica"},
    {"REGI", "Regioni e città"},
    {"SOCI", "Popolazione e società"},
    {"TECH", "Scienza e tecnologia"},
    {"TRAN", "Trasporti"},
};

const LdTheme *ld_themes(size_t *n) {
  *n = sizeof themes / sizeof themes[0];
  return themes;
}

/* The Italian name of an EU data theme IRI (…/data-theme/ECON), or its
 * last segment. */
int ld_theme_name(SilaBuf *out, const char *iri, size_t len) {
  size_t i = len;
  while (i > 0 && iri[i - 1] != '/')
    i--;
  for (size_t k = 0; k < sizeof themes / sizeof themes[0]; k++)
    if (len - i == 4 && !strncmp(iri + i, themes[k].code, 4))
      return ld_escs(out, themes[k].name);
  return ld_esc(out, iri + i, len - i);
}

/* An example query: its text in <pre>, a link that runs it (results as
 * an HTML table) and one that opens it in the query page. */
int ld_example_query(SilaBuf *out, const char *title, const char *query) {
  int e = sila_buf_puts(out, "<li><p>");
  e |= ld_escs(out, title);
  e |= sila_buf_puts(out, "</p><pre><code>");
  e |= ld_escs(out, query);
  e |= sila_buf_puts(out, "</code></pre><p><a href=\"/sparql?query=");
  e |= ld_url_encode(out, query);
  e |= sila_buf_puts(out, "&amp;format=html\">Esegui la query</a> · "
                          "<a class=\"apri\" href=\"/query?query=");
  e |= ld_url_encode(out, query);
  return e | sila_buf_puts(out, "\">Apri nell'editor</a></p></li>\n");
}

/* The best literal of (s, p) in g: Italian, English, none, any. */
bool ld_best_literal(SilaTxn *txn, SilaId s, const char *pred, SilaId g, SilaTerm *out,
                         char *buf) {
  SilaId p = ld_iri_id(txn, pred);
  if (p == SILA_ID_ANY)
    return false;
  SilaIdQuad pat = {s, p, 0, g}, q;
  SilaScan *sc = NULL;
  int best = 99;
  if (sila_scan_open(txn, &pat, 0, &sc) != SILA_OK)
    return false;
  while (best > 0 && sila_scan_next(sc, &q) == 1) {
    SilaTerm t;
    char tb[SILA_TERM_BUF];
    if (sila_txn_term(txn, q.o, &t, tb) != SILA_OK || t.kind != SILA_TERM_LITERAL)
      continue;
    int r = !t.lang                                        ? 2
            : sila_lang_equal(t.lang, t.lang_len, "it", 2) ? 0
            : sila_lang_equal(t.lang, t.lang_len, "en", 2) ? 1
                                                           : 3;
    if (r < best) {
      best = r;
      *out = t;
      if (t.value >= tb && t.value < tb + SILA_TERM_BUF) {
        memcpy(buf, tb, SILA_TERM_BUF);
        out->value = buf + (t.value - tb);
      }
    }
  }
  sila_scan_free(sc);
  return best < 99;
}

bool ld_slug_ok(const char *slug) {
  if (!*slug)
    return false;
  for (const char *c = slug; *c; c++)
    if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') ||
          *c == '-' || *c == '_' || *c == '.'))
      return false;
  return true;
}

SilaStatus sila_ld_html_not_found(const char *path, SilaBuf *out) {
  const char *title = "Risorsa non trovata";
  int e = ld_page_begin(out, title, strlen(title));
  e |= sila_buf_puts(out, "<h1>Risorsa non trovata</h1>\n<p>Non ci sono dati su <code>");
  if (path)
    e |= ld_escs(out, path);
  e |= sila_buf_puts(out, "</code>.</p>\n<p>L'indirizzo può essere sbagliato, oppure la risorsa "
                          "non è (più) pubblicata.</p>\n<p><a class=\"btn btn-primary me-2\" "
                          "href=\"/search\">Cerca tra le risorse</a> <a class=\"btn "
                          "btn-outline-primary\" href=\"/\">Torna alla pagina iniziale</a></p>\n");
  e |= ld_page_end(out);
  return e ? SILA_ERR_NOMEM : SILA_OK;
}

/* ---- The query page ----------------------------------------------------- */

/* The prefixes the query page declares: Sila's one prefix table
 * (sila_default_prefixes: the national ontologies, Cultural-ON, the W3C
 * vocabularies the catalogue uses and the regional one). */
#define query_prefix(i, k) (k ? sila_default_prefixes()[i].iri : sila_default_prefixes()[i].prefix)
static size_t nquery_prefixes(void) {
  size_t n = 0;
  while (sila_default_prefixes()[n].prefix)
    n++;
  return n;
}
#define NQUERY_PREFIXES nquery_prefixes()

/* The query of a page opened without one: the provincial capitals. */
static const char default_query_body[] =
    "SELECT ?istat ?comune ?provincia ?sigla\n"
    "WHERE {\n"
    "  ?c a clv:City ; l0:name ?comune ; skos:notation ?istat ;\n"
    "     clv:hasDirectHigherRank ?p .\n"
    "  ?p l0:name ?provincia ; clv:acronym ?sigla .\n"
    "}\nORDER BY ?istat\n";

static int default_query(SilaBuf *out) {
  int e = 0;
  for (size_t i = 0; i < NQUERY_PREFIXES; i++)
    e |= sila_buf_printf(out, "PREFIX %s: <%s>\n", query_prefix(i, 0), query_prefix(i, 1));
  e |= sila_buf_putc(out, '\n');
  return e | sila_buf_puts(out, default_query_body);
}

/* A JSON string for a <script type="application/json"> block: besides JSON's
 * own escapes, < > & are written \u00XX so the text can never close the
 * script element. */
int ld_json_string(SilaBuf *out, const char *s, size_t len) {
  int e = sila_buf_putc(out, '"');
  for (size_t i = 0; i < len; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c == '"' || c == '\\')
      e |= sila_buf_putc(out, '\\') | sila_buf_putc(out, (char)c);
    else if (c == '\n')
      e |= sila_buf_puts(out, "\\n");
    else if (c < 0x20 || c == '<' || c == '>' || c == '&')
      e |= sila_buf_printf(out, "\\u%04x", c);
    else
      e |= sila_buf_putc(out, (char)c);
  }
  return e | sila_buf_putc(out, '"');
}

/* Example queries of the query page: each opens in the page itself. */
static const char *const page_queries[][2] = {
    {"I capoluoghi di provincia della Calabria", NULL /* the default query */},
    {"Quante risorse per dataset",
     "SELECT ?dataset (COUNT(*) AS ?triple)\nWHERE { GRAPH ?dataset { ?s ?p ?o } }\n"
     "GROUP BY ?dataset ORDER BY DESC(?triple)"},
    {"Le strutture ricettive con le coordinate",
     "PREFIX acco: <https://w3id.org/italia/onto/ACCO/>\n"
     "PREFIX poi: <https://w3id.org/italia/onto/POI/>\n"
     "PREFIX clv: <https://w3id.org/italia/onto/CLV/>\n"
     "SELECT ?struttura ?nome ?lat ?long\nWHERE { ?struttura a acco:Accommodation ;\n"
     "    poi:POIofficialName ?nome ; clv:lat ?lat ; clv:long ?long }\nLIMIT 50"},
};

/* A link of the list below and the title it is sorted by. */
typedef struct {
  SilaBuf title, html;
} QueryLink;

static int cmp_links(const void *a, const void *b) {
  const QueryLink *x = a, *y = b;
  size_t n = x->title.len < y->title.len ? x->title.len : y->title.len;
  int c = n ? memcmp(x->title.data, y->title.data, n) : 0;
  return c ? c : (x->title.len > y->title.len) - (x->title.len < y->title.len);
}

/* Example queries per dataset of the catalogue, by title (the scan gives
 * them in ID order): each opens in the page. */
static int dataset_queries(SilaBuf *out, SilaTxn *txn, const char *base) {
  char *cat_iri = NULL;
  if (asprintf(&cat_iri, "%s/catalogo", base) < 0)
    return -1;
  SilaId c = ld_iri_id(txn, cat_iri), type_p = ld_iri_id(txn, LD_RDF_TYPE),
         ds_class = ld_iri_id(txn, LD_DCAT "Dataset");
  free(cat_iri);
  if (c == SILA_ID_ANY || type_p == SILA_ID_ANY || ds_class == SILA_ID_ANY)
    return 0;
  SilaIdQuad pat = {0, type_p, ds_class, c}, q;
  SilaScan *sc = NULL;
  int e = 0;
  size_t n = 0;
  QueryLink links[100];
  if (sila_scan_open(txn, &pat, 0, &sc) != SILA_OK)
    return 0;
  while (!e && n < 100 && sila_scan_next(sc, &q) == 1) {
    SilaTerm t, title;
    char tb[SILA_TERM_BUF], tib[SILA_TERM_BUF];
    if (sila_txn_term(txn, q.s, &t, tb) != SILA_OK || t.kind != SILA_TERM_IRI)
      continue;
    bool ht = ld_best_literal(txn, q.s, LD_DCT "title", c, &title, tib);
    char *text = NULL;
    if (asprintf(&text,
                 "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
                 "SELECT ?risorsa ?tipo ?etichetta\nWHERE { GRAPH <%.*s> { ?risorsa a ?tipo }\n"
                 "  OPTIONAL { ?risorsa rdfs:label ?etichetta } }\nLIMIT 100",
                 (int)t.value_len, t.value) < 0) {
      e = -1;
      break;
    }
    QueryLink *l = &links[n++];
    l->title = (SilaBuf)SILA_BUF_INIT;
    l->html = (SilaBuf)SILA_BUF_INIT;
    e |= ht ? sila_buf_append(&l->title, title.value, title.value_len)
            : sila_buf_append(&l->title, t.value, t.value_len);
    e |= sila_buf_puts(&l->html, "<li><a href=\"/query?query=");
    e |= ld_url_encode(&l->html, text);
    e |= sila_buf_puts(&l->html, "\">");
    e |= ld_esc(&l->html, l->title.data ? l->title.data : "", l->title.len);
    e |= sila_buf_puts(&l->html, "</a></li>\n");
    free(text);
  }
  sila_scan_free(sc);
  if (n && !e) {
    qsort(links, n, sizeof *links, cmp_links);
    e |= sila_buf_puts(out, "<h3 class=\"h5\" id=\"esempi-dataset\">Le risorse di ogni "
                            "dataset</h3>\n<ul>\n");
    for (size_t i = 0; i < n; i++)
      e |= sila_buf_append(out, links[i].html.data, links[i].html.len);
    e |= sila_buf_puts(out, "</ul>\n");
  }
  for (size_t i = 0; i < n; i++) {
    sila_buf_free(&links[i].title);
    sila_buf_free(&links[i].html);
  }
  return e;
}

int ld_html_query_page(SilaBuf *out, const char *query, unsigned assets, const char *base,
                       SilaTxn *txn) {
  base = ld_base(base);
  SilaBuf q = SILA_BUF_INIT;
  int e = 0;
  if (query && *query)
    e |= sila_buf_puts(&q, query);
  else
    e |= default_query(&q);
  const char *title = "Query SPARQL";
  e |= ld_page_begin(out, title, strlen(title));
  e |= sila_buf_puts(out,
                     "<h1>Interroga i dati in SPARQL</h1>\n"
                     "<p>Scrivi una query SPARQL 1.1 sui dati pubblicati. L'endpoint è "
                     "<code>/sparql</code> (SPARQL 1.1 Protocol: GET o POST, risultati in JSON, "
                     "XML, CSV, TSV o come tabella HTML). I prefissi delle ontologie nazionali "
                     "sono già dichiarati nella query iniziale.</p>\n");
  if (assets & LD_ASSET_YASGUI) {
    e |= sila_buf_puts(out, "<link rel=\"stylesheet\" href=\"/static/yasgui/yasgui.min.css\">\n");
    if (assets & LD_ASSET_LEAFLET)
      e |= sila_buf_puts(out, "<link rel=\"stylesheet\" href=\"/static/leaflet/leaflet.css\">\n");
    if (assets & LD_ASSET_CLUSTER)
      e |= sila_buf_puts(out, "<link rel=\"stylesheet\" href=\"/static/markercluster/"
                              "MarkerCluster.css\">\n<link rel=\"stylesheet\" "
                              "href=\"/static/markercluster/MarkerCluster.Default.css\">\n");
    e |= sila_buf_puts(out, "<div id=\"yasgui\"></div>\n"
                            "<script type=\"application/json\" id=\"sila-query-config\">"
                            "{\"endpoint\":\"/sparql\",");
    e |= ld_tiles_json(out);
    e |= sila_buf_puts(out, ",\"base\":");
    e |= ld_json_string(out, base, strlen(base));
    e |= sila_buf_puts(out, ",\"query\":");
    e |= ld_json_string(out, q.data ? q.data : "", q.len);
    e |= sila_buf_puts(out, ",\"prefixes\":{");
    for (size_t i = 0; i < NQUERY_PREFIXES; i++) {
      if (i)
        e |= sila_buf_putc(out, ',');
      e |= ld_json_string(out, query_prefix(i, 0), strlen(query_prefix(i, 0)));
      e |= sila_buf_putc(out, ':');
      e |= ld_json_string(out, query_prefix(i, 1), strlen(query_prefix(i, 1)));
    }
    e |= sila_buf_puts(out, "}}</script>\n");
  }
  /* The plain form: the page without JavaScript or without YASGUI
   * (sila/query.js hides it once YASGUI runs). */
  e |= sila_buf_puts(out, "<div id=\"modulo\">\n<form action=\"/sparql\" method=\"post\">\n"
                          "<p><label for=\"query\" class=\"fw-semibold\">Query SPARQL</label></p>\n"
                          "<textarea id=\"query\" name=\"query\" rows=\"16\" spellcheck=\"false\" "
                          "class=\"form-control font-monospace\">");
  e |= ld_esc(out, q.data ? q.data : "", q.len);
  e |= sila_buf_puts(out, "</textarea>\n<p><label for=\"fmt\">Formato dei risultati</label> "
                          "<select id=\"fmt\" name=\"format\">"
                          "<option value=\"html\">Tabella (HTML)</option>"
                          "<option value=\"json\">JSON</option>"
                          "<option value=\"csv\">CSV</option>"
                          "<option value=\"tsv\">TSV</option>"
                          "<option value=\"xml\">XML</option></select> "
                          "<button class=\"btn btn-primary\" type=\"submit\">Esegui</button></p>\n"
                          "</form>\n</div>\n");
  if (assets & LD_ASSET_YASGUI) {
    if (assets & LD_ASSET_LEAFLET)
      e |= sila_buf_puts(out, "<script src=\"/static/leaflet/leaflet.js\"></script>\n");
    if (assets & LD_ASSET_CLUSTER)
      e |= sila_buf_puts(out, "<script src=\"/static/markercluster/leaflet.markercluster.js\">"
                              "</script>\n");
    e |= sila_buf_puts(out, "<script src=\"/static/yasgui/yasgui.min.js\"></script>\n"
                            "<script src=\"/static/sila/query.js\"></script>\n");
  }
  e |= sila_buf_puts(out, "<h2 id=\"esempi\">Query di esempio</h2>\n<ul>\n");
  for (size_t i = 0; i < sizeof page_queries / sizeof page_queries[0]; i++) {
    SilaBuf text = SILA_BUF_INIT;
    if (page_queries[i][1])
      e |= sila_buf_puts(&text, page_queries[i][1]);
    else
      e |= default_query(&text);
    e |= sila_buf_putc(&text, '\0');
    e |= sila_buf_puts(out, "<li><a href=\"/query?query=");
    if (text.data)
      e |= ld_url_encode(out, text.data);
    e |= sila_buf_puts(out, "\">");
    e |= ld_escs(out, page_queries[i][0]);
    e |= sila_buf_puts(out, "</a></li>\n");
    sila_buf_free(&text);
  }
  e |= sila_buf_puts(out, "</ul>\n");
  if (txn)
    e |= dataset_queries(out, txn, base);
  e |= sila_buf_puts(out, "<h2 id=\"prefissi\">Prefissi</h2>\n<div class=\"table-responsive\">"
                          "<table class=\"table table-sm\">\n"
                          "<caption>Prefissi dichiarati nella query iniziale</caption>\n"
                          "<thead><tr><th scope=\"col\">Prefisso</th><th scope=\"col\">"
                          "Spazio dei nomi</th></tr></thead>\n<tbody>\n");
  for (size_t i = 0; i < NQUERY_PREFIXES; i++) {
    e |= sila_buf_puts(out, "<tr><td><code>");
    e |= ld_escs(out, query_prefix(i, 0));
    e |= sila_buf_puts(out, ":</code></td><td class=\"iri\">");
    e |= ld_escs(out, query_prefix(i, 1));
    e |= sila_buf_puts(out, "</td></tr>\n");
  }
  e |= sila_buf_puts(out, "</tbody>\n</table></div>\n");
  e |= ld_page_end(out);
  sila_buf_free(&q);
  return e ? -1 : 0;
}
