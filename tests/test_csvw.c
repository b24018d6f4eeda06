/* test_csvw.c — unit tests of the CSVW mapper: the dialect reader, number
 * and date formats, URI templates and IRIs, Sila's extensions, and the
 * mapping of real regional files (skipped when ../shared is absent). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "csvw_csv.h"
#include "csvw_datatype.h"
#include "csvw_number.h"
#include "csvw_table.h"
#include "csvw_util.h"
#include "sila_csvw.h"
#include "test_harness.h"

/* ---- helpers ---- */

typedef struct {
  char **lines; /* "s p o" in N-Triples */
  size_t n, cap;
  unsigned long warnings;
  char last_warning[512];
} Out;

static SilaStatus collect(void *ctx, const SilaTerm *s, const SilaTerm *p, const SilaTerm *o) {
  Out *out = ctx;
  SilaBuf b = SILA_BUF_INIT;
  sila_buf_put_term_nt(&b, s);
  sila_buf_putc(&b, ' ');
  sila_buf_put_term_nt(&b, p);
  sila_buf_putc(&b, ' ');
  sila_buf_put_term_nt(&b, o);
  if (out->n == out->cap) {
    out->cap = out->cap ? out->cap * 2 : 256;
    out->lines = realloc(out->lines, out->cap * sizeof(char *));
  }
  out->lines[out->n++] = b.data;
  return SILA_OK;
}

static void on_warning(void *ctx, const char *file, unsigned long row, unsigned long col,
                       const char *msg) {
  Out *out = ctx;
  out->warnings++;
  snprintf(out->last_warning, sizeof out->last_warning, "%s:%lu:%lu: %s",
           strrchr(file ? file : "-", '/') ? strrchr(file, '/') + 1 : file ? file : "-", row, col,
           msg);
}

static bool has(const Out *o, const char *line) {
  for (size_t i = 0; i < o->n; i++)
    if (!strcmp(o->lines[i], line))
      return true;
  return false;
}

static size_t count_pred(const Out *o, const char *pred) {
  size_t n = 0;
  for (size_t i = 0; i < o->n; i++)
    if (strstr(o->lines[i], pred))
      n++;
  return n;
}

static void out_free(Out *o) {
  for (size_t i = 0; i < o->n; i++)
    free(o->lines[i]);
  free(o->lines);
  memset(o, 0, sizeof *o);
}

static char tmpdir[256];

static char *write_file(const char *name, const char *content) {
  char *path = sila_csvw_aprintf("%s/%s", tmpdir, name);
  FILE *f = fopen(path, "wb");
  fputs(content, f);
  fclose(f);
  return path;
}

/* ---- dialect reader ---- */

static size_t read_all(const char *data, const SilaCsvwDialect *d, char out[][8][64], int *kinds,
                       unsigned long *rows) {
  SilaError err = {0};
  SilaCsvwReader *r = sila_csvw_reader_new(NULL, data, strlen(data), d, &err);
  SilaCsvwRow row;
  size_t n = 0;
  while (r && sila_csvw_reader_next(r, &row, &err) != SILA_CSVW_ROW_EOF && n < 16) {
    kinds[n] = row.kind;
    rows[n] = row.source_row;
    for (size_t i = 0; i < 8; i++)
      snprintf(out[n][i], 64, "%s", i < row.n ? row.cells[i] : "<none>");
    n++;
  }
  sila_csvw_reader_free(r);
  return n;
}

