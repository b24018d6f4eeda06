/* sila_status.c — status strings and positioned errors. */
#include "sila_status.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static const char *const status_text[SILA_STATUS_COUNT] = {
    [SILA_OK] = "success",
    [SILA_ERR_NOMEM] = "out of memory",
    [SILA_ERR_IO] = "input/output error",
    [SILA_ERR_NOT_FOUND] = "not found",
    [SILA_ERR_EXISTS] = "already exists",
    [SILA_ERR_SYNTAX] = "syntax error",
    [SILA_ERR_INVALID] = "invalid argument",
    [SILA_ERR_UNSUPPORTED] = "not supported",
    [SILA_ERR_CORRUPT] = "store is corrupt",
    [SILA_ERR_FULL] = "no space left on the device holding the store",
    [SILA_ERR_BUSY] = "resource busy",
    [SILA_ERR_TIMEOUT] = "timeout",
    [SILA_ERR_INTERRUPTED] = "interrupted",
    [SILA_ERR_LIMIT] = "limit exceeded",
    [SILA_ERR_TYPE] = "type error",
    [SILA_ERR_DENIED] = "permission denied",
    [SILA_ERR_REMOTE] = "remote service failed",
};

const char *sila_strerror(SilaStatus st) {
  if ((unsigned)st >= SILA_STATUS_COUNT || !status_text[st])
    return "unknown error";
  return status_text[st];
}

void sila_error_clear(SilaError *err) {
  if (!err)
    return;
  const char *file = err->file;
  memset(err, 0, sizeof *err);
  err->file = file;
}

SilaStatus sila_error_set(SilaError *err, SilaStatus st, unsigned long line,
                          unsigned long column, const char *fmt, ...) {
  if (!err || err->status != SILA_OK)
    return st;
  err->status = st;
  err->line = line;
  err->column = column;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(err->message, sizeof err->message, fmt, ap);
  va_end(ap);
  return st;
}

char *sila_error_format(const SilaError *err, char *buf, size_t size) {
  size_t n = 0;
  if (!size)
    return buf;
  buf[0] = '\0';
  if (err->file)
    n += (size_t)snprintf(buf + n, size - n, "%s:", err->file);
  if (err->line && n < size)
    n += (size_t)snprintf(buf + n, size - n, "%lu:", err->line);
  if (err->column && n < size)
    n += (size_t)snprintf(buf + n, size - n, "%lu:", err->column);
  if (n < size)
    snprintf(buf + n, size - n, "%s%s", n ? " " : "",
             err->message[0] ? err->message : sila_strerror(err->status));
  return buf;
}
