/* ld_html_related.c — "everything in the portal about this": on the page of
 * a resource that stands for others (owl:sameAs, either direction: a
 * regional municipality and its national IRI), the resources of every
 * dataset that refer to any of them, grouped by dataset and type, paged
 * like the incoming links (?in=N).  A municipality so reaches the events,
 * procurements and public bodies that name only its national IRI. */
#include <stdlib.h>
#include <string.h>

#include "ld_html.h"

#define RELATED_PAGE 100
#define RELATED_MAX 20000 /* references collected at most */

typedef struct {
  SilaId g, type, s, p;
  const char *key; /* graph title \x01 type title: the group's sort key (borrowed) */
} Ref;

/* Groups sort by their titles; within a group resources keep store order
 * (titles are computed only for the page shown: a municipality may have
 * thousands of referrers). */
static int ref_cmp(const void *a, const void *b) {
  const Ref *x = a, *y = b;
  int c = strcmp(x->key, y->key);
  return c ? c : (x->s > y->s) - (x->s < y->s);
}

typedef struct {
  SilaId g, type;
  char *key;
} Group;

static int title_of(SilaTxn *txn, const char *base, SilaId id, SilaBuf *out) {
  SilaTerm t;
  char tb[SILA_TERM_BUF];
  if (id == SILA_ID_ANY || id == SILA_ID_DEFAULT_GRAPH || sila_txn_term(txn, id, &t, tb) != SILA_OK)
    return 0;
  if (t.kind != SILA_TERM_IRI)
    return 0;
  return ld_title(txn, base, id, t.value, t.value_len, out);
}

/* The resources `id` stands for: itself and its owl:sameAs, one hop. */
static size_t same_set(SilaTxn *txn, SilaId id, SilaId *set, size_t cap) {
  size_t n = 0;
  set[n++] = id;
  SilaId same = ld_iri_id(txn, LD_OWL_SAMEAS);
  if (same == SILA_ID_ANY)
    return n;
  for (int dir = 0; dir < 2; dir++) {
    SilaIdQuad pat = {dir ? 0 : id, same, dir ? id : 0, 0}, q;
    SilaScan *sc = NULL;
    if (sila_scan_open(txn, &pat, SILA_SCAN_DISTINCT_TRIPLES, &sc) != SILA_OK)
      continue;
    while (n < cap && sila_scan_next(sc, &q) == 1) {
      SilaId o = dir ? q.s : q.o;
      bool have = false;
      for (size_t i = 0; i < n; i++)
        have |= set[i] == o;
      if (!have && sila_id_tag(o) == SILA_TAG_IRI)
        set[n++] = o;
    }
    sila_scan_free(sc);
  }
  return n;
}

