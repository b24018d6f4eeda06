/* pub_plan.c — the release plan managed from the publishing area
 * (/pubblica/piano, issue 17): an office's stewards add, edit and change
 * the status of their office's planned datasets (planned, in progress,
 * published as one of their office's datasets, dropped with a reason); the
 * administrator does it for every office.  Another office's item is 403.
 *
 * A plan item belongs to an office when its "ufficio" is the office's id
 * or its name (the CLI writes either; the area writes the name, which is
 * what the public /piano shows).  Every change is one call of sila_plan.h
 * (one write transaction) and one audit line ("plan-add", "plan-edit",
 * "plan-status", "plan-publish", "plan-drop"; no address). */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pub_internal.h"
#include "sila_plan.h"
#include "sila_prog.h"
#include "sila_publish.h"

const char *pub_base(const SilaWeb *web) {
  return web->cfg.base && *web->cfg.base ? web->cfg.base : SILA_PUBLISH_DEFAULT_BASE;
}

bool pub_office_is(SilaWeb *web, const char *office_id, const char *text) {
  if (!office_id[0] || !text)
    return false;
  if (!strcmp(text, office_id))
    return true;
  SilaOffice o;
  return sila_office_get(web->store, office_id, &o) == SILA_OK && !strcmp(text, o.name);
}

bool pub_may_plan(WebReq *r, const PubSession *s, const char *office) {
  return s->user.admin || pub_office_is(r->web, s->user.office, office);
}

SilaStatus pub_plan_read(SilaWeb *web, SilaPlanItem **items, size_t *n) {
  SilaTxn *txn;
  SilaStatus st = sila_txn_begin_read(web->store, &txn);
  if (st)
    return st;
  st = sila_plan_list(txn, pub_base(web), items, n);
  sila_txn_abort(txn);
  return st;
}

int pub_field(SilaBuf *p, const char *name, const char *label, const char *type,
              const char *value, const char *attrs) {
  int e = sila_buf_printf(p, "<div class=\"mb-3\"><label class=\"form-label d-block fw-semibold\" "
                             "for=\"%s\">",
                          name);
  e |= ld_escs(p, label);
  if (!strcmp(type, "textarea")) {
    e |= sila_buf_printf(p, "</label><textarea class=\"form-control\" id=\"%s\" name=\"%s\" "
                            "rows=\"3\" %s>",
                         name, name, attrs);
    e |= ld_escs(p, value ? value : "");
    return e | sila_buf_puts(p, "</textarea></div>\n");
  }
  e |= sila_buf_printf(p, "</label><input class=\"form-control\" type=\"%s\" id=\"%s\" "
                          "name=\"%s\" %s value=\"",
                       type, name, name, attrs);
  e |= ld_escs(p, value ? value : "");
  return e | sila_buf_puts(p, "\"></div>\n");
}

int pub_form_open(SilaBuf *p, const PubSession *s, const char *action, const char *id,
                  const char *azione, const char *title) {
  int e = sila_buf_printf(p, "<h2>%s</h2>\n<form method=\"post\" action=\"%s\" id=\"%s\" "
                             "class=\"col-md-8 mb-4\">",
                          title, action, id);
  e |= pub_csrf_field(p, s);
  return e | sila_buf_printf(p, "<input type=\"hidden\" name=\"azione\" value=\"%s\">", azione);
}

int pub_select_open(SilaBuf *p, const char *name, const char *label) {
  int e = sila_buf_printf(p, "<div class=\"mb-3\"><label class=\"form-label d-block fw-semibold\" "
                             "for=\"%s\">",
                          name);
  e |= ld_escs(p, label);
  return e | sila_buf_printf(p, "</label><select class=\"form-select\" id=\"%s\" name=\"%s\" "
                                "required>",
                             name, name);
}

int pub_select_close(SilaBuf *p) { return sila_buf_puts(p, "</select></div>\n"); }

int pub_form_close(SilaBuf *p, const char *button, bool danger, const char *back,
                   const char *back_text) {
  int e = sila_buf_printf(p, "<button class=\"btn %s\" type=\"submit\">",
                          danger ? "btn-outline-danger" : "btn-primary");
  e |= ld_escs(p, button);
  e |= sila_buf_puts(p, "</button></form>\n");
  if (back)
    e |= sila_buf_printf(p, "<p><a href=\"%s\">", back) | ld_escs(p, back_text) |
         sila_buf_puts(p, "</a></p>\n");
  return e;
}

