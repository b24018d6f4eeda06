/* sila_report.h — the programme's semiannual report ("reportistica
 * semestrale") from a store: datasets published and updated in the period
 * by office, release plan progress, data requests, usage by dataset,
 * quality indicators and how they moved, with a short summary.
 *
 * sila_report_model builds the report as a JSON object (the JSON format
 * itself); the writers render it as one self-contained HTML file (inline
 * CSS and SVG charts, A4 print style) or as CSV (section,dataset,office,
 * metric,value rows). */
#ifndef SILA_REPORT_H
#define SILA_REPORT_H

#include <jansson.h>

#include "sila_store.h"

typedef enum { SILA_REPORT_HTML, SILA_REPORT_CSV, SILA_REPORT_JSON } SilaReportFormat;

/* The report of from..to (dates, both included) as of `today` (plan items
 * late and datasets stale are judged at min(to, today)).  New reference,
 * or NULL (err says why: bad dates, store error, out of memory). */
json_t *sila_report_model(SilaTxn *txn, const char *base, const char *from, const char *to,
                          const char *today, SilaError *err);

/* Renders a model; SILA_OK or the sink's / memory error. */
SilaStatus sila_report_write(json_t *model, SilaReportFormat fmt, SilaWriteFn write, void *ctx);

#endif
