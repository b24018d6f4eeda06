/* ld_html_catalog.c — /catalogo and /void as pages for people: the
 * DCAT-AP_IT catalogue as a table of its datasets (publisher, themes,
 * licence, update frequency, last change) and VoID as a table of the
 * graphs under {base}/set/ with their sizes and downloads.  Values that are
 * IRIs show by their labels (the controlled vocabularies' labels are in the
 * store: vocabularies/labels-*.ttl). */
#define _GNU_SOURCE /* asprintf */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ld_html.h"

/* The objects of (s, p) in graph g as HTML, separated by ", ". */
static int values_html(SilaBuf *out, SilaTxn *txn, const char *base, SilaId s, const char *pred,
                       SilaId g) {
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
    if (t.kind == SILA_TERM_LITERAL && t.lang && !sila_lang_equal(t.lang, t.lang_len, "it", 2))
      continue; /* the Italian page shows the Italian values */
    if (!first)
      e |= sila_buf_puts(out, ", ");
    first = false;
    if (t.kind == SILA_TERM_LITERAL)
      e |= ld_esc(out, t.value, t.value_len);
    else
      e |= ld_term_html(out, txn, base, q.o, &t);
  }
  sila_scan_free(sc);
  return e;
}

/* The licence of a dataset: its own dct:license, else the distinct
 * licences of its distributions (where DCAT-AP_IT puts them). */
static int licences_html(SilaBuf *out, SilaTxn *txn, const char *base, SilaId d, SilaId c) {
  SilaId lic = ld_iri_id(txn, LD_DCT "license"), dist = ld_iri_id(txn, LD_DCAT "distribution");
  SilaIdQuad own = {d, lic, 0, c};
  if (lic == SILA_ID_ANY)
    return 0;
  if (sila_txn_count(txn, &own, 1) > 0 || dist == SILA_ID_ANY)
    return values_html(out, txn, base, d, LD_DCT "license", c);
  LdIdSet seen = {0};
  SilaIdQuad pat = {d, dist, 0, c}, q;
  SilaScan *sc = NULL;
  int e = 0;
  if (sila_scan_open(txn, &pat, 0, &sc) != SILA_OK)
    return 0;
  while (!e && sila_scan_next(sc, &q) == 1) {
    SilaIdQuad lp = {q.o, lic, 0, c}, lq;
    SilaScan *ls = NULL;
    if (sila_scan_open(txn, &lp, 0, &ls) != SILA_OK)
      continue;
    while (!e && sila_scan_next(ls, &lq) == 1) {
      int a = ld_idset_add(&seen, lq.o);
      SilaTerm t;
      char tb[SILA_TERM_BUF];
      if (a < 0)
        e = -1;
      else if (a == 1 && sila_txn_term(txn, lq.o, &t, tb) == SILA_OK) {
        if (seen.n > 1)
          e |= sila_buf_puts(out, ", ");
        e |= ld_term_html(out, txn, base, lq.o, &t);
      }
    }
    sila_scan_free(ls);
  }
  sila_scan_free(sc);
  ld_idset_free(&seen);
  return e;
}

static int rdf_forms(SilaBuf *out, const char *path) {
  static const char *const ext[] = {".ttl", ".nt", ".rdf", ".jsonld"};
  static const char *const name[] = {"Turtle", "N-Triples", "RDF/XML", "JSON-LD"};
  int e = sila_buf_puts(out, "<h2 id=\"formati\">Formati</h2>\n<ul>");
  for (int i = 0; i < 4; i++)
    e |= sila_buf_printf(out, "<li><a href=\"%s%s\">%s</a></li>", path, ext[i], name[i]);
  return e | sila_buf_puts(out, "</ul>\n");
}

/* A dataset's last change as an Italian date ("1 marzo 2025", as on its
 * page), the literal as it is when it is no date. */
static int modified_html(SilaBuf *out, SilaTxn *txn, SilaId d, SilaId c) {
  SilaId p = ld_iri_id(txn, LD_DCT "modified");
  SilaIdQuad pat = {d, p, 0, c}, q;
  SilaScan *sc = NULL;
  int e = 0;
  if (p == SILA_ID_ANY || sila_scan_open(txn, &pat, 0, &sc) != SILA_OK)
    return 0;
  SilaTerm t;
  char tb[SILA_TERM_BUF], it[48];
  if (sila_scan_next(sc, &q) == 1 && sila_txn_term(txn, q.o, &t, tb) == SILA_OK &&
      t.kind == SILA_TERM_LITERAL) {
    if (t.value_len >= 10 && ld_date_it(t.value, 10, it, sizeof it))
      e |= sila_buf_printf(out, "<time datetime=\"%.10s\">", t.value) | ld_escs(out, it) |
           sila_buf_puts(out, "</time>");
    else
      e |= ld_esc(out, t.value, t.value_len);
  }
  sila_scan_free(sc);
  return e;
}

