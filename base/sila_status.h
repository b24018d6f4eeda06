/* sila_status.h — one status enum for all of Sila, and positioned errors.
 *
 * Every fallible function returns SilaStatus (0 = success). Functions that
 * can say *where* something went wrong (parsers, loaders, the CSV mapper)
 * also fill a SilaError, so the position can become an HTTP 400 body, a
 * loader report line or a test expectation.
 */
#ifndef SILA_STATUS_H
#define SILA_STATUS_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
  SILA_OK = 0,
  SILA_ERR_NOMEM,        /* allocation failed */
  SILA_ERR_IO,           /* file or LMDB I/O error; errno-style detail in the message */
  SILA_ERR_NOT_FOUND,    /* term, graph or file absent (often not an error for the caller) */
  SILA_ERR_EXISTS,       /* store already initialised, graph already present, ... */
  SILA_ERR_SYNTAX,       /* malformed input (RDF, SPARQL, CSV, JSON); SilaError has the position */
  SILA_ERR_INVALID,      /* a well-formed request that makes no sense (bad argument, bad option) */
  SILA_ERR_UNSUPPORTED,  /* a valid feature this build does not provide */
  SILA_ERR_CORRUPT,      /* the store's files are not what Sila wrote */
  SILA_ERR_FULL,         /* no space for the store: disk or quota full, or its map could not grow */
  SILA_ERR_BUSY,         /* a resource limit (readers, concurrent queries) was reached */
  SILA_ERR_TIMEOUT,      /* a deadline passed */
  SILA_ERR_INTERRUPTED,  /* cancelled through an interrupt flag */
  SILA_ERR_LIMIT,        /* a configured limit (rows, memory, size) was exceeded */
  SILA_ERR_TYPE,         /* SPARQL expression type error */
  SILA_ERR_DENIED,       /* not allowed (missing token, refused endpoint) */
  SILA_ERR_REMOTE,       /* a remote service failed */
  SILA_STATUS_COUNT
} SilaStatus;

/* A short English description of a status; never NULL, static storage. */
const char *sila_strerror(SilaStatus st);

/* Where an error happened and what it was.  Lines, columns and rows are
 * 1-based; 0 means "not known".  `file` is borrowed (the caller's string)
 * and may be NULL. */
#define SILA_ERROR_MSG_MAX 512
typedef struct {
  SilaStatus status;
  const char *file;
  unsigned long line;
  unsigned long column;
  char message[SILA_ERROR_MSG_MAX];
} SilaError;

/* Resets `err` to "no error".  Safe with NULL. */
void sila_error_clear(SilaError *err);

/* Records an error in `err` (if not NULL) and returns `st`, so callers can
 * write `return sila_error_set(err, SILA_ERR_SYNTAX, line, col, "...", ...)`.
 * Keeps the first error: a later call on an error that is already set only
 * returns `st`. */
SilaStatus sila_error_set(SilaError *err, SilaStatus st, unsigned long line,
                          unsigned long column, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* Formats `err` as "file:line:column: message" (parts that are unknown are
 * left out) into buf; returns buf. */
char *sila_error_format(const SilaError *err, char *buf, size_t size);

#ifdef __cplusplus
}
#endif
#endif