static void test_dialect(void) {
  char cells[16][8][64];
  int kinds[16];
  unsigned long rows[16];
  SilaCsvwDialect d;
  sila_csvw_dialect_init(&d);
  /* quotes, doubled quotes, a quoted newline, CRLF, no final newline */
  size_t n = read_all("a,\"b\nc\"\r\n\"x \"\"y\"\"\", 2 \r\n3,4", &d, cells, kinds, rows);
  CHECK_INT(3, n);
  CHECK_INT(SILA_CSVW_ROW_HEADER, kinds[0]);
  CHECK_STR("b\nc", cells[0][1]);
  CHECK_STR("x \"y\"", cells[1][0]);
  CHECK_STR("2", cells[1][1]); /* trim is on by default */
  CHECK_INT(SILA_CSVW_ROW_DATA, kinds[2]);
  CHECK_STR("4", cells[2][1]);
  CHECK_INT(3, rows[2]);

  /* Italian style: ';', skip rows, comments, skipColumns, blank rows, no trim */
  sila_csvw_dialect_set(&d.delimiter, ";");
  d.skip_rows = 1;
  d.skip_columns = 1;
  d.skip_blank_rows = true;
  d.trim = SILA_CSVW_TRIM_NONE;
  n = read_all("Fonte: Regione Calabria\nid;nome;valore\n# nota\n1;Cosenza ; 1,5\n;;\n2;Rende;2\n", &d,
               cells, kinds, rows);
  CHECK_INT(5, n);
  CHECK_INT(SILA_CSVW_ROW_COMMENT, kinds[0]);
  CHECK_STR("Fonte: Regione Calabria", cells[0][0]);
  CHECK_INT(SILA_CSVW_ROW_HEADER, kinds[1]);
  CHECK_STR("nome", cells[1][0]);
  CHECK_INT(SILA_CSVW_ROW_COMMENT, kinds[2]);
  CHECK_STR("nota", cells[2][0]);
  CHECK_STR("Cosenza ", cells[3][0]);
  CHECK_STR(" 1,5", cells[3][1]);
  CHECK_INT(6, rows[4]); /* the blank row 5 was skipped but counted */
  CHECK_STR("Rende", cells[4][0]);

  /* backslash escapes when doubleQuote is false; no quoting at all */
  sila_csvw_dialect_clear(&d);
  sila_csvw_dialect_init(&d);
  d.double_quote = false;
  d.header_row_count = 0;
  n = read_all("\"a\\\"b\",c\n", &d, cells, kinds, rows);
  CHECK_INT(1, n);
  CHECK_STR("a\"b", cells[0][0]);
  sila_csvw_dialect_set(&d.quote_char, NULL);
  n = read_all("\"a\",b\n", &d, cells, kinds, rows);
  CHECK_STR("\"a\"", cells[0][0]);

  /* tab delimiter, custom line terminator */
  sila_csvw_dialect_set(&d.delimiter, "\t");
  const char *lt[] = {"|"};
  sila_csvw_dialect_set_terminators(&d, lt, 1);
  n = read_all("a\tb|c\td|", &d, cells, kinds, rows);
  CHECK_INT(2, n);
  CHECK_STR("d", cells[1][1]);

  /* windows-1252 through iconv: é, the typographic apostrophe, Š */
  sila_csvw_dialect_clear(&d);
  sila_csvw_dialect_init(&d);
  sila_csvw_dialect_set(&d.encoding, "windows-1252");
  n = read_all("nome\ncaf\xe9 l\x92" "arte \x8a\n", &d, cells, kinds, rows);
  CHECK_INT(2, n);
  CHECK_STR("caf\xc3\xa9 l\xe2\x80\x99" "arte \xc5\xa0", cells[1][0]);
  /* ISO-8859-1 and a UTF-8 byte-order mark */
  sila_csvw_dialect_set(&d.encoding, "ISO-8859-1");
  n = read_all("x\nfiscalit\xe0\n", &d, cells, kinds, rows);
  CHECK_STR("fiscalit\xc3\xa0", cells[1][0]);
  sila_csvw_dialect_set(&d.encoding, "utf-8");
  n = read_all("\xef\xbb\xbfh\nv\n", &d, cells, kinds, rows);
  CHECK_STR("h", cells[0][0]);
  sila_csvw_dialect_set(&d.encoding, "no-such-encoding");
  SilaError err = {0};
  CHECK(sila_csvw_reader_new(NULL, "", 0, &d, &err) == NULL);
  CHECK_INT(SILA_ERR_UNSUPPORTED, err.status);
  sila_csvw_dialect_clear(&d);
  sila_csvw_dialect_clear(NULL);
}

/* ---- numbers ---- */

static void check_number(const char *s, const char *pattern, const char *dc, const char *gc,
                         const char *expected) {
  char *out = NULL;
  bool ok = sila_csvw_number_parse(s, pattern, dc, gc, true, true, &out);
  if (expected) {
    CHECK(ok);
    CHECK_STR(expected, out);
  } else {
    CHECK(!ok);
  }
  free(out);
}

static void test_numbers(void) {
  /* decimal comma, group dot (Italian) */
  check_number("1,713939", NULL, ",", NULL, "1.713939");
  check_number("-1", NULL, ",", NULL, "-1");
  check_number("1.234.567,5", NULL, ",", ".", "1234567.5");
  check_number("1..234", NULL, ",", ".", NULL);
  check_number(".5", NULL, ",", ".", NULL);
  check_number("12,5%", NULL, ",", NULL, "0.125");
  check_number("5\xe2\x80\xb0", NULL, NULL, NULL, "0.005");
  check_number("1.5E3", NULL, NULL, NULL, "1.5e3");
  check_number("INF", NULL, NULL, NULL, "INF");
  check_number("abc", NULL, NULL, NULL, NULL);
  /* UAX35 patterns */
  check_number("1,234.50", "#,##0.00", NULL, NULL, "1234.50");
  check_number("1234.50", "#,##0.00", NULL, NULL, NULL);
  check_number("1,234.5", "#,##0.00", NULL, NULL, NULL);
  check_number("12,34,567", "#,##,#00", NULL, NULL, "1234567");
  check_number("007", "000", NULL, NULL, "007");
  check_number("7", "000", NULL, NULL, NULL);
  check_number("1.234,5", "#.##0,0", ",", ".", "1234.5");
  CHECK(sila_csvw_number_pattern_ok("#,##0.###", NULL, NULL));
  CHECK(!sila_csvw_number_pattern_ok("[", NULL, NULL));
  CHECK(!sila_csvw_number_pattern_ok("0#", NULL, NULL));
}

/* ---- dates ---- */

static void check_date(const char *s, const char *pattern, int kind, int pivot, const char *expected) {
  char *out = NULL;
  bool ok = sila_csvw_date_parse(s, pattern, kind, pivot, &out);
  if (expected) {
    CHECK(ok);
    CHECK_STR(expected, out);
  } else {
    CHECK(!ok);
  }
  free(out);
}

