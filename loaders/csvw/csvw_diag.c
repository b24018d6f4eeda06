/* csvw_diag.c — problems found while mapping: warnings for `sila map` and
 * the W3C suite, errors for a publication (strict mode); each told as
 * English text and, for callers that word it themselves, as a code with
 * its parameters (SilaCsvwMessage). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csvw_util.h"

char *sila_csvw_display_path(const char *url, char *buf, size_t size) {
  if (!size)
    return buf;
  if (!url) {
    snprintf(buf, size, "-");
    return buf;
  }
  const char *p = url;
  if (!strncmp(p, "file://", 7)) {
    p += 7;
    if (!strncmp(p, "localhost/", 10))
      p += 9;
  } else {
    snprintf(buf, size, "%s", url);
    return buf;
  }
  size_t w = 0;
  for (; *p && *p != '?' && *p != '#' && w + 1 < size; p++) {
    if (*p == '%' && p[1] && p[2]) {
      char hex[3] = {p[1], p[2], 0};
      char c = (char)strtol(hex, NULL, 16);
      buf[w++] = c ? c : '?';
      p += 2;
    } else {
      buf[w++] = *p;
    }
  }
  buf[w] = '\0';
  return buf;
}

/* One warning or error: the text sinks first, then the coded message. */
static void report(SilaCsvwDiag *d, bool problem, SilaCsvwMessage *m, const char *fmt,
                   va_list ap) {
  char msg[1024];
  vsnprintf(msg, sizeof msg, fmt, ap);
  bool error = problem && d->strict;
  if (!error) {
    d->count++;
    if (d->sink)
      d->sink(d->ctx, d->file, m->row, m->column, msg);
  } else {
    if (d->errors++ == 0) {
      sila_csvw_display_path(d->file, d->first_file, sizeof d->first_file);
      sila_error_set(&d->first, SILA_ERR_INVALID, m->row, m->column, "%s", msg);
    }
    if (d->error_sink)
      d->error_sink(d->error_ctx, d->file, m->row, m->column, msg);
  }
  if (d->msg_sink) {
    if (!m->code)
      m->code = SILA_CSVW_MSG_OTHER;
    m->error = error;
    m->file = d->file;
    m->message = msg;
    d->msg_sink(d->msg_ctx, m);
  }
}

void sila_csvw_warn_msg(SilaCsvwDiag *d, SilaCsvwMessage *m, const char *fmt, ...) {
  if (!d)
    return;
  va_list ap;
  va_start(ap, fmt);
  report(d, false, m, fmt, ap);
  va_end(ap);
}

void sila_csvw_problem_msg(SilaCsvwDiag *d, SilaCsvwMessage *m, const char *fmt, ...) {
  if (!d)
    return;
  va_list ap;
  va_start(ap, fmt);
  report(d, true, m, fmt, ap);
  va_end(ap);
}

void sila_csvw_warn(SilaCsvwDiag *d, unsigned long row, unsigned long col, const char *fmt, ...) {
  if (!d)
    return;
  SilaCsvwMessage m = {.code = SILA_CSVW_MSG_OTHER, .row = row, .column = col};
  va_list ap;
  va_start(ap, fmt);
  report(d, false, &m, fmt, ap);
  va_end(ap);
}

void sila_csvw_problem(SilaCsvwDiag *d, unsigned long row, unsigned long col, const char *fmt, ...) {
  if (!d)
    return;
  SilaCsvwMessage m = {.code = SILA_CSVW_MSG_OTHER, .row = row, .column = col};
  va_list ap;
  va_start(ap, fmt);
  report(d, true, &m, fmt, ap);
  va_end(ap);
}
