/* test_rdfxml_chunks.c — RDF/XML error positions do not depend on how the
 * document arrives: every RDF/XML file of the W3C RDF 1.1 and 1.2 suites,
 * and each of them cut short at a few places (errors at many spots: an
 * unclosed element, a tag, a comment or a reference cut in two), is parsed
 * whole and again through a reader that hands out 1 to 64 bytes at a time;
 * the status, the error's line, column and message, and the number of
 * statements must be the same, and every error must have a line and a
 * column.  (The markup tracker of rdf_xml_marks.c sees the chunks.) */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sila_rdf_syntax.h"
#include "test_files.h"

static SilaStatus count(void *ctx, const SilaTerm *s, const SilaTerm *p, const SilaTerm *o,
                        const SilaTerm *g) {
  (void)s, (void)p, (void)o, (void)g;
  ++*(size_t *)ctx;
  return SILA_OK;
}

typedef struct {
  SilaStatus st;
  SilaError err;
  size_t n;
} Outcome;

static Outcome parse(const char *data, size_t len, unsigned seed) {
  Outcome o = {0};
  TestChunkReader r = {data, len, 0, seed, seed ? 64 : 0};
  o.st = sila_rdf_parse(SILA_RDF_RDFXML, test_chunk_read, &r, "http://example.org/base/doc.rdf",
                        count, &o.n, &o.err);
  return o;
}

static int files, cases, failures, errors_seen;

static void check(const char *name, const char *data, size_t len) {
  Outcome whole = parse(data, len, 0);
  cases++;
  if (whole.st != SILA_OK) {
    errors_seen++;
    if (!whole.err.line || !whole.err.column) {
      printf("FAIL %s (%zu bytes): no position: %lu:%lu %s\n", name, len, whole.err.line,
             whole.err.column, whole.err.message);
      failures++;
    }
  }
  for (unsigned seed = 1; seed <= 3; seed++) {
    Outcome part = parse(data, len, seed * 2654435761u);
    if (part.st != whole.st || part.err.line != whole.err.line ||
        part.err.column != whole.err.column || strcmp(part.err.message, whole.err.message) ||
        (whole.st == SILA_OK && part.n != whole.n)) {
      printf("FAIL %s (%zu bytes, chunks seed %u): whole %d %lu:%lu %s (%zu), in chunks %d "
             "%lu:%lu %s (%zu)\n",
             name, len, seed, whole.st, whole.err.line, whole.err.column, whole.err.message,
             whole.n, part.st, part.err.line, part.err.column, part.err.message, part.n);
      failures++;
      return;
    }
  }
}

static void check_file(const char *path, const char *rel, void *ctx) {
  (void)ctx;
  size_t nl = strlen(rel), len;
  if (nl <= 4 || strcmp(rel + nl - 4, ".rdf"))
    return;
  char *data = test_file_read(path, &len);
  if (!data)
    return;
  files++;
  check(path, data, len);
  for (int cut = 1; cut <= 4; cut++) /* cut short: errors at many places */
    check(path, data, len * (size_t)cut / 5);
  free(data);
}

int main(void) {
  const char *shared = getenv("SILA_SHARED");
  char root[1024];
  snprintf(root, sizeof root, "%s/conformance/rdf-tests/rdf", shared ? shared : "../shared");
  char d11[1100], d12[1100];
  snprintf(d11, sizeof d11, "%s/rdf11/rdf-xml", root);
  snprintf(d12, sizeof d12, "%s/rdf12/rdf-xml", root);
  DIR *probe = opendir(d11);
  if (!probe) {
    printf("SKIP: the W3C RDF/XML tests are not in %s\n", d11);
    return 77;
  }
  closedir(probe);
  test_walk_files(d11, check_file, NULL);
  test_walk_files(d12, check_file, NULL);
  printf("%d files, %d documents (%d with an error), %d failures\n", files, cases, errors_seen,
         failures);
  return failures || files < 100 ? 1 : 0;
}
