/* sila_inspect.c — looking at a steward's CSV before mapping it (see
 * sila_inspect.h): bytes to UTF-8, the dialect, then every column's kind.
 * The whole file is read into memory (up to SILA_INSPECT_MAX_BYTES). */
#define _GNU_SOURCE /* strndup */
#include "sila_inspect.h"

#include <dirent.h>
#include <errno.h>
#include <iconv.h>
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <uchardet.h>

/* ---- bytes ---------------------------------------------------------------- */

static bool utf8_valid(const unsigned char *s, size_t n) {
  size_t i = 0;
  while (i < n) {
    unsigned char c = s[i];
    size_t k = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (!k || i + k > n || (k == 2 && c < 0xC2))
      return false;
    for (size_t j = 1; j < k; j++)
      if ((s[i + j] & 0xC0) != 0x80)
        return false;
    i += k;
  }
  return true;
}

static char *read_file(const char *path, size_t *len, bool *truncated, SilaError *err,
                       SilaStatus *st) {
  FILE *f = fopen(path, "rb");
  if (!f) {
    *st = sila_error_set(err, errno == ENOENT ? SILA_ERR_NOT_FOUND : SILA_ERR_IO, 0, 0, "%s: %s",
                         path, strerror(errno));
    return NULL;
  }
  size_t cap = 1 << 16, n = 0;
  char *buf = malloc(cap + 1);
  while (buf) {
    if (n == cap) {
      if (cap >= SILA_INSPECT_MAX_BYTES) {
        *truncated = true;
        break;
      }
      char *grown = realloc(buf, 2 * cap + 1);
      if (!grown) {
        free(buf);
        buf = NULL;
        break;
      }
      buf = grown;
      cap *= 2;
    }
    size_t k = fread(buf + n, 1, cap - n, f);
    n += k;
    if (k == 0)
      break;
  }
  bool bad = ferror(f);
  fclose(f);
  if (!buf) {
    *st = sila_error_set(err, SILA_ERR_NOMEM, 0, 0, "%s: out of memory", path);
    return NULL;
  }
  if (bad) {
    free(buf);
    *st = sila_error_set(err, SILA_ERR_IO, 0, 0, "%s: read error", path);
    return NULL;
  }
  buf[n] = '\0';
  *len = n;
  return buf;
}

/* The character set: UTF-8 when the bytes are valid UTF-8, else what
 * libuchardet recognises, as a name CSVW's dialect and iconv accept. */
static void detect_encoding(SilaInspection *in, const char *buf, size_t len) {
  uchardet_t ud = uchardet_new();
  if (ud) {
    if (uchardet_handle_data(ud, buf, len) == 0) {
      uchardet_data_end(ud);
      snprintf(in->detector, sizeof in->detector, "%s", uchardet_get_charset(ud));
    }
    uchardet_delete(ud);
  }
  if (utf8_valid((const unsigned char *)buf, len)) {
    snprintf(in->encoding, sizeof in->encoding, "utf-8");
    return;
  }
  bool c1 = false; /* bytes 0x80-0x9F: Windows-1252 punctuation, control codes in Latin-1 */
  for (size_t i = 0; i < len && !c1; i++)
    c1 = (unsigned char)buf[i] >= 0x80 && (unsigned char)buf[i] <= 0x9F;
  const char *d = in->detector;
  if (!strcasecmp(d, "ISO-8859-15"))
    snprintf(in->encoding, sizeof in->encoding, "iso-8859-15");
  else if (!strcasecmp(d, "ISO-8859-1") && !c1)
    snprintf(in->encoding, sizeof in->encoding, "iso-8859-1");
  else
    /* Italian text that is not UTF-8 is almost always Windows-1252, the
     * superset of Latin-1 Excel writes; uchardet guesses wildly on short files */
    snprintf(in->encoding, sizeof in->encoding, "windows-1252");
}

