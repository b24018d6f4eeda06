/* sila_plan.c — the release plan in the graph {base}/piano (sila_plan.h). */
#define _GNU_SOURCE /* asprintf, strndup */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sila_plan.h"

#define CAL "https://dati.calabria.it/onto/"
#define DCT "http://purl.org/dc/terms/"
#define DCAT "http://www.w3.org/ns/dcat#"
#define RDF_TYPE SILA_NS_RDF "type"
#define XSD_DATE SILA_NS_XSD "date"
#define XSD_INTEGER SILA_NS_XSD "integer"

static const char *const status_iri[] = {CAL "statoPianificato", CAL "statoInCorso",
                                         CAL "statoPubblicato", CAL "statoAbbandonato"};
static const char *const status_names[] = {"planned", "in progress", "published", "dropped"};
static const char *const status_it[] = {"previsto", "in lavorazione", "pubblicato",
                                        "abbandonato"};

const char *sila_plan_status_name(SilaPlanStatus s) {
  return s <= SILA_PLAN_DROPPED ? status_names[s] : "?";
}
const char *sila_plan_status_it(SilaPlanStatus s) {
  return s <= SILA_PLAN_DROPPED ? status_it[s] : "?";
}

bool sila_plan_status_parse(const char *s, SilaPlanStatus *out) {
  if (!s)
    return false;
  for (int i = 0; i <= SILA_PLAN_DROPPED; i++)
    if (!strcmp(s, status_names[i]) || !strcmp(s, status_it[i])) {
      *out = (SilaPlanStatus)i;
      return true;
    }
  if (!strcmp(s, "in-progress") || !strcmp(s, "in_progress")) {
    *out = SILA_PLAN_IN_PROGRESS;
    return true;
  }
  return false;
}

bool sila_plan_date_ok(const char *s) {
  if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
    return false;
  for (int i = 0; i < 10; i++)
    if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
      return false;
  int m = atoi(s + 5), d = atoi(s + 8);
  return m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

bool sila_plan_id_ok(const char *s) {
  size_t n = s ? strlen(s) : 0;
  if (n == 0 || n > SILA_PLAN_ID_MAX || s[0] == '-')
    return false;
  for (size_t i = 0; i < n; i++)
    if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '-'))
      return false;
  return true;
}

bool sila_plan_is_late(const SilaPlanItem *it, const char *today) {
  return (it->status == SILA_PLAN_PLANNED || it->status == SILA_PLAN_IN_PROGRESS) &&
         it->planned[0] && strcmp(it->planned, today) < 0;
}

char *sila_plan_graph(const char *base) {
  char *g;
  return asprintf(&g, "%s/piano", base) < 0 ? NULL : g;
}

/* ---- writing ------------------------------------------------------------- */

typedef struct {
  SilaTxn *txn;
  SilaId g, s;
  SilaStatus st;
} Writer;

static SilaId intern(Writer *w, const SilaTerm *t) {
  SilaId id = 0;
  if (w->st == SILA_OK)
    w->st = sila_txn_intern(w->txn, t, &id);
  return id;
}

/* Replaces the values of (s, p) in the plan graph by `o` (NULL = none). */
static void set_term(Writer *w, const char *pred, const SilaTerm *o) {
  if (w->st)
    return;
  SilaTerm pt = sila_term_iri(pred);
  SilaId p = intern(w, &pt);
  if (w->st)
    return;
  SilaIdQuad pat = {w->s, p, SILA_ID_ANY, w->g};
  for (;;) { /* remove the old values one by one (a scan must not see its own writes) */
    SilaScan *sc;
    if ((w->st = sila_scan_open(w->txn, &pat, 0, &sc)))
      return;
    SilaIdQuad q;
    int r = sila_scan_next(sc, &q);
    sila_scan_free(sc);
    if (r < 0) {
      w->st = (SilaStatus)r;
      return;
    }
    if (r == 0)
      break;
    if ((w->st = sila_txn_remove(w->txn, &q)))
      return;
  }
  if (!o)
    return;
  SilaIdQuad q = {w->s, p, intern(w, o), w->g};
  if (w->st == SILA_OK) {
    SilaStatus st = sila_txn_add(w->txn, &q);
    w->st = st == SILA_ERR_EXISTS ? SILA_OK : st;
  }
}

