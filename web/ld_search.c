/* ld_search.c — the portal's /search page on the store's full-text index
 * (sila_text.h), with facets and a JSON form. */
#define _GNU_SOURCE /* strndup */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ld_html.h"
#include "ld_internal.h"
#include "sila_text.h"

/* ---- full-text search page (issue 15) ------------------------------------ */
/* /search?q=...: the text index's matches grouped into facets by type and
 * by dataset (graph) with counts, each result with its title, types,
 * dataset and highlighted snippet; 20 per page; ?tipo= and ?dataset=
 * narrow to one facet; the same as JSON for scripts. */
#define PAGE 20
#define MAX_DOCS 5000 /* literals followed to their subjects per query */
#define MAX_FACET 12

typedef struct {
  SilaId id;
  size_t count;
} Facet;

typedef struct {
  Facet *f;
  size_t n, cap;
} FacetList;

static int facet_add(FacetList *l, SilaId id) {
  for (size_t i = 0; i < l->n; i++)
    if (l->f[i].id == id) {
      l->f[i].count++;
      return 0;
    }
  if (l->n == l->cap) {
    size_t cap = l->cap ? l->cap * 2 : 16;
    Facet *f = realloc(l->f, cap * sizeof *f);
    if (!f)
      return -1;
    l->f = f;
    l->cap = cap;
  }
  l->f[l->n++] = (Facet){id, 1};
  return 0;
}

static int cmp_facet(const void *a, const void *b) {
  const Facet *x = a, *y = b;
  return x->count != y->count ? (x->count > y->count ? -1 : 1) : (x->id < y->id ? -1 : x->id > y->id);
}

/* Types of a subject (at most 8). */
static size_t subject_types(SilaTxn *txn, SilaId s, SilaId rdf_type, SilaId *out, size_t max) {
  if (!rdf_type)
    return 0;
  SilaIdQuad pat = {s, rdf_type, 0, 0}, q;
  SilaScan *sc;
  size_t n = 0;
  if (sila_scan_open(txn, &pat, SILA_SCAN_DISTINCT_TRIPLES, &sc) != SILA_OK)
    return 0;
  while (n < max && sila_scan_next(sc, &q) == 1)
    out[n++] = q.o;
  sila_scan_free(sc);
  return n;
}

static bool term_text(SilaTxn *txn, SilaId id, SilaTerm *t, char *buf) {
  return sila_txn_term(txn, id, t, buf) == SILA_OK;
}

/* A display name: the best label (true), else the IRI's last segment. */
static bool display_name(SilaTxn *txn, SilaId id, SilaTerm *label, char *lbuf, const char **s,
                         size_t *n) {
  SilaTerm t;
  char b[SILA_TERM_BUF];
  if (ld_best_label(txn, id, label, lbuf)) {
    *s = label->value;
    *n = label->value_len;
    return true;
  }
  *s = "";
  *n = 0;
  if (!term_text(txn, id, &t, b) || t.kind != SILA_TERM_IRI)
    return false;
  size_t i = t.value_len;
  while (i > 0 && t.value[i - 1] != '/' && t.value[i - 1] != '#')
    i--;
  *label = t;
  *s = t.value + i;
  *n = t.value_len - i;
  return false;
}

/* A result's title: its label, else the matched literal when it is short
 * (a name such as cis:institutionalCISName), else the IRI's last segment. */
static void hit_title(SilaTxn *txn, const SilaTextHit *h, SilaTerm *label, char *lbuf,
                      const char **s, size_t *n) {
  if (display_name(txn, h->subject, label, lbuf, s, n))
    return;
  /* Names the label predicates leave out (Cultural-ON's). */
  SilaId name = ld_iri_id(txn, "http://dati.beniculturali.it/cis/institutionalCISName");
  SilaIdQuad pat = {h->subject, name, 0, 0}, q;
  SilaScan *sc;
  if (name && sila_scan_open(txn, &pat, 0, &sc) == SILA_OK) {
    SilaTerm t;
    bool found = sila_scan_next(sc, &q) == 1 && sila_txn_term(txn, q.o, &t, lbuf) == SILA_OK &&
                 t.kind == SILA_TERM_LITERAL;
    sila_scan_free(sc);
    if (found) {
      *label = t;
      *s = t.value;
      *n = t.value_len;
      return;
    }
  }
  SilaTerm lit;
  if (sila_txn_term(txn, h->literal, &lit, lbuf) == SILA_OK && lit.kind == SILA_TERM_LITERAL &&
      lit.value_len > 0 && lit.value_len <= 120) {
    *label = lit;
    *s = lit.value;
    *n = lit.value_len;
  }
}

