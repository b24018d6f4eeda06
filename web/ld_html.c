/* ld_html.c — escaping, links and values as HTML, and the page of a
 * resource (properties grouped: identity, place, contacts, links).  The
 * page shell is ld_html_shell.c, Italian numbers and dates ld_html_it.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ld_html.h"
#include "sila_dump.h"

int ld_esc(SilaBuf *out, const char *s, size_t len) {
  if (len == 0) /* s may be NULL (an empty SilaBuf) */
    return 0;
  int e = 0;
  size_t start = 0;
  for (size_t i = 0; i < len; i++) {
    const char *rep = NULL;
    switch (s[i]) {
    case '&':
      rep = "&amp;";
      break;
    case '<':
      rep = "&lt;";
      break;
    case '>':
      rep = "&gt;";
      break;
    case '"':
      rep = "&quot;";
      break;
    case '\'':
      rep = "&#39;";
      break;
    default:
      continue;
    }
    e |= sila_buf_append(out, s + start, i - start);
    e |= sila_buf_puts(out, rep);
    start = i + 1;
  }
  e |= sila_buf_append(out, s + start, len - start);
  return e;
}

int sila_ld_html_escape(SilaBuf *out, const char *s, size_t len) {
  return ld_esc(out, s, len);
}

int ld_escs(SilaBuf *out, const char *s) {
  return ld_esc(out, s, strlen(s));
}

/* True for IRIs that are safe as an href (no javascript: and the like). */
bool ld_linkable(const char *iri, size_t len) {
  return (len > 7 && !strncmp(iri, "http://", 7)) || (len > 8 && !strncmp(iri, "https://", 8));
}

/* Appends a compact name (prefix:local) for an IRI when a default prefix
 * covers it, else the IRI. */
int ld_compact(SilaBuf *out, const char *iri, size_t len) {
  const SilaPrefix *px = sila_default_prefixes();
  for (size_t i = 0; px[i].prefix; i++) {
    size_t pl = strlen(px[i].iri);
    if (len > pl && !strncmp(iri, px[i].iri, pl)) {
      int e = ld_escs(out, px[i].prefix);
      e |= sila_buf_putc(out, ':');
      return e | ld_esc(out, iri + pl, len - pl);
    }
  }
  return ld_esc(out, iri, len);
}

int ld_link_iri(SilaBuf *out, const char *base, const char *iri, size_t len, const char *text,
                size_t tlen) {
  int e = 0;
  SilaBuf path = SILA_BUF_INIT;
  int r = sila_ld_doc_path(base, iri, len, &path);
  if (r < 0)
    return -1;
  if (r > 0 || ld_linkable(iri, len)) {
    e |= sila_buf_puts(out, "<a href=\"");
    e |= r > 0 ? ld_esc(out, path.data, path.len) : ld_esc(out, iri, len);
    if (r == 0 && text) { /* another site's IRI behind a label: the IRI on hover */
      e |= sila_buf_puts(out, "\" title=\"");
      e |= ld_esc(out, iri, len);
    }
    e |= sila_buf_puts(out, "\">");
  }
  if (text)
    e |= ld_esc(out, text, tlen);
  else
    e |= ld_compact(out, iri, len);
  if (r > 0 || ld_linkable(iri, len))
    e |= sila_buf_puts(out, "</a>");
  sila_buf_free(&path);
  return e;
}

/* The label of an IRI without one of its own, from a resource declared the
 * same (s owl:sameAs iri): a national IRI (a municipality of the ISTAT
 * vocabulary) shown by the name the local data gives it. */
static bool same_as_label(SilaTxn *txn, SilaId id, SilaTerm *label, char *buf) {
  SilaId same_p = ld_iri_id(txn, LD_OWL_SAMEAS);
  if (same_p == SILA_ID_ANY || id == SILA_ID_ANY)
    return false;
  SilaIdQuad pat = {0, same_p, id, 0}, q;
  SilaScan *sc = NULL;
  bool found = false;
  if (sila_scan_open(txn, &pat, 0, &sc) != SILA_OK)
    return false;
  for (int tries = 0; !found && tries < 4 && sila_scan_next(sc, &q) == 1; tries++)
    found = q.s != id && ld_best_label(txn, q.s, label, buf);
  sila_scan_free(sc);
  return found;
}

