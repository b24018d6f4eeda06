/* test_rdf_syntax.c — unit tests of loaders/ RDF syntax: format detection,
 * IRI resolution, parser details (positions, chunking, blank labels,
 * first-error-is-fatal), the writers' exact output, and rdf_iso. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "rdf_iso.h"
#include "sila_rdf_syntax.h"
#include "sila_rdf_write.h"
#include "test_harness.h"

/* --- helpers --- */

/* Collects statements as N-Quads text. */
static SilaStatus to_text(void *ctx, const SilaTerm *s, const SilaTerm *p, const SilaTerm *o,
                          const SilaTerm *g) {
  SilaBuf *b = ctx;
  sila_buf_put_term_nt(b, s);
  sila_buf_putc(b, ' ');
  sila_buf_put_term_nt(b, p);
  sila_buf_putc(b, ' ');
  sila_buf_put_term_nt(b, o);
  if (g) {
    sila_buf_putc(b, ' ');
    sila_buf_put_term_nt(b, g);
  }
  sila_buf_puts(b, " .\n");
  return SILA_OK;
}

typedef struct {
  const char *data;
  size_t len, pos, step;
} SmallReader;

/* Hands out at most `step` bytes per call (1 = byte by byte). */
static ssize_t small_read(void *ctx, char *buf, size_t size) {
  SmallReader *r = ctx;
  size_t n = r->len - r->pos;
  if (n > r->step)
    n = r->step;
  if (n > size)
    n = size;
  memcpy(buf, r->data + r->pos, n);
  r->pos += n;
  return (ssize_t)n;
}

/* Parses `doc` and returns its statements as text (caller frees), or NULL
 * on error (err filled). */
static char *parse_text(SilaRdfFormat fmt, const char *doc, const char *base, size_t step,
                        SilaError *err) {
  SilaBuf out = SILA_BUF_INIT;
  SmallReader r = {doc, strlen(doc), 0, step ? step : (size_t)-1};
  memset(err, 0, sizeof *err);
  sila_buf_puts(&out, "");
  SilaStatus st = sila_rdf_parse(fmt, small_read, &r, base, to_text, &out, err);
  if (st != SILA_OK) {
    sila_buf_free(&out);
    return NULL;
  }
  return out.data;
}

static void check_parse(SilaRdfFormat fmt, const char *doc, const char *base, const char *expect) {
  SilaError err;
  for (size_t step = 0; step < 4; step++) { /* whole, then 1-, 2-, 3-byte chunks */
    char *got = parse_text(fmt, doc, base, step, &err);
    if (!got)
      fprintf(stderr, "parse error %lu:%lu: %s\n", err.line, err.column, err.message);
    CHECK_STR(expect, got);
    free(got);
  }
}

static void check_error(SilaRdfFormat fmt, const char *doc, unsigned long line,
                        unsigned long col, const char *msg_part) {
  SilaError err;
  for (size_t step = 0; step < 2; step++) {
    char *got = parse_text(fmt, doc, "http://base.example/dir/doc", step, &err);
    CHECK(got == NULL);
    free(got);
    CHECK_INT(SILA_ERR_SYNTAX, err.status);
    CHECK_INT(line, err.line);
    if (col)
      CHECK_INT(col, err.column);
    if (!strstr(err.message, msg_part))
      fprintf(stderr, "message \"%s\" lacks \"%s\"\n", err.message, msg_part);
    CHECK(strstr(err.message, msg_part) != NULL);
  }
}

/* --- format detection --- */

static void test_formats(void) {
  bool gz = true;
  CHECK_INT(SILA_RDF_NTRIPLES, sila_rdf_format_from_filename("a/b.nt", &gz));
  CHECK(!gz);
  CHECK_INT(SILA_RDF_NQUADS, sila_rdf_format_from_filename("dump.NQ.gz", &gz));
  CHECK(gz);
  CHECK_INT(SILA_RDF_TURTLE, sila_rdf_format_from_filename("x.ttl", NULL));
  CHECK_INT(SILA_RDF_TRIG, sila_rdf_format_from_filename("x.trig.gz", NULL));
  CHECK_INT(SILA_RDF_RDFXML, sila_rdf_format_from_filename("x.rdf", NULL));
  CHECK_INT(SILA_RDF_RDFXML, sila_rdf_format_from_filename("onto.owl", NULL));
  CHECK_INT(SILA_RDF_RDFXML, sila_rdf_format_from_filename("x.xml.gz", NULL));
  CHECK_INT(SILA_RDF_UNKNOWN, sila_rdf_format_from_filename("x.csv", NULL));
  CHECK_INT(SILA_RDF_UNKNOWN, sila_rdf_format_from_filename("gz", NULL));
  CHECK_INT(SILA_RDF_TURTLE, sila_rdf_format_from_mime("text/turtle; charset=utf-8"));
  CHECK_INT(SILA_RDF_NTRIPLES, sila_rdf_format_from_mime("application/n-triples"));
  CHECK_INT(SILA_RDF_NQUADS, sila_rdf_format_from_mime("application/n-quads"));
  CHECK_INT(SILA_RDF_NQUADS, sila_rdf_format_from_mime("text/x-nquads"));
  CHECK_INT(SILA_RDF_TRIG, sila_rdf_format_from_mime("application/trig"));
  CHECK_INT(SILA_RDF_TRIG, sila_rdf_format_from_mime("application/x-trig"));
  CHECK_INT(SILA_RDF_RDFXML, sila_rdf_format_from_mime("Application/RDF+XML"));
  CHECK_INT(SILA_RDF_JSONLD, sila_rdf_format_from_mime("application/ld+json"));
  CHECK_INT(SILA_RDF_UNKNOWN, sila_rdf_format_from_mime("text/html"));
  CHECK_INT(SILA_RDF_UNKNOWN, sila_rdf_format_from_mime(NULL));
  CHECK_STR("text/turtle", sila_rdf_format_mime(SILA_RDF_TURTLE));
  CHECK_STR(".nq", sila_rdf_format_suffix(SILA_RDF_NQUADS));
  CHECK_STR("trig", sila_rdf_format_name(SILA_RDF_TRIG));
  CHECK(sila_rdf_format_mime(SILA_RDF_UNKNOWN) == NULL);
  CHECK_INT(SILA_RDF_NTRIPLES, sila_rdf_format_from_name("nt"));
  CHECK_INT(SILA_RDF_RDFXML, sila_rdf_format_from_name("rdfxml"));
  CHECK(sila_rdf_format_has_graphs(SILA_RDF_TRIG));
  CHECK(!sila_rdf_format_has_graphs(SILA_RDF_TURTLE));
}

