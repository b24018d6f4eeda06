/* csvw_csv.c — CSVW dialects and the streaming row reader. */
#include "csvw_csv.h"

#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "csvw_util.h"
#include "sila_term.h"

void sila_csvw_dialect_set(char **field, const char *s) {
  char *copy = s ? sila_csvw_strdup(s) : NULL;
  if (s && !copy)
    return; /* out of memory (noted): the field keeps its value */
  free(*field);
  *field = copy;
}

void sila_csvw_dialect_set_terminators(SilaCsvwDialect *d, const char *const *lt, size_t n) {
  if (d->line_terminators) {
    for (char **p = d->line_terminators; *p; p++)
      free(*p);
    free(d->line_terminators);
  }
  d->line_terminators = sila_csvw_alloc((n + 1) * sizeof(char *));
  if (!d->line_terminators)
    return; /* out of memory (noted): no terminators, the reader refuses */
  size_t w = 0;
  for (size_t i = 0; i < n; i++)
    if ((d->line_terminators[w] = sila_csvw_strdup(lt[i])))
      w++;
  d->line_terminators[w] = NULL;
}

void sila_csvw_dialect_init(SilaCsvwDialect *d) {
  memset(d, 0, sizeof *d);
  static const char *const lt[] = {"\r\n", "\n"};
  d->encoding = sila_csvw_strdup("utf-8");
  sila_csvw_dialect_set_terminators(d, lt, 2);
  d->quote_char = sila_csvw_strdup("\"");
  d->double_quote = true;
  d->delimiter = sila_csvw_strdup(",");
  d->header_row_count = 1;
  d->trim = SILA_CSVW_TRIM_BOTH;
  d->comment_prefix = sila_csvw_strdup("#");
}

void sila_csvw_dialect_clear(SilaCsvwDialect *d) {
  if (!d)
    return;
  free(d->encoding);
  if (d->line_terminators) {
    for (char **p = d->line_terminators; *p; p++)
      free(*p);
    free(d->line_terminators);
  }
  free(d->quote_char);
  free(d->delimiter);
  free(d->comment_prefix);
  memset(d, 0, sizeof *d);
}

#define RAW_CHUNK 65536

struct SilaCsvwReader {
  FILE *f;
  const char *mem;
  size_t mem_n, mem_pos;
  iconv_t cd; /* (iconv_t)-1 when the input is UTF-8 already */
  char raw[RAW_CHUNK];
  size_t raw_len;
  bool raw_eof;
  char *buf; /* decoded UTF-8 */
  size_t len, pos, cap;
  bool bom_checked;
  SilaCsvwDialect d; /* borrowed strings: pointers into the caller's dialect */
  unsigned long row_no;
  long header_left, skip_left;
  SilaBuf cell;
  char **cells;
  size_t ncells, capcells;
  bool decode_error;
  bool nomem; /* an allocation failed: the next row is an error */
  size_t nul_column; /* 1-based cell of this row holding a NUL byte, 0 = none */
  /* bytes that may start a quote, delimiter, escape or line terminator:
   * every other byte is copied in bulk */
  bool special[256];
};

static bool is_utf8_name(const char *e) {
  return !e || !strcasecmp(e, "utf-8") || !strcasecmp(e, "utf8");
}

SilaCsvwReader *sila_csvw_reader_new(FILE *f, const char *data, size_t n,
                                     const SilaCsvwDialect *d, SilaError *err) {
  SilaCsvwReader *r = calloc(1, sizeof *r);
  if (!r) {
    sila_error_set(err, SILA_ERR_NOMEM, 0, 0, "out of memory");
    return NULL;
  }
  r->f = f;
  r->mem = data;
  r->mem_n = n;
  r->cd = (iconv_t)-1;
  if (!is_utf8_name(d->encoding)) {
    r->cd = iconv_open("UTF-8", d->encoding);
    if (r->cd == (iconv_t)-1) {
      sila_error_set(err, SILA_ERR_UNSUPPORTED, 0, 0, "unsupported encoding \"%s\"", d->encoding);
      free(r);
      return NULL;
    }
  }
  r->d = *d;
  const char *q = d->quote_char, *dl = d->delimiter ? d->delimiter : ",";
  if (q && *q)
    r->special[(unsigned char)q[0]] = true;
  r->special[(unsigned char)dl[0]] = true;
  r->special['\\'] = true;
  for (char **lt = d->line_terminators; lt && *lt; lt++)
    if (**lt)
      r->special[(unsigned char)**lt] = true;
  if (d->skip_initial_space)
    r->special[' '] = r->special['\t'] = true;
  r->skip_left = d->skip_rows;
  r->header_left = d->header_row_count;
  return r;
}

