/* sila_results_textparse.c — SPARQL 1.1 CSV and TSV results: parsers.
 * What each format keeps is documented at sila_results_parse. */
#include <stdlib.h>
#include <string.h>

#include "sila_alloc.h"
#include "sila_results_internal.h"

typedef struct {
  const char *data;
  size_t len;
  SilaResultSet *rs;
  SilaError *err;
  SilaBuf tmp;      /* decoded text of the current value */
  SilaTerm *row;    /* nvars terms */
} TextParse;

static SilaStatus perr(TextParse *p, size_t off, const char *format, const char *what) {
  unsigned long line, col;
  sila_results_position(p->data, off, &line, &col);
  return sila_error_set(p->err, SILA_ERR_SYNTAX, line, col, "%s results: %s", format, what);
}

static size_t skip_bom(const char *d, size_t n) {
  return n >= 3 && memcmp(d, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
}

static SilaStatus alloc_row(TextParse *p) {
  p->row = sila_calloc(p->rs->nvars ? p->rs->nvars : 1, sizeof *p->row);
  return p->row ? SILA_OK : SILA_ERR_NOMEM;
}

/* ---- CSV ---- */

/* An absolute IRI by its look: scheme ":" rest, no blanks or delimiters. */
static bool looks_like_iri(const char *s, size_t n) {
  size_t i = 0;
  if (n == 0 || !((s[0] | 0x20) >= 'a' && (s[0] | 0x20) <= 'z'))
    return false;
  while (i < n && s[i] != ':') {
    char c = s[i];
    if (!(((c | 0x20) >= 'a' && (c | 0x20) <= 'z') || (c >= '0' && c <= '9') || c == '+' ||
          c == '-' || c == '.'))
      return false;
    i++;
  }
  if (i == n || i + 1 == n) /* no colon, or nothing after it */
    return false;
  for (; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c <= 0x20 || strchr("<>\"{}|^`\\", c))
      return false;
  }
  return true;
}

/* Reads one CSV field at *pos into p->tmp; sets *quoted and *end (the
 * delimiter: ',' , '\n' for any line end, or 0 at the end of data). */
static SilaStatus csv_field(TextParse *p, size_t *pos, bool *quoted, char *end) {
  const char *d = p->data;
  size_t i = *pos, n = p->len;
  p->tmp.len = 0;
  *quoted = false;
  if (i < n && d[i] == '"') {
    *quoted = true;
    size_t open = i++;
    for (;;) {
      if (i >= n)
        return perr(p, open, "CSV", "unterminated quoted field");
      if (d[i] == '"') {
        if (i + 1 < n && d[i + 1] == '"') {
          if (sila_buf_putc(&p->tmp, '"'))
            return SILA_ERR_NOMEM;
          i += 2;
          continue;
        }
        i++;
        break;
      }
      size_t start = i;
      while (i < n && d[i] != '"')
        i++;
      if (sila_buf_append(&p->tmp, d + start, i - start))
        return SILA_ERR_NOMEM;
    }
  } else {
    size_t start = i;
    while (i < n && d[i] != ',' && d[i] != '\n' && d[i] != '\r')
      i++;
    if (sila_buf_append(&p->tmp, d + start, i - start))
      return SILA_ERR_NOMEM;
  }
  if (i >= n) {
    *end = 0;
  } else if (d[i] == ',') {
    *end = ',';
    i++;
  } else if (d[i] == '\n') {
    *end = '\n';
    i++;
  } else if (d[i] == '\r') {
    *end = '\n';
    i += (i + 1 < n && d[i + 1] == '\n') ? 2 : 1;
  } else {
    return perr(p, i, "CSV", "text after a closing quote");
  }
  *pos = i;
  return SILA_OK;
}

static SilaStatus csv_value(TextParse *p, bool quoted, SilaTerm *t) {
  const char *s = p->tmp.data ? p->tmp.data : "";
  size_t n = p->tmp.len;
  memset(t, 0, sizeof *t);
  if (n == 0 && !quoted)
    return SILA_OK; /* unbound */
  if (n > 2 && s[0] == '_' && s[1] == ':') {
    t->kind = SILA_TERM_BLANK;
    s += 2, n -= 2;
  } else {
    t->kind = looks_like_iri(s, n) ? SILA_TERM_IRI : SILA_TERM_LITERAL;
  }
  t->value = sila_results_set_intern(p->rs, s, n);
  t->value_len = n;
  return t->value ? SILA_OK : SILA_ERR_NOMEM;
}

