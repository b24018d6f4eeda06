/* pub_flow.c — the first steps of publishing from the portal: the area's
 * home, the CSV upload (multipart), the inspection with the template and
 * column mapping to confirm, and the DCAT-AP_IT description.  The work
 * files of an upload live in {store}/pubblica-lavoro/{id}/: upload/ (the
 * file as sent), dataset/ (the folder `sila dataset new` would write) and
 * state.json (who, which template, which mapping). */
#define _GNU_SOURCE
#include <errno.h>
#include <jansson.h>
#include <limits.h>
#include <openssl/rand.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "pub_internal.h"
#include "sila_dataset.h"

/* ---- the EU vocabularies' labels (the form's choices) ---- */


static const struct {
  const char *code, *label;
} freqs[] = {
    {"DAILY", "quotidiana"},       {"WEEKLY", "settimanale"},     {"BIWEEKLY", "quindicinale"},
    {"MONTHLY", "mensile"},        {"BIMONTHLY", "bimestrale"},   {"QUARTERLY", "trimestrale"},
    {"ANNUAL_2", "semestrale"},    {"ANNUAL", "annuale"},         {"BIENNIAL", "biennale"},
    {"TRIENNIAL", "triennale"},    {"CONT", "continua"},          {"UPDATE_CONT", "aggiornamento continuo"},
    {"IRREG", "irregolare"},       {"NEVER", "mai (dato storico)"}, {"UNKNOWN", "sconosciuta"},
};

/* ---- the work of an upload ---- */

static bool slug_ok(const char *s) {
  size_t n = s ? strlen(s) : 0;
  if (!n || n > 100)
    return false;
  for (; *s; s++)
    if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '-' || *s == '_'))
      return false;
  return true;
}

static json_t *state_load(WebReq *r, const PubSession *s) {
  if (!s->work[0])
    return NULL;
  char p[PATH_MAX];
  pub_work_dir(r->web, s->work, p, sizeof p);
  strncat(p, "/state.json", sizeof p - strlen(p) - 1);
  json_t *j = json_load_file(p, 0, NULL);
  const char *u = json_string_value(json_object_get(j, "user"));
  if (!json_is_object(j) || !u || strcmp(u, s->user.name)) {
    json_decref(j);
    return NULL;
  }
  return j;
}

static bool state_save(WebReq *r, const PubSession *s, json_t *j) {
  char p[PATH_MAX];
  pub_work_dir(r->web, s->work, p, sizeof p);
  strncat(p, "/state.json", sizeof p - strlen(p) - 1);
  return json_dump_file(j, p, JSON_INDENT(1)) == 0;
}

bool pub_work_load(WebReq *r, const PubSession *s, PubWork *w) {
  json_t *j = state_load(r, s);
  if (!j)
    return false;
  memset(w, 0, sizeof *w);
  char wd[PATH_MAX];
  pub_work_dir(r->web, s->work, wd, sizeof wd);
  const char *csv = json_string_value(json_object_get(j, "csv"));
  const char *slug = json_string_value(json_object_get(j, "slug"));
  const char *t = json_string_value(json_object_get(j, "template"));
  snprintf(w->dir, sizeof w->dir, "%s/dataset", wd);
  snprintf(w->csv_name, sizeof w->csv_name, "%s", csv ? csv : "");
  snprintf(w->csv, sizeof w->csv, "%s/upload/%s", wd, w->csv_name);
  snprintf(w->slug, sizeof w->slug, "%s", slug ? slug : "");
  snprintf(w->template_name, sizeof w->template_name, "%s", t ? t : "");
  json_decref(j);
  return csv != NULL;
}

/* A page asking to start over when there is no upload in progress. */
static SilaStatus no_work(WebReq *r, const PubSession *s) {
  return pub_error_page(r, s, 409, "Nessun caricamento in corso",
                        "Non c'è un file in lavorazione in questa sessione: carica un CSV dalla "
                        "pagina iniziale dell'area.");
}

/* The inspection and the templates' scores of the work's CSV. */
typedef struct {
  SilaInspection *in;
  SilaTemplateMatch *ms;
  size_t nm;
  SilaError err;
} Inspected;

static SilaStatus inspect(WebReq *r, const char *csv, Inspected *x) {
  memset(x, 0, sizeof *x);
  SilaStatus st = sila_inspect_csv(csv, &x->in, &x->err);
  const char *v = pub_vocabularies(r->web);
  if (st == SILA_OK && v) {
    char tdir[PATH_MAX];
    snprintf(tdir, sizeof tdir, "%s/templates", v);
    if (sila_inspect_match_templates(x->in, tdir, &x->ms, &x->nm, &x->err) != SILA_OK)
      x->ms = NULL, x->nm = 0;
  }
  return st;
}

static void inspected_free(Inspected *x) {
  sila_template_matches_free(x->ms, x->nm);
  sila_inspection_free(x->in);
}

/* A template's name for a steward: the kind of dataset and its national
 * ontologies (vocabularies/templates/NAME.csv-metadata.json); the file
 * name when the template is not one of these. */
static const char *template_it(const char *name) {
  static const char *const names[][2] = {
      {"accommodation", "Strutture ricettive (ACCO, POI)"},
      {"cultural-events", "Eventi culturali (CPEV)"},
      {"cultural-sites", "Luoghi della cultura (Cultural-ON)"},
      {"organisations", "Enti e organizzazioni (COV)"},
      {"places", "Luoghi e comuni (CLV)"},
      {"procurement", "Procedure di appalto (PublicContract, CUP)"},
      {"statistics", "Statistiche per comune (Data Cube)"},
  };
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
    if (!strcmp(name, names[i][0]))
      return names[i][1];
  return name;
}

