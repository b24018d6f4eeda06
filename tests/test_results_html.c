/* test_results_html.c — the HTML results writer (sparql/sila_results_html.c):
 * the table, escaping, links of local and external IRIs, literals, unbound
 * values, ASK, a failed result, the format lookups. */
#include <stdlib.h>
#include <string.h>

#include "sila_results.h"
#include "test_harness.h"

static SilaStatus to_buf(void *ctx, const char *data, size_t len) {
  return sila_buf_append(ctx, data, len) ? SILA_ERR_NOMEM : SILA_OK;
}

/* Appends the NUL so the buffer reads as a string. */
static const char *str(SilaBuf *b) {
  sila_buf_putc(b, '\0');
  b->len--;
  return b->data;
}

#define HAS(hay, needle)                                                            \
  do {                                                                              \
    if (strstr((hay), (needle))) {                                                  \
      test_passed_++;                                                               \
    } else {                                                                        \
      test_failed_++;                                                               \
      fprintf(stderr, "%s:%d: missing \"%s\"\n", __FILE__, __LINE__, (needle));     \
    }                                                                               \
  } while (0)

static int count(const char *hay, const char *needle) {
  int n = 0;
  for (const char *p = hay; (p = strstr(p, needle)); p += strlen(needle))
    n++;
  return n;
}

static void test_lookup(void) {
  CHECK_INT(SILA_RESULTS_HTML, sila_results_format_from_name("html"));
  CHECK_INT(SILA_RESULTS_HTML, sila_results_format_from_name("HTML"));
  CHECK_STR("text/html", sila_results_format_mime(SILA_RESULTS_HTML));
  CHECK_STR(".html", sila_results_format_suffix(SILA_RESULTS_HTML));
  CHECK_STR("html", sila_results_format_name(SILA_RESULTS_HTML));
  /* write only: an HTML answer is never taken for results */
  CHECK_INT(SILA_RESULTS_UNKNOWN, sila_results_format_from_mime("text/html; charset=utf-8"));
  SilaResultSet *rs = NULL;
  SilaError err = {0};
  CHECK(sila_results_parse(SILA_RESULTS_HTML, "<table></table>", 15, &rs, &err) != SILA_OK);
  CHECK(rs == NULL);
}

static void test_select(void) {
  SilaBuf b = SILA_BUF_INIT;
  SilaResultWriter *w = sila_results_writer_new(SILA_RESULTS_HTML, to_buf, &b, 0);
  CHECK(w != NULL);
  CHECK_INT(SILA_OK, sila_results_writer_set_link_base(w, "https://dati.calabria.it"));
  const char *vars[] = {"s", "label", "n", "b"};
  CHECK_INT(SILA_OK, sila_results_begin(w, vars, 4));
  /* too late to change the links once the table began */
  CHECK_INT(SILA_ERR_INVALID, sila_results_writer_set_link_base(w, NULL));

  SilaTerm local = sila_term_iri("https://dati.calabria.it/id/comune/078045");
  SilaTerm lit = sila_term_literal("Cosenza <b>&\"x\"", NULL, "it");
  SilaTerm num = sila_term_literal("42", SILA_NS_XSD "integer", NULL);
  SilaTerm blank = sila_term_blank("b0");
  const SilaTerm *r1[] = {&local, &lit, &num, &blank};
  CHECK_INT(SILA_OK, sila_results_row(w, r1));

  SilaTerm set = sila_term_iri("https://dati.calabria.it/set/strutture");
  SilaTerm ext = sila_term_iri("https://w3id.org/italia/onto/CLV/City");
  const SilaTerm *r2[] = {&set, NULL, NULL, NULL};
  CHECK_INT(SILA_OK, sila_results_row(w, r2));
  SilaTerm js = sila_term_iri("javascript:alert(1)");
  SilaTerm other = sila_term_literal("x", "http://example.org/dt", NULL);
  const SilaTerm *r3[] = {&ext, &other, NULL, &js};
  CHECK_INT(SILA_OK, sila_results_row(w, r3));
  CHECK_INT(SILA_OK, sila_results_finish(w));
  sila_results_writer_free(w);

  const char *h = str(&b);
  HAS(h, "<!DOCTYPE html>");
  HAS(h, "<html lang=\"it\">");
  CHECK_INT(1, count(h, "<h1>"));
  HAS(h, "<a href=\"/query\">");
  HAS(h, "<th scope=\"col\">?s</th><th scope=\"col\">?label</th>");
  HAS(h, "<a href=\"/doc/comune/078045\">https://dati.calabria.it/id/comune/078045</a>");
  HAS(h, "<a href=\"/set/strutture\">https://dati.calabria.it/set/strutture</a>");
  HAS(h, "<a href=\"https://w3id.org/italia/onto/CLV/City\">");
  HAS(h, "<span lang=\"it\">Cosenza &lt;b&gt;&amp;&quot;x&quot;</span> <small>@it</small>");
  HAS(h, "42 <small>xsd:integer</small>");
  HAS(h, "x <small>http://example.org/dt</small>");
  HAS(h, "<td>_:b0</td>");
  HAS(h, "<td></td>"); /* unbound */
  CHECK(strstr(h, "href=\"javascript:") == NULL);
  HAS(h, "<td>javascript:alert(1)</td>");
  CHECK_INT(3, count(h, "<tr><td>"));
  HAS(h, "<p id=\"conteggio\">3 risultati</p>");
  HAS(h, "</html>\n");
  sila_buf_free(&b);
}