int ld_term_html(SilaBuf *out, SilaTxn *txn, const char *base, SilaId id, const SilaTerm *t) {
  int e = 0;
  if (t->kind == SILA_TERM_IRI) {
    SilaTerm label;
    char lb[SILA_TERM_BUF];
    bool has = ld_best_label(txn, id, &label, lb) || same_as_label(txn, id, &label, lb);
    SilaBuf title = SILA_BUF_INIT; /* a resource of the portal: its title, never its IRI */
    if (!has && sila_ld_doc_path(base, t->value, t->value_len, &title) > 0) {
      title.len = 0;
      e |= ld_title(txn, base, id, t->value, t->value_len, &title);
    }
    e |= ld_link_iri(out, base, t->value, t->value_len,
                     has ? label.value : title.len ? title.data : NULL,
                     has ? label.value_len : title.len);
    sila_buf_free(&title);
  } else if (t->kind == SILA_TERM_BLANK) {
    e |= sila_buf_puts(out, "<small>(nodo anonimo)</small>");
  } else if (t->kind == SILA_TERM_TRIPLE) { /* RDF 1.2: shown as its N-Triples text */
    SilaBuf text = SILA_BUF_INIT;
    e |= sila_buf_put_term_nt(&text, t);
    e |= sila_buf_puts(out, "<code>");
    e |= ld_esc(out, text.data ? text.data : "", text.len);
    e |= sila_buf_puts(out, "</code>");
    sila_buf_free(&text);
  } else {
    if (t->lang) {
      e |= sila_buf_puts(out, "<span lang=\"");
      e |= ld_esc(out, t->lang, t->lang_len);
      e |= sila_buf_puts(out, "\">");
      e |= ld_esc(out, t->value, t->value_len);
      e |= sila_buf_puts(out, "</span> <small>@");
      e |= ld_esc(out, t->lang, t->lang_len);
      e |= sila_buf_puts(out, "</small>");
    } else {
      /* dates and numbers as an Italian reader writes them; other typed
       * values keep their type on hover, not as a tag beside the text */
      int r = ld_literal_it(out, t);
      if (r < 0)
        return -1;
      if (r == 1)
        return e;
      bool typed = t->datatype && !sila_iri_is(t->datatype, t->datatype_len, SILA_NS_XSD "string");
      if (typed) {
        e |= sila_buf_puts(out, "<span title=\"");
        e |= ld_compact(out, t->datatype, t->datatype_len);
        e |= sila_buf_puts(out, "\">");
      }
      e |= ld_esc(out, t->value, t->value_len);
      if (typed)
        e |= sila_buf_puts(out, "</span>");
    }
  }
  return e;
}

int ld_pred_html(SilaBuf *out, SilaTxn *txn, SilaId id, const SilaTerm *p) {
  SilaTerm label;
  char lb[SILA_TERM_BUF];
  int e = sila_buf_puts(out, "<span title=\"");
  e |= ld_esc(out, p->value, p->value_len);
  e |= sila_buf_puts(out, "\">");
  if (ld_best_label(txn, id, &label, lb))
    e |= ld_esc(out, label.value, label.value_len);
  else
    e |= ld_compact(out, p->value, p->value_len);
  return e | sila_buf_puts(out, "</span>");
}

/* ---- The resource page ---------------------------------------------------- */

#define MAX_BLANK_DEPTH 3

static bool iri_is_any(const SilaTerm *t, const char *const *list) {
  for (size_t i = 0; list[i]; i++)
    if (t->kind == SILA_TERM_IRI && sila_iri_is(t->value, t->value_len, list[i]))
      return true;
  return false;
}

static const char *const lat_preds[] = {LD_GEO "lat", LD_CLV "lat", NULL};
static const char *const long_preds[] = {LD_GEO "long", LD_CLV "long", NULL};
static const char *const image_preds[] = {LD_FOAF "depiction", LD_FOAF "img",
                                          "http://schema.org/image", "https://schema.org/image",
                                          NULL};

