/* fuzz_rdf_parse.c — libFuzzer target for Sila's RDF parsers and writers.
 *
 * The first input byte picks the format (N-Triples, N-Quads, Turtle, TriG)
 * and seeds the chunk sizes; the rest is the document, fed through a reader
 * that hands out random-sized chunks (1..64 bytes) so that every token can
 * be split across reads.  Documents that parse are written back as N-Quads,
 * TriG or Turtle, and that output must parse again; and as JSON-LD, which
 * must be valid JSON (else abort): the writers' escaping is fuzzed too.
 *
 * make check replays its corpus (tests/fuzz.am); `make fuzz` runs it with
 * libFuzzer (scripts/fuzz.sh: FUZZ_TARGETS=fuzz_rdf_parse make fuzz builds it
 * with clang against the library's sources, tests/test_files.c included,
 * and runs it on its corpus, e.g. ./_fuzz/bin/fuzz_rdf_parse -max_len=4096 corpus/).
 */
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sila_rdf_syntax.h"
#include "sila_rdf_write.h"
#include "test_files.h"

typedef struct {
  SilaRdfWriter *text, *json;
} Writers;

static SilaStatus to_writer(void *ctx, const SilaTerm *s, const SilaTerm *p, const SilaTerm *o,
                            const SilaTerm *g) {
  Writers *w = ctx;
  SilaStatus st = sila_rdf_writer_quad(w->text, s, p, o, g);
  return st == SILA_OK ? sila_rdf_writer_quad(w->json, s, p, o, g) : st;
}

static SilaStatus count(void *ctx, const SilaTerm *s, const SilaTerm *p, const SilaTerm *o,
                        const SilaTerm *g) {
  (void)s, (void)p, (void)o, (void)g;
  (*(size_t *)ctx)++;
  return SILA_OK;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 1)
    return 0;
  static const SilaRdfFormat formats[] = {SILA_RDF_NTRIPLES, SILA_RDF_NQUADS, SILA_RDF_TURTLE,
                                          SILA_RDF_TRIG};
  SilaRdfFormat fmt = formats[data[0] % 4];
  static const SilaRdfFormat outs[] = {SILA_RDF_NQUADS, SILA_RDF_TRIG, SILA_RDF_TURTLE,
                                       SILA_RDF_NQUADS};
  SilaRdfFormat out_fmt = outs[(data[0] >> 2) & 3];
  static const SilaPrefix pf[] = {{"ex", "http://example.org/"}, {"", "http://e/"}, {NULL, NULL}};
  SilaBuf text = SILA_BUF_INIT, json = SILA_BUF_INIT;
  Writers w = {sila_rdf_writer_new(out_fmt, sila_rdf_write_to_buf, &text, pf),
               sila_rdf_writer_new(SILA_RDF_JSONLD, sila_rdf_write_to_buf, &json,
                                   (data[0] >> 4) & 1 ? pf : NULL)};
  TestChunkReader r = {(const char *)data + 1, size - 1, 0, data[0], 64};
  SilaError err;
  memset(&err, 0, sizeof err);
  SilaStatus st =
      sila_rdf_parse(fmt, test_chunk_read, &r, "http://example.org/base/x", to_writer, &w, &err);
  if (st == SILA_OK && sila_rdf_writer_finish(w.text) == SILA_OK &&
      sila_rdf_writer_finish(w.json) == SILA_OK) {
    size_t n = 0;
    memset(&err, 0, sizeof err);
    if (sila_rdf_parse_string(out_fmt, text.data ? text.data : "", text.len, NULL, count, &n,
                              &err) != SILA_OK)
      abort(); /* the writer produced something its own parser rejects */
    json_error_t je;
    json_t *j = json_loadb(json.data, json.len, JSON_ALLOW_NUL | JSON_REJECT_DUPLICATES, &je);
    if (!j)
      abort(); /* the JSON-LD writer produced invalid JSON */
    json_decref(j);
  }
  sila_rdf_writer_free(w.text);
  sila_rdf_writer_free(w.json);
  sila_buf_free(&text);
  sila_buf_free(&json);
  return 0;
}
