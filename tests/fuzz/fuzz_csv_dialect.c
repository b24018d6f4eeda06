/* fuzz_csv_dialect.c — libFuzzer target for the CSVW row reader.
 *
 * The first bytes choose a dialect (delimiter, quoting, escapes, trim,
 * skip rows/columns, comment prefix, encoding); the rest is the CSV, read
 * through the same streaming reader the mapper uses.
 *
 * Build (not part of make check):
 *   clang -g -fsanitize=fuzzer,address,undefined -I. -Istore -Iloaders \
 *     tests/fuzz/fuzz_csv_dialect.c loaders/csvw_csv.c loaders/csvw_util.c \
 *     store/sila_term.c store/sila_status.c -o fuzz_csv_dialect
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "csvw_csv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 4)
    return 0;
  static const char *const delims[] = {",", ";", "\t", "|", "::"};
  static const char *const quotes[] = {"\"", "'", NULL, "\xc2\xab"};
  static const char *const encodings[] = {"utf-8", "windows-1252", "ISO-8859-1", "utf-16"};
  static const char *const lts[][2] = {{"\r\n", "\n"}, {"\n", NULL}, {"|", NULL}, {"\r", "\n"}};
  SilaCsvwDialect d;
  sila_csvw_dialect_init(&d);
  uint8_t a = data[0], b = data[1], c = data[2], e = data[3];
  sila_csvw_dialect_set(&d.delimiter, delims[a % 5]);
  sila_csvw_dialect_set(&d.quote_char, quotes[(a >> 3) % 4]);
  sila_csvw_dialect_set(&d.encoding, encodings[(a >> 5) % 4]);
  d.double_quote = b & 1;
  d.skip_initial_space = b & 2;
  d.skip_blank_rows = b & 4;
  d.trim = (b >> 3) & 3;
  d.header_row_count = (b >> 5) & 3;
  d.skip_rows = c & 3;
  d.skip_columns = (c >> 2) & 3;
  sila_csvw_dialect_set(&d.comment_prefix, (c & 0x10) ? "#" : NULL);
  const char *lt[2];
  size_t nlt = 0;
  for (int i = 0; i < 2; i++)
    if (lts[e % 4][i])
      lt[nlt++] = lts[e % 4][i];
  sila_csvw_dialect_set_terminators(&d, lt, nlt);
  SilaError err = {0};
  SilaCsvwReader *r = sila_csvw_reader_new(NULL, (const char *)data + 4, size - 4, &d, &err);
  if (r) {
    SilaCsvwRow row;
    SilaCsvwRowKind k;
    while ((k = sila_csvw_reader_next(r, &row, &err)) != SILA_CSVW_ROW_EOF &&
           k != SILA_CSVW_ROW_ERROR) {
      for (size_t i = 0; i < row.n; i++)
        (void)strlen(row.cells[i]);
    }
    sila_csvw_reader_free(r);
  }
  sila_csvw_dialect_clear(&d);
  return 0;
}
