/* ld_html_pages.c — the dataset page (from the DCAT-AP_IT catalogue), the
 * home page, the search page and the 404 page. */
#define _GNU_SOURCE /* asprintf */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ld_html.h"
#include "sila_dump.h"

static const struct {
  const char *code, *name;
} themes[] = {
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

/* The Italian name of an EU data theme IRI (…/data-theme/ECON), or its
 * last segment. */
static int theme_name(SilaBuf *out, const char *iri, size_t len) {
  size_t i = len;
  while (i > 0 && iri[i - 1] != '/')
    i--;
  for (size_t k = 0; k < sizeof themes / sizeof themes[0]; k++)
    if (len - i == 4 && !strncmp(iri + i, themes[k].code, 4))
      return ld_escs(out, themes[k].name);
  return ld_esc(out, iri + i, len - i);
}

/* Percent-encodes a query string value. */
static int url_encode(SilaBuf *out, const char *s) {
  int e = 0;
  for (; *s; s++) {
    unsigned char c = (unsigned char)*s;
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
        c == '_' || c == '.' || c == '~')
      e |= sila_buf_putc(out, (char)c);
    else
      e |= sila_buf_printf(out, "%%%02X", c);
  }
  return e;
}

/* An example query: its text in <pre>, a link that runs it (results as
 * an HTML table) and one that opens it in the query page. */
static int example_query(SilaBuf *out, const char *title, const char *query) {
  int e = sila_buf_puts(out, "<li><p>");
  e |= ld_escs(out, title);
  e |= sila_buf_puts(out, "</p><pre><code>");
  e |= ld_escs(out, query);
  e |= sila_buf_puts(out, "</code></pre><p><a href=\"/sparql?query=");
  e |= url_encode(out, query);
  e |= sila_buf_puts(out, "&amp;format=html\">Esegui la query</a> · "
                          "<a class=\"apri\" href=\"/query?query=");
  e |= url_encode(out, query);
  return e | sila_buf_puts(out, "\">Apri nell'editor</a></p></li>\n");
}

/* Appends "<dt>name</dt><dd>values</dd>" for the objects of (s, p) in graph
 * g, when there are any.  Literals of several languages are all shown. */
static int prop_row(SilaBuf *out, SilaTxn *txn, const char *base, SilaId s, const char *pred,
                    SilaId g, const char *name, bool theme) {
  SilaId p = ld_iri_id(txn, pred);
  if (p == SILA_ID_ANY)
    return 0;
  SilaIdQuad pat = {s, p, 0, g}, q;
  SilaScan *sc = NULL;
  int e = 0;
  bool first = true;
  if (sila_scan_open(txn, &pat, 0, &sc) != SILA_OK)
    return 0;
  while (sila_scan_next(sc, &q) == 1) {
    SilaTerm t;
    char tb[SILA_TERM_BUF];
    if (sila_txn_term(txn, q.o, &t, tb) != SILA_OK)
      continue;
    if (first) {
      e |= sila_buf_puts(out, "<dt>");
      e |= ld_escs(out, name);
      e |= sila_buf_puts(out, "</dt><dd>");
    } else {
      e |= sila_buf_puts(out, "<br>");
    }
    first = false;
    if (theme && t.kind == SILA_TERM_IRI) {
      SilaBuf nm = SILA_BUF_INIT;
      e |= theme_name(&nm, t.value, t.value_len);
      e |= sila_buf_puts(out, "<a href=\"");
      e |= ld_esc(out, t.value, t.value_len);
      e |= sila_buf_puts(out, "\">");
      e |= sila_buf_append(out, nm.data, nm.len);
      e |= sila_buf_puts(out, "</a>");
      sila_buf_free(&nm);
    } else {
      e |= ld_term_html(out, txn, base, q.o, &t);
    }
  }
  sila_scan_free(sc);
  if (!first)
    e |= sila_buf_puts(out, "</dd>\n");
  return e;
}

/* The best literal of (s, p) in g: Italian, English, none, any. */
static bool best_literal(SilaTxn *txn, SilaId s, const char *pred, SilaId g, SilaTerm *out,
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

static bool slug_ok(const char *slug) {
  if (!*slug)
    return false;
  for (const char *c = slug; *c; c++)
    if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') ||
          *c == '-' || *c == '_' || *c == '.'))
      return false;
  return true;
}

