/* test_csvw.c — unit tests of the CSVW mapper. */
#include <stdlib.h>
#include "test_harness.h"
#include "sila_csvw.h"

int main(void) {
  CHECK(1);
  return TEST_REPORT();
}
