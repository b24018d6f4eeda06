/* pub_preview.c — the last steps of publishing from the portal: the
 * preview (the first rows as a table and as RDF in Turtle, the full
 * quality report of a dry run) and the publish itself, which is
 * sila_publish's atomic replace (the old version is served until the new
 * one commits), followed by the version kept in the history, the dataset's
 * office and a line of the audit log. */
#define _GNU_SOURCE
#include <dirent.h>
#include <iconv.h>
#include <jansson.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "pub_internal.h"
#include "sila_csvw.h"
#include "sila_publish.h"
#include "sila_rdf_write.h"

#define PREVIEW_ROWS 10
#define PREVIEW_TRIPLES 60
#define REPORT_LINES_SHOWN 1000

/* ---- the report ---- */

typedef struct {
  const char *strip; /* the folder's path, left out of file names */
  SilaBuf text;      /* "file:row:col: errore: <in Italian>\n" each */
  SilaBuf first;     /* the first error in Italian: the refusal's reason */
  unsigned long errors, warnings, lines;
} Problems;

/* Every warning and error of the mapping and the publication, said in
 * Italian from its code (pub_messages.c), with file:row:column first. */
static void on_message(void *ctx, const SilaCsvwMessage *m) {
  Problems *p = ctx;
  const char *f = m->file ? m->file : "-";
  if (!strncmp(f, "file://", 7))
    f += 7;
  size_t sl = strlen(p->strip);
  if (!strncmp(f, p->strip, sl) && f[sl] == '/')
    f += sl + 1;
  else if (!strcmp(f, p->strip))
    f = "";
  else {
    const char *slash = strrchr(f, '/');
    if (slash)
      f = slash + 1; /* a vocabulary's file: its name is enough */
  }
  const char *kind = m->error ? "errore" : "avviso";
  if (m->error)
    p->errors++;
  else
    p->warnings++;
  p->lines++;
  if (m->row && m->column)
    sila_buf_printf(&p->text, "%s:%lu:%lu: %s: ", f, m->row, m->column, kind);
  else if (m->row)
    sila_buf_printf(&p->text, "%s:%lu: %s: ", f, m->row, kind);
  else if (*f)
    sila_buf_printf(&p->text, "%s: %s: ", f, kind);
  else
    sila_buf_printf(&p->text, "%s: ", kind);
  size_t at = p->text.len;
  pub_message_it(&p->text, m);
  if (m->error && !p->first.len)
    sila_buf_append(&p->first, p->text.data + at, p->text.len - at);
  /* one line each: a value with a line break stays on its line */
  for (size_t i = at; i < p->text.len; i++)
    if (p->text.data[i] == '\n' || p->text.data[i] == '\r')
      p->text.data[i] = ' ';
  sila_buf_putc(&p->text, '\n');
}

