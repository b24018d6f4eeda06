/* sila_publish.h — publishing a dataset folder: CSV + CSVW metadata +
 * DCAT-AP_IT description → a named graph and the catalogue.
 *
 * A dataset folder holds:
 *   - the CSV file(s) and ONE CSVW metadata document "*-metadata.json"
 *     (Sila's CSVW extensions are on: lookups, zero-padding, yy pivots);
 *   - "dataset.json", the DCAT-AP_IT description (see datasets/README.md):
 *       { "slug": "musei", "title": {"it": "...", "en": "..."},
 *         "description": {"it": "..."}, "theme": "EDUC" (or a list),
 *         "frequency": "ANNUAL", "modified": "2025-01-10",
 *         "rightsHolder": {"id": "r_calabr", "name": "Regione Calabria"},
 *         "contactPoint": {"name": "...", "email": "..."},
 *         "keywords": ["..."], "subject": "http://eurovoc.europa.eu/...",
 *         "licence": IRI (default: CC BY 4.0 of the OntoPiA licences),
 *         "conformsTo": ["https://w3id.org/italia/onto/ACCO"], "issued": "..." }
 *
 * Publishing maps the CSV, checks it strictly (a CSVW error, a structural
 * problem CSVW only warns about — rows of the wrong length, duplicate or
 * unmatched headers, metadata properties of the wrong type, a cell that
 * does not fit its column's datatype (it is never published as another
 * kind of value, nor dropped) —, a violated
 * `required`, a name a lookup to a national IRI cannot find, or a table or
 * lookup outside the dataset's and the vocabularies' folders refuses the
 * dataset, each error with "file:row:column: message"), then in ONE write
 * transaction replaces the graph {base}/set/{slug} and rewrites the
 * dataset's entries in the catalogue graph {base}/catalogo (dcatapit:Catalog,
 * dcatapit:Dataset, distributions — CSV, Turtle and N-Triples dumps at
 * {base}/dump/{slug}.ttl / .nt.gz, the SPARQL endpoint {base}/sparql as a
 * dcat:DataService —, agents, contact point, licence).  A refused or failed
 * publish leaves the store as it was.
 *
 * Data IRIs come from the metadata's URI templates; `base` only decides the
 * graph, catalogue and distribution IRIs. */
#ifndef SILA_PUBLISH_H
#define SILA_PUBLISH_H

#include <stdbool.h>
#include <stdint.h>

#include "sila_csvw.h"
#include "sila_store.h"

