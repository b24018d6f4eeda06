/* test_results.c — SPARQL result formats: writers byte for byte, parsers,
 * write → parse → compare round trips, result-set comparison, and the W3C
 * expected-result files (skipped when $SILA_SHARED is absent). */
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "results_compare.h"
#include "sila_results.h"
#include "test_files.h"
#include "test_harness.h"

#define XSD SILA_NS_XSD
#define EX "http://example.org/"

/* ---- helpers ---- */

typedef struct {
  SilaBuf out;
  size_t calls, max_chunk;
  size_t fail_after; /* fail once this many bytes were accepted (0 = never) */
} Sink;

static SilaStatus sink_write(void *ctx, const char *data, size_t len) {
  Sink *s = ctx;
  s->calls++;
  if (len > s->max_chunk)
    s->max_chunk = len;
  if (s->fail_after && s->out.len + len > s->fail_after)
    return SILA_ERR_IO;
  return sila_buf_append(&s->out, data, len) ? SILA_ERR_NOMEM : SILA_OK;
}

/* Writes rs in fmt; returns the document (caller frees) or NULL. */
static char *write_set(const SilaResultSet *rs, SilaResultFormat fmt, unsigned flags,
                       size_t *len) {
  Sink s = {SILA_BUF_INIT, 0, 0, 0};
  SilaResultWriter *w = sila_results_writer_new(fmt, sink_write, &s, flags);
  SilaStatus st = w ? sila_results_set_write(rs, w) : SILA_ERR_NOMEM;
  sila_results_writer_free(w);
  if (st) {
    fprintf(stderr, "write_set(%s): %s\n", sila_results_format_name(fmt), sila_strerror(st));
    sila_buf_free(&s.out);
    return NULL;
  }
  if (!s.out.data && sila_buf_append(&s.out, "", 0))
    return NULL;
  *len = s.out.len;
  return s.out.data;
}

static SilaResultSet *parse_str(SilaResultFormat fmt, const char *doc, size_t len) {
  SilaResultSet *rs = NULL;
  SilaError err;
  sila_error_clear(&err);
  if (sila_results_parse(fmt, doc, len, &rs, &err)) {
    char msg[600];
    fprintf(stderr, "parse(%s): %s\n", sila_results_format_name(fmt),
            sila_error_format(&err, msg, sizeof msg));
  }
  return rs;
}

static bool same(const SilaResultSet *e, const SilaResultSet *a, unsigned flags) {
  char why[512];
  if (!e || !a)
    return false;
  bool ok = results_compare(e, a, flags, why, sizeof why);
  if (!ok)
    fprintf(stderr, "  compare: %s\n", why);
  return ok;
}

/* Builds a set from vars and rows of terms (kind NONE = unbound). */
static SilaResultSet *make_set(const char *const *vars, size_t nvars, const SilaTerm *cells,
                               size_t nrows) {
  SilaResultSet *rs = sila_results_set_new();
  for (size_t i = 0; i < nvars; i++)
    sila_results_set_add_var(rs, vars[i], strlen(vars[i]));
  const SilaTerm *row[16];
  for (size_t r = 0; r < nrows; r++) {
    for (size_t i = 0; i < nvars; i++)
      row[i] = &cells[r * nvars + i];
    sila_results_set_add_row(rs, row);
  }
  return rs;
}

static SilaTerm lit_dt(const char *lex, const char *dt) { return sila_term_literal(lex, dt, NULL); }
static SilaTerm lit(const char *lex) { return sila_term_literal(lex, NULL, NULL); }
static SilaTerm lit_lang(const char *lex, const char *lang) {
  return sila_term_literal(lex, NULL, lang);
}
static const SilaTerm UNBOUND = {SILA_TERM_NONE, NULL, 0, NULL, 0, NULL, 0, NULL};

/* Writes one small fixed SELECT result and returns the text. */
static char *write_sample(SilaResultFormat fmt, unsigned flags) {
  static const char *const vars[] = {"x", "name", "n"};
  SilaTerm cells[] = {
      sila_term_blank("r1"), lit_lang("Alice", "en"), lit_dt("1", XSD "integer"),
      sila_term_iri(EX "bob"), lit("Bob \"B\", <b>"), UNBOUND,
  };
  SilaResultSet *rs = make_set(vars, 3, cells, 2);
  size_t len;
  char *out = write_set(rs, fmt, flags, &len);
  sila_results_set_free(rs);
  return out;
}

/* ---- format lookup ---- */

static void test_formats(void) {
  CHECK_INT(SILA_RESULTS_JSON, sila_results_format_from_name("json"));
  CHECK_INT(SILA_RESULTS_JSON, sila_results_format_from_name("SRJ"));
  CHECK_INT(SILA_RESULTS_XML, sila_results_format_from_name("xml"));
  CHECK_INT(SILA_RESULTS_CSV, sila_results_format_from_name("Csv"));
  CHECK_INT(SILA_RESULTS_TSV, sila_results_format_from_name("tsv"));
  CHECK_INT(SILA_RESULTS_UNKNOWN, sila_results_format_from_name("turtle"));
  CHECK_INT(SILA_RESULTS_UNKNOWN, sila_results_format_from_name(NULL));
  CHECK_INT(SILA_RESULTS_JSON, sila_results_format_from_mime("application/sparql-results+json"));
  CHECK_INT(SILA_RESULTS_XML,
            sila_results_format_from_mime(" Application/SPARQL-Results+XML ;charset=utf-8"));
  CHECK_INT(SILA_RESULTS_CSV, sila_results_format_from_mime("text/csv; charset=utf-8"));
  CHECK_INT(SILA_RESULTS_TSV, sila_results_format_from_mime("text/tab-separated-values"));
  CHECK_INT(SILA_RESULTS_JSON, sila_results_format_from_mime("application/json"));
  CHECK_INT(SILA_RESULTS_XML, sila_results_format_from_mime("text/xml"));
  CHECK_INT(SILA_RESULTS_UNKNOWN, sila_results_format_from_mime("text/csvx"));
  CHECK_INT(SILA_RESULTS_UNKNOWN, sila_results_format_from_mime("text/turtle"));
  CHECK_STR("application/sparql-results+json", sila_results_format_mime(SILA_RESULTS_JSON));
  CHECK_STR("application/sparql-results+xml", sila_results_format_mime(SILA_RESULTS_XML));
  CHECK_STR("text/csv", sila_results_format_mime(SILA_RESULTS_CSV));
  CHECK_STR("text/tab-separated-values", sila_results_format_mime(SILA_RESULTS_TSV));
  CHECK_STR(".srj", sila_results_format_suffix(SILA_RESULTS_JSON));
  CHECK_STR(".srx", sila_results_format_suffix(SILA_RESULTS_XML));
  CHECK_STR(".csv", sila_results_format_suffix(SILA_RESULTS_CSV));
  CHECK_STR(".tsv", sila_results_format_suffix(SILA_RESULTS_TSV));
  CHECK_STR("tsv", sila_results_format_name(SILA_RESULTS_TSV));
  CHECK(sila_results_format_mime(SILA_RESULTS_UNKNOWN) == NULL);
  CHECK(sila_results_format_suffix((SilaResultFormat)99) == NULL);
}

