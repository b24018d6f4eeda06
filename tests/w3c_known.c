/* w3c_known.c — the conformance runners' lists of known failures. */
#include "w3c_known.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool known_add(KnownFailures *k, const char *id, size_t len) {
  char **ids = realloc(k->ids, (k->n + 1) * sizeof *ids);
  if (!ids)
    return false;
  k->ids = ids;
  bool *seen = realloc(k->seen, (k->n + 1) * sizeof *seen);
  if (!seen)
    return false;
  k->seen = seen;
  if (!(k->ids[k->n] = strndup(id, len)))
    return false;
  k->seen[k->n++] = false;
  return true;
}

void known_failures_load(KnownFailures *k, const char *path) {
  FILE *f = fopen(path, "r");
  if (!f)
    return;
  char line[2048];
  while (fgets(line, sizeof line, f)) {
    const char *id = line + strspn(line, " \t");
    if (*id == '#' || *id == '\n' || *id == '\r' || !*id)
      continue;
    if (!known_add(k, id, strcspn(id, " \t\r\n")))
      break;
  }
  fclose(f);
}

long known_failures_find(const KnownFailures *k, const char *id) {
  for (size_t i = 0; i < k->n; i++)
    if (!strcmp(k->ids[i], id))
      return (long)i;
  return -1;
}

bool known_failures_has(const KnownFailures *k, const char *id) {
  return known_failures_find(k, id) >= 0;
}

void known_failures_free(KnownFailures *k) {
  for (size_t i = 0; i < k->n; i++)
    free(k->ids[i]);
  free(k->ids);
  free(k->seen);
  memset(k, 0, sizeof *k);
}

void known_tally_report(KnownTally *t, const char *id, bool ok, const char *why) {
  long k = known_failures_find(&t->known, id);
  if (k >= 0)
    t->known.seen[k] = true;
  if (ok) {
    t->passed++;
    if (k >= 0) {
      t->fixed++;
      printf("FIXED %s (remove it from the known failures)\n", id);
    } else if (t->verbose)
      printf("ok %s\n", id);
  } else if (k >= 0) {
    t->known_failed++;
    if (t->verbose)
      printf("known %s: %s\n", id, why);
  } else {
    t->failed++;
    printf("FAIL %s: %s\n", id, why);
  }
}

void known_tally_summary(const KnownTally *t) {
  printf("known failures: %d (listed %zu)\n", t->known_failed, t->known.n);
  printf("%d passed, %d failed\n", t->passed, t->failed + t->known_failed);
}
