/* sila_accept.c — Accept header parsing and content negotiation. */
#include "sila_accept.h"

#include <stdbool.h>
#include <string.h>
#include <strings.h>

static bool is_ws(char c) { return c == ' ' || c == '\t'; }

/* Parses a q-value ("0", "0.5", "1.000") into 0..1000; -1 when malformed. */
static int parse_q(const char *s, size_t n) {
  while (n && is_ws(*s))
    s++, n--;
  while (n && is_ws(s[n - 1]))
    n--;
  if (n >= 2 && s[0] == '"' && s[n - 1] == '"')
    s++, n -= 2;
  if (!n || (s[0] != '0' && s[0] != '1' && s[0] != '.'))
    return -1;
  int v = 0;
  size_t i = 0;
  if (s[0] != '.')
    v = (s[i++] - '0') * 1000;
  if (i < n && s[i] == '.') {
    i++;
    int scale = 100;
    for (; i < n && s[i] >= '0' && s[i] <= '9'; i++) {
      v += (s[i] - '0') * scale;
      scale /= 10;
    }
  }
  if (i != n)
    return -1;
  return v > 1000 ? 1000 : v;
}

/* How well one media range [r, r+rn) matches `offer`: -1 no match, else a
 * specificity 0 (full wildcard), 2 (type wildcard), 4 (type/subtype), +1 with parameters.
 * *q gets the range's quality. */
static int match_range(const char *r, size_t rn, const char *offer, int *q) {
  while (rn && is_ws(*r))
    r++, rn--;
  size_t tlen = 0;
  while (tlen < rn && r[tlen] != ';')
    tlen++;
  size_t mlen = tlen;
  while (mlen && is_ws(r[mlen - 1]))
    mlen--;
  if (!mlen)
    return -1;
  *q = 1000;
  bool params = false;
  /* parameters: split on ';' (quoted strings may hold ';' — rare enough in
   * Accept that a split inside one only costs a skipped parameter) */
  size_t i = tlen;
  while (i < rn) {
    i++; /* the ';' */
    size_t start = i;
    while (i < rn && r[i] != ';')
      i++;
    const char *p = r + start;
    size_t pn = i - start;
    while (pn && is_ws(*p))
      p++, pn--;
    if (pn >= 2 && (p[0] == 'q' || p[0] == 'Q') && (p[1] == '=' || is_ws(p[1]))) {
      const char *eq = memchr(p, '=', pn);
      if (eq) {
        int v = parse_q(eq + 1, pn - (size_t)(eq + 1 - p));
        *q = v < 0 ? 1000 : v;
      }
      break; /* what follows q= are accept-extensions, not media parameters */
    }
    if (pn)
      params = true;
  }
  const char *slash = memchr(r, '/', mlen);
  const char *oslash = strchr(offer, '/');
  if (!oslash)
    return -1;
  size_t otype = (size_t)(oslash - offer);
  if (!slash) {
    if (mlen == 1 && r[0] == '*')
      return 0 + params;
    return -1;
  }
  size_t type = (size_t)(slash - r), sub = mlen - type - 1;
  while (type && is_ws(r[type - 1]))
    type--;
  const char *subp = slash + 1;
  while (sub && is_ws(*subp))
    subp++, sub--;
  if (type == 1 && r[0] == '*')
    return (sub == 1 && subp[0] == '*') ? 0 + params : -1;
  if (type != otype || strncasecmp(r, offer, type))
    return -1;
  if (sub == 1 && subp[0] == '*')
    return 2 + params;
  if (strlen(oslash + 1) != sub || strncasecmp(subp, oslash + 1, sub))
    return -1;
  return 4 + params;
}

int sila_accept_quality(const char *accept, const char *offer) {
  if (!accept || !offer)
    return 1000;
  const char *s = accept;
  while (is_ws(*s))
    s++;
  if (!*s)
    return 1000;
  int best_spec = -1, best_q = 0;
  while (*s) {
    /* one range ends at a ',' outside quotes */
    const char *e = s;
    bool quoted = false;
    while (*e && (quoted || *e != ',')) {
      if (*e == '"')
        quoted = !quoted;
      else if (*e == '\\' && quoted && e[1])
        e++;
      e++;
    }
    int q = 0;
    int spec = match_range(s, (size_t)(e - s), offer, &q);
    if (spec > best_spec || (spec == best_spec && spec >= 0 && q > best_q)) {
      best_spec = spec;
      best_q = q;
    }
    s = *e ? e + 1 : e;
  }
  return best_spec < 0 ? 0 : best_q;
}

int sila_accept_choose(const char *accept, const char *const *offers, size_t n) {
  int best = -1, best_q = 0;
  for (size_t i = 0; i < n; i++) {
    int q = sila_accept_quality(accept, offers[i]);
    if (q > best_q) {
      best_q = q;
      best = (int)i;
    }
  }
  return best;
}