/* ---- exact output ---- */

static void test_exact_output(void) {
  char *s = write_sample(SILA_RESULTS_JSON, 0);
  CHECK_STR("{\"head\":{\"vars\":[\"x\",\"name\",\"n\"]},\"results\":{\"bindings\":[\n"
            "{\"x\":{\"type\":\"bnode\",\"value\":\"r1\"},"
            "\"name\":{\"type\":\"literal\",\"value\":\"Alice\",\"xml:lang\":\"en\"},"
            "\"n\":{\"type\":\"literal\",\"value\":\"1\",\"datatype\":"
            "\"http://www.w3.org/2001/XMLSchema#integer\"}},\n"
            "{\"x\":{\"type\":\"uri\",\"value\":\"http://example.org/bob\"},"
            "\"name\":{\"type\":\"literal\",\"value\":\"Bob \\\"B\\\", <b>\"}}\n"
            "]}}\n",
            s);
  free(s);
  s = write_sample(SILA_RESULTS_XML, 0);
  CHECK_STR("<?xml version=\"1.0\"?>\n"
            "<sparql xmlns=\"http://www.w3.org/2005/sparql-results#\">\n"
            "  <head>\n"
            "    <variable name=\"x\"/>\n"
            "    <variable name=\"name\"/>\n"
            "    <variable name=\"n\"/>\n"
            "  </head>\n"
            "  <results>\n"
            "    <result>\n"
            "      <binding name=\"x\"><bnode>r1</bnode></binding>\n"
            "      <binding name=\"name\"><literal xml:lang=\"en\">Alice</literal></binding>\n"
            "      <binding name=\"n\"><literal "
            "datatype=\"http://www.w3.org/2001/XMLSchema#integer\">1</literal></binding>\n"
            "    </result>\n"
            "    <result>\n"
            "      <binding name=\"x\"><uri>http://example.org/bob</uri></binding>\n"
            "      <binding name=\"name\"><literal>Bob &quot;B&quot;, &lt;b&gt;</literal>"
            "</binding>\n"
            "    </result>\n"
            "  </results>\n"
            "</sparql>\n",
            s);
  free(s);
  s = write_sample(SILA_RESULTS_CSV, 0);
  CHECK_STR("x,name,n\r\n_:r1,Alice,1\r\nhttp://example.org/bob,\"Bob \"\"B\"\", <b>\",\r\n", s);
  free(s);
  s = write_sample(SILA_RESULTS_CSV, SILA_RESULTS_FLAG_BOM);
  CHECK(s && strncmp(s, "\xEF\xBB\xBFx,name,n\r\n", 13) == 0);
  free(s);
  s = write_sample(SILA_RESULTS_TSV, 0);
  CHECK_STR("?x\t?name\t?n\n_:r1\t\"Alice\"@en\t1\n<http://example.org/bob>\t\"Bob \\\"B\\\", <b>\"\t\n",
            s);
  free(s);

  /* ASK in every format. */
  static const struct {
    SilaResultFormat fmt;
    const char *yes, *no;
  } ask[] = {
      {SILA_RESULTS_JSON, "{\"head\":{},\"boolean\":true}\n", "{\"head\":{},\"boolean\":false}\n"},
      {SILA_RESULTS_XML,
       "<?xml version=\"1.0\"?>\n<sparql xmlns=\"http://www.w3.org/2005/sparql-results#\">\n"
       "  <head/>\n  <boolean>true</boolean>\n</sparql>\n",
       "<?xml version=\"1.0\"?>\n<sparql xmlns=\"http://www.w3.org/2005/sparql-results#\">\n"
       "  <head/>\n  <boolean>false</boolean>\n</sparql>\n"},
      {SILA_RESULTS_CSV, "_askResult\r\ntrue\r\n", "_askResult\r\nfalse\r\n"},
      {SILA_RESULTS_TSV, "?_askResult\ntrue\n", "?_askResult\nfalse\n"},
  };
  for (size_t i = 0; i < 4; i++) {
    for (int v = 0; v < 2; v++) {
      SilaResultSet *rs = sila_results_set_new();
      sila_results_set_set_boolean(rs, v == 0);
      size_t len;
      char *out = write_set(rs, ask[i].fmt, 0, &len);
      CHECK_STR(v == 0 ? ask[i].yes : ask[i].no, out);
      SilaResultSet *back = out ? parse_str(ask[i].fmt, out, len) : NULL;
      CHECK(back && back->is_boolean && back->boolean == (v == 0));
      sila_results_set_free(back);
      sila_results_set_free(rs);
      free(out);
    }
  }

  /* Zero variables, zero rows. */
  SilaResultSet *empty = sila_results_set_new();
  size_t len;
  char *out = write_set(empty, SILA_RESULTS_JSON, 0, &len);
  CHECK_STR("{\"head\":{\"vars\":[]},\"results\":{\"bindings\":[]}}\n", out);
  free(out);
  out = write_set(empty, SILA_RESULTS_XML, 0, &len);
  CHECK_STR("<?xml version=\"1.0\"?>\n<sparql xmlns=\"http://www.w3.org/2005/sparql-results#\">\n"
            "  <head/>\n  <results>\n  </results>\n</sparql>\n",
            out);
  free(out);
  out = write_set(empty, SILA_RESULTS_CSV, 0, &len);
  CHECK_STR("\r\n", out);
  free(out);
  out = write_set(empty, SILA_RESULTS_TSV, 0, &len);
  CHECK_STR("\n", out);
  free(out);
  sila_results_set_free(empty);
}