/* --- files: plain, gzip, default base, errors --- */

static void test_files(void) {
  char dir[] = "/tmp/sila-rdf-test-XXXXXX";
  if (!mkdtemp(dir)) {
    CHECK(!"mkdtemp");
    return;
  }
  char plain[256], gzp[256], ttl[256], odd[256];
  snprintf(plain, sizeof plain, "%s/a.nt", dir);
  snprintf(gzp, sizeof gzp, "%s/b.nq.gz", dir);
  snprintf(ttl, sizeof ttl, "%s/c.ttl", dir);
  snprintf(odd, sizeof odd, "%s/d.txt", dir);
  const char *nt = "<http://ex/s> <http://ex/p> \"1\" .\n<http://ex/s> <http://ex/p> \"2\" .\n";
  FILE *f = fopen(plain, "w");
  fputs(nt, f);
  fclose(f);
  gzFile gz = gzopen(gzp, "wb");
  for (int i = 0; i < 5000; i++)
    gzprintf(gz, "<http://ex/s%d> <http://ex/p> \"v\" <http://ex/g> .\n", i);
  gzclose(gz);
  f = fopen(ttl, "w");
  fputs("<x> <http://ex/p> <../y> .\n", f);
  fclose(f);
  f = fopen(odd, "w");
  fputs(nt, f);
  fclose(f);

  SilaError err;
  memset(&err, 0, sizeof err);
  RdfIsoGraph *g = rdf_iso_graph_new();
  CHECK_INT(SILA_OK, sila_rdf_parse_file(SILA_RDF_UNKNOWN, plain, NULL, rdf_iso_sink, g, &err));
  CHECK_INT(2, rdf_iso_size(g));
  rdf_iso_graph_free(g);
  g = rdf_iso_graph_new();
  CHECK_INT(SILA_OK, sila_rdf_parse_file(SILA_RDF_UNKNOWN, gzp, NULL, rdf_iso_sink, g, &err));
  CHECK_INT(5000, rdf_iso_size(g));
  rdf_iso_graph_free(g);
  /* a .txt is no known format unless told */
  CHECK_INT(SILA_ERR_INVALID, sila_rdf_parse_file(SILA_RDF_UNKNOWN, odd, NULL, rdf_iso_sink, NULL, &err));
  memset(&err, 0, sizeof err);
  g = rdf_iso_graph_new();
  CHECK_INT(SILA_OK, sila_rdf_parse_file(SILA_RDF_NTRIPLES, odd, NULL, rdf_iso_sink, g, &err));
  CHECK_INT(2, rdf_iso_size(g));
  rdf_iso_graph_free(g);
  /* the default base of a file is its file: IRI */
  SilaBuf out = SILA_BUF_INIT;
  sila_buf_puts(&out, "");
  CHECK_INT(SILA_OK, sila_rdf_parse_file(SILA_RDF_UNKNOWN, ttl, NULL, to_text, &out, &err));
  char *real = realpath(dir, NULL); /* "<../y>" resolves one level above the file's folder */
  char expect[512];
  char *parent = strdup(real);
  *strrchr(parent, '/') = '\0';
  snprintf(expect, sizeof expect, "<file://%s/x> <http://ex/p> <file://%s/y> .\n", real, parent);
  CHECK_STR(expect, out.data);
  free(parent);
  free(real);
  sila_buf_free(&out);
  memset(&err, 0, sizeof err);
  CHECK_INT(SILA_ERR_IO, sila_rdf_parse_file(SILA_RDF_NTRIPLES, "/nonexistent/x.nt", NULL,
                                             rdf_iso_sink, NULL, &err));
  CHECK(strstr(err.message, "/nonexistent/x.nt") != NULL);
  remove(plain);
  remove(gzp);
  remove(ttl);
  remove(odd);
  rmdir(dir);
}

/* --- RFC 3986 section 5.4 --- */