/* Why a template fits, in Italian: the file's headers it recognised (and
 * the template's column each became, when named otherwise), then its
 * columns the file lacks. */
static int template_why(SilaBuf *out, const SilaInspection *in, const SilaTemplateMatch *m,
                        json_t *tcols) {
  int e = 0;
  size_t nt = json_array_size(tcols);
  bool *seen = calloc(nt + 1, sizeof *seen);
  if (!seen)
    return -1;
  unsigned k = 0;
  for (size_t i = 0; i < in->ncols; i++) {
    if (m->match[i] < 0)
      continue;
    json_t *tc = json_array_get(tcols, (size_t)m->match[i]);
    const char *nm = json_string_value(json_object_get(tc, "name"));
    if ((size_t)m->match[i] < nt)
      seen[m->match[i]] = true;
    e |= sila_buf_puts(out, k++ ? ", " : "Colonne riconosciute: ") | ld_escs(out, in->cols[i].title);
    if (nm && strcmp(nm, in->cols[i].name))
      e |= sila_buf_puts(out, " → ") | ld_escs(out, nm);
  }
  if (!k)
    e |= sila_buf_puts(out, "Nessuna intestazione del file corrisponde alle colonne del modello");
  unsigned miss = 0;
  for (size_t c = 0; c < nt; c++) {
    json_t *tc = json_array_get(tcols, c);
    if (seen[c] || json_is_true(json_object_get(tc, "virtual")))
      continue;
    const char *nm = json_string_value(json_object_get(tc, "name"));
    e |= sila_buf_puts(out, miss++ ? ", " : ". Mancano nel file: ") | ld_escs(out, nm ? nm : "?");
    if (json_is_true(json_object_get(tc, "required")))
      e |= sila_buf_puts(out, " (obbligatoria)");
  }
  free(seen);
  return e | sila_buf_putc(out, '.');
}

static SilaTemplateMatch *find_template(Inspected *x, const char *name) {
  for (size_t i = 0; name && *name && i < x->nm; i++)
    if (!strcmp(x->ms[i].name, name))
      return &x->ms[i];
  return NULL;
}

/* Writes {work}/dataset again for the template `m` (NULL = own mapping). */
static SilaStatus write_dataset(WebReq *r, const char *dir, Inspected *x, SilaTemplateMatch *m,
                                const char *slug, SilaError *err) {
  pub_rm_tree(dir);
  SilaDatasetOptions o = {0};
  o.out_dir = dir;
  o.slug = slug;
  o.template_match = m;
  o.base = ld_base(r->web->cfg.base);
  o.vocabularies = pub_vocabularies(r->web);
  o.italian = true; /* a steward's page */
  SilaTodo todo = {0};
  SilaStatus st = sila_dataset_write(x->in, &o, &todo, err);
  /* what the inspection says to check, beside the dataset folder (the
   * description's fields are asked by the form instead) */
  char path[PATH_MAX + 32];
  snprintf(path, sizeof path, "%s/../da-controllare.txt", dir);
  FILE *f = fopen(path, "w");
  for (size_t i = 0; f && i < todo.n; i++)
    if (strncmp(todo.items[i], "dataset.json", 12))
      fprintf(f, "%s\n", todo.items[i]);
  if (f)
    fclose(f);
  sila_todo_free(&todo);
  return st;
}

/* The inspection's advice as a list (in Italian: SilaDatasetOptions.italian). */
static int advice(SilaBuf *out, const char *dataset_dir) {
  char path[PATH_MAX + 32], line[2048];
  if (snprintf(path, sizeof path, "%s/../da-controllare.txt", dataset_dir) >= (int)sizeof path)
    return 0; /* a work folder deeper than any path: nothing to read */
  FILE *f = fopen(path, "r");
  if (!f)
    return 0;
  int e = 0;
  bool first = true;
  while (fgets(line, sizeof line, f)) {
    line[strcspn(line, "\n")] = 0;
    if (!*line)
      continue;
    if (first)
      e |= sila_buf_puts(out, "<h2>Da controllare</h2>\n<ul id=\"da-controllare\">");
    first = false;
    e |= sila_buf_puts(out, "<li>");
    e |= ld_escs(out, line);
    e |= sila_buf_puts(out, "</li>");
  }
  fclose(f);
  return e | (first ? 0 : sila_buf_puts(out, "</ul>\n"));
}

/* ---- home ---- */

typedef struct {
  SilaBuf *out;
  const PubSession *s;
  WebReq *r;
  int e;
  unsigned n;
} OwnedCtx;

static bool list_owned(void *ctx, const char *key, size_t klen, const void *val, size_t vlen) {
  OwnedCtx *c = ctx;
  const char *slug = key + 6; /* "owner/" */
  size_t sl = klen - 6;
  if (!c->s->user.admin && (vlen != strlen(c->s->user.office) ||
                            memcmp(val, c->s->user.office, vlen)))
    return true;
  c->n++;
  c->e |= sila_buf_puts(c->out, "<li><a href=\"/set/");
  c->e |= ld_esc(c->out, slug, sl);
  c->e |= sila_buf_puts(c->out, "\">");
  c->e |= ld_esc(c->out, slug, sl);
  c->e |= sila_buf_puts(c->out, "</a> — <a href=\"/pubblica/storia/");
  c->e |= ld_esc(c->out, slug, sl);
  c->e |= sila_buf_puts(c->out, "\">versioni e ripristino</a> (ufficio ");
  c->e |= ld_esc(c->out, val, vlen);
  c->e |= sila_buf_puts(c->out, ")</li>\n");
  return true;
}