static int url_enc(SilaBuf *b, const char *s) {
  static const char hex[] = "0123456789ABCDEF";
  int e = 0;
  for (; *s; s++) {
    unsigned char c = (unsigned char)*s;
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
        c == '_' || c == '.' || c == '~')
      e |= sila_buf_putc(b, (char)c);
    else
      e |= sila_buf_putc(b, '%') || sila_buf_putc(b, hex[c >> 4]) || sila_buf_putc(b, hex[c & 15]);
  }
  return e;
}

/* href of the search page with q and optional filters ("&amp;"-joined). */
static int search_href(SilaBuf *b, const SilaLdSearchRequest *r, const char *type,
                       const char *dataset, uint64_t offset) {
  int e = sila_buf_puts(b, "/search?q=") || url_enc(b, r->q);
  if (type)
    e |= sila_buf_puts(b, "&amp;tipo=") || url_enc(b, type);
  if (dataset)
    e |= sila_buf_puts(b, "&amp;dataset=") || url_enc(b, dataset);
  if (offset)
    e |= sila_buf_printf(b, "&amp;offset=%llu", (unsigned long long)offset);
  return e;
}

static char *iri_string(SilaTxn *txn, SilaId id) {
  SilaTerm t;
  char b[SILA_TERM_BUF];
  if (id == SILA_ID_DEFAULT_GRAPH || !term_text(txn, id, &t, b) || t.kind != SILA_TERM_IRI)
    return NULL;
  return strndup(t.value, t.value_len);
}

static int facet_html(SilaBuf *out, SilaTxn *txn, const SilaLdSearchRequest *r, const char *title,
                      const char *id, FacetList *l, bool is_type) {
  int e = sila_buf_printf(out, "<section aria-labelledby=\"%s\"><h3 id=\"%s\">%s</h3><ul>\n", id,
                          id, title);
  for (size_t i = 0; i < l->n && i < MAX_FACET; i++) {
    char *iri = iri_string(txn, l->f[i].id);
    SilaTerm label;
    char lb[SILA_TERM_BUF];
    const char *s;
    size_t n;
    display_name(txn, l->f[i].id, &label, lb, &s, &n);
    e |= sila_buf_puts(out, "<li>");
    if (iri) {
      e |= sila_buf_puts(out, "<a href=\"");
      e |= search_href(out, r, is_type ? iri : r->type, is_type ? r->dataset : iri, 0);
      e |= sila_buf_puts(out, "\">");
    }
    e |= n ? ld_esc(out, s, n) : sila_buf_puts(out, "(grafo predefinito)");
    if (iri)
      e |= sila_buf_puts(out, "</a>");
    e |= sila_buf_printf(out, " <span class=\"count\">(%zu)</span></li>\n", l->f[i].count);
    free(iri);
  }
  return e | sila_buf_puts(out, "</ul></section>\n");
}

/* The snippet of a hit for the portal (Italian): the subject's best match
 * (hit->literal), or, when that one is in another language, its Italian
 * sibling through the same predicate if the query matches it too (a
 * dataset's English description won over the Italian one it translates). */