static void test_iri_resolution(void) {
  static const char *base = "http://a/b/c/d;p?q";
  static const char *cases[][2] = {
      {"g:h", "g:h"},           {"g", "http://a/b/c/g"},      {"./g", "http://a/b/c/g"},
      {"g/", "http://a/b/c/g/"}, {"/g", "http://a/g"},         {"//g", "http://g"},
      {"?y", "http://a/b/c/d;p?y"}, {"g?y", "http://a/b/c/g?y"}, {"#s", "http://a/b/c/d;p?q#s"},
      {"g#s", "http://a/b/c/g#s"}, {"g?y#s", "http://a/b/c/g?y#s"}, {";x", "http://a/b/c/;x"},
      {"g;x", "http://a/b/c/g;x"}, {"g;x?y#s", "http://a/b/c/g;x?y#s"}, {"", "http://a/b/c/d;p?q"},
      {".", "http://a/b/c/"},    {"./", "http://a/b/c/"},      {"..", "http://a/b/"},
      {"../", "http://a/b/"},    {"../g", "http://a/b/g"},     {"../..", "http://a/"},
      {"../../", "http://a/"},   {"../../g", "http://a/g"},    {"../../../g", "http://a/g"},
      {"../../../../g", "http://a/g"}, {"/./g", "http://a/g"}, {"/../g", "http://a/g"},
      {"g.", "http://a/b/c/g."}, {".g", "http://a/b/c/.g"},    {"g..", "http://a/b/c/g.."},
      {"..g", "http://a/b/c/..g"}, {"./../g", "http://a/b/g"}, {"./g/.", "http://a/b/c/g/"},
      {"g/./h", "http://a/b/c/g/h"}, {"g/../h", "http://a/b/c/h"}, {"g;x=1/./y", "http://a/b/c/g;x=1/y"},
      {"g;x=1/../y", "http://a/b/c/y"}, {"g?y/./x", "http://a/b/c/g?y/./x"},
      {"g?y/../x", "http://a/b/c/g?y/../x"}, {"g#s/./x", "http://a/b/c/g#s/./x"},
      {"g#s/../x", "http://a/b/c/g#s/../x"}, {"http:g", "http:g"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    SilaBuf out = SILA_BUF_INIT;
    CHECK_INT(0, sila_iri_resolve_buf(&out, base, strlen(base), cases[i][0], strlen(cases[i][0])));
    CHECK_STR(cases[i][1], out.data);
    sila_buf_free(&out);
  }
  SilaBuf out = SILA_BUF_INIT;
  sila_iri_resolve_buf(&out, "http://a", 8, "b", 1); /* empty base path with authority */
  CHECK_STR("http://a/b", out.data);
  sila_buf_free(&out);
  CHECK(sila_iri_has_scheme("urn:x", 5));
  CHECK(!sila_iri_has_scheme("a/b:c", 5));
  CHECK(!sila_iri_has_scheme("1a:b", 4));
}

/* --- N-Triples / N-Quads --- */

static void test_ntriples(void) {
  check_parse(SILA_RDF_NTRIPLES,
              "# comment\n"
              "<http://ex/s> <http://ex/p> \"a\\tb\\u00E9\\U0001F600\\\"\" .\r\n"
              "\n"
              "_:b1 <http://ex/p> \"x\"@en-GB . # trailing comment\n"
              "<http://ex/s><http://ex/p>\"5\"^^<http://www.w3.org/2001/XMLSchema#integer>.\n"
              "<http://ex/\\u00E9> <http://ex/p> \"s\"^^<http://www.w3.org/2001/XMLSchema#string> .",
              NULL,
              "<http://ex/s> <http://ex/p> \"a\tb\xc3\xa9\xf0\x9f\x98\x80\\\"\" .\n"
              "_:b1 <http://ex/p> \"x\"@en-GB .\n"
              "<http://ex/s> <http://ex/p> \"5\"^^<http://www.w3.org/2001/XMLSchema#integer> .\n"
              "<http://ex/\xc3\xa9> <http://ex/p> \"s\" .\n");
  check_parse(SILA_RDF_NQUADS,
              "<http://ex/s> <http://ex/p> <http://ex/o> <http://ex/g> .\n"
              "<http://ex/s> <http://ex/p> _:o _:g .\n"
              "<http://ex/s> <http://ex/p> \"v\" .\n",
              NULL,
              "<http://ex/s> <http://ex/p> <http://ex/o> <http://ex/g> .\n"
              "<http://ex/s> <http://ex/p> _:o _:g .\n"
              "<http://ex/s> <http://ex/p> \"v\" .\n");
  /* errors: position, message naming what was found, nothing after it */
  check_error(SILA_RDF_NTRIPLES,
              "<http://ex/s> <http://ex/p> <http://ex/o> .\n"
              "<http://ex/s> <http://ex/p> <http://ex/o> .\n"
              "<http://ex/s> <http://ex/p> <http://ex/o> ;\n"
              "<http://ex/s> <http://ex/p> <http://ex/o> .\n",
              3, 43, "found ';'");
  check_error(SILA_RDF_NTRIPLES, "<http://ex/s> <p> <http://ex/o> .\n", 1, 15, "relative IRI");
  /* CR LF and lone CR line ends count as one line each, however chunks fall */
  check_error(SILA_RDF_NTRIPLES,
              "<http://ex/s> <http://ex/p> <http://ex/o> .\r\n\r\n"
              "<http://ex/s> <http://ex/p> <http://ex/o> .\r"
              "<http://ex/s> <http://ex/p> bad .\n",
              4, 29, "object");
  check_error(SILA_RDF_NTRIPLES, "<http://ex/s> <http://ex/p> \"abc .\n", 1, 0, "unterminated");
  check_error(SILA_RDF_NTRIPLES, "<http://ex/s> <http://ex/p> \"\\uD800\" .\n", 1, 30, "scalar");
  check_error(SILA_RDF_NTRIPLES, "<http://ex/s> <http://ex/p> \"\xff\" .\n", 1, 30, "UTF-8");
  check_error(SILA_RDF_NQUADS, "<http://ex/s> <http://ex/p> <http://ex/o> \"g\" .\n", 1, 43,
              "graph label");
  check_error(SILA_RDF_NTRIPLES, "<http://ex/s> <http://ex/p> <http://ex/o> <http://ex/g> .\n",
              1, 43, "expected '.'");

  /* the first error is fatal: no statement after it reaches the sink */
  SilaError err;
  SilaBuf out = SILA_BUF_INIT;
  sila_buf_puts(&out, "");
  const char *doc = "<http://ex/a> <http://ex/p> <http://ex/o> .\nbad line\n"
                    "<http://ex/b> <http://ex/p> <http://ex/o> .\n";
  memset(&err, 0, sizeof err);
  CHECK_INT(SILA_ERR_SYNTAX,
            sila_rdf_parse_string(SILA_RDF_NTRIPLES, doc, strlen(doc), NULL, to_text, &out, &err));
  CHECK_STR("<http://ex/a> <http://ex/p> <http://ex/o> .\n", out.data);
  sila_buf_free(&out);

  /* a line far longer than the read buffer, and a long escaped literal */
  size_t big = 700 * 1024;
  char *line = malloc(big + 200);
  strcpy(line, "<http://ex/s> <http://ex/p> \"");
  size_t l = strlen(line);
  for (size_t i = 0; i < big; i++)
    line[l++] = (char)('a' + i % 26);
  strcpy(line + l, "\\n\" .\n");
  RdfIsoGraph *g = rdf_iso_graph_new();
  memset(&err, 0, sizeof err);
  CHECK_INT(SILA_OK, sila_rdf_parse_string(SILA_RDF_NTRIPLES, line, strlen(line), NULL,
                                           rdf_iso_sink, g, &err));
  CHECK_INT(1, rdf_iso_size(g));
  if (rdf_iso_size(g) == 1) {
    SilaTerm s, p, o, gr;
    bool hg;
    rdf_iso_get(g, 0, &s, &p, &o, &gr, &hg);
    CHECK_INT(big + 1, o.value_len);
    CHECK(o.value[big] == '\n');
  }
  rdf_iso_graph_free(g);
  free(line);
}

/* --- Turtle / TriG --- */

static void test_turtle(void) {
  check_parse(SILA_RDF_TURTLE,
              "@base <http://ex/dir/> .\n"
              "@prefix : <ns#> .\n"
              "PREFIX x: <http://x/>\n"
              "<a> :p \"\"\"multi\nline\"\"\" , 'q'@EN ; a x:T ;; .\n"
              "BASE <http://other/a/b>\n"
              "<../c> x:n -1.5e3 , .5 , 01 , true .\n",
              NULL,
              "<http://ex/dir/a> <http://ex/dir/ns#p> \"multi\\nline\" .\n"
              "<http://ex/dir/a> <http://ex/dir/ns#p> \"q\"@EN .\n"
              "<http://ex/dir/a> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://x/T> .\n"
              "<http://other/c> <http://x/n> \"-1.5e3\"^^<http://www.w3.org/2001/XMLSchema#double> .\n"
              "<http://other/c> <http://x/n> \".5\"^^<http://www.w3.org/2001/XMLSchema#decimal> .\n"
              "<http://other/c> <http://x/n> \"01\"^^<http://www.w3.org/2001/XMLSchema#integer> .\n"
              "<http://other/c> <http://x/n> \"true\"^^<http://www.w3.org/2001/XMLSchema#boolean> .\n");
  /* generated blank nodes start with '-' and cannot clash with _:b1 */
  check_parse(SILA_RDF_TURTLE,
              "@prefix : <http://ex/> .\n"
              "_:b1 :p [ :q ( 1 _:b1 ) ] .\n"
              ":s :p () .\n",
              NULL,
              "_:-b2 <http://www.w3.org/1999/02/22-rdf-syntax-ns#first> \"1\"^^<http://www.w3.org/2001/XMLSchema#integer> .\n"
              "_:-b2 <http://www.w3.org/1999/02/22-rdf-syntax-ns#rest> _:-b3 .\n"
              "_:-b3 <http://www.w3.org/1999/02/22-rdf-syntax-ns#first> _:b1 .\n"
              "_:-b3 <http://www.w3.org/1999/02/22-rdf-syntax-ns#rest> <http://www.w3.org/1999/02/22-rdf-syntax-ns#nil> .\n"
              "_:-b1 <http://ex/q> _:-b2 .\n"
              "_:b1 <http://ex/p> _:-b1 .\n"
              "<http://ex/s> <http://ex/p> <http://www.w3.org/1999/02/22-rdf-syntax-ns#nil> .\n");
  check_parse(SILA_RDF_TRIG,
              "@prefix : <http://ex/> .\n"
              ":g { :s :p :o . :s :p :o2 }\n"
              "GRAPH _:g2 { :s :p :o }\n"
              "{ :a :b :c }\n"
              ":t :p :o .\n",
              NULL,
              "<http://ex/s> <http://ex/p> <http://ex/o> <http://ex/g> .\n"
              "<http://ex/s> <http://ex/p> <http://ex/o2> <http://ex/g> .\n"
              "<http://ex/s> <http://ex/p> <http://ex/o> _:g2 .\n"
              "<http://ex/a> <http://ex/b> <http://ex/c> .\n"
              "<http://ex/t> <http://ex/p> <http://ex/o> .\n");
  check_error(SILA_RDF_TURTLE, "@prefix : <http://ex/> .\n:s :p :o .\n:s :p nope:o .\n", 3, 12,
              "undefined prefix 'nope:'");
  check_error(SILA_RDF_TURTLE, "<s> <p> \"a\"@en^^<x> .\n", 1, 15, "expected '.'");
  check_error(SILA_RDF_TURTLE, "<s> <p> <o> \n", 2, 1, "found end of input");
  check_error(SILA_RDF_TURTLE, "<s> <p> [ <q> <o> .\n", 1, 19, "expected ']'");
  check_error(SILA_RDF_TRIG, "<g> { <s> <p> <o> . <g2> { } }\n", 1, 26, "");
  check_error(SILA_RDF_TURTLE, "<s> <p> 1.5.3 .\n", 1, 13, "found '3'");

  /* regression (found by fuzzing): "\\" then NUL is no local-name escape */
  {
    static const char nul_doc[] = "@prefix : <http://e/> .\n:s :p :a\\\0b .\n";
    SilaBuf sink = SILA_BUF_INIT;
    SilaError e2;
    memset(&e2, 0, sizeof e2);
    CHECK_INT(SILA_ERR_SYNTAX, sila_rdf_parse_string(SILA_RDF_TURTLE, nul_doc, sizeof nul_doc - 1,
                                                     NULL, to_text, &sink, &e2));
    CHECK_INT(2, e2.line);
    sila_buf_free(&sink);
  }

  /* byte order marks are skipped */
  check_parse(SILA_RDF_TURTLE, "\xEF\xBB\xBF<http://ex/s> <http://ex/p> 1 .\n", NULL,
              "<http://ex/s> <http://ex/p> \"1\"^^<http://www.w3.org/2001/XMLSchema#integer> .\n");
  check_parse(SILA_RDF_NTRIPLES, "\xEF\xBB\xBF<http://ex/s> <http://ex/p> <http://ex/o> .\n", NULL,
              "<http://ex/s> <http://ex/p> <http://ex/o> .\n");

  /* hostile nesting is refused, not a stack overflow */
  SilaBuf deep = SILA_BUF_INIT;
  sila_buf_puts(&deep, "<http://ex/s> <http://ex/p> ");
  for (int i = 0; i < 5000; i++)
    sila_buf_puts(&deep, "[ <http://ex/p> ");
  sila_buf_puts(&deep, "1 ");
  for (int i = 0; i < 5000; i++)
    sila_buf_puts(&deep, "] ");
  sila_buf_puts(&deep, ".\n");
  check_error(SILA_RDF_TURTLE, deep.data, 1, 0, "nesting too deep");
  sila_buf_free(&deep);
}

static char *write_all(SilaRdfFormat fmt, const SilaPrefix *pf, const char *nq, SilaJsonLdForm form);

/* RDF 1.2: base direction kept in the language tag ("ar--rtl"), VERSION
 * announcements read and not acted on. */
static void test_rdf12(void) {
  check_parse(SILA_RDF_NTRIPLES, "<http://e/s> <http://e/p> \"Hello\"@en--ltr .\n", NULL,
              "<http://e/s> <http://e/p> \"Hello\"@en--ltr .\n");
  check_parse(SILA_RDF_TURTLE,
              "VERSION \"1.2\"\n@version '1.2-basic' .\n@prefix e: <http://e/> .\n"
              "e:s e:p \"\u0645\u0631\u062d\u0628\u0627\"@ar--rtl, \"x\"@en-GB .\n",
              NULL,
              "<http://e/s> <http://e/p> \"\xd9\x85\xd8\xb1\xd8\xad\xd8\xa8\xd8\xa7\"@ar--rtl .\n"
              "<http://e/s> <http://e/p> \"x\"@en-GB .\n");
  check_error(SILA_RDF_NTRIPLES, "<http://e/s> <http://e/p> \"Hello\"@en--LTR .\n", 1, 35,
              "base direction");
  check_error(SILA_RDF_NTRIPLES, "<http://e/s> <http://e/p> \"Hello\"@cantbethislong .\n", 1,
              35, "at most 8");
  check_error(SILA_RDF_NTRIPLES,
              "<http://e/s> <http://e/p> \"x\"^^<http://www.w3.org/1999/02/22-rdf-syntax-ns#"
              "dirLangString> .\n",
              1, 0, "@lang");
  check_error(SILA_RDF_TURTLE, "@prefix e: <http://e/> .\ne:s e:p \"x\"@en--up .\n", 2, 13,
              "base direction");
  check_error(SILA_RDF_TURTLE, "VERSION \"\"\"1.2\"\"\"\n", 1, 9, "one-line");
  check_error(SILA_RDF_TURTLE, "VERSION 1.2\n", 1, 9, "version string");
  /* writers: N-Triples and Turtle keep the tag, JSON-LD splits it */
  const char *nt = "<http://e/s> <http://e/p> \"x\"@ar--rtl .\n";
  char *t = write_all(SILA_RDF_NTRIPLES, NULL, nt, SILA_JSONLD_AUTO);
  CHECK_STR(nt, t);
  free(t);
  t = write_all(SILA_RDF_JSONLD, NULL, nt, SILA_JSONLD_AUTO);
  CHECK(t && strstr(t, "\"@language\": \"ar\", \"@direction\": \"rtl\"") != NULL);
  free(t);
}

static void test_rdfxml(void) {
  check_parse(SILA_RDF_RDFXML,
              "<?xml version=\"1.0\"?>\n"
              "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\"\n"
              "         xmlns:ex=\"http://ex/\">\n"
              "  <rdf:Description rdf:about=\"a\">\n"
              "    <ex:p xml:lang=\"it\">ciao</ex:p>\n"
              "    <ex:n rdf:datatype=\"http://www.w3.org/2001/XMLSchema#integer\">01</ex:n>\n"
              "  </rdf:Description>\n"
              "</rdf:RDF>\n",
              "http://base/dir/",
              "<http://base/dir/a> <http://ex/p> \"ciao\"@it .\n"
              "<http://base/dir/a> <http://ex/n> \"01\"^^<http://www.w3.org/2001/XMLSchema#integer> .\n");
  /* the in-scope xml:lang applies to property attributes too (raptor2
   * 2.0.15 drops it: the parser works around it), and xml:lang="" resets
   * it; in chunks of 1-3 bytes as well */
  check_parse(SILA_RDF_RDFXML,
              "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\"\n"
              "         xmlns:ex=\"http://ex/\" xml:lang=\"fr\">\n"
              "  <rdf:Description rdf:about=\"a\" ex:p=\"chat\">\n"
              "    <ex:q xml:lang=\"\">chat</ex:q>\n"
              "    <ex:r>chat</ex:r>\n"
              "  </rdf:Description>\n"
              "  <rdf:Description rdf:about=\"b\" xml:lang=\"\" ex:p=\"chat\"/>\n"
              "  <rdf:Description rdf:about=\"c\" xml:lang=\"it\" ex:p=\"gatto\"/>\n"
              "</rdf:RDF>\n",
              "http://base/",
              "<http://base/a> <http://ex/p> \"chat\"@fr .\n"
              "<http://base/a> <http://ex/q> \"chat\" .\n"
              "<http://base/a> <http://ex/r> \"chat\"@fr .\n"
              "<http://base/b> <http://ex/p> \"chat\" .\n"
              "<http://base/c> <http://ex/p> \"gatto\"@it .\n");
  SilaError err;
  char *got = parse_text(SILA_RDF_RDFXML,
                         "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
                         "<rdf:Description rdf:about=\"http://ex/a\"><unclosed>\n</rdf:RDF>\n",
                         "http://base/", 0, &err);
  CHECK(got == NULL);
  free(got);
  CHECK_INT(SILA_ERR_SYNTAX, err.status);
  CHECK(err.line > 0);
}

static SilaStatus write_through(void *ctx, const SilaTerm *s, const SilaTerm *p,
                                const SilaTerm *o, const SilaTerm *g) {
  return sila_rdf_writer_quad(ctx, s, p, o, g);
}

/* An RDF/XML writer used from an RDF/XML parser's sink shares raptor's
 * world: the parser must still see the error that comes after. */
static void test_rdfxml_nested(void) {
  SilaBuf out = SILA_BUF_INIT;
  SilaRdfWriter *w = sila_rdf_writer_new(SILA_RDF_RDFXML, sila_rdf_write_to_buf, &out, NULL);
  const char *doc = "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\"\n"
                    "  xmlns:ex=\"http://ex/\">\n"
                    "<rdf:Description rdf:about=\"http://ex/a\"><ex:p>x</ex:p></rdf:Description>\n"
                    "<rdf:Description rdf:about=\"http://ex/b\"><ex:p>y</ex:p><ex:q rdf:resource=\"x\" rdf:nodeID=\"n\"/>\n"
                    "</rdf:Description></rdf:RDF>\n";
  SilaError err;
  memset(&err, 0, sizeof err);
  SilaStatus st = sila_rdf_parse_string(SILA_RDF_RDFXML, doc, strlen(doc), "http://base/",
                                        write_through, w, &err);
  CHECK_INT(SILA_ERR_SYNTAX, st);
  CHECK_INT(4, err.line);
  sila_rdf_writer_free(w);
  sila_buf_free(&out);
}

/* --- writers --- */

static char *write_all(SilaRdfFormat fmt, const SilaPrefix *pf, const char *nq, SilaJsonLdForm form) {
  SilaBuf out = SILA_BUF_INIT;
  SilaRdfWriter *w = sila_rdf_writer_new(fmt, sila_rdf_write_to_buf, &out, pf);
  sila_rdf_writer_set_jsonld_form(w, form);
  RdfIsoGraph *g = rdf_iso_graph_new();
  SilaError err;
  memset(&err, 0, sizeof err);
  CHECK_INT(SILA_OK, sila_rdf_parse_string(SILA_RDF_NQUADS, nq, strlen(nq), NULL, rdf_iso_sink, g, &err));
  for (size_t i = 0; i < rdf_iso_size(g); i++) {
    SilaTerm s, p, o, gr;
    bool hg;
    rdf_iso_get(g, i, &s, &p, &o, &gr, &hg);
    CHECK_INT(SILA_OK, sila_rdf_writer_quad(w, &s, &p, &o, hg ? &gr : NULL));
  }
  CHECK_INT(SILA_OK, sila_rdf_writer_finish(w));
  sila_rdf_writer_free(w);
  rdf_iso_graph_free(g);
  sila_buf_putc(&out, '\0');
  return out.data;
}

static void test_writers(void) {
  static const SilaPrefix pf[] = {{"ex", "http://ex/"}, {"xsd", SILA_NS_XSD}, {NULL, NULL}};
  const char *nq = "<http://ex/s> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://ex/T> .\n"
                   "<http://ex/s> <http://ex/p> \"a\\\"b\"@en .\n"
                   "<http://ex/s> <http://ex/p> \"7\"^^<http://www.w3.org/2001/XMLSchema#integer> .\n"
                   "<http://ex/s> <http://ex/q> <http://ex/a/b> .\n"
                   "_:x <http://ex/p> \"1.0\"^^<http://www.w3.org/2001/XMLSchema#decimal> <http://ex/g> .\n"
                   "_:x <http://ex/p> <http://ex/o.> <http://ex/g> .\n";
  char *t = write_all(SILA_RDF_TURTLE, pf, nq, SILA_JSONLD_AUTO);
  CHECK_STR("@prefix ex: <http://ex/> .\n"
            "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n\n"
            "ex:s a ex:T ;\n"
            "  ex:p \"a\\\"b\"@en ,\n"
            "    7 ;\n"
            "  ex:q <http://ex/a/b> .\n"
            "_:x ex:p \"1.0\"^^xsd:decimal ,\n"
            "    <http://ex/o.> .\n",
            t);
  free(t);
  t = write_all(SILA_RDF_TRIG, pf, nq, SILA_JSONLD_AUTO);
  CHECK_STR("@prefix ex: <http://ex/> .\n"
            "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n\n"
            "ex:s a ex:T ;\n"
            "  ex:p \"a\\\"b\"@en ,\n"
            "    7 ;\n"
            "  ex:q <http://ex/a/b> .\n"
            "ex:g {\n"
            "  _:x ex:p \"1.0\"^^xsd:decimal ,\n"
            "      <http://ex/o.> .\n"
            "}\n",
            t);
  free(t);
  t = write_all(SILA_RDF_NTRIPLES, NULL, nq, SILA_JSONLD_AUTO);
  CHECK(strstr(t, "_:x <http://ex/p> <http://ex/o.> .\n") != NULL);
  free(t);
  t = write_all(SILA_RDF_NQUADS, NULL, nq, SILA_JSONLD_AUTO);
  CHECK(strstr(t, "_:x <http://ex/p> <http://ex/o.> <http://ex/g> .\n") != NULL);
  free(t);

  /* JSON-LD: valid JSON with the expected structure, both forms */
  t = write_all(SILA_RDF_JSONLD, NULL, nq, SILA_JSONLD_AUTO);
  json_error_t je;
  json_t *j = json_loads(t, 0, &je);
  CHECK(j != NULL && json_is_array(j));
  if (j && json_is_array(j)) {
    CHECK_INT(2, json_array_size(j));
    json_t *n0 = json_array_get(j, 0);
    CHECK_STR("http://ex/s", json_string_value(json_object_get(n0, "@id")));
    json_t *ps = json_object_get(n0, "http://ex/p");
    CHECK_INT(2, json_array_size(ps));
    CHECK_STR("en", json_string_value(json_object_get(json_array_get(ps, 0), "@language")));
    CHECK_STR("7", json_string_value(json_object_get(json_array_get(ps, 1), "@value")));
    json_t *g1 = json_array_get(j, 1);
    CHECK_STR("http://ex/g", json_string_value(json_object_get(g1, "@id")));
    CHECK_STR("_:x", json_string_value(json_object_get(json_array_get(json_object_get(g1, "@graph"), 0), "@id")));
  }
  json_decref(j);
  free(t);
  t = write_all(SILA_RDF_JSONLD, pf, nq, SILA_JSONLD_AUTO);
  j = json_loads(t, 0, &je);
  CHECK(j != NULL && json_is_object(j));
  CHECK_STR("http://ex/", json_string_value(json_object_get(json_object_get(j, "@context"), "ex")));
  CHECK_STR("ex:s", json_string_value(json_object_get(json_array_get(json_object_get(j, "@graph"), 0), "@id")));
  json_decref(j);
  free(t);

  /* a predicate that comes back after another never repeats a JSON key */
  t = write_all(SILA_RDF_JSONLD, NULL,
                "<http://ex/s> <http://ex/p> \"1\" .\n<http://ex/s> <http://ex/q> \"2\" .\n"
                "<http://ex/s> <http://ex/p> \"3\" .\n", SILA_JSONLD_EXPANDED);
  j = json_loads(t, JSON_REJECT_DUPLICATES, &je);
  CHECK(j != NULL);
  CHECK_INT(2, json_array_size(j));
  json_decref(j);
  free(t);

  /* RDF/XML through raptor, read back */
  t = write_all(SILA_RDF_RDFXML, pf, "<http://ex/s> <http://ex/p> \"a\"@en .\n", SILA_JSONLD_AUTO);
  SilaError err;
  char *back = parse_text(SILA_RDF_RDFXML, t, "http://base/", 0, &err);
  CHECK_STR("<http://ex/s> <http://ex/p> \"a\"@en .\n", back);
  free(back);
  free(t);

  /* invalid blank labels are written in a valid, distinct form */
  SilaBuf b = SILA_BUF_INIT;
  SilaRdfWriter *w = sila_rdf_writer_new(SILA_RDF_NTRIPLES, sila_rdf_write_to_buf, &b, NULL);
  SilaTerm s = sila_term_blank("-b1"), p = sila_term_iri("http://ex/p"), o = sila_term_blank("b1");
  CHECK_INT(SILA_OK, sila_rdf_writer_quad(w, &s, &p, &o, NULL));
  SilaTerm lit = sila_term_literal("x", NULL, NULL);
  CHECK_INT(SILA_ERR_INVALID, sila_rdf_writer_quad(w, &lit, &p, &o, NULL));
  CHECK_INT(SILA_OK, sila_rdf_writer_finish(w));
  sila_rdf_writer_free(w);
  sila_rdf_writer_free(NULL);
  sila_buf_putc(&b, '\0');
  CHECK_STR("_:x-2d6231 <http://ex/p> _:b1 .\n", b.data);
  sila_buf_free(&b);
  /* invalid prefix names are ignored; JSON-LD skips scheme-like prefix names */
  static const SilaPrefix odd[] = {{"bad name", "http://ex/"}, {"urn", "urn:x:"}, {"e", "http://ex/"},
                                   {NULL, NULL}};
  t = write_all(SILA_RDF_TURTLE, odd, "<http://ex/s> <http://ex/p> <urn:x:y> .\n", SILA_JSONLD_AUTO);
  CHECK_STR("@prefix urn: <urn:x:> .\n@prefix e: <http://ex/> .\n\ne:s e:p urn:y .\n", t);
  free(t);
  t = write_all(SILA_RDF_JSONLD, odd, "<http://ex/s> <http://ex/p> <urn:x:y> .\n", SILA_JSONLD_AUTO);
  CHECK(strstr(t, "\"urn\"") == NULL && strstr(t, "\"urn:x:y\"") != NULL && strstr(t, "\"e:s\"") != NULL);
  free(t);
  CHECK(sila_rdf_blank_label_valid("a.b", 3));
  CHECK(!sila_rdf_blank_label_valid("a.", 2));
  CHECK(!sila_rdf_blank_label_valid("-a", 2));
  CHECK(sila_rdf_blank_label_valid("1-a", 3));
}

typedef struct {
  size_t calls, max_chunk, total, fail_after;
} Sink;

static SilaStatus counting_write(void *ctx, const char *data, size_t len) {
  Sink *k = ctx;
  k->calls++;
  k->total += len;
  if (len > k->max_chunk)
    k->max_chunk = len;
  return k->fail_after && k->calls >= k->fail_after ? SILA_ERR_IO : SILA_OK;
}

/* Output streams in bounded pieces while statements arrive; a failing
 * write callback fails the writer. */
static void test_writer_streaming(void) {
  static const SilaRdfFormat fmts[] = {SILA_RDF_NTRIPLES, SILA_RDF_TURTLE, SILA_RDF_TRIG,
                                       SILA_RDF_JSONLD, SILA_RDF_RDFXML};
  for (size_t f = 0; f < sizeof fmts / sizeof fmts[0]; f++) {
    Sink k = {0, 0, 0, 0};
    SilaRdfWriter *w = sila_rdf_writer_new(fmts[f], counting_write, &k, NULL);
    char iri[64];
    SilaTerm p = sila_term_iri("http://ex/p"), o = sila_term_literal("some value", NULL, "it");
    SilaStatus st = SILA_OK;
    for (int i = 0; i < 20000 && st == SILA_OK; i++) {
      snprintf(iri, sizeof iri, "http://ex/s%d", i / 3);
      SilaTerm s = sila_term_iri(iri);
      st = sila_rdf_writer_quad(w, &s, &p, &o, NULL);
    }
    CHECK_INT(SILA_OK, st);
    size_t calls_before_finish = k.calls;
    CHECK_INT(SILA_OK, sila_rdf_writer_finish(w));
    sila_rdf_writer_free(w);
    CHECK(calls_before_finish > 5);
    CHECK(k.max_chunk < 80 * 1024);
    CHECK(k.total > 20000 * 20);
  }
  Sink k = {0, 0, 0, 2};
  SilaRdfWriter *w = sila_rdf_writer_new(SILA_RDF_NTRIPLES, counting_write, &k, NULL);
  SilaTerm s = sila_term_iri("http://ex/s"), p = sila_term_iri("http://ex/p");
  SilaStatus st = SILA_OK;
  for (int i = 0; i < 100000 && st == SILA_OK; i++)
    st = sila_rdf_writer_quad(w, &s, &p, &s, NULL);
  CHECK_INT(SILA_ERR_IO, st);
  CHECK_INT(SILA_ERR_IO, sila_rdf_writer_quad(w, &s, &p, &s, NULL));
  CHECK_INT(SILA_ERR_IO, sila_rdf_writer_finish(w));
  sila_rdf_writer_free(w);
}

/* --- isomorphism --- */

static RdfIsoGraph *graph_of(const char *nq) {
  RdfIsoGraph *g = rdf_iso_graph_new();
  SilaError err;
  memset(&err, 0, sizeof err);
  sila_rdf_parse_string(SILA_RDF_NQUADS, nq, strlen(nq), NULL, rdf_iso_sink, g, &err);
  return g;
}

static void check_iso(const char *a, const char *b, bool expect) {
  RdfIsoGraph *ga = graph_of(a), *gb = graph_of(b);
  char why[256];
  CHECK(rdf_iso_equal(ga, gb, why, sizeof why) == expect);
  CHECK(rdf_iso_equal(gb, ga, why, sizeof why) == expect);
  rdf_iso_graph_free(ga);
  rdf_iso_graph_free(gb);
}

static void test_iso(void) {
  check_iso("_:a <http://p> _:b .\n_:b <http://p> \"x\" .\n",
            "_:y <http://p> \"x\" .\n_:z <http://p> _:y .\n", true);
  check_iso("_:a <http://p> _:b .\n", "_:a <http://p> _:a .\n", false);
  check_iso("<http://s> <http://p> \"x\"@EN .\n", "<http://s> <http://p> \"x\"@en .\n", true);
  check_iso("<http://s> <http://p> \"x\" .\n", "<http://s> <http://p> \"y\" .\n", false);
  check_iso("<http://s> <http://p> \"x\" _:g .\n", "<http://s> <http://p> \"x\" _:h .\n", true);
  check_iso("<http://s> <http://p> \"x\" _:g .\n", "<http://s> <http://p> \"x\" .\n", false);
  /* a 6-cycle against two 3-cycles: colour refinement alone cannot tell */
  check_iso("_:a <http://p> _:b .\n_:b <http://p> _:c .\n_:c <http://p> _:d .\n"
            "_:d <http://p> _:e .\n_:e <http://p> _:f .\n_:f <http://p> _:a .\n",
            "_:a <http://p> _:b .\n_:b <http://p> _:c .\n_:c <http://p> _:a .\n"
            "_:d <http://p> _:e .\n_:e <http://p> _:f .\n_:f <http://p> _:d .\n",
            false);
  check_iso("_:a <http://p> _:b .\n_:b <http://p> _:c .\n_:c <http://p> _:a .\n"
            "_:d <http://p> _:e .\n_:e <http://p> _:f .\n_:f <http://p> _:d .\n",
            "_:x <http://p> _:y .\n_:y <http://p> _:z .\n_:z <http://p> _:x .\n"
            "_:u <http://p> _:v .\n_:v <http://p> _:w .\n_:w <http://p> _:u .\n",
            true);
  /* duplicates collapse: graphs are sets */
  check_iso("<http://s> <http://p> <http://o> .\n<http://s> <http://p> <http://o> .\n",
            "<http://s> <http://p> <http://o> .\n", true);
}

int main(void) {
  test_formats();
  test_files();
  test_iri_resolution();
  test_ntriples();
  test_turtle();
  test_rdf12();
  test_rdfxml();
  test_rdfxml_nested();
  test_writers();
  test_writer_streaming();
  test_iso();
  return TEST_REPORT();
}