static void set_lit(Writer *w, const char *pred, const char *value, const char *dt,
                    const char *lang) {
  if (!value || !*value) {
    set_term(w, pred, NULL);
    return;
  }
  SilaTerm t = sila_term_literal(value, dt, lang);
  if (!sila_term_storable(&t)) {
    w->st = SILA_ERR_INVALID;
    return;
  }
  set_term(w, pred, &t);
}

static void set_iri(Writer *w, const char *pred, const char *iri) {
  if (!iri) {
    set_term(w, pred, NULL);
    return;
  }
  SilaTerm t = sila_term_iri(iri);
  set_term(w, pred, &t);
}

static void add_link(Writer *w, SilaId s, const char *pred, const char *obj) {
  SilaTerm pt = sila_term_iri(pred), ot = sila_term_iri(obj);
  SilaIdQuad q = {s, intern(w, &pt), intern(w, &ot), w->g};
  if (w->st == SILA_OK) {
    SilaStatus st = sila_txn_add(w->txn, &q);
    w->st = st == SILA_ERR_EXISTS ? SILA_OK : st;
  }
}

static char *item_iri(const char *base, const char *id) {
  char *s;
  return asprintf(&s, "%s/piano/%s", base, id) < 0 ? NULL : s;
}

/* Opens the write transaction and finds (or, with create, makes) the
 * graph and the item's subject; *exists tells whether the item is there. */
static SilaStatus begin(SilaStore *store, const char *base, const char *id, Writer *w,
                        bool *exists) {
  memset(w, 0, sizeof *w);
  char *g = sila_plan_graph(base), *s = item_iri(base, id);
  SilaStatus st = g && s ? sila_txn_begin_write(store, 0, &w->txn) : SILA_ERR_NOMEM;
  if (st == SILA_OK) {
    SilaTerm gt = sila_term_iri(g), stt = sila_term_iri(s);
    w->g = intern(w, &gt);
    w->s = intern(w, &stt);
    SilaTerm tt = sila_term_iri(RDF_TYPE), ct = sila_term_iri(CAL "DatasetPianificato");
    SilaIdQuad q = {w->s, intern(w, &tt), intern(w, &ct), w->g};
    *exists = w->st == SILA_OK && sila_txn_count(w->txn, &q, 1) > 0;
    st = w->st;
    if (st) {
      sila_txn_abort(w->txn);
      w->txn = NULL;
    }
  }
  free(g);
  free(s);
  return st;
}

static SilaStatus finish(Writer *w, SilaError *err) {
  if (w->st) {
    sila_txn_abort(w->txn);
    return sila_error_set(err, w->st, 0, 0, "writing the plan failed: %s", sila_strerror(w->st));
  }
  SilaStatus st = sila_txn_commit(w->txn);
  if (st)
    return sila_error_set(err, st, 0, 0, "commit failed: %s", sila_strerror(st));
  return SILA_OK;
}

static SilaStatus check_fields(const SilaPlanItem *it, bool all, SilaError *err) {
  if (all && (!it->title || !*it->title))
    return sila_error_set(err, SILA_ERR_INVALID, 0, 0, "a planned dataset needs a title");
  if (all && (!it->office || !*it->office))
    return sila_error_set(err, SILA_ERR_INVALID, 0, 0, "a planned dataset needs an office");
  if ((all || it->planned[0]) && !sila_plan_date_ok(it->planned))
    return sila_error_set(err, SILA_ERR_INVALID, 0, 0,
                          "the planned date must be YYYY-MM-DD (got '%s')", it->planned);
  if ((all || it->priority) && (it->priority < 1 || it->priority > 3))
    return sila_error_set(err, SILA_ERR_INVALID, 0, 0,
                          "the priority must be 1 (high), 2 (medium) or 3 (low)");
  return SILA_OK;
}