SilaStatus pub_home(WebReq *r, const PubSession *s) {
  SilaBuf p = SILA_BUF_INIT;
  int e = pub_page_open(&p, "Pubblica i tuoi dati", s);
  e |= sila_buf_puts(&p, "<ol class=\"mb-4\"><li>Carica un file CSV</li><li>Controlla il modello "
                         "e le colonne</li><li>Descrivi il dataset</li><li>Guarda l'anteprima e "
                         "il rapporto di qualità</li><li>Pubblica</li></ol>\n"
                         "<h2>Carica un file CSV</h2>\n"
                         "<form method=\"post\" action=\"/pubblica/carica\" "
                         "enctype=\"multipart/form-data\" class=\"mb-5\">");
  e |= pub_csrf_field(&p, s);
  e |= sila_buf_printf(&p, "<div class=\"mb-3\"><label class=\"form-label d-block fw-semibold\" for=\"file\">File CSV (al "
                           "massimo %zu MB)</label><input class=\"form-control\" type=\"file\" "
                           "id=\"file\" name=\"file\" accept=\".csv,text/csv\" required></div>"
                           "<button class=\"btn btn-primary\" type=\"submit\">Carica e "
                           "analizza</button></form>\n",
                       PUB_MAX_UPLOAD >> 20);
  e |= sila_buf_puts(&p, "<h2>I dataset del tuo ufficio</h2>\n<ul id=\"dataset-ufficio\">\n");
  OwnedCtx c = {&p, s, r, 0, 0};
  sila_ops_each(r->web->store, SILA_OPS_ACCOUNTS, "owner/", list_owned, &c);
  e |= c.e;
  if (!c.n)
    e |= sila_buf_puts(&p, "<li>Nessun dataset pubblicato da questa area finora.</li>\n");
  e |= sila_buf_puts(&p, "</ul>\n");
  e |= sila_buf_puts(&p, "<h2>Il programma</h2>\n<ul id=\"programma\"><li><a "
                         "href=\"/pubblica/piano\">Piano di rilascio</a></li><li><a "
                         "href=\"/pubblica/richieste\">Richieste di dati</a></li><li><a "
                         "href=\"/pubblica/rapporto\">Rapporto semestrale</a></li></ul>\n");
  if (s->user.admin)
    e |= sila_buf_puts(&p, "<p><a href=\"/pubblica/registro\">Registro delle operazioni</a></p>\n");
  if (e) {
    sila_buf_free(&p);
    return SILA_ERR_NOMEM;
  }
  return pub_send(r, 200, &p);
}

/* ---- upload ---- */

/* One part of a multipart/form-data body. */
typedef struct {
  char name[64];
  char filename[256];
  const char *data;
  size_t len;
} Part;

static const char *memmem_s(const char *h, size_t hl, const char *n, size_t nl) {
  return memmem(h, hl, n, nl);
}

/* Parses the body into at most `max` parts; returns their number, -1 when malformed. */
static int multipart(const char *body, size_t len, const char *boundary, Part *parts, int max) {
  char delim[128];
  int dl = snprintf(delim, sizeof delim, "--%s", boundary);
  if (dl <= 2 || (size_t)dl >= sizeof delim)
    return -1;
  const char *p = memmem_s(body, len, delim, (size_t)dl);
  int n = 0;
  while (p) {
    p += dl;
    size_t left = len - (size_t)(p - body);
    if (left >= 2 && !memcmp(p, "--", 2))
      return n; /* the closing delimiter */
    if (left < 2 || memcmp(p, "\r\n", 2))
      return -1;
    p += 2;
    left -= 2;
    const char *hend = memmem_s(p, left, "\r\n\r\n", 4);
    if (!hend || n >= max)
      return -1;
    Part *pt = &parts[n];
    memset(pt, 0, sizeof *pt);
    /* Content-Disposition: form-data; name="x"; filename="y" */
    char hdr[1024];
    size_t hl = (size_t)(hend - p) < sizeof hdr - 1 ? (size_t)(hend - p) : sizeof hdr - 1;
    memcpy(hdr, p, hl);
    hdr[hl] = 0;
    const char *nm = strstr(hdr, " name=\"");
    if (!nm)
      nm = strstr(hdr, ";name=\"");
    if (nm) {
      nm += 7;
      size_t k = strcspn(nm, "\"");
      snprintf(pt->name, sizeof pt->name, "%.*s", (int)k, nm);
    }
    const char *fn = strstr(hdr, "filename=\"");
    if (fn) {
      fn += 10;
      size_t k = strcspn(fn, "\"");
      snprintf(pt->filename, sizeof pt->filename, "%.*s", (int)k, fn);
    }
    const char *data = hend + 4;
    char next[132];
    int nl = snprintf(next, sizeof next, "\r\n%s", delim);
    const char *end = memmem_s(data, len - (size_t)(data - body), next, (size_t)nl);
    if (!end)
      return -1;
    pt->data = data;
    pt->len = (size_t)(end - data);
    n++;
    p = end + 2;
  }
  return -1;
}

/* The upload's file name made safe: its last path segment, [A-Za-z0-9._-]
 * only, ending in .csv. */
