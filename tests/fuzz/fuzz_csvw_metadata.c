/* fuzz_csvw_metadata.c — libFuzzer target for CSVW metadata: the input is
 * a metadata document (JSON) followed, after a NUL byte, by CSV text.  Both
 * are written to a private temporary directory and mapped in standard mode
 * with Sila's extensions on; discovery stays on local files (the document's
 * url is forced to the CSV written beside it).
 *
 * `make fuzz` (scripts/fuzz.sh) builds and runs it with libFuzzer; make
 * check replays its corpus, tests/fuzz/corpus/fuzz_csvw_metadata/. */
#include <jansson.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sila_csvw.h"

static char dir[64];

/* Removes the temporary folder at exit (replays in make check leave nothing). */
static void remove_dir(void) {
  char path[128];
  snprintf(path, sizeof path, "%s/t.csv", dir);
  unlink(path);
  snprintf(path, sizeof path, "%s/t-metadata.json", dir);
  unlink(path);
  rmdir(dir);
}

static SilaStatus sink(void *ctx, const SilaTerm *s, const SilaTerm *p, const SilaTerm *o) {
  (void)ctx;
  return s->value && p->value && o->value ? SILA_OK : SILA_ERR_INVALID;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (!dir[0]) {
    snprintf(dir, sizeof dir, "/tmp/fuzz-csvw-XXXXXX");
    if (!mkdtemp(dir))
      abort();
    atexit(remove_dir);
  }
  const uint8_t *nul = memchr(data, 0, size);
  size_t jn = nul ? (size_t)(nul - data) : size;
  json_t *j = json_loadb((const char *)data, jn, 0, NULL);
  if (!j)
    return 0;
  char csv[128], meta[128];
  snprintf(csv, sizeof csv, "%s/t.csv", dir);
  snprintf(meta, sizeof meta, "%s/t-metadata.json", dir);
  /* keep the mapping on the local file, whatever the document says */
  if (json_is_object(j) && !json_object_get(j, "tables"))
    json_object_set_new(j, "url", json_string("t.csv"));
  FILE *f = fopen(csv, "wb");
  if (!f) {
    json_decref(j);
    return 0;
  }
  if (nul)
    fwrite(nul + 1, 1, size - jn - 1, f);
  fclose(f);
  if (json_dump_file(j, meta, 0) != 0) {
    json_decref(j);
    return 0;
  }
  json_decref(j);
  SilaCsvwOptions o;
  sila_csvw_options_init(&o);
  o.extensions = true;
  o.no_discovery = true;
  o.local_only = true;
  SilaError err = {0};
  sila_csvw_map(meta, &o, sink, NULL, &err);
  o.minimal = true;
  err = (SilaError){0};
  sila_csvw_map(meta, &o, sink, NULL, &err);
  return 0;
}