int pub_alert(SilaBuf *p, const char *message, bool error) {
  if (!message)
    return 0;
  int e = sila_buf_printf(p, "<div class=\"alert alert-%s\" role=\"%s\" id=\"esito\">",
                          error ? "danger" : "success", error ? "alert" : "status");
  e |= ld_escs(p, message);
  return e | sila_buf_puts(p, "</div>\n");
}

/* ---- the offices and datasets offered by the forms ---- */

typedef struct {
  SilaBuf *p;
  const char *selected;
  int e;
} OfficeOpts;

static void office_option(void *ctx, const SilaOffice *o) {
  OfficeOpts *c = ctx;
  bool sel = c->selected && (!strcmp(c->selected, o->id) || !strcmp(c->selected, o->name));
  c->e |= sila_buf_puts(c->p, "<option value=\"");
  c->e |= ld_escs(c->p, o->id);
  c->e |= sila_buf_puts(c->p, sel ? "\" selected>" : "\">");
  c->e |= ld_escs(c->p, o->name);
  c->e |= sila_buf_puts(c->p, "</option>");
}

/* The office field: a choice of every office for the administrator, the
 * steward's own office (fixed) otherwise. */
static int office_field(SilaBuf *p, WebReq *r, const PubSession *s, const char *current) {
  if (!s->user.admin) {
    SilaOffice o;
    int e = sila_buf_puts(p, "<p>Ufficio: <strong>");
    e |= ld_escs(p, sila_office_get(r->web->store, s->user.office, &o) == SILA_OK
                        ? o.name
                        : s->user.office);
    return e | sila_buf_puts(p, "</strong></p>\n");
  }
  OfficeOpts c = {p, current, 0};
  c.e = pub_select_open(p, "ufficio", "Ufficio");
  sila_office_list(r->web->store, office_option, &c);
  return c.e | pub_select_close(p);
}

static int priority_field(SilaBuf *p, int current) {
  static const char *const names[] = {"alta", "media", "bassa"};
  int e = pub_select_open(p, "priorita", "Priorità");
  for (int i = 1; i <= 3; i++)
    e |= sila_buf_printf(p, "<option value=\"%d\"%s>%s</option>", i,
                         i == (current ? current : 2) ? " selected" : "", names[i - 1]);
  return e | pub_select_close(p);
}

/* The published datasets the user may link: every dataset graph of the
 * catalogue for the administrator, the office's own for a steward. */
static int dataset_options(SilaBuf *p, WebReq *r, const PubSession *s, const char *current,
                           unsigned *count) {
  SilaTxn *txn;
  *count = 0;
  if (sila_txn_begin_read(r->web->store, &txn))
    return 0;
  char prefix[600];
  snprintf(prefix, sizeof prefix, "%s/set/", pub_base(r->web));
  size_t pl = strlen(prefix);
  int e = 0;
  SilaGraphIter *it;
  if (sila_graphs_open(txn, &it) == SILA_OK) {
    SilaId g;
    while (sila_graphs_next(it, &g) == 1) {
      SilaTerm t;
      char tb[SILA_TERM_BUF], slug[128], owner[SILA_NAME_MAX + 1];
      if (g == SILA_ID_DEFAULT_GRAPH || sila_txn_term(txn, g, &t, tb) || t.value_len <= pl ||
          t.value_len - pl >= sizeof slug || memcmp(t.value, prefix, pl) ||
          memchr(t.value + pl, '/', t.value_len - pl))
        continue;
      snprintf(slug, sizeof slug, "%.*s", (int)(t.value_len - pl), t.value + pl);
      if (!s->user.admin && (sila_dataset_owner(r->web->store, slug, owner) != SILA_OK ||
                             strcmp(owner, s->user.office)))
        continue;
      (*count)++;
      e |= sila_buf_puts(p, "<option value=\"");
      e |= ld_escs(p, slug);
      e |= sila_buf_puts(p, current && strstr(current, prefix) == current &&
                                    !strcmp(current + pl, slug)
                                ? "\" selected>"
                                : "\">");
      e |= ld_escs(p, slug);
      e |= sila_buf_puts(p, "</option>");
    }
    sila_graphs_free(it);
  }
  sila_txn_abort(txn);
  return e;
}

/* ---- the list and the new item's form ---- */

