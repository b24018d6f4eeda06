/* sila_runs.h — sorted runs of fixed-size records in a temporary file,
 * merged in order: the bulk loader's machinery (store/sila_bulk_spill.c)
 * for other writers that must append to an LMDB tree in key order however
 * much they write (the text index's postings, store/sila_text_build.c).
 * Not a public header. */
#ifndef SILA_RUNS_H
#define SILA_RUNS_H

#include "bulk_internal.h"

/* A run: begin (opens the temporary file on first use), add its records in
 * order, end with their count.  Errors SILA_ERR_IO, SILA_ERR_NOMEM. */
SilaStatus sila_runs_begin(RunFile *rf, uint64_t *offset);
SilaStatus sila_runs_add(RunFile *rf, const void *recs, size_t size, size_t n);
void sila_runs_end(RunFile *rf, uint64_t offset, uint64_t count);
/* Calls emit for every record of every run in cmp order (equal records: the
 * earlier run's first); emit's record is valid during the call only.  Stops
 * at the first status that is not SILA_OK and returns it. */
SilaStatus sila_runs_merge(RunFile *rf, size_t size, int (*cmp)(const char *, const char *),
                           SilaStatus (*emit)(void *ctx, const char *rec), void *ctx);
/* Closes the file and forgets the runs; the RunFile may be used again. */
void sila_runs_free(RunFile *rf);

#endif
