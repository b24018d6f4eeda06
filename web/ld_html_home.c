/* ld_html_home.c — the home page: the datasets of the catalogue (title,
 * one-line description, publisher, last update, size), their themes as
 * filters, the search box, what changed recently, example queries.
 *
 * home_gather reads the catalogue graph into a HomeView; home_render writes
 * the Italian HTML from it (no store access while writing). */
#define _GNU_SOURCE /* asprintf */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ld_html.h"

#define HOME_MAX_DATASETS 500
#define HOME_MAX_THEMES 32
#define HOME_RECENT 5

typedef struct {
  SilaBuf path, title, descr, publisher, modified;
  uint64_t rows, triples;
  unsigned themes; /* bit i = HomeView.themes[i] */
} HomeDataset;

typedef struct {
  SilaBuf iri, name, code;
  size_t count;
} HomeTheme;

typedef struct {
  HomeDataset *ds;
  size_t nds;
  HomeTheme themes[HOME_MAX_THEMES];
  size_t nthemes;
} HomeView;

static void home_view_free(HomeView *v) {
  for (size_t i = 0; i < v->nds; i++) {
    HomeDataset *d = &v->ds[i];
    sila_buf_free(&d->path), sila_buf_free(&d->title), sila_buf_free(&d->descr);
    sila_buf_free(&d->publisher), sila_buf_free(&d->modified);
  }
  free(v->ds);
  for (size_t i = 0; i < v->nthemes; i++) {
    sila_buf_free(&v->themes[i].iri);
    sila_buf_free(&v->themes[i].name);
    sila_buf_free(&v->themes[i].code);
  }
}

/* The first sentence of a description (up to ". " or 200 bytes, on a
 * UTF-8 boundary). */