static SilaStatus plan_list_page(WebReq *r, const PubSession *s, unsigned status,
                                 const char *message, bool error) {
  SilaPlanItem *items = NULL;
  size_t n = 0;
  SilaStatus st = pub_plan_read(r->web, &items, &n);
  if (st)
    return st;
  char today[11];
  sila_prog_today(today);
  SilaBuf p = SILA_BUF_INIT;
  int e = pub_page_open(&p, "Piano di rilascio", s);
  e |= sila_buf_puts(&p, "<p>I dataset che il tuo ufficio prevede di pubblicare: il piano è "
                         "pubblico (<a href=\"/piano\">/piano</a>). Aggiungi un dataset, "
                         "aggiornane la data o lo stato, collegalo al dataset pubblicato o "
                         "abbandonalo indicando il motivo.</p>\n");
  e |= pub_alert(&p, message, error);
  e |= sila_buf_printf(&p, "<div class=\"table-responsive\"><table class=\"table table-sm\" "
                           "id=\"piano-gestione\"><caption>%s</caption><thead><tr>"
                           "<th scope=\"col\">Dataset</th><th scope=\"col\">Ufficio</th>"
                           "<th scope=\"col\">Priorità</th><th scope=\"col\">Data prevista</th>"
                           "<th scope=\"col\">Stato</th></tr></thead><tbody>\n",
                       s->user.admin ? "Dataset pianificati di tutti gli uffici"
                                     : "Dataset pianificati del tuo ufficio");
  unsigned shown = 0;
  for (size_t i = 0; i < n; i++) {
    SilaPlanItem *it = &items[i];
    if (!pub_may_plan(r, s, it->office))
      continue;
    shown++;
    e |= sila_buf_printf(&p, "<tr id=\"piano-%s\"><td><a href=\"/pubblica/piano/%s\">", it->id,
                         it->id);
    e |= ld_escs(&p, it->title);
    e |= sila_buf_puts(&p, "</a></td><td>");
    e |= ld_escs(&p, it->office ? it->office : "");
    e |= sila_buf_printf(&p, "</td><td>%s</td><td>%s</td><td>",
                         it->priority == 1 ? "alta" : it->priority == 3 ? "bassa" : "media",
                         it->planned);
    e |= ld_escs(&p, sila_plan_status_it(it->status));
    if (sila_plan_is_late(it, today))
      e |= sila_buf_puts(&p, " <strong>(in ritardo)</strong>");
    e |= sila_buf_puts(&p, "</td></tr>\n");
  }
  if (!shown)
    e |= sila_buf_puts(&p, "<tr><td colspan=\"5\">Nessun dataset nel piano.</td></tr>\n");
  e |= sila_buf_puts(&p, "</tbody></table></div>\n<h2>Aggiungi un dataset al piano</h2>\n"
                         "<form method=\"post\" action=\"/pubblica/piano\" id=\"piano-nuovo\" "
                         "class=\"col-md-8 mb-5\">");
  e |= pub_csrf_field(&p, s);
  const char *v_id = error ? web_param(r, "id") : NULL;
  e |= pub_field(&p, "id", "Identificativo (lettere minuscole, cifre e trattini)", "text", v_id,
                 "required maxlength=\"64\" pattern=\"[a-z0-9][a-z0-9\\-]*\"");
  e |= pub_field(&p, "titolo", "Titolo", "text", error ? web_param(r, "titolo") : NULL,
                 "required maxlength=\"300\"");
  e |= pub_field(&p, "descrizione", "Descrizione", "textarea",
                 error ? web_param(r, "descrizione") : NULL, "maxlength=\"2000\"");
  e |= office_field(&p, r, s, error ? web_param(r, "ufficio") : NULL);
  e |= priority_field(&p, error && web_param(r, "priorita") ? atoi(web_param(r, "priorita")) : 2);
  e |= pub_field(&p, "data", "Data prevista di pubblicazione", "date",
                 error ? web_param(r, "data") : NULL, "required");
  e |= pub_form_close(&p, "Aggiungi al piano", false, "/pubblica", "Torna all'area di pubblicazione");
  sila_plan_items_free(items, n);
  if (e) {
    sila_buf_free(&p);
    return SILA_ERR_NOMEM;
  }
  return pub_send(r, status, &p);
}

/* The office text to store for an item: the administrator's choice (an
 * office id) or the steward's office, as the office's name. */