static void test_no_base_and_ask(void) {
  SilaBuf b = SILA_BUF_INIT;
  SilaResultWriter *w = sila_results_writer_new(SILA_RESULTS_HTML, to_buf, &b, 0);
  const char *vars[] = {"s"};
  CHECK_INT(SILA_OK, sila_results_begin(w, vars, 1));
  SilaTerm local = sila_term_iri("https://dati.calabria.it/id/comune/078045");
  const SilaTerm *r1[] = {&local};
  CHECK_INT(SILA_OK, sila_results_row(w, r1));
  CHECK_INT(SILA_OK, sila_results_finish(w));
  sila_results_writer_free(w);
  const char *h = str(&b);
  /* without a base the IRI links to itself and there is no site navigation */
  HAS(h, "<a href=\"https://dati.calabria.it/id/comune/078045\">");
  CHECK(strstr(h, "/query") == NULL);
  HAS(h, "1 risultato</p>");
  sila_buf_free(&b);

  w = sila_results_writer_new(SILA_RESULTS_HTML, to_buf, &b, 0);
  CHECK_INT(SILA_OK, sila_results_boolean(w, true));
  CHECK_INT(SILA_OK, sila_results_finish(w));
  sila_results_writer_free(w);
  h = str(&b);
  HAS(h, "La risposta è <strong>sì</strong> (ASK: true)");
  CHECK_INT(1, count(h, "<h1>"));
  sila_buf_free(&b);

  /* only HTML writers take a link base */
  w = sila_results_writer_new(SILA_RESULTS_JSON, to_buf, &b, 0);
  CHECK_INT(SILA_ERR_INVALID, sila_results_writer_set_link_base(w, "https://x"));
  sila_results_writer_free(w);
  CHECK_INT(SILA_ERR_INVALID, sila_results_writer_set_link_base(NULL, "https://x"));
  sila_buf_free(&b);
}

static void test_abort(void) {
  SilaBuf b = SILA_BUF_INIT;
  SilaResultWriter *w = sila_results_writer_new(SILA_RESULTS_HTML, to_buf, &b, 0);
  const char *vars[] = {"s"};
  CHECK_INT(SILA_OK, sila_results_begin(w, vars, 1));
  SilaTerm lit = sila_term_literal("a", NULL, NULL);
  const SilaTerm *r1[] = {&lit};
  CHECK_INT(SILA_OK, sila_results_row(w, r1));
  CHECK_INT(SILA_OK, sila_results_abort(w, "timeout <after 1 s>"));
  sila_results_writer_free(w);
  const char *h = str(&b);
  HAS(h, "<td>a</td>");
  HAS(h, "role=\"alert\"");
  HAS(h, "timeout &lt;after 1 s&gt;");
  CHECK(strstr(h, "</html>") == NULL); /* never a complete page */
  CHECK(strstr(h, "risultati</p>") == NULL);
  sila_buf_free(&b);
}

int main(void) {
  test_lookup();
  test_select();
  test_no_base_and_ask();
  test_abort();
  return TEST_REPORT();
}