static void test_dates(void) {
  check_date("24/02/2020", "dd/MM/yyyy", 0, -1, "2020-02-24");
  check_date("4/2/2020", "d/M/yyyy", 0, -1, "2020-02-04");
  check_date("24/02/20", "dd/MM/yy", 0, -1, NULL); /* yy is Sila's, off without a pivot */
  check_date("24/02/20", "dd/MM/yy", 0, 70, "2020-02-24");
  check_date("01/01/85", "dd/MM/yy", 0, 70, "1985-01-01");
  check_date("32/01/2020", "dd/MM/yyyy", 0, -1, NULL);
  check_date("2016-10-24 14:14:28", "yyyy-MM-dd HH:mm:ss", 2, -1, "2016-10-24T14:14:28");
  check_date("15:02", "HH:mm", 1, -1, "15:02:00");
  check_date("15:02:37.25", "HH:mm:ss.SS", 1, -1, "15:02:37.25");
  check_date("15:02:37.255", "HH:mm:ss.SS", 1, -1, NULL);
  check_date("1502 +0100", "HHmm XX", 1, -1, "15:02:00+01:00");
  check_date("2020-02-24Z", "yyyy-MM-ddX", 0, -1, "2020-02-24Z");
  CHECK(sila_csvw_date_pattern_ok("dd.MM.yyyy", 0, false));
  CHECK(!sila_csvw_date_pattern_ok("yy-MM-dd", 0, false));
  CHECK(sila_csvw_date_pattern_ok("dd/MM/yy", 0, true));
  CHECK(sila_csvw_date_pattern_ok("yyyy-MM-ddTHH:mm:ssXXX", 2, false));
  CHECK(!sila_csvw_date_pattern_ok("MMM d, yyyy", 0, false));
}

/* ---- datatypes through the compiler ---- */

static void check_cell(const char *json, const char *value, const char *expected) {
  json_t *j = json_loads(json, JSON_DECODE_ANY, NULL);
  SilaCsvwDiag diag = {.sink = NULL};
  SilaError err = {0};
  SilaCsvwDatatype *dt = sila_csvw_datatype_compile(j, &diag, true, &err);
  CHECK(dt != NULL);
  char *lex = NULL, *why = NULL;
  bool ok = dt && sila_csvw_datatype_parse(dt, value, &lex, &why);
  if (expected) {
    CHECK(ok);
    CHECK_STR(expected, lex);
  } else {
    CHECK(!ok);
    CHECK(why != NULL);
  }
  free(lex);
  free(why);
  sila_csvw_datatype_free(dt);
  json_decref(j);
}

static void test_datatypes(void) {
  check_cell("\"integer\"", "-12", "-12");
  check_cell("\"integer\"", "1,5", NULL);
  check_cell("\"byte\"", "128", NULL);
  check_cell("\"unsignedLong\"", "18446744073709551615", "18446744073709551615");
  check_cell("{\"base\":\"decimal\",\"format\":{\"decimalChar\":\",\"}}", "0,590688", "0.590688");
  check_cell("{\"base\":\"boolean\",\"format\":\"S\xc3\xac|No\"}", "S\xc3\xac", "true");
  check_cell("{\"base\":\"boolean\",\"format\":\"S\xc3\xac|No\"}", "No", "false");
  check_cell("{\"base\":\"boolean\",\"format\":\"S\xc3\xac|No\"}", "Forse", NULL);
  check_cell("{\"base\":\"string\",\"format\":\"[0-9]{6}\"}", "078045", "078045");
  check_cell("{\"base\":\"string\",\"format\":\"[0-9]{6}\"}", "78045", NULL);
  check_cell("{\"base\":\"date\",\"format\":\"dd/MM/yyyy\"}", "24/02/2020", "2020-02-24");
  check_cell("{\"base\":\"date\",\"format\":\"dd/MM/yy\",\"" SILA_CSVW_NS "twoDigitYearPivot\":50}",
             "12/07/22", "2022-07-12");
  check_cell("{\"base\":\"integer\",\"minimum\":0,\"maximum\":100}", "101", NULL);
  check_cell("{\"base\":\"string\",\"maxLength\":3}", "abcd", NULL);
  check_cell("\"gYear\"", "2020", "2020");
  check_cell("\"duration\"", "P1Y2M", "P1Y2M");
  check_cell("\"duration\"", "P", NULL);
  check_cell("\"json\"", "{\"a\":1}", "{\"a\":1}");
  check_cell("\"hexBinary\"", "0FA", NULL);
  /* contradictory facets are an error, not a warning */
  json_t *j = json_loads("{\"base\":\"integer\",\"minInclusive\":5,\"maxInclusive\":1}", 0, NULL);
  SilaError err = {0};
  CHECK(sila_csvw_datatype_compile(j, NULL, false, &err) == NULL);
  CHECK_INT(SILA_ERR_INVALID, err.status);
  json_decref(j);
  sila_csvw_datatype_free(NULL);
}

/* ---- URI templates and IRIs ---- */

