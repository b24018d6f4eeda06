/* fuzz_results_parse.c — libFuzzer target for the SPARQL results parsers.
 *
 * The first byte picks the format (JSON, XML, CSV, TSV); the rest is the
 * document.  Whatever parses is written in all four formats, and must
 * survive a write → parse round trip in its own format unchanged (checked
 * with results_compare; a difference aborts; see round_trip for the
 * exceptions).  make check replays its corpus (tests/fuzz.am); `make
 * fuzz` runs it with libFuzzer.  By hand:
 *
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -std=gnu11 \
 *     -Istore -Isparql -Itests tests/fuzz/fuzz_results_parse.c tests/results_compare.c \
 *     sparql/sila_results*.c store/sila_term.c store/sila_status.c -ljansson \
 *     -o fuzz_results_parse
 *   ./fuzz_results_parse -max_len=65536 corpus/
 *
 * (run from the source tree; seed the corpus with the W3C .srx/.srj/.csv/
 * .tsv files, each prefixed with its format byte: 0 JSON, 1 XML, 2 CSV, 3 TSV). */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "results_compare.h"
#include "sila_results.h"

static SilaStatus discard(void *ctx, const char *data, size_t len) {
  (void)data;
  *(size_t *)ctx += len;
  return SILA_OK;
}

static SilaStatus collect(void *ctx, const char *data, size_t len) {
  return sila_buf_append(ctx, data, len) ? SILA_ERR_NOMEM : SILA_OK;
}

/* Valid UTF-8 without C0 controls other than TAB, LF, CR, nor U+FFFE/U+FFFF. */
static bool clean(const char *s, size_t n) {
  const unsigned char *u = (const unsigned char *)s;
  for (size_t i = 0; i < n;) {
    uint32_t cp;
    size_t len;
    if (u[i] < 0x80)
      cp = u[i], len = 1;
    else if (u[i] >= 0xC2 && u[i] <= 0xDF)
      cp = u[i] & 0x1F, len = 2;
    else if (u[i] >= 0xE0 && u[i] <= 0xEF)
      cp = u[i] & 0x0F, len = 3;
    else if (u[i] >= 0xF0 && u[i] <= 0xF4)
      cp = u[i] & 0x07, len = 4;
    else
      return false;
    if (n - i < len)
      return false;
    for (size_t k = 1; k < len; k++) {
      if ((u[i + k] & 0xC0) != 0x80)
        return false;
      cp = (cp << 6) | (u[i + k] & 0x3F);
    }
    static const uint32_t min[5] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < min[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF) || cp == 0xFFFE ||
        cp == 0xFFFF || (cp < 0x20 && cp != 9 && cp != 10 && cp != 13))
      return false;
    i += len;
  }
  return true;
}

/* Triple-term text carries IRI characters below U+0020 as \u00XX escapes,
 * which the XML writer decodes: treat those as unclean too. */
static bool clean_triple(const char *s, size_t n) {
  for (size_t i = 0; i + 5 < n; i++) {
    if (s[i] != '\\' || s[i + 1] != 'u' || s[i + 2] != '0' || s[i + 3] != '0')
      continue;
    unsigned v;
    char hexd[3] = {s[i + 4], s[i + 5], 0};
    if (sscanf(hexd, "%2x", &v) == 1 && v < 0x20 && v != 9 && v != 10 && v != 13)
      return false;
  }
  return true;
}

static bool clean_set(const SilaResultSet *rs) {
  for (size_t i = 0; i < rs->nvars; i++)
    if (!clean(rs->vars[i], rs->var_lens[i]))
      return false;
  for (size_t i = 0; i < rs->nrows * rs->nvars; i++) {
    const SilaTerm *t = &rs->cells[i];
    if ((t->value && !clean(t->value, t->value_len)) ||
        (t->kind == SILA_RESULTS_TERM_TRIPLE && !clean_triple(t->value, t->value_len)) ||
        (t->datatype && !clean(t->datatype, t->datatype_len)) ||
        (t->lang && !clean(t->lang, t->lang_len)))
      return false;
  }
  return true;
}

/* Sila's own output must parse back to the same result (aborts if not).
 * A write error (a term the writers refuse, such as a triple term whose
 * parts hold blanks) ends the check quietly. */
static void round_trip(const SilaResultSet *rs, SilaResultFormat fmt) {
  SilaBuf out = SILA_BUF_INIT;
  SilaError err;
  sila_error_clear(&err);
  SilaResultWriter *w = sila_results_writer_new(fmt, collect, &out, 0);
  SilaStatus st = w ? sila_results_set_write(rs, w) : SILA_ERR_NOMEM;
  sila_results_writer_free(w);
  if (st == SILA_OK) {
    SilaResultSet *back = NULL;
    if (sila_results_parse(fmt, out.data ? out.data : "", out.len, &back, &err)) {
      fprintf(stderr, "%s written by Sila does not parse: %s\n", sila_results_format_name(fmt),
              err.message);
      abort();
    }
    char why[512];
    if (!results_compare(rs, back, RESULTS_CMP_ORDERED, why, sizeof why)) {
      fprintf(stderr, "%s round trip changed the result: %s\n", sila_results_format_name(fmt),
              why);
      abort();
    }
    sila_results_set_free(back);
  }
  sila_buf_free(&out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 1)
    return 0;
  SilaResultFormat fmt = (SilaResultFormat)(SILA_RESULTS_JSON + data[0] % 4);
  SilaResultSet *rs = NULL;
  SilaError err;
  sila_error_clear(&err);
  if (sila_results_parse(fmt, (const char *)data + 1, size - 1, &rs, &err) != SILA_OK)
    return 0;
  for (int f = SILA_RESULTS_JSON; f <= SILA_RESULTS_TSV; f++) {
    size_t total = 0;
    SilaResultWriter *w = sila_results_writer_new((SilaResultFormat)f, discard, &total, 0);
    if (w)
      (void)sila_results_set_write(rs, w);
    sila_results_writer_free(w);
  }
  /* Round trip in the format that was read.  CSV is left out (it keeps
   * strings only); XML and TSV only when every string is valid UTF-8 free of
   * characters XML 1.0 cannot carry, which the writers replace by U+FFFD. */
  if (fmt == SILA_RESULTS_JSON || (fmt != SILA_RESULTS_CSV && clean_set(rs)))
    round_trip(rs, fmt);
  sila_results_set_free(rs);
  return 0;
}