static char *to_utf8(const char *buf, size_t len, const char *enc, size_t *out_len) {
  if (!strcmp(enc, "utf-8")) {
    char *c = malloc(len + 1);
    if (c) {
      memcpy(c, buf, len);
      c[len] = '\0';
      *out_len = len;
    }
    return c;
  }
  iconv_t cd = iconv_open("UTF-8", enc);
  if (cd == (iconv_t)-1)
    return NULL;
  size_t cap = len * 3 + 1;
  char *out = malloc(cap + 1);
  if (!out) {
    iconv_close(cd);
    return NULL;
  }
  char *in = (char *)buf, *o = out;
  size_t il = len, ol = cap;
  while (il) {
    if (iconv(cd, &in, &il, &o, &ol) == (size_t)-1) {
      if (errno != EILSEQ && errno != EINVAL)
        break;
      /* an undefined byte: U+FFFD, go on (the mapper will report it) */
      if (ol < 3)
        break;
      memcpy(o, "\xEF\xBF\xBD", 3);
      o += 3;
      ol -= 3;
      in++;
      il--;
    }
  }
  iconv_close(cd);
  *out_len = (size_t)(o - out);
  out[*out_len] = '\0';
  return out;
}

/* ---- records ---------------------------------------------------------------- */

typedef struct {
  char **cells;
  size_t n;
  unsigned long line; /* 1-based physical line where the record starts */
} Record;

typedef struct {
  Record *recs;
  size_t n, cap;
  bool quoted, oom;
} Records;

/* Splits UTF-8 text into records (RFC 4180 quoting; CRLF or LF), at most
 * `max` records (0 = all). */
static void split(const char *s, size_t len, char delim, size_t max, Records *out) {
  memset(out, 0, sizeof *out);
  size_t i = 0;
  unsigned long line = 1;
  char *cell = malloc(len + 1);
  if (!cell) {
    out->oom = true;
    return;
  }
  while (i < len && (!max || out->n < max) && !out->oom) {
    Record r = {NULL, 0, line};
    size_t cap = 0;
    for (;;) { /* one cell */
      size_t w = 0;
      bool inq = false;
      if (s[i] == '"') {
        inq = true;
        out->quoted = true;
        i++;
      }
      while (i < len) {
        char c = s[i];
        if (inq) {
          if (c == '"' && i + 1 < len && s[i + 1] == '"') {
            cell[w++] = '"';
            i += 2;
          } else if (c == '"') {
            inq = false;
            i++;
          } else {
            if (c == '\n')
              line++;
            cell[w++] = c;
            i++;
          }
        } else if (c == delim || c == '\n' || (c == '\r' && i + 1 < len && s[i + 1] == '\n')) {
          break;
        } else {
          cell[w++] = c;
          i++;
        }
      }
      if (r.n == cap) {
        cap = cap ? 2 * cap : 16;
        char **g = realloc(r.cells, cap * sizeof *g);
        if (!g) {
          out->oom = true;
          break;
        }
        r.cells = g;
      }
      if (!(r.cells[r.n] = strndup(cell, w))) {
        out->oom = true;
        break;
      }
      r.n++;
      if (i < len && s[i] == delim) {
        i++;
        continue;
      }
      if (i < len && s[i] == '\r')
        i++;
      if (i < len && s[i] == '\n')
        i++;
      line++;
      break;
    }
    if (out->n == out->cap) {
      size_t nc = out->cap ? 2 * out->cap : 256;
      Record *g = realloc(out->recs, nc * sizeof *g);
      if (!g)
        out->oom = true;
      else {
        out->recs = g;
        out->cap = nc;
      }
    }
    if (out->oom) {
      for (size_t k = 0; k < r.n; k++)
        free(r.cells[k]);
      free(r.cells);
      break;
    }
    out->recs[out->n++] = r;
  }
  free(cell);
}

static void records_free(Records *r) {
  for (size_t i = 0; i < r->n; i++) {
    for (size_t k = 0; k < r->recs[i].n; k++)
      free(r->recs[i].cells[k]);
    free(r->recs[i].cells);
  }
  free(r->recs);
  memset(r, 0, sizeof *r);
}

/* The separator whose records most often have one same number (> 1) of
 * cells over the first rows. */
static char detect_delimiter(const char *s, size_t len) {
  static const char cands[] = {';', ',', '\t', '|'};
  char best = ',';
  double best_score = -1;
  for (size_t c = 0; c < sizeof cands; c++) {
    Records r;
    split(s, len, cands[c], 200, &r);
    size_t mode = 0, mode_n = 0;
    for (size_t i = 0; i < r.n; i++) {
      size_t k = r.recs[i].n, cnt = 0;
      if (k < 2)
        continue;
      for (size_t j = 0; j < r.n; j++)
        cnt += r.recs[j].n == k;
      if (cnt > mode_n || (cnt == mode_n && k > mode)) {
        mode = k;
        mode_n = cnt;
      }
    }
    double score = r.n ? (double)mode_n / (double)r.n : 0;
    if (mode >= 2 && score > best_score + 1e-9) {
      best_score = score;
      best = cands[c];
    }
    records_free(&r);
  }
  return best;
}

