/* sila_iri.c — relative IRI resolution (RFC 3986 §5.2). */
#include <string.h>

#include "sila_sparql.h"

typedef struct {
  const char *scheme, *auth, *path, *query, *frag;
  size_t scheme_len, auth_len, path_len, query_len, frag_len;
  bool has_scheme, has_auth, has_query, has_frag;
} Ref;

static void split(const char *s, size_t len, Ref *r) {
  memset(r, 0, sizeof *r);
  const char *end = s + len, *p = s;
  /* scheme: ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) ":" */
  const char *q = s;
  if (q < end && ((*q >= 'a' && *q <= 'z') || (*q >= 'A' && *q <= 'Z'))) {
    while (q < end && ((*q >= 'a' && *q <= 'z') || (*q >= 'A' && *q <= 'Z') ||
                       (*q >= '0' && *q <= '9') || *q == '+' || *q == '-' || *q == '.'))
      q++;
    if (q < end && *q == ':') {
      r->has_scheme = true;
      r->scheme = s;
      r->scheme_len = (size_t)(q - s);
      p = q + 1;
    }
  }
  if (end - p >= 2 && p[0] == '/' && p[1] == '/') {
    p += 2;
    const char *a = p;
    while (p < end && *p != '/' && *p != '?' && *p != '#')
      p++;
    r->has_auth = true;
    r->auth = a;
    r->auth_len = (size_t)(p - a);
  }
  const char *path = p;
  while (p < end && *p != '?' && *p != '#')
    p++;
  r->path = path;
  r->path_len = (size_t)(p - path);
  if (p < end && *p == '?') {
    const char *qs = ++p;
    while (p < end && *p != '#')
      p++;
    r->has_query = true;
    r->query = qs;
    r->query_len = (size_t)(p - qs);
  }
  if (p < end && *p == '#') {
    r->has_frag = true;
    r->frag = p + 1;
    r->frag_len = (size_t)(end - p - 1);
  }
}

/* remove_dot_segments (§5.2.4) of in[0..len) into out; returns new length.
 * out must hold len bytes. */
static size_t remove_dots(const char *in, size_t len, char *out) {
  size_t o = 0;
  const char *p = in, *end = in + len;
  while (p < end) {
    size_t rest = (size_t)(end - p);
    if (rest >= 3 && !memcmp(p, "../", 3)) {
      p += 3;
    } else if (rest >= 2 && !memcmp(p, "./", 2)) {
      p += 2;
    } else if (rest >= 3 && !memcmp(p, "/./", 3)) {
      p += 2;
    } else if (rest == 2 && !memcmp(p, "/.", 2)) {
      p += 1;
      out[o++] = '/';
      p += 1;
    } else if (rest >= 4 && !memcmp(p, "/../", 4)) {
      p += 3;
      while (o > 0 && out[o - 1] != '/')
        o--;
      if (o > 0)
        o--;
    } else if (rest == 3 && !memcmp(p, "/..", 3)) {
      p += 3;
      while (o > 0 && out[o - 1] != '/')
        o--;
      if (o > 0)
        o--;
      out[o++] = '/';
    } else if ((rest == 1 && *p == '.') || (rest == 2 && !memcmp(p, "..", 2))) {
      p = end;
    } else {
      /* move the first segment (with its leading '/') to the output */
      if (*p == '/')
        out[o++] = *p++;
      while (p < end && *p != '/')
        out[o++] = *p++;
    }
  }
  return o;
}

char *sila_iri_resolve(SilaArena *a, const char *base, size_t base_len, const char *rel,
                       size_t rel_len, size_t *out_len) {
  Ref R, B, T;
  split(rel, rel_len, &R);
  if (R.has_scheme) {
    /* An absolute IRI is taken as written, dot segments included, as the
     * RDF parsers do: <a/./b> and <a/b> stay different IRIs (W3C i18n
     * normalization tests). */
    if (out_len)
      *out_len = rel_len;
    return sila_arena_strndup(a, rel, rel_len);
  }
  if (!base && !R.has_scheme) {
    /* nothing to resolve against: keep the relative reference as written */
    if (out_len)
      *out_len = rel_len;
    return sila_arena_strndup(a, rel, rel_len);
  }
  if (base)
    split(base, base_len, &B);
  else
    memset(&B, 0, sizeof B);
  /* worst-case size of the merged path */
  size_t cap = base_len + rel_len + 8;
  char *merged = sila_arena_alloc(a, cap);
  char *path = sila_arena_alloc(a, cap);
  if (!merged || !path)
    return NULL;
  size_t plen = 0;
  T = R;
  if (R.has_scheme || !base) {
    plen = remove_dots(R.path, R.path_len, path);
  } else {
    T.scheme = B.scheme;
    T.scheme_len = B.scheme_len;
    T.has_scheme = B.has_scheme;
    if (R.has_auth) {
      plen = remove_dots(R.path, R.path_len, path);
    } else {
      T.has_auth = B.has_auth;
      T.auth = B.auth;
      T.auth_len = B.auth_len;
      if (R.path_len == 0) {
        memcpy(path, B.path, B.path_len);
        plen = B.path_len;
        if (!R.has_query) {
          T.has_query = B.has_query;
          T.query = B.query;
          T.query_len = B.query_len;
        }
      } else if (R.path[0] == '/') {
        plen = remove_dots(R.path, R.path_len, path);
      } else {
        /* merge (§5.2.3) */
        size_t m = 0;
        if (B.has_auth && B.path_len == 0) {
          merged[m++] = '/';
        } else {
          size_t last = B.path_len;
          while (last > 0 && B.path[last - 1] != '/')
            last--;
          memcpy(merged, B.path, last);
          m = last;
        }
        memcpy(merged + m, R.path, R.path_len);
        m += R.path_len;
        plen = remove_dots(merged, m, path);
      }
    }
  }
  size_t n = (T.has_scheme ? T.scheme_len + 1 : 0) + (T.has_auth ? T.auth_len + 2 : 0) +
             plen + (T.has_query ? T.query_len + 1 : 0) + (T.has_frag ? T.frag_len + 1 : 0);
  char *out = sila_arena_alloc(a, n + 1);
  if (!out)
    return NULL;
  size_t o = 0;
  if (T.has_scheme) {
    memcpy(out + o, T.scheme, T.scheme_len);
    o += T.scheme_len;
    out[o++] = ':';
  }
  if (T.has_auth) {
    out[o++] = '/';
    out[o++] = '/';
    memcpy(out + o, T.auth, T.auth_len);
    o += T.auth_len;
  }
  memcpy(out + o, path, plen);
  o += plen;
  if (T.has_query) {
    out[o++] = '?';
    memcpy(out + o, T.query, T.query_len);
    o += T.query_len;
  }
  if (T.has_frag) {
    out[o++] = '#';
    memcpy(out + o, T.frag, T.frag_len);
    o += T.frag_len;
  }
  out[o] = '\0';
  if (out_len)
    *out_len = o;
  return out;
}