static void write_fields(Writer *w, const SilaPlanItem *it) {
  if (it->title)
    set_lit(w, DCT "title", it->title, NULL, "it");
  if (it->description)
    set_lit(w, DCT "description", it->description, NULL, "it");
  if (it->office)
    set_lit(w, CAL "ufficio", it->office, NULL, NULL);
  if (it->priority) {
    char p[8];
    snprintf(p, sizeof p, "%d", it->priority);
    set_lit(w, CAL "priorita", p, XSD_INTEGER, NULL);
  }
  if (it->planned[0])
    set_lit(w, CAL "dataPrevista", it->planned, XSD_DATE, NULL);
}

SilaStatus sila_plan_add(SilaStore *store, const char *base, const SilaPlanItem *item,
                         const char *today, SilaError *err) {
  if (!sila_plan_id_ok(item->id))
    return sila_error_set(err, SILA_ERR_INVALID, 0, 0,
                          "the id '%s' must be 1-64 of a-z, 0-9 and '-'", item->id);
  SilaStatus st = check_fields(item, true, err);
  if (st)
    return st;
  Writer w;
  bool exists;
  if ((st = begin(store, base, item->id, &w, &exists)))
    return sila_error_set(err, st, 0, 0, "cannot write the plan: %s", sila_strerror(st));
  if (exists) {
    sila_txn_abort(w.txn);
    return sila_error_set(err, SILA_ERR_EXISTS, 0, 0, "the plan already has '%s'", item->id);
  }
  char *g = sila_plan_graph(base), *s = item_iri(base, item->id);
  if (!g || !s)
    w.st = SILA_ERR_NOMEM;
  if (!w.st) {
    SilaTerm gt = sila_term_iri(g);
    SilaId gid = intern(&w, &gt);
    add_link(&w, gid, RDF_TYPE, DCAT "Catalog");
    add_link(&w, gid, RDF_TYPE, CAL "PianoRilascio");
    add_link(&w, gid, CAL "elementoPiano", s);
  }
  free(g);
  free(s);
  set_iri(&w, RDF_TYPE, CAL "DatasetPianificato");
  set_lit(&w, DCT "identifier", item->id, NULL, NULL);
  write_fields(&w, item);
  set_lit(&w, DCT "created", today, XSD_DATE, NULL);
  set_iri(&w, CAL "statoPiano", status_iri[SILA_PLAN_PLANNED]);
  return finish(&w, err);
}

static SilaStatus open_existing(SilaStore *store, const char *base, const char *id, Writer *w,
                                SilaError *err) {
  if (!sila_plan_id_ok(id))
    return sila_error_set(err, SILA_ERR_NOT_FOUND, 0, 0, "no planned dataset '%s'", id);
  bool exists;
  SilaStatus st = begin(store, base, id, w, &exists);
  if (st)
    return sila_error_set(err, st, 0, 0, "cannot write the plan: %s", sila_strerror(st));
  if (!exists) {
    sila_txn_abort(w->txn);
    return sila_error_set(err, SILA_ERR_NOT_FOUND, 0, 0, "no planned dataset '%s'", id);
  }
  return SILA_OK;
}