/* A row of the catalogue's table and the title it is sorted by. */
typedef struct {
  SilaBuf title, html;
} CatRow;

static int cmp_rows(const void *a, const void *b) {
  const CatRow *x = a, *y = b;
  size_t n = x->title.len < y->title.len ? x->title.len : y->title.len;
  int c = n ? memcmp(x->title.data, y->title.data, n) : 0;
  return c ? c : (x->title.len > y->title.len) - (x->title.len < y->title.len);
}

SilaStatus sila_ld_html_catalog(SilaTxn *txn, const char *base, SilaBuf *out) {
  base = ld_base(base);
  char *cat = NULL;
  if (asprintf(&cat, "%s/catalogo", base) < 0)
    return SILA_ERR_NOMEM;
  SilaId c = ld_iri_id(txn, cat), type_p = ld_iri_id(txn, LD_RDF_TYPE),
         ds_class = ld_iri_id(txn, LD_DCAT "Dataset");
  const char *title = "Catalogo dei dati aperti";
  int e = ld_page_begin(out, title, strlen(title));
  e |= sila_buf_puts(out, "<h1>Catalogo dei dati aperti</h1>\n<p class=\"iri\">");
  e |= ld_escs(out, cat);
  e |= sila_buf_puts(out, "</p>\n<p>Il catalogo DCAT-AP_IT della Regione Calabria, come lo "
                          "raccoglie dati.gov.it: ogni dataset con il suo editore, i temi, la "
                          "licenza, la frequenza di aggiornamento e la data dell'ultima "
                          "modifica.</p>\n");
  size_t count = 0, cap = 0;
  CatRow *rows = NULL; /* sorted by title: the scan gives them in ID order */
  if (c != SILA_ID_ANY && type_p != SILA_ID_ANY && ds_class != SILA_ID_ANY) {
    SilaIdQuad pat = {0, type_p, ds_class, c}, q;
    SilaScan *sc = NULL;
    if (sila_scan_open(txn, &pat, 0, &sc) == SILA_OK) {
      while (!e && sila_scan_next(sc, &q) == 1) {
        SilaTerm d, t;
        char db[SILA_TERM_BUF], tb[SILA_TERM_BUF];
        if (sila_txn_term(txn, q.s, &d, db) != SILA_OK || d.kind != SILA_TERM_IRI)
          continue;
        if (count == cap) {
          CatRow *g = realloc(rows, (cap = cap ? 2 * cap : 16) * sizeof *rows);
          if (!g) {
            e = -1;
            break;
          }
          rows = g;
        }
        CatRow *row = &rows[count++];
        row->title = (SilaBuf)SILA_BUF_INIT;
        row->html = (SilaBuf)SILA_BUF_INIT;
        SilaBuf *saved = out;
        out = &row->html;
        bool ht = ld_best_label(txn, q.s, &t, tb);
        e |= ht ? sila_buf_append(&row->title, t.value, t.value_len)
                : sila_buf_append(&row->title, d.value, d.value_len);
        e |= sila_buf_puts(out, "<tr><th scope=\"row\">");
        e |= ld_link_iri(out, base, d.value, d.value_len, ht ? t.value : NULL,
                         ht ? t.value_len : 0);
        e |= sila_buf_puts(out, "</th><td>");
        e |= values_html(out, txn, base, q.s, LD_DCT "publisher", c);
        e |= sila_buf_puts(out, "</td><td>");
        e |= values_html(out, txn, base, q.s, LD_DCAT "theme", c);
        e |= sila_buf_puts(out, "</td><td>");
        e |= licences_html(out, txn, base, q.s, c);
        e |= sila_buf_puts(out, "</td><td>");
        e |= values_html(out, txn, base, q.s, LD_DCT "accrualPeriodicity", c);
        e |= sila_buf_puts(out, "</td><td>");
        e |= modified_html(out, txn, q.s, c);
        e |= sila_buf_puts(out, "</td></tr>\n");
        out = saved;
      }
      sila_scan_free(sc);
    }
  }
  if (count && !e) {
    qsort(rows, count, sizeof *rows, cmp_rows);
    e |= sila_buf_puts(out,
                       "<div class=\"table-responsive\" tabindex=\"0\" role=\"region\" "
                       "aria-label=\"I dataset del catalogo\"><table class=\"table table-sm\">\n"
                       "<caption>I dataset del catalogo, per titolo</caption>\n<thead><tr>"
                       "<th scope=\"col\">Dataset</th><th scope=\"col\">Editore</th>"
                       "<th scope=\"col\">Temi</th><th scope=\"col\">Licenza</th>"
                       "<th scope=\"col\">Frequenza di aggiornamento</th>"
                       "<th scope=\"col\">Ultima modifica</th></tr></thead>\n<tbody>\n");
    for (size_t i = 0; i < count; i++)
      e |= sila_buf_append(out, rows[i].html.data, rows[i].html.len);
  }
  for (size_t i = 0; i < count; i++) {
    sila_buf_free(&rows[i].title);
    sila_buf_free(&rows[i].html);
  }
  free(rows);
  if (count)
    e |= sila_buf_puts(out, "</tbody>\n</table></div>\n");
  else
    e |= sila_buf_puts(out, "<p>Il catalogo non contiene ancora dataset.</p>\n");
  e |= sila_buf_printf(out, "<p>%zu dataset.</p>\n", count);
  e |= rdf_forms(out, "/catalogo");
  e |= ld_page_end(out);
  free(cat);
  return e ? SILA_ERR_NOMEM : SILA_OK;
}