/* The report as HTML (a section) and as text (kept in the history). */
static int report_html(SilaBuf *out, const SilaPublishReport *rep, const Problems *p, bool ok,
                       bool dry) {
  int e = sila_buf_puts(out, "<section id=\"rapporto\" aria-labelledby=\"rapporto-titolo\">"
                             "<h2 id=\"rapporto-titolo\">Rapporto di qualità</h2>\n");
  if (ok)
    e |= sila_buf_printf(out, "<div class=\"alert alert-success\" role=\"status\" id=\"esito\">%s"
                              "</div>\n",
                         dry ? "Il dataset è pronto: nessun errore." : "Dataset pubblicato.");
  else {
    e |= sila_buf_puts(out, "<div class=\"alert alert-danger\" role=\"alert\" id=\"esito\">"
                            "<p><strong>Il dataset non può essere pubblicato</strong>: correggi "
                            "il file o la descrizione e caricalo di nuovo. Niente è stato "
                            "cambiato.</p><p>Motivo: ");
    e |= ld_escs(out, p->first.len ? p->first.data : rep->reason[0] ? rep->reason : "errore");
    e |= sila_buf_puts(out, "</p></div>\n");
  }
  e |= sila_buf_puts(out, "<dl class=\"row\">");
  e |= sila_buf_puts(out, "<dt class=\"col-sm-4\">Righe lette</dt><dd class=\"col-sm-8\">");
  e |= ld_count_it(out, rep->rows);
  e |= sila_buf_puts(out, "</dd><dt class=\"col-sm-4\">Triple RDF</dt><dd class=\"col-sm-8\">");
  e |= ld_count_it(out, rep->triples);
  e |= sila_buf_printf(out, "</dd><dt class=\"col-sm-4\">Errori</dt><dd class=\"col-sm-8\" "
                            "id=\"errori\">%llu</dd><dt class=\"col-sm-4\">Avvisi</dt><dd "
                            "class=\"col-sm-8\">%llu</dd>",
                       (unsigned long long)rep->errors, (unsigned long long)rep->warnings);
  e |= sila_buf_printf(out, "<dt class=\"col-sm-4\">Collegamenti esterni</dt><dd "
                            "class=\"col-sm-8\">%llu</dd><dt class=\"col-sm-4\">Stelle dei dati "
                            "aperti</dt><dd class=\"col-sm-8\">%d su 5</dd>",
                       (unsigned long long)rep->external_links, rep->stars);
  e |= sila_buf_puts(out, "<dt class=\"col-sm-4\">DCAT-AP_IT obbligatori</dt><dd "
                          "class=\"col-sm-8\">");
  e |= ld_escs(out, rep->missing[0] ? rep->missing : rep->slug[0] ? "tutti presenti" : "non controllati");
  e |= sila_buf_puts(out, "</dd>");
  if (rep->missing_recommended[0]) {
    e |= sila_buf_puts(out, "<dt class=\"col-sm-4\">DCAT-AP_IT raccomandati mancanti</dt><dd "
                            "class=\"col-sm-8\">");
    e |= ld_escs(out, rep->missing_recommended);
    e |= sila_buf_puts(out, "</dd>");
  }
  e |= sila_buf_puts(out, "</dl>\n");
  if (p->lines) {
    if (dry)
      e |= sila_buf_puts(out, "<p><a href=\"/pubblica/rapporto.txt\">Il rapporto completo "
                              "come testo</a></p>\n");
    e |= sila_buf_printf(out, "<h3>Problemi (%lu), con file:riga:colonna</h3>\n<ul "
                              "id=\"problemi\" class=\"small\">",
                         p->lines);
    const char *q = p->text.data, *end = q + p->text.len;
    unsigned long shown = 0;
    while (q && q < end && shown < REPORT_LINES_SHOWN) {
      const char *nl = memchr(q, '\n', (size_t)(end - q));
      size_t n = nl ? (size_t)(nl - q) : (size_t)(end - q);
      e |= sila_buf_puts(out, "<li><code>");
      e |= ld_esc(out, q, n);
      e |= sila_buf_puts(out, "</code></li>");
      shown++;
      q = nl ? nl + 1 : end;
    }
    e |= sila_buf_puts(out, "</ul>\n");
    if (p->lines > shown)
      e |= sila_buf_printf(out, "<p>… e altri %lu (l'elenco completo è nel rapporto come "
                                "testo).</p>\n",
                           p->lines - shown);
  }
  return e | sila_buf_puts(out, "</section>\n");
}

static void report_text(SilaBuf *out, const SilaPublishReport *rep, const Problems *p, bool ok) {
  sila_buf_printf(out, "%s\n", ok ? "published" : "REFUSED (nothing changed)");
  if (!ok && rep->reason[0])
    sila_buf_printf(out, "reason: %s\n", rep->reason);
  sila_buf_printf(out, "rows %llu, triples %llu, errors %llu, warnings %llu, stars %d\n",
                  (unsigned long long)rep->rows, (unsigned long long)rep->triples,
                  (unsigned long long)rep->errors, (unsigned long long)rep->warnings, rep->stars);
  if (rep->missing[0])
    sila_buf_printf(out, "DCAT-AP_IT mandatory missing: %s\n", rep->missing);
  if (p->text.len)
    sila_buf_append(out, p->text.data, p->text.len);
}