static void vars(void *ctx, const char *name, size_t len, SilaCsvwTVal *out) {
  static const char *const list[] = {"red", "green", "blue"};
  (void)ctx;
#define V(n, v)                                                                                    \
  if (len == strlen(n) && !strncmp(name, n, len)) {                                                \
    out->kind = 1;                                                                                 \
    out->str = v;                                                                                  \
    return;                                                                                        \
  }
  V("var", "value");
  V("hello", "Hello World!");
  V("path", "/foo/bar");
  V("x", "1024");
  V("y", "768");
  V("empty", "");
  V("comune", "San Giovanni in Fiore");
#undef V
  if (len == 4 && !strncmp(name, "list", 4)) {
    out->kind = 2;
    out->items = list;
    out->n = 3;
  }
}

static void check_tmpl(const char *t, const char *expected) {
  char *s = sila_csvw_template_expand(t, vars, NULL);
  CHECK_STR(expected, s);
  free(s);
}

static void test_templates(void) {
  /* RFC 6570 §3.2 examples */
  check_tmpl("{var}", "value");
  check_tmpl("{hello}", "Hello%20World%21");
  check_tmpl("{+hello}", "Hello%20World!");
  check_tmpl("{+path}/here", "/foo/bar/here");
  check_tmpl("X{#var}", "X#value");
  check_tmpl("{#x,hello,y}", "#1024,Hello%20World!,768");
  check_tmpl("X{.x,y}", "X.1024.768");
  check_tmpl("{/var,x}/here", "/value/1024/here");
  check_tmpl("{;x,y,empty}", ";x=1024;y=768;empty");
  check_tmpl("{?x,y,empty}", "?x=1024&y=768&empty=");
  check_tmpl("?fixed=yes{&x}", "?fixed=yes&x=1024");
  check_tmpl("{var:3}", "val");
  check_tmpl("{undef}", "");
  check_tmpl("{list}", "red,green,blue");
  check_tmpl("{list*}", "red,green,blue");
  check_tmpl("{/list*}", "/red/green/blue");
  check_tmpl("{?list*}", "?list=red&list=green&list=blue");
  check_tmpl("https://dati.calabria.it/id/luogo/{comune}", "https://dati.calabria.it/id/luogo/San%20Giovanni%20in%20Fiore");
  char *bad = sila_csvw_template_expand("{unclosed", vars, NULL);
  CHECK(bad == NULL);
  /* RFC 3986 §5.4 resolution examples */
  static const char *const cases[][2] = {
      {"g", "http://a/b/c/g"},     {"./g", "http://a/b/c/g"},   {"g/", "http://a/b/c/g/"},
      {"/g", "http://a/g"},        {"//g", "http://g"},         {"?y", "http://a/b/c/d;p?y"},
      {"#s", "http://a/b/c/d;p?q#s"}, {"", "http://a/b/c/d;p?q"}, {"../g", "http://a/b/g"},
      {"../../../g", "http://a/g"}, {"g;x=1/../y", "http://a/b/c/y"}};
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    char *r = sila_csvw_iri_resolve("http://a/b/c/d;p?q", cases[i][0]);
    CHECK_STR(cases[i][1], r);
    free(r);
  }
  char *n = sila_csvw_pct_encode_name("Codice Comune (2)");
  CHECK_STR("Codice%20Comune%20%282%29", n);
  free(n);
  char *x = sila_csvw_expand_prefixed("dcat:keyword");
  CHECK_STR("http://www.w3.org/ns/dcat#keyword", x);
  free(x);
  CHECK(sila_csvw_expand_prefixed("nope:x") == NULL);
}

/* ---- mappings ---- */

static void test_map_small(void) {
  /* errors and warnings are data, with row and column */
  char *csv = write_file("piccolo.csv", "nome,abitanti\nCosenza,65000\nRende,tanti\n");
  char *meta = write_file("piccolo.csv-metadata.json",
                          "{\"@context\":\"http://www.w3.org/ns/csvw\",\"url\":\"piccolo.csv\","
                          "\"tableSchema\":{\"columns\":[{\"name\":\"nome\",\"titles\":\"nome\"},"
                          "{\"name\":\"abitanti\",\"titles\":\"abitanti\",\"datatype\":\"integer\"}],"
                          "\"aboutUrl\":\"http://example.org/comune/{nome}\"}}");
  SilaCsvwOptions o;
  sila_csvw_options_init(&o);
  Out out = {0};
  o.warning = on_warning;
  o.warning_ctx = &out;
  o.minimal = true;
  o.base_iri = "http://example.org/data/piccolo.csv";
  SilaError err = {0};
  CHECK_INT(SILA_OK, sila_csvw_map(csv, &o, collect, &out, &err));
  CHECK_INT(4, out.n);
  CHECK(has(&out, "<http://example.org/comune/Cosenza> <http://example.org/data/piccolo.csv#abitanti> "
                  "\"65000\"^^<http://www.w3.org/2001/XMLSchema#integer>"));
  /* the bad cell becomes a plain string plus a warning naming row 3, column 2 */
  CHECK(has(&out, "<http://example.org/comune/Rende> <http://example.org/data/piccolo.csv#abitanti> \"tanti\""));
  CHECK_INT(1, out.warnings);
  CHECK(strstr(out.last_warning, "piccolo.csv:3:2:") != NULL);
  CHECK(strstr(out.last_warning, "tanti") != NULL);
  CHECK_INT(0, count_pred(&out, "http://www.w3.org/ns/prov#"));
  out_free(&out);

  /* provenance only on request: an activity using the CSV and the metadata */
  o.minimal = false;
  o.provenance = true;
  CHECK_INT(SILA_OK, sila_csvw_map(csv, &o, collect, &out, &err));
  CHECK_INT(13, count_pred(&out, "http://www.w3.org/ns/prov#"));
  CHECK_INT(1, count_pred(&out, "<http://www.w3.org/ns/prov#entity> <http://example.org/data/piccolo.csv-metadata.json>"));
  CHECK_INT(1, count_pred(&out, "<http://www.w3.org/ns/prov#entity> <http://example.org/data/piccolo.csv>"));
  out_free(&out);

  /* a metadata error stops the mapping with a positioned SilaError */
  char *bad = write_file("doppio-metadata.json",
                         "{\"@context\":\"http://www.w3.org/ns/csvw\",\"url\":\"piccolo.csv\","
                         "\"tableSchema\":{\"columns\":[{\"name\":\"a\"},{\"name\":\"a\"}]}}");
  sila_error_clear(&err);
  CHECK_INT(SILA_ERR_INVALID, sila_csvw_map(bad, NULL, collect, &out, &err));
  CHECK(strstr(err.message, "duplicate column name") != NULL);
  CHECK(err.file != NULL);
  sila_error_clear(&err);
  CHECK_INT(SILA_ERR_NOT_FOUND, sila_csvw_map("/nonexistent/x.csv", NULL, collect, &out, &err));
  out_free(&out);
  free(csv);
  free(meta);
  free(bad);
}

