/* sila_results_writer.c — the format-independent part of the result
 * writers: format table, state machine, bounded output buffer, escaping. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sila_alloc.h"
#include "sila_results_internal.h"

enum { ST_NEW, ST_SELECT, ST_BOOLEAN, ST_DONE };

/* ---- format table ---- */

/* One row per format: its names and how it writes (the writer core only
 * dispatches through the ops; it knows no format's details). */
static const struct {
  SilaResultFormat fmt;
  const char *name, *alias, *mime, *suffix;
  const SilaResultsFormatOps *ops;
} formats[] = {
    {SILA_RESULTS_JSON, "json", "srj", "application/sparql-results+json", ".srj",
     &sila_results_json_ops},
    {SILA_RESULTS_XML, "xml", "srx", "application/sparql-results+xml", ".srx",
     &sila_results_xml_ops},
    {SILA_RESULTS_CSV, "csv", NULL, "text/csv", ".csv", &sila_results_csv_ops},
    {SILA_RESULTS_TSV, "tsv", NULL, "text/tab-separated-values", ".tsv", &sila_results_tsv_ops},
    {SILA_RESULTS_HTML, "html", NULL, "text/html", ".html", &sila_results_html_ops},
};
#define NFORMATS (sizeof formats / sizeof formats[0])

/* Types that mean a format without being its own type. */
static const struct {
  const char *mime;
  SilaResultFormat fmt;
} mime_aliases[] = {
    {"application/json", SILA_RESULTS_JSON},
    {"application/xml", SILA_RESULTS_XML},
    {"text/xml", SILA_RESULTS_XML},
};

SilaResultFormat sila_results_format_from_name(const char *name) {
  if (!name)
    return SILA_RESULTS_UNKNOWN;
  for (size_t i = 0; i < NFORMATS; i++)
    if (strcasecmp(name, formats[i].name) == 0 ||
        (formats[i].alias && strcasecmp(name, formats[i].alias) == 0))
      return formats[i].fmt;
  return SILA_RESULTS_UNKNOWN;
}

SilaResultFormat sila_results_format_from_mime(const char *mime) {
  if (!mime)
    return SILA_RESULTS_UNKNOWN;
  while (*mime == ' ' || *mime == '\t')
    mime++;
  size_t n = strcspn(mime, ";");
  while (n > 0 && (mime[n - 1] == ' ' || mime[n - 1] == '\t'))
    n--;
  for (size_t i = 0; i < NFORMATS; i++)
    if (formats[i].fmt != SILA_RESULTS_HTML && /* write only: see the header */
        strlen(formats[i].mime) == n && strncasecmp(mime, formats[i].mime, n) == 0)
      return formats[i].fmt;
  for (size_t i = 0; i < sizeof mime_aliases / sizeof mime_aliases[0]; i++)
    if (strlen(mime_aliases[i].mime) == n && strncasecmp(mime, mime_aliases[i].mime, n) == 0)
      return mime_aliases[i].fmt;
  return SILA_RESULTS_UNKNOWN;
}

static int format_index(SilaResultFormat fmt) {
  for (size_t i = 0; i < NFORMATS; i++)
    if (formats[i].fmt == fmt)
      return (int)i;
  return -1;
}

const char *sila_results_format_mime(SilaResultFormat fmt) {
  int i = format_index(fmt);
  return i < 0 ? NULL : formats[i].mime;
}

const char *sila_results_format_suffix(SilaResultFormat fmt) {
  int i = format_index(fmt);
  return i < 0 ? NULL : formats[i].suffix;
}

const char *sila_results_format_name(SilaResultFormat fmt) {
  int i = format_index(fmt);
  return i < 0 ? NULL : formats[i].name;
}

/* ---- buffer ---- */

static SilaStatus flush(SilaResultWriter *w) {
  if (w->status)
    return w->status;
  if (w->len) {
    SilaStatus st = w->write(w->ctx, w->buf, w->len);
    w->len = 0;
    if (st)
      w->status = st;
  }
  return w->status;
}

