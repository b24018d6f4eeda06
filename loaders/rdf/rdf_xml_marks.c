/* rdf_xml_marks.c — where the markup of an XML document is (rdf_xml_marks.h). */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "rdf_xml_marks.h"
#include "sila_alloc.h"

/* Tags taken stay this long for xml_marks_blame: the reader's errors come
 * before it reports the construct, or just after. */
#define KEEP_TAKEN 64

enum {
  T_TEXT, T_LT, T_REF, T_STAG_NAME, T_STAG, T_ANAME, T_AEQ, T_AVAL, T_EMPTY, T_ETAG_NAME,
  T_ETAG, T_BANG, T_COMMENT, T_CDATA, T_PI, T_DOCTYPE,
};

/* Positions compare as (line, column). */
static int pos_cmp(XmlPos a, XmlPos b) {
  if (a.line != b.line)
    return a.line < b.line ? -1 : 1;
  return a.col < b.col ? -1 : a.col > b.col;
}

void xml_marks_free(XmlMarks *m) {
  if (!m)
    return;
  free(m->marks);
  free(m->attrs);
  sila_buf_free(&m->names);
  memset(m, 0, sizeof *m);
}

/* Tags never taken: the reader reports at most two chunks' worth behind
 * the tokenizer, so past this many the names went out of step (an entity's
 * elements named like the document's); positions degrade, memory stays
 * bounded. */
#define MAX_PENDING (1 << 18)

/* Drops tags taken long ago: memory stays the size of a chunk's markup. */
static void compact(XmlMarks *m) {
  if (m->n - m->next > MAX_PENDING)
    m->next = m->n - MAX_PENDING / 2;
  if (m->next < 4 * KEEP_TAKEN)
    return;
  size_t drop = m->next - KEEP_TAKEN;
  size_t adrop = m->marks[drop].attr0, ndrop = m->marks[drop].name_off;
  memmove(m->marks, m->marks + drop, (m->n - drop) * sizeof *m->marks);
  m->n -= drop;
  m->next -= drop;
  m->last_tag = m->last_tag > drop ? m->last_tag - drop : 0;
  memmove(m->attrs, m->attrs + adrop, (m->nattrs - adrop) * sizeof *m->attrs);
  m->nattrs -= adrop;
  memmove(m->names.data, m->names.data + ndrop, m->names.len - ndrop);
  m->names.len -= ndrop;
  for (size_t i = 0; i < m->n; i++) {
    m->marks[i].attr0 -= adrop;
    m->marks[i].name_off -= ndrop;
  }
  for (size_t i = 0; i < m->nattrs; i++)
    m->attrs[i].name_off -= ndrop;
}

static XmlMark *open_mark(XmlMarks *m, XmlMarkKind kind, XmlPos start) {
  if (m->n == m->cap) {
    size_t cap = m->cap ? m->cap * 2 : 64;
    XmlMark *n = sila_realloc(m->marks, cap * sizeof *n);
    if (!n)
      return NULL;
    m->marks = n;
    m->cap = cap;
  }
  XmlMark *k = &m->marks[m->n++];
  memset(k, 0, sizeof *k);
  k->kind = kind;
  k->start = start;
  k->attr0 = m->nattrs;
  k->name_off = m->names.len;
  if (kind == XM_START || kind == XM_END)
    m->last_tag = m->n;
  return k;
}

static XmlAttrMark *open_attr(XmlMarks *m, XmlPos start) {
  if (m->nattrs == m->capattrs) {
    size_t cap = m->capattrs ? m->capattrs * 2 : 64;
    XmlAttrMark *n = sila_realloc(m->attrs, cap * sizeof *n);
    if (!n)
      return NULL;
    m->attrs = n;
    m->capattrs = cap;
  }
  XmlAttrMark *a = &m->attrs[m->nattrs++];
  memset(a, 0, sizeof *a);
  a->start = start;
  a->name_off = m->names.len;
  m->marks[m->n - 1].nattr++;
  return a;
}

static XmlMark *cur(XmlMarks *m) { return &m->marks[m->n - 1]; }

static void close_mark(XmlMarks *m, XmlPos end) {
  cur(m)->end = end;
  cur(m)->done = true;
  m->state = T_TEXT;
}