static void test_extensions(const char *srcdir) {
  char *mini = sila_csvw_aprintf("%s/tests/data/csvw/istat-comuni-mini.csv", srcdir);
  char *csv = sila_csvw_aprintf("%s/tests/data/csvw/comuni-cosenza.csv", srcdir);
  char *json = sila_csvw_aprintf(
      "{\"@context\":\"http://www.w3.org/ns/csvw\",\"url\":\"file://%s\","
      "\"tableSchema\":{\"columns\":["
      "{\"name\":\"comune\",\"titles\":\"Comune\",\"propertyUrl\":\"http://example.org/istat\","
      "\"" SILA_CSVW_NS "lookup\":{\"url\":\"file://%s\",\"delimiter\":\";\","
      "\"key\":\"Denominazione in italiano\",\"value\":\"Codice Comune formato alfanumerico\","
      "\"filter\":{\"Provincia\":\"078\"}}},"
      "{\"name\":\"codice\",\"titles\":\"Codice\",\"" SILA_CSVW_NS "zeroPad\":6,"
      "\"propertyUrl\":\"http://example.org/codice\"},"
      "{\"name\":\"casi\",\"titles\":\"Casi\",\"suppressOutput\":true}],"
      "\"aboutUrl\":\"https://dati.calabria.it/id/comune/{codice}\"}}",
      csv, mini);
  char *meta = write_file("ext-metadata.json", json);
  SilaCsvwOptions o;
  sila_csvw_options_init(&o);
  Out out = {0};
  o.warning = on_warning;
  o.warning_ctx = &out;
  o.minimal = true;
  o.extensions = true;
  SilaError err = {0};
  CHECK_INT(SILA_OK, sila_csvw_map(meta, &o, collect, &out, &err));
  CHECK_INT(7, out.n);
  CHECK(has(&out, "<https://dati.calabria.it/id/comune/078045> <http://example.org/istat> \"078045\""));
  /* case, accents and the apostrophe written for an accent: MAIERA' = Maierà */
  CHECK(has(&out, "<https://dati.calabria.it/id/comune/078073> <http://example.org/istat> \"078073\""));
  CHECK(has(&out, "<https://dati.calabria.it/id/comune/078102> <http://example.org/istat> \"078102\""));
  CHECK(has(&out, "<https://dati.calabria.it/id/comune/000001> <http://example.org/codice> \"000001\""));
  /* DONNICI is not a municipality: a warning, and no value (never the
   * name where a code belongs) */
  CHECK(!has(&out, "<https://dati.calabria.it/id/comune/000001> <http://example.org/istat> \"DONNICI\""));
  CHECK_INT(1, out.warnings);
  out_free(&out);
  /* without extensions the same metadata maps the raw values */
  o.extensions = false;
  sila_error_clear(&err);
  CHECK_INT(SILA_OK, sila_csvw_map(meta, &o, collect, &out, &err));
  CHECK(has(&out, "<https://dati.calabria.it/id/comune/78045> <http://example.org/istat> \"COSENZA\""));
  out_free(&out);
  char *fold = sila_csvw_fold_name("  Sant'Onofrio  DI\xc3\x80 ");
  CHECK_STR("santonofrio dia", fold);
  free(fold);
  free(mini);
  free(csv);
  free(json);
  free(meta);
}

/* The messages as codes with their parameters (SilaCsvwOptions.message),
 * for callers that word them themselves: a cell not of its datatype and a
 * name a lookup lacks, with the suggested name as the table writes it
 * (never its code); a warning for `sila map`, an error in strict mode. */
typedef struct {
  char codes[8][32], values[8][64], columns[8][32], expected[8][32], first_suggestion[8][64];
  unsigned long rows[8], cols[8];
  bool errors[8];
  size_t n;
} Msgs;