/* ---- values ------------------------------------------------------------------ */

static bool all_digits(const char *s, size_t n) {
  if (!n)
    return false;
  for (size_t i = 0; i < n; i++)
    if (s[i] < '0' || s[i] > '9')
      return false;
  return true;
}

/* Digits in groups of three after a first group of 1-3 ("63.214"). */
static bool grouped(const char *s, size_t n, char g) {
  const char *p = memchr(s, g, n);
  if (!p || p == s || p - s > 3 || !all_digits(s, (size_t)(p - s)))
    return false;
  while (p && p < s + n) {
    const char *q = p + 1;
    if ((size_t)(s + n - q) < 3 || !all_digits(q, 3))
      return false;
    p = q + 3;
    if (p == s + n)
      return true;
    if (*p != g)
      return false;
  }
  return false;
}

enum { N_INT = 1, N_GROUPED = 2, N_DEC_COMMA = 4, N_DEC_POINT = 8, N_NOT = 16 };

/* What number shapes `v` has (bit set of N_*). */
static int number_shape(const char *v, bool *neg) {
  const char *s = v;
  if (*s == '-' || *s == '+') {
    *neg = *neg || *s == '-';
    s++;
  }
  size_t n = strlen(s);
  if (all_digits(s, n))
    return N_INT;
  int shape = 0;
  if (grouped(s, n, '.'))
    shape |= N_GROUPED;
  const char *comma = strchr(s, ',');
  if (comma && !strchr(comma + 1, ',') && all_digits(comma + 1, strlen(comma + 1)) &&
      (all_digits(s, (size_t)(comma - s)) || grouped(s, (size_t)(comma - s), '.')))
    shape |= N_DEC_COMMA;
  const char *dot = strchr(s, '.');
  if (dot && !strchr(dot + 1, '.') && all_digits(dot + 1, strlen(dot + 1)) &&
      (dot == s || all_digits(s, (size_t)(dot - s))))
    shape |= N_DEC_POINT;
  return shape ? shape : N_NOT;
}

typedef struct {
  const char *format; /* CSVW (UAX35) pattern */
  bool datetime;
} DateFormat;

static const DateFormat date_formats[] = {
    {"dd/MM/yyyy", false}, {"dd/MM/yy", false},  {"yyyy-MM-dd", false}, {"dd-MM-yyyy", false},
    {"dd.MM.yyyy", false}, {"d/M/yyyy", false},  {"yyyy-MM-dd HH:mm:ss", true},
    {"yyyy-MM-ddTHH:mm:ss", true}, {"dd/MM/yyyy HH:mm:ss", true}, {"dd/MM/yyyy HH:mm", true},
};
#define NFORMATS (sizeof date_formats / sizeof date_formats[0])

/* Whether `v` is written in `fmt` (digits where the pattern has letters,
 * the same separators; d and M may be one or two digits; months and days
 * in range). */
static bool fits_date(const char *v, const char *fmt) {
  int day = 1, month = 1;
  while (*fmt) {
    char f = *fmt;
    if (f == 'd' || f == 'M' || f == 'y' || f == 'H' || f == 'm' || f == 's') {
      size_t want = 0;
      while (fmt[want] == f)
        want++;
      size_t got = 0;
      while (v[got] >= '0' && v[got] <= '9')
        got++;
      bool flexible = want == 1; /* "d", "M": one or two digits */
      if (flexible ? (got < 1 || got > 2) : got != want)
        return false;
      int x = atoi(v);
      if (f == 'd')
        day = x;
      else if (f == 'M')
        month = x;
      else if ((f == 'H' && x > 23) || ((f == 'm' || f == 's') && x > 59))
        return false;
      fmt += want;
      v += got;
    } else {
      if (*v != f)
        return false;
      fmt++;
      v++;
    }
  }
  return !*v && day >= 1 && day <= 31 && month >= 1 && month <= 12;
}

static const struct {
  const char *t, *f;
} bool_pairs[] = {{"Sì", "No"}, {"SI", "NO"}, {"Si", "No"}, {"si", "no"}, {"SÌ", "NO"},
                  {"true", "false"}, {"TRUE", "FALSE"}, {"vero", "falso"}, {"S", "N"}};

