/* pub_history.c — a dataset's published versions (who, when, rows) and
 * the restore of one of them in one step: its kept files (CSV, CSVW
 * metadata, dataset.json) are written to a work folder and published
 * again, as a new version. */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <openssl/rand.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <jansson.h>

#include "pub_internal.h"

typedef struct {
  SilaBuf *out;
  const PubSession *s;
  const char *slug;
  unsigned last;
  int e;
  SilaVersion *v;
  size_t n, cap;
} HistCtx;

static void collect(void *ctx, const SilaVersion *v) {
  HistCtx *h = ctx;
  if (h->n == h->cap) {
    size_t cap = h->cap ? 2 * h->cap : 16;
    SilaVersion *g = realloc(h->v, cap * sizeof *g);
    if (!g) {
      h->e = -1;
      return;
    }
    h->v = g, h->cap = cap;
  }
  h->v[h->n++] = *v;
}

static bool slug_ok(const char *s) {
  size_t n = strlen(s);
  if (!n || n > 100)
    return false;
  for (; *s; s++)
    if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '-' || *s == '_'))
      return false;
  return true;
}

SilaStatus pub_history(WebReq *r, const PubSession *s, const char *slug) {
  char why[1024]; /* a refusal's reason (pub_denied_reason) */
  if (!slug_ok(slug))
    return pub_error_page(r, s, 404, "Dataset non trovato", "Nessun dataset con questo nome.");
  if (!pub_may_publish(r, s, slug))
    return pub_error_page(r, s, 403, "Accesso negato",
                          pub_denied_reason(r, slug, why, sizeof why));
  HistCtx h = {0};
  sila_history_list(r->web->store, slug, collect, &h);
  SilaBuf p = SILA_BUF_INIT;
  char title[200];
  snprintf(title, sizeof title, "Versioni di %s", slug);
  int e = h.e | pub_page_open(&p, title, s);
  e |= sila_buf_puts(&p, "<p><a href=\"/set/");
  e |= ld_escs(&p, slug);
  e |= sila_buf_puts(&p, "\">La pagina del dataset</a></p>\n");
  if (!h.n) {
    e |= sila_buf_puts(&p, "<p>Nessuna versione pubblicata da quest'area.</p>\n");
  } else {
    e |= sila_buf_puts(&p, "<div class=\"table-responsive\"><table class=\"table\" "
                           "id=\"versioni\"><caption>Le versioni pubblicate, dalla più recente"
                           "</caption><thead><tr><th scope=\"col\">Versione</th><th scope=\"col\">"
                           "Data (UTC)</th><th scope=\"col\">Chi</th><th scope=\"col\">Azione</th>"
                           "<th scope=\"col\">Righe</th><th scope=\"col\">File</th><th "
                           "scope=\"col\">Ripristino</th></tr></thead><tbody>\n");
    for (size_t k = h.n; k-- > 0;) {
      const SilaVersion *v = &h.v[k];
      e |= sila_buf_printf(&p, "<tr><th scope=\"row\">%u</th><td>", v->version);
      char day[64];
      if (strlen(v->when) >= 19 && ld_date_it(v->when, 10, day, sizeof day))
        e |= sila_buf_printf(&p, "<time datetime=\"%s\">%s, %.5s</time>", v->when, day,
                             v->when + 11);
      else
        e |= ld_escs(&p, v->when);
      e |= sila_buf_puts(&p, "</td><td>");
      e |= ld_escs(&p, v->user);
      e |= sila_buf_puts(&p, "</td><td>");
      if (!strcmp(v->action, "restore"))
        e |= sila_buf_printf(&p, "ripristino della versione %u", v->from);
      else
        e |= sila_buf_puts(&p, "pubblicazione");
      e |= sila_buf_puts(&p, "</td><td>");
      e |= ld_count_it(&p, v->rows);
      e |= sila_buf_puts(&p, "</td><td>");
      static const char *const files[][2] = {{"csv", "CSV"}, {"metadati", "metadati"},
                                             {"dataset.json", "descrizione"},
                                             {"rapporto", "rapporto"}};
      for (int f = 0; f < 4; f++) {
        e |= sila_buf_puts(&p, f ? " · <a href=\"/pubblica/storia/" : "<a href=\"/pubblica/storia/");
        e |= ld_escs(&p, slug);
        e |= sila_buf_printf(&p, "/%u/%s\">%s<span class=\"visually-hidden\"> della versione "
                                 "%u</span></a>",
                             v->version, files[f][0], files[f][1], v->version);
      }
      e |= sila_buf_puts(&p, "</td><td>");
      if (k + 1 == h.n) {
        e |= sila_buf_puts(&p, "in linea");
      } else {
        e |= sila_buf_puts(&p, "<form method=\"post\" action=\"/pubblica/ripristina/");
        e |= ld_escs(&p, slug);
        e |= sila_buf_printf(&p, "/%u\">", v->version);
        e |= pub_csrf_field(&p, s);
        e |= sila_buf_printf(&p, "<button class=\"btn btn-outline-primary btn-sm\" "
                                 "type=\"submit\" id=\"ripristina-%u\">Ripristina la versione "
                                 "%u</button></form>",
                             v->version, v->version);
      }
      e |= sila_buf_puts(&p, "</td></tr>\n");
    }
    e |= sila_buf_puts(&p, "</tbody></table></div>\n");
  }
  free(h.v);
  if (e) {
    sila_buf_free(&p);
    return SILA_ERR_NOMEM;
  }
  return pub_send(r, 200, &p);
}