static int one_line(SilaBuf *dst, const char *s, size_t len) {
  size_t n = 0;
  while (n < len && n < 200 && !(s[n] == '.' && (n + 1 == len || s[n + 1] == ' ')))
    n++;
  while (n < len && n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
    n--;
  int e = sila_buf_append(dst, s, n);
  if (n < len)
    e |= sila_buf_puts(dst, n < len && s[n] == '.' ? "." : "…");
  return e;
}

static uint64_t literal_uint(SilaTxn *txn, SilaId s, const char *pred, SilaId g) {
  SilaTerm t;
  char tb[SILA_TERM_BUF];
  return ld_best_literal(txn, s, pred, g, &t, tb) ? strtoull(t.value, NULL, 10) : 0;
}

static int gather_dataset(SilaTxn *txn, const char *base, SilaId d, SilaId c, HomeView *v) {
  SilaTerm t, l;
  char tb[SILA_TERM_BUF], lb[SILA_TERM_BUF];
  if (sila_txn_term(txn, d, &t, tb) != SILA_OK || t.kind != SILA_TERM_IRI)
    return 0;
  HomeDataset *nd = realloc(v->ds, (v->nds + 1) * sizeof *nd);
  if (!nd)
    return -1;
  v->ds = nd;
  HomeDataset *hd = &v->ds[v->nds++];
  memset(hd, 0, sizeof *hd);
  int e = 0;
  if (sila_ld_doc_path(base, t.value, t.value_len, &hd->path) < 0)
    return -1;
  if (ld_best_literal(txn, d, LD_DCT "title", c, &l, lb))
    e |= sila_buf_append(&hd->title, l.value, l.value_len);
  else
    e |= sila_buf_append(&hd->title, t.value, t.value_len);
  if (ld_best_literal(txn, d, LD_DCT "description", c, &l, lb))
    e |= one_line(&hd->descr, l.value, l.value_len);
  if (ld_best_literal(txn, d, LD_DCT "modified", c, &l, lb))
    e |= sila_buf_append(&hd->modified, l.value, l.value_len);
  hd->rows = literal_uint(txn, d, "https://dati.calabria.it/onto/numeroRighe", c);
  SilaIdQuad in_graph = {0, 0, 0, d};
  hd->triples = sila_txn_count(txn, &in_graph, UINT64_MAX);
  /* publisher: its label or foaf:name */
  SilaId pub_p = ld_iri_id(txn, LD_DCT "publisher"), name_p = ld_iri_id(txn, LD_FOAF "name");
  SilaIdQuad pp = {d, pub_p, 0, c}, pq;
  SilaScan *ps = NULL;
  if (pub_p != SILA_ID_ANY && sila_scan_open(txn, &pp, 0, &ps) == SILA_OK) {
    if (sila_scan_next(ps, &pq) == 1) {
      if (ld_best_label(txn, pq.o, &l, lb)) {
        e |= sila_buf_append(&hd->publisher, l.value, l.value_len);
      } else if (name_p != SILA_ID_ANY) {
        SilaIdQuad np = {pq.o, name_p, 0, 0}, nq;
        SilaScan *ns = NULL;
        if (sila_scan_open(txn, &np, 0, &ns) == SILA_OK) {
          if (sila_scan_next(ns, &nq) == 1 && sila_txn_term(txn, nq.o, &l, lb) == SILA_OK)
            e |= sila_buf_append(&hd->publisher, l.value, l.value_len);
          sila_scan_free(ns);
        }
      }
    }
    sila_scan_free(ps);
  }
  /* themes */
  SilaId theme_p = ld_iri_id(txn, LD_DCAT "theme");
  SilaIdQuad tp = {d, theme_p, 0, c}, tq;
  SilaScan *ts = NULL;
  if (theme_p != SILA_ID_ANY && sila_scan_open(txn, &tp, 0, &ts) == SILA_OK) {
    while (!e && sila_scan_next(ts, &tq) == 1) {
      SilaTerm th;
      char thb[SILA_TERM_BUF];
      if (sila_txn_term(txn, tq.o, &th, thb) != SILA_OK || th.kind != SILA_TERM_IRI)
        continue;
      size_t i = 0;
      while (i < v->nthemes && (v->themes[i].iri.len != th.value_len ||
                                memcmp(v->themes[i].iri.data, th.value, th.value_len)))
        i++;
      if (i == v->nthemes) {
        if (i == HOME_MAX_THEMES)
          continue;
        HomeTheme *ht = &v->themes[v->nthemes++];
        memset(ht, 0, sizeof *ht);
        e |= sila_buf_append(&ht->iri, th.value, th.value_len);
        e |= ld_theme_name(&ht->name, th.value, th.value_len);
        const char *code = memrchr(th.value, '/', th.value_len);
        code = code ? code + 1 : th.value;
        for (; code < th.value + th.value_len; code++) /* an id-safe code */
          if ((*code >= 'A' && *code <= 'Z') || (*code >= 'a' && *code <= 'z') ||
              (*code >= '0' && *code <= '9'))
            e |= sila_buf_putc(&ht->code, (char)(*code | 0x20));
      }
      v->themes[i].count++;
      hd->themes |= 1u << i;
    }
    sila_scan_free(ts);
  }
  return e;
}

static int ds_title_cmp(const void *a, const void *b) {
  const HomeDataset *x = a, *y = b;
  size_t n = x->title.len < y->title.len ? x->title.len : y->title.len;
  int c = memcmp(x->title.data, y->title.data, n);
  return c ? c : (x->title.len > y->title.len) - (x->title.len < y->title.len);
}

static SilaStatus home_gather(SilaTxn *txn, const char *base, HomeView *v) {
  char *cat_iri = NULL;
  if (asprintf(&cat_iri, "%s/catalogo", base) < 0)
    return SILA_ERR_NOMEM;
  SilaId c = ld_iri_id(txn, cat_iri), type_p = ld_iri_id(txn, LD_RDF_TYPE),
         ds_class = ld_iri_id(txn, LD_DCAT "Dataset");
  free(cat_iri);
  int e = 0;
  if (c != SILA_ID_ANY && type_p != SILA_ID_ANY && ds_class != SILA_ID_ANY) {
    SilaIdQuad pat = {0, type_p, ds_class, c}, q;
    SilaScan *sc = NULL;
    if (sila_scan_open(txn, &pat, 0, &sc) == SILA_OK) {
      while (!e && v->nds < HOME_MAX_DATASETS && sila_scan_next(sc, &q) == 1)
        e |= gather_dataset(txn, base, q.s, c, v);
      sila_scan_free(sc);
    }
  }
  if (v->nds > 1)
    qsort(v->ds, v->nds, sizeof *v->ds, ds_title_cmp);
  return e ? SILA_ERR_NOMEM : SILA_OK;
}

/* ---- Writing -------------------------------------------------------------- */

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

static int date_it(SilaBuf *out, const SilaBuf *d) {
  char b[64];
  if (!d->len || !ld_date_it(d->data, d->len, b, sizeof b))
    return d->len ? ld_esc(out, d->data, d->len) : 0;
  int e = sila_buf_puts(out, "<time datetime=\"");
  e |= ld_esc(out, d->data, d->len);
  return e | sila_buf_printf(out, "\">%s</time>", b);
}

static int render_card(SilaBuf *out, const HomeView *v, const HomeDataset *d) {
  int e = sila_buf_puts(out, "<li class=\"col-12 col-md-6 mb-3 sila-dataset\" data-temi=\"");
  bool first = true;
  for (size_t i = 0; i < v->nthemes; i++)
    if (d->themes & (1u << i)) {
      e |= sila_buf_puts(out, first ? "" : " ");
      e |= sila_buf_append(out, v->themes[i].code.data, v->themes[i].code.len);
      first = false;
    }
  e |= sila_buf_puts(out, "\"><div class=\"card card-bg h-100\"><div class=\"card-body\">"
                          "<h3 class=\"card-title h5\"><a href=\"");
  e |= ld_esc(out, d->path.data, d->path.len);
  e |= sila_buf_puts(out, "\">");
  e |= ld_esc(out, d->title.data, d->title.len);
  e |= sila_buf_puts(out, "</a></h3>\n");
  if (d->descr.len) {
    e |= sila_buf_puts(out, "<p class=\"card-text\">");
    e |= ld_esc(out, d->descr.data, d->descr.len);
    e |= sila_buf_puts(out, "</p>\n");
  }
  e |= sila_buf_puts(out, "<p class=\"small mb-0\">");
  if (d->publisher.len) {
    e |= ld_esc(out, d->publisher.data, d->publisher.len);
    e |= sila_buf_puts(out, " · ");
  }
  if (d->modified.len) {
    e |= sila_buf_puts(out, "aggiornato il ");
    e |= date_it(out, &d->modified);
    e |= sila_buf_puts(out, " · ");
  }
  if (d->rows) {
    e |= ld_count_it(out, d->rows);
    e |= sila_buf_puts(out, d->rows == 1 ? " riga, " : " righe, ");
  }
  e |= ld_count_it(out, d->triples);
  e |= sila_buf_puts(out, " triple</p></div></div></li>\n");
  return e;
}

static int modified_cmp(const void *a, const void *b) {
  const HomeDataset *const *x = a, *const *y = b;
  size_t n = (*x)->modified.len < (*y)->modified.len ? (*x)->modified.len : (*y)->modified.len;
  int c = n ? memcmp((*y)->modified.data, (*x)->modified.data, n) : 0;
  return c ? c : ((*y)->modified.len > (*x)->modified.len) - ((*y)->modified.len < (*x)->modified.len);
}

static int home_render(SilaBuf *out, const HomeView *v) {
  const char *title = "Dati aperti della Regione Calabria";
  int e = ld_page_open(out, title, strlen(title), NULL, 0);
  e |= sila_buf_puts(out,
                     "<h1 class=\"mt-4\">Dati aperti della Regione Calabria</h1>\n"
                     "<p class=\"lead\">I dati pubblicati dagli uffici della Regione come Linked "
                     "Open Data: ogni risorsa ha un indirizzo stabile, una pagina e la sua "
                     "descrizione in RDF; tutto si interroga in SPARQL.</p>\n"
                     "<form class=\"mb-4\" action=\"/search\" method=\"get\" role=\"search\" "
                     "aria-label=\"Ricerca nei dati\">"
                     "<label for=\"q\" class=\"fw-semibold d-block mb-1\">Cerca un luogo, un "
                     "ente, una struttura</label><div class=\"d-flex gap-2\">"
                     "<input class=\"form-control\" id=\"q\" name=\"q\" type=\"search\">"
                     "<button class=\"btn btn-primary\" type=\"submit\">Cerca</button></div>"
                     "</form>\n");
  e |= sila_buf_puts(out, "<h2 id=\"dataset\">Dataset</h2>\n");
  if (!v->nds)
    e |= sila_buf_puts(out, "<p>Il catalogo non contiene ancora dataset.</p>\n");
  if (v->nthemes) {
    /* the filters work as links without JavaScript (#tema-…) and as
     * toggles with sila/home.js */
    e |= sila_buf_puts(out, "<nav aria-label=\"Filtra per tema\" id=\"temi\"><p class=\"mb-1\">"
                            "Temi:</p><ul class=\"list-inline\">"
                            "<li class=\"list-inline-item mb-2\"><a class=\"btn btn-outline-primary "
                            "btn-xs btn-sm sila-tema\" href=\"#dataset\" data-tema=\"\">"
                            "Tutti</a></li>");
    for (size_t i = 0; i < v->nthemes; i++) {
      e |= sila_buf_puts(out, "<li class=\"list-inline-item mb-2\"><a class=\"btn "
                              "btn-outline-primary btn-sm sila-tema\" href=\"#tema-");
      e |= sila_buf_append(out, v->themes[i].code.data, v->themes[i].code.len);
      e |= sila_buf_puts(out, "\" data-tema=\"");
      e |= sila_buf_append(out, v->themes[i].code.data, v->themes[i].code.len);
      e |= sila_buf_puts(out, "\">");
      e |= sila_buf_append(out, v->themes[i].name.data, v->themes[i].name.len);
      e |= sila_buf_printf(out, " (%zu)</a></li>", v->themes[i].count);
    }
    e |= sila_buf_puts(out, "</ul></nav>\n");
  }
  if (v->nds) {
    e |= sila_buf_puts(out, "<ul class=\"row list-unstyled\" id=\"elenco-dataset\">\n");
    for (size_t i = 0; i < v->nds; i++)
      e |= render_card(out, v, &v->ds[i]);
    e |= sila_buf_puts(out, "</ul>\n");
  }
  /* per theme, as anchors the filter links reach without JavaScript */
  for (size_t t = 0; t < v->nthemes; t++) {
    e |= sila_buf_puts(out, "<section class=\"sila-tema-sez\" id=\"tema-");
    e |= sila_buf_append(out, v->themes[t].code.data, v->themes[t].code.len);
    e |= sila_buf_puts(out, "\"><h3 class=\"h5\">");
    e |= sila_buf_append(out, v->themes[t].name.data, v->themes[t].name.len);
    e |= sila_buf_puts(out, "</h3><ul>");
    for (size_t i = 0; i < v->nds; i++)
      if (v->ds[i].themes & (1u << t)) {
        e |= sila_buf_puts(out, "<li><a href=\"");
        e |= ld_esc(out, v->ds[i].path.data, v->ds[i].path.len);
        e |= sila_buf_puts(out, "\">");
        e |= ld_esc(out, v->ds[i].title.data, v->ds[i].title.len);
        e |= sila_buf_puts(out, "</a></li>");
      }
    e |= sila_buf_puts(out, "</ul></section>\n");
  }
  if (v->nds) {
    const HomeDataset **by_date = malloc(v->nds * sizeof *by_date);
    if (!by_date)
      return -1;
    for (size_t i = 0; i < v->nds; i++)
      by_date[i] = &v->ds[i];
    qsort(by_date, v->nds, sizeof *by_date, modified_cmp);
    e |= sila_buf_puts(out, "<h2 id=\"novita\">Aggiornati di recente</h2>\n<ul>\n");
    for (size_t i = 0; i < v->nds && i < HOME_RECENT; i++) {
      e |= sila_buf_puts(out, "<li>");
      e |= date_it(out, &by_date[i]->modified);
      e |= sila_buf_puts(out, by_date[i]->modified.len ? ": <a href=\"" : "<a href=\"");
      e |= ld_esc(out, by_date[i]->path.data, by_date[i]->path.len);
      e |= sila_buf_puts(out, "\">");
      e |= ld_esc(out, by_date[i]->title.data, by_date[i]->title.len);
      e |= sila_buf_puts(out, "</a></li>\n");
    }
    e |= sila_buf_puts(out, "</ul>\n");
    free(by_date);
  }
  e |= sila_buf_puts(out, "<h2 id=\"esempi\">Query di esempio</h2>\n<ol>\n");
  for (size_t i = 0; i < sizeof home_queries / sizeof home_queries[0]; i++)
    e |= ld_example_query(out, home_queries[i][0], home_queries[i][1]);
  e |= sila_buf_puts(out, "</ol>\n<p><a class=\"btn btn-primary\" href=\"/query\">Apri l'editor "
                          "delle query SPARQL</a></p>\n");
  if (ld_html_assets() & (LD_ASSET_BI | LD_ASSET_LEAFLET))
    e |= sila_buf_puts(out, "<script src=\"/static/sila/home.js\" defer></script>\n");
  e |= ld_page_end(out);
  return e;
}

SilaStatus sila_ld_html_home(SilaTxn *txn, const char *base, SilaBuf *out) {
  HomeView v;
  memset(&v, 0, sizeof v);
  SilaStatus st = home_gather(txn, ld_base(base), &v);
  if (st == SILA_OK && home_render(out, &v))
    st = SILA_ERR_NOMEM;
  home_view_free(&v);
  return st;
}