static void on_message(void *ctx, const SilaCsvwMessage *m) {
  Msgs *ms = ctx;
  if (ms->n == 8)
    return;
  size_t i = ms->n++;
  snprintf(ms->codes[i], sizeof ms->codes[i], "%s", m->code);
  snprintf(ms->values[i], sizeof ms->values[i], "%s", m->value ? m->value : "");
  snprintf(ms->columns[i], sizeof ms->columns[i], "%s", m->column_name ? m->column_name : "");
  snprintf(ms->expected[i], sizeof ms->expected[i], "%s", m->expected ? m->expected : "");
  snprintf(ms->first_suggestion[i], sizeof ms->first_suggestion[i], "%s",
           m->n_suggestions ? m->suggestions[0] : "");
  ms->rows[i] = m->row;
  ms->cols[i] = m->column;
  ms->errors[i] = m->error;
}

static void test_messages(const char *srcdir) {
  char *mini = sila_csvw_aprintf("%s/tests/data/csvw/istat-comuni-mini.csv", srcdir);
  char *csv = write_file("msg.csv", "nome,stelle,comune\nHotel,tre,Cosensa\nB&B,2,Cosenza\n");
  char *json = sila_csvw_aprintf(
      "{\"@context\":\"http://www.w3.org/ns/csvw\",\"url\":\"file://%s\","
      "\"tableSchema\":{\"columns\":["
      "{\"name\":\"nome\",\"titles\":\"nome\"},"
      "{\"name\":\"stelle\",\"titles\":\"stelle\",\"datatype\":\"integer\"},"
      "{\"name\":\"comune\",\"titles\":\"comune\","
      "\"valueUrl\":\"https://w3id.org/italia/x/{comune}\","
      "\"" SILA_CSVW_NS "lookup\":{\"url\":\"file://%s\",\"delimiter\":\";\","
      "\"key\":\"Denominazione in italiano\",\"value\":\"Codice Comune formato alfanumerico\"}}]}}",
      csv, mini);
  char *meta = write_file("msg-metadata.json", json);
  for (int strict = 0; strict < 2; strict++) {
    SilaCsvwOptions o;
    sila_csvw_options_init(&o);
    Out out = {0};
    Msgs ms = {0};
    o.warning = on_warning;
    o.warning_ctx = &out;
    o.extensions = true;
    o.strict = strict;
    o.message = on_message;
    o.message_ctx = &ms;
    SilaError err = {0};
    CHECK_INT(strict ? SILA_ERR_INVALID : SILA_OK, sila_csvw_map(meta, &o, collect, &out, &err));
    CHECK_INT(2, ms.n);
    CHECK_STR(SILA_CSVW_MSG_BAD_VALUE, ms.codes[0]);
    CHECK_STR("tre", ms.values[0]);
    CHECK_STR("stelle", ms.columns[0]);
    CHECK_STR("integer", ms.expected[0]);
    CHECK_INT(2, ms.rows[0]);
    CHECK_INT(2, ms.cols[0]);
    CHECK_INT(strict, ms.errors[0]);
    CHECK_STR(SILA_CSVW_MSG_LOOKUP, ms.codes[1]);
    CHECK_STR("Cosensa", ms.values[1]);
    CHECK_STR("Cosenza", ms.first_suggestion[1]); /* the name, not 078045 */
    CHECK_INT(3, ms.cols[1]);
    /* CSVW (not strict): the cell kept as a plain string, as the W3C tests expect */
    if (!strict)
      CHECK_INT(1, count_pred(&out, "\"tre\""));
    out_free(&out);
  }
  free(mini);
  free(csv);
  free(json);
  free(meta);
}