static void safe_name(const char *in, char *out, size_t size) {
  const char *b = in;
  for (const char *q = in; *q; q++)
    if (*q == '/' || *q == '\\')
      b = q + 1;
  size_t w = 0;
  for (; *b && w + 5 < size && w < 100; b++) {
    char c = *b;
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '_' || (c == '.' && w > 0);
    out[w++] = ok ? c : '-';
  }
  out[w] = 0;
  if (!w)
    snprintf(out, size, "dati");
  size_t l = strlen(out);
  if (l < 4 || strcasecmp(out + l - 4, ".csv"))
    strncat(out, ".csv", size - l - 1);
}

static bool write_file(const char *path, const void *data, size_t len) {
  FILE *f = fopen(path, "wb");
  if (!f)
    return false;
  bool ok = fwrite(data, 1, len, f) == len;
  return fclose(f) == 0 && ok;
}

SilaStatus pub_upload(WebReq *r, PubSession *s) {
  const char *ct = web_req_header(r, MHD_HTTP_HEADER_CONTENT_TYPE);
  const char *b = ct ? strstr(ct, "boundary=") : NULL;
  char boundary[100] = "";
  if (b) {
    b += 9;
    if (*b == '"')
      b++;
    size_t k = strcspn(b, "\";, ");
    if (k < sizeof boundary)
      snprintf(boundary, sizeof boundary, "%.*s", (int)k, b);
  }
  Part parts[8];
  int n = ct && !strncasecmp(ct, "multipart/form-data", 19) && boundary[0]
              ? multipart(r->body.data ? r->body.data : "", r->body.len, boundary, parts, 8)
              : -1;
  if (n < 0)
    return pub_error_page(r, s, 400, "Caricamento non riuscito",
                          "Il modulo inviato non è un caricamento di file valido "
                          "(multipart/form-data).");
  const Part *csrf = NULL, *file = NULL;
  for (int i = 0; i < n; i++) {
    if (!strcmp(parts[i].name, "csrf"))
      csrf = &parts[i];
    else if (!strcmp(parts[i].name, "file"))
      file = &parts[i];
  }
  char tok[65] = "";
  if (csrf && csrf->len < sizeof tok)
    memcpy(tok, csrf->data, csrf->len), tok[csrf->len] = 0;
  if (!csrf || strlen(tok) != 64 || strcmp(tok, s->csrf))
    return pub_error_page(r, s, 403, "Richiesta rifiutata",
                          "Il modulo non proviene da questa sessione (token CSRF): ricarica la "
                          "pagina e riprova.");
  if (!file || !file->len)
    return pub_error_page(r, s, 400, "Caricamento non riuscito",
                          "Nessun file ricevuto, o il file è vuoto: scegli un file CSV.");
  /* a new work folder; the session's previous upload goes */
  char root[PATH_MAX], wd[PATH_MAX], p[PATH_MAX + 300], name[128], work[33];
  unsigned char rb[16];
  if (RAND_bytes(rb, sizeof rb) != 1)
    return SILA_ERR_IO;
  for (int i = 0; i < 16; i++)
    sprintf(work + 2 * i, "%02x", rb[i]);
  pub_work_dir(r->web, "", root, sizeof root);
  if (s->work[0]) {
    pub_work_dir(r->web, s->work, wd, sizeof wd);
    pub_rm_tree(wd);
  }
  if (pub_work_sweep(r->web) >= PUB_MAX_WORK) {
    web_header(r, MHD_HTTP_HEADER_RETRY_AFTER, "600");
    return pub_error_page(r, s, 503, "Caricamento non possibile ora",
                          "Ci sono troppi caricamenti in corso: riprova tra qualche minuto.");
  }
  pub_work_dir(r->web, work, wd, sizeof wd);
  safe_name(file->filename, name, sizeof name);
  snprintf(p, sizeof p, "%s/upload", wd);
  if ((mkdir(root, 0700) && errno != EEXIST) || mkdir(wd, 0700) || mkdir(p, 0700))
    return pub_error_page(r, s, 500, "Caricamento non riuscito",
                          "Non è stato possibile creare la cartella di lavoro nel deposito.");
  snprintf(p, sizeof p, "%s/upload/%s", wd, name);
  if (!write_file(p, file->data, file->len)) {
    pub_rm_tree(wd);
    return pub_error_page(r, s, 507, "Caricamento non riuscito",
                          "Non è stato possibile salvare il file (spazio esaurito?).");
  }
  snprintf(s->work, sizeof s->work, "%s", work);
  pub_session_set_work(r->web, s->token, work);
  Inspected x;
  SilaStatus st = inspect(r, p, &x);
  if (st != SILA_OK) {
    char msg[SILA_ERROR_MSG_MAX + 200];
    snprintf(msg, sizeof msg, "Il file %s non si può leggere come CSV: %s", name,
             x.err.message[0] ? x.err.message : sila_strerror(st));
    inspected_free(&x);
    return pub_error_page(r, s, 422, "File non leggibile", msg);
  }
  /* a template fits when it matches at least two headers and half its columns */
  SilaTemplateMatch *m =
      x.nm && x.ms[0].matched >= 2 && 2 * x.ms[0].matched >= x.ms[0].columns ? &x.ms[0] : NULL;
  char ds[PATH_MAX + 16];
  snprintf(ds, sizeof ds, "%s/dataset", wd);
  char slug[128];
  snprintf(slug, sizeof slug, "%.*s", (int)(strlen(name) - 4), name);
  for (char *q = slug; *q; q++)
    *q = (*q >= 'A' && *q <= 'Z') ? (char)(*q + 32) : (*q == '.' ? '-' : *q);
  SilaError err = {0};
  st = write_dataset(r, ds, &x, m, slug, &err);
  json_t *state = json_pack("{s:s, s:s, s:s, s:s}", "user", s->user.name, "csv", name, "slug",
                            slug, "template", m ? m->name : "");
  inspected_free(&x);
  bool saved = state && state_save(r, s, state);
  json_decref(state);
  if (st != SILA_OK || !saved)
    return pub_error_page(r, s, 500, "Analisi non riuscita",
                          err.message[0] ? err.message : "the work folder could not be written");
  return pub_redirect(r, "/pubblica/modello");
}

