/* ld_label.c — what a page calls a thing.
 *
 * The fallback chain (documented in README "Linked data"):
 *  1. a label property, Italian first (then English, then no language, then
 *     any; between properties of one language, the order below):
 *       rdfs:label, skos:prefLabel, l0:name, dct:title, foaf:name,
 *       poi:POIofficialName, cis:institutionalCISName, cpev:eventTitle,
 *       cov:legalName, then every property the store declares
 *       rdfs:subPropertyOf (transitively) rdfs:label, skos:prefLabel or
 *       l0:name (the national ontologies' naming properties: see
 *       vocabularies/naming-properties.ttl), acronyms last;
 *  2. the same for the resources it is owl:sameAs with (either direction):
 *     a regional IRI and the national IRI it stands for share a name;
 *  3. (ld_title) a title from its type and key: the label of its rdf:type
 *     (or its IRI's concept segment) and its dimensions (Data Cube
 *     observations: "Osservazione — Cosenza, 2023") or its IRI's last
 *     segment ("Tipologia struttura — Albergo"). */
#include <stdlib.h>
#include <string.h>

#include "ld_internal.h"

#define LD_OWL_NS "http://www.w3.org/2002/07/owl#"
#define SDMX_DIM "http://purl.org/linked-data/sdmx/2009/dimension#"

/* The fixed part of the chain, in order. */
const char *const ld_label_predicates[] = {LD_RDFS "label",
                                           LD_SKOS "prefLabel",
                                           LD_L0 "name",
                                           LD_DCT "title",
                                           LD_FOAF "name",
                                           "https://w3id.org/italia/onto/POI/POIofficialName",
                                           "http://dati.beniculturali.it/cis/institutionalCISName",
                                           "https://w3id.org/italia/onto/CPEV/eventTitle",
                                           "https://w3id.org/italia/onto/COV/legalName",
                                           NULL};
#define N_FIXED (sizeof ld_label_predicates / sizeof ld_label_predicates[0] - 1)
#define MAX_PREDS 64

typedef struct {
  SilaId ids[MAX_PREDS];
  size_t n;
} PredList;

static bool pred_listed(const PredList *l, SilaId id) {
  for (size_t i = 0; i < l->n; i++)
    if (l->ids[i] == id)
      return true;
  return false;
}

static bool is_acronym(SilaTxn *txn, SilaId p) {
  SilaTerm t;
  char tb[SILA_TERM_BUF];
  if (sila_txn_term(txn, p, &t, tb) != SILA_OK)
    return false;
  for (size_t i = 0; i + 6 <= t.value_len; i++)
    if (!strncmp(t.value + i, "cronym", 6))
      return true;
  return false;
}

/* The label predicates of this store: the fixed ones, then the derived
 * sub-properties (breadth first from the three roots), acronyms last. */
static void label_preds(SilaTxn *txn, PredList *l) {
  l->n = 0;
  for (size_t i = 0; i < N_FIXED; i++) {
    SilaId p = ld_iri_id(txn, ld_label_predicates[i]);
    if (p != SILA_ID_ANY && !pred_listed(l, p))
      l->ids[l->n++] = p;
  }
  SilaId sub = ld_iri_id(txn, LD_RDFS "subPropertyOf");
  if (sub == SILA_ID_ANY)
    return;
  SilaId queue[MAX_PREDS], acr[MAX_PREDS];
  size_t qn = 0, an = 0;
  const char *roots[] = {LD_RDFS "label", LD_SKOS "prefLabel", LD_L0 "name"};
  for (size_t i = 0; i < 3; i++) {
    SilaId r = ld_iri_id(txn, roots[i]);
    if (r != SILA_ID_ANY)
      queue[qn++] = r;
  }
  for (size_t k = 0; k < qn; k++) {
    SilaIdQuad pat = {0, sub, queue[k], 0}, q;
    SilaScan *sc = NULL;
    if (sila_scan_open(txn, &pat, SILA_SCAN_DISTINCT_TRIPLES, &sc) != SILA_OK)
      continue;
    while (sila_scan_next(sc, &q) == 1) {
      if (sila_id_tag(q.s) != SILA_TAG_IRI || pred_listed(l, q.s) || l->n + an >= MAX_PREDS)
        continue;
      bool queued = false;
      for (size_t j = 0; j < qn; j++)
        queued |= queue[j] == q.s;
      for (size_t j = 0; j < an; j++)
        queued |= acr[j] == q.s;
      if (queued)
        continue;
      if (qn < MAX_PREDS)
        queue[qn++] = q.s;
      if (is_acronym(txn, q.s))
        acr[an++] = q.s;
      else
        l->ids[l->n++] = q.s;
    }
    sila_scan_free(sc);
  }
  for (size_t j = 0; j < an && l->n < MAX_PREDS; j++)
    l->ids[l->n++] = acr[j];
}

