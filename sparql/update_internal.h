/* update_internal.h — pieces shared by the update_*.c files; not public. */
#ifndef SILA_UPDATE_INTERNAL_H
#define SILA_UPDATE_INTERNAL_H

#include <stdbool.h>
#include <time.h>

#include "sila_update.h"

/* Blank node labels → fresh store IDs (INSERT DATA per operation, INSERT
 * templates per solution, solution blank nodes the store does not hold). */
typedef struct {
  char **labels; /* owned copies, NUL-terminated */
  SilaId *ids;
  size_t n, cap;
  uint32_t *slots; /* index + 1, 0 = empty */
  size_t nslots;
} UpdBlankMap;

typedef struct {
  SilaTxn *txn;
  SilaQuery *q;
  SilaUpdateOptions opt;
  SilaUpdateStats stats;
  SilaError *err;
  size_t opno;      /* 1-based number of the running operation */
  const char *opname;
  /* Graphs CREATEd in this request that hold no quads yet. */
  SilaId *created;
  size_t ncreated, created_cap;
  struct timespec deadline;
  bool has_deadline;
} UpdCtx;

/* ---- update_run.c ---- */
/* Records an error "operation N (NAME): message" and returns st. */
SilaStatus upd_fail(UpdCtx *c, SilaStatus st, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* A failure SILENT may silence: SILA_OK (counted) when op is silent, else upd_fail. */
SilaStatus upd_soft_fail(UpdCtx *c, const SilaUpdateOp *op, SilaStatus st, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* SILA_ERR_TIMEOUT once the request's deadline passed; *remaining (if not
 * NULL) gets the seconds left (0 = no deadline). */
SilaStatus upd_check_deadline(UpdCtx *c, double *remaining);
/* The ID of an IRI or literal: interned (intern) or looked up (then
 * SILA_ERR_NOT_FOUND when the store lacks it). */
/* The ID of the triple term with these parts: interned when insert, else
 * looked up (*absent when the store lacks it). */
SilaStatus upd_triple_id(UpdCtx *c, const SilaId spo[3], bool insert, SilaId *out,
                         bool *absent);
SilaStatus upd_term_id(UpdCtx *c, const SilaTerm *t, bool intern, SilaId *out);
/* Adds / removes a quad, counting real changes. */
SilaStatus upd_add(UpdCtx *c, const SilaIdQuad *q);
SilaStatus upd_remove(UpdCtx *c, const SilaIdQuad *q);
/* The request-local "created" set. */
bool upd_graph_exists(UpdCtx *c, SilaId g);
void upd_forget_created(UpdCtx *c, SilaId g);

/* Blank maps. */
void upd_blanks_reset(UpdBlankMap *m);
void upd_blanks_free(UpdBlankMap *m);
/* The node for `label` (a fresh one the first time). */
SilaStatus upd_blank(UpdCtx *c, UpdBlankMap *m, const char *label, size_t len, SilaId *out);

/* ---- update_graph.c: CLEAR DROP CREATE ADD MOVE COPY ---- */
SilaStatus upd_graph_op(UpdCtx *c, const SilaUpdateOp *op);

/* ---- update_modify.c: DELETE/INSERT WHERE, DELETE WHERE ---- */
SilaStatus upd_modify(UpdCtx *c, const SilaUpdateOp *op);

/* ---- update_load.c ---- */
SilaStatus upd_load(UpdCtx *c, const SilaUpdateOp *op);

#endif