#ifdef __cplusplus
extern "C" {
#endif

#define SILA_PUBLISH_DEFAULT_BASE "https://dati.calabria.it"
/* CC BY 4.0 in the OntoPiA licences vocabulary (AgID's default). */
#define SILA_PUBLISH_DEFAULT_LICENCE \
  "https://w3id.org/italia/controlled-vocabulary/licences/A21_CCBY40"

typedef struct {
  const char *base;             /* NULL = SILA_PUBLISH_DEFAULT_BASE (no trailing '/') */
  bool dry_run;                 /* map and check, write nothing (store may be NULL) */
  const char *today;            /* "yyyy-mm-dd" for the catalogue's dct:modified; NULL = UTC today */
  SilaCsvwWarningSink warning;  /* CSVW warnings as they come; may be NULL */
  void *warning_ctx;
  /* Every error as it is found, with its file, row and column (the CSVW
   * mapping goes on after an error so that all of them are listed); may be
   * NULL.  The report's `reason` repeats the first. */
  SilaCsvwWarningSink error;
  void *error_ctx;
  /* The project's vocabularies folder (lookup tables).  Tables and lookups
   * are read only inside the dataset folder and this one.  NULL = the
   * nearest folder named "vocabularies" beside the dataset folder or one
   * of its three nearest ancestors, if any. */
  const char *vocabularies;
  /* Every warning and error again as a code with its parameters (after the
   * text sinks heard it), for a caller that words them itself (the
   * publishing area, in Italian): the mapper's codes (SILA_CSVW_MSG_*, see
   * sila_csvw.h) and the publication's own, below.  May be NULL. */
  SilaCsvwMessageSink message;
  void *message_ctx;
} SilaPublishOptions;

/* The publication's own codes (SilaCsvwMessage.code):
 *   SILA_PUBLISH_MSG_CITY       a link to a municipality the national
 *                               vocabulary lacks: value = its code
 *   SILA_PUBLISH_MSG_DCAT       mandatory DCAT-AP_IT properties missing or
 *                               malformed: value = their names, space separated
 *   SILA_PUBLISH_MSG_NO_TRIPLES the mapping gave no triples
 *   SILA_PUBLISH_MSG_NO_DESCRIPTION  no dataset.json
 *   SILA_PUBLISH_MSG_JSON       dataset.json is not JSON: detail = why (English)
 *   SILA_PUBLISH_MSG_METADATA   no, or several, *-metadata.json: value = how many
 * A failure that has no code of its own (a CSV that is not in its encoding,
 * a store error) is SILA_CSVW_MSG_OTHER with the English message. */
#define SILA_PUBLISH_MSG_CITY "city_not_in_vocabulary"
#define SILA_PUBLISH_MSG_DCAT "dcat_missing"
#define SILA_PUBLISH_MSG_NO_TRIPLES "no_triples"
#define SILA_PUBLISH_MSG_NO_DESCRIPTION "no_description"
#define SILA_PUBLISH_MSG_JSON "invalid_json"
#define SILA_PUBLISH_MSG_METADATA "metadata_count"

/* Fills `o` with the defaults. */
void sila_publish_options_init(SilaPublishOptions *o);

/* The quality report of one publish (filled even when it fails, as far as
 * it got).  Strings are inline, so the report owns nothing. */
typedef struct {
  char slug[128];
  char graph[512];          /* {base}/set/{slug} */
  char metadata[1024];      /* path of the CSVW metadata used */
  char error_file[1024];    /* the file the first error was found in (err->file points here) */
  uint64_t rows;            /* CSV rows mapped */
  uint64_t triples;         /* data triples (the CSVW row/table structure left out):
                               distinct ones once written, as mapped in a dry run */
  uint64_t catalogue_triples;
  uint64_t replaced;        /* triples of the previous version removed */
  uint64_t warnings;        /* CSVW warnings that do not refuse (a name a lookup without a
                               national IRI cannot find, a failed key check) */
  uint64_t errors;          /* every error (opts->error heard each): strict CSVW problems,
                               violated `required`, names a national lookup cannot find,
                               links to municipalities the vocabulary lacks, the description */
  uint64_t external_links;  /* data triples whose object is an IRI outside {base} (rdf:type
                               aside); a municipality IRI counts only if the vocabulary has it */
  int stars;                /* open-data star level: 0 refused, 4 RDF, 5 RDF linked to others' IRIs */
  char missing[512];        /* DCAT-AP_IT mandatory properties missing, space separated ("" = none;
                               "dataset.json (...)" when there is no description at all) */
  char missing_recommended[256]; /* recommended ones missing */
  bool written;             /* the store was changed */
  char reason[SILA_ERROR_MSG_MAX + 1100]; /* why it was refused, "file:row:column: message";
                                             "" when it was not */
} SilaPublishReport;

/* Publishes the dataset folder `dir` into `store` (NULL only with
 * opts->dry_run).  Returns SILA_OK, or SILA_ERR_NOT_FOUND (no dataset.json,
 * no or several *-metadata.json), SILA_ERR_SYNTAX (malformed dataset.json,
 * CSV or metadata), SILA_ERR_INVALID (a CSVW error or structural problem, a violated
 * `required`, an unknown name on a national lookup, a link to a municipality
 * the vocabulary lacks, a missing or malformed mandatory DCAT-AP_IT
 * property), SILA_ERR_DENIED (a remote file, or a local one outside the
 * dataset folder and the vocabularies folder), SILA_ERR_NOMEM, or a store
 * error (SILA_ERR_FULL, SILA_ERR_IO).  `err` (NULL, or zeroed
 * by the caller) gets "file:row:column: message"; err->file points into `report`
 * or to `dir`'s strings, so it lives as long as both do.  On any error the
 * store is unchanged. */
SilaStatus sila_publish(SilaStore *store, const char *dir, const SilaPublishOptions *opts,
                        SilaPublishReport *report, SilaError *err);

#ifdef __cplusplus
}
#endif
#endif