/* Rank of a label's language: lower is better. */
static int lang_rank(const SilaTerm *t) {
  if (!t->lang)
    return 2;
  if (sila_lang_equal(t->lang, t->lang_len, "it", 2))
    return 0;
  if (sila_lang_equal(t->lang, t->lang_len, "en", 2))
    return 1;
  if (t->lang_len > 3 && (t->lang[0] | 32) == 'i' && (t->lang[1] | 32) == 't' && t->lang[2] == '-')
    return 0;
  if (t->lang_len > 3 && (t->lang[0] | 32) == 'e' && (t->lang[1] | 32) == 'n' && t->lang[2] == '-')
    return 1;
  return 3;
}

/* Best label among id's own triples: one scan of its outgoing triples.
 * *best is rank * MAX_PREDS + predicate position (lower is better); the
 * predicate of the best one goes to *pred when not NULL. */
static void own_label_pred(SilaTxn *txn, const PredList *l, SilaId id, SilaId g, int *best,
                           SilaTerm *out, char *buf, SilaId *pred);

static void own_label(SilaTxn *txn, const PredList *l, SilaId id, int *best, SilaTerm *out,
                      char *buf) {
  own_label_pred(txn, l, id, SILA_ID_ANY, best, out, buf, NULL);
}

SilaId ld_label_predicate(SilaTxn *txn, SilaId id, SilaId g) {
  PredList l;
  label_preds(txn, &l);
  int best = 1 << 30;
  SilaTerm t;
  char tb[SILA_TERM_BUF];
  SilaId p = SILA_ID_ANY;
  own_label_pred(txn, &l, id, g, &best, &t, tb, &p);
  return p;
}

static void own_label_pred(SilaTxn *txn, const PredList *l, SilaId id, SilaId g, int *best,
                           SilaTerm *out, char *buf, SilaId *pred) {
  SilaIdQuad pat = {id, 0, 0, g}, q;
  SilaScan *sc = NULL;
  if (sila_scan_open(txn, &pat, g == SILA_ID_ANY ? SILA_SCAN_DISTINCT_TRIPLES : 0, &sc) != SILA_OK)
    return;
  while (sila_scan_next(sc, &q) == 1) {
    size_t pos = 0;
    while (pos < l->n && l->ids[pos] != q.p)
      pos++;
    if (pos == l->n || sila_id_tag(q.o) == SILA_TAG_IRI || sila_id_tag(q.o) == SILA_TAG_BLANK)
      continue;
    SilaTerm t;
    char tb[SILA_TERM_BUF];
    if (sila_txn_term(txn, q.o, &t, tb) != SILA_OK || t.kind != SILA_TERM_LITERAL ||
        !t.value_len)
      continue;
    int r = lang_rank(&t) * MAX_PREDS + (int)pos;
    if (r < *best) {
      *best = r;
      *out = t;
      if (pred)
        *pred = q.p;
      if (t.value >= tb && t.value < tb + SILA_TERM_BUF) { /* inline: keep it in buf */
        memcpy(buf, tb, SILA_TERM_BUF);
        out->value = buf + (t.value - tb);
      }
    }
  }
  sila_scan_free(sc);
}

bool ld_best_label(SilaTxn *txn, SilaId id, SilaTerm *out, char *buf) {
  if (sila_id_tag(id) != SILA_TAG_IRI && sila_id_tag(id) != SILA_TAG_BLANK)
    return false;
  PredList l;
  label_preds(txn, &l);
  int best = 1 << 30;
  own_label(txn, &l, id, &best, out, buf);
  if (best < (1 << 30))
    return true;
  /* 2. the resources it is owl:sameAs with, both directions, one hop */
  SilaId same = ld_iri_id(txn, LD_OWL_SAMEAS);
  if (same == SILA_ID_ANY || sila_id_tag(id) != SILA_TAG_IRI)
    return false;
  for (int dir = 0; dir < 2 && best >= (1 << 30); dir++) {
    SilaIdQuad pat = {dir ? 0 : id, same, dir ? id : 0, 0}, q;
    SilaScan *sc = NULL;
    if (sila_scan_open(txn, &pat, SILA_SCAN_DISTINCT_TRIPLES, &sc) != SILA_OK)
      continue;
    while (sila_scan_next(sc, &q) == 1) {
      SilaId other = dir ? q.s : q.o;
      if (other != id && sila_id_tag(other) == SILA_TAG_IRI)
        own_label(txn, &l, other, &best, out, buf);
    }
    sila_scan_free(sc);
  }
  return best < (1 << 30);
}

/* Appends a readable form of an IRI segment: percent-decoded, '-' and '_'
 * as spaces, the first letter upper case when `capital`. */
static int human_segment(SilaBuf *out, const char *s, size_t len, bool capital) {
  SilaBuf d = SILA_BUF_INIT;
  int e = ld_percent_decode(s, len, &d);
  for (size_t i = 0; !e && i < d.len; i++) {
    char c = d.data[i] == '-' || d.data[i] == '_' ? ' ' : d.data[i];
    if (i == 0 && capital && c >= 'a' && c <= 'z')
      c = (char)(c - 32);
    e |= sila_buf_putc(out, c);
  }
  sila_buf_free(&d);
  return e;
}