static bool office_text(WebReq *r, const PubSession *s, char out[256]) {
  const char *id = s->user.admin ? web_param(r, "ufficio") : s->user.office;
  SilaOffice o;
  if (!id || !*id || sila_office_get(r->web->store, id, &o) != SILA_OK)
    return false;
  snprintf(out, 256, "%s", o.name);
  return true;
}

static bool read_fields(WebReq *r, SilaPlanItem *it, const char **problem) {
  const char *title = web_param(r, "titolo"), *desc = web_param(r, "descrizione"),
             *prio = web_param(r, "priorita"), *date = web_param(r, "data");
  *problem = NULL;
  if (title && sila_request_field_problem(title, 300, true))
    *problem = "Il titolo è obbligatorio (al massimo 300 caratteri, senza caratteri di controllo).";
  else if (desc && sila_request_field_problem(desc, 2000, false))
    *problem = "La descrizione non è valida (al massimo 2000 caratteri).";
  else if (prio && (strlen(prio) != 1 || prio[0] < '1' || prio[0] > '3'))
    *problem = "La priorità è alta, media o bassa.";
  else if (date && !sila_plan_date_ok(date))
    *problem = "La data prevista va indicata come AAAA-MM-GG.";
  if (*problem)
    return false;
  it->title = (char *)title;
  it->description = (char *)(desc && *desc ? desc : NULL);
  it->priority = prio ? prio[0] - '0' : 0;
  if (date)
    snprintf(it->planned, sizeof it->planned, "%s", date);
  return true;
}

static SilaStatus plan_add(WebReq *r, const PubSession *s) {
  SilaPlanItem it;
  memset(&it, 0, sizeof it);
  const char *id = web_param(r, "id"), *problem;
  char office[256];
  if (!id || !sila_plan_id_ok(id))
    return plan_list_page(r, s, 400,
                          "L'identificativo va scritto con lettere minuscole, cifre e trattini "
                          "(al massimo 64).",
                          true);
  if (!office_text(r, s, office))
    return plan_list_page(r, s, 400, "Scegli un ufficio esistente.", true);
  if (!read_fields(r, &it, &problem) || !it.title || !it.planned[0])
    return plan_list_page(r, s, 400, problem ? problem : "Indica titolo e data prevista.", true);
  snprintf(it.id, sizeof it.id, "%s", id);
  it.office = office;
  if (!it.priority)
    it.priority = 2;
  char today[11];
  sila_prog_today(today);
  SilaError err = {0};
  SilaStatus st = sila_plan_add(r->web->store, pub_base(r->web), &it, today, &err);
  if (st == SILA_ERR_EXISTS)
    return plan_list_page(r, s, 409, "Il piano ha già un dataset con questo identificativo.",
                          true);
  if (st == SILA_ERR_INVALID)
    return plan_list_page(r, s, 400, "I dati del modulo non sono validi.", true);
  if (st)
    return st;
  sila_audit(r->web->store, "plan-add", s->user.name, NULL, id);
  char loc[128];
  snprintf(loc, sizeof loc, "/pubblica/piano/%s?esito=aggiunto", id);
  return pub_redirect(r, loc);
}

/* ---- one item: its edit page and its actions ---- */

static const char *outcome_text(const char *code) {
  static const struct {
    const char *code, *text;
  } t[] = {{"aggiunto", "Il dataset è stato aggiunto al piano."},
           {"modificato", "Le modifiche sono state salvate."},
           {"stato", "Lo stato è stato aggiornato."},
           {"pubblicato", "Il dataset risulta pubblicato e collegato al catalogo."},
           {"abbandonato", "Il dataset è stato abbandonato con il motivo indicato."}};
  for (size_t i = 0; code && i < sizeof t / sizeof *t; i++)
    if (!strcmp(code, t[i].code))
      return t[i].text;
  return NULL;
}