void sila_csvw_reader_free(SilaCsvwReader *r) {
  if (!r)
    return;
  if (r->cd != (iconv_t)-1)
    iconv_close(r->cd);
  free(r->buf);
  sila_buf_free(&r->cell);
  for (size_t i = 0; i < r->capcells; i++)
    free(r->cells[i]);
  free(r->cells);
  free(r);
}

static size_t read_raw(SilaCsvwReader *r, char *dst, size_t max) {
  if (r->f)
    return fread(dst, 1, max, r->f);
  size_t k = r->mem_n - r->mem_pos;
  if (k > max)
    k = max;
  memcpy(dst, r->mem + r->mem_pos, k);
  r->mem_pos += k;
  return k;
}

/* Makes at least `need` decoded bytes available from pos, unless EOF. */
static void fill(SilaCsvwReader *r, size_t need) {
  while (r->len - r->pos < need && !(r->raw_eof && r->raw_len == 0)) {
    if (r->pos > 0 && r->pos == r->len) {
      r->pos = r->len = 0;
    } else if (r->pos > RAW_CHUNK) {
      memmove(r->buf, r->buf + r->pos, r->len - r->pos);
      r->len -= r->pos;
      r->pos = 0;
    }
    if (!r->raw_eof && r->raw_len < RAW_CHUNK) {
      size_t k = read_raw(r, r->raw + r->raw_len, RAW_CHUNK - r->raw_len);
      if (k == 0)
        r->raw_eof = true;
      r->raw_len += k;
    }
    if (r->cap - r->len < RAW_CHUNK * 4 + 8) {
      size_t cap = r->cap * 2 + RAW_CHUNK * 4 + 8;
      char *grown = sila_csvw_grow(r->buf, cap);
      if (!grown) {
        r->nomem = true; /* reported by reader_next; stop reading */
        r->raw_eof = true;
        r->raw_len = 0;
        return;
      }
      r->buf = grown;
      r->cap = cap;
    }
    if (r->cd == (iconv_t)-1) {
      memcpy(r->buf + r->len, r->raw, r->raw_len);
      r->len += r->raw_len;
      r->raw_len = 0;
    } else {
      char *in = r->raw, *out = r->buf + r->len;
      size_t inleft = r->raw_len, outleft = r->cap - r->len;
      size_t rc = iconv(r->cd, &in, &inleft, &out, &outleft);
      r->len = (size_t)(out - r->buf);
      if (rc == (size_t)-1 && errno == EILSEQ) {
        /* an undecodable byte becomes U+FFFD so the row can still be reported */
        r->decode_error = true;
        if (inleft) {
          in++;
          inleft--;
        }
        memcpy(r->buf + r->len, "\xEF\xBF\xBD", 3);
        r->len += 3;
      } else if (rc == (size_t)-1 && errno == EINVAL && r->raw_eof) {
        inleft = 0; /* truncated sequence at EOF */
      }
      memmove(r->raw, in, inleft);
      r->raw_len = inleft;
    }
    if (!r->bom_checked && r->len >= 3) {
      r->bom_checked = true;
      if (!memcmp(r->buf + r->pos, "\xEF\xBB\xBF", 3))
        r->pos += 3;
    }
  }
  if (!r->bom_checked && r->raw_eof) {
    r->bom_checked = true;
    if (r->len - r->pos >= 3 && !memcmp(r->buf + r->pos, "\xEF\xBB\xBF", 3))
      r->pos += 3;
  }
}

static bool at_eof(SilaCsvwReader *r) {
  fill(r, 1);
  return r->pos >= r->len;
}

static bool match(SilaCsvwReader *r, const char *s) {
  size_t n = strlen(s);
  if (n == 0)
    return false;
  fill(r, n);
  return r->len - r->pos >= n && !memcmp(r->buf + r->pos, s, n);
}

/* Length of the line terminator at the current position, 0 if none. */
static size_t match_eol(SilaCsvwReader *r) {
  for (char **lt = r->d.line_terminators; lt && *lt; lt++)
    if (match(r, *lt))
      return strlen(*lt);
  return 0;
}