SilaStatus sila_ld_html_dataset(SilaTxn *txn, const char *base, const char *slug, SilaBuf *out) {
  base = ld_base(base);
  if (!slug || !slug_ok(slug))
    return SILA_ERR_NOT_FOUND;
  char *ds_iri = NULL, *cat_iri = NULL;
  if (asprintf(&ds_iri, "%s/set/%s", base, slug) < 0)
    return SILA_ERR_NOMEM;
  if (asprintf(&cat_iri, "%s/catalogo", base) < 0) {
    free(ds_iri);
    return SILA_ERR_NOMEM;
  }
  SilaId d = ld_iri_id(txn, ds_iri), c = ld_iri_id(txn, cat_iri);
  SilaIdQuad in_cat = {d, 0, 0, c}, in_graph = {0, 0, 0, d};
  uint64_t triples = d ? sila_txn_count(txn, &in_graph, UINT64_MAX) : 0;
  bool described = d && c && sila_txn_count(txn, &in_cat, 1) > 0;
  if (!described && triples == 0) {
    free(ds_iri);
    free(cat_iri);
    return SILA_ERR_NOT_FOUND;
  }
  SilaTerm title, descr;
  char tb[SILA_TERM_BUF], dbf[SILA_TERM_BUF];
  bool has_title = described && best_literal(txn, d, LD_DCT "title", c, &title, tb);
  bool has_descr = described && best_literal(txn, d, LD_DCT "description", c, &descr, dbf);
  int e = 0;
  e |= ld_page_begin(out, has_title ? title.value : slug,
                     has_title ? title.value_len : strlen(slug));
  e |= sila_buf_puts(out, "<h1>");
  e |= has_title ? ld_esc(out, title.value, title.value_len) : ld_escs(out, slug);
  e |= sila_buf_puts(out, "</h1>\n<p class=\"iri\">");
  e |= ld_escs(out, ds_iri);
  e |= sila_buf_puts(out, "</p>\n");
  if (has_descr) {
    e |= sila_buf_puts(out, "<p>");
    e |= ld_esc(out, descr.value, descr.value_len);
    e |= sila_buf_puts(out, "</p>\n");
  }
  e |= sila_buf_puts(out, "<h2 id=\"metadati\">Metadati (DCAT-AP_IT)</h2>\n<dl>\n");
  if (described) {
    e |= prop_row(out, txn, base, d, LD_DCT "identifier", c, "Identificativo", false);
    e |= prop_row(out, txn, base, d, LD_DCT "publisher", c, "Editore", false);
    e |= prop_row(out, txn, base, d, LD_DCT "rightsHolder", c, "Titolare", false);
    e |= prop_row(out, txn, base, d, LD_DCAT "theme", c, "Tema", true);
    e |= prop_row(out, txn, base, d, LD_DCT "issued", c, "Data di rilascio", false);
    e |= prop_row(out, txn, base, d, LD_DCT "modified", c, "Ultima modifica", false);
    e |= prop_row(out, txn, base, d, LD_DCT "accrualPeriodicity", c, "Frequenza di aggiornamento",
                  false);
    e |= prop_row(out, txn, base, d, LD_DCT "license", c, "Licenza", false);
    e |= prop_row(out, txn, base, d, LD_DCAT "keyword", c, "Parole chiave", false);
    e |= prop_row(out, txn, base, d, LD_DCT "conformsTo", c, "Ontologie", false);
  }
  if (described)
    e |= prop_row(out, txn, base, d, "https://dati.calabria.it/onto/numeroRighe", c,
                  "Righe (CSV)", false);
  e |= sila_buf_printf(out, "<dt>Triple</dt><dd>%llu</dd>\n</dl>\n", (unsigned long long)triples);

  /* Distributions, with their licence and download links. */
  SilaId dist_p = ld_iri_id(txn, LD_DCAT "distribution");
  if (described && dist_p) {
    SilaIdQuad pat = {d, dist_p, 0, c}, q;
    SilaScan *sc = NULL;
    bool any = false;
    if (sila_scan_open(txn, &pat, 0, &sc) == SILA_OK) {
      while (sila_scan_next(sc, &q) == 1) {
        SilaTerm dt, dl;
        char dtb[SILA_TERM_BUF], dlb[SILA_TERM_BUF];
        if (sila_txn_term(txn, q.o, &dt, dtb) != SILA_OK)
          continue;
        if (!any)
          e |= sila_buf_puts(out, "<h2 id=\"distribuzioni\">Distribuzioni</h2>\n<ul>\n");
        any = true;
        bool hl = best_literal(txn, q.o, LD_DCT "title", c, &dl, dlb);
        e |= sila_buf_puts(out, "<li>");
        e |= hl ? ld_esc(out, dl.value, dl.value_len) : ld_esc(out, dt.value, dt.value_len);
        e |= sila_buf_puts(out, "<dl>");
        e |= prop_row(out, txn, base, q.o, LD_DCAT "downloadURL", c, "Scarica", false);
        e |= prop_row(out, txn, base, q.o, LD_DCAT "accessURL", c, "Accesso", false);
        e |= prop_row(out, txn, base, q.o, LD_DCT "format", c, "Formato", false);
        e |= prop_row(out, txn, base, q.o, LD_DCT "license", c, "Licenza", false);
        e |= sila_buf_puts(out, "</dl></li>\n");
      }
      sila_scan_free(sc);
    }
    if (any)
      e |= sila_buf_puts(out, "</ul>\n");
  }

  /* Example queries that open in the query page, generated from the
   * dataset's own classes and properties (ld_examples.c). */
  LdExample *ex = NULL;
  size_t nex = 0;
  if (ld_dataset_examples(txn, ds_iri, &ex, &nex) != SILA_OK)
    e = -1;
  if (nex) {
    e |= sila_buf_puts(out, "<h2 id=\"esempi\">Query di esempio</h2>\n<ol>\n");
    for (size_t i = 0; i < nex; i++)
      e |= example_query(out, ex[i].title, ex[i].query);
    e |= sila_buf_puts(out, "</ol>\n");
  }
  ld_examples_free(ex, nex);
  e |= sila_buf_puts(out, "<h2 id=\"formati\">Descrizione in RDF</h2>\n<ul>");
  static const char *const ext[] = {".ttl", ".nt", ".rdf", ".jsonld"};
  static const char *const nm[] = {"Turtle", "N-Triples", "RDF/XML", "JSON-LD"};
  for (int i = 0; i < 4; i++) {
    e |= sila_buf_puts(out, "<li><a href=\"/set/");
    e |= ld_escs(out, slug);
    e |= sila_buf_printf(out, "%s\">%s</a></li>", ext[i], nm[i]);
  }
  e |= sila_buf_puts(out, "</ul>\n");
  e |= ld_page_end(out);
  free(ds_iri);
  free(cat_iri);
  return e ? SILA_ERR_NOMEM : SILA_OK;
}