static SilaStatus hit_snippet(SilaTxn *txn, SilaTextQuery *tq, const SilaTextHit *h,
                              SilaBuf *out) {
  SilaTerm t;
  char tb[SILA_TERM_BUF];
  if (sila_txn_term(txn, h->literal, &t, tb) == SILA_OK && t.kind == SILA_TERM_LITERAL &&
      t.lang_len && !(t.lang_len >= 2 && !strncasecmp(t.lang, "it", 2))) {
    SilaIdQuad pat = {h->subject, h->predicate, 0, 0}, q;
    SilaScan *sc = NULL;
    if (sila_scan_open(txn, &pat, SILA_SCAN_DISTINCT_TRIPLES, &sc) == SILA_OK) {
      SilaId it = 0;
      while (!it && sila_scan_next(sc, &q) == 1) {
        SilaTerm o;
        char ob[SILA_TERM_BUF];
        if (q.o != h->literal && sila_txn_term(txn, q.o, &o, ob) == SILA_OK &&
            o.kind == SILA_TERM_LITERAL && o.lang_len == 2 && !strncasecmp(o.lang, "it", 2))
          it = q.o;
      }
      sila_scan_free(sc);
      if (it) {
        SilaBuf s = SILA_BUF_INIT;
        SilaStatus st = sila_text_snippet(txn, tq, it, 200, &s);
        bool matched = st == SILA_OK && s.data && memmem(s.data, s.len, "<b>", 3);
        if (matched)
          st = sila_buf_append(out, s.data, s.len) ? SILA_ERR_NOMEM : SILA_OK;
        sila_buf_free(&s);
        if (matched || st != SILA_OK)
          return st;
      }
    }
  }
  return sila_text_snippet(txn, tq, h->literal, 200, out);
}

static bool matches_filter(SilaTxn *txn, const char *want, SilaId id) {
  if (!want || !*want)
    return true;
  SilaTerm t;
  char b[SILA_TERM_BUF];
  return term_text(txn, id, &t, b) && t.kind == SILA_TERM_IRI && t.value_len == strlen(want) &&
         !memcmp(t.value, want, t.value_len);
}

/* Characters (not bytes) before byte offset `at` of s, plus one: the
 * position a reader counts. */
static size_t char_column(const char *s, size_t at) {
  size_t col = 1;
  for (size_t i = 0; i < at && s[i]; i++)
    col += ((unsigned char)s[i] & 0xC0) != 0x80;
  return col;
}

/* What is wrong with the query, in Italian, saying where (plain text). */
static int problem_italian(SilaBuf *out, const char *q, const SilaTextProblem *why) {
  size_t col = char_column(q, why->offset);
  switch (why->code) {
  case SILA_TEXT_PROBLEM_UNCLOSED_QUOTE:
    return sila_buf_printf(out, "Le virgolette aperte al carattere %zu non sono chiuse: "
                                "chiudi la frase con un'altra \" (per esempio \"castello svevo\").",
                           col);
  case SILA_TEXT_PROBLEM_UNCLOSED_PAREN:
    return sila_buf_printf(out, "La parentesi aperta al carattere %zu non è chiusa: "
                                "aggiungi una ) dopo le parole che raggruppa.", col);
  case SILA_TEXT_PROBLEM_UNMATCHED_PAREN:
    return sila_buf_printf(out, "La parentesi chiusa al carattere %zu non chiude nessuna "
                                "parentesi aperta: toglila o aggiungi una ( prima.", col);
  case SILA_TEXT_PROBLEM_LONE_OPERATOR: {
    size_t n = 0;
    while (q[why->offset + n] >= 'A' && q[why->offset + n] <= 'Z' && n < 3)
      n++;
    return sila_buf_printf(out, "%.*s al carattere %zu non ha una parola dopo di sé: scrivi "
                                "per esempio «castello %.*s svevo».",
                           (int)n, q + why->offset, col, (int)n, q + why->offset);
  }
  case SILA_TEXT_PROBLEM_BARE_PREFIX:
    return sila_buf_printf(out, "L'asterisco al carattere %zu non segue l'inizio di una "
                                "parola: scrivi qualche lettera prima, per esempio castel*.",
                           col);
  case SILA_TEXT_PROBLEM_SHORT_PREFIX:
    return sila_buf_puts(out, "Troppe parole cominciano così: scrivi qualche lettera in più "
                              "prima dell'asterisco.");
  case SILA_TEXT_PROBLEM_TOO_LONG:
    return sila_buf_printf(out, "La ricerca è troppo lunga (oltre il carattere %zu): "
                                "accorciala, al massimo %d byte.",
                           col, SILA_TEXT_QUERY_MAX);
  case SILA_TEXT_PROBLEM_TOO_DEEP:
    return sila_buf_printf(out, "Troppe parentesi una dentro l'altra (al carattere %zu): "
                                "semplifica la ricerca.", col);
  case SILA_TEXT_PROBLEM_NOTHING:
    return sila_buf_puts(out, "Niente da cercare: la ricerca ha solo parole troppo comuni "
                              "(come «di», «la», «e») o solo parole escluse con NOT o -. "
                              "Aggiungi almeno una parola da trovare.");
  case SILA_TEXT_PROBLEM_UNEXPECTED:
    return sila_buf_printf(out, "Il carattere %zu non è al suo posto: controlla la ricerca.",
                           col);
  default:
    return sila_buf_puts(out, "La ricerca non è valida.");
  }
}

