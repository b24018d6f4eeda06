/* sila_plan.h — the programme's release plan ("elenco dei dataset da
 * rilasciare"), kept in the store as RDF in its own public graph
 * {base}/piano (a dcat:Catalog of calabria:DatasetPianificato, see
 * vocabularies/calabria-onto.ttl).  The CLI (sila plan) and the publishing
 * area call these functions; each change is one write transaction.
 *
 * Dates are "YYYY-MM-DD".  Strings given are copied; a SilaPlanItem's
 * strings are owned by it (sila_plan_items_free). */
#ifndef SILA_PLAN_H
#define SILA_PLAN_H

#include <stdbool.h>
#include <stddef.h>

#include "sila_store.h"

typedef enum {
  SILA_PLAN_PLANNED = 0,
  SILA_PLAN_IN_PROGRESS,
  SILA_PLAN_PUBLISHED,
  SILA_PLAN_DROPPED,
} SilaPlanStatus;

#define SILA_PLAN_ID_MAX 64

typedef struct {
  char id[SILA_PLAN_ID_MAX + 1]; /* [a-z0-9-], the last segment of its IRI */
  char *title, *description, *office, *dataset, *reason;
  int priority;          /* 1 high, 2 medium, 3 low */
  char planned[11];      /* planned release date */
  char created[11];      /* when it entered the plan */
  char published[11];    /* when it was published ("" until then) */
  SilaPlanStatus status;
} SilaPlanItem;

/* "planned", "in progress", "published", "dropped" (and the Italian
 * labels for pages). */
const char *sila_plan_status_name(SilaPlanStatus s);
const char *sila_plan_status_it(SilaPlanStatus s);
/* Parses "planned", "in-progress"/"in progress", "published", "dropped". */
bool sila_plan_status_parse(const char *s, SilaPlanStatus *out);
bool sila_plan_date_ok(const char *s);
bool sila_plan_id_ok(const char *s);
/* A planned item is late when its planned date is before `today` and it is
 * neither published nor dropped. */
bool sila_plan_is_late(const SilaPlanItem *it, const char *today);

/* The graph IRI {base}/piano (malloc'd, NULL when out of memory). */
char *sila_plan_graph(const char *base);

/* Adds an item (status planned, created today).  SILA_ERR_EXISTS when the
 * id is taken, SILA_ERR_INVALID for a bad id, date, priority or an empty
 * title/office.  err gets the message. */
SilaStatus sila_plan_add(SilaStore *store, const char *base, const SilaPlanItem *item,
                         const char *today, SilaError *err);
/* Changes the fields of an existing item that are set in `changes`
 * (title/description/office non-NULL, priority > 0, planned non-empty,
 * status when set_status).  SILA_ERR_NOT_FOUND for an unknown id. */
SilaStatus sila_plan_update(SilaStore *store, const char *base, const char *id,
                            const SilaPlanItem *changes, bool set_status, SilaError *err);
/* Marks an item published as the catalogue dataset `dataset_slug`
 * ({base}/set/{slug}, which must be in the store), on `today`. */
SilaStatus sila_plan_publish(SilaStore *store, const char *base, const char *id,
                             const char *dataset_slug, const char *today, SilaError *err);
/* Marks an item dropped with a reason. */
SilaStatus sila_plan_drop(SilaStore *store, const char *base, const char *id, const char *reason,
                          SilaError *err);

/* Every item of the plan, by planned date then id; *out owned by the
 * caller (sila_plan_items_free).  Works in a read transaction. */
SilaStatus sila_plan_list(SilaTxn *txn, const char *base, SilaPlanItem **out, size_t *n);
void sila_plan_items_free(SilaPlanItem *items, size_t n);

#endif