/* Escaping rules of each format, and what happens to bad input. */
static void test_escaping(void) {
  static const char *const vars[] = {"v"};
  SilaTerm cells[] = {lit("a\x01" "b\x1f\t\n\r\\\"/\x7f" "é€😀"), lit("bad\xff\xc3(")};
  SilaResultSet *rs = make_set(vars, 1, cells, 2);
  size_t len;
  char *s = write_set(rs, SILA_RESULTS_JSON, 0, &len);
  CHECK(s && strstr(s, "\"a\\u0001b\\u001F\\t\\n\\r\\\\\\\"/\\u007F" "é€😀\""));
  CHECK(s && strstr(s, "\"bad\xEF\xBF\xBD\xEF\xBF\xBD(\"")); /* invalid UTF-8 → U+FFFD */
  free(s);
  s = write_set(rs, SILA_RESULTS_XML, 0, &len);
  /* U+0001 and U+001F cannot appear in XML 1.0, even as references. */
  CHECK(s && strstr(s, "<literal>a\xEF\xBF\xBD" "b\xEF\xBF\xBD\t\n&#13;\\&quot;/\x7f" "é€😀</literal>"));
  free(s);
  s = write_set(rs, SILA_RESULTS_TSV, 0, &len);
  CHECK(s && strstr(s, "\"a\x01" "b\x1f\\t\\n\\r\\\\\\\"/\x7f" "é€😀\""));
  free(s);
  s = write_set(rs, SILA_RESULTS_CSV, 0, &len);
  CHECK(s && strstr(s, "\"a\x01" "b\x1f\t\n\r\\\"\"/\x7f" "é€😀\"\r\n"));
  free(s);
  sila_results_set_free(rs);

  /* TSV: IRIs escape what IRIREF forbids; numbers only bare when Turtle allows. */
  static const char *const v4[] = {"a", "b", "c", "d", "e", "f", "g", "h"};
  SilaTerm t4[] = {sila_term_iri("http://x/a b>c"), lit_dt("5.", XSD "decimal"),
                   lit_dt("+.5", XSD "decimal"), lit_dt("1E+3", XSD "double"),
                   lit_dt("TRUE", XSD "boolean"), lit_dt("007", XSD "integer"),
                   lit_dt("x", "http://x/dt>"), lit("42")};
  rs = make_set(v4, 8, t4, 1);
  s = write_set(rs, SILA_RESULTS_TSV, 0, &len);
  CHECK_STR("?a\t?b\t?c\t?d\t?e\t?f\t?g\t?h\n<http://x/a\\u0020b\\u003Ec>\t\"5.\"^^<" XSD
            "decimal>\t+.5\t1E+3\t\"TRUE\"^^<" XSD "boolean>\t007\t\"x\"^^<http://x/dt\\u003E>\t\"42\"\n",
            s);
  SilaResultSet *back = s ? parse_str(SILA_RESULTS_TSV, s, len) : NULL;
  CHECK(same(rs, back, 0));
  sila_results_set_free(back);
  free(s);
  sila_results_set_free(rs);

  /* Names no SPARQL query makes still survive: a CSV header is quoted as
   * needed; a tag "--x" has no language part, so it is not split. */
  static const char *const odd[] = {"a,b", "c"};
  SilaTerm t2[] = {lit_lang("x", "--x"), lit_lang("y", "en--")};
  rs = make_set(odd, 2, t2, 1);
  s = write_set(rs, SILA_RESULTS_CSV, 0, &len);
  CHECK(s && strncmp(s, "\"a,b\",c\r\n", 9) == 0);
  back = s ? parse_str(SILA_RESULTS_CSV, s, len) : NULL;
  CHECK(same(rs, back, RESULTS_CMP_LEXICAL));
  sila_results_set_free(back);
  free(s);
  s = write_set(rs, SILA_RESULTS_XML, 0, &len);
  CHECK(s && strstr(s, "xml:lang=\"--x\">x<") && strstr(s, "xml:lang=\"en\" xmlns:its"));
  back = s ? parse_str(SILA_RESULTS_XML, s, len) : NULL;
  CHECK(same(rs, back, 0));
  sila_results_set_free(back);
  free(s);
  sila_results_set_free(rs);
}

/* ---- writer behaviour ---- */

static void test_writer_api(void) {
  Sink s = {SILA_BUF_INIT, 0, 0, 0};
  const char *vars[] = {"a"};
  SilaTerm t = sila_term_iri(EX "x");
  const SilaTerm *row[] = {&t};
  CHECK(sila_results_writer_new(SILA_RESULTS_UNKNOWN, sink_write, &s, 0) == NULL);
  CHECK(sila_results_writer_new(SILA_RESULTS_JSON, NULL, &s, 0) == NULL);
  SilaResultWriter *w = sila_results_writer_new(SILA_RESULTS_JSON, sink_write, &s, 0);
  CHECK_INT(SILA_ERR_INVALID, sila_results_row(w, row));
  CHECK_INT(SILA_ERR_INVALID, sila_results_finish(w));
  const char *bad[] = {""};
  CHECK_INT(SILA_ERR_INVALID, sila_results_begin(w, bad, 1));
  CHECK_INT(SILA_OK, sila_results_begin(w, vars, 1));
  CHECK_INT(SILA_ERR_INVALID, sila_results_begin(w, vars, 1));
  CHECK_INT(SILA_ERR_INVALID, sila_results_boolean(w, true));
  SilaTerm badterm = {(SilaTermKind)9, "x", 1, NULL, 0, NULL, 0, NULL};
  const SilaTerm *badrow[] = {&badterm};
  CHECK_INT(SILA_ERR_INVALID, sila_results_row(w, badrow));
  SilaTerm badtriple = {SILA_RESULTS_TERM_TRIPLE, "<<( <a> <b> )>>", 15, NULL, 0, NULL, 0, NULL};
  const SilaTerm *btrow[] = {&badtriple};
  CHECK_INT(SILA_ERR_INVALID, sila_results_row(w, btrow));
  CHECK_INT(SILA_OK, sila_results_row(w, row));
  CHECK_INT(0, s.calls); /* still buffered */
  CHECK_INT(1, sila_results_writer_rows(w));
  CHECK_INT(SILA_OK, sila_results_finish(w));
  CHECK_INT(1, s.calls);
  CHECK_INT(SILA_ERR_INVALID, sila_results_finish(w));
  sila_results_writer_free(w);
  sila_results_writer_free(NULL);
  sila_results_set_free(NULL);
  sila_buf_free(&s.out);

  /* Triple terms: TSV and CSV write their text, JSON and XML a structure. */
  SilaTerm nested = {SILA_RESULTS_TERM_TRIPLE,
                     "<<( _:b <http://p\\u0020q> <<( <a> <b> \"x\\n\\u00E9\"@en )>> )>>", 0,
                     NULL, 0, NULL, 0, NULL};
  nested.value_len = strlen(nested.value);
  const SilaTerm *nrow[] = {&nested};
  static const char *const want[4] = {
      "{\"head\":{\"vars\":[\"a\"]},\"results\":{\"bindings\":[\n"
      "{\"a\":{\"type\":\"triple\",\"value\":{"
      "\"subject\":{\"type\":\"bnode\",\"value\":\"b\"},"
      "\"predicate\":{\"type\":\"uri\",\"value\":\"http://p q\"},"
      "\"object\":{\"type\":\"triple\",\"value\":{"
      "\"subject\":{\"type\":\"uri\",\"value\":\"a\"},"
      "\"predicate\":{\"type\":\"uri\",\"value\":\"b\"},"
      "\"object\":{\"type\":\"literal\",\"value\":\"x\\né\",\"xml:lang\":\"en\"}}}}}}\n]}}\n",
      "<triple><subject><bnode>b</bnode></subject><predicate><uri>http://p q</uri></predicate>"
      "<object><triple><subject><uri>a</uri></subject><predicate><uri>b</uri></predicate>"
      "<object><literal xml:lang=\"en\">x\né</literal></object></triple></object></triple>",
      "a\r\n\"<<( _:b <http://p\\u0020q> <<( <a> <b> \"\"x\\n\\u00E9\"\"@en )>> )>>\"\r\n",
      "?a\n<<( _:b <http://p\\u0020q> <<( <a> <b> \"x\\n\\u00E9\"@en )>> )>>\n"};
  for (SilaResultFormat f = SILA_RESULTS_JSON; f <= SILA_RESULTS_TSV; f++) {
    Sink s2 = {SILA_BUF_INIT, 0, 0, 0};
    w = sila_results_writer_new(f, sink_write, &s2, 0);
    CHECK_INT(SILA_OK, sila_results_begin(w, vars, 1));
    CHECK_INT(SILA_OK, sila_results_row(w, nrow));
    CHECK_INT(SILA_OK, sila_results_finish(w));
    if (f == SILA_RESULTS_XML)
      CHECK(s2.out.data && strstr(s2.out.data, want[f - 1]));
    else
      CHECK_STR(want[f - 1], s2.out.data);
    sila_results_writer_free(w);
    sila_buf_free(&s2.out);
  }

  /* Streaming: output leaves in bounded chunks while rows are written. */
  for (SilaResultFormat fmt = SILA_RESULTS_JSON; fmt <= SILA_RESULTS_TSV; fmt++) {
    Sink big = {SILA_BUF_INIT, 0, 0, 0};
    w = sila_results_writer_new(fmt, sink_write, &big, 0);
    const char *v2[] = {"s", "o"};
    sila_results_begin(w, v2, 2);
    size_t calls_midway = 0;
    char lexical[32];
    for (int i = 0; i < 20000; i++) {
      snprintf(lexical, sizeof lexical, "value %d", i);
      SilaTerm a = sila_term_iri(EX "subject"), b = lit(lexical);
      const SilaTerm *r2[] = {&a, &b};
      sila_results_row(w, r2);
      if (i == 10000)
        calls_midway = big.calls;
    }
    CHECK(calls_midway > 10);
    CHECK_INT(SILA_OK, sila_results_finish(w));
    CHECK(big.max_chunk <= SILA_RESULTS_BUFFER_SIZE);
    SilaResultSet *back = parse_str(fmt, big.out.data, big.out.len);
    CHECK(back && back->nrows == 20000);
    sila_results_set_free(back);
    sila_results_writer_free(w);
    sila_buf_free(&big.out);
  }

  /* An aborted result never parses as a complete one, in any format, even
   * when it stops right after a whole row. */
  for (SilaResultFormat fmt = SILA_RESULTS_JSON; fmt <= SILA_RESULTS_TSV; fmt++) {
    Sink ab = {SILA_BUF_INIT, 0, 0, 0};
    w = sila_results_writer_new(fmt, sink_write, &ab, 0);
    CHECK_INT(SILA_ERR_INVALID, sila_results_abort(w, NULL));
    sila_results_begin(w, vars, 1);
    for (int i = 0; i < 3; i++)
      sila_results_row(w, row);
    CHECK_INT(SILA_OK, sila_results_abort(w, "timeout -- after 3 rows, \"é\""));
    CHECK_INT(SILA_ERR_INVALID, sila_results_finish(w));
    CHECK_INT(SILA_ERR_INVALID, sila_results_row(w, row));
    SilaResultSet *got = NULL;
    SilaStatus pst = sila_results_parse(fmt, ab.out.data, ab.out.len, &got, NULL);
    CHECK_INT(SILA_ERR_SYNTAX, pst);
    CHECK(ab.out.data && strstr(ab.out.data, "after 3 rows"));
    sila_results_set_free(got);
    sila_results_writer_free(w);
    sila_buf_free(&ab.out);
  }

  /* A failing callback stops the writer with its status. */
  Sink failing = {SILA_BUF_INIT, 0, 0, 100000};
  w = sila_results_writer_new(SILA_RESULTS_XML, sink_write, &failing, 0);
  sila_results_begin(w, vars, 1);
  SilaStatus st = SILA_OK;
  for (int i = 0; i < 100000 && !st; i++)
    st = sila_results_row(w, row);
  CHECK_INT(SILA_ERR_IO, st);
  CHECK_INT(SILA_ERR_IO, sila_results_row(w, row));
  CHECK_INT(SILA_ERR_IO, sila_results_finish(w));
  CHECK(failing.out.len <= 100000);
  sila_results_writer_free(w);
  sila_buf_free(&failing.out);
}

