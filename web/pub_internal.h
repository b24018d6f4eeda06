/* pub_internal.h — the publishing area /pubblica (issue 16), shared by
 * pub_session.c (sessions, CSRF, login rate limits, page frame, the
 * router), pub_flow.c (upload → inspection → template and mapping →
 * description), pub_preview.c (preview, publish), pub_history.c
 * (history, restore), and for the programme (issue 17) pub_plan.c (the
 * release plan), pub_requests.c (request moderation), pub_report.c (the
 * semiannual report).  Not installed.
 *
 * Everything runs on a worker thread (the handlers write to the store).
 * Login counters are in memory; sessions (sila_sessions.h), accounts,
 * history and audit are in the store (sila_accounts.h);
 * an upload's work files are under {store}/pubblica-lavoro/{id}/. */
#ifndef SILA_PUB_INTERNAL_H
#define SILA_PUB_INTERNAL_H

#include <limits.h>

#include "ld_html.h"
#include "sila_accounts.h"
#include "sila_csvw.h"
#include "web_internal.h"

/* Largest CSV upload (the whole multipart body). */
#define PUB_MAX_UPLOAD ((size_t)16 << 20)

typedef struct {
  char token[65]; /* the session cookie's value */
  char csrf[65];  /* the token every form of the session carries */
  SilaUser user;  /* as read from the store at this request */
  char work[33];  /* the upload in progress ("" none) */
} PubSession;

/* ---- pub_session.c ---- */
/* The session of the request (its user re-read from the store, so a removed
 * user is logged out); false when none. */
bool pub_session(WebReq *r, PubSession *s);
/* Sets the session's upload in progress. */
void pub_session_set_work(SilaWeb *web, const char *token, const char *work);
/* True when the POSTed "csrf" field is the session's token. */
bool pub_csrf_ok(WebReq *r, const PubSession *s);
/* Starts an HTML page of the area: the portal's shell, breadcrumbs Home >
 * Pubblica > title (when not the area's home), and who is logged in. */
int pub_page_open(SilaBuf *out, const char *title, const PubSession *s);
/* Ends the page and sends it with `status` (no-store, no framing). */
SilaStatus pub_send(WebReq *r, unsigned status, SilaBuf *page);
/* A complete error page ("Accesso negato", ...) with a message. */
SilaStatus pub_error_page(WebReq *r, const PubSession *s, unsigned status, const char *title,
                          const char *message);
/* 303 See Other to `path`. */
SilaStatus pub_redirect(WebReq *r, const char *path);
/* <input type="hidden" name="csrf" …> */
int pub_csrf_field(SilaBuf *out, const PubSession *s);
/* The vocabularies folder (templates, lookups): $SILA_VOCABULARIES, else
 * the nearest "vocabularies" at or above the working directory or the
 * store's folder; NULL when none.  Process-wide, found once. */
const char *pub_vocabularies(SilaWeb *web);
/* Is there a published dataset `slug` (its graph {base}/set/{slug})? */
bool pub_dataset_exists(SilaWeb *web, const char *slug);
/* May the session's user publish or restore `slug`? */
bool pub_may_publish(WebReq *r, const PubSession *s, const char *slug);
/* Why a steward may not publish or restore `slug`, in Italian, for the 403
 * page: the office that owns it, or that no office does (published with
 * `sila publish`: only the administrator), and what to do instead. */
const char *pub_denied_reason(WebReq *r, const char *slug, char *buf, size_t size);
/* Removes a folder and what it holds (two levels deep: a work folder). */
void pub_rm_tree(const char *dir);
/* Removes work folders untouched for a day (uploads left unfinished);
 * returns how many are left. */
unsigned pub_work_sweep(SilaWeb *web);
/* Uploads in progress at once, all sessions together (disk use is bounded
 * by this times twice PUB_MAX_UPLOAD). */
#define PUB_MAX_WORK 64
/* The folder of an upload: {store}/pubblica-lavoro/{work} into buf. */
void pub_work_dir(SilaWeb *web, const char *work, char *buf, size_t size);

