/* sila_term.c — term views, equality, growable buffers, N-Triples escaping. */
#include "sila_alloc.h"
#include "sila_term.h"

#include "sila_iri.h"
#include "sila_utf8.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

SilaTerm sila_term_iri(const char *iri) {
  SilaTerm t = {SILA_TERM_IRI, iri, strlen(iri), NULL, 0, NULL, 0, NULL};
  return t;
}

SilaTerm sila_term_blank(const char *label) {
  SilaTerm t = {SILA_TERM_BLANK, label, strlen(label), NULL, 0, NULL, 0, NULL};
  return t;
}

SilaTerm sila_term_literal(const char *lexical, const char *datatype, const char *lang) {
  SilaTerm t = {SILA_TERM_LITERAL, lexical, strlen(lexical), NULL, 0, NULL, 0, NULL};
  if (lang && *lang) {
    t.lang = lang;
    t.lang_len = strlen(lang);
  } else if (datatype && strcmp(datatype, SILA_XSD_STRING) != 0) {
    t.datatype = datatype;
    t.datatype_len = strlen(datatype);
  }
  return t;
}

SilaTerm sila_term_triple(const SilaTerm spo[3]) {
  SilaTerm t = {SILA_TERM_TRIPLE, "", 0, NULL, 0, NULL, 0, spo};
  return t;
}

static bool same_bytes(const char *a, size_t al, const char *b, size_t bl) {
  return al == bl && (al == 0 || memcmp(a, b, al) == 0);
}

bool sila_lang_equal(const char *a, size_t al, const char *b, size_t bl) {
  if (al != bl || (!a) != (!b))
    return false;
  for (size_t i = 0; i < al; i++) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z')
      x = (char)(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z')
      y = (char)(y - 'A' + 'a');
    if (x != y)
      return false;
  }
  return true;
}

bool sila_lang_valid(const char *tag, size_t len) {
  /* RDF 1.2 base direction: "…"@ar--rtl (stored inside the tag) */
  size_t base_len = sila_lang_tag_len(tag, len);
  if (base_len < len) {
    size_t d = len - base_len - 2;
    const char *dir = tag + base_len + 2;
    if (!((d == 3 && !memcmp(dir, "ltr", 3)) || (d == 3 && !memcmp(dir, "rtl", 3))))
      return false;
    len = base_len;
  }
  size_t seg = 0;
  bool first = true;
  for (size_t i = 0; i <= len; i++) {
    if (i == len || tag[i] == '-') {
      if (!seg)
        return false;
      seg = 0, first = false;
      continue;
    }
    char c = tag[i];
    bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    if (!alpha && !(!first && c >= '0' && c <= '9'))
      return false;
    seg++;
  }
  return true;
}

static bool storable(const SilaTerm *t, int depth) {
  switch (t->kind) {
  case SILA_TERM_IRI:
    return sila_iri_valid(t->value, t->value_len);
  case SILA_TERM_BLANK:
    return t->value_len > 0 && sila_utf8_valid(t->value, t->value_len);
  case SILA_TERM_LITERAL:
    return sila_utf8_valid(t->value, t->value_len) &&
           (!t->datatype || sila_iri_valid(t->datatype, t->datatype_len)) &&
           (!t->lang || sila_lang_valid(t->lang, t->lang_len));
  case SILA_TERM_TRIPLE: {
    const SilaTerm *c = t->triple;
    return c && depth < SILA_TRIPLE_DEPTH_MAX &&
           (c[0].kind == SILA_TERM_IRI || c[0].kind == SILA_TERM_BLANK) &&
           c[1].kind == SILA_TERM_IRI && storable(&c[0], depth + 1) &&
           storable(&c[1], depth + 1) && storable(&c[2], depth + 1);
  }
  default:
    return false;
  }
}

bool sila_term_storable(const SilaTerm *t) { return storable(t, 0); }

bool sila_term_equal(const SilaTerm *a, const SilaTerm *b) {
  if (a->kind != b->kind)
    return false;
  if (a->kind == SILA_TERM_TRIPLE && a->triple && b->triple)
    return sila_term_equal(&a->triple[0], &b->triple[0]) &&
           sila_term_equal(&a->triple[1], &b->triple[1]) &&
           sila_term_equal(&a->triple[2], &b->triple[2]);
  if ((!a->triple) != (!b->triple))
    return false; /* a structured triple term and a result set's text */
  return same_bytes(a->value, a->value_len, b->value, b->value_len) &&
         same_bytes(a->datatype, a->datatype_len, b->datatype, b->datatype_len) &&
         sila_lang_equal(a->lang, a->lang_len, b->lang, b->lang_len);
}

