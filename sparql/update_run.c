/* update_run.c — running an update request: the transaction, the
 * dispatch over operations, INSERT DATA / DELETE DATA, and the helpers the
 * other update_*.c files share. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sila_alloc.h"
#include "update_internal.h"

static const char *op_name(SilaUpdateKind k) {
  switch (k) {
  case SILA_UPDATE_INSERT_DATA: return "INSERT DATA";
  case SILA_UPDATE_DELETE_DATA: return "DELETE DATA";
  case SILA_UPDATE_DELETE_WHERE: return "DELETE WHERE";
  case SILA_UPDATE_MODIFY: return "DELETE/INSERT";
  case SILA_UPDATE_LOAD: return "LOAD";
  case SILA_UPDATE_CLEAR: return "CLEAR";
  case SILA_UPDATE_DROP: return "DROP";
  case SILA_UPDATE_CREATE: return "CREATE";
  case SILA_UPDATE_ADD: return "ADD";
  case SILA_UPDATE_MOVE: return "MOVE";
  case SILA_UPDATE_COPY: return "COPY";
  }
  return "?";
}

/* ---- errors and limits ------------------------------------------------ */

static SilaStatus vfail(UpdCtx *c, SilaStatus st, const char *fmt, va_list ap) {
  char msg[SILA_ERROR_MSG_MAX];
  vsnprintf(msg, sizeof msg, fmt, ap);
  if (c->opno)
    return sila_error_set(c->err, st, 0, 0, "operation %zu (%s): %s", c->opno, c->opname, msg);
  return sila_error_set(c->err, st, 0, 0, "%s", msg);
}

SilaStatus upd_fail(UpdCtx *c, SilaStatus st, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vfail(c, st, fmt, ap);
  va_end(ap);
  return st;
}

SilaStatus upd_soft_fail(UpdCtx *c, const SilaUpdateOp *op, SilaStatus st, const char *fmt, ...) {
  if (op->silent) {
    c->stats.silenced++;
    return SILA_OK;
  }
  va_list ap;
  va_start(ap, fmt);
  vfail(c, st, fmt, ap);
  va_end(ap);
  return st;
}

SilaStatus upd_check_deadline(UpdCtx *c, double *remaining) {
  if (remaining)
    *remaining = 0;
  if (!c->has_deadline)
    return SILA_OK;
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  double left = (double)(c->deadline.tv_sec - now.tv_sec) +
                (double)(c->deadline.tv_nsec - now.tv_nsec) / 1e9;
  if (left <= 0)
    return upd_fail(c, SILA_ERR_TIMEOUT, "the update timed out after %.1f s", c->opt.timeout);
  if (remaining)
    *remaining = left;
  return SILA_OK;
}

/* ---- terms and quads ---------------------------------------------------- */

SilaStatus upd_term_id(UpdCtx *c, const SilaTerm *t, bool intern, SilaId *out) {
  SilaStatus st = intern ? sila_txn_intern(c->txn, t, out) : sila_txn_lookup(c->txn, t, out);
  if (st == SILA_ERR_NOT_FOUND && !intern)
    return st;
  if (st == SILA_ERR_INVALID)
    return upd_fail(c, st, "a term is malformed: %.*s", (int)(t->value_len > 200 ? 200 : t->value_len),
                    t->value);
  if (st != SILA_OK)
    return upd_fail(c, st, "%s", sila_strerror(st));
  return SILA_OK;
}

SilaStatus upd_add(UpdCtx *c, const SilaIdQuad *q) {
  SilaStatus st = sila_txn_add(c->txn, q);
  if (st == SILA_OK) {
    c->stats.inserted++;
    upd_forget_created(c, q->g);
    return SILA_OK;
  }
  if (st == SILA_ERR_EXISTS)
    return SILA_OK;
  return upd_fail(c, st, "cannot add a quad: %s", sila_strerror(st));
}

SilaStatus upd_remove(UpdCtx *c, const SilaIdQuad *q) {
  SilaStatus st = sila_txn_remove(c->txn, q);
  if (st == SILA_OK) {
    c->stats.deleted++;
    return SILA_OK;
  }
  if (st == SILA_ERR_NOT_FOUND)
    return SILA_OK;
  return upd_fail(c, st, "cannot remove a quad: %s", sila_strerror(st));
}

bool upd_graph_exists(UpdCtx *c, SilaId g) {
  if (g == SILA_ID_DEFAULT_GRAPH)
    return true;
  for (size_t i = 0; i < c->ncreated; i++)
    if (c->created[i] == g)
      return true;
  return sila_txn_graph_exists(c->txn, g);
}

void upd_forget_created(UpdCtx *c, SilaId g) {
  for (size_t i = 0; i < c->ncreated; i++)
    if (c->created[i] == g) {
      c->created[i] = c->created[--c->ncreated];
      return;
    }
}

/* ---- blank node maps ------------------------------------------------------ */

static uint32_t label_hash(const char *s, size_t len) {
  uint32_t h = 2166136261u;
  for (size_t i = 0; i < len; i++)
    h = (h ^ (unsigned char)s[i]) * 16777619u;
  return h;
}