/* Runs sila_publish on `dir` (dry or not) and writes the report's HTML. */
static SilaStatus run_publish(WebReq *r, const char *dir, bool dry, SilaPublishReport *rep,
                              Problems *p, SilaBuf *html) {
  SilaPublishOptions o;
  sila_publish_options_init(&o);
  o.base = ld_base(r->web->cfg.base);
  o.dry_run = dry;
  o.vocabularies = pub_vocabularies(r->web);
  o.message = on_message;
  o.message_ctx = p;
  p->strip = dir;
  SilaError err = {0};
  SilaStatus st = sila_publish(dry ? NULL : r->web->store, dir, &o, rep, &err);
  if (st != SILA_OK && !rep->reason[0])
    snprintf(rep->reason, sizeof rep->reason, "%s",
             err.message[0] ? err.message : sila_strerror(st));
  /* the reason names the work folder: only its file names mean something to the steward */
  char *w = strstr(rep->reason, dir);
  while (w) {
    size_t dl = strlen(dir) + (w[strlen(dir)] == '/');
    memmove(w, w + dl, strlen(w + dl) + 1);
    w = strstr(rep->reason, dir);
  }
  if (report_html(html, rep, p, st == SILA_OK, dry))
    return SILA_ERR_NOMEM;
  return st;
}

/* ---- the first rows ---- */

/* Splits one CSV record at *pos (quotes honoured) into cells; false at the end. */
static bool csv_record(const char *s, size_t len, size_t *pos, char delim, SilaBuf *cells,
                       size_t *ncells) {
  size_t i = *pos;
  if (i >= len)
    return false;
  cells->len = 0;
  *ncells = 0;
  bool quoted = false;
  for (;;) {
    if (i >= len) {
      sila_buf_putc(cells, 0), (*ncells)++;
      break;
    }
    char c = s[i];
    if (quoted) {
      if (c == '"' && i + 1 < len && s[i + 1] == '"')
        sila_buf_putc(cells, '"'), i += 2;
      else if (c == '"')
        quoted = false, i++;
      else
        sila_buf_putc(cells, c), i++;
    } else if (c == '"') {
      quoted = true, i++;
    } else if (c == delim) {
      sila_buf_putc(cells, 0), (*ncells)++, i++;
    } else if (c == '\r' || c == '\n') {
      sila_buf_putc(cells, 0), (*ncells)++;
      i += (c == '\r' && i + 1 < len && s[i + 1] == '\n') ? 2 : 1;
      break;
    } else {
      sila_buf_putc(cells, c), i++;
    }
  }
  *pos = i;
  return true;
}

/* The CSV's first bytes in UTF-8 (converted from `enc` when it is another). */
static char *read_head(const char *path, const char *enc, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f)
    return NULL;
  size_t cap = 256 * 1024;
  char *raw = malloc(cap + 1);
  size_t n = raw ? fread(raw, 1, cap, f) : 0;
  fclose(f);
  if (!raw)
    return NULL;
  raw[n] = 0;
  size_t off = n >= 3 && !memcmp(raw, "\xEF\xBB\xBF", 3) ? 3 : 0;
  if (!enc[0] || !strcasecmp(enc, "utf-8")) {
    memmove(raw, raw + off, n - off + 1);
    *len = n - off;
    return raw;
  }
  iconv_t cd = iconv_open("UTF-8", enc);
  if (cd == (iconv_t)-1) {
    *len = n;
    return raw;
  }
  size_t ocap = n * 3 + 1, ileft = n, oleft = ocap;
  char *out = malloc(ocap + 1), *ip = raw, *op = out;
  if (out)
    iconv(cd, &ip, &ileft, &op, &oleft);
  iconv_close(cd);
  free(raw);
  if (!out)
    return NULL;
  *op = 0;
  *len = (size_t)(op - out);
  return out;
}

static int rows_table(SilaBuf *out, const char *csv, const char *enc, char delim) {
  size_t len = 0;
  char *text = read_head(csv, enc, &len);
  if (!text)
    return sila_buf_puts(out, "<p>Il file non si può leggere.</p>\n");
  int e = sila_buf_puts(out, "<div class=\"table-responsive\" tabindex=\"0\" role=\"region\" "
                             "aria-label=\"Prime righe del file\"><table class=\"table "
                             "table-sm\" id=\"prime-righe\"><caption>Le prime righe del file "
                             "</caption>");
  SilaBuf cells = SILA_BUF_INIT;
  size_t pos = 0, ncells;
  for (int row = 0; row <= PREVIEW_ROWS && csv_record(text, len, &pos, delim, &cells, &ncells);) {
    if (cells.len == ncells) /* a blank line */
      continue;
    e |= sila_buf_puts(out, row ? "<tr>" : "<thead><tr>");
    const char *c = cells.data;
    for (size_t i = 0; i < ncells; i++) {
      e |= sila_buf_puts(out, row ? "<td>" : "<th scope=\"col\">");
      e |= ld_escs(out, c);
      e |= sila_buf_puts(out, row ? "</td>" : "</th>");
      c += strlen(c) + 1;
    }
    e |= sila_buf_puts(out, row ? "</tr>\n" : "</tr></thead><tbody>\n");
    row++;
  }
  sila_buf_free(&cells);
  free(text);
  return e | sila_buf_puts(out, "</tbody></table></div>\n");
}