static int cmp_str(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

static void utf8_cut(char *dst, size_t size, const char *src) {
  snprintf(dst, size, "%s", src);
  size_t n = strlen(dst);
  if (n + 1 == size) /* cut: do not leave half a character */
    while (n && ((unsigned char)dst[n - 1] & 0xC0) == 0x80)
      dst[--n] = '\0';
  if (n && ((unsigned char)dst[n - 1] & 0xC0) == 0xC0)
    dst[--n] = '\0';
}

/* The kind of column `c` from its values (trimmed, non-empty). */
static bool infer_column(SilaInspectColumn *c, const Records *r, size_t first, size_t col) {
  size_t nv = 0;
  for (size_t i = first; i < r->n; i++)
    nv += col < r->recs[i].n;
  const char **vals = calloc(nv + 1, sizeof *vals);
  if (!vals)
    return false;
  size_t n = 0;
  int shapes = 0;
  bool all_number = true, leading_zero = false;
  unsigned fmt_ok = (1u << NFORMATS) - 1;
  for (size_t i = first; i < r->n; i++) {
    if (col >= r->recs[i].n)
      continue;
    char *v = r->recs[i].cells[col];
    /* trim in place: the mapper trims cells too */
    size_t a = strspn(v, " \t"), len = strlen(v);
    while (len > a && (v[len - 1] == ' ' || v[len - 1] == '\t' || v[len - 1] == '\r'))
      len--;
    memmove(v, v + a, len - a);
    v[len - a] = '\0';
    if (!*v) {
      c->empty++;
      continue;
    }
    c->filled++;
    if (!n)
      utf8_cut(c->example, sizeof c->example, v);
    vals[n++] = v;
    int sh = number_shape(v, &c->negative);
    if (sh & N_NOT)
      all_number = false;
    else
      shapes |= sh == N_INT ? N_INT : sh;
    const char *d = v + (*v == '-' || *v == '+');
    if (sh == N_INT && d[0] == '0' && d[1])
      leading_zero = true;
    for (size_t f = 0; f < NFORMATS; f++)
      if ((fmt_ok >> f & 1) && !fits_date(v, date_formats[f].format))
        fmt_ok &= ~(1u << f);
  }
  c->unique = n > 0 && c->empty == 0;
  if (n > 1) {
    qsort(vals, n, sizeof *vals, cmp_str);
    for (size_t i = 1; i < n && c->unique; i++)
      c->unique = strcmp(vals[i - 1], vals[i]) != 0;
  }
  c->kind = SILA_COL_TEXT;
  if (!n) {
    c->kind = SILA_COL_EMPTY;
  } else if (fmt_ok) {
    size_t f = 0;
    while (!(fmt_ok >> f & 1))
      f++;
    c->kind = date_formats[f].datetime ? SILA_COL_DATETIME : SILA_COL_DATE;
    snprintf(c->date_format, sizeof c->date_format, "%s", date_formats[f].format);
    c->two_digit_year = strstr(c->date_format, "yyyy") == NULL;
  } else if (all_number && leading_zero && !(shapes & ~N_INT)) {
    c->kind = SILA_COL_CODE;
  } else if (all_number && shapes == N_INT) {
    c->kind = SILA_COL_INTEGER;
  } else if (all_number) {
    /* a value of each shape must fit one reading of the whole column */
    bool comma_ok = true, point_ok = true, group_ok = true;
    for (size_t i = 0; i < n; i++) {
      bool neg = false;
      int sh = number_shape(vals[i], &neg);
      comma_ok = comma_ok && (sh & (N_INT | N_GROUPED | N_DEC_COMMA));
      point_ok = point_ok && (sh & (N_INT | N_DEC_POINT));
      group_ok = group_ok && (sh & (N_INT | N_GROUPED));
    }
    if (group_ok && (shapes & N_GROUPED) && !(shapes & N_DEC_COMMA)) {
      /* "63.214": Italian thousands (a point with exactly three digits after it) */
      c->kind = SILA_COL_INTEGER;
      c->group_char = '.';
    } else if (comma_ok && (shapes & N_DEC_COMMA)) {
      c->kind = SILA_COL_DECIMAL;
      c->decimal_char = ',';
      for (size_t i = 0; i < n && !c->group_char; i++)
        if (strchr(vals[i], '.')) /* "1.690,5" */
          c->group_char = '.';
    } else if (point_ok) {
      c->kind = SILA_COL_DECIMAL;
      c->decimal_char = '.';
    }
  }
  if (c->kind == SILA_COL_TEXT) {
    /* two distinct values that read as yes/no */
    const char *a = vals[0], *b = NULL;
    bool two = true;
    for (size_t i = 1; i < n && two; i++)
      if (strcmp(vals[i], a)) {
        if (!b)
          b = vals[i];
        else if (strcmp(vals[i], b))
          two = false;
      }
    for (size_t k = 0; two && k < sizeof bool_pairs / sizeof bool_pairs[0]; k++) {
      bool at = !strcmp(a, bool_pairs[k].t) || !strcmp(a, bool_pairs[k].f);
      bool bt = !b || !strcmp(b, bool_pairs[k].t) || !strcmp(b, bool_pairs[k].f);
      if (at && bt && b) {
        c->kind = SILA_COL_BOOLEAN;
        snprintf(c->bool_format, sizeof c->bool_format, "%s|%s", bool_pairs[k].t, bool_pairs[k].f);
        break;
      }
    }
  }
  bool ok = true;
  if (c->kind == SILA_COL_TEXT) {
    size_t nd = 0;
    for (size_t i = 0; i < n; i++)
      nd += !i || strcmp(vals[i - 1], vals[i]);
    if (nd <= SILA_INSPECT_MAX_DISTINCT && (c->distinct = calloc(nd + 1, sizeof *c->distinct))) {
      for (size_t i = 0; i < n && ok; i++)
        if (!i || strcmp(vals[i - 1], vals[i]))
          ok = (c->distinct[c->ndistinct++] = strdup(vals[i])) != NULL;
    } else if (nd <= SILA_INSPECT_MAX_DISTINCT) {
      ok = false;
    }
  }
  free(vals);
  return ok;
}

char *sila_inspect_fold(const char *s) {
  static const struct {
    const char *utf8;
    char base;
  } acc[] = {{"\xC3\xA0", 'a'}, {"\xC3\xA1", 'a'}, {"\xC3\xA8", 'e'}, {"\xC3\xA9", 'e'},
             {"\xC3\xAC", 'i'}, {"\xC3\xAD", 'i'}, {"\xC3\xB2", 'o'}, {"\xC3\xB3", 'o'},
             {"\xC3\xB9", 'u'}, {"\xC3\xBA", 'u'}, {"\xC3\x80", 'a'}, {"\xC3\x88", 'e'},
             {"\xC3\x89", 'e'}, {"\xC3\x8C", 'i'}, {"\xC3\x92", 'o'}, {"\xC3\x99", 'u'}};
  size_t n = strlen(s);
  char *out = malloc(n + 1);
  if (!out)
    return NULL;
  size_t w = 0;
  bool space = true;
  for (const unsigned char *p = (const unsigned char *)s; *p;) {
    char c = 0;
    if (*p < 0x80) {
      c = (char)(*p >= 'A' && *p <= 'Z' ? *p - 'A' + 'a' : *p);
      p++;
    } else {
      for (size_t i = 0; i < sizeof acc / sizeof acc[0]; i++)
        if (!strncmp((const char *)p, acc[i].utf8, 2))
          c = acc[i].base;
      p++;
      while ((*p & 0xC0) == 0x80)
        p++;
    }
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      out[w++] = c;
      space = false;
    } else if (c != '\'' && !space) {
      out[w++] = ' ';
      space = true;
    }
  }
  if (w && out[w - 1] == ' ')
    w--;
  out[w] = '\0';
  return out;
}

