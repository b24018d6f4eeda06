/* fuzz_sparql_parse.c — libFuzzer target for the SPARQL parser.
 *
 * Feeds each input to both the query and the update parser and, when a
 * parse succeeds, prints the algebra (exercising every node the parser
 * built).  Any crash, sanitizer report, leak or hang is a bug; syntax and
 * nesting-limit errors are expected outcomes.
 *
 * make check replays its corpus (tests/fuzz.am); `make fuzz` runs it with
 * libFuzzer.  By hand, with clang from the source tree:
 *
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -Isparql -Istore \
 *     tests/fuzz/fuzz_sparql_parse.c sparql/sila_arena.c sparql/sila_sparql_lex.c \
 *     sparql/sila_sparql_expr.c sparql/sila_sparql_pattern.c sparql/sila_sparql_parse.c \
 *     sparql/sila_algebra_print.c sparql/sila_iri.c store/sila_status.c store/sila_term.c \
 *     -o fuzz_sparql_parse
 *   mkdir -p corpus
 *   find ../shared/conformance/rdf-tests/sparql -name '*.r[qu]' -exec cp {} corpus/ \;
 *   ./fuzz_sparql_parse -max_len=4096 corpus
 */
#include <stddef.h>
#include <stdint.h>

#include "sila_sparql.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  for (int update = 0; update < 2; update++) {
    SilaQuery *q = NULL;
    SilaError err = {0};
    SilaStatus st = update ? sila_sparql_parse_update((const char *)data, size,
                                                      "http://example.org/", &q, &err)
                           : sila_sparql_parse_query((const char *)data, size,
                                                     "http://example.org/", &q, &err);
    if (st == SILA_OK) {
      SilaBuf b = SILA_BUF_INIT;
      sila_query_print(q, &b);
      sila_buf_free(&b);
    } else if (st == SILA_ERR_SYNTAX && (err.line == 0 || err.column == 0)) {
      __builtin_trap(); /* a syntax error must carry its position */
    }
    sila_query_free(q);
  }
  return 0;
}
