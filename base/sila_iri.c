/* sila_iri.c — IRI references: split, resolve (RFC 3986 §5.2), validate. */
#include "sila_iri.h"

#include <string.h>

#include "sila_utf8.h"

static bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

static size_t scheme_length(const char *s, size_t len) {
  if (!len || !is_alpha(s[0]))
    return 0;
  size_t i = 1;
  while (i < len && (is_alpha(s[i]) || (s[i] >= '0' && s[i] <= '9') || s[i] == '+' ||
                     s[i] == '-' || s[i] == '.'))
    i++;
  return i < len && s[i] == ':' ? i : 0;
}

bool sila_iri_has_scheme(const char *s, size_t len) { return scheme_length(s, len) > 0; }

void sila_iri_split(const char *s, size_t len, SilaIriParts *r) {
  memset(r, 0, sizeof *r);
  size_t i = scheme_length(s, len);
  if (i) {
    r->has_scheme = true;
    r->scheme = s;
    r->scheme_len = i;
    i++;
  }
  if (i + 1 < len && s[i] == '/' && s[i + 1] == '/') {
    size_t a = i + 2, e = a;
    while (e < len && s[e] != '/' && s[e] != '?' && s[e] != '#')
      e++;
    r->has_auth = true;
    r->auth = s + a;
    r->auth_len = e - a;
    i = e;
  }
  size_t path = i;
  while (i < len && s[i] != '?' && s[i] != '#')
    i++;
  r->path = s + path;
  r->path_len = i - path;
  if (i < len && s[i] == '?') {
    size_t q = ++i;
    while (i < len && s[i] != '#')
      i++;
    r->has_query = true;
    r->query = s + q;
    r->query_len = i - q;
  }
  if (i < len && s[i] == '#') {
    r->has_frag = true;
    r->frag = s + i + 1;
    r->frag_len = len - i - 1;
  }
}

static bool starts(const char *p, size_t rest, const char *lit, size_t n) {
  return rest >= n && memcmp(p, lit, n) == 0;
}

/* Drops the last segment (and its '/') of out[from..). */
static void pop_segment(SilaBuf *out, size_t from) {
  size_t l = out->len;
  while (l > from && out->data[l - 1] != '/')
    l--;
  out->len = l > from ? l - 1 : from;
}

/* Appends remove_dot_segments(path) (RFC 3986 §5.2.4) to out.  Rules B and
 * C replace a leading "/." or "/.." by "/": `lead_slash` carries that "/"
 * into the next round instead of rewriting the input. */
static int remove_dots(SilaBuf *out, const char *path, size_t n) {
  const size_t from = out->len;
  const char *p = path, *end = path + n;
  bool lead_slash = false;
  while (p < end || lead_slash) {
    /* the input buffer is "/" (when lead_slash) followed by p[0..rest) */
    size_t rest = (size_t)(end - p);
    if (lead_slash) {
      if (starts(p, rest, "./", 2) || (rest == 1 && p[0] == '.')) {
        p += rest == 1 ? 1 : 2; /* "/./" or a final "/." → "/" */
        continue;
      }
      if (starts(p, rest, "../", 3) || (rest == 2 && !memcmp(p, "..", 2))) {
        p += rest == 2 ? 2 : 3; /* "/../" or a final "/.." → "/", dropping a segment */
        pop_segment(out, from);
        continue;
      }
      /* move "/" and the segment after it */
      lead_slash = false;
      const char *seg = p;
      while (seg < end && *seg != '/')
        seg++;
      if (sila_buf_putc(out, '/') || sila_buf_append(out, p, (size_t)(seg - p)))
        return -1;
      p = seg;
      continue;
    }
    if (starts(p, rest, "../", 3)) {
      p += 3;
    } else if (starts(p, rest, "./", 2)) {
      p += 2;
    } else if ((rest == 1 && p[0] == '.') || (rest == 2 && !memcmp(p, "..", 2))) {
      p = end;
    } else if (p[0] == '/') {
      lead_slash = true;
      p += 1;
    } else {
      const char *seg = p;
      while (seg < end && *seg != '/')
        seg++;
      if (sila_buf_append(out, p, (size_t)(seg - p)))
        return -1;
      p = seg;
    }
  }
  return 0;
}