/* A coordinate: a decimal number only (it goes into a URL). */
static bool coord_ok(const SilaTerm *t, char *dst, size_t size) {
  if (t->kind != SILA_TERM_LITERAL || t->value_len == 0 || t->value_len >= size)
    return false;
  for (size_t i = 0; i < t->value_len; i++) {
    char c = t->value[i];
    if (!((c >= '0' && c <= '9') || c == '.' || (i == 0 && (c == '-' || c == '+'))))
      return false;
  }
  memcpy(dst, t->value, t->value_len);
  dst[t->value_len] = '\0';
  return true;
}

/* Finds lat/long among the triples of subject s (or of its clv:hasGeometry). */
static bool find_coords(SilaTxn *txn, SilaId s, char *lat, char *lon, int depth) {
  SilaIdQuad pat = {s, 0, 0, 0}, q;
  SilaScan *sc = NULL;
  bool has_lat = false, has_lon = false;
  SilaId geom = SILA_ID_ANY;
  if (sila_scan_open(txn, &pat, SILA_SCAN_DISTINCT_TRIPLES, &sc) != SILA_OK)
    return false;
  while (sila_scan_next(sc, &q) == 1) {
    SilaTerm p, o;
    char pb[SILA_TERM_BUF], ob[SILA_TERM_BUF];
    if (sila_txn_term(txn, q.p, &p, pb) != SILA_OK || sila_txn_term(txn, q.o, &o, ob) != SILA_OK)
      continue;
    if (!has_lat && iri_is_any(&p, lat_preds))
      has_lat = coord_ok(&o, lat, 32);
    else if (!has_lon && iri_is_any(&p, long_preds))
      has_lon = coord_ok(&o, lon, 32);
    else if (sila_iri_is(p.value, p.value_len, LD_CLV "hasGeometry") && o.kind != SILA_TERM_LITERAL)
      geom = q.o;
  }
  sila_scan_free(sc);
  if (has_lat && has_lon)
    return true;
  return depth == 0 && geom != SILA_ID_ANY && find_coords(txn, geom, lat, lon, 1);
}

/* Rows of a subject's outgoing triples; blank objects nest as <dl>. */
static int blank_html(SilaBuf *out, SilaTxn *txn, const char *base, SilaId b, int depth,
                      LdIdSet *open);

static int value_html(SilaBuf *out, SilaTxn *txn, const char *base, SilaId id, const SilaTerm *t,
                      int depth, LdIdSet *open) {
  if (t->kind == SILA_TERM_BLANK && depth < MAX_BLANK_DEPTH && !ld_idset_has(open, id))
    return blank_html(out, txn, base, id, depth + 1, open);
  return ld_term_html(out, txn, base, id, t);
}

static int blank_html(SilaBuf *out, SilaTxn *txn, const char *base, SilaId b, int depth,
                      LdIdSet *open) {
  if (ld_idset_add(open, b) < 0)
    return -1;
  int e = sila_buf_puts(out, "<dl class=\"bn\">");
  SilaIdQuad pat = {b, 0, 0, 0}, q;
  SilaScan *sc = NULL;
  if (sila_scan_open(txn, &pat, SILA_SCAN_DISTINCT_TRIPLES, &sc) == SILA_OK) {
    while (sila_scan_next(sc, &q) == 1) {
      SilaTerm p, o;
      char pb[SILA_TERM_BUF], ob[SILA_TERM_BUF];
      if (sila_txn_term(txn, q.p, &p, pb) != SILA_OK || sila_txn_term(txn, q.o, &o, ob) != SILA_OK)
        continue;
      e |= sila_buf_puts(out, "<dt>");
      e |= ld_pred_html(out, txn, q.p, &p);
      e |= sila_buf_puts(out, "</dt><dd>");
      e |= value_html(out, txn, base, q.o, &o, depth, open);
      e |= sila_buf_puts(out, "</dd>");
    }
    sila_scan_free(sc);
  }
  return e | sila_buf_puts(out, "</dl>");
}

