/* csvw_fetch.h — reading CSV and metadata documents by URL (libcurl for
 * http/https, stdio for file:// and local paths).  Internal to loaders/. */
#ifndef SILA_CSVW_FETCH_H
#define SILA_CSVW_FETCH_H

#include <jansson.h>
#include <stdio.h>

#include "sila_csvw.h"

typedef struct {
  FILE *body;           /* positioned at the start; owned */
  long status;          /* 200 found, 404 not found (files: ENOENT) */
  char *content_type;   /* owned, may be NULL */
  char *describedby;    /* first Link rel="describedby" target, absolute; owned, may be NULL */
} SilaCsvwResource;

/* Maps IRIs under `iri_prefix` onto local files under `dir` (how a local
 * file gets the base IRI the user asked for while its neighbours, such as
 * csv-metadata.json, are still found on disk). */
typedef struct {
  const SilaCsvwOptions *opts;
  char *iri_prefix; /* owned, may be NULL */
  char *dir;        /* owned */
} SilaCsvwFetcher;

/* Fetches `url`.  Returns SILA_OK with r->status 200 or 404 (no such
 * document: not an error for discovery), or SILA_ERR_IO / SILA_ERR_REMOTE
 * with err set. */
SilaStatus sila_csvw_fetch(const SilaCsvwFetcher *f, const char *url, SilaCsvwResource *r,
                           SilaError *err);
void sila_csvw_resource_clear(SilaCsvwResource *r);

/* Fetches and parses a JSON document.  Returns a new reference, or NULL:
 * *not_found is set when the document does not exist, else err holds the
 * reason (SILA_ERR_SYNTAX for bad JSON). */
json_t *sila_csvw_fetch_json(const SilaCsvwFetcher *f, const char *url, bool *not_found,
                             SilaError *err);

#endif