static void push_cell(SilaCsvwReader *r, const char *s, size_t n) {
  /* cells are C strings: a NUL would silently cut the value short */
  if (!r->nul_column && memchr(s, 0, n))
    r->nul_column = r->ncells + 1;
  if (r->ncells == r->capcells) {
    size_t nc = r->capcells ? r->capcells * 2 : 16;
    char **grown = sila_csvw_grow(r->cells, nc * sizeof(char *));
    if (!grown) {
      r->nomem = true;
      return;
    }
    r->cells = grown;
    for (size_t i = r->capcells; i < nc; i++)
      r->cells[i] = NULL;
    r->capcells = nc;
  }
  free(r->cells[r->ncells]);
  r->cells[r->ncells] = sila_csvw_strndup(s, n);
  if (!r->cells[r->ncells]) {
    r->nomem = true;
    return;
  }
  r->ncells++;
}

static bool is_ws(char c) { return c == ' ' || c == '\t'; }

static void finish_cell(SilaCsvwReader *r) {
  const char *s = r->cell.data ? r->cell.data : "";
  size_t n = r->cell.len;
  if (r->d.trim & SILA_CSVW_TRIM_START)
    while (n && (is_ws(*s) || *s == '\r' || *s == '\n')) {
      s++;
      n--;
    }
  if (r->d.trim & SILA_CSVW_TRIM_END)
    while (n && (is_ws(s[n - 1]) || s[n - 1] == '\r' || s[n - 1] == '\n'))
      n--;
  push_cell(r, s, n);
  r->cell.len = 0;
}

/* Reads the rest of the physical line (no quote handling) into r->cell. */
static void read_raw_line(SilaCsvwReader *r) {
  r->cell.len = 0;
  while (!at_eof(r)) {
    size_t k = match_eol(r);
    if (k) {
      r->pos += k;
      break;
    }
    if (sila_buf_putc(&r->cell, r->buf[r->pos++]))
      r->nomem = true;
  }
}

/* Parses one row into r->cells (all cells, before skipColumns). */
static void parse_row(SilaCsvwReader *r) {
  r->ncells = 0;
  r->nul_column = 0;
  r->cell.len = 0;
  const char *q = r->d.quote_char;
  const char *delim = r->d.delimiter ? r->d.delimiter : ",";
  size_t ql = q ? strlen(q) : 0, dl = strlen(delim);
  bool in_quotes = false, cell_started = false;
  while (!at_eof(r)) {
    /* fast path: a run of ordinary bytes */
    size_t run = r->pos;
    while (run < r->len && !r->special[(unsigned char)r->buf[run]])
      run++;
    if (run > r->pos) {
      if (sila_buf_append(&r->cell, r->buf + r->pos, run - r->pos))
        r->nomem = true;
      r->pos = run;
      cell_started = true;
      continue;
    }
    if (in_quotes) {
      if (ql && r->d.double_quote && match(r, q)) {
        r->pos += ql;
        if (match(r, q)) { /* doubled quote */
          if (sila_buf_append(&r->cell, q, ql))
            r->nomem = true;
          r->pos += ql;
        } else {
          in_quotes = false;
        }
        continue;
      }
      if (ql && !r->d.double_quote && r->buf[r->pos] == '\\') {
        fill(r, 1 + ql);
        if (r->len - r->pos > ql && !memcmp(r->buf + r->pos + 1, q, ql)) {
          if (sila_buf_append(&r->cell, q, ql))
            r->nomem = true;
          r->pos += 1 + ql;
          continue;
        }
      }
      if (ql && match(r, q)) {
        r->pos += ql;
        in_quotes = false;
        continue;
      }
      if (sila_buf_putc(&r->cell, r->buf[r->pos++]))
        r->nomem = true;
      continue;
    }
    size_t k = match_eol(r);
    if (k) {
      r->pos += k;
      finish_cell(r);
      return;
    }
    if (match(r, delim)) {
      r->pos += dl;
      finish_cell(r);
      cell_started = false;
      continue;
    }
    if (ql && match(r, q)) {
      r->pos += ql;
      in_quotes = true;
      cell_started = true;
      continue;
    }
    char c = r->buf[r->pos++];
    if (!cell_started && r->d.skip_initial_space && is_ws(c))
      continue;
    cell_started = true;
    if (sila_buf_putc(&r->cell, c))
      r->nomem = true;
  }
  finish_cell(r);
}

static void strip_comment(SilaCsvwReader *r) {
  const char *s = r->cell.data ? r->cell.data : "";
  size_t n = r->cell.len;
  size_t pl = r->d.comment_prefix ? strlen(r->d.comment_prefix) : 0;
  if (pl && n >= pl && !memcmp(s, r->d.comment_prefix, pl)) {
    s += pl;
    n -= pl;
  }
  while (n && is_ws(*s)) {
    s++;
    n--;
  }
  while (n && (is_ws(s[n - 1]) || s[n - 1] == '\r'))
    n--;
  r->ncells = 0;
  push_cell(r, s, n);
}

