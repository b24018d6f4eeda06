/* sila_fn_datetime.c — xsd:dateTime / date / time / durations: parsing,
 * canonical forms, and NOW, YEAR .. SECONDS, TIMEZONE, TZ. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "sila_fn_internal.h"

/* Howard Hinnant's days_from_civil / civil_from_days (proleptic Gregorian). */
int64_t sila_fn_days_from_civil(int64_t y, int m, int d) {
  y -= m <= 2;
  int64_t era = (y >= 0 ? y : y - 399) / 400;
  int64_t yoe = y - era * 400;
  int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

void sila_fn_civil_from_days(int64_t z, int64_t *y, int *m, int *d) {
  z += 719468;
  int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  int64_t doe = z - era * 146097;
  int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  int64_t mp = (5 * doy + 2) / 153;
  *d = (int)(doy - (153 * mp + 2) / 5 + 1);
  *m = (int)(mp < 10 ? mp + 3 : mp - 9);
  *y = yoe + era * 400 + (*m <= 2);
}

static int days_in_month(int64_t y, int m) {
  static const int dm[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
    return 29;
  return dm[m - 1];
}

SilaDecimal sila_fn_datetime_seconds(SilaValueKind kind, const SilaDateTime *dt) {
  int64_t days = kind == SILA_VAL_TIME ? 0 : sila_fn_days_from_civil(dt->year, dt->month, dt->day);
  SilaDecimal s = {(SilaInt128)days * 86400 + dt->hour * 3600 + dt->minute * 60, 0};
  if (dt->has_tz)
    s.m -= dt->tz_minutes * 60;
  SilaDecimal r;
  if (sila_decimal_add(s, dt->second, &r) != SILA_OK)
    return s;
  return r;
}

/* Reads exactly n digits. */
static bool digits(const char **p, const char *end, int n, int *out) {
  int v = 0;
  for (int i = 0; i < n; i++) {
    if (*p >= end || **p < '0' || **p > '9')
      return false;
    v = v * 10 + (*(*p)++ - '0');
  }
  *out = v;
  return true;
}

static bool parse_tz(const char **p, const char *end, SilaDateTime *dt) {
  dt->has_tz = false;
  dt->tz_minutes = 0;
  if (*p == end)
    return true;
  if (**p == 'Z') {
    (*p)++;
    dt->has_tz = true;
    return *p == end;
  }
  if (**p != '+' && **p != '-')
    return false;
  int sign = *(*p)++ == '-' ? -1 : 1, h, m;
  if (!digits(p, end, 2, &h) || *p >= end || *(*p)++ != ':' || !digits(p, end, 2, &m))
    return false;
  if (h > 14 || m > 59 || (h == 14 && m != 0))
    return false;
  dt->has_tz = true;
  dt->tz_minutes = sign * (h * 60 + m);
  return *p == end;
}

static bool parse_date_part(const char **p, const char *end, SilaDateTime *dt) {
  bool neg = false;
  if (*p < end && **p == '-') {
    neg = true;
    (*p)++;
  }
  const char *ys = *p;
  int64_t y = 0;
  while (*p < end && **p >= '0' && **p <= '9') {
    if (y > 100000000000LL)
      return false;
    y = y * 10 + (*(*p)++ - '0');
  }
  size_t yl = (size_t)(*p - ys);
  if (yl < 4 || (yl > 4 && *ys == '0'))
    return false;
  if (*p >= end || *(*p)++ != '-')
    return false;
  if (!digits(p, end, 2, &dt->month) || *p >= end || *(*p)++ != '-' ||
      !digits(p, end, 2, &dt->day))
    return false;
  dt->year = neg ? -y : y;
  if (dt->month < 1 || dt->month > 12 || dt->day < 1 ||
      dt->day > days_in_month(dt->year, dt->month))
    return false;
  return true;
}

static bool parse_time_part(const char **p, const char *end, SilaDateTime *dt, bool *is24) {
  if (!digits(p, end, 2, &dt->hour) || *p >= end || *(*p)++ != ':' ||
      !digits(p, end, 2, &dt->minute) || *p >= end || *(*p)++ != ':')
    return false;
  const char *ss = *p;
  int sec;
  if (!digits(p, end, 2, &sec))
    return false;
  if (*p < end && **p == '.') {
    (*p)++;
    if (*p >= end || **p < '0' || **p > '9')
      return false;
    while (*p < end && **p >= '0' && **p <= '9')
      (*p)++;
  }
  if (!sila_decimal_parse(ss, (size_t)(*p - ss), &dt->second))
    return false;
  if (dt->hour > 24 || dt->minute > 59 || sec > 59)
    return false;
  *is24 = dt->hour == 24;
  if (*is24 && (dt->minute != 0 || dt->second.m != 0))
    return false;
  return true;
}

bool sila_datetime_parse(SilaValueKind kind, const char *s, size_t len, SilaDateTime *out) {
  const char *p = s, *end = s + len;
  SilaDateTime dt;
  memset(&dt, 0, sizeof dt);
  bool is24 = false;
  if (kind == SILA_VAL_TIME) {
    dt.month = dt.day = 1;
    if (!parse_time_part(&p, end, &dt, &is24))
      return false;
    if (is24)
      dt.hour = 0;
  } else {
    if (!parse_date_part(&p, end, &dt))
      return false;
    if (kind == SILA_VAL_DATETIME) {
      if (p >= end || *p++ != 'T' || !parse_time_part(&p, end, &dt, &is24))
        return false;
      if (is24) { /* 24:00:00 is midnight of the next day */
        int64_t d = sila_fn_days_from_civil(dt.year, dt.month, dt.day) + 1;
        sila_fn_civil_from_days(d, &dt.year, &dt.month, &dt.day);
        dt.hour = 0;
      }
    }
  }
  if (!parse_tz(&p, end, &dt))
    return false;
  *out = dt;
  return true;
}

static size_t format_tz(const SilaDateTime *dt, char *buf) {
  if (!dt->has_tz)
    return 0;
  if (dt->tz_minutes == 0)
    return (size_t)sprintf(buf, "Z");
  int a = dt->tz_minutes < 0 ? -dt->tz_minutes : dt->tz_minutes;
  return (size_t)sprintf(buf, "%c%02d:%02d", dt->tz_minutes < 0 ? '-' : '+', a / 60, a % 60);
}

static size_t format_seconds(SilaDecimal s, char *buf) {
  s = sila_decimal_normalize(s);
  char tmp[64];
  sila_decimal_format(s, tmp);
  /* tmp is "5.0" or "13.815"; we want "05" or "13.815" */
  char *dot = strchr(tmp, '.');
  size_t ip = (size_t)(dot - tmp);
  size_t n = 0;
  if (ip < 2)
    buf[n++] = '0';
  memcpy(buf + n, tmp, ip);
  n += ip;
  if (s.scale > 0) {
    size_t fl = strlen(dot);
    memcpy(buf + n, dot, fl);
    n += fl;
  }
  buf[n] = 0;
  return n;
}

size_t sila_datetime_format(SilaValueKind kind, const SilaDateTime *dt, char *buf) {
  size_t n = 0;
  if (kind != SILA_VAL_TIME) {
    int64_t y = dt->year < 0 ? -dt->year : dt->year;
    n += (size_t)sprintf(buf + n, "%s%04lld-%02d-%02d", dt->year < 0 ? "-" : "", (long long)y,
                         dt->month, dt->day);
  }
  if (kind == SILA_VAL_DATETIME)
    buf[n++] = 'T';
  if (kind != SILA_VAL_DATE) {
    n += (size_t)sprintf(buf + n, "%02d:%02d:", dt->hour, dt->minute);
    n += format_seconds(dt->second, buf + n);
  }
  n += format_tz(dt, buf + n);
  buf[n] = 0;
  return n;
}

bool sila_duration_parse(SilaValueKind kind, const char *s, size_t len, SilaDuration *out) {
  const char *p = s, *end = s + len;
  SilaDuration d = {0, {0, 0}, false};
  if (p < end && *p == '-') {
    d.negative = true;
    p++;
  }
  if (p >= end || *p++ != 'P')
    return false;
  static const char date_units[] = "YMD", time_units[] = "HMS";
  int ui = 0;
  bool in_time = false, any = false, any_time = false;
  SilaDecimal secs = {0, 0};
  while (p < end) {
    if (*p == 'T') {
      if (in_time)
        return false;
      in_time = true;
      ui = 0;
      p++;
      continue;
    }
    const char *ns = p;
    while (p < end && ((*p >= '0' && *p <= '9') || *p == '.'))
      p++;
    if (p == ns || p >= end)
      return false;
    SilaDecimal num;
    if (!sila_decimal_parse(ns, (size_t)(p - ns), &num))
      return false;
    bool frac = memchr(ns, '.', (size_t)(p - ns)) != NULL;
    if (ns[0] == '.' || p[-1] == '.')
      return false;
    const char *units = in_time ? time_units : date_units;
    int u = ui;
    while (u < 3 && units[u] != *p)
      u++;
    if (u == 3)
      return false;
    if (frac && !(in_time && *p == 'S'))
      return false;
    p++;
    ui = u + 1;
    any = true;
    SilaDecimal mul = {1, 0};
    if (!in_time && u < 2 && num.m > (SilaInt128)1000000000000000LL)
      return false; /* more months than Sila represents */
    if (!in_time) {
      if (u == 0)
        d.months += (int64_t)num.m * 12;
      else if (u == 1)
        d.months += (int64_t)num.m;
      else
        mul.m = 86400;
    } else {
      any_time = true;
      mul.m = u == 0 ? 3600 : u == 1 ? 60 : 1;
    }
    if (mul.m > 1 || in_time) {
      SilaDecimal t;
      if (sila_decimal_mul(num, mul, &t) || sila_decimal_add(secs, t, &secs))
        return false;
    }
    if (kind == SILA_VAL_DAYTIMEDURATION && !in_time && u < 2)
      return false;
    if (kind == SILA_VAL_YEARMONTHDURATION && (in_time || u == 2))
      return false;
  }
  if (!any || (in_time && !any_time))
    return false;
  d.seconds = secs;
  *out = d;
  return true;
}

size_t sila_duration_format(SilaValueKind kind, const SilaDuration *d, char *buf) {
  size_t n = 0;
  SilaDecimal s = sila_decimal_normalize(d->seconds);
  bool zero = d->months == 0 && s.m == 0;
  if (d->negative && !zero)
    buf[n++] = '-';
  buf[n++] = 'P';
  if (zero) {
    n += (size_t)sprintf(buf + n, kind == SILA_VAL_YEARMONTHDURATION ? "0M" : "T0S");
    return n;
  }
  int64_t y = d->months / 12, m = d->months % 12;
  if (y)
    n += (size_t)sprintf(buf + n, "%lldY", (long long)y);
  if (m)
    n += (size_t)sprintf(buf + n, "%lldM", (long long)m);
  if (s.m != 0) {
    SilaInt128 whole = sila_fn_decimal_trunc(s);
    SilaDecimal frac = s;
    frac.m -= whole * sila_fn_pow10(s.scale);
    SilaInt128 days = whole / 86400, rem = whole % 86400;
    int h = (int)(rem / 3600), mi = (int)(rem % 3600 / 60);
    int sec = (int)(rem % 60);
    char tmp[48];
    if (days) {
      sila_int128_format(days, tmp);
      n += (size_t)sprintf(buf + n, "%sD", tmp);
    }
    if (h || mi || sec || frac.m) {
      buf[n++] = 'T';
      if (h)
        n += (size_t)sprintf(buf + n, "%dH", h);
      if (mi)
        n += (size_t)sprintf(buf + n, "%dM", mi);
      if (sec || frac.m) {
        SilaDecimal sd = {frac.m + (SilaInt128)sec * sila_fn_pow10(s.scale), s.scale};
        size_t l = sila_fn_decimal_format_xpath(sd, tmp);
        memcpy(buf + n, tmp, l);
        n += l;
        buf[n++] = 'S';
      }
    }
  }
  buf[n] = 0;
  return n;
}

/* ---- functions ---------------------------------------------------------- */

void sila_fn_context_init(SilaFnContext *ctx, SilaArena *arena) {
  memset(ctx, 0, sizeof *ctx);
  ctx->arena = arena;
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  int64_t secs = (int64_t)ts.tv_sec, days = secs / 86400, rem = secs % 86400;
  if (rem < 0) {
    rem += 86400;
    days--;
  }
  sila_fn_civil_from_days(days, &ctx->now.year, &ctx->now.month, &ctx->now.day);
  ctx->now.hour = (int)(rem / 3600);
  ctx->now.minute = (int)(rem % 3600 / 60);
  ctx->now.second.m = (SilaInt128)(rem % 60) * 1000000 + ts.tv_nsec / 1000;
  ctx->now.second.scale = 6;
  ctx->now.has_tz = true;
  ctx->rand_state = ((uint64_t)ts.tv_nsec << 20) ^ (uint64_t)ts.tv_sec ^ (uint64_t)(uintptr_t)ctx;
  if (!ctx->rand_state)
    ctx->rand_state = 0x9E3779B97F4A7C15ULL;
  ctx->query_id = ctx->rand_state & 0xffffffu;
}

SilaStatus sila_fn_call_datetime(SilaFnId fn, const SilaValue *args, size_t nargs,
                                 SilaFnContext *ctx, SilaValue *out) {
  if (fn == SILA_FN_NOW) {
    SilaValue v = sila_value_unbound();
    v.kind = SILA_VAL_DATETIME;
    v.u.dt = ctx->now;
    *out = v;
    return SILA_OK;
  }
  const SilaValue *a = &args[0];
  SilaValueKind k = a->kind;
  bool has_date = k == SILA_VAL_DATETIME || k == SILA_VAL_DATE;
  bool has_time = k == SILA_VAL_DATETIME || k == SILA_VAL_TIME;
  const SilaDateTime *dt = &a->u.dt;
  switch (fn) {
  case SILA_FN_YEAR:
  case SILA_FN_MONTH:
  case SILA_FN_DAY:
    if (!has_date)
      return SILA_ERR_TYPE;
    *out = sila_value_int(fn == SILA_FN_YEAR ? dt->year : fn == SILA_FN_MONTH ? dt->month : dt->day);
    return SILA_OK;
  case SILA_FN_HOURS:
  case SILA_FN_MINUTES:
    if (!has_time)
      return SILA_ERR_TYPE;
    *out = sila_value_int(fn == SILA_FN_HOURS ? dt->hour : dt->minute);
    return SILA_OK;
  case SILA_FN_SECONDS:
    if (!has_time)
      return SILA_ERR_TYPE;
    *out = sila_value_decimal(dt->second);
    return SILA_OK;
  case SILA_FN_TIMEZONE: {
    if (!has_date && !has_time)
      return SILA_ERR_TYPE;
    if (!dt->has_tz)
      return SILA_ERR_TYPE;
    SilaValue v = sila_value_unbound();
    v.kind = SILA_VAL_DAYTIMEDURATION;
    int m = dt->tz_minutes < 0 ? -dt->tz_minutes : dt->tz_minutes;
    v.u.dur.negative = dt->tz_minutes < 0;
    v.u.dur.seconds.m = (SilaInt128)m * 60;
    *out = v;
    return SILA_OK;
  }
  case SILA_FN_TZ: {
    if (!has_date && !has_time)
      return SILA_ERR_TYPE;
    if (!dt->has_tz) {
      *out = sila_value_string("", 0);
      return SILA_OK;
    }
    /* keep the zone as written ("+00:00" stays, "Z" stays) */
    if (a->has_term) {
      const char *s = a->term.value;
      size_t len = a->term.value_len;
      while (len && (s[len - 1] == ' ' || s[len - 1] == '\n' || s[len - 1] == '\t' ||
                     s[len - 1] == '\r'))
        len--;
      size_t zl = (len && s[len - 1] == 'Z') ? 1 : 6;
      if (zl <= len) {
        *out = sila_value_string(s + len - zl, zl);
        return SILA_OK;
      }
    }
    char buf[16];
    size_t n = format_tz(dt, buf);
    char *s = sila_fn_strdup(ctx, buf, n);
    if (!s)
      return SILA_ERR_NOMEM;
    *out = sila_value_string(s, n);
    return SILA_OK;
  }
  default:
    return SILA_ERR_INVALID;
  }
}