/* One value of an outgoing triple: images as <img>, blank nodes nested. */
static int out_value_html(SilaBuf *out, SilaTxn *txn, const char *base, SilaId p_id, SilaId o_id,
                          const SilaTerm *label, const char *iri, size_t ilen, LdIdSet *open) {
  SilaTerm p, o;
  char pb[SILA_TERM_BUF], ob[SILA_TERM_BUF];
  if (sila_txn_term(txn, p_id, &p, pb) != SILA_OK || sila_txn_term(txn, o_id, &o, ob) != SILA_OK)
    return 0;
  int e = 0;
  if (o.kind == SILA_TERM_IRI && iri_is_any(&p, image_preds) && ld_linkable(o.value, o.value_len)) {
    e |= sila_buf_puts(out, "<img src=\"");
    e |= ld_esc(out, o.value, o.value_len);
    e |= sila_buf_puts(out, "\" alt=\"Immagine: ");
    e |= label ? ld_esc(out, label->value, label->value_len) : ld_esc(out, iri, ilen);
    return e | sila_buf_puts(out, "\" loading=\"lazy\">");
  }
  if (o.kind == SILA_TERM_LITERAL && o.datatype &&
      sila_iri_is(o.datatype, o.datatype_len, SILA_NS_XSD "anyURI") &&
      ld_linkable(o.value, o.value_len)) { /* a web address given as a literal */
    e |= sila_buf_puts(out, "<a href=\"");
    e |= ld_esc(out, o.value, o.value_len);
    e |= sila_buf_puts(out, "\">");
    e |= ld_esc(out, o.value, o.value_len);
    return e | sila_buf_puts(out, "</a>");
  }
  return value_html(out, txn, base, o_id, &o, 0, open);
}

typedef struct {
  SilaId p, o;
  const char *key; /* the predicate's sort key (owned by the keys array) */
  size_t seq;      /* scan order, for a stable sort */
} OutRow;