/* ---- round trips ---- */

static SilaResultSet *tricky_set(bool xml_safe) {
  static char longlit[100001];
  memset(longlit, 'x', sizeof longlit - 1);
  for (size_t i = 0; i < sizeof longlit - 1; i += 997)
    longlit[i] = "\"\n\t,<&é"[i % 7] == '\0' ? 'y' : "\",<&;'"[i % 6];
  longlit[sizeof longlit - 1] = '\0';
  static const char *const vars[] = {"s", "text", "n", "b"};
  SilaTerm cells[] = {
      sila_term_iri("http://example.org/ü/東京?q=1&r=<2>"), lit("héllo wörld 東京 😀"),
      lit_dt("42", XSD "integer"), sila_term_blank("b1"),
      sila_term_iri(EX "quotes"), lit("say \"hi\" 'there' \"\"\""), lit_dt("-0.5", XSD "decimal"),
      sila_term_blank("b2"),
      sila_term_iri(EX "lines"), lit("line1\nline2\r\nline3\rend"), lit_dt("1e10", XSD "double"),
      sila_term_blank("b1"),
      sila_term_iri(EX "tabs"), lit("a\tb\t\tc, d,,e"), lit_dt("true", XSD "boolean"), UNBOUND,
      sila_term_iri(EX "long"), lit(longlit), lit_dt("01", XSD "integer"), UNBOUND,
      UNBOUND, lit(""), UNBOUND, UNBOUND,
      sila_term_iri(EX "lang"), lit_lang("chat", "fr-CA"), lit_dt("5.", XSD "decimal"),
      sila_term_blank("node-with.dots"),
      sila_term_iri(EX "xml"), lit("<a href=\"x\">&amp;</a> ]]> C:\\path\\"),
      lit_dt("x y", "http://example.org/dt#custom"), UNBOUND,
      sila_term_iri(EX "dir"), lit_lang("مرحبا", "ar--rtl"), lit("42"), UNBOUND,
      sila_term_iri(EX "ctl"), lit(xml_safe ? "no control" : "bell\x07"), lit("_:notblank?"),
      UNBOUND,
  };
  return make_set(vars, 4, cells, sizeof cells / sizeof cells[0] / 4);
}

static void round_trip(const SilaResultSet *rs, SilaResultFormat fmt, unsigned cmp_flags,
                       const char *what) {
  size_t len;
  char *doc = write_set(rs, fmt, 0, &len);
  CHECK(doc != NULL);
  SilaResultSet *back = doc ? parse_str(fmt, doc, len) : NULL;
  bool ok = same(rs, back, cmp_flags);
  if (!ok)
    fprintf(stderr, "  round trip %s in %s failed\n", what, sila_results_format_name(fmt));
  CHECK(ok);
  sila_results_set_free(back);
  free(doc);
}

