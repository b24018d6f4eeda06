/* test_html_it.c — values as an Italian reader writes them (web/ld_html_it.c)
 * and the page shell (web/ld_html_shell.c): dates, counts, decimals with the
 * typed value kept in a title, values left alone, the breadcrumbs and the
 * footer's legal links, the map tiles setting. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ld_html.h"
#include "test_harness.h"

static const char *str(SilaBuf *b) {
  sila_buf_putc(b, '\0');
  b->len--;
  return b->data ? b->data : "";
}

static void test_dates(void) {
  char d[64];
  CHECK(ld_date_it("2026-12-06", 10, d, sizeof d));
  CHECK_STR("6 dicembre 2026", d);
  CHECK(ld_date_it("2025-01-10T08:30:00Z", 20, d, sizeof d));
  CHECK_STR("10 gennaio 2025, ore 08:30", d);
  CHECK(ld_date_it("2024-06-01+02:00", 16, d, sizeof d));
  CHECK_STR("1 giugno 2024", d);
  CHECK(!ld_date_it("2026-13-06", 10, d, sizeof d)); /* no 13th month */
  CHECK(!ld_date_it("2026-12-00", 10, d, sizeof d));
  CHECK(!ld_date_it("06/12/2026", 10, d, sizeof d));
  CHECK(!ld_date_it("2026-12-06x", 11, d, sizeof d));
  CHECK(!ld_date_it("2026-12", 7, d, sizeof d));
  CHECK(!ld_date_it("2026-12-06", 10, d, 8)); /* too small a buffer: refused, not cut */
}

static void test_counts(void) {
  uint64_t n[] = {0, 7, 999, 1000, 1234567, 18446744073709551615ull};
  const char *want[] = {"0", "7", "999", "1.000", "1.234.567", "18.446.744.073.709.551.615"};
  for (size_t i = 0; i < sizeof n / sizeof n[0]; i++) {
    SilaBuf b = SILA_BUF_INIT;
    CHECK_INT(0, ld_count_it(&b, n[i]));
    CHECK_STR(want[i], str(&b));
    sila_buf_free(&b);
  }
}

/* A typed literal through ld_literal_it: its result and what it wrote. */
static int literal(const char *value, const char *datatype, SilaBuf *b) {
  SilaTerm t = sila_term_literal(value, datatype, NULL);
  return ld_literal_it(b, &t);
}

static void test_literals(void) {
  SilaBuf b = SILA_BUF_INIT;
  CHECK_INT(1, literal("1234.5", SILA_NS_XSD "decimal", &b));
  CHECK_STR("<span title=\"1234.5 (xsd:decimal)\">1.234,5</span>", str(&b));
  b.len = 0;
  CHECK_INT(1, literal("-1234567", SILA_NS_XSD "integer", &b));
  CHECK_STR("<span title=\"-1234567 (xsd:integer)\">-1.234.567</span>", str(&b));
  b.len = 0;
  CHECK_INT(1, literal("2026-12-06", SILA_NS_XSD "date", &b));
  CHECK_STR("<span title=\"2026-12-06 (xsd:date)\">6 dicembre 2026</span>", str(&b));
  b.len = 0;
  /* not such values: nothing written, the caller shows them as they are */
  CHECK_INT(0, literal("1e10", SILA_NS_XSD "double", &b));
  CHECK_INT(0, literal("INF", SILA_NS_XSD "double", &b));
  CHECK_INT(0, literal("12.", SILA_NS_XSD "decimal", &b));
  CHECK_INT(0, literal("oggi", SILA_NS_XSD "date", &b));
  CHECK_INT(0, literal("1234", SILA_NS_XSD "string", &b));
  CHECK_INT(0, literal("1234", "http://example.org/numero", &b));
  CHECK_INT(0, b.len);
  SilaTerm plain = sila_term_literal("1234", NULL, NULL);
  CHECK_INT(0, ld_literal_it(&b, &plain));
  sila_buf_free(&b);
}

