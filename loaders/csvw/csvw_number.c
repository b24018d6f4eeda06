/* csvw_number.c — numbers with decimalChar/groupChar, percent and
 * per-mille, and UAX35 patterns (compiled to regular expressions). */
#define PCRE2_CODE_UNIT_WIDTH 8
#include "csvw_number.h"

#include <pcre2.h>
#include <stdlib.h>
#include <string.h>

#include "csvw_datatype.h"
#include "csvw_util.h"

#define PERMILLE "\xE2\x80\xB0"

/* The builders below return the sila_buf_* failures or'ed together: a
 * regex or number missing a piece must never be used. */
static int put_re_literal(SilaBuf *b, const char *s, size_t n) {
  int e = 0;
  for (size_t i = 0; i < n; i++) {
    if (strchr("\\^$.|?*+()[]{}", s[i]))
      e |= sila_buf_putc(b, '\\');
    e |= sila_buf_putc(b, s[i]);
  }
  return e;
}

/* Writes the regex of a prefix or suffix; sets *sign when it holds +/-. */
static int affix_re(SilaBuf *b, const char *s, size_t n, bool *sign) {
  int e = 0;
  for (size_t i = 0; i < n; i++) {
    if (s[i] == '+' || s[i] == '-') {
      e |= sila_buf_puts(b, "[+-]?");
      *sign = true;
    } else {
      e |= put_re_literal(b, s + i, 1);
    }
  }
  return e;
}