/* A CSVW column name of a title: folded, spaces as '_', distinct. */
static char *column_name(const char *title, SilaInspectColumn *cols, size_t ncols, size_t index) {
  char *f = sila_inspect_fold(title);
  if (!f)
    return NULL;
  for (char *p = f; *p; p++)
    if (*p == ' ')
      *p = '_';
  char *name = NULL;
  if (!*f || (f[0] >= '0' && f[0] <= '9')) {
    if (asprintf(&name, "col%zu%s%s", index + 1, *f ? "_" : "", f) < 0)
      name = NULL;
    free(f);
  } else {
    name = f;
  }
  for (size_t i = 0; name && i < ncols; i++)
    if (cols[i].name && !strcmp(cols[i].name, name)) {
      char *u;
      if (asprintf(&u, "%s_%zu", name, index + 1) < 0)
        u = NULL;
      free(name);
      name = u;
    }
  return name;
}

static bool looks_like_data(const char *v) {
  bool neg = false;
  if (!*v)
    return false;
  if (!(number_shape(v, &neg) & N_NOT))
    return true;
  for (size_t f = 0; f < NFORMATS; f++)
    if (fits_date(v, date_formats[f].format))
      return true;
  return false;
}

SilaStatus sila_inspect_csv(const char *path, SilaInspection **out, SilaError *err) {
  *out = NULL;
  SilaStatus st = SILA_OK;
  size_t len = 0;
  bool truncated = false;
  char *raw = read_file(path, &len, &truncated, err, &st);
  if (!raw)
    return st;
  if (!len) {
    free(raw);
    return sila_error_set(err, SILA_ERR_SYNTAX, 0, 0, "%s: the file is empty", path);
  }
  const char *nul = memchr(raw, 0, len);
  if (nul) {
    unsigned long line = 1;
    for (const char *p = raw; p < nul; p++)
      line += *p == '\n';
    free(raw);
    return sila_error_set(err, SILA_ERR_SYNTAX, line, 0,
                          "%s: NUL bytes: not a text CSV (UTF-16? save it as UTF-8 or "
                          "Windows-1252 CSV)",
                          path);
  }
  SilaInspection *in = calloc(1, sizeof *in);
  if (!in || !(in->path = strdup(path))) {
    free(in);
    free(raw);
    return sila_error_set(err, SILA_ERR_NOMEM, 0, 0, "out of memory");
  }
  in->truncated = truncated;
  const char *body = raw;
  size_t blen = len;
  if (len >= 3 && !memcmp(raw, "\xEF\xBB\xBF", 3)) {
    in->bom = true;
    body += 3;
    blen -= 3;
  }
  detect_encoding(in, body, blen);
  size_t ulen = 0;
  char *text = to_utf8(body, blen, in->encoding, &ulen);
  free(raw);
  if (!text) {
    sila_inspection_free(in);
    return sila_error_set(err, SILA_ERR_UNSUPPORTED, 0, 0, "%s: cannot read it as %s", path,
                          in->encoding);
  }
  /* most lines end with CR LF (a quoted LF inside a header cell is not a line end) */
  size_t lf = 0, crlf = 0;
  for (size_t i = 0; i < ulen; i++)
    if (text[i] == '\n') {
      lf++;
      crlf += i && text[i - 1] == '\r';
    }
  in->crlf = crlf * 2 > lf;
  in->final_newline = ulen && text[ulen - 1] == '\n';
  in->delimiter = detect_delimiter(text, ulen);
  Records r;
  split(text, ulen, in->delimiter, 0, &r);
  free(text);
  in->quoted = r.quoted;
  if (r.oom || !r.n) {
    records_free(&r);
    sila_inspection_free(in);
    return r.oom ? sila_error_set(err, SILA_ERR_NOMEM, 0, 0, "out of memory")
                 : sila_error_set(err, SILA_ERR_SYNTAX, 0, 0, "%s: no rows", path);
  }
  /* a header names the columns: no cell of the first row reads as data */
  const Record *h = &r.recs[0];
  size_t data_like = 0;
  for (size_t i = 0; i < h->n; i++)
    data_like += looks_like_data(h->cells[i]);
  in->header = data_like == 0;
  in->ncols = h->n;
  in->cols = calloc(in->ncols ? in->ncols : 1, sizeof *in->cols);
  bool ok = in->cols != NULL;
  size_t first = in->header ? 1 : 0;
  /* blank and ragged rows */
  for (size_t i = first; ok && i < r.n; i++) {
    bool blank = true;
    for (size_t k = 0; k < r.recs[i].n && blank; k++)
      blank = strspn(r.recs[i].cells[k], " \t\r") == strlen(r.recs[i].cells[k]);
    if (blank) { /* skipped like CSVW's skipBlankRows: no values */
      in->blank_rows++;
      for (size_t k = 0; k < r.recs[i].n; k++)
        free(r.recs[i].cells[k]);
      r.recs[i].n = 0;
      continue;
    }
    in->rows++;
    if (r.recs[i].n != in->ncols && in->ragged_rows++ == 0)
      in->first_ragged = r.recs[i].line;
  }
  for (size_t k = 0; ok && k < in->ncols; k++) {
    SilaInspectColumn *c = &in->cols[k];
    const char *t = h->cells[k];
    size_t a = strspn(t, " \t"), n = strlen(t);
    size_t e = n;
    while (e > a && (t[e - 1] == ' ' || t[e - 1] == '\t' || t[e - 1] == '\r'))
      e--;
    c->title_spaces = a > 0 || e < n;
    c->title = in->header ? strndup(t + a, e - a) : NULL;
    if (!in->header && asprintf(&c->title, "colonna %zu", k + 1) < 0)
      c->title = NULL;
    c->name = c->title ? column_name(c->title, in->cols, k, k) : NULL;
    ok = c->title && c->name && infer_column(c, &r, first, k);
  }
  records_free(&r);
  if (!ok) {
    sila_inspection_free(in);
    return sila_error_set(err, SILA_ERR_NOMEM, 0, 0, "out of memory");
  }
  *out = in;
  return SILA_OK;
}