/* ---- the first triples, in Turtle ---- */

typedef struct {
  SilaRdfWriter *w;
  unsigned n;
} TtlCtx;

static SilaStatus to_ttl(void *ctx, const SilaTerm *s, const SilaTerm *p, const SilaTerm *o) {
  TtlCtx *t = ctx;
  if (t->n++ >= PREVIEW_TRIPLES)
    return SILA_ERR_INTERRUPTED; /* enough for a preview */
  return sila_rdf_writer_quad(t->w, s, p, o, NULL);
}

static char *find_metadata(const char *dir) {
  DIR *d = opendir(dir);
  if (!d)
    return NULL;
  char *found = NULL;
  struct dirent *e;
  while ((e = readdir(d)) && !found) {
    size_t l = strlen(e->d_name);
    if (l > 14 && !strcmp(e->d_name + l - 14, "-metadata.json") &&
        asprintf(&found, "%s/%s", dir, e->d_name) < 0)
      found = NULL;
  }
  closedir(d);
  return found;
}

static int turtle_preview(SilaBuf *out, WebReq *r, const char *dir) {
  static const SilaPrefix prefixes[] = {
      {"xsd", "http://www.w3.org/2001/XMLSchema#"},
      {"rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"},
      {"cov", "https://w3id.org/italia/onto/COV/"},
      {"clv", "https://w3id.org/italia/onto/CLV/"},
      {NULL, NULL}};
  char *meta = find_metadata(dir);
  if (!meta)
    return sila_buf_puts(out, "<p>Nessun metadato CSVW.</p>\n");
  SilaBuf ttl = SILA_BUF_INIT;
  TtlCtx t = {sila_rdf_writer_new(SILA_RDF_TURTLE, sila_rdf_write_to_buf, &ttl, prefixes), 0};
  const char *vocab = pub_vocabularies(r->web);
  const char *allowed[] = {dir, vocab, NULL};
  SilaCsvwOptions co;
  sila_csvw_options_init(&co);
  co.minimal = true;
  co.extensions = true;
  co.local_only = true;
  co.allowed_dirs = allowed;
  co.vocabularies = vocab;
  SilaError err = {0};
  if (t.w) {
    sila_csvw_map(meta, &co, to_ttl, &t, &err);
    sila_rdf_writer_finish(t.w);
    sila_rdf_writer_free(t.w);
  }
  free(meta);
  int e = sila_buf_printf(out, "<p>Le prime %u triple che il file diventa (Turtle):</p>\n"
                               "<pre id=\"turtle\" tabindex=\"0\" aria-label=\"Anteprima RDF in "
                               "Turtle\" style=\"max-height:30em;overflow:auto\"><code>",
                          t.n < PREVIEW_TRIPLES ? t.n : PREVIEW_TRIPLES);
  e |= ld_esc(out, ttl.data ? ttl.data : "", ttl.len);
  sila_buf_free(&ttl);
  return e | sila_buf_puts(out, "</code></pre>\n");
}

/* ---- preview and publish ---- */

static json_t *dataset_json(const char *dir) {
  char p[PATH_MAX + 32];
  snprintf(p, sizeof p, "%s/dataset.json", dir);
  return json_load_file(p, 0, NULL);
}

