/* ld_iri.c — request paths matched to IRIs (RFC 3986 §6.2.2, RFC 3987
 * §3.2): a path arrives raw ("Citt%C3%A0%20metropolitana"), decoded by a
 * server ("Città metropolitana") or with raw UTF-8 from a client that did
 * not escape; the store holds IRIs as the data minted them, usually in URI
 * form (CSVW templates escape) but possibly with UTF-8 characters.  Both
 * forms are derived here so a lookup can try each. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <stdio.h>

#include "csvw_slug.h"
#include "ld_internal.h"

static int hexval(char c) {
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

static bool unreserved(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         c == '-' || c == '.' || c == '_' || c == '~';
}

/* Characters a URI path may hold raw (RFC 3986 pchar and '/'), besides
 * unreserved and '%'. */
static bool path_char(unsigned char c) {
  return c && strchr("!$&'()*+,;=:@/", c) != NULL;
}

int ld_uri_form(const char *s, size_t len, SilaBuf *out) {
  int e = 0;
  for (size_t i = 0; i < len; i++) {
    unsigned char c = (unsigned char)s[i];
    int h, l;
    if (c == '%' && i + 2 < len && (h = hexval(s[i + 1])) >= 0 && (l = hexval(s[i + 2])) >= 0) {
      unsigned char v = (unsigned char)(h * 16 + l);
      if (unreserved(v))
        e |= sila_buf_putc(out, (char)v); /* %41 is A (RFC 3986 §6.2.2.2) */
      else
        e |= sila_buf_printf(out, "%%%02X", v); /* hex in upper case (§6.2.2.1) */
      i += 2;
    } else if (unreserved(c) || path_char(c)) {
      e |= sila_buf_putc(out, (char)c);
    } else {
      e |= sila_buf_printf(out, "%%%02X", c); /* UTF-8 bytes, space, '%', … */
    }
  }
  return e;
}

/* Length of a valid UTF-8 sequence of at least two bytes starting at
 * b[0..n), or 0. */
static size_t utf8_seq(const unsigned char *b, size_t n) {
  size_t k = b[0] >= 0xF0 && b[0] <= 0xF4 ? 4 : b[0] >= 0xE0 ? 3 : b[0] >= 0xC2 ? 2 : 0;
  if (b[0] >= 0xF5 || k == 0 || k > n)
    return 0;
  for (size_t i = 1; i < k; i++)
    if ((b[i] & 0xC0) != 0x80)
      return 0;
  return k;
}

int ld_iri_form(const char *uri, size_t len, SilaBuf *out) {
  int e = 0;
  for (size_t i = 0; i < len;) {
    if (uri[i] == '%' && i + 2 < len && hexval(uri[i + 1]) >= 0 && hexval(uri[i + 2]) >= 0) {
      /* a run of %XX: decode it where it spells UTF-8 of a non-ASCII char */
      unsigned char bytes[4];
      size_t nb = 0, j = i;
      while (nb < 4 && j + 2 < len && uri[j] == '%' &&
             hexval(uri[j + 1]) >= 0 && hexval(uri[j + 2]) >= 0) {
        bytes[nb++] = (unsigned char)(hexval(uri[j + 1]) * 16 + hexval(uri[j + 2]));
        j += 3;
      }
      size_t k = bytes[0] >= 0x80 ? utf8_seq(bytes, nb) : 0;
      if (k) {
        e |= sila_buf_append(out, bytes, k);
        i += 3 * k;
      } else {
        e |= sila_buf_append(out, uri + i, 3);
        i += 3;
      }
    } else {
      e |= sila_buf_putc(out, uri[i++]);
    }
  }
  return e;
}

int ld_percent_decode(const char *s, size_t len, SilaBuf *out) {
  int e = 0;
  for (size_t i = 0; i < len; i++) {
    int h, l;
    if (s[i] == '%' && i + 2 < len && (h = hexval(s[i + 1])) >= 0 && (l = hexval(s[i + 2])) >= 0) {
      char v = (char)(h * 16 + l);
      if (v)
        e |= sila_buf_putc(out, v);
      i += 2;
    } else {
      e |= sila_buf_putc(out, s[i]);
    }
  }
  return e;
}