static SilaStatus parse_csv(TextParse *p) {
  size_t pos = skip_bom(p->data, p->len);
  bool quoted;
  char end;
  SilaStatus st;
  if (pos >= p->len)
    return perr(p, pos, "CSV", "no header line");
  /* Header. */
  do {
    size_t at = pos;
    if ((st = csv_field(p, &pos, &quoted, &end)))
      return st;
    const char *name = p->tmp.data ? p->tmp.data : "";
    size_t nlen = p->tmp.len;
    if (nlen && (name[0] == '?' || name[0] == '$'))
      name++, nlen--;
    if (nlen == 0) {
      if (end == ',' || p->rs->nvars)
        return perr(p, at, "CSV", "empty variable name");
      break; /* an empty header line: no variables */
    }
    st = sila_results_set_add_var(p->rs, name, nlen);
    if (st == SILA_ERR_EXISTS)
      return perr(p, at, "CSV", "variable listed twice");
    if (st)
      return st;
  } while (end == ',');
  if ((st = alloc_row(p)))
    return st;
  /* Rows. */
  while (pos < p->len) {
    size_t col = 0, at = pos;
    do {
      if ((st = csv_field(p, &pos, &quoted, &end)))
        return st;
      if (col >= p->rs->nvars) {
        if (p->rs->nvars == 0 && (p->tmp.len == 0 && !quoted) && end != ',')
          break; /* an empty line is the one empty solution of zero variables */
        return perr(p, at, "CSV", "more fields than variables");
      }
      if ((st = csv_value(p, quoted, &p->row[col])))
        return st;
      col++;
    } while (end == ',');
    if (col != p->rs->nvars)
      return perr(p, at, "CSV", "fewer fields than variables");
    if ((st = sila_results_set_add_row_nocopy(p->rs, p->row)))
      return st;
  }
  sila_results_set_detect_ask(p->rs);
  return SILA_OK;
}

/* ---- TSV ---- */

/* Reads \uXXXX or \UXXXXXXXX at s[*i] (s[*i] == 'u' or 'U', after '\\') into tmp. */
static SilaStatus uchar(TextParse *p, const char *s, size_t n, size_t *i, size_t off) {
  size_t digits = s[*i] == 'u' ? 4 : 8;
  uint32_t cp = 0;
  size_t len = sila_uchar_read(s + *i - 1, n - *i + 1, &cp);
  if (!len)
    return perr(p, off + *i, "TSV",
                *i + digits >= n ? "short \\u escape" : "bad hex digit in \\u escape");
  if (!sila_unicode_scalar(cp))
    return perr(p, off + *i, "TSV", "\\u escape is not a character");
  char enc[4];
  if (sila_buf_append(&p->tmp, enc, sila_utf8_encode(cp, enc)))
    return SILA_ERR_NOMEM;
  *i += len - 1;
  return SILA_OK;
}

/* <IRI> at s[*i]; decoded into tmp. */
static SilaStatus tsv_iri(TextParse *p, const char *s, size_t n, size_t *i, size_t off) {
  size_t open = (*i)++;
  p->tmp.len = 0;
  while (*i < n && s[*i] != '>') {
    unsigned char c = (unsigned char)s[*i];
    if (c == '\\') {
      (*i)++;
      if (*i >= n || (s[*i] != 'u' && s[*i] != 'U'))
        return perr(p, off + *i, "TSV", "bad escape in IRI");
      SilaStatus st = uchar(p, s, n, i, off);
      if (st)
        return st;
      continue;
    }
    if (c <= 0x20 || strchr("<\"{}|^`", c))
      return perr(p, off + *i, "TSV", "character not allowed in an IRI");
    if (sila_buf_putc(&p->tmp, (char)c))
      return SILA_ERR_NOMEM;
    (*i)++;
  }
  if (*i >= n)
    return perr(p, off + open, "TSV", "unterminated IRI");
  (*i)++;
  return SILA_OK;
}

