/* sila_fn_datearith.c — + and - on dates, times and durations (the XPath
 * operators op:subtract-dateTimes, op:add-yearMonthDuration-to-dateTime,
 * op:add-dayTimeDuration-to-date, ...).  SPARQL 1.1 leaves them to
 * operator extensibility (§17.3.1); SPARQL 1.2 adopts them, and users ask
 * for "how many days between two dates". */
#include <string.h>

#include "sila_fn_internal.h"

static bool is_date(SilaValueKind k) {
  return k == SILA_VAL_DATETIME || k == SILA_VAL_DATE || k == SILA_VAL_TIME;
}

/* Seconds since 1970-01-01T00:00:00 of the wall-clock fields (zone ignored). */
static SilaDecimal local_seconds(SilaValueKind kind, const SilaDateTime *dt) {
  SilaDateTime l = *dt;
  l.has_tz = false;
  return sila_fn_datetime_seconds(kind, &l);
}

/* The inverse of local_seconds; keeps dt's zone.  False when the date is
 * beyond the years Sila represents (|year| < 10^11). */
static bool from_local_seconds(SilaDecimal s, SilaDateTime *dt) {
  SilaInt128 p = sila_fn_pow10(s.scale);
  SilaInt128 whole = s.m / p, frac = s.m % p;
  if (frac < 0) {
    frac += p;
    whole--;
  }
  SilaInt128 days = whole / 86400, rem = whole % 86400;
  if (rem < 0) {
    rem += 86400;
    days--;
  }
  if (days > (SilaInt128)36524250000000LL || days < -(SilaInt128)36524250000000LL)
    return false;
  sila_fn_civil_from_days((int64_t)days, &dt->year, &dt->month, &dt->day);
  dt->hour = (int)(rem / 3600);
  dt->minute = (int)(rem % 3600 / 60);
  dt->second.m = (rem % 60) * p + frac;
  dt->second.scale = s.scale;
  dt->second = sila_decimal_normalize(dt->second);
  return true;
}

static SilaDecimal signed_seconds(const SilaDuration *d) {
  SilaDecimal s = d->seconds;
  if (d->negative)
    s.m = -s.m;
  return s;
}

static void set_seconds(SilaDuration *d, SilaDecimal s) {
  d->negative = s.m < 0;
  if (s.m < 0)
    s.m = -s.m;
  d->seconds = sila_decimal_normalize(s);
  d->months = 0;
}

static int days_in_month(int64_t y, int m) {
  static const int dm[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
    return 29;
  return dm[m - 1];
}

/* date/dateTime/time plus a signed duration. */
static SilaStatus add_duration(const SilaValue *a, const SilaDuration *d, bool negate,
                               SilaValue *out) {
  SilaValue r = sila_value_unbound();
  r.kind = a->kind;
  r.u.dt = a->u.dt;
  bool neg = d->negative != negate;
  if (d->months) {
    if (a->kind == SILA_VAL_TIME)
      return SILA_ERR_TYPE;
    int64_t total = r.u.dt.year * 12 + (r.u.dt.month - 1) + (neg ? -d->months : d->months);
    if (total > 1200000000000LL || total < -1200000000000LL)
      return SILA_ERR_TYPE; /* |year| beyond 10^11 */
    int64_t y = total >= 0 ? total / 12 : -((-total + 11) / 12);
    r.u.dt.year = y;
    r.u.dt.month = (int)(total - y * 12) + 1;
    int dim = days_in_month(r.u.dt.year, r.u.dt.month);
    if (r.u.dt.day > dim)
      r.u.dt.day = dim;
  }
  if (d->seconds.m) {
    SilaDecimal s = local_seconds(a->kind, &r.u.dt), ds = d->seconds, t;
    if (neg)
      ds.m = -ds.m;
    if (sila_decimal_add(s, ds, &t))
      return SILA_ERR_TYPE;
    SilaDateTime keep = r.u.dt;
    if (!from_local_seconds(t, &r.u.dt))
      return SILA_ERR_TYPE;
    if (a->kind == SILA_VAL_TIME) { /* times wrap around midnight */
      r.u.dt.year = keep.year;
      r.u.dt.month = keep.month;
      r.u.dt.day = keep.day;
    } else if (a->kind == SILA_VAL_DATE) { /* dates drop the time of day */
      r.u.dt.hour = r.u.dt.minute = 0;
      r.u.dt.second.m = 0;
      r.u.dt.second.scale = 0;
    }
  }
  *out = r;
  return SILA_OK;
}

SilaStatus sila_fn_date_arith(SilaArithOp op, const SilaValue *a, const SilaValue *b,
                              SilaValue *out) {
  SilaValueKind ka = a->kind, kb = b->kind;
  bool dur_a = ka == SILA_VAL_DAYTIMEDURATION || ka == SILA_VAL_YEARMONTHDURATION;
  bool dur_b = kb == SILA_VAL_DAYTIMEDURATION || kb == SILA_VAL_YEARMONTHDURATION;
  if (op != SILA_ARITH_ADD && op != SILA_ARITH_SUB)
    return SILA_ERR_TYPE;
  /* date - date: the dayTimeDuration between the instants */
  if (is_date(ka) && ka == kb && op == SILA_ARITH_SUB) {
    SilaDecimal x = sila_fn_datetime_seconds(ka, &a->u.dt), y = sila_fn_datetime_seconds(kb, &b->u.dt), d;
    if (sila_decimal_sub(x, y, &d))
      return SILA_ERR_TYPE;
    SilaValue r = sila_value_unbound();
    r.kind = SILA_VAL_DAYTIMEDURATION;
    set_seconds(&r.u.dur, d);
    *out = r;
    return SILA_OK;
  }
  /* date ± duration, duration + date */
  if (is_date(ka) && dur_b)
    return add_duration(a, &b->u.dur, op == SILA_ARITH_SUB, out);
  if (dur_a && is_date(kb) && op == SILA_ARITH_ADD)
    return add_duration(b, &a->u.dur, false, out);
  /* duration ± duration of the same kind */
  if (dur_a && ka == kb) {
    SilaValue r = sila_value_unbound();
    r.kind = ka;
    if (ka == SILA_VAL_YEARMONTHDURATION) {
      int64_t x = a->u.dur.negative ? -a->u.dur.months : a->u.dur.months;
      int64_t y = b->u.dur.negative ? -b->u.dur.months : b->u.dur.months;
      int64_t m = op == SILA_ARITH_ADD ? x + y : x - y;
      r.u.dur.negative = m < 0;
      r.u.dur.months = m < 0 ? -m : m;
    } else {
      SilaDecimal d;
      SilaStatus st = op == SILA_ARITH_ADD
                          ? sila_decimal_add(signed_seconds(&a->u.dur), signed_seconds(&b->u.dur), &d)
                          : sila_decimal_sub(signed_seconds(&a->u.dur), signed_seconds(&b->u.dur), &d);
      if (st)
        return SILA_ERR_TYPE;
      set_seconds(&r.u.dur, d);
    }
    *out = r;
    return SILA_OK;
  }
  return SILA_ERR_TYPE;
}
