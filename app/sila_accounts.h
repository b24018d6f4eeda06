/* sila_accounts.h — the publishing area's people and records, kept in the
 * store's operational databases (sila_ops.h), never in a graph:
 *   offices    ("office/ID" → {"id","name"})
 *   stewards and administrators ("user/NAME" → {"name","office","role",
 *              "hash"}: the password as an Argon2id encoded hash)
 *   which office owns a dataset ("owner/SLUG" → office id: the office of
 *              the steward who first published it from the portal, or the
 *              one the administrator gave it with `sila dataset owner`)
 *   the history of every published version of a dataset (its CSV, CSVW
 *              metadata, dataset.json and quality report, who and when)
 *   the audit log (publish, restore, login, failed login; no addresses).
 * Functions return SilaStatus; err (may be NULL) gets the reason. */
#ifndef SILA_ACCOUNTS_H
#define SILA_ACCOUNTS_H

#include <stdbool.h>
#include <stdint.h>

#include "sila_ops.h"

#ifdef __cplusplus
extern "C" {
#endif

#define SILA_NAME_MAX 64
#define SILA_PASSWORD_MIN 10
#define SILA_PASSWORD_MAX 256

typedef struct {
  char name[SILA_NAME_MAX + 1];
  char office[SILA_NAME_MAX + 1]; /* "" for an administrator of no office */
  bool admin;
} SilaUser;

typedef struct {
  char id[SILA_NAME_MAX + 1];
  char name[256];
} SilaOffice;

/* A user or office name: 1..64 of [a-z0-9._-], starting with a letter or digit. */
bool sila_account_name_ok(const char *s);

SilaStatus sila_office_add(SilaStore *store, const char *id, const char *name, SilaError *err);
SilaStatus sila_office_get(SilaStore *store, const char *id, SilaOffice *out);
/* Calls fn for each office in id order. */
SilaStatus sila_office_list(SilaStore *store, void (*fn)(void *ctx, const SilaOffice *o),
                            void *ctx);

/* Adds a user: SILA_ERR_EXISTS, SILA_ERR_INVALID (name, a password shorter
 * than SILA_PASSWORD_MIN, an office that does not exist; a steward needs
 * one). */
SilaStatus sila_user_add(SilaStore *store, const char *name, const char *office, bool admin,
                         const char *password, SilaError *err);
/* Changing the password or removing the user ends their sessions
 * (sila_sessions.h). */
SilaStatus sila_user_passwd(SilaStore *store, const char *name, const char *password,
                            SilaError *err);
SilaStatus sila_user_del(SilaStore *store, const char *name, SilaError *err);
SilaStatus sila_user_get(SilaStore *store, const char *name, SilaUser *out);
/* A user from its stored record (the value at "user/NAME"): SILA_ERR_CORRUPT
 * when it is not one. */
SilaStatus sila_user_from_record(const void *val, size_t len, SilaUser *out);
SilaStatus sila_user_list(SilaStore *store, void (*fn)(void *ctx, const SilaUser *u), void *ctx);
/* SILA_OK and *out when the password is the user's; SILA_ERR_DENIED
 * otherwise (an unknown user costs the same time as a wrong password). */
SilaStatus sila_user_verify(SilaStore *store, const char *name, const char *password,
                            SilaUser *out);

/* The office owning a dataset (SILA_ERR_NOT_FOUND: none yet); setting it. */
SilaStatus sila_dataset_owner(SilaStore *store, const char *slug, char office[SILA_NAME_MAX + 1]);
SilaStatus sila_dataset_set_owner(SilaStore *store, const char *slug, const char *office);
/* Gives the published dataset `slug` to `office` (the administrator's
 * `sila dataset owner`), whoever owned it; one audit line ("owner").
 * SILA_ERR_NOT_FOUND when the office does not exist or no graph
 * {base}/set/{slug} is in the store (base NULL: https://dati.calabria.it);
 * err says which. */
SilaStatus sila_dataset_assign(SilaStore *store, const char *base, const char *slug,
                               const char *office, SilaError *err);
/* The office owning `slug`, read in the caller's transaction (id, and its
 * name when the office exists): SILA_ERR_NOT_FOUND when none. */
SilaStatus sila_dataset_owner_txn(SilaTxn *txn, const char *slug, SilaOffice *out);
/* Claims `slug` for `office` when no office owns it yet (atomically: of two
 * offices publishing a new slug at once, one gets it).  SILA_OK when it is
 * the office's (*claimed: by this call), SILA_ERR_DENIED when another's. */
SilaStatus sila_dataset_claim(SilaStore *store, const char *slug, const char *office,
                              bool *claimed);
/* Gives up an ownership claimed for a publish that then failed. */
SilaStatus sila_dataset_unclaim(SilaStore *store, const char *slug);
/* May `u` publish or restore `slug`?  The administrator always; a steward
 * when the dataset is their office's, or new (in no office and not in the
 * catalogue: `exists` false). */
bool sila_user_may_publish(SilaStore *store, const SilaUser *u, const char *slug, bool exists);

/* ---- history ---- */
/* The parts of a version: the CSV (its file name in info), the CSVW
 * metadata, dataset.json, the report (text). */
#define SILA_HIST_CSV "csv"
#define SILA_HIST_META "metadata"
#define SILA_HIST_DATASET "dataset.json"
#define SILA_HIST_REPORT "report"
typedef struct {
  unsigned version;
  char user[SILA_NAME_MAX + 1];
  char office[SILA_NAME_MAX + 1];
  char when[32];       /* UTC, ISO 8601 */
  char action[16];     /* "publish" or "restore" */
  unsigned from;       /* restore: the version restored */
  char csv_name[256];  /* the CSV's file name */
  char meta_name[256]; /* the metadata's file name */
  uint64_t rows, triples;
} SilaVersion;

/* Keeps the files of a published version; *version gets its number (1, 2, ...). */
SilaStatus sila_history_add(SilaStore *store, const char *slug, const SilaVersion *info,
                            const void *csv, size_t csv_len, const void *meta, size_t meta_len,
                            const void *dataset, size_t dataset_len, const char *report,
                            unsigned *version);
/* Keeps the version just published from folder `dir`: its CSV (the
 * metadata's "url"), the metadata at `metadata` (the report's path),
 * dataset.json and `report`.  info gives who, office, action, from, rows,
 * triples; the file names are filled in here.  *version may be NULL. */
SilaStatus sila_history_add_dir(SilaStore *store, const char *slug, const char *dir,
                                const char *metadata, SilaVersion *info, const char *report,
                                unsigned *version);
/* Versions of a dataset, oldest first. */
SilaStatus sila_history_list(SilaStore *store, const char *slug,
                             void (*fn)(void *ctx, const SilaVersion *v), void *ctx);
SilaStatus sila_history_get(SilaStore *store, const char *slug, unsigned version,
                            SilaVersion *info);
/* One part of a version (SILA_HIST_*) into out. */
SilaStatus sila_history_part(SilaStore *store, const char *slug, unsigned version,
                             const char *part, SilaBuf *out);

/* ---- audit ---- */
/* Appends an event ("publish", "restore", "login", "login-failed",
 * "logout"); user, slug, detail may be NULL. */
SilaStatus sila_audit(SilaStore *store, const char *event, const char *user, const char *slug,
                      const char *detail);
/* The audit lines (JSON objects), oldest first. */
SilaStatus sila_audit_list(SilaStore *store, void (*fn)(void *ctx, const char *json), void *ctx);

#ifdef __cplusplus
}
#endif
#endif