/* A Turtle string at s[*i] (' " ''' """), decoded into tmp. */
static SilaStatus tsv_string(TextParse *p, const char *s, size_t n, size_t *i, size_t off) {
  char q = s[*i];
  size_t open = *i;
  bool longq = *i + 2 < n && s[*i + 1] == q && s[*i + 2] == q;
  *i += longq ? 3 : 1;
  p->tmp.len = 0;
  for (;;) {
    if (*i >= n)
      return perr(p, off + open, "TSV", "unterminated string");
    char c = s[*i];
    if (c == q) {
      if (!longq) {
        (*i)++;
        break;
      }
      if (*i + 2 < n && s[*i + 1] == q && s[*i + 2] == q) {
        /* Closing quotes: a quote just before them belongs to the text. */
        while (*i + 3 < n && s[*i + 3] == q) {
          if (sila_buf_putc(&p->tmp, q))
            return SILA_ERR_NOMEM;
          (*i)++;
        }
        *i += 3;
        break;
      }
    } else if (c == '\\') {
      (*i)++;
      if (*i >= n)
        return perr(p, off + *i, "TSV", "backslash at end of value");
      const char *esc = NULL;
      switch (s[*i]) {
      case 't': esc = "\t"; break;
      case 'b': esc = "\b"; break;
      case 'n': esc = "\n"; break;
      case 'r': esc = "\r"; break;
      case 'f': esc = "\f"; break;
      case '"': esc = "\""; break;
      case '\'': esc = "'"; break;
      case '\\': esc = "\\"; break;
      case 'u':
      case 'U': {
        SilaStatus st = uchar(p, s, n, i, off);
        if (st)
          return st;
        continue;
      }
      default:
        return perr(p, off + *i, "TSV", "unknown escape in string");
      }
      if (sila_buf_putc(&p->tmp, esc[0]))
        return SILA_ERR_NOMEM;
      (*i)++;
      continue;
    } else if (!longq && (c == '\n' || c == '\r')) {
      return perr(p, off + *i, "TSV", "line break in a short string");
    }
    if (sila_buf_putc(&p->tmp, c))
      return SILA_ERR_NOMEM;
    (*i)++;
  }
  return SILA_OK;
}

static SilaStatus intern_tmp(TextParse *p, const char **out, size_t *len) {
  *out = sila_results_set_intern(p->rs, p->tmp.data ? p->tmp.data : "", p->tmp.len);
  *len = p->tmp.len;
  return *out ? SILA_OK : SILA_ERR_NOMEM;
}

static const char *const number_types[3] = {SILA_NS_XSD "integer", SILA_NS_XSD "decimal",
                                            SILA_NS_XSD "double"};

/* One TSV field s[0..n-1] (starting at offset off of the data) → *t. */
static SilaStatus tsv_value(TextParse *p, const char *s, size_t n, size_t off, SilaTerm *t) {
  SilaStatus st;
  size_t i = 0;
  memset(t, 0, sizeof *t);
  while (n > 0 && s[n - 1] == ' ') /* blanks around a term are not part of it */
    n--;
  while (i < n && s[i] == ' ')
    i++;
  if (i == n)
    return SILA_OK; /* unbound */
  char c = s[i];
  if (c == '<' && i + 2 < n && s[i + 1] == '<' && s[i + 2] == '(') {
    /* A SPARQL 1.2 triple term: kept as its text (see sila_results.h). */
    if (!sila_results_triple_ok(s + i, n - i, 0))
      return perr(p, off + i, "TSV", "malformed triple term");
    t->kind = SILA_RESULTS_TERM_TRIPLE;
    t->value = sila_results_set_intern(p->rs, s + i, n - i);
    t->value_len = n - i;
    return t->value ? SILA_OK : SILA_ERR_NOMEM;
  }
  if (c == '<') {
    t->kind = SILA_TERM_IRI;
    if ((st = tsv_iri(p, s, n, &i, off)) || (st = intern_tmp(p, &t->value, &t->value_len)))
      return st;
  } else if (c == '_' && i + 2 < n && s[i + 1] == ':') {
    t->kind = SILA_TERM_BLANK;
    size_t start = i + 2;
    while (i < n && s[i] != ' ')
      i++;
    t->value = sila_results_set_intern(p->rs, s + start, i - start);
    t->value_len = i - start;
    if (!t->value)
      return SILA_ERR_NOMEM;
  } else if (c == '"' || c == '\'') {
    t->kind = SILA_TERM_LITERAL;
    if ((st = tsv_string(p, s, n, &i, off)) || (st = intern_tmp(p, &t->value, &t->value_len)))
      return st;
    if (i < n && s[i] == '@') {
      size_t start = ++i;
      while (i < n && (((s[i] | 0x20) >= 'a' && (s[i] | 0x20) <= 'z') ||
                       (s[i] >= '0' && s[i] <= '9') || s[i] == '-'))
        i++;
      if (i == start)
        return perr(p, off + start, "TSV", "empty language tag");
      t->lang = sila_results_set_intern(p->rs, s + start, i - start);
      t->lang_len = i - start;
      if (!t->lang)
        return SILA_ERR_NOMEM;
    } else if (i + 1 < n && s[i] == '^' && s[i + 1] == '^') {
      i += 2;
      if (i >= n || s[i] != '<')
        return perr(p, off + i, "TSV", "datatype must be an <IRI>");
      if ((st = tsv_iri(p, s, n, &i, off)))
        return st;
      if (!sila_iri_is(p->tmp.data, p->tmp.len, SILA_XSD_STRING) &&
          (st = intern_tmp(p, &t->datatype, &t->datatype_len)))
        return st;
    }
  } else {
    size_t end = i;
    while (end < n && s[end] != ' ')
      end++;
    const char *lex = s + i;
    size_t lexlen = end - i;
    const char *dt = NULL;
    for (int k = 0; k < 3 && !dt; k++)
      if (sila_results_turtle_number(lex, lexlen, k))
        dt = number_types[k];
    if (!dt && ((lexlen == 4 && memcmp(lex, "true", 4) == 0) ||
                (lexlen == 5 && memcmp(lex, "false", 5) == 0)))
      dt = SILA_NS_XSD "boolean";
    if (!dt)
      return perr(p, off + i, "TSV", "not an RDF term");
    t->kind = SILA_TERM_LITERAL;
    t->value = sila_results_set_intern(p->rs, lex, lexlen);
    t->value_len = lexlen;
    t->datatype = dt; /* static string: outlives the set */
    t->datatype_len = strlen(dt);
    if (!t->value)
      return SILA_ERR_NOMEM;
    i = end;
  }
  if (i != n)
    return perr(p, off + i, "TSV", "text after a term");
  return SILA_OK;
}