SilaStatus ld_slug_moved(SilaTxn *txn, const char *base, const char *iri, char **location) {
  *location = NULL;
  base = ld_base(base);
  size_t bl = strlen(base);
  if (strncmp(iri, base, bl) || strncmp(iri + bl, "/id/", 4))
    return SILA_OK;
  const char *key = strrchr(iri, '/') + 1;
  if (key <= iri + bl + 4 || !*key)
    return SILA_OK; /* /id/{concept}/{key} only */
  SilaBuf dec = SILA_BUF_INIT, now = SILA_BUF_INIT;
  SilaStatus st = SILA_OK;
  if (ld_percent_decode(key, strlen(key), &dec) < 0 || sila_buf_putc(&dec, '\0') < 0) {
    st = SILA_ERR_NOMEM;
    goto done;
  }
  char *slug = malloc(dec.len + 1);
  if (!slug) {
    st = SILA_ERR_NOMEM;
    goto done;
  }
  size_t n = sila_csvw_slug(dec.data, dec.len - 1, slug, dec.len + 1);
  if (n && strcmp(slug, key)) {
    int e = sila_buf_append(&now, iri, (size_t)(key - iri));
    e |= sila_buf_puts(&now, slug);
    e |= sila_buf_putc(&now, '\0');
    if (e) {
      st = SILA_ERR_NOMEM;
    } else if (sila_ld_exists(txn, now.data)) {
      SilaBuf loc = SILA_BUF_INIT;
      /* the /id/ IRI itself: its 303 then negotiates the document */
      if (sila_buf_append(&loc, now.data + bl, now.len - 1 - bl) < 0 ||
          sila_buf_putc(&loc, '\0') < 0) {
        sila_buf_free(&loc);
        st = SILA_ERR_NOMEM;
      } else {
        *location = loc.data;
      }
    }
  }
  free(slug);
done:
  sila_buf_free(&dec);
  sila_buf_free(&now);
  return st;
}

/* A host[:port] as a Host header may carry it: letters, digits, '-', '.',
 * ':' and the brackets of an IPv6 literal; nothing that could smuggle a
 * path or a second authority into an announced URL. */
static bool host_ok(const char *h, size_t n) {
  if (!n || n > 255)
    return false;
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)h[i];
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
          c == '-' || c == '.' || c == ':' || c == '[' || c == ']'))
      return false;
  }
  return true;
}

/* The first comma-separated value of a header, trimmed: *n its length. */
static const char *first_value(const char *v, size_t *n) {
  while (*v == ' ' || *v == '\t')
    v++;
  size_t k = strcspn(v, ",");
  while (k && (v[k - 1] == ' ' || v[k - 1] == '\t'))
    k--;
  *n = k;
  return v;
}

const char *sila_ld_public_base(const char *base, const char *host, const char *fwd_host,
                                const char *fwd_proto, char *buf, size_t size) {
  base = ld_base(base);
  size_t hn = 0, pn = 0;
  const char *h = fwd_host ? first_value(fwd_host, &hn) : host ? first_value(host, &hn) : NULL;
  const char *proto = "http";
  if (fwd_proto) {
    const char *p = first_value(fwd_proto, &pn);
    if (pn == 5 && !strncasecmp(p, "https", 5))
      proto = "https";
  }
  const char *canon_host = strstr(base, "://");
  canon_host = canon_host ? canon_host + 3 : base;
  size_t cl = strcspn(canon_host, "/");
  /* the canonical host (behind the proxy that serves it) or no usable
   * host: the canonical base, scheme included */
  if (!h || !host_ok(h, hn) || (hn == cl && !strncasecmp(h, canon_host, cl)) ||
      (size_t)snprintf(buf, size, "%s://%.*s", proto, (int)hn, h) >= size)
    snprintf(buf, size, "%s", base);
  return buf;
}

int ld_public_iri(const char *base, const char *public_base, const char *iri, size_t len,
                  SilaBuf *out) {
  static const char *const services[] = {"/sparql", "/dump/", "/files/", "/void", NULL};
  base = ld_base(base);
  size_t bl = strlen(base);
  if (!public_base || !strcmp(public_base, base) || len <= bl || strncmp(iri, base, bl))
    return 0;
  for (size_t i = 0; services[i]; i++) {
    size_t sl = strlen(services[i]);
    if (len - bl >= sl && !strncmp(iri + bl, services[i], sl) &&
        (services[i][sl - 1] == '/' || len - bl == sl)) {
      if (sila_buf_puts(out, public_base) < 0 || sila_buf_append(out, iri + bl, len - bl) < 0 ||
          sila_buf_putc(out, '\0') < 0)
        return -1;
      return 1;
    }
  }
  return 0;
}