SilaStatus sila_results_put(SilaResultWriter *w, const char *s, size_t n) {
  if (w->status)
    return w->status;
  if (n > SILA_RESULTS_BUFFER_SIZE - w->len) {
    if (flush(w))
      return w->status;
    if (n >= SILA_RESULTS_BUFFER_SIZE) { /* too big to buffer: pass straight on */
      SilaStatus st = w->write(w->ctx, s, n);
      if (st)
        w->status = st;
      return w->status;
    }
  }
  memcpy(w->buf + w->len, s, n);
  w->len += n;
  return SILA_OK;
}

SilaStatus sila_results_puts(SilaResultWriter *w, const char *s) {
  return sila_results_put(w, s, strlen(s));
}

static bool xml_char_ok(uint32_t cp) {
  return cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF) ||
         (cp >= 0xE000 && cp <= 0xFFFD) || cp >= 0x10000;
}

/* The escape for code point cp in `mode`, written into esc; returns its
 * length, or 0 when cp is written as is. */
static size_t escape_for(uint32_t cp, SilaEscapeMode mode, char *esc) {
  static const char hex[] = "0123456789ABCDEF";
  switch (mode) {
  case SILA_ESC_JSON:
    switch (cp) {
    case '"': return memcpy(esc, "\\\"", 2), 2;
    case '\\': return memcpy(esc, "\\\\", 2), 2;
    case '\n': return memcpy(esc, "\\n", 2), 2;
    case '\r': return memcpy(esc, "\\r", 2), 2;
    case '\t': return memcpy(esc, "\\t", 2), 2;
    case '\b': return memcpy(esc, "\\b", 2), 2;
    case '\f': return memcpy(esc, "\\f", 2), 2;
    default:
      if (cp < 0x20 || cp == 0x7F) {
        memcpy(esc, "\\u00", 4);
        esc[4] = hex[cp >> 4];
        esc[5] = hex[cp & 15];
        return 6;
      }
      return 0;
    }
  case SILA_ESC_XML_TEXT:
  case SILA_ESC_XML_ATTR:
    switch (cp) {
    case '&': return memcpy(esc, "&amp;", 5), 5;
    case '<': return memcpy(esc, "&lt;", 4), 4;
    case '>': return memcpy(esc, "&gt;", 4), 4;
    case '"': return memcpy(esc, "&quot;", 6), 6;
    /* A raw CR is turned into LF by XML parsers: keep it as a reference. */
    case '\r': return memcpy(esc, "&#13;", 5), 5;
    case '\n':
      return mode == SILA_ESC_XML_ATTR ? (memcpy(esc, "&#10;", 5), 5) : 0;
    case '\t':
      return mode == SILA_ESC_XML_ATTR ? (memcpy(esc, "&#9;", 4), 4) : 0;
    default:
      if (!xml_char_ok(cp)) /* not even a character reference can carry it */
        return sila_utf8_encode(0xFFFD, esc);
      return 0;
    }
  case SILA_ESC_CSV:
    return cp == '"' ? (memcpy(esc, "\"\"", 2), 2) : 0;
  case SILA_ESC_TSV_STR:
    switch (cp) {
    case '"': return memcpy(esc, "\\\"", 2), 2;
    case '\\': return memcpy(esc, "\\\\", 2), 2;
    case '\n': return memcpy(esc, "\\n", 2), 2;
    case '\r': return memcpy(esc, "\\r", 2), 2;
    case '\t': return memcpy(esc, "\\t", 2), 2;
    default: return 0;
    }
  case SILA_ESC_TSV_IRI:
    if (cp <= 0x20 || (cp < 0x80 && strchr("<>\"{}|^`\\", (int)cp))) {
      memcpy(esc, "\\u00", 4);
      esc[4] = hex[cp >> 4];
      esc[5] = hex[cp & 15];
      return 6;
    }
    return 0;
  case SILA_ESC_PLAIN:
    return 0;
  }
  return 0;
}

SilaStatus sila_results_put_escaped(SilaResultWriter *w, const char *s, size_t n,
                                    SilaEscapeMode mode) {
  const unsigned char *u = (const unsigned char *)s;
  size_t start = 0, i = 0;
  char esc[8];
  while (i < n) {
    uint32_t cp;
    size_t len = sila_utf8_decode(u + i, n - i, &cp);
    size_t elen;
    if (len == 0) { /* invalid byte: U+FFFD, resync on the next byte */
      elen = sila_utf8_encode(0xFFFD, esc);
      len = 1;
    } else {
      elen = escape_for(cp, mode, esc);
    }
    if (elen) {
      if (sila_results_put(w, s + start, i - start) || sila_results_put(w, esc, elen))
        return w->status;
      start = i + len;
    }
    i += len;
  }
  return sila_results_put(w, s + start, n - start);
}