static void test_round_trips(void) {
  SilaResultSet *all = tricky_set(false), *safe = tricky_set(true);
  round_trip(all, SILA_RESULTS_JSON, 0, "tricky");
  round_trip(safe, SILA_RESULTS_XML, 0, "tricky");
  round_trip(all, SILA_RESULTS_TSV, 0, "tricky");
  /* CSV keeps strings only; the literal "_:notblank?" would come back as a
   * blank node, so it is left out of the CSV case. */
  SilaResultSet *csv = sila_results_set_new();
  for (size_t i = 0; i < safe->nvars; i++)
    sila_results_set_add_var(csv, safe->vars[i], safe->var_lens[i]);
  for (size_t r = 0; r < safe->nrows; r++) {
    const SilaTerm *row[4];
    for (size_t i = 0; i < 4; i++) {
      row[i] = sila_results_set_get(safe, r, i);
      if (row[i] && row[i]->value_len >= 2 && memcmp(row[i]->value, "_:", 2) == 0)
        row[i] = NULL;
    }
    sila_results_set_add_row(csv, row);
  }
  round_trip(csv, SILA_RESULTS_CSV, RESULTS_CMP_LEXICAL | RESULTS_CMP_ORDERED, "tricky");
  sila_results_set_free(csv);

  /* Zero variables with zero, one and two (empty) solutions; zero rows. */
  for (int n = 0; n <= 2; n++) {
    SilaResultSet *z = sila_results_set_new();
    for (int i = 0; i < n; i++)
      sila_results_set_add_row(z, NULL);
    for (SilaResultFormat f = SILA_RESULTS_JSON; f <= SILA_RESULTS_TSV; f++)
      round_trip(z, f, 0, "zero variables");
    sila_results_set_free(z);
  }
  static const char *const vars[] = {"a", "b"};
  SilaResultSet *norows = make_set(vars, 2, NULL, 0);
  SilaTerm unb[] = {UNBOUND, UNBOUND};
  SilaResultSet *allunbound = make_set(vars, 2, unb, 1);
  for (SilaResultFormat f = SILA_RESULTS_JSON; f <= SILA_RESULTS_TSV; f++) {
    round_trip(norows, f, 0, "zero rows");
    round_trip(allunbound, f, 0, "all unbound");
  }
  sila_results_set_free(norows);
  sila_results_set_free(allunbound);

  /* Cross-format: XML → JSON → XML keeps every term. */
  size_t len;
  char *x = write_set(safe, SILA_RESULTS_XML, 0, &len);
  SilaResultSet *fromx = x ? parse_str(SILA_RESULTS_XML, x, len) : NULL;
  char *j = fromx ? write_set(fromx, SILA_RESULTS_JSON, 0, &len) : NULL;
  SilaResultSet *fromj = j ? parse_str(SILA_RESULTS_JSON, j, len) : NULL;
  CHECK(same(safe, fromj, RESULTS_CMP_ORDERED));
  sila_results_set_free(fromx);
  sila_results_set_free(fromj);
  free(x);
  free(j);
  sila_results_set_free(all);
  sila_results_set_free(safe);
}

/* ---- parsers on hand-written input ---- */

static void test_parsers(void) {
  /* The spec's XML example shapes: prefixed elements, comments, CDATA,
   * references, single quotes, a link in the head, SPARQL 1.0 style. */
  const char *xml =
      "\xEF\xBB\xBF<?xml version='1.0' encoding='UTF-8'?>\n<!-- c -->\n"
      "<!DOCTYPE sparql [ <!ELEMENT x ANY> ]>\n"
      "<r:sparql xmlns:r='http://www.w3.org/2005/sparql-results#'>\n"
      "<r:head><r:variable name='x'/><r:variable name=\"y\"></r:variable><r:link href='m'/></r:head>\n"
      "<r:results ordered='false'>\n"
      " <r:result><r:binding name='x'><r:literal xml:lang='en'>a <![CDATA[<b>&]]> &#233;&#x1F600;&amp;"
      "<!-- mid --> z</r:literal></r:binding>\n"
      " <r:binding name='y'><r:literal datatype='" XSD "string'>s\r\nt</r:literal></r:binding>"
      "</r:result>\n"
      " <r:result><r:binding name='y'><r:uri>http://x/</r:uri></r:binding></r:result>\n"
      " <r:result></r:result>\n"
      "</r:results></r:sparql>\n";
  SilaResultSet *rs = parse_str(SILA_RESULTS_XML, xml, strlen(xml));
  CHECK(rs && rs->nvars == 2 && rs->nrows == 3);
  if (rs && rs->nrows == 3) {
    const SilaTerm *t = sila_results_set_get(rs, 0, 0);
    CHECK(t && t->kind == SILA_TERM_LITERAL);
    CHECK_STR("a <b>& é😀& z", t ? t->value : NULL);
    CHECK_STR("en", t ? t->lang : NULL);
    t = sila_results_set_get(rs, 0, 1);
    CHECK(t && t->datatype == NULL); /* ^^xsd:string is the plain form */
    CHECK_STR("s\nt", t ? t->value : NULL);
    CHECK(sila_results_set_get(rs, 1, 0) == NULL);
    CHECK(sila_results_set_get(rs, 2, 1) == NULL);
  }
  sila_results_set_free(rs);

  /* JSON: SPARQL 1.0 typed-literal, variables missing from the head. */
  const char *json = "{\"head\":{\"vars\":[\"a\"],\"link\":[\"x\"]},\"results\":{\"bindings\":["
                     "{\"a\":{\"type\":\"typed-literal\",\"value\":\"1\",\"datatype\":\"" XSD
                     "integer\"},\"extra\":{\"type\":\"bnode\",\"value\":\"q\"}},{}]}}";
  rs = parse_str(SILA_RESULTS_JSON, json, strlen(json));
  CHECK(rs && rs->nvars == 2 && rs->nrows == 2);
  if (rs && rs->nrows == 2) {
    CHECK_STR("extra", rs->vars[1]);
    const SilaTerm *t = sila_results_set_get(rs, 0, 0);
    CHECK(t && t->kind == SILA_TERM_LITERAL && sila_iri_is(t->datatype, t->datatype_len, XSD "integer"));
    CHECK(sila_results_set_get(rs, 1, 1) == NULL);
  }
  sila_results_set_free(rs);

  /* TSV shorthands and Turtle strings. */
  const char *tsv = "?a\t?b\t?c\n1\t-2.50\t1.0e6\ntrue\t'x\\'y'\t\"\"\"l\"\"\"\n"
                    "<http://a/\\u00E9>\t\"q\"^^<" XSD "string>\t_:z\n";
  rs = parse_str(SILA_RESULTS_TSV, tsv, strlen(tsv));
  CHECK(rs && rs->nrows == 3);
  if (rs && rs->nrows == 3) {
    static const char *const dts[] = {XSD "integer", XSD "decimal", XSD "double", XSD "boolean"};
    const SilaTerm *t[] = {sila_results_set_get(rs, 0, 0), sila_results_set_get(rs, 0, 1),
                           sila_results_set_get(rs, 0, 2), sila_results_set_get(rs, 1, 0)};
    for (int i = 0; i < 4; i++)
      CHECK(t[i] && sila_iri_is(t[i]->datatype, t[i]->datatype_len, dts[i]));
    CHECK_STR("-2.50", t[1]->value);
    CHECK_STR("x'y", sila_results_set_get(rs, 1, 1)->value);
    CHECK_STR("l", sila_results_set_get(rs, 1, 2)->value);
    CHECK_STR("http://a/é", sila_results_set_get(rs, 2, 0)->value);
    CHECK(sila_results_set_get(rs, 2, 1)->datatype == NULL);
    CHECK_INT(SILA_TERM_BLANK, sila_results_set_get(rs, 2, 2)->kind);
  }
  sila_results_set_free(rs);

  /* CSV: quoted fields across lines, LF line ends, "" versus empty. */
  const char *csv = "a,b,c\nhttp://x/y,\"multi\nline, \"\"q\"\"\",\n_:b0,\"\",plain text\n";
  rs = parse_str(SILA_RESULTS_CSV, csv, strlen(csv));
  CHECK(rs && rs->nrows == 2);
  if (rs && rs->nrows == 2) {
    CHECK_INT(SILA_TERM_IRI, sila_results_set_get(rs, 0, 0)->kind);
    CHECK_STR("multi\nline, \"q\"", sila_results_set_get(rs, 0, 1)->value);
    CHECK(sila_results_set_get(rs, 0, 2) == NULL);
    CHECK_INT(SILA_TERM_BLANK, sila_results_set_get(rs, 1, 0)->kind);
    CHECK_STR("b0", sila_results_set_get(rs, 1, 0)->value);
    CHECK(sila_results_set_get(rs, 1, 1) && sila_results_set_get(rs, 1, 1)->value_len == 0);
    CHECK_INT(SILA_TERM_LITERAL, sila_results_set_get(rs, 1, 2)->kind);
  }
  sila_results_set_free(rs);

  /* Malformed input: a syntax error with a position. */
  static const struct {
    SilaResultFormat fmt;
    const char *doc;
    unsigned long line;
  } bad[] = {
      {SILA_RESULTS_JSON, "{\"head\":{\"vars\":[\"a\"]},\n\"results\":{\"bindings\":[}", 2},
      {SILA_RESULTS_JSON, "{\"head\":{}}", 0},
      {SILA_RESULTS_JSON, "{\"head\":{\"vars\":[\"a\",\"a\"]},\"results\":{\"bindings\":[]}}", 0},
      {SILA_RESULTS_JSON, "{\"results\":{\"bindings\":[{\"a\":{\"type\":\"x\",\"value\":\"\"}}]}}", 0},
      {SILA_RESULTS_XML, "<sparql><head></head>\n<results><result></results></sparql>", 2},
      {SILA_RESULTS_XML, "<sparql><head/><boolean>maybe</boolean></sparql>", 1},
      {SILA_RESULTS_XML, "<sparql><head/><results/></sparql><x/>", 1},
      {SILA_RESULTS_XML, "<sparql><head/><results><result><binding name='a'><uri>&bogus;</uri>"
                         "</binding></result></results></sparql>", 1},
      {SILA_RESULTS_XML, "", 0},
      {SILA_RESULTS_CSV, "a,b\n1,2,3\n", 2},
      {SILA_RESULTS_CSV, "a,b\n\"open,2\n", 2},
      {SILA_RESULTS_CSV, "", 1},
      {SILA_RESULTS_TSV, "a\tb\n", 1},
      {SILA_RESULTS_TSV, "?a\n\"unterminated\n", 2},
      {SILA_RESULTS_TSV, "?a\tb\n", 1},
      {SILA_RESULTS_TSV, "?a\nfoo\n", 2},
      {SILA_RESULTS_TSV, "?a\t?b\n<x>\n", 2},
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    SilaError err;
    sila_error_clear(&err);
    SilaResultSet *out = (SilaResultSet *)1;
    SilaStatus st = sila_results_parse(bad[i].fmt, bad[i].doc, strlen(bad[i].doc), &out, &err);
    if (st != SILA_ERR_SYNTAX)
      fprintf(stderr, "  bad input %zu was accepted\n", i);
    CHECK_INT(SILA_ERR_SYNTAX, st);
    CHECK(out == NULL);
    if (bad[i].line)
      CHECK_INT(bad[i].line, err.line);
    CHECK(err.message[0] != '\0');
  }
  SilaResultSet *out;
  CHECK_INT(SILA_ERR_INVALID, sila_results_parse(SILA_RESULTS_UNKNOWN, "", 0, &out, NULL));
}