static SilaStatus item_page(WebReq *r, const PubSession *s, const SilaPlanItem *it,
                            unsigned status, const char *message, bool error) {
  if (!message)
    message = outcome_text(web_param(r, "esito"));
  SilaBuf p = SILA_BUF_INIT;
  char title[400];
  snprintf(title, sizeof title, "Piano: %s", it->title);
  int e = pub_page_open(&p, title, s);
  e |= pub_alert(&p, message, error);
  e |= sila_buf_printf(&p, "<dl class=\"row\" id=\"piano-voce\"><dt class=\"col-sm-3\">"
                           "Identificativo</dt><dd class=\"col-sm-9\">%s</dd>"
                           "<dt class=\"col-sm-3\">Ufficio</dt><dd class=\"col-sm-9\">",
                       it->id);
  e |= ld_escs(&p, it->office ? it->office : "");
  e |= sila_buf_puts(&p, "</dd><dt class=\"col-sm-3\">Stato</dt><dd class=\"col-sm-9\" "
                         "id=\"stato-attuale\">");
  e |= ld_escs(&p, sila_plan_status_it(it->status));
  if (it->dataset) {
    const char *slash = strrchr(it->dataset, '/');
    e |= sila_buf_puts(&p, ": <a href=\"/set/");
    e |= ld_escs(&p, slash ? slash + 1 : it->dataset);
    e |= sila_buf_puts(&p, "\">");
    e |= ld_escs(&p, slash ? slash + 1 : it->dataset);
    e |= sila_buf_printf(&p, "</a> (%s)", it->published);
  }
  if (it->reason)
    e |= sila_buf_puts(&p, ": ") | ld_escs(&p, it->reason);
  e |= sila_buf_printf(&p, "</dd><dt class=\"col-sm-3\">Nel piano dal</dt><dd class=\"col-sm-9\">"
                           "%s</dd></dl>\n",
                       it->created);
  /* the item's fields */
  char action[96];
  snprintf(action, sizeof action, "/pubblica/piano/%s", it->id);
  e |= pub_form_open(&p, s, action, "piano-modifica", "modifica",
                     "Dati del dataset pianificato");
  e |= pub_field(&p, "titolo", "Titolo", "text", it->title, "required maxlength=\"300\"");
  e |= pub_field(&p, "descrizione", "Descrizione", "textarea", it->description,
                 "maxlength=\"2000\"");
  if (s->user.admin)
    e |= office_field(&p, r, s, it->office);
  e |= priority_field(&p, it->priority);
  e |= pub_field(&p, "data", "Data prevista di pubblicazione", "date", it->planned, "required");
  e |= pub_form_close(&p, "Salva le modifiche", false, NULL, NULL);
  /* planned / in progress */
  e |= pub_form_open(&p, s, action, "piano-stato", "stato", "Stato");
  e |= pub_select_open(&p, "stato", "Stato di lavorazione");
  e |= sila_buf_printf(&p, "<option value=\"planned\"%s>previsto</option><option "
                           "value=\"in-progress\"%s>in lavorazione</option>",
                       it->status == SILA_PLAN_PLANNED ? " selected" : "",
                       it->status == SILA_PLAN_IN_PROGRESS ? " selected" : "");
  e |= pub_select_close(&p) | pub_form_close(&p, "Aggiorna lo stato", false, NULL, NULL);
  /* published: linked to a dataset of the office */
  SilaBuf opts = SILA_BUF_INIT;
  unsigned nds = 0;
  e |= dataset_options(&opts, r, s, it->dataset, &nds);
  if (nds) {
    e |= pub_form_open(&p, s, action, "piano-pubblica", "pubblica", "Pubblicato");
    e |= pub_select_open(&p, "dataset", "Il dataset pubblicato");
    e |= sila_buf_append(&p, opts.data, opts.len);
    e |= pub_select_close(&p) | pub_form_close(&p, "Segna come pubblicato", false, NULL, NULL);
  } else {
    e |= sila_buf_puts(&p, "<h2>Pubblicato</h2>\n<p id=\"nessun-dataset\">Il tuo ufficio non "
                           "ha ancora dataset pubblicati da collegare: pubblicalo prima "
                           "dall'area.</p>\n");
  }
  sila_buf_free(&opts);
  /* dropped, with a reason */
  e |= pub_form_open(&p, s, action, "piano-abbandona", "abbandona", "Abbandona");
  e |= pub_field(&p, "motivo", "Motivo (pubblico)", "textarea", NULL,
                 "required maxlength=\"2000\"");
  e |= pub_form_close(&p, "Abbandona", true, "/pubblica/piano", "Torna al piano");
  if (e) {
    sila_buf_free(&p);
    return SILA_ERR_NOMEM;
  }
  return pub_send(r, status, &p);
}