static int row_cmp(const void *a, const void *b) {
  const OutRow *x = a, *y = b;
  int c = strcmp(x->key, y->key);
  if (c)
    return c;
  if (x->p != y->p)
    return x->p < y->p ? -1 : 1;
  return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* The sort key of a predicate: rdf:type first, then the label predicates,
 * then the others by their label (or IRI), case-folded for ASCII. */
/* The groups of a resource page's properties, in page order: a predicate
 * goes to the first group one of whose namespaces (or IRIs) it starts with;
 * identity takes the rest. */
static const struct {
  char key;
  const char *title, *id;
  const char *const ns[8];
} groups[] = {
    {'a', "Identità", "identita", {NULL}},
    {'b', "Luogo", "luogo",
     {LD_CLV, LD_GEO, "http://www.w3.org/ns/locn#", "http://www.opengis.net/ont/geosparql#",
      "https://schema.org/address", "http://schema.org/address", NULL}},
    {'c', "Contatti", "contatti",
     {"https://w3id.org/italia/onto/SM/", "http://www.w3.org/2006/vcard/ns#", LD_FOAF "mbox",
      LD_FOAF "phone", "https://schema.org/telephone", "https://schema.org/email",
      LD_DCAT "contactPoint", NULL}},
    {'d', "Collegamenti", "collegamenti",
     {LD_OWL_SAMEAS, LD_RDFS "seeAlso", LD_FOAF "homepage", LD_FOAF "page", LD_DCT "source",
      "http://www.w3.org/2004/02/skos/core#exactMatch", "https://schema.org/url", NULL}},
};
#define NGROUPS (sizeof groups / sizeof groups[0])

static char pred_group(const SilaTerm *p) {
  for (size_t g = 1; g < NGROUPS; g++)
    for (size_t i = 0; groups[g].ns[i]; i++) {
      size_t n = strlen(groups[g].ns[i]);
      if (p->value_len >= n && !strncmp(p->value, groups[g].ns[i], n))
        return groups[g].key;
    }
  return 'a';
}

/* The sort key of a predicate: its group, then rdf:type first, then the
 * label predicates, then the others by their label (or IRI), case-folded
 * for ASCII. */
static char *pred_key(SilaTxn *txn, SilaId p_id) {
  SilaTerm p, l;
  char pb[SILA_TERM_BUF], lb[SILA_TERM_BUF];
  if (sila_txn_term(txn, p_id, &p, pb) != SILA_OK)
    return strdup("a~");
  if (sila_iri_is(p.value, p.value_len, LD_RDF_TYPE))
    return strdup("a\x01");
  for (size_t i = 0; ld_label_predicates[i]; i++)
    if (sila_iri_is(p.value, p.value_len, ld_label_predicates[i]))
      return strdup("a\x02");
  bool hl = ld_best_label(txn, p_id, &l, lb);
  const char *v = hl ? l.value : p.value;
  size_t n = hl ? l.value_len : p.value_len;
  char *k = malloc(n + 3);
  if (!k)
    return NULL;
  k[0] = pred_group(&p);
  k[1] = hl ? '\x03' : '\x04'; /* labelled predicates before raw IRIs */
  for (size_t i = 0; i < n; i++)
    k[i + 2] = (v[i] >= 'A' && v[i] <= 'Z') ? (char)(v[i] + 32) : v[i];
  k[n + 2] = '\0';
  return k;
}

/* The table of outgoing properties: each distinct triple once (a triple in
 * several graphs comes once), one row per predicate; notes every graph
 * holding the resource's triples in `graphs`. */
static int outgoing_html(SilaBuf *out, SilaTxn *txn, const char *base, SilaId id,
                         const SilaTerm *label, const char *iri, size_t ilen, LdIdSet *graphs,
                         LdIdSet *open) {
  SilaIdQuad pat = {id, 0, 0, 0}, q, prev = {0, 0, 0, 0};
  SilaScan *sc = NULL;
  OutRow *rows = NULL;
  char **keys = NULL;
  size_t nrows = 0, nkeys = 0;
  int e = 0;
  if (sila_scan_open(txn, &pat, 0, &sc) != SILA_OK)
    return 0;
  while (!e && sila_scan_next(sc, &q) == 1) {
    if (ld_idset_add(graphs, q.g) < 0)
      e = -1;
    if (q.p == prev.p && q.o == prev.o)
      continue;                    /* the same triple in another graph */
    if (q.p != prev.p || !nkeys) { /* SPOG order: a predicate's quads are together */
      char **nk = realloc(keys, (nkeys + 1) * sizeof *nk);
      if (!nk || !(nk[nkeys] = pred_key(txn, q.p))) {
        if (nk)
          keys = nk;
        e = -1;
        break;
      }
      keys = nk;
      nkeys++;
    }
    prev = q;
    OutRow *nr = realloc(rows, (nrows + 1) * sizeof *nr);
    if (!nr) {
      e = -1;
      break;
    }
    rows = nr;
    rows[nrows] = (OutRow){q.p, q.o, keys[nkeys - 1], nrows};
    nrows++;
  }
  sila_scan_free(sc);
  if (!e && nrows) {
    qsort(rows, nrows, sizeof *rows, row_cmp);
    for (size_t i = 0; i < nrows; i++) {
      if (i == 0 || rows[i].key[0] != rows[i - 1].key[0]) { /* a new group */
        size_t g = 0;
        while (g + 1 < NGROUPS && groups[g].key != rows[i].key[0])
          g++;
        if (i)
          e |= sila_buf_puts(out, "</td></tr>\n</tbody>\n</table></div>\n");
        e |= sila_buf_printf(out, "<h3 class=\"h5 mt-3\" id=\"%s\">%s</h3>\n", groups[g].id,
                             groups[g].title);
        e |= sila_buf_printf(out, "<div class=\"table-responsive\"><table class=\"table "
                                  "table-sm\">\n<caption class=\"visually-hidden\">%s</caption>\n"
                                  "<thead><tr><th scope=\"col\">Proprietà</th>"
                                  "<th scope=\"col\">Valore</th></tr></thead>\n<tbody>\n",
                             groups[g].title);
      } else if (rows[i].p != rows[i - 1].p) {
        e |= sila_buf_puts(out, "</td></tr>\n");
      }
      if (i == 0 || rows[i].p != rows[i - 1].p) {
        SilaTerm p;
        char pb[SILA_TERM_BUF];
        e |= sila_buf_puts(out, "<tr><th scope=\"row\">");
        if (sila_txn_term(txn, rows[i].p, &p, pb) == SILA_OK)
          e |= ld_pred_html(out, txn, rows[i].p, &p);
        e |= sila_buf_puts(out, "</th><td>");
      } else {
        e |= sila_buf_puts(out, "<br>");
      }
      e |= out_value_html(out, txn, base, rows[i].p, rows[i].o, label, iri, ilen, open);
    }
    e |= sila_buf_puts(out, "</td></tr>\n</tbody>\n</table></div>\n");
  } else if (!e) {
    e |= sila_buf_puts(out, "<p>Nessuna proprietà.</p>\n");
  }
  for (size_t i = 0; i < nkeys; i++)
    free(keys[i]);
  free(keys);
  free(rows);
  return e;
}

static int rdf_links(SilaBuf *out, const char *path, size_t len) {
  static const char *const ext[] = {".ttl", ".nt", ".rdf", ".jsonld"};
  static const char *const name[] = {"Turtle", "N-Triples", "RDF/XML", "JSON-LD"};
  int e = sila_buf_puts(out, "<h2 id=\"formati\">Questa descrizione in RDF</h2>\n<p>");
  for (int i = 0; i < 4; i++) {
    e |= sila_buf_puts(out, "<a class=\"btn btn-outline-primary btn-sm me-2 mb-2\" href=\"");
    e |= ld_esc(out, path, len);
    e |= sila_buf_printf(out, "%s\">%s</a>", ext[i], name[i]);
  }
  return e | sila_buf_puts(out, "</p>\n");
}

SilaStatus sila_ld_html_resource(SilaTxn *txn, const char *base, const char *iri,
                                 uint64_t in_offset, SilaBuf *out) {
  base = ld_base(base);
  size_t ilen = strlen(iri);
  SilaId id = ld_iri_id(txn, iri);
  SilaTerm label;
  char lb[SILA_TERM_BUF];
  bool has_label = id != SILA_ID_ANY && ld_best_label(txn, id, &label, lb);
  SilaBuf self = SILA_BUF_INIT;
  LdIdSet graphs = {0}, open = {0};
  SilaId type_p = ld_iri_id(txn, LD_RDF_TYPE);
  int e = 0;
  if (sila_ld_doc_path(base, iri, ilen, &self) < 0)
    return SILA_ERR_NOMEM;

  SilaBuf title = SILA_BUF_INIT; /* the label, else a title from type and key */
  e |= ld_title(txn, base, id, iri, ilen, &title);
  LdCrumb crumbs[] = {{"Risorse", 7, "/search"},
                      {title.data ? title.data : iri, title.data ? title.len : ilen, NULL}};
  /* its description: the label and what kind of thing it is */
  SilaBuf desc = SILA_BUF_INIT;
  e |= title.data ? sila_buf_append(&desc, title.data, title.len)
                  : sila_buf_append(&desc, iri, ilen);
  size_t ntypes = 0;
  if (id != SILA_ID_ANY && type_p != SILA_ID_ANY) {
    SilaIdQuad pat = {id, type_p, 0, 0}, q;
    SilaScan *sc = NULL;
    if (sila_scan_open(txn, &pat, SILA_SCAN_DISTINCT_TRIPLES, &sc) == SILA_OK) {
      while (ntypes < 3 && sila_scan_next(sc, &q) == 1) {
        SilaTerm tl;
        char tlb[SILA_TERM_BUF];
        if (!ld_best_label(txn, q.o, &tl, tlb))
          continue;
        e |= sila_buf_puts(&desc, ntypes ? ", " : ": ");
        e |= sila_buf_append(&desc, tl.value, tl.value_len);
        ntypes++;
      }
      sila_scan_free(sc);
    }
  }
  e |= sila_buf_puts(&desc, ntypes ? ", nei dati aperti della Regione Calabria."
                                   : ": una risorsa dei dati aperti della Regione Calabria.");
  e |= ld_page_open_described(out, title.data ? title.data : iri, title.data ? title.len : ilen,
                              desc.data, desc.len, crumbs, 2);
  sila_buf_free(&desc);
  e |= sila_buf_puts(out, "<h1>");
  e |= title.data ? ld_esc(out, title.data, title.len) : ld_esc(out, iri, ilen);
  sila_buf_free(&title);
  e |= sila_buf_puts(out, "</h1>\n<p class=\"iri\">");
  e |= ld_esc(out, iri, ilen);
  e |= sila_buf_puts(out, "</p>\n");

  /* Types first. */
  if (id != SILA_ID_ANY && type_p != SILA_ID_ANY) {
    SilaIdQuad pat = {id, type_p, 0, 0}, q;
    SilaScan *sc = NULL;
    bool first = true;
    if (sila_scan_open(txn, &pat, SILA_SCAN_DISTINCT_TRIPLES, &sc) == SILA_OK) {
      while (sila_scan_next(sc, &q) == 1) {
        SilaTerm t;
        char tb[SILA_TERM_BUF];
        if (sila_txn_term(txn, q.o, &t, tb) != SILA_OK)
          continue;
        e |= sila_buf_puts(out, first ? "<p>Tipo: " : ", ");
        e |= ld_term_html(out, txn, base, q.o, &t);
        first = false;
      }
      sila_scan_free(sc);
    }
    if (!first)
      e |= sila_buf_puts(out, "</p>\n");
  }

  /* Map: always a link that works without JavaScript; a Leaflet map on
   * top when the server has the assets (sila/map.js reads the data-*). */
  char lat[32], lon[32];
  if (id != SILA_ID_ANY && find_coords(txn, id, lat, lon, 0)) {
    if (ld_html_assets() & LD_ASSET_LEAFLET) {
      e |= sila_buf_printf(out,
                           "<link rel=\"stylesheet\" href=\"/static/leaflet/leaflet.css\">\n"
                           "<div id=\"mappa\" class=\"mappa\" role=\"region\" "
                           "aria-label=\"Mappa\" data-lat=\"%s\" data-lon=\"%s\"",
                           lat, lon);
      e |= ld_map_attrs(out);
      e |= sila_buf_puts(out, " data-label=\"");
      e |= has_label ? ld_esc(out, label.value, label.value_len) : ld_esc(out, iri, ilen);
      e |= sila_buf_puts(out, "\"></div>\n<script src=\"/static/leaflet/leaflet.js\" defer>"
                              "</script><script src=\"/static/sila/map.js\" defer></script>\n");
    }
    e |=
        sila_buf_printf(out,
                        "<p><a class=\"map\" href=\"https://www.openstreetmap.org/?mlat=%s&amp;"
                        "mlon=%s#map=16/%s/%s\">Vedi sulla mappa (OpenStreetMap): %s, %s</a></p>\n",
                        lat, lon, lat, lon, lat, lon);
  }

  /* Outgoing properties, one row per predicate, sorted (see outgoing_html). */
  e |= sila_buf_puts(out, "<h2 id=\"proprieta\">Proprietà</h2>\n");
  if (id != SILA_ID_ANY)
    e |= outgoing_html(out, txn, base, id, has_label ? &label : NULL, iri, ilen, &graphs, &open);

  if (id != SILA_ID_ANY)
    e |= ld_html_related(out, txn, base, id, in_offset);

  /* Incoming links, one page. */
  if (id != SILA_ID_ANY) {
    SilaIdQuad pat = {0, 0, id, 0}, q;
    uint64_t total = sila_txn_count(txn, &pat, 100000), k = 0, shown = 0;
    bool more = false;
    SilaScan *sc = NULL;
    if (total > 0 && sila_scan_open(txn, &pat, SILA_SCAN_DISTINCT_TRIPLES, &sc) == SILA_OK) {
      e |= sila_buf_puts(out, "<h2 id=\"entrata\">Collegamenti in entrata</h2>\n"
                              "<div class=\"table-responsive\"><table class=\"table table-sm\">\n"
                              "<caption>Risorse che rimandano a questa</caption>\n"
                              "<thead><tr><th scope=\"col\">Risorsa</th><th scope=\"col\">"
                              "Proprietà</th></tr></thead>\n<tbody>\n");
      while (sila_scan_next(sc, &q) == 1) {
        if (k++ < in_offset)
          continue;
        if (shown == SILA_LD_INCOMING_LIMIT) {
          more = true;
          break;
        }
        SilaTerm s, p;
        char sb[SILA_TERM_BUF], pb[SILA_TERM_BUF];
        if (sila_txn_term(txn, q.s, &s, sb) != SILA_OK ||
            sila_txn_term(txn, q.p, &p, pb) != SILA_OK)
          continue;
        e |= sila_buf_puts(out, "<tr><td>");
        e |= ld_term_html(out, txn, base, q.s, &s);
        e |= sila_buf_puts(out, "</td><td>");
        e |= ld_pred_html(out, txn, q.p, &p);
        e |= sila_buf_puts(out, "</td></tr>\n");
        shown++;
      }
      sila_scan_free(sc);
      e |= sila_buf_puts(out, "</tbody>\n</table></div>\n");
      if (self.len && (in_offset > 0 || more)) {
        e |= sila_buf_puts(out, "<nav aria-label=\"Pagine dei collegamenti in entrata\"><p>");
        if (in_offset > 0) {
          uint64_t prev =
              in_offset > SILA_LD_INCOMING_LIMIT ? in_offset - SILA_LD_INCOMING_LIMIT : 0;
          e |= sila_buf_puts(out, "<a href=\"");
          e |= ld_esc(out, self.data, self.len);
          e |= sila_buf_printf(out, "?in=%llu#entrata\">« Precedenti</a> ",
                               (unsigned long long)prev);
        }
        if (more) {
          e |= sila_buf_puts(out, "<a href=\"");
          e |= ld_esc(out, self.data, self.len);
          e |= sila_buf_printf(out, "?in=%llu#entrata\">Successivi »</a>",
                               (unsigned long long)(in_offset + shown));
        }
        e |= sila_buf_puts(out, "</p></nav>\n");
      }
    }
  }

  /* Datasets (named graphs) the description comes from. */
  if (graphs.n) {
    e |= sila_buf_puts(out, "<h2 id=\"dataset\">Dataset</h2>\n<ul>");
    for (size_t i = 0; i < graphs.cap; i++) {
      SilaId g = graphs.slots[i];
      SilaTerm gt, gl;
      char gb[SILA_TERM_BUF], glb[SILA_TERM_BUF];
      if (g == SILA_ID_ANY || g == SILA_ID_DEFAULT_GRAPH ||
          sila_txn_term(txn, g, &gt, gb) != SILA_OK)
        continue;
      bool gh = ld_best_label(txn, g, &gl, glb);
      SilaBuf gtitle = SILA_BUF_INIT; /* a graph without a label: a title from its IRI */
      if (!gh)
        e |= ld_title(txn, base, g, gt.value, gt.value_len, &gtitle);
      e |= sila_buf_puts(out, "<li>");
      e |= ld_link_iri(out, base, gt.value, gt.value_len, gh ? gl.value : gtitle.data,
                       gh ? gl.value_len : gtitle.len);
      sila_buf_free(&gtitle);
      e |= sila_buf_puts(out, "</li>");
    }
    e |= sila_buf_puts(out, "</ul>\n");
  }
  if (self.len)
    e |= rdf_links(out, self.data, self.len);
  e |= ld_page_end(out);
  sila_buf_free(&self);
  ld_idset_free(&graphs);
  ld_idset_free(&open);
  return e ? SILA_ERR_NOMEM : SILA_OK;
}
