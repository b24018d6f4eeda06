/* prog_web.h — the programme's pages (issue 17), hooked into the server
 * by web_server.c with two calls:
 *   prog_web_observe(r)  counts a request in the usage statistics (before
 *                        routing; no store write, no personal data);
 *   prog_web_count_query(r, ex)  counts a SPARQL query by the dataset
 *                        graphs its execution read (web_on_exec, when the
 *                        execution ends; the read transaction still open);
 *   prog_web_route(r, &ret)  answers /piano, /richieste (GET and the form's
 *                        POST), /statistiche(.csv|.json), /qualita; false
 *                        when the path is not one of them.
 * Pages: prog_pages.c (plan, requests, quality), prog_stats.c (usage). */
#ifndef SILA_PROG_WEB_H
#define SILA_PROG_WEB_H

#include "web_internal.h"

void prog_web_observe(WebReq *r);
void prog_web_count_query(WebReq *r, SilaExec *ex);
bool prog_web_route(WebReq *r, enum MHD_Result *ret);

/* ---- page builders (0, or -1 out of memory) ---- */
typedef struct {
  const char *what, *why, *contact; /* the form's values to show again (may be NULL) */
  const char *token;                /* the form token to embed */
  const char *message;              /* a message above the form (NULL = none) */
  bool error;                       /* the message is an error */
} ProgForm;

int prog_page_plan(SilaBuf *out, SilaTxn *txn, const char *base, const char *today);
int prog_page_requests(SilaBuf *out, SilaTxn *txn, const ProgForm *form);
int prog_page_quality(SilaBuf *out, SilaTxn *txn, const char *today);
/* /statistiche in format "html", "csv" or "json" for from..to: the stored
 * aggregates plus the counters not yet flushed (sila_usage_read_live).  The
 * HTML names each dataset by its title in the catalogue (txn, base). */
int prog_page_stats(SilaBuf *out, SilaStore *store, SilaTxn *txn, const char *base,
                    const char *format, const char *from, const char *to, bool charts);

#endif