void sila_inspection_free(SilaInspection *in) {
  if (!in)
    return;
  for (size_t i = 0; i < in->ncols && in->cols; i++) {
    free(in->cols[i].title);
    free(in->cols[i].name);
    for (size_t k = 0; k < in->cols[i].ndistinct; k++)
      free(in->cols[i].distinct[k]);
    free(in->cols[i].distinct);
  }
  free(in->cols);
  free(in->path);
  free(in);
}

char *sila_inspect_describe(const SilaInspectColumn *c, char *buf, size_t size) {
  switch (c->kind) {
  case SILA_COL_EMPTY: snprintf(buf, size, "empty"); break;
  case SILA_COL_INTEGER:
    snprintf(buf, size, "integer%s%s", c->group_char ? " ('.' groups thousands)" : "",
             c->negative ? ", negatives" : "");
    break;
  case SILA_COL_DECIMAL:
    snprintf(buf, size, "decimal (decimal %s%s)%s", c->decimal_char == ',' ? "comma" : "point",
             c->group_char ? ", '.' groups thousands" : "", c->negative ? ", negatives" : "");
    break;
  case SILA_COL_DATE:
    snprintf(buf, size, "date %s%s", c->date_format,
             c->two_digit_year ? " (two-digit years)" : "");
    break;
  case SILA_COL_DATETIME: snprintf(buf, size, "date and time %s", c->date_format); break;
  case SILA_COL_CODE: snprintf(buf, size, "code with leading zeros (kept as text)"); break;
  case SILA_COL_BOOLEAN: snprintf(buf, size, "yes/no (%s)", c->bool_format); break;
  default: snprintf(buf, size, "text"); break;
  }
  return buf;
}