/* The first non-blank text after the newest tag. */
static void text_seen(XmlMarks *m, XmlPos at) {
  if (m->last_tag && !m->marks[m->last_tag - 1].text.line)
    m->marks[m->last_tag - 1].text = at;
}

static bool blank(unsigned char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

/* The last bytes read end with s (at most 8 bytes). */
static bool hist_ends(const XmlMarks *m, const char *s) {
  uint64_t want = 0, mask = 0;
  for (; *s; s++) {
    want = want << 8 | (unsigned char)*s;
    mask = mask << 8 | 0xFF;
  }
  return (m->hist & mask) == want;
}

/* One byte at position at; false when out of memory. */
static bool step(XmlMarks *m, unsigned char c, XmlPos at) {
  switch (m->state) {
  case T_REF:
    if (c == ';' || blank(c)) {
      close_mark(m, at);
      return true;
    }
    if (c != '<' && c != '&')
      return true;
    close_mark(m, at); /* cut short by markup: the reader will say so */
    /* fall through */
  case T_TEXT:
    if (c == '<') {
      m->lt = at;
      m->state = T_LT;
    } else if (c == '&') {
      text_seen(m, at);
      if (!open_mark(m, XM_REF, at))
        return false;
      m->state = T_REF;
    } else if (!blank(c)) {
      text_seen(m, at);
    }
    return true;
  case T_LT:
    if (c == '/') {
      if (!open_mark(m, XM_END, m->lt))
        return false;
      m->state = T_ETAG_NAME;
    } else if (c == '!') {
      m->state = T_BANG;
    } else if (c == '?') {
      if (!open_mark(m, XM_OTHER, m->lt))
        return false;
      m->depth = 0;
      m->state = T_PI;
    } else {
      if (!open_mark(m, XM_START, m->lt) || sila_buf_append(&m->names, &c, 1))
        return false;
      cur(m)->name_len = 1;
      m->state = T_STAG_NAME;
    }
    return true;
  case T_STAG_NAME:
    if (blank(c)) {
      m->state = T_STAG;
    } else if (c == '/') {
      m->state = T_EMPTY;
    } else if (c == '>') {
      close_mark(m, at);
    } else {
      if (sila_buf_append(&m->names, &c, 1))
        return false;
      cur(m)->name_len++;
    }
    return true;
  case T_STAG:
    if (blank(c))
      return true;
    if (c == '/') {
      m->state = T_EMPTY;
    } else if (c == '>') {
      close_mark(m, at);
    } else {
      XmlAttrMark *a = open_attr(m, at);
      if (!a || sila_buf_append(&m->names, &c, 1))
        return false;
      a->name_len = 1;
      a->end = at;
      m->state = T_ANAME;
    }
    return true;
  case T_ANAME:
    if (c == '=' || blank(c)) {
      m->state = T_AEQ;
    } else if (c == '>') {
      close_mark(m, at);
    } else if (c == '/') {
      m->state = T_EMPTY;
    } else {
      if (sila_buf_append(&m->names, &c, 1))
        return false;
      m->attrs[m->nattrs - 1].name_len++;
      m->attrs[m->nattrs - 1].end = at;
    }
    return true;
  case T_AEQ:
    if (c == '"' || c == '\'') {
      m->quote = (char)c;
      m->state = T_AVAL;
    } else if (c == '>') {
      close_mark(m, at);
    } else if (!blank(c) && c != '=') {
      m->state = T_STAG; /* malformed: the reader will say so */
      return step(m, c, at);
    }
    m->attrs[m->nattrs - 1].end = at;
    return true;
  case T_AVAL:
    m->attrs[m->nattrs - 1].end = at;
    if (c == (unsigned char)m->quote)
      m->state = T_STAG;
    return true;
  case T_EMPTY:
    if (c != '>') {
      m->state = T_STAG;
      return step(m, c, at);
    }
    close_mark(m, at);
    {
      /* the end of an empty element: the reader reports it too */
      size_t off = cur(m)->name_off, len = cur(m)->name_len;
      XmlMark *e = open_mark(m, XM_END, at);
      if (!e)
        return false;
      e->name_off = off;
      e->name_len = len;
      e->end = at;
      e->done = true;
    }
    return true;
  case T_ETAG_NAME:
    if (c == '>') {
      close_mark(m, at);
    } else if (blank(c)) {
      m->state = T_ETAG;
    } else {
      if (sila_buf_append(&m->names, &c, 1))
        return false;
      cur(m)->name_len++;
    }
    return true;
  case T_ETAG:
    if (c == '>')
      close_mark(m, at);
    return true;
  case T_BANG:
    if (!open_mark(m, XM_OTHER, m->lt))
      return false;
    m->depth = 0; /* bytes read inside */
    m->quote = 0;
    m->state = c == '-' ? T_COMMENT : c == '[' ? T_CDATA : T_DOCTYPE;
    if (m->state == T_DOCTYPE)
      return step(m, c, at);
    return true;
  case T_COMMENT:
    if (++m->depth >= 3 && hist_ends(m, "-->"))
      close_mark(m, at);
    return true;
  case T_CDATA:
    if (++m->depth > 6 && !blank(c) && c != ']' && c != '>')
      text_seen(m, at);
    if (m->depth >= 9 && hist_ends(m, "]]>"))
      close_mark(m, at);
    return true;
  case T_PI:
    if (++m->depth >= 2 && hist_ends(m, "?>"))
      close_mark(m, at);
    return true;
  case T_DOCTYPE:
    /* the internal subset: quoted literals and comments may hold [ ] > */
    if (m->quote == '-') {
      if (hist_ends(m, "-->"))
        m->quote = 0;
    } else if (m->quote) {
      if (c == (unsigned char)m->quote)
        m->quote = 0;
    } else if (c == '"' || c == '\'') {
      m->quote = (char)c;
    } else if (hist_ends(m, "<!--")) {
      m->quote = '-';
    } else if (c == '[') {
      m->depth++;
    } else if (c == ']') {
      m->depth--;
    } else if (c == '>' && m->depth <= 0) {
      close_mark(m, at);
    }
    return true;
  }
  return true;
}

/* The length of the run at data[0..len) that step() would only count or
 * copy: text up to markup, a reference, a line end or (when the text
 * after the newest tag is not placed yet) a non-blank character; an
 * attribute value up to its quote; a name up to its end.  Its characters
 * are counted into m->at, the last non-blank one into m->ink, a name's
 * bytes copied; -1 when out of memory. */
/* Per state, the bytes that end a run (every run ends at a line end). */
static bool ends_text[256], ends_unplaced[256], ends_name[256];
static pthread_once_t tables_once = PTHREAD_ONCE_INIT;

static void fill_tables(void) {
  for (int c = 0; c < 256; c++) {
    ends_text[c] = c == '<' || c == '&' || c == '\n';
    ends_unplaced[c] = ends_text[c] || !blank((unsigned char)c);
    ends_name[c] = blank((unsigned char)c) || c == '>' || c == '/' || c == '=' || c == '\n';
  }
}

static long plain_run(XmlMarks *m, const unsigned char *data, size_t len) {
  pthread_once(&tables_once, fill_tables);
  int state = m->state;
  bool name = state == T_STAG_NAME || state == T_ANAME || state == T_ETAG_NAME;
  const bool *ends;
  bool quoted[256];
  if (state == T_TEXT) {
    bool placed = !m->last_tag || m->marks[m->last_tag - 1].text.line;
    ends = placed ? ends_text : ends_unplaced;
  } else if (name) {
    ends = ends_name;
  } else if (state == T_AVAL) {
    memset(quoted, 0, sizeof quoted);
    quoted['\n'] = quoted[(unsigned char)m->quote] = true;
    ends = quoted;
  } else {
    return 0;
  }
  unsigned long col = m->at.col, ink = 0;
  size_t i = 0;
  for (; i < len && !ends[data[i]]; i++) {
    unsigned char c = data[i];
    col += (c & 0xC0) != 0x80;
    ink = blank(c) ? ink : col;
  }
  if (!i)
    return 0;
  m->at.col = col;
  if (ink)
    m->ink = (XmlPos){m->at.line, ink};
  if (state == T_AVAL || state == T_ANAME)
    m->attrs[m->nattrs - 1].end = m->at;
  if (name) {
    if (sila_buf_append(&m->names, data, i))
      return -1;
    if (state == T_ANAME)
      m->attrs[m->nattrs - 1].name_len += i;
    else
      cur(m)->name_len += i;
  }
  return (long)i;
}

int xml_marks_feed(XmlMarks *m, const char *data, size_t len) {
  compact(m);
  const unsigned char *u = (const unsigned char *)data;
  for (size_t i = 0; i < len; i++) {
    if (m->bytes >= 3) { /* past a byte order mark */
      long run = plain_run(m, u + i, len - i);
      if (run < 0)
        return -1;
      m->bytes += (unsigned long)run;
      i += (size_t)run;
      if (i == len)
        break;
    }
    unsigned char c = u[i];
    if (m->bytes++ == 0)
      m->at.line = 1;
    /* a byte order mark is not a character of the first line */
    bool bom = m->bytes <= 3 && m->at.col == 0 && (c == 0xEF || c == 0xBB || c == 0xBF);
    if ((c & 0xC0) != 0x80 && !bom)
      m->at.col++;
    m->hist = m->hist << 8 | c;
    if (!step(m, c, m->at))
      return -1;
    if (!blank(c))
      m->ink = m->at;
    if (c == '\n') {
      m->at.line++;
      m->at.col = 0;
    }
  }
  return 0;
}

const XmlMark *xml_marks_pending(const XmlMarks *m) {
  for (size_t i = m->next; i < m->n; i++)
    if (m->marks[i].kind == XM_START || m->marks[i].kind == XM_END)
      return m->marks[i].kind == XM_START ? &m->marks[i] : NULL;
  return NULL;
}

const XmlMark *xml_marks_take(XmlMarks *m, XmlMarkKind kind, const char *name, size_t len) {
  size_t i = m->next;
  while (i < m->n && m->marks[i].kind != XM_START && m->marks[i].kind != XM_END)
    i++;
  if (i == m->n)
    return NULL;
  XmlMark *k = &m->marks[i];
  if (k->kind != kind || !k->done || k->name_len != len ||
      memcmp(m->names.data + k->name_off, name, len))
    return NULL;
  m->next = i + 1;
  return k;
}

bool xml_marks_attr(const XmlMarks *m, const XmlMark *t, const char *name, size_t len,
                    XmlPos *out) {
  for (size_t i = 0; t && i < t->nattr; i++) {
    const XmlAttrMark *a = &m->attrs[t->attr0 + i];
    if (a->name_len == len && !memcmp(m->names.data + a->name_off, name, len)) {
      *out = a->start;
      return true;
    }
  }
  return false;
}

XmlPos xml_marks_blame(const XmlMarks *m, XmlPos reader) {
  XmlPos q = {reader.line, reader.col ? reader.col - 1 : 0}; /* the last character read */
  for (size_t i = m->n; i > 0; i--) {
    const XmlMark *k = &m->marks[i - 1];
    if (pos_cmp(k->start, q) > 0 || (k->done && pos_cmp(k->end, q) < 0))
      continue;
    for (size_t j = 0; j < k->nattr; j++) {
      const XmlAttrMark *a = &m->attrs[k->attr0 + j];
      if (pos_cmp(a->start, q) <= 0 && pos_cmp(a->end, q) >= 0)
        return a->start;
    }
    return k->start;
  }
  return q.col ? q : reader;
}

XmlPos xml_marks_text(const XmlMarks *m) {
  if (!m->next)
    return xml_marks_eof(m);
  const XmlMark *k = &m->marks[m->next - 1];
  return k->text.line ? k->text : k->end;
}

const XmlMark *xml_marks_unfinished(const XmlMarks *m) {
  if (m->state == T_LT)
    return NULL; /* a lone '<': the reader's own position says it */
  return m->n && !m->marks[m->n - 1].done ? &m->marks[m->n - 1] : NULL;
}

bool xml_marks_past(const XmlMarks *m, XmlPos reader) {
  XmlPos q = {reader.line, reader.col ? reader.col - 1 : 0};
  return pos_cmp(q, m->ink) >= 0;
}

XmlPos xml_marks_eof(const XmlMarks *m) {
  XmlPos p = m->at;
  if (!p.line)
    p.line = 1;
  p.col++;
  return p;
}