static SilaStatus item_action(WebReq *r, const PubSession *s, const SilaPlanItem *it) {
  const char *action = web_param(r, "azione");
  const char *base = pub_base(r->web), *outcome, *event, *slug = NULL;
  char today[11], office[256];
  sila_prog_today(today);
  SilaError err = {0};
  SilaStatus st;
  if (action && !strcmp(action, "modifica")) {
    SilaPlanItem ch;
    memset(&ch, 0, sizeof ch);
    const char *problem;
    if (!read_fields(r, &ch, &problem))
      return item_page(r, s, it, 400, problem, true);
    if (s->user.admin && web_param(r, "ufficio")) {
      if (!office_text(r, s, office))
        return item_page(r, s, it, 400, "Scegli un ufficio esistente.", true);
      ch.office = office;
    }
    st = sila_plan_update(r->web->store, base, it->id, &ch, false, &err);
    outcome = "modificato", event = "plan-edit";
  } else if (action && !strcmp(action, "stato")) {
    SilaPlanItem ch;
    memset(&ch, 0, sizeof ch);
    if (!sila_plan_status_parse(web_param(r, "stato"), &ch.status) ||
        ch.status > SILA_PLAN_IN_PROGRESS)
      return item_page(r, s, it, 400, "Lo stato è «previsto» o «in lavorazione».", true);
    st = sila_plan_update(r->web->store, base, it->id, &ch, true, &err);
    outcome = "stato", event = "plan-status";
  } else if (action && !strcmp(action, "pubblica")) {
    slug = web_param(r, "dataset");
    char owner[SILA_NAME_MAX + 1];
    if (!slug || !*slug || strchr(slug, '/') || strlen(slug) > 120)
      return item_page(r, s, it, 400, "Scegli il dataset pubblicato.", true);
    if (!s->user.admin && (sila_dataset_owner(r->web->store, slug, owner) != SILA_OK ||
                           strcmp(owner, s->user.office)))
      return pub_error_page(r, s, 403, "Accesso negato",
                            "Si può collegare solo un dataset pubblicato dal proprio ufficio.");
    st = sila_plan_publish(r->web->store, base, it->id, slug, today, &err);
    if (st == SILA_ERR_NOT_FOUND)
      return item_page(r, s, it, 400, "Il dataset indicato non è nel catalogo.", true);
    outcome = "pubblicato", event = "plan-publish";
  } else if (action && !strcmp(action, "abbandona")) {
    const char *reason = web_param(r, "motivo");
    if (sila_request_field_problem(reason, 2000, true))
      return item_page(r, s, it, 400, "Indica il motivo (al massimo 2000 caratteri).", true);
    st = sila_plan_drop(r->web->store, base, it->id, reason, &err);
    outcome = "abbandonato", event = "plan-drop";
  } else {
    return item_page(r, s, it, 400, "Azione sconosciuta.", true);
  }
  if (st == SILA_ERR_INVALID)
    return item_page(r, s, it, 400, "I dati del modulo non sono validi.", true);
  if (st)
    return st;
  sila_audit(r->web->store, event, s->user.name, slug, it->id);
  char loc[160];
  snprintf(loc, sizeof loc, "/pubblica/piano/%s?esito=%s", it->id, outcome);
  return pub_redirect(r, loc);
}

SilaStatus pub_plan(WebReq *r, const PubSession *s, const char *id, bool post) {
  if (!s->user.admin && !s->user.office[0])
    return pub_error_page(r, s, 403, "Accesso negato", "Il tuo account non ha un ufficio.");
  if (!id)
    return post ? plan_add(r, s) : plan_list_page(r, s, 200, NULL, false);
  SilaPlanItem *items = NULL;
  size_t n = 0;
  SilaStatus st = pub_plan_read(r->web, &items, &n);
  if (st)
    return st;
  SilaPlanItem *it = NULL;
  for (size_t i = 0; i < n && !it; i++)
    if (!strcmp(items[i].id, id))
      it = &items[i];
  if (!it)
    st = pub_error_page(r, s, 404, "Pagina non trovata", "Il piano non ha questo dataset.");
  else if (!pub_may_plan(r, s, it->office))
    st = pub_error_page(r, s, 403, "Accesso negato",
                        "Questo dataset pianificato è di un altro ufficio: può modificarlo "
                        "solo quell'ufficio o l'amministratore.");
  else
    st = post ? item_action(r, s, it) : item_page(r, s, it, 200, NULL, false);
  sila_plan_items_free(items, n);
  return st;
}