char *sila_csvw_number_pattern_regex(const char *pattern, const char *dc, const char *gc) {
  if (!dc || !*dc)
    dc = ".";
  if (!gc || !*gc)
    gc = ",";
  size_t dl = strlen(dc), gl = strlen(gc), n = strlen(pattern);
  /* split prefix / number / suffix */
  size_t i = 0;
  while (i < n && pattern[i] != '#' && pattern[i] != '0' && strncmp(pattern + i, dc, dl) != 0)
    i++;
  size_t pre_end = i;
  size_t int_start = i;
  while (i < n && (pattern[i] == '#' || pattern[i] == '0' || !strncmp(pattern + i, gc, gl)))
    i += (pattern[i] == '#' || pattern[i] == '0') ? 1 : gl;
  size_t int_end = i;
  size_t frac_start = 0, frac_end = 0;
  bool has_frac = false;
  if (i < n && !strncmp(pattern + i, dc, dl)) {
    has_frac = true;
    i += dl;
    frac_start = i;
    while (i < n && (pattern[i] == '#' || pattern[i] == '0' || !strncmp(pattern + i, gc, gl)))
      i += (pattern[i] == '#' || pattern[i] == '0') ? 1 : gl;
    frac_end = i;
  }
  bool has_exp = false;
  int min_exp = 0;
  if (i < n && pattern[i] == 'E') {
    has_exp = true;
    i++;
    if (i < n && pattern[i] == '+')
      i++;
    size_t e0 = i;
    while (i < n && (pattern[i] == '#' || pattern[i] == '0')) {
      if (pattern[i] == '0')
        min_exp++;
      i++;
    }
    if (i == e0)
      return NULL;
  }
  size_t suf_start = i;
  for (size_t k = suf_start; k < n; k++)
    if (pattern[k] == '#' || pattern[k] == '0' || (pattern[k] >= '1' && pattern[k] <= '9'))
      return NULL;
  for (size_t k = 0; k < pre_end; k++)
    if ((pattern[k] >= '0' && pattern[k] <= '9') || pattern[k] == '#')
      return NULL;
  /* integer part: digits, '#' before '0' only, group sizes */
  int min_int = 0, total_int = 0;
  int groups[64], ng = 0, cur = 0;
  bool seen_zero = false;
  for (size_t k = int_start; k < int_end;) {
    if (pattern[k] == '#' || pattern[k] == '0') {
      if (pattern[k] == '0') {
        min_int++;
        seen_zero = true;
      } else if (seen_zero) {
        return NULL;
      }
      total_int++;
      cur++;
      k++;
    } else {
      if (ng < 63)
        groups[ng++] = cur;
      cur = 0;
      k += gl;
    }
  }
  if (ng < 63)
    groups[ng++] = cur;
  if (total_int == 0 && !has_frac)
    return NULL;
  int primary = groups[ng - 1], secondary = ng >= 3 ? groups[ng - 2] : primary;
  if (ng >= 2 && (primary == 0 || secondary == 0))
    return NULL;
  /* fraction part */
  int min_frac = 0, max_frac = 0, fgroup = 0;
  bool seen_hash = false;
  if (has_frac) {
    int c = 0;
    for (size_t k = frac_start; k < frac_end;) {
      if (pattern[k] == '#' || pattern[k] == '0') {
        if (pattern[k] == '0') {
          if (seen_hash)
            return NULL;
          min_frac++;
        } else {
          seen_hash = true;
        }
        max_frac++;
        c++;
        k++;
      } else {
        if (!fgroup)
          fgroup = c;
        k += gl;
      }
    }
    if (max_frac > 64)
      return NULL;
  }
  SilaBuf b = SILA_BUF_INIT;
  int e = 0;
  e |= sila_buf_puts(&b, "^(?=.*[0-9])");
  bool sign = false;
  e |= affix_re(&b, pattern, pre_end, &sign);
  if (!sign)
    e |= sila_buf_puts(&b, "[+-]?");
  /* integer digits */
  if (min_int > 1) {
    e |= sila_buf_puts(&b, "(?=(?:[0-9]");
    e |= sila_buf_puts(&b, "(?:");
    e |= put_re_literal(&b, gc, gl);
    e |= sila_buf_printf(&b, ")?){%d})", min_int);
  }
  if (ng >= 2) {
    e |= sila_buf_printf(&b, "(?:[0-9]{%d,%d}|[0-9]{1,%d}(?:", min_int > 0 ? 1 : 0, primary, secondary);
    e |= put_re_literal(&b, gc, gl);
    e |= sila_buf_printf(&b, "[0-9]{%d})*", secondary);
    e |= put_re_literal(&b, gc, gl);
    e |= sila_buf_printf(&b, "[0-9]{%d})", primary);
  } else {
    e |= sila_buf_printf(&b, "[0-9]{%d,}", min_int);
  }
  if (has_frac && max_frac > 0) {
    e |= sila_buf_puts(&b, "(?:");
    e |= put_re_literal(&b, dc, dl);
    e |= sila_buf_puts(&b, "(?:");
    int from = min_frac > 0 ? min_frac : 1;
    for (int t = from; t <= max_frac; t++) {
      if (t > from)
        e |= sila_buf_putc(&b, '|');
      int left = t;
      bool first = true;
      while (left > 0) {
        int take = fgroup > 0 && left > fgroup ? fgroup : left;
        if (!first)
          e |= put_re_literal(&b, gc, gl);
        e |= sila_buf_printf(&b, "[0-9]{%d}", take);
        left -= take;
        first = false;
      }
    }
    e |= sila_buf_puts(&b, "))");
    if (min_frac == 0)
      e |= sila_buf_putc(&b, '?');
  }
  if (has_exp)
    e |= sila_buf_printf(&b, "E[+-]?[0-9]{%d,}", min_exp > 0 ? min_exp : 1);
  e |= affix_re(&b, pattern + suf_start, n - suf_start, &sign);
  e |= sila_buf_putc(&b, '$');
  if (!sila_csvw_buf_ok(e)) {
    sila_buf_free(&b);
    return NULL;
  }
  return b.data;
}

bool sila_csvw_number_pattern_ok(const char *pattern, const char *dc, const char *gc) {
  char *re = sila_csvw_number_pattern_regex(pattern, dc, gc);
  if (!re)
    return false;
  int ec;
  PCRE2_SIZE eo;
  pcre2_code *c = pcre2_compile((PCRE2_SPTR)re, PCRE2_ZERO_TERMINATED, PCRE2_UTF, &ec, &eo, NULL);
  free(re);
  if (!c)
    return false;
  pcre2_code_free(c);
  return true;
}