/* ---- comparison ---- */

static void test_compare(void) {
  static const char *const v[] = {"x", "y"};
  static const char *const vr[] = {"y", "x"};
  SilaTerm a1[] = {sila_term_blank("a"), sila_term_iri(EX "1"),
                   sila_term_blank("b"), sila_term_iri(EX "2"),
                   sila_term_blank("a"), sila_term_iri(EX "3")};
  /* Same structure, renamed, rows shuffled, columns swapped. */
  SilaTerm a2[] = {sila_term_iri(EX "3"), sila_term_blank("q"),
                   sila_term_iri(EX "2"), sila_term_blank("r"),
                   sila_term_iri(EX "1"), sila_term_blank("q")};
  /* Renamed inconsistently: the 1 and 3 rows no longer share a node. */
  SilaTerm a3[] = {sila_term_blank("q"), sila_term_iri(EX "1"),
                   sila_term_blank("q"), sila_term_iri(EX "2"),
                   sila_term_blank("r"), sila_term_iri(EX "3")};
  SilaResultSet *s1 = make_set(v, 2, a1, 3), *s2 = make_set(vr, 2, a2, 3),
                *s3 = make_set(v, 2, a3, 3);
  char why[300];
  CHECK(results_compare(s1, s2, 0, why, sizeof why));
  CHECK(!results_compare(s1, s2, RESULTS_CMP_ORDERED, why, sizeof why));
  CHECK(!results_compare(s1, s3, 0, why, sizeof why));
  CHECK(strstr(why, "blank nodes") != NULL);
  CHECK(results_compare(s1, s1, RESULTS_CMP_ORDERED, why, sizeof why));

  /* Backtracking: the first candidate for row 1 is a dead end. */
  SilaTerm b1[] = {sila_term_blank("a"), sila_term_blank("b"),
                   sila_term_blank("b"), sila_term_blank("c"),
                   sila_term_blank("c"), sila_term_blank("a"),
                   sila_term_blank("d"), sila_term_blank("d")};
  SilaTerm b2[] = {sila_term_blank("1"), sila_term_blank("1"),
                   sila_term_blank("5"), sila_term_blank("6"),
                   sila_term_blank("7"), sila_term_blank("5"),
                   sila_term_blank("6"), sila_term_blank("7")};
  SilaResultSet *t1 = make_set(v, 2, b1, 4), *t2 = make_set(v, 2, b2, 4);
  CHECK(results_compare(t1, t2, 0, why, sizeof why));

  /* Multiplicity counts; literals compare exactly unless lexical. */
  SilaTerm d1[] = {lit("x"), UNBOUND, lit("x"), UNBOUND};
  SilaTerm d2[] = {lit("x"), UNBOUND, lit_dt("x", XSD "token"), UNBOUND};
  SilaTerm d3[] = {sila_term_iri("x"), UNBOUND, lit_lang("x", "en"), UNBOUND};
  SilaResultSet *u1 = make_set(v, 2, d1, 2), *u2 = make_set(v, 2, d2, 2), *u3 = make_set(v, 2, d3, 2),
                *u4 = make_set(v, 2, d1, 1);
  CHECK(!results_compare(u1, u2, 0, why, sizeof why));
  CHECK(strstr(why, "not found") != NULL);
  CHECK(results_compare(u1, u2, RESULTS_CMP_LEXICAL, why, sizeof why));
  CHECK(results_compare(u1, u3, RESULTS_CMP_LEXICAL, why, sizeof why));
  CHECK(!results_compare(u1, u4, 0, why, sizeof why));
  CHECK(strstr(why, "solutions") != NULL);
  CHECK(!results_compare(u1, s1, 0, why, sizeof why)); /* both x,y but different rows */

  SilaResultSet *yes = sila_results_set_new(), *no = sila_results_set_new();
  sila_results_set_set_boolean(yes, true);
  sila_results_set_set_boolean(no, false);
  CHECK(results_compare(yes, yes, 0, NULL, 0));
  CHECK(!results_compare(yes, no, 0, why, sizeof why));
  CHECK(!results_compare(yes, u1, 0, why, sizeof why));
  static const char *const other[] = {"x", "z"};
  SilaResultSet *o = make_set(other, 2, d1, 2);
  CHECK(!results_compare(u1, o, 0, why, sizeof why));
  CHECK(strstr(why, "?y") != NULL);

  /* Blank nodes inside triple terms follow the same bijection. */
  const char *tj1 = "{\"head\":{\"vars\":[\"x\",\"t\"]},\"results\":{\"bindings\":[{"
                    "\"x\":{\"type\":\"bnode\",\"value\":\"a\"},\"t\":{\"type\":\"triple\",\"value\":{"
                    "\"subject\":{\"type\":\"bnode\",\"value\":\"a\"},"
                    "\"predicate\":{\"type\":\"uri\",\"value\":\"http://p\"},"
                    "\"object\":{\"type\":\"literal\",\"value\":\"_:no \\\" _:x\"}}}}]}}";
#define TX2                                                                                 \
  "<sparql><head><variable name='x'/><variable name='t'/></head><results><result>"          \
  "<binding name='t'><triple><subject><bnode>zz</bnode></subject>"                          \
  "<predicate><uri>http://p</uri></predicate>"                                              \
  "<object><literal>_:no \" _:x</literal></object></triple></binding>"                      \
  "<binding name='x'><bnode>%s</bnode></binding></result></results></sparql>"
  char doc[600];
  snprintf(doc, sizeof doc, TX2, "zz");
  SilaResultSet *tr1 = parse_str(SILA_RESULTS_JSON, tj1, strlen(tj1)),
                *tr2 = parse_str(SILA_RESULTS_XML, doc, strlen(doc));
  snprintf(doc, sizeof doc, TX2, "yy");
  SilaResultSet *tr3 = parse_str(SILA_RESULTS_XML, doc, strlen(doc));
  CHECK(tr1 && tr1->nrows == 1 && tr1->cells[1].kind == SILA_RESULTS_TERM_TRIPLE);
  CHECK_STR("<<( _:a <http://p> \"_:no \\\" _:x\" )>>", tr1 ? tr1->cells[1].value : NULL);
  CHECK(tr1 && tr2 && same(tr1, tr2, 0));
  CHECK(tr1 && tr3 && !results_compare(tr1, tr3, 0, why, sizeof why));
  sila_results_set_free(tr1);
  sila_results_set_free(tr2);
  sila_results_set_free(tr3);

  SilaResultSet *sets[] = {s1, s2, s3, t1, t2, u1, u2, u3, u4, yes, no, o};
  for (size_t i = 0; i < sizeof sets / sizeof sets[0]; i++)
    sila_results_set_free(sets[i]);
}