SilaStatus sila_plan_update(SilaStore *store, const char *base, const char *id,
                            const SilaPlanItem *changes, bool set_status, SilaError *err) {
  SilaStatus st = check_fields(changes, false, err);
  if (st)
    return st;
  if (set_status && changes->status > SILA_PLAN_IN_PROGRESS)
    return sila_error_set(err, SILA_ERR_INVALID, 0, 0,
                          "use 'sila plan publish' or 'sila plan drop' for that status");
  Writer w;
  if ((st = open_existing(store, base, id, &w, err)))
    return st;
  write_fields(&w, changes);
  if (set_status) {
    set_iri(&w, CAL "statoPiano", status_iri[changes->status]);
    set_iri(&w, CAL "datasetRilasciato", NULL);
    set_lit(&w, CAL "dataRilascio", NULL, NULL, NULL);
    set_lit(&w, CAL "motivo", NULL, NULL, NULL);
  }
  return finish(&w, err);
}

SilaStatus sila_plan_publish(SilaStore *store, const char *base, const char *id,
                             const char *dataset_slug, const char *today, SilaError *err) {
  char *ds = NULL;
  if (!dataset_slug || !*dataset_slug || strchr(dataset_slug, '/') ||
      asprintf(&ds, "%s/set/%s", base, dataset_slug) < 0)
    return sila_error_set(err, SILA_ERR_INVALID, 0, 0, "bad dataset name");
  Writer w;
  SilaStatus st = open_existing(store, base, id, &w, err);
  if (st) {
    free(ds);
    return st;
  }
  SilaTerm dt = sila_term_iri(ds);
  SilaId did;
  if (sila_txn_lookup(w.txn, &dt, &did) != SILA_OK || !sila_txn_graph_exists(w.txn, did)) {
    sila_txn_abort(w.txn);
    st = sila_error_set(err, SILA_ERR_NOT_FOUND, 0, 0,
                        "no published dataset '%s' (graph %s is empty): publish it first",
                        dataset_slug, ds);
    free(ds);
    return st;
  }
  set_iri(&w, CAL "statoPiano", status_iri[SILA_PLAN_PUBLISHED]);
  set_iri(&w, CAL "datasetRilasciato", ds);
  set_lit(&w, CAL "dataRilascio", today, XSD_DATE, NULL);
  set_lit(&w, CAL "motivo", NULL, NULL, NULL);
  free(ds);
  return finish(&w, err);
}

SilaStatus sila_plan_drop(SilaStore *store, const char *base, const char *id, const char *reason,
                          SilaError *err) {
  if (!reason || !*reason)
    return sila_error_set(err, SILA_ERR_INVALID, 0, 0, "dropping needs a reason");
  Writer w;
  SilaStatus st = open_existing(store, base, id, &w, err);
  if (st)
    return st;
  set_iri(&w, CAL "statoPiano", status_iri[SILA_PLAN_DROPPED]);
  set_iri(&w, CAL "datasetRilasciato", NULL);
  set_lit(&w, CAL "motivo", reason, NULL, "it");
  return finish(&w, err);
}

/* ---- reading ------------------------------------------------------------- */

static void item_clear(SilaPlanItem *it) {
  free(it->title);
  free(it->description);
  free(it->office);
  free(it->dataset);
  free(it->reason);
}

static char *dup_term(const SilaTerm *t) { return strndup(t->value, t->value_len); }

static void copy_date(char dst[11], const SilaTerm *t) {
  snprintf(dst, 11, "%.*s", (int)(t->value_len < 10 ? t->value_len : 10), t->value);
}

static bool pred_is(const SilaTerm *p, const char *iri) {
  return p->value_len == strlen(iri) && !memcmp(p->value, iri, p->value_len);
}

static int cmp_items(const void *a, const void *b) {
  const SilaPlanItem *x = a, *y = b;
  int c = strcmp(x->planned, y->planned);
  return c ? c : strcmp(x->id, y->id);
}

