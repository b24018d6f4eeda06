/* csvw_date.c — date/time format patterns of CSVW (UAX35 field symbols)
 * and Sila's two-digit-year extension. */
#include <stdlib.h>
#include <string.h>

#include "csvw_datatype.h"
#include "csvw_util.h"

static const char *const date_patterns[] = {
    "yyyy-MM-dd", "yyyyMMdd",   "dd-MM-yyyy", "d-M-yyyy",   "MM-dd-yyyy",
    "M-d-yyyy",   "dd/MM/yyyy", "d/M/yyyy",   "MM/dd/yyyy", "M/d/yyyy",
    "dd.MM.yyyy", "d.M.yyyy",   "MM.dd.yyyy", "M.d.yyyy",   NULL};

static bool time_part_ok(const char *s, size_t n) {
  static const char *const t[] = {"HH:mm:ss", "HH:mm", "HHmmss", "HHmm", NULL};
  for (int i = 0; t[i]; i++)
    if (strlen(t[i]) == n && !strncmp(s, t[i], n))
      return true;
  /* HH:mm:ss.S+ */
  if (n > 9 && !strncmp(s, "HH:mm:ss.", 9)) {
    for (size_t k = 9; k < n; k++)
      if (s[k] != 'S')
        return false;
    return true;
  }
  return false;
}

static bool date_part_ok(const char *s, size_t n, bool allow_yy) {
  for (int i = 0; date_patterns[i]; i++) {
    const char *p = date_patterns[i];
    if (strlen(p) == n && !strncmp(s, p, n))
      return true;
    /* Sila extension: the same patterns with "yy" for the year */
    if (allow_yy && strlen(p) == n + 2) {
      const char *y = strstr(p, "yyyy");
      size_t pre = (size_t)(y - p);
      if (!strncmp(s, p, pre) && !strncmp(s + pre, "yy", 2) &&
          !strncmp(s + pre + 2, y + 4, n - pre - 2) && strlen(y + 4) == n - pre - 2)
        return true;
    }
  }
  return false;
}

bool sila_csvw_date_pattern_ok(const char *pattern, int kind, bool allow_yy) {
  size_t n = strlen(pattern);
  /* time zone suffix: optional space then X{1,3} or x{1,3} */
  size_t e = n;
  while (e > 0 && (pattern[e - 1] == 'X' || pattern[e - 1] == 'x'))
    e--;
  if (n - e > 3)
    return false;
  if (e < n) {
    for (size_t k = e; k < n; k++)
      if (pattern[k] != pattern[e])
        return false;
    if (e > 0 && pattern[e - 1] == ' ')
      e--;
  }
  if (kind == 0)
    return date_part_ok(pattern, e, allow_yy);
  if (kind == 1)
    return time_part_ok(pattern, e);
  for (size_t k = 0; k < e; k++) {
    if ((pattern[k] == 'T' || pattern[k] == ' ') && date_part_ok(pattern, k, allow_yy) &&
        time_part_ok(pattern + k + 1, e - k - 1))
      return true;
  }
  return false;
}

static int take_digits(const char **v, int min, int max) {
  int val = 0, n = 0;
  while (n < max && **v >= '0' && **v <= '9') {
    val = val * 10 + (**v - '0');
    (*v)++;
    n++;
  }
  return n >= min ? val : -1;
}

bool sila_csvw_date_parse(const char *s, const char *pattern, int kind, int pivot, char **out) {
  *out = NULL;
  int year = -1, month = -1, day = -1, hour = -1, minute = -1, second = -1;
  char frac[32] = "", tz[8] = "";
  const char *v = s, *p = pattern;
  while (*p) {
    size_t run = 1;
    while (p[run] == p[0])
      run++;
    char c = *p;
    if (c == 'y' && (run == 4 || run == 2)) {
      if (run == 2 && pivot < 0)
        return false;
      year = take_digits(&v, (int)run, (int)run);
      if (year < 0)
        return false;
      if (run == 2)
        year += year < pivot ? 2000 : 1900;
    } else if (c == 'M' && run <= 2) {
      month = take_digits(&v, (int)run, 2);
    } else if (c == 'd' && run <= 2) {
      day = take_digits(&v, (int)run, 2);
    } else if (c == 'H' && run == 2) {
      hour = take_digits(&v, 2, 2);
    } else if (c == 'm' && run == 2) {
      minute = take_digits(&v, 2, 2);
    } else if (c == 's' && run == 2) {
      second = take_digits(&v, 2, 2);
    } else if (c == 'S') {
      size_t k = 0;
      while (k < run && k < sizeof frac - 1 && v[k] >= '0' && v[k] <= '9') {
        frac[k] = v[k];
        k++;
      }
      frac[k] = '\0';
      if (k == 0)
        return false;
      v += k;
      if (*v >= '0' && *v <= '9')
        return false; /* more digits than the pattern allows */
    } else if (c == 'X' || c == 'x') {
      if (c == 'X' && *v == 'Z') {
        strcpy(tz, "Z");
        v++;
      } else if (*v == '+' || *v == '-') {
        char sign = *v++;
        int hh = take_digits(&v, 2, 2), mm = 0;
        if (hh < 0)
          return false;
        if (run == 3) {
          if (*v++ != ':')
            return false;
          mm = take_digits(&v, 2, 2);
        } else if (run == 2) {
          mm = take_digits(&v, 2, 2);
        } else if (*v >= '0' && *v <= '9') {
          mm = take_digits(&v, 2, 2);
        }
        if (mm < 0)
          return false;
        snprintf(tz, sizeof tz, "%c%02d:%02d", sign, hh, mm);
      } else {
        return false;
      }
    } else {
      for (size_t k = 0; k < run; k++)
        if (*v++ != c)
          return false;
    }
    if ((c == 'M' && month < 0) || (c == 'd' && day < 0) || (c == 'H' && hour < 0) ||
        (c == 'm' && minute < 0) || (c == 's' && second < 0))
      return false;
    p += run;
  }
  if (*v)
    return false;
  if (minute >= 0 && second < 0)
    second = 0;
  SilaBuf b = SILA_BUF_INIT;
  int e = 0;
  if (kind == 0 || kind == 2) {
    if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31) {
      sila_buf_free(&b);
      return false;
    }
    e |= sila_buf_printf(&b, "%04d-%02d-%02d", year, month, day);
  }
  if (kind == 2)
    e |= sila_buf_putc(&b, 'T');
  if (kind == 1 || kind == 2) {
    if (hour < 0 || minute < 0) {
      sila_buf_free(&b);
      return false;
    }
    e |= sila_buf_printf(&b, "%02d:%02d:%02d", hour, minute, second);
    if (frac[0])
      e |= sila_buf_printf(&b, ".%s", frac);
  }
  e |= sila_buf_puts(&b, tz);
  if (!sila_csvw_buf_ok(e)) { /* never a truncated date */
    sila_buf_free(&b);
    return false;
  }
  *out = b.data;
  return true;
}