static bool put_file(const char *dir, const char *name, const SilaBuf *b) {
  if (!name[0] || strchr(name, '/') || name[0] == '.')
    return false;
  char p[PATH_MAX + 300];
  snprintf(p, sizeof p, "%s/%s", dir, name);
  FILE *f = fopen(p, "wb");
  if (!f)
    return false;
  bool ok = fwrite(b->data ? b->data : "", 1, b->len, f) == b->len;
  return fclose(f) == 0 && ok;
}

SilaStatus pub_restore(WebReq *r, const PubSession *s, const char *slug, unsigned version) {
  char why[1024]; /* a refusal's reason (pub_denied_reason) */
  if (!slug_ok(slug))
    return pub_error_page(r, s, 404, "Dataset non trovato", "Nessun dataset con questo nome.");
  if (!pub_may_publish(r, s, slug))
    return pub_error_page(r, s, 403, "Accesso negato",
                          pub_denied_reason(r, slug, why, sizeof why));
  SilaVersion v;
  if (sila_history_get(r->web->store, slug, version, &v) != SILA_OK)
    return pub_error_page(r, s, 404, "Versione non trovata",
                          "Questa versione del dataset non esiste.");
  /* the kept files in a folder of their own, then an ordinary publish */
  char root[PATH_MAX], dir[PATH_MAX + 64], id[33];
  unsigned char rb[16];
  if (RAND_bytes(rb, sizeof rb) != 1)
    return SILA_ERR_IO;
  for (int i = 0; i < 16; i++)
    sprintf(id + 2 * i, "%02x", rb[i]);
  pub_work_dir(r->web, "", root, sizeof root);
  snprintf(dir, sizeof dir, "%s/ripristino-%s", root, id);
  if ((mkdir(root, 0700) && errno != EEXIST) || mkdir(dir, 0700))
    return pub_error_page(r, s, 500, "Ripristino non riuscito",
                          "Non è stato possibile creare la cartella di lavoro.");
  SilaBuf csv = SILA_BUF_INIT, meta = SILA_BUF_INIT, ds = SILA_BUF_INIT;
  bool ok = sila_history_part(r->web->store, slug, version, SILA_HIST_CSV, &csv) == SILA_OK &&
            sila_history_part(r->web->store, slug, version, SILA_HIST_META, &meta) == SILA_OK &&
            sila_history_part(r->web->store, slug, version, SILA_HIST_DATASET, &ds) == SILA_OK &&
            put_file(dir, v.csv_name, &csv) && put_file(dir, v.meta_name, &meta) &&
            put_file(dir, "dataset.json", &ds);
  sila_buf_free(&csv), sila_buf_free(&meta), sila_buf_free(&ds);
  SilaBuf html = SILA_BUF_INIT;
  char pslug[128] = "";
  SilaStatus st = ok ? pub_publish_dir(r, s, dir, "restore", version, &html, pslug) : SILA_ERR_IO;
  pub_rm_tree(dir);
  if (st == SILA_ERR_DENIED) {
    sila_buf_free(&html);
    return pub_error_page(r, s, 403, "Accesso negato",
                          pub_denied_reason(r, slug, why, sizeof why));
  }
  SilaBuf p = SILA_BUF_INIT;
  char title[160];
  snprintf(title, sizeof title, st == SILA_OK ? "Versione %u ripristinata" : "Ripristino non riuscito",
           version);
  int e = pub_page_open(&p, title, s);
  e |= sila_buf_puts(&p, "<p><a id=\"link-dataset\" href=\"/set/");
  e |= ld_escs(&p, slug);
  e |= sila_buf_puts(&p, "\">La pagina del dataset</a> · <a href=\"/pubblica/storia/");
  e |= ld_escs(&p, slug);
  e |= sila_buf_puts(&p, "\">Versioni</a></p>\n");
  if (!ok)
    e |= sila_buf_puts(&p, "<div class=\"alert alert-danger\" role=\"alert\">I file della "
                           "versione non si possono leggere.</div>\n");
  e |= sila_buf_append(&p, html.data ? html.data : "", html.len);
  sila_buf_free(&html);
  if (e) {
    sila_buf_free(&p);
    return SILA_ERR_NOMEM;
  }
  return pub_send(r, st == SILA_OK ? 200 : 422, &p);
}

