/* rdf_load_parallel.h — an N-Triples / N-Quads file parsed by several
 * threads into one bulk load (rdf_load_parallel.c). */
#ifndef RDF_LOAD_PARALLEL_H
#define RDF_LOAD_PARALLEL_H

#include <stdbool.h>
#include <stdint.h>

#include "sila_rdf_syntax.h"
#include "sila_store.h"

/* Called on the load's thread as statements are added: `more` were. */
typedef void (*RdfLoadProgressFn)(void *ctx, uint64_t more);

/* Loads the plain (uncompressed) regular file `path` of N-Triples (quads
 * false) or N-Quads into `bulk` with parser threads, when it pays: the
 * file has at least two chunks and there is more than one CPU.  *used says
 * whether it did; when false nothing was read or added and the caller
 * parses the file itself.  `progress` is required.  `graph` (may be NULL) replaces the default
 * graph.  The result, the statement count and any error (line and column
 * in the file; err->file is not touched) are those of a one-thread parse:
 * the first error in file order stops the load.
 *
 * Environment: SILA_LOAD_THREADS (parser threads; default: the CPUs, 1 =
 * never parallel), SILA_LOAD_CHUNK (bytes a chunk; default 8 MiB). */
SilaStatus rdf_load_parallel(SilaBulk *bulk, bool quads, const char *path, const SilaTerm *graph,
                             RdfLoadProgressFn progress, void *progress_ctx, bool *used,
                             SilaError *err);

#endif