/* ---- templates ------------------------------------------------------------- */

/* Does folded title `h` name template column `col` (its titles or name)? */
static bool names_column(const char *h, json_t *col) {
  json_t *titles = json_object_get(col, "titles");
  json_t *name = json_object_get(col, "name");
  json_t *cands = json_array();
  if (!cands)
    return false;
  if (json_is_string(titles) || json_is_string(name)) {
    if (json_is_string(titles))
      json_array_append(cands, titles);
    if (json_is_string(name))
      json_array_append(cands, name);
  }
  if (json_is_array(titles))
    json_array_extend(cands, titles);
  const char *k;
  json_t *v;
  if (json_is_object(titles))
    json_object_foreach(titles, k, v) {
      if (json_is_string(v))
        json_array_append(cands, v);
      else if (json_is_array(v))
        json_array_extend(cands, v);
    }
  bool found = false;
  size_t i;
  json_t *x;
  json_array_foreach(cands, i, x) {
    char *f = json_is_string(x) ? sila_inspect_fold(json_string_value(x)) : NULL;
    found = found || (f && !strcmp(f, h));
    free(f);
  }
  json_decref(cands);
  return found;
}

static int by_score(const void *a, const void *b) {
  const SilaTemplateMatch *x = a, *y = b;
  return x->score < y->score ? 1 : x->score > y->score ? -1 : strcmp(x->name, y->name);
}

/* Appends a then b (b may be "") to buf, cut to its size. */
static void append(char *buf, size_t size, const char *a, const char *b) {
  size_t l = strlen(buf);
  if (l + 1 < size)
    snprintf(buf + l, size - l, "%s%s", a, b);
}

