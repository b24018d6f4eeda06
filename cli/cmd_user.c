/* cmd_user.c — `sila user` and `sila office`: the publishing area's
 * accounts, created by an administrator on the command line.
 *
 *   sila office add [--store DIR] ID NAME...
 *   sila office list [--store DIR]
 *   sila user add [--store DIR] NAME (--office ID | --admin [--office ID])
 *   sila user passwd [--store DIR] NAME
 *   sila user del [--store DIR] NAME
 *   sila user list [--store DIR]
 *   sila user audit [--store DIR]
 *
 * Passwords are read from the first line of standard input (never from
 * the command line, where other users of the machine would see them) and
 * stored as Argon2id hashes in the store's own account database. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sila_accounts.h"
#include "sila_cli.h"

static void user_usage(FILE *out) {
  fputs("usage: sila user add [--store DIR] NAME (--office ID | --admin [--office ID])\n"
        "       sila user passwd [--store DIR] NAME\n"
        "       sila user del [--store DIR] NAME\n"
        "       sila user list [--store DIR]\n"
        "       sila user audit [--store DIR]   (the audit log: publish, restore, logins)\n"
        "The password is read from the first line of standard input (10 to 256\n"
        "characters) and kept as an Argon2id hash.  A steward publishes the datasets\n"
        "of their office at /pubblica; an administrator (--admin) every dataset.\n",
        out);
}

static void office_usage(FILE *out) {
  fputs("usage: sila office add [--store DIR] ID NAME...\n"
        "       sila office list [--store DIR]\n"
        "ID: 1 to 64 of a-z 0-9 . - _ (e.g. bilancio); NAME: as people read it.\n",
        out);
}

/* Reads one line of stdin into buf (without its newline). */
static bool read_password(char *buf, size_t size) {
  if (!fgets(buf, (int)size, stdin))
    return false;
  size_t n = strcspn(buf, "\r\n");
  buf[n] = 0;
  return true;
}

typedef struct {
  const char *store;
  const char *office;
  bool admin;
  const char *pos[8];
  int npos;
} Args;

static int parse(int argc, char **argv, Args *a, void (*usage)(FILE *)) {
  memset(a, 0, sizeof *a);
  for (int i = 2; i < argc; i++) {
    if (!strcmp(argv[i], "--store") && i + 1 < argc)
      a->store = argv[++i];
    else if (!strcmp(argv[i], "--office") && i + 1 < argc)
      a->office = argv[++i];
    else if (!strcmp(argv[i], "--admin"))
      a->admin = true;
    else if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
      usage(stdout);
      return -1;
    } else if (argv[i][0] == '-' && argv[i][1]) {
      fprintf(stderr, "sila: unknown option '%s'\n", argv[i]);
      usage(stderr);
      return SILA_EXIT_USAGE;
    } else if (a->npos < 8)
      a->pos[a->npos++] = argv[i];
  }
  return 0;
}

static void print_office(void *ctx, const SilaOffice *o) {
  (void)ctx;
  printf("%s\t%s\n", o->id, o->name);
}

static void print_user(void *ctx, const SilaUser *u) {
  (void)ctx;
  printf("%s\t%s\t%s\n", u->name, u->admin ? "admin" : "steward", u->office[0] ? u->office : "-");
}

static void print_line(void *ctx, const char *json) {
  (void)ctx;
  printf("%s\n", json);
}

static int fail(const char *what, SilaError *err) {
  fprintf(stderr, "sila %s: %s\n", what, err->message[0] ? err->message : sila_strerror(err->status));
  return SILA_EXIT_FAIL;
}

int sila_cmd_office(int argc, char **argv) {
  const char *sub = argc > 1 ? argv[1] : "";
  Args a;
  int rc = parse(argc, argv, &a, office_usage);
  if (rc)
    return rc < 0 ? SILA_EXIT_OK : rc;
  bool add = !strcmp(sub, "add"), list = !strcmp(sub, "list");
  if ((!add && !list) || (add && a.npos < 2) || (list && a.npos)) {
    office_usage(stderr);
    return SILA_EXIT_USAGE;
  }
  SilaStore *store;
  rc = sila_cli_open_store(sila_cli_store_dir(a.store), 0, &store);
  if (rc)
    return rc;
  SilaError err = {0};
  if (add) {
    char name[256] = "";
    for (int i = 1; i < a.npos; i++) {
      size_t l = strlen(name);
      snprintf(name + l, sizeof name - l, "%s%s", i > 1 ? " " : "", a.pos[i]);
    }
    if (sila_office_add(store, a.pos[0], name, &err) != SILA_OK)
      rc = fail("office add", &err);
    else
      printf("office %s added: %s\n", a.pos[0], name);
  } else {
    sila_office_list(store, print_office, NULL);
  }
  sila_store_close(store);
  return rc;
}

int sila_cmd_user(int argc, char **argv) {
  const char *sub = argc > 1 ? argv[1] : "";
  Args a;
  int rc = parse(argc, argv, &a, user_usage);
  if (rc)
    return rc < 0 ? SILA_EXIT_OK : rc;
  bool add = !strcmp(sub, "add"), passwd = !strcmp(sub, "passwd"), del = !strcmp(sub, "del"),
       list = !strcmp(sub, "list"), audit = !strcmp(sub, "audit");
  if (!(add || passwd || del || list || audit) || ((add || passwd || del) && a.npos != 1) ||
      ((list || audit) && a.npos)) {
    user_usage(stderr);
    return SILA_EXIT_USAGE;
  }
  SilaStore *store;
  rc = sila_cli_open_store(sila_cli_store_dir(a.store), 0, &store);
  if (rc)
    return rc;
  SilaError err = {0};
  char pw[SILA_PASSWORD_MAX + 2];
  if ((add || passwd) && !read_password(pw, sizeof pw)) {
    fprintf(stderr, "sila user %s: no password on standard input (one line)\n", sub);
    sila_store_close(store);
    return SILA_EXIT_FAIL;
  }
  if (add) {
    if (sila_user_add(store, a.pos[0], a.office, a.admin, pw, &err) != SILA_OK)
      rc = fail("user add", &err);
    else
      printf("user %s added (%s%s%s)\n", a.pos[0], a.admin ? "administrator" : "steward",
             a.office ? " of " : "", a.office ? a.office : "");
  } else if (passwd) {
    if (sila_user_passwd(store, a.pos[0], pw, &err) != SILA_OK)
      rc = fail("user passwd", &err);
    else
      printf("password of %s changed\n", a.pos[0]);
  } else if (del) {
    if (sila_user_del(store, a.pos[0], &err) != SILA_OK)
      rc = fail("user del", &err);
    else
      printf("user %s removed\n", a.pos[0]);
  } else if (list) {
    sila_user_list(store, print_user, NULL);
  } else {
    sila_audit_list(store, print_line, NULL);
  }
  memset(pw, 0, sizeof pw);
  sila_store_close(store);
  return rc;
}