/* The 1-based cell of the current row holding U+FFFD, 0 = none. */
static size_t bad_cell(const SilaCsvwReader *r) {
  for (size_t i = 0; i < r->ncells; i++)
    if (strstr(r->cells[i], "\xEF\xBF\xBD"))
      return i + 1;
  return 0;
}

SilaCsvwRowKind sila_csvw_reader_next(SilaCsvwReader *r, SilaCsvwRow *row, SilaError *err) {
  row->cells = NULL;
  row->n = 0;
  for (;;) {
    bool eof = at_eof(r);
    if (r->nomem) { /* never an early end of file */
      sila_error_set(err, SILA_ERR_NOMEM, r->row_no, 0, "out of memory reading the table");
      row->kind = SILA_CSVW_ROW_ERROR;
      return row->kind;
    }
    if (eof) {
      row->kind = SILA_CSVW_ROW_EOF;
      return row->kind;
    }
    r->row_no++;
    row->source_row = r->row_no;
    /* header rows are never comments: "##0" is a title (W3C test286) */
    bool comment = r->header_left <= 0 && r->d.comment_prefix && r->d.comment_prefix[0] &&
                   match(r, r->d.comment_prefix);
    if (r->skip_left > 0) {
      r->skip_left--;
      read_raw_line(r);
      if (r->cell.len == 0 && !comment)
        continue;
      strip_comment(r);
      row->kind = SILA_CSVW_ROW_COMMENT;
    } else if (comment) {
      read_raw_line(r);
      strip_comment(r);
      row->kind = SILA_CSVW_ROW_COMMENT;
    } else {
      parse_row(r);
      if (r->header_left > 0) {
        r->header_left--;
        row->kind = SILA_CSVW_ROW_HEADER;
      } else {
        row->kind = SILA_CSVW_ROW_DATA;
        if (r->d.skip_blank_rows) {
          bool blank = true;
          for (size_t i = 0; i < r->ncells && blank; i++)
            blank = r->cells[i][0] == '\0';
          if (blank)
            continue;
        }
      }
      size_t skip = r->d.skip_columns > 0 ? (size_t)r->d.skip_columns : 0;
      if (skip > r->ncells)
        skip = r->ncells;
      row->cells = r->cells + skip;
      row->n = r->ncells - skip;
      if (r->nomem) {
        sila_error_set(err, SILA_ERR_NOMEM, row->source_row, 0, "out of memory reading the row");
        row->kind = SILA_CSVW_ROW_ERROR;
      } else if (r->nul_column) {
        size_t col = r->nul_column > skip ? r->nul_column - skip : r->nul_column;
        sila_error_set(err, SILA_ERR_SYNTAX, row->source_row, col,
                       "a NUL byte in the cell (is the file UTF-16, or not text?)");
        row->kind = SILA_CSVW_ROW_ERROR;
      } else if (r->decode_error && bad_cell(r)) {
        /* the undecodable bytes became U+FFFD (decoding runs ahead of the
         * rows, so the flag alone does not say which row) */
        size_t col = bad_cell(r);
        sila_error_set(err, SILA_ERR_SYNTAX, row->source_row, col > skip ? col - skip : col,
                       "bytes not valid in encoding \"%s\" (is the file in another encoding? "
                       "set the dialect's \"encoding\")",
                       r->d.encoding ? r->d.encoding : "utf-8");
        row->kind = SILA_CSVW_ROW_ERROR;
      } else if (r->cd == (iconv_t)-1) {
        /* UTF-8 input is passed through: check it, so a windows-1252 file
         * read as UTF-8 fails here with its position, not in the store */
        for (size_t i = 0; i < r->ncells; i++)
          if (!sila_utf8_valid(r->cells[i], strlen(r->cells[i]))) {
            sila_error_set(err, SILA_ERR_SYNTAX, row->source_row, i + 1,
                           "invalid UTF-8 (is the file in another encoding? set the dialect's "
                           "\"encoding\", e.g. \"windows-1252\")");
            row->kind = SILA_CSVW_ROW_ERROR;
            break;
          }
      }
      return row->kind;
    }
    row->cells = r->cells;
    row->n = r->ncells;
    if (r->nomem) {
      sila_error_set(err, SILA_ERR_NOMEM, row->source_row, 0, "out of memory reading the table");
      row->kind = SILA_CSVW_ROW_ERROR;
    }
    return row->kind;
  }
}