SilaStatus pub_preview(WebReq *r, const PubSession *s) {
  PubWork w;
  if (!pub_work_load(r, s, &w))
    return pub_error_page(r, s, 409, "Nessun caricamento in corso",
                          "Non c'è un file in lavorazione: carica un CSV dalla pagina iniziale.");
  SilaPublishReport rep;
  Problems pr = {0};
  SilaBuf rh = SILA_BUF_INIT;
  SilaStatus st = run_publish(r, w.dir, true, &rep, &pr, &rh);
  /* the dialect of the CSV, from its metadata */
  char *meta = find_metadata(w.dir);
  json_t *m = meta ? json_load_file(meta, 0, NULL) : NULL;
  free(meta);
  json_t *dia = json_object_get(m, "dialect");
  const char *enc = json_string_value(json_object_get(dia, "encoding"));
  const char *del = json_string_value(json_object_get(dia, "delimiter"));
  char csv[PATH_MAX + 300];
  snprintf(csv, sizeof csv, "%s/%s", w.dir, w.csv_name);
  SilaBuf p = SILA_BUF_INIT;
  int e = pub_page_open(&p, "Anteprima e rapporto di qualità", s);
  json_t *d = dataset_json(w.dir);
  e |= sila_buf_puts(&p, "<p>Dataset <strong>");
  e |= ld_escs(&p, json_string_value(json_object_get(json_object_get(d, "title"), "it"))
                       ? json_string_value(json_object_get(json_object_get(d, "title"), "it"))
                       : w.slug);
  e |= sila_buf_puts(&p, "</strong>, che sarà pubblicato all'indirizzo <code>/set/");
  e |= ld_escs(&p, w.slug);
  e |= sila_buf_puts(&p, "</code>.</p>\n");
  json_decref(d);
  if (st == SILA_OK) {
    e |= sila_buf_puts(&p, "<form method=\"post\" action=\"/pubblica/pubblica\" class=\"mb-4\">");
    e |= pub_csrf_field(&p, s);
    e |= sila_buf_puts(&p, "<button class=\"btn btn-primary\" type=\"submit\" id=\"pubblica\">"
                           "Pubblica</button> <a href=\"/pubblica/descrizione\">Modifica la "
                           "descrizione</a> · <a href=\"/pubblica/modello\">Modifica le "
                           "colonne</a></form>\n");
  } else {
    e |= sila_buf_puts(&p, "<p><a href=\"/pubblica/descrizione\">Modifica la descrizione</a> · "
                           "<a href=\"/pubblica/modello\">Modifica le colonne</a> · <a "
                           "href=\"/pubblica\">Carica un altro file</a></p>\n");
  }
  e |= sila_buf_append(&p, rh.data ? rh.data : "", rh.len);
  e |= sila_buf_puts(&p, "<h2>Le prime righe</h2>\n");
  e |= rows_table(&p, csv, enc ? enc : "utf-8", del && *del ? del[0] : ',');
  e |= sila_buf_puts(&p, "<h2>Le prime righe come RDF</h2>\n");
  e |= turtle_preview(&p, r, w.dir);
  json_decref(m);
  sila_buf_free(&rh);
  sila_buf_free(&pr.text);
  sila_buf_free(&pr.first);
  if (e) {
    sila_buf_free(&p);
    return SILA_ERR_NOMEM;
  }
  return pub_send(r, st == SILA_OK ? 200 : 422, &p);
}

SilaStatus pub_publish_dir(WebReq *r, const PubSession *s, const char *dir, const char *action,
                           unsigned from, SilaBuf *html, char slug_out[128]) {
  json_t *d = dataset_json(dir);
  const char *slug = json_string_value(json_object_get(d, "slug"));
  snprintf(slug_out, 128, "%s", slug ? slug : "");
  json_decref(d);
  if (!slug_out[0] || !pub_may_publish(r, s, slug_out))
    return SILA_ERR_DENIED;
  /* a steward's office owns the dataset from its first publish: claimed
   * before it, so that two offices cannot both take a new name */
  bool claimed = false;
  if (s->user.office[0] &&
      sila_dataset_claim(r->web->store, slug_out, s->user.office, &claimed) != SILA_OK &&
      !s->user.admin)
    return SILA_ERR_DENIED;
  SilaPublishReport rep;
  Problems pr = {0};
  SilaStatus st = run_publish(r, dir, false, &rep, &pr, html);
  if (st != SILA_OK && claimed)
    sila_dataset_unclaim(r->web->store, slug_out);
  if (st != SILA_OK) {
    sila_audit(r->web->store, "publish-refused", s->user.name, slug_out, rep.reason);
    sila_buf_free(&pr.text);
    sila_buf_free(&pr.first);
    return st;
  }
  /* the version kept: its files as published */
  SilaVersion v = {0};
  snprintf(v.user, sizeof v.user, "%s", s->user.name);
  snprintf(v.office, sizeof v.office, "%s", s->user.office);
  snprintf(v.action, sizeof v.action, "%s", action);
  v.from = from;
  v.rows = rep.rows;
  v.triples = rep.triples;
  SilaBuf text = SILA_BUF_INIT;
  report_text(&text, &rep, &pr, true);
  unsigned version = 0;
  SilaStatus hst = text.data ? sila_history_add_dir(r->web->store, slug_out, dir, rep.metadata,
                                                    &v, text.data, &version)
                             : SILA_ERR_NOMEM;
  sila_buf_free(&text);
  sila_buf_free(&pr.text);
  sila_buf_free(&pr.first);
  char detail[128];
  snprintf(detail, sizeof detail, "version %u%s", version,
           hst == SILA_OK ? "" : " (not kept in the history: error)");
  if (!strcmp(action, "restore"))
    snprintf(detail, sizeof detail, "version %u restored as version %u", from, version);
  sila_audit(r->web->store, action, s->user.name, slug_out, detail);
  if (hst != SILA_OK)
    sila_buf_puts(html, "<div class=\"alert alert-warning\" role=\"alert\">Pubblicato, ma la "
                        "versione non è stata salvata nella cronologia.</div>\n");
  return SILA_OK;
}

