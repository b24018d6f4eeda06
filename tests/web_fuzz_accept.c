/* web_fuzz_accept.c — libFuzzer target for the Accept parser
 * (web/sila_accept.c).  make check replays its corpus (tests/fuzz.am) and
 * `make fuzz` runs it with the other targets.  By hand:
 *   clang -g -fsanitize=fuzzer,address,undefined -I../web \
 *     web_fuzz_accept.c ../web/sila_accept.c -o fuzz_accept */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sila_accept.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static const char *const offers[] = {"application/sparql-results+json", "text/csv",
                                       "text/turtle", "application/ld+json"};
  char *s = malloc(size + 1);
  if (!s)
    return 0;
  memcpy(s, data, size);
  s[size] = 0;
  int i = sila_accept_choose(s, offers, 4);
  if (i < -1 || i >= 4)
    abort();
  for (size_t k = 0; k < 4; k++) {
    int q = sila_accept_quality(s, offers[k]);
    if (q < 0 || q > 1000)
      abort();
  }
  free(s);
  return 0;
}