void upd_blanks_reset(UpdBlankMap *m) {
  for (size_t i = 0; i < m->n; i++)
    free(m->labels[i]);
  m->n = 0;
  if (m->slots)
    memset(m->slots, 0, m->nslots * sizeof *m->slots);
}

void upd_blanks_free(UpdBlankMap *m) {
  upd_blanks_reset(m);
  free(m->labels);
  free(m->ids);
  free(m->slots);
  memset(m, 0, sizeof *m);
}

static bool blanks_grow(UpdBlankMap *m) {
  size_t cap = m->cap ? m->cap * 2 : 16;
  char **l = sila_realloc(m->labels, cap * sizeof *l);
  if (!l)
    return false;
  m->labels = l;
  SilaId *ids = sila_realloc(m->ids, cap * sizeof *ids);
  if (!ids)
    return false;
  m->ids = ids;
  m->cap = cap;
  size_t nslots = cap * 2;
  uint32_t *slots = sila_calloc(nslots, sizeof *slots);
  if (!slots)
    return false;
  for (size_t i = 0; i < m->n; i++) {
    size_t j = label_hash(m->labels[i], strlen(m->labels[i])) & (nslots - 1);
    while (slots[j])
      j = (j + 1) & (nslots - 1);
    slots[j] = (uint32_t)i + 1;
  }
  free(m->slots);
  m->slots = slots;
  m->nslots = nslots;
  return true;
}

SilaStatus upd_blank(UpdCtx *c, UpdBlankMap *m, const char *label, size_t len, SilaId *out) {
  if (m->n == m->cap && !blanks_grow(m))
    return upd_fail(c, SILA_ERR_NOMEM, "out of memory");
  size_t j = label_hash(label, len) & (m->nslots - 1);
  while (m->slots[j]) {
    size_t i = m->slots[j] - 1;
    if (strlen(m->labels[i]) == len && !memcmp(m->labels[i], label, len)) {
      *out = m->ids[i];
      return SILA_OK;
    }
    j = (j + 1) & (m->nslots - 1);
  }
  char *copy = sila_strndup(label, len);
  if (!copy)
    return upd_fail(c, SILA_ERR_NOMEM, "out of memory");
  SilaStatus st = sila_txn_new_blank(c->txn, out);
  if (st != SILA_OK) {
    free(copy);
    return upd_fail(c, st, "cannot allocate a blank node: %s", sila_strerror(st));
  }
  m->labels[m->n] = copy;
  m->ids[m->n] = *out;
  m->slots[j] = (uint32_t)++m->n;
  return SILA_OK;
}

/* ---- INSERT DATA / DELETE DATA ------------------------------------------ */

/* The store ID of a DATA position; *absent when a lookup misses. */
static SilaStatus data_id(UpdCtx *c, UpdBlankMap *bm, const SilaTerm *t, bool insert,
                          SilaId *out, bool *absent) {
  if (t->kind == SILA_TERM_BLANK)
    return upd_blank(c, bm, t->value, t->value_len, out);
  SilaStatus st = upd_term_id(c, t, insert, out);
  if (st == SILA_ERR_NOT_FOUND) {
    *absent = true;
    return SILA_OK;
  }
  return st;
}

SilaStatus upd_triple_id(UpdCtx *c, const SilaId spo[3], bool insert, SilaId *out,
                         bool *absent) {
  SilaStatus st = insert ? sila_txn_triple_intern(c->txn, spo[0], spo[1], spo[2], out)
                         : sila_txn_triple_lookup(c->txn, spo[0], spo[1], spo[2], out);
  if (st == SILA_ERR_NOT_FOUND && !insert) {
    *absent = true;
    return SILA_OK;
  }
  if (st == SILA_ERR_INVALID)
    return upd_fail(c, st, "a triple term needs an IRI or blank node subject and an IRI "
                           "predicate");
  if (st != SILA_OK)
    return upd_fail(c, st, "%s", sila_strerror(st));
  return SILA_OK;
}

/* data_id for a whole node: a triple term <<( s p o )>> by its parts. */
static SilaStatus data_node_id(UpdCtx *c, UpdBlankMap *bm, const SilaNode *n, bool insert,
                               SilaId *out, bool *absent, int depth) {
  if (!n->tt)
    return data_id(c, bm, &n->term, insert, out, absent);
  if (depth > SILA_TRIPLE_DEPTH_MAX)
    return upd_fail(c, SILA_ERR_LIMIT, "triple terms nest too deep");
  SilaId spo[3];
  const SilaNode *parts[3] = {&n->tt->s, &n->tt->p, &n->tt->o};
  for (int k = 0; k < 3; k++) {
    SilaStatus st = data_node_id(c, bm, parts[k], insert, &spo[k], absent, depth + 1);
    if (st != SILA_OK || *absent)
      return st;
  }
  return upd_triple_id(c, spo, insert, out, absent);
}