/* ---- Home ------------------------------------------------------------------ */

static const char *const home_queries[][2] = {
    {"I dataset del catalogo",
     "PREFIX dcat: <http://www.w3.org/ns/dcat#>\nPREFIX dct: <http://purl.org/dc/terms/>\n"
     "SELECT ?dataset ?titolo\nWHERE { ?dataset a dcat:Dataset ; dct:title ?titolo .\n"
     "        FILTER(lang(?titolo) = \"it\") }"},
    {"Le classi più usate",
     "SELECT ?classe (COUNT(?s) AS ?n)\nWHERE { ?s a ?classe }\nGROUP BY ?classe\n"
     "ORDER BY DESC(?n) LIMIT 20"},
    {"Le risorse collegate ai vocabolari nazionali",
     "PREFIX owl: <http://www.w3.org/2002/07/owl#>\nSELECT ?s ?nazionale\n"
     "WHERE { ?s owl:sameAs ?nazionale .\n"
     "        FILTER(STRSTARTS(STR(?nazionale), \"https://w3id.org/italia/\")) }\nLIMIT 50"},
};

/* One list item per dataset: a link to its page with its title. */
static int dataset_item(SilaBuf *out, SilaTxn *txn, const char *base, SilaId d, SilaId c) {
  SilaTerm t, title;
  char tb[SILA_TERM_BUF], tib[SILA_TERM_BUF];
  if (sila_txn_term(txn, d, &t, tb) != SILA_OK || t.kind != SILA_TERM_IRI)
    return 0;
  bool ht = best_literal(txn, d, LD_DCT "title", c, &title, tib);
  int e = sila_buf_puts(out, "<li>");
  e |= ld_link_iri(out, base, t.value, t.value_len, ht ? title.value : NULL,
                   ht ? title.value_len : 0);
  return e | sila_buf_puts(out, "</li>\n");
}

