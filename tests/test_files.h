/* test_files.h — reading test documents: a whole file into memory, every
 * file below a folder, and a SilaRdfReader that hands out a document held
 * in memory in chunks of random sizes (so that chunk boundaries fall
 * everywhere).  For the tests that walk the W3C suites' files
 * (test_rdfxml_chunks.c, test_rdf_roundtrip.c, test_results.c). */
#ifndef SILA_TEST_FILES_H
#define SILA_TEST_FILES_H

#include <stddef.h>
#include <sys/types.h>

/* The bytes of the file at path, malloc'd and NUL-terminated (the NUL not
 * counted in *len); NULL when it cannot be read or memory runs out. */
char *test_file_read(const char *path, size_t *len);

/* Calls fn(path, rel, ctx) for every file below dir, depth first in the
 * order the folder lists them, names starting with '.' left out; rel is
 * path without "dir/".  Silent when dir cannot be read. */
typedef void (*TestFileFn)(const char *path, const char *rel, void *ctx);
void test_walk_files(const char *dir, TestFileFn fn, void *ctx);

/* A SilaRdfReader (ctx: the TestChunkReader) over data[0..len): chunks of
 * 1 to max_chunk bytes picked by `seed` (a linear congruential sequence),
 * or as much as asked when max_chunk is 0.  Borrows data. */
typedef struct {
  const char *data;
  size_t len, pos;
  unsigned seed;
  unsigned max_chunk;
} TestChunkReader;
ssize_t test_chunk_read(void *ctx, char *buf, size_t size);

#endif