static SilaStatus data_op(UpdCtx *c, const SilaUpdateOp *op) {
  bool insert = op->kind == SILA_UPDATE_INSERT_DATA;
  const SilaQuad *qs = insert ? op->insert_quads : op->delete_quads;
  size_t n = insert ? op->ninsert : op->ndelete;
  UpdBlankMap bm = {0};
  SilaStatus st = SILA_OK;
  for (size_t i = 0; i < n && st == SILA_OK; i++) {
    SilaIdQuad q = {0, 0, 0, SILA_ID_DEFAULT_GRAPH};
    bool absent = false;
    st = data_node_id(c, &bm, &qs[i].s, insert, &q.s, &absent, 0);
    if (st == SILA_OK && !absent)
      st = data_node_id(c, &bm, &qs[i].p, insert, &q.p, &absent, 0);
    if (st == SILA_OK && !absent)
      st = data_node_id(c, &bm, &qs[i].o, insert, &q.o, &absent, 0);
    if (st == SILA_OK && qs[i].g.term.kind != SILA_TERM_NONE)
      st = data_id(c, &bm, &qs[i].g.term, insert, &q.g, &absent);
    if (st != SILA_OK || absent)
      continue;
    st = insert ? upd_add(c, &q) : upd_remove(c, &q);
    if (st == SILA_OK && (i & 1023) == 1023)
      st = upd_check_deadline(c, NULL);
  }
  upd_blanks_free(&bm);
  return st;
}

/* ---- the request ------------------------------------------------------------ */

static bool uses_dataset_clauses(const SilaUpdateOp *ops, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (ops[i].nusing || ops[i].nusing_named || ops[i].with.kind != SILA_TERM_NONE)
      return true;
  return false;
}

SilaStatus sila_update_apply(SilaTxn *txn, SilaQuery *update, const SilaUpdateOptions *opt,
                             SilaUpdateStats *stats, SilaError *err) {
  UpdCtx c;
  memset(&c, 0, sizeof c);
  c.txn = txn;
  c.q = update;
  c.err = err;
  if (opt)
    c.opt = *opt;
  if (stats)
    memset(stats, 0, sizeof *stats);
  if (!txn || !sila_txn_is_write(txn))
    return upd_fail(&c, SILA_ERR_INVALID, "an update needs a write transaction");
  if (!update || sila_query_form(update) != SILA_QUERY_UPDATE)
    return upd_fail(&c, SILA_ERR_INVALID, "not an update request");
  size_t nops;
  const SilaUpdateOp *ops = sila_query_updates(update, &nops);
  if ((c.opt.nusing_graphs || c.opt.nusing_named_graphs) && uses_dataset_clauses(ops, nops))
    return upd_fail(&c, SILA_ERR_INVALID,
                    "using-graph-uri / using-named-graph-uri cannot be combined with an "
                    "update that has USING, USING NAMED or WITH");
  if (c.opt.timeout > 0) {
    clock_gettime(CLOCK_MONOTONIC, &c.deadline);
    double whole = (double)(long)c.opt.timeout;
    c.deadline.tv_sec += (time_t)whole;
    c.deadline.tv_nsec += (long)((c.opt.timeout - whole) * 1e9);
    if (c.deadline.tv_nsec >= 1000000000L) {
      c.deadline.tv_sec++;
      c.deadline.tv_nsec -= 1000000000L;
    }
    c.has_deadline = true;
  }
  SilaStatus st = SILA_OK;
  for (size_t i = 0; i < nops && st == SILA_OK; i++) {
    const SilaUpdateOp *op = &ops[i];
    c.opno = i + 1;
    c.opname = op_name(op->kind);
    st = upd_check_deadline(&c, NULL);
    if (st != SILA_OK)
      break;
    switch (op->kind) {
    case SILA_UPDATE_INSERT_DATA:
    case SILA_UPDATE_DELETE_DATA:
      st = data_op(&c, op);
      break;
    case SILA_UPDATE_DELETE_WHERE:
    case SILA_UPDATE_MODIFY:
      st = upd_modify(&c, op);
      break;
    case SILA_UPDATE_LOAD:
      st = upd_load(&c, op);
      break;
    default:
      st = upd_graph_op(&c, op);
      break;
    }
    c.stats.operations++;
  }
  free(c.created);
  if (stats)
    *stats = c.stats;
  return st;
}

SilaStatus sila_update_run(SilaStore *store, SilaQuery *update, const SilaUpdateOptions *opt,
                           SilaError *err) {
  if (!store)
    return sila_error_set(err, SILA_ERR_INVALID, 0, 0, "no store");
  SilaTxn *txn;
  SilaStatus st = sila_txn_begin_write(store, 0, &txn);
  if (st != SILA_OK)
    return sila_error_set(err, st, 0, 0, "cannot begin a write transaction: %s",
                          sila_strerror(st));
  st = sila_update_apply(txn, update, opt, NULL, err);
  if (st != SILA_OK) {
    sila_txn_abort(txn);
    return st;
  }
  st = sila_txn_commit(txn);
  if (st != SILA_OK)
    return sila_error_set(err, st, 0, 0, "cannot commit the update: %s", sila_strerror(st));
  return SILA_OK;
}