bool sila_iri_is(const char *dt, size_t len, const char *iri) {
  return dt && same_bytes(dt, len, iri, strlen(iri));
}

const char *sila_term_datatype(const SilaTerm *t, size_t *len) {
  if (t->kind != SILA_TERM_LITERAL) {
    *len = 0;
    return NULL;
  }
  if (t->datatype) {
    *len = t->datatype_len;
    return t->datatype;
  }
  const char *dt = !t->lang                                          ? SILA_XSD_STRING
                   : sila_lang_tag_len(t->lang, t->lang_len) < t->lang_len ? SILA_RDF_DIRLANGSTRING
                                                                          : SILA_RDF_LANGSTRING;
  *len = strlen(dt);
  return dt;
}

size_t sila_lang_tag_len(const char *lang, size_t len) {
  for (size_t i = 0; i + 1 < len; i++)
    if (lang[i] == '-' && lang[i + 1] == '-')
      return i;
  return len;
}

int sila_buf_reserve(SilaBuf *b, size_t extra) {
  if (b->failed)
    return -1;
  if (b->cap - b->len > extra)
    return 0;
  size_t cap = b->cap ? b->cap : 64;
  while (cap - b->len <= extra) {
    if (cap > ((size_t)-1) / 2) {
      b->failed = true;
      return -1;
    }
    cap *= 2;
  }
  char *d = sila_realloc(b->data, cap);
  if (!d) {
    b->failed = true;
    return -1;
  }
  b->data = d;
  b->cap = cap;
  return 0;
}

int sila_buf_append(SilaBuf *b, const void *data, size_t len) {
  if (sila_buf_reserve(b, len))
    return -1;
  if (len)
    memcpy(b->data + b->len, data, len);
  b->len += len;
  b->data[b->len] = '\0';
  return 0;
}

int sila_buf_puts(SilaBuf *b, const char *s) { return sila_buf_append(b, s, strlen(s)); }

int sila_buf_putc(SilaBuf *b, char c) { return sila_buf_append(b, &c, 1); }

int sila_buf_printf(SilaBuf *b, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  if (n < 0)
    b->failed = true;
  if (n < 0 || sila_buf_reserve(b, (size_t)n + 1))
    return -1;
  va_start(ap, fmt);
  vsnprintf(b->data + b->len, b->cap - b->len, fmt, ap);
  va_end(ap);
  b->len += (size_t)n;
  return 0;
}

void sila_buf_free(SilaBuf *b) {
  free(b->data);
  b->data = NULL;
  b->len = b->cap = 0;
  b->failed = false;
}

bool sila_buf_failed(const SilaBuf *b) { return b->failed; }

SilaStatus sila_buf_sink(void *buf, const char *data, size_t len) {
  return sila_buf_append(buf, data, len) ? SILA_ERR_NOMEM : SILA_OK;
}

SilaStatus sila_file_sink(void *file, const char *data, size_t len) {
  return fwrite(data, 1, len, file) == len ? SILA_OK : SILA_ERR_IO;
}

/* Written with one reserve and a scan per byte: this is the hot path of
 * every N-Triples / N-Quads dump. */
int sila_buf_put_iri_nt(SilaBuf *b, const char *s, size_t n) {
  if (sila_buf_reserve(b, n + 2))
    return -1;
  b->data[b->len++] = '<';
  size_t start = 0;
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (!sila_iri_char_forbidden(c))
      continue;
    if (sila_buf_append(b, s + start, i - start) || sila_buf_printf(b, "\\u%04X", c))
      return -1;
    start = i + 1;
  }
  if (sila_buf_append(b, s + start, n - start))
    return -1;
  return sila_buf_putc(b, '>');
}