SilaStatus sila_ld_html_home(SilaTxn *txn, const char *base, SilaBuf *out) {
  base = ld_base(base);
  char *cat_iri = NULL;
  if (asprintf(&cat_iri, "%s/catalogo", base) < 0)
    return SILA_ERR_NOMEM;
  SilaId c = ld_iri_id(txn, cat_iri), type_p = ld_iri_id(txn, LD_RDF_TYPE),
         ds_class = ld_iri_id(txn, LD_DCAT "Dataset"), theme_p = ld_iri_id(txn, LD_DCAT "theme");
  free(cat_iri);
  int e = 0;
  const char *title = "Dati aperti della Regione Calabria";
  e |= ld_page_begin(out, title, strlen(title));
  e |=
      sila_buf_puts(out, "<h1>Dati aperti della Regione Calabria</h1>\n"
                         "<p>I dati pubblicati dagli uffici della Regione come Linked Open Data: "
                         "ogni risorsa ha un indirizzo stabile, una pagina e la sua descrizione in "
                         "RDF; tutto si interroga in SPARQL.</p>\n"
                         "<h2 id=\"cerca\">Cerca</h2>\n"
                         "<form action=\"/search\" method=\"get\" role=\"search\">"
                         "<label for=\"q\">Nome o etichetta</label> "
                         "<input id=\"q\" name=\"q\" type=\"search\"> "
                         "<button type=\"submit\">Cerca</button></form>\n"
                         "<h2 id=\"dataset\">Dataset</h2>\n");

  /* Datasets grouped by theme: themes in order of first appearance. */
  LdIdSet seen_theme = {0};
  SilaId *order = NULL;
  size_t norder = 0, ndatasets = 0;
  if (c && type_p && ds_class) {
    SilaIdQuad pat = {0, type_p, ds_class, c}, q;
    SilaScan *sc = NULL;
    if (sila_scan_open(txn, &pat, 0, &sc) == SILA_OK) {
      while (sila_scan_next(sc, &q) == 1) {
        ndatasets++;
        SilaIdQuad tp = {q.s, theme_p, 0, c}, tq;
        SilaScan *ts = NULL;
        bool themed = false;
        if (theme_p && sila_scan_open(txn, &tp, 0, &ts) == SILA_OK) {
          while (sila_scan_next(ts, &tq) == 1) {
            themed = true;
            int a = ld_idset_add(&seen_theme, tq.o);
            if (a == 1) {
              SilaId *no = realloc(order, (norder + 1) * sizeof *no);
              if (!no) {
                e = -1;
                break;
              }
              order = no;
              order[norder++] = tq.o;
            }
          }
          sila_scan_free(ts);
        }
        if (!themed && ld_idset_add(&seen_theme, SILA_ID_DEFAULT_GRAPH) == 1) {
          SilaId *no = realloc(order, (norder + 1) * sizeof *no);
          if (!no)
            e = -1;
          else
            (order = no)[norder++] = SILA_ID_DEFAULT_GRAPH; /* "no theme" marker */
        }
      }
      sila_scan_free(sc);
    }
  }
  if (!ndatasets)
    e |= sila_buf_puts(out, "<p>Il catalogo non contiene ancora dataset.</p>\n");
  for (size_t i = 0; i < norder; i++) {
    SilaTerm tt;
    char ttb[SILA_TERM_BUF];
    e |= sila_buf_puts(out, "<h3>");
    if (order[i] == SILA_ID_DEFAULT_GRAPH)
      e |= sila_buf_puts(out, "Altri dataset");
    else if (sila_txn_term(txn, order[i], &tt, ttb) == SILA_OK)
      e |= theme_name(out, tt.value, tt.value_len);
    e |= sila_buf_puts(out, "</h3>\n<ul>\n");
    SilaIdQuad pat = {0, type_p, ds_class, c}, q;
    SilaScan *sc = NULL;
    if (sila_scan_open(txn, &pat, 0, &sc) == SILA_OK) {
      while (sila_scan_next(sc, &q) == 1) {
        SilaIdQuad tp = {q.s, theme_p, order[i] == SILA_ID_DEFAULT_GRAPH ? 0 : order[i], c};
        bool has = theme_p && sila_txn_count(txn, &tp, 1) > 0;
        if (has == (order[i] != SILA_ID_DEFAULT_GRAPH))
          e |= dataset_item(out, txn, base, q.s, c);
      }
      sila_scan_free(sc);
    }
    e |= sila_buf_puts(out, "</ul>\n");
  }
  free(order);
  ld_idset_free(&seen_theme);

  e |= sila_buf_puts(out, "<h2 id=\"esempi\">Query di esempio</h2>\n<ol>\n");
  for (size_t i = 0; i < sizeof home_queries / sizeof home_queries[0]; i++)
    e |= example_query(out, home_queries[i][0], home_queries[i][1]);
  e |= sila_buf_puts(out, "</ol>\n<h2 id=\"sparql\">Interroga i dati in SPARQL</h2>\n"
                          "<form action=\"/sparql\" method=\"post\">\n"
                          "<p><label for=\"query\">Query SPARQL</label></p>\n"
                          "<textarea id=\"query\" name=\"query\" rows=\"10\">");
  e |= ld_escs(out, home_queries[1][1]);
  e |= sila_buf_puts(out, "</textarea>\n<p><label for=\"fmt\">Formato dei risultati</label> "
                          "<select id=\"fmt\" name=\"format\">"
                          "<option value=\"html\">Tabella (HTML)</option>"
                          "<option value=\"json\">JSON</option>"
                          "<option value=\"csv\">CSV</option>"
                          "<option value=\"tsv\">TSV</option>"
                          "<option value=\"xml\">XML</option></select> "
                          "<button type=\"submit\">Esegui</button></p>\n</form>\n"
                          "<p><a href=\"/query\">Apri l'editor delle query</a> (con i "
                          "prefissi delle ontologie nazionali)</p>\n");
  e |= ld_page_end(out);
  return e ? SILA_ERR_NOMEM : SILA_OK;
}

