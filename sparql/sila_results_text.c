/* sila_results_text.c — SPARQL 1.1 CSV and TSV results: writers.
 * (The parsers are in sila_results_textparse.c.)
 *
 * CSV (spec §2): header of bare variable names, CRLF line ends, values in
 * plain form (IRI text, lexical form, "_:" + label), fields quoted when
 * they hold a quote, comma, CR or LF.  An empty-string literal is written
 * "" so that it differs from an unbound value (an empty field).
 * TSV (spec §3): header of "?name", LF line ends, terms in Turtle syntax;
 * xsd:integer, xsd:decimal, xsd:double and xsd:boolean literals whose
 * lexical form is a Turtle number or boolean are written bare. */
#include <string.h>

#include "sila_results_internal.h"

/* ---- shared ---- */

static bool digits(const char *s, size_t n, size_t *i) {
  size_t start = *i;
  while (*i < n && s[*i] >= '0' && s[*i] <= '9')
    (*i)++;
  return *i > start;
}

bool sila_results_turtle_number(const char *s, size_t n, int which) {
  size_t i = 0;
  if (i < n && (s[i] == '+' || s[i] == '-'))
    i++;
  bool int_part = digits(s, n, &i);
  if (which == 0)
    return int_part && i == n;
  bool frac = false;
  if (i < n && s[i] == '.') {
    i++;
    frac = digits(s, n, &i);
  }
  if (which == 1)
    return i == n && frac && s[i - 1] != '.';
  if (!int_part && !frac)
    return false;
  if (i >= n || (s[i] != 'e' && s[i] != 'E'))
    return false;
  i++;
  if (i < n && (s[i] == '+' || s[i] == '-'))
    i++;
  return digits(s, n, &i) && i == n;
}

/* True when literal t can be written as a bare Turtle number or boolean. */
static bool tsv_shorthand(const SilaTerm *t) {
  if (!t->datatype)
    return false;
  const char *d = t->datatype;
  size_t dl = t->datatype_len;
  if (sila_iri_is(d, dl, SILA_NS_XSD "integer"))
    return sila_results_turtle_number(t->value, t->value_len, 0);
  if (sila_iri_is(d, dl, SILA_NS_XSD "decimal"))
    return sila_results_turtle_number(t->value, t->value_len, 1);
  if (sila_iri_is(d, dl, SILA_NS_XSD "double"))
    return sila_results_turtle_number(t->value, t->value_len, 2);
  if (sila_iri_is(d, dl, SILA_NS_XSD "boolean"))
    return (t->value_len == 4 && memcmp(t->value, "true", 4) == 0) ||
           (t->value_len == 5 && memcmp(t->value, "false", 5) == 0);
  return false;
}

/* ---- CSV ---- */

static SilaStatus csv_field(SilaResultWriter *w, const char *prefix, const char *s, size_t n,
                            bool empty_quoted) {
  bool quote = n == 0 ? empty_quoted : false;
  for (size_t i = 0; i < n && !quote; i++)
    if (s[i] == '"' || s[i] == ',' || s[i] == '\n' || s[i] == '\r')
      quote = true;
  if ((quote && sila_results_put(w, "\"", 1)) || sila_results_puts(w, prefix) ||
      sila_results_put_escaped(w, s, n, quote ? SILA_ESC_CSV : SILA_ESC_PLAIN))
    return w->status;
  return quote ? sila_results_put(w, "\"", 1) : SILA_OK;
}

static SilaStatus csv_begin(SilaResultWriter *w) {
  if ((w->flags & SILA_RESULTS_FLAG_BOM) && sila_results_puts(w, "\xEF\xBB\xBF"))
    return w->status;
  for (size_t i = 0; i < w->nvars; i++) {
    if (i && sila_results_put(w, ",", 1))
      return w->status;
    if (csv_field(w, "", w->vars[i], w->var_lens[i], false))
      return w->status;
  }
  return sila_results_puts(w, "\r\n");
}