/* The query with the spot of the problem marked (HTML). */
static int problem_spot(SilaBuf *out, const char *q, size_t at) {
  size_t len = strlen(q);
  if (at > len)
    at = len;
  size_t end = at;
  if (end < len)
    do
      end++;
    while (end < len && ((unsigned char)q[end] & 0xC0) == 0x80);
  int e = sila_buf_puts(out, "<p class=\"query-problem\"><code>");
  e |= ld_esc(out, q, at);
  e |= sila_buf_puts(out, "<mark>");
  e |= end > at ? ld_esc(out, q + at, end - at) : sila_buf_puts(out, "&#8203;");
  e |= sila_buf_puts(out, "</mark>");
  e |= ld_esc(out, q + end, len - end);
  e |= sila_buf_puts(out, "</code></p>\n");
  return e;
}

SilaStatus sila_ld_search_page(SilaTxn *txn, const char *base, const SilaLdSearchRequest *req,
                               SilaBuf *out, int *status) {
  base = ld_base(base);
  *status = 200;
  bool has_q = req->q && *req->q;
  SilaTextQuery *tq = NULL;
  SilaError err = {0};
  SilaTextProblem why = {SILA_TEXT_PROBLEM_NONE, 0};
  SilaStatus st = SILA_OK;
  SilaTextHit *hits = NULL;
  size_t nhits = 0, kept = 0;
  bool truncated = false;
  FacetList types = {0}, sets = {0};
  SilaId rdf_type = ld_iri_id(txn, LD_RDF_TYPE);
  int e = 0;
  if (has_q) {
    st = sila_text_query_parse_why(txn, req->q, strlen(req->q), &tq, &err, &why);
    if (st == SILA_OK) {
      st = sila_text_search(txn, tq, SILA_ID_ANY, MAX_DOCS, &hits, &nhits, &truncated);
      if (st == SILA_OK) { /* the data first, the vocabularies ({base}/onto, classes, …) after */
        SilaBuf vg = SILA_BUF_INIT;
        SilaId vocab = sila_buf_printf(&vg, "%s/onto", base) ? SILA_ID_ANY : ld_iri_id(txn, vg.data);
        sila_buf_free(&vg);
        st = sila_text_rank(txn, vocab, hits, nhits);
      }
      if (st == SILA_ERR_LIMIT) {
        *status = 400;
        st = SILA_OK;
        why = (SilaTextProblem){SILA_TEXT_PROBLEM_SHORT_PREFIX, 0};
        const char *star = strchr(req->q, '*');
        why.offset = star ? (size_t)(star - req->q) : 0;
        snprintf(err.message, sizeof err.message,
                 "too many words start so: give a longer prefix");
      }
    } else if (st == SILA_ERR_SYNTAX || st == SILA_ERR_INVALID || st == SILA_ERR_LIMIT) {
      *status = 400;
      st = SILA_OK;
    } else if (st == SILA_ERR_UNSUPPORTED) {
      *status = 503;
      st = SILA_OK;
    }
    if (st != SILA_OK)
      goto done;
    /* Facets over every match; the filters keep the matches of one. */
    for (size_t i = 0; i < nhits; i++) {
      SilaId ty[8];
      size_t nt = subject_types(txn, hits[i].subject, rdf_type, ty, 8);
      bool type_ok = !req->type || !*req->type;
      for (size_t k = 0; k < nt && !type_ok; k++)
        type_ok = matches_filter(txn, req->type, ty[k]);
      bool set_ok = matches_filter(txn, req->dataset, hits[i].graph);
      if (set_ok)
        for (size_t k = 0; k < nt; k++)
          e |= facet_add(&types, ty[k]);
      if (type_ok)
        e |= facet_add(&sets, hits[i].graph);
      if (type_ok && set_ok)
        hits[kept++] = hits[i];
    }
    if (types.n)
      qsort(types.f, types.n, sizeof *types.f, cmp_facet);
    if (sets.n)
      qsort(sets.f, sets.n, sizeof *sets.f, cmp_facet);
  }
  uint64_t from = req->offset < kept ? req->offset : kept;
  uint64_t to = from + PAGE < kept ? from + PAGE : kept;

  if (req->json) {
    json_t *o = json_object(), *res = json_array();
    json_object_set_new(o, "query", json_string(has_q ? req->q : ""));
    if (*status != 200) {
      /* "error" as before (English, for logs); "code" and "column" for
       * scripts; "messaggio" the portal's Italian sentence. */
      json_object_set_new(o, "error", json_string(err.message[0] ? err.message : "bad query"));
      if (*status == 400) {
        SilaBuf it = SILA_BUF_INIT;
        e |= problem_italian(&it, req->q, &why) || sila_buf_putc(&it, '\0');
        json_object_set_new(o, "code", json_string(sila_text_problem_name(why.code)));
        json_object_set_new(o, "column",
                            json_integer((json_int_t)char_column(req->q, why.offset)));
        json_object_set_new(o, "messaggio", json_string(it.data ? it.data : ""));
        sila_buf_free(&it);
      } else {
        json_object_set_new(o, "code", json_string("no_text_index"));
      }
    } else {
      json_object_set_new(o, "total", json_integer((json_int_t)kept));
      json_object_set_new(o, "truncated", json_boolean(truncated));
      json_object_set_new(o, "offset", json_integer((json_int_t)from));
      json_object_set_new(o, "limit", json_integer(PAGE));
      for (uint64_t i = from; i < to; i++) {
        json_t *h = json_object(), *tys = json_array();
        char *iri = iri_string(txn, hits[i].subject);
        char *g = iri_string(txn, hits[i].graph);
        SilaTerm label;
        char lb[SILA_TERM_BUF];
        const char *s;
        size_t n;
        hit_title(txn, &hits[i], &label, lb, &s, &n);
        SilaBuf snip = SILA_BUF_INIT;
        sila_text_snippet(txn, tq, hits[i].literal, 200, &snip);
        SilaId ty[8];
        size_t nt = subject_types(txn, hits[i].subject, rdf_type, ty, 8);
        for (size_t k = 0; k < nt; k++) {
          char *t = iri_string(txn, ty[k]);
          if (t)
            json_array_append_new(tys, json_string(t));
          free(t);
        }
        json_object_set_new(h, "iri", iri ? json_string(iri) : json_null());
        json_object_set_new(h, "title", json_stringn(s, n));
        json_object_set_new(h, "score", json_real(hits[i].score));
        json_object_set_new(h, "snippet", json_string(snip.data ? snip.data : ""));
        json_object_set_new(h, "types", tys);
        json_object_set_new(h, "dataset", g ? json_string(g) : json_null());
        json_object_set_new(h, "vocabulary", json_boolean(hits[i].vocabulary));
        json_array_append_new(res, h);
        sila_buf_free(&snip);
        free(iri);
        free(g);
      }
      json_object_set_new(o, "results", res);
      res = NULL;
      json_t *facets = json_object();
      for (int k = 0; k < 2; k++) {
        FacetList *l = k ? &sets : &types;
        json_t *arr = json_array();
        for (size_t i = 0; i < l->n; i++) {
          char *iri = iri_string(txn, l->f[i].id);
          SilaTerm label;
          char lb[SILA_TERM_BUF];
          const char *s;
          size_t n;
          display_name(txn, l->f[i].id, &label, lb, &s, &n);
          json_t *f = json_object();
          json_object_set_new(f, "iri", iri ? json_string(iri) : json_null());
          json_object_set_new(f, "label", json_stringn(s, n));
          json_object_set_new(f, "count", json_integer((json_int_t)l->f[i].count));
          json_array_append_new(arr, f);
          free(iri);
        }
        json_object_set_new(facets, k ? "datasets" : "types", arr);
      }
      json_object_set_new(o, "facets", facets);
    }
    json_decref(res);
    char *text = json_dumps(o, JSON_COMPACT);
    e |= !text || sila_buf_puts(out, text) || sila_buf_putc(out, '\n');
    free(text);
    json_decref(o);
    goto done;
  }

  const char *title = "Cerca";
  e |= ld_page_begin(out, title, strlen(title));
  e |= sila_buf_puts(out, "<h1>Cerca nei dati</h1>\n"
                          "<form class=\"mb-4\" action=\"/search\" method=\"get\" "
                          "role=\"search\" aria-label=\"Ricerca nei dati\">"
                          "<label for=\"q\" class=\"fw-semibold d-block mb-1\">Parole da "
                          "cercare</label><div class=\"d-flex gap-2\">"
                          "<input class=\"form-control\" id=\"q\" name=\"q\" type=\"search\" "
                          "aria-describedby=\"q-help\" value=\"");
  if (has_q)
    e |= ld_escs(out, req->q);
  /* the form of the home page: Bootstrap Italia's field and button */
  e |= sila_buf_puts(out, "\"> <button class=\"btn btn-primary\" type=\"submit\">Cerca</button>"
                          "</div><p id=\"q-help\" class=\"mt-1\"><small>Parole (tutte), <code>castel*</code> per "
                          "l'inizio di una parola, <code>\"castello svevo\"</code> per una frase, "
                          "<code>OR</code>, <code>-parola</code> per escluderla. Maiuscole, "
                          "accenti e forme (castello, castelli) non contano.</small></p></form>\n");
  if (has_q && *status != 200) {
    e |= sila_buf_puts(out, "<div role=\"alert\" id=\"errore\"><p>");
    if (*status == 503) {
      e |= sila_buf_puts(out, "L'indice di ricerca non è ancora pronto.</p>\n");
    } else {
      SilaBuf it = SILA_BUF_INIT;
      e |= problem_italian(&it, req->q, &why);
      e |= ld_esc(out, it.data ? it.data : "", it.len);
      sila_buf_free(&it);
      e |= sila_buf_puts(out, "</p>\n");
      if (why.code != SILA_TEXT_PROBLEM_NOTHING && why.code != SILA_TEXT_PROBLEM_SHORT_PREFIX &&
          why.code != SILA_TEXT_PROBLEM_TOO_LONG)
        e |= problem_spot(out, req->q, why.offset);
    }
    e |= sila_buf_puts(out, "</div>\n");
  } else if (has_q) {
    e |= sila_buf_puts(out, "<h2 id=\"risultati\">Risultati per «");
    e |= ld_escs(out, req->q);
    e |= sila_buf_printf(out, "»: %zu%s</h2>\n", kept, truncated ? " (i più pertinenti)" : "");
    if ((req->type && *req->type) || (req->dataset && *req->dataset)) {
      e |= sila_buf_puts(out, "<p>Filtrati. <a href=\"");
      e |= search_href(out, req, NULL, NULL, 0);
      e |= sila_buf_puts(out, "\">Togli i filtri</a></p>\n");
    }
    if (kept) {
      e |= sila_buf_puts(out, "<div class=\"facets\">\n");
      e |= facet_html(out, txn, req, "Per tipo", "facet-tipo", &types, true);
      e |= facet_html(out, txn, req, "Per dataset", "facet-dataset", &sets, false);
      e |= sila_buf_puts(out, "</div>\n");
      e |= sila_buf_printf(out, "<ol class=\"results\" start=\"%llu\">\n",
                           (unsigned long long)from + 1);
      for (uint64_t i = from; i < to; i++) {
        SilaTerm t, label;
        char tb[SILA_TERM_BUF], lb[SILA_TERM_BUF];
        const char *s;
        size_t n;
        if (!term_text(txn, hits[i].subject, &t, tb))
          continue;
        char *iri = t.kind == SILA_TERM_IRI ? strndup(t.value, t.value_len) : NULL;
        hit_title(txn, &hits[i], &label, lb, &s, &n);
        e |= sila_buf_puts(out, "<li><h3 class=\"result-title\">");
        if (iri)
          e |= ld_link_iri(out, base, iri, strlen(iri), n ? s : iri, n ? n : strlen(iri));
        else
          e |= ld_esc(out, s, n);
        if (hits[i].vocabulary) /* after the data, not hidden */
          e |= sila_buf_puts(out, " <span class=\"badge vocabolario\" title=\"Termine di "
                                  "un'ontologia o di un vocabolario controllato\">"
                                  "Vocabolario</span>");
        e |= sila_buf_puts(out, "</h3>\n<p class=\"snippet\">");
        e |= hit_snippet(txn, tq, &hits[i], out) != SILA_OK;
        e |= sila_buf_puts(out, "</p>\n<p><small>");
        SilaId ty[8];
        size_t nt = subject_types(txn, hits[i].subject, rdf_type, ty, 3);
        for (size_t k = 0; k < nt; k++) {
          SilaTerm tl;
          char tlb[SILA_TERM_BUF];
          const char *ts;
          size_t tn;
          display_name(txn, ty[k], &tl, tlb, &ts, &tn);
          e |= (k ? sila_buf_puts(out, ", ") : 0) || ld_esc(out, ts, tn);
        }
        SilaTerm gl;
        char glb[SILA_TERM_BUF];
        const char *gs;
        size_t gn;
        display_name(txn, hits[i].graph, &gl, glb, &gs, &gn);
        if (gn)
          e |= sila_buf_puts(out, nt ? " · dataset: " : "dataset: ") || ld_esc(out, gs, gn);
        e |= sila_buf_puts(out, "</small></p></li>\n");
        free(iri);
      }
      e |= sila_buf_puts(out, "</ol>\n");
      if (from > 0 || to < kept) {
        e |= sila_buf_puts(out, "<nav aria-label=\"Pagine dei risultati\"><p>");
        if (from > 0) {
          e |= sila_buf_puts(out, "<a rel=\"prev\" href=\"");
          e |= search_href(out, req, req->type, req->dataset, from > PAGE ? from - PAGE : 0);
          e |= sila_buf_puts(out, "\">« Precedenti</a> ");
        }
        if (to < kept) {
          e |= sila_buf_puts(out, "<a rel=\"next\" href=\"");
          e |= search_href(out, req, req->type, req->dataset, from + PAGE);
          e |= sila_buf_puts(out, "\">Successivi »</a>");
        }
        e |= sila_buf_puts(out, "</p></nav>\n");
      }
    } else {
      e |= sila_buf_puts(out, "<p>Nessun risultato. Prova con meno parole o con l'inizio di una "
                              "parola seguito da <code>*</code>.</p>\n");
    }
  }
  e |= ld_page_end(out);
done:
  sila_text_query_free(tq);
  free(hits);
  free(types.f);
  free(sets.f);
  if (st != SILA_OK)
    return st;
  return e ? SILA_ERR_NOMEM : SILA_OK;
}
