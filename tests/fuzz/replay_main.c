/* replay_main.c — runs a libFuzzer target over its corpus without libFuzzer,
 * so that every build (gcc, the ASan run) replays the corpora in make check.
 *
 * Linked with one tests/fuzz/fuzz_*.c file, which defines
 * LLVMFuzzerTestOneInput; FUZZ_TARGET names it.  Arguments are files or
 * folders of inputs; with none, the corpus kept in the repository,
 * $SILA_SRCDIR/tests/fuzz/corpus/FUZZ_TARGET, is replayed.  A crash, a
 * sanitizer report or a leak fails the test; an empty corpus fails too (a
 * replay that replays nothing proves nothing). */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#ifndef FUZZ_TARGET
#error "FUZZ_TARGET must name the target (-DFUZZ_TARGET='\"fuzz_x\"')"
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Feeds one file to the target; returns 1 when it was read, 0 otherwise. */
static int replay_file(const char *path) {
  FILE *f = fopen(path, "rb");
  if (!f) {
    perror(path);
    return 0;
  }
  size_t cap = 4096, len = 0;
  uint8_t *data = malloc(cap);
  size_t got;
  while (data && (got = fread(data + len, 1, cap - len, f)) > 0) {
    len += got;
    if (len == cap) {
      uint8_t *bigger = realloc(data, cap * 2);
      if (!bigger) {
        free(data);
        data = NULL;
        break;
      }
      data = bigger;
      cap *= 2;
    }
  }
  fclose(f);
  if (!data) {
    fprintf(stderr, "%s: out of memory\n", path);
    return 0;
  }
  /* A copy of exactly len bytes, so that ASan sees a read past the input. */
  uint8_t *exact = malloc(len ? len : 1);
  if (exact) {
    memcpy(exact, data, len);
    LLVMFuzzerTestOneInput(exact, len);
  }
  free(exact);
  free(data);
  return exact != NULL;
}

static int by_name(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Replays a file, or every regular file of a folder in name order; returns
 * the number of inputs replayed, -1 when the path cannot be read. */
static int replay_path(const char *path) {
  struct stat st;
  if (stat(path, &st) != 0) {
    perror(path);
    return -1;
  }
  if (!S_ISDIR(st.st_mode))
    return replay_file(path) ? 1 : -1;
  DIR *d = opendir(path);
  if (!d) {
    perror(path);
    return -1;
  }
  char **names = NULL;
  size_t n = 0, cap = 0;
  struct dirent *e;
  while ((e = readdir(d)) != NULL) {
    if (e->d_name[0] == '.')
      continue;
    if (n == cap) {
      cap = cap ? cap * 2 : 64;
      char **bigger = realloc(names, cap * sizeof *names);
      if (!bigger)
        break;
      names = bigger;
    }
    names[n] = strdup(e->d_name);
    if (names[n])
      n++;
  }
  closedir(d);
  qsort(names, n, sizeof *names, by_name);
  int replayed = 0;
  for (size_t i = 0; i < n; i++) {
    char full[4096];
    snprintf(full, sizeof full, "%s/%s", path, names[i]);
    if (replay_file(full))
      replayed++;
    else
      replayed = -1 - (int)n; /* keeps it negative: a file could not be read */
    free(names[i]);
  }
  free(names);
  return replayed;
}

int main(int argc, char **argv) {
  char corpus[4096];
  const char *paths[1];
  const char *const *list = (const char *const *)argv + 1;
  int count = argc - 1;
  if (count == 0) {
    const char *src = getenv("SILA_SRCDIR");
    snprintf(corpus, sizeof corpus, "%s/tests/fuzz/corpus/%s", src ? src : ".", FUZZ_TARGET);
    paths[0] = corpus;
    list = paths;
    count = 1;
  }
  int total = 0;
  for (int i = 0; i < count; i++) {
    int n = replay_path(list[i]);
    if (n < 0) {
      fprintf(stderr, "%s: cannot replay %s\n", FUZZ_TARGET, list[i]);
      return 1;
    }
    total += n;
  }
  printf("%s: %d inputs replayed\n", FUZZ_TARGET, total);
  return total > 0 ? 0 : 1;
}