SilaStatus sila_ld_html_void(SilaTxn *txn, const char *base, SilaBuf *out) {
  base = ld_base(base);
  char *prefix = NULL, *cat = NULL;
  if (asprintf(&prefix, "%s/set/", base) < 0)
    return SILA_ERR_NOMEM;
  if (asprintf(&cat, "%s/catalogo", base) < 0) {
    free(prefix);
    return SILA_ERR_NOMEM;
  }
  size_t pl = strlen(prefix);
  const char *title = "Descrizione VoID dei dati";
  int e = ld_page_begin(out, title, strlen(title));
  e |= sila_buf_puts(out, "<h1>Descrizione VoID dei dati</h1>\n<p>I dataset del portale "
                          "descritti con il vocabolario VoID (W3C): quante triple contiene "
                          "ciascuno, dove si scarica e dove si interroga (l'endpoint "
                          "<a href=\"/sparql\">SPARQL</a>).</p>\n");
  SilaGraphIter *it = NULL;
  SilaId g;
  size_t count = 0;
  if (sila_graphs_open(txn, &it) == SILA_OK) {
    while (sila_graphs_next(it, &g) == 1) {
      SilaTerm gt;
      char gb[SILA_TERM_BUF];
      if (g == SILA_ID_DEFAULT_GRAPH || sila_txn_term(txn, g, &gt, gb) != SILA_OK ||
          gt.kind != SILA_TERM_IRI || gt.value_len <= pl || strncmp(gt.value, prefix, pl) ||
          memchr(gt.value + pl, '/', gt.value_len - pl))
        continue;
      if (!count++)
        e |= sila_buf_puts(out, "<div class=\"table-responsive\" tabindex=\"0\" role=\"region\" "
                                "aria-label=\"I dataset e le loro dimensioni\"><table class=\"table table-sm\">\n"
                                "<caption>I dataset (grafi) e le loro "
                                "dimensioni</caption>\n<thead><tr><th scope=\"col\">Dataset</th>"
                                "<th scope=\"col\">Triple</th><th scope=\"col\">Scarica</th>"
                                "</tr></thead>\n<tbody>\n");
      SilaIdQuad all = {0, 0, 0, g};
      SilaBuf gtitle = SILA_BUF_INIT; /* its title, or one from its name */
      e |= ld_title(txn, base, g, gt.value, gt.value_len, &gtitle);
      const char *slug = gt.value + pl;
      int sl = (int)(gt.value_len - pl);
      e |= sila_buf_puts(out, "<tr><th scope=\"row\">");
      e |= ld_link_iri(out, base, gt.value, gt.value_len, gtitle.data, gtitle.len);
      sila_buf_free(&gtitle);
      e |= sila_buf_printf(out, "</th><td>%llu</td><td>",
                           (unsigned long long)sila_txn_count(txn, &all, UINT64_MAX));
      e |= sila_buf_puts(out, "<a href=\"/dump/");
      e |= ld_esc(out, slug, (size_t)sl);
      e |= sila_buf_puts(out, ".nt.gz\">N-Triples (gzip)</a> · <a href=\"/dump/");
      e |= ld_esc(out, slug, (size_t)sl);
      e |= sila_buf_puts(out, ".ttl\">Turtle</a></td></tr>\n");
    }
    sila_graphs_free(it);
  }
  if (count)
    e |= sila_buf_puts(out, "</tbody>\n</table></div>\n");
  else
    e |= sila_buf_puts(out, "<p>Nessun dataset.</p>\n");
  e |= sila_buf_puts(out, "<p>Tutti i dati in un file: <a href=\"/dump/sila.nq.gz\">N-Quads "
                          "(gzip)</a>. Il catalogo DCAT-AP_IT: <a href=\"/catalogo\">catalogo"
                          "</a>.</p>\n");
  e |= rdf_forms(out, "/void");
  e |= ld_page_end(out);
  free(prefix);
  free(cat);
  return e ? SILA_ERR_NOMEM : SILA_OK;
}