SilaStatus pub_publish(WebReq *r, const PubSession *s) {
  char why[1024]; /* a refusal's reason (pub_denied_reason) */
  PubWork w;
  if (!pub_work_load(r, s, &w))
    return pub_error_page(r, s, 409, "Nessun caricamento in corso",
                          "Non c'è un file in lavorazione: carica un CSV dalla pagina iniziale.");
  SilaBuf html = SILA_BUF_INIT;
  char slug[128];
  SilaStatus st = pub_publish_dir(r, s, w.dir, "publish", 0, &html, slug);
  if (st == SILA_ERR_DENIED) {
    sila_buf_free(&html);
    return pub_error_page(r, s, 403, "Accesso negato",
                          pub_denied_reason(r, slug, why, sizeof why));
  }
  SilaBuf p = SILA_BUF_INIT;
  int e = pub_page_open(&p, st == SILA_OK ? "Dataset pubblicato" : "Pubblicazione rifiutata", s);
  if (st == SILA_OK) {
    e |= sila_buf_puts(&p, "<p>Il dataset è online: <a id=\"link-dataset\" href=\"/set/");
    e |= ld_escs(&p, slug);
    e |= sila_buf_puts(&p, "\">apri la pagina del dataset</a> · <a href=\"/pubblica/storia/");
    e |= ld_escs(&p, slug);
    e |= sila_buf_puts(&p, "\">versioni</a> · <a href=\"/pubblica\">area di "
                           "pubblicazione</a></p>\n");
    char wd[PATH_MAX];
    pub_work_dir(r->web, s->work, wd, sizeof wd);
    pub_rm_tree(wd); /* the work is done: the history keeps the files */
    pub_session_set_work(r->web, s->token, "");
  }
  e |= sila_buf_append(&p, html.data ? html.data : "", html.len);
  sila_buf_free(&html);
  if (e) {
    sila_buf_free(&p);
    return SILA_ERR_NOMEM;
  }
  return pub_send(r, st == SILA_OK ? 200 : 422, &p);
}

SilaStatus pub_report_text(WebReq *r, const PubSession *s) {
  PubWork w;
  if (!pub_work_load(r, s, &w))
    return pub_error_page(r, s, 409, "Nessun caricamento in corso",
                          "Non c'è un file in lavorazione: carica un CSV dalla pagina iniziale.");
  SilaPublishReport rep;
  Problems pr = {0};
  SilaBuf html = SILA_BUF_INIT, text = SILA_BUF_INIT;
  SilaStatus st = run_publish(r, w.dir, true, &rep, &pr, &html);
  sila_buf_free(&html);
  report_text(&text, &rep, &pr, st == SILA_OK);
  sila_buf_free(&pr.text);
  sila_buf_free(&pr.first);
  if (!text.data)
    return SILA_ERR_NOMEM;
  web_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
  web_header(r, "X-Content-Type-Options", "nosniff");
  web_begin(r, 200, "text/plain; charset=utf-8");
  st = web_write(r, text.data, text.len);
  sila_buf_free(&text);
  return st;
}