SilaStatus pub_history_file(WebReq *r, const PubSession *s, const char *slug, unsigned version,
                            const char *part) {
  char why[1024]; /* a refusal's reason (pub_denied_reason) */
  if (!slug_ok(slug))
    return pub_error_page(r, s, 404, "Dataset non trovato", "Nessun dataset con questo nome.");
  if (!pub_may_publish(r, s, slug))
    return pub_error_page(r, s, 403, "Accesso negato",
                          pub_denied_reason(r, slug, why, sizeof why));
  static const struct {
    const char *url, *part, *ctype;
  } parts[] = {{"csv", SILA_HIST_CSV, "text/csv"},
               {"metadati", SILA_HIST_META, "application/csvm+json"},
               {"dataset.json", SILA_HIST_DATASET, "application/json"},
               {"rapporto", SILA_HIST_REPORT, "text/plain; charset=utf-8"}};
  size_t k = 0;
  while (k < sizeof parts / sizeof parts[0] && strcmp(parts[k].url, part))
    k++;
  SilaVersion v;
  if (k == sizeof parts / sizeof parts[0] ||
      sila_history_get(r->web->store, slug, version, &v) != SILA_OK)
    return pub_error_page(r, s, 404, "File non trovato", "Questa versione o questo file non esiste.");
  SilaBuf b = SILA_BUF_INIT;
  if (sila_history_part(r->web->store, slug, version, parts[k].part, &b) != SILA_OK)
    return pub_error_page(r, s, 404, "File non trovato", "Questo file della versione non esiste.");
  const char *name = k == 0 ? v.csv_name : k == 1 ? v.meta_name : k == 2 ? "dataset.json"
                                                                         : "rapporto.txt";
  char disp[400];
  snprintf(disp, sizeof disp, "attachment; filename=\"v%u-%.200s\"", version, name);
  web_header(r, MHD_HTTP_HEADER_CONTENT_DISPOSITION, disp);
  web_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
  web_header(r, "X-Content-Type-Options", "nosniff");
  web_begin(r, 200, parts[k].ctype);
  SilaStatus st = web_write(r, b.data ? b.data : "", b.len);
  sila_buf_free(&b);
  return st;
}

/* ---- the audit log (administrators) ---- */

typedef struct {
  char **lines;
  size_t n, cap;
  bool oom;
} Lines;

static void keep_line(void *ctx, const char *json) {
  Lines *l = ctx;
  if (l->n == l->cap) {
    size_t cap = l->cap ? 2 * l->cap : 64;
    char **g = realloc(l->lines, cap * sizeof *g);
    if (!g) {
      l->oom = true;
      return;
    }
    l->lines = g, l->cap = cap;
  }
  char *d = strdup(json);
  if (d)
    l->lines[l->n++] = d;
  else
    l->oom = true;
}

SilaStatus pub_audit_page(WebReq *r, const PubSession *s) {
  if (!s->user.admin)
    return pub_error_page(r, s, 403, "Accesso negato",
                          "Il registro delle operazioni è riservato all'amministratore.");
  Lines l = {0};
  sila_audit_list(r->web->store, keep_line, &l);
  SilaBuf p = SILA_BUF_INIT;
  int e = pub_page_open(&p, "Registro delle operazioni", s);
  e |= sila_buf_puts(&p, "<p>Pubblicazioni, ripristini, accessi, piano di rilascio e "
                         "richieste, dal più recente (gli ultimi 500; l'elenco completo con <code>sila user audit</code>). Gli "
                         "indirizzi IP non sono registrati.</p>\n<div class=\"table-responsive\">"
                         "<table class=\"table table-sm\" id=\"registro\"><caption>Registro "
                         "delle operazioni</caption><thead><tr><th scope=\"col\">Quando (UTC)"
                         "</th><th scope=\"col\">Evento</th><th scope=\"col\">Utente</th><th "
                         "scope=\"col\">Dataset</th><th scope=\"col\">Dettagli</th></tr></thead>"
                         "<tbody>\n");
  for (size_t i = l.n, shown = 0; i-- > 0 && shown < 500; shown++) {
    json_t *j = json_loads(l.lines[i], 0, NULL);
    const char *f[5] = {"when", "event", "user", "dataset", "detail"};
    e |= sila_buf_puts(&p, "<tr>");
    for (int k = 0; k < 5; k++) {
      const char *v = json_string_value(json_object_get(j, f[k]));
      e |= sila_buf_puts(&p, "<td>");
      e |= ld_escs(&p, v ? v : "");
      e |= sila_buf_puts(&p, "</td>");
    }
    e |= sila_buf_puts(&p, "</tr>\n");
    json_decref(j);
  }
  for (size_t i = 0; i < l.n; i++)
    free(l.lines[i]);
  free(l.lines);
  e |= sila_buf_puts(&p, "</tbody></table></div>\n");
  if (e || l.oom) {
    sila_buf_free(&p);
    return SILA_ERR_NOMEM;
  }
  return pub_send(r, 200, &p);
}
