/* ld_html_it.c — numbers and dates as an Italian reader writes them
 * (6 dicembre 2026; 1.234,5), and query-string encoding for links. */
#include <stdio.h>
#include <string.h>

#include "ld_html.h"

static const char *const months_it[] = {"gennaio", "febbraio", "marzo",     "aprile",
                                        "maggio",  "giugno",   "luglio",    "agosto",
                                        "settembre", "ottobre", "novembre", "dicembre"};

static bool digits(const char *s, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (s[i] < '0' || s[i] > '9')
      return false;
  return true;
}

bool ld_date_it(const char *s, size_t len, char *buf, size_t size) {
  if (len < 10 || !digits(s, 4) || s[4] != '-' || !digits(s + 5, 2) || s[7] != '-' ||
      !digits(s + 8, 2) || (len > 10 && s[10] != 'T' && s[10] != 'Z' && s[10] != '+' &&
                            s[10] != '-'))
    return false;
  int month = (s[5] - '0') * 10 + (s[6] - '0'), day = (s[8] - '0') * 10 + (s[9] - '0');
  if (month < 1 || month > 12 || day < 1 || day > 31)
    return false;
  int n = snprintf(buf, size, "%d %s %.4s", day, months_it[month - 1], s);
  if (n < 0 || (size_t)n >= size)
    return false;
  if (len >= 16 && s[10] == 'T' && digits(s + 11, 2) && s[13] == ':' && digits(s + 14, 2)) {
    size_t used = (size_t)n;
    int m = snprintf(buf + used, size - used, ", ore %.5s", s + 11);
    if (m < 0 || (size_t)m >= size - used)
      buf[used] = '\0';
  }
  return true;
}

int ld_count_it(SilaBuf *out, uint64_t n) {
  char d[32];
  int len = snprintf(d, sizeof d, "%llu", (unsigned long long)n);
  int e = 0;
  for (int i = 0; i < len; i++) {
    if (i && (len - i) % 3 == 0)
      e |= sila_buf_putc(out, '.');
    e |= sila_buf_putc(out, d[i]);
  }
  return e;
}

/* "-1234.50" as "-1.234,50": digits grouped by three, comma for the point.
 * False when s is not a plain decimal (exponents, NaN… stay as they are). */
static int number_it(SilaBuf *out, const char *s, size_t len) {
  size_t i = 0, int_start, int_end;
  if (len && (s[0] == '-' || s[0] == '+'))
    i = 1;
  int_start = i;
  while (i < len && s[i] >= '0' && s[i] <= '9')
    i++;
  int_end = i;
  if (int_end == int_start)
    return 0;
  if (i < len) {
    if (s[i] != '.' || !digits(s + i + 1, len - i - 1) || i + 1 == len)
      return 0;
  }
  int e = 0;
  if (s[0] == '-')
    e |= sila_buf_putc(out, '-');
  size_t nd = int_end - int_start;
  for (size_t k = 0; k < nd; k++) {
    if (k && (nd - k) % 3 == 0)
      e |= sila_buf_putc(out, '.');
    e |= sila_buf_putc(out, s[int_start + k]);
  }
  if (int_end < len) {
    e |= sila_buf_putc(out, ',');
    e |= sila_buf_append(out, s + int_end + 1, len - int_end - 1);
  }
  return e ? -1 : 1;
}

int ld_literal_it(SilaBuf *out, const SilaTerm *t) {
  if (t->kind != SILA_TERM_LITERAL || !t->datatype || t->value_len > 64)
    return 0;
  const char *dt = t->datatype;
  size_t dl = t->datatype_len;
  static const char xsd[] = SILA_NS_XSD;
  if (dl <= sizeof xsd - 1 || strncmp(dt, xsd, sizeof xsd - 1))
    return 0;
  const char *local = dt + sizeof xsd - 1;
  size_t ll = dl - (sizeof xsd - 1);
  SilaBuf shown = SILA_BUF_INIT;
  int r = 0;
#define IS(name) (ll == sizeof name - 1 && !strncmp(local, name, ll))
  if (IS("date") || IS("dateTime")) {
    char buf[64];
    if (ld_date_it(t->value, t->value_len, buf, sizeof buf))
      r = sila_buf_puts(&shown, buf) ? -1 : 1;
  } else if (IS("decimal") || IS("integer") || IS("double") || IS("float") || IS("int") ||
             IS("long") || IS("nonNegativeInteger") || IS("positiveInteger") || IS("short")) {
    r = number_it(&shown, t->value, t->value_len);
  }
#undef IS
  if (r == 1) {
    int e = sila_buf_puts(out, "<span title=\"");
    e |= ld_esc(out, t->value, t->value_len);
    e |= sila_buf_puts(out, " (");
    e |= ld_compact(out, t->datatype, t->datatype_len);
    e |= sila_buf_puts(out, ")\">");
    e |= sila_buf_append(out, shown.data, shown.len);
    e |= sila_buf_puts(out, "</span>");
    r = e ? -1 : 1;
  }
  sila_buf_free(&shown);
  return r;
}

int ld_url_encode(SilaBuf *out, const char *s) {
  int e = 0;
  for (; *s; s++) {
    unsigned char c = (unsigned char)*s;
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
        c == '_' || c == '.' || c == '~')
      e |= sila_buf_putc(out, (char)c);
    else
      e |= sila_buf_printf(out, "%%%02X", c);
  }
  return e;
}