int sila_buf_put_string_nt(SilaBuf *b, const char *s, size_t n) {
  if (sila_buf_reserve(b, n + 2))
    return -1;
  b->data[b->len++] = '"';
  size_t start = 0;
  for (size_t i = 0; i < n; i++) {
    char c = s[i];
    if (c != '"' && c != '\\' && c != '\n' && c != '\r')
      continue;
    const char *esc = c == '"' ? "\\\"" : c == '\\' ? "\\\\" : c == '\n' ? "\\n" : "\\r";
    if (sila_buf_append(b, s + start, i - start) || sila_buf_append(b, esc, 2))
      return -1;
    start = i + 1;
  }
  if (sila_buf_append(b, s + start, n - start))
    return -1;
  return sila_buf_putc(b, '"');
}

static int put_term_nt(SilaBuf *b, const SilaTerm *t, int depth) {
  switch (t->kind) {
  case SILA_TERM_IRI:
    return sila_buf_put_iri_nt(b, t->value, t->value_len);
  case SILA_TERM_BLANK:
    return sila_buf_append(b, "_:", 2) || sila_buf_append(b, t->value, t->value_len) ? -1 : 0;
  case SILA_TERM_LITERAL:
    if (sila_buf_put_string_nt(b, t->value, t->value_len))
      return -1;
    if (t->lang)
      return sila_buf_putc(b, '@') || sila_buf_append(b, t->lang, t->lang_len) ? -1 : 0;
    if (t->datatype)
      return sila_buf_append(b, "^^", 2) || sila_buf_put_iri_nt(b, t->datatype, t->datatype_len) ? -1 : 0;
    return 0;
  case SILA_TERM_TRIPLE:
    if (!t->triple) /* a result set's triple term: its N-Triples text */
      return t->value ? sila_buf_append(b, t->value, t->value_len) : -1;
    if (depth >= SILA_TRIPLE_DEPTH_MAX || sila_buf_append(b, "<<( ", 4))
      return -1;
    for (int i = 0; i < 3; i++)
      if (put_term_nt(b, &t->triple[i], depth + 1) || sila_buf_putc(b, ' '))
        return -1;
    return sila_buf_append(b, ")>>", 3);
  default:
    return -1;
  }
}

int sila_buf_put_term_nt(SilaBuf *b, const SilaTerm *t) { return put_term_nt(b, t, 0); }

/* What sila_term_copy needs for t: string bytes and component arrays;
 * false when it nests too deep. */
static bool copy_size(const SilaTerm *t, int depth, size_t *bytes, size_t *arrays) {
  if (t->kind != SILA_TERM_TRIPLE || !t->triple) {
    *bytes += t->value_len + t->datatype_len + t->lang_len + 3;
    return true;
  }
  if (depth >= SILA_TRIPLE_DEPTH_MAX)
    return false;
  ++*arrays;
  for (int i = 0; i < 3; i++)
    if (!copy_size(&t->triple[i], depth + 1, bytes, arrays))
      return false;
  return true;
}

static char *copy_str(char **w, const char *s, size_t n) {
  char *at = *w;
  if (n)
    memcpy(at, s, n);
  at[n] = '\0';
  *w += n + 1;
  return at;
}

/* Copies t into *out: component arrays from *arrays, strings at *w (both
 * advanced).  The arrays sit first in the allocation, so they are aligned. */
static void copy_into(const SilaTerm *t, SilaTerm *out, SilaTerm **arrays, char **w) {
  *out = *t;
  if (t->kind == SILA_TERM_TRIPLE && t->triple) {
    SilaTerm *parts = *arrays;
    *arrays += 3;
    out->value = ""; /* not the source's */
    for (int i = 0; i < 3; i++)
      copy_into(&t->triple[i], &parts[i], arrays, w);
    out->triple = parts;
    return;
  }
  out->value = copy_str(w, t->value ? t->value : "", t->value_len);
  if (t->datatype)
    out->datatype = copy_str(w, t->datatype, t->datatype_len);
  if (t->lang)
    out->lang = copy_str(w, t->lang, t->lang_len);
}

int sila_term_copy(const SilaTerm *t, SilaTerm *out, char **storage) {
  size_t bytes = 0, arrays = 0;
  if (!copy_size(t, 0, &bytes, &arrays))
    return -1;
  size_t head = arrays * 3 * sizeof(SilaTerm);
  char *p = sila_malloc(head + bytes);
  if (!p)
    return -1;
  SilaTerm *a = (SilaTerm *)(void *)p;
  char *w = p + head;
  copy_into(t, out, &a, &w);
  *storage = p;
  return 0;
}