/* The local name of an IRI (after the last '#' or '/'). */
static const char *local_name(const char *iri, size_t len, size_t *n) {
  size_t i = len;
  while (i > 0 && iri[i - 1] != '#' && iri[i - 1] != '/')
    i--;
  *n = len - i;
  return iri + i;
}

int ld_title(SilaTxn *txn, const char *base, SilaId id, const char *iri, size_t ilen,
             SilaBuf *out) {
  SilaTerm t;
  char tb[SILA_TERM_BUF];
  if (id != SILA_ID_ANY && ld_best_label(txn, id, &t, tb))
    return sila_buf_append(out, t.value, t.value_len);
  base = ld_base(base);
  size_t bl = strlen(base);
  int e = 0;
  /* the type */
  SilaId type_p = ld_iri_id(txn, LD_RDF_TYPE);
  bool typed = false;
  if (id != SILA_ID_ANY && type_p != SILA_ID_ANY) {
    SilaIdQuad pat = {id, type_p, 0, 0}, q;
    SilaScan *sc = NULL;
    if (sila_scan_open(txn, &pat, SILA_SCAN_DISTINCT_TRIPLES, &sc) == SILA_OK) {
      if (sila_scan_next(sc, &q) == 1) {
        SilaTerm ty;
        char yb[SILA_TERM_BUF];
        if (ld_best_label(txn, q.o, &t, tb)) {
          e |= sila_buf_append(out, t.value, t.value_len);
          typed = true;
        } else if (sila_txn_term(txn, q.o, &ty, yb) == SILA_OK && ty.kind == SILA_TERM_IRI) {
          size_t n;
          const char *ln = local_name(ty.value, ty.value_len, &n);
          e |= human_segment(out, ln, n, true);
          typed = n > 0;
        }
      }
      sila_scan_free(sc);
    }
  }
  /* the key: under {base}/id/{concept}/{key} */
  const char *key = NULL, *concept = NULL;
  size_t klen = 0, clen = 0;
  if (ilen > bl + 4 && !strncmp(iri, base, bl) && !strncmp(iri + bl, "/id/", 4)) {
    concept = iri + bl + 4;
    const char *slash = memchr(concept, '/', ilen - bl - 4);
    if (slash) {
      clen = (size_t)(slash - concept);
      key = slash + 1;
      klen = ilen - (size_t)(key - iri);
    }
  }
  if (!typed && concept && clen) {
    e |= human_segment(out, concept, clen, true);
    typed = true;
  }
  if (!typed) { /* not ours, no type: the IRI's last segment, or the IRI */
    size_t n;
    const char *ln = local_name(iri, ilen, &n);
    return e | (n ? human_segment(out, ln, n, true) : sila_buf_append(out, iri, ilen));
  }
  /* the dimensions of an observation (sdmx-dimension:*), by label or value */
  size_t parts = 0;
  if (id != SILA_ID_ANY) {
    SilaIdQuad pat = {id, 0, 0, 0}, q;
    SilaScan *sc = NULL;
    if (sila_scan_open(txn, &pat, SILA_SCAN_DISTINCT_TRIPLES, &sc) == SILA_OK) {
      while (parts < 3 && sila_scan_next(sc, &q) == 1) {
        SilaTerm p, o;
        char pb[SILA_TERM_BUF], ob[SILA_TERM_BUF];
        if (sila_txn_term(txn, q.p, &p, pb) != SILA_OK || p.value_len <= strlen(SDMX_DIM) ||
            strncmp(p.value, SDMX_DIM, strlen(SDMX_DIM)) ||
            sila_txn_term(txn, q.o, &o, ob) != SILA_OK)
          continue;
        e |= sila_buf_puts(out, parts++ ? ", " : " — ");
        if (o.kind == SILA_TERM_IRI && ld_best_label(txn, q.o, &t, tb)) {
          e |= sila_buf_append(out, t.value, t.value_len);
        } else if (o.kind == SILA_TERM_LITERAL) {
          /* a date of a year's end or start as its year (the period an annual
             statistic is about); any other date, e.g. of a daily series, whole */
          bool date = o.datatype && (sila_iri_is(o.datatype, o.datatype_len, SILA_NS_XSD "date") ||
                                     sila_iri_is(o.datatype, o.datatype_len, SILA_NS_XSD "gYear"));
          bool yearly = date && (o.value_len < 10 || !strncmp(o.value + 4, "-12-31", 6) ||
                                 !strncmp(o.value + 4, "-01-01", 6));
          e |= sila_buf_append(out, o.value, yearly && o.value_len >= 4 ? 4 : o.value_len);
        } else {
          size_t n;
          const char *ln = local_name(o.value, o.value_len, &n);
          e |= human_segment(out, ln, n, false);
        }
      }
      sila_scan_free(sc);
    }
  }
  if (!parts && key && klen) {
    e |= sila_buf_puts(out, " — ");
    e |= human_segment(out, key, klen, false);
  }
  return e;
}