/* ---- template and mapping ---- */

static const char *kind_it(SilaColumnKind k) {
  switch (k) {
  case SILA_COL_EMPTY: return "vuota";
  case SILA_COL_INTEGER: return "numeri interi";
  case SILA_COL_DECIMAL: return "numeri decimali";
  case SILA_COL_DATE: return "date";
  case SILA_COL_DATETIME: return "date e ore";
  case SILA_COL_CODE: return "codici";
  case SILA_COL_BOOLEAN: return "sì/no";
  default: return "testo";
  }
}

static const char *delim_it(char d) {
  return d == ';' ? "punto e virgola (;)" : d == ',' ? "virgola (,)" : d == '\t' ? "tabulazione"
                                                                     : d == '|' ? "barra (|)"
                                                                                : "?";
}

/* The template's columns (not virtual) as <option>s, `sel` selected. */
static int template_options(SilaBuf *out, json_t *cols, int sel) {
  int e = sila_buf_printf(out, "<option value=\"-1\"%s>— colonna propria (nessuna del modello) —"
                               "</option>",
                          sel < 0 ? " selected" : "");
  size_t k;
  json_t *c;
  json_array_foreach(cols, k, c) {
    if (json_is_true(json_object_get(c, "virtual")))
      continue;
    const char *nm = json_string_value(json_object_get(c, "name"));
    const char *t = json_string_value(json_object_get(c, "titles"));
    e |= sila_buf_printf(out, "<option value=\"%zu\"%s>", k, (int)k == sel ? " selected" : "");
    e |= ld_escs(out, t ? t : nm ? nm : "?");
    if (json_is_true(json_object_get(c, "required")))
      e |= sila_buf_puts(out, " (obbligatoria)");
    e |= sila_buf_puts(out, "</option>");
  }
  return e;
}