/* ---- W3C expected results ---- */

typedef struct {
  size_t files[5], failed;
} W3cStats;

/* Every expected-results file must parse, and survive a write → parse
 * round trip in its own format and in JSON. */
static void check_w3c_file(const char *path, SilaResultFormat fmt, W3cStats *stats) {
  size_t len;
  char *doc = test_file_read(path, &len);
  SilaResultSet *rs = NULL;
  SilaError err;
  sila_error_clear(&err);
  SilaStatus st = doc ? sila_results_parse(fmt, doc, len, &rs, &err) : SILA_ERR_IO;
  if (st) {
    char msg[600];
    fprintf(stderr, "%s: %s\n", path, sila_error_format(&err, msg, sizeof msg));
    stats->failed++;
  }
  CHECK_INT(SILA_OK, st);
  stats->files[fmt]++;
  if (rs) {
    SilaResultFormat again = fmt;
    unsigned flags = fmt == SILA_RESULTS_CSV ? RESULTS_CMP_LEXICAL | RESULTS_CMP_ORDERED
                                             : RESULTS_CMP_ORDERED;
    size_t n2;
    char *out = write_set(rs, again, 0, &n2);
    SilaResultSet *back = out ? parse_str(again, out, n2) : NULL;
    bool ok = same(rs, back, flags);
    if (!ok)
      fprintf(stderr, "  round trip of %s failed\n", path);
    CHECK(ok);
    sila_results_set_free(back);
    free(out);
    if (fmt != SILA_RESULTS_JSON && fmt != SILA_RESULTS_CSV) {
      out = write_set(rs, SILA_RESULTS_JSON, 0, &n2);
      back = out ? parse_str(SILA_RESULTS_JSON, out, n2) : NULL;
      CHECK(same(rs, back, RESULTS_CMP_ORDERED));
      sila_results_set_free(back);
      free(out);
    }
  }
  sila_results_set_free(rs);
  free(doc);
}

static void check_w3c_any(const char *path, const char *rel, void *ctx) {
  (void)rel;
  const char *dot = strrchr(path, '.');
  if (dot && strchr(dot, '/'))
    dot = NULL;
  SilaResultFormat fmt = dot ? sila_results_format_from_name(dot + 1) : SILA_RESULTS_UNKNOWN;
  /* .srx/.srj/.tsv/.csv only: "xml"/"json" files there are other things. */
  if (fmt && (strcmp(dot, ".srx") == 0 || strcmp(dot, ".srj") == 0 || strcmp(dot, ".tsv") == 0 ||
              strcmp(dot, ".csv") == 0))
    check_w3c_file(path, fmt, ctx);
}

/* The rows of the csv-tsv-res queries over data.ttl (optional = with the
 * OPTIONAL columns of csvtsv02) and data2.ttl, built by hand. */
static SilaResultSet *csvtsv_rows(int which, const char *blank, const char *dbl) {
  static const char *const v5[] = {"s", "p", "o", "p2", "o2"};
  SilaTerm c[7 * 5];
  size_t nv = which == 2 ? 5 : 3, nr = which == 3 ? 7 : 6;
  static const char *const subj[] = {EX "s1", EX "s2", EX "s3", EX "s4", EX "s5", EX "s6", EX "s7"};
  static const char *const pred[] = {EX "p1", EX "p2", EX "p3", EX "p4", EX "p5", EX "p6", EX "p7"};
  for (size_t r = 0; r < nr; r++) {
    c[r * nv] = sila_term_iri(subj[r]);
    c[r * nv + 1] = sila_term_iri(pred[r]);
    for (size_t k = 3; k < nv; k++)
      c[r * nv + k] = UNBOUND;
  }
  if (which != 3) {
    c[2] = sila_term_iri(EX "s2");
    c[nv + 2] = lit("foo");
    c[2 * nv + 2] = lit("bar");
    c[3 * nv + 2] = lit_dt("4", XSD "integer");
    c[4 * nv + 2] = lit_dt("5.5", XSD "decimal");
    c[5 * nv + 2] = sila_term_blank(blank);
    if (which == 2) {
      c[3] = sila_term_iri(EX "p2");
      c[4] = lit("foo");
    }
  } else {
    c[2] = lit("1");
    c[nv + 2] = lit_dt("2.2", XSD "decimal");
    c[2 * nv + 2] = lit_dt("-3", XSD "negativeInteger");
    c[3 * nv + 2] = lit("4,4");
    c[4 * nv + 2] = lit_dt("5,5", EX "myCustomDatatype");
    c[5 * nv + 2] = lit_dt(dbl, XSD "double");
    c[6 * nv + 2] = lit_dt("a7", XSD "hexBinary");
  }
  return make_set(v5, nv, c, nr);
}