/* The real file: decimal comma, dd/MM/yy, negative corrections, empty Rt. */
static void test_cosenza(const char *shared, const char *srcdir) {
  char *csv = sila_csvw_aprintf("%s/reference/datasets/covid19-cosenza-provincia.csv", shared);
  char *tmpl = sila_csvw_aprintf("%s/tests/data/csvw/covid19-cosenza-provincia-metadata.json", srcdir);
  json_t *j = json_load_file(tmpl, 0, NULL);
  CHECK(j != NULL);
  if (!j)
    return;
  char *real = realpath(csv, NULL); /* $SILA_SHARED may hold "..": URLs are normalised */
  char *url = sila_csvw_aprintf("file://%s", real ? real : csv);
  free(real);
  json_object_set_new(j, "url", json_string(url));
  char *text = json_dumps(j, 0);
  char *meta = write_file("cosenza-metadata.json", text);
  SilaCsvwOptions o;
  sila_csvw_options_init(&o);
  Out out = {0};
  o.warning = on_warning;
  o.warning_ctx = &out;
  o.extensions = true;
  o.minimal = true;
  SilaError err = {0};
  CHECK_INT(SILA_OK, sila_csvw_map(meta, &o, collect, &out, &err));
  /* 6638 non-empty cells in 855 rows, plus one rdf:type per row (virtual column) */
  CHECK_INT(6638 + 855, out.n);
  CHECK_INT(0, out.warnings);
  CHECK_INT(855, count_pred(&out, "<http://purl.org/dc/terms/date>"));
  CHECK_INT(758, count_pred(&out, "#rtPositivi>"));
  CHECK(has(&out, "<https://dati.calabria.it/id/covid19/provincia/078/2020-03-10> "
                  "<http://purl.org/dc/terms/date> \"2020-03-10\"^^<http://www.w3.org/2001/XMLSchema#date>"));
  CHECK(has(&out, "<https://dati.calabria.it/id/covid19/provincia/078/2021-04-15> "
                  "<https://dati.calabria.it/ns/covid#rtPositivi> "
                  "\"0.885671\"^^<http://www.w3.org/2001/XMLSchema#decimal>"));
  CHECK(has(&out, "<https://dati.calabria.it/id/covid19/provincia/078/2020-03-11> "
                  "<https://dati.calabria.it/ns/covid#nuoviCasi> "
                  "\"-1\"^^<http://www.w3.org/2001/XMLSchema#integer>"));
  CHECK(has(&out, "<https://dati.calabria.it/id/covid19/provincia/078/2022-07-12> "
                  "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "
                  "<https://dati.calabria.it/ns/covid#RilevazioneGiornaliera>"));
  out_free(&out);

  /* standard mode adds the table group, table and row descriptions */
  o.minimal = false;
  sila_error_clear(&err);
  CHECK_INT(SILA_OK, sila_csvw_map(meta, &o, collect, &out, &err));
  CHECK_INT(6638 + 855 + 855 * 5 + 2 + 4, out.n);
  CHECK_INT(855, count_pred(&out, "<http://www.w3.org/ns/csvw#rownum>"));
  char *row = sila_csvw_aprintf("<%s#row=856>", url);
  CHECK_INT(1, count_pred(&out, row));
  free(row);
  CHECK(count_pred(&out, "\"COVID-19: andamento nella provincia di Cosenza\"@it") == 1);
  out_free(&out);

  /* without Sila's extensions "dd/MM/yy" is not a CSVW format: warnings, strings */
  o.extensions = false;
  o.minimal = true;
  sila_error_clear(&err);
  CHECK_INT(SILA_OK, sila_csvw_map(meta, &o, collect, &out, &err));
  CHECK(out.warnings >= 855);
  CHECK(has(&out, "<https://dati.calabria.it/id/covid19/provincia/078/10%2F03%2F20> "
                  "<http://purl.org/dc/terms/date> \"10/03/20\""));
  out_free(&out);
  free(text);
  json_decref(j);
  free(url);
  free(meta);
  free(tmpl);
  free(csv);
}

/* The lookup on real data: 151 names of the province of Cosenza against the ISTAT list. */
static void test_cosenza_comuni(const char *shared, const char *srcdir) {
  char *tmpl = sila_csvw_aprintf("%s/tests/data/csvw/comuni-metadata.json", srcdir);
  json_t *j = json_load_file(tmpl, 0, NULL);
  CHECK(j != NULL);
  if (!j)
    return;
  char *url = sila_csvw_aprintf("file://%s/reference/datasets/covid19-cosenza-comuni-2020-08-01.csv", shared);
  char *istat = sila_csvw_aprintf("file://%s/reference/datasets/istat-elenco-comuni-italiani-2023.csv", shared);
  json_object_set_new(j, "url", json_string(url));
  json_t *lk = json_object_get(json_array_get(json_object_get(json_object_get(j, "tableSchema"), "columns"), 0),
                               SILA_CSVW_NS "lookup");
  json_object_set_new(lk, "url", json_string(istat));
  char *text = json_dumps(j, 0);
  char *meta = write_file("comuni-metadata.json", text);
  SilaCsvwOptions o;
  sila_csvw_options_init(&o);
  Out out = {0};
  o.warning = on_warning;
  o.warning_ctx = &out;
  o.extensions = true;
  o.minimal = true;
  SilaError err = {0};
  CHECK_INT(SILA_OK, sila_csvw_map(meta, &o, collect, &out, &err));
  /* 151 rows × (code + total); 3 names without an ISTAT match give a
   * warning each and no code (no IRI is made of a name that matched nothing) */
  CHECK_INT(299, out.n);
  CHECK_INT(3, out.warnings);
  CHECK(has(&out, "<https://dati.calabria.it/id/comune/078006> "
                  "<https://dati.calabria.it/ns/covid#codiceIstat> \"078006\""));
  CHECK(!has(&out, "<https://dati.calabria.it/id/comune/DONNICI> "
                   "<https://dati.calabria.it/ns/covid#codiceIstat> \"DONNICI\""));
  out_free(&out);
  free(text);
  json_decref(j);
  free(url);
  free(istat);
  free(meta);
  free(tmpl);
}

/* Embedded metadata only, dialect and encoding from user metadata: the
 * ISTAT list (windows-1252, ';', header cells with a quoted newline) and
 * the Piedmont museums (every field quoted, doubled quotes). */