static SilaStatus mapping_page(WebReq *r, const PubSession *s, PubWork *w, Inspected *x,
                               unsigned status, const char *message) {
  SilaTemplateMatch *m = find_template(x, w->template_name);
  SilaBuf p = SILA_BUF_INIT;
  int e = pub_page_open(&p, "Modello e colonne", s);
  if (message) {
    e |= sila_buf_puts(&p, "<div class=\"alert alert-danger\" role=\"alert\">");
    e |= ld_escs(&p, message);
    e |= sila_buf_puts(&p, "</div>\n");
  }
  SilaInspection *in = x->in;
  e |= sila_buf_puts(&p, "<h2>Il file</h2>\n<dl class=\"row\" id=\"analisi\"><dt class=\"col-sm-3\">File</dt><dd class=\"col-sm-9\">");
  e |= ld_escs(&p, w->csv_name);
  e |= sila_buf_puts(&p, "</dd><dt class=\"col-sm-3\">Codifica</dt><dd class=\"col-sm-9\">");
  e |= ld_escs(&p, in->encoding);
  e |= sila_buf_printf(&p, "</dd><dt class=\"col-sm-3\">Separatore</dt><dd class=\"col-sm-9\">%s"
                           "</dd><dt class=\"col-sm-3\">Righe di dati</dt><dd class=\"col-sm-9\">",
                       delim_it(in->delimiter));
  e |= ld_count_it(&p, in->rows);
  e |= sila_buf_printf(&p, "</dd><dt class=\"col-sm-3\">Colonne</dt><dd class=\"col-sm-9\">%zu</dd>",
                       in->ncols);
  if (in->ragged_rows)
    e |= sila_buf_printf(&p, "<dt class=\"col-sm-3\">Attenzione</dt><dd class=\"col-sm-9\">%lu "
                             "righe con un numero di celle diverso dall'intestazione (la prima "
                             "alla riga %lu)</dd>",
                         in->ragged_rows, in->first_ragged);
  e |= sila_buf_puts(&p, "</dl>\n");
  e |= advice(&p, w->dir);
  e |= sila_buf_puts(&p, "<h2>Modello</h2>\n");
  /* choosing another template */
  e |= sila_buf_puts(&p, "<form method=\"post\" action=\"/pubblica/modello\" class=\"mb-4\">");
  e |= pub_csrf_field(&p, s);
  e |= sila_buf_puts(&p, "<input type=\"hidden\" name=\"azione\" value=\"modello\">"
                         "<div class=\"mb-3\"><label class=\"form-label d-block fw-semibold\" for=\"modello\">Modello del "
                         "dataset (i modelli usano le ontologie nazionali OntoPiA)</label>"
                         "<select class=\"form-select form-control\" id=\"modello\" "
                         "name=\"modello\">");
  e |= sila_buf_printf(&p, "<option value=\"\"%s>Nessun modello: mappatura propria</option>",
                       m ? "" : " selected");
  for (size_t i = 0; i < x->nm; i++) {
    e |= sila_buf_printf(&p, "<option value=\"%s\"%s>", x->ms[i].name,
                         m == &x->ms[i] ? " selected" : "") |
         ld_escs(&p, template_it(x->ms[i].name)) |
         sila_buf_printf(&p, " — %u %s su %u %s</option>", x->ms[i].matched,
                         x->ms[i].matched == 1 ? "colonna" : "colonne", x->ms[i].columns,
                         x->ms[i].matched == 1 ? "corrisponde" : "corrispondono");
  }
  e |= sila_buf_puts(&p, "</select></div><button class=\"btn btn-outline-primary\" "
                         "type=\"submit\">Usa questo modello</button></form>\n");
  /* the mapping */
  json_t *tj = m ? json_load_file(m->path, 0, NULL) : NULL;
  json_t *tcols = json_object_get(json_object_get(tj, "tableSchema"), "columns");
  if (m) {
    e |= sila_buf_puts(&p, "<p class=\"small\" id=\"perche\">");
    e |= template_why(&p, in, m, tcols);
    e |= sila_buf_puts(&p, "</p>\n");
  }
  e |= sila_buf_puts(&p, "<h2>Colonne</h2>\n<form method=\"post\" action=\"/pubblica/modello\">");
  e |= pub_csrf_field(&p, s);
  e |= sila_buf_puts(&p, "<input type=\"hidden\" name=\"azione\" value=\"conferma\">"
                         "<div class=\"mb-3\"><label class=\"form-label d-block fw-semibold\" for=\"slug\">Identificativo del "
                         "dataset nel portale (lettere minuscole, cifre, - e _)</label>"
                         "<input class=\"form-control\" id=\"slug\" name=\"slug\" required "
                         "pattern=\"[a-z0-9_-]{1,100}\" value=\"");
  e |= ld_escs(&p, w->slug);
  e |= sila_buf_puts(&p, "\"");
  /* the identifier proposed (the file's name) may be a dataset this
   * steward may not replace: said here, not only after "Conferma" */
  bool taken = w->slug[0] && slug_ok(w->slug) && !pub_may_publish(r, s, w->slug);
  if (taken) {
    char why[1024];
    e |= sila_buf_puts(&p, " aria-describedby=\"slug-occupato\"><p class=\"text-danger\" "
                           "id=\"slug-occupato\">") |
         ld_escs(&p, pub_denied_reason(r, w->slug, why, sizeof why)) |
         sila_buf_puts(&p, "</p></div>\n");
  } else {
    e |= sila_buf_puts(&p, "></div>\n");
  }
  e |= sila_buf_puts(&p, "<div class=\"table-responsive\"><table class=\"table\" "
                         "id=\"colonne\"><caption>Le intestazioni del file e le colonne del "
                         "modello a cui corrispondono</caption><thead><tr><th scope=\"col\">"
                         "Intestazione</th><th scope=\"col\">Contenuto</th><th scope=\"col\">"
                         "Esempio</th><th scope=\"col\">Colonna del modello</th></tr></thead>"
                         "<tbody>");
  for (size_t i = 0; i < in->ncols; i++) {
    const SilaInspectColumn *c = &in->cols[i];
    e |= sila_buf_puts(&p, "<tr><th scope=\"row\">");
    e |= ld_escs(&p, c->title);
    e |= sila_buf_printf(&p, "</th><td>%s", kind_it(c->kind));
    if (c->date_format[0]) {
      e |= sila_buf_puts(&p, " (");
      e |= ld_escs(&p, c->date_format);
      e |= sila_buf_puts(&p, ")");
    }
    if (c->empty)
      e |= sila_buf_printf(&p, ", %lu vuote", c->empty);
    e |= sila_buf_puts(&p, "</td><td>");
    e |= ld_escs(&p, c->example);
    e |= sila_buf_puts(&p, "</td><td>");
    if (m) {
      e |= sila_buf_printf(&p, "<label class=\"visually-hidden\" for=\"col%zu\">Colonna del "
                               "modello per ",
                           i);
      e |= ld_escs(&p, c->title);
      e |= sila_buf_printf(&p, "</label><select class=\"form-select form-control\" id=\"col%zu\" "
                               "name=\"col%zu\">",
                           i, i);
      e |= template_options(&p, tcols, m->match[i]);
      e |= sila_buf_puts(&p, "</select>");
    } else {
      e |= sila_buf_puts(&p, "propria: ");
      e |= ld_escs(&p, c->name);
    }
    e |= sila_buf_puts(&p, "</td></tr>\n");
  }
  json_decref(tj);
  e |= sila_buf_puts(&p, "</tbody></table></div>\n<button class=\"btn btn-primary\" "
                         "type=\"submit\">Conferma e prosegui</button></form>\n");
  if (e) {
    sila_buf_free(&p);
    return SILA_ERR_NOMEM;
  }
  return pub_send(r, status, &p);
}

