/* web_accept_test.c — the Accept header parser: q-values, wildcards,
 * parameters, malformed input, and the choice among offers. */
#include <string.h>

#include "sila_accept.h"
#include "test_harness.h"

static const char *const results[] = {"application/sparql-results+json",
                                      "application/sparql-results+xml", "text/csv",
                                      "text/tab-separated-values"};

static int choose(const char *accept) { return sila_accept_choose(accept, results, 4); }

int main(void) {
  CHECK_INT(sila_accept_quality(NULL, "text/csv"), 1000);
  CHECK_INT(sila_accept_quality("", "text/csv"), 1000);
  CHECK_INT(sila_accept_quality("  ", "text/csv"), 1000);
  CHECK_INT(sila_accept_quality("text/csv", "text/csv"), 1000);
  CHECK_INT(sila_accept_quality("TEXT/CSV", "text/csv"), 1000);
  CHECK_INT(sila_accept_quality("text/csv;q=0.5", "text/csv"), 500);
  CHECK_INT(sila_accept_quality("text/csv ; q=0.25", "text/csv"), 250);
  CHECK_INT(sila_accept_quality("text/csv;q=.2", "text/csv"), 200);
  CHECK_INT(sila_accept_quality("text/csv;q=1.000", "text/csv"), 1000);
  CHECK_INT(sila_accept_quality("text/csv;q=0", "text/csv"), 0);
  CHECK_INT(sila_accept_quality("text/csv;q=abc", "text/csv"), 1000); /* malformed q = 1 */
  CHECK_INT(sila_accept_quality("text/csv;charset=utf-8", "text/csv"), 1000);
  CHECK_INT(sila_accept_quality("text/csv;header=\"a,b\";q=0.3", "text/csv"), 300);
  CHECK_INT(sila_accept_quality("text/*;q=0.4", "text/csv"), 400);
  CHECK_INT(sila_accept_quality("*/*;q=0.1", "text/csv"), 100);
  CHECK_INT(sila_accept_quality("*; q=.2", "text/csv"), 200);
  CHECK_INT(sila_accept_quality("image/png", "text/csv"), 0);
  CHECK_INT(sila_accept_quality("text/html", "text/csv"), 0);
  /* the most specific range wins, whatever its q */
  CHECK_INT(sila_accept_quality("*/*;q=0.9, text/csv;q=0.1", "text/csv"), 100);
  CHECK_INT(sila_accept_quality("text/*;q=0, */*", "text/csv"), 0);
  CHECK_INT(sila_accept_quality("text/*;q=0, */*", "application/json"), 1000);
  /* malformed ranges are skipped */
  CHECK_INT(sila_accept_quality(",,;;, /, text/csv;q=0.7", "text/csv"), 700);
  CHECK_INT(sila_accept_quality("/", "text/csv"), 0);
  CHECK_INT(sila_accept_quality(";q=1", "text/csv"), 0);
  /* choices */
  CHECK_INT(choose(NULL), 0);
  CHECK_INT(choose("*/*"), 0);
  CHECK_INT(choose("application/sparql-results+xml"), 1);
  CHECK_INT(choose("application/sparql-results+json;q=0.5, application/sparql-results+xml"), 1);
  CHECK_INT(choose("text/*"), 2);
  CHECK_INT(choose("text/tab-separated-values, text/csv;q=0.9"), 3);
  CHECK_INT(choose("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"), 0);
  CHECK_INT(choose("text/html, image/gif, image/jpeg, *; q=.2, */*; q=.2"), 0);
  CHECK_INT(choose("image/png"), -1);
  CHECK_INT(choose("*/*;q=0"), -1);
  return TEST_REPORT();
}