/* ---- Search ------------------------------------------------------------- */

typedef struct {
  SilaBuf *out;
  const char *base;
  int e;
} SearchCtx;

static SilaStatus search_item(void *ctx, const SilaTerm *r, const SilaTerm *label) {
  SearchCtx *sc = ctx;
  sc->e |= sila_buf_puts(sc->out, "<li>");
  if (r->kind == SILA_TERM_IRI)
    sc->e |= ld_link_iri(sc->out, sc->base, r->value, r->value_len, label->value, label->value_len);
  else
    sc->e |= ld_esc(sc->out, label->value, label->value_len);
  sc->e |= sila_buf_puts(sc->out, " <small class=\"iri\">");
  sc->e |= ld_esc(sc->out, r->value, r->value_len);
  sc->e |= sila_buf_puts(sc->out, "</small></li>\n");
  return sc->e ? SILA_ERR_NOMEM : SILA_OK;
}

#define SEARCH_PAGE 20

SilaStatus sila_ld_html_search(SilaTxn *txn, const char *base, const char *q, uint64_t offset,
                               SilaBuf *out) {
  base = ld_base(base);
  bool has_q = q && *q;
  int e = 0;
  const char *title = "Cerca";
  e |= ld_page_begin(out, title, strlen(title));
  e |= sila_buf_puts(out, "<h1>Cerca tra le risorse</h1>\n"
                          "<form action=\"/search\" method=\"get\" role=\"search\">"
                          "<label for=\"q\">Nome o etichetta</label> "
                          "<input id=\"q\" name=\"q\" type=\"search\" value=\"");
  if (has_q)
    e |= ld_escs(out, q);
  e |= sila_buf_puts(out, "\"> <button type=\"submit\">Cerca</button></form>\n");
  SilaStatus st = SILA_OK;
  if (has_q) {
    SilaBuf list = SILA_BUF_INIT;
    SearchCtx sc = {&list, base, 0};
    bool more = false;
    st = sila_ld_search(txn, q, offset, SEARCH_PAGE, search_item, &sc, &more);
    e |= sc.e;
    e |= sila_buf_puts(out, "<h2 id=\"risultati\">Risultati per «");
    e |= ld_escs(out, q);
    e |= sila_buf_puts(out, "»</h2>\n");
    if (list.len) {
      e |= sila_buf_printf(out, "<ol start=\"%llu\">\n", (unsigned long long)offset + 1);
      e |= sila_buf_append(out, list.data, list.len);
      e |= sila_buf_puts(out, "</ol>\n");
    } else {
      e |= sila_buf_puts(out, "<p>Nessuna risorsa trovata.</p>\n");
    }
    if (offset > 0 || more) {
      e |= sila_buf_puts(out, "<nav aria-label=\"Pagine dei risultati\"><p>");
      if (offset > 0) {
        e |= sila_buf_puts(out, "<a href=\"/search?q=");
        e |= url_encode(out, q);
        e |= sila_buf_printf(out, "&amp;offset=%llu\">« Precedenti</a> ",
                             (unsigned long long)(offset > SEARCH_PAGE ? offset - SEARCH_PAGE : 0));
      }
      if (more) {
        e |= sila_buf_puts(out, "<a href=\"/search?q=");
        e |= url_encode(out, q);
        e |= sila_buf_printf(out, "&amp;offset=%llu\">Successivi »</a>",
                             (unsigned long long)(offset + SEARCH_PAGE));
      }
      e |= sila_buf_puts(out, "</p></nav>\n");
    }
    sila_buf_free(&list);
  }
  e |= ld_page_end(out);
  if (st != SILA_OK)
    return st;
  return e ? SILA_ERR_NOMEM : SILA_OK;
}