static SilaResultSet *jsonres_rows(bool optional) {
  static const char *const v5[] = {"s", "p", "o", "p2", "o2"};
  size_t nv = optional ? 5 : 3;
  SilaTerm c[6 * 5];
  SilaTerm obj[] = {sila_term_iri(EX "s2"), lit("foo"), lit("bar"), lit_dt("4", XSD "integer"),
                    lit_dt("5", XSD "decimal"), sila_term_blank("b0")};
  static const char *const subj[] = {EX "s1", EX "s2", EX "s3", EX "s4", EX "s5", EX "s6"};
  static const char *const pred[] = {EX "p1", EX "p2", EX "p2", EX "p4", EX "p5", EX "p6"};
  for (size_t r = 0; r < 6; r++) {
    c[r * nv] = sila_term_iri(subj[r]);
    c[r * nv + 1] = sila_term_iri(pred[r]);
    c[r * nv + 2] = obj[r];
    for (size_t k = 3; k < nv; k++)
      c[r * nv + k] = UNBOUND;
  }
  if (optional) {
    c[3] = sila_term_iri(EX "p2");
    c[4] = lit("foo");
  }
  return make_set(v5, nv, c, 6);
}

/* LF → CRLF: the W3C CSV files end lines with LF, the spec (and Sila) with CRLF. */
static char *crlf(const char *s) {
  SilaBuf b = SILA_BUF_INIT;
  for (; *s; s++)
    if ((*s == '\n' && sila_buf_putc(&b, '\r')) || sila_buf_putc(&b, *s))
      break;
  return b.data;
}

static void test_w3c_exact(const char *base) {
  char path[8192];
  static const struct {
    const char *file;
    int which;
    SilaResultFormat fmt;
    const char *blank, *dbl;
  } cases[] = {
      {"csvtsv01.tsv", 1, SILA_RESULTS_TSV, "b0", NULL},
      {"csvtsv02.tsv", 2, SILA_RESULTS_TSV, "b0", NULL},
      {"csvtsv03.tsv", 3, SILA_RESULTS_TSV, NULL, "1.0e6"},
      {"csvtsv01.csv", 1, SILA_RESULTS_CSV, "a", NULL},
      {"csvtsv02.csv", 2, SILA_RESULTS_CSV, "a", NULL},
      {"csvtsv03.csv", 3, SILA_RESULTS_CSV, NULL, "1.0E6"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    snprintf(path, sizeof path, "%s/csv-tsv-res/%s", base, cases[i].file);
    size_t len, olen;
    char *want = test_file_read(path, &len);
    if (!want) {
      fprintf(stderr, "missing %s\n", path);
      CHECK(want != NULL);
      continue;
    }
    SilaResultSet *rs = csvtsv_rows(cases[i].which, cases[i].blank, cases[i].dbl);
    char *got = write_set(rs, cases[i].fmt, 0, &olen);
    if (cases[i].fmt == SILA_RESULTS_CSV) {
      char *w2 = crlf(want);
      free(want);
      want = w2;
    }
    if (!got || !want || strcmp(want, got) != 0)
      fprintf(stderr, "%s: writer output differs:\n%s\n", cases[i].file, got ? got : "(null)");
    CHECK(got && want && strcmp(want, got) == 0);
    /* And the file parses back to the same solutions. */
    SilaResultSet *back = want ? parse_str(cases[i].fmt, want, strlen(want)) : NULL;
    CHECK(same(rs, back,
               RESULTS_CMP_ORDERED | (cases[i].fmt == SILA_RESULTS_CSV ? RESULTS_CMP_LEXICAL : 0)));
    sila_results_set_free(back);
    sila_results_set_free(rs);
    free(got);
    free(want);
  }
  /* JSON layout is free: compare the documents as JSON values. */
  for (int i = 1; i <= 4; i++) {
    snprintf(path, sizeof path, "%s/json-res/jsonres0%d.srj", base, i);
    size_t len, olen;
    char *want = test_file_read(path, &len);
    CHECK(want != NULL);
    if (!want)
      continue;
    SilaResultSet *rs;
    if (i <= 2) {
      rs = jsonres_rows(i == 2);
    } else {
      rs = sila_results_set_new();
      sila_results_set_set_boolean(rs, i == 3);
    }
    char *got = write_set(rs, SILA_RESULTS_JSON, 0, &olen);
    json_t *jw = json_loadb(want, len, 0, NULL), *jg = got ? json_loadb(got, olen, 0, NULL) : NULL;
    /* jsonres03/04 write "head":{} and so does Sila for ASK. */
    bool eq = jw && jg && json_equal(jw, jg);
    if (!eq)
      fprintf(stderr, "jsonres0%d: JSON differs:\n%s\n", i, got ? got : "(null)");
    CHECK(eq);
    SilaResultSet *back = parse_str(SILA_RESULTS_JSON, want, len);
    CHECK(same(rs, back, RESULTS_CMP_ORDERED));
    json_decref(jw);
    json_decref(jg);
    sila_results_set_free(back);
    sila_results_set_free(rs);
    free(got);
    free(want);
  }
}

static void test_w3c(void) {
  const char *shared = getenv("SILA_SHARED");
  char base[4096];
  snprintf(base, sizeof base, "%s/conformance/rdf-tests/sparql", shared ? shared : "");
  struct stat sb;
  if (!shared || stat(base, &sb) != 0) {
    printf("SKIP: W3C result files (no $SILA_SHARED/conformance/rdf-tests/sparql)\n");
    return;
  }
  W3cStats stats = {{0}, 0};
  test_walk_files(base, check_w3c_any, &stats);
  printf("W3C expected results: %zu .srx, %zu .srj, %zu .csv, %zu .tsv parsed, %zu failed\n",
         stats.files[SILA_RESULTS_XML], stats.files[SILA_RESULTS_JSON],
         stats.files[SILA_RESULTS_CSV], stats.files[SILA_RESULTS_TSV], stats.failed);
  CHECK(stats.files[SILA_RESULTS_XML] > 400);
  CHECK(stats.files[SILA_RESULTS_JSON] > 40);
  char sub[4200];
  snprintf(sub, sizeof sub, "%s/sparql11", base);
  test_w3c_exact(sub);
}

int main(void) {
  test_formats();
  test_exact_output();
  test_escaping();
  test_writer_api();
  test_round_trips();
  test_parsers();
  test_compare();
  test_w3c();
  return TEST_REPORT();
}
