/* web_proxy.c — the one rule for requests that come through a reverse
 * proxy (sila_web.h, cfg.trusted_proxies): the forwarded headers
 * (X-Forwarded-For, X-Forwarded-Host, X-Forwarded-Proto) count only when
 * the connection comes from a trusted proxy; anyone else could write
 * them.  The client's address is then the right-most X-Forwarded-For
 * entry that is not itself a trusted proxy: what the nearest trusted
 * proxy saw, not what the client claims further left. */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "web_internal.h"

/* Loopback: where nginx on the same machine (README, debian/nginx) comes from. */
static const char *const default_trusted[] = {"127.0.0.1", "::1", NULL};

/* An address as 16 bytes (IPv4 as ::ffff:a.b.c.d, so that an IPv4 client
 * on an IPv6 socket matches its IPv4 entry). */
static bool parse_addr(const char *s, size_t n, unsigned char out[16]) {
  char buf[INET6_ADDRSTRLEN + 1];
  if (!n || n >= sizeof buf)
    return false;
  memcpy(buf, s, n);
  buf[n] = 0;
  struct in_addr a4;
  if (inet_pton(AF_INET, buf, &a4) == 1) {
    memset(out, 0, 10);
    out[10] = out[11] = 0xff;
    memcpy(out + 12, &a4, 4);
    return true;
  }
  return inet_pton(AF_INET6, buf, out) == 1;
}

/* One entry: "ADDRESS" or "ADDRESS/BITS" (BITS of the IPv4 or IPv6 form),
 * or "none".  *bits gets the prefix length over the 16-byte form; false
 * when malformed. */
static bool parse_entry(const char *e, unsigned char addr[16], unsigned *bits, bool *none) {
  *none = !strcmp(e, "none");
  if (*none)
    return true;
  const char *slash = strchr(e, '/');
  size_t n = slash ? (size_t)(slash - e) : strlen(e);
  if (!parse_addr(e, n, addr))
    return false;
  bool v4 = memchr(e, ':', n) == NULL;
  *bits = 128;
  if (slash) {
    char *end;
    unsigned long b = strtoul(slash + 1, &end, 10);
    if (!slash[1] || *end || b > (v4 ? 32u : 128u))
      return false;
    *bits = (unsigned)b + (v4 ? 96 : 0);
  }
  return true;
}

static bool in_prefix(const unsigned char a[16], const unsigned char p[16], unsigned bits) {
  unsigned whole = bits / 8, rest = bits % 8;
  if (memcmp(a, p, whole))
    return false;
  return !rest || ((a[whole] ^ p[whole]) & (0xff << (8 - rest)) & 0xff) == 0;
}

SilaStatus web_trusted_proxies_check(const SilaWebConfig *cfg, SilaError *err) {
  for (const char *const *e = cfg->trusted_proxies; e && *e; e++) {
    unsigned char a[16];
    unsigned bits;
    bool none;
    if (!parse_entry(*e, a, &bits, &none))
      return sila_error_set(err, SILA_ERR_INVALID, 0, 0,
                            "trusted proxy '%s': expected an IPv4 or IPv6 address, "
                            "ADDRESS/BITS or none",
                            *e);
  }
  return SILA_OK;
}

static bool trusted(const SilaWebConfig *cfg, const char *s, size_t n) {
  unsigned char a[16];
  if (!parse_addr(s, n, a))
    return false;
  const char *const *list = cfg->trusted_proxies ? cfg->trusted_proxies : default_trusted;
  for (const char *const *e = list; *e; e++) {
    unsigned char p[16];
    unsigned bits;
    bool none;
    if (parse_entry(*e, p, &bits, &none) && !none && in_prefix(a, p, bits))
      return true;
  }
  return false;
}

bool web_trusted_proxy_address(const SilaWebConfig *cfg, const char *name) {
  return name[0] && trusted(cfg, name, strlen(name));
}

bool web_from_trusted_proxy(const WebReq *r) {
  return r->client[0] && trusted(&r->web->cfg, r->client, strlen(r->client));
}

/* Every X-Forwarded-For header, in order, joined by commas (a client may
 * send its own before the proxy's). */
typedef struct {
  char buf[2048];
  size_t len;
  bool cut;
} Joined;

static enum MHD_Result join_xff(void *cls, enum MHD_ValueKind kind, const char *key,
                                const char *value) {
  (void)kind;
  Joined *j = cls;
  if (!key || strcasecmp(key, "X-Forwarded-For") || !value)
    return MHD_YES;
  size_t n = strlen(value);
  if (j->len + n + 2 > sizeof j->buf) {
    j->cut = true; /* the right end is what counts: keep only the last one */
    j->len = 0;
    if (n + 1 > sizeof j->buf)
      return MHD_YES;
  }
  if (j->len)
    j->buf[j->len++] = ',';
  memcpy(j->buf + j->len, value, n);
  j->len += n;
  j->buf[j->len] = 0;
  return MHD_YES;
}

const char *web_client_address(const WebReq *r, char *buf, size_t size) {
  snprintf(buf, size, "%s", r->client);
  if (!web_from_trusted_proxy(r))
    return buf;
  Joined j = {.len = 0};
  j.buf[0] = 0;
  MHD_get_connection_values(r->conn, MHD_HEADER_KIND, join_xff, &j);
  /* from the right: skip our own proxies, stop at the first other hop */
  const char *last_ok = NULL;
  size_t last_n = 0;
  size_t end = j.len;
  while (end > 0) {
    size_t start = end;
    while (start > 0 && j.buf[start - 1] != ',')
      start--;
    const char *s = j.buf + start;
    size_t n = end - start;
    while (n && (*s == ' ' || *s == '\t'))
      s++, n--;
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
      n--;
    unsigned char a[16];
    if (!parse_addr(s, n, a))
      break; /* not an address: nothing left of it can be believed */
    last_ok = s, last_n = n;
    if (!trusted(&r->web->cfg, s, n))
      break;
    end = start ? start - 1 : 0;
  }
  if (last_ok && last_n < size) {
    memcpy(buf, last_ok, last_n);
    buf[last_n] = 0;
  }
  return buf;
}