void sila_results_split_lang(const SilaTerm *t, size_t *lang_len, const char **dir,
                             size_t *dir_len) {
  *lang_len = t->lang_len;
  *dir = NULL;
  *dir_len = 0;
  /* From 1: a tag that starts with "--" has no language part to split off. */
  for (size_t i = 1; t->lang && i + 1 < t->lang_len; i++) {
    if (t->lang[i] == '-' && t->lang[i + 1] == '-') {
      *lang_len = i;
      *dir = t->lang + i + 2;
      *dir_len = t->lang_len - i - 2;
      return;
    }
  }
}

/* ---- the writer ---- */

SilaResultWriter *sila_results_writer_new(SilaResultFormat fmt, SilaWriteFn write, void *ctx,
                                          unsigned flags) {
  int f = format_index(fmt);
  if (f < 0 || !write)
    return NULL;
  const SilaResultsFormatOps *ops = formats[f].ops;
  SilaResultWriter *w = sila_calloc(1, sizeof *w);
  if (!w)
    return NULL;
  w->buf = sila_malloc(SILA_RESULTS_BUFFER_SIZE);
  if (!w->buf) {
    free(w);
    return NULL;
  }
  w->fmt = fmt;
  w->ops = ops;
  w->write = write;
  w->ctx = ctx;
  w->flags = flags;
  w->state = ST_NEW;
  return w;
}

static void free_vars(SilaResultWriter *w) {
  for (size_t i = 0; i < w->nvars; i++)
    free(w->vars[i]);
  free(w->vars);
  free(w->var_lens);
  w->vars = NULL;
  w->var_lens = NULL;
  w->nvars = 0;
}

SilaStatus sila_results_begin_n(SilaResultWriter *w, const char *const *vars,
                                const size_t *lens, size_t nvars) {
  if (w->status)
    return w->status;
  if (w->state != ST_NEW)
    return SILA_ERR_INVALID;
  for (size_t i = 0; i < nvars; i++)
    if (!vars[i] || lens[i] == 0)
      return SILA_ERR_INVALID;
  if (nvars) {
    w->vars = sila_calloc(nvars, sizeof *w->vars);
    w->var_lens = sila_calloc(nvars, sizeof *w->var_lens);
    if (w->vars)
      w->nvars = nvars; /* calloc'd: free_vars may walk the NULL slots */
    if (!w->vars || !w->var_lens)
      goto nomem;
    for (size_t i = 0; i < nvars; i++) {
      w->vars[i] = sila_malloc(lens[i] + 1);
      if (!w->vars[i])
        goto nomem;
      memcpy(w->vars[i], vars[i], lens[i]);
      w->vars[i][lens[i]] = '\0';
      w->var_lens[i] = lens[i];
    }
  }
  w->nvars = nvars;
  w->state = ST_SELECT;
  return w->ops->begin(w);
nomem:
  free_vars(w);
  return SILA_ERR_NOMEM;
}

SilaStatus sila_results_begin(SilaResultWriter *w, const char *const *vars, size_t nvars) {
  size_t small[16] = {0};
  size_t *lens = nvars <= 16 ? small : sila_malloc(nvars * sizeof *lens);
  if (!lens)
    return SILA_ERR_NOMEM;
  for (size_t i = 0; i < nvars; i++)
    lens[i] = vars[i] ? strlen(vars[i]) : 0;
  SilaStatus st = sila_results_begin_n(w, vars, lens, nvars);
  if (lens != small)
    free(lens);
  return st;
}

static bool term_ok(const SilaTerm *t, SilaResultFormat fmt) {
  if (!t || t->kind == SILA_TERM_NONE)
    return true;
  if (t->kind == SILA_RESULTS_TERM_TRIPLE) /* checked whole, so no half row is written */
    return t->value && sila_results_triple_ok(t->value, t->value_len, 0);
  if (t->kind != SILA_TERM_IRI && t->kind != SILA_TERM_BLANK && t->kind != SILA_TERM_LITERAL)
    return false;
  if (!t->value && t->value_len)
    return false;
  if (t->kind == SILA_TERM_BLANK && t->value_len == 0)
    return false;
  (void)fmt;
  return true;
}