struct SilaCsvwNumPattern {
  pcre2_code *re;
};

SilaCsvwNumPattern *sila_csvw_number_pattern_compile(const char *pattern, const char *dc,
                                                     const char *gc) {
  char *re = sila_csvw_number_pattern_regex(pattern, dc, gc);
  if (!re)
    return NULL;
  int ec;
  PCRE2_SIZE eo;
  pcre2_code *c = pcre2_compile((PCRE2_SPTR)re, PCRE2_ZERO_TERMINATED, PCRE2_UTF, &ec, &eo, NULL);
  free(re);
  if (!c)
    return NULL;
  SilaCsvwNumPattern *p = sila_csvw_alloc(sizeof *p);
  if (!p) {
    pcre2_code_free(c);
    return NULL;
  }
  p->re = c;
  return p;
}

void sila_csvw_number_pattern_free(SilaCsvwNumPattern *p) {
  if (!p)
    return;
  pcre2_code_free(p->re);
  free(p);
}

static bool pattern_match(const char *s, const SilaCsvwNumPattern *p) {
  pcre2_match_data *md = pcre2_match_data_create_from_pattern(p->re, NULL);
  if (!md) {
    sila_csvw_nomem_note();
    return false;
  }
  int rc = pcre2_match(p->re, (PCRE2_SPTR)s, strlen(s), 0, 0, md, NULL);
  pcre2_match_data_free(md);
  return rc >= 0;
}

/* Moves the decimal point of sign/digits/point left by `shift` places and
 * writes a canonical decimal ("1.23", "-0.123"). */
static char *shift_decimal(bool neg, const char *digits, size_t point, int shift) {
  size_t nd = strlen(digits);
  long p = (long)point - shift;
  SilaBuf b = SILA_BUF_INIT;
  int e = 0;
  if (neg)
    e |= sila_buf_putc(&b, '-');
  SilaBuf ip = SILA_BUF_INIT, fp = SILA_BUF_INIT;
  if (p <= 0) {
    e |= sila_buf_putc(&ip, '0');
    for (long k = 0; k < -p; k++)
      e |= sila_buf_putc(&fp, '0');
    e |= sila_buf_append(&fp, digits, nd);
  } else if ((size_t)p >= nd) {
    e |= sila_buf_append(&ip, digits, nd);
    for (size_t k = nd; k < (size_t)p; k++)
      e |= sila_buf_putc(&ip, '0');
  } else {
    e |= sila_buf_append(&ip, digits, (size_t)p);
    e |= sila_buf_append(&fp, digits + p, nd - (size_t)p);
  }
  const char *is = ip.data ? ip.data : "0";
  while (*is == '0' && is[1])
    is++;
  while (fp.len && fp.data[fp.len - 1] == '0')
    fp.data[--fp.len] = '\0';
  e |= sila_buf_puts(&b, is);
  e |= sila_buf_putc(&b, '.');
  e |= sila_buf_puts(&b, fp.len ? fp.data : "0");
  sila_buf_free(&ip);
  sila_buf_free(&fp);
  if (!sila_csvw_buf_ok(e)) {
    sila_buf_free(&b);
    return NULL;
  }
  return b.data;
}

bool sila_csvw_number_parse(const char *s, const char *pattern, const char *dc, const char *gc,
                            bool allow_exp, bool allow_special, char **out) {
  SilaCsvwNumPattern *p = NULL;
  if (pattern) {
    p = sila_csvw_number_pattern_compile(pattern, dc, gc ? gc : ",");
    if (!p) {
      *out = NULL;
      return false;
    }
  }
  bool ok = sila_csvw_number_parse_compiled(s, p, dc, gc, allow_exp, allow_special, out);
  sila_csvw_number_pattern_free(p);
  return ok;
}