static SilaStatus csv_row(SilaResultWriter *w, const SilaTerm *const *values) {
  for (size_t i = 0; i < w->nvars; i++) {
    const SilaTerm *t = values[i];
    if (i && sila_results_put(w, ",", 1))
      return w->status;
    if (!t || t->kind == SILA_TERM_NONE)
      continue;
    SilaStatus st;
    if (t->kind == SILA_TERM_BLANK)
      st = csv_field(w, "_:", t->value, t->value_len, false);
    else
      st = csv_field(w, "", t->value, t->value_len, t->kind == SILA_TERM_LITERAL);
    if (st)
      return st;
  }
  return sila_results_puts(w, "\r\n");
}

static SilaStatus csv_boolean(SilaResultWriter *w, bool value) {
  if ((w->flags & SILA_RESULTS_FLAG_BOM) && sila_results_puts(w, "\xEF\xBB\xBF"))
    return w->status;
  return sila_results_puts(w, value ? "_askResult\r\ntrue\r\n" : "_askResult\r\nfalse\r\n");
}

static SilaStatus text_finish(SilaResultWriter *w) { return SILA_OK; }

/* A last row that says the result is cut short (the quote stays open). */
static SilaStatus csv_abort(SilaResultWriter *w, const char *msg, size_t n) {
  if (!sila_results_puts(w, "\r\n\"error: "))
    sila_results_put_escaped(w, msg, n, SILA_ESC_CSV);
  return w->status;
}

const SilaResultsFormatOps sila_results_csv_ops = {csv_begin, csv_row, csv_boolean, text_finish,
                                                   csv_abort};

/* ---- TSV ---- */

static SilaStatus tsv_begin(SilaResultWriter *w) {
  for (size_t i = 0; i < w->nvars; i++) {
    if (sila_results_puts(w, i ? "\t?" : "?") || sila_results_put(w, w->vars[i], w->var_lens[i]))
      return w->status;
  }
  return sila_results_puts(w, "\n");
}

static SilaStatus tsv_iri(SilaResultWriter *w, const char *s, size_t n) {
  if (sila_results_put(w, "<", 1) || sila_results_put_escaped(w, s, n, SILA_ESC_TSV_IRI))
    return w->status;
  return sila_results_put(w, ">", 1);
}

static SilaStatus tsv_term(SilaResultWriter *w, const SilaTerm *t) {
  switch (t->kind) {
  case SILA_TERM_IRI:
    return tsv_iri(w, t->value, t->value_len);
  case SILA_TERM_BLANK:
    if (sila_results_put(w, "_:", 2))
      return w->status;
    return sila_results_put(w, t->value, t->value_len);
  case SILA_TERM_LITERAL:
    if (tsv_shorthand(t))
      return sila_results_put(w, t->value, t->value_len);
    if (sila_results_put(w, "\"", 1) ||
        sila_results_put_escaped(w, t->value, t->value_len, SILA_ESC_TSV_STR) ||
        sila_results_put(w, "\"", 1))
      return w->status;
    if (t->lang) {
      if (sila_results_put(w, "@", 1))
        return w->status;
      return sila_results_put(w, t->lang, t->lang_len);
    }
    if (t->datatype) {
      if (sila_results_put(w, "^^", 2))
        return w->status;
      return tsv_iri(w, t->datatype, t->datatype_len);
    }
    return SILA_OK;
  default: /* a triple term: its value is already N-Triples 1.2 text */
    return sila_results_put(w, t->value, t->value_len);
  }
}

static SilaStatus tsv_row(SilaResultWriter *w, const SilaTerm *const *values) {
  for (size_t i = 0; i < w->nvars; i++) {
    const SilaTerm *t = values[i];
    if (i && sila_results_put(w, "\t", 1))
      return w->status;
    if (t && t->kind != SILA_TERM_NONE && tsv_term(w, t))
      return w->status;
  }
  return sila_results_puts(w, "\n");
}

static SilaStatus tsv_boolean(SilaResultWriter *w, bool value) {
  return sila_results_puts(w, value ? "?_askResult\ntrue\n" : "?_askResult\nfalse\n");
}

/* A last line that says the result is cut short (the string stays open). */
static SilaStatus tsv_abort(SilaResultWriter *w, const char *msg, size_t n) {
  if (!sila_results_puts(w, "\n\"error: "))
    sila_results_put_escaped(w, msg, n, SILA_ESC_TSV_STR);
  return w->status;
}

const SilaResultsFormatOps sila_results_tsv_ops = {tsv_begin, tsv_row, tsv_boolean, text_finish,
                                                   tsv_abort};
