/* test_store_roundtrip.c — generated quads with every kind of term go
 * through `load` and come back from `dump` as the same dataset
 * (isomorphic), in N-Quads and TriG. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rdf_iso.h"
#include "sila_dump.h"
#include "sila_load.h"
#include "test_harness.h"

static unsigned long rng = 88172645463325252UL;
static unsigned rnd(unsigned n) {
  rng ^= rng << 13;
  rng ^= rng >> 7;
  rng ^= rng << 17;
  return (unsigned)(rng % n);
}

static void random_term(SilaBuf *b, int pos, int i) {
  char tmp[4096];
  int kind = pos == 1 ? 0 : (int)rnd(pos == 0 ? 3 : 12);
  if (kind == 0 || kind == 3) {
    static const char *bases[] = {"http://ex.org/", "https://dati.calabria.it/id/comune/",
                                  "urn:x:", "http://ex.org/a%20b/"};
    snprintf(tmp, sizeof tmp, "<%s%s%u>", bases[rnd(4)], pos == 1 ? "p" : "r", rnd(pos == 1 ? 7 : 300));
  } else if (kind == 1 || kind == 2) {
    snprintf(tmp, sizeof tmp, "_:n%u", rnd(50));
  } else {
    SilaTerm t = {SILA_TERM_LITERAL, NULL, 0, NULL, 0, NULL, 0, NULL};
    char lex[3200];
    switch (kind) {
    case 4: snprintf(lex, sizeof lex, "%d", (int)rnd(2000) - 1000);
      t.datatype = SILA_NS_XSD "integer"; break;
    case 5: snprintf(lex, sizeof lex, "%03u", rnd(100)); /* non-canonical */
      t.datatype = SILA_NS_XSD "integer"; break;
    case 6: snprintf(lex, sizeof lex, "%u.%02u", rnd(100), rnd(100));
      t.datatype = SILA_NS_XSD "decimal"; break;
    case 7: snprintf(lex, sizeof lex, "Città \"%d\"\n\ttab \\ end ✓ 𝄞", i);
      t.lang = rnd(2) ? "it-IT" : "EN"; break;
    case 8: { /* long literal, past LMDB's key size */
      size_t n = 500 + rnd(2500);
      for (size_t k = 0; k < n; k++)
        lex[k] = (char)('a' + (k * 7 + (size_t)i) % 26);
      lex[n] = '\0';
      break;
    }
    case 9: snprintf(lex, sizeof lex, "%s", rnd(2) ? "" : "x"); break;
    case 10: snprintf(lex, sizeof lex, "v%u", rnd(20));
      t.datatype = "http://ex.org/dt#custom"; break;
    default: snprintf(lex, sizeof lex, "%s", rnd(2) ? "true" : "1");
      t.datatype = SILA_NS_XSD "boolean"; break;
    }
    t.value = lex;
    t.value_len = strlen(lex);
    if (t.datatype)
      t.datatype_len = strlen(t.datatype);
    if (t.lang)
      t.lang_len = strlen(t.lang);
    sila_buf_put_term_nt(b, &t);
    return;
  }
  sila_buf_puts(b, tmp);
}

static RdfIsoGraph *parse(SilaRdfFormat fmt, const char *data, size_t len) {
  RdfIsoGraph *g = rdf_iso_graph_new();
  SilaError err = {0};
  SilaStatus st = sila_rdf_parse_string(fmt, data, len, NULL, rdf_iso_sink, g, &err);
  if (st != SILA_OK)
    fprintf(stderr, "parse failed: line %lu: %s\n", err.line, err.message);
  CHECK_INT(SILA_OK, st);
  return g;
}

int main(void) {
  char dir[256], file[300];
  snprintf(dir, sizeof dir, "/tmp/sila-rt-%d", (int)getpid());
  snprintf(file, sizeof file, "%s.nq", dir);
  SilaBuf src = SILA_BUF_INIT;
  for (int i = 0; i < 5000; i++) {
    random_term(&src, 0, i);
    sila_buf_putc(&src, ' ');
    random_term(&src, 1, i);
    sila_buf_putc(&src, ' ');
    random_term(&src, 2, i);
    unsigned g = rnd(4);
    if (g)
      sila_buf_printf(&src, " <http://ex.org/graph/%u>", g);
    sila_buf_puts(&src, " .\n");
  }
  FILE *f = fopen(file, "w");
  CHECK(f && fwrite(src.data, 1, src.len, f) == src.len);
  fclose(f);

  SilaStore *store;
  CHECK_INT(SILA_OK, sila_store_open(dir, SILA_STORE_CREATE, &store));
  SilaLoadOptions opt = {0};
  SilaLoadReport rep;
  SilaError err = {0};
  const char *paths[] = {file};
  CHECK_INT(SILA_OK, sila_load_files(store, paths, 1, &opt, &rep, &err));
  CHECK_INT(5000, rep.statements);

  RdfIsoGraph *expected = parse(SILA_RDF_NQUADS, src.data, src.len);
  SilaRdfFormat formats[] = {SILA_RDF_NQUADS, SILA_RDF_TRIG};
  for (size_t k = 0; k < 2; k++) {
    SilaTxn *txn;
    CHECK_INT(SILA_OK, sila_txn_begin_read(store, &txn));
    SilaBuf out = SILA_BUF_INIT;
    uint64_t n = 0;
    CHECK_INT(SILA_OK, sila_dump(txn, SILA_ID_ANY, formats[k], sila_rdf_write_to_buf, &out, &n));
    sila_txn_abort(txn);
    CHECK_INT(rdf_iso_size(expected), n);
    RdfIsoGraph *actual = parse(formats[k], out.data ? out.data : "", out.len);
    char why[512] = "";
    bool same = rdf_iso_equal(expected, actual, why, sizeof why);
    if (!same)
      fprintf(stderr, "%s dump differs: %s\n", sila_rdf_format_name(formats[k]), why);
    CHECK(same);
    rdf_iso_graph_free(actual);
    sila_buf_free(&out);
  }
  rdf_iso_graph_free(expected);
  sila_store_close(store);
  sila_buf_free(&src);
  char cmd[700];
  snprintf(cmd, sizeof cmd, "rm -rf %s %s", dir, file);
  CHECK(system(cmd) == 0);
  return TEST_REPORT();
}