SilaStatus pub_mapping(WebReq *r, const PubSession *s, bool post) {
  PubWork w;
  if (!pub_work_load(r, s, &w))
    return no_work(r, s);
  Inspected x;
  SilaStatus st = inspect(r, w.csv, &x);
  if (st != SILA_OK) {
    inspected_free(&x);
    return pub_error_page(r, s, 422, "File non leggibile", x.err.message);
  }
  const char *action = post ? web_param(r, "azione") : NULL;
  SilaStatus out;
  if (action && !strcmp(action, "modello")) {
    /* another template: its automatic mapping, shown for confirmation */
    const char *t = web_param(r, "modello");
    SilaTemplateMatch *m = find_template(&x, t);
    json_t *state = state_load(r, s);
    json_object_set_new(state, "template", json_string(m ? m->name : ""));
    SilaError err = {0};
    bool ok = state_save(r, s, state) &&
              write_dataset(r, w.dir, &x, m, w.slug, &err) == SILA_OK;
    json_decref(state);
    snprintf(w.template_name, sizeof w.template_name, "%s", m ? m->name : "");
    out = ok ? mapping_page(r, s, &w, &x, 200, NULL)
             : pub_error_page(r, s, 500, "Modello non applicato", err.message);
  } else if (action && !strcmp(action, "conferma")) {
    const char *slug = web_param(r, "slug");
    SilaTemplateMatch *m = find_template(&x, w.template_name);
    if (!slug_ok(slug)) {
      out = mapping_page(r, s, &w, &x, 400,
                         "L'identificativo usa solo lettere minuscole, cifre, - e _ (al massimo "
                         "100 caratteri).");
    } else if (!pub_may_publish(r, s, slug)) {
      char why[1024];
      out = pub_error_page(r, s, 403, "Accesso negato",
                           pub_denied_reason(r, slug, why, sizeof why));
    } else {
      bool bad = false;
      json_t *tj = m ? json_load_file(m->path, 0, NULL) : NULL;
      size_t ntc = json_array_size(json_object_get(json_object_get(tj, "tableSchema"), "columns"));
      json_decref(tj);
      for (size_t i = 0; m && i < x.in->ncols; i++) {
        char key[32];
        snprintf(key, sizeof key, "col%zu", i);
        const char *v = web_param(r, key);
        long k = v ? strtol(v, NULL, 10) : -1;
        if (k < -1 || k >= (long)ntc)
          bad = true;
        else
          m->match[i] = (int)k;
      }
      /* two headers cannot both be one column of the template */
      for (size_t i = 0; m && i < x.in->ncols; i++)
        for (size_t j = i + 1; j < x.in->ncols; j++)
          if (m->match[i] >= 0 && m->match[i] == m->match[j])
            bad = true;
      SilaError err = {0};
      if (bad) {
        out = mapping_page(r, s, &w, &x, 400,
                           "Ogni colonna del modello può corrispondere a una sola intestazione.");
      } else if (write_dataset(r, w.dir, &x, m, slug, &err) != SILA_OK) {
        out = pub_error_page(r, s, 500, "Mappatura non scritta", err.message);
      } else {
        json_t *state = state_load(r, s);
        json_object_set_new(state, "slug", json_string(slug));
        bool ok = state_save(r, s, state);
        json_decref(state);
        out = ok ? pub_redirect(r, "/pubblica/descrizione")
                 : pub_error_page(r, s, 500, "Mappatura non scritta", "state.json");
      }
    }
  } else {
    out = mapping_page(r, s, &w, &x, 200, NULL);
  }
  inspected_free(&x);
  return out;
}

/* ---- description ---- */

static const char *lang_it(json_t *obj) {
  if (json_is_string(obj))
    return json_string_value(obj);
  const char *s = json_string_value(json_object_get(obj, "it"));
  return s ? s : "";
}

static int text_field(SilaBuf *p, const char *id, const char *label, const char *value,
                      bool required, const char *type) {
  int e = sila_buf_printf(p, "<div class=\"mb-3\"><label class=\"form-label d-block fw-semibold\" for=\"%s\">%s</label>", id,
                          label);
  e |= sila_buf_printf(p, "<input class=\"form-control\" type=\"%s\" id=\"%s\" name=\"%s\"%s "
                          "value=\"",
                       type, id, id, required ? " required" : "");
  e |= ld_escs(p, value ? value : "");
  return e | sila_buf_puts(p, "\"></div>\n");
}