static SilaStatus parse_tsv(TextParse *p) {
  const char *d = p->data;
  size_t pos = skip_bom(d, p->len), n = p->len;
  SilaStatus st;
  bool header = true;
  if (pos >= n)
    return perr(p, pos, "TSV", "no header line");
  while (pos < n) {
    size_t eol = pos;
    while (eol < n && d[eol] != '\n')
      eol++;
    size_t end = eol;
    if (end > pos && d[end - 1] == '\r')
      end--;
    size_t col = 0, f = pos;
    for (;;) { /* fields of the line d[pos..end) */
      size_t fe = f;
      while (fe < end && d[fe] != '\t')
        fe++;
      if (header) {
        if (fe == f) {
          if (fe != end || col)
            return perr(p, f, "TSV", "empty variable name");
        } else {
          if (d[f] != '?' && d[f] != '$')
            return perr(p, f, "TSV", "variable names must start with '?'");
          if (fe - f < 2)
            return perr(p, f, "TSV", "empty variable name");
          for (size_t k = f + 1; k < fe; k++) /* a blank would not survive a rewrite */
            if ((unsigned char)d[k] <= 0x20)
              return perr(p, k, "TSV", "blank or control character in a variable name");
          st = sila_results_set_add_var(p->rs, d + f + 1, fe - f - 1);
          if (st == SILA_ERR_EXISTS)
            return perr(p, f, "TSV", "variable listed twice");
          if (st)
            return st;
        }
      } else if (col < p->rs->nvars) {
        if ((st = tsv_value(p, d + f, fe - f, f, &p->row[col])))
          return st;
      } else if (!(p->rs->nvars == 0 && f == end)) {
        return perr(p, f, "TSV", "more fields than variables");
      }
      col++;
      if (fe >= end)
        break;
      f = fe + 1;
    }
    if (header) {
      header = false;
      if ((st = alloc_row(p)))
        return st;
    } else {
      if (p->rs->nvars && col != p->rs->nvars)
        return perr(p, pos, "TSV", "fewer fields than variables");
      if ((st = sila_results_set_add_row_nocopy(p->rs, p->row)))
        return st;
    }
    pos = eol < n ? eol + 1 : n;
  }
  sila_results_set_detect_ask(p->rs);
  return SILA_OK;
}

static SilaStatus run(SilaStatus (*fn)(TextParse *), const char *data, size_t len,
                      SilaResultSet *rs, SilaError *err) {
  TextParse p = {data, len, rs, err, SILA_BUF_INIT, NULL};
  SilaStatus st = fn(&p);
  sila_buf_free(&p.tmp);
  free(p.row);
  return st;
}

SilaStatus sila_results_parse_csv(const char *data, size_t len, SilaResultSet *rs,
                                  SilaError *err) {
  return run(parse_csv, data, len, rs, err);
}

SilaStatus sila_results_parse_tsv(const char *data, size_t len, SilaResultSet *rs,
                                  SilaError *err) {
  return run(parse_tsv, data, len, rs, err);
}