SilaStatus sila_ld_html_not_found(const char *path, SilaBuf *out) {
  const char *title = "Risorsa non trovata";
  int e = ld_page_begin(out, title, strlen(title));
  e |= sila_buf_puts(out, "<h1>Risorsa non trovata</h1>\n<p>Non ci sono dati su <code>");
  if (path)
    e |= ld_escs(out, path);
  e |= sila_buf_puts(out, "</code>.</p>\n<p><a href=\"/search\">Cerca tra le risorse</a> o torna "
                          "alla <a href=\"/\">pagina iniziale</a>.</p>\n");
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
static int json_string(SilaBuf *out, const char *s, size_t len) {
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

int ld_html_query_page(SilaBuf *out, const char *query, unsigned assets) {
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
    e |= sila_buf_puts(out, "<link rel=\"stylesheet\" href=\"/static/yasgui/yasgui.min.css\">\n"
                            "<div id=\"yasgui\"></div>\n"
                            "<script type=\"application/json\" id=\"sila-query-config\">"
                            "{\"endpoint\":\"/sparql\",\"query\":");
    e |= json_string(out, q.data ? q.data : "", q.len);
    e |= sila_buf_puts(out, ",\"prefixes\":{");
    for (size_t i = 0; i < NQUERY_PREFIXES; i++) {
      if (i)
        e |= sila_buf_putc(out, ',');
      e |= json_string(out, query_prefix(i, 0), strlen(query_prefix(i, 0)));
      e |= sila_buf_putc(out, ':');
      e |= json_string(out, query_prefix(i, 1), strlen(query_prefix(i, 1)));
    }
    e |= sila_buf_puts(out, "}}</script>\n");
  }
  /* The plain form: the page without JavaScript or without YASGUI
   * (sila/query.js hides it once YASGUI runs). */
  e |= sila_buf_puts(out, "<div id=\"modulo\">\n<form action=\"/sparql\" method=\"post\">\n"
                          "<p><label for=\"query\">Query SPARQL</label></p>\n"
                          "<textarea id=\"query\" name=\"query\" rows=\"16\" spellcheck=\"false\">");
  e |= ld_esc(out, q.data ? q.data : "", q.len);
  e |= sila_buf_puts(out, "</textarea>\n<p><label for=\"fmt\">Formato dei risultati</label> "
                          "<select id=\"fmt\" name=\"format\">"
                          "<option value=\"html\">Tabella (HTML)</option>"
                          "<option value=\"json\">JSON</option>"
                          "<option value=\"csv\">CSV</option>"
                          "<option value=\"tsv\">TSV</option>"
                          "<option value=\"xml\">XML</option></select> "
                          "<button type=\"submit\">Esegui</button></p>\n</form>\n</div>\n");
  if (assets & LD_ASSET_YASGUI)
    e |= sila_buf_puts(out, "<script src=\"/static/yasgui/yasgui.min.js\"></script>\n"
                            "<script src=\"/static/sila/query.js\"></script>\n");
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
      e |= url_encode(out, text.data);
    e |= sila_buf_puts(out, "\">");
    e |= ld_escs(out, page_queries[i][0]);
    e |= sila_buf_puts(out, "</a></li>\n");
    sila_buf_free(&text);
  }
  e |= sila_buf_puts(out, "</ul>\n<h2 id=\"prefissi\">Prefissi</h2>\n<table>\n"
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
  e |= sila_buf_puts(out, "</tbody>\n</table>\n");
  e |= ld_page_end(out);
  sila_buf_free(&q);
  return e ? -1 : 0;
}