bool sila_csvw_number_parse_compiled(const char *s, const SilaCsvwNumPattern *pattern,
                                     const char *dc, const char *gc, bool allow_exp,
                                     bool allow_special, char **out) {
  *out = NULL;
  if (!dc || !*dc)
    dc = ".";
  if (allow_special && (!strcmp(s, "NaN") || !strcmp(s, "INF") || !strcmp(s, "-INF"))) {
    *out = sila_csvw_strdup(s);
    return *out != NULL;
  }
  if (pattern) {
    if (!pattern_match(s, pattern))
      return false;
    if (!gc)
      gc = ",";
  }
  size_t dl = strlen(dc), gl = gc ? strlen(gc) : 0;
  const char *p = s;
  int scale = 0;
  if (!strncmp(p, "%", 1)) {
    scale = 2;
    p++;
  } else if (!strncmp(p, PERMILLE, 3)) {
    scale = 3;
    p += 3;
  }
  bool neg = false, plus = false;
  if (*p == '+' || *p == '-') {
    neg = *p == '-';
    plus = *p == '+';
    p++;
  }
  SilaBuf digits = SILA_BUF_INIT, exp = SILA_BUF_INIT;
  int be = 0; /* sila_buf_* failures */
  size_t int_digits = 0, frac_digits = 0;
  bool ok = true, last_group = false;
  while (*p) {
    if (*p >= '0' && *p <= '9') {
      be |= sila_buf_putc(&digits, *p++);
      int_digits++;
      last_group = false;
    } else if (gl && !strncmp(p, gc, gl)) {
      if (int_digits == 0 || last_group) {
        ok = false;
        break;
      }
      last_group = true;
      p += gl;
    } else {
      break;
    }
  }
  if (last_group)
    ok = false;
  if (ok && !strncmp(p, dc, dl)) {
    p += dl;
    last_group = false;
    while (*p) {
      if (*p >= '0' && *p <= '9') {
        be |= sila_buf_putc(&digits, *p++);
        frac_digits++;
        last_group = false;
      } else if (pattern && gl && !strncmp(p, gc, gl) && frac_digits && !last_group) {
        last_group = true;
        p += gl;
      } else {
        break;
      }
    }
    if (frac_digits == 0 || last_group)
      ok = false;
  }
  if (ok && (*p == 'e' || *p == 'E')) {
    if (!allow_exp) {
      ok = false;
    } else {
      p++;
      if (*p == '+' || *p == '-')
        be |= sila_buf_putc(&exp, *p++);
      size_t ed = 0;
      while (*p >= '0' && *p <= '9') {
        be |= sila_buf_putc(&exp, *p++);
        ed++;
      }
      if (!ed)
        ok = false;
    }
  }
  if (ok && scale == 0) {
    if (*p == '%') {
      scale = 2;
      p++;
    } else if (!strncmp(p, PERMILLE, 3)) {
      scale = 3;
      p += 3;
    }
  }
  if (*p || int_digits + frac_digits == 0)
    ok = false;
  if (!sila_csvw_buf_ok(be))
    ok = false;
  if (ok) {
    const char *d = digits.data ? digits.data : "";
    if (scale && !exp.len) {
      *out = shift_decimal(neg, d, int_digits, scale);
    } else {
      SilaBuf o = SILA_BUF_INIT;
      if (neg)
        be |= sila_buf_putc(&o, '-');
      else if (plus)
        be |= sila_buf_putc(&o, '+');
      be |= sila_buf_append(&o, d, int_digits);
      if (int_digits == 0)
        be |= sila_buf_putc(&o, '0');
      if (frac_digits) {
        be |= sila_buf_putc(&o, '.');
        be |= sila_buf_append(&o, d + int_digits, frac_digits);
      }
      if (exp.len) {
        long x = strtol(exp.data, NULL, 10) - scale;
        if (scale)
          be |= sila_buf_printf(&o, "e%ld", x);
        else
          be |= sila_buf_printf(&o, "e%s", exp.data);
      }
      if (sila_csvw_buf_ok(be)) {
        *out = o.data;
      } else {
        sila_buf_free(&o);
        ok = false;
      }
    }
    if (!*out)
      ok = false; /* out of memory (noted) */
  }
  sila_buf_free(&digits);
  sila_buf_free(&exp);
  return ok;
}