static size_t map_real(const char *shared, const char *file, const char *encoding, Out *out) {
  char *real = sila_csvw_aprintf("%s/reference/datasets/%s", shared, file);
  char *abs = realpath(real, NULL);
  char *json = sila_csvw_aprintf("{\"@context\":\"http://www.w3.org/ns/csvw\",\"url\":\"file://%s\","
                                 "\"dialect\":{\"delimiter\":\";\",\"encoding\":\"%s\"}}",
                                 abs ? abs : real, encoding);
  char *meta = write_file("real-metadata.json", json);
  SilaCsvwOptions o;
  sila_csvw_options_init(&o);
  o.minimal = true;
  o.user_metadata = meta;
  o.warning = on_warning;
  o.warning_ctx = out;
  SilaError err = {0};
  CHECK_INT(SILA_OK, sila_csvw_map(real, &o, collect, out, &err));
  free(real);
  free(abs);
  free(json);
  free(meta);
  return out->n;
}

static void test_real_files(const char *shared) {
  Out out = {0};
  map_real(shared, "istat-elenco-comuni-italiani-2023.csv", "windows-1252", &out);
  CHECK_INT(7901, count_pred(&out, "#Denominazione%20in%20italiano> "));
  CHECK_INT(0, out.warnings);
  /* the header cell with a newline is one title, one column */
  CHECK_INT(7901, count_pred(&out, "#Codice%20dell%27Unit%C3%A0%20territoriale%20sovracomunale%20%0A"
                                   "%28valida%20a%20fini%20statistici%29> "));
  CHECK(count_pred(&out, "#Codice%20Comune%20formato%20alfanumerico> \"078045\"") == 1);
  CHECK(count_pred(&out, "#Denominazione%20%28Italiana%20e%20straniera%29> "
                         "\"San Floriano del Collio-\xc5\xa0teverjan\"") == 1);
  out_free(&out);
  /* the same file read as UTF-8 stops at the first non-UTF-8 byte, with its position */
  char *istat = sila_csvw_aprintf("%s/reference/datasets/istat-elenco-comuni-italiani-2023.csv", shared);
  SilaCsvwOptions o;
  sila_csvw_options_init(&o);
  o.minimal = true;
  SilaError err = {0};
  CHECK_INT(SILA_ERR_SYNTAX, sila_csvw_map(istat, &o, collect, &out, &err));
  CHECK_INT(1, err.line); /* "Unità" in the header; ',' (the default) splits nothing */
  CHECK_INT(1, err.column);
  CHECK(strstr(err.message, "windows-1252") != NULL);
  free(istat);
  out_free(&out);
  map_real(shared, "piemonte-musei.csv", "windows-1252", &out);
  CHECK_INT(469, count_pred(&out, "#nome> "));
  CHECK(count_pred(&out, "#nome> \"Museo \\\"Martini\\\" di Storia dell'Enologia (Chieri)\"") == 1);
  out_free(&out);
}

/* Foreign and primary keys, on the W3C validation cases (local files). */
static unsigned long key_warnings(const char *shared, int test) {
  char *path = sila_csvw_aprintf("%s/conformance/csvw/test%03d-metadata.json", shared, test);
  SilaCsvwOptions o;
  sila_csvw_options_init(&o);
  o.minimal = true;
  Out out = {0};
  o.warning = on_warning;
  o.warning_ctx = &out;
  SilaError err = {0};
  CHECK_INT(SILA_OK, sila_csvw_map(path, &o, collect, &out, &err));
  unsigned long n = strstr(out.last_warning, " key ") ? out.warnings : 0;
  out_free(&out);
  free(path);
  return n;
}

static void test_keys(const char *shared) {
  CHECK_INT(0, key_warnings(shared, 231)); /* primary key: success */
  CHECK_INT(1, key_warnings(shared, 232)); /* primary key: duplicate */
  CHECK_INT(0, key_warnings(shared, 233));
  CHECK_INT(1, key_warnings(shared, 234));
  CHECK_INT(0, key_warnings(shared, 254)); /* foreign key, same table */
  CHECK_INT(0, key_warnings(shared, 255)); /* foreign key, other table */
  CHECK_INT(0, key_warnings(shared, 256)); /* foreign key, two columns */
  CHECK(key_warnings(shared, 257) >= 1);   /* no referenced row */
  CHECK(key_warnings(shared, 258) >= 1);   /* several referenced rows */
}

int main(void) {
  snprintf(tmpdir, sizeof tmpdir, "csvw-test-XXXXXX");
  if (!mkdtemp(tmpdir)) {
    perror("mkdtemp");
    return 1;
  }
  char *abs = realpath(tmpdir, NULL);
  snprintf(tmpdir, sizeof tmpdir, "%s", abs);
  free(abs);
  const char *srcdir = getenv("SILA_SRCDIR");
  if (!srcdir)
    srcdir = "..";
  test_dialect();
  test_numbers();
  test_dates();
  test_datatypes();
  test_templates();
  test_map_small();
  test_extensions(srcdir);
  test_messages(srcdir);
  const char *shared = getenv("SILA_SHARED");
  struct stat sb;
  char probe[4096];
  snprintf(probe, sizeof probe, "%s/reference/datasets", shared ? shared : "");
  if (shared && stat(probe, &sb) == 0) {
    test_cosenza(shared, srcdir);
    test_cosenza_comuni(shared, srcdir);
    test_real_files(shared);
    test_keys(shared);
  } else {
    printf("SKIP: real-file mappings ($SILA_SHARED/reference/datasets not found)\n");
  }
  char cmd[600];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
  if (system(cmd) != 0)
    fprintf(stderr, "could not remove %s\n", tmpdir);
  return TEST_REPORT();
}
