/* web_form.c — URL and form decoding, UTF-8 validation. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "web_internal.h"

size_t web_url_decode(char *s, size_t len, bool plus) {
  size_t o = 0;
  for (size_t i = 0; i < len; i++) {
    int h, l;
    if (s[i] == '%' && i + 2 < len &&
        (h = sila_hex_value(s[i + 1])) >= 0 && (l = sila_hex_value(s[i + 2])) >= 0) {
      s[o++] = (char)(h * 16 + l);
      i += 2;
    } else if (plus && s[i] == '+') {
      s[o++] = ' ';
    } else {
      s[o++] = s[i];
    }
  }
  return o;
}

int web_form_parse(WebReq *r, const char *data, size_t len) {
  size_t i = 0;
  while (i < len) {
    size_t end = i;
    while (end < len && data[end] != '&')
      end++;
    if (end > i) {
      size_t eq = i;
      while (eq < end && data[eq] != '=')
        eq++;
      char *name = strndup(data + i, eq - i);
      char *value = eq < end ? strndup(data + eq + 1, end - eq - 1) : strdup("");
      if (!name || !value) {
        free(name);
        free(value);
        return -1;
      }
      size_t nl = web_url_decode(name, strlen(name), true);
      size_t vl = web_url_decode(value, strlen(value), true);
      int rc = web_param_add(r, name, nl, value, vl);
      free(name);
      free(value);
      if (rc)
        return -1;
    }
    i = end + 1;
  }
  return 0;
}

bool web_accepts_gzip(const char *ae) {
  if (!ae)
    return false;
  bool star = false, gzip = false, gzip_seen = false;
  while (*ae) {
    size_t n = strcspn(ae, ",");
    const char *t = ae;
    size_t tl = n;
    while (tl && (*t == ' ' || *t == '\t'))
      t++, tl--;
    size_t name = 0;
    while (name < tl && t[name] != ';' && t[name] != ' ' && t[name] != '\t')
      name++;
    bool q0 = false;
    const char *q = memchr(t, ';', tl);
    if (q) {
      const char *eq = memchr(q, '=', tl - (size_t)(q - t));
      if (eq) {
        const char *v = eq + 1;
        while (*v == ' ')
          v++;
        /* q=0, q=0.0, q=0.000 */
        q0 = v[0] == '0' && (v[1] != '.' || strspn(v + 2, "0") == strcspn(v + 2, ", ;\t"));
      }
    }
    if (name == 4 && !strncasecmp(t, "gzip", 4)) {
      gzip_seen = true;
      gzip = !q0;
    } else if (name == 1 && t[0] == '*') {
      star = !q0;
    }
    ae += n + (ae[n] == ',');
  }
  return gzip_seen ? gzip : star;
}