int ld_html_related(SilaBuf *out, SilaTxn *txn, const char *base, SilaId id, uint64_t offset) {
  SilaId set[16];
  size_t ns = same_set(txn, id, set, 16);
  if (ns < 2)
    return 0; /* stands for nothing else: the incoming links say it all */
  SilaId same = ld_iri_id(txn, LD_OWL_SAMEAS), type_p = ld_iri_id(txn, LD_RDF_TYPE);
  Ref *refs = NULL;
  Group *groups = NULL;
  size_t n = 0, cap = 0, ngroups = 0;
  LdIdSet seen = {0};
  int e = 0;
  for (size_t k = 0; !e && k < ns; k++) {
    SilaIdQuad pat = {0, 0, set[k], 0}, q;
    SilaScan *sc = NULL;
    if (sila_scan_open(txn, &pat, 0, &sc) != SILA_OK)
      continue;
    while (!e && n < RELATED_MAX && sila_scan_next(sc, &q) == 1) {
      bool self = false;
      for (size_t i = 0; i < ns; i++)
        self |= q.s == set[i];
      if (self || q.p == same || q.p == type_p || sila_id_tag(q.s) != SILA_TAG_IRI)
        continue;
      if (ld_idset_add(&seen, q.s) != 1)
        continue; /* each resource once */
      if (n == cap) {
        cap = cap ? cap * 2 : 64;
        Ref *m = realloc(refs, cap * sizeof *m);
        if (!m) {
          e = -1;
          break;
        }
        refs = m;
      }
      Ref r = {q.g, SILA_ID_ANY, q.s, q.p, NULL};
      SilaIdQuad tp = {q.s, type_p, 0, 0}, tq;
      SilaScan *ts = NULL;
      if (type_p != SILA_ID_ANY && sila_scan_open(txn, &tp, 0, &ts) == SILA_OK) {
        if (sila_scan_next(ts, &tq) == 1)
          r.type = tq.o;
        sila_scan_free(ts);
      }
      size_t gi = 0;
      while (gi < ngroups && (groups[gi].g != r.g || groups[gi].type != r.type))
        gi++;
      if (gi == ngroups) { /* a new (dataset, type) group: its titles once */
        Group *ng = realloc(groups, (ngroups + 1) * sizeof *ng);
        if (!ng) {
          e = -1;
          break;
        }
        groups = ng;
        SilaBuf key = SILA_BUF_INIT;
        e |= title_of(txn, base, r.g, &key);
        e |= sila_buf_putc(&key, '\x01');
        e |= title_of(txn, base, r.type, &key);
        e |= sila_buf_putc(&key, '\0');
        groups[ngroups++] = (Group){r.g, r.type, key.data};
        if (e)
          break;
      }
      r.key = groups[gi].key;
      refs[n++] = r;
    }
    sila_scan_free(sc);
  }
  ld_idset_free(&seen);
  if (!e && n) {
    qsort(refs, n, sizeof *refs, ref_cmp);
    e |= sila_buf_printf(out, "<h2 id=\"correlati\">Tutti i dati collegati</h2>\n<p>%zu risorse "
                              "del portale rimandano a questa risorsa o agli IRI che "
                              "rappresenta (owl:sameAs), per dataset e tipo.</p>\n", n);
    SilaId g = SILA_ID_ANY - 1, type = SILA_ID_ANY - 1;
    bool open = false;
    for (size_t i = offset; i < n && i < offset + RELATED_PAGE; i++) {
      Ref *r = &refs[i];
      if (r->g != g) {
        if (open)
          e |= sila_buf_puts(out, "</ul>\n");
        open = false;
        e |= sila_buf_puts(out, "<h3>");
        SilaTerm gt;
        char gb[SILA_TERM_BUF];
        if (r->g != SILA_ID_DEFAULT_GRAPH && sila_txn_term(txn, r->g, &gt, gb) == SILA_OK) {
          SilaBuf gtitle = SILA_BUF_INIT;
          e |= title_of(txn, base, r->g, &gtitle);
          e |= ld_link_iri(out, base, gt.value, gt.value_len, gtitle.data, gtitle.len);
          sila_buf_free(&gtitle);
        } else {
          e |= sila_buf_puts(out, "Grafo predefinito");
        }
        e |= sila_buf_puts(out, "</h3>\n");
        g = r->g;
        type = SILA_ID_ANY - 1;
      }
      if (r->type != type) {
        if (open)
          e |= sila_buf_puts(out, "</ul>\n");
        e |= sila_buf_puts(out, "<h4>");
        SilaBuf tt = SILA_BUF_INIT;
        if (r->type != SILA_ID_ANY)
          e |= title_of(txn, base, r->type, &tt);
        e |= tt.len ? ld_esc(out, tt.data, tt.len) : sila_buf_puts(out, "Senza tipo");
        sila_buf_free(&tt);
        e |= sila_buf_puts(out, "</h4>\n<ul>\n");
        open = true;
        type = r->type;
      }
      SilaTerm s, p;
      char sb[SILA_TERM_BUF], pb[SILA_TERM_BUF];
      e |= sila_buf_puts(out, "<li>");
      if (sila_txn_term(txn, r->s, &s, sb) == SILA_OK)
        e |= ld_term_html(out, txn, base, r->s, &s);
      if (sila_txn_term(txn, r->p, &p, pb) == SILA_OK) {
        e |= sila_buf_puts(out, " <small>(");
        e |= ld_pred_html(out, txn, r->p, &p);
        e |= sila_buf_puts(out, ")</small>");
      }
      e |= sila_buf_puts(out, "</li>\n");
    }
    if (open)
      e |= sila_buf_puts(out, "</ul>\n");
    if (offset > 0 || offset + RELATED_PAGE < n) {
      e |= sila_buf_puts(out, "<nav aria-label=\"Pagine dei dati collegati\"><p>");
      if (offset > 0)
        e |= sila_buf_printf(out, "<a href=\"?in=%llu#correlati\">« Precedenti</a> ",
                             (unsigned long long)(offset > RELATED_PAGE ? offset - RELATED_PAGE
                                                                        : 0));
      if (offset + RELATED_PAGE < n)
        e |= sila_buf_printf(out, "<a href=\"?in=%llu#correlati\">Successivi »</a>",
                             (unsigned long long)(offset + RELATED_PAGE));
      e |= sila_buf_puts(out, "</p></nav>\n");
    }
  }
  for (size_t i = 0; i < ngroups; i++)
    free(groups[i].key);
  free(groups);
  free(refs);
  return e;
}
