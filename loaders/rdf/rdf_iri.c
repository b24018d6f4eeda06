/* rdf_iri.c — RFC 3986 reference resolution (section 5.2). */
#include "sila_alloc.h"
#include "sila_rdf_syntax.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
  const char *scheme, *auth, *path, *query, *frag;
  size_t scheme_len, auth_len, path_len, query_len, frag_len;
  bool has_scheme, has_auth, has_query, has_frag;
} IriParts;

/* The regular expression of RFC 3986 appendix B, by hand. */
static void split(const char *s, size_t n, IriParts *r) {
  memset(r, 0, sizeof *r);
  size_t i = 0;
  while (i < n && s[i] != ':' && s[i] != '/' && s[i] != '?' && s[i] != '#')
    i++;
  /* a scheme is ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ); anything else
   * before the first ':' makes the whole reference a path */
  if (i > 0 && i < n && s[i] == ':' && sila_rdf_iri_is_absolute(s, n)) {
    r->has_scheme = true;
    r->scheme = s;
    r->scheme_len = i;
    i++;
  } else {
    i = 0;
  }
  if (i + 1 < n && s[i] == '/' && s[i + 1] == '/') {
    size_t a = i + 2, e = a;
    while (e < n && s[e] != '/' && s[e] != '?' && s[e] != '#')
      e++;
    r->has_auth = true;
    r->auth = s + a;
    r->auth_len = e - a;
    i = e;
  }
  size_t ps = i;
  while (i < n && s[i] != '?' && s[i] != '#')
    i++;
  r->path = s + ps;
  r->path_len = i - ps;
  if (i < n && s[i] == '?') {
    size_t qs = ++i;
    while (i < n && s[i] != '#')
      i++;
    r->has_query = true;
    r->query = s + qs;
    r->query_len = i - qs;
  }
  if (i < n && s[i] == '#') {
    r->has_frag = true;
    r->frag = s + i + 1;
    r->frag_len = n - i - 1;
  }
}

static bool starts(const char *in, const char *end, const char *lit) {
  size_t l = strlen(lit);
  return (size_t)(end - in) >= l && memcmp(in, lit, l) == 0;
}

static bool equals(const char *in, const char *end, const char *lit) {
  size_t l = strlen(lit);
  return (size_t)(end - in) == l && memcmp(in, lit, l) == 0;
}

/* Appends remove_dot_segments(path) to out (RFC 3986 5.2.4). */
static int remove_dots(SilaBuf *out, const char *path, size_t n) {
  char local[512];
  char *tmp = n < sizeof local ? local : sila_malloc(n + 1);
  if (!tmp)
    return -1;
  memcpy(tmp, path, n);
  char *in = tmp, *end = tmp + n;
  size_t base = out->len;
  int rc = 0;
  while (in < end) {
    if (starts(in, end, "../")) {
      in += 3;
    } else if (starts(in, end, "./")) {
      in += 2;
    } else if (starts(in, end, "/./")) {
      in += 2;
    } else if (equals(in, end, "/.")) {
      in += 1;
      *in = '/';
    } else if (starts(in, end, "/../") || equals(in, end, "/..")) {
      if (end - in == 3) {
        in += 2;
        *in = '/';
      } else {
        in += 3;
      }
      size_t l = out->len;
      while (l > base && out->data[l - 1] != '/')
        l--;
      out->len = l > base ? l - 1 : base;
    } else if (equals(in, end, ".") || equals(in, end, "..")) {
      in = end;
    } else {
      char *seg = in + 1;
      while (seg < end && *seg != '/')
        seg++;
      if (sila_buf_append(out, in, (size_t)(seg - in))) {
        rc = -1;
        break;
      }
      in = seg;
    }
  }
  if (!rc && sila_buf_reserve(out, 1) == 0)
    out->data[out->len] = '\0';
  if (tmp != local)
    free(tmp);
  return rc;
}

int sila_rdf_iri_resolve(SilaBuf *out, const char *base, size_t blen, const char *ref, size_t rlen) {
  if (!base)
    return sila_buf_append(out, ref, rlen);
  IriParts B, R;
  split(ref, rlen, &R);
  split(base, blen, &B);
  int rc = 0;
#define PUT(p, l) rc |= sila_buf_append(out, (p), (l))
  if (R.has_scheme) {
    PUT(R.scheme, R.scheme_len);
    PUT(":", 1);
    if (R.has_auth) {
      PUT("//", 2);
      PUT(R.auth, R.auth_len);
    }
    rc |= remove_dots(out, R.path, R.path_len);
    if (R.has_query) {
      PUT("?", 1);
      PUT(R.query, R.query_len);
    }
  } else {
    if (B.has_scheme) {
      PUT(B.scheme, B.scheme_len);
      PUT(":", 1);
    }
    if (R.has_auth) {
      PUT("//", 2);
      PUT(R.auth, R.auth_len);
      rc |= remove_dots(out, R.path, R.path_len);
      if (R.has_query) {
        PUT("?", 1);
        PUT(R.query, R.query_len);
      }
    } else {
      if (B.has_auth) {
        PUT("//", 2);
        PUT(B.auth, B.auth_len);
      }
      if (R.path_len == 0) {
        PUT(B.path, B.path_len);
        if (R.has_query) {
          PUT("?", 1);
          PUT(R.query, R.query_len);
        } else if (B.has_query) {
          PUT("?", 1);
          PUT(B.query, B.query_len);
        }
      } else {
        if (R.path[0] == '/') {
          rc |= remove_dots(out, R.path, R.path_len);
        } else {
          /* merge (5.2.3), then remove dots */
          SilaBuf m = SILA_BUF_INIT;
          if (B.has_auth && B.path_len == 0) {
            rc |= sila_buf_putc(&m, '/');
          } else {
            size_t l = B.path_len;
            while (l > 0 && B.path[l - 1] != '/')
              l--;
            rc |= sila_buf_append(&m, B.path, l);
          }
          rc |= sila_buf_append(&m, R.path, R.path_len);
          if (!rc)
            rc |= remove_dots(out, m.data, m.len);
          sila_buf_free(&m);
        }
        if (R.has_query) {
          PUT("?", 1);
          PUT(R.query, R.query_len);
        }
      }
    }
  }
  if (R.has_frag) {
    PUT("#", 1);
    PUT(R.frag, R.frag_len);
  }
#undef PUT
  if (!rc && sila_buf_reserve(out, 1) == 0)
    out->data[out->len] = '\0';
  return rc ? -1 : 0;
}

bool sila_rdf_iri_is_absolute(const char *iri, size_t len) {
  if (!len || !((iri[0] >= 'a' && iri[0] <= 'z') || (iri[0] >= 'A' && iri[0] <= 'Z')))
    return false;
  for (size_t i = 1; i < len; i++) {
    char c = iri[i];
    if (c == ':')
      return true;
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
          c == '+' || c == '-' || c == '.'))
      return false;
  }
  return false;
}