/* A row holding triple terms as structures (SILA_TERM_TRIPLE with its
 * `triple`, as the executor decodes them): the same row with each one as
 * its N-Triples 1.2 text, the form the format writers take. */
static SilaStatus row_with_triple_texts(SilaResultWriter *w, const SilaTerm *const *values) {
  SilaTerm *terms = sila_calloc(w->nvars, sizeof *terms);
  const SilaTerm **ptrs = sila_calloc(w->nvars, sizeof *ptrs);
  SilaBuf text = SILA_BUF_INIT;
  size_t *starts = sila_calloc(w->nvars, sizeof *starts);
  SilaStatus st = SILA_ERR_NOMEM;
  if (!terms || !ptrs || !starts)
    goto done;
  for (size_t i = 0; i < w->nvars; i++) {
    starts[i] = text.len;
    if (values[i] && values[i]->kind == SILA_TERM_TRIPLE && values[i]->triple &&
        sila_buf_put_term_nt(&text, values[i]))
      goto done;
  }
  for (size_t i = 0; i < w->nvars; i++) {
    ptrs[i] = values[i];
    if (values[i] && values[i]->kind == SILA_TERM_TRIPLE && values[i]->triple) {
      size_t end = i + 1 < w->nvars ? starts[i + 1] : text.len;
      terms[i].kind = SILA_RESULTS_TERM_TRIPLE;
      terms[i].value = text.data + starts[i];
      terms[i].value_len = end - starts[i];
      ptrs[i] = &terms[i];
    }
  }
  st = SILA_OK;
  for (size_t i = 0; i < w->nvars && st == SILA_OK; i++)
    if (!term_ok(ptrs[i], w->fmt))
      st = SILA_ERR_INVALID;
  if (st == SILA_OK)
    st = w->ops->row(w, ptrs);
done:
  free(terms);
  free(ptrs);
  free(starts);
  sila_buf_free(&text);
  return st;
}

SilaStatus sila_results_row(SilaResultWriter *w, const SilaTerm *const *values) {
  if (w->status)
    return w->status;
  if (w->state != ST_SELECT || (!values && w->nvars))
    return SILA_ERR_INVALID;
  bool structured = false;
  for (size_t i = 0; i < w->nvars; i++)
    if (values[i] && values[i]->kind == SILA_TERM_TRIPLE && values[i]->triple)
      structured = true;
    else if (!term_ok(values[i], w->fmt))
      return SILA_ERR_INVALID;
  SilaStatus st = structured ? row_with_triple_texts(w, values) : w->ops->row(w, values);
  if (st == SILA_OK)
    w->nrows++;
  return st;
}

SilaStatus sila_results_boolean(SilaResultWriter *w, bool value) {
  if (w->status)
    return w->status;
  if (w->state != ST_NEW)
    return SILA_ERR_INVALID;
  w->state = ST_BOOLEAN;
  return w->ops->boolean(w, value);
}

SilaStatus sila_results_finish(SilaResultWriter *w) {
  if (w->status)
    return w->status;
  if (w->state == ST_NEW || w->state == ST_DONE)
    return SILA_ERR_INVALID;
  if (w->state == ST_SELECT && w->ops->finish(w))
    return w->status;
  w->state = ST_DONE;
  return flush(w);
}

SilaStatus sila_results_abort(SilaResultWriter *w, const char *message) {
  if (w->status)
    return w->status;
  if (w->state == ST_NEW || w->state == ST_DONE)
    return SILA_ERR_INVALID;
  w->state = ST_DONE;
  const char *msg = message ? message : "query failed";
  size_t n = strlen(msg);
  w->ops->abort(w, msg, n);
  return flush(w);
}

size_t sila_results_writer_rows(const SilaResultWriter *w) { return w ? w->nrows : 0; }

void sila_results_writer_free(SilaResultWriter *w) {
  if (!w)
    return;
  free_vars(w);
  free(w->buf);
  free(w->link_base);
  free(w);
}
