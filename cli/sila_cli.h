/* sila_cli.h — the subcommands of the `sila` program.
 *
 * Each subcommand is `int sila_cmd_NAME(int argc, char **argv)` where
 * argv[0] is the subcommand name; it returns the process exit status
 * (0 success, 1 failure, 2 usage error, 3 malformed input such as a
 * SPARQL syntax error). */
#ifndef SILA_CLI_H
#define SILA_CLI_H

#include <stdio.h>

#include "sila_store.h"

int sila_cmd_init(int argc, char **argv);
int sila_cmd_load(int argc, char **argv);
int sila_cmd_dump(int argc, char **argv);
int sila_cmd_stats(int argc, char **argv);
int sila_cmd_map(int argc, char **argv);
int sila_cmd_publish(int argc, char **argv);
int sila_cmd_dataset(int argc, char **argv);
/* cmd_dataset_owner.c: `sila dataset owner` (argv[1] is "owner") and its usage */
int sila_cmd_dataset_owner(int argc, char **argv);
void sila_dataset_owner_usage(FILE *out);
int sila_cmd_query(int argc, char **argv);
int sila_cmd_explain(int argc, char **argv);
int sila_cmd_update(int argc, char **argv);
int sila_cmd_serve(int argc, char **argv);
int sila_cmd_search(int argc, char **argv);  /* cmd_text.c */
int sila_cmd_reindex(int argc, char **argv); /* cmd_text.c */
int sila_cmd_user(int argc, char **argv);
int sila_cmd_office(int argc, char **argv);
int sila_cmd_plan(int argc, char **argv);    /* cmd_prog.c */
int sila_cmd_request(int argc, char **argv); /* cmd_prog.c */
int sila_cmd_report(int argc, char **argv);  /* cmd_report.c */
int sila_cmd_backup(int argc, char **argv);  /* cmd_backup.c */

/* Exit statuses shared by the subcommands. */
enum { SILA_EXIT_OK = 0, SILA_EXIT_FAIL = 1, SILA_EXIT_USAGE = 2, SILA_EXIT_MALFORMED = 3 };

/* The store directory: --store DIR, else $SILA_STORE, else ./sila-data. */
const char *sila_cli_store_dir(const char *opt);

/* The options of a subcommand that takes only --store DIR (and --help):
 * sets *dir (NULL when not given) and leaves optind on the first operand.
 * Returns -1 to go on, else the exit status, `usage` printed (on stdout for
 * --help, on stderr for an unknown option). */
int sila_cli_store_option(int argc, char **argv, const char *usage, const char **dir);

/* Opens a store, printing why on failure; returns an exit status. */
int sila_cli_open_store(const char *dir, unsigned flags, SilaStore **out);

/* Reads a whole file ("-" = standard input), NUL-terminated; free() it.
 * NULL when it cannot be read. */
#include <stddef.h>
char *sila_cli_read_all(const char *path, size_t *len);

/* The base IRI of a query, update or data file: "file://" + its absolute
 * path, as `sila load` uses; free() it.  NULL for "-" (standard input),
 * for a file that does not exist, or when memory ran out. */
char *sila_cli_file_base(const char *path);

#endif
