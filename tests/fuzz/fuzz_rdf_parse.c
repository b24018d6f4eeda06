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
 * libFuzzer.  By hand, with clang from the source tree:
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -std=gnu11 \
 *     -Istore -Iloaders tests/fuzz/fuzz_rdf_parse.c loaders/rdf_util.c \
 *     loaders/rdf_iri.c loaders/rdf_ntriples.c loaders/rdf_turtle_lex.c \
 *     loaders/rdf_turtle.c loaders/rdf_rdfxml.c loaders/rdf_write_jsonld.c \
 *     loaders/sila_rdf_syntax.c loaders/sila_rdf_write.c store/sila_term.c \
 *     store/sila_status.c $(pkg-config --cflags --libs raptor2 jansson) -lz -lpthread \
 *     -o fuzz_rdf_parse
 *   ./fuzz_rdf_parse -max_len=4096 corpus/
 */
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sila_rdf_syntax.h"
#include "sila_rdf_write.h"

typedef struct {
  const uint8_t *data;
  size_t len, pos;
  uint32_t seed;
} FuzzReader;

static ssize_t fuzz_read(void *ctx, char *buf, size_t size) {
  FuzzReader *r = ctx;
  r->seed = r->seed * 1664525u + 1013904223u;
  size_t n = r->len - r->pos, want = 1 + (r->seed >> 24) % 64;
  if (n > want)
    n = want;
  if (n > size)
    n = size;
  memcpy(buf, r->data + r->pos, n);
  r->pos += n;
  return (ssize_t)n;
}

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
  FuzzReader r = {data + 1, size - 1, 0, data[0]};
  SilaError err;
  memset(&err, 0, sizeof err);
  SilaStatus st = sila_rdf_parse(fmt, fuzz_read, &r, "http://example.org/base/x", to_writer, &w, &err);
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