/* ---- pub_flow.c ---- */
SilaStatus pub_home(WebReq *r, const PubSession *s);
SilaStatus pub_upload(WebReq *r, PubSession *s);
SilaStatus pub_mapping(WebReq *r, const PubSession *s, bool post);
SilaStatus pub_describe(WebReq *r, const PubSession *s, bool post);
/* The uploaded dataset's folder and state of the session's work. */
typedef struct {
  char dir[PATH_MAX + 16];  /* {work}/dataset */
  char csv[PATH_MAX + 300]; /* the upload as sent */
  char csv_name[256];
  char slug[128];
  char template_name[64]; /* "" = a mapping of its own */
} PubWork;
bool pub_work_load(WebReq *r, const PubSession *s, PubWork *w);

/* ---- pub_preview.c ---- */
SilaStatus pub_preview(WebReq *r, const PubSession *s);
SilaStatus pub_publish(WebReq *r, const PubSession *s);
/* Publishes the dataset folder `dir` as `s`'s user (action "publish" or
 * "restore" of version `from`): the report in `report_html` (a <section>),
 * history, owner and audit on success.  Returns the publish status. */
SilaStatus pub_publish_dir(WebReq *r, const PubSession *s, const char *dir, const char *action,
                           unsigned from, SilaBuf *report_html, char slug_out[128]);

/* ---- pub_history.c ---- */
SilaStatus pub_history(WebReq *r, const PubSession *s, const char *slug);
SilaStatus pub_restore(WebReq *r, const PubSession *s, const char *slug, unsigned version);
/* One kept file of a version: part "csv", "metadati", "dataset.json", "rapporto". */
SilaStatus pub_history_file(WebReq *r, const PubSession *s, const char *slug, unsigned version,
                            const char *part);
/* The audit log, newest first (administrators only). */
SilaStatus pub_audit_page(WebReq *r, const PubSession *s);
/* pub_preview.c: the whole report of the upload in progress, as text. */
SilaStatus pub_report_text(WebReq *r, const PubSession *s);

/* ---- pub_messages.c: the one table of the area's messages about a file ---- */
/* A mapper's or publication's message (SilaCsvwMessage: code and
 * parameters) said in Italian, its position first ("riga 12, colonna
 * "comune": …"), appended to out (not escaped).  Nonzero on OOM. */
int pub_message_it(SilaBuf *out, const SilaCsvwMessage *m);

/* ---- the programme's work (issue 17) ---- */
/* pub_plan.c: /pubblica/piano (id NULL: the list and the new item's form)
 * and /pubblica/piano/{id} (its page; post: one of its forms). */
SilaStatus pub_plan(WebReq *r, const PubSession *s, const char *id, bool post);
/* The public base IRI the plan and datasets are under. */
const char *pub_base(const SilaWeb *web);
/* Is `text` (a plan item's office) the office `office_id`, by id or name? */
bool pub_office_is(SilaWeb *web, const char *office_id, const char *text);
/* May the session's user manage a plan item of `office`?  The
 * administrator always, a steward for their office's items. */
bool pub_may_plan(WebReq *r, const PubSession *s, const char *office);
/* A labelled form field (type "text", "date", ... or "textarea") with a
 * value to show (may be NULL) and extra attributes; an alert (NULL: none). */
int pub_field(SilaBuf *p, const char *name, const char *label, const char *type,
              const char *value, const char *attrs);
int pub_alert(SilaBuf *p, const char *message, bool error);
/* A labelled, required <select> (its <option>s written between the two). */
int pub_select_open(SilaBuf *p, const char *name, const char *label);
int pub_select_close(SilaBuf *p);
/* A form's submit button (danger: an irreversible step) and its end, then
 * a link back when `back` is not NULL. */
int pub_form_close(SilaBuf *p, const char *button, bool danger, const char *back,
                   const char *back_text);
/* <h2>title</h2> and a POST form to `action` with id `id`, the CSRF token
 * and the hidden field azione=`azione` (all trusted text, not escaped). */
int pub_form_open(SilaBuf *p, const PubSession *s, const char *action, const char *id,
                  const char *azione, const char *title);
/* pub_requests.c: /pubblica/richieste (id NULL) and /pubblica/richieste/{id}. */
SilaStatus pub_requests(WebReq *r, const PubSession *s, const char *id, bool post);
/* pub_report.c: /pubblica/rapporto, the form (GET) and the download (POST). */
SilaStatus pub_report(WebReq *r, const PubSession *s, bool post);
/* The last full half-year before `today`: Jan 1–Jun 30 or Jul 1–Dec 31. */
void pub_last_half_year(const char *today, char from[11], char to[11]);

#endif
