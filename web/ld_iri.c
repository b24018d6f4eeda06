/* ld_iri.c — request paths matched to IRIs (RFC 3986 §6.2.2, RFC 3987
 * §3.2): a path arrives raw ("Citt%C3%A0%20metropolitana"), decoded by a
 * server ("Città metropolitana") or with raw UTF-8 from a client that did
 * not escape; the store holds IRIs as the data minted them, usually in URI
 * form (CSVW templates escape) but possibly with UTF-8 characters.  Both
 * forms are derived here so a lookup can try each. */
#include <stdlib.h>
#include <string.h>

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