SilaStatus pub_describe(WebReq *r, const PubSession *s, bool post) {
  PubWork w;
  if (!pub_work_load(r, s, &w))
    return no_work(r, s);
  char path[PATH_MAX + 32];
  snprintf(path, sizeof path, "%s/dataset.json", w.dir);
  json_t *d = json_load_file(path, 0, NULL);
  if (!json_is_object(d)) {
    json_decref(d);
    return no_work(r, s);
  }
  const char *msg = NULL;
  if (post) {
    const char *title = web_param(r, "titolo"), *desc = web_param(r, "descrizione"),
               *theme = web_param(r, "tema"), *freq = web_param(r, "frequenza"),
               *cname = web_param(r, "contatto"), *email = web_param(r, "email"),
               *kw = web_param(r, "parole");
    bool theme_ok = false, freq_ok = false;
    size_t nthemes;
    const LdTheme *themes = ld_themes(&nthemes);
    for (size_t i = 0; theme && i < nthemes; i++)
      theme_ok |= !strcmp(theme, themes[i].code);
    for (size_t i = 0; freq && i < sizeof freqs / sizeof freqs[0]; i++)
      freq_ok |= !strcmp(freq, freqs[i].code);
    json_object_set_new(d, "title", json_pack("{s:s}", "it", title ? title : ""));
    json_object_set_new(d, "description", json_pack("{s:s}", "it", desc ? desc : ""));
    json_object_set_new(d, "theme", json_string(theme_ok ? theme : ""));
    json_object_set_new(d, "frequency", json_string(freq_ok ? freq : ""));
    json_object_set_new(d, "contactPoint", json_pack("{s:s, s:s}", "name", cname ? cname : "",
                                                     "email", email ? email : ""));
    json_t *kws = json_array();
    for (const char *q = kw ? kw : ""; *q;) {
      size_t k = strcspn(q, ",");
      char one[200];
      snprintf(one, sizeof one, "%.*s", (int)(k < 199 ? k : 199), q);
      char *a = one;
      while (*a == ' ')
        a++;
      size_t al = strlen(a);
      while (al && a[al - 1] == ' ')
        a[--al] = 0;
      if (*a)
        json_array_append_new(kws, json_string(a));
      q += k + (q[k] == ',');
    }
    json_object_set_new(d, "keywords", kws);
    if (!theme_ok || !freq_ok) {
      msg = "Scegli il tema e la frequenza di aggiornamento dagli elenchi.";
    } else if (json_dump_file(d, path, JSON_INDENT(2)) != 0) {
      json_decref(d);
      return pub_error_page(r, s, 500, "Descrizione non salvata",
                            "Non è stato possibile scrivere dataset.json.");
    } else {
      json_decref(d);
      return pub_redirect(r, "/pubblica/anteprima");
    }
  }
  const char *theme = json_string_value(json_object_get(d, "theme"));
  const char *freq = json_string_value(json_object_get(d, "frequency"));
  json_t *cp = json_object_get(d, "contactPoint");
  const char *cname = json_string_value(json_object_get(cp, "name"));
  SilaOffice office;
  if ((!cname || !*cname) && s->user.office[0] &&
      sila_office_get(r->web->store, s->user.office, &office) == SILA_OK)
    json_object_set_new(cp, "name", json_string(office.name));
  SilaBuf p = SILA_BUF_INIT;
  int e = pub_page_open(&p, "Descrizione del dataset", s);
  if (msg) {
    e |= sila_buf_puts(&p, "<div class=\"alert alert-danger\" role=\"alert\">");
    e |= ld_escs(&p, msg);
    e |= sila_buf_puts(&p, "</div>\n");
  }
  e |= sila_buf_puts(&p, "<p>La descrizione segue il profilo DCAT-AP_IT del catalogo nazionale "
                         "dei dati (dati.gov.it).</p>\n<form method=\"post\" "
                         "action=\"/pubblica/descrizione\" class=\"col-lg-8\">");
  e |= pub_csrf_field(&p, s);
  e |= text_field(&p, "titolo", "Titolo", lang_it(json_object_get(d, "title")), true, "text");
  e |= sila_buf_puts(&p, "<div class=\"mb-3\"><label class=\"form-label d-block fw-semibold\" for=\"descrizione\">Descrizione: "
                         "che cosa sono le righe, da dove vengono i dati, quando cambiano</label>"
                         "<textarea class=\"form-control\" id=\"descrizione\" name=\"descrizione\" "
                         "rows=\"4\" required>");
  e |= ld_escs(&p, lang_it(json_object_get(d, "description")));
  e |= sila_buf_puts(&p, "</textarea></div>\n<div class=\"mb-3\"><label class=\"form-label d-block fw-semibold\" for=\"tema\">"
                         "Tema (vocabolario europeo dei temi dei dati)</label><select "
                         "class=\"form-select form-control\" id=\"tema\" name=\"tema\" required>"
                         "<option value=\"\">— scegli —</option>");
  size_t nthemes;
  const LdTheme *themes = ld_themes(&nthemes);
  for (size_t i = 0; i < nthemes; i++)
    e |= sila_buf_printf(&p, "<option value=\"%s\"%s>%s</option>", themes[i].code,
                         theme && !strcmp(theme, themes[i].code) ? " selected" : "",
                         themes[i].name);
  e |= sila_buf_puts(&p, "</select></div>\n<div class=\"mb-3\"><label class=\"form-label d-block fw-semibold\" "
                         "for=\"frequenza\">Frequenza di aggiornamento (vocabolario europeo delle "
                         "frequenze)</label><select class=\"form-select form-control\" "
                         "id=\"frequenza\" name=\"frequenza\" required><option value=\"\">— "
                         "scegli —</option>");
  for (size_t i = 0; i < sizeof freqs / sizeof freqs[0]; i++)
    e |= sila_buf_printf(&p, "<option value=\"%s\"%s>%s</option>", freqs[i].code,
                         freq && !strcmp(freq, freqs[i].code) ? " selected" : "", freqs[i].label);
  e |= sila_buf_puts(&p, "</select></div>\n");
  e |= text_field(&p, "contatto", "Punto di contatto: nome dell'ufficio",
                  json_string_value(json_object_get(cp, "name")), true, "text");
  e |= text_field(&p, "email", "Punto di contatto: indirizzo e-mail",
                  json_string_value(json_object_get(cp, "email")), true, "email");
  SilaBuf kw = SILA_BUF_INIT;
  size_t i;
  json_t *k;
  json_array_foreach(json_object_get(d, "keywords"), i, k) {
    if (kw.len)
      sila_buf_puts(&kw, ", ");
    sila_buf_puts(&kw, json_string_value(k) ? json_string_value(k) : "");
  }
  e |= text_field(&p, "parole", "Parole chiave, separate da virgole", kw.len ? kw.data : "",
                  false, "text");
  sila_buf_free(&kw);
  e |= sila_buf_puts(&p, "<button class=\"btn btn-primary\" type=\"submit\">Salva e vai "
                         "all'anteprima</button></form>\n");
  json_decref(d);
  if (e) {
    sila_buf_free(&p);
    return SILA_ERR_NOMEM;
  }
  return pub_send(r, msg ? 400 : 200, &p);
}