SilaStatus sila_inspect_match_templates(const SilaInspection *in, const char *templates_dir,
                                        SilaTemplateMatch **matches, size_t *n, SilaError *err) {
  *matches = NULL;
  *n = 0;
  DIR *d = opendir(templates_dir);
  if (!d)
    return sila_error_set(err, SILA_ERR_NOT_FOUND, 0, 0, "%s: %s", templates_dir, strerror(errno));
  SilaTemplateMatch *ms = NULL;
  size_t cnt = 0;
  struct dirent *e;
  SilaStatus st = SILA_OK;
  char **folded = calloc(in->ncols + 1, sizeof *folded);
  for (size_t i = 0; folded && i < in->ncols; i++)
    if (!(folded[i] = sila_inspect_fold(in->cols[i].title)))
      st = SILA_ERR_NOMEM;
  if (!folded)
    st = SILA_ERR_NOMEM;
  while (!st && (e = readdir(d))) {
    size_t l = strlen(e->d_name);
    const char *suffix = ".csv-metadata.json";
    size_t sl = strlen(suffix);
    if (l <= sl || strcmp(e->d_name + l - sl, suffix))
      continue;
    SilaTemplateMatch *g = realloc(ms, (cnt + 1) * sizeof *g);
    if (!g) {
      st = SILA_ERR_NOMEM;
      break;
    }
    ms = g;
    SilaTemplateMatch *m = &ms[cnt];
    memset(m, 0, sizeof *m);
    snprintf(m->name, sizeof m->name, "%.*s", (int)(l - sl), e->d_name);
    snprintf(m->path, sizeof m->path, "%s/%s", templates_dir, e->d_name);
    m->match = malloc((in->ncols + 1) * sizeof *m->match);
    if (!m->match) {
      st = SILA_ERR_NOMEM;
      break;
    }
    cnt++;
    json_t *j = json_load_file(m->path, 0, NULL);
    json_t *cols = json_object_get(json_object_get(j, "tableSchema"), "columns");
    bool *used = calloc(json_array_size(cols) + 1, sizeof *used);
    if (!used) {
      json_decref(j);
      st = SILA_ERR_NOMEM;
      break;
    }
    size_t k;
    json_t *col;
    json_array_foreach(cols, k, col) if (!json_is_true(json_object_get(col, "virtual"))) m->columns++;
    for (size_t i = 0; i < in->ncols; i++) {
      m->match[i] = -1;
      json_array_foreach(cols, k, col) {
        if (used[k] || json_is_true(json_object_get(col, "virtual")) ||
            !names_column(folded[i], col))
          continue;
        m->match[i] = (int)k;
        used[k] = true;
        m->matched++;
        append(m->why, sizeof m->why, m->matched > 1 ? ", " : "matched: ", in->cols[i].title);
        const char *nm = json_string_value(json_object_get(col, "name"));
        if (nm && strcmp(folded[i], nm))
          append(m->why, sizeof m->why, " = ", nm);
        break;
      }
    }
    bool first_missing = true;
    json_array_foreach(cols, k, col) {
      if (used[k] || json_is_true(json_object_get(col, "virtual")))
        continue;
      bool req = json_is_true(json_object_get(col, "required"));
      m->required_missing += req;
      const char *t = json_string_value(json_object_get(col, "titles"));
      if (!t)
        t = json_string_value(json_object_get(col, "name"));
      append(m->why, sizeof m->why, first_missing ? "; not in the file: " : ", ", t ? t : "?");
      if (req)
        append(m->why, sizeof m->why, " (required)", "");
      first_missing = false;
    }
    if (!m->matched)
      snprintf(m->why, sizeof m->why, "no header matches its %u columns", m->columns);
    /* both sides count: a template covered by a few of 50 headers is no fit */
    m->score = m->columns + in->ncols
                   ? 2.0 * m->matched / (double)(m->columns + in->ncols) -
                         0.1 * m->required_missing
                   : 0;
    if (m->score < 0)
      m->score = 0;
    free(used);
    json_decref(j);
  }
  closedir(d);
  for (size_t i = 0; folded && i < in->ncols; i++)
    free(folded[i]);
  free(folded);
  if (st) {
    sila_template_matches_free(ms, cnt);
    return sila_error_set(err, st, 0, 0, "out of memory");
  }
  if (cnt)
    qsort(ms, cnt, sizeof *ms, by_score);
  *matches = ms;
  *n = cnt;
  return SILA_OK;
}

void sila_template_matches_free(SilaTemplateMatch *m, size_t n) {
  for (size_t i = 0; m && i < n; i++)
    free(m[i].match);
  free(m);
}
