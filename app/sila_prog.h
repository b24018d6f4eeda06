/* sila_prog.h — the programme's own records beside the catalogue, kept in
 * the store's operational key/value tree (sila_kv.h), never with an IP
 * address or anything personal but what a requester typed:
 *   - data requests ("Richiedi un dataset") and their moderation;
 *   - usage per dataset and day, counted in memory and written in batches;
 *   - the quality of every publish, kept so it can be compared over time.
 * The release plan is RDF (sila_plan.h); the semiannual report reads all
 * of them (sila_report.h).  Dates are "YYYY-MM-DD" (UTC). */
#ifndef SILA_PROG_H
#define SILA_PROG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sila_publish.h"
#include "sila_store.h"

/* Today (UTC) into buf, or $SILA_TODAY when it is a valid date (tests and
 * reports of a fixed day). */
void sila_prog_today(char buf[11]);
/* Days from date a to date b (b - a); 0 when either is malformed. */
long sila_prog_days_between(const char *a, const char *b);

/* ---- requests ------------------------------------------------------------ */
typedef enum {
  SILA_REQ_OPEN = 0,  /* received, not yet handled */
  SILA_REQ_ANSWERED,  /* answered with a text */
  SILA_REQ_LINKED,    /* linked to a planned dataset */
  SILA_REQ_CLOSED,    /* closed with a reason */
} SilaRequestState;

#define SILA_REQ_WHAT_MAX 300
#define SILA_REQ_WHY_MAX 2000
#define SILA_REQ_CONTACT_MAX 200

typedef struct {
  uint64_t id;
  char received[11], updated[11];
  char *what, *why, *contact, *answer, *plan, *reason; /* owned; NULL = none */
  SilaRequestState state;
} SilaRequest;

const char *sila_request_state_name(SilaRequestState s); /* open answered linked closed */
const char *sila_request_state_it(SilaRequestState s);
/* Checks a field as the form gives it: valid UTF-8, no control characters
 * but newlines, at most max bytes, not empty when required.  NULL = good,
 * else the Italian message to show. */
const char *sila_request_field_problem(const char *s, size_t max, bool required);
/* Stores a request exactly as typed (contact may be NULL/empty); *id gets
 * its number.  SILA_ERR_INVALID with a message for a bad field. */
SilaStatus sila_request_add(SilaStore *store, const char *what, const char *why,
                            const char *contact, const char *today, uint64_t *id, SilaError *err);
/* Moderation: answer with a text, link to a planned dataset (which must be
 * in the plan of `base`), close with a reason.  SILA_ERR_NOT_FOUND for an
 * unknown id or plan item. */
SilaStatus sila_request_answer(SilaStore *store, uint64_t id, const char *text, const char *today,
                               SilaError *err);
SilaStatus sila_request_link(SilaStore *store, const char *base, uint64_t id, const char *plan_id,
                             const char *today, SilaError *err);
SilaStatus sila_request_close(SilaStore *store, uint64_t id, const char *reason,
                              const char *today, SilaError *err);
/* Every request, oldest first. */
SilaStatus sila_request_list(SilaTxn *txn, SilaRequest **out, size_t *n);
void sila_requests_free(SilaRequest *r, size_t n);

/* ---- usage --------------------------------------------------------------- */
typedef enum {
  SILA_USE_VIEW = 0, /* HTML pages of the dataset and its resources */
  SILA_USE_RDF,      /* RDF dereferences of the same */
  SILA_USE_CSV,      /* CSV downloads (/files/{slug}/...) */
  SILA_USE_DUMP,     /* dump downloads (/dump/{slug}.*) */
  SILA_USE_SPARQL,   /* SPARQL queries that read the dataset's graph */
  SILA_USE_SERVICE,  /* of those, the ones sent by another endpoint's SERVICE */
  SILA_USE_KINDS
} SilaUsageKind;

const char *sila_usage_kind_name(SilaUsageKind k); /* views rdf csv dump sparql service */
const char *sila_usage_kind_it(SilaUsageKind k);

/* Counts one use of dataset `slug` ("*" = queries that name no graph)
 * today, in memory: atomic counters under a read lock, no store write.
 * Thread-safe; a slug longer than 120 bytes is ignored. */
void sila_usage_count(const char *slug, size_t len, SilaUsageKind kind);
/* Adds the counters to the daily aggregates in one write transaction and
 * zeroes them (what a failed write held is counted again).  A no-op when
 * nothing was counted. */
SilaStatus sila_usage_flush(SilaStore *store);
/* Flushes every `seconds` from a thread of its own until
 * sila_usage_stop, which flushes a last time.  One per process. */
SilaStatus sila_usage_start(SilaStore *store, double seconds);
void sila_usage_stop(void);

typedef struct {
  char day[11];
  char slug[128];
  uint64_t n[SILA_USE_KINDS];
} SilaUsageRow;
/* The daily aggregates with from <= day <= to (NULL = open), by day then
 * slug. */
SilaStatus sila_usage_read(SilaTxn *txn, const char *from, const char *to, SilaUsageRow **out,
                           size_t *n);
/* The same plus this process's counters not yet flushed: what a page shows
 * at once, without the flush interval's lag.  Read with the store under the
 * flush's lock, so that a flush running meanwhile neither doubles nor hides
 * a count.  Opens its own read transaction; *out owned by the caller. */
SilaStatus sila_usage_read_live(SilaStore *store, const char *from, const char *to,
                                SilaUsageRow **out, size_t *n);

/* ---- quality over time --------------------------------------------------- */
typedef struct {
  char slug[128];
  char date[11];
  uint64_t seq;           /* order of publishes */
  char title[256], office[160];
  char frequency[32];     /* EU frequency code, "" unknown */
  char modified[11];      /* the dataset's dct:modified */
  bool published;         /* the publish was accepted */
  int stars;
  int completeness;       /* DCAT-AP_IT properties present, percent of 10 */
  uint64_t errors, warnings, triples, links;
  int linked_pct;         /* data triples linked to national IRIs, percent */
} SilaQualityRecord;

/* Records the outcome of one publish (refused ones too) with the title,
 * office, frequency and modified date the catalogue has for it. */
SilaStatus sila_quality_record(SilaStore *store, const char *base, const SilaPublishReport *rep,
                               const char *today);
/* Every record, by slug then publish order. */
SilaStatus sila_quality_history(SilaTxn *txn, SilaQualityRecord **out, size_t *n);
/* Days after dct:modified when a dataset of this EU frequency is late
 * (MONTHLY 45, ...); 0 = no expectation (IRREG, UNKNOWN, NEVER, ...). */
int sila_quality_late_after(const char *frequency);
/* The Italian name of an EU frequency code (the first `len` bytes of
 * `code`: "ANNUAL" → "annuale"), for pages and reports that show a
 * dataset's frequency; NULL for a code it does not know.  Static string. */
const char *sila_frequency_it(const char *code, size_t len);
/* Days since modified, and whether that is past the threshold. */
bool sila_quality_is_late(const SilaQualityRecord *r, const char *today, long *age);

#endif