SilaStatus sila_plan_list(SilaTxn *txn, const char *base, SilaPlanItem **out, size_t *n) {
  *out = NULL;
  *n = 0;
  char *g = sila_plan_graph(base);
  if (!g)
    return SILA_ERR_NOMEM;
  SilaTerm gt = sila_term_iri(g);
  SilaId gid;
  SilaStatus st = sila_txn_lookup(txn, &gt, &gid);
  free(g);
  if (st)
    return st == SILA_ERR_NOT_FOUND ? SILA_OK : st;
  size_t prefix_len = strlen(base) + strlen("/piano/");
  SilaPlanItem *items = NULL;
  size_t cap = 0, cnt = 0;
  SilaId cur = 0;
  SilaIdQuad pat = {SILA_ID_ANY, SILA_ID_ANY, SILA_ID_ANY, gid};
  SilaScan *sc;
  if ((st = sila_scan_open(txn, &pat, 0, &sc)))
    return st;
  SilaIdQuad q;
  int r;
  while ((r = sila_scan_next(sc, &q)) == 1) { /* GSPO: one subject's quads together */
    SilaTerm s, p, o;
    char sb[SILA_TERM_BUF], pb[SILA_TERM_BUF], ob[SILA_TERM_BUF];
    if (sila_txn_term(txn, q.s, &s, sb) || s.kind != SILA_TERM_IRI ||
        s.value_len <= prefix_len || memchr(s.value + prefix_len, '/', s.value_len - prefix_len))
      continue;
    if (q.s != cur) {
      if (cnt == cap) {
        size_t nc = cap ? cap * 2 : 16;
        SilaPlanItem *grown = realloc(items, nc * sizeof *grown);
        if (!grown) {
          st = SILA_ERR_NOMEM;
          break;
        }
        items = grown;
        cap = nc;
      }
      memset(&items[cnt], 0, sizeof items[cnt]);
      size_t il = s.value_len - prefix_len;
      snprintf(items[cnt].id, sizeof items[cnt].id, "%.*s",
               (int)(il > SILA_PLAN_ID_MAX ? SILA_PLAN_ID_MAX : il), s.value + prefix_len);
      items[cnt].priority = 2;
      cnt++;
      cur = q.s;
    }
    SilaPlanItem *it = &items[cnt - 1];
    if (sila_txn_term(txn, q.p, &p, pb) || sila_txn_term(txn, q.o, &o, ob))
      continue;
    char **slot = pred_is(&p, DCT "title")               ? &it->title
                  : pred_is(&p, DCT "description")       ? &it->description
                  : pred_is(&p, CAL "ufficio")           ? &it->office
                  : pred_is(&p, CAL "datasetRilasciato") ? &it->dataset
                  : pred_is(&p, CAL "motivo")            ? &it->reason
                                                         : NULL;
    if (slot && !*slot && !(*slot = dup_term(&o)))
      st = SILA_ERR_NOMEM;
    else if (pred_is(&p, CAL "priorita"))
      it->priority = atoi(o.value);
    else if (pred_is(&p, CAL "dataPrevista"))
      copy_date(it->planned, &o);
    else if (pred_is(&p, DCT "created"))
      copy_date(it->created, &o);
    else if (pred_is(&p, CAL "dataRilascio"))
      copy_date(it->published, &o);
    else if (pred_is(&p, CAL "statoPiano"))
      for (int i = 0; i <= SILA_PLAN_DROPPED; i++)
        if (pred_is(&o, status_iri[i]))
          it->status = (SilaPlanStatus)i;
    if (st)
      break;
  }
  sila_scan_free(sc);
  if (r < 0 && !st)
    st = (SilaStatus)r;
  if (st) {
    sila_plan_items_free(items, cnt);
    return st;
  }
  /* only subjects typed as planned datasets have a title */
  size_t k = 0;
  for (size_t i = 0; i < cnt; i++) {
    if (items[i].title)
      items[k++] = items[i];
    else
      item_clear(&items[i]);
  }
  qsort(items, k, sizeof *items, cmp_items);
  *out = items;
  *n = k;
  return SILA_OK;
}

void sila_plan_items_free(SilaPlanItem *items, size_t n) {
  if (!items)
    return;
  for (size_t i = 0; i < n; i++)
    item_clear(&items[i]);
  free(items);
}