static void test_shell(void) {
  SilaBuf b = SILA_BUF_INIT;
  LdCrumb crumbs[] = {{"Dataset", 0, "/#dataset"}, {"A <b> & c", 0, NULL}};
  CHECK_INT(0, ld_page_open(&b, "A <b> & c", 9, crumbs, 2));
  CHECK_INT(0, ld_page_end(&b));
  const char *h = str(&b);
  CHECK(strstr(h, "<title>A &lt;b&gt; &amp; c — Dati aperti Calabria</title>") != NULL);
  CHECK(strstr(h, "<a class=\"skip visually-hidden-focusable\" href=\"#main\">") != NULL);
  CHECK(strstr(h, ">Regione Calabria</a>") != NULL);
  CHECK(strstr(h, "<li class=\"breadcrumb-item\"><a href=\"/#dataset\">Dataset</a>") != NULL);
  CHECK(strstr(h, "<li class=\"breadcrumb-item active\" aria-current=\"page\">A &lt;b&gt; "
                  "&amp; c</li>") != NULL);
  CHECK(strstr(h, "<main id=\"main\"") != NULL);
  CHECK(strstr(h, "href=\"/accessibilita\"") && strstr(h, "href=\"/privacy\"") &&
        strstr(h, "href=\"/note-legali\""));
  /* without Bootstrap Italia: the own style sheet inline, nothing linked */
  CHECK(strstr(h, "<style>") != NULL);
  CHECK(strstr(h, "bootstrap-italia") == NULL);
  b.len = 0;
  ld_html_set_assets(LD_ASSET_BI);
  CHECK_INT(0, ld_page_open(&b, "Home", 4, NULL, 0));
  h = str(&b);
  CHECK(strstr(h, "href=\"/static/bootstrap-italia/css/bootstrap-italia.min.css\"") != NULL);
  CHECK(strstr(h, "<style>") == NULL);
  CHECK(strstr(h, "breadcrumb") == NULL); /* the home page has none */
  ld_html_set_assets(0);
  b.len = 0;
  ld_html_set_tiles(NULL, NULL);
  CHECK_INT(0, ld_map_attrs(&b));
  CHECK(strstr(str(&b), "data-tiles=\"https://tile.openstreetmap.org/{z}/{x}/{y}.png\"") != NULL);
  CHECK(strstr(str(&b), "OpenStreetMap") != NULL);
  b.len = 0;
  ld_html_set_tiles("https://t.example.org/{z}/{x}/{y}.png", NULL);
  CHECK_INT(0, ld_map_attrs(&b));
  CHECK_STR(" data-tiles=\"https://t.example.org/{z}/{x}/{y}.png\" data-attribution=\"\"", str(&b));
  ld_html_set_tiles(NULL, NULL);
  sila_buf_free(&b);
}

/* <meta name="description">: one line, escaped, at most LD_DESCRIPTION_MAX
 * characters cut at a word (never inside a UTF-8 character), "…" when cut. */
static void test_description(void) {
  SilaBuf b = SILA_BUF_INIT;
  const char *text0 = "Città  \"belle\"\n& <care>";
  CHECK_INT(0, ld_description_put(&b, text0, strlen(text0)));
  CHECK_STR("<meta name=\"description\" content=\"Città &quot;belle&quot; &amp; &lt;care&gt;\">\n",
            str(&b));
  sila_buf_free(&b);
  SilaBuf text = SILA_BUF_INIT;
  for (int i = 0; i < 60; i++)
    sila_buf_puts(&text, "perché ");
  CHECK_INT(0, ld_description_put(&b, text.data, text.len));
  const char *c = strstr(str(&b), "content=\"") + 9, *end = strstr(c, "\">");
  size_t cps = 0;
  for (const char *p = c; p < end; p++)
    cps += ((unsigned char)*p & 0xC0) != 0x80;
  CHECK(cps <= LD_DESCRIPTION_MAX);
  CHECK(cps > LD_DESCRIPTION_MAX - 10);
  CHECK(!strncmp(end - 10, "perché…", 10)); /* a whole word, then the ellipsis */
  sila_buf_free(&b);
  sila_buf_free(&text);
  /* a fixed page by its title; any other from its title */
  CHECK_INT(0, ld_description_for_title(&b, "Cerca", 5));
  CHECK(strstr(str(&b), "content=\"Cerca nei dati aperti della Regione Calabria") != NULL);
  sila_buf_free(&b);
  CHECK_INT(0, ld_description_for_title(&b, "Versioni <di>", 13));
  CHECK(strstr(str(&b), "content=\"Versioni &lt;di&gt;: una pagina del portale") != NULL);
  sila_buf_free(&b);
}

int main(void) {
  test_dates();
  test_counts();
  test_literals();
  test_shell();
  test_description();
  return TEST_REPORT();
}