/* The merged path (§5.2.3) of base B and relative path ref, then its dot
 * segments removed, appended to out. */
static int merge_paths(SilaBuf *out, const SilaIriParts *B, const char *ref, size_t ref_len) {
  SilaBuf m = SILA_BUF_INIT;
  int rc = 0;
  if (B->has_auth && B->path_len == 0) {
    rc |= sila_buf_putc(&m, '/');
  } else {
    size_t l = B->path_len;
    while (l > 0 && B->path[l - 1] != '/')
      l--;
    rc |= sila_buf_append(&m, B->path, l);
  }
  rc |= sila_buf_append(&m, ref, ref_len);
  if (!rc)
    rc = remove_dots(out, m.data, m.len);
  sila_buf_free(&m);
  return rc;
}

int sila_iri_resolve_buf(SilaBuf *out, const char *base, size_t base_len, const char *ref,
                         size_t ref_len) {
  if (!base)
    return sila_buf_append(out, ref, ref_len);
  SilaIriParts B, R;
  sila_iri_split(base, base_len, &B);
  sila_iri_split(ref, ref_len, &R);
  /* §5.2.2: which component of the target comes from where */
  const SilaIriParts *scheme = R.has_scheme ? &R : &B;
  const SilaIriParts *auth = (R.has_scheme || R.has_auth) ? &R : &B;
  const SilaIriParts *query = &R;
  int rc = 0;
  if (scheme->has_scheme)
    rc |= sila_buf_append(out, scheme->scheme, scheme->scheme_len) | sila_buf_putc(out, ':');
  if (auth->has_auth)
    rc |= sila_buf_append(out, "//", 2) | sila_buf_append(out, auth->auth, auth->auth_len);
  if (R.has_scheme || R.has_auth || (R.path_len && R.path[0] == '/')) {
    rc |= remove_dots(out, R.path, R.path_len);
  } else if (R.path_len == 0) {
    rc |= sila_buf_append(out, B.path, B.path_len);
    if (!R.has_query)
      query = &B;
  } else {
    rc |= merge_paths(out, &B, R.path, R.path_len);
  }
  if (query->has_query)
    rc |= sila_buf_putc(out, '?') | sila_buf_append(out, query->query, query->query_len);
  if (R.has_frag)
    rc |= sila_buf_putc(out, '#') | sila_buf_append(out, R.frag, R.frag_len);
  if (!rc && sila_buf_reserve(out, 1) == 0)
    out->data[out->len] = '\0';
  return rc ? -1 : 0;
}

bool sila_iri_char_forbidden(uint32_t c) {
  return c <= 0x20 || c == '<' || c == '>' || c == '"' || c == '{' || c == '}' ||
         c == '|' || c == '\\' || c == '^' || c == '`';
}

bool sila_iri_valid(const char *s, size_t len) {
  for (size_t i = 0; i < len; i++)
    if (sila_iri_char_forbidden((unsigned char)s[i]))
      return false;
  return sila_utf8_valid(s, len);
}

int sila_buf_put_url_encoded(SilaBuf *b, const char *s, size_t len) {
  static const char hex[] = "0123456789ABCDEF";
  if (sila_buf_reserve(b, len))
    return -1;
  for (size_t i = 0; i < len; i++) {
    unsigned char ch = (unsigned char)s[i];
    int rc;
    if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
        ch == '-' || ch == '_' || ch == '.' || ch == '~') {
      rc = sila_buf_putc(b, (char)ch);
    } else {
      char e[3] = {'%', hex[ch >> 4], hex[ch & 15]};
      rc = sila_buf_append(b, e, 3);
    }
    if (rc)
      return -1;
  }
  return 0;
}
